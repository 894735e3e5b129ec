"""Mentions of men and their roles, on tiny sentences through the real pipeline."""

from __future__ import annotations

import pytest

from discourse.errors import CodebookError, PipelineError
from discourse.framing import find_mentions, load_lexicon


@pytest.fixture(scope="module")
def nlp():
    from discourse.nlp import load_pipeline

    return load_pipeline()


def first(nlp, text, word):
    df = find_mentions([nlp(text)])
    rows = df[df["text"] == word]
    assert len(rows), f"no mention {word!r} in {df['text'].tolist()}"
    return rows.iloc[0]


def test_active_subject_is_agent(nlp):
    row = first(nlp, "Husbands beat their wives.", "Husbands")
    assert (row["role"], row["predicate"], row["kind"]) == ("agent", "beat", "group")


def test_passive_subject_is_patient_and_by_phrase_is_agent(nlp):
    df = find_mentions([nlp("Boys are abused by their fathers.")])
    roles = dict(zip(df["text"], df["role"], strict=True))
    assert roles["Boys"] == "patient"
    assert roles["fathers"] == "agent"


def test_relative_clause_subject_is_agent(nlp):
    from discourse.framing.mentions import iter_mentions

    (m,) = iter_mentions([nlp("We thank the men who stand with women.")])
    links = {(lk.role, lk.predicate.lemma_, lk.via) for lk in m.links}
    assert ("patient", "thank", "direct") in links
    assert ("agent", "stand", "relcl") in links


def test_copula_is_attribute_and_negation(nlp):
    row = first(nlp, "Men are not the enemy.", "Men")
    assert row["role"] == "attribute" and row["predicate"] == "enemy"
    assert bool(row["negated"]) is True
    assert bool(first(nlp, "Men are victims too.", "Men")["negated"]) is False


def test_not_only_is_not_negation(nlp):
    row = first(nlp, "Men not only contribute to society but also gain.", "Men")
    assert bool(row["negated"]) is False


def test_possessive(nlp):
    row = first(nlp, "We must talk about men's suicide.", "men")
    assert (row["kind"], row["role"], row["predicate"]) == ("possessive", "possessor", "suicide")


def test_object_of_against_is_patient(nlp):
    row = first(nlp, "Violence against men is rarely discussed.", "men")
    assert row["role"] == "patient" and row["predicate"] == "violence"


def test_modality(nlp):
    row = first(nlp, "Men should support women.", "Men")
    assert row["modality"] == "should"


def test_they_with_men_antecedent_and_not_with_women(nlp):
    df = find_mentions([nlp("Many men feel that they are ignored.")])
    assert "they" in df["text"].tolist()
    df = find_mentions([nlp("Many women feel that they are ignored.")])
    assert "they" not in df["text"].tolist()


def test_pronoun_he_and_generic_pair(nlp):
    assert "He" in find_mentions([nlp("He was brave.")])["text"].tolist()
    assert find_mentions([nlp("Each student brings his or her book.")]).empty


def test_named_man_by_honorific_and_pronoun(nlp):
    row = first(nlp, "Mr Smith spoke at the meeting.", "Smith")
    assert row["kind"] == "named" and row["evidence"].startswith("honorific")
    df = find_mentions([nlp("Patrick Stewart spoke about his childhood.")])
    assert "named" in df["kind"].tolist()


def test_named_women_and_shared_surnames_are_not_men(nlp):
    df = find_mentions([nlp("Hillary Clinton spoke first. Bill Clinton followed. Later, Clinton said she was proud.")])
    named = df[df["kind"] == "named"]
    assert named["text"].tolist() == ["Bill Clinton"]
    assert named["evidence"].iloc[0] == "given_name:Bill"
    # a woman's title, and a hashtag the recogniser took for a name
    df = find_mentions([nlp("Mrs Jones thanked his brother. The campaign grew after #MeToo went viral and his fans left.")])
    assert "named" not in df["kind"].tolist()


def test_surname_carries_a_mans_evidence(nlp):
    df = find_mentions([nlp("Mr Smith spoke at the meeting. Later, Smith answered questions.")])
    named = df[df["kind"] == "named"]
    assert named["text"].tolist() == ["Smith", "Smith"]
    assert named["evidence"].iloc[1] == "coreference:Smith"


def test_object_pronoun_is_not_bound_to_its_own_subject(nlp):
    df = find_mentions([nlp("They lured the women to a party so that a group of men could assault them.")])
    assert "them" not in df["text"].tolist()
    df = find_mentions([nlp("Many men feel that nobody listens to them.")])
    assert "them" in df["text"].tolist()


def test_reflexive_object_is_agent_except_self_harm(nlp):
    df = find_mentions([nlp("He forced himself on her.")])
    assert df.set_index("text").loc["himself", "role"] == "agent"
    df = find_mentions([nlp("He killed himself.")])
    assert df.set_index("text").loc["himself", "role"] == "patient"


def test_by_phrase_is_agent_only_in_passives_and_after_nouns(nlp):
    assert first(nlp, "The network stood by him.", "him")["role"] == "mention"
    assert first(nlp, "Women are harassed by men.", "men")["role"] == "agent"
    assert first(nlp, "Violence by men is common.", "men")["role"] == "agent"


def test_not_mentions(nlp):
    text = "The Declaration of the Rights of Man inspired him to watch X-Men near a man-made lake; mankind is old."
    df = find_mentions([nlp(text)])
    assert df["text"].tolist() == ["him"]
    verb = find_mentions([nlp("Volunteers man the post every night.")])
    assert verb.empty


def test_male_noun(nlp):
    row = first(nlp, "Male victims rarely seek help.", "Male victims")
    assert row["kind"] == "male_noun"


def test_missing_parse_raises(nlp):
    import spacy

    blank = spacy.blank("en")("Men are here.")
    with pytest.raises(PipelineError, match="no dependency parse"):
        find_mentions([blank])


def test_bad_lexicon(tmp_path):
    p = tmp_path / "lex.yaml"
    p.write_text("group_nouns: [man\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="line"):
        load_lexicon(p)


def test_names_are_proper_noun_runs_without_places_dates_or_acronyms(nlp):
    from discourse.framing.names import Names as _Names

    lex = load_lexicon()
    doc = nlp("On Monday, the White House said Mr. John Smith met FBI agents in Jean-Paul Sartre Square.")
    names = [span.text for span in _Names(doc, lex).spans]
    assert "John Smith" in names  # the title is left out of the name
    assert not any(w in n for n in names for w in ("Monday", "White House", "FBI", "Square"))
    # no named-entity recogniser is needed: a parse without one finds the same names
    no_ner = nlp("Mr. John Smith met FBI agents.", disable=["ner"])
    assert [s.text for s in _Names(no_ner, lex).spans] == ["John Smith"]


def test_a_name_after_a_pronoun_is_a_man_only_as_the_subject(nlp):
    # "He criticised Biden": the pronoun is not Biden's
    df = find_mentions([nlp("He criticised Biden on Tuesday.")])
    assert df[df["kind"] == "named"].empty
    # "His work done, Mill argued ...": the subject takes the pronoun before it
    df = find_mentions([nlp("After his long work in the field, Mill argued for equality.")])
    assert df[df["kind"] == "named"]["text"].tolist() == ["Mill"]


def test_group_nouns_inside_organisation_names_but_not_in_title_case_headings(nlp):
    df = find_mentions([nlp("She volunteers at the Boys & Girls Clubs of America every week.")])
    assert "Boys" not in df["text"].tolist()
    df = find_mentions([nlp("Case Studies Highlighting Successful Male Allies")])
    assert "Allies" in df["text"].tolist() or "Male Allies" in df["text"].tolist()


def test_a_line_of_names_alone_is_not_a_sentence_about_a_man(nlp, tmp_path):
    """Bylines, credits and headings that only name a man say nothing of him: no mention (they
    would only swell the denominator of every share); the same name in a sentence is one."""
    import pandas as pd

    from discourse import Corpus, parse

    df = find_mentions([nlp("John Smith\n\nJohn Smith was accused of assault by two colleagues.")])
    named = df[df["kind"] == "named"]
    assert named["sent_id"].tolist() == [1] and named["text"].tolist() == ["John Smith"]
    # through the parse analyze uses (the selective one), with a heading, a byline and a body sentence
    text = "David Miller\n\nUSA TODAY\n\nDavid Miller resigned on Monday after the allegations.\n\nTom Jones, Reuters"
    parsed = parse(Corpus.from_frame(pd.DataFrame({"id": ["a"], "text": [text]})), cache_dir=tmp_path)
    rows = find_mentions(parsed)
    assert rows[["sent_id", "text", "kind"]].values.tolist() == [[2, "David Miller", "named"]]
