"""Design-based intervals for shares of sentences sampled in documents (clusters).

The sentences of a corpus are not a simple random sample: they come in documents, and the
sentences of one article resemble each other (one author, one story). A share's interval must
carry that. This module gives the interval survey statisticians use for a proportion estimated
from a cluster sample, the **Korn-Graubard interval** (Korn & Graubard 1998; R's
``survey::svyciprop(method = "beta")``), and the **MOVER** interval for a difference of two such
shares (Newcombe 1998; Zou & Donner 2008).

Korn-Graubard, for one group of ``m >= 2`` documents with ``n_i`` sentences mentioning men of
which ``k_i`` carry the frame (``N = sum n_i``, ``p = sum k_i / N``):

1. the variance of the ratio estimator ``p`` by linearisation over documents (with replacement),
   ``v = m / (m - 1) * sum_i (k_i - p n_i)^2 / N^2``;
2. the design effect ``deff = v / (p (1 - p) / N)``, floored at 1 (never narrower than sentences
   treated as independent). It is estimated from the cell itself when the cell has at least
   ``min_count`` sentences with the frame and as many without; a rarer cell (a frame seen in a
   handful of sentences, or in none) cannot estimate its own and takes the group's design effect
   (:func:`pooled_design_effect`: the median over the group's cells that can, or, when none can,
   the mean number of sentences per document - one observation per document);
3. the effective sample size ``n* = N / deff``, adjusted for the few degrees of freedom of a
   cluster sample, ``n*_df = n* (t_{N-1} / t_{m-1})^2`` (``t`` the two-sided quantiles of
   Student's t at the interval's level);
4. the Clopper-Pearson (beta) limits at ``n*_df`` trials with ``p n*_df`` successes:
   ``Beta(a/2; x, n - x + 1)`` and ``Beta(1 - a/2; x + 1, n - x)`` (0 when ``p`` is 0, 1 when
   ``p`` is 1).

Unlike a percentile bootstrap, which collapses to a point for a frame no document has and is far
too narrow for a frame a few sentences have (the replicates can only redraw those few), the
interval is defined and monotone in the count: a cell with no sentence of the frame is never
more certain than a cell with one. In simulations with Beta-distributed document shares
(``tests/stats/test_profile.py``) it covers the true share at about the nominal rate for common
frames and conservatively for rare ones, where the cluster bootstrap covered 80-88%.

MOVER for ``d = p1 - p0`` of two independent groups with intervals ``(l1, u1)`` and ``(l0, u0)``:
``L = d - sqrt((p1 - l1)^2 + (u0 - p0)^2)``, ``U = d + sqrt((u1 - p1)^2 + (p0 - l0)^2)``. The
two-sided p-value is the smallest ``a`` at which the ``1 - a`` interval excludes 0 (found by
bisection).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

__all__ = [
    "MIN_COUNT",
    "cell_design_effects",
    "design_effects",
    "korn_graubard",
    "mover_difference",
    "mover_p_value",
    "pooled_design_effect",
]

#: A cell estimates its own design effect with at least this many sentences with the frame and
#: as many without; a rarer one takes its group's.
MIN_COUNT = 5


def design_effects(counts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The design effect of each column of ``counts`` (documents x frames) with ``sizes``
    sentences per document: the linearised cluster variance of the share over its variance as a
    simple random sample of sentences; NaN where the share is 0 or 1, or fewer than two documents.
    """
    counts = np.asarray(counts, dtype=float)
    sizes = np.asarray(sizes, dtype=float)
    m = len(sizes)
    total = sizes.sum()
    if counts.ndim == 1:
        counts = counts[:, None]
    if m < 2 or total <= 0:
        return np.full(counts.shape[1], math.nan)
    share = counts.sum(axis=0) / total
    resid = counts - share[None, :] * sizes[:, None]
    var = m / (m - 1) * (resid**2).sum(axis=0) / total**2
    srs = share * (1 - share) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        deff = np.where(srs > 0, var / srs, math.nan)
    return deff


def pooled_design_effect(counts: np.ndarray, sizes: np.ndarray, min_count: int = MIN_COUNT) -> float:
    """The design effect a group's rare cells take: the median of the design effects of the
    columns with at least ``min_count`` sentences with and without the frame (floored at 1);
    without such a column, the mean number of sentences per document (one observation per
    document, the most conservative)."""
    counts = np.asarray(counts, dtype=float)
    sizes = np.asarray(sizes, dtype=float)
    if counts.ndim == 1:
        counts = counts[:, None]
    total = sizes.sum()
    k = counts.sum(axis=0)
    usable = (k >= min_count) & (total - k >= min_count)
    deff = design_effects(counts, sizes)
    usable &= np.isfinite(deff)
    if usable.any():
        return max(1.0, float(np.median(deff[usable])))
    return max(1.0, float(total / max(len(sizes), 1)))


def cell_design_effects(counts: np.ndarray, sizes: np.ndarray, min_count: int = MIN_COUNT) -> tuple[np.ndarray, np.ndarray]:
    """The design effect each column's interval uses, and whether the column estimated its own:
    its own (floored at 1) with at least ``min_count`` sentences with the frame and as many
    without, else the group's :func:`pooled_design_effect`."""
    counts = np.asarray(counts, dtype=float)
    sizes = np.asarray(sizes, dtype=float)
    k = counts.sum(axis=0)
    total = sizes.sum()
    own = design_effects(counts, sizes)
    estimable = (k >= min_count) & (total - k >= min_count) & np.isfinite(own)
    pooled = pooled_design_effect(counts, sizes, min_count)
    return np.where(estimable, np.maximum(1.0, np.nan_to_num(own, nan=1.0)), pooled), estimable


def korn_graubard(k: float, total: float, n_docs: int, deff: float, confidence: float = 0.95) -> tuple[float, float]:
    """The Korn-Graubard interval of the share ``k / total`` of a cluster sample of ``n_docs``
    documents with design effect ``deff`` (see the module docstring); (nan, nan) for ``total`` 0."""
    from scipy import stats

    if total <= 0:
        return (math.nan, math.nan)
    p = k / total
    alpha = 1 - confidence
    n_eff = total / max(1.0, deff)
    if n_docs >= 2 and total > 1:
        n_eff *= (stats.t.ppf(alpha / 2, total - 1) / stats.t.ppf(alpha / 2, n_docs - 1)) ** 2
    x = p * n_eff
    low = 0.0 if k <= 0 else float(stats.beta.ppf(alpha / 2, x, n_eff - x + 1))
    high = 1.0 if k >= total else float(stats.beta.ppf(1 - alpha / 2, x + 1, n_eff - x))
    return (low, high)


def mover_difference(p1: float, low1: float, high1: float, p0: float, low0: float, high0: float) -> tuple[float, float]:
    """The MOVER interval of ``p1 - p0`` from the intervals of two independent shares."""
    d = p1 - p0
    return (d - math.hypot(p1 - low1, high0 - p0), d + math.hypot(high1 - p1, p0 - low0))


def mover_p_value(interval_at: Callable[[float], tuple[float, float]], difference: float, tol: float = 1e-6) -> float:
    """The two-sided p-value of a difference: the smallest ``a`` at which ``interval_at(1 - a)``
    excludes 0, by bisection (on the log scale below 1e-3). 1 for a difference of 0."""
    if difference == 0 or not math.isfinite(difference):
        return 1.0 if difference == 0 else math.nan

    def excludes(alpha: float) -> bool:
        low, high = interval_at(1 - alpha)
        return low > 0 or high < 0

    if excludes(1e-12):
        return 1e-12
    if not excludes(1 - 1e-9):
        return 1.0
    lo, hi = math.log(1e-12), math.log(1 - 1e-9)  # excludes at exp(hi), not at exp(lo)
    while hi - lo > tol:
        mid = (lo + hi) / 2
        if excludes(math.exp(mid)):
            hi = mid
        else:
            lo = mid
    return float(math.exp(hi))
