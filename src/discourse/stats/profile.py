"""Frame shares per group with intervals that respect how the sentences were sampled: :func:`frame_profile`.

Methods
-------
A frame's share in a group is the number of sentences mentioning men that carry the frame,
divided by the number of sentences mentioning men in the group (a ratio over sentences; frames
co-occur, so shares can sum to more than 1). Its 95% interval depends on the design:

* **Shares over several documents** (a group of articles, an outlet, a year, the pooled corpus)
  get the **Korn-Graubard interval** for a cluster sample (:mod:`discourse.stats.design`): the
  variance of the share by linearisation over documents, the design effect it implies (floored
  at 1), and Clopper-Pearson limits at the effective sample size with Korn and Graubard's
  degrees-of-freedom adjustment. Sentences of one article are not independent (one author, one
  story), so treating them as such - the Wilson interval over sentences - gives intervals
  several times too narrow. A cell with at least 5 sentences with the frame and 5 without
  estimates its own design effect (``ci_method = "korn_graubard"``); a rarer cell, a frame seen in
  a handful of sentences or none, takes the group's (the median of the cells that can estimate
  theirs; ``ci_method = "korn_graubard_pooled"``), so that a frame nobody used is never reported
  with more certainty than a frame one sentence used. ``design_effect`` gives the value used.
* **A single document's sentences** (``by="doc_id"``, or a group holding one document) keep the
  **Wilson score interval** over sentences (:func:`wilson_interval`): the document is the
  population and its sentences are treated as independent. ``ci_method = "wilson"``.
* ``ci="cluster"`` gives instead a **document-level (cluster) bootstrap** percentile interval:
  documents are resampled with replacement within the group (``n_boot`` replicates, seeded by
  ``random_state``; :mod:`discourse.stats.bootstrap`); ``ci_method = "cluster_bootstrap"``, and
  ``"wilson_documents"`` (Wilson with one observation per document) where every replicate is
  0 or 1. It is too narrow for rare frames (the replicates can only redraw the few documents
  that have them): use it as a check, not for rare frames.

With fewer than about 10 documents in a group every interval is rough: report the number of
documents beside the share.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..errors import DiscourseError
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
from .design import cell_design_effects, korn_graubard
from .intervals import wilson_interval

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CI_METHODS", "PROFILE_COLUMNS", "frame_profile"]


#: Columns of :func:`frame_profile` after the group column.
PROFILE_COLUMNS: tuple[str, ...] = ("frame", "n", "n_sentences", "n_documents", "share", "ci_low", "ci_high", "ci_method", "design_effect")
#: The values of ``ci_method``.
CI_METHODS: tuple[str, ...] = ("wilson", "korn_graubard", "korn_graubard_pooled", "cluster_bootstrap", "wilson_documents")


def frame_profile(
    sentences: pd.DataFrame,
    by: str | None = "doc_id",
    *,
    frames: Sequence[str] | None = None,
    confidence: float = 0.95,
    ci: str = "auto",
    n_boot: int = 2000,
    random_state: RandomState = 0,
    cluster: str = "doc_id",
) -> pd.DataFrame:
    """Share of men-mentioning sentences carrying each frame, per group, with design-aware intervals.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The output of :func:`sentence_frames` (one row per sentence that mentions men; the
        denominator), with the metadata column ``by``.
    by : str or None, default "doc_id"
        Grouping column (``doc_id`` or any metadata column); ``None`` pools all sentences
        (group column ``group`` = "all").
    frames : sequence of str, optional
        Frames to report; default ``sentences.attrs["frames"]`` (the codebook's).
    confidence : float, default 0.95
        Confidence level of the intervals.
    ci : {"auto", "design", "cluster", "wilson"}, default "auto"
        ``"wilson"``: Wilson score intervals over sentences. ``"design"``: Korn-Graubard
        intervals for every group spanning two or more documents (Wilson for a group of one
        document). ``"cluster"``: document-level bootstrap intervals instead. ``"auto"``: Wilson
        when ``by`` is the cluster column (one document's sentences) or the table has no cluster
        column, else as ``"design"``. See the module docstring for the methods.
    n_boot : int, default 2000
        Bootstrap replicates (``ci="cluster"``).
    random_state : int, numpy.random.Generator or None, default 0
        Seed of the bootstrap; each group draws from its own stream (seed and group name), so
        the same call gives the same intervals.
    cluster : str, default "doc_id"
        The column whose values are resampled (the document).

    Returns
    -------
    pandas.DataFrame
        Columns ``<by>``, ``frame``, ``n`` (sentences with the frame), ``n_sentences``
        (sentences mentioning men in the group), ``n_documents`` (documents they come from; 1
        without a cluster column), ``share`` = n / n_sentences, ``ci_low``, ``ci_high``,
        ``ci_method`` (one of :data:`CI_METHODS`) and ``design_effect`` (the design effect the
        Korn-Graubard interval used; NaN for the other methods); one row per group and frame,
        plus an ``unframed`` row (sentences with no frame). Shares of a group can sum to more
        than 1: frames co-occur.

    Raises
    ------
    DiscourseError
        Not a sentence table, an unknown ``by`` or ``ci``, bad ``n_boot`` or ``confidence``.
    """
    import pandas as pd

    check_sentences(sentences)
    if ci not in ("auto", "design", "cluster", "wilson"):
        raise DiscourseError(f"ci: {ci!r}; choose 'auto', 'design', 'cluster' or 'wilson'")
    if by is not None and by not in sentences.columns:
        raise DiscourseError(f"by: no column {by!r} in the sentence table; use doc_id or one of {', '.join(map(str, sentences.columns))}")
    check_bootstrap(n_boot, confidence)
    group_rng(random_state, None)  # a bad seed: one line, whichever interval is asked for
    names = frame_names(sentences, frames)
    group_col = by if by is not None else "group"
    has_clusters = cluster in sentences.columns
    if ci in ("cluster", "design") and not has_clusters:
        raise DiscourseError(f"ci={ci!r}: no column {cluster!r} to cluster by; pass cluster= the document column or ci='wilson'")
    use_bootstrap = ci == "cluster"
    use_design = ci == "design" or (ci == "auto" and has_clusters and by != cluster)
    data = sentences if by is not None else sentences.assign(group="all")
    matrix = frame_matrix(data, names)
    columns = [*names, "unframed"]
    rows = []
    # groups in order of first appearance; NaN is a group of its own (as groupby(dropna=False))
    codes, uniques = pd.factorize(data[group_col], use_na_sentinel=False)
    docs_all = data[cluster].astype(str).to_numpy() if has_clusters else None
    for gi, group in enumerate(uniques):
        mask = codes == gi
        part = matrix[mask]
        n_sent = int(mask.sum())
        k = part.sum(axis=0)
        methods = ["wilson"] * len(columns)
        lows = np.full(len(columns), math.nan)
        highs = np.full(len(columns), math.nan)
        deffs = np.full(len(columns), math.nan)
        docs = docs_all[mask] if docs_all is not None else None
        n_docs = len(np.unique(docs)) if docs is not None else 1
        if use_design and n_docs >= 2:
            counts, sizes = doc_counts(part, docs)
            deffs, estimable = cell_design_effects(counts, sizes)
            for j in range(len(columns)):
                lows[j], highs[j] = korn_graubard(float(k[j]), float(n_sent), n_docs, float(deffs[j]), confidence)
                methods[j] = "korn_graubard" if estimable[j] else "korn_graubard_pooled"
        elif use_bootstrap and n_docs >= 2:
            counts, sizes = doc_counts(part, docs)
            draws = cluster_bootstrap(counts, sizes, n_boot, group_rng(random_state, group))
            lo, hi = percentile_interval(draws, confidence)
            for j in range(len(columns)):
                if 0 < k[j] < n_sent:
                    lows[j], highs[j], methods[j] = max(0.0, float(lo[j])), min(1.0, float(hi[j])), "cluster_bootstrap"
                else:  # a degenerate bootstrap: Wilson with one observation per document
                    with_frame = int(np.count_nonzero(counts[:, j]))
                    lows[j], highs[j] = wilson_interval(with_frame, n_docs, confidence)
                    methods[j] = "wilson_documents"
        else:
            for j in range(len(columns)):
                lows[j], highs[j] = wilson_interval(int(k[j]), n_sent, confidence)
        for j, frame in enumerate(columns):
            rows.append(
                {
                    group_col: group,
                    "frame": frame,
                    "n": int(k[j]),
                    "n_sentences": n_sent,
                    "n_documents": n_docs,
                    "share": k[j] / n_sent if n_sent else math.nan,
                    "ci_low": float(lows[j]),
                    "ci_high": float(highs[j]),
                    "ci_method": methods[j],
                    "design_effect": float(deffs[j]),
                }
            )
    out = pd.DataFrame(rows, columns=[group_col, *PROFILE_COLUMNS])
    out.attrs["ci"] = {"method": "cluster_bootstrap" if use_bootstrap else "korn_graubard" if use_design else "wilson", "n_boot": n_boot, "random_state": random_state if isinstance(random_state, int) else None, "cluster": cluster, "confidence": confidence}
    return out
