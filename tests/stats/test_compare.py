"""compare_frames, holm and frames_over_time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse.errors import DiscourseError, DiscourseWarning
from discourse.stats import COMPARE_COLUMNS, compare_frames, frame_profile, frames_over_time, holm
from tests.stats.synthetic import clustered_sentences


def test_holm_by_hand():
    # m = 4: sorted 0.01, 0.02, 0.03, 0.5 -> 0.04, 0.06, 0.06 (monotone), 0.5
    assert holm([0.03, 0.01, 0.5, 0.02]).tolist() == pytest.approx([0.06, 0.04, 0.5, 0.06])
    out = holm([0.2, np.nan, 0.9])
    assert np.isnan(out[1]) and out[[0, 2]].tolist() == pytest.approx([0.4, 0.9])
    assert holm([]).size == 0


def _two_outlets(seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    table = pd.concat(
        [
            clustered_sentences(rng, 30, mean_share=0.10, group="left"),
            clustered_sentences(rng, 25, mean_share=0.30, group="right"),
            clustered_sentences(rng, 20, mean_share=0.10, group="center"),
        ],
        ignore_index=True,
    )
    table.attrs["frames"] = ["victim"]
    return table


def test_differences_match_the_profile_and_find_the_real_one():
    table = _two_outlets()
    comp = compare_frames(table, by="outlet", reference="left", n_boot=1000, random_state=0)
    assert list(comp.columns) == ["outlet", *COMPARE_COLUMNS]
    assert comp["outlet"].tolist() == ["right", "center"]
    prof = frame_profile(table, by="outlet", n_boot=1000, random_state=0)
    share = prof[prof.frame == "victim"].set_index("outlet")["share"]
    right = comp[comp.outlet == "right"].iloc[0]
    assert right.difference == pytest.approx(share["right"] - share["left"])
    assert right.ci_low > 0 and right.p_value < 0.01 and right.p_holm <= 2 * right.p_value + 1e-12
    assert right.n_documents == 25 and right.n_documents_reference == 30 and right.ci_method == "mover_korn_graubard"
    center = comp[comp.outlet == "center"].iloc[0]
    assert center.ci_low < center.difference < center.ci_high
    # the interval is MOVER of the profile's two intervals
    ends = prof[prof.frame == "victim"].set_index("outlet")
    low = right.difference - np.hypot(share["right"] - ends.loc["right", "ci_low"], ends.loc["left", "ci_high"] - share["left"])
    high = right.difference + np.hypot(ends.loc["right", "ci_high"] - share["right"], share["left"] - ends.loc["left", "ci_low"])
    assert (right.ci_low, right.ci_high) == pytest.approx((low, high))
    # the same call gives the same table; the bootstrap is there too
    pd.testing.assert_frame_equal(comp, compare_frames(table, by="outlet", reference="left", n_boot=1000, random_state=0))
    boot = compare_frames(table, by="outlet", reference="left", ci="cluster", n_boot=1000, random_state=0).set_index("outlet")
    assert boot.loc["right", "ci_method"] == "cluster_bootstrap" and boot.loc["right", "ci_low"] > 0


def test_design_p_value_inverts_the_interval_and_absent_frames_keep_an_interval():
    table = _two_outlets(2)
    table.attrs["frames"] = ["victim", "ally"]  # nobody codes ally
    comp = compare_frames(table, by="outlet", reference="left")
    for row in comp[comp.frame == "victim"].itertuples():
        assert (row.ci_low > 0 or row.ci_high < 0) == (row.p_value < 0.05)
        at_p = compare_frames(table, by="outlet", reference="left", confidence=1 - row.p_value).set_index(["outlet", "frame"])
        touch = at_p.loc[(row.outlet, "victim")]
        assert min(abs(touch.ci_low), abs(touch.ci_high)) < 1e-4
    ally = comp[comp.frame == "ally"]
    assert (ally["difference"] == 0).all() and (ally["p_value"] == 1).all()
    assert (ally["ci_low"] < 0).all() and (ally["ci_high"] > 0).all()


def test_equal_groups_with_a_rare_frame_are_called_different_rarely():
    """Two groups of 30 documents drawn alike, a frame in 2 sentences of 100: the design interval
    excludes 0 in at most 7% of 200 repetitions."""
    rng = np.random.default_rng(4)
    false = 0
    for _ in range(200):
        table = pd.concat(
            [clustered_sentences(rng, 30, mean_share=0.02, group="a"), clustered_sentences(rng, 30, mean_share=0.02, group="b")],
            ignore_index=True,
        )
        table.attrs["frames"] = ["victim"]
        row = compare_frames(table, by="outlet", reference="a").iloc[0]
        false += row.ci_low > 0 or row.ci_high < 0
    assert false / 200 <= 0.07


def test_p_value_is_the_inverted_percentile_interval():
    table = _two_outlets(2)
    comp = compare_frames(table, by="outlet", reference="left", ci="cluster", n_boot=400, random_state=7)
    for row in comp.itertuples():
        assert (row.ci_low > 0 or row.ci_high < 0) == (row.p_value < 0.05) or abs(row.p_value - 0.05) < 0.01
        assert 2 / 401 - 1e-12 <= row.p_value <= 1


def test_reference_defaults_to_the_level_with_most_documents():
    comp = compare_frames(_two_outlets(), by="outlet", n_boot=200)
    assert set(comp["reference"]) == {"left"}


def test_one_document_groups_use_their_sentences():
    table = _two_outlets()
    table.loc[table.outlet == "center", "doc_id"] = "one"
    comp = compare_frames(table, by="outlet", reference="left").set_index("outlet")
    assert comp.loc["center", "ci_method"] == "mover_one_document"
    assert comp.loc["center", "ci_low"] < comp.loc["center", "difference"] < comp.loc["center", "ci_high"]
    boot = compare_frames(table, by="outlet", reference="left", ci="cluster", n_boot=200)
    assert boot.set_index("outlet").loc["center", "ci_method"] == "sentence_bootstrap"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"by": "bias"}, "no column 'bias'"),
        ({"by": "outlet", "reference": "far"}, "reference: 'far' is not a level of 'outlet'"),
        ({"by": "one"}, "a comparison needs two or more"),
        ({"by": "outlet", "ci": "wilson"}, "ci: 'wilson'; choose 'design' or 'cluster'"),
    ],
)
def test_compare_errors(kwargs, match):
    table = _two_outlets().assign(one="x")
    with pytest.raises(DiscourseError, match=match):
        compare_frames(table, n_boot=200, **kwargs)


def test_frames_over_time_bins_and_orders_periods():
    table = _two_outlets()
    dates = {"left": "2019-11-03", "right": "2018-02-10", "center": "not a date"}
    table["date"] = table["outlet"].map(dates)
    undated = int((table.outlet == "center").sum())
    dropped = rf"frames_over_time: {undated} sentences of {table.loc[table.outlet == 'center', 'doc_id'].nunique()} documents have no readable date in column 'date'"
    with pytest.warns(DiscourseWarning, match=dropped):
        yearly = frames_over_time(table, "date", "year", n_boot=200)
    assert yearly["period"].unique().tolist() == ["2018", "2019"]
    assert yearly.attrs["undated_sentences"] == undated
    assert set(yearly["ci_method"]) <= {"korn_graubard", "korn_graubard_pooled"}
    with pytest.warns(DiscourseWarning, match=dropped):
        booted = frames_over_time(table, "date", "year", ci="cluster", n_boot=200)
    assert set(booted["ci_method"]) <= {"cluster_bootstrap", "wilson_documents"}
    with pytest.warns(DiscourseWarning, match=dropped):
        quarterly = frames_over_time(table, "date", "quarter", n_boot=200)
    assert quarterly["period"].unique().tolist() == ["2018Q1", "2019Q4"]
    with pytest.warns(DiscourseWarning, match=dropped):
        monthly = frames_over_time(table, "date", "month", n_boot=200)
    assert monthly["period"].unique().tolist() == ["2018-02", "2019-11"]
    with pytest.raises(DiscourseError, match="freq: 'week'"):
        frames_over_time(table, "date", "week")
    with pytest.raises(DiscourseError, match="no readable date"):
        frames_over_time(table.assign(date="soon"), "date")
