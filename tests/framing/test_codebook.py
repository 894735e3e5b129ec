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


def classed(**frame):
    base = {"description": "Men support women.", "classes": {"support": {"description": "Verbs of support.", "cues": [{"role": "agent", "lemmas": ["support"]}]}}}
    base.update(frame)
    return {"frames": {"ally": base}}


def test_packaged_codebook_groups_every_cue_in_a_described_class():
    cb = load_codebook()
    for frame in cb.frames.values():
        assert frame.classes, frame.name
        assert all(c.cue_class in frame.classes for c in frame.cues)
        assert all(d.strip() for d in frame.classes.values())
    assert all(c.cue_class in cb.frames[c.frame].classes for c in cb.tier2)
    assert {(f, c) for f, c, _ in cb.cue_classes()} >= {(c.frame, c.cue_class) for c in cb.cues()}


def test_classes_and_plain_cues():
    cb = load_codebook(classed(cues=[{"role": "agent", "lemmas": ["help"]}]))
    (a, b) = cb.frames["ally"].cues
    assert (a.cue_class, a.id, b.cue_class, b.id) == ("support", "ally.agent.0", "", "ally.agent.1")
    assert cb.frames["ally"].classes == {"support": "Verbs of support."}
    assert cb.cue_classes() == [("ally", "support", "Verbs of support.")]


@pytest.mark.parametrize(
    ("classes", "message"),
    [
        ({"Support": {"description": "x", "cues": [{"role": "agent", "lemmas": ["x"]}]}}, r"classes\.Support: 'Support' is not a class name"),
        ({"support": {"cues": [{"role": "agent", "lemmas": ["x"]}]}}, r"classes\.support\.description is missing"),
        ({"support": {"description": "x", "cues": []}}, r"classes\.support\.cues: empty cue list"),
        ({"support": {"description": "x", "cues": [{"role": "agent", "lemmas": ["x"]}], "notes": 1}}, r"classes\.support: unknown key 'notes'"),
        ({"support": {"description": "x", "cues": [{"role": "subject", "lemmas": ["x"]}]}}, r"classes\.support\.cues\[0\]\.role: unknown role"),
        ({}, r"frames\.ally\.classes must be a non-empty mapping"),
        (["support"], r"frames\.ally\.classes must be a non-empty mapping"),
    ],
)
def test_bad_classes_one_line_errors(classes, message):
    with pytest.raises(CodebookError, match=message) as err:
        load_codebook(classed(classes=classes))
    assert "\n" not in str(err.value)


def test_frame_without_cues_and_tier2_class():
    with pytest.raises(CodebookError, match=r"frames\.ally: no cues"):
        load_codebook({"frames": {"ally": {"description": "x"}}})
    ok = {**classed(), "tier2": {"cues": {"ally": [{"lemmas": ["ally"], "class": "support"}]}}}
    assert load_codebook(ok).tier2[0].cue_class == "support"
    with pytest.raises(CodebookError, match=r"tier2\.cues\.ally\[0\]\.class: 'allies' is not a class of frame ally"):
        load_codebook({**classed(), "tier2": {"cues": {"ally": [{"lemmas": ["ally"], "class": "allies"}]}}})


def test_also_targets():
    cue = load_codebook(book(targets=["responsibility"], also_targets=["equality"])).cues()[0]
    assert cue.also_targets == frozenset({"equality"})
    with pytest.raises(CodebookError, match=r"cues\[0\]\.also_targets given without targets"):
        load_codebook(book(also_targets=["equality"]))


def test_yaml_boolean_words_are_refused():
    with pytest.raises(CodebookError, match=r"cues\[0\]\.targets\[0\] was read as False: quote the word"):
        load_codebook(book(targets=[False]))


def test_named_men_is_a_frame_default_a_cue_can_override():
    data = {"frames": {"victim": {"description": "x", "named_men": False, "cues": [
        {"id": "v.a", "role": "patient", "lemmas": ["beat"]},
        {"id": "v.b", "role": "patient", "lemmas": ["rape"], "named_men": True}]},
        "ally": {"description": "y", "cues": [{"id": "a.a", "role": "agent", "lemmas": ["support"]}]}}}
    cb = load_codebook(data)
    assert [c.named_men for c in cb.cues()] == [False, True, True]
    with pytest.raises(CodebookError, match=r"frames\.victim\.named_men must be true or false"):
        load_codebook({"frames": {"victim": {**data["frames"]["victim"], "named_men": "no"}}})
    assert load_codebook().frames["victim"].cues[0].named_men is False
    assert load_codebook().frames["victim"].cues[0].named_pronouns is False
    assert load_codebook().frames["ally"].cues[0].named_pronouns is True
    with pytest.raises(CodebookError, match=r"named_pronouns must be true or false"):
        load_codebook({"frames": {"victim": {**data["frames"]["victim"], "named_pronouns": 1}}})


def test_context_is_a_word_list():
    cb = load_codebook({"frames": {"beneficiary": {"description": "x", "cues": [{"id": "b.a", "role": "agent", "lemmas": ["thrive"], "context": ["Equality", "care"]}]}}})
    assert cb.cues()[0].context == frozenset({"equality", "care"})
    with pytest.raises(CodebookError, match=r"context must be a non-empty list of words"):
        load_codebook({"frames": {"beneficiary": {"description": "x", "cues": [{"id": "b.a", "role": "agent", "lemmas": ["thrive"], "context": "care"}]}}})
