"""The places stage on fictional sentences."""

from __future__ import annotations

from datetime import datetime

import pytest

from whodid.extract import places
from whodid.extract.nlp import load
from whodid.extract.pipeline import Analysis
from whodid.model import Document

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load()


def _run(nlp, text: str) -> Analysis:  # type: ignore[no-untyped-def]
    doc = Document(
        id="t",
        raw=text.encode(),
        media_type="text/plain",
        origin="test",
        received_at=datetime(2024, 1, 1),
        text=text,
    )
    return places.find_places(Analysis(document=doc, doc=nlp(text)))


def test_city_resolved_with_coordinates(nlp) -> None:  # type: ignore[no-untyped-def]
    a = _run(nlp, "Police detained three teachers at a rally in Almaty on Tuesday.")
    assert a.main_place is not None
    assert a.main_place.country == "KAZ" and a.main_place.name == "Almaty"
    assert a.main_place.lat is not None and abs(a.main_place.lat - 43.25) < 0.3
    assert a.main_place.geo_precision == 1
    assert a.country_hint == "KAZ"
    assert a.main_place.provenance is not None and a.main_place.provenance.text == "Almaty"


def test_renamed_city_tagged_as_person_is_found(nlp) -> None:  # type: ignore[no-untyped-def]
    a = _run(nlp, "Officers beat the blogger Arman Tolegen in Nur-Sultan after the march.")
    assert a.main_place is not None and a.main_place.name == "Astana" and a.main_place.country == "KAZ"


def test_demonym_is_country_evidence(nlp) -> None:  # type: ignore[no-untyped-def]
    a = _run(nlp, "Libyan airport security forces held the reporter for six hours.")
    assert a.main_place is not None
    assert a.main_place.country == "LBY"
    assert a.main_place.lat is None and a.main_place.geo_precision == 3
    assert any(p.kind == "demonym" for p in a.places)


def test_southern_region_gives_country(nlp) -> None:  # type: ignore[no-untyped-def]
    a = _run(nlp, "Unidentified men attacked a community radio station in southern Kazakhstan.")
    assert a.main_place is not None and a.main_place.country == "KAZ"
    assert a.main_place.lat is None


def test_site_kept_within_its_town(nlp) -> None:  # type: ignore[no-untyped-def]
    a = _run(
        nlp, "Police took the two organisers to the police station in Karaganda and held them overnight."
    )
    assert a.main_place is not None and a.main_place.country == "KAZ"
    assert (a.main_place.name or "").startswith("Karagand")  # the gazetteer spells it Karagandy
    assert a.main_place.site == "police station"
    assert any(p.kind == "site" and p.place.name == a.main_place.name for p in a.places)


def test_ambiguous_city_follows_country_context(nlp) -> None:  # type: ignore[no-untyped-def]
    a = _run(nlp, "Lebanese soldiers arrested a fisherman in Tripoli, Lebanon, on Friday.")
    assert a.main_place is not None and a.main_place.country == "LBN"
    b = _run(nlp, "Libyan militiamen abducted a pharmacist in Tripoli on Friday.")
    assert b.main_place is not None and b.main_place.country == "LBY"


def test_residence_is_not_the_incident_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Guards beat the two singers at a concert in Shymkent. "
        "They asked to travel back to Almaty, where they live, but were refused."
    )
    a = _run(nlp, text)
    assert a.main_place is not None and a.main_place.name == "Shymkent"
    roles = {p.text: p.role for p in a.places if p.kind != "site"}
    assert roles.get("Almaty") in ("residence", "other")


def test_dateline_is_incident_evidence(nlp) -> None:  # type: ignore[no-untyped-def]
    a = _run(nlp, "HARARE - Plain-clothes agents seized a union leader early on Wednesday, his lawyer said.")
    assert a.main_place is not None and a.main_place.country == "ZWE" and a.main_place.name == "Harare"


def test_no_place_gives_none(nlp) -> None:  # type: ignore[no-untyped-def]
    a = _run(
        nlp, "Two volunteers were beaten by unknown men after a meeting. They were released the next day."
    )
    assert a.main_place is None
    assert a.country_hint is None


def test_unit_word_points_at_its_country(nlp) -> None:  # type: ignore[no-untyped-def]
    a = _run(nlp, "Gunmen detained a nurse at a checkpoint in Xorbelu payam on Monday.")
    assert a.main_place is not None and a.main_place.country == "SSD"
    assert a.main_place.lat is None and a.main_place.geo_precision == 3


def test_mission_acronym_points_at_its_country(nlp) -> None:  # type: ignore[no-untyped-def]
    a = _run(nlp, "MINUSCA peacekeepers found the body of a driver who had been abducted by gunmen.")
    assert a.country_hint == "CAF"


def test_border_country_is_no_scene(nlp) -> None:  # type: ignore[no-untyped-def]
    a = _run(
        nlp,
        "Armed men abducted a teacher while he travelled close to the border with Mali. "
        "The kidnapping occurred near Ouallam.",
    )
    assert a.main_place is not None and a.main_place.country == "NER"
    assert a.main_place.name == "Ouallam"


def test_place_list_tagged_as_organisation(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.tokens import Span

    text = "A mortar hit the clinic in Lotaw, Kachin state, killing a nurse."
    doc = nlp(text)
    start = next(t.i for t in doc if t.text == "Lotaw")
    doc.ents = [Span(doc, start, start + 3, label="ORG")]  # "Lotaw, Kachin" as one organisation
    document = Document(
        id="t",
        raw=text.encode(),
        media_type="text/plain",
        origin="test",
        received_at=datetime(2024, 1, 1),
        text=text,
    )
    a = places.find_places(Analysis(document=document, doc=doc))
    assert a.main_place is not None and a.main_place.country == "MMR"


def test_place_as_adjective_before_a_noun(nlp) -> None:  # type: ignore[no-untyped-def]
    a = _run(nlp, "Deputies shot a man when he ran at them at a Moreno Valley gas station.")
    assert a.main_place is not None and a.main_place.country == "USA"


def test_organisation_named_after_a_country_is_no_place(nlp) -> None:  # type: ignore[no-untyped-def]
    a = _run(nlp, "A nurse was detained at the crossing by the Uganda People's Defence Force in Kinshasa.")
    assert a.main_place is not None and a.main_place.country == "COD"


def test_alternate_name_needs_a_place_context(nlp) -> None:  # type: ignore[no-untyped-def]
    a = _run(
        nlp,
        "His silver Polo crashed into a wall after police chased him, killing him. "
        "Officers had linked the car to a robbery in Moreno Valley.",
    )
    assert a.main_place is not None and a.main_place.country == "USA"


def test_hyphenated_name_end_is_no_place(nlp) -> None:  # type: ignore[no-untyped-def]
    a = _run(nlp, "Gunmen kidnapped two nurses in Qarlo village, Dasht-e-Pune district.")
    assert a.main_place is None or a.main_place.country != "IND"


def test_ambiguous_agency_town_does_not_decide_the_country(nlp) -> None:  # type: ignore[no-untyped-def]
    a = _run(
        nlp,
        "Soldiers seized a Mozambican reporter in Nampula province. "
        "His family called the Valencia District Police Command.",
    )
    assert a.country_hint == "MOZ"
