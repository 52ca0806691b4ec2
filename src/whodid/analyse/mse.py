"""Capture histories, estimate results and the two-list (Lincoln–Petersen / Chapman) estimator.

Multiple systems estimation (MSE) estimates how many victims no list documented from how
the lists overlap. The input is the table of *capture histories*: for each pattern of
lists (``"101"``: on the first and third list, not on the second) the number of matched
victims with that pattern. The all-zero pattern is the unknown this module estimates.

Every estimator returns an :class:`Estimate`. An estimate without its assumptions is
misleading (the arithmetic always produces a number, even when the lists are dependent
or badly matched), so each result carries the plain-English assumptions and warnings that
must be printed next to it.

The model-based estimators live in :mod:`whodid.analyse.loglinear` (log-linear models with
model selection, profile-likelihood intervals) and :mod:`whodid.analyse.bayes` (Bayesian
latent-class model in the style of LCMCR).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import stats

MIN_SOURCES = 2
MAX_SOURCES = 10
"""More lists than this make 2^k cells that are almost all empty; no estimator here copes."""

History = tuple[bool, ...] | str
"""One capture history: a tuple of k booleans, or a string of k ``0``/``1`` characters."""

# Assumptions shared by every estimator: the caller prints them next to the number.
CLOSED_POPULATION = (
    "Closed population: all lists try to document the same victims (same period, place and kind "
    "of violation); nobody enters or leaves the population between lists."
)
CORRECT_MATCHING = (
    "Records are matched correctly across lists: each victim appears at most once per list, "
    "duplicates are merged, and different victims are never merged. Missed matches inflate the "
    "estimate, false matches deflate it."
)
IN_SCOPE = (
    "Every listed record is a real victim within scope; victims that no list could ever reach are "
    "not represented by the estimate."
)
COMMON_ASSUMPTIONS = (CLOSED_POPULATION, CORRECT_MATCHING, IN_SCOPE)


def _parse_history(key: History, k: int) -> int:
    """Return the cell index of ``key``: bit j is set when the victim is on list j."""
    if isinstance(key, str):
        if len(key) != k or set(key) - {"0", "1"}:
            raise ValueError(f"capture history {key!r} must be {k} characters, each '0' or '1'")
        bits = [c == "1" for c in key]
    elif isinstance(key, tuple):
        if len(key) != k or not all(isinstance(b, bool | np.bool_) or b in (0, 1) for b in key):
            raise ValueError(f"capture history {key!r} must be a tuple of {k} booleans")
        bits = [bool(b) for b in key]
    else:
        raise ValueError(f"capture history {key!r} must be a string like '101' or a tuple of booleans")
    return sum(1 << j for j, b in enumerate(bits) if b)


def _check_count(key: object, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer | float | np.floating):
        raise ValueError(f"count for {key!r} must be a whole number, got {value!r}")
    if isinstance(value, float | np.floating) and not float(value).is_integer():
        raise ValueError(f"count for {key!r} must be a whole number, got {value!r}")
    count = int(value)
    if count < 0:
        raise ValueError(f"count for {key!r} is negative ({count})")
    return count


@dataclass(frozen=True)
class CaptureHistories:
    """Counts of matched victims per capture history, validated.

    ``counts[i]`` is the number of victims whose set of lists is given by the bits of ``i``
    (bit j: on list ``sources[j]``). ``counts[0]`` is always 0: nobody can be documented by no
    list. Build it with :meth:`from_counts` or :meth:`from_records`, which validate.
    """

    sources: tuple[str, ...]
    counts: tuple[int, ...]

    def __post_init__(self) -> None:
        k = len(self.sources)
        if k < MIN_SOURCES:
            raise ValueError(f"at least {MIN_SOURCES} lists are needed to estimate from overlap, got {k}")
        if k > MAX_SOURCES:
            raise ValueError(
                f"at most {MAX_SOURCES} lists are supported (got {k}): with 2^k cells almost all are "
                "empty; merge similar lists first"
            )
        if any(not isinstance(s, str) or not s.strip() for s in self.sources):
            raise ValueError("source names must be non-empty strings")
        if len(set(self.sources)) != k:
            raise ValueError(f"source names must be unique, got {list(self.sources)}")
        if len(self.counts) != 1 << k:
            raise ValueError(f"expected {1 << k} cells for {k} lists, got {len(self.counts)}")
        if any(isinstance(c, bool) or not isinstance(c, int) for c in self.counts):
            raise ValueError("counts must be whole numbers (int)")
        if any(c < 0 for c in self.counts):
            raise ValueError("counts must not be negative")
        if self.counts[0] != 0:
            raise ValueError("the all-zero history (on no list) is unobservable: it is what is estimated")
        if self.documented == 0:
            raise ValueError("no documented victims: every count is zero")
        totals = self.source_totals
        for name, total in zip(self.sources, totals, strict=True):
            if total == 0:
                raise ValueError(f"list {name!r} documents no one: drop it before estimating")
        if all(c == 0 for i, c in enumerate(self.counts) if i.bit_count() >= 2):
            raise ValueError(
                "no victim is on more than one list: without overlap the number of undocumented "
                "victims cannot be estimated (check the record matching)"
            )

    @classmethod
    def from_counts(cls, counts: Mapping[History, object], sources: Sequence[str]) -> CaptureHistories:
        """Build from ``{"101": 12, "110": 3, ...}`` (or tuple-of-bool keys); missing cells are 0."""
        k = len(sources)
        if not MIN_SOURCES <= k <= MAX_SOURCES:
            raise ValueError(f"between {MIN_SOURCES} and {MAX_SOURCES} lists are supported, got {k}")
        if not counts:
            raise ValueError("no capture histories given")
        cells = [0] * (1 << k)
        seen: set[int] = set()
        for key, value in counts.items():
            index = _parse_history(key, k)
            if index in seen:
                raise ValueError(f"capture history {key!r} is given twice")
            seen.add(index)
            cells[index] = _check_count(key, value)
        return cls(tuple(sources), tuple(cells))

    @classmethod
    def from_records(
        cls, records: Iterable[Collection[str]], sources: Sequence[str] | None = None
    ) -> CaptureHistories:
        """Build from one set of source names per matched victim, e.g. ``[{"A", "B"}, {"C"}]``.

        ``sources`` fixes the order of the lists (and allows a list with no victims to be caught
        by validation); by default the names found, sorted.
        """
        rows = [frozenset(r) for r in records]
        if not rows:
            raise ValueError("no records given")
        found = sorted(set().union(*rows))
        names = list(sources) if sources is not None else found
        index = {name: j for j, name in enumerate(names)}
        cells = [0] * (1 << len(names))
        for i, row in enumerate(rows):
            if not row:
                raise ValueError(f"record {i} is on no list")
            unknown = row - index.keys()
            if unknown:
                raise ValueError(f"record {i} names unknown lists {sorted(unknown)}")
            cells[sum(1 << index[s] for s in row)] += 1
        return cls(tuple(names), tuple(cells))

    @property
    def k(self) -> int:
        """Number of lists."""
        return len(self.sources)

    @property
    def documented(self) -> int:
        """Number of distinct victims on at least one list."""
        return sum(self.counts)

    @property
    def source_totals(self) -> tuple[int, ...]:
        """Number of victims on each list."""
        return tuple(
            sum(c for i, c in enumerate(self.counts) if i >> j & 1) for j in range(len(self.sources))
        )

    def array(self) -> npt.NDArray[np.float64]:
        """The 2^k counts as floats, cell 0 (unobserved) included as 0."""
        return np.asarray(self.counts, dtype=float)

    def history(self, index: int) -> str:
        """The ``"101"``-style label of cell ``index`` (first character: first list)."""
        return "".join("1" if index >> j & 1 else "0" for j in range(self.k))

    def items(self) -> Iterator[tuple[str, int]]:
        """``(history, count)`` for every observable cell, empty ones included."""
        for i in range(1, 1 << self.k):
            yield self.history(i), self.counts[i]


@dataclass(frozen=True)
class Interval:
    """An interval for the total number of victims; ``upper`` may be ``math.inf`` (unbounded)."""

    lower: float
    upper: float
    level: float
    kind: str

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.upper)


@dataclass(frozen=True)
class Estimate:
    """The estimated total number of victims (documented and undocumented), with its caveats.

    ``assumptions`` and ``warnings`` are part of the result, not decoration: print them next
    to the estimate. ``model`` lists the terms of the model behind it (lists, and ``A:B`` for
    a dependence between lists A and B).
    """

    method: str
    estimate: float
    interval: Interval
    documented: int
    sources: tuple[str, ...]
    model: tuple[str, ...]
    assumptions: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def undocumented(self) -> float:
        """Estimated number of victims on no list."""
        return self.estimate - self.documented

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; an unbounded upper limit is ``null`` with ``"bounded": false``."""
        upper = self.interval.upper if self.interval.bounded else None
        return {
            "method": self.method,
            "estimate": self.estimate,
            "undocumented": self.undocumented,
            "documented": self.documented,
            "interval": {
                "lower": self.interval.lower,
                "upper": upper,
                "bounded": self.interval.bounded,
                "level": self.interval.level,
                "kind": self.interval.kind,
            },
            "sources": list(self.sources),
            "model": list(self.model),
            "assumptions": list(self.assumptions),
            "warnings": list(self.warnings),
            "details": _jsonable(self.details),
        }

    def report(self) -> str:
        """Plain-text summary: estimate, interval, model, assumptions and warnings."""
        upper = f"{self.interval.upper:,.0f}" if self.interval.bounded else "unbounded"
        lines = [
            f"{self.method}",
            f"Estimated total: {self.estimate:,.0f} victims ({self.documented:,} documented); "
            f"{self.interval.level:.0%} {self.interval.kind} interval {self.interval.lower:,.0f} to {upper}",
            f"Model: {' + '.join(self.model)}",
            "Assumptions:",
            *(f"  - {a}" for a in self.assumptions),
        ]
        if self.warnings:
            lines += ["Warnings:", *(f"  - {w}" for w in self.warnings)]
        return "\n".join(lines)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def check_level(level: float) -> float:
    """Validate a confidence / credible level."""
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    return float(level)


def lincoln_petersen(
    histories: CaptureHistories, *, level: float = 0.95, bias_corrected: bool = True
) -> Estimate:
    """Two-list estimate: Chapman's bias-corrected Lincoln–Petersen (or the plain one).

    With n1 and n2 victims on the lists and m on both, Lincoln–Petersen is n1·n2/m; Chapman's
    (n1+1)(n2+1)/(m+1) − 1 is nearly unbiased and finite for small m, hence the default. The
    interval is Chao's (1987) log-normal interval on the undocumented count, using Seber's
    variance of Chapman's estimator: it never goes below the documented count, and is
    skewed upward as the sampling distribution is; a symmetric Wald interval is not.
    """
    level = check_level(level)
    if histories.k != 2:
        raise ValueError(f"Lincoln–Petersen needs exactly 2 lists, got {histories.k}; use loglinear()")
    n1, n2 = histories.source_totals
    m = histories.counts[0b11]
    n = histories.documented
    lp = n1 * n2 / m
    chapman = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    estimate = chapman if bias_corrected else lp
    variance = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    unseen = max(estimate - n, 0.0)
    z = float(stats.norm.ppf(0.5 + level / 2))
    if unseen > 0 and variance > 0:
        c = math.exp(z * math.sqrt(math.log1p(variance / unseen**2)))
        interval = Interval(n + unseen / c, n + unseen * c, level, "log-normal (Chao)")
    else:
        interval = Interval(float(n), float(n), level, "log-normal (Chao)")
    a, b = histories.sources
    warnings = []
    if m < 7:
        warnings.append(
            f"Only {m} victims are on both lists: the estimate is unstable and the interval approximate."
        )
    if unseen > 9 * n:
        warnings.append(
            "Under 10% of the estimated total is documented: the estimate rests on little overlap."
        )
    return Estimate(
        method="Chapman (bias-corrected Lincoln–Petersen)" if bias_corrected else "Lincoln–Petersen",
        estimate=estimate,
        interval=interval,
        documented=n,
        sources=histories.sources,
        model=(a, b),
        assumptions=(
            *COMMON_ASSUMPTIONS,
            f"The two lists are independent: being on {a} does not change a victim's chance of being on "
            f"{b}. Lists that share informants or copy each other (positive dependence) make the estimate "
            "too low; lists that avoid each other's cases make it too high. With two lists this cannot be "
            "checked from the data.",
            "Every victim has the same chance of being on a given list, or the chances on the two lists "
            "vary independently of each other (unmodelled heterogeneity biases the estimate downward).",
        ),
        warnings=tuple(warnings),
        details={"lincoln_petersen": lp, "chapman": chapman, "overlap": m, "list_totals": [n1, n2]},
    )
