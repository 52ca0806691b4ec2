"""The authorisation matrix: every role × every route × every confidentiality level.

One store holds four reports, one at each level, each naming a different
(invented) person in a different city. Each role logs in and every page and
API route is asked about each report: single-record routes answer 200 or 404
(never 403, which would confirm that the id exists), lists, search, map,
people, inbox, dashboard and statistics show the report or leave it out, and
the review routes refuse the partner role outright. The expected table is
written out here rather than imported from ``whodid.store.access`` so that a
change of the code's clearances fails this test. Run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from whodid.config import Settings
from whodid.extract import Extractor
from whodid.ingest import ingest_bytes
from whodid.store.repository import Repository
from whodid.web.app import create_app

PASSWORD = "correct horse battery"
LEVELS = ("public", "internal", "restricted", "confidential")
SEES = {
    "admin": {"public", "internal", "restricted", "confidential"},
    "coordinator": {"public", "internal", "restricted", "confidential"},
    "researcher": {"public", "internal", "restricted"},
    "reviewer": {"public", "internal"},
    "partner": {"public"},
}
# one invented person and one city per level
PEOPLE = {
    "public": ("Tomasz Ekwueme", "Nairobi, Kenya", 4),
    "internal": ("Ilse Varankova", "Lima, Peru", 6),
    "restricted": ("Quentin Obradovic", "Hanoi, Vietnam", 9),
    "confidential": ("Rafaela Nkemelu", "Amman, Jordan", 12),
}


def _text(level: str) -> str:
    name, city, day = PEOPLE[level]
    return f"On {day} March 2024, police officers arrested the journalist {name} in {city}.\n"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Repository, dict[str, str], Path]]:
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    settings = Settings(home=tmp_path, database_url=url or f"sqlite:///{tmp_path}/w.db")
    repo = Repository.open(settings)
    extractor = Extractor()
    ids = {}
    for level in LEVELS:
        document = ingest_bytes(_text(level).encode(), f"{level}.txt", media_type="text/plain")
        repo.add(document, extractor.extract(document))
        repo.set_level(document.id, level)
        ids[level] = document.id
    for role in SEES:
        repo.add_user(role, PASSWORD, role)
    yield repo, ids, tmp_path
    repo.close()


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page has no CSRF field"
    return found.group(1)


def _login(client: TestClient, name: str) -> None:
    r = client.post(
        "/login", data={"name": name, "password": PASSWORD, "csrf": _csrf(client.get("/login").text)}
    )
    assert r.status_code == 200, r.text


Store = tuple[Repository, dict[str, str], Path]
Check = Callable[[TestClient, str, str], bool]


def _single(path: str) -> Check:
    """A route about one record: True for 200, False for 404, anything else fails."""

    def check(c: TestClient, doc: str, level: str) -> bool:
        r = c.get(path.format(id=doc))
        assert r.status_code in (200, 404), (path, r.status_code, r.text[:200])
        return r.status_code == 200

    return check


def _shows(path: str, *, by: str = "id") -> Check:
    """A list-like route: True when the record's id (or person's name) is in the answer."""

    def check(c: TestClient, doc: str, level: str) -> bool:
        name = PEOPLE[level][0]
        city = PEOPLE[level][1].split(",")[0]
        r = c.get(path.format(name=name, city=city))
        assert r.status_code == 200, (path, r.status_code)
        return (doc if by == "id" else name) in r.text

    return check


READ_ROUTES: dict[str, Check] = {
    "page /records/{id}": _single("/records/{id}"),
    "api /records/{id}": _single("/api/v1/records/{id}"),
    "api /records/{id}/evidence": _single("/api/v1/records/{id}/evidence"),
    "page / (list)": _shows("/"),
    "page /?q= (search)": _shows("/?q={city}"),
    "page /people": _shows("/people?name={name}", by="id"),
    "api /records": _shows("/api/v1/records"),
    "api /search": _shows("/api/v1/search?q={city}"),
    "api /map/points": _shows("/api/v1/map/points"),
    "api /people": _shows("/api/v1/people?name={name}"),
}


LOOKUPS = {"page /people", "api /people"}


def test_every_role_sees_exactly_its_levels_on_every_route(store: Store) -> None:
    repo, ids, home = store
    wrong = []
    for role, sees in SEES.items():
        with TestClient(create_app(repo, home=home)) as c:
            _login(c, role)
            for level in LEVELS:
                for route, check in READ_ROUTES.items():
                    got = check(c, ids[level], level)
                    # partners never look up a victim by name (test_redaction.py)
                    expected = level in sees and not (role == "partner" and route in LOOKUPS)
                    if got != expected:
                        wrong.append(f"{role} × {level} × {route}: {'shown' if got else 'hidden'}")
    assert not wrong, "\n".join(wrong)


def test_review_routes_follow_the_same_levels_and_refuse_partners(
    store: Store,
) -> None:
    repo, ids, home = store
    wrong = []
    for role, sees in SEES.items():
        with TestClient(create_app(repo, home=home)) as c:
            _login(c, role)
            token = _csrf(c.get("/").text)
            inbox = c.get("/review")
            api_inbox = c.get("/api/v1/review/inbox")
            for level in LEVELS:
                allowed = role != "partner" and level in sees
                page = c.get(f"/review/{ids[level]}")
                expected_status = 200 if allowed else 403 if role == "partner" else 404
                if page.status_code != expected_status:
                    wrong.append(f"{role} × {level} × GET /review/{{id}}: {page.status_code}")
                if role != "partner" and (ids[level] in inbox.text) != allowed:
                    wrong.append(f"{role} × {level} × GET /review (inbox)")
                if role != "partner" and (ids[level] in api_inbox.text) != allowed:
                    wrong.append(f"{role} × {level} × GET /api/v1/review/inbox")
                for action, data in (
                    ("decide", {"field": "date", "action": "accept"}),
                    ("victims", {"name": "Someone Else", "kind": "activist"}),
                    ("acts", {"kind": "torture"}),
                    ("date", {"value": "2024-03-01"}),
                ):
                    r = c.post(
                        f"/review/{ids[level]}/{action}", data={**data, "csrf": token}, follow_redirects=False
                    )
                    expected = {303} if allowed else {403} if role == "partner" else {404}
                    if r.status_code not in expected:
                        wrong.append(f"{role} × {level} × POST /review/{{id}}/{action}: {r.status_code}")
            assert inbox.status_code == api_inbox.status_code == (403 if role == "partner" else 200)
    assert not wrong, "\n".join(wrong)
    # nothing a refused request asked for was written
    for level in ("restricted", "confidential"):
        assert not any(c.actor == "partner" for c in repo.corrections_for(ids[level]))


def test_statistics_and_timeline_count_only_what_a_role_may_see(
    store: Store,
) -> None:
    repo, _, home = store
    for role, sees in SEES.items():
        with TestClient(create_app(repo, home=home)) as c:
            _login(c, role)
            stats = c.get("/api/v1/stats").json()
            assert stats["documents"] == len(sees), role
            assert sum(stats["by_country"].values()) == len(sees), role
            timeline = c.get("/api/v1/timeline").json()
            assert sum(b["events"] for b in timeline if b["act_type"] == "arbitrary_detention") == len(
                sees
            ), role
            index = c.get("/").text
            assert f"of {len(sees)} records" in index, role
            assert f"{len(sees)} event{'s' if len(sees) != 1 else ''} with coordinates" in c.get("/map").text
            dashboard = c.get("/dashboard").text
            for level in LEVELS:
                assert (PEOPLE[level][0] in dashboard) is False  # the dashboard names no one


def test_a_grant_opens_one_record_to_one_user_and_revoking_closes_it(
    store: Store,
) -> None:
    repo, ids, home = store
    secret = ids["confidential"]
    with TestClient(create_app(repo, home=home)) as c:
        _login(c, "partner")
        assert c.get(f"/api/v1/records/{secret}").status_code == 404
        repo.grant(secret, "partner", by="coordinator")
        assert c.get(f"/api/v1/records/{secret}").status_code == 200
        assert secret in c.get("/api/v1/records").text
        repo.revoke(secret, "partner", by="coordinator")
        assert c.get(f"/api/v1/records/{secret}").status_code == 404
    with TestClient(create_app(repo, home=home)) as c:
        _login(c, "reviewer")  # another user gains nothing from the partner's grant
        repo.grant(secret, "partner")
        assert c.get(f"/records/{secret}").status_code == 404
    actions = [e.details for e in repo.custody_log(secret) if e.action == "edited"]
    assert {"granted": "partner"} in actions and {"revoked": "partner"} in actions
    assert {"level": "confidential"} in actions


def test_an_unseen_id_prefix_is_not_found_rather_than_ambiguous(
    store: Store,
) -> None:
    repo, ids, home = store
    with TestClient(create_app(repo, home=home)) as c:
        _login(c, "partner")
        r = c.get(f"/api/v1/records/{ids['confidential'][:8]}")
        assert r.status_code == 404
        assert ids["confidential"][:12] not in r.text


def test_a_bad_level_is_refused(store: Store) -> None:
    repo, ids, _ = store
    from whodid.store.errors import StoreError

    with pytest.raises(StoreError, match="not a level"):
        repo.set_level(ids["public"], "secret")
