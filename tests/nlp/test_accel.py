"""The per-word-type attribute_ruler and lemmatizer give spaCy's own annotation."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from discourse.nlp import SENTENCE_COMPONENTS, load_pipeline
from discourse.nlp.accel import (
    FastAttributeRuler,
    FastLemmatizer,
    LexicalLemmatizer,
    fast_component,
    one_blas_thread,
    use_numpy_gemm,
)

ATTRS = [POS, TAG, MORPH, LEMMA, DEP]


@pytest.fixture(scope="module")
def full_nlp():
    return load_pipeline(components=SENTENCE_COMPONENTS)


@pytest.mark.parametrize("parsed", [False, True])
def test_same_annotation_as_spacy_on_the_seed_corpus(full_nlp, seed_corpus, parsed):
    skip = ["attribute_ruler", "lemmatizer"] + (["senter"] if parsed else ["parser"])
    texts = [d.text for d in seed_corpus] + ["Y'all gon na see it. Ai n't nobody got ta go.  \n\n Let's go!"]
    docs = list(full_nlp.pipe(texts, disable=skip))
    ruler, lemmatizer = full_nlp.get_pipe("attribute_ruler"), full_nlp.get_pipe("lemmatizer")
    fast_ruler, fast_lemmatizer = FastAttributeRuler(ruler), FastLemmatizer(lemmatizer)
    for doc in docs:
        expected = lemmatizer(ruler(doc.copy()))
        got = fast_lemmatizer(fast_ruler(doc.copy()))
        assert np.array_equal(expected.to_array(ATTRS), got.to_array(ATTRS)), doc.text[:60]


def test_rows_limit_the_work_to_some_tokens(full_nlp):
    doc = full_nlp("He said so. Men were talking.", disable=["attribute_ruler", "lemmatizer"])
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


def test_lexical_lemma_from_the_form_alone(full_nlp):
    lexical = LexicalLemmatizer(full_nlp.get_pipe("lemmatizer"))
    cases = {
        "women": "woman",  # noun exception
        "Women": "women",  # capitalised: a name, only lower-cased
        "rights": "right",  # noun rule to a known noun
        "said": "say",  # verb exception
        "accused": "accuse",  # verb rule
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


def test_numpy_gemm_gives_the_models_own_annotation(seed_corpus):
    from spacy.attrs import HEAD, SENT_START
    from thinc.api import NumpyOps

    texts = [d.text for d in seed_corpus]
    attrs = [TAG, HEAD, DEP, SENT_START]
    reference = load_pipeline(components=SENTENCE_COMPONENTS)
    fast = load_pipeline(components=SENTENCE_COMPONENTS)
    use_numpy_gemm(fast)
    layers = [node for _, pipe in fast.pipeline if getattr(pipe, "model", None) is not None for node in pipe.model.walk()]
    assert layers and all(type(node.ops) is not NumpyOps for node in layers)
    tok2vec = fast.get_pipe("tok2vec").model
    x = np.arange(12, dtype="float32").reshape(3, 4)
    assert np.allclose(tok2vec.ops.gemm(x, x, trans2=True), x @ x.T)
    with one_blas_thread():
        got = [d.to_array(attrs) for d in fast.pipe(texts)]
    expected = [d.to_array(attrs) for d in reference.pipe(texts)]
    assert sum(len(a) for a in got) > 5000
    for a, b in zip(expected, got, strict=True):
        assert np.array_equal(a, b)
