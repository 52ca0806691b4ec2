"""Is a confidence of p right p of the time? Judge, measure and fit calibration.

For each case with gold, every flat value the extractor filled in becomes a
:class:`Judgement`: was it right, and how sure was the extractor. ``date``,
``country``, ``place``, ``acled`` and ``fatalities`` are judged by the score's own
comparisons (:func:`whodid.eval.score.score_case` is run and listened to, so the
rules are not restated). The score judges actors and acts by recall per case
(was the gold's perpetrator type, each gold victim, each gold act found?), but a
confidence belongs to a predicted value, so those are judged per value: each
predicted perpetrator or victim (is its type among the gold's for that role?),
each predicted named victim (is it a gold victim, by the score's name
similarity?), each predicted act type (is it a gold act?). A value's confidence
is that of the value it came from: the event's start date, the place (for
country and coordinates), the event (for ACLED type and fatalities), the
involvement (for an actor's type in its role), the named victim, the surest act
of the type. A null is an abstention and has no confidence, so it is not judged
here (the score counts it).

From judgements: the expected calibration error (ECE, 10 equal-width bins,
weighted by count), the reliability table, and the maps of
:mod:`whodid.extract.calibrate`, fitted by isotonic regression (pool adjacent
violators with a minimum block size) where there are enough judgements and by
Platt scaling where they are few. :func:`calibrate_cases` also measures the
maps by k-fold cross-validation over cases, so the figure it reports was not
measured on the data the maps were fitted on.

Each judgement also knows the *kind* of its case's document
(:func:`whodid.extract.calibrate.document_kind`: short log entry or long
report). :func:`fit` fits the pooled maps on all judgements and, for each kind,
the same maps on that kind's judgements alone (keys ``<key>@<kind>``) where the
kind has at least :data:`MIN_KIND` judgements of the family; the calibrate stage
prefers those (see :meth:`whodid.extract.calibrate.Calibration.lookup`). The
cross-validation folds are stratified by kind, so every fold holds out some long
reports, and the report gives the cross-validated ECE per kind as well.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from whodid.eval import cases as cases_module
from whodid.eval.cases import Case
from whodid.eval.score import NAME_MATCH, Scores, name_similarity, score_case
from whodid.extract.calibrate import (
    KINDS,
    LONG_TEXT,
    Calibration,
    FieldMap,
    act_key,
    actor_key,
    document_kind,
    event_key,
    involvement_key,
    kind_key,
    place_key,
)
from whodid.extract.pipeline import DEFAULT_STAGES
from whodid.model import Record, ReviewState, Role, to_flat

FIELDS = (
    "date",
    "country",
    "place",
    "acled",
    "perpetrator type",
    "victim type",
    "victim named",
    "act",
    "fatalities",
)
BINS = 10
MIN_ISOTONIC = 50  # fewer judgements than this: Platt scaling (2 parameters) instead
MIN_PLATT = 8  # fewer than this: no map, the raw confidence stands
MIN_OWN_MAP = 60  # a key "kind:detail" with fewer judgements: its accuracy, shrunk to its kind's
SHRINK = 5  # ... by this many pseudo-judgements at the kind's accuracy
MIN_BLOCK = 10  # smallest number of judgements behind one point of an isotonic map
# A family (act, victim, place, ...) gets maps of its own for a document kind only
# with at least this many judgements of that kind; with fewer, that kind's values go
# through the pooled maps. 25 is three times what a Platt map needs (MIN_PLATT) and
# enough that the family map is not a handful of cases: the development set's 32
# long reports give every family at least 28.
MIN_KIND = 25


@dataclass(frozen=True)
class Judgement:
    """One filled-in flat field of one case: right or not, and the values it came from.

    ``sources`` are ``(key, confidence)`` of those values (the key says which map
    the calibrate stage puts each through); the field's confidence is the largest.
    ``kind`` is the :func:`document_kind` of the case's text (None: unknown, so
    only the pooled maps apply).
    """

    field: str
    ok: bool
    sources: tuple[tuple[str | None, float], ...]
    case: str
    kind: str | None = None

    @property
    def confidence(self) -> float:
        return max(c for _, c in self.sources)

    def calibrated(self, calibration: Calibration) -> float:
        """The confidence after the calibrate stage has applied ``calibration``."""
        return max(calibration.apply(k, c, self.kind) for k, c in self.sources)


# --- judging --------------------------------------------------------------------------------


class _Recorder(Scores):
    """A :class:`Scores` that keeps each comparison, so the score's own rules decide."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, bool]] = []

    def add(self, name: str, ok: bool, case_id: str, detail: str) -> None:
        self.seen.append((name, ok))


def _kept(value: Any) -> bool:
    return value is not None and value.review != ReviewState.REJECTED


def judge(case: Case, record: Record | None, case_key: str | None = None) -> list[Judgement]:
    """The judgements of one case's extracted ``record`` (none when the case has no gold)."""
    gold = case.gold
    if not gold or "acts" not in gold or record is None or record.main_event is None:
        return []
    cid = case_key or case.id
    flat = to_flat(record, case.id)
    event = record.main_event
    recorder = _Recorder()
    score_case(recorder, case, flat)

    place = next((p for p in event.places if _kept(p)), None)
    kind = document_kind(case.text)
    out: list[Judgement] = []

    def add(name: str, ok: bool, sources: Sequence[tuple[str | None, float]]) -> None:
        if sources:
            out.append(Judgement(field=name, ok=ok, sources=tuple(sources), case=cid, kind=kind))

    for name, ok in recorder.seen:
        if name.startswith("date") and flat["date"] is not None and event.start is not None:
            add("date", ok, [("date", event.start.confidence)])
        elif name.startswith("country") and flat["country"] is not None and place is not None:
            add("country", ok, [(place_key(place), place.confidence)])
        elif name.startswith("place") and flat["lat"] is not None and place is not None:
            add("place", ok, [(place_key(place), place.confidence)])
        elif name == "acled sub-event type" and flat["acled_sub_event_type"]:
            add("acled", ok, [(event_key(event), event.confidence)])
        elif name == "fatalities" and flat["fatalities"] is not None:
            add("fatalities", ok, [(event_key(event), event.confidence)])
        # The other comparisons of the score judge recall per case (was the gold's
        # perpetrator type, each gold victim, each gold act found?). A confidence
        # belongs to a predicted value, so those fields are judged per value below.

    gold_types = {
        role: {x.get("type") for x in gold.get(key) or [] if x.get("type")}
        for role, key in ((Role.PERPETRATOR, "perpetrators"), (Role.VICTIM, "victims"))
    }
    gold_names = [v.get("name") or "" for v in gold.get("victims") or []]
    for role, field_name in ((Role.PERPETRATOR, "perpetrator type"), (Role.VICTIM, "victim type")):
        done: set[str] = set()
        for inv in event.involvements:
            if inv.role != role or not _kept(inv) or inv.actor_id in done:
                continue
            done.add(inv.actor_id)
            actor = record.actor(inv.actor_id)
            if not _kept(actor):
                continue
            if gold_types[role]:  # each predicted actor in the role: is its type one of the gold's?
                source = [(involvement_key(record, inv), inv.confidence)]
                add(field_name, actor.type in gold_types[role], source)
            named_key = actor_key(record, actor)
            if role == Role.VICTIM and gold_names and named_key is not None:
                # each predicted named victim: is it a gold victim, by the score's similarity?
                ok = name_similarity(actor.name or "", gold_names) >= NAME_MATCH
                add("victim named", ok, [(named_key, actor.confidence)])
    # each predicted act type: is it among the gold acts (the score's precision)?
    gold_acts = set(gold.get("acts") or [])
    if gold_acts:
        for act_type in flat["acts"]:
            confs = [a.confidence for a in event.acts if _kept(a) and a.type == act_type]
            add("act", act_type in gold_acts, [(act_key(act_type), max(confs))])
    return out


def judge_all(cases: Sequence[Case], records: Sequence[Record | None]) -> list[Judgement]:
    """Judgements of every case (cases and records in the same order)."""
    found: list[Judgement] = []
    for n, (case, record) in enumerate(zip(cases, records, strict=True)):
        found.extend(judge(case, record, f"{n}:{case.id}"))
    return found


RAW_STAGES = tuple(n for n in DEFAULT_STAGES if n != "calibrate")


def extract_records(
    cases: Sequence[Case], stages: Iterable[str] | None = None, batch_size: int = 64
) -> list[Record | None]:
    """The full record of each case, in order; :data:`RAW_STAGES` gives raw confidences."""
    return list(cases_module.extract_records(cases, stages, batch_size))


# --- measuring --------------------------------------------------------------------------------


@dataclass
class Bin:
    """One row of a reliability table."""

    low: float
    high: float
    count: int = 0
    confidence: float = 0.0  # mean confidence in the bin
    accuracy: float = 0.0


def reliability(pairs: Sequence[tuple[float, bool]], bins: int = BINS) -> list[Bin]:
    """Equal-width bins over [0, 1] (a confidence of 1 falls in the last one)."""
    rows = [Bin(i / bins, (i + 1) / bins) for i in range(bins)]
    sums = [[0.0, 0.0] for _ in rows]
    for conf, ok in pairs:
        i = min(bins - 1, max(0, int(conf * bins)))
        rows[i].count += 1
        sums[i][0] += conf
        sums[i][1] += ok
    for row, (c, a) in zip(rows, sums, strict=True):
        if row.count:
            row.confidence, row.accuracy = c / row.count, a / row.count
    return rows


def ece(pairs: Sequence[tuple[float, bool]], bins: int = BINS) -> float:
    """Expected calibration error: the count-weighted mean |accuracy - confidence| of the bins."""
    if not pairs:
        return 0.0
    return sum(b.count * abs(b.accuracy - b.confidence) for b in reliability(pairs, bins)) / len(pairs)


def auroc(pairs: Sequence[tuple[float, bool]]) -> float | None:
    """How well confidence ranks right values above wrong ones (0.5: not at all); None if one-sided."""
    pos = sum(1 for _, ok in pairs if ok)
    neg = len(pairs) - pos
    if not pos or not neg:
        return None
    ranked = sorted(pairs, key=lambda p: p[0])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mid = (i + j + 1) / 2  # average 1-based rank of the tie group
        rank_sum += mid * sum(1 for _, ok in ranked[i:j] if ok)
        i = j
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


# --- fitting ------------------------------------------------------------------------------------


def isotonic(pairs: Sequence[tuple[float, bool]], min_block: int = MIN_BLOCK) -> FieldMap:
    """Isotonic regression of right/wrong on confidence, as a piecewise-linear map.

    scikit-learn is not a dependency of whodid, and pool-adjacent-violators is a
    few lines, so it is written out here. Equal confidences start in one block
    (a map is a function of the confidence); blocks smaller than ``min_block``
    are merged into a neighbour so no point of the map rests on a handful of
    judgements. Each block is flat from its lowest to its highest confidence at
    its accuracy (two points), so the discrete confidences the rules give map
    exactly to their block's accuracy; the map is linear only between blocks.
    """
    if not pairs:
        raise ValueError("no judgements to fit")
    # blocks: [lowest confidence, sum of right, count, highest confidence], one per
    # distinct confidence to start
    blocks: list[list[float]] = []
    for conf, group in itertools.groupby(sorted(pairs, key=lambda p: p[0]), key=lambda p: p[0]):
        oks = [ok for _, ok in group]
        blocks.append([conf, float(sum(oks)), float(len(oks)), conf])

    def mean(b: list[float]) -> float:
        return b[1] / b[2]

    def merge(i: int) -> None:  # block i absorbs block i + 1
        a, b = blocks[i], blocks[i + 1]
        blocks[i] = [a[0], a[1] + b[1], a[2] + b[2], b[3]]
        del blocks[i + 1]

    def pool() -> None:
        i = 0
        while i < len(blocks) - 1:
            if mean(blocks[i]) > mean(blocks[i + 1]):
                merge(i)
                i = max(0, i - 1)
            else:
                i += 1

    pool()
    while len(blocks) > 1:
        small = min(range(len(blocks)), key=lambda k: blocks[k][2])
        if blocks[small][2] >= min_block:
            break
        if small == 0:
            merge(0)
        elif small == len(blocks) - 1:
            merge(small - 1)
        else:  # into the neighbour whose accuracy is closer
            left = abs(mean(blocks[small - 1]) - mean(blocks[small]))
            right = abs(mean(blocks[small + 1]) - mean(blocks[small]))
            merge(small - 1 if left <= right else small)
        pool()
    points: list[tuple[float, float]] = []
    for b in blocks:
        y = round(mean(b), 4)
        points.append((round(b[0], 4), y))
        if b[3] > b[0]:
            points.append((round(b[3], 4), y))
    return FieldMap(
        kind="isotonic", n=len(pairs), x=tuple(p[0] for p in points), y=tuple(p[1] for p in points)
    )


def platt(pairs: Sequence[tuple[float, bool]], prior: float = 1.0) -> FieldMap:
    """``sigmoid(a * logit(conf) + b)`` by Newton's method, for fields with few judgements.

    A Gaussian prior of weight ``prior`` pulls (a, b) towards (1, 0), the identity,
    so a handful of judgements (or one repeated confidence) still gives a sane map;
    ``a`` is kept non-negative so the map stays monotone.
    """
    if not pairs:
        raise ValueError("no judgements to fit")
    zs = [math.log(min(0.98, max(0.02, c)) / (1 - min(0.98, max(0.02, c)))) for c, _ in pairs]
    ys = [float(ok) for _, ok in pairs]
    a, b = 1.0, 0.0
    for _ in range(100):
        ga, gb = prior * (a - 1), prior * b
        haa, hab, hbb = prior, 0.0, prior
        for z, y in zip(zs, ys, strict=True):
            p = 1 / (1 + math.exp(-(a * z + b)))
            w = p * (1 - p)
            ga += (p - y) * z
            gb += p - y
            haa += w * z * z
            hab += w * z
            hbb += w
        det = haa * hbb - hab * hab
        da, db = (hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det
        a, b = max(0.0, a - da), b - db
        if abs(da) + abs(db) < 1e-9:
            break
    return FieldMap(kind="platt", n=len(pairs), a=round(a, 4), b=round(b, 4))


def fit_map(pairs: Sequence[tuple[float, bool]]) -> FieldMap | None:
    """Isotonic with enough judgements, Platt with few, nothing with very few."""
    if len(pairs) >= MIN_ISOTONIC:
        return isotonic(pairs, max(MIN_BLOCK, len(pairs) // BINS))
    if len(pairs) >= MIN_PLATT:
        return platt(pairs)
    return None  # also for no pairs at all


def _family(key: str) -> str:
    return key.split(":", 1)[0]


def fit(judgements: Sequence[Judgement]) -> Calibration:
    """Pooled maps on all judgements, and per document kind where it has enough of them.

    The pooled maps are :func:`fit_keys` of all judgements. For each kind, the
    same :func:`fit_keys` of that kind's judgements alone gives maps stored as
    ``<key>@<kind>``, kept only for the families (``act``, ``victim``, ...) with at
    least :data:`MIN_KIND` judgements of the kind: a family with fewer has no
    ``@kind`` maps, so that kind's values fall back to the pooled maps. Judgements
    of no known kind count only in the pooled maps.
    """
    maps = dict(fit_keys(judgements).maps)
    for kind in KINDS:
        mine = [j for j in judgements if j.kind == kind]
        counts: dict[str, int] = {}
        for j in mine:
            for family in {_family(k) for k, _ in j.sources if k is not None}:
                counts[family] = counts.get(family, 0) + 1
        for key, m in fit_keys(mine).maps.items():
            if counts.get(_family(key), 0) >= MIN_KIND:
                maps[kind_key(key, kind)] = m
    return Calibration(maps=maps)


def fit_keys(judgements: Sequence[Judgement]) -> Calibration:
    """A map per key of the values judged, from their raw confidences (whatever their documents).

    (Here a key's "kind" is its family, ``act`` of ``act:killing``, not a document kind.)

    A value that gives two fields (a place: country and coordinates) has one
    confidence and one map, so its map is fitted on the judgements of both. A
    judgement counts once for each key among its sources, at the largest
    confidence of that key's sources. A key ``kind:detail`` with at least
    :data:`MIN_OWN_MAP` judgements gets a map of its own; the others share the
    map of their kind, fitted on the judgements of the details without one (on
    all of the kind when those are too few), so a kind's map is not pulled
    towards the details that have their own.
    """
    by_key: dict[str, list[tuple[float, bool]]] = {}
    for j in judgements:
        best: dict[str, float] = {}
        for key, conf in j.sources:
            if key is not None:
                best[key] = max(conf, best.get(key, 0.0))
        for key, conf in best.items():
            by_key.setdefault(key, []).append((conf, j.ok))
    maps: dict[str, FieldMap] = {}
    rest: dict[str, list[tuple[float, bool]]] = {}
    every: dict[str, list[tuple[float, bool]]] = {}
    small: dict[str, list[tuple[float, bool]]] = {}
    for key, pairs in by_key.items():
        kind = key.split(":", 1)[0]
        every.setdefault(kind, []).extend(pairs)
        if kind != key and len(pairs) >= MIN_OWN_MAP:
            m = fit_map(pairs)
            if m is not None:
                maps[key] = m
                continue
        rest.setdefault(kind, []).extend(pairs)
        if kind != key:
            small[key] = pairs
    for kind, pairs in every.items():
        m = fit_map(rest.get(kind) or []) or fit_map(pairs)
        if m is not None:
            maps[kind] = m
    # A detail with few judgements (act:torture, victim:lawyers) still differs from
    # its kind: its map is its own accuracy, shrunk towards its kind's by SHRINK
    # pseudo-judgements (a constant; within such a detail, the raw confidence has
    # too little to go on).
    for key, pairs in small.items():
        kind_map = maps.get(key.split(":", 1)[0])
        if kind_map is None:
            continue
        mean_raw = sum(c for c, _ in pairs) / len(pairs)
        prior = kind_map(mean_raw)
        shrunk = (sum(ok for _, ok in pairs) + SHRINK * prior) / (len(pairs) + SHRINK)
        maps[key] = FieldMap(kind="isotonic", n=len(pairs), x=(round(mean_raw, 4),), y=(round(shrunk, 4),))
    return Calibration(maps=maps)


# --- the whole job ------------------------------------------------------------------------------


@dataclass
class KindReport:
    """How one field's confidences fare on the documents of one kind."""

    n: int
    accuracy: float
    ece_raw: float
    ece_cv: float


@dataclass
class FieldReport:
    """How one field's confidences fare before and after calibration."""

    field: str
    n: int
    accuracy: float
    ece_raw: float
    ece_fitted: float  # the maps measured on the judgements they were fitted on
    ece_cv: float  # k-fold: each judgement measured by maps fitted without its case
    auroc_raw: float | None
    auroc_cv: float | None
    low_n: int  # judgements whose cross-validated confidence is below 0.5
    low_accuracy: float | None
    reliability_cv: list[Bin] = dataclasses.field(default_factory=list)
    # per document kind: its judgements of this field, ECE raw and cross-validated
    by_kind: dict[str, KindReport] = dataclasses.field(default_factory=dict)

    @property
    def low_mostly_wrong(self) -> bool | None:
        return None if self.low_accuracy is None else self.low_accuracy < 0.5


def folds_by_case(judgements: Sequence[Judgement], folds: int = 5, seed: int = 0) -> dict[str, int]:
    """The fold of each case, stratified by document kind.

    The cases of each kind are shuffled and dealt round the folds in turn (each
    kind carrying on where the last left off), so every fold holds out its share
    of the long reports, not only of the far more numerous short entries.
    """
    kind_of = {j.case: j.kind or "" for j in judgements}
    rng = random.Random(seed)
    fold_of: dict[str, int] = {}
    dealt = 0
    for kind in sorted(set(kind_of.values())):
        cases = sorted(c for c, k in kind_of.items() if k == kind)
        rng.shuffle(cases)
        for c in cases:
            fold_of[c] = dealt % folds
            dealt += 1
    return fold_of


def cross_validated(judgements: Sequence[Judgement], folds: int = 5, seed: int = 0) -> list[float]:
    """Each judgement's confidence under maps fitted on the other folds (folds by case, by kind)."""
    fold_of = folds_by_case(judgements, folds, seed)
    out = [0.0] * len(judgements)
    for k in range(folds):
        calibration = fit([j for j in judgements if fold_of[j.case] != k])
        for i, j in enumerate(judgements):
            if fold_of[j.case] == k:
                out[i] = j.calibrated(calibration)
    return out


def report(judgements: Sequence[Judgement], folds: int = 5, seed: int = 0) -> list[FieldReport]:
    """Per field: ECE raw, fitted (in-sample) and cross-validated, and the low-confidence values."""
    fitted = fit(judgements)
    cv = cross_validated(judgements, folds, seed) if folds > 1 else [j.calibrated(fitted) for j in judgements]
    reports: list[FieldReport] = []
    for name in FIELDS:
        idx = [i for i, j in enumerate(judgements) if j.field == name]
        if not idx:
            continue
        raw = [(judgements[i].confidence, judgements[i].ok) for i in idx]
        ins = [(judgements[i].calibrated(fitted), judgements[i].ok) for i in idx]
        out = [(cv[i], judgements[i].ok) for i in idx]
        low = [ok for c, ok in out if c < 0.5]
        by_kind: dict[str, KindReport] = {}
        for kind in KINDS:
            mine = [i for i in idx if judgements[i].kind == kind]
            if mine:
                by_kind[kind] = KindReport(
                    n=len(mine),
                    accuracy=sum(judgements[i].ok for i in mine) / len(mine),
                    ece_raw=ece([(judgements[i].confidence, judgements[i].ok) for i in mine]),
                    ece_cv=ece([(cv[i], judgements[i].ok) for i in mine]),
                )
        reports.append(
            FieldReport(
                field=name,
                n=len(idx),
                accuracy=sum(ok for _, ok in raw) / len(raw),
                ece_raw=ece(raw),
                ece_fitted=ece(ins),
                ece_cv=ece(out),
                auroc_raw=auroc(raw),
                auroc_cv=auroc(out),
                low_n=len(low),
                low_accuracy=sum(low) / len(low) if low else None,
                reliability_cv=reliability(out),
                by_kind=by_kind,
            )
        )
    return reports


@dataclass
class CalibrationRun:
    """What ``whodid calibrate`` made: the maps and how they fare."""

    calibration: Calibration
    reports: list[FieldReport]
    judgements: int
    cases: int


def calibrate_cases(
    case_sets: Sequence[tuple[str, Sequence[Case]]], folds: int = 5, seed: int = 0
) -> CalibrationRun:
    """Fit maps on raw confidences of all ``case_sets`` (name, cases) and measure them."""
    judgements: list[Judgement] = []
    n_cases = 0
    for set_no, (_, cases) in enumerate(case_sets):
        records = extract_records(cases, RAW_STAGES)
        for n, (case, record) in enumerate(zip(cases, records, strict=True)):
            judgements.extend(judge(case, record, f"{set_no}:{n}:{case.id}"))
        n_cases += sum(1 for c in cases if c.gold)
    calibration = fit(judgements)
    reports = report(judgements, folds, seed)
    calibration.meta = {
        "fitted": date.today().isoformat(),
        "fitted_on": [name for name, _ in case_sets],
        "cases": n_cases,
        "judgements": len(judgements),
        "method": (
            f"isotonic regression (pool adjacent violators, blocks of at least {MIN_BLOCK} "
            f"judgements or a tenth of them) with {MIN_ISOTONIC}+ judgements, else Platt scaling; "
            f"pooled maps, and maps per document kind (<key>@<kind>) for families with "
            f"{MIN_KIND}+ judgements of the kind"
        ),
        "document_kind": {"long_from_chars": LONG_TEXT, "kinds": list(KINDS)},
        "ece": {
            r.field: {"raw": round(r.ece_raw, 4), f"cv{folds}": round(r.ece_cv, 4), "n": r.n} for r in reports
        },
        "ece_by_kind": {
            kind: {
                r.field: {
                    "raw": round(r.by_kind[kind].ece_raw, 4),
                    f"cv{folds}": round(r.by_kind[kind].ece_cv, 4),
                    "n": r.by_kind[kind].n,
                }
                for r in reports
                if kind in r.by_kind
            }
            for kind in KINDS
        },
    }
    return CalibrationRun(calibration=calibration, reports=reports, judgements=len(judgements), cases=n_cases)
