"""Frame shares per group with their intervals: :func:`frame_profile`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import DiscourseError
from .intervals import wilson_interval

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PROFILE_COLUMNS", "frame_profile"]


#: Columns of :func:`frame_profile` after the group column.
PROFILE_COLUMNS: tuple[str, ...] = ("frame", "n", "n_sentences", "share", "ci_low", "ci_high")


def frame_profile(
    sentences: pd.DataFrame,
    by: str = "doc_id",
    *,
    frames: Sequence[str] | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Share of men-mentioning sentences carrying each frame, per group, with Wilson intervals.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The output of :func:`sentence_frames` (one row per sentence that mentions men; the
        denominator), with the metadata column ``by``.
    by : str, default "doc_id"
        Grouping column (``doc_id`` or any metadata column); ``None`` pools all sentences
        (group column ``group`` = "all").
    frames : sequence of str, optional
        Frames to report; default ``sentences.attrs["frames"]`` (the codebook's).
    confidence : float, default 0.95
        Confidence level of the Wilson score interval (see :func:`wilson_interval`); sentences
        are treated as independent, so intervals are optimistic when sentences of one document
        are alike.

    Returns
    -------
    pandas.DataFrame
        Columns ``<by>``, ``frame``, ``n`` (sentences with the frame), ``n_sentences``
        (sentences mentioning men in the group), ``share`` = n / n_sentences, ``ci_low``,
        ``ci_high``; one row per group and frame, plus an ``unframed`` row (sentences with no
        frame). Shares of a group can sum to more than 1: frames co-occur.
    """
    import pandas as pd

    if not isinstance(sentences, pd.DataFrame) or "frames" not in sentences.columns:
        raise DiscourseError("sentences: pass the table from sentence_frames(...) (it needs a 'frames' column)")
    names = list(frames) if frames is not None else list(sentences.attrs.get("frames", []))
    if not names:
        names = sorted({f for fs in sentences["frames"] for f in fs})
    group_col = by if by is not None else "group"
    if by is not None and by not in sentences.columns:
        raise DiscourseError(f"by: no column {by!r} in the sentence table; use doc_id or one of {', '.join(map(str, sentences.columns))}")
    data = sentences if by is not None else sentences.assign(group="all")
    rows = []
    for group, part in data.groupby(group_col, sort=False, dropna=False):
        n_sent = len(part)
        sets = [set(fs) for fs in part["frames"]]
        for frame in [*names, "unframed"]:
            k = sum(1 for s in sets if not s) if frame == "unframed" else sum(1 for s in sets if frame in s)
            lo, hi = wilson_interval(k, n_sent, confidence)
            rows.append({group_col: group, "frame": frame, "n": k, "n_sentences": n_sent, "share": k / n_sent if n_sent else math.nan, "ci_low": lo, "ci_high": hi})
    return pd.DataFrame(rows, columns=[group_col, *PROFILE_COLUMNS])
