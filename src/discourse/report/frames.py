"""Plots: one ``plot_*`` function per figure, a tidy DataFrame in, a matplotlib Axes out.

Every function draws in discourse's style (:mod:`discourse.report.style`: Okabe-Ito
colour-blind-safe colours, journal widths, heights capped at a page) onto ``ax`` if given, else
onto a new figure; save with :func:`discourse.report.save_figure`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import DiscourseError
from .style import (
    FRAME_COLOURS,
    PALETTE,
    WIDTHS,
    figure_style,
    frame_colours,
    new_figure,
    row_height,
    shorten_labels,
)

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_corpus_composition", "plot_frame_profile"]

_PROFILE_NEEDS = ("frame", "share", "ci_low", "ci_high")
_UNFRAMED = ("unframed", "none")
_GREY = FRAME_COLOURS["unframed"]
_RULE = "#E5E5E5"
#: The x label of the frame profile.
PROFILE_XLABEL = "Share of sentences mentioning men"


def nice_limit(value: float) -> float:
    """The smallest of 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8 and 1 that is at least
    ``value`` (1 for anything larger): the end of a share axis."""
    for top in (0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0):
        if value <= top + 1e-12:
            return top
    return 1.0


def share_ticks(top: float) -> list[float]:
    """Three to five ticks from 0 up to ``top`` (a :func:`nice_limit`)."""
    step = {0.05: 0.025, 0.1: 0.05, 0.2: 0.1, 0.25: 0.1, 0.3: 0.1, 0.4: 0.2, 0.5: 0.25, 0.6: 0.2, 0.8: 0.4}.get(round(top, 2), 0.5)
    n = int(math.floor(top / step + 1e-9))
    return [round(i * step, 3) for i in range(n + 1)]


def _format_share(value: float, _pos: Any = None) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("0", "-0") else text


def _dots(ax: Axes, share: np.ndarray, lo: np.ndarray, hi: np.ndarray, y: np.ndarray, colour: str) -> None:
    """A dot at each share and a whisker over its interval."""
    import numpy as np

    err = np.vstack([np.clip(share - lo, 0, None), np.clip(hi - share, 0, None)])
    top = ax.get_xlim()[1]
    beyond = hi > top + 1e-9
    if beyond.any():  # a whisker running past the scale ends in an arrowhead at its edge
        ax.plot(np.full(int(beyond.sum()), top), y[beyond], linestyle="none", marker=">", markersize=3, color=colour,
                markeredgewidth=0, clip_on=False)
    ax.errorbar(share, y, xerr=err, fmt="o", color=colour, ecolor=colour, markersize=3.2, elinewidth=0.9, capsize=0,
                markeredgewidth=0)


def _share_axis(ax: Axes, top: float) -> None:
    from matplotlib.ticker import FuncFormatter

    ax.set_xlim(0, top)
    ax.set_xticks(share_ticks(top))
    ax.xaxis.set_major_formatter(FuncFormatter(_format_share))


def _grid_spec(ax: Axes | None, fig_size: tuple[float, float], nrows: int, ncols: int, **kwargs: Any) -> tuple[Figure, Any]:
    """A figure (new, or ``ax``'s) and a grid of ``nrows`` x ``ncols`` cells (in ``ax``'s cell)."""
    if ax is None:
        fig, first = new_figure(fig_size[0], fig_size[1])
        first.remove()
        fig.set_layout_engine("constrained", w_pad=0.02, h_pad=0.02, wspace=0.07, hspace=0.06)
        return fig, fig.add_gridspec(nrows, ncols, **kwargs)
    sub = ax.get_subplotspec() if hasattr(ax, "get_subplotspec") else None
    if sub is None:
        raise DiscourseError("ax: pass an Axes made by plt.subplots or fig.add_subplot (its grid cell holds the panels)")
    fig = ax.figure
    ax.remove()
    return fig, sub.subgridspec(nrows, ncols, **kwargs)


def _figure_width(width: str | float | None, default: str) -> float:
    if width is None:
        return WIDTHS[default]
    if isinstance(width, str):
        if width not in WIDTHS:
            raise DiscourseError(f"width must be one of {', '.join(WIDTHS)} or inches, not {width!r}")
        return WIDTHS[width]
    return float(width)


def plot_frame_profile(
    profile: pd.DataFrame,
    ax: Axes | None = None,
    *,
    group: str | None = None,
    width: str | float | None = None,
    label_width: int = 28,
) -> Axes:
    """Share of men-mentioning sentences per frame and group, with interval whiskers.

    One panel per frame, in the table's order, each frame in its own colour (the packaged
    frames keep theirs; a frame the codebook adds takes a colour no packaged frame uses, see
    :func:`discourse.report.style.frame_colours`). The groups run down the side; a dot marks the
    share and a whisker spans ``ci_low`` to ``ci_high``. The framed panels share one scale
    fitted to the framed shares (0 to the next of 0.05, 0.1, 0.2 ... 1 above 1.25 times the
    largest), so differences between groups stay visible; a whisker running past it ends in an
    arrowhead at the edge. The unframed share, usually the largest, sits
    apart in a last grey panel on its own 0-1 scale, with each group's number of sentences
    mentioning men (``n``) beside it. Each panel is titled with its frame: there is no legend.

    With one group (a pooled profile) the frames run down the side of one panel instead, and
    the unframed share and ``n`` are written under it.

    Parameters
    ----------
    profile : pandas.DataFrame
        The output of :func:`discourse.frame_profile`: a group column, ``frame``, ``share``,
        ``ci_low``, ``ci_high`` (and ``n_sentences``, shown when present).
    ax : matplotlib.axes.Axes, optional
        Where to draw: its grid cell is divided into the panels. Default: a new figure 7.2 in
        wide (3.5 in for one group), as tall as the groups need and at most
        :data:`~discourse.report.style.MAX_HEIGHT`.
    group : str, optional
        The group column; default the first column that is not a profile column.
    width : {"single", "onehalf", "double"} or float, optional
        Width of a new figure (ignored with ``ax``).
    label_width : int, default 28
        Longest group label kept whole; longer ones are cut in the middle.

    Returns
    -------
    matplotlib.axes.Axes
        The first panel (``ax.figure.axes`` holds them all). The figure's x label is
        :data:`PROFILE_XLABEL`, "Share of sentences mentioning men".
    """
    import numpy as np

    if not hasattr(profile, "columns"):
        raise DiscourseError(f"profile: expected a DataFrame, got {type(profile).__name__}")
    missing = [c for c in _PROFILE_NEEDS if c not in profile.columns]
    if missing:
        raise DiscourseError(f"profile: missing column {missing[0]!r}; pass the table from frame_profile(...)")
    if group is None:
        others = [c for c in profile.columns if c not in (*_PROFILE_NEEDS, "n", "n_sentences", "ci_method")]
        if not others:
            raise DiscourseError("profile: no group column; pass group= or use frame_profile(...) output")
        group = others[0]
    if group not in profile.columns:
        raise DiscourseError(f"profile: no group column {group!r}; use one of {', '.join(map(str, profile.columns))}")
    if len(profile) == 0:
        raise DiscourseError("profile: the table is empty; no sentence mentions men")
    data = profile.assign(_g=profile[group].astype(str), _f=profile["frame"].astype(str))
    groups = list(dict.fromkeys(data["_g"]))
    all_frames = list(dict.fromkeys(data["_f"]))
    frames = [f for f in all_frames if f not in _UNFRAMED]
    unframed = next((f for f in all_frames if f in _UNFRAMED), None)
    colours = frame_colours(frames)
    shares = data.loc[data["_f"].isin(frames), "share"].to_numpy(dtype=float)
    top = nice_limit(1.25 * float(np.nanmax(shares))) if shares.size and np.isfinite(shares).any() else 1.0

    def cell(frame: str) -> pd.DataFrame:
        return data[data["_f"] == frame].drop_duplicates("_g").set_index("_g").reindex(groups)

    n_by_group = cell(all_frames[0])["n_sentences"].to_numpy() if "n_sentences" in data.columns else None
    with figure_style():
        if len(groups) == 1:
            return _profile_pooled(data, frames, unframed, colours, top, ax, width, n_by_group)
        panels = [*frames, *([unframed] if unframed else [])]
        ncols = len(panels) if len(panels) <= 7 else 5  # one row up to six frames and unframed
        nrows = math.ceil(len(panels) / ncols)
        per_row = 0.15 if len(groups) > 12 else 0.2
        height = row_height(len(groups) * nrows, per_row=per_row, extra=0.5 + 0.3 * nrows)
        fig, spec = _grid_spec(ax, (_figure_width(width, "double"), height), nrows, ncols)
        labels = shorten_labels(groups, label_width)
        y = np.arange(len(groups))[::-1].astype(float)
        axes: list[Axes] = []
        for i, frame in enumerate(panels):
            r, c = divmod(i, ncols)
            a = fig.add_subplot(spec[r, c], sharey=axes[0] if axes else None)
            axes.append(a)
            part = cell(frame)
            own = frame in _UNFRAMED
            for yy in y:
                a.axhline(yy, color=_RULE, linewidth=0.5, zorder=0)
            _share_axis(a, 1.0 if own else top)
            _dots(a, part["share"].to_numpy(dtype=float), part["ci_low"].to_numpy(dtype=float),
                  part["ci_high"].to_numpy(dtype=float), y, _GREY if own else colours[frame])
            a.set_title(frame, fontsize=8, color="#555555" if own else "black")
            a.set_ylim(-0.6, len(groups) - 0.4)
            if c == 0:
                a.set_yticks(y)
                a.set_yticklabels(labels)
                a.set_ylabel(str(group).replace("_", " "))
            else:
                a.tick_params(axis="y", left=False, labelleft=False)
            if own and n_by_group is not None:
                for yy, n in zip(y, n_by_group, strict=True):
                    text = f"{int(n):,}" if n == n else ""
                    a.text(1.06, yy, text, transform=a.get_yaxis_transform(), va="center", ha="left", fontsize=6)
                a.text(1.06, len(groups) - 0.4, "n", transform=a.get_yaxis_transform(), va="bottom", ha="left",
                       fontsize=6, fontweight="bold")
        fig.supxlabel(PROFILE_XLABEL, fontsize=8)
    return axes[0]


def _profile_pooled(
    data: pd.DataFrame,
    frames: Sequence[str],
    unframed: str | None,
    colours: dict[str, str],
    top: float,
    ax: Axes | None,
    width: str | float | None,
    n_by_group: np.ndarray | None,
) -> Axes:
    """One group: the frames down the side of one panel, the unframed share written under it."""
    import numpy as np

    part = data.drop_duplicates("_f").set_index("_f")
    if ax is None:
        _, ax = new_figure(_figure_width(width, "single"), row_height(len(frames), per_row=0.28, extra=0.9))
    y = np.arange(len(frames))[::-1].astype(float)
    _share_axis(ax, top)
    for yy, frame in zip(y, frames, strict=True):
        ax.axhline(yy, color=_RULE, linewidth=0.5, zorder=0)
        row = part.loc[[frame]]
        _dots(ax, row["share"].to_numpy(dtype=float), row["ci_low"].to_numpy(dtype=float), row["ci_high"].to_numpy(dtype=float),
              np.array([yy]), colours[frame])
    ax.set_yticks(y)
    ax.set_yticklabels(list(frames))
    ax.set_ylim(-0.6, len(frames) - 0.4)
    ax.set_ylabel("frame")
    ax.set_xlabel(PROFILE_XLABEL)
    notes = []
    if unframed is not None:
        u = part.loc[unframed]
        notes.append(f"{unframed}: {float(u['share']):.2f} [{float(u['ci_low']):.2f}, {float(u['ci_high']):.2f}]")
    if n_by_group is not None and len(n_by_group) and n_by_group[0] == n_by_group[0]:
        notes.append(f"n = {int(n_by_group[0]):,} sentences mentioning men")
    if notes:
        ax.set_title("; ".join(notes), fontsize=7, loc="left", color="#333333")
    return ax


def plot_corpus_composition(
    stats: pd.DataFrame, *, value: str = "n_sentences", ax: Axes | None = None, label_width: int = 28
) -> Axes:
    """Horizontal bars of one size measure per document (from :func:`discourse.document_stats`).

    Parameters
    ----------
    stats : pandas.DataFrame
        Needs ``doc_id`` and ``value``.
    value : str, default "n_sentences"
        Column to show (``n_paragraphs``, ``n_sentences``, ``n_tokens``, ``n_words``).
    ax : Axes, optional
        Default: a new single-column figure as tall as the documents need (at most
        :data:`~discourse.report.style.MAX_HEIGHT`).
    label_width : int, default 28
        Longest document id kept whole; longer ones are cut in the middle.

    Returns
    -------
    matplotlib.axes.Axes
        Largest document at the top, each bar labelled with its value.
    """
    if not hasattr(stats, "columns"):
        raise DiscourseError(f"stats: expected a DataFrame, got {type(stats).__name__}")
    missing = [c for c in ("doc_id", value) if c not in stats.columns]
    if missing:
        raise DiscourseError(f"stats: missing column(s) {', '.join(missing)}; pass the table from document_stats()")
    data = stats.sort_values([value, "doc_id"], ascending=[True, False], kind="stable")
    with figure_style():
        if ax is None:
            _, ax = new_figure("single", row_height(len(data), per_row=0.16, extra=0.6))
        y = list(range(len(data)))
        ax.barh(y, data[value], color=PALETTE[0], height=0.7)
        ax.set_yticks(y)
        ax.set_yticklabels(shorten_labels(data["doc_id"].tolist(), label_width))
        for yy, v in zip(y, data[value], strict=True):
            ax.text(v, yy, f" {v:,}", va="center", fontsize=6)
        ax.set_ylim(-0.6, len(data) - 0.4)
        ax.set_xlabel(value.replace("n_", "number of ").replace("_", " "))
        ax.set_ylabel("document")
        ax.set_xlim(0, max(float(data[value].max()), 1.0) * 1.15)
    return ax
