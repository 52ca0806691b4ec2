"""CLI tests run against a fresh data directory each."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    h = tmp_path / "home"
    monkeypatch.setenv("WHODID_HOME", str(h))
    monkeypatch.delenv("WHODID_DATABASE_URL", raising=False)
    return h
