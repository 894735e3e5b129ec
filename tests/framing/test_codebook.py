"""Codebook validation."""

from __future__ import annotations

import pytest

from discourse.errors import CodebookError
from discourse.framing.codebook import load_codebook


def book(**cue):
    base = {"role": "agent", "lemmas": ["support"]}
    base.update(cue)
    return {"frames": {"ally": {"description": "Men support women.", "cues": [base]}}}


def test_packaged_codebook_has_four_frames():
    cb = load_codebook()
    assert cb.frame_names[:4] == ["ally", "beneficiary", "victim", "perpetrator"]
    assert all(f.cues for f in cb.frames.values())


def test_dict_codebook_and_multiword_cue():
    cb = load_codebook(book(lemmas=["support", "mental health"]))
    cue = cb.frames["ally"].cues[0]
    assert cue.lemmas == frozenset({"support"}) and cue.phrases == (("mental", "health"),)
    assert cue.id == "ally.agent.0"


def test_unknown_role():
    with pytest.raises(CodebookError, match=r"frames\.ally\.cues\[0\]\.role: unknown role 'subject'"):
        load_codebook(book(role="subject"))


def test_empty_cue_list():
    with pytest.raises(CodebookError, match=r"frames\.ally\.cues: empty cue list"):
        load_codebook({"frames": {"ally": {"description": "x", "cues": []}}})


def test_empty_lemmas():
    with pytest.raises(CodebookError, match=r"cues\[0\]\.lemmas must be a non-empty list"):
        load_codebook(book(lemmas=[]))


def test_unknown_key_and_missing_description():
    with pytest.raises(CodebookError, match="unknown key 'lemma'"):
        load_codebook(book(lemma=["x"]))
    with pytest.raises(CodebookError, match="description is missing"):
        load_codebook({"frames": {"ally": {"cues": [{"role": "agent", "lemmas": ["x"]}]}}})


def test_bad_yaml_reports_line(tmp_path):
    p = tmp_path / "cb.yaml"
    p.write_text("frames:\n  ally:\n    description: x\n    cues: [\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"cb\.yaml line \d+: not valid YAML"):
        load_codebook(p)


def test_missing_file(tmp_path):
    with pytest.raises(CodebookError, match="not found"):
        load_codebook(tmp_path / "nope.yaml")


def test_duplicate_ids():
    data = {"frames": {"a": {"description": "x", "cues": [{"id": "r", "role": "agent", "lemmas": ["x"]}, {"id": "r", "role": "agent", "lemmas": ["y"]}]}}}
    with pytest.raises(CodebookError, match="duplicate cue id 'r'"):
        load_codebook(data)


def test_polarity():
    cb = load_codebook(book(role="patient", lemmas=["accept"], polarity="negated"))
    assert cb.cues()[0].polarity == "negated"
    assert load_codebook(book(role="patient", lemmas=["accept"])).cues()[0].polarity == "any"
    with pytest.raises(CodebookError, match=r"cues\[0\]\.polarity: 'positive' is not 'any' or 'negated'"):
        load_codebook(book(role="patient", lemmas=["accept"], polarity="positive"))


def test_tier2_section_validated():
    import pytest

    from discourse.errors import CodebookError
    from discourse.framing.codebook import load_codebook

    book = load_codebook()
    assert book.tier2_enabled and book.tier2_distance >= 1
    assert all(".tier2." in c.id for c in book.tier2)
    base = {"frames": {"victim": {"description": "d", "cues": [{"role": "patient", "lemmas": ["harm"]}]}}}
    assert not load_codebook(base).tier2_enabled
    ok = {**base, "tier2": {"cues": {"victim": [{"lemmas": ["suicide"], "direction": "undergoer"}]}}}
    assert [c.id for c in load_codebook(ok).tier2] == ["victim.tier2.1"]
    for bad in ({"enabled": "yes"}, {"max_distance": 0}, {"cues": {"ally": [{"lemmas": ["ally"]}]}},
                {"cues": {"victim": [{"lemmas": ["x"], "direction": "sideways"}]}}, {"bogus": 1}):
        with pytest.raises(CodebookError):
            load_codebook({**base, "tier2": bad})


def test_predicate_part_of_speech():
    cb = load_codebook(book(role="agent", lemmas=["attack"], predicate="noun"))
    assert cb.cues()[0].predicate == "noun"
    assert load_codebook(book(role="agent", lemmas=["attack"])).cues()[0].predicate == "any"
    with pytest.raises(CodebookError, match=r"cues\[0\]\.predicate: 'gerund' is not one of any, verb, noun, adjective"):
        load_codebook(book(role="agent", lemmas=["attack"], predicate="gerund"))
