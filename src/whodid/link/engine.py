"""Running a Splink model: train, score candidate pairs, cluster, explain.

Splink (the Fellegi-Sunter model, as used by national statistics offices) does
the linkage; this module only feeds it a table and reads back what it found, so
that persons and events (:mod:`whodid.link.persons`, :mod:`whodid.link.events`)
differ only in their features, comparisons and blocking rules. DuckDB runs it
here, in-process; the same settings run on Spark for a cluster.

Training follows Splink's recommended order: the prior (how likely two random
records match) from a strict deterministic rule, the u probabilities from
random pairs, the m probabilities by expectation-maximisation on blocked pairs.
Below :data:`MIN_TRAINING_ROWS` rows there is too little to learn from, so the
parameters shipped with whodid (trained on :mod:`whodid.link.generate`'s
population, see ``benchmarks/linkage.py``) are used as they are.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import pandas as pd

MIN_TRAINING_ROWS = 2000
# Pairs are scored down to this probability to be clustered: the weak ones are the
# evidence against joining two clusters (see grow)
SCORED_FROM = 0.2
logging.getLogger("splink").setLevel(logging.ERROR)  # untrained levels: see Run.trained


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one field contributed to a pair's score: the level it reached and its weight.

    ``weight`` is the log2 Bayes factor: +3 makes the pair 8 times likelier to be
    one entity, -3 eight times less likely.
    """

    field: str
    level: str
    left: Any
    right: Any
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "level": self.level,
            "left": _plain(self.left),
            "right": _plain(self.right),
            "weight": round(self.weight, 3),
        }


@dataclass(frozen=True, slots=True)
class Pair:
    """A candidate link between two rows, with the evidence for and against it."""

    left: str
    right: str
    probability: float
    weight: float
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class Spec:
    """What a kind of linkage compares: its settings and how to train it."""

    name: str
    settings: dict[str, Any]
    prior_rules: list[Any]
    prior_recall: float
    em_rules: list[Any]
    shown: dict[str, list[str]]  # comparison name -> columns shown as its evidence
    apart: str | None = None  # rows sharing this column's value are never one entity
    threshold: float = 0.9  # the probability a pair needs to join its clusters, where nobody reviews
    cohesion: float = 0.0  # the mean probability across two clusters needed to join them


def trained_model(spec: Spec) -> dict[str, Any] | None:
    """The parameters shipped for ``spec`` (``link/models/<name>.json``), if any."""
    path = resources.files("whodid.link") / "models" / f"{spec.name}.json"
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


class Run:
    """One linkage run over a table with a ``unique_id`` column."""

    def __init__(self, spec: Spec, frame: pd.DataFrame, *, train: bool | None = None, seed: int = 1) -> None:
        from splink import DuckDBAPI, Linker

        self.spec = spec
        self.frame = frame
        self._db = DuckDBAPI()
        table = self._db.register(frame, dataset_display_name=f"whodid_{spec.name}")
        shipped = trained_model(spec)
        learn = train if train is not None else (len(frame) >= MIN_TRAINING_ROWS or shipped is None)
        model = shipped if (shipped is not None and not learn) else spec.settings
        if len(frame) < MIN_TRAINING_ROWS:
            # a name's frequency among a few dozen rows says nothing about how common it
            # is: every name would look rare and be punished for it
            model = _without_term_frequencies(model)
        self.linker = Linker(table, model, log_level=None)
        self.trained = learn
        if learn:
            self._train(seed)

    def _train(self, seed: int) -> None:
        training = self.linker.training
        training.estimate_probability_two_random_records_match(
            self.spec.prior_rules, recall=self.spec.prior_recall
        )
        training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
        for rule in self.spec.em_rules:
            training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )

    def model(self) -> dict[str, Any]:
        """The trained model as Splink's JSON (to ship, or to keep with a run)."""
        data: dict[str, Any] = self.linker.misc.save_model_to_json()
        return data

    def predict(self, threshold: float = 0.5) -> pd.DataFrame:
        """Every blocked pair scoring at least ``threshold``, as a table."""
        found = self.linker.inference.predict(threshold_match_probability=threshold)
        frame: pd.DataFrame = found.as_pandas_dataframe()  # type: ignore[no-untyped-call]
        return frame

    def link(self) -> pd.DataFrame:
        """Score and cluster with the spec's settings: ``unique_id`` → ``cluster_id``."""
        return self.clusters(self.predict(SCORED_FROM))

    def clusters(self, predicted: pd.DataFrame, threshold: float | None = None) -> pd.DataFrame:
        """``unique_id`` → ``cluster_id``, grown from the scored pairs (see :func:`grow`).

        ``predicted`` should hold the pairs down to :data:`SCORED_FROM`, not only those
        above ``threshold`` (default: the spec's): the weaker pairs are the evidence
        against joining two clusters.
        """
        spec = self.spec
        apart = spec.apart
        ids = self.frame["unique_id"].astype(str)
        groups = self.frame[apart] if apart is not None and f"{apart}_l" in predicted else None
        return grow(
            ids,
            groups,
            predicted["unique_id_l"].astype(str),
            predicted["unique_id_r"].astype(str),
            predicted["match_probability"].astype(float),
            threshold=spec.threshold if threshold is None else threshold,
            cohesion=spec.cohesion,
        )

    def pairs(self, predicted: pd.DataFrame) -> list[Pair]:
        """Pairs with each field's evidence, from :meth:`predict`'s table."""
        levels = _levels(self.model())
        found = []
        for row in predicted.to_dict("records"):
            evidence = []
            for name, columns in self.spec.shown.items():
                gamma = row.get(f"gamma_{name}")
                if gamma is None:
                    continue
                weight = row.get(f"mw_{name}")  # Splink 5: the level's match weight, log2 BF
                if weight is None:
                    bf = row.get(f"bf_{name}")
                    weight = math.log2(bf) if isinstance(bf, int | float) and bf > 0 else 0.0
                evidence.append(
                    Evidence(
                        name,
                        levels.get((name, int(gamma)), str(gamma)),
                        _side(row, columns, "l"),
                        _side(row, columns, "r"),
                        float(weight),
                    )
                )
            found.append(
                Pair(
                    str(row["unique_id_l"]),
                    str(row["unique_id_r"]),
                    float(row["match_probability"]),
                    float(row["match_weight"]),
                    evidence,
                )
            )
        return found


def grow(
    ids: pd.Series,
    groups: pd.Series | None,
    left: pd.Series,
    right: pd.Series,
    probability: pd.Series,
    *,
    threshold: float,
    cohesion: float = 0.0,
) -> pd.DataFrame:
    """Clusters grown from the most probable pair down: ``unique_id`` → ``cluster_id``.

    Each pair at or above ``threshold`` may join its two rows' clusters, but not
    when the two clusters hold rows of one group (two mentions in one report are
    two people), nor when the mean probability over *every* pair across the two
    clusters falls below ``cohesion``: a pair the blocking rules never compared,
    or scored below what ``probability`` lists, counts as 0.

    Plain connected components chain: "Ana Ruiz Sol" - "Ana Ruiz" - "Ana Ruiz Paz"
    become one person through two strong links although the ends disagree. The
    mean over all cross pairs (average linkage, as in hierarchical clustering)
    sees the disagreement; the bar on single pairs keeps clusters from growing
    out of weak evidence alone. Hand-written rather than Splink's
    ``cluster_pairwise_predictions_at_threshold``, which is connected components.
    """
    import numpy as np

    index = pd.Index(ids)
    a = index.get_indexer(left)
    b = index.get_indexer(right)
    p = probability.to_numpy(dtype=float)
    score = {
        (int(x), int(y)) if x < y else (int(y), int(x)): float(v) for x, y, v in zip(a, b, p, strict=True)
    }
    parent = list(range(len(index)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(index))}
    held: dict[int, set[Any]] = {i: set() for i in range(len(index))}
    if groups is not None:
        for i, g in enumerate(groups):
            if g is not None and g == g:  # NaN is no group
                held[i] = {g}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def cohesive(one: list[int], other: list[int]) -> bool:
        total = 0.0
        for x in one:
            for y in other:
                total += score.get((x, y) if x < y else (y, x), 0.0)
        return total >= cohesion * len(one) * len(other)

    for k in np.argsort(-p, kind="stable"):
        if p[k] < threshold:
            break
        ra, rb = root(int(a[k])), root(int(b[k]))
        if ra == rb or not held[ra].isdisjoint(held[rb]):
            continue
        if (
            cohesion > 0
            and len(members[ra]) * len(members[rb]) > 1
            and not cohesive(members[ra], members[rb])
        ):
            continue
        if len(members[ra]) < len(members[rb]):
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra] += members.pop(rb)
        held[ra] |= held.pop(rb)
    labels, _ = pd.factorize(pd.Series([root(i) for i in range(len(index))]))
    return pd.DataFrame({"unique_id": index, "cluster_id": labels})


def _without_term_frequencies(model: dict[str, Any]) -> dict[str, Any]:
    copy = json.loads(json.dumps(model, default=str))
    for comparison in copy.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            level.pop("tf_adjustment_column", None)
            level.pop("tf_adjustment_weight", None)
    return copy  # type: ignore[no-any-return]


def _side(row: dict[str, Any], columns: list[str], side: str) -> Any:
    values = [row.get(f"{c}_{side}") for c in columns]
    return values[0] if len(values) == 1 else values


def _levels(model: dict[str, Any]) -> dict[tuple[str, int], str]:
    """(comparison, gamma) → the level's label, as Splink numbers them (null -1, else n-1..0)."""
    labels: dict[tuple[str, int], str] = {}
    for comparison in model.get("comparisons", []):
        name = comparison["output_column_name"]
        levels = comparison["comparison_levels"]
        ranked = [lv for lv in levels if not lv.get("is_null_level")]
        for lv in levels:
            if lv.get("is_null_level"):
                labels[(name, -1)] = "missing"
        for i, lv in enumerate(ranked):
            labels[(name, len(ranked) - 1 - i)] = str(lv.get("label_for_charts") or lv.get("sql_condition"))
    return labels


def _plain(value: Any) -> Any:
    """A JSON-ready copy of a value read back from DuckDB (arrays, dates, NaN)."""
    if value is None:
        return None
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)
