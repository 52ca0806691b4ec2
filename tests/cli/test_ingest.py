"""``whodid ingest``: good reports are stored and summarised; bad ones fail alone and cleanly."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tests.cli.conftest import stored_counts
from whodid.cli.main import app

REPORT = (
    "Skip to main content\n"
    "On Tuesday, two soldiers beat the farmer Ilse Marangoni outside her shop in Mombasa, Kenya, "
    "and detained her for six hours at a police station.\n"
    "Donate now to support our work.\n"
)
runner = CliRunner()


def test_ingest_stores_and_summarises(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(path)])
    assert result.exit_code == 0, result.output
    assert "stored" in result.output and "arbitrary_detention" in result.output
    assert stored_counts() == (1, 0)
    again = runner.invoke(app, ["ingest", str(path)])
    assert "already stored" in again.output
    assert stored_counts() == (1, 0)


def test_bad_inputs_fail_alone_and_the_rest_are_stored(home: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    bad = {
        "empty.txt": b"",
        "garbage.bin": bytes(range(256)) * 40,
        "latin1.txt": "Caf\xe9 r\xe9union".encode("latin-1") + b" police beat protesters",
        "broken.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        "malformed.html": b"<html><body><div><<<>>></div></body",
    }
    paths = []
    for name, data in bad.items():
        p = tmp_path / name
        p.write_bytes(data)
        paths.append(str(p))
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.truncate(100 * 1024 * 1024)
    result = runner.invoke(app, ["ingest", *paths, str(huge), str(good)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(bad) + 1, result.stderr
    assert stored_counts() == (1, 0)


def test_dot_dot_in_a_name_is_only_metadata(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True)
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    sneaky = str(folder / ".." / "b" / "report.txt")
    result = runner.invoke(app, ["ingest", sneaky])
    assert result.exit_code == 0, result.output
    blobs = [p for p in (home / "blobs").rglob("*") if p.is_file()]
    assert len(blobs) == 1 and blobs[0].resolve().is_relative_to(home.resolve())


def test_missing_file_is_a_clear_error(home: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "nope.txt" in result.stderr


def test_standard_input_is_ingested_with_a_dash(home: Path) -> None:
    result = runner.invoke(app, ["ingest", "-"], input=REPORT.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert "stdin" in result.output and "arbitrary_detention" in result.output
    assert stored_counts() == (1, 0)


def test_control_characters_in_a_file_name_are_escaped_not_obeyed(home: Path, tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "photo\x1b[31m\x07.png"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(path, "PNG")
    result = runner.invoke(app, ["ingest", str(path)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "preserved · image" in result.output
