"""The measurement figures: a tidy table in, an Axes out, byte-stable files."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from discourse.errors import DiscourseError
from discourse.report import (
    plot_corrected_profile,
    plot_frame_differences,
    plot_frames_over_time,
    save_figure,
)
from discourse.stats import compare_frames, estimate_shares, frames_over_time
from tests.stats.synthetic import clustered_sentences


def _sentences() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    table = pd.concat([clustered_sentences(rng, 12, group="left"), clustered_sentences(rng, 10, mean_share=0.3, group="right")], ignore_index=True)
    table["date"] = np.where(table.index % 3 == 0, "2018-03-01", "2019-07-15")
    table.attrs["frames"] = ["victim"]
    return table


def test_corrected_profile_draws_naive_and_corrected(tmp_path):
    s = _sentences()
    pred = pd.DataFrame({"id": [f"{d}:{i}" for i, d in enumerate(s["doc_id"])], "doc_id": s["doc_id"], "outlet": s["outlet"], "frames": s["frames"]})
    coded = pred.groupby("outlet").sample(20, random_state=0)[["id", "frames"]].rename(columns={"frames": "labels"})
    table = estimate_shares(pred, coded, by="outlet", frames=["victim"])
    ax = plot_corrected_profile(table)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["left: victim", "right: victim", "all: victim"]
    paths = save_figure(ax, tmp_path / "a")
    again = save_figure(plot_corrected_profile(table), tmp_path / "b")
    for p, q in zip(paths, again, strict=True):
        if p.suffix in (".pdf", ".svg"):
            assert hashlib.sha256(p.read_bytes()).digest() == hashlib.sha256(q.read_bytes()).digest()
    with pytest.raises(DiscourseError, match="missing column 'share_corrected'"):
        plot_corrected_profile(table.drop(columns="share_corrected"))


def test_differences_and_time():
    s = _sentences()
    comp = compare_frames(s, by="outlet", reference="left", n_boot=300)
    ax = plot_frame_differences(comp)
    assert "from left" in ax.get_xlabel()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["right: victim"]
    over = frames_over_time(s, "date", "year", n_boot=300)
    ax = plot_frames_over_time(over)
    assert ax.get_legend() is not None and ax.get_ylabel().startswith("Share")
    ax = plot_frames_over_time(s, freq="quarter", n_boot=300)  # from the sentence table
    assert len(ax.lines) == 1
    with pytest.raises(DiscourseError, match="missing column 'frames'"):
        plot_frames_over_time(pd.DataFrame({"x": [1]}))


def test_yearly_data_is_labelled_by_year_and_quarters_by_their_first_month():
    s = _sentences()
    s["date"] = np.where(s.index % 2 == 0, "2015-03-01", "2019-07-15")
    ax = plot_frames_over_time(frames_over_time(s, "date", "year", n_boot=200))
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels and all(len(x) == 4 and x.isdigit() for x in labels), labels
    assert {"2015", "2019"} <= set(labels)
    ax = plot_frames_over_time(frames_over_time(s, "date", "quarter", n_boot=200))
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels and len(labels) <= 9 and all(x[-2:] in ("01", "04", "07", "10") for x in labels), labels


def test_the_line_over_time_breaks_where_a_period_has_no_data():
    s = _sentences()
    s["date"] = np.where(s.index % 3 == 0, "2015-03-01", "2017-07-15")  # nothing in 2016
    ax = plot_frames_over_time(frames_over_time(s, "date", "year", n_boot=200))
    shares = ax.lines[0].get_ydata()
    assert len(shares) == 3 and np.isnan(shares[1]) and not np.isnan(shares[[0, 2]]).any()
