"""Compare frame shares between groups and over time, with document-level intervals.

:func:`compare_frames` gives, per frame and group, the difference in share from a reference
group with a cluster-bootstrap interval and a Holm-adjusted p-value; :func:`frames_over_time`
bins sentences by the month, quarter or year of a date column and gives the shares per period
(:func:`discourse.stats.frame_profile` with cluster intervals); :func:`holm` is the adjustment.

Methods (for a paper's methods section)
---------------------------------------
By default (``ci="design"``) the interval of a difference is the **MOVER** interval (method of
variance estimates recovery; Newcombe 1998, Zou & Donner 2008) built from the two groups'
intervals of :func:`frame_profile` - Korn-Graubard intervals for a cluster sample of documents
(:mod:`discourse.stats.design`), Wilson over sentences for a group of one document -
so that the differences and the profile agree: for ``d = p1 - p0``,
``L = d - sqrt((p1 - l1)^2 + (u0 - p0)^2)`` and ``U = d + sqrt((u1 - p1)^2 + (p0 - l0)^2)``.
Rare and absent frames keep honest intervals (a frame neither group used has ``d = 0`` and an
interval around it, not a point). The two-sided p-value inverts the interval: the smallest
level ``a`` at which the ``1 - a`` interval excludes 0 (bisection). ``ci_method`` is
``"mover_korn_graubard"``, or ``"mover_one_document"`` when a group holds one document (its
sentences are then treated as independent).

With ``ci="cluster"``, documents are resampled with replacement within each group instead
(a stratified cluster bootstrap, ``n_boot`` replicates seeded by ``random_state``; the same
replicates :func:`frame_profile` draws with ``ci="cluster"``). In each replicate the
difference of the two ratio shares is recomputed; the interval is the percentile interval of
the replicated differences and ``p = min(1, 2 * min(1 + #{d* <= 0}, 1 + #{d* >= 0}) / (n_boot +
1))``. A group holding a single document has its sentences resampled instead
(``"sentence_bootstrap"``). The percentile bootstrap is too narrow for rare frames.

``p_holm`` adjusts the p-values of all rows of the table (every frame of every group against
the reference) by Holm's step-down method, which controls the family-wise error rate without
assuming independence.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import DiscourseError, DiscourseWarning
from .bootstrap import (
    RandomState,
    check_bootstrap,
    check_sentences,
    cluster_bootstrap,
    doc_counts,
    frame_matrix,
    frame_names,
    group_rng,
    percentile_interval,
)
from .design import cell_design_effects, korn_graubard, mover_difference, mover_p_value
from .intervals import wilson_interval
from .profile import frame_profile

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COMPARE_COLUMNS", "FREQUENCIES", "compare_frames", "frames_over_time", "holm"]

#: Columns of :func:`compare_frames` after the group column.
COMPARE_COLUMNS: tuple[str, ...] = (
    "reference",
    "frame",
    "share",
    "share_reference",
    "difference",
    "ci_low",
    "ci_high",
    "p_value",
    "p_holm",
    "n_sentences",
    "n_documents",
    "n_sentences_reference",
    "n_documents_reference",
    "ci_method",
)

#: Bins of :func:`frames_over_time` and their pandas period codes.
FREQUENCIES: dict[str, str] = {"year": "Y", "quarter": "Q", "month": "M"}


def holm(p_values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Holm's step-down adjustment of p-values (NaN stays NaN and is not counted).

    ``p_(i)`` sorted ascending over the m finite p-values becomes
    ``max_{j <= i} min(1, (m - j + 1) * p_(j))``.
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    finite = np.flatnonzero(np.isfinite(p))
    m = len(finite)
    if m == 0:
        return out
    order = finite[np.argsort(p[finite], kind="stable")]
    scaled = np.minimum(1.0, (m - np.arange(m)) * p[order])
    out[order] = np.maximum.accumulate(scaled)
    return out


def _group_replicates(
    matrix: np.ndarray, docs: np.ndarray | None, n_boot: int, random_state: RandomState, group: Any
) -> tuple[np.ndarray, int, str]:
    """Bootstrap replicates of a group's shares: ``(draws, n_documents, ci_method)``."""
    n_docs = len(np.unique(docs)) if docs is not None else 0
    rng = group_rng(random_state, group)
    if n_docs >= 2:
        counts, sizes = doc_counts(matrix, docs)
        return cluster_bootstrap(counts, sizes, n_boot, rng), n_docs, "cluster_bootstrap"
    counts = matrix.astype(float)
    return cluster_bootstrap(counts, np.ones(len(counts)), n_boot, rng), max(n_docs, 1), "sentence_bootstrap"


def compare_frames(
    sentences: pd.DataFrame,
    by: str,
    reference: Any = None,
    *,
    frames: Sequence[str] | None = None,
    confidence: float = 0.95,
    ci: str = "design",
    n_boot: int = 2000,
    random_state: RandomState = 0,
    cluster: str = "doc_id",
) -> pd.DataFrame:
    """Difference in frame share between each group and a reference group, with cluster intervals.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentence table (:func:`discourse.sentence_frames`) with the column ``by``.
    by : str
        The grouping column (e.g. an outlet's bias, a genre). Rows where it is missing are left out.
    reference : optional
        The level every other level is compared with; default the level with the most
        documents (ties: the first in sorted order).
    frames : sequence of str, optional
        Default the codebook's (``sentences.attrs["frames"]``).
    confidence : float, default 0.95
    ci : {"design", "cluster"}, default "design"
        ``"design"``: MOVER intervals from the groups' Korn-Graubard intervals (those of
        :func:`frame_profile`); ``"cluster"``: a stratified cluster bootstrap. See the module
        docstring.
    n_boot : int, default 2000
        Bootstrap replicates (``ci="cluster"``).
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the bootstrap; the replicates of a group are those :func:`frame_profile` draws for it.
    cluster : str, default "doc_id"
        The document column (the cluster).

    Returns
    -------
    pandas.DataFrame
        ``<by>``, ``reference``, ``frame``, ``share``, ``share_reference``, ``difference`` (share
        minus the reference's share), ``ci_low``, ``ci_high``, ``p_value``, ``p_holm``,
        ``n_sentences``, ``n_documents``, ``n_sentences_reference``, ``n_documents_reference``,
        ``ci_method``; one row per non-reference level and frame. See the module docstring for
        how the interval and the p-values are computed.

    Raises
    ------
    DiscourseError
        Not a sentence table, no column ``by`` or ``cluster``, fewer than two levels, an unknown
        ``reference``.
    """
    import pandas as pd

    check_sentences(sentences, by, cluster)
    check_bootstrap(n_boot, confidence)
    if ci not in ("design", "cluster"):
        raise DiscourseError(f"ci: {ci!r}; choose 'design' or 'cluster'")
    group_rng(random_state, None)  # a bad seed: one line, whichever interval is asked for
    names = frame_names(sentences, frames)
    data = sentences[sentences[by].notna()]
    levels = list(pd.unique(data[by]))
    if len(levels) < 2:
        raise DiscourseError(f"by: column {by!r} has {len(levels)} level(s) with sentences; a comparison needs two or more")
    docs_per_level = data.groupby(by, sort=False)[cluster].nunique()
    if reference is None:
        reference = sorted(levels, key=lambda v: (-int(docs_per_level[v]), str(v)))[0]
    elif reference not in levels:
        matches = [v for v in levels if str(v) == str(reference)]
        if not matches:
            raise DiscourseError(f"reference: {reference!r} is not a level of {by!r}; choose one of {', '.join(map(str, levels))}")
        reference = matches[0]
    full = frame_matrix(data, names)  # the frames, then "unframed" (it takes part in the pooled design effect)
    matrix = full if ci == "design" else full[:, : len(names)]
    values = data[by].to_numpy()
    docs_all = data[cluster].astype(str).to_numpy()
    results = (_design_rows if ci == "design" else _bootstrap_rows)(matrix, values, docs_all, levels, reference, confidence, n_boot, random_state)
    rows = []
    for level, (share, ref_share, lo, hi, p, n_sent, n_docs, ref_n, ref_docs, method) in results.items():
        for j, frame in enumerate(names):
            rows.append(
                {
                    by: level,
                    "reference": reference,
                    "frame": frame,
                    "share": float(share[j]),
                    "share_reference": float(ref_share[j]),
                    "difference": float(share[j] - ref_share[j]),
                    "ci_low": float(lo[j]),
                    "ci_high": float(hi[j]),
                    "p_value": float(p[j]),
                    "n_sentences": n_sent,
                    "n_documents": n_docs,
                    "n_sentences_reference": ref_n,
                    "n_documents_reference": ref_docs,
                    "ci_method": method,
                }
            )
    out = pd.DataFrame(rows, columns=[by, *COMPARE_COLUMNS[:8], *COMPARE_COLUMNS[9:]])
    out.insert(out.columns.get_loc("p_value") + 1, "p_holm", holm(out["p_value"].to_numpy()))
    out.attrs["ci"] = {"method": "mover_korn_graubard" if ci == "design" else "cluster_bootstrap", "n_boot": n_boot, "random_state": random_state if isinstance(random_state, int) else None, "cluster": cluster, "confidence": confidence}
    return out


def _bootstrap_rows(
    matrix: np.ndarray, values: np.ndarray, docs_all: np.ndarray, levels: Sequence[Any], reference: Any, confidence: float, n_boot: int, random_state: RandomState
) -> dict[Any, tuple[Any, ...]]:
    """Per non-reference level: shares, percentile interval and p-value of the differences (cluster bootstrap)."""
    per_level: dict[Any, tuple[np.ndarray, np.ndarray, int, int, str]] = {}
    for level in levels:
        mask = values == level
        part = matrix[mask]
        draws, n_docs, method = _group_replicates(part, docs_all[mask], n_boot, random_state, level)
        per_level[level] = (part.mean(axis=0), draws, int(mask.sum()), n_docs, method)
    ref_share, ref_draws, ref_n, ref_docs, ref_method = per_level[reference]
    out: dict[Any, tuple[Any, ...]] = {}
    for level in levels:
        if level == reference:
            continue
        share, draws, n_sent, n_docs, method = per_level[level]
        diff_draws = draws - ref_draws
        lo, hi = percentile_interval(diff_draws, confidence)
        below = (diff_draws <= 0).sum(axis=0)
        above = (diff_draws >= 0).sum(axis=0)
        p = np.minimum(1.0, 2 * np.minimum(below + 1, above + 1) / (n_boot + 1))
        joint = method if method == ref_method else "sentence_bootstrap"
        out[level] = (share, ref_share, lo, hi, p, n_sent, n_docs, ref_n, ref_docs, joint)
    return out


def _design_rows(
    matrix: np.ndarray, values: np.ndarray, docs_all: np.ndarray, levels: Sequence[Any], reference: Any, confidence: float, n_boot: int, random_state: RandomState
) -> dict[Any, tuple[Any, ...]]:
    """Per non-reference level: shares, MOVER interval and p-value of the differences (see the module docstring)."""
    del n_boot, random_state  # no resampling
    per_level = {level: _GroupDesign(matrix[values == level], docs_all[values == level]) for level in levels}
    n_frames = matrix.shape[1] - 1  # not the unframed column
    ref = per_level[reference]
    out: dict[Any, tuple[Any, ...]] = {}
    for level in levels:
        if level == reference:
            continue
        grp = per_level[level]
        lo, hi, p = np.empty(n_frames), np.empty(n_frames), np.empty(n_frames)
        for j in range(n_frames):

            def at(conf: float, j: int = j, grp: _GroupDesign = grp) -> tuple[float, float]:
                return mover_difference(grp.share[j], *grp.interval(j, conf), ref.share[j], *ref.interval(j, conf))

            lo[j], hi[j] = at(confidence)
            p[j] = mover_p_value(at, float(grp.share[j] - ref.share[j]))
        method = "mover_korn_graubard" if grp.n_docs >= 2 and ref.n_docs >= 2 else "mover_one_document"
        out[level] = (grp.share, ref.share, lo, hi, p, grp.n_sentences, grp.n_docs, ref.n_sentences, ref.n_docs, method)
    return out


class _GroupDesign:
    """One group's shares and their interval at any level: Korn-Graubard with the design
    effects :func:`frame_profile` uses (several documents), Wilson over sentences (one).
    ``part`` holds the frames' columns and the unframed column last, as :func:`frame_matrix`."""

    def __init__(self, part: np.ndarray, docs: np.ndarray) -> None:
        self.n_sentences = len(part)
        self.counts = part.sum(axis=0).astype(float)
        self.share = self.counts / max(self.n_sentences, 1)
        self.n_docs = len(np.unique(docs))
        self.deff = np.ones(part.shape[1])
        if self.n_docs >= 2:
            self.deff = cell_design_effects(*doc_counts(part, docs))[0]

    def interval(self, j: int, confidence: float) -> tuple[float, float]:
        if self.n_docs >= 2:
            return korn_graubard(float(self.counts[j]), float(self.n_sentences), self.n_docs, float(self.deff[j]), confidence)
        return wilson_interval(int(self.counts[j]), self.n_sentences, confidence)


def frames_over_time(
    sentences: pd.DataFrame,
    date: str = "date",
    freq: str = "year",
    *,
    frames: Sequence[str] | None = None,
    confidence: float = 0.95,
    ci: str = "auto",
    n_boot: int = 2000,
    random_state: RandomState = 0,
    cluster: str = "doc_id",
) -> pd.DataFrame:
    """Frame shares per month, quarter or year of a date column, with document-level intervals.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentence table with a date column (any format :func:`pandas.to_datetime` reads,
        e.g. ``2019-05-01``).
    date : str, default "date"
    freq : {"year", "quarter", "month"}, default "year"
    frames, confidence, ci, n_boot, random_state, cluster
        As in :func:`frame_profile` (``ci="auto"``: Korn-Graubard intervals when a period spans
        several documents).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`frame_profile` with the group column ``period`` (``"2019"``,
        ``"2019Q2"`` or ``"2019-05"``), periods in time order, plus ``period_start`` (a
        timestamp, for plotting). Sentences without a readable date are left out; their number
        is in ``attrs["undated_sentences"]``.

    Raises
    ------
    DiscourseError
        No column ``date``, an unknown ``freq``, or no readable date.
    """
    import pandas as pd

    check_sentences(sentences, date)
    if freq not in FREQUENCIES:
        raise DiscourseError(f"freq: {freq!r}; choose one of {', '.join(FREQUENCIES)}")
    when = pd.to_datetime(sentences[date], errors="coerce", format="mixed")
    if getattr(when.dt, "tz", None) is not None:
        when = when.dt.tz_convert(None)
    dated = sentences[when.notna()].copy()
    if dated.empty:
        raise DiscourseError(f"date: no readable date in column {date!r}; give dates such as 2019-05-01")
    periods = when[when.notna()].dt.to_period(FREQUENCIES[freq])
    dated["period"] = periods.astype(str).to_numpy()
    dated.attrs = dict(sentences.attrs)
    out = frame_profile(dated, by="period", frames=frames, confidence=confidence, ci=ci, n_boot=n_boot, random_state=random_state, cluster=cluster)
    starts = {str(p): p.start_time for p in periods.unique()}
    out["period_start"] = out["period"].map(starts)
    out = out.sort_values(["period_start"], kind="stable").reset_index(drop=True)
    out.attrs["undated_sentences"] = undated = int(len(sentences) - len(dated))
    out.attrs["freq"] = freq
    if undated:
        n_docs = sentences.loc[when.isna(), cluster].nunique() if cluster in sentences.columns else undated
        warnings.warn(
            f"frames_over_time: {undated} sentences of {n_docs} documents have no readable date in column {date!r} and are "
            "left out; give them dates (e.g. 2019-05-01) to count them",
            DiscourseWarning,
            stacklevel=2,
        )
    return out
