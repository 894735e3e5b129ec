"""plot_frame_profile."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from discourse.errors import DiscourseError  # noqa: E402
from discourse.report.frames import plot_frame_profile  # noqa: E402
from discourse.report.style import FRAME_COLOURS  # noqa: E402


def profile():
    rows = []
    for g in ("a", "b"):
        for f, s in (("ally", 0.5), ("victim", 0.2), ("unframed", 0.3)):
            rows.append({"doc_id": g, "frame": f, "n": 1, "n_sentences": 4, "share": s, "ci_low": s - 0.1, "ci_high": s + 0.1})
    return pd.DataFrame(rows)


def test_plot_frame_profile():
    from matplotlib.colors import to_hex

    ax = plot_frame_profile(profile())
    assert ax.get_xlabel() == "Share of sentences mentioning men"
    assert ax.get_ylabel() == "doc id"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    bars = [p for p in ax.patches]
    assert len(bars) == 6
    assert to_hex(bars[0].get_facecolor()) == FRAME_COLOURS["ally"].lower()
    assert sorted(b.get_width() for b in bars) == pytest.approx([0.2, 0.2, 0.3, 0.3, 0.5, 0.5])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["ally", "victim", "unframed"]


def test_plot_needs_profile_columns():
    with pytest.raises(DiscourseError, match="missing column 'share'"):
        plot_frame_profile(pd.DataFrame({"doc_id": ["a"], "frame": ["ally"]}))
