"""Figures of measurement: shares corrected for the machine's errors, differences between groups,
shares over time. A tidy DataFrame in, a matplotlib Axes out, in discourse's style
(:mod:`discourse.report.style`); save with :func:`discourse.report.save_figure`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import DiscourseError
from .style import colour_for, figure_style, new_figure

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["plot_corrected_profile", "plot_frame_differences", "plot_frames_over_time"]


def _need(table: Any, columns: Sequence[str], what: str) -> None:
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise DiscourseError(f"{what}: pass a DataFrame")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise DiscourseError(f"{what}: missing column {missing[0]!r}; pass the table from the function named in the docstring")


def _group_column(table: pd.DataFrame, known: Sequence[str]) -> str:
    others = [c for c in table.columns if c not in known]
    if not others:
        raise DiscourseError("no group column; pass group=")
    return others[0]


def plot_corrected_profile(table: pd.DataFrame, ax: Axes | None = None, *, group: str | None = None) -> Axes:
    """The machine's (naive) share of each frame beside the share corrected with the coded sample.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`discourse.stats.estimate_shares` (or ``discourse estimate``): a
        group column, ``frame``, ``share_naive``, ``share_corrected``, ``ci_low``, ``ci_high``.
        The ``mentions_men`` rows are left out.
    ax : Axes, optional
        Where to draw; default a new single-column figure.
    group : str, optional
        The group column; default the first column that is not a column of the table's schema.

    Returns
    -------
    matplotlib.axes.Axes
        One row per group and frame: an open circle at the naive share, a filled circle at the
        corrected share with its interval as a line; frames in their fixed colours, groups
        separated by thin lines.
    """
    import numpy as np

    from ..stats import ESTIMATE_COLUMNS

    _need(table, ("frame", "share_naive", "share_corrected", "ci_low", "ci_high"), "table")
    group = group or _group_column(table, ESTIMATE_COLUMNS)
    data = table[table["frame"].astype(str) != "mentions_men"]
    groups = list(dict.fromkeys(data[group].astype(str)))
    frames = list(dict.fromkeys(data["frame"].astype(str)))
    rows = [(g, f) for g in groups for f in frames]
    if ax is None:
        _, ax = new_figure("single", height=max(1.8, 0.22 * len(rows) + 0.9))
    with figure_style():
        lookup = {(str(r[group]), str(r["frame"])): r for r in data.to_dict("records")}
        y = np.arange(len(rows))[::-1].astype(float)
        for yi, (g, f) in zip(y, rows, strict=True):
            r = lookup.get((g, f))
            if r is None:
                continue
            colour = colour_for(f, frames.index(f))
            if np.isfinite(r["ci_low"]) and np.isfinite(r["ci_high"]):
                ax.plot([r["ci_low"], r["ci_high"]], [yi, yi], color=colour, lw=1.2, solid_capstyle="butt")
            ax.plot(r["share_corrected"], yi, "o", color=colour, ms=4)
            ax.plot(r["share_naive"], yi, "o", mfc="white", mec="#333333", mew=0.8, ms=4)
        labels = [f"{g}: {f}" if len(groups) > 1 else f for g, f in rows]
        ax.set_yticks(y)
        ax.set_yticklabels(labels)
        for k in range(1, len(groups)):
            ax.axhline(y[k * len(frames)] + 0.5, color="#cccccc", lw=0.5)
        hi = min(1.0, float(np.nanmax(np.r_[data["ci_high"].to_numpy(dtype=float), data["share_naive"].to_numpy(dtype=float), 0.05])) * 1.1 + 0.01)
        ax.set_xlim(-0.015 * hi, hi)  # a point at 0 shows whole
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.set_xlabel("Share of sentences mentioning men")
        handles = [
            ax.plot([], [], "o", mfc="white", mec="#333333", mew=0.8, ms=4, label="machine (naive)")[0],
            ax.plot([], [], "o-", color="#555555", ms=4, lw=1.2, label="corrected, 95% interval")[0],
        ]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, borderaxespad=0.2)
    return ax


def plot_frame_differences(table: pd.DataFrame, ax: Axes | None = None, *, group: str | None = None, alpha: float = 0.05) -> Axes:
    """Differences in frame share from the reference group, with their intervals.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`discourse.stats.compare_frames`: a group column, ``reference``,
        ``frame``, ``difference``, ``ci_low``, ``ci_high``, ``p_holm``.
    ax : Axes, optional
    group : str, optional
        The group column; default the first column.
    alpha : float, default 0.05
        Differences with ``p_holm < alpha`` are drawn filled, others open.

    Returns
    -------
    matplotlib.axes.Axes
        One row per group and frame (frames in their colours), a point at the difference in
        percentage points and a line for its interval, a vertical line at 0, the reference named
        on the x axis.
    """
    import numpy as np

    from ..stats import COMPARE_COLUMNS

    _need(table, ("reference", "frame", "difference", "ci_low", "ci_high", "p_holm"), "table")
    group = group or _group_column(table, COMPARE_COLUMNS)
    groups = list(dict.fromkeys(table[group].astype(str)))
    frames = list(dict.fromkeys(table["frame"].astype(str)))
    rows = [(g, f) for g in groups for f in frames]
    if ax is None:
        _, ax = new_figure("single", height=max(1.8, 0.22 * len(rows) + 0.9))
    with figure_style():
        lookup = {(str(r[group]), str(r["frame"])): r for r in table.to_dict("records")}
        y = np.arange(len(rows))[::-1].astype(float)
        ax.axvline(0, color="#888888", lw=0.6)
        for yi, (g, f) in zip(y, rows, strict=True):
            r = lookup.get((g, f))
            if r is None:
                continue
            colour = colour_for(f, frames.index(f))
            ax.plot([100 * r["ci_low"], 100 * r["ci_high"]], [yi, yi], color=colour, lw=1.2, solid_capstyle="butt")
            filled = np.isfinite(r["p_holm"]) and r["p_holm"] < alpha
            ax.plot(100 * r["difference"], yi, "o", color=colour, mfc=colour if filled else "white", mew=1.0, ms=4)
        ax.set_yticks(y)
        ax.set_yticklabels([f"{g}: {f}" for g, f in rows])
        for k in range(1, len(groups)):
            ax.axhline(y[k * len(frames)] + 0.5, color="#cccccc", lw=0.5)
        ax.set_ylim(-0.7, len(rows) - 0.3)
        reference = str(table["reference"].iloc[0]) if len(table) else ""
        ax.set_xlabel(f"Difference in share from {reference} (percentage points)")
        handles = [
            ax.plot([], [], "o", color="#555555", ms=4, label=f"Holm p < {alpha:g}")[0],
            ax.plot([], [], "o", color="#555555", mfc="white", ms=4, label="not significant")[0],
        ]
        ax.legend(handles=handles, loc="best")
    return ax


def _every_period(part: pd.DataFrame, freq: str) -> pd.DataFrame:
    """One row per period from the first to the last (empty ones NaN), so lines and bands break at gaps."""
    import pandas as pd

    from ..stats import FREQUENCIES

    if freq not in FREQUENCIES or part.empty:
        return part
    first, last = part["period_start"].min(), part["period_start"].max()
    starts = pd.period_range(first, last, freq=FREQUENCIES[freq]).start_time
    full = part.set_index("period_start").reindex(starts.union(pd.DatetimeIndex(part["period_start"])))
    return full.rename_axis("period_start").reset_index()


def _period_ticks(ax: Any, freq: str, starts: Any) -> None:
    """Ticks at the starts of periods, labelled as the periods are (2019; 2019-04; 2019-05), at most
    about eight of them (matplotlib's own choice for a date axis labels yearly data by month)."""
    import matplotlib.dates as mdates
    import pandas as pd

    times = pd.to_datetime(pd.Series(starts)).dropna()
    if times.empty or freq not in ("year", "quarter", "month"):
        return
    months = (times.max().year - times.min().year) * 12 + times.max().month - times.min().month + 1
    if freq == "year":
        step = max(1, -(-(months // 12 + 1) // 8))
        ax.xaxis.set_major_locator(mdates.YearLocator(base=step))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        per = 3 if freq == "quarter" else 1
        step = per * max(1, -(-(months // per + 1) // 8))
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, step) if 12 % step == 0 else None, interval=1 if 12 % step == 0 else step))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))


def plot_frames_over_time(
    data: pd.DataFrame,
    ax: Axes | None = None,
    *,
    date: str = "date",
    freq: str = "year",
    frames: Sequence[str] | None = None,
    n_boot: int = 2000,
    random_state: int = 0,
) -> Axes:
    """Frame shares per period with their cluster-bootstrap intervals, one line per frame.

    Parameters
    ----------
    data : pandas.DataFrame
        The output of :func:`discourse.stats.frames_over_time` (``period``, ``period_start``,
        ``frame``, ``share``, ``ci_low``, ``ci_high``), or a sentence table with a ``date``
        column, which is binned here (``freq``, ``n_boot``, ``random_state`` as in
        :func:`frames_over_time`).
    ax : Axes, optional
    date : str, default "date"
    freq : {"year", "quarter", "month"}, default "year"
    frames : sequence of str, optional
        The frames to draw (default all but ``unframed``).
    n_boot, random_state
        For a sentence table.

    Returns
    -------
    matplotlib.axes.Axes
        Lines with points at each period's share and a band for its interval, frames in their
        fixed colours.
    """
    from ..stats import frames_over_time

    if "period_start" not in getattr(data, "columns", ()):
        _need(data, ("frames", date), "data")
        data = frames_over_time(data, date, freq, n_boot=n_boot, random_state=random_state)
    _need(data, ("period_start", "frame", "share", "ci_low", "ci_high"), "data")
    names = list(frames) if frames is not None else [f for f in dict.fromkeys(data["frame"].astype(str)) if f != "unframed"]
    if ax is None:
        _, ax = new_figure("single")
    with figure_style():
        for j, frame in enumerate(names):
            part = data[data["frame"].astype(str) == frame].sort_values("period_start")
            if part.empty:
                continue
            colour = colour_for(frame, j)
            part = _every_period(part, str(data.attrs.get("freq", "year")))  # a period without data breaks the line
            x = part["period_start"].to_numpy()
            ax.fill_between(x, part["ci_low"].to_numpy(dtype=float), part["ci_high"].to_numpy(dtype=float), color=colour, alpha=0.18, lw=0)
            ax.plot(x, part["share"].to_numpy(dtype=float), "o-", color=colour, ms=3, label=frame)
            # the interval as a whisker too: a period alone between gaps has no band to show it
            ax.vlines(x, part["ci_low"].to_numpy(dtype=float), part["ci_high"].to_numpy(dtype=float), color=colour, lw=0.8, alpha=0.6)
        ax.set_ylim(bottom=0)
        ax.set_ylabel("Share of sentences mentioning men")
        ax.set_xlabel(str(data.attrs.get("freq", "period")))
        _period_ticks(ax, str(data.attrs.get("freq", "")), data["period_start"])
        ax.legend(title="frame", loc="best")
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
    return ax
