"""frame_profile: Wilson for one document's sentences, Korn-Graubard (or the cluster bootstrap) over documents, ci_method."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse.errors import DiscourseError
from discourse.stats import PROFILE_COLUMNS, frame_profile, wilson_interval
from discourse.stats.design import design_effects, korn_graubard, pooled_design_effect
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


def test_groups_of_documents_get_a_seeded_cluster_bootstrap_with_ci_cluster():
    table = _table()
    a = frame_profile(table, by="outlet", ci="cluster", n_boot=500, random_state=3)
    b = frame_profile(table, by="outlet", ci="cluster", n_boot=500, random_state=3)
    pd.testing.assert_frame_equal(a, b)
    big = clustered_sentences(np.random.default_rng(0), 30)
    assert frame_profile(big, by=None, ci="cluster", random_state=4)["ci_low"].iloc[0] != frame_profile(big, by=None, ci="cluster", random_state=5)["ci_low"].iloc[0]
    victim = a[(a.outlet == "right") & (a.frame == "victim")].iloc[0]
    assert victim.ci_method == "cluster_bootstrap" and victim.ci_low <= victim.share <= victim.ci_high
    # a frame no sentence of the group carries: Wilson with one observation per document
    none = a[(a.outlet == "left") & (a.frame == "beneficiary")].iloc[0]
    assert none.ci_method == "wilson_documents"
    assert (none.ci_low, none.ci_high) == pytest.approx(wilson_interval(0, 2))
    # a group's interval does not depend on the other groups (its own random stream)
    only_right = frame_profile(table[table.outlet == "right"], by="outlet", ci="cluster", n_boot=500, random_state=3)
    pd.testing.assert_frame_equal(only_right.reset_index(drop=True), a[a.outlet == "right"].reset_index(drop=True))


def test_ci_wilson_and_one_document_groups():
    table = _table()
    wil = frame_profile(table, by="outlet", ci="wilson")
    assert set(wil["ci_method"]) == {"wilson"}
    single = frame_profile(table.assign(outlet=table.doc_id.map({"a": "x"}).fillna("y")), by="outlet", n_boot=200)
    assert set(single[single.outlet == "x"]["ci_method"]) == {"wilson"}
    pooled = frame_profile(table, by=None, n_boot=200)
    assert pooled["group"].unique().tolist() == ["all"] and set(pooled["ci_method"]) <= {"korn_graubard", "korn_graubard_pooled"}


def test_frames_read_back_from_csv_are_split():
    table = _table()
    csv = table.assign(frames=table["frames"].map(";".join))
    csv.attrs = dict(table.attrs)
    pd.testing.assert_frame_equal(frame_profile(csv, by="outlet", n_boot=300), frame_profile(table, by="outlet", n_boot=300))


def test_cluster_intervals_cover_and_wilson_intervals_do_not_when_documents_differ():
    """200 synthetic corpora of 40 documents whose shares differ (Beta around 1/7): the
    Korn-Graubard interval (the default) and the cluster bootstrap cover the true share about 95%
    of the time; Wilson over sentences far less."""
    rng = np.random.default_rng(5)
    hits_design = hits_cluster = hits_wilson = 0
    runs = 200
    for r in range(runs):
        table = clustered_sentences(rng, 40)
        d = frame_profile(table, by=None).iloc[0]
        c = frame_profile(table, by=None, ci="cluster", n_boot=1000, random_state=r).iloc[0]
        w = frame_profile(table, by=None, ci="wilson").iloc[0]
        assert d.ci_method == "korn_graubard" and d.design_effect > 1
        hits_design += d.ci_low <= 1 / 7 <= d.ci_high
        hits_cluster += c.ci_low <= 1 / 7 <= c.ci_high
        hits_wilson += w.ci_low <= 1 / 7 <= w.ci_high
    assert hits_design / runs >= 0.92
    assert hits_cluster / runs >= 0.88
    assert hits_wilson / runs <= 0.80


def test_rare_frames_keep_their_coverage_where_the_bootstrap_loses_it():
    """A frame in about 1 sentence in 100, clustered in documents (300 corpora of 40 documents):
    the percentile bootstrap can only redraw the few documents that have it and covers the true
    share far less than 95%; the default interval (the group's design effect for rare cells)
    keeps at least 93%."""
    rng = np.random.default_rng(11)
    share = 0.01
    hits_design = hits_cluster = 0
    runs = 300
    for r in range(runs):
        table = clustered_sentences(rng, 40, mean_share=share)
        d = frame_profile(table, by=None).iloc[0]
        c = frame_profile(table, by=None, ci="cluster", n_boot=400, random_state=r).iloc[0]
        hits_design += d.ci_low <= share <= d.ci_high
        hits_cluster += c.ci_low <= share <= c.ci_high
    assert hits_design / runs >= 0.93
    assert hits_cluster / runs <= 0.88


def test_korn_graubard_by_hand():
    """Four documents: the linearised variance, the design effect, the degrees-of-freedom
    adjustment and the beta limits, computed here step by step."""
    from scipy import stats

    k = np.array([3.0, 0.0, 1.0, 6.0])
    n = np.array([10.0, 8.0, 12.0, 10.0])
    total, m, p = n.sum(), 4, k.sum() / n.sum()
    var = m / (m - 1) * ((k - p * n) ** 2).sum() / total**2
    deff = var / (p * (1 - p) / total)
    assert design_effects(k[:, None], n)[0] == pytest.approx(deff)
    n_eff = total / deff * (stats.t.ppf(0.025, total - 1) / stats.t.ppf(0.025, m - 1)) ** 2
    x = p * n_eff
    low, high = stats.beta.ppf(0.025, x, n_eff - x + 1), stats.beta.ppf(0.975, x + 1, n_eff - x)
    assert korn_graubard(k.sum(), total, m, deff) == pytest.approx((low, high))
    # the table: 10 of 40 sentences, its own design effect (5 or more with and without the frame)
    table = pd.DataFrame(
        [{"doc_id": f"d{i}", "frames": ["victim"] if j < kk else []} for i, (kk, nn) in enumerate(zip(k, n, strict=True)) for j in range(int(nn))]
    )
    table.attrs["frames"] = ["victim"]
    row = frame_profile(table, by=None).iloc[0]
    assert (row.n, row.n_sentences, row.n_documents, row.ci_method) == (10, 40, 4, "korn_graubard")
    assert (row.ci_low, row.ci_high, row.design_effect) == pytest.approx((low, high, deff))


def test_a_frame_nobody_used_is_not_more_certain_than_one_used_once():
    """Within a group, the interval's upper limit grows with the count: 0, 1, 2 sentences of a
    frame in 30 documents (the percentile bootstrap gave a zero cell a wider interval than a
    one-sentence cell)."""
    rng = np.random.default_rng(2)
    base = clustered_sentences(rng, 30, mean_share=0.2)
    highs = []
    for count in (0, 1, 2):
        table = base.copy()
        table["frames"] = [list(f) + (["ally"] if i < count else []) for i, f in enumerate(table["frames"])]
        table.attrs["frames"] = ["victim", "ally"]
        ally = frame_profile(table, by=None).set_index("frame").loc["ally"]
        assert ally.ci_method == "korn_graubard_pooled"
        highs.append(ally.ci_high)
    assert highs[0] < highs[1] < highs[2]
    # the pooled design effect is that of the group's common cells
    table.attrs["frames"] = ["victim", "ally"]
    victim = frame_profile(table, by=None).set_index("frame").loc["victim"]
    assert ally.design_effect == pytest.approx(pooled_design_effect(*_counts(table, ["victim", "ally"])))
    assert victim.ci_method == "korn_graubard" and victim.design_effect >= 1


def _counts(table: pd.DataFrame, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    flags = np.array([[name in f for name in names] + [not f] for f in table["frames"]], dtype=float)
    docs = table["doc_id"].to_numpy()
    order = list(dict.fromkeys(docs))
    counts = np.array([flags[docs == d].sum(axis=0) for d in order])
    sizes = np.array([(docs == d).sum() for d in order], dtype=float)
    return counts, sizes


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"ci": "bootstrap"}, "ci: 'bootstrap'; choose 'auto', 'design', 'cluster' or 'wilson'"),
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
