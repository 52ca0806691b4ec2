"""The link review pages through HTTP: queue, evidence side by side, accept and undo, who may see."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from whodid.config import Settings
from whodid.extract import Extractor
from whodid.ingest import ingest_bytes
from whodid.link.queue import fill
from whodid.store.repository import Repository
from whodid.web.app import create_app

PASSWORD = "correct horse battery"
REPORTS = (
    "On 14 February 2024, police in Almaty, Kazakhstan, detained the activist Nurlan Abdrakhmanov "
    "<script>alert(1)</script> after a protest.\n",
    "Kazakhstan: the activist Nurlan Abdrahmanov was detained by police in Almaty on 14 February 2024.\n",
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[Repository, Path]]:
    repo = Repository.open(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path}/w.db"))
    repo.add_user("ana", PASSWORD, "reviewer")
    repo.add_user("guest", PASSWORD, "partner")
    extractor = Extractor()
    for n, text in enumerate(REPORTS):
        document = ingest_bytes(text.encode(), f"r{n}.txt", media_type="text/plain")
        repo.add(document, extractor.extract(document))
    fill(repo, "persons")
    yield repo, tmp_path
    repo.close()


def _login(c: TestClient, name: str) -> None:
    page = c.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    r = c.post("/login", data={"name": name, "password": PASSWORD, "csrf": csrf.group(1), "next": "/"})
    assert r.status_code == 200, r.text


def test_a_reviewer_links_two_reports_and_undoes_it(store: tuple[Repository, Path]) -> None:
    repo, home = store
    with TestClient(create_app(repo, home=home)) as c:
        _login(c, "ana")
        queue = c.get("/links")
        assert queue.status_code == 200
        found = re.search(r'href="/links/(\d+)"', queue.text)
        assert found, queue.text
        page = c.get(f"/links/{found.group(1)}")
        assert "Nurlan Abdrahmanov" in page.text and "Nurlan Abdrakhmanov" in page.text
        assert "same consonants" in page.text
        assert "<script>alert(1)</script>" not in page.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf
        r = c.post(f"/links/{found.group(1)}/decide", data={"action": "accept", "csrf": csrf.group(1)})
        assert r.status_code == 200 and "accepted" in r.text and "by ana" in r.text
        assert len(repo.clusters("persons")) == 1
        r = c.post(f"/links/{found.group(1)}/decide", data={"action": "undo", "csrf": csrf.group(1)})
        assert r.status_code == 200 and "pending" in r.text
        assert repo.clusters("persons") == []
        forged = c.post(f"/links/{found.group(1)}/decide", data={"action": "accept", "csrf": "forged"})
        assert forged.status_code in (400, 403)
        assert repo.candidate(int(found.group(1))).status == "pending"


def test_partners_and_strangers_cannot_review_links(store: tuple[Repository, Path]) -> None:
    repo, home = store
    with TestClient(create_app(repo, home=home)) as c:
        assert c.get("/links", follow_redirects=False).status_code == 303
        _login(c, "guest")
        assert c.get("/links").status_code == 403
        assert c.get("/links/1").status_code == 403


def test_unknown_links_and_filters_are_not_found(store: tuple[Repository, Path]) -> None:
    repo, home = store
    with TestClient(create_app(repo, home=home)) as c:
        _login(c, "ana")
        assert c.get("/links/99999").status_code == 404
        assert c.get("/links?kind=weapons").status_code == 404
        assert c.get("/links?status=maybe").status_code == 404
        assert c.get("/links?kind=events").status_code == 200
