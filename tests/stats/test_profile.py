"""frame_profile: Wilson for one document's sentences, cluster bootstrap over documents, ci_method."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse.errors import DiscourseError
from discourse.stats import PROFILE_COLUMNS, frame_profile, wilson_interval
from tests.stats.synthetic import clustered_sentences


def _table() -> pd.DataFrame:
    rows = []
    for doc, outlet, frames in [
        ("a", "left", [["ally"], [], ["victim", "ally"]]),
        ("b", "left", [[], ["perpetrator"]]),
        ("c", "right", [["victim"], ["victim"], []]),
        ("d", "right", [[], []]),
        ("e", "right", [["perpetrator"]]),
    ]:
        for i, fs in enumerate(frames):
            rows.append({"doc_id": doc, "sent_id": i, "frames": fs, "outlet": outlet})
    table = pd.DataFrame(rows)
    table.attrs["frames"] = ["ally", "beneficiary", "victim", "perpetrator"]
    return table


def test_by_document_is_wilson_and_every_table_says_which_interval():
    prof = frame_profile(_table(), by="doc_id")
    assert list(prof.columns) == ["doc_id", *PROFILE_COLUMNS]
    assert set(prof["ci_method"]) == {"wilson"}
    row = prof[(prof.doc_id == "a") & (prof.frame == "ally")].iloc[0]
    assert (row.n, row.n_sentences) == (2, 3)
    assert (row.ci_low, row.ci_high) == pytest.approx(wilson_interval(2, 3))


def test_groups_of_documents_get_a_seeded_cluster_bootstrap():
    table = _table()
    a = frame_profile(table, by="outlet", n_boot=500, random_state=3)
    b = frame_profile(table, by="outlet", n_boot=500, random_state=3)
    pd.testing.assert_frame_equal(a, b)
    big = clustered_sentences(np.random.default_rng(0), 30)
    assert frame_profile(big, by=None, random_state=4)["ci_low"].iloc[0] != frame_profile(big, by=None, random_state=5)["ci_low"].iloc[0]
    victim = a[(a.outlet == "right") & (a.frame == "victim")].iloc[0]
    assert victim.ci_method == "cluster_bootstrap" and victim.ci_low <= victim.share <= victim.ci_high
    # a frame no sentence of the group carries: Wilson with one observation per document
    none = a[(a.outlet == "left") & (a.frame == "beneficiary")].iloc[0]
    assert none.ci_method == "wilson_documents"
    assert (none.ci_low, none.ci_high) == pytest.approx(wilson_interval(0, 2))
    # a group's interval does not depend on the other groups (its own random stream)
    only_right = frame_profile(table[table.outlet == "right"], by="outlet", n_boot=500, random_state=3)
    pd.testing.assert_frame_equal(only_right.reset_index(drop=True), a[a.outlet == "right"].reset_index(drop=True))


def test_ci_wilson_and_one_document_groups():
    table = _table()
    wil = frame_profile(table, by="outlet", ci="wilson")
    assert set(wil["ci_method"]) == {"wilson"}
    single = frame_profile(table.assign(outlet=table.doc_id.map({"a": "x"}).fillna("y")), by="outlet", n_boot=200)
    assert set(single[single.outlet == "x"]["ci_method"]) == {"wilson"}
    pooled = frame_profile(table, by=None, n_boot=200)
    assert pooled["group"].unique().tolist() == ["all"] and "cluster_bootstrap" in set(pooled["ci_method"])


def test_frames_read_back_from_csv_are_split():
    table = _table()
    csv = table.assign(frames=table["frames"].map(";".join))
    csv.attrs = dict(table.attrs)
    pd.testing.assert_frame_equal(frame_profile(csv, by="outlet", n_boot=300), frame_profile(table, by="outlet", n_boot=300))


def test_cluster_intervals_cover_and_wilson_intervals_do_not_when_documents_differ():
    """200 synthetic corpora of 40 documents whose shares differ (Beta around 1/7): the cluster
    bootstrap covers the true share about 95% of the time; Wilson over sentences far less."""
    rng = np.random.default_rng(5)
    hits_cluster = hits_wilson = 0
    runs = 200
    for r in range(runs):
        table = clustered_sentences(rng, 40)
        c = frame_profile(table, by=None, n_boot=1000, random_state=r).iloc[0]
        w = frame_profile(table, by=None, ci="wilson").iloc[0]
        hits_cluster += c.ci_low <= 1 / 7 <= c.ci_high
        hits_wilson += w.ci_low <= 1 / 7 <= w.ci_high
    assert hits_cluster / runs >= 0.88
    assert hits_wilson / runs <= 0.80


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"ci": "bootstrap"}, "ci: 'bootstrap'"),
        ({"n_boot": 10}, "n_boot: 10"),
        ({"confidence": 95}, "confidence: 95"),
        ({"by": "bias"}, "by: no column 'bias'"),
        ({"random_state": -1}, "random_state: -1"),
    ],
)
def test_bad_arguments_are_one_line_errors(kwargs, match):
    with pytest.raises(DiscourseError, match=match):
        frame_profile(_table(), **{"by": "outlet", **kwargs})


def test_cluster_needs_the_document_column():
    with pytest.raises(DiscourseError, match="ci='cluster': no column 'doc_id'"):
        frame_profile(_table().drop(columns="doc_id"), by="outlet", ci="cluster")
    with pytest.raises(DiscourseError, match="sentence_frames"):
        frame_profile(pd.DataFrame({"x": [1]}))
