"""Plots: one ``plot_*`` function per figure, a tidy DataFrame in, a matplotlib Axes out.

Every function draws in discourse's style (:mod:`discourse.style`: Okabe-Ito colour-blind-safe
colours, journal sizes) onto ``ax`` if given, else onto a new single-column figure; save with
:func:`discourse.style.save_figure`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import DiscourseError
from .style import PALETTE, colour_for, figure_style, new_figure

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["plot_corpus_composition", "plot_frame_profile"]

_PROFILE_NEEDS = ("frame", "share", "ci_low", "ci_high")


def plot_frame_profile(profile: pd.DataFrame, ax: Axes | None = None, *, group: str | None = None) -> Axes:
    """Share of men-mentioning sentences per frame and group, with interval whiskers.

    Parameters
    ----------
    profile : pandas.DataFrame
        The output of :func:`discourse.frames.frame_profile`: a group column, ``frame``,
        ``share``, ``ci_low``, ``ci_high``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new single-column figure.
    group : str, optional
        The group column; default the first column that is not a profile column.

    Returns
    -------
    matplotlib.axes.Axes
        Horizontal dodged bars (one colour per frame, fixed for the packaged frames), whiskers
        from ``ci_low`` to ``ci_high``, x axis "Share of sentences mentioning men".
    """
    import numpy as np

    missing = [c for c in _PROFILE_NEEDS if c not in profile.columns]
    if missing:
        raise DiscourseError(f"profile: missing column {missing[0]!r}; pass the table from frame_profile(...)")
    if group is None:
        others = [c for c in profile.columns if c not in (*_PROFILE_NEEDS, "n", "n_sentences")]
        if not others:
            raise DiscourseError("profile: no group column; pass group= or use frame_profile(...) output")
        group = others[0]
    groups = list(dict.fromkeys(profile[group].astype(str)))
    frames = list(dict.fromkeys(profile["frame"].astype(str)))
    if ax is None:
        _, ax = new_figure("single", height=max(2.0, 0.35 * len(groups) * max(1, len(frames)) / 2 + 1.0))
    height = 0.8 / max(1, len(frames))
    y_base = np.arange(len(groups))[::-1].astype(float)
    with figure_style():
        for j, frame in enumerate(frames):
            part = profile[profile["frame"].astype(str) == frame].set_index(profile[group].astype(str)[profile["frame"].astype(str) == frame])
            part = part.reindex(groups)
            y = y_base + 0.4 - height * (j + 0.5)
            share = part["share"].to_numpy(dtype=float)
            lo = np.clip(share - part["ci_low"].to_numpy(dtype=float), 0, None)
            hi = np.clip(part["ci_high"].to_numpy(dtype=float) - share, 0, None)
            ax.barh(y, share, height=height * 0.9, color=colour_for(frame, j), label=frame)
            ax.errorbar(share, y, xerr=np.vstack([lo, hi]), fmt="none", ecolor="#333333", elinewidth=0.6, capsize=1.5)
        ax.set_yticks(y_base)
        ax.set_yticklabels(groups)
        ax.set_xlim(0, 1)
        ax.set_xlabel("Share of sentences mentioning men")
        ax.set_ylabel(str(group).replace("_", " "))
        ax.legend(title="frame", loc="lower right")
    return ax


def plot_corpus_composition(stats: pd.DataFrame, *, value: str = "n_sentences", ax: Axes | None = None) -> Axes:
    """Horizontal bars of one size measure per document (from :func:`discourse.document_stats`).

    Parameters
    ----------
    stats : pandas.DataFrame
        Needs ``doc_id`` and ``value``.
    value : str, default "n_sentences"
        Column to show (``n_paragraphs``, ``n_sentences``, ``n_tokens``, ``n_words``).
    ax : Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    missing = [c for c in ("doc_id", value) if c not in stats.columns]
    if missing:
        raise DiscourseError(f"stats: missing column(s) {', '.join(missing)}; pass the table from document_stats()")
    data = stats.sort_values(value)
    with figure_style():
        if ax is None:
            _, ax = new_figure("single", 0.35 * len(data) + 0.8)
        ax.barh(data["doc_id"].astype(str), data[value], color=PALETTE[0])
        for y, v in enumerate(data[value]):
            ax.text(v, y, f" {v:,}", va="center", fontsize=6)
        ax.set_xlabel(value.replace("n_", "number of ").replace("_", " "))
        ax.set_ylabel("document")
        ax.set_xlim(0, data[value].max() * 1.15)
    return ax
