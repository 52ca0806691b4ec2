"""The repository on SQLite and PostgreSQL: round trips, filters, search, ids, crashes."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from whodid.config import Settings
from whodid.model import Actor, Document, Involvement, Record, ReviewState, Role
from whodid.store import NotFoundError, Repository, StoreError, rows

DocumentFactory = Callable[..., Document]
RecordFactory = Callable[..., Record]


def test_round_trip_document_and_record(
    repo: Repository, document_factory: DocumentFactory, record_factory: RecordFactory
) -> None:
    doc = document_factory()
    record = record_factory(doc)
    assert repo.add(doc, record) is True

    back = repo.get_document(doc.id)
    assert back == doc  # every field, raw bytes included
    assert back.received_at.utcoffset() is not None
    assert back.received_at == doc.received_at  # same instant (stored as UTC)
    assert back.published == date(2024, 3, 4)

    got = repo.get_record(doc.id)
    assert got == record
    assert got is not None
    assert got.actors[1].review is ReviewState.CORRECTED
    assert got.events[0].acts[0].provenance == record.events[0].acts[0].provenance
    assert got.events[0].start is not None and got.events[0].start.start == date(2024, 3, 1)


def test_blob_is_read_only_and_named_by_sha256(
    repo: Repository, settings: Settings, document_factory: DocumentFactory
) -> None:
    raw = b"%PDF-1.4\n\x00\xff binary \x01 bytes"
    doc = document_factory(raw=raw)
    repo.add(doc, None)
    digest = hashlib.sha256(raw).hexdigest()
    path = settings.blobs_dir / digest[:2] / digest
    assert path.read_bytes() == raw
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert repo.get_document(digest).raw == raw
    assert repo.get_record(digest) is None


def test_altered_or_missing_blob_is_reported(
    repo: Repository, settings: Settings, document_factory: DocumentFactory
) -> None:
    doc = document_factory()
    repo.add(doc, None)
    path = settings.blobs_dir / doc.id[:2] / doc.id
    os.chmod(path, 0o644)
    path.write_bytes(b"tampered")
    with pytest.raises(StoreError, match="altered"):
        repo.get_document(doc.id)
    path.unlink()
    with pytest.raises(NotFoundError, match="missing"):
        repo.get_document(doc.id)
    # Adding the same document again restores the blob.
    assert repo.add(doc, None) is False
    assert repo.get_document(doc.id).raw == doc.raw


def _unreviewed(record: Record) -> Record:
    """The same record as the extractor suggests it, before any review."""

    def reset(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: ("suggested" if k == "review" else reset(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [reset(v) for v in value]
        return value

    return Record.from_dict(reset(record.to_dict()))


def test_re_add_is_idempotent_and_replaces_an_unreviewed_record(
    repo: Repository, document_factory: DocumentFactory, record_factory: RecordFactory
) -> None:
    doc = document_factory()
    assert repo.add(doc, _unreviewed(record_factory(doc))) is True
    assert repo.add(doc, _unreviewed(record_factory(doc))) is False
    assert repo.count() == 1
    assert repo.stats().events == 1

    assert repo.add(doc, _unreviewed(record_factory(doc, country="TUR", act_type="killing"))) is False
    assert repo.list_records(country="SYR") == []
    assert [s.acts for s in repo.list_records(country="TUR")] == [["killing"]]
    # A re-add without a record leaves the stored record alone.
    assert repo.add(doc, None) is False
    assert repo.get_record(doc.id) == _unreviewed(record_factory(doc, country="TUR", act_type="killing"))


def test_re_add_never_wipes_a_reviewed_record(
    repo: Repository, document_factory: DocumentFactory, record_factory: RecordFactory
) -> None:
    doc = document_factory()
    repo.add(doc, record_factory(doc))
    reviewed = record_factory(doc, country="TUR")
    reviewed.actors[0].review = ReviewState.CORRECTED
    repo.save_record(reviewed)
    assert repo.add(doc, record_factory(doc, country="SYR", act_type="killing")) is False
    assert repo.get_record(doc.id) == reviewed


def test_save_record_replaces_the_index_rows(
    repo: Repository, document_factory: DocumentFactory, record_factory: RecordFactory
) -> None:
    doc = document_factory()
    repo.add(doc, record_factory(doc))
    edited = record_factory(doc, victim_name="Razan Zaitouneh")
    edited.actors[1].review = ReviewState.REJECTED  # the reviewer rejects the perpetrator
    repo.save_record(edited)
    assert repo.get_record(doc.id) == edited
    [summary] = repo.list_records()
    assert summary.victim_names == ["Razan Zaitouneh"]
    assert summary.perpetrator_types == []
    assert repo.search("Zaitouneh") and not repo.search("Darwish")
    assert repo.list_records(perpetrator_type="state_forces") == []


def test_save_record_of_unknown_document(
    repo: Repository, document_factory: DocumentFactory, record_factory: RecordFactory
) -> None:
    with pytest.raises(NotFoundError, match="add the document"):
        repo.save_record(record_factory(document_factory()))


def test_record_with_dangling_actor_is_refused_whole(
    repo: Repository, document_factory: DocumentFactory, record_factory: RecordFactory
) -> None:
    doc = document_factory()
    record = record_factory(doc)
    record.events[0].involvements.append(Involvement(actor_id="ghost", role=Role.WITNESS))
    with pytest.raises(StoreError, match="ghost"):
        repo.add(doc, record)
    assert repo.count() == 0


def test_filters(repo: Repository, document_factory: DocumentFactory, record_factory: RecordFactory) -> None:
    a = document_factory("Police detained a lawyer in Aleppo.")
    b = document_factory("Gunmen killed a farmer near Kabul.")
    c = document_factory("Nothing was extracted from this one.")
    repo.add(a, record_factory(a, day=date(2023, 5, 1)))
    repo.add(
        b,
        record_factory(
            b,
            country="AFG",
            location="Kabul",
            act_type="killing",
            perpetrator_type="non_state_armed_group",
            victim_name="Farid",
            day=date(2024, 6, 10),
        ),
    )
    repo.add(c, None)

    def ids(**kw: object) -> set[str]:
        return {s.document_id for s in repo.list_records(**kw)}  # type: ignore[arg-type]

    assert ids() == {a.id, b.id, c.id}
    assert ids(country="AFG") == {b.id}
    assert ids(country="afg") == {b.id}
    assert ids(act_type="arbitrary_detention") == {a.id}
    assert ids(perpetrator_type="non_state_armed_group") == {b.id}
    assert ids(perpetrator_type="journalists") == set()  # victims' types are not perpetrators'
    assert ids(date_from=date(2024, 1, 1)) == {b.id}
    assert ids(date_to=date(2023, 12, 31)) == {a.id}
    assert ids(date_from=date(2023, 5, 2), date_to=date(2023, 5, 2)) == {a.id}  # inside 1-3 May
    assert ids(country="AFG", act_type="arbitrary_detention") == set()
    assert len(repo.list_records(limit=2)) == 2
    assert len(repo.list_records(limit=2, offset=2)) == 1

    [summary] = repo.list_records(country="AFG")
    assert summary.title == "A report"
    assert summary.origin == "https://example.org/report"
    assert summary.date == date(2024, 6, 10)
    assert summary.location == "Kabul"
    assert summary.acts == ["killing"]
    assert summary.perpetrator_types == ["non_state_armed_group"]
    assert summary.victim_names == ["Farid"]
    assert summary.fatalities == 0

    stats = repo.stats()
    assert (stats.documents, stats.records, stats.events, stats.actors) == (3, 2, 2, 4)
    assert stats.by_country == {"AFG": 1, "SYR": 1}
    assert stats.by_perpetrator_type == {"non_state_armed_group": 1, "state_forces": 1}


def test_search_by_text_and_actor_name(
    repo: Repository, document_factory: DocumentFactory, record_factory: RecordFactory
) -> None:
    a = document_factory("Security forces stormed the newsroom at dawn.")
    b = document_factory("A protest in the square was dispersed with tear gas.")
    repo.add(a, record_factory(a, victim_name="Mazen Darwish"))
    repo.add(b, None)
    assert [s.document_id for s in repo.search("newsroom")] == [a.id]
    assert [s.document_id for s in repo.search("NEWSROOM dawn")] == [a.id]
    assert [s.document_id for s in repo.search("Darwish")] == [a.id]  # actor name, not in the text
    assert [s.document_id for s in repo.search("detention")] == [a.id]  # act type
    assert [s.document_id for s in repo.search("tear gas")] == [b.id]
    assert repo.search("newsroom protest") == []  # every word must match
    assert repo.search("") == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "*",
        "newsroom*",
        "NEAR(",
        "NEAR(newsroom dawn",
        "newsroom OR",
        "AND",
        "NOT newsroom",
        "title:newsroom",
        "'; DROP TABLE documents; --",
        "<script>alert(1)</script>",
        "\\",
        "^newsroom",
        "newsroom & | ! :*",
        "\x00",
        "ñandú — 😀",
    ],
)
def test_hostile_search_strings_never_raise(
    repo: Repository, document_factory: DocumentFactory, query: str
) -> None:
    doc = document_factory("Security forces stormed the newsroom at dawn.")
    repo.add(doc, None)
    result = repo.search(query)
    assert all(s.document_id == doc.id for s in result)
    assert repo.count() == 1  # nothing was dropped


def test_resolve_id(repo: Repository, document_factory: DocumentFactory) -> None:
    docs = [document_factory(f"report number {i}") for i in range(40)]
    for d in docs:
        repo.add(d, None)
    target = docs[0].id
    assert repo.resolve_id(target[:12]) == target
    assert repo.resolve_id(target.upper()[:12]) == target
    assert repo.resolve_id(target) == target
    with pytest.raises(StoreError, match="at least 4"):
        repo.resolve_id(target[:3])
    absent = next(p for p in (f"{i:04x}" for i in range(65536)) if not any(d.id.startswith(p) for d in docs))
    with pytest.raises(NotFoundError, match="no document"):
        repo.resolve_id(absent)
    for bad in ("xyz1", "abc", "abcd%", "ab_d", "'; --", ""):
        with pytest.raises(StoreError):
            repo.resolve_id(bad)


def test_resolve_id_ambiguous(repo: Repository, document_factory: DocumentFactory) -> None:
    # Find two documents whose ids share a 4-character prefix (a birthday search, ~300 tries).
    seen: dict[str, bytes] = {}
    for i in range(100_000):
        raw = f"doc {i}".encode()
        prefix = hashlib.sha256(raw).hexdigest()[:4]
        if prefix in seen:
            break
        seen[prefix] = raw
    repo.add(document_factory(raw=seen[prefix]), None)
    repo.add(document_factory(raw=raw), None)
    with pytest.raises(NotFoundError, match="ambiguous"):
        repo.resolve_id(prefix)


def test_failure_mid_transaction_leaves_no_document(
    repo: Repository,
    settings: Settings,
    document_factory: DocumentFactory,
    record_factory: RecordFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = document_factory()

    def crash(record: object) -> rows.RecordRows:
        raise RuntimeError("simulated crash after the document row was inserted")

    monkeypatch.setattr(rows, "record_rows", crash)
    with pytest.raises(RuntimeError, match="simulated crash"):
        repo.add(doc, record_factory(doc))
    assert repo.count() == 0
    assert repo.get_record(doc.id) is None
    assert repo.search("detained") == []
    # The blob was written first and is left as a harmless orphan.
    assert (settings.blobs_dir / doc.id[:2] / doc.id).is_file()

    monkeypatch.undo()
    assert repo.add(doc, record_factory(doc)) is True
    assert repo.get_record(doc.id) == record_factory(doc)


def test_failed_save_record_keeps_the_old_record(
    repo: Repository,
    document_factory: DocumentFactory,
    record_factory: RecordFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = document_factory()
    repo.add(doc, record_factory(doc))

    def crash(*args: object) -> dict[str, object]:
        raise RuntimeError("simulated crash before the search row")

    monkeypatch.setattr(rows, "search_row", crash)
    with pytest.raises(RuntimeError):
        repo.save_record(record_factory(doc, country="TUR"))
    assert repo.get_record(doc.id) == record_factory(doc)
    assert [s.country for s in repo.list_records()] == ["SYR"]


def test_bad_documents_are_refused(repo: Repository, document_factory: DocumentFactory) -> None:
    doc = document_factory()
    with pytest.raises(StoreError, match="SHA-256"):
        repo.add(document_factory(raw=b"other bytes", id=doc.id), None)
    with pytest.raises(StoreError, match="time zone"):
        repo.add(document_factory(received_at=datetime(2024, 1, 1)), None)
    with pytest.raises(StoreError, match="not a document id"):
        repo.get_document("../../etc/passwd")
    with pytest.raises(NotFoundError):
        repo.get_document(doc.id)
    assert repo.count() == 0


def test_nul_characters_are_stored(repo: Repository, document_factory: DocumentFactory) -> None:
    doc = document_factory("before\x00after")
    repo.add(doc, None)
    assert repo.get_document(doc.id).text == "before\ufffdafter"  # same length: offsets hold


def test_actor_without_name_is_listed_by_description(
    repo: Repository, document_factory: DocumentFactory, record_factory: RecordFactory
) -> None:
    doc = document_factory()
    record = record_factory(doc)
    record.actors.append(Actor(id="a3", name=None, description="two students", type="students"))
    record.events[0].involvements.append(Involvement(actor_id="a3", role=Role.VICTIM))
    repo.add(doc, record)
    assert repo.list_records()[0].victim_names == ["Mazen Darwish", "two students"]


def test_migrations_are_idempotent(settings: Settings, document_factory: DocumentFactory) -> None:
    doc = document_factory()
    with Repository.open(settings) as first:
        first.add(doc, None)
    with Repository.open(settings) as second, Repository.open(settings) as third:
        assert second.count() == third.count() == 1


def test_received_at_is_utc(repo: Repository, document_factory: DocumentFactory) -> None:
    doc = document_factory()
    repo.add(doc, None)
    back = repo.get_document(doc.id)
    assert back.received_at.tzinfo is UTC
    assert back.received_at == datetime(2024, 3, 5, 12, 30, 15, 123456, tzinfo=UTC)
