"""Killing ``whodid ingest`` mid-batch (kill -9 or Ctrl-C) leaves the store consistent."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

TEXT = "On {n} May 2022, police detained the activist Rafael Moreno-{n} in Quito, Ecuador, for {n} hours.\n"


def _batch(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(n):
        (folder / f"r{i:03d}.txt").write_text(TEXT.format(n=i + 1) * 3, encoding="utf-8")
    return folder


def _consistent(home: Path) -> int:
    con = sqlite3.connect(home / "whodid.db")
    try:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        docs = con.execute("select count(*) from documents").fetchone()[0]
        orphans = con.execute(
            "select count(*) from documents d left join records r on r.document_id = d.id where r.document_id is null"
        ).fetchone()[0]
        assert orphans == 0
        dangling = con.execute(
            "select count(*) from events e left join documents d on d.id = e.document_id where d.id is null"
        ).fetchone()[0]
        assert dangling == 0
        return int(docs)
    finally:
        con.close()


def _start(folder: Path, home: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "WHODID_HOME": str(home)}
    env.pop("WHODID_DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "whodid.cli.main", "ingest", str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


def _wait_for_first(proc: subprocess.Popen[bytes]) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the first document is stored: we are mid-batch
    assert b"stored" in line


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_ingest_leaves_a_consistent_store(tmp_path: Path, sig: signal.Signals) -> None:
    folder = _batch(tmp_path, 60)
    home = tmp_path / "home"
    proc = _start(folder, home)
    _wait_for_first(proc)
    time.sleep(0.3)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    stored = _consistent(home)
    assert 1 <= stored < 60
    # Running the batch again completes it, and re-stores nothing twice.
    rerun = _start(folder, home)
    rerun.communicate(timeout=300)
    assert rerun.returncode == 0
    assert _consistent(home) == 60
