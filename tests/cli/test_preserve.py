"""capture, evidence and verify from the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from whodid.cli.main import app

runner = CliRunner()
PAGE = (
    b"<html><head><title>Raid on a newsroom</title></head><body><article><p>On 2 February 2025 "
    b"soldiers raided the newsroom of a fictional weekly in Dorval and beat the editor "
    b"Mira Hallen, her colleagues said.</p></article></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/raid"
    httpd.shutdown()
    httpd.server_close()


def test_capture_show_evidence_and_verify(home: Path, server: str) -> None:
    refused = runner.invoke(app, ["capture", "--no-extract", server])
    assert refused.exit_code == 1 and "--allow-private" in refused.output

    captured = runner.invoke(app, ["capture", "--allow-private", "--no-extract", server])
    assert captured.exit_code == 0, captured.output
    item_id = captured.output.split()[0]

    shown = runner.invoke(app, ["evidence", item_id])
    assert shown.exit_code == 0, shown.output
    assert "warc" in shown.output and "captured" in shown.output and "chain of custody" in shown.output

    verified = runner.invoke(app, ["verify"])
    assert verified.exit_code == 0, verified.output
    assert "OK" in verified.output


def test_verify_fails_and_names_the_altered_item(home: Path, server: str) -> None:
    captured = runner.invoke(app, ["capture", "--allow-private", "--no-extract", server])
    assert captured.exit_code == 0, captured.output
    blobs = [p for p in (home / "blobs").rglob("*") if p.is_file()]
    victim = blobs[0]
    os.chmod(victim, 0o644)
    victim.write_bytes(victim.read_bytes() + b"\n")
    result = runner.invoke(app, ["verify", "--json"])
    assert result.exit_code == 1
    assert victim.name in result.output and "altered" in result.output


def test_evidence_of_an_unknown_id_is_a_clear_error(home: Path) -> None:
    result = runner.invoke(app, ["evidence", "abcd1234"])
    assert result.exit_code == 1 and "no document or evidence item" in result.output


def _photo(path: Path, size: tuple[int, int] = (400, 300)) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (20, 80, 140))
    ImageDraw.Draw(image).rectangle(
        (size[0] // 5, size[1] // 4, size[0] // 2, size[1] // 2), fill=(240, 240, 0)
    )
    image.save(path)
    return path


def test_ingest_preserves_an_image_and_flags_a_resized_copy(home: Path, tmp_path: Path) -> None:
    first = runner.invoke(app, ["ingest", str(_photo(tmp_path / "scene.png"))])
    assert first.exit_code == 0, first.output
    assert "preserved · image image/png" in first.output
    second = runner.invoke(app, ["ingest", str(_photo(tmp_path / "scene-small.jpg", (200, 150)))])
    assert second.exit_code == 0, second.output
    assert "possible duplicate of " + first.output.split()[0] in second.output


def test_a_bundle_checks_with_sha256sum_and_its_log_rehashes(home: Path, server: str, tmp_path: Path) -> None:
    import hashlib
    import json
    import subprocess
    import zipfile

    captured = runner.invoke(app, ["capture", "--allow-private", "--no-extract", server])
    assert captured.exit_code == 0, captured.output
    target = tmp_path / "out" / "bundle.zip"
    made = runner.invoke(app, ["bundle", captured.output.split()[0], "--out", str(target)])
    assert made.exit_code == 0, made.output
    again = runner.invoke(app, ["bundle", captured.output.split()[0], "--out", str(target)])
    assert again.exit_code == 1 and "exists" in again.output

    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(target) as archive:
        archive.extractall(unpacked)
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=unpacked, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert len(list((unpacked / "items").iterdir())) == 2  # the WARC and the page's document
    custody = json.loads((unpacked / "custody.json").read_text())
    for entry in custody["entries"]:
        content = {k: entry[k] for k in ("seq", "at", "actor", "action", "item", "details", "prev")}
        canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert hashlib.sha256(canonical.encode()).hexdigest() == entry["hash"]
    log = runner.invoke(app, ["evidence", captured.output.split()[0]])
    assert "exported" in log.output


def test_showing_a_record_is_logged_as_a_view(home: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(
        "Soldiers detained the teacher Lia Brandt in Orvel on 2 March 2025.\n", encoding="utf-8"
    )
    added = runner.invoke(app, ["ingest", "--no-extract", str(report)])
    assert added.exit_code == 0, added.output
    doc_id = added.output.split()[0]
    assert runner.invoke(app, ["show", doc_id]).exit_code == 0
    history = runner.invoke(app, ["evidence", doc_id])
    assert history.exit_code == 0, history.output
    assert "ingested" in history.output and history.output.count("viewed") >= 2


def test_show_lists_the_capture_that_preserves_a_report(home: Path, server: str) -> None:
    captured = runner.invoke(app, ["capture", "--allow-private", "--no-extract", server])
    assert captured.exit_code == 0, captured.output
    warc_id = captured.output.split()[0]
    doc_id = captured.output.splitlines()[1].split()[0]
    shown = runner.invoke(app, ["show", doc_id])
    assert shown.exit_code == 0, shown.output
    assert "preserved with this report" in shown.output and warc_id in shown.output


def test_user_commands_and_the_audit_log(home: Path) -> None:
    added = runner.invoke(
        app, ["user", "add", "ana", "--role", "researcher", "--password-stdin"], input="a long password\n"
    )
    assert added.exit_code == 0, added.output
    assert runner.invoke(app, ["user", "role", "ana", "partner"]).exit_code == 0
    assert runner.invoke(app, ["user", "role", "ana", "emperor"]).exit_code == 1
    listed = runner.invoke(app, ["user", "list"])
    assert "ana" in listed.output and "partner" in listed.output and "active" in listed.output
    assert runner.invoke(app, ["user", "disable", "ana"]).exit_code == 0
    assert "disabled" in runner.invoke(app, ["user", "list"]).output
    log = runner.invoke(app, ["audit", "--json"])
    actions = [json.loads(line)["action"] for line in log.output.splitlines()]
    assert actions == ["user_added", "role_changed", "user_disabled"]
    only = runner.invoke(app, ["audit", "--action", "role_changed", "--json"])
    assert len(only.output.splitlines()) == 1
    assert runner.invoke(app, ["audit", "--since", "yesterday"]).exit_code == 1


def test_totp_enrolment_and_key_rotation_from_the_command_line(home: Path) -> None:
    runner.invoke(app, ["user", "add", "bo", "--password-stdin"], input="another long password\n")
    enrolled = runner.invoke(app, ["user", "totp", "bo"])
    assert enrolled.exit_code == 0 and "otpauth://totp/" in enrolled.output
    rotated = runner.invoke(app, ["keys", "rotate"])
    assert rotated.exit_code == 0, rotated.output
    assert len(runner.invoke(app, ["keys", "new"]).output.strip()) == 43
    assert runner.invoke(app, ["verify"]).exit_code == 0


def test_backup_and_restore_from_the_command_line(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    report = tmp_path / "r.txt"
    report.write_text(
        "Soldiers detained the teacher Lia Brandt in Orvel on 2 March 2025.\n", encoding="utf-8"
    )
    ingested = runner.invoke(app, ["ingest", "--no-extract", str(report)])
    assert ingested.exit_code == 0
    doc_id = ingested.output.split()[0]
    target = tmp_path / "store.backup"
    made = runner.invoke(app, ["backup", str(target)])
    assert made.exit_code == 0, made.output
    fresh = tmp_path / "elsewhere"
    fresh.mkdir()
    shutil.copy(home / "master.key", fresh / "master.key")
    monkeypatch.setenv("WHODID_HOME", str(fresh))
    monkeypatch.delenv("WHODID_DATABASE_URL", raising=False)
    restored = runner.invoke(app, ["restore", str(target)])
    assert restored.exit_code == 0, restored.output
    assert doc_id[:10] in runner.invoke(app, ["search", "Brandt"]).output
    assert runner.invoke(app, ["verify"]).exit_code == 0
