"""Prediction-powered shares: the formula (= ppi_py), the simulation of coverage, the table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse.errors import DiscourseError
from discourse.stats import ESTIMATE_COLUMNS, estimate_shares, ppi_mean, wilson_interval


def _population(rng: np.random.Generator, shape: tuple[int, ...], share, recall: float, fpr: float) -> tuple[np.ndarray, np.ndarray]:
    truth = rng.random(shape) < share
    machine = np.where(truth, rng.random(shape) < recall, rng.random(shape) < fpr)
    return truth, machine


def test_equals_ppi_py():
    ppi_py = pytest.importorskip("ppi_py")
    rng = np.random.default_rng(1)
    y, yhat = _population(rng, (3000,), 0.15, 0.4, 0.02)
    idx = rng.permutation(3000)
    c, u = idx[:200], idx[200:]
    for method, lam in (("ppi", 1), ("ppi++", None)):
        ours = ppi_mean(y[c], yhat[c], yhat[u], method=method, confidence=0.9)
        lo, hi = ppi_py.ppi_mean_ci(y[c].astype(float), yhat[c].astype(float), yhat[u].astype(float), alpha=0.1, lam=lam)
        assert (ours["ci_low"], ours["ci_high"]) == pytest.approx((float(lo[0]), float(hi[0])), rel=1e-9)


def test_ppi_by_hand():
    # coded: y = 1 1 0 0, machine 1 0 0 1; uncoded machine: 1 0 0 0 0 0
    out = ppi_mean([1, 1, 0, 0], [1, 0, 0, 1], [1, 0, 0, 0, 0, 0], method="ppi")
    assert out["estimate"] == pytest.approx(1 / 6 + 0.0)  # machine share 1/6 + mean(y - yhat) = 0
    rect_var = np.var([0, 1, 0, -1]) / 4
    machine_var = np.var([1, 0, 0, 0, 0, 0]) / 6
    assert out["std_error"] == pytest.approx(np.sqrt(rect_var + machine_var))


def test_corrected_intervals_cover_the_truth_and_naive_ones_do_not():
    """500 synthetic populations of 4,000 sentences (true share 5-30%), a machine with recall 0.4
    and a false-positive rate of 0.02, 150 coded sentences each (vectorised)."""
    rng = np.random.default_rng(20231)
    runs, size, n_coded = 500, 4000, 150
    share = rng.uniform(0.05, 0.30, size=(runs, 1))
    truth, machine = _population(rng, (runs, size), share, 0.4, 0.02)
    target = truth.mean(axis=1)  # the share the coders would give every sentence
    order = np.argsort(rng.random((runs, size)), axis=1)
    coded, rest = order[:, :n_coded], order[:, n_coded:]

    def take(a: np.ndarray, idx: np.ndarray) -> np.ndarray:
        return np.take_along_axis(a, idx, axis=1)

    coverage = {}
    for method in ("ppi++", "ppi"):
        est = ppi_mean(take(truth, coded), take(machine, coded), take(machine, rest), method=method)
        coverage[method] = float(np.mean((est["ci_low"] <= target) & (target <= est["ci_high"])))
    naive = [wilson_interval(int(k), size) for k in machine.sum(axis=1)]
    coverage["naive"] = float(np.mean([lo <= t <= hi for (lo, hi), t in zip(naive, target, strict=True)]))
    print(coverage)
    assert coverage["ppi++"] >= 0.90 and coverage["ppi"] >= 0.90
    assert coverage["naive"] < 0.5


def test_no_disagreement_in_the_coded_sample_does_not_give_a_point():
    out = ppi_mean([0] * 40, [0] * 40, [0] * 1000, method="ppi")
    assert out["estimate"] == 0 and out["ci_high"] > 0.02
    assert np.isnan(ppi_mean([1], [1], [0, 0])["estimate"])
    with pytest.raises(DiscourseError, match="method: 'dsl'"):
        ppi_mean([1, 0], [1, 0], [0], method="dsl")


def _tables(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, codes = [], []
    for g, share, size in (("left", 0.1, 1500), ("right", 0.3, 1000)):
        truth, machine = _population(rng, (size,), share, 0.5, 0.02)
        for i in range(size):
            rows.append({"id": f"{g}{i}", "doc_id": f"{g}-d{i // 10}", "bias": g, "frames": ["victim"] if machine[i] else [], "truth": bool(truth[i])})
    pred = pd.DataFrame(rows)
    for g in ("left", "right"):
        part = pred[pred.bias == g].sample(100, random_state=0)
        for r in part.itertuples():
            codes.append({"id": r.id, "labels": ["victim"] if r.truth else [], "mentions_men": True})
    pred.attrs["frames"] = ["victim", "ally"]
    return pred, pd.DataFrame(codes)


def test_estimate_shares_table_and_stratified_total():
    pred, coded = _tables(np.random.default_rng(3))
    out = estimate_shares(pred, coded, by="bias")
    assert list(out.columns) == ["bias", *ESTIMATE_COLUMNS]
    assert out["bias"].unique().tolist() == ["left", "right", "all"]
    assert out["frame"].unique().tolist() == ["victim", "ally", "mentions_men"]
    victim = out[out.frame == "victim"].set_index("bias")
    assert victim.loc["left", "n"] == 1500 and victim.loc["left", "n_coded"] == 100
    assert victim.loc["right", "share_corrected"] > victim.loc["right", "share_naive"]
    total = victim.loc["all"]
    w = np.array([1500, 1000]) / 2500
    assert total.share_corrected == pytest.approx(w @ victim.loc[["left", "right"], "share_corrected"].to_numpy())
    assert total.std_error == pytest.approx(np.sqrt(w**2 @ victim.loc[["left", "right"], "std_error"].to_numpy() ** 2))
    assert "stratified by bias" in total.method and "clustered by doc_id" in victim.loc["left", "method"]
    men = out[out.frame == "mentions_men"].set_index("bias")
    assert men.loc["left", "share_corrected"] == 1.0
    pooled = estimate_shares(pred, coded, cluster=None)
    assert pooled["group"].unique().tolist() == ["all"] and pooled["method"].iloc[0] == "ppi++"


def test_a_coded_no_men_sentence_carries_no_frame():
    pred = pd.DataFrame({"id": ["a", "b", "c"], "frames": [["ally"], [], []]})
    coded = pd.DataFrame({"id": ["a", "b"], "labels": [["ally"], []], "mentions_men": [False, True]})
    out = estimate_shares(pred, coded, frames=["ally"], cluster=None, method="ppi").set_index("frame")
    assert out.loc["ally", "share_coded"] == 0.0 and out.loc["mentions_men", "share_coded"] == 0.5
    assert "only 2 coded" in out.loc["ally", "note"]


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda p, c: (p, c.assign(id="zz")), "coded: id 'zz'"),
        (lambda p, c: (p, pd.concat([c, c.iloc[:1]])), "coded twice"),
        (lambda p, c: (p.drop(columns="frames"), c), "predictions: no column 'frames'"),
        (lambda p, c: (p, c.drop(columns="labels")), "coded: no column 'labels'"),
    ],
)
def test_estimate_errors(change, match):
    pred, coded = _tables(np.random.default_rng(4))
    p, c = change(pred, coded)
    with pytest.raises(DiscourseError, match=match):
        estimate_shares(p, c)
    with pytest.raises(DiscourseError, match="by: no column 'outlet'"):
        estimate_shares(pred, coded, by="outlet")


def test_every_unit_coded_gives_the_coders_share():
    out = ppi_mean([1, 0, 1, 1], [1, 0, 0, 1], [], method="ppi++")
    assert out["estimate"] == 0.75 and out["lam"] == 0.0
    assert out["std_error"] == pytest.approx(np.sqrt(np.var([1, 0, 1, 1]) / 4))
    pred = pd.DataFrame({"id": list("abcd"), "frames": [["ally"], [], [], ["ally"]]})
    coded = pd.DataFrame({"id": list("abcd"), "labels": [["ally"], [], ["ally"], ["ally"]]})
    row = estimate_shares(pred, coded, frames=["ally"], cluster=None).iloc[0]
    assert row.share_corrected == 0.75 and "every unit coded" in row.note


def test_a_missing_group_value_is_a_group_of_its_own():
    pred = pd.DataFrame({"id": list("abcdef"), "frames": [["ally"], [], [], ["ally"], [], []], "g": ["x", "x", None, None, "x", None]})
    coded = pd.DataFrame({"id": list("abcdef"), "labels": [["ally"], [], [], ["ally"], [], ["ally"]]})
    out = estimate_shares(pred, coded, by="g", frames=["ally"], cluster=None)
    assert out["g"].tolist() == ["x", "(missing)", "all"]
    assert out.set_index(["g", "frame"]).loc[("(missing)", "ally"), "n"] == 3
