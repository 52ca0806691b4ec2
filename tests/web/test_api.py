"""The JSON API: paging, filters, login, and schemathesis against its own OpenAPI schema."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from whodid.config import Settings
from whodid.extract import Extractor
from whodid.ingest import ingest_bytes
from whodid.store.repository import Repository
from whodid.web.app import create_app

PASSWORD = "correct horse battery"
REPORTS = (
    "On 3 March 2024, riot police arrested the journalist Petra Lindqvist in Tbilisi, Georgia.\n",
    "Gunmen abducted two aid workers near Gao, Mali, on 9 June 2023. A driver was killed.\n",
    "<script>alert(1)</script> Soldiers beat the farmer Ilse Marangoni in Mombasa, Kenya, on 2 May 2022.\n",
)


def _store(home: Path) -> Repository:
    repo = Repository.open(Settings(home=home, database_url=f"sqlite:///{home}/api.db"))
    repo.add_user("ana", PASSWORD)
    extractor = Extractor()
    for text in REPORTS:
        document = ingest_bytes(text.encode(), "r.txt", media_type="text/plain")
        repo.add(document, extractor.extract(document))
    return repo


def _login(client: TestClient) -> str:
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token
    r = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": token.group(1)})
    assert r.status_code == 200
    return str(client.cookies.get("whodid_session"))


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("api-home")


@pytest.fixture(scope="module")
def repo(home: Path) -> Iterator[Repository]:
    repository = _store(home)
    yield repository
    repository.close()


@pytest.fixture
def client(repo: Repository, home: Path) -> Iterator[TestClient]:
    with TestClient(create_app(repo, home=home)) as c:
        _login(c)
        yield c


def test_the_api_needs_a_login(repo: Repository, home: Path) -> None:
    with TestClient(create_app(repo, home=home)) as c:
        r = c.get("/api/v1/records")
        assert r.status_code == 401 and "log in" in r.json()["detail"]


def test_records_are_paged(client: TestClient) -> None:
    first = client.get("/api/v1/records", params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_offset"] == 2
    rest = client.get("/api/v1/records", params={"limit": 2, "offset": 2}).json()
    assert len(rest["items"]) == 1 and rest["next_offset"] is None
    ids = {i["document_id"] for i in first["items"] + rest["items"]}
    assert len(ids) == 3


def test_filters_and_search(client: TestClient) -> None:
    georgia = client.get("/api/v1/records", params={"country": "geo"}).json()["items"]
    assert [i["country"] for i in georgia] == ["GEO"]
    found = client.get("/api/v1/search", params={"q": "Marangoni"}).json()["items"]
    assert len(found) == 1
    one = client.get(f"/api/v1/records/{found[0]['document_id'][:10]}").json()
    assert "<script>" in one["document"]["text"]  # JSON carries the text as data, escaped by JSON itself
    assert one["record"]["events"] and one["reviewed_at"] is None
    assert client.get("/api/v1/records/ffffffffff").status_code == 404


def test_inbox_and_stats(client: TestClient) -> None:
    inbox = client.get("/api/v1/review/inbox").json()
    assert len(inbox) == 3 and inbox == sorted(inbox, key=lambda i: i["least_confidence"])
    stats = client.get("/api/v1/stats").json()
    assert stats["documents"] == 3 and stats["by_country"]


def _schema() -> schemathesis.schemas.BaseSchema:
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="whodid-schemathesis-"))
    app = create_app(_store(home), home=home)
    with TestClient(app) as c:
        _SESSION["cookie"] = _login(c)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


_SESSION: dict[str, str] = {}
schema = _schema()


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_own_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(headers={"Cookie": f"whodid_session={_SESSION['cookie']}"})


def test_points_people_timeline_and_evidence(client: TestClient) -> None:
    points = client.get("/api/v1/map/points").json()
    assert points and all(-90 <= p["lat"] <= 90 for p in points)
    record = client.get("/api/v1/search", params={"q": "Lindqvist"}).json()["items"][0]
    people = client.get("/api/v1/people", params={"name": "petra lindqvist"}).json()
    assert [p["document_id"] for p in people] == [record["document_id"]]
    bins = client.get("/api/v1/timeline").json()
    assert {"month": "2024-03", "act_type": "arbitrary_detention", "events": 1} in bins
    kept = client.get(f"/api/v1/records/{record['document_id']}/evidence").json()
    assert kept["custody"][0]["action"] == "ingested"
    assert client.get("/api/v1/records", params={"review": "reviewed"}).json()["items"] == []
    assert len(client.get("/api/v1/records", params={"review": "to-review"}).json()["items"]) == 3
