"""Page latency of the web app with many events in the store (goal: under 300 ms).

Usage (from the repository root)::

    .venv/bin/python benchmarks/pages.py [--events 10000] [--runs 20] [--json]

Builds a fresh SQLite store in a temporary directory with ``--events`` synthetic
records (one event each, with an act, a perpetrator, a victim, a date and a
geocoded place, spread over countries and months), logs in, and times each page
``--runs`` times after one warm-up request, in process (ASGI, no network). It
prints the median and 95th percentile per page, and each median's ratio to the
baseline measured in the same run: the static stylesheet, which is the cost of
the framework, the session and the middleware alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

PLACES = (
    ("Tbilisi", "GEO", 41.69, 44.83),
    ("Amman", "JOR", 31.95, 35.93),
    ("Gao", "MLI", 16.27, -0.04),
    ("Mombasa", "KEN", -4.05, 39.67),
    ("Yangon", "MMR", 16.87, 96.2),
    ("Bogota", "COL", 4.61, -74.08),
    ("Harare", "ZWE", -17.83, 31.05),
    ("Kabul", "AFG", 34.53, 69.17),
)
ACTS = ("arbitrary_detention", "physical_assault", "killing", "abduction", "harassment", "torture")
PERPS = ("state_forces", "non_state_armed_group", "unidentified")
VICTIMS = ("journalists", "activists", "aid_workers", "civilians", "protesters")


def build(home: Path, n: int) -> tuple[str, str]:
    """A store of ``n`` synthetic records; returns (a document id, the password)."""
    from whodid.config import Settings
    from whodid.model import (
        Act,
        Actor,
        DatePrecision,
        DateValue,
        Document,
        Event,
        Involvement,
        Place,
        Provenance,
        Record,
        Role,
    )
    from whodid.store.repository import Repository

    rng = random.Random(7)
    repo = Repository.open(Settings(home=home, database_url=f"sqlite:///{home}/bench.db"))
    password = "benchmark password"
    repo.add_user("bench", password)
    first = ""
    start = date(2019, 1, 1)
    for i in range(n):
        name, iso3, lat, lon = rng.choice(PLACES)
        act_type = rng.choice(ACTS)
        day = start + timedelta(days=rng.randrange(6 * 365))
        text = f"Report {i}: on {day.isoformat()} {rng.choice(PERPS)} committed {act_type} against a person in {name}."
        raw = text.encode()
        doc_id = hashlib.sha256(raw).hexdigest()
        first = first or doc_id
        prov = Provenance(doc_id, 0, len(text), text)
        victim = Actor(id="a1", name=f"Person {i}", type=rng.choice(VICTIMS), count=1, provenance=prov,
                       confidence=rng.random())  # fmt: skip
        perpetrator = Actor(
            id="a2", name=None, description="unnamed", type=rng.choice(PERPS), confidence=rng.random()
        )
        when = DateValue(start=day, precision=DatePrecision.DAY, provenance=prov, confidence=rng.random())
        place = Place(name=name, country=iso3, lat=lat + rng.uniform(-1, 1), lon=lon + rng.uniform(-1, 1),
                      geo_precision=1, confidence=rng.random())  # fmt: skip
        act = Act(
            type=act_type, perpetrator_ids=["a2"], victim_ids=["a1"], provenance=prov, confidence=rng.random()
        )
        event = Event(
            title=text[:80],
            start=when,
            places=[place],
            acts=[act],
            involvements=[
                Involvement(actor_id="a1", role=Role.VICTIM, confidence=victim.confidence),
                Involvement(actor_id="a2", role=Role.PERPETRATOR, confidence=perpetrator.confidence),
            ],
        )
        document = Document(
            id=doc_id,
            raw=raw,
            media_type="text/plain",
            origin=f"bench/{i}.txt",
            received_at=datetime.now(UTC),
            text=text,
            title=text[:60],
        )
        repo.add(
            document,
            Record(document_id=doc_id, events=[event], actors=[victim, perpetrator], extractor="bench"),
        )
    repo.close()
    return first, password


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from whodid.config import Settings
    from whodid.store.repository import Repository
    from whodid.web.app import create_app

    home = Path(tempfile.mkdtemp(prefix="whodid-pages-"))
    began = time.perf_counter()
    doc_id, password = build(home, args.events)
    built = time.perf_counter() - began
    repo = Repository.open(Settings(home=home, database_url=f"sqlite:///{home}/bench.db"))
    pages = {
        "baseline: /static/app.css": "/static/app.css",
        "records list": "/",
        "records, filtered": "/?country=GEO&act=killing",
        "search": "/?q=Tbilisi",
        "record": f"/records/{doc_id}",
        "review inbox": "/review",
        "review page": f"/review/{doc_id}",
        "map": "/map",
        "dashboard": "/dashboard",
        "api records": "/api/v1/records?limit=100",
        "api inbox": "/api/v1/review/inbox?limit=100",
    }
    results = {}
    with TestClient(create_app(repo, home=home)) as client:
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
        assert token, "no login form"
        client.post("/login", data={"name": "bench", "password": password, "csrf": token.group(1)})
        for label, path in pages.items():
            assert client.get(path).status_code == 200, path  # warm-up, and a check
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
            times.sort()
            results[label] = {
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
            }
    repo.close()
    base = results["baseline: /static/app.css"]["median_ms"] or 0.1
    for r in results.values():
        r["ratio"] = round(r["median_ms"] / base, 1)
    if args.json:
        print(json.dumps({"events": args.events, "build_s": round(built, 1), "pages": results}, indent=1))
        return
    print(f"{args.events} events in a fresh SQLite store (built in {built:.1f} s); {args.runs} runs per page")
    print(f"{'page':28} {'median ms':>10} {'p95 ms':>8} {'x baseline':>11}  under 300 ms?")
    for label, r in results.items():
        ok = "yes" if r["p95_ms"] < 300 else "NO"
        print(f"{label:28} {r['median_ms']:>10} {r['p95_ms']:>8} {r['ratio']:>11}  {ok}")


if __name__ == "__main__":
    main()
