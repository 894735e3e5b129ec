"""Topic models: NPMI and other measures by hand, determinism, K choice, prevalence, frames."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from discourse.errors import DiscourseError
from discourse.themes.topics import (
    TopicModel,
    choose_k,
    frex_exclusivity,
    npmi_coherence,
    parse_k_range,
    relevance,
    select_k,
    topic_diversity,
    topic_prevalence,
)

SPORT = [
    "The striker scored a goal and the team won the football match.",
    "The coach praised the team after the football match and the goal.",
    "Fans cheered the goal as the team won the league match.",
    "The football team lost the match despite a late goal.",
]
CARE = [
    "Fathers share childcare and care for their children at home.",
    "Many fathers want parental leave to care for children.",
    "Parental leave helps fathers care for young children.",
    "Men who care for children at home value parental leave.",
]
ARTICLES = {
    "sport-a": "\n\n".join(SPORT[:2] + CARE[:1]),
    "sport-b": "\n\n".join(SPORT[2:]),
    "care-a": "\n\n".join(CARE[1:3] + SPORT[:1]),
    "care-b": "\n\n".join(CARE[3:] + CARE[:1]),
}


@pytest.fixture(scope="module")
def docs():
    from discourse.nlp import load_pipeline

    nlp = load_pipeline(components=["lemmatizer"])
    return {k: nlp(v) for k, v in ARTICLES.items()}


@pytest.fixture(scope="module")
def meta():
    return pd.DataFrame({"doc_id": list(ARTICLES), "section": ["sport", "sport", "care", "care"]})


def test_npmi_by_hand():
    # d1 {a,b}, d2 {a,b}, d3 {a,c}, d4 {c}
    x = sp.csr_matrix(np.array([[1, 1, 0], [2, 1, 0], [1, 0, 1], [0, 0, 3]]))
    vocab = ["a", "b", "c"]
    ab = math.log((2 / 4) / ((3 / 4) * (2 / 4))) / -math.log(2 / 4)  # 0.41504
    ac = math.log((1 / 4) / ((3 / 4) * (2 / 4))) / -math.log(1 / 4)  # -0.29248
    bc = -1.0  # never co-occur
    got = npmi_coherence([["a", "b"], ["a", "c"], ["a", "b", "c"]], x, vocab)
    assert got[0] == pytest.approx(0.4150375, abs=1e-6)
    assert got[0] == pytest.approx(ab)
    assert got[1] == pytest.approx(ac)
    assert got[2] == pytest.approx((ab + ac + bc) / 3)
    with pytest.raises(DiscourseError, match="vocabulary"):
        npmi_coherence([["a", "z"]], x, vocab)


def test_diversity_and_frex():
    assert topic_diversity([["a", "b"], ["b", "c"]]) == 0.75
    beta = np.array([[0.7, 0.2, 0.1, 0.0], [0.0, 0.2, 0.1, 0.7]])
    # topic 0's top-2 terms: "a" (exclusive: ecdf 1) and "b" (shared, excl 0.5)
    ex = frex_exclusivity(beta, n_top=2, weight=0.7)
    # by hand: a: excl ecdf 4/4, freq ecdf 4/4 -> 1; b: excl 0.5 ranks 3/4 (0.5, 0.5, 0, 1 -> max rank 3), freq 3/4
    b = 1 / (0.7 / 0.75 + 0.3 / 0.75)
    assert ex[0] == pytest.approx((1.0 + b) / 2)
    rel = relevance(beta[:, :3] + 0.01, np.array([0.5, 0.3, 0.2]), 1.0)
    assert np.allclose(rel, np.log(beta[:, :3] + 0.01))


def test_topics_separate_themes_and_tables(docs):
    tm = TopicModel(2, unit="paragraph", min_df=2, max_df=1.0, min_words=0).fit(docs)
    assert tm.components_.shape == (2, len(tm.vocabulary_))
    assert np.allclose(tm.components_.sum(axis=1), 1)
    tt = tm.top_terms(5)
    assert list(tt.columns) == ["topic", "rank", "term", "weight"]
    tops = [set(g["term"]) for _, g in tt.groupby("topic")]
    sport = {"goal", "team", "match", "football", "football match"}
    care = {"care", "child", "father", "parental leave", "leave", "parental"}
    assert any(len(t & sport) >= 3 for t in tops) and any(len(t & care) >= 2 for t in tops)
    assert len(tm.labels_) == 2 and all(tm.labels_)
    # each paragraph's dominant topic is its theme
    dom = tm.dominant_topics().merge(tm.units_.table[["unit_id", "text"]], on="unit_id")
    sport_topic = dom.loc[dom["text"] == SPORT[0], "topic"].unique()
    assert len(sport_topic) == 1
    assert set(dom.loc[dom["text"].isin(CARE), "topic"]) == {3 - sport_topic[0]}


def test_doc_topics_are_length_weighted_unit_shares(docs):
    tm = TopicModel(2, min_df=1, max_df=1.0, min_words=0).fit(docs)
    dt = tm.doc_topics()
    assert list(dt.columns) == ["doc_id", "topic", "weight"]
    assert np.allclose(dt.groupby("doc_id")["weight"].sum(), 1)
    t = tm.units_.table
    m = (t["doc_id"] == "sport-a").to_numpy()
    w = t["n_words"].to_numpy()[m]
    expected = (tm.unit_topics_[m] * w[:, None]).sum(axis=0) / w.sum()
    got = dt[dt["doc_id"] == "sport-a"].sort_values("topic")["weight"].to_numpy()
    assert np.allclose(got, expected)


@pytest.mark.parametrize("model", ["nmf", "lda"])
def test_same_seed_identical_output(docs, model):
    a = TopicModel(2, model=model, random_state=3, min_df=1, min_words=0).fit(docs)
    b = TopicModel(2, model=model, random_state=3, min_df=1, min_words=0).fit(docs)
    pd.testing.assert_frame_equal(a.top_terms(), b.top_terms())
    pd.testing.assert_frame_equal(a.doc_topics(), b.doc_topics())
    pd.testing.assert_frame_equal(a.unit_topics(), b.unit_topics())
    pa = topic_prevalence(a, n_boot=50, random_state=1)
    pb = topic_prevalence(b, n_boot=50, random_state=1)
    pd.testing.assert_frame_equal(pa, pb)


def test_sklearn_manners():
    tm = TopicModel(3, model="lda", random_state=1)
    assert tm.n_topics == 3 and not hasattr(tm, "components_")
    with pytest.raises(DiscourseError, match="fit"):
        tm.top_terms()
    with pytest.raises(DiscourseError, match="model"):
        TopicModel(2, model="pca").fit({})


def test_choose_k_rule():
    table = pd.DataFrame({"k": [3, 4, 5, 6], "coherence": [0.1, 0.3, 0.2, 0.3], "stability": [0.9, 0.5, 0.8, 0.5]})
    # ranks (0..1): coherence 0, .833, .333, .833; stability 1, .167, .667, .167 -> means .5, .5, .5, .5 -> tie -> 3
    assert choose_k(table) == 3
    table2 = table.assign(stability=[0.1, 0.9, 0.5, 0.6])
    # coherence .0 .833 .333 .833; stability 0, 1, .333, .667 -> 0, .917, .333, .75 -> 4
    assert choose_k(table2) == 4


def test_select_k_table(docs):
    table = select_k(docs, "2-3", n_seeds=5, min_df=1, min_words=0)
    assert list(table.columns) == ["k", "coherence", "diversity", "exclusivity", "stability", "score", "chosen"]
    assert table["k"].tolist() == [2, 3]
    assert table["chosen"].sum() == 1 and table.attrs["chosen_k"] == choose_k(table)
    assert table["coherence"].between(-1, 1).all() and table["stability"].between(0, 1).all()
    assert table["diversity"].between(0, 1).all() and table["exclusivity"].between(0, 1).all()


def test_parse_k_range():
    assert parse_k_range("3-6") == [3, 4, 5, 6]
    assert parse_k_range("4-10:3") == [4, 7, 10]
    assert parse_k_range("5,3,5") == [3, 5]
    assert parse_k_range(7) == [7]
    with pytest.raises(DiscourseError, match="3-12"):
        parse_k_range("three")
    with pytest.raises(DiscourseError, match="k"):
        parse_k_range("6-3")


def test_prevalence_by_document_and_group(docs, meta):
    tm = TopicModel(2, min_df=1, min_words=0).fit(docs)
    prev = topic_prevalence(tm, n_boot=200, random_state=0)
    assert list(prev.columns) == ["doc_id", "topic", "label", "share", "ci_low", "ci_high", "n_units"]
    assert np.allclose(prev.groupby("doc_id")["share"].sum(), 1)
    assert (prev["ci_low"] <= prev["share"] + 1e-12).all() and (prev["share"] <= prev["ci_high"] + 1e-12).all()
    dt = tm.doc_topics().rename(columns={"weight": "share"})
    merged = prev.merge(dt, on=["doc_id", "topic"])
    assert np.allclose(merged["share_x"], merged["share_y"])
    grp = topic_prevalence(tm, "section", metadata=meta, n_boot=100)
    assert set(grp["section"]) == {"sport", "care"}
    assert grp["n_units"].tolist()[0] == 5  # sport-a (3) + sport-b (2) paragraphs
    with pytest.raises(DiscourseError, match="by"):
        topic_prevalence(tm, "nope", metadata=meta)


# --------------------------------------------------------------------------------------------
# Faster paths give the results of the direct definitions
# --------------------------------------------------------------------------------------------
def _reference_prevalence(model, groups, n_boot, random_state, ci=0.95):
    """Bootstrap as first written: one group at a time, draws indexed directly."""
    theta, w = model.unit_topics_, model._unit_weights()
    rng = np.random.default_rng(random_state)
    rows = []
    for g in dict.fromkeys(groups.tolist()):
        idx = np.flatnonzero(groups == g)
        wg, tg = w[idx], theta[idx]
        share = (tg * wg[:, None]).sum(axis=0) / wg.sum()
        draws = rng.integers(0, len(idx), size=(n_boot, len(idx)))
        bw = wg[draws]
        boot = np.einsum("bn,bnk->bk", bw, tg[draws]) / bw.sum(axis=1, keepdims=True)
        lo = np.nanpercentile(boot, (1 - ci) / 2 * 100, axis=0)
        hi = np.nanpercentile(boot, (1 + ci) / 2 * 100, axis=0)
        rows += [(g, t + 1, share[t], lo[t], hi[t], len(idx)) for t in range(theta.shape[1])]
    return pd.DataFrame(rows, columns=["group", "topic", "share", "ci_low", "ci_high", "n_units"])


def test_prevalence_matches_direct_bootstrap_and_ignores_chunking(docs, meta):
    tm = TopicModel(2, min_df=1, min_words=0).fit(docs)
    got = topic_prevalence(tm, n_boot=300, random_state=5)
    ref = _reference_prevalence(tm, tm.units_.table["doc_id"].to_numpy(), 300, 5)
    assert got["doc_id"].tolist() == ref["group"].tolist() and got["n_units"].tolist() == ref["n_units"].tolist()
    for col in ("share", "ci_low", "ci_high"):
        assert np.allclose(got[col], ref[col], rtol=0, atol=1e-12), col
    # draws are made row by row: holding 1 draw or all of them at a time gives the same table
    pd.testing.assert_frame_equal(topic_prevalence(tm, n_boot=300, random_state=5, max_cells=1), got)
    pooled = topic_prevalence(tm, "corpus", metadata=meta.assign(corpus="all"), n_boot=300, random_state=5, max_cells=7)
    ref_pooled = _reference_prevalence(tm, np.array(["all"] * len(tm.units_), dtype=object), 300, 5)
    assert np.allclose(pooled["ci_low"], ref_pooled["ci_low"], atol=1e-12)
    assert pooled["n_units"].tolist() == [len(tm.units_)] * 2


def test_doc_topics_of_every_document_are_weighted_unit_shares(docs):
    tm = TopicModel(2, min_df=1, max_df=1.0, min_words=0).fit(docs)
    dt = tm.doc_topics()
    t = tm.units_.table
    w = t["n_words"].to_numpy()
    for doc_id in docs:
        m = (t["doc_id"] == doc_id).to_numpy()
        expected = (tm.unit_topics_[m] * w[m, None]).sum(axis=0) / w[m].sum()
        assert np.array_equal(dt[dt["doc_id"] == doc_id].sort_values("topic")["weight"].to_numpy(), expected)


def test_shared_svd_start_is_sklearns_nndsvd(docs):
    from discourse.themes.topics import _fit_weighted, _svd, _weight

    tm = TopicModel(3, min_df=1, min_words=0).fit(docs)
    x = _weight(tm.dtm_.matrix, "nmf")
    for k in (2, 3):
        own = _fit_weighted(x, k, "nmf", 7, None)
        shared = _fit_weighted(x, k, "nmf", 7, None, svd=_svd(x, k, 7))
        assert np.array_equal(own[0], shared[0]) and np.array_equal(own[1], shared[1])
    # several Ks at once: the largest K is exactly topic_stability's own refit
    from discourse.themes.topics import _stability, topic_stability

    m, v = tm.dtm_.matrix, tm.dtm_.vocabulary
    both = _stability(m, v, [2, 3], model="nmf", n_seeds=3, sample=0.8, n_top=5, random_state=0, max_iter=None, lam=0.6, tol=1e-5)
    assert both[3] == topic_stability(m, v, 3, n_seeds=3, n_top=5)


def test_select_k_on_a_sample_of_whole_documents(docs):
    from discourse.themes.topics import _sample_documents

    units = TopicModel(2, min_df=1, min_words=0)._prepare(docs)[0]
    assert _sample_documents(units, None, 0) is None and _sample_documents(units, len(units), 0) is None
    rows = _sample_documents(units, 4, 0)
    picked = units.table.iloc[rows]
    assert len(picked) <= 4 and np.array_equal(rows, np.sort(rows))
    # whole documents: every unit of a picked document is in
    for doc_id in picked["doc_id"].unique():
        assert (units.table["doc_id"] == doc_id).sum() == (picked["doc_id"] == doc_id).sum()
    assert np.array_equal(_sample_documents(units, 4, 0), rows)  # seeded
    assert len(_sample_documents(units, 1, 0)) >= 1  # at least one document, even over the cap
    with pytest.raises(DiscourseError, match="max_units"):
        _sample_documents(units, 0, 0)
    table = select_k(docs, "2-3", n_seeds=2, min_df=1, min_words=0, max_units=5)
    assert table.attrs["n_units"] <= 5 and table.attrs["n_documents"] < len(docs)
    full = select_k(docs, "2-3", n_seeds=2, min_df=1, min_words=0, max_units=None)
    assert full.attrs["n_units"] == len(units) and full.attrs["n_documents"] == len(docs)


def test_transform_folds_in_with_the_fitted_vocabulary(docs):
    from discourse.themes.terms import _align_columns, build_dtm

    tm = TopicModel(2, min_df=2, min_words=0).fit(docs)
    full = build_dtm(tm.units_, stoplist=tm.dtm_.stoplist, phrases=tm.dtm_.phrases or False, min_df=0, max_df=1.0)
    assert len(full.vocabulary) > len(tm.vocabulary_)  # min_df pruned some terms
    aligned = _align_columns(full, tm.vocabulary_ + ["never-seen"])
    assert aligned.shape == (len(tm.units_), len(tm.vocabulary_) + 1)
    assert np.array_equal(aligned[:, :-1].toarray(), tm.dtm_.matrix.toarray()) and aligned[:, -1].nnz == 0
    shares = tm.transform(docs)  # scikit-learn manners: an array, one row per unit
    assert shares.shape == (len(tm.units_), 2)
    out = tm.unit_topics(docs)  # the same as a table
    assert list(out.columns) == ["unit_id", "doc_id", "topic", "weight"] and len(out) == 2 * len(tm.units_)
    assert np.array_equal(out["weight"].to_numpy(), shares.ravel())
    sums = out.groupby("unit_id")["weight"].sum()
    assert np.allclose(sums[sums > 0], 1)
    # the fitted units fold back into the topics they were fitted with
    dom = out.loc[out.groupby("unit_id")["weight"].idxmax()].set_index("unit_id")["topic"]
    fitted = tm.dominant_topics().set_index("unit_id")["topic"]
    assert (dom == fitted[dom.index]).mean() >= 0.75


# --------------------------------------------------------------------------------------------
# scikit-learn manners (issue 13 item 5)
# --------------------------------------------------------------------------------------------
def test_clone_and_params_round_trip():
    from sklearn.base import clone

    from discourse.themes import TermVectorizer

    tm = TopicModel(5, model="lda", unit="document", min_df=3, relevance=1.0, random_state=7)
    params = tm.get_params()
    assert set(params) == {
        "n_topics", "model", "unit", "min_words", "min_df", "max_df", "phrases", "stoplist", "n_top",
        "relevance", "max_iter", "random_state", "keep_phrase_words",
    }
    twin = clone(tm)
    assert twin is not tm and twin.get_params() == params
    assert tm.set_params(n_topics=6, max_df=0.5) is tm and tm.n_topics == 6 and tm.max_df == 0.5
    vec = TermVectorizer(unit="window:2", min_df=0.01, phrases=False)
    assert set(vec.get_params()) == {
        "unit", "min_words", "stoplist", "phrases", "keep_phrase_words", "min_df", "max_df", "min_chars",
        "phrase_min_count", "phrase_threshold", "max_phrase_len", "protect_men_terms",
    }
    assert clone(vec).get_params() == vec.get_params()
    # parameters are stored as given: checked in fit, not in __init__
    bad = TopicModel(0, model="pca")
    assert bad.n_topics == 0 and clone(bad).model == "pca"


def test_check_is_fitted_and_not_fitted_errors(docs):
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    from discourse.themes import TermVectorizer

    tm = TopicModel(2, min_df=1, min_words=0)
    with pytest.raises(NotFittedError):
        check_is_fitted(tm)
    with pytest.raises(DiscourseError, match="not fitted yet"):  # also a DiscourseError
        tm.top_terms()
    with pytest.raises(NotFittedError):
        TermVectorizer().transform(docs)
    tm.fit(docs)
    check_is_fitted(tm)
    vec = TermVectorizer(min_df=1, min_words=0).fit(docs)
    check_is_fitted(vec)
    assert list(tm.get_feature_names_out()) == ["topic1", "topic2"]


def test_pipeline_after_the_vectorizer_gives_the_same_topics(docs, meta):
    from sklearn.pipeline import Pipeline

    from discourse.themes import TermMatrix, TermVectorizer

    direct = TopicModel(2, min_df=1, min_words=0, random_state=3).fit(docs)
    pipe = Pipeline([("terms", TermVectorizer(min_df=1, min_words=0)), ("topics", TopicModel(2, random_state=3))])
    shares = pipe.fit_transform(docs)
    piped = pipe.named_steps["topics"]
    assert np.array_equal(shares, direct.unit_topics_)
    assert np.array_equal(piped.components_, direct.components_)
    pd.testing.assert_frame_equal(piped.top_terms(), direct.top_terms())
    pd.testing.assert_frame_equal(piped.doc_topics(), direct.doc_topics())
    assert piped.labels_ == direct.labels_ and piped.vocabulary_ == direct.vocabulary_
    assert list(pipe.named_steps["terms"].get_feature_names_out()) == direct.vocabulary_
    # the vectorizer's output is a sparse matrix (with its labels)
    x = pipe.named_steps["terms"].transform(docs)
    assert sp.issparse(x) and isinstance(x, TermMatrix) and x.shape == (len(direct.units_), len(direct.vocabulary_))
    np.testing.assert_allclose(pipe.transform(docs), direct.transform(docs))
    pd.testing.assert_frame_equal(topic_prevalence(piped, n_boot=20), topic_prevalence(direct, n_boot=20))
    # a fitted model pickles (its units without spaCy spans) and folds in the same way
    import pickle

    again = pickle.loads(pickle.dumps(direct))
    pd.testing.assert_frame_equal(again.top_terms(), direct.top_terms())
    assert np.array_equal(again.transform(docs), direct.transform(docs)) and again.units_.spans == []
    # a plain matrix works too: rows and columns get generic labels
    bare = TopicModel(2, random_state=3).fit(sp.csr_matrix(x))
    assert np.allclose(bare.components_, direct.components_)
    assert bare.vocabulary_[:2] == ["x0", "x1"] and bare.units_.table["unit_id"].iloc[0] == "0"
    with pytest.raises(DiscourseError, match="term matrix"):
        bare.transform(docs)
    with pytest.raises(DiscourseError, match="term columns"):
        direct.transform(sp.csr_matrix((1, 3)))


@pytest.mark.parametrize(
    ("params", "pattern"),
    [
        ({"n_topics": 0}, r"TopicModel: n_topics must be an integer >= 1, not 0; give the number of topics"),
        ({"n_topics": 2.5}, r"n_topics must be an integer >= 1, not 2\.5"),
        ({"model": "pca"}, r"TopicModel: model must be one of 'nmf', 'lda', not 'pca'; use 'nmf'"),
        ({"relevance": 1.5}, r"relevance must be a number in \[0, 1\], not 1\.5; 1 ranks"),
        ({"min_df": -1}, r"min_df must be an integer >= 0 or a float in \(0, 1\], not -1; give a count"),
        ({"max_df": 1.5}, r"max_df must be an integer >= 0 or a float in \(0, 1\], not 1\.5"),
        ({"unit": "chapter"}, r"unit must be 'paragraph', 'document', 'window' or 'window:N', not 'chapter'"),
        ({"random_state": None}, r"random_state must be an integer, not None; give an integer seed"),
        ({"max_iter": 0}, r"max_iter must be an integer >= 1 or None, not 0"),
        ({"phrases": "yes"}, r"phrases must be True or False, not 'yes'"),
        ({"stoplist": ["he"]}, r"stoplist must be a StopList or None, not \['he'\]"),
    ],
)
def test_bad_parameters_one_message_shape(docs, params, pattern):
    from discourse.themes.params import ParameterError

    args = {"n_topics": 2, "min_df": 1, "min_words": 0, **params}
    with pytest.raises(ParameterError, match=pattern) as info:
        TopicModel(**args).fit(docs)
    assert isinstance(info.value, DiscourseError) and isinstance(info.value, TypeError)
    # one shape: "<caller>: <name> must be <what>, not <value>; <what to do>"
    assert re.fullmatch(r"\w+: \w+ must be .+, not .+; .+", str(info.value))


def test_bad_parameters_of_functions(docs):
    from discourse.themes import TermVectorizer

    with pytest.raises(DiscourseError, match=r"select_k: n_jobs must be a non-zero integer \(-1: all cores\) or None, not 0"):
        select_k(docs, "2-3", n_jobs=0, min_df=1, min_words=0)
    with pytest.raises(DiscourseError, match=r"select_k: n_seeds must be an integer >= 2, not 1"):
        select_k(docs, "2-3", n_seeds=1, min_df=1, min_words=0)
    with pytest.raises(DiscourseError, match=r"select_k: ks must be at most \d+ here"):
        select_k(docs, "2-300", min_df=1, min_words=0)
    with pytest.raises(DiscourseError, match=r"TermVectorizer: phrase_threshold must be a number in \[-1, 1\], not 2"):
        TermVectorizer(phrase_threshold=2).fit(docs)


# --------------------------------------------------------------------------------------------
# K selection in processes (issue 13 item 4)
# --------------------------------------------------------------------------------------------
def test_select_k_gives_the_same_table_for_any_n_jobs(docs):
    one = select_k(docs, "2-4", n_seeds=3, min_df=1, min_words=0, n_jobs=1)
    two = select_k(docs, "2-4", n_seeds=3, min_df=1, min_words=0, n_jobs=2)
    pd.testing.assert_frame_equal(one, two)
    assert one.attrs == two.attrs
    import joblib

    with joblib.parallel_config(n_jobs=2):  # n_jobs=None (the default) takes joblib's setting
        pd.testing.assert_frame_equal(select_k(docs, "2-4", n_seeds=3, min_df=1, min_words=0), one)
    from discourse.themes.topics import topic_analysis

    tm1, t1 = topic_analysis(docs, "2-3", n_seeds=2, min_df=1, min_words=0, n_jobs=1)
    tm2, t2 = topic_analysis(docs, "2-3", n_seeds=2, min_df=1, min_words=0, n_jobs=2)
    pd.testing.assert_frame_equal(t1, t2)
    pd.testing.assert_frame_equal(tm1.top_terms(), tm2.top_terms())


def test_topic_features_pickled_give_the_model_of_the_documents(docs):
    """What analyze sends to the process that fits the topics: the units and counts, without the Docs."""
    import pickle

    from discourse.themes import topic_analysis, topic_features

    features = pickle.loads(pickle.dumps(topic_features(docs, model="nmf", random_state=1)))
    from_docs, table_docs = topic_analysis(docs, "2-3", model="nmf", random_state=1)
    from_features, table_features = topic_analysis(features, "2-3", model="nmf", random_state=1)
    pd.testing.assert_frame_equal(table_docs, table_features)
    for name in ("top_terms", "doc_topics", "unit_topics"):
        pd.testing.assert_frame_equal(getattr(from_docs, name)(), getattr(from_features, name)(), obj=name)
    other = topic_features(docs, model="nmf", random_state=1, min_df=1, max_df=1.0)
    assert other.shape[1] != features.shape[1]  # the feature parameters are the model's
