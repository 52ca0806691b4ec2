"""Redaction profiles: pseudonyms in record and text, offsets moved, contacts and coordinates hidden."""

from __future__ import annotations

from whodid.extract import Extractor
from whodid.ingest import ingest_bytes
from whodid.model import Document, Record, Role
from whodid.model.domain import Extracted
from whodid.protect.redact import PROFILES, Redactor, _move, coarsen, protected_ids

TEXT = (
    "On 3 June 2024, soldiers shot the farmer Ismo Kallavaara near Goma, DR Congo. "
    "Kallavaara's brother, reachable at ismo.k@example.org or +243 81 555 0199, said he was unarmed.\n"
)


def _alias(name: str) -> str:
    return "Person " + str(abs(hash(name.casefold())) % 10_000)


def _redacted() -> tuple[Document, Record, Document, Record | None]:
    document = ingest_bytes(TEXT.encode(), "Ismo Kallavaara statement.txt", media_type="text/plain")
    record = Extractor().extract(document)
    shown, redacted = Redactor(PROFILES["partner"], _alias).document_and_record(document, record)
    return document, record, shown, redacted


def test_a_partner_sees_pseudonyms_everywhere_and_offsets_still_point_at_the_words() -> None:
    _, record, shown, redacted = _redacted()
    assert redacted is not None
    assert "Kallavaara" not in shown.text and "Ismo" not in shown.text
    assert _alias("Ismo Kallavaara") in shown.text
    assert "[e-mail]" in shown.text and "[phone]" in shown.text and "555" not in shown.text
    assert shown.origin == "[withheld]"
    victims = [a for a in redacted.actors if a.id in protected_ids(redacted)]
    assert victims and all(a.name is None or a.name.startswith("Person ") for a in victims)
    for value in _walk(redacted):
        p = value.provenance
        if p is not None:
            assert shown.text[p.start : p.end] == p.text  # every highlight lands on the shown text
    # the original is untouched
    assert any(a.name == "Ismo Kallavaara" for a in record.actors)


def test_perpetrators_keep_their_description_and_coordinates_are_coarsened() -> None:
    _, record, _, redacted = _redacted()
    assert redacted is not None
    perpetrators = {
        inv.actor_id for e in record.events for inv in e.involvements if inv.role is Role.PERPETRATOR
    }
    for before, after in zip(record.actors, redacted.actors, strict=True):
        if before.id in perpetrators and before.id not in protected_ids(record):
            assert after.name == before.name and after.description == before.description
    place = record.events[0].places[0]
    shown_place = redacted.events[0].places[0]
    assert place.lat is not None and shown_place.lat is not None
    assert shown_place.lat != place.lat and abs(shown_place.lat - place.lat) <= 0.05 + 1e-9
    assert shown_place.lat == coarsen(place.lat, 0.1)


def test_the_full_profile_changes_nothing() -> None:
    document = ingest_bytes(TEXT.encode(), "x.txt", media_type="text/plain")
    record = Extractor().extract(document)
    shown, same = Redactor(PROFILES["full"], _alias).document_and_record(document, record)
    assert shown is document and same is record


def test_offsets_move_with_the_replacements() -> None:
    # "ab NAME cd" -> "ab P cd": NAME (3..7) became P (3..4)
    spans = [(3, 7, 3, 4)]
    assert _move(0, spans, start=True) == 0
    assert _move(3, spans, start=True) == 3 and _move(7, spans, start=False) == 4
    assert _move(5, spans, start=True) == 3 and _move(5, spans, start=False) == 4
    assert _move(3, spans, start=False) == 3  # a span ending where the name starts
    assert _move(9, spans, start=False) == 6


def test_coarsening_snaps_to_cell_centres() -> None:
    assert coarsen(-1.6789, 0.1) == -1.65
    assert coarsen(29.2201, 0.1) == 29.25
    assert coarsen(None, 0.1) is None and coarsen(3.3, None) == 3.3


def _walk(value: object) -> list[Extracted]:
    from whodid.protect.redact import _extracted

    return list(_extracted(value))


def test_pseudonyms_are_stable_per_person() -> None:
    red = Redactor(PROFILES["partner"], _alias)
    names = red.replacements(["Ismo Kallavaara"])
    assert names["Ismo"] == names["Kallavaara"] == names["Ismo Kallavaara"]
    assert red.scrub("the soldiers shot Ismo.", names)[0] == f"the soldiers shot {names['Ismo']}."
