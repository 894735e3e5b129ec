"""Features: the protected stop list, units, phrases and the document-term matrix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from discourse.errors import DiscourseError
from discourse.themes.terms import (
    build_dtm,
    learn_phrases,
    load_stoplist,
    make_units,
    parse_unit,
    unit_terms,
)

MEN_WORDS = ["men", "man", "boys", "boy", "he", "him", "his", "himself", "fathers", "husbands", "male", "masculinity"]
PRONOUNS = ["he", "him", "his", "himself", "she", "her", "they", "them", "their", "i", "you", "we", "mr"]


@pytest.fixture(scope="module")
def nlp():
    from discourse.nlp import load_pipeline

    return load_pipeline(components=["lemmatizer"])


def test_stoplist_keeps_the_words_for_men():
    sl = load_stoplist()
    for w in MEN_WORDS:
        assert sl.is_protected(w), w
        if w not in PRONOUNS:
            assert not sl.is_stop(w), w
            assert w not in sl
    # pronouns stay protected (mentions, collocates, concordances) but are no features
    for w in PRONOUNS:
        assert sl.is_stop(w) and sl.is_pronoun(w), w
    assert sl.keep >= {"he", "him", "his", "himself", "mr"}
    with_pronouns = load_stoplist(pronouns=True)
    assert with_pronouns.keep == sl.keep and not with_pronouns.pronouns
    assert not with_pronouns.is_stop("he") and with_pronouns.is_stop("she")  # spaCy lists she
    # spaCy lists he/him/his/himself: they were taken off, and that is inspectable
    assert {"he", "him", "his", "himself"} <= sl.removed_from_base
    assert "the" in sl and "said" in sl  # spaCy's list and a domain addition
    table = sl.to_frame()
    assert set(table.loc[table["status"] == "protected", "word"]) >= set(MEN_WORDS)
    assert set(table.loc[table["status"] == "pronoun", "word"]) >= set(PRONOUNS)
    assert not set(table.loc[table["status"] == "stop", "word"]) & set(PRONOUNS)


def test_stoplist_extension_cannot_remove_protected_words():
    sl = load_stoplist(extra=["men", "he", "gender"], keep=["sir"])
    assert not sl.is_stop("men") and sl.is_protected("he")
    assert sl.is_stop("gender")
    assert sl.is_protected("sir")
    assert not load_stoplist(extra=["men", "he"], pronouns=True).is_stop("he")


def test_stoplist_from_file(tmp_path):
    p = tmp_path / "stop.yaml"
    p.write_text("add: [gender]\nkeep: [men]\n", encoding="utf-8")
    sl = load_stoplist(p, base=False)
    assert sl.words == frozenset({"gender"})
    assert sl.keep == frozenset({"men"})
    assert sl.pronouns == load_stoplist().pronouns  # no pronouns list: the packaged one
    own = tmp_path / "own.yaml"
    own.write_text("add: []\nkeep: [men, he]\npronouns: []\n", encoding="utf-8")
    assert not load_stoplist(own).pronouns and not load_stoplist(own).is_stop("he")
    own.write_text("keep: [he]\npronouns: [he, they]\n", encoding="utf-8")
    assert load_stoplist(own, base=False).pronouns == frozenset({"he", "they"})
    bad = tmp_path / "bad.yaml"
    bad.write_text("remove: [x]\n", encoding="utf-8")
    with pytest.raises(DiscourseError, match="add"):
        load_stoplist(bad)


def test_unit_terms_keep_men_and_drop_stop_words(nlp):
    doc = nlp("The men said he saw his father and the boys at the meeting, Mr Smith said.")
    terms = unit_terms(doc)
    assert "man" in terms and "father" in terms and "boy" in terms and "smith" in terms
    assert "the" not in terms and "say" not in terms and "and" not in terms
    # pronouns and forms of address are no terms by default (issue 16)
    assert "he" not in terms and "his" not in terms and "mr" not in terms
    terms = unit_terms(doc, stoplist=load_stoplist(pronouns=True))
    assert "he" in terms and "his" in terms and "mr" in terms


TEXT = "A one is here. A two is here.\n\nB one is here. B two is here. B three is here.\n\nC one is here."


def test_paragraph_units_map_sentences(nlp):
    doc = nlp(TEXT)
    units = make_units({"d": doc}, "paragraph", min_words=0)
    assert list(units.table["unit_id"]) == ["d#0", "d#1", "d#2"]
    sents = list(doc.sents)
    assert len(units.sentences) == len(sents)  # every sentence mapped, blank ones too
    for row in units.sentences.itertuples():
        letter = sents[row.sent_id].text.strip()[:1]
        if letter:
            assert row.unit_id == {"A": "d#0", "B": "d#1", "C": "d#2"}[letter]
    assert units.unit_of("d", 0) == "d#0"
    assert units.table["text"].tolist()[1] == "B one is here. B two is here. B three is here."


def test_window_units_do_not_cross_paragraphs(nlp):
    doc = nlp(TEXT)
    units = make_units({"d": doc}, "window:2", min_words=0)
    sents = list(doc.sents)
    by_unit = {}
    for row in units.sentences.itertuples():
        text = sents[row.sent_id].text.strip()
        if text:
            by_unit.setdefault(row.unit_id, []).append(text[:5])
    assert list(by_unit.values()) == [["A one", "A two"], ["B one", "B two"], ["B thr"], ["C one"]]
    assert make_units({"d": doc}, "window", window=3, min_words=0).size == 3


def test_short_paragraphs_merge_into_the_next(nlp):
    doc = nlp("Heading\n\nThe first real paragraph has enough words in it.\n\nAnother paragraph with enough words here too.")
    units = make_units({"d": doc}, "paragraph", min_words=5)
    assert len(units) == 2
    assert units.table["text"].iloc[0].startswith("Heading")
    assert len(make_units({"d": doc}, "document")) == 1


def test_parse_unit_errors():
    assert parse_unit("window:4") == ("window", 4)
    assert parse_unit("paragraphs") == ("paragraph", 1)
    with pytest.raises(DiscourseError, match="unit"):
        parse_unit("chapter")
    with pytest.raises(DiscourseError, match="window"):
        parse_unit("window:0")


def test_phrases_from_pos_patterns_are_merged(nlp):
    texts = [
        "Gender equality matters to everyone.",
        "We promote gender equality in schools.",
        "Gender equality helps men and women.",
        "Domestic violence harms families.",
        "Domestic violence is a crime.",
        "Men can stop domestic violence.",
        "Schools teach children.",
    ]
    docs = {f"d{i}": nlp(t) for i, t in enumerate(texts)}
    units = make_units(docs, "document")
    pm = learn_phrases(units.spans, min_count=3)
    assert {"gender equality", "domestic violence"} <= pm.vocabulary
    assert not docs["d0"].has_annotation("DEP")  # the POS route
    terms = unit_terms(docs["d1"], phrases=pm)
    assert "gender equality" in terms and "gender" not in terms and "equality" not in terms


def test_dtm_sparse_vocabulary_and_df_bounds(nlp):
    texts = ["Men support equality.", "Men support change.", "Men resist change.", "Women lead change."]
    docs = {f"d{i}": nlp(t) for i, t in enumerate(texts)}
    dtm = build_dtm(make_units(docs, "document"), phrases=False, min_df=2, max_df=0.5)
    assert sp.issparse(dtm.matrix)
    # "man" is in 3/4 units > max_df but protected; "change" (3/4) is pruned; singletons too
    assert "man" in dtm.vocabulary
    assert "change" not in dtm.vocabulary and "support" in dtm.vocabulary
    assert set(dtm.pruned["term"]) >= {"change", "equality", "resist", "woman", "lead"}
    assert dtm.vocabulary == sorted(dtm.vocabulary)
    col = dtm.vocabulary.index("support")
    assert dtm.matrix[:, col].toarray().ravel().tolist() == [1, 1, 0, 0]
    long = dtm.to_frame()
    assert set(long.columns) == {"unit_id", "doc_id", "term", "count"}
    unprotected = build_dtm(make_units(docs, "document"), phrases=False, min_df=2, max_df=0.5, protect_men_terms=False)
    assert "man" not in unprotected.vocabulary
    with pytest.raises(DiscourseError, match="min_df"):
        build_dtm(make_units(docs, "document"), min_df=1.5)


# --------------------------------------------------------------------------------------------
# The array-based feature extraction gives what the Token/Span-based definitions give
# --------------------------------------------------------------------------------------------
def _reference_runs(span, stoplist, min_chars=2):
    """Runs as first defined: Span.noun_chunks (or the span), Token attributes one by one."""
    from discourse.themes.terms import _PHRASE_HEAD, _PHRASE_POS, _token_term

    regions = list(span.noun_chunks) if span.doc.has_annotation("DEP") else [span]
    runs = []
    for region in regions:
        cur = []
        for tok in list(region) + [None]:
            term = _token_term(tok, stoplist, min_chars) if tok is not None and tok.pos_ in _PHRASE_POS else None
            if term is not None:
                cur.append((tok.i, term, tok.pos_))
                continue
            while cur and cur[-1][2] not in _PHRASE_HEAD:
                cur.pop()
            if len(cur) >= 2:
                runs.append([(i, t) for i, t, _ in cur])
            cur = []
    return runs


def _reference_terms(span, stoplist, phrases):
    from discourse.themes.terms import _token_term

    terms = {t.i: _token_term(t, stoplist, 2) for t in span}
    terms = {i: t for i, t in terms.items() if t is not None}
    for run in _reference_runs(span, stoplist):
        i = 0
        while i < len(run):
            for n in range(min(phrases.max_len, len(run) - i), 1, -1):
                cand = " ".join(t for _, t in run[i : i + n])
                cand = phrases.variants.get(cand, cand)
                if cand in phrases.vocabulary:
                    for j, _ in run[i + 1 : i + n]:
                        terms.pop(j, None)
                    terms[run[i][0]] = cand
                    i += n
                    break
            else:
                i += 1
    return [terms[i] for i in sorted(terms)]


@pytest.mark.parametrize("parse", ["full", "lemmatizer"])
def test_array_features_match_span_definitions(parse, seed_full, seed_corpus, nlp):
    from discourse.docs import sentence_spans as _sentence_bounds
    from discourse.docs import sentence_starts as _sentence_starts
    from discourse.themes.terms import _runs

    seed_parsed = seed_full
    if parse == "lemmatizer":  # no dependency parse: runs over POS patterns, not noun chunks
        seed_parsed = {d.doc_id: nlp(d.text) for d in seed_corpus}
        assert not next(iter(seed_parsed.values())).has_annotation("DEP")
    sl = load_stoplist()
    for doc in seed_parsed.values():
        assert [tuple(b) for b in _sentence_bounds(doc)] == [(s.start, s.end, s.start_char, s.end_char) for s in doc.sents]
        assert _sentence_starts(doc) == [s.start for s in doc.sents]
    units = make_units(seed_parsed, "paragraph")
    assert units.table["text"].tolist() == [s.text.strip() for s in units.spans]
    t = units.table
    assert t["n_words"].tolist() == [sum(1 for x in s if not (x.is_space or x.is_punct)) for s in units.spans]
    pm = learn_phrases(units.spans, min_count=2)
    assert len(pm.phrases) > 5
    for span in units.spans[:200]:
        assert _runs(span, sl, 2) == _reference_runs(span, sl)
        assert unit_terms(span, phrases=pm) == _reference_terms(span, sl, pm)
    # whole documents too, and the matrix is the sum of its units
    dtm = build_dtm(units, phrases=pm, min_df=0, max_df=1.0)
    doc_dtm = build_dtm(make_units(seed_parsed, "document"), phrases=pm, min_df=0, max_df=1.0)
    assert dtm.vocabulary == doc_dtm.vocabulary
    codes = pd.factorize(pd.Series(dtm.doc_ids))[0]
    summed = sp.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes))))) @ dtm.matrix
    assert (summed != doc_dtm.matrix).nnz == 0


def test_features_follow_a_changed_doc(nlp):
    # features are cached per Doc; a Doc whose tokens change is read again
    from discourse.themes.terms import _token_term

    doc = nlp("Fathers take parental leave.")
    before = unit_terms(doc)
    with doc.retokenize() as retok:
        retok.merge(doc[1:3])
    after = unit_terms(doc)
    assert before != after
    assert after == [t for t in (_token_term(x, load_stoplist(), 2) for x in doc) if t is not None]


def test_noun_chunks_from_arrays_are_spacys(seed_parsed, nlp):
    from discourse.themes.terms import _noun_chunk_bounds

    n = 0
    for doc in seed_parsed.values():
        expected = [(c.start, c.end) for c in doc.noun_chunks]
        assert _noun_chunk_bounds(doc) == expected
        n += len(expected)
    assert n > 100
    with pytest.raises(ValueError):  # no parse: spaCy's own error
        _noun_chunk_bounds(nlp("Men and boys."))


def test_features_of_a_sentence_mode_parse_are_read_once_per_document(monkeypatch, tmp_path):
    """A sentence-mode parse has dependency annotation but takes no noun chunks: its cached
    features must still be found again for every unit (not rebuilt per paragraph)."""
    from discourse import Corpus, parse
    from discourse.themes import terms as F

    texts = {f"d{i}": f"Men spoke first.\n\nThe council met again {i} times.\n\nWomen and men voted." for i in range(3)}
    parsed = parse(Corpus.from_frame(pd.DataFrame({"id": list(texts), "text": list(texts.values())})), mode="sentences", cache_dir=tmp_path)
    built = []
    original = F._DocFeatures.__init__

    def counting(self, doc, *args, **kwargs):
        built.append(doc)
        original(self, doc, *args, **kwargs)

    monkeypatch.setattr(F._DocFeatures, "__init__", counting)
    units = F.make_units(parsed, unit="paragraph", min_words=1)
    assert len(units.table) == 9
    F.build_dtm(units, min_df=1)
    assert len(built) == len(texts)


def _doc(nlp, words, pos, lemmas):
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=words, pos=pos, lemmas=lemmas, sent_starts=[True] + [False] * (len(words) - 1))


def test_singular_and_plural_phrases_merge(nlp):
    # the lemmatizer leaves a plural it reads as a proper noun ("Role Models" in a title)
    singular = (["Good", "role", "model", "matter", "."], ["ADJ", "NOUN", "NOUN", "VERB", "PUNCT"], ["good", "role", "model", "matter", "."])
    plural = (["Role", "Models", "matter", "."], ["PROPN", "PROPN", "VERB", "PUNCT"], ["Role", "Models", "matter", "."])
    docs = {f"s{i}": _doc(nlp, *singular) for i in range(2)} | {f"p{i}": _doc(nlp, *plural) for i in range(2)}
    units = make_units(docs, "document", min_words=0)
    pm = learn_phrases(units.spans, min_count=3)  # 2 + 2 occurrences: only together over min_count
    assert "role model" in pm.vocabulary and "role models" not in pm.vocabulary
    assert pm.variants == {"role models": "role model"}
    assert pm.phrases.set_index("phrase").loc["role model", "count"] == 4
    assert unit_terms(docs["p0"], phrases=pm) == ["role model", "matter"]
    dtm = build_dtm(units, phrases=pm, min_df=1, max_df=1.0, keep_phrase_words=False)
    assert "role model" in dtm.vocabulary and "role models" not in dtm.vocabulary
    assert dtm.term_frequencies().set_index("term").loc["role model", "df"] == 4
    # no singular in the corpus: a word ending in s stays as it is
    from discourse.themes.terms import _plural_variants, _singulars

    assert _plural_variants([("tom", "jones"), ("role", "models"), ("role", "model"), ("tax", "cases"), ("tax", "case")]) == {
        ("role", "models"): ("role", "model"),
        ("tax", "cases"): ("tax", "case"),
    }
    assert _singulars("tories") == ["torie", "tori", "tory"] and _singulars("boss") == [] and _singulars("his") == []


def test_phrase_words_count_beside_the_phrase(nlp):
    texts = ["Gender equality matters.", "We promote gender equality.", "Gender equality helps.", "Equality for all."]
    docs = {f"d{i}": nlp(t) for i, t in enumerate(texts)}
    units = make_units(docs, "document", min_words=0)
    pm = learn_phrases(units.spans, min_count=3)
    assert "gender equality" in pm.vocabulary
    assert unit_terms(docs["d1"], phrases=pm, keep_phrase_words=True) == ["promote", "gender", "gender equality", "equality"]
    assert unit_terms(docs["d1"], phrases=pm) == ["promote", "gender equality"]
    both = build_dtm(units, phrases=pm, min_df=1, max_df=1.0)  # the default keeps the words
    merged = build_dtm(units, phrases=pm, min_df=1, max_df=1.0, keep_phrase_words=False)
    tf_both = both.term_frequencies().set_index("term")["count"]
    tf_merged = merged.term_frequencies().set_index("term")["count"]
    assert tf_both["gender equality"] == tf_merged["gender equality"] == 3
    assert tf_both["equality"] == 4 and tf_merged["equality"] == 1
