"""Shared helpers for the ingest tests: a fixed clock and a hand-made PDF writer.

pypdf reads PDFs well but cannot easily *write* text, so :func:`build_pdf` writes
a minimal valid PDF by hand: a catalog, a page tree, one Helvetica font, one
content stream per page that shows each line with ``Tj`` and moves down with
``T*``, an info dictionary, and a cross-reference table with exact offsets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

RECEIVED = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC)


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b")"


def build_pdf(
    pages: list[list[str]],
    *,
    title: str | None = None,
    author: str | None = None,
    created: str | None = None,
) -> bytes:
    """A valid PDF whose page ``i`` shows the lines ``pages[i]`` (empty list: no text)."""
    objects: list[bytes] = []  # object number i+1 is objects[i]
    font_num = 3
    first_page = 4
    kids = []
    page_objects: list[bytes] = []
    for index, lines in enumerate(pages):
        page_num = first_page + 2 * index
        content_num = page_num + 1
        kids.append(f"{page_num} 0 R".encode())
        if lines:
            shown = b" T* ".join(_pdf_string(line) + b" Tj" for line in lines)
            stream = b"BT /F1 12 Tf 14 TL 72 720 Td " + shown + b" ET"
        else:
            stream = b"0 0 1 rg 72 600 200 100 re f"  # a filled box: ink but no text
        page_objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font_num} 0 R >> >> /Contents {content_num} 0 R >>".encode()
        )
        page_objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.extend(page_objects)
    info_entries = []
    if title:
        info_entries.append(b"/Title " + _pdf_string(title))
    if author:
        info_entries.append(b"/Author " + _pdf_string(author))
    if created:
        info_entries.append(b"/CreationDate " + _pdf_string(created))
    objects.append(b"<< " + b" ".join(info_entries) + b" >>")
    info_num = len(objects)

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, info_num)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


@pytest.fixture
def make_pdf() -> Callable[..., bytes]:
    """The :func:`build_pdf` helper, as a fixture so tests need not import conftest."""
    return build_pdf


@pytest.fixture
def received() -> dt.datetime:
    """A fixed receipt time, so "not after today" checks do not depend on the clock."""
    return RECEIVED
