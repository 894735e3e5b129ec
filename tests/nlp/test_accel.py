"""The per-word-type lemmatizer and the optional speed-ups give spaCy's own annotation; the
speed-ups are used only on the versions they are tested against, and can be switched off."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

from discourse import Corpus
from discourse.errors import PipelineError
from discourse.nlp import SENTENCE_COMPONENTS, load_pipeline
from discourse.nlp import accel as accel_module
from discourse.nlp import parse as nlp_parse
from discourse.nlp.accel import (
    ACCELERATIONS,
    FastAttributeRuler,
    LexicalLemmatizer,
    TypeLemmatizer,
    accelerations,
)

ATTRS = [POS, TAG, MORPH, LEMMA, DEP]


@pytest.fixture(scope="module")
def full_nlp():
    return load_pipeline(components=SENTENCE_COMPONENTS)


def _texts(seed_corpus) -> list[str]:
    return [d.text for d in seed_corpus] + ["Y'all gon na see it. Ai n't nobody got ta go.  \n\n Let's go!"]


@pytest.mark.parametrize("parsed", [False, True])
def test_same_annotation_as_spacy_on_the_seed_corpus(full_nlp, seed_corpus, parsed):
    skip = ["attribute_ruler", "lemmatizer"] + (["senter"] if parsed else ["parser"])
    docs = list(full_nlp.pipe(_texts(seed_corpus), disable=skip))
    ruler, lemmatizer = full_nlp.get_pipe("attribute_ruler"), full_nlp.get_pipe("lemmatizer")
    fast_ruler, type_lemmatizer = FastAttributeRuler(ruler), TypeLemmatizer(lemmatizer)
    for doc in docs:
        expected = lemmatizer(ruler(doc.copy()))
        got = type_lemmatizer(fast_ruler(doc.copy()))
        assert np.array_equal(expected.to_array(ATTRS), got.to_array(ATTRS)), doc.text[:60]


def test_ruler_over_many_docs_equals_the_ruler_on_each(full_nlp, seed_corpus):
    """Sentence Docs are read together; a pattern over two tokens never spans two Docs."""
    docs = list(full_nlp.pipe(_texts(seed_corpus), disable=["attribute_ruler", "lemmatizer", "senter"]))
    sentences = [sent.as_doc() for doc in docs for sent in doc.sents]
    # "gon" ending one Doc and "na" starting the next must not match the "gon na" pattern
    sentences += [full_nlp.make_doc("We gon"), full_nlp.make_doc("na go"), full_nlp.make_doc("")]
    ruler = full_nlp.get_pipe("attribute_ruler")
    expected = [ruler(d.copy()).to_array(ATTRS) for d in sentences]
    copies = [d.copy() for d in sentences]
    FastAttributeRuler(ruler).pipe(copies)
    assert len(copies) > 100
    for a, b in zip(expected, copies, strict=True):
        assert np.array_equal(a, b.to_array(ATTRS))


def test_type_lemmatizer_only_fills_the_rows_asked_for(full_nlp):
    doc = full_nlp("Men were talking. Boys cried.", disable=["lemmatizer"])
    lemmatizer = TypeLemmatizer(full_nlp.get_pipe("lemmatizer"))
    rows = np.zeros(len(doc), dtype=bool)
    rows[4:] = True
    lemmatizer(doc, rows=rows)
    assert [t.lemma_ for t in doc] == ["", "be", "", "", "boy", "cry", "."]  # "be": set by the ruler
    with pytest.raises(ValueError, match="Lemmatizer"):
        TypeLemmatizer(full_nlp.get_pipe("attribute_ruler"))


def test_unsupported_patterns_are_refused():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "men", "OP": "+"}]], {"TAG": "NNS"})
    with pytest.raises(ValueError, match="not supported by FastAttributeRuler"):
        FastAttributeRuler(ruler)


def test_lexical_lemma_from_the_form_alone(full_nlp):
    lexical = LexicalLemmatizer(full_nlp.get_pipe("lemmatizer"))
    cases = {
        "women": "woman",  # noun exception
        "Women": "women",  # capitalised: a name, only lower-cased
        "rights": "right",  # noun rule to a known noun
        "said": "say",  # verb exception
        "accused": "accuse",  # verb rule
        "raped": "rape",  # the first rule giving a known form (spaCy's rule_lemmatize: "rap")
        "Sanders": "sanders",  # a capitalised form is a name: only lower-cased
        "xyzzyqs": "xyzzyqs",  # unknown: the lower-cased form
    }
    assert {w: lexical.lemma(w) for w in cases} == cases
    doc = full_nlp.make_doc("They said women's rights")
    from spacy.attrs import ORTH

    hashes = lexical.hashes(doc.to_array([ORTH]))
    assert [full_nlp.vocab.strings[h] for h in hashes.tolist()] == ["they", "say", "woman", "'s", "right"]


def test_lexical_lemmatizer_needs_a_rule_lemmatizer():
    class Lookup:
        mode = "lookup"

    with pytest.raises(ValueError, match="rule"):
        LexicalLemmatizer(Lookup())


def test_speedups_follow_the_switch_and_the_version_gate(monkeypatch):
    monkeypatch.delenv("DISCOURSE_ACCEL", raising=False)
    monkeypatch.setattr(accel_module, "supported", lambda: True)
    assert accelerations() == accelerations(True) == frozenset(ACCELERATIONS)
    assert accelerations(False) == frozenset()
    assert accelerations(["attribute_ruler"]) == {"attribute_ruler"}
    for off in ("0", "false", "OFF", "no"):
        monkeypatch.setenv("DISCOURSE_ACCEL", off)
        assert accelerations() == frozenset()
        assert accelerations(True) == frozenset(ACCELERATIONS)  # the argument wins
    monkeypatch.setenv("DISCOURSE_ACCEL", "1")
    assert accelerations() == frozenset(ACCELERATIONS)
    monkeypatch.setattr(accel_module, "supported", lambda: False)  # another spaCy: never
    assert accelerations(True) == frozenset()
    with pytest.raises(PipelineError, match="accel: unknown speed-up 'turbo'; choose from attribute_ruler"):
        accelerations(["turbo"])
    with pytest.raises(PipelineError, match="accel must be True, False, None or a list of names"):
        accelerations("attribute_ruler")


def test_installed_versions_are_those_the_speedups_are_tested_against():
    assert accel_module.supported(), "spaCy 3.8.x / thinc 8.3.x expected by the speed-ups; update them and their tests"


def test_a_parse_with_and_without_speedups_is_the_same(tmp_path):
    texts = {
        "a": "Men can be allies of women. The rain fell.\n\nHe said so. Y'all gon na see it.",
        "b": "Fathers care for their children; they ai n't leaving.",
    }
    corpus = Corpus.from_frame(pd.DataFrame({"id": list(texts), "text": list(texts.values())}))
    on = nlp_parse(corpus, mode="sentences", accel=True, cache_dir=tmp_path / "on")
    off = nlp_parse(corpus, mode="sentences", accel=False, cache_dir=tmp_path / "off")
    assert on.n_parsed == off.n_parsed == 2
    attrs = [TAG, HEAD, DEP, POS, MORPH, LEMMA, SENT_START]
    for doc_id in texts:
        assert np.array_equal(on[doc_id].to_array(attrs), off[doc_id].to_array(attrs))
    # the speed-up gives spaCy's annotation exactly, so it is not in the cache key
    assert nlp_parse(corpus, mode="sentences", accel=False, cache_dir=tmp_path / "on").n_cached == 2
