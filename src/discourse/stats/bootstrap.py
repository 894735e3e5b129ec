"""The document-level (cluster) bootstrap of frame shares, and the helpers the other tables share.

Sentences of one document are alike (one author, one topic, one outlet), so they are not
independent draws: an interval that treats them as such is too narrow. The cluster bootstrap
resamples *documents* with replacement within each group and recomputes the share from all the
sentences of the drawn documents (a ratio estimator), so the interval carries the variation
between documents. A draw is a vector of multinomial weights over the group's documents, so one
matrix product gives every replicate of every frame at once.

Each group draws from its own random stream, seeded by ``random_state`` and the group's name
(:func:`group_rng`): a group's interval does not change when other groups are added or reordered,
and every frame of a group uses the same resampled documents (so differences between frames and
between groups are resampled jointly with the shares they compare).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import DiscourseError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "cluster_bootstrap",
    "doc_counts",
    "frame_matrix",
    "frame_names",
    "group_rng",
    "percentile_interval",
]

RandomState = int | np.random.Generator | None


def group_rng(random_state: RandomState, group: Any) -> np.random.Generator:
    """The random stream of one group: seeded by ``random_state`` and a hash of the group's name.

    Parameters
    ----------
    random_state : int, numpy.random.Generator or None
        An int gives reproducible streams; a Generator is used as it is (shared by the groups,
        so results then depend on the order of the groups); None draws fresh entropy.
    group : any
        The group's value (its ``str`` is hashed).
    """
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None:
        return np.random.default_rng()
    if isinstance(random_state, bool) or not isinstance(random_state, int | np.integer) or random_state < 0:
        raise DiscourseError(f"random_state: {random_state!r} is not a non-negative int; pass a seed such as 0 (or a numpy Generator)")
    salt = int.from_bytes(hashlib.sha256(str(group).encode("utf-8")).digest()[:8], "little")
    return np.random.default_rng(np.random.SeedSequence([int(random_state), salt]))


def cluster_bootstrap(
    counts: np.ndarray,
    sizes: np.ndarray,
    n_boot: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Bootstrap replicates of ratio shares, resampling clusters (documents) with replacement.

    Parameters
    ----------
    counts : array of shape (n_clusters, n_frames)
        Sentences with each frame, per document.
    sizes : array of shape (n_clusters,)
        Sentences (the denominator) per document; all > 0.
    n_boot : int
        Replicates.
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray of shape (n_boot, n_frames)
        ``sum_d w_bd * counts_d / sum_d w_bd * sizes_d`` with ``w_b`` multinomial(n_clusters,
        uniform) weights: the share in a sample of n_clusters documents drawn with replacement.
    """
    counts = np.asarray(counts, dtype=float)
    sizes = np.asarray(sizes, dtype=float)
    d = len(sizes)
    if counts.ndim != 2 or counts.shape[0] != d or d == 0:
        raise DiscourseError("cluster_bootstrap: counts must be (n_clusters, n_frames) with one row per size")
    weights = rng.multinomial(d, np.full(d, 1.0 / d), size=int(n_boot)).astype(float)
    return (weights @ counts) / (weights @ sizes)[:, None]


def doc_counts(part: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-document counts of a group's sentences: ``(counts (docs x columns), sizes)``, the
    documents in sorted order of their ids (so a group's replicates never depend on row order)."""
    doc_ids, index = np.unique(docs, return_inverse=True)
    counts = np.zeros((len(doc_ids), part.shape[1]))
    np.add.at(counts, index, part.astype(float))
    sizes = np.bincount(index, minlength=len(doc_ids)).astype(float)
    return counts, sizes


def percentile_interval(draws: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """The percentile interval of bootstrap replicates (along axis 0)."""
    alpha = 1.0 - confidence
    lo, hi = np.quantile(draws, [alpha / 2, 1 - alpha / 2], axis=0)
    return lo, hi


def frame_names(sentences: pd.DataFrame, frames: Sequence[str] | None) -> list[str]:
    """The frames to report: given, else ``sentences.attrs["frames"]``, else the frames seen."""
    names = list(frames) if frames is not None else list(sentences.attrs.get("frames", []))
    if not names:
        names = sorted({f for fs in _frame_lists(sentences["frames"]) for f in fs})
    return names


def _frame_lists(column: Any) -> list[list[str]]:
    """The ``frames`` column as lists (a table read back from CSV holds ``"a;b"`` or NaN)."""
    out = []
    for value in column:
        if isinstance(value, str):
            out.append([f for f in value.split(";") if f])
        elif isinstance(value, list | tuple | set | frozenset | np.ndarray):
            out.append([str(f) for f in value])
        else:
            out.append([])
    return out


def frame_matrix(sentences: pd.DataFrame, names: Sequence[str]) -> np.ndarray:
    """A boolean matrix (sentences x ``names``, then ``unframed``) from the ``frames`` column."""
    lists = _frame_lists(sentences["frames"])
    out = np.zeros((len(lists), len(names) + 1), dtype=bool)
    index = {name: j for j, name in enumerate(names)}
    for i, fs in enumerate(lists):
        if not fs:
            out[i, -1] = True
        for f in fs:
            j = index.get(f)
            if j is not None:
                out[i, j] = True
    return out


def check_sentences(sentences: Any, *columns: str | None) -> None:
    """One-line errors for a table that is not a sentence table or lacks a named column."""
    import pandas as pd

    if not isinstance(sentences, pd.DataFrame) or "frames" not in sentences.columns:
        raise DiscourseError("sentences: pass the table from sentence_frames(...) (it needs a 'frames' column)")
    for col in columns:
        if col is not None and col not in sentences.columns:
            raise DiscourseError(f"no column {col!r} in the sentence table; use doc_id or one of {', '.join(map(str, sentences.columns))}")


def check_bootstrap(n_boot: int, confidence: float) -> None:
    """One-line errors for bad bootstrap settings."""
    if isinstance(n_boot, bool) or not isinstance(n_boot, int | np.integer) or n_boot < 100:
        raise DiscourseError(f"n_boot: {n_boot!r}; pass a whole number of replicates of at least 100 (2000 is the default)")
    if not 0 < confidence < 1:
        raise DiscourseError(f"confidence: {confidence!r} is not between 0 and 1; pass e.g. 0.95")
