"""The read-only web page: lists records, shows one, escapes hostile text, sets a CSP."""

from __future__ import annotations

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


@pytest.fixture
def client(tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    settings = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path}/w.db")
    repo = Repository.open(settings)
    document = ingest_bytes(HOSTILE.encode(), "hostile.txt", media_type="text/plain")
    repo.add(document, Extractor().extract(document))
    with TestClient(create_app(repo)) as c:
        yield c, document.id
    repo.close()


def test_index_lists_records_with_a_csp(client: tuple[TestClient, str]) -> None:
    c, doc_id = client
    r = c.get("/")
    assert r.status_code == 200
    assert doc_id in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]


def test_hostile_text_is_escaped(client: tuple[TestClient, str]) -> None:
    c, doc_id = client
    for page in ("/", f"/records/{doc_id}", "/?q=Haddad"):
        body = c.get(page).text
        assert "<script>alert" not in body
        assert "<img src=x" not in body
        assert 'href="javascript:' not in body


def test_unknown_record_is_404(client: tuple[TestClient, str]) -> None:
    c, _ = client
    assert c.get("/records/abcdef12").status_code == 404
    assert c.get("/records/../../etc/passwd").status_code == 404
