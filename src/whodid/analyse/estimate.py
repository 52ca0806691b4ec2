"""How many victims were there? Multiple systems estimation over the store's lists.

Joins :mod:`whodid.analyse.lists` (who is on which list) and the estimators
(:func:`~whodid.analyse.loglinear.loglinear` by default, Chapman's two-list
estimator when only two lists exist, or the Bayesian latent-class model on
request), and turns the result into the :class:`~whodid.store.statistics.Estimate`
that reports print beside the documented counts, with every assumption and
warning, and the ones linkage adds (how the victims were matched, what was left out).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from whodid.analyse.bayes import lcmcr
from whodid.analyse.lists import DEFAULT_MAX_LISTS, Documented, documented
from whodid.analyse.loglinear import loglinear
from whodid.analyse.mse import Estimate, lincoln_petersen
from whodid.store.statistics import Estimate as Attached

if TYPE_CHECKING:
    from collections.abc import Sequence

    from whodid.store.access import Access
    from whodid.store.repository import Repository
    from whodid.store.statistics import EventFilter

METHODS = ("loglinear", "lcmcr", "chapman")
REVIEWED_LINKS = (
    "Victims named in several reports are one person only where a reviewer accepted the link "
    "(whodid link); unreviewed duplicates count as different victims and inflate the estimate."
)
AUTO_LINKS = (
    "Victims named in several reports were joined by the person-linkage model without review; "
    "its errors (missed or false links) bias the estimate as matching errors do."
)
NAMED_ONLY = "Only named victims are counted: unnamed victims cannot be matched across lists."


@dataclass(frozen=True, slots=True)
class VictimEstimate:
    """An estimate of the total number of victims, with the lists it came from."""

    estimate: Estimate
    lists: Documented

    def attached(self, what: str = "named victims") -> Attached:
        """The estimate as a report shows it beside the documented counts."""
        e = self.estimate
        upper = e.interval.upper if math.isfinite(e.interval.upper) else math.inf
        sources = ", ".join(
            f"{s} ({n})" for s, n in zip(e.sources, self.lists.histories.source_totals, strict=True)
        )
        return Attached(
            what=what,
            value=e.estimate,
            lower=e.interval.lower,
            upper=upper,
            level=e.interval.level,
            method=f"{e.method}; {self.lists.victims} documented on {len(e.sources)} lists: {sources}",
            note="; ".join(self.lists.notes),
            assumptions=(
                *e.assumptions,
                AUTO_LINKS if self.lists.auto_linked else REVIEWED_LINKS,
                NAMED_ONLY,
            ),
            warnings=e.warnings,
        )


def estimate_victims(
    repo: Repository,
    where: EventFilter | None = None,
    *,
    method: str = "loglinear",
    lists: Sequence[str] | None = None,
    max_lists: int = DEFAULT_MAX_LISTS,
    auto: bool = False,
    level: float = 0.95,
    access: Access | None = None,
) -> VictimEstimate:
    """Estimate the named victims of the selected events, documented or not.

    Raises ValueError with the reason when the lists cannot support an estimate
    (one list, no overlap, a list with nobody on it...).
    """
    if method not in METHODS:
        raise ValueError(f"{method!r} is not an estimation method; one of {', '.join(METHODS)}")
    found = documented(repo, where, lists=lists, max_lists=max_lists, auto=auto, access=access)
    histories = found.histories
    if method == "chapman" or histories.k == 2:
        if histories.k != 2:
            raise ValueError(
                f"Chapman's estimator takes two lists, not {histories.k}; choose two with --list"
            )
        result = lincoln_petersen(histories, level=level)
    elif method == "lcmcr":
        result = lcmcr(histories, level=level, seed=0)
    else:
        result = loglinear(histories, level=level)
    return VictimEstimate(result, found)
