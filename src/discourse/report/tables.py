"""Cross tables of the frame and topic analyses: which topics the sentences with each frame fall in."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DiscourseError

__all__ = ["frames_by_topic", "frames_by_topic_tables"]


def frames_by_topic(sentence_frames: pd.DataFrame, model: Any, *, assign: str = "dominant") -> pd.DataFrame:
    """Which topics the sentences carrying each frame fall in.

    Each framed sentence is mapped to the unit (passage) of the topic model that holds its first
    character, and counted in that unit's dominant topic (``assign="dominant"``) or spread over
    its topic shares (``assign="weighted"``, fractional counts). Sentences and units are matched
    by ``doc_id`` and character offsets, so frames and topics may come from different parses of
    the same texts.

    Parameters
    ----------
    sentence_frames : pandas.DataFrame
        One row per sentence: ``doc_id``, ``start_char`` and ``frames`` (a list of frame names;
        empty lists are skipped), as :func:`discourse.sentence_frames` gives it.
    model : TopicModel
        A fitted model (:class:`discourse.themes.TopicModel`).
    assign : {"dominant", "weighted"}, default "dominant"

    Returns
    -------
    pandas.DataFrame
        ``frame``, ``topic``, ``label``, ``n_sentences`` and ``share`` (of the frame's sentences
        that fall in the topic; sums to 1 per frame).
    """
    if getattr(model, "unit_topics_", None) is None:
        raise DiscourseError("model: fit the topic model first (TopicModel(...).fit(docs))")
    units = model.units_.table[["unit_id", "doc_id", "start_char", "end_char"]]
    labels = pd.DataFrame({"topic": np.arange(1, len(model.labels_) + 1), "label": list(model.labels_)})
    return frames_by_topic_tables(sentence_frames, units, model.unit_topics_, labels, assign=assign)


def frames_by_topic_tables(
    sentence_frames: pd.DataFrame,
    units: pd.DataFrame,
    unit_topics: np.ndarray,
    labels: pd.DataFrame,
    *,
    assign: str = "dominant",
) -> pd.DataFrame:
    """:func:`frames_by_topic` from tables: ``units`` (``unit_id``, ``doc_id``, ``start_char``,
    ``end_char``), the unit-topic shares (one row per unit, in the order of ``units``) and
    ``labels`` (``topic``, ``label``)."""
    need = {"doc_id", "start_char", "frames"}
    if not isinstance(sentence_frames, pd.DataFrame) or not need <= set(sentence_frames.columns):
        raise DiscourseError("sentence_frames must be the table from discourse.sentence_frames (columns doc_id, start_char, frames)")
    if assign not in ("dominant", "weighted"):
        raise DiscourseError(f"assign must be 'dominant' or 'weighted', not {assign!r}")
    sf = sentence_frames[["doc_id", "start_char", "frames"]].copy()
    sf["frames"] = [_as_list(f) for f in sf["frames"]]
    sf = sf.explode("frames").dropna(subset=["frames"]).rename(columns={"frames": "frame"})
    doc_ids = sf["doc_id"].astype(str).to_numpy()
    rows = _unit_rows(units, doc_ids, sf["start_char"].to_numpy(dtype=np.int64))
    missing = rows < 0
    if missing.any():
        i = int(np.flatnonzero(missing)[0])
        raise DiscourseError(
            f"sentence_frames: the sentence at character {int(sf['start_char'].iloc[i])} of doc_id {doc_ids[i]!r} is in no unit of the "
            "topic model; use frames and topics of the same corpus"
        )
    theta = np.asarray(unit_topics)[rows]
    k = theta.shape[1] if theta.ndim == 2 else len(labels)
    if assign == "dominant":
        weights = np.zeros_like(theta)
        has = theta.sum(axis=1) > 0
        weights[np.flatnonzero(has), theta[has].argmax(axis=1)] = 1.0
    else:
        weights = theta
    label_of = dict(zip(labels["topic"], labels["label"], strict=True))
    frames = sf["frame"].astype(str).to_numpy()
    out_rows = []
    for f in sorted(set(frames)):
        m = frames == f
        counts = weights[m].sum(axis=0)
        total = counts.sum()
        for t in range(k):
            out_rows.append((f, t + 1, label_of.get(t + 1, ""), float(counts[t]), float(counts[t] / total) if total > 0 else 0.0))
    out = pd.DataFrame(out_rows, columns=["frame", "topic", "label", "n_sentences", "share"])
    if assign == "dominant":
        out["n_sentences"] = out["n_sentences"].astype(int)
    return out


def _as_list(f: Any) -> list[Any]:
    if isinstance(f, list | tuple | set | np.ndarray):
        return list(f)
    if f is None or (isinstance(f, float) and math.isnan(f)):
        return []
    return [f]


def _unit_rows(units: pd.DataFrame, doc_ids: np.ndarray, chars: np.ndarray) -> np.ndarray:
    """Row of ``units`` holding character ``chars[i]`` of document ``doc_ids[i]`` (-1 when none).

    Units of a document are consecutive and disjoint, so one binary search over their start
    offsets per sentence (vectorised per document) finds it.
    """
    out = np.full(len(doc_ids), -1, dtype=np.int64)
    u_doc = units["doc_id"].astype(str).to_numpy()
    u_start = units["start_char"].to_numpy(dtype=np.int64)
    u_end = units["end_char"].to_numpy(dtype=np.int64)
    by_doc = pd.Series(np.arange(len(units))).groupby(u_doc, sort=False).indices
    for d, pos in pd.Series(np.arange(len(doc_ids))).groupby(doc_ids, sort=False).indices.items():
        rows = by_doc.get(d)
        if rows is None:
            continue
        rows = rows[np.argsort(u_start[rows], kind="stable")]
        ch = chars[pos]
        j = np.searchsorted(u_start[rows], ch, side="right") - 1
        hit = (j >= 0) & (ch < u_end[rows[np.maximum(j, 0)]])
        out[pos[hit]] = rows[j[hit]]
    return out
