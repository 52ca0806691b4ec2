"""whodid link: two reports of one arrest, in two languages, found, reviewed, undone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli.conftest import ingest_texts
from whodid.cli.main import app

runner = CliRunner()
REPORTS = {
    "rights-group.txt": "On 14 February 2024, police in Almaty, Kazakhstan, detained the activist "
    "Nurlan Abdrakhmanov after a protest.\n",
    "news-site.txt": "Kazakhstan: the activist Nurlan Abdrahmanov was detained by police in Almaty on "
    "14 February 2024, his lawyer said.\n",
    "other.txt": "Gunmen abducted two aid workers near Gao, Mali, on 9 June 2023.\n",
}


@pytest.fixture
def stored(home: Path, tmp_path: Path) -> dict[str, str]:
    return ingest_texts(tmp_path, REPORTS)


def test_link_review_round_trip(stored: dict[str, str]) -> None:
    result = runner.invoke(app, ["link", "run", "persons"])
    assert result.exit_code == 0, result.output
    assert "model shipped with whodid" in result.output
    queue = runner.invoke(app, ["link", "queue", "--kind", "persons"])
    assert queue.exit_code == 0, queue.output
    ids = re.findall(r"^│ (\d+)\s", queue.output, flags=re.M)
    assert ids, queue.output
    shown = runner.invoke(app, ["link", "show", ids[0]])
    assert shown.exit_code == 0, shown.output
    assert (
        "Abdrahmanov" in shown.output
        and "consonants" in shown.output
        and "name" in shown.output
        and "weight" in shown.output
    )
    accepted = runner.invoke(app, ["link", "accept", ids[0]])
    assert accepted.exit_code == 0 and "accepted" in accepted.output
    clusters = runner.invoke(app, ["link", "clusters", "persons"])
    assert clusters.exit_code == 0, clusters.output
    assert (
        stored["rights-group.txt"][:12] in clusters.output and stored["news-site.txt"][:12] in clusters.output
    )
    assert stored["other.txt"][:12] not in clusters.output
    undone = runner.invoke(app, ["link", "undo", ids[0]])
    assert undone.exit_code == 0 and "pending" in undone.output
    assert "no accepted persons links" in runner.invoke(app, ["link", "clusters", "persons"]).output


def test_link_errors_are_clear(home: Path) -> None:
    bad = runner.invoke(app, ["link", "run", "weapons"])
    assert bad.exit_code != 0 and "not a kind of link" in bad.output
    missing = runner.invoke(app, ["link", "accept", "12345"])
    assert missing.exit_code != 0 and "no link candidate 12345" in missing.output
    empty = runner.invoke(app, ["link", "run", "events"])
    assert empty.exit_code == 0 and "0 events rows" in empty.output
