"""``make demo`` runs end to end on a fresh SQLite store and prints a record."""

from __future__ import annotations

from pathlib import Path

import pytest

from whodid import demo


def test_demo_ingests_the_examples_and_shows_a_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WHODID_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("WHODID_DATABASE_URL", raising=False)
    demo.main()
    out = capsys.readouterr().out
    files, _ = demo.demo_files()
    assert len(files) >= 4
    assert out.count("· stored ·") == len(files)  # every report stored, none failed
    assert "Flat view" in out and "whodid serve" in out
