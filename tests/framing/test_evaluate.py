"""evaluate(): metrics on a hand-computed example."""

from __future__ import annotations

import json
import math

import pytest

from discourse.framing.evaluate import evaluate, format_report

GOLD = [
    {"id": "a", "text": "A", "labels": ["ally"], "mentions_men": True},
    {"id": "b", "text": "B", "labels": ["victim"], "mentions_men": True},
    {"id": "c", "text": "C", "labels": ["none"], "mentions_men": False},
    {"id": "d", "text": "D", "labels": ["ally", "victim"], "mentions_men": True},
]
PRED = [
    {"id": "a", "frames": ["ally"], "mentions_men": True},
    {"id": "b", "frames": ["ally"], "mentions_men": True},
    {"id": "c", "frames": [], "mentions_men": True},
    {"id": "d", "frames": ["victim"], "mentions_men": True},
]


def test_hand_computed_metrics():
    r = evaluate(GOLD, predictions=PRED)
    pf = r.per_frame.set_index("frame")
    # ally: gold {a, d}, predicted {a, b}: TP 1, FP 1, FN 1, TN 1
    assert (pf.loc["ally", "precision"], pf.loc["ally", "recall"], pf.loc["ally", "f1"]) == (0.5, 0.5, 0.5)
    # p_o = 2/4, p_e = (2*2 + 2*2)/16 = 0.5 -> kappa 0
    assert pf.loc["ally", "kappa"] == pytest.approx(0.0)
    # victim: gold {b, d}, predicted {d}: TP 1, FP 0, FN 1, TN 2
    assert pf.loc["victim", "precision"] == 1.0 and pf.loc["victim", "recall"] == 0.5
    assert pf.loc["victim", "f1"] == pytest.approx(2 / 3)
    # p_o = 3/4, p_e = (1*2 + 3*2)/16 = 0.5 -> kappa 0.5
    assert pf.loc["victim", "kappa"] == pytest.approx(0.5)
    assert pf.loc["victim", "support"] == 2
    # frames nobody used are NaN and left out of the macro average
    assert math.isnan(pf.loc["perpetrator", "f1"])
    assert r.macro_f1 == pytest.approx((0.5 + 2 / 3) / 2)
    # mentions: gold T T F T, predicted T T T T -> P 3/4, R 1, F1 6/7
    assert r.mentions["precision"] == 0.75 and r.mentions["recall"] == 1.0
    assert r.mentions["f1"] == pytest.approx(6 / 7)
    assert sorted(r.disagreements["id"]) == ["b", "c", "d"]
    text = format_report(r)
    assert "macro-F1" in text and "0.58" in text
    json.dumps(r.to_dict())


def test_missing_prediction_is_an_error():
    from discourse.errors import CorpusError

    with pytest.raises(CorpusError, match="no prediction for gold id 'd'"):
        evaluate(GOLD, predictions=PRED[:3])


def test_gold_file_errors(tmp_path):
    from discourse.errors import CorpusError

    p = tmp_path / "g.jsonl"
    p.write_text('{"id": "x", "text": "t", "labels": []}\n{bad\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="line 2 is not valid JSON"):
        evaluate(p, predictions=[{"id": "x", "frames": []}])
