"""Calibration: ECE and reliability, the fitted maps, the calibrate stage and command.

Synthetic judgements and hand-built records only, so no spaCy model is loaded.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import whodid.eval.calibration as calibration_mod
import whodid.extract.calibrate as calibrate_mod
from whodid.cli.main import app
from whodid.eval.calibration import (
    Judgement,
    auroc,
    cross_validated,
    ece,
    fit,
    isotonic,
    judge,
    platt,
    reliability,
)
from whodid.eval.cases import Case
from whodid.extract.calibrate import Calibration, FieldMap, apply, keyed_values
from whodid.extract.pipeline import DEFAULT_STAGES, STAGE_MODULES, Analysis
from whodid.model import (
    Act,
    Actor,
    DateValue,
    Document,
    Event,
    Involvement,
    Place,
    Record,
    Role,
)


def calibrated_pairs(n_per_bin: int = 200) -> list[tuple[float, bool]]:
    """Within each bin, exactly a fraction p of the values at confidence p are right."""
    pairs: list[tuple[float, bool]] = []
    for i in range(10):
        p = (i + 0.5) / 10
        right = round(p * n_per_bin)
        pairs += [(p, True)] * right + [(p, False)] * (n_per_bin - right)
    return pairs


def test_ece_of_calibrated_data_is_about_zero() -> None:
    assert ece(calibrated_pairs()) < 0.01


def test_ece_of_overconfident_data_is_large() -> None:
    pairs = [(0.95, i % 2 == 0) for i in range(200)]
    assert ece(pairs) == pytest.approx(0.45)


def test_reliability_table_counts_and_means() -> None:
    rows = reliability([(0.05, False), (0.15, True), (0.12, False), (1.0, True)])
    assert [r.count for r in rows] == [1, 2, 0, 0, 0, 0, 0, 0, 0, 1]
    assert rows[1].confidence == pytest.approx(0.135)
    assert rows[1].accuracy == 0.5
    assert rows[9].accuracy == 1.0  # a confidence of 1 falls in the last bin


def test_auroc_ranks_and_is_none_when_one_sided() -> None:
    assert auroc([(0.9, True), (0.1, False)]) == 1.0
    assert auroc([(0.5, True), (0.5, False)]) == 0.5
    assert auroc([(0.5, True)]) is None


def noisy(n: int, seed: int = 1) -> list[tuple[float, bool]]:
    rng = random.Random(seed)
    pairs = []
    for _ in range(n):
        raw = round(rng.random(), 2)
        pairs.append((raw, rng.random() < 0.2 + 0.6 * raw))
    return pairs


def grid(m: FieldMap) -> list[float]:
    return [m(i / 100) for i in range(101)]


def test_isotonic_map_is_monotone_within_unit_interval_and_min_block() -> None:
    pairs = noisy(400)
    m = isotonic(pairs, min_block=20)
    values = grid(m)
    assert values == sorted(values)
    assert all(0.0 <= v <= 1.0 for v in values)
    assert list(m.x) == sorted(set(m.x))  # a function: one point per x
    assert len(m.x) <= 400 // 20
    # and it is a calibration: its own in-sample ECE is small
    assert ece([(m(c), ok) for c, ok in pairs]) < 0.05


def test_isotonic_pools_equal_confidences() -> None:
    m = isotonic([(0.6, True)] * 3 + [(0.6, False)], min_block=1)
    assert m.x == (0.6,) and m.y == (0.75,)


def test_isotonic_corrects_overconfidence() -> None:
    pairs = [(0.9, i % 2 == 0) for i in range(100)] + [(0.5, i % 5 == 0) for i in range(100)]
    m = isotonic(pairs)
    assert m(0.9) == pytest.approx(0.5)
    assert m(0.5) == pytest.approx(0.2)


def test_platt_for_thin_data_is_monotone() -> None:
    m = platt(noisy(20, seed=3))
    values = grid(m)
    assert values == sorted(values)
    assert all(0.0 <= v <= 1.0 for v in values)
    # one repeated confidence: the map moves it towards the observed accuracy
    constant = platt([(0.5, True)] * 15 + [(0.5, False)] * 5)
    assert 0.6 < constant(0.5) < 0.75


def test_map_round_trips_and_rejects_non_monotone() -> None:
    m = FieldMap(kind="isotonic", n=5, x=(0.2, 0.8), y=(0.3, 0.7))
    assert FieldMap.from_dict(m.to_dict()) == m
    with pytest.raises(ValueError):
        FieldMap.from_dict({"kind": "isotonic", "n": 5, "x": [0.2, 0.8], "y": [0.7, 0.3]})


def j(field: str, ok: bool, key: str, conf: float, case: str = "c") -> Judgement:
    return Judgement(field=field, ok=ok, sources=((key, conf),), case=case)


def test_fit_gives_details_their_own_or_shrunk_maps_and_falls_back_to_the_kind() -> None:
    js = [j("act", i % 10 != 0, "act:killing", 0.6, f"k{i}") for i in range(100)]
    js += [j("act", i % 2 == 0, "act:harassment", 0.6, f"h{i}") for i in range(60)]
    js += [j("act", False, "act:torture", 0.6, f"t{i}") for i in range(5)]
    cal = fit(js)
    assert cal.apply("act:killing", 0.6) == pytest.approx(0.9)
    assert cal.apply("act:harassment", 0.6) == pytest.approx(0.5)
    # torture: 0 of 5 right, shrunk towards the kind's accuracy
    assert 0.0 < cal.apply("act:torture", 0.6) < cal.apply("act", 0.6)
    assert cal.lookup("act:never_seen") is cal.maps["act"]
    assert cal.apply("unknown", 0.37) == 0.37  # unknown field: unchanged
    assert cal.apply(None, 0.37) == 0.37


def test_cross_validation_measures_on_held_out_cases() -> None:
    rng = random.Random(0)
    js = [j("date", rng.random() < 0.7, "date", 0.9, f"c{i}") for i in range(300)]
    out = cross_validated(js, folds=5)
    assert len(out) == len(js)
    pairs = [(c, x.ok) for c, x in zip(out, js, strict=True)]
    assert ece(pairs) < ece([(x.confidence, x.ok) for x in js])


# --- records --------------------------------------------------------------------------


def record() -> Record:
    when = DateValue(start=date(2024, 3, 3), confidence=0.8)
    where = Place(name="Town", country="AAA", lat=1.0, lon=2.0, feature="city", confidence=0.7)
    perp = Actor(id="p", name=None, description="police", type="state_forces", confidence=0.5)
    victim = Actor(id="v", name="Ann Lee", count=1, type="journalists", confidence=0.5)
    witness = Actor(id="w", name="Bo Chen", count=1, confidence=0.5)
    acts = [
        Act(type="arbitrary_detention", perpetrator_ids=["p"], victim_ids=["v"], confidence=0.75),
        Act(type="arbitrary_detention", perpetrator_ids=["p"], victim_ids=["v"], confidence=0.55),
        Act(type="torture", victim_ids=["v"], confidence=0.55),
    ]
    for a in acts:
        a.date, a.place = when, where
    event = Event(
        title="t",
        start=when,
        places=[where],
        acts=acts,
        involvements=[
            Involvement(actor_id="p", role=Role.PERPETRATOR, confidence=0.75),
            Involvement(actor_id="v", role=Role.VICTIM, confidence=0.75),
            Involvement(actor_id="w", role=Role.SOURCE, confidence=0.6),
        ],
        acled_sub_event_type="Arrests",
        fatalities=0,
        confidence=0.6,
    )
    return Record(document_id="d", events=[event], actors=[perp, victim, witness])


def halving() -> Calibration:
    """A map that halves every confidence of every key the stage knows."""
    half = FieldMap(kind="isotonic", n=10, x=(0.0, 1.0), y=(0.0, 0.5))
    keys = ("date", "place", "event", "act", "perpetrator", "victim", "victim named")
    return Calibration(maps=dict.fromkeys(keys, half))


def test_apply_rewrites_every_keyed_value_once() -> None:
    rec = record()
    apply(rec, halving())
    event = rec.events[0]
    assert event.start is not None and event.start.confidence == pytest.approx(0.4)  # shared, once
    assert event.acts[0].date is event.start
    assert event.places[0].confidence == pytest.approx(0.35)
    assert event.confidence == pytest.approx(0.3)
    assert [a.confidence for a in event.acts] == pytest.approx([0.375, 0.275, 0.275])
    assert [i.confidence for i in event.involvements] == pytest.approx([0.375, 0.375, 0.6])  # source kept
    assert rec.actor("v").confidence == pytest.approx(0.25)  # a named victim
    assert rec.actor("p").confidence == 0.5  # an unnamed perpetrator: no field judges it
    assert rec.actor("w").confidence == 0.5  # not a victim


def test_keys_of_values() -> None:
    keys = {k for k, _ in keyed_values(record())}
    assert {"date", "place:city", "event", "act:arbitrary_detention", "act:torture"} <= keys
    assert {"perpetrator:state_forces", "victim:journalists", "victim named"} <= keys


def test_stage_is_registered_last_and_rewrites(monkeypatch: pytest.MonkeyPatch) -> None:
    assert DEFAULT_STAGES[-1] == "calibrate" and STAGE_MODULES["calibrate"] == calibrate_mod.__name__
    monkeypatch.setattr(calibrate_mod, "default_calibration", halving)
    doc = Document(
        id="d", raw=b"x", media_type="text/plain", origin="t", received_at=datetime(2026, 1, 1), text="x"
    )
    analysis = Analysis(document=doc, record=record())
    out = calibrate_mod.calibrate(analysis)
    assert out.record is not None and out.record.events[0].confidence == pytest.approx(0.3)


def test_shipped_map_loads() -> None:
    if not calibrate_mod.DEFAULT_PATH.exists():
        pytest.skip("no calibration.json shipped")
    cal = calibrate_mod.default_calibration()
    assert cal.maps and cal.meta["judgements"] > 0
    for m in cal.maps.values():
        values = grid(m)
        assert values == sorted(values) and all(0 <= v <= 1 for v in values)


def gold(**over: Any) -> dict[str, Any]:
    g: dict[str, Any] = {
        "date": "2024-03-03",
        "country": "AAA",
        "lat": 1.0,
        "lon": 2.0,
        "acled_sub_event_type": "Arrests",
        "acts": ["arbitrary_detention"],
        "perpetrators": [{"name": "police", "type": "state_forces", "count": None}],
        "victims": [{"name": "Ann Lee", "type": "journalists", "count": 1}],
        "fatalities": 0,
    }
    g.update(over)
    return g


def case(g: dict[str, Any] | None, cid: str = "c1") -> Case:
    flags = {"date_in_text": True, "location_in_text": True, "country_in_text": True}
    return Case(id=cid, text="x", published=None, gold=g, meta={"text_flags": flags})


def test_judge_uses_the_score_rules_per_value() -> None:
    found = {(x.field, x.sources[0][0]): (x.ok, x.confidence) for x in judge(case(gold()), record())}
    assert found[("date", "date")] == (True, 0.8)
    assert found[("country", "place:city")] == (True, 0.7)
    assert found[("place", "place:city")] == (True, 0.7)
    assert found[("acled", "event")] == (True, 0.6)
    assert found[("fatalities", "event")] == (True, 0.6)
    assert found[("act", "act:arbitrary_detention")] == (True, 0.75)  # the surest act of the type
    assert found[("act", "act:torture")] == (False, 0.55)
    assert found[("perpetrator type", "perpetrator:state_forces")] == (True, 0.75)
    assert found[("victim type", "victim:journalists")] == (True, 0.75)
    assert found[("victim named", "victim named")] == (True, 0.5)
    wrong = judge(case(gold(date="2020-01-01", victims=[{"name": "Cy Dee", "type": "lawyers"}])), record())
    by_field = {x.field: x.ok for x in wrong}
    assert by_field["date"] is False and by_field["victim type"] is False
    assert by_field["victim named"] is False
    assert judge(case(None), record()) == []


# --- the command -----------------------------------------------------------------------


def test_calibrate_command_writes_a_valid_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cases = tmp_path / "cases.jsonl"
    rng = random.Random(2)
    lines = []
    for n in range(60):
        g = gold(date="2024-03-03" if rng.random() < 0.8 else "2023-01-01")
        lines.append(json.dumps({"id": f"c{n}", "text": f"report {n}", "gold": g}))
    cases.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def fake_extract(items: list[Case], stages: Any = None, batch_size: int = 64) -> list[Record]:
        assert stages is not None and "calibrate" not in stages  # fitted on raw confidences
        return [record() for _ in items]

    monkeypatch.setattr(calibration_mod, "extract_records", fake_extract)
    out = tmp_path / "calibration.json"
    result = CliRunner().invoke(app, ["calibrate", str(cases), "--out", str(out), "--reliability"])
    assert result.exit_code == 0, result.output
    assert "cv5" in result.output and "date" in result.output
    cal = Calibration.load(out)
    assert cal.meta["judgements"] > 0 and cal.meta["fitted_on"] == ["cases.jsonl"]
    assert cal.maps["date"].n == 60
    assert cal.apply("date", 0.8) == pytest.approx(0.8, abs=0.1)
    assert set(cal.meta["ece"]["date"]) == {"raw", "cv5", "n"}


def test_isotonic_map_is_flat_across_each_block_of_discrete_confidences() -> None:
    from whodid.eval.calibration import isotonic

    pairs = (
        [(0.5, True)] * 15
        + [(0.5, False)] * 15
        + [(0.55, True)] * 10
        + [(0.55, False)] * 20
        + [(0.8, True)] * 40
        + [(0.8, False)] * 10
    )
    m = isotonic(pairs, min_block=20)
    # 0.5 (half right) and 0.55 (a third right) violate monotony and pool: 25 of 60 right
    assert m(0.5) == pytest.approx(25 / 60, abs=1e-3)
    assert m(0.55) == pytest.approx(25 / 60, abs=1e-3)
    assert m(0.8) == pytest.approx(0.8, abs=1e-3)
