"""Word documents (``.docx``) to text, with python-docx.

NGOs circulate reports and witness statements as Word files. The text is read
paragraph by paragraph (tables row by row), paragraphs separated by a blank
line; the core properties give the title, author and dates. A ``.docx`` is a ZIP,
so before python-docx inflates anything the archive's own directory is checked:
a member that claims to inflate to more than the size limit, or more than
:data:`MAX_RATIO` times its compressed size, is a decompression bomb and is
refused. The raw bytes stay the evidence; offsets cannot point into compressed
XML, so the document has no raw segments.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from whodid.ingest.errors import fail
from whodid.ingest.extraction import Extraction

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_RATIO = 200  # deflate on real documents stays far below; zero-filled bombs reach 1000
MAX_INFLATED = 200 * 1024 * 1024


def is_docx(raw: bytes) -> bool:
    """A ZIP whose directory holds ``word/document.xml``."""
    if not raw.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False


def check_archive(raw: bytes, origin: str) -> None:
    """Refuse an archive that would inflate beyond reason, before inflating it."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        total = 0
        for member in archive.infolist():
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > MAX_RATIO and member.file_size > 1024 * 1024:
                raise fail(
                    origin,
                    f"holds {member.filename!r}, which inflates {ratio:.0f} times (a decompression bomb)",
                    "check where the file came from",
                )
        if total > MAX_INFLATED:
            raise fail(
                origin,
                f"inflates to {total:,} bytes, over the {MAX_INFLATED:,}-byte limit (a decompression bomb?)",
                "check where the file came from",
            )


def extract_docx(raw: bytes, origin: str, today: dt.date) -> Extraction:
    """The text and properties of a Word document."""
    import docx

    check_archive(raw, origin)
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises bare KeyError/ValueError on damaged parts
        raise fail(
            origin, f"is a damaged Word document ({type(exc).__name__})", "re-save it from Word"
        ) from None
    blocks = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                blocks.append(" | ".join(dict.fromkeys(cells)))
    text = "\n\n".join(blocks)
    if not text:
        raise fail(origin, "is a Word document with no text", "check that this is the right file")
    props = document.core_properties
    metadata = {
        key: value.isoformat() if isinstance(value, dt.datetime) else value
        for key, value in (
            ("author", props.author),
            ("created", props.created),
            ("modified", props.modified),
            ("last_modified_by", props.last_modified_by),
        )
        if value
    }
    # the file's creation date is kept as metadata, not as the publication date the
    # extractor anchors relative dates on: a file is often created long before it is sent
    return Extraction(text=text, title=props.title or None, metadata=metadata)
