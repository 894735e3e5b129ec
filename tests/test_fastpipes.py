"""The per-word-type attribute_ruler and lemmatizer give spaCy's own annotation."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from discourse.fastpipes import FastAttributeRuler, FastLemmatizer, fast_component
from discourse.parsing import SENTENCE_COMPONENTS, load_pipeline

ATTRS = [POS, TAG, MORPH, LEMMA, DEP]


@pytest.fixture(scope="module")
def full_nlp():
    return load_pipeline(components=SENTENCE_COMPONENTS)


@pytest.mark.parametrize("parsed", [False, True])
def test_same_annotation_as_spacy_on_the_seed_corpus(full_nlp, seed_corpus, parsed):
    skip = ["attribute_ruler", "lemmatizer", "ner"] + (["senter"] if parsed else ["parser"])
    texts = [d.text for d in seed_corpus] + ["Y'all gon na see it. Ai n't nobody got ta go.  \n\n Let's go!"]
    docs = list(full_nlp.pipe(texts, disable=skip))
    ruler, lemmatizer = full_nlp.get_pipe("attribute_ruler"), full_nlp.get_pipe("lemmatizer")
    fast_ruler, fast_lemmatizer = FastAttributeRuler(ruler), FastLemmatizer(lemmatizer)
    for doc in docs:
        expected = lemmatizer(ruler(doc.copy()))
        got = fast_lemmatizer(fast_ruler(doc.copy()))
        assert np.array_equal(expected.to_array(ATTRS), got.to_array(ATTRS)), doc.text[:60]


def test_rows_limit_the_work_to_some_tokens(full_nlp):
    doc = full_nlp("He said so. Men were talking.", disable=["attribute_ruler", "lemmatizer", "ner"])
    fast = FastAttributeRuler(full_nlp.get_pipe("attribute_ruler"))
    mask = np.zeros(len(doc), dtype=bool)
    mask[4:] = True
    fast(doc, rows=mask)
    assert [t.pos_ for t in doc][:4] == ["", "", "", ""]
    assert [t.pos_ for t in doc][4:] == ["NOUN", "AUX", "VERB", "PUNCT"]


def test_unsupported_patterns_fall_back_to_the_component(full_nlp):
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "men", "OP": "+"}]], {"TAG": "NNS"})
    assert fast_component(nlp, "attribute_ruler") is ruler
    assert isinstance(fast_component(full_nlp, "attribute_ruler"), FastAttributeRuler)
