"""Plain-text ingest: furniture out, story in, datelines read, bytes mapped."""

from __future__ import annotations

import datetime as dt
import hashlib

from whodid.ingest import ingest_bytes
from whodid.model import Document

# A fictional dispatch in the shape of a scraped rights-group page.
STORY = [
    "Police in the port city of Darnsk beat the union organiser Ilya Vorontsev on September 12 as he left "
    "a meeting of dock workers, Civic Watch said today.",
    "Two officers in riot gear pushed Vorontsev to the ground and kicked him, according to three witnesses. "
    "He was taken to a hospital with two broken ribs.",
    '"They told me to stop organising," Vorontsev said. Police told him to share no video of the arrest '
    "with anyone.",
]
CAPTION = "Ilya Vorontsev, left, speaks to dock workers in Darnsk, August 2, 2021. © 2021 Petra Lind/CW"
HEADER = f"""Skip to main content
Home / Eastern Europe / Veloria

Veloria: Union Organiser Beaten by Police in Darnsk

Tuesday, September 14, 2021

{CAPTION}

"""
FOOTER = """

Share this
Facebook Twitter Email

Your tax deductible gift can help stop human rights violations and save lives around the world.
Donate now

Sign up for our weekly newsletter
© 2021 Civic Watch. All rights reserved.
"""
DISPATCH = HEADER + "\n\n".join(STORY) + FOOTER


def _ingest(text: str, received: dt.datetime) -> Document:
    return ingest_bytes(text.encode("utf-8"), "test:dispatch", received_at=received)


def assert_segments_map_to_raw(doc: Document) -> None:
    for seg in doc.segments:
        assert doc.raw[seg.raw_start : seg.raw_end].decode("utf-8") == doc.text[seg.text_start : seg.text_end]


def test_story_paragraphs_are_all_kept(received: dt.datetime) -> None:
    doc = _ingest(DISPATCH, received)
    for paragraph in STORY:
        assert paragraph in doc.text


def test_page_furniture_is_dropped_from_text(received: dt.datetime) -> None:
    doc = _ingest(DISPATCH, received)
    for furniture in (
        "Skip to main content",
        "Home / Eastern Europe",
        "Share this",
        "Facebook Twitter",
        "tax deductible",
        "Donate now",
        "newsletter",
        "All rights reserved",
    ):
        assert furniture not in doc.text


def test_dropped_lines_go_to_boilerplate_in_order(received: dt.datetime) -> None:
    doc = _ingest(DISPATCH, received)
    assert doc.boilerplate[0] == "Skip to main content"
    assert doc.boilerplate[-1] == "© 2021 Civic Watch. All rights reserved."
    assert doc.boilerplate.index("Share this") < doc.boilerplate.index("Donate now")


def test_photo_caption_goes_to_boilerplate(received: dt.datetime) -> None:
    doc = _ingest(DISPATCH, received)
    assert CAPTION in doc.boilerplate
    assert "speaks to dock workers" not in doc.text


def test_dateline_sets_published(received: dt.datetime) -> None:
    assert _ingest(DISPATCH, received).published == dt.date(2021, 9, 14)


def test_dateline_moves_to_boilerplate(received: dt.datetime) -> None:
    doc = _ingest(DISPATCH, received)
    assert "Tuesday, September 14, 2021" in doc.boilerplate
    assert "Tuesday, September 14, 2021" not in doc.text


def test_published_argument_wins_over_dateline(received: dt.datetime) -> None:
    doc = ingest_bytes(DISPATCH.encode(), "x", published=dt.date(2021, 9, 15), received_at=received)
    assert doc.published == dt.date(2021, 9, 15)


def test_labelled_dateline_prefix_is_cut_and_story_kept(received: dt.datetime) -> None:
    text = " date 2022-04-03 DARNSK – Masked men set fire to the office of a housing charity overnight.\n"
    doc = _ingest(text, received)
    assert doc.published == dt.date(2022, 4, 3)
    assert doc.text == "DARNSK – Masked men set fire to the office of a housing charity overnight."
    assert doc.boilerplate == ["date 2022-04-03"]
    assert_segments_map_to_raw(doc)


def test_earliest_of_two_datelines_is_published(received: dt.datetime) -> None:
    text = "Sunday, May 8, 2022\n\nReporters held in Darnsk\n\nMay 6, 2022\nPolice held four reporters.\n"
    assert _ingest(text, received).published == dt.date(2022, 5, 6)


def test_date_inside_a_headline_is_not_a_dateline(received: dt.datetime) -> None:
    text = (
        "Police Detain 48 Protesters On May 5, 2021\n\nPolice in Darnsk detained 48 protesters on Friday.\n"
    )
    doc = _ingest(text, received)
    assert doc.published is None
    assert doc.text.startswith("Police Detain 48 Protesters On May 5, 2021")


def test_future_dateline_is_ignored(received: dt.datetime) -> None:
    doc = _ingest("March 3, 2031\n\nPolice detained a reporter in Darnsk on Monday.\n", received)
    assert doc.published is None


def test_segments_map_back_to_raw_bytes_with_cyrillic_and_curly_quotes(received: dt.datetime) -> None:
    text = (
        "Follow us\n\n"
        "  Полиция задержала Илью Воронцова у здания суда в Дарнске.\n"
        "“We were beaten in the van,” said Ілля Воронцов’s lawyer — Мария Кім.\n\n"
        "Ещё двое активистов были задержаны 12 сентября.   \n"
    )
    doc = _ingest(text, received)
    assert len(doc.segments) == 3
    assert_segments_map_to_raw(doc)
    assert doc.text.startswith("Полиция задержала")


def test_every_segment_of_a_full_dispatch_maps_to_raw(received: dt.datetime) -> None:
    doc = _ingest(DISPATCH, received)
    assert doc.segments
    assert_segments_map_to_raw(doc)


def test_raw_span_points_into_the_original_bytes(received: dt.datetime) -> None:
    doc = _ingest(DISPATCH, received)
    start = doc.text.index("Ilya Vorontsev")
    span = doc.raw_span(start, start + len("Ilya Vorontsev"))
    assert span is not None
    assert doc.raw[span[0] : span[1]] == b"Ilya Vorontsev"


def test_paragraph_breaks_are_kept_and_lines_joined_with_newline(received: dt.datetime) -> None:
    text = "First line of a paragraph\nsecond line of it.\n\n\nNext paragraph here.\n"
    assert (
        _ingest(text, received).text
        == "First line of a paragraph\nsecond line of it.\n\nNext paragraph here."
    )


def test_crlf_and_bom_are_normalised(received: dt.datetime) -> None:
    raw = b"\xef\xbb\xbfPolice raided the Darnsk office.\r\n\r\nThree staff were held.\r\n"
    doc = ingest_bytes(raw, "x", received_at=received)
    assert doc.text == "Police raided the Darnsk office.\n\nThree staff were held."
    assert_segments_map_to_raw(doc)


def test_id_is_sha256_of_raw_bytes(received: dt.datetime) -> None:
    doc = _ingest(DISPATCH, received)
    assert doc.id == hashlib.sha256(DISPATCH.encode()).hexdigest()
    assert doc.raw == DISPATCH.encode()


def test_received_at_defaults_to_aware_utc_now() -> None:
    before = dt.datetime.now(dt.UTC)
    doc = ingest_bytes(b"Police detained a reporter.", "x")
    assert doc.received_at.tzinfo is not None
    assert doc.received_at.utcoffset() == dt.timedelta(0)
    assert before <= doc.received_at <= dt.datetime.now(dt.UTC)


def test_media_type_is_plain_text(received: dt.datetime) -> None:
    assert _ingest(DISPATCH, received).media_type == "text/plain"


def test_headline_becomes_title(received: dt.datetime) -> None:
    assert _ingest(DISPATCH, received).title == "Veloria: Union Organiser Beaten by Police in Darnsk"


def test_byline_stays_in_text(received: dt.datetime) -> None:
    doc = _ingest("By Staff Reporter\nPolice detained a reporter in Darnsk on Friday.\n", received)
    assert doc.text.startswith("By Staff Reporter\n")


def test_repeated_caption_with_credit_removes_both_copies(received: dt.datetime) -> None:
    text = (
        "Riot police outside the court in Darnsk on March 3, 2021.\n"
        "Riot police outside the court in Darnsk on March 3, 2021. (Photo: Anna Berg/Civic Watch)\n\n"
        "Police detained eleven people outside the court.\n"
    )
    doc = _ingest(text, received)
    assert doc.text == "Police detained eleven people outside the court."
    assert len(doc.boilerplate) == 2


def test_share_counts_are_dropped_but_a_wrapped_number_is_kept(received: dt.datetime) -> None:
    text = (
        "Reporter freed after a week\n\n0\n159\nThe reporter was held from 4 to 11 March\n2021\nby police.\n"
    )
    doc = _ingest(text, received)
    assert "0" not in doc.text.split("\n")
    assert "159" not in doc.text.split("\n")
    assert "March\n2021\nby police." in doc.text
