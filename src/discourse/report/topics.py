"""Figures for topics and key terms: DataFrame in, Axes out, in discourse's style.

Every function takes the tidy table produced by :mod:`discourse.themes` (topics, K selection,
topic prevalence, key terms), draws on a new figure sized for a journal column (or on ``ax``),
labels its axes and uses the colour-blind-safe palette of :mod:`discourse.report.style`. Save
with :func:`discourse.report.save_figure`.
"""

from __future__ import annotations

import math
import textwrap
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import DiscourseError, DiscourseWarning
from .frames import nice_limit
from .style import (
    MAX_HEIGHT,
    PALETTE,
    WIDTHS,
    figure_style,
    new_figure,
    row_height,
    shorten_labels,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "Z_CRITICAL",
    "check_k_range",
    "plot_k_selection",
    "plot_keyness",
    "plot_top_terms",
    "plot_topic_prevalence",
]

#: The two-sided 5 % critical value of z drawn on keyness figures.
Z_CRITICAL = 1.96

_K_MEASURES = (
    ("coherence", "NPMI coherence"),
    ("stability", "Stability (top-term overlap)"),
    ("diversity", "Topic diversity"),
    ("exclusivity", "Exclusivity (FREX)"),
)
_MUTED = "#BBBBBB"
_RULE = "#E5E5E5"
_TIME_NAMES = ("year", "date", "month", "quarter", "week", "day", "period", "time")


def _require(df: pd.DataFrame, cols: list[str], what: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise DiscourseError(f"{what}: expected a DataFrame, got {type(df).__name__}")
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise DiscourseError(f"{what}: the table lacks column {missing[0]!r}; pass the output of the matching discourse function")


# --------------------------------------------------------------------------------------------
# K selection


def _rank_normalise(values: np.ndarray) -> np.ndarray:
    """Ranks scaled to [0, 1] (best = 1; ties share their mean rank)."""
    from scipy.stats import rankdata

    if len(values) < 2:
        return np.ones(len(values))
    return (rankdata(values) - 1) / (len(values) - 1)


def _selection_score(table: pd.DataFrame) -> np.ndarray:
    """The ``score`` column, or (for a table without it) the mean of rank-normalised coherence
    and stability that :func:`discourse.themes.choose_k` uses."""
    if "score" in table.columns:
        return table["score"].to_numpy(dtype=float)
    return (_rank_normalise(table["coherence"].to_numpy(dtype=float)) + _rank_normalise(table["stability"].to_numpy(dtype=float))) / 2


def _chosen(table: pd.DataFrame) -> int | None:
    if "chosen" in table.columns and table["chosen"].astype(bool).any():
        return int(table.loc[table["chosen"].astype(bool), "k"].iloc[0])
    if "chosen_k" in table.attrs:
        return int(table.attrs["chosen_k"])
    return None


def check_k_range(table: pd.DataFrame, *, warn: bool = True) -> str | None:
    """Say so when the chosen K is the smallest or the largest K of the range tried.

    A K on the edge of the range may only be the best of the Ks tried: the score might still
    rise beyond it. :func:`plot_k_selection` writes the message into its title;
    :func:`discourse.analyze` can call this to warn on the command line.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`discourse.select_k` (``k`` and ``chosen``, or
        ``table.attrs["chosen_k"]``).
    warn : bool, default True
        Also issue the message as a :class:`~discourse.DiscourseWarning`.

    Returns
    -------
    str or None
        The message, or None when K is inside the range (or the range has fewer than three Ks).
    """
    _require(table, ["k"], "check_k_range")
    ks = sorted(int(k) for k in table["k"])
    chosen = _chosen(table)
    if chosen is None or len(ks) < 3 or ks[0] < chosen < ks[-1]:
        return None
    if chosen == ks[0]:
        message = (
            f"K = {chosen} is the smallest K tried ({ks[0]}-{ks[-1]}): a smaller K may score higher; "
            f"try a range that starts lower, e.g. --k {max(2, ks[0] - (ks[-1] - ks[0]) // 2)}-{ks[-1]}"
        )
    else:
        message = (
            f"K = {chosen} is the largest K tried ({ks[0]}-{ks[-1]}): a larger K may score higher; "
            f"try a range that goes higher, e.g. --k {ks[0]}-{ks[-1] + max(2, (ks[-1] - ks[0]) // 2)}"
        )
    if warn:
        warnings.warn(message, DiscourseWarning, stacklevel=2)
    return message


def plot_k_selection(table: pd.DataFrame, *, warn: bool = True) -> np.ndarray:
    """The score that chooses K, and the measures behind it, against K (from :func:`select_k`).

    Four panels: the selection score (the mean of rank-normalised coherence and stability, the
    rule of :func:`discourse.themes.choose_k`; the chosen K filled), NPMI coherence and
    stability (the two measures the score ranks), and topic diversity and exclusivity (shown,
    not used in the choice). The chosen K is a dashed line in every panel. When it is the
    smallest or largest K tried, the title says so (see :func:`check_k_range`).

    Parameters
    ----------
    table : pandas.DataFrame
        ``k``, ``coherence``, ``diversity``, ``exclusivity``, ``stability`` and, from
        :func:`select_k`, ``score`` and ``chosen``.
    warn : bool, default True
        Warn (:class:`~discourse.DiscourseWarning`) when the chosen K is on the edge of the range.

    Returns
    -------
    numpy.ndarray of Axes
        The 2 x 2 panels: score, coherence, stability, diversity and exclusivity.
    """
    _require(table, ["k", *(c for c, _ in _K_MEASURES)], "plot_k_selection")
    table = table.sort_values("k")
    ks = table["k"].to_numpy()
    chosen = _chosen(table)
    edge = check_k_range(table, warn=warn)
    score = _selection_score(table)
    fig, axes = new_figure("double", 4.2, nrows=2, ncols=2, sharex=True)
    with figure_style():
        ax = axes[0, 0]
        ax.plot(ks, score, marker="o", markersize=3.5, color="#000000")
        if chosen is not None:
            at = ks == chosen
            ax.plot(ks[at], score[at], marker="o", markersize=6, linestyle="none", color="#000000")
        ax.set_title("Selection score (chooses K)")
        ax.set_ylabel("Mean rank of coherence\nand stability (0-1)")
        ax.set_ylim(-0.05, 1.05)
        for a, (col, title), colour in zip([axes[0, 1], axes[1, 0]], _K_MEASURES[:2], PALETTE[:2], strict=True):
            a.plot(ks, table[col], marker="o", markersize=3, color=colour)
            a.set_title(title)
            a.set_ylabel(title.split(" (")[0])
        a = axes[1, 1]
        for (col, title), colour, marker in zip(_K_MEASURES[2:], PALETTE[2:4], ("o", "s"), strict=True):
            a.plot(ks, table[col], marker=marker, markersize=3, color=colour, label=title)
            a.annotate(title.split(" (")[0], (ks[-1], float(table[col].iloc[-1])), xytext=(4, 0), textcoords="offset points",
                       va="center", fontsize=6.5, color=colour, annotation_clip=False)
        a.set_title("Diversity and exclusivity (not used to choose K)")
        a.set_ylabel("Proportion")
        for a in axes.flat:
            if chosen is not None:
                a.axvline(chosen, color="#555555", linestyle="--", linewidth=0.7, zorder=0)
        for a in axes[-1]:
            a.set_xlabel("Number of topics (K)")
            a.set_xticks(list(ks))
        title = f"Chosen K = {chosen}" if chosen is not None else "K selection"
        if edge is not None:
            title += f": the {'smallest' if chosen == ks.min() else 'largest'} K tried ({ks.min()}\u2013{ks.max()}); widen the range"
        fig.suptitle(title, fontsize=9, color="#D55E00" if edge else "black")
        fig.tight_layout()
    return axes


# --------------------------------------------------------------------------------------------
# topic prevalence


def _is_time(values: pd.Series, name: str) -> bool:
    """A time axis: datetime values, or a column named like a period whose values all read as
    years or ISO dates."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return True
    if not any(word in str(name).lower() for word in _TIME_NAMES):
        return False
    return _as_time(values) is not None


def _as_time(values: pd.Series) -> pd.Series | None:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    text = values.astype(str)
    if text.str.fullmatch(r"\d{4}").all():
        return text.astype(int)
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
    return parsed if parsed.notna().all() else None


def _topic_titles(table: pd.DataFrame, topics: list[Any], width: int) -> dict[Any, str]:
    labels = table.drop_duplicates("topic").set_index("topic")["label"] if "label" in table.columns else {}
    return {t: textwrap.fill(f"{t}: {labels[t]}" if t in labels else f"Topic {t}", width) for t in topics}


def plot_topic_prevalence(
    prevalence: pd.DataFrame,
    *,
    ax: Axes | None = None,
    group: str | None = None,
    over_time: bool | None = None,
    label_width: int = 24,
) -> Axes:
    """Topic shares per group with bootstrap intervals (from :func:`topic_prevalence`).

    Three layouts, none of which tells groups apart by colour alone:

    - one group (a pooled corpus): the topics down the side of one panel, a dot at each share
      and a whisker over its interval;
    - groups (documents, outlets ...): one panel per topic on a shared scale, the groups down
      the side, a dot and whisker each, however many groups there are;
    - over time (``over_time=True``, or by default when the group column holds datetimes, or
      is named like a period - ``year``, ``date``, ``month`` ... - with years or ISO dates as
      values): one panel per topic, time along the x axis, the share as a line with its
      interval as a band.

    Parameters
    ----------
    prevalence : pandas.DataFrame
        ``<group>``, ``topic``, ``label``, ``share``, ``ci_low``, ``ci_high``.
    ax : Axes, optional
        Where to draw; its grid cell is divided into the panels. Default: a new figure 7.2 in
        wide (3.5 in for one group), at most :data:`~discourse.report.style.MAX_HEIGHT` tall.
    group : str, optional
        The group column; default the first column.
    over_time : bool, optional
        Draw the groups as time; default: detected as above.
    label_width : int, default 24
        Longest group label kept whole; longer ones are cut in the middle.

    Returns
    -------
    Axes
        The first panel (``ax.figure.axes`` holds them all).
    """
    from .frames import _dots, _grid_spec, _share_axis

    _require(prevalence, ["topic", "label", "share", "ci_low", "ci_high"], "plot_topic_prevalence")
    if len(prevalence) == 0:
        raise DiscourseError("plot_topic_prevalence: the table is empty")
    gcol = group or prevalence.columns[0]
    if gcol not in prevalence.columns:
        raise DiscourseError(f"plot_topic_prevalence: no group column {gcol!r}")
    topics = sorted(prevalence["topic"].unique())
    groups = list(dict.fromkeys(prevalence[gcol].astype(str)))
    data = prevalence.assign(_g=prevalence[gcol].astype(str))
    top = nice_limit(1.15 * float(np.nanmax(data["share"].to_numpy(dtype=float))))
    time = _is_time(prevalence[gcol], gcol) if over_time is None else bool(over_time)
    with figure_style():
        if len(groups) == 1 and not time:
            titles = _topic_titles(data, topics, 60)
            if ax is None:
                _, ax = new_figure("single", row_height(len(topics), per_row=0.24, extra=0.7))
            part = data.set_index("topic").reindex(topics)
            y = np.arange(len(topics))[::-1].astype(float)
            for yy in y:
                ax.axhline(yy, color=_RULE, linewidth=0.5, zorder=0)
            _share_axis(ax, top)
            _dots(ax, part["share"].to_numpy(dtype=float), part["ci_low"].to_numpy(dtype=float),
                  part["ci_high"].to_numpy(dtype=float), y, PALETTE[0])
            ax.set_yticks(y)
            ax.set_yticklabels([shorten_labels([titles[t].replace("\n", " ")], 40)[0] for t in topics])
            ax.set_ylim(-0.6, len(topics) - 0.4)
            ax.set_xlabel("Topic share (word-weighted, bootstrap interval)")
            ax.set_ylabel("Topic")
            ax.set_title(f"{gcol}: {groups[0]}", fontsize=7, loc="left")
            return ax
        ncols = min(len(topics), 4 if time else 5)
        nrows = math.ceil(len(topics) / ncols)
        titles = _topic_titles(data, topics, 22 if ncols >= 5 else 28)
        if time:
            height = min(MAX_HEIGHT, 1.5 * nrows + 0.5)
        else:
            height = row_height(len(groups) * nrows, per_row=0.15 if len(groups) > 12 else 0.2, extra=0.45 + 0.45 * nrows)
        fig, spec = _grid_spec(ax, (WIDTHS["double"], height), nrows, ncols)
        axes: list[Axes] = []
        if time:
            when = _as_time(data[gcol])
            if when is None:
                raise DiscourseError(f"plot_topic_prevalence: over_time needs years or dates in {gcol!r}")
            data = data.assign(_t=when.to_numpy())
        labels = shorten_labels(groups, label_width)
        y = np.arange(len(groups))[::-1].astype(float)
        for i, t in enumerate(topics):
            r, c = divmod(i, ncols)
            a = fig.add_subplot(spec[r, c], sharey=axes[0] if axes else None, sharex=axes[0] if (axes and time) else None)
            axes.append(a)
            part = data[data["topic"] == t]
            if time:
                part = part.sort_values("_t")
                a.fill_between(part["_t"], part["ci_low"], part["ci_high"], color=PALETTE[0], alpha=0.2, linewidth=0)
                a.plot(part["_t"], part["share"], color=PALETTE[0], marker="o", markersize=2.5)
                a.set_ylim(0, top)
                if c == 0:
                    a.set_ylabel("Topic share")
                else:
                    a.tick_params(axis="y", labelleft=False)
                a.tick_params(axis="x", labelrotation=45 if not pd.api.types.is_integer_dtype(part["_t"]) else 0)
            else:
                part = part.drop_duplicates("_g").set_index("_g").reindex(groups)
                for yy in y:
                    a.axhline(yy, color=_RULE, linewidth=0.5, zorder=0)
                _share_axis(a, top)
                _dots(a, part["share"].to_numpy(dtype=float), part["ci_low"].to_numpy(dtype=float),
                      part["ci_high"].to_numpy(dtype=float), y, PALETTE[0])
                a.set_ylim(-0.6, len(groups) - 0.4)
                if c == 0:
                    a.set_yticks(y)
                    a.set_yticklabels(labels)
                    a.set_ylabel(str(gcol).replace("_", " "))
                else:
                    a.tick_params(axis="y", left=False, labelleft=False)
            a.set_title(titles[t], fontsize=7)
        if ax is None:
            fig.supxlabel(gcol.replace("_", " ") if time else "Topic share (word-weighted, bootstrap interval)", fontsize=8)
    return axes[0]


# --------------------------------------------------------------------------------------------
# top terms


def plot_top_terms(
    top_terms: pd.DataFrame,
    *,
    n: int = 10,
    ncols: int = 3,
    labels: pd.DataFrame | dict[Any, str] | None = None,
    value: str = "weight",
) -> np.ndarray:
    """A grid of bar charts: each topic's top terms, drawn by ``value`` and sorted by it.

    The terms of a panel are the topic's ``n`` best by ``rank`` (relevance, in the table from
    :meth:`TopicModel.top_terms`); their bars are sorted by the value they show, and the x axis
    is named after it. Each panel is titled with the topic's number and label.

    Parameters
    ----------
    top_terms : pandas.DataFrame
        ``topic``, ``rank``, ``term`` and ``value`` (default ``weight``, the term's weight in
        the topic).
    n : int, default 10
        Terms per topic.
    ncols : int, default 3
        Panels per row (more when the rows would not fit on a page).
    labels : pandas.DataFrame or dict, optional
        ``topic``, ``label`` (:meth:`TopicModel.topic_labels`) or a mapping topic -> label;
        default a ``label`` column of ``top_terms``, else the topic's three best terms.
    value : str, default "weight"
        The column drawn.

    Returns
    -------
    numpy.ndarray of Axes
        One panel per topic (unused panels hidden).
    """
    _require(top_terms, ["topic", "rank", "term", value], "plot_top_terms")
    topics = sorted(top_terms["topic"].unique())
    if not topics:
        raise DiscourseError("plot_top_terms: the table is empty")
    ncols = max(1, min(max(ncols, math.ceil(len(topics) / 5)), len(topics)))
    nrows = math.ceil(len(topics) / ncols)
    per_panel = 0.14 * min(n, int(top_terms.groupby("topic").size().max())) + 0.55
    fig, axes = new_figure("double", min(MAX_HEIGHT, per_panel * nrows + 0.3), nrows=nrows, ncols=ncols, squeeze=False)
    if isinstance(labels, pd.DataFrame):
        names = dict(zip(labels["topic"], labels["label"].astype(str), strict=False))
    elif labels is not None:
        names = {k: str(v) for k, v in dict(labels).items()}
    elif "label" in top_terms.columns:
        names = dict(zip(top_terms["topic"], top_terms["label"].astype(str), strict=False))
    else:
        best = top_terms.sort_values(["topic", "rank"]).groupby("topic")["term"]
        names = {t: ", ".join(terms.astype(str).head(3)) for t, terms in best}
    name = {"weight": "Term weight in topic"}.get(value, value.replace("_", " ").capitalize())
    with figure_style():
        for i, ax in enumerate(axes.flat):
            if i >= len(topics):
                ax.set_visible(False)
                continue
            t = topics[i]
            sub = top_terms[(top_terms["topic"] == t)].nsmallest(n, "rank")
            sub = sub.sort_values([value, "rank"], ascending=[False, True], kind="stable")
            y = np.arange(len(sub))
            ax.barh(y, sub[value].to_numpy(dtype=float), color=PALETTE[0], height=0.7)
            ax.set_yticks(y)
            ax.set_yticklabels(shorten_labels(sub["term"].tolist(), 22))
            ax.invert_yaxis()
            title = f"{t}: {names[t]}" if t in names else f"Topic {t}"
            ax.set_title(textwrap.fill(title, 34), fontsize=7)
            ax.tick_params(axis="x", labelsize=6)
            if i >= len(topics) - ncols:
                ax.set_xlabel(name)
        fig.tight_layout(h_pad=0.6, w_pad=0.8)
    return axes


# --------------------------------------------------------------------------------------------
# keyness


def plot_keyness(
    keyness: pd.DataFrame,
    *,
    n: int = 15,
    ax: Axes | None = None,
    target_label: str | None = None,
    z_critical: float = Z_CRITICAL,
) -> Axes:
    """Diverging bars of the z-scores of the most distinctive terms (from :func:`keyness`).

    The ``n`` terms with the largest positive z (key for the target) and the ``n`` with the
    most negative z (key for the reference) are drawn, sorted by z. Dashed lines mark
    z = +/-``z_critical`` (1.96: two-sided 5 %); the terms inside them are drawn in grey, set
    apart by a gap and labelled "|z| < 1.96", so a reader sees at once which differences the
    test supports. To keep terms that occur in few of a group's documents off the list, filter
    the table first (:func:`discourse.keyness_table` ``min_docs``).

    Parameters
    ----------
    keyness : pandas.DataFrame
        ``term`` and ``z`` (and ``target``, used in the axis label).
    n : int, default 15
        Terms at each end.
    ax : Axes, optional
    target_label : str, optional
        What the target is called on the x axis; default the ``target`` column.
    z_critical : float, default 1.96

    Returns
    -------
    Axes
    """
    _require(keyness, ["term", "z"], "plot_keyness")
    top = keyness.nlargest(n, "z")
    bottom = keyness.nsmallest(n, "z")
    bottom = bottom[(bottom["z"] < 0) & ~bottom["term"].isin(top["term"])]
    sub = pd.concat([top, bottom]).drop_duplicates("term")
    sub = sub.sort_values(["z", "term"], ascending=[False, True], kind="stable")
    z = sub["z"].to_numpy(dtype=float)
    kind = np.where(z >= z_critical, 0, np.where(z <= -z_critical, 2, 1))
    # rows from the top; a one-row gap between the blocks (significant +, not significant, -)
    rows, pos, last = [], 0.0, None
    for k in kind:
        if last is not None and k != last:
            pos += 0.8
        rows.append(pos)
        pos += 1.0
        last = k
    y = np.array(rows)
    if ax is None:
        _, ax = new_figure("single", row_height(int(pos), per_row=0.14, extra=0.75))
    name = target_label or (str(keyness["target"].iloc[0]) if "target" in keyness.columns and len(keyness) else "target")
    with figure_style():
        colours = np.where(kind == 0, PALETTE[0], np.where(kind == 2, PALETTE[1], _MUTED))
        ax.barh(y, z, color=list(colours), height=0.75)
        ax.set_yticks(y)
        ax.set_yticklabels(shorten_labels(sub["term"].tolist(), 26))
        for tick, k in zip(ax.get_yticklabels(), kind, strict=True):
            if k == 1:
                tick.set_color("#777777")
        ax.set_ylim(pos - 0.2 if len(y) else 1, -0.8)
        ax.axvline(0, color="#333333", linewidth=0.6)
        lo, hi = min(0.0, float(z.min(initial=0.0))), max(float(z.max(initial=0.0)), z_critical)
        for edge in (z_critical, -z_critical):
            if lo <= edge <= hi or edge == z_critical:
                ax.axvline(edge, color="#555555", linestyle="--", linewidth=0.6)
        ax.set_xlim(min(lo, -0.2) * 1.05, hi * 1.08)
        if (kind == 1).any():
            first = y[kind == 1].min()
            ax.text(1.0, first - 0.55, f"|z| < {z_critical:g}: not significant at 5 %", transform=ax.get_yaxis_transform(),
                    ha="right", va="bottom", fontsize=6, color="#555555",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})
        ax.set_xlabel(f"z (log-odds, informative prior): {name} vs rest")
        ax.set_ylabel("Term")
    return ax
