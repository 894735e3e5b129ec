"""Over-long sentences are cut before the models see them, in every parse mode, at the strongest
boundary available, with one warning per document (issue 17 item 1, the parse side)."""

from __future__ import annotations

import random
import warnings

import pandas as pd
import pytest

from discourse import Corpus
from discourse.docs import parsed_sentences
from discourse.errors import DiscourseWarning, PipelineError
from discourse.nlp import load_pipeline, parse_key, resolve_pipeline
from discourse.nlp import parse as nlp_parse
from discourse.nlp.components import (
    CUT_KEY,
    MAX_SENTENCE_TOKENS,
    SENTENCE_CAP_COMPONENT,
    SentenceCap,
)

WORDS = "men and women of the town said that they would go to the market with their sons because fathers wanted bread".split()


def _corpus(texts: dict[str, str]) -> Corpus:
    return Corpus.from_frame(pd.DataFrame({"id": list(texts), "text": list(texts.values())}))


def _run_on(n: int, seed: int = 0) -> str:
    """``n`` words without any punctuation."""
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _parse(texts: dict[str, str], mode: str, **kwargs):
    if mode == "selective":
        from discourse import parse

        return parse(_corpus(texts), mode=mode, use_cache=False, **kwargs)
    return nlp_parse(_corpus(texts), mode=mode, use_cache=False, **kwargs)


@pytest.mark.parametrize("mode", ["selective", "sentences", "full"])
def test_a_3000_word_sentence_is_cut_in_every_mode_with_one_warning(mode):
    text = _run_on(3000)
    with pytest.warns(DiscourseWarning) as caught:
        parsed = _parse({"run-on": text, "fine": "Men cry. Boys too."}, mode)
    messages = [str(w.message) for w in caught if issubclass(w.category, DiscourseWarning)]
    assert len(messages) == 1, messages  # one per document, none for "fine"
    assert messages[0].startswith("run-on: 1 sentence longer than 256 tokens cut into pieces of at most 256")
    doc = parsed["run-on"]
    assert doc.text == text
    lengths = [len(s) for s in doc.sents]
    assert max(lengths) <= MAX_SENTENCE_TOKENS and len(lengths) >= 3000 // MAX_SENTENCE_TOKENS
    assert doc.user_data[CUT_KEY] == 1
    record = parsed_sentences(doc)
    if mode == "full":
        assert record is None and doc.has_annotation("DEP", require_complete=True)
    else:  # the sentence Docs given to the models were the pieces
        assert record["starts"] == [s.start for s in doc.sents]
        assert record["parsed"]  # "men" everywhere: the selector chose the pieces
        assert all(len(s) <= MAX_SENTENCE_TOKENS for s in doc.sents)


def test_pieces_end_at_the_strongest_boundary():
    nlp = load_pipeline(components=[])
    clauses = [_run_on(40, seed=i) for i in range(20)]
    with_commas = nlp(", ".join(clauses))  # about 800 words, commas every 40
    sents = list(with_commas.sents)
    assert len(sents) > 1
    for sent in sents[:-1]:
        assert sent[-1].text == ",", sent.text[-40:]
        assert 64 < len(sent) <= 256
    with_semicolons = nlp("; ".join(c + ", and so on" for c in clauses))  # a semicolon beats a comma
    assert all(s[-1].text == ";" for s in list(with_semicolons.sents)[:-1])
    conjunctions = nlp(_run_on(1000, seed=3))  # no punctuation: before a conjunction
    assert all(s[0].lower_ in ("and", "because") for s in list(conjunctions.sents)[1:])
    assert with_commas.user_data[CUT_KEY] == with_semicolons.user_data[CUT_KEY] == conjunctions.user_data[CUT_KEY] == 1
    nothing = nlp(" ".join(["word"] * 600))  # no boundary at all: hard cuts
    assert [len(s) for s in nothing.sents] == [256, 256, 88]


def test_a_long_paragraph_of_sentences_is_cut_at_sentence_ends_without_a_warning():
    sentences = [_run_on(30, seed=i).capitalize() + "." for i in range(40)]
    text = " ".join(sentences)  # 1,240 tokens, one paragraph, no blank line
    with warnings.catch_warnings():
        warnings.simplefilter("error", DiscourseWarning)
        full = _parse({"a": text}, "full")
        every = _parse({"a": text}, "sentences")
    for parsed in (full, every):
        doc = parsed["a"]
        assert CUT_KEY not in doc.user_data
        assert all(len(s) <= 256 for s in doc.sents)
        assert all(s[-1].text == "." for s in doc.sents)
    # the senter's sentences are short: nothing to cut
    assert [s.text.strip() for s in every["a"].sents] == sentences


def test_line_breaks_and_closing_quotes_count_as_sentence_ends():
    cap = SentenceCap(16)
    nlp = load_pipeline(components=[])
    doc = nlp.make_doc('He said "go." And then\nthey went , and so')
    strength = cap.strengths(doc)
    words = [t.text for t in doc]
    assert strength[words.index("And")] == 4  # after ." (a closing quote after the full stop)
    assert strength[words.index("they")] == 4  # after a line break
    assert strength[words.index("\n")] == -1  # a whitespace token never starts a piece
    assert strength[words.index("and")] == 2  # after a comma (and a conjunction)
    assert strength[0] == -1


def test_the_cap_is_in_every_pipeline_and_in_the_cache_key(tmp_path):
    nlp = load_pipeline()
    assert nlp.pipe_names[:2] == ["discourse_paragraphs", SENTENCE_CAP_COMPONENT]
    assert nlp.get_pipe(SENTENCE_CAP_COMPONENT).max_tokens == MAX_SENTENCE_TOKENS
    doc = nlp(_run_on(700))
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS
    assert load_pipeline(components=["lemmatizer"], max_sentence_tokens=64).get_pipe(SENTENCE_CAP_COMPONENT).max_tokens == 64
    info = resolve_pipeline()
    assert parse_key("text", info, ["parser"], 100_000, max_sentence_tokens=256) != parse_key("text", info, ["parser"], 100_000, max_sentence_tokens=64)
    texts = {"a": _run_on(300)}
    with pytest.warns(DiscourseWarning, match="a: 1 sentence longer than 256"):
        first = nlp_parse(_corpus(texts), mode="sentences", cache_dir=tmp_path)
    with pytest.warns(DiscourseWarning, match="a: 1 sentence longer than 64 tokens"):
        short = nlp_parse(_corpus(texts), mode="sentences", cache_dir=tmp_path, max_sentence_tokens=64)
    assert first.n_parsed == short.n_parsed == 1
    assert max(len(s) for s in short["a"].sents) <= 64 < max(len(s) for s in first["a"].sents)
    with warnings.catch_warnings():  # a cached parse is not warned about again
        warnings.simplefilter("error", DiscourseWarning)
        again = nlp_parse(_corpus(texts), mode="sentences", cache_dir=tmp_path, max_sentence_tokens=64)
    assert again.n_cached == 1 and again["a"].user_data[CUT_KEY] == 1


def test_bad_sentence_cap():
    with pytest.raises(PipelineError, match="max_sentence_tokens must be an integer of at least 16, not 8"):
        nlp_parse(_corpus({"a": "Men."}), mode="full", max_sentence_tokens=8)
    with pytest.raises(ValueError, match="max_tokens must be an integer of at least 16"):
        SentenceCap(True)


def test_a_long_sentence_full_of_men_is_labelled():
    """3,000 words, a third of them "men": every mention is found and labelled (the rules read
    pieces of at most 256 tokens; the time on 20,000 words is in benchmarks/bench_accel.py)."""
    import discourse as dc

    rng = random.Random(1)
    words = "men and the men said that men would help because men are men who support women while men work".split()
    text = " ".join(rng.choice(words) for _ in range(3000))
    with pytest.warns(DiscourseWarning, match="long: 1 sentence longer than 256"):
        parsed = dc.parse(_corpus({"long": text}), use_cache=False)
    frames = dc.sentence_frames(parsed)
    assert len(frames) == len(list(parsed["long"].sents)) >= 12
    mentions = dc.find_mentions(parsed)
    assert len(mentions) >= text.split().count("men") * 0.9
