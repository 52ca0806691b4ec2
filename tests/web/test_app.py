"""The web app through HTTP: login, CSRF, escaping of hostile text, headers, review decisions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from whodid.config import Settings
from whodid.extract import Extractor
from whodid.ingest import ingest_bytes
from whodid.store.repository import Repository
from whodid.web.app import create_app

HOSTILE = (
    "<script>alert('x')</script> On 2 April 2023, police beat the activist "
    'Noor <img src=x onerror=alert(1)> Haddad in Amman, Jordan. <a href="javascript:alert(2)">more</a>\n'
)
PASSWORD = "correct horse battery"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[Repository, str, Path]]:
    settings = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path}/w.db")
    repo = Repository.open(settings)
    repo.add_user("ana", PASSWORD, "reviewer")
    document = ingest_bytes(HOSTILE.encode(), "hostile.txt", media_type="text/plain")
    repo.add(document, Extractor().extract(document))
    yield repo, document.id, tmp_path
    repo.close()


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page has no CSRF field"
    return found.group(1)


@pytest.fixture
def client(store: tuple[Repository, str, Path]) -> Iterator[tuple[TestClient, str, Repository]]:
    repo, doc_id, home = store
    with TestClient(create_app(repo, home=home)) as c:
        login = c.get("/login")
        r = c.post(
            "/login", data={"name": "ana", "password": PASSWORD, "csrf": _csrf(login.text), "next": "/"}
        )
        assert r.status_code == 200, r.text
        yield c, doc_id, repo


def test_pages_need_a_login(store: tuple[Repository, str, Path]) -> None:
    repo, doc_id, home = store
    with TestClient(create_app(repo, home=home)) as c:
        for page in ("/", f"/records/{doc_id}", "/review", f"/review/{doc_id}"):
            r = c.get(page, follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_a_wrong_password_and_a_missing_csrf_token_are_refused(store: tuple[Repository, str, Path]) -> None:
    repo, _, home = store
    with TestClient(create_app(repo, home=home)) as c:
        token = _csrf(c.get("/login").text)
        wrong = c.post("/login", data={"name": "ana", "password": "not it at all", "csrf": token})
        assert wrong.status_code == 401 and "Wrong name or password" in wrong.text
        forged = c.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": "forged"})
        assert forged.status_code == 403


def test_login_never_redirects_off_site(store: tuple[Repository, str, Path]) -> None:
    repo, _, home = store
    with TestClient(create_app(repo, home=home)) as c:
        token = _csrf(c.get("/login").text)
        r = c.post(
            "/login",
            data={"name": "ana", "password": PASSWORD, "csrf": token, "next": "//evil.example/x"},
            follow_redirects=False,
        )
        assert r.headers["location"] == "/"


def test_index_lists_records_with_a_csp(client: tuple[TestClient, str, Repository]) -> None:
    c, doc_id, _ = client
    r = c.get("/")
    assert r.status_code == 200 and doc_id in r.text
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_hostile_text_is_escaped_on_every_page(client: tuple[TestClient, str, Repository]) -> None:
    c, doc_id, _ = client
    for page in ("/", f"/records/{doc_id}", "/?q=Haddad", "/review", f"/review/{doc_id}"):
        body = c.get(page).text
        assert "<script>alert" not in body, page
        assert "<img src=x" not in body, page
        assert 'href="javascript:' not in body, page
        assert "&lt;script&gt;" in body or page in ("/review",), page


def test_review_decisions_are_saved_with_who_and_when(client: tuple[TestClient, str, Repository]) -> None:
    c, doc_id, repo = client
    page = c.get(f"/review/{doc_id}").text
    token = _csrf(page)
    fields = re.findall(r'id="f-([^"]+)"', page)
    assert "date" in fields and any(f.startswith("act:") for f in fields)
    act = next(f for f in fields if f.startswith("act:"))
    assert (
        c.post(f"/review/{doc_id}/decide", data={"field": act, "action": "accept", "csrf": token}).status_code
        == 200
    )
    r = c.post(
        f"/review/{doc_id}/decide",
        data={
            "field": "date",
            "action": "correct",
            "value": "2023-04-03",
            "csrf": token,
            "span_start": "0",
            "span_end": "8",
        },
    )
    assert r.status_code == 200
    r = c.post(f"/review/{doc_id}/victims", data={"name": "Lina Haddad", "kind": "activists", "csrf": token})
    assert r.status_code == 200
    record = repo.get_record(doc_id)
    assert record is not None and record.main_event is not None
    assert record.main_event.start is not None and record.main_event.start.start.isoformat() == "2023-04-03"
    assert record.main_event.start.review == "corrected"
    assert any(a.name == "Lina Haddad" and a.type == "activists" for a in record.actors)
    actions = [(x.action, x.field, x.actor) for x in repo.corrections_for(doc_id)]
    assert (("accept", act, "ana") in actions) and ("correct", "date", "ana") in actions
    assert any(a == "add" for a, _, _ in actions)
    done = c.post(f"/review/{doc_id}/done", data={"csrf": token}, follow_redirects=False)
    assert done.status_code == 303
    assert repo.review_state(doc_id)[1] == "ana"
    edits = [e for e in repo.custody_log(doc_id) if e.action == "edited"]
    assert len(edits) == 4 and all(e.actor == "ana" for e in edits)
    views = [e for e in repo.custody_log(doc_id) if e.action == "viewed"]
    assert views and all(e.actor == "ana" and e.details["via"] == "web" for e in views)


def test_a_bad_correction_is_explained_not_stored(client: tuple[TestClient, str, Repository]) -> None:
    c, doc_id, repo = client
    token = _csrf(c.get(f"/review/{doc_id}").text)
    r = c.post(
        f"/review/{doc_id}/decide",
        data={"field": "date", "action": "correct", "value": "yesterday", "csrf": token},
    )
    assert r.status_code == 200 and "is not a date" in r.text
    assert repo.corrections_for(doc_id) == []


def test_decisions_need_the_csrf_token(client: tuple[TestClient, str, Repository]) -> None:
    c, doc_id, repo = client
    r = c.post(f"/review/{doc_id}/decide", data={"field": "date", "action": "accept", "csrf": "nope"})
    assert r.status_code == 403
    assert repo.corrections_for(doc_id) == []


def test_the_map_draws_countries_and_links_clusters_to_their_events(
    client: tuple[TestClient, str, Repository],
) -> None:
    from whodid.web.basemap import basemap_path

    c, doc_id, _ = client
    page = c.get("/map").text
    assert '<svg viewBox="-180 -90 360 180"' in page
    if basemap_path() is not None:
        assert page.count('class="land"') > 150  # the 1:110m countries
    link = re.search(r'<a href="(/map\?[^"]+)" class="cluster"', page)
    assert link, "the Amman event has coordinates, so it has a cluster"
    cell = c.get(link.group(1).replace("&amp;", "&")).text
    assert f"/records/{doc_id}" in cell
    assert c.get("/map?from=yesterday").status_code == 400


def test_topojson_is_decoded_into_closed_rings(tmp_path: Path) -> None:
    import json

    from whodid.web.basemap import country_paths

    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[0, 0], [10, 0], [0, 10]], [[10, 10], [-10, 0], [0, -10]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "Square"}},
        ]}},
    }  # fmt: skip
    path = tmp_path / "t.json"
    path.write_text(json.dumps(topology))
    [(name, d)] = country_paths(path)
    assert name == "Square"
    assert d == "M0.00,0.00L10.00,0.00L10.00,-10.00L0.00,-10.00L0.00,0.00Z"


def test_the_dashboard_links_every_bar_to_its_records(client: tuple[TestClient, str, Repository]) -> None:
    c, doc_id, _ = client
    page = c.get("/dashboard").text
    assert "Events per month, by act" in page and "By country" in page
    links = set(re.findall(r'<a href="(/\?[^"]+)"', page))
    assert "/?country=JOR" in links and any("act=physical_assault" in link for link in links)
    month = next(link for link in links if "from=2023-04-01" in link)
    assert "to=2023-04-30" in month
    listed = c.get(month.replace("&amp;", "&")).text
    assert f"/records/{doc_id}" in listed and "Filtered by" in listed
    assert f"/records/{doc_id}" not in c.get("/?country=FRA").text


def test_a_named_person_has_a_page_of_every_event_they_appear_in(
    client: tuple[TestClient, str, Repository],
) -> None:
    c, doc_id, repo = client
    record = repo.get_record(doc_id)
    assert record is not None
    named = next(a for a in record.actors if a.name)
    page = c.get(f"/records/{doc_id}").text
    assert "/people?name=" in page
    listed = c.get("/people", params={"name": named.name.upper()}).text
    assert f"/records/{doc_id}" in listed
    assert "<script>" not in c.get("/people", params={"name": "<script>alert(1)</script>"}).text


def test_the_record_page_shows_evidence_hashes_and_custody(
    client: tuple[TestClient, str, Repository],
) -> None:
    c, doc_id, _ = client
    page = c.get(f"/records/{doc_id}").text
    assert f"<code>{doc_id}</code>" in page and "original report" in page
    assert "Chain of custody" in page and "ingested" in page
    assert "<mark" in page  # the source text with the values' spans highlighted


def test_the_record_list_filters_by_victim_type_and_review_state(
    client: tuple[TestClient, str, Repository],
) -> None:
    c, doc_id, repo = client
    assert f"/records/{doc_id}" in c.get("/?victim_type=activists").text
    assert f"/records/{doc_id}" not in c.get("/?victim_type=lawyers").text
    assert f"/records/{doc_id}" in c.get("/?review=to-review").text
    repo.mark_reviewed(doc_id, "ana")
    assert f"/records/{doc_id}" in c.get("/?review=reviewed").text
    assert f"/records/{doc_id}" not in c.get("/?review=to-review").text
    assert c.get("/?from=not-a-date").status_code == 400


def test_a_missing_act_and_a_missing_date_can_be_added(client: tuple[TestClient, str, Repository]) -> None:
    c, doc_id, repo = client
    token = _csrf(c.get(f"/review/{doc_id}").text)
    r = c.post(
        f"/review/{doc_id}/acts", data={"kind": "torture", "csrf": token, "span_start": "2", "span_end": "10"}
    )
    assert r.status_code == 200
    record = repo.get_record(doc_id)
    assert record is not None and record.main_event is not None
    added = record.main_event.acts[-1]
    assert added.type == "torture" and added.review == "corrected" and added.provenance is not None
    assert added.victim_ids and added.perpetrator_ids  # the event's own people
    r = c.post(f"/review/{doc_id}/date", data={"value": "2023-04-02", "csrf": token})
    assert "has a date already" in r.text  # this event has one: it is corrected, not added
    bad = c.post(f"/review/{doc_id}/acts", data={"kind": "<script>", "csrf": token})
    assert "is not an act type" in bad.text and "<script>" not in bad.text


def test_an_event_without_a_date_gets_one_added(tmp_path: Path) -> None:
    from whodid.model import Event, Record
    from whodid.review import set_date

    record = Record(document_id="d" * 64, events=[Event(title="x")])
    correction = set_date(record, "2024-02-29", (0, 4), "text of the report")
    assert record.main_event is not None and record.main_event.start is not None
    assert record.main_event.start.start.isoformat() == "2024-02-29"
    assert correction.action == "add" and correction.field == "date"


def test_a_partner_reads_but_cannot_review(store: tuple[Repository, str, Path]) -> None:
    repo, doc_id, home = store
    repo.add_user("pat", PASSWORD, "partner")
    repo.set_level(doc_id, "public")  # partners see public records only (test_authorisation.py)
    with TestClient(create_app(repo, home=home)) as c:
        login = c.get("/login")
        c.post("/login", data={"name": "pat", "password": PASSWORD, "csrf": _csrf(login.text)})
        assert c.get(f"/records/{doc_id}").status_code == 200
        assert "Review inbox" not in c.get("/").text
        assert c.get("/review").status_code == 403
        token = _csrf(c.get("/").text)
        r = c.post(f"/review/{doc_id}/decide", data={"field": "date", "action": "accept", "csrf": token})
        assert r.status_code == 403 and repo.corrections_for(doc_id) == []


def test_a_disabled_user_is_logged_out_at_the_next_request(
    client: tuple[TestClient, str, Repository],
) -> None:
    c, _, repo = client
    assert c.get("/").status_code == 200
    repo.disable_user("ana")
    r = c.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_brute_force_locks_the_account(store: tuple[Repository, str, Path]) -> None:
    repo, _, home = store
    with TestClient(create_app(repo, home=home)) as c:
        for _ in range(6):
            token = _csrf(c.get("/login").text)
            r = c.post("/login", data={"name": "ana", "password": "guess guess guess", "csrf": token})
            assert r.status_code == 401
        token = _csrf(c.get("/login").text)
        r = c.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": token})
        assert r.status_code == 401  # the right password, but the account is locked now


def test_password_spraying_from_one_address_is_rate_limited(store: tuple[Repository, str, Path]) -> None:
    """One password against many names never trips a per-account lockout; the
    per-address limit stops it, before any account is even checked."""
    repo, _, home = store
    with TestClient(create_app(repo, home=home)) as c:
        token = _csrf(c.get("/login").text)
        codes = [
            c.post("/login", data={"name": f"user{i}", "password": "Summer2026!", "csrf": token}).status_code
            for i in range(25)
        ]
        assert codes[:20] == [401] * 20 and set(codes[20:]) == {429}
        refused = c.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": token})
        assert refused.status_code == 429 and refused.headers["retry-after"] == "300"
    assert repo.check_login("ana", PASSWORD) is not None  # the real account was never touched


def test_a_second_factor_is_asked_for_on_the_login_page(store: tuple[Repository, str, Path]) -> None:
    from urllib.parse import parse_qs, urlparse

    import pyotp

    repo, _, home = store
    secret = parse_qs(urlparse(repo.enable_totp("ana")).query)["secret"][0]
    with TestClient(create_app(repo, home=home)) as c:
        token = _csrf(c.get("/login").text)
        assert c.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": token}).status_code == 401
        token = _csrf(c.get("/login").text)
        ok = c.post(
            "/login",
            data={"name": "ana", "password": PASSWORD, "csrf": token, "code": pyotp.TOTP(secret).now()},
        )
        assert ok.status_code == 200 and "Log out" in ok.text
