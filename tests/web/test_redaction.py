"""A partner is served redacted pages and API answers; a researcher sees the record as stored.

Two public reports name one (invented) victim, once in Latin and once in
Cyrillic letters; each gives an e-mail address and coordinates. The partner
must meet no name, no address and no exact coordinate on any page or API
route, must see one pseudonym for the person in both reports, and must not
be able to confirm by searching or looking up a name that a record mentions
them. The researcher, on the same routes, sees everything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from whodid.config import Settings
from whodid.extract import Extractor
from whodid.ingest import ingest_bytes
from whodid.store.repository import Repository
from whodid.web.app import create_app

PASSWORD = "correct horse battery"
LATIN = (
    "On 5 April 2024, police officers in Almaty, Kazakhstan, detained the activist Zhanel Orynbekova. "
    "Her lawyer can be reached at lawyer.desk@example.org.\n"
)
CYRILLIC = "On 9 April 2024, police officers in Almaty, Kazakhstan, beat the activist Жанель Орынбекова.\n"
SECRETS = ("Orynbekova", "Zhanel", "Орынбекова", "Жанель", "lawyer.desk@example.org")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[Repository, list[str], Path]]:
    repo = Repository.open(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path}/w.db"))
    extractor = Extractor()
    ids = []
    for name, text in (("Orynbekova statement.txt", LATIN), ("b.txt", CYRILLIC)):
        document = ingest_bytes(text.encode(), name, media_type="text/plain")
        repo.add(document, extractor.extract(document))
        repo.set_level(document.id, "public")
        ids.append(document.id)
    repo.add_user("pat", PASSWORD, "partner")
    repo.add_user("rex", PASSWORD, "researcher")
    yield repo, ids, tmp_path
    repo.close()


@contextmanager
def _client(repo: Repository, home: Path, name: str) -> Iterator[TestClient]:
    with TestClient(create_app(repo, home=home)) as c:
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text)
        assert token
        login = c.post("/login", data={"name": name, "password": PASSWORD, "csrf": token.group(1)})
        assert login.status_code == 200
        yield c


def _routes(ids: list[str]) -> list[str]:
    return [
        "/",
        "/?q=Almaty",
        "/map",
        "/map?lat=43&lon=76",
        "/api/v1/records",
        "/api/v1/search?q=Almaty",
        "/api/v1/map/points",
        *[f"/records/{i}" for i in ids],
        *[f"/api/v1/records/{i}" for i in ids],
        *[f"/api/v1/records/{i}/evidence" for i in ids],
    ]


def test_a_partner_meets_no_name_address_or_exact_place(store: tuple[Repository, list[str], Path]) -> None:
    repo, ids, home = store
    exact = {f"{p.lat:.4f}" for p in repo.event_points()} | {repr(p.lat) for p in repo.event_points()}
    assert exact
    with _client(repo, home, "pat") as c:
        for route in _routes(ids):
            r = c.get(route)
            assert r.status_code == 200, route
            body = r.text
            leaked = [s for s in (*SECRETS, *exact) if s in body]
            assert not leaked, f"{route} shows {leaked}"
        # one pseudonym for the person in both scripts, on the record pages
        aliases = [set(re.findall(r"Person [0-9A-F]{6}", c.get(f"/api/v1/records/{i}").text)) for i in ids]
        assert aliases[0] and aliases[0] == aliases[1]
        assert c.get(f"/api/v1/records/{ids[0]}").json()["document"]["text"].count("[e-mail]") == 1


def test_a_partner_cannot_confirm_a_name_by_searching_or_looking_it_up(
    store: tuple[Repository, list[str], Path],
) -> None:
    repo, ids, home = store
    with _client(repo, home, "pat") as c:
        assert c.get("/api/v1/search?q=Orynbekova").json()["items"] == []
        assert c.get("/api/v1/search?q=Орынбекова").json()["items"] == []
        assert c.get("/api/v1/people?name=Zhanel Orynbekova").json() == []
        assert ids[0] not in c.get("/?q=Orynbekova").text
    with _client(repo, home, "rex") as c:
        found = {i["document_id"] for i in c.get("/api/v1/search?q=Orynbekova").json()["items"]}
        assert found == set(ids)  # the transliterated index finds both scripts
        # the blind name index meets the Cyrillic spelling too
        assert {a["document_id"] for a in c.get("/api/v1/people?name=Zhanel Orynbekova").json()} == set(ids)


def test_a_researcher_sees_the_record_as_stored(store: tuple[Repository, list[str], Path]) -> None:
    repo, ids, home = store
    with _client(repo, home, "rex") as c:
        page = c.get(f"/records/{ids[0]}").text
        assert "Orynbekova" in page and "lawyer.desk@example.org" in page
        record = c.get(f"/api/v1/records/{ids[0]}").json()
        assert record["document"]["origin"].endswith("Orynbekova statement.txt")
        assert "Person " not in c.get(f"/api/v1/records/{ids[1]}").text


def test_every_read_of_a_record_is_in_the_audit_log(store: tuple[Repository, list[str], Path]) -> None:
    repo, ids, home = store
    with _client(repo, home, "pat") as c:
        c.get(f"/records/{ids[0]}")
        c.get(f"/api/v1/records/{ids[0]}")
    views = [(e.actor, e.details.get("via")) for e in repo.custody_log(ids[0]) if e.action == "viewed"]
    assert ("pat", "web") in views and ("pat", "api") in views


def test_listings_are_reads_too_and_audit_finds_them_by_report(
    store: tuple[Repository, list[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from typer.testing import CliRunner

    from whodid.cli.main import app

    repo, ids, home = store
    with _client(repo, home, "rex") as c:
        c.get("/")
        c.get("/api/v1/search", params={"q": "Almaty"})
        c.get("/api/v1/people", params={"name": "Zhanel Orynbekova"})
    listings = [e for e in repo.custody_log() if e.action == "viewed" and e.item_id is None]
    routes = {e.details["route"] for e in listings if e.actor == "rex"}
    assert {"/", "/api/v1/search", "/api/v1/people"} <= routes
    assert all(ids[0][:16] in e.details["documents"] for e in listings if e.actor == "rex")
    monkeypatch.setenv("WHODID_HOME", str(home))
    monkeypatch.setenv("WHODID_DATABASE_URL", f"sqlite:///{home}/w.db")
    out = CliRunner().invoke(app, ["audit", "--item", ids[0][:12], "--actor", "rex", "--json"])
    assert out.exit_code == 0, out.output
    seen = {json.loads(line)["details"].get("route") for line in out.output.splitlines() if line.strip()}
    assert {"/", "/api/v1/search", "/api/v1/people"} <= seen
