"""Where the data directory and the database are, from the environment."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from whodid.config import Settings, load_settings


def test_whodid_home_wins(tmp_path: Path) -> None:
    home = tmp_path / "case-files" / "home"
    settings = load_settings({"WHODID_HOME": str(home), "XDG_DATA_HOME": str(tmp_path / "xdg")})
    assert settings.home == home
    assert settings.blobs_dir == home / "blobs"
    assert settings.database_url == f"sqlite:///{home}/whodid.db"
    assert home.is_dir()
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


def test_xdg_data_home(tmp_path: Path) -> None:
    settings = load_settings({"XDG_DATA_HOME": str(tmp_path / "xdg")})
    assert settings.home == tmp_path / "xdg" / "whodid"
    assert stat.S_IMODE(settings.home.stat().st_mode) == 0o700


def test_default_home_and_relative_xdg_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    settings = load_settings({"XDG_DATA_HOME": "relative/dir"})
    assert settings.home == tmp_path / ".local" / "share" / "whodid"


def test_database_url_from_environment(tmp_path: Path) -> None:
    url = "postgresql+psycopg://whodid@db.example.org/whodid"
    settings = load_settings({"WHODID_HOME": str(tmp_path / "h"), "WHODID_DATABASE_URL": url})
    assert settings.database_url == url
    assert settings.blobs_dir == tmp_path / "h" / "blobs"


def test_reads_os_environ(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WHODID_HOME", str(tmp_path / "env-home"))
    monkeypatch.delenv("WHODID_DATABASE_URL", raising=False)
    assert load_settings().home == tmp_path / "env-home"


def test_existing_home_keeps_its_mode(tmp_path: Path) -> None:
    home = tmp_path / "shared"
    home.mkdir(mode=0o750)
    home.chmod(0o750)
    Settings(home=home, database_url="sqlite://").ensure_home()
    assert stat.S_IMODE(home.stat().st_mode) == 0o750
