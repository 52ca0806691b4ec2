"""The linkage review queue on SQLite and PostgreSQL: candidates, decisions, clusters, undo."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from whodid.link.queue import fill
from whodid.store import Repository
from whodid.store.access import Access
from whodid.store.errors import NotFoundError, StoreError
from whodid.store.links import Scored


@pytest.fixture
def three(repo: Repository, document_factory: Any, record_factory: Any) -> list[str]:
    """Two reports of one detention (the victim's name in two scripts), and an unrelated one."""
    make_document, make_record = document_factory, record_factory
    told = [
        ("Police detained Yerzhan Tokbolatov in Almaty.", "Yerzhan Tokbolatov", date(2024, 5, 2), "KAZ"),
        ("Ержан Токболатов задержан полицией в Алматы.", "Ержан Токболатов", date(2024, 5, 2), "KAZ"),
        ("Soldiers held Dilnaza Ormekova in Homs.", "Dilnaza Ormekova", date(2021, 1, 9), "SYR"),
    ]
    ids = []
    for text, name, day, country in told:
        doc = make_document(text)
        repo.add(doc, make_record(doc, victim_name=name, day=day, country=country, location="X"))
        ids.append(doc.id)
    return ids


def test_linking_queues_the_same_person_across_scripts(repo: Repository, three: list[str]) -> None:
    first, second, third = three
    done = fill(repo, "persons")
    assert done.rows == 3 and not done.trained
    pending = repo.candidates("persons")
    pairs = {frozenset(c.documents) for c in pending}
    assert frozenset((first, second)) in pairs
    assert not any(third in p for p in pairs)
    top = next(c for c in pending if set(c.documents) == {first, second})
    assert top.probability > 0.9
    name = next(e for e in top.evidence if e["field"] == "name")
    assert {name["left"], name["right"]} == {"Yerzhan Tokbolatov", "Ержан Токболатов"}
    # linking again re-scores pending pairs and adds none
    again = fill(repo, "persons")
    assert again.added == 0 and again.updated == len(pending)


def test_accepting_joins_records_and_undo_takes_it_apart(repo: Repository, three: list[str]) -> None:
    first, second, _ = three
    fill(repo, "events")
    candidate = next(c for c in repo.candidates("events") if set(c.documents) == {first, second})
    accepted = repo.decide(candidate.id, True, by="reviewer-1")
    assert accepted.status == "accepted" and accepted.decided_by == "reviewer-1"
    assert repo.clusters("events") == [sorted([f"{first}:0", f"{second}:0"])]
    # a decision survives a new run
    fill(repo, "events")
    assert repo.candidate(candidate.id).status == "accepted"
    undone = repo.undo_link(candidate.id, by="reviewer-2")
    assert undone.status == "pending" and undone.decided_by is None
    assert repo.clusters("events") == []
    actions = [(e.action, e.actor) for e in repo.custody_log(first) if e.action in ("linked", "unlinked")]
    assert actions == [("linked", "reviewer-1"), ("unlinked", "reviewer-2")]
    with pytest.raises(StoreError, match="no decision to undo"):
        repo.undo_link(candidate.id)


def test_rejected_pairs_leave_the_queue(repo: Repository, three: list[str]) -> None:
    fill(repo, "persons")
    candidate = repo.candidates("persons")[0]
    repo.decide(candidate.id, False)
    assert candidate.id not in {c.id for c in repo.candidates("persons")}
    assert [c.id for c in repo.candidates("persons", "rejected")] == [candidate.id]
    assert repo.clusters("persons") == []


def test_a_viewer_sees_only_links_between_records_they_may_see(repo: Repository, three: list[str]) -> None:
    first, second, _ = three
    fill(repo, "persons")
    partner = Access("guest", "partner")
    assert repo.candidates("persons", access=partner) == []
    repo.set_level(first, "public")
    assert repo.candidates("persons", access=partner) == []  # one side is still internal
    repo.set_level(second, "public")
    visible = repo.candidates("persons", access=partner)
    assert len(visible) == 1
    repo.set_level(second, "confidential")
    with pytest.raises(NotFoundError):
        repo.candidate(visible[0].id, access=partner)


def test_evidence_is_sealed_at_rest(repo: Repository, three: list[str]) -> None:
    fill(repo, "persons")
    with repo._engine.connect() as conn:
        raw = " ".join(str(v) for (v,) in conn.execute(sa.text("SELECT evidence FROM link_candidates")))
    assert "Tokbolatov" not in raw and "Токболатов" not in raw


def test_bad_requests_are_refused(repo: Repository, document_factory: Any, record_factory: Any) -> None:
    with pytest.raises(StoreError, match="not a kind"):
        repo.candidates("weapons")
    with pytest.raises(StoreError, match="not a status"):
        repo.candidates("persons", "maybe")
    with pytest.raises(NotFoundError):
        repo.decide(999, True)
    doc = document_factory("A report.")
    repo.add(doc, record_factory(doc))
    hostile = "<script>alert(1)</script>'; DROP TABLE link_candidates;--"
    added, _ = repo.save_candidates(
        "persons", [Scored(f"{doc.id}:a1", f"{doc.id}:a2", 0.7, 1.2, [{"field": "name", "left": hostile}])]
    )
    assert added == 1
    assert repo.candidates("persons")[0].evidence[0]["left"] == hostile
