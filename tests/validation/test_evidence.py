"""discourse label: structured evidence beside the text evidence (cue class read with .get)."""

from __future__ import annotations

from discourse.framing import label_passages
from discourse.framing.label import EVIDENCE_KEYS, _evidence_record


def test_frame_evidence_is_a_record_per_frame_row():
    out = label_passages({"a": "Husbands beat their wives.", "b": "He is not a victim.", "c": "The sky is blue."})
    a, b, c = out
    assert a["frames"] == ["perpetrator"]
    (rec,) = a["frame_evidence"]
    assert list(rec) == list(EVIDENCE_KEYS)
    assert rec["frame"] == "perpetrator" and rec["counts"] is True and rec["cue"] == "beat" and rec["mention"] == "Husbands" and rec["role"] == "agent"
    assert rec["rule_id"] in a["evidence"]
    assert b["frames"] == [] and b["frame_evidence"] and b["frame_evidence"][0]["counts"] is False
    assert c["frame_evidence"] == []


def test_a_cue_class_from_the_rules_is_kept():
    row = {"frame": "victim", "counts": True, "rule_id": "victim.x", "cue": "shame", "mention": "Boys", "role": "patient", "via": "direct", "cue_class": "harm"}
    assert _evidence_record(row)["cue_class"] == "harm"
    assert _evidence_record({k: v for k, v in row.items() if k != "cue_class"})["cue_class"] is None


def test_a_cue_outside_classes_has_no_class():
    # a codebook cue under a plain "cues:" list has class "": the record says None, as for a row without one
    row = {"frame": "ally", "counts": True, "rule_id": "ally.agent.0", "cue": "stand", "mention": "Men", "role": "agent", "via": "direct", "cue_class": ""}
    assert _evidence_record(row)["cue_class"] is None
