"""Splink linkage on generated reports with known truth, and with the shipped models."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest

from whodid.link import events, generate, persons
from whodid.link.engine import SCORED_FROM, Run, grow
from whodid.link.measure import exact_baseline, pairwise


def test_pairwise_scores_count_pairs() -> None:
    clusters = pd.DataFrame({"unique_id": list("abcde"), "cluster_id": [1, 1, 1, 2, 3]})
    truth = pd.DataFrame({"unique_id": list("abcde"), "entity": [1, 1, 2, 2, 3]})
    s = pairwise(clusters, truth)
    # predicted links ab ac bc; true links ab de; correct ab
    assert (s.predicted_links, s.true_links, s.correct_links) == (3, 2, 1)
    assert s.precision == pytest.approx(1 / 3) and s.recall == pytest.approx(0.5)


def _labels(found: pd.DataFrame) -> dict[str, int]:
    return dict(zip(found["unique_id"], found["cluster_id"], strict=True))


def test_grow_joins_chains_and_keeps_singletons() -> None:
    ids = pd.Series(["a", "b", "c", "d"])
    found = grow(
        ids, None, pd.Series(["a", "b"]), pd.Series(["b", "c"]), pd.Series([0.9, 0.8]), threshold=0.5
    )
    label = _labels(found)
    assert label["a"] == label["b"] == label["c"] != label["d"]


def test_grow_refuses_a_chain_whose_ends_disagree() -> None:
    """a-b and b-c are strong, a-c was scored and is weak: the mean across {a,b} and
    {c} is (0.05 + 0.8) / 2, under a cohesion of 0.5, so c stays apart."""
    ids = pd.Series(["a", "b", "c"])
    left, right = pd.Series(["a", "b", "a"]), pd.Series(["b", "c", "c"])
    probability = pd.Series([0.95, 0.8, 0.05])
    kept = _labels(grow(ids, None, left, right, probability, threshold=0.5, cohesion=0.5))
    assert kept["a"] == kept["b"] != kept["c"]
    chained = _labels(grow(ids, None, left, right, probability, threshold=0.5))
    assert chained["a"] == chained["c"]
    # a pair never scored counts as 0: the mean is 0.4, still under the bar
    unscored = _labels(grow(ids, None, left[:2], right[:2], probability[:2], threshold=0.5, cohesion=0.5))
    assert unscored["a"] == unscored["b"] != unscored["c"]


def test_grow_never_joins_two_rows_of_one_report() -> None:
    ids = pd.Series(["a", "b", "c"])
    groups = pd.Series(["d1", "d2", "d1"])
    found = _labels(
        grow(ids, groups, pd.Series(["a", "b"]), pd.Series(["b", "c"]), pd.Series([0.9, 0.8]), threshold=0.5)
    )
    assert found["a"] == found["b"] != found["c"]


def test_the_generator_is_seeded_and_tells_each_incident_several_ways() -> None:
    first, again = generate.mentions(500, seed=3), generate.mentions(500, seed=3)
    assert first == again
    by_person: dict[int, set[str]] = {}
    for m in first:
        by_person.setdefault(m.person, set()).add(m.name)
    assert any(len(names) > 1 for names in by_person.values())  # spellings differ
    assert any(any(ord(ch) > 0x400 for ch in m.name) for m in first)  # other scripts


def _person_table(count: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    mentions = generate.mentions(count, seed=seed)
    table = persons.frame(m.row() for m in mentions)
    return table, pd.DataFrame({"unique_id": table["unique_id"], "entity": [m.person for m in mentions]})


def test_person_linkage_beats_exact_names_on_generated_reports() -> None:
    table, truth = _person_table(4000, seed=21)
    run = Run(persons.spec(), table, train=True)
    scores = pairwise(run.clusters(run.predict(SCORED_FROM)), truth)
    baseline = pairwise(exact_baseline(table, ["name_latin", "country"]), truth)
    assert scores.f1 >= 0.9, scores
    assert scores.f1 > baseline.f1 + 0.3


def test_event_linkage_on_generated_reports() -> None:
    reports = generate.reports(4000, seed=23)
    table = events.frame(r.row() for r in reports)
    truth = pd.DataFrame({"unique_id": table["unique_id"], "entity": [r.incident for r in reports]})
    run = Run(events.spec(), table, train=True)
    scores = pairwise(run.clusters(run.predict(SCORED_FROM)), truth)
    assert scores.f1 >= 0.9, scores


def test_shipped_person_model_links_scripts_and_explains_itself() -> None:
    day = date(2024, 5, 2)
    rows = [
        persons.PersonRow(
            "d1:a1", "Ержан Токболатов", "victim", None, "KAZ", day, ("Дилназа Ормекова",), "d1"
        ),
        persons.PersonRow(
            "d2:a1", "Yerzhan Tokbolatov", "victim", None, "KAZ", day, ("Dilnaza Ormekova",), "d2"
        ),
        persons.PersonRow("d3:a1", "Yerzhan Sultanov", "victim", None, "KAZ", date(2021, 1, 9), (), "d3"),
    ]
    run = Run(persons.spec(), persons.frame(rows))
    assert not run.trained  # three rows: the shipped parameters
    pairs = {(p.left, p.right): p for p in run.pairs(run.predict(0.0))}
    same = pairs.get(("d1:a1", "d2:a1")) or pairs[("d2:a1", "d1:a1")]
    assert same.probability > 0.95
    fields = {e.field: e for e in same.evidence}
    assert fields["name"].level.startswith(("same name", "same consonants"))
    assert fields["name"].weight > 3 and fields["day"].weight > 0
    other = pairs.get(("d1:a1", "d3:a1")) or pairs.get(("d3:a1", "d1:a1"))
    assert other is None or other.probability < 0.5


@pytest.mark.parametrize("module", [persons, events])
def test_shipped_models_match_the_code(module: object) -> None:
    """The shipped parameters were trained with today's comparisons and blocking rules:
    after changing either, run ``python -m whodid.link.train``."""
    from whodid.link.engine import trained_model

    spec = module.spec()  # type: ignore[attr-defined]
    shipped = trained_model(spec)
    assert shipped is not None

    def rules(settings: dict[str, Any]) -> list[str]:
        return [r["blocking_rule"] for r in settings["blocking_rules_to_generate_predictions"]]

    assert rules(shipped) == rules(spec.settings)
    levels = [[lv["sql_condition"] for lv in c["comparison_levels"]] for c in shipped["comparisons"]]
    assert levels == [
        [lv["sql_condition"] for lv in c["comparison_levels"]] for c in spec.settings["comparisons"]
    ]
