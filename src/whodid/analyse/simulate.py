"""Simulated populations with a known total, to check that estimators recover it.

An estimator's interval is only as good as its coverage: how often, over many populations,
it contains the true total. These generators produce capture histories for populations
of known size under the departures from independence that matter in casework:

* :func:`loglinear_population`: lists that depend on each other pairwise (e.g. two
  organisations sharing informants), drawn from a log-linear model, the family that
  :func:`whodid.analyse.loglinear.loglinear` fits;
* :func:`latent_class_population`: groups of victims that are easier or harder to
  document (e.g. urban and rural), independent lists within each group, the family that
  :func:`whodid.analyse.bayes.lcmcr` fits;
* :func:`heterogeneous_population`: a continuous per-victim "visibility" shared by all
  lists (logit-normal, Rasch-type), which neither family fits exactly.

:data:`SCENARIOS` names a few standard settings used by the tests and the benchmark.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from whodid.analyse.mse import CaptureHistories


@dataclass(frozen=True)
class SimulatedPopulation:
    """Capture histories of a simulated population and its true size."""

    histories: CaptureHistories
    total: int
    scenario: str


def _names(k: int) -> tuple[str, ...]:
    return tuple(chr(ord("A") + j) for j in range(k))


def _histories(cells: npt.NDArray[np.int64], k: int) -> CaptureHistories:
    counts = [int(c) for c in cells]
    counts[0] = 0
    return CaptureHistories(_names(k), tuple(counts))


def _from_individuals(caught: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    k = caught.shape[1]
    index = caught.astype(np.int64) @ (1 << np.arange(k))
    return np.bincount(index, minlength=1 << k)


def loglinear_population(
    total: int,
    probabilities: Sequence[float],
    interactions: Mapping[tuple[int, int], float],
    rng: np.random.Generator,
    scenario: str = "log-linear",
) -> SimulatedPopulation:
    """Cells drawn from a log-linear model on all 2^k cells, the unobserved one included.

    ``probabilities[j]`` sets list j's main effect to logit(p_j) (its capture probability
    when it has no interactions); ``interactions[(i, j)]`` is the log odds ratio between
    lists i and j (positive: being on one makes being on the other more likely).
    """
    k = len(probabilities)
    p = np.asarray(probabilities, dtype=float)
    bits = np.array([[i >> j & 1 for j in range(k)] for i in range(1 << k)], dtype=float)
    log_weight = bits @ np.log(p / (1 - p))
    for (a, b), value in interactions.items():
        log_weight += value * bits[:, a] * bits[:, b]
    weight = np.exp(log_weight - log_weight.max())
    cells = rng.multinomial(total, weight / weight.sum())
    return SimulatedPopulation(_histories(cells, k), total, scenario)


def latent_class_population(
    total: int,
    class_weights: Sequence[float],
    probabilities: Sequence[Sequence[float]],
    rng: np.random.Generator,
    scenario: str = "latent classes",
) -> SimulatedPopulation:
    """Victims in classes (``class_weights``); in class c list j catches with ``probabilities[c][j]``."""
    weights = np.asarray(class_weights, dtype=float)
    p = np.asarray(probabilities, dtype=float)
    classes = rng.choice(len(weights), size=total, p=weights / weights.sum())
    caught = rng.random((total, p.shape[1])) < p[classes]
    return SimulatedPopulation(_histories(_from_individuals(caught), p.shape[1]), total, scenario)


def heterogeneous_population(
    total: int,
    probabilities: Sequence[float],
    spread: float,
    rng: np.random.Generator,
    scenario: str = "heterogeneous",
) -> SimulatedPopulation:
    """Each victim has a visibility e ~ Normal(0, spread²) added to every list's logit(p_j)."""
    p = np.asarray(probabilities, dtype=float)
    visibility = rng.normal(0.0, spread, size=(total, 1))
    chance = 1 / (1 + np.exp(-(np.log(p / (1 - p)) + visibility)))
    caught = rng.random((total, len(p))) < chance
    return SimulatedPopulation(_histories(_from_individuals(caught), len(p)), total, scenario)


Scenario = Callable[[np.random.Generator], SimulatedPopulation]

SCENARIOS: dict[str, Scenario] = {
    "2 lists, independent": lambda rng: loglinear_population(
        600, [0.3, 0.4], {}, rng, "2 lists, independent"
    ),
    "3 lists, independent": lambda rng: loglinear_population(
        500, [0.3, 0.25, 0.35], {}, rng, "3 lists, independent"
    ),
    "3 lists, A–B dependent": lambda rng: loglinear_population(
        800, [0.25, 0.2, 0.3], {(0, 1): 1.2}, rng, "3 lists, A–B dependent"
    ),
    "4 lists, two dependences": lambda rng: loglinear_population(
        1000, [0.2, 0.25, 0.15, 0.3], {(0, 1): 1.0, (2, 3): -0.8}, rng, "4 lists, two dependences"
    ),
    "4 lists, two latent classes": lambda rng: latent_class_population(
        2000,
        [0.3, 0.7],
        [[0.6, 0.5, 0.5, 0.6], [0.15, 0.2, 0.15, 0.1]],
        rng,
        "4 lists, two latent classes",
    ),
    "4 lists, continuous heterogeneity": lambda rng: heterogeneous_population(
        1500, [0.2, 0.15, 0.25, 0.2], 1.0, rng, "4 lists, continuous heterogeneity"
    ),
}
"""Standard settings: name → generator of one population from a random generator."""
