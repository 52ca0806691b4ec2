"""Estimates from the store: lists, matched victims, the estimate and its assumptions."""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from whodid.analyse.estimate import estimate_victims
from whodid.analyse.lists import documented, list_of
from whodid.config import Settings
from whodid.model import Actor, DateValue, Document, Event, Involvement, Place, Record, Role
from whodid.store import Repository
from whodid.store.statistics import EventFilter

SYLLABLES = ["ka", "ro", "mi", "tes", "lun", "da", "vor", "shi", "ne", "bal", "qu", "zer", "po", "lim"]


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = " ".join("".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() for _ in range(2))
        if name not in used:
            used.add(name)
            return name


def _report(origin: str, name: str, day: date, n: int) -> tuple[Document, Record]:
    text = f"Report {n}: {name} was killed on {day.isoformat()}."
    raw = f"{origin}\n{text}".encode()
    doc = Document(
        id=hashlib.sha256(raw).hexdigest(),
        raw=raw,
        media_type="text/plain",
        origin=origin,
        received_at=datetime(2025, 1, 1, tzinfo=UTC),
        text=text,
    )
    victim = Actor(id="a1", name=name, type="civilians")
    event = Event(
        title=text,
        start=DateValue(start=day),
        places=[Place(name=None, country="SYR")],
        involvements=[Involvement(actor_id="a1", role=Role.VICTIM)],
        fatalities=1,
    )
    return doc, Record(document_id=doc.id, events=[event], actors=[victim])


@pytest.fixture
def lists_store(tmp_path: Path) -> Iterator[tuple[Repository, int, int]]:
    """400 victims, three independent lists catching each with probability 0.5, 0.4 and 0.3."""
    rng = random.Random(5)
    repo = Repository.open(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path}/w.db"))
    used: set[str] = set()
    total, caught, n = 400, 0, 0
    for person in range(total):
        name, day = _name(rng, used), date(2024, 1, 1) + timedelta(days=person % 300)
        on = [site for site, p in (("a", 0.5), ("b", 0.4), ("c", 0.3)) if rng.random() < p]
        caught += bool(on)
        for site in on:
            n += 1
            repo.add(*_report(f"https://www.list-{site}.example/case/{n}", name, day, n))
    yield repo, total, caught
    repo.close()


def test_lists_are_named_by_metadata_site_or_folder() -> None:
    doc, _ = _report("https://www.monitor.example/a/1", "X Y", date(2024, 1, 1), 1)
    assert list_of(doc) == "monitor.example"
    doc.metadata["list"] = "UN mission"
    assert list_of(doc) == "UN mission"
    doc, _ = _report("/data/field-team/report-7.txt", "X Y", date(2024, 1, 1), 2)
    assert list_of(doc) == "field-team"


def test_the_estimate_recovers_a_known_total_and_states_its_assumptions(
    lists_store: tuple[Repository, int, int],
) -> None:
    repo, total, caught = lists_store
    found = estimate_victims(repo, EventFilter(country="SYR"), auto=True)
    assert found.lists.histories.sources == ("list-a.example", "list-b.example", "list-c.example")
    assert found.lists.victims == caught  # every person's mentions joined, nobody merged with another
    e = found.estimate
    assert e.interval.lower <= total <= e.interval.upper
    assert e.documented == caught < e.estimate
    shown = found.attached()
    assert shown.value == e.estimate and shown.level == 0.95
    assert any("without review" in a for a in shown.assumptions)
    assert any("Closed population" in a for a in shown.assumptions)


def test_without_reviewed_links_nobody_is_on_two_lists(lists_store: tuple[Repository, int, int]) -> None:
    repo, _, _ = lists_store
    with pytest.raises(ValueError, match="more than one list"):
        estimate_victims(repo)


def test_chosen_lists_and_errors(lists_store: tuple[Repository, int, int]) -> None:
    repo, _, _ = lists_store
    two = documented(repo, lists=["list-a.example", "list-b.example"], auto=True)
    assert two.histories.k == 2 and two.dropped_victims > 0
    chapman = estimate_victims(repo, lists=["list-a.example", "list-b.example"], auto=True)
    assert chapman.estimate.method.startswith("Chapman") or "Lincoln" in chapman.estimate.method
    assert math.isfinite(chapman.estimate.estimate)
    with pytest.raises(ValueError, match="no named victims on list"):
        documented(repo, lists=["nowhere.example"])
    with pytest.raises(ValueError, match="not an estimation method"):
        estimate_victims(repo, method="guess")
    with pytest.raises(ValueError, match="no named victims"):
        estimate_victims(repo, EventFilter(country="NOR"))


def test_the_command_prints_the_estimate_with_its_assumptions(
    lists_store: tuple[Repository, int, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from whodid.cli.main import app

    monkeypatch.setenv("WHODID_HOME", str(tmp_path))
    monkeypatch.setenv("WHODID_DATABASE_URL", f"sqlite:///{tmp_path}/w.db")
    runner = CliRunner()
    result = runner.invoke(app, ["estimate", "--auto"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Estimated total" in text and "Assumptions" in text and "without review" in text
    refused = runner.invoke(app, ["estimate"])
    assert refused.exit_code != 0 and "no estimate" in refused.output
    as_json = runner.invoke(
        app,
        [
            "estimate",
            "--auto",
            "--json",
            "--method",
            "chapman",
            "--list",
            "list-a.example",
            "--list",
            "list-c.example",
        ],
    )
    assert as_json.exit_code == 0, as_json.output
    assert '"documented"' in as_json.output and '"assumptions"' in as_json.output
