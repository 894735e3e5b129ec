"""Statistics on the tidy tables: shares with intervals that respect how the data were sampled,
group comparisons, regressions, and shares corrected for the machine's errors.

Pure numpy / scipy / pandas / statsmodels: no spaCy. Imported by the layers that report numbers.

* :func:`frame_profile`: shares per group; Korn-Graubard intervals for a cluster sample of
  documents (:mod:`discourse.stats.design`; a cluster bootstrap on request), Wilson for one
  document's sentences (``ci_method`` says which).
* :func:`compare_frames`: differences from a reference group with MOVER intervals built from the
  groups' intervals (or a cluster bootstrap) and Holm-adjusted p-values; :func:`frames_over_time`:
  shares per month, quarter or year.
* :func:`frame_regression`: a binomial GLM per frame with document-clustered standard errors.
* :func:`ppi_mean`, :func:`estimate_shares`: prediction-powered shares from a coded sample.
"""

from __future__ import annotations

from .bootstrap import cluster_bootstrap, group_rng
from .compare import COMPARE_COLUMNS, FREQUENCIES, compare_frames, frames_over_time, holm
from .intervals import wilson_interval
from .ppi import ESTIMATE_COLUMNS, PPI_METHODS, estimate_shares, ppi_mean
from .profile import CI_METHODS, PROFILE_COLUMNS, frame_profile
from .regression import REGRESSION_COLUMNS, frame_regression

__all__ = [
    "CI_METHODS",
    "COMPARE_COLUMNS",
    "ESTIMATE_COLUMNS",
    "FREQUENCIES",
    "PPI_METHODS",
    "PROFILE_COLUMNS",
    "REGRESSION_COLUMNS",
    "cluster_bootstrap",
    "compare_frames",
    "estimate_shares",
    "frame_profile",
    "frame_regression",
    "frames_over_time",
    "group_rng",
    "holm",
    "ppi_mean",
    "wilson_interval",
]
