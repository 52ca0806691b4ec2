"""Word documents: text, tables and properties read; damaged files and bombs refused."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from whodid.ingest import IngestError, ingest_bytes
from whodid.ingest.officedoc import DOCX


def _word(*paragraphs: str, table: list[list[str]] | None = None, title: str | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    if title:
        document.core_properties.title = title
        document.core_properties.author = "Field monitor"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_statement_becomes_a_document() -> None:
    raw = _word(
        "Statement of a witness.",
        "On 12 March 2025 soldiers detained the nurse Lene Hauk at the Vardo checkpoint.",
        table=[["Name", "Role"], ["Lene Hauk", "nurse"]],
        title="Witness statement 14",
    )
    doc = ingest_bytes(raw, "statement.docx")
    assert doc.media_type == DOCX and doc.raw == raw
    assert "soldiers detained the nurse Lene Hauk" in doc.text
    assert "Lene Hauk | nurse" in doc.text
    assert doc.title == "Witness statement 14" and doc.metadata["author"] == "Field monitor"


def test_the_extension_does_not_decide() -> None:
    raw = _word("Guards beat a detainee in the fictional prison of Ostrel.")
    assert ingest_bytes(raw, "statement.txt").media_type == DOCX


def test_an_empty_word_document_is_a_clear_error() -> None:
    with pytest.raises(IngestError, match="no text"):
        ingest_bytes(_word(), "empty.docx")


def test_a_word_decompression_bomb_is_refused_before_inflating() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(IngestError, match="decompression bomb"):
        ingest_bytes(buffer.getvalue(), "bomb.docx")


def test_a_damaged_word_document_is_a_clear_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not really>")
    with pytest.raises(IngestError, match="damaged Word document"):
        ingest_bytes(buffer.getvalue(), "broken.docx")
