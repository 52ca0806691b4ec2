"""Where whodid keeps its data, read from the environment.

Reports about human-rights abuses name victims and witnesses, so the data
directory is created private to its owner (mode 0o700). Everything that needs a
path or a database URL gets it from :func:`load_settings`, so one environment
variable moves a whole installation (tests, the demo, a second case file).

``WHODID_HOME``
    the data directory; else ``$XDG_DATA_HOME/whodid``; else ``~/.local/share/whodid``.
``WHODID_DATABASE_URL``
    an SQLAlchemy URL; else an SQLite file in the data directory. The raw
    documents (blobs) stay in the data directory whichever database is used.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

HOME_MODE = 0o700


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved locations of the data directory and the database."""

    home: Path
    database_url: str

    @property
    def blobs_dir(self) -> Path:
        """Where raw documents are kept, content-addressed by SHA-256."""
        return self.home / "blobs"

    def ensure_home(self) -> None:
        """Create the data directory (mode 0o700) if it does not exist yet.

        An existing directory keeps its mode: the owner may have chosen it.
        """
        if not self.home.is_dir():
            self.home.mkdir(mode=HOME_MODE, parents=True, exist_ok=True)
            os.chmod(self.home, HOME_MODE)  # mkdir's mode is filtered by the umask


def default_home(env: Mapping[str, str]) -> Path:
    """``WHODID_HOME``, else the XDG data directory, else ``~/.local/share``.

    The XDG spec says a relative ``XDG_DATA_HOME`` is invalid and must be ignored.
    """
    if explicit := env.get("WHODID_HOME"):
        return Path(explicit).expanduser().absolute()
    xdg = env.get("XDG_DATA_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "whodid"
    return Path.home() / ".local" / "share" / "whodid"


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Settings from ``env`` (default: ``os.environ``); creates the data directory."""
    env = os.environ if env is None else env
    home = default_home(env)
    url = env.get("WHODID_DATABASE_URL") or f"sqlite:///{home}/whodid.db"
    settings = Settings(home=home, database_url=url)
    settings.ensure_home()
    return settings
