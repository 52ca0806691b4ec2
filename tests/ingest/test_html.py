"""HTML ingest: trafilatura's article text, page metadata, best-effort segments."""

from __future__ import annotations

import datetime as dt

import pytest

from whodid.ingest import IngestError, ingest_bytes
from whodid.model import Document

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Veloria: Police Beat Union Organiser | Civic Watch</title>
<meta property="article:published_time" content="2021-09-14T08:30:00+00:00">
<meta name="author" content="Marta Quill">
<meta property="og:site_name" content="Civic Watch">
<meta property="og:url" content="https://civicwatch.example/news/2021/09/veloria-organiser">
<meta name="description" content="Police in Darnsk beat a union organiser as he left a meeting.">
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header><nav><ul>
<li><a href="/">Home</a></li><li><a href="/regions">Region / Country</a></li>
<li><a href="/donate">Donate now</a></li><li><a href="/search">Search</a></li>
</ul></nav></header>
<main id="main"><article>
<h1>Veloria: Police Beat Union Organiser</h1>
<p>Police in the port city of Darnsk beat the union organiser Ilya Vorontsev on September 12, 2021,
as he left a meeting of dock workers, Civic Watch said today.</p>
<p>Two officers in riot gear pushed Vorontsev to the ground and kicked him repeatedly, according to three
witnesses interviewed by Civic Watch. He was taken to a hospital with two broken ribs.</p>
<p>&ldquo;They told me to stop organising or next time it would be worse,&rdquo; Vorontsev said. The
<em>regional police</em> did not respond to a request for comment.</p>
<p>Его адвокат Мария Кім сказала, что полиция отказалась регистрировать заявление о нападении.</p>
<p>The authorities should open an impartial investigation and hold the officers to account,
Civic Watch said.</p>
</article></main>
<aside class="donate"><p>Your tax deductible gift can help stop human rights violations and save lives
around the world.</p><a href="/donate">Donate now</a></aside>
<footer><p>&copy; 2021 Civic Watch. All rights reserved.</p><p>Follow us</p></footer>
</body>
</html>
"""


@pytest.fixture
def doc(received: dt.datetime) -> Document:
    return ingest_bytes(PAGE.encode("utf-8"), "https://civicwatch.example/x", received_at=received)


def test_media_type_is_html(doc: Document) -> None:
    assert doc.media_type == "text/html"


def test_main_text_is_extracted(doc: Document) -> None:
    assert "beat the union organiser Ilya Vorontsev" in doc.text
    assert "two broken ribs" in doc.text
    assert "Мария Кім" in doc.text


def test_navigation_donation_and_skip_link_are_left_out(doc: Document) -> None:
    for furniture in (
        "Skip to main content",
        "Region / Country",
        "Donate now",
        "tax deductible",
        "All rights reserved",
        "Follow us",
    ):
        assert furniture not in doc.text


def test_published_comes_from_article_published_time(doc: Document) -> None:
    assert doc.published == dt.date(2021, 9, 14)


def test_title_and_metadata_come_from_the_page(doc: Document) -> None:
    assert doc.title is not None and "Police Beat Union Organiser" in doc.title
    assert doc.metadata["author"] == "Marta Quill"
    assert doc.metadata["sitename"] == "Civic Watch"
    assert doc.metadata["description"].startswith("Police in Darnsk")


def test_segments_are_exact_byte_ranges_of_the_page(doc: Document) -> None:
    assert doc.segments
    for seg in doc.segments:
        assert doc.raw[seg.raw_start : seg.raw_end].decode() == doc.text[seg.text_start : seg.text_end]


def test_non_ascii_paragraph_has_a_segment(doc: Document) -> None:
    start = doc.text.index("Его адвокат")
    seg = next(s for s in doc.segments if s.text_start <= start < s.text_end)
    assert doc.raw[seg.raw_start : seg.raw_end].decode().startswith("Его адвокат Мария Кім")


def test_declared_charset_is_used(received: dt.datetime) -> None:
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
    page = page.replace("Мария Кім", "Мария Ким")  # windows-1251 has no Ukrainian і in this spot
    raw = page.encode("windows-1251", "replace")
    doc = ingest_bytes(raw, "x", received_at=received)
    assert "Мария Ким" in doc.text
    for seg in doc.segments:
        assert (
            raw[seg.raw_start : seg.raw_end].decode("windows-1251") == doc.text[seg.text_start : seg.text_end]
        )


def test_content_type_charset_overrides_default(received: dt.datetime) -> None:
    page = PAGE.replace('<meta charset="utf-8">', "").replace("Мария Кім", "Мария Ким")
    doc = ingest_bytes(
        page.encode("koi8-r", "replace"), "x", media_type="text/html; charset=KOI8-R", received_at=received
    )
    assert "Мария Ким" in doc.text


def test_html_without_doctype_is_sniffed(received: dt.datetime) -> None:
    page = "<p>Police detained the editor of the Darnsk Courier at his home on Monday night.</p>" * 3
    doc = ingest_bytes(page.encode(), "x", received_at=received)
    assert doc.media_type == "text/html"
    assert "<p>" not in doc.text


def test_html_with_only_navigation_raises(received: dt.datetime) -> None:
    page = b"<html><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(IngestError, match="no readable text"):
        ingest_bytes(page, "page.html", received_at=received)


def test_malformed_html_does_not_crash(received: dt.datetime) -> None:
    page = b"<html><body><p>Police beat a reporter in Darnsk on Friday, his editor said.<div><<</p></span>"
    try:
        doc = ingest_bytes(page, "broken.html", received_at=received)
    except IngestError as err:
        assert "\n" not in str(err)
    else:
        assert "Police beat a reporter" in doc.text
