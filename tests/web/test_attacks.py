"""Web attacks, one by one: SQL injection in every filter and search box, session fixation.

(CSRF, XSS in every field and brute force have their own tests in test_app.py
and test_browser.py; schemathesis fuzzes every API parameter in test_api.py.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from whodid.config import Settings
from whodid.extract import Extractor
from whodid.ingest import ingest_bytes
from whodid.store.repository import Repository
from whodid.web.app import create_app

PASSWORD = "correct horse battery"
INJECTIONS = (
    "' OR '1'='1",
    "x' OR 1=1 --",
    "'; DROP TABLE documents; --",
    '" OR ""="',
    "1) UNION SELECT name, password_hash FROM users --",
    "%' AND level LIKE '%",
    "*",
    "NEAR(a b)",
    "\\x00'",
)
PAGE_FILTERS = ("country", "act", "perpetrator_type", "victim_type", "review", "from", "to")
API_FILTERS = ("country", "act", "perpetrator_type", "victim_type", "review", "from", "to")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Repository, str, Path]]:
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    repo = Repository.open(Settings(home=tmp_path, database_url=url or f"sqlite:///{tmp_path}/w.db"))
    extractor = Extractor()
    hidden = ""
    for level, text in (
        ("public", "On 2 May 2024, police detained the activist Mirel Osatuk in Lima, Peru.\n"),
        ("confidential", "On 3 May 2024, soldiers beat the farmer Dario Quellen in Quito, Ecuador.\n"),
    ):
        document = ingest_bytes(text.encode(), f"{level}.txt", media_type="text/plain")
        repo.add(document, extractor.extract(document))
        repo.set_level(document.id, level)
        if level == "confidential":
            hidden = document.id
    repo.add_user("pat", PASSWORD, "partner")
    yield repo, hidden, tmp_path
    repo.close()


def _login(c: TestClient) -> None:
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text)
    assert token
    assert (
        c.post("/login", data={"name": "pat", "password": PASSWORD, "csrf": token.group(1)}).status_code
        == 200
    )


def test_sql_in_every_filter_and_search_box_is_only_ever_a_value(store: tuple[Repository, str, Path]) -> None:
    repo, hidden, home = store
    with TestClient(create_app(repo, home=home)) as c:
        _login(c)
        answers = []
        for attack in INJECTIONS:
            for name in PAGE_FILTERS:
                for page in ("/", "/map"):
                    answers.append(c.get(page, params={name: attack}))
            for name in API_FILTERS:
                answers.append(c.get("/api/v1/records", params={name: attack}))
            answers.append(c.get("/", params={"q": attack}))
            answers.append(c.get("/api/v1/search", params={"q": attack}))
            answers.append(c.get("/people", params={"name": attack}))
            answers.append(c.get("/api/v1/people", params={"name": attack}))
            answers.append(c.get(f"/records/{attack}"))
            answers.append(c.get(f"/api/v1/records/{attack}"))
        for r in answers:
            # refused as a bad value (400/404/422) or answered as a value that matches nothing
            assert r.status_code in (200, 400, 404, 422), (r.url, r.status_code)
            assert hidden not in r.text and "Quellen" not in r.text, r.url
            assert "$argon2" not in r.text, r.url  # no password hash (the filter itself is echoed)
    # the tables are all still there, and nothing was written
    assert repo.count() == 2
    with repo._engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM users")).scalar_one() == 1


def test_a_session_planted_before_login_is_not_the_one_after(store: tuple[Repository, str, Path]) -> None:
    repo, _, home = store
    with TestClient(create_app(repo, home=home)) as c:
        c.get("/login")
        planted = c.cookies.get("whodid_session")
        assert planted
        _login(c)
        after = c.cookies.get("whodid_session")
        assert after and after != planted
        # an attacker holding the planted cookie is not logged in
        with TestClient(create_app(repo, home=home)) as attacker:
            attacker.cookies.set("whodid_session", planted)
            r = attacker.get("/", follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"].startswith("/login")
