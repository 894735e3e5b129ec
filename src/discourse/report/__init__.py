"""Figures and cross tables for papers: ``plot_*`` take a tidy DataFrame and return matplotlib
Axes; :func:`save_figure` writes byte-stable PDF, SVG and PNG at journal widths."""

from __future__ import annotations

from .frames import plot_corpus_composition, plot_frame_profile
from .style import (
    FRAME_COLOURS,
    PALETTE,
    WIDTHS,
    colour_for,
    figure_bytes,
    figure_style,
    new_figure,
    save_figure,
)
from .tables import frames_by_topic, frames_by_topic_tables
from .topics import plot_k_selection, plot_keyness, plot_top_terms, plot_topic_prevalence

__all__ = [
    "FRAME_COLOURS",
    "PALETTE",
    "WIDTHS",
    "colour_for",
    "figure_bytes",
    "figure_style",
    "frames_by_topic",
    "frames_by_topic_tables",
    "new_figure",
    "plot_corpus_composition",
    "plot_frame_profile",
    "plot_k_selection",
    "plot_keyness",
    "plot_top_terms",
    "plot_topic_prevalence",
    "save_figure",
]
