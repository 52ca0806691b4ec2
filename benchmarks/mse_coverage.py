"""Coverage of the multiple systems estimators' intervals on simulated populations of known size.

Usage (from the repository root)::

    .venv/bin/python benchmarks/mse_coverage.py [--runs 100] [--bayes-runs 30] [--seed 2026]
                                                [--bayes-iterations 20000] [--scenario NAME ...]

For each scenario of :data:`whodid.analyse.simulate.SCENARIOS` it simulates ``--runs``
populations (``--bayes-runs`` for the slower Bayesian model) and, per estimator, prints:

- coverage: the fraction of stated 95% intervals that contain the true total, with the
  range a correct 95% interval would give 95% of the time over that many runs (binomial);
  a coverage below the range is flagged ``LOW``;
- the median relative error (estimate − truth)/truth, signed (bias) and absolute;
- the median width of the interval relative to the truth;
- refusals (``ValueError``: no finite estimate) and unbounded upper limits;
- the median time per estimate.

Coverage is only meaningful where the estimator's model family contains the scenario
(log-linear scenarios for the log-linear models, latent classes for the Bayesian model);
the others show how each fails when its assumptions do not hold.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from whodid.analyse.bayes import lcmcr
from whodid.analyse.loglinear import loglinear
from whodid.analyse.mse import CaptureHistories, Estimate, lincoln_petersen
from whodid.analyse.simulate import SCENARIOS

LEVEL = 0.95

Estimator = Callable[[CaptureHistories, int], Estimate]


def estimators(bayes_iterations: int) -> dict[str, tuple[Estimator, int]]:
    """Name → (estimator, minimum number of lists)."""
    return {
        "Chapman": (lambda h, _s: lincoln_petersen(h, level=LEVEL), 2),
        "log-linear AIC-averaged (default)": (lambda h, _s: loglinear(h, level=LEVEL), 2),
        "log-linear BIC-averaged": (lambda h, _s: loglinear(h, criterion="bic", level=LEVEL), 3),
        "log-linear AIC-selected": (
            lambda h, _s: loglinear(h, criterion="aic", average=False, level=LEVEL),
            3,
        ),
        "log-linear BIC-selected": (
            lambda h, _s: loglinear(h, criterion="bic", average=False, level=LEVEL),
            3,
        ),
        "LCMCR (Bayes)": (
            lambda h, s: lcmcr(
                h, iterations=bayes_iterations, burn_in=bayes_iterations // 4, level=LEVEL, seed=s
            ),
            3,
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--bayes-runs", type=int, default=30)
    parser.add_argument("--bayes-iterations", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS), help="default: all")
    args = parser.parse_args()

    print(
        f"{'scenario / estimator':<44} {'runs':>4} {'cover':>6} {'ok range':>11} {'bias':>7} "
        f"{'|err|':>6} {'width':>6} {'refused':>7} {'unbnd':>5} {'ms/est':>8}"
    )
    for s_index, name in enumerate(args.scenario or SCENARIOS):
        make = SCENARIOS[name]
        k = make(np.random.default_rng(0)).histories.k
        print(name)
        for label, (estimator, min_k) in estimators(args.bayes_iterations).items():
            if k < min_k or (label == "Chapman" and k != 2):
                continue
            runs = args.bayes_runs if label.startswith("LCMCR") else args.runs
            if runs == 0:
                continue
            rng = np.random.default_rng([args.seed, s_index])  # same populations for every estimator
            covered, errors, widths, times = 0, [], [], []
            refused = unbounded = 0
            for run in range(runs):
                population = make(rng)
                start = time.perf_counter()
                try:
                    result = estimator(population.histories, args.seed * 1000 + run)
                except ValueError:
                    refused += 1
                    continue
                times.append(time.perf_counter() - start)
                truth = population.total
                covered += result.interval.lower <= truth <= result.interval.upper
                unbounded += not result.interval.bounded
                errors.append((result.estimate - truth) / truth)
                widths.append((result.interval.upper - result.interval.lower) / truth)
            lo, hi = stats.binom.interval(0.95, runs, LEVEL)
            coverage = covered / runs
            if not errors:
                print(f"  {label:<42} {runs:>4} every run refused")
                continue
            flag = " LOW" if covered < lo else ""
            print(
                f"  {label:<42} {runs:>4} {coverage:>6.3f} {lo / runs:>5.2f}-{hi / runs:<5.2f} "
                f"{statistics.median(errors):>+7.3f} {statistics.median(abs(e) for e in errors):>6.3f} "
                f"{_median(widths):>6.2f} {refused:>7} {unbounded:>5} {1000 * statistics.median(times):>8.1f}{flag}"
            )


def _median(values: list[float]) -> float:
    finite = [v for v in values if math.isfinite(v)]
    return statistics.median(values) if len(finite) == len(values) else math.inf


if __name__ == "__main__":
    main()
