"""Bad input: always one IngestError with a one-line, actionable message."""

from __future__ import annotations

import builtins
import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

import pytest

from whodid.ingest import DEFAULT_MAX_BYTES, IngestError, ingest_bytes, ingest_path, read_stream
from whodid.ingest import api as ingest_api

STORY = "Police in Darnsk detained the editor of the Darnsk Courier on Monday night.\n"


def _error(raw: bytes, origin: str = "report.txt", **kwargs: Any) -> str:
    with pytest.raises(IngestError) as info:
        ingest_bytes(raw, origin, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_empty_bytes() -> None:
    assert "report.txt: is empty (0 bytes)" in _error(b"")


def test_whitespace_only() -> None:
    assert "only whitespace" in _error(b" \n\t\r\n  \n")


def test_bom_only_counts_as_whitespace() -> None:
    assert "only whitespace" in _error(b"\xef\xbb\xbf\n")


def test_nul_bytes_are_binary() -> None:
    assert "binary" in _error(STORY.encode() + b"\x00\x01\x02" + STORY.encode())


def test_control_characters_are_binary() -> None:
    assert "binary" in _error(bytes(range(1, 9)) * 200 + STORY.encode())


def test_zip_archive_is_named() -> None:
    message = _error(b"PK\x03\x04" + b"\x14\x00" * 50, "report.xlsx")
    assert "ZIP archive" in message
    assert "export it as PDF or plain text" in message


def test_invalid_utf8_names_byte_offset_and_fix() -> None:
    raw = "Police detained Iván Ruiz.\n".encode("latin-1")
    offset = raw.index("á".encode("latin-1"))
    message = _error(raw)
    assert "not valid UTF-8" in message
    assert f"byte offset {offset}," in message
    assert "re-encode it as UTF-8" in message


def test_utf16_is_refused_with_advice() -> None:
    assert "UTF-16" in _error(STORY.encode("utf-16"))


def test_over_max_bytes() -> None:
    message = _error(STORY.encode() * 10, max_bytes=100)
    assert f"({len(STORY.encode()) * 10} bytes)" in message
    assert "limit (100 bytes)" in message


def test_only_furniture_has_no_readable_text() -> None:
    assert "no readable text" in _error(b"Skip to main content\nFollow us\nDonate now\n")


def test_pdf_named_file_without_pdf_header() -> None:
    assert "no %PDF- header" in _error(b"\x01\x02not really a pdf", "scan.pdf", media_type="application/pdf")


def test_unsupported_declared_media_type() -> None:
    assert "not supported" in _error(STORY.encode(), media_type="application/msword")


def test_big_sparse_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "huge.txt"
    with open(big, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)

    def no_open(*args: object, **kwargs: object) -> object:
        raise AssertionError("the file was opened before its size was checked")

    monkeypatch.setattr(ingest_api, "open", no_open, raising=False)
    with pytest.raises(IngestError) as info:
        ingest_path(big)
    message = str(info.value)
    assert "100.0 MB (104857600 bytes)" in message
    assert f"limit ({DEFAULT_MAX_BYTES} bytes)" in message


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="is a directory, not a file"):
        ingest_path(tmp_path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        ingest_path(tmp_path / "nope.txt")


def test_permission_error_when_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(STORY)

    def denied(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ingest_api, "open", denied, raising=False)
    with pytest.raises(IngestError, match="permission denied"):
        ingest_path(path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file permissions")
def test_unreadable_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(STORY)
    path.chmod(0)
    try:
        with pytest.raises(IngestError, match="permission denied"):
            ingest_path(path)
    finally:
        path.chmod(0o600)


def test_file_named_like_a_traversal_is_only_metadata(tmp_path: Path) -> None:
    path = tmp_path / "..%2fetc"
    path.write_text(STORY)
    doc = ingest_path(path)
    assert doc.origin == str(path.resolve())
    assert doc.text == STORY.strip()


def test_dotdot_in_path_is_resolved_for_origin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "report.txt").write_text(STORY)
    monkeypatch.chdir(tmp_path / "inbox")
    doc = ingest_path("../report.txt")
    assert doc.origin == str((tmp_path / "report.txt").resolve())
    assert ".." not in doc.origin


def test_newline_in_origin_does_not_break_the_one_line_message() -> None:
    message = _error(b"", "evil\nname.txt")
    assert "evil\\x0aname.txt" in message


def test_read_stream_reads_a_document() -> None:
    doc = read_stream(io.BytesIO(STORY.encode()), "<stdin>")
    assert doc.origin == "<stdin>"
    assert doc.text == STORY.strip()


def test_read_stream_refuses_more_than_max_bytes() -> None:
    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            buffer[:] = b"a" * len(buffer)
            return len(buffer)

    with pytest.raises(IngestError, match=r"larger than the .* limit"):
        read_stream(io.BufferedReader(Endless()), "<stdin>", max_bytes=10_000)


def test_read_stream_refuses_a_text_stream() -> None:
    with pytest.raises(IngestError, match="text stream"):
        read_stream(io.StringIO(STORY), "<stdin>")  # type: ignore[arg-type]


def test_unexpected_failure_is_still_an_ingest_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object) -> object:
        raise KeyError("surprise")

    monkeypatch.setattr(ingest_api, "_extract", explode)
    assert "please report this" in _error(STORY.encode())


def test_naive_received_at_is_taken_as_utc() -> None:
    doc = ingest_bytes(STORY.encode(), "x", received_at=dt.datetime(2024, 1, 2, 3, 4))
    assert doc.received_at == dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC)


def test_builtin_open_is_untouched() -> None:
    assert builtins.open is open
