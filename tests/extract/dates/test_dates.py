"""The dates stage: reading, resolving and placing dates, and choosing the incident's.

Every text here is invented for the test.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from spacy.language import Language

from whodid.extract.dates import extract_dates
from whodid.extract.pipeline import Analysis, DateMention
from whodid.model import DatePrecision, Document

pytestmark = pytest.mark.slow

Run = Callable[..., Analysis]


@pytest.fixture(scope="module")
def model() -> Language:
    from whodid.extract.nlp import load

    return load()


@pytest.fixture(scope="module")
def run(model: Language) -> Run:
    def analyse(
        text: str,
        published: date | None = None,
        boilerplate: list[str] | None = None,
        received: date = date(2026, 1, 1),
    ) -> Analysis:
        raw = text.encode("utf-8")
        document = Document(
            id=hashlib.sha256(raw).hexdigest(),
            raw=raw,
            media_type="text/plain",
            origin="test",
            received_at=datetime(received.year, received.month, received.day, tzinfo=UTC),
            text=text,
            published=published,
            boilerplate=boilerplate or [],
        )
        analysis = Analysis(document=document, published=published, doc=model(text))
        return extract_dates(analysis)

    return analyse


def incident(a: Analysis) -> date | None:
    return a.incident_date.start if a.incident_date else None


def mention(a: Analysis, words: str) -> DateMention:
    return next(m for m in a.dates if m.value.provenance and words in m.value.provenance.text)


# --- relative days against the anchor --------------------------------------------------


def test_weekday_is_the_latest_such_day_before_publication(run: Run) -> None:
    a = run("Police arrested the poet Ilse Varga on Sunday in Northport.", published=date(2023, 3, 13))
    assert incident(a) == date(2023, 3, 12)


def test_weekday_of_the_publication_day_is_that_same_day(run: Run) -> None:
    a = run("Guards beat two prisoners on Monday, their lawyer said.", published=date(2023, 3, 13))
    assert incident(a) == date(2023, 3, 13)


def test_yesterday_counts_back_from_the_dateline(run: Run) -> None:
    text = "Eastbrook, July 11, 2017 – Three armed men attacked the reporter Tomas Reyl yesterday."
    a = run(text)
    assert incident(a) == date(2017, 7, 10)
    assert mention(a, "July 11, 2017").role == "publication"
    assert a.published == date(2017, 7, 11)


def test_next_day_follows_the_previous_date_of_the_story(run: Run) -> None:
    a = run("Soldiers detained the teacher Anna Holm on 4 June 2022. She was beaten the next day.")
    assert mention(a, "the next day").value.start == date(2022, 6, 5)
    assert incident(a) == date(2022, 6, 4)


def test_act_day_wins_over_the_day_of_the_announcement(run: Run) -> None:
    text = "Some 200 marchers who gathered in the capital Saturday were arrested, police announced Sunday."
    a = run(text, published=date(2022, 9, 18))
    assert incident(a) == date(2022, 9, 17)


def test_trial_day_is_not_the_incident_day(run: Run) -> None:
    text = (
        "Four guards were handed prison terms on Thursday after being found guilty of beating inmates. "
        "On Tuesday, the guards had attacked a group of inmates in the yard."
    )
    a = run(text, published=date(2023, 3, 17))
    assert incident(a) == date(2023, 3, 14)


def test_vague_lead_date_is_sharpened_by_a_later_day_inside_it(run: Run) -> None:
    text = (
        "A farmer abducted last week has been freed, his family said Friday. "
        "On March 7, masked men took Oren Saltz from his farm."
    )
    a = run(text, published=date(2023, 3, 17))
    assert incident(a) == date(2023, 3, 7)


# --- the year of a bare "May 29" ------------------------------------------------------


def test_year_from_weekday_with_a_caption_year_as_lower_bound(run: Run) -> None:
    text = (
        "On March 14, unidentified men attacked the offices of the Lantern Collective in Harrowgate.\n\n"
        "The police response to Saturday's attack was slow, members said."
    )
    a = run(text, boilerplate=["Members of the Lantern Collective at a meeting, 2016. © Photo Agency"])
    # The first year from 2016 on in which March 14 is a Saturday.
    assert incident(a) == date(2020, 3, 14)


def test_weekday_stated_with_the_date_fixes_the_year(run: Run) -> None:
    text = "Gunmen shot the activist Pia Lund on Tuesday, July 31, at her home. A rally in 2017 ended calmly."
    assert incident(run(text)) == date(2018, 7, 31)


def test_no_year_evidence_abstains(run: Run) -> None:
    a = run("On March 14, unidentified men attacked the offices of a small newspaper in Harrowgate.")
    assert a.incident_date is None


def test_bare_weekday_without_anchor_abstains(run: Run) -> None:
    a = run("Police detained the lawyer Ivo Marsh on Friday, his colleagues said.")
    assert a.incident_date is None


def test_unplaceable_lead_date_is_not_replaced_by_a_background_date(run: Run) -> None:
    text = (
        "On Friday, men in uniform seized the engineer Rafe Doyle at his home. "
        "A bombing in May 2011 had killed his cousin."
    )
    assert run(text).incident_date is None


def test_bare_month_day_takes_the_latest_year_written_with_low_confidence(run: Run) -> None:
    text = "On February 5, men in uniform seized the engineer Rafe Doyle. He had been jailed in 2011."
    a = run(text)
    assert incident(a) == date(2011, 2, 5)
    assert a.incident_date is not None and a.incident_date.confidence < 0.5


# --- what is not a date, and what is not the incident's date ---------------------------


def test_durations_are_not_dates(run: Run) -> None:
    text = (
        "Police held the two women for eight hours and questioned them for 4.5 hours. "
        "Officers then drove them home, an eight-hour journey, and watched the house for three days."
    )
    a = run(text, published=date(2023, 3, 13))
    assert a.dates == []
    assert a.incident_date is None


def test_caption_date_is_not_the_incident_date(run: Run) -> None:
    text = (
        "Villagers clear a road near Kestrel Bay on July 2, 2019. (Northern Photo Service)\n\n"
        "Gunmen attacked the radio journalist Marta Pell on Friday as she left the station."
    )
    a = run(text, published=date(2019, 8, 10))
    assert incident(a) == date(2019, 8, 9)
    assert mention(a, "July 2, 2019").role == "caption"


def test_future_dates_are_not_incident_dates(run: Run) -> None:
    text = "Police arrested the unionist Sam Okoro on 3 May 2021. His trial is due to open on 20 June 2021."
    a = run(text, published=date(2021, 5, 5))
    assert incident(a) == date(2021, 5, 3)
    assert mention(a, "20 June 2021").role != "incident"


def test_earlier_background_date_is_background(run: Run) -> None:
    text = "Police arrested the blogger Lena Kors on 3 May 2021. She had been jailed in 2014 for her posts."
    a = run(text)
    assert incident(a) == date(2021, 5, 3)
    assert mention(a, "2014").role == "background"


# --- ranges, precision and time of day -------------------------------------------------


def test_day_range_keeps_start_and_end(run: Run) -> None:
    a = run("Security forces detained dozens of students between 3 and 5 March 2021.")
    value = mention(a, "March 2021").value
    assert (value.start, value.end) == (date(2021, 3, 3), date(2021, 3, 5))


def test_range_of_two_dates_keeps_start_and_end(run: Run) -> None:
    a = run("Troops blocked the road into the valley from May 1 to May 3, 2020.")
    value = mention(a, "May 1").value
    assert (value.start, value.end) == (date(2020, 5, 1), date(2020, 5, 3))


def test_month_and_year_have_month_precision(run: Run) -> None:
    a = run("Police raided the offices of the Granite Daily in May 2021.")
    value = mention(a, "May 2021").value
    assert value.precision == DatePrecision.MONTH
    assert value.start == date(2021, 5, 1)


def test_year_alone_has_year_precision(run: Run) -> None:
    a = run("The group was banned in 2019.")
    assert mention(a, "2019").value.precision == DatePrecision.YEAR


def test_last_week_has_week_precision(run: Run) -> None:
    a = run("Officers raided the shelter last week.", published=date(2023, 3, 15))
    value = mention(a, "last week").value
    assert value.precision == DatePrecision.WEEK
    assert (value.start, value.end) == (date(2023, 3, 6), date(2023, 3, 12))


def test_clock_time_attaches_to_its_day(run: Run) -> None:
    a = run("Police arrested nine tenants at about 9:15pm on 12 October 2018 outside the court.")
    assert len(a.dates) == 1
    assert a.dates[0].value.provenance is not None
    assert a.dates[0].value.provenance.text == "at about 9:15pm on 12 October 2018"
    assert a.dates[0].value.precision == DatePrecision.DAY


def test_part_of_day_attaches_to_its_weekday(run: Run) -> None:
    a = run("The reporter was arrested Friday morning near the market.", published=date(2019, 8, 24))
    assert [m.value.provenance.text for m in a.dates if m.value.provenance] == ["Friday morning"]
    assert incident(a) == date(2019, 8, 23)


def test_date_in_brackets_after_relative_words_is_one_mention(run: Run) -> None:
    a = run("Six bloggers were detained last night (Friday April 25, 2014), their friends said.")
    assert len(a.dates) == 1
    assert incident(a) == date(2014, 4, 25)


def test_day_before_a_later_death_is_the_first_act(run: Run) -> None:
    text = "Jon Abel died July 10, 2004, three months after officers restrained him during an arrest."
    assert incident(run(text)) == date(2004, 4, 10)


def test_mentions_carry_provenance_offsets(run: Run) -> None:
    text = "Guards beat the prisoner on 6 August 2017."
    m = run(text).dates[0]
    assert m.value.provenance is not None
    assert text[m.value.provenance.start : m.value.provenance.end] == "6 August 2017"


def test_short_sentence_with_a_full_date_is_not_a_dateline(run: Run) -> None:
    a = run("The miner died May 5, 2020.\n\nHis family blamed the guards who had beaten him.")
    assert mention(a, "May 5, 2020").role != "publication"
    assert a.published is None
