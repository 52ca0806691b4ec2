"""PDF ingest: the text layer per page, page spans, metadata, damaged files refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from whodid.ingest import IngestError, ingest_bytes

PAGE_ONE = [
    "Civic Watch - Veloria briefing",
    "Police in Darnsk detained the journalist Anna Berg (Darnsk Courier)",
    "on 2 March 2021 and held her for two days without charge.",
]
PAGE_TWO = [
    "Officers searched her flat and took her laptop and notebooks.",
    "2",
]


def test_pdf_text_is_extracted(make_pdf: Callable[..., bytes], received: dt.datetime) -> None:
    doc = ingest_bytes(make_pdf([PAGE_ONE, PAGE_TWO]), "brief.pdf", received_at=received)
    assert doc.media_type == "application/pdf"
    assert "detained the journalist Anna Berg (Darnsk Courier)" in doc.text
    assert "took her laptop and notebooks" in doc.text


def test_pages_keep_their_numbers_and_spans(make_pdf: Callable[..., bytes], received: dt.datetime) -> None:
    doc = ingest_bytes(make_pdf([PAGE_ONE, PAGE_TWO]), "brief.pdf", received_at=received)
    assert [p.number for p in doc.pages] == [1, 2]
    first, second = doc.pages
    assert doc.text[first.text_start : first.text_end].startswith("Civic Watch - Veloria briefing")
    assert doc.text[second.text_start : second.text_end].startswith("Officers searched")
    assert doc.text[first.text_end : second.text_start] == "\n\n"
    assert doc.page_of(doc.text.index("laptop")) == 2


def test_page_number_line_is_dropped(make_pdf: Callable[..., bytes], received: dt.datetime) -> None:
    doc = ingest_bytes(make_pdf([PAGE_ONE, PAGE_TWO]), "brief.pdf", received_at=received)
    assert not doc.text.endswith("2")
    assert "2" in doc.boilerplate


def test_pdf_has_no_segments(make_pdf: Callable[..., bytes], received: dt.datetime) -> None:
    assert ingest_bytes(make_pdf([PAGE_ONE]), "brief.pdf", received_at=received).segments == []


def test_pdf_metadata_is_kept(make_pdf: Callable[..., bytes], received: dt.datetime) -> None:
    raw = make_pdf([PAGE_ONE], title="Veloria briefing", author="Civic Watch", created="D:20210305101500Z")
    doc = ingest_bytes(raw, "brief.pdf", received_at=received)
    assert doc.title == "Veloria briefing"
    assert doc.metadata["author"] == "Civic Watch"
    assert doc.metadata["page_count"] == 1


def test_creation_date_is_published_when_nothing_better(
    make_pdf: Callable[..., bytes], received: dt.datetime
) -> None:
    doc = ingest_bytes(make_pdf([PAGE_ONE], created="D:20210305101500Z"), "brief.pdf", received_at=received)
    assert doc.published == dt.date(2021, 3, 5)


def test_dateline_beats_creation_date(make_pdf: Callable[..., bytes], received: dt.datetime) -> None:
    raw = make_pdf([["March 4, 2021", *PAGE_ONE]], created="D:20210305101500Z")
    assert ingest_bytes(raw, "brief.pdf", received_at=received).published == dt.date(2021, 3, 4)


def test_truncated_pdf_is_damaged(make_pdf: Callable[..., bytes], received: dt.datetime) -> None:
    raw = make_pdf([PAGE_ONE, PAGE_TWO])
    with pytest.raises(IngestError, match=r"brief\.pdf: is a damaged PDF"):
        ingest_bytes(raw[: len(raw) // 2], "brief.pdf", received_at=received)


def test_corrupt_pdf_body_is_damaged(make_pdf: Callable[..., bytes], received: dt.datetime) -> None:
    raw = make_pdf([PAGE_ONE])
    corrupt = raw[:150] + b"<<<< garbage )))) [[[[" * 20 + raw[-120:]
    with pytest.raises(IngestError, match="damaged PDF"):
        ingest_bytes(corrupt, "brief.pdf", received_at=received)


def test_pdf_without_text_layer_needs_ocr(make_pdf: Callable[..., bytes], received: dt.datetime) -> None:
    with pytest.raises(IngestError, match="needs OCR, which is not supported yet"):
        ingest_bytes(make_pdf([[]]), "scan.pdf", received_at=received)


def test_pdf_is_sniffed_by_magic_not_name(make_pdf: Callable[..., bytes], received: dt.datetime) -> None:
    assert (
        ingest_bytes(make_pdf([PAGE_ONE]), "download.txt", received_at=received).media_type
        == "application/pdf"
    )
