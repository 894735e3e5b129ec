"""The selective parse gives the same answers as parsing every sentence."""

from __future__ import annotations

import pandas as pd
import pytest

from discourse import Corpus, parse
from discourse.docs import parsed_sentences
from discourse.framing.frames import frame_analysis
from discourse.framing.selection import SentenceSelector

TEXTS = {
    # a named man by coreference in a sentence without any word for men
    "names": "John Smith spoke first. The room was quiet.\n\nLater, Smith argued that equality matters for everyone.",
    # a sentence split after an honorific, and a pronoun in the next sentence
    "honorific": "We met Mr.\n\nBrown at noon. He supports women's rights.",
    # they -> men across sentences, and a chain of they
    "they": "Many men feel isolated. They rarely ask for help. They are victims of silence. Cats sleep.",
    # a woman shares the surname: no coreference
    "woman": "Tom Jones spoke. He left. Sarah Jones arrived later. Jones smiled.",
    "none": "The weather was fine. Nothing happened at all.",
}


def _corpus(texts: dict[str, str]) -> Corpus:
    return Corpus.from_frame(pd.DataFrame({"id": list(texts), "text": list(texts.values())}))


def _sorted(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    out = df.copy()
    if "frames" in out.columns:
        out["frames"] = out["frames"].map(tuple)
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def _assert_same_frames(fast, reference) -> None:
    m1, e1, s1 = frame_analysis(fast)
    m2, e2, s2 = frame_analysis(reference)
    pd.testing.assert_frame_equal(_sorted(m1, ["doc_id", "mention_id"]), _sorted(m2, ["doc_id", "mention_id"]))
    pd.testing.assert_frame_equal(_sorted(e1, ["doc_id", "mention_id", "frame"]), _sorted(e2, ["doc_id", "mention_id", "frame"]))
    pd.testing.assert_frame_equal(_sorted(s1, ["doc_id", "sent_id"]), _sorted(s2, ["doc_id", "sent_id"]))
    assert len(m1) and len(s1)


@pytest.fixture(scope="module")
def seed_modes(seed_corpus, parse_cache):
    fast = parse(seed_corpus, mode="selective", cache_dir=parse_cache)
    every = parse(seed_corpus, mode="sentences", cache_dir=parse_cache)
    return fast, every


def test_seed_corpus_frames_equal_a_parse_of_every_sentence(seed_modes):
    fast, every = seed_modes
    cover = fast.coverage()
    assert 0 < cover["sentences_parsed"] < cover["sentences"], "some sentences must stay unparsed"
    assert every.coverage()["sentences_parsed"] == every.coverage()["sentences"]
    _assert_same_frames(fast, every)


def test_seed_corpus_collocates_equal_a_parse_of_every_sentence(seed_modes):
    from discourse.themes.keyterms import collocates

    fast, every = seed_modes
    with_parse = {doc_id: doc for doc_id, doc in fast.items() if doc.has_annotation("DEP")}
    expected = collocates(every, examples=True)
    assert len(expected)
    pd.testing.assert_frame_equal(collocates(with_parse, examples=True), expected)


def test_seed_corpus_topics_equal_a_parse_of_every_sentence(seed_modes):
    from discourse.themes.topics import TopicModel

    fast, every = seed_modes
    a = TopicModel(5, random_state=0).fit(fast)
    b = TopicModel(5, random_state=0).fit(every)
    pd.testing.assert_frame_equal(a.top_terms(), b.top_terms())
    pd.testing.assert_frame_equal(a.doc_topics(), b.doc_topics())


def test_name_pronoun_and_plural_rules_see_their_sentences(tmp_path):
    corpus = _corpus(TEXTS)
    fast = parse(corpus, mode="selective", cache_dir=tmp_path)
    every = parse(corpus, mode="sentences", cache_dir=tmp_path)
    _assert_same_frames(fast, every)
    mentions = frame_analysis(fast)[0]
    names = mentions[mentions["doc_id"] == "names"]
    assert "coreference:John Smith" in set(names["evidence"])
    assert not parsed_sentences(fast["none"])["parsed"]
    assert not fast["none"].has_annotation("DEP")
    they = parsed_sentences(fast["they"])
    assert they["parsed"] == [0, 1, 2]  # "Cats sleep." is not parsed
    woman = mentions[mentions["doc_id"] == "woman"]
    assert "Jones" not in set(woman["text"])


def test_unparsed_sentences_have_missing_heads_and_senter_boundaries(tmp_path):
    corpus = _corpus({"a": "The weather was fine. Men can be allies of women.\n\nNothing happened."})
    first = parse(corpus, mode="selective", cache_dir=tmp_path)["a"]
    again = parse(corpus, mode="selective", cache_dir=tmp_path)
    assert again.n_cached == 1
    for doc in (first, again["a"]):
        sents = list(doc.sents)
        assert [s.text.strip() for s in sents] == ["The weather was fine.", "Men can be allies of women.", "Nothing happened."]
        assert parsed_sentences(doc)["parsed"] == [1]
        assert all(t.dep_ == "" and not t.has_head() for t in sents[0])
        assert [t.dep_ for t in sents[1]][:3] == ["nsubj", "aux", "ROOT"]
        assert all(t.left_edge.i <= t.i <= t.right_edge.i for t in doc)
        assert doc.has_annotation("DEP") and not doc.has_annotation("DEP", require_complete=True)


def test_selector_fingerprint_follows_the_lexicon_not_the_codebook(tmp_path):
    import yaml

    from discourse.framing.lexicon import LEXICON_PATH

    base = SentenceSelector.default()
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    data["group_nouns"].append("wizard")
    edited = tmp_path / "lexicon.yaml"
    edited.write_text(yaml.safe_dump(data), encoding="utf-8")
    other = SentenceSelector.default(edited)
    assert base.fingerprint() == SentenceSelector.default().fingerprint()
    assert other.fingerprint() != base.fingerprint()
    corpus = _corpus({"a": "The wizard smiled. Rain fell."})
    assert parsed_sentences(parse(corpus, mode="selective", selector=base, cache_dir=tmp_path)["a"])["parsed"] == []
    redone = parse(corpus, mode="selective", selector=other, cache_dir=tmp_path)
    assert redone.n_parsed == 1 and parsed_sentences(redone["a"])["parsed"] == [0]


def test_sentence_modes_run_no_ner_and_store_the_lexical_lemma(tmp_path):
    corpus = _corpus({"a": "The votes were counted. Women said he mattered.\n\nRights groups met."})
    doc = parse(corpus, mode="selective", cache_dir=tmp_path)["a"]
    assert not doc.has_annotation("ENT_IOB")
    assert parsed_sentences(doc)["parsed"] == [0, 1]  # the sentence before a "he" too
    norms = {t.text: t.norm_ for t in doc}
    # every token, parsed or not, carries its lexical lemma in NORM; a sentence's first word is
    # read in lower case
    assert norms["votes"] == "vote" and norms["Women"] == "woman" and norms["Rights"] == "right"
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["met"] == "meet"  # unparsed: the lexical lemma
    assert [t.pos_ for t in doc if t.text == "met"] == [""]
    assert [t.pos_ for t in doc if t.text == "said"] == ["VERB"]


def test_sentence_modes_need_a_rule_lemmatizer(monkeypatch, tmp_path):
    import discourse.nlp.accel as fastpipes
    from discourse.errors import PipelineError
    from discourse.nlp.sentences import shared_annotator

    def refuse(self, lemmatizer):
        raise ValueError("LexicalLemmatizer reads the tables of a lemmatizer in 'rule' mode only")

    monkeypatch.setattr(fastpipes.LexicalLemmatizer, "__init__", refuse)
    shared_annotator.cache_clear()  # pipelines are loaded once per process: load this one anew
    with pytest.raises(PipelineError, match="needs a rule-based lemmatizer.*use mode='full'"):
        parse(_corpus({"a": "Men spoke."}), mode="selective", cache_dir=tmp_path)
