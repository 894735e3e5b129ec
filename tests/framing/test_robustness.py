from __future__ import annotations

import pandas as pd

from discourse.framing.robustness import dominant_frames, leave_one_cue_out, without_rules


def _tables():
    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b", "b"],
            "sent_id": [0, 1, 2, 0, 1],
            "frames": [["ally"], ["ally", "victim"], [], ["victim"], []],
        }
    )
    sentences.attrs["frames"] = ["ally", "victim"]
    evidence = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "a", "b", "b"],
            "sent_id": [0, 1, 1, 1, 0, 1],
            "frame": ["ally", "ally", "ally", "victim", "victim", "victim"],
            "rule_id": ["ally.x", "ally.x", "ally.y", "victim.z", "victim.z", "victim.w"],
            "counts": [True, True, True, True, True, False],
        }
    )
    return sentences, evidence


def test_without_rules_keeps_frames_supported_by_other_rules():
    sentences, evidence = _tables()
    out = without_rules(sentences, evidence, ["ally.x"])
    # a/0 loses ally (only ally.x supported it); a/1 keeps ally through ally.y
    assert out["frames"].tolist() == [[], ["ally", "victim"], [], ["victim"], []]
    assert sentences["frames"].tolist()[0] == ["ally"], "input must not be modified"


def test_leave_one_cue_out_reports_changes_and_dominance():
    sentences, evidence = _tables()
    table = leave_one_cue_out(sentences, evidence).set_index("rule_id")
    # dropping victim.z: b's victim share 1/2 -> 0 (and unframed 1/2 -> 1); b has no frame left
    assert table.loc["victim.z", "max_abs_change"] == 0.5
    assert table.loc["victim.z", "dominant_changed"] and table.loc["victim.z", "changed_groups"] == "b"
    # dropping ally.x: a's ally share 2/3 -> 1/3, tying victim; ties keep codebook order -> ally
    assert abs(table.loc["ally.x", "max_abs_change"] - 1 / 3) < 1e-12
    assert not table.loc["ally.x", "dominant_changed"]
    assert table.loc["ally.y", "max_abs_change"] == 0.0  # a/1 keeps ally through ally.x
    assert "victim.w" not in table.index  # never counted
    assert table.index[0] == "victim.z"  # sorted by change


def test_dominant_frames():
    sentences, _ = _tables()
    from discourse.stats import frame_profile

    dom = dominant_frames(frame_profile(sentences))
    assert dom.to_dict() == {"a": "ally", "b": "victim"}
