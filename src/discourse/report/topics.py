"""Figures for topics and key terms: DataFrame in, Axes out, in discourse's style.

Every function takes the tidy table produced by :mod:`discourse.topics` or
:mod:`discourse.keyterms`, draws on a new figure sized for a journal column (or on ``ax``), labels
its axes and uses the colour-blind-safe palette of :mod:`discourse.style`. Save with
:func:`discourse.style.save_figure`.
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import DiscourseError
from .style import PALETTE, figure_style, new_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_k_selection", "plot_topic_prevalence", "plot_top_terms", "plot_keyness"]

_K_PANELS = (
    ("coherence", "NPMI coherence"),
    ("diversity", "Topic diversity"),
    ("exclusivity", "Exclusivity (FREX)"),
    ("stability", "Stability (top-term overlap)"),
)


def _require(df: pd.DataFrame, cols: list[str], what: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise DiscourseError(f"{what}: expected a DataFrame, got {type(df).__name__}")
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise DiscourseError(f"{what}: the table lacks column {missing[0]!r}; pass the output of the matching discourse function")


def plot_k_selection(table: pd.DataFrame) -> np.ndarray:
    """Coherence, diversity, exclusivity and stability against K (from :func:`select_k`).

    The chosen K (column ``chosen``) is marked by a dashed line in every panel.

    Returns
    -------
    numpy.ndarray of Axes
        The 2 x 2 panels.
    """
    _require(table, ["k", *(c for c, _ in _K_PANELS)], "plot_k_selection")
    fig, axes = new_figure("double", 4.2, nrows=2, ncols=2, sharex=True)
    chosen = table.loc[table["chosen"], "k"].tolist() if "chosen" in table.columns else []
    with figure_style():
        for ax, (col, title), colour in zip(axes.flat, _K_PANELS, PALETTE, strict=False):
            ax.plot(table["k"], table[col], marker="o", markersize=3, color=colour)
            for k in chosen:
                ax.axvline(k, color="#555555", linestyle="--", linewidth=0.7)
            ax.set_title(title)
            ax.set_ylabel(title.split(" (")[0])
        for ax in axes[-1]:
            ax.set_xlabel("Number of topics (K)")
            ax.set_xticks(list(table["k"]))
        if chosen:
            fig.suptitle(f"Chosen K = {chosen[0]}", fontsize=9)
        fig.tight_layout()
    return axes


def plot_topic_prevalence(prevalence: pd.DataFrame, *, ax: Axes | None = None, group: str | None = None) -> Axes:
    """Topic shares per group with bootstrap intervals (from :func:`topic_prevalence`).

    One row per topic (its label), one coloured point + interval per group.

    Parameters
    ----------
    prevalence : pandas.DataFrame
        ``<group>``, ``topic``, ``label``, ``share``, ``ci_low``, ``ci_high``.
    ax : Axes, optional
    group : str, optional
        The group column; default the first column.

    Returns
    -------
    Axes
    """
    _require(prevalence, ["topic", "label", "share", "ci_low", "ci_high"], "plot_topic_prevalence")
    gcol = group or prevalence.columns[0]
    groups = list(dict.fromkeys(prevalence[gcol].tolist()))
    topics = sorted(prevalence["topic"].unique())
    labels = prevalence.drop_duplicates("topic").set_index("topic")["label"]
    if ax is None:
        _, ax = new_figure("double", max(2.5, 0.35 * len(topics) * max(1, len(groups)) ** 0.5 + 1))
    with figure_style():
        step = 0.8 / max(len(groups), 1)
        for gi, g in enumerate(groups):
            sub = prevalence[prevalence[gcol] == g].set_index("topic").reindex(topics)
            y = np.arange(len(topics)) - 0.4 + step * (gi + 0.5)
            err = np.vstack([sub["share"] - sub["ci_low"], sub["ci_high"] - sub["share"]]).clip(min=0)
            ax.errorbar(sub["share"], y, xerr=err, fmt="o", markersize=3, capsize=1.5, linewidth=0.8,
                        color=PALETTE[gi % len(PALETTE)], label=str(g))
        ax.set_yticks(np.arange(len(topics)))
        ax.set_yticklabels([f"{t}: {labels[t]}" for t in topics])
        ax.invert_yaxis()
        ax.set_xlabel("Topic share (word-weighted, bootstrap interval)")
        ax.set_ylabel("Topic")
        ax.set_xlim(left=0)
        if len(groups) > 1:
            ax.legend(title=gcol, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return ax


def plot_top_terms(top_terms: pd.DataFrame, *, n: int = 10, ncols: int = 3, labels: pd.DataFrame | None = None) -> np.ndarray:
    """A grid of bar charts: each topic's top terms and their weights (from ``top_terms()``).

    Returns
    -------
    numpy.ndarray of Axes
        One panel per topic (unused panels hidden).
    """
    _require(top_terms, ["topic", "rank", "term", "weight"], "plot_top_terms")
    topics = sorted(top_terms["topic"].unique())
    ncols = max(1, min(ncols, len(topics)))
    nrows = math.ceil(len(topics) / ncols)
    fig, axes = new_figure("double", 1.6 * nrows + 0.3, nrows=nrows, ncols=ncols, squeeze=False)
    names = dict(zip(labels["topic"], labels["label"], strict=False)) if labels is not None else {}
    with figure_style():
        for i, ax in enumerate(axes.flat):
            if i >= len(topics):
                ax.set_visible(False)
                continue
            t = topics[i]
            sub = top_terms[(top_terms["topic"] == t) & (top_terms["rank"] <= n)].sort_values("rank")
            colours = [c for c in PALETTE if c != "#F0E442"]  # yellow is too pale for thin bars
            ax.barh(np.arange(len(sub)), sub["weight"], color=colours[i % len(colours)])
            ax.set_yticks(np.arange(len(sub)))
            ax.set_yticklabels(sub["term"])
            ax.invert_yaxis()
            title = f"Topic {t}" + (f": {names[t]}" if t in names else "")
            ax.set_title(textwrap.fill(title, 26), fontsize=7)
            ax.set_xlabel("Weight")
        fig.tight_layout()
    return axes


def plot_keyness(keyness: pd.DataFrame, *, n: int = 15, ax: Axes | None = None, target_label: str | None = None) -> Axes:
    """Diverging bars of the z-scores of the most distinctive terms (from :func:`keyness`).

    The ``n`` terms with the largest positive z (key for the target) and the ``n`` with the
    most negative z (key for the reference) are drawn.

    Returns
    -------
    Axes
    """
    _require(keyness, ["term", "z"], "plot_keyness")
    top = keyness.nlargest(n, "z")
    bottom = keyness.nsmallest(n, "z")
    bottom = bottom[~bottom["term"].isin(top["term"])]
    sub = pd.concat([top, bottom.iloc[::-1]]).drop_duplicates("term")
    if ax is None:
        _, ax = new_figure("single", max(2.5, 0.12 * len(sub) + 0.6))
    name = target_label or (str(keyness["target"].iloc[0]) if "target" in keyness.columns and len(keyness) else "target")
    with figure_style():
        colours = [PALETTE[0] if z > 0 else PALETTE[1] for z in sub["z"]]
        ax.barh(np.arange(len(sub)), sub["z"], color=colours)
        ax.set_yticks(np.arange(len(sub)))
        ax.set_yticklabels(sub["term"])
        ax.invert_yaxis()
        ax.axvline(0, color="#333333", linewidth=0.6)
        ax.set_xlabel(f"z (log-odds, informative prior): {name} vs rest")
        ax.set_ylabel("Term")
    return ax

