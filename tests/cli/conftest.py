"""CLI tests run against a fresh store each: SQLite in a temporary home, and a real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from whodid.store import Repository


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def home(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    h = tmp_path / "home"
    monkeypatch.setenv("WHODID_HOME", str(h))
    if request.param == "postgres":
        monkeypatch.setenv("WHODID_DATABASE_URL", request.getfixturevalue("postgres_url"))
    else:
        monkeypatch.delenv("WHODID_DATABASE_URL", raising=False)
    return h


@pytest.fixture
def sqlite_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """For tests that inspect the SQLite file itself."""
    h = tmp_path / "home"
    monkeypatch.setenv("WHODID_HOME", str(h))
    monkeypatch.delenv("WHODID_DATABASE_URL", raising=False)
    return h


def stored_counts() -> tuple[int, int]:
    """Documents in the configured store, and documents without a record row."""
    from whodid.config import load_settings

    with Repository.open(load_settings()) as repo:
        stats = repo.stats()
        return stats.documents, stats.documents - stats.records


def ingest_texts(folder: Path, reports: dict[str, str]) -> dict[str, str]:
    """Write each report to ``folder`` and ingest it with the CLI: file name → document id."""
    from typer.testing import CliRunner

    from whodid.cli.main import app

    runner = CliRunner()
    ids = {}
    for name, text in reports.items():
        p = folder / name
        p.write_text(text, encoding="utf-8")
        out = runner.invoke(app, ["ingest", str(p)])
        assert out.exit_code == 0, out.output
        ids[name] = out.output.split()[0]
    return ids
