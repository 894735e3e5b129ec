"""Figures and cross tables for papers: ``plot_*`` take a tidy DataFrame and return matplotlib
Axes; :func:`save_figure` writes byte-stable PDF, SVG and PNG at journal widths."""

from __future__ import annotations

from .dictionary import describe_table, write_dictionary
from .frames import plot_corpus_composition, plot_frame_profile
from .measurement import plot_corrected_profile, plot_frame_differences, plot_frames_over_time
from .style import (
    FRAME_COLOURS,
    MAX_HEIGHT,
    PALETTE,
    WIDTHS,
    categorical_colours,
    colour_for,
    figure_bytes,
    figure_style,
    frame_colours,
    new_figure,
    save_figure,
)
from .tables import frames_by_topic, frames_by_topic_tables
from .topics import (
    Z_CRITICAL,
    check_k_range,
    plot_k_selection,
    plot_keyness,
    plot_top_terms,
    plot_topic_prevalence,
)

__all__ = [
    "FRAME_COLOURS",
    "MAX_HEIGHT",
    "PALETTE",
    "WIDTHS",
    "Z_CRITICAL",
    "categorical_colours",
    "check_k_range",
    "colour_for",
    "describe_table",
    "figure_bytes",
    "frame_colours",
    "figure_style",
    "frames_by_topic",
    "frames_by_topic_tables",
    "new_figure",
    "plot_corpus_composition",
    "plot_corrected_profile",
    "plot_frame_differences",
    "plot_frame_profile",
    "plot_frames_over_time",
    "plot_k_selection",
    "plot_keyness",
    "plot_top_terms",
    "plot_topic_prevalence",
    "save_figure",
    "write_dictionary",
]
