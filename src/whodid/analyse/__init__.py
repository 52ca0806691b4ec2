"""Statistical analysis of documented violations: how many victims no list documented.

Multiple systems estimation (capture–recapture) from matched lists: see
:mod:`whodid.analyse.mse` (input, results, two-list estimator),
:mod:`whodid.analyse.loglinear` (log-linear models), :mod:`whodid.analyse.bayes`
(Bayesian latent classes) and :mod:`whodid.analyse.simulate` (populations of known size).
"""

from whodid.analyse.bayes import lcmcr
from whodid.analyse.loglinear import loglinear
from whodid.analyse.mse import CaptureHistories, Estimate, Interval, lincoln_petersen

__all__ = ["CaptureHistories", "Estimate", "Interval", "lcmcr", "lincoln_petersen", "loglinear"]
