"""Log-linear models for multiple systems estimation (Fienberg 1972; Rcapture's ``closedpCI.t``).

The 2^k − 1 observed cells are fitted by a Poisson GLM with a main effect per list and a
chosen set of two-list interactions; the fitted value of the unobserved all-zero cell,
exp(intercept), is the estimated number of undocumented victims. An interaction A:B models
a dependence between lists A and B (or a heterogeneity that acts on both alike).

Why these choices:

* **Candidate models.** Every set of two-list interactions gives a hierarchical model, so
  for k ≤ 4 all 2^(k(k−1)/2) sets are fitted (8 models for 3 lists, 64 for 4); beyond that
  a stepwise search (add or drop one interaction at a time) keeps the cost polynomial.
  Three-way and higher interactions are left out: with one cell missing, the k-way term is
  never identifiable, and lower ones make estimates too unstable for casework.
* **Selection or averaging.** Both AIC and BIC are computed for every model and reported.
  The default is to *average* the models with AIC weights exp(−ΔAIC/2) rather than bet on
  one, because an interval computed as if the selected model had been chosen in advance
  ignores the choice: in simulations (``benchmarks/mse_coverage.py``) the AIC-selected
  model's 95% intervals covered the true total only ~81% of the time for three
  independent lists (a spurious interaction is selected exactly when chance makes the
  lists look dependent, and then the estimate moves). BIC selection covers at the nominal
  rate when the lists truly follow a two-way model, but it drops the interactions that
  heterogeneity produces and then undercounts confidently (27–64% coverage with victims of
  unequal visibility), the commonest failure in casework. AIC-weighted averaging kept
  coverage near or above nominal in every scenario, at the price of wider intervals when
  the lists are in fact independent. ``average=False`` returns the selected model alone.
* **Intervals.** Profile likelihood of the multinomial model for N (Cormack 1992, as
  Rcapture): for each candidate N the model is refitted on the full table with N − n in
  the unobserved cell. Unlike a Wald interval, it is skewed like the likelihood, never goes
  below the documented count, and says when the data set no upper limit. With model
  averaging, the model-averaged tail area profile-likelihood interval (MATA, Fletcher &
  Turek 2012) combines the models' signed likelihood roots by their weights; it reduces to
  the profile interval for a single model.
* **Degenerate tables.** A model whose maximum-likelihood estimate does not exist (empty
  cells that drive a coefficient, and often the estimate, to infinity) is detected exactly
  by a linear program and excluded, with a warning; if no model remains, a ``ValueError``.
"""

from __future__ import annotations

import itertools
import math
import warnings as _warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import statsmodels.api as sm
from scipy import optimize, special

from whodid.analyse.mse import COMMON_ASSUMPTIONS, CaptureHistories, Estimate, Interval, check_level

Array = npt.NDArray[np.float64]
Pair = tuple[int, int]
Criterion = Literal["aic", "bic"]

EXHAUSTIVE_MAX_SOURCES = 4
"""Up to this many lists every set of interactions is fitted (64 models at 4); then stepwise."""

_MIN_WEIGHT = 1e-3  # models lighter than this do not enter the averaged interval
_UPPER_CAP = 1e5  # an upper limit beyond this many times the documented count is "unbounded"


@dataclass(frozen=True)
class ModelFit:
    """One fitted log-linear model: its interactions, fit statistics and estimate."""

    interactions: tuple[Pair, ...]
    terms: tuple[str, ...]
    parameters: int
    loglik: float
    aic: float
    bic: float
    unobserved: float
    estimate: float
    coefficients: dict[str, float]
    residual_df: int


def design(k: int, interactions: Iterable[Pair], cells: Sequence[int]) -> Array:
    """Design matrix rows for ``cells``: intercept, one column per list, one per interaction."""
    bits = np.array([[i >> j & 1 for j in range(k)] for i in cells], dtype=float).reshape(len(cells), k)
    columns = [np.ones(len(cells)), *bits.T, *(bits[:, a] * bits[:, b] for a, b in interactions)]
    return np.column_stack(columns)


def _terms(sources: Sequence[str], interactions: Iterable[Pair]) -> tuple[str, ...]:
    return (*sources, *(f"{sources[a]}:{sources[b]}" for a, b in interactions))


def mle_exists(x: Array, y: Array) -> bool:
    """Whether the Poisson log-likelihood of ``y`` on design ``x`` attains its maximum.

    It does not when the design is rank-deficient, or when some direction d moves the fitted
    log-means down on empty cells while leaving the others unchanged (x_h·d = 0 where
    y_h > 0, x_h·d ≤ 0 where y_h = 0, not all zero): the likelihood then keeps increasing
    along d and a coefficient runs off to infinity. A linear program finds such a d.
    """
    if np.linalg.matrix_rank(x) < x.shape[1]:
        return False
    empty = y == 0
    if not empty.any():
        return True
    result = optimize.linprog(
        c=x[empty].sum(axis=0),
        A_ub=x[empty],
        b_ub=np.zeros(int(empty.sum())),
        A_eq=x[~empty],
        b_eq=np.zeros(int((~empty).sum())),
        bounds=[(-1.0, 1.0)] * x.shape[1],
        method="highs",
    )
    return bool(result.status == 0 and result.fun > -1e-9)


def fit_model(histories: CaptureHistories, interactions: Iterable[Pair]) -> ModelFit:
    """Fit one model (statsmodels Poisson GLM on the observed cells).

    Raises ``ValueError`` when its maximum-likelihood estimate does not exist.
    """
    pairs = tuple(sorted((min(a, b), max(a, b)) for a, b in interactions))
    k = histories.k
    cells = list(range(1, 1 << k))
    x = design(k, pairs, cells)
    y = histories.array()[1:]
    terms = _terms(histories.sources, pairs)
    if np.linalg.matrix_rank(x) < x.shape[1]:
        raise ValueError(
            f"model {' + '.join(terms)} is not identifiable: too many terms for {len(cells)} cells"
        )
    if not mle_exists(x, y):
        raise ValueError(f"model {' + '.join(terms)} has no finite estimate with these empty cells")
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        result = sm.GLM(y, x, family=sm.families.Poisson()).fit()
    params = np.asarray(result.params, dtype=float)
    if not np.all(np.isfinite(params)) or not bool(getattr(result, "converged", True)):
        raise ValueError(f"model {' + '.join(terms)} did not converge")
    loglik = float(result.llf)
    p = x.shape[1]
    n = histories.documented
    unobserved = math.exp(params[0])
    return ModelFit(
        interactions=pairs,
        terms=terms,
        parameters=p,
        loglik=loglik,
        aic=-2 * loglik + 2 * p,
        bic=-2 * loglik + math.log(n) * p,
        unobserved=unobserved,
        estimate=n + unobserved,
        coefficients=dict(zip(("(intercept)", *terms), params.tolist(), strict=True)),
        residual_df=len(cells) - p,
    )


class ProfileLikelihood:
    """Multinomial profile log-likelihood of the total N under one model.

    For a given N the model is refitted on all 2^k cells with N − n in the unobserved one;
    ℓ(N) = log N!/(N − n)! + Σ_h c_h log(μ_h/N). The fits use a small Newton solver rather
    than statsmodels because an interval takes hundreds of them on tiny tables, each warm-
    started from the previous one.
    """

    def __init__(self, histories: CaptureHistories, interactions: Sequence[Pair]) -> None:
        self.n = float(histories.documented)
        self.counts = histories.array()
        self.x = design(histories.k, interactions, range(1 << histories.k))
        start = np.log(self.counts + 0.5)
        self._beta: Array = np.asarray(np.linalg.lstsq(self.x, start, rcond=None)[0], dtype=float)
        self._cache: dict[float, float] = {}

    def __call__(self, total: float) -> float:
        if total < self.n:
            raise ValueError("N cannot be below the documented count")
        if total in self._cache:
            return self._cache[total]
        y = self.counts.copy()
        y[0] = total - self.n
        self._beta, mu = _poisson_newton(self.x, y, self._beta)
        positive = y > 0
        value = float(
            special.gammaln(total + 1)
            - special.gammaln(total - self.n + 1)
            + np.sum(y[positive] * np.log(mu[positive] / total))
        )
        self._cache[total] = value
        return value


def _poisson_newton(x: Array, y: Array, beta: Array, max_iter: int = 100) -> tuple[Array, Array]:
    """Maximise Σ y·η − exp(η), η = xβ, by Newton's method with step halving."""
    eta = np.minimum(x @ beta, 700.0)
    mu = np.exp(eta)
    loglik = float(y @ eta - mu.sum())
    for _ in range(max_iter):
        gradient = x.T @ (y - mu)
        hessian = (x.T * mu) @ x
        try:
            step = np.linalg.solve(hessian, gradient)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(hessian, gradient, rcond=None)[0]
        scale = 1.0
        while True:
            candidate = beta + scale * step
            eta = np.minimum(x @ candidate, 700.0)
            new_mu = np.exp(eta)
            new_loglik = float(y @ eta - new_mu.sum())
            if new_loglik >= loglik - 1e-10 * abs(loglik) or scale < 1e-6:
                break
            scale /= 2
        beta, mu, previous, loglik = np.asarray(candidate, dtype=float), new_mu, loglik, new_loglik
        if np.max(np.abs(scale * step)) < 1e-9 or abs(loglik - previous) < 1e-12 * (1 + abs(loglik)):
            break
    return beta, mu


def _argmax(profile: ProfileLikelihood, guess: float) -> tuple[float, float]:
    """(N at the profile maximum, maximum), searched around the conditional estimate."""
    n = profile.n
    hi = n + 4 * (guess - n) + 10
    found = optimize.minimize_scalar(
        lambda t: -profile(t), bounds=(n, hi), method="bounded", options={"xatol": 1e-2}
    )
    best = (float(found.x), -float(found.fun))
    for candidate in (n, guess):
        value = profile(candidate)
        if value > best[1]:
            best = (candidate, value)
    return best


def mata_interval(
    profiles: Sequence[ProfileLikelihood], weights: Sequence[float], guesses: Sequence[float], level: float
) -> tuple[float, float, float]:
    """Model-averaged tail-area profile-likelihood interval (Fletcher & Turek 2012): (lower, median, upper).

    With r_m(N) the signed root of model m's likelihood-ratio statistic, the tail area
    F(N) = Σ_m w_m (1 − Φ(r_m(N))) rises from about 0 to about 1 with N; the limits solve
    F = (1 − level)/2 and F = (1 + level)/2, and the median F = 1/2. For one model these are
    exactly the profile likelihood interval {N : 2(ℓ(N̂) − ℓ(N)) ≤ χ²₁(level)} and the
    profile maximum. The upper limit is ``inf`` when the likelihood does not fall far enough
    however large N is.
    """
    n = profiles[0].n
    maxima = [_argmax(p, g) for p, g in zip(profiles, guesses, strict=True)]

    def tail(total: float) -> float:
        area = 0.0
        for profile, weight, (top, best) in zip(profiles, weights, maxima, strict=True):
            root = math.sqrt(max(0.0, 2 * (best - profile(total))))
            area += weight * 0.5 * math.erfc((root if top >= total else -root) / math.sqrt(2))  # 1 − Φ
        return area

    alpha = 1 - level
    tops = [t for t, _ in maxima]
    lower = n if tail(n) >= alpha / 2 else _solve(tail, alpha / 2, n, max(tops))
    median = tops[0] if len(tops) == 1 else _solve(tail, 0.5, min(tops), max(tops))
    start = max(max(tops), n + 1)
    upper = math.inf
    far = start
    while far - n < _UPPER_CAP * n:
        near, far = far, n + 2 * (far - n)
        if tail(far) >= 1 - alpha / 2:
            upper = _solve(tail, 1 - alpha / 2, near, far)
            break
    return lower, median, upper


def _solve(f: Callable[[float], float], target: float, lo: float, hi: float) -> float:
    if f(lo) >= target:
        return lo
    if f(hi) < target:  # numerical flatness at the top: the limit is the bracket's edge
        return hi
    return float(optimize.brentq(lambda t: f(t) - target, lo, hi, xtol=1e-2, rtol=1e-6))


def _candidates(k: int) -> list[tuple[Pair, ...]]:
    pairs = list(itertools.combinations(range(k), 2))
    return [c for r in range(len(pairs) + 1) for c in itertools.combinations(pairs, r)]


def _stepwise(
    histories: CaptureHistories,
    score: Callable[[ModelFit], float],
    fits: dict[tuple[Pair, ...], ModelFit],
    dropped: list[str],
) -> None:
    """Forward–backward search from the independence model.

    Fills ``fits`` with every model fitted and ``dropped`` with those without a finite estimate.
    """
    all_pairs = list(itertools.combinations(range(histories.k), 2))
    current: frozenset[Pair] = frozenset()
    failed: set[tuple[Pair, ...]] = set()

    def get(model: frozenset[Pair]) -> ModelFit | None:
        key = tuple(sorted(model))
        if key in failed:
            return None
        if key not in fits:
            try:
                fits[key] = fit_model(histories, key)
            except ValueError as e:
                failed.add(key)
                dropped.append(str(e))
                return None
        return fits[key]

    best = get(current)
    if best is None:
        return
    while True:
        moves = [current | {p} for p in all_pairs if p not in current] + [current - {p} for p in current]
        scored = [(score(f), m) for m in moves if (f := get(m)) is not None]
        if not scored:
            return
        value, model = min(scored, key=lambda s: s[0])
        if value >= score(best):
            return
        current, best = model, fits[tuple(sorted(model))]


def loglinear(
    histories: CaptureHistories,
    *,
    criterion: Criterion = "aic",
    average: bool = True,
    level: float = 0.95,
    interactions: Iterable[tuple[str, str]] | None = None,
) -> Estimate:
    """Estimate the total with log-linear models, averaged (default) or selected by ``criterion``.

    ``average=True`` weights the models by exp(−Δ``criterion``/2) and gives a MATA interval,
    which accounts for model uncertainty (see the module docstring for why this is the
    default), with the model-averaged median (where the averaged tail area is one half) as
    the estimate: unlike the weighted mean of the estimates (in ``details``), one light model
    with an exploding estimate cannot drag it away. ``average=False`` gives the best model's
    estimate and its profile-likelihood interval, conditional on that model being right.
    ``interactions`` fixes the model (pairs of list names; ``[]`` for independence) and
    skips the search. ``model`` in the result is always the best model's terms.
    """
    level = check_level(level)
    if criterion not in ("aic", "bic"):
        raise ValueError(f"criterion must be 'aic' or 'bic', got {criterion!r}")
    k = histories.k
    fits: dict[tuple[Pair, ...], ModelFit] = {}
    dropped: list[str] = []
    if interactions is not None:
        index = {s: j for j, s in enumerate(histories.sources)}
        pairs: list[Pair] = []
        for a, b in interactions:
            if a not in index or b not in index or a == b:
                raise ValueError(f"interaction ({a!r}, {b!r}) must name two different lists")
            pairs.append((min(index[a], index[b]), max(index[a], index[b])))
        fit = fit_model(histories, sorted(set(pairs)))
        fits[fit.interactions] = fit
        search = "fixed model"
    elif k <= EXHAUSTIVE_MAX_SOURCES:
        for candidate in _candidates(k):
            try:
                fits[candidate] = fit_model(histories, candidate)
            except ValueError as e:
                dropped.append(str(e))
        search = "all models with two-list interactions"
    else:
        _stepwise(histories, lambda f: getattr(f, criterion), fits, dropped)
        search = "stepwise search over two-list interactions"
    if not fits:
        raise ValueError(
            "no log-linear model can be fitted: the table has too many empty cells for any model "
            "(even independence) to give a finite estimate"
        )
    ranked = sorted(fits.values(), key=lambda f: getattr(f, criterion))
    scores = np.array([getattr(f, criterion) for f in ranked])
    weights = np.exp(-(scores - scores[0]) / 2)
    weights /= weights.sum()
    best = ranked[0]

    if average and len(fits) > 1:
        keep = [i for i, w in enumerate(weights) if w >= _MIN_WEIGHT]
        used = [ranked[i] for i in keep]
        used_w = weights[keep] / weights[keep].sum()
        profiles = [ProfileLikelihood(histories, f.interactions) for f in used]
        lower, estimate, upper = mata_interval(profiles, used_w.tolist(), [f.estimate for f in used], level)
        kind = "model-averaged profile likelihood (MATA)"
        method = f"Log-linear models, averaged by {criterion.upper()} weights"
    else:
        estimate = best.estimate
        lower, _, upper = mata_interval(
            [ProfileLikelihood(histories, best.interactions)], [1.0], [estimate], level
        )
        kind = "profile likelihood"
        method = f"Log-linear model selected by {criterion.upper()}" if len(fits) > 1 else "Log-linear model"
    lower, upper = min(lower, estimate), max(upper, estimate)

    return Estimate(
        method=method,
        estimate=estimate,
        interval=Interval(lower, upper, level, kind),
        documented=histories.documented,
        sources=histories.sources,
        model=best.terms,
        assumptions=_assumptions(average, len(fits) > 1),
        warnings=tuple(
            _warnings_for(
                histories, best, ranked, criterion, dropped, upper, estimate, kind != "profile likelihood"
            )
        ),
        details={
            "search": search,
            "criterion": criterion,
            "models": [
                {
                    "terms": list(f.terms),
                    "estimate": f.estimate,
                    "aic": f.aic,
                    "bic": f.bic,
                    "weight": float(w),
                    "residual_df": f.residual_df,
                }
                for f, w in zip(ranked, weights, strict=True)
            ],
            "selected_by_aic": list(min(ranked, key=lambda f: f.aic).terms),
            "selected_by_bic": list(min(ranked, key=lambda f: f.bic).terms),
            "weighted_mean": float(np.dot(weights, [f.estimate for f in ranked])),
            "coefficients": best.coefficients,
            "excluded_models": dropped,
        },
    )


def _assumptions(average: bool, selected: bool) -> tuple[str, ...]:
    notes = [
        *COMMON_ASSUMPTIONS,
        "Dependence between lists, and differences between victims in how likely they are to be "
        "listed, act only through the two-list interactions in the model.",
        "There is no interaction among three or more lists. This cannot be checked from the data: "
        "the cell it would need, victims on no list, is the one being estimated.",
    ]
    if selected and not average:
        notes.append(
            "The interval assumes the selected model is the right one; it leaves out the uncertainty of "
            "choosing it (model averaging includes it)."
        )
    elif selected:
        notes.append(
            "The interval allows for uncertainty in choosing among the models compared (main effects and "
            "two-list interactions), not for dependence outside that family."
        )
    return tuple(notes)


def _warnings_for(
    histories: CaptureHistories,
    best: ModelFit,
    ranked: Sequence[ModelFit],
    criterion: str,
    dropped: Sequence[str],
    upper: float,
    estimate: float,
    averaged: bool,
) -> list[str]:
    out: list[str] = []
    sources = histories.sources
    for a, b in best.interactions:
        ratio = math.exp(best.coefficients[f"{sources[a]}:{sources[b]}"])
        direction = "more" if ratio > 1 else "less"
        out.append(
            f"Lists {sources[a]} and {sources[b]} are not independent: the best model includes the "
            f"interaction {sources[a]}:{sources[b]} (odds ratio {ratio:.2g}: being on one makes being "
            f"on the other {direction} likely)."
        )
    empty = [h for h, c in histories.items() if c == 0]
    if empty:
        out.append(
            f"{len(empty)} of {2**histories.k - 1} observable cells are empty ({', '.join(empty[:6])}"
            f"{', ...' if len(empty) > 6 else ''}): the estimate is unstable."
        )
    if dropped:
        out.append(
            f"{len(dropped)} candidate models were excluded because empty cells make their estimate infinite."
        )
    if best.residual_df == 0 and len(ranked) > 1:
        out.append(
            "The selected model fits the observed cells exactly (no degrees of freedom left): nothing "
            "in the data checks it."
        )
    close = [f for f in ranked[1:] if getattr(f, criterion) - getattr(best, criterion) < 2]
    spread = [f.estimate for f in close if abs(f.estimate - best.estimate) > 0.1 * best.estimate]
    if spread and not averaged:
        out.append(
            f"Models almost as good by {criterion.upper()} give estimates from {min(spread):,.0f} to "
            f"{max(spread):,.0f}: the choice of model matters; consider model averaging."
        )
    if not math.isfinite(upper):
        out.append(
            f"The upper limit is unbounded (beyond {_UPPER_CAP:,.0f} times the documented count): the data "
            "are consistent with an arbitrarily large number of undocumented victims."
        )
    if estimate > 10 * histories.documented:
        out.append("Under 10% of the estimated total is documented: the estimate rests on little overlap.")
    return out
