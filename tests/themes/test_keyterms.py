"""Key terms: Monroe et al. log-odds by hand, keyness API, KWIC, collocates, plots."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from discourse.errors import DiscourseError, PipelineError
from discourse.themes.keyterms import collocates, keyness, keyness_table, kwic, log_odds_dirichlet


def test_log_odds_informative_prior_by_hand():
    target = {"a": 10, "b": 5, "c": 1}  # n_t = 16
    reference = {"a": 5, "b": 10, "c": 5}  # n_r = 20
    # pooled a=15, b=15, c=6 (36); alpha_0 = 0.1 * 36 = 3.6 -> alpha a=1.5, b=1.5, c=0.6
    a0 = 3.6
    alpha = {"a": 1.5, "b": 1.5, "c": 0.6}
    out = log_odds_dirichlet(target, reference).set_index("term")
    for w in "abc":
        yt, yr, aw = target[w], reference[w], alpha[w]
        delta = math.log((yt + aw) / (16 + a0 - yt - aw)) - math.log((yr + aw) / (20 + a0 - yr - aw))
        se = math.sqrt(1 / (yt + aw) + 1 / (yr + aw))
        assert out.loc[w, "log_odds"] == pytest.approx(delta)
        assert out.loc[w, "se"] == pytest.approx(se)
        assert out.loc[w, "z"] == pytest.approx(delta / se)
        assert out.loc[w, "log_ratio"] == pytest.approx(math.log2((yt / 16) / (yr / 20)))
    # the numbers themselves, for "a": log(11.5/8.1) - log(6.5/17.1)
    assert out.loc["a", "log_odds"] == pytest.approx(1.3178, abs=1e-4)
    assert out.loc["a", "z"] == pytest.approx(1.3178 / math.sqrt(1 / 11.5 + 1 / 6.5), abs=1e-3)
    assert out.index[0] == "a"  # sorted by z, target's terms first
    assert out.loc["a", "freq_target"] == pytest.approx(10 / 16 * 1000)


def test_log_odds_explicit_prior_and_zero_counts():
    out = log_odds_dirichlet({"x": 3}, {"y": 2}, prior={"x": 1, "y": 1}).set_index("term")
    delta = math.log(4 / (3 + 2 - 3 - 1)) - math.log(1 / (2 + 2 - 0 - 1))
    assert out.loc["x", "log_odds"] == pytest.approx(delta)
    assert out.loc["x", "log_ratio"] == pytest.approx(math.log2((3 / 3) / (0.5 / 2)))
    with pytest.raises(DiscourseError, match="target"):
        log_odds_dirichlet({}, {"y": 2})


@pytest.fixture(scope="module")
def nlp_lem():
    from discourse.nlp import load_pipeline

    return load_pipeline(components=["lemmatizer"])


@pytest.fixture(scope="module")
def nlp_full():
    from discourse.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="module")
def docs(nlp_lem):
    texts = {
        "d1": "Men support gender equality. Fathers support gender equality at home.",
        "d2": "Violence harms families. Violence harms children.",
        "d3": "Violence and abuse harm communities.",
    }
    return {k: nlp_lem(v) for k, v in texts.items()}


def test_keyness_document_and_group(docs):
    kt = keyness(docs, "d1", phrases=False)
    assert list(kt.columns[:3]) == ["term", "count_target", "count_reference"]
    top = set(kt.head(3)["term"])
    assert "support" in top
    assert kt.iloc[-1]["term"] in {"violence", "harm"}  # key for the reference
    assert kt.set_index("term").loc["man", "count_target"] == 1  # the words for men are kept
    meta = pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "topic": ["eq", "vio", "vio"]})
    kg = keyness(docs, by="topic", target="vio", metadata=meta, phrases=False)
    assert set(kg.head(2)["term"]) == {"violence", "harm"}  # 3 each, equal z, then by term
    assert kg["count_target"].head(2).tolist() == [3, 3] and kg.iloc[0]["term"] == "harm"
    # same counts as passing the list of documents
    pd.testing.assert_frame_equal(kg, keyness(docs, ["d2", "d3"], phrases=False))
    with pytest.raises(DiscourseError, match="target"):
        keyness(docs, "nope")
    with pytest.raises(DiscourseError, match="by"):
        keyness(docs, "x", by="missing", metadata=meta)
    table = keyness_table(docs, n=3, phrases=False, min_count=1)
    assert list(table.columns[:3]) == ["by", "target", "term"] and set(table["target"]) == {"d1", "d2", "d3"}


def test_kwic(docs):
    k = kwic(docs, "man", window=2)
    assert list(k.columns) == ["doc_id", "sent_id", "token", "left", "keyword", "right", "sentence"]
    assert k["keyword"].tolist() == ["Men"]
    k2 = kwic(docs, "gender equality", window=1)
    assert k2["keyword"].tolist() == ["gender equality", "gender equality"]
    assert k2["sent_id"].tolist() == [0, 1]
    assert k2["left"].tolist() == ["support", "support"] and k2["right"].tolist() == [".", "at"]
    assert k2["sentence"].iloc[1] == "Fathers support gender equality at home."
    assert kwic(docs, "men", match="lemma").empty  # the lemma of "Men" is "man"


def test_collocates_need_the_parser(docs):
    with pytest.raises(PipelineError, match="parser"):
        collocates(docs)


def test_collocates_relations(nlp_full):
    doc = nlp_full(
        "The men lead the project. Young men are strong. His role matters. "
        "The programme engages men. Boys are targeted by ads. Fathers have rights."
    )
    out = collocates({"d": doc}, examples=True)
    got = {(r.relation, r.collocate) for r in out.itertuples()}
    assert ("does", "lead") in got
    assert ("is", "strong") in got and ("is", "young") in got
    assert ("has", "role") in got and ("has", "right") in got
    assert ("done_to", "engage") in got and ("done_to", "target") in got
    assert ("does", "harm") not in got
    assert set(out.columns) == {"doc_id", "relation", "collocate", "count", "example"}


def test_plots_return_labelled_axes(docs):
    import matplotlib.pyplot as plt

    from discourse.report.topics import plot_k_selection, plot_keyness

    ax = plot_keyness(keyness(docs, "d1", phrases=False), n=3)
    assert ax.get_xlabel() and ax.get_ylabel() == "Term"
    table = pd.DataFrame({"k": [2, 3], "coherence": [0.1, 0.2], "diversity": [1, 0.9], "exclusivity": [0.8, 0.9], "stability": [0.5, 0.6], "chosen": [False, True]})
    axes = plot_k_selection(table)
    assert axes.shape == (2, 2) and all(a.get_ylabel() for a in axes.flat)
    with pytest.raises(DiscourseError, match="coherence"):
        plot_k_selection(table.drop(columns="coherence"))
    plt.close("all")


# --------------------------------------------------------------------------------------------
# The linear-time tables equal their one-by-one definitions
# --------------------------------------------------------------------------------------------
def _reference_keyness_table(docs, groups, n, min_count, phrases):
    """keyness_table as first written: each target against the rest, every term scored."""
    from collections import Counter

    from discourse.themes.keyterms import _doc_counts
    from discourse.themes.terms import load_stoplist

    counts = _doc_counts(docs, load_stoplist(), phrases)
    frames = []
    for g in [g for g in dict.fromkeys(groups.values()) if g is not None]:
        ct, cr = Counter(), Counter()
        for d, gg in groups.items():
            if gg is not None:
                (ct if gg == g else cr).update(counts[d])
        kt = log_odds_dirichlet(dict(ct), dict(cr))
        frames.append(kt[(kt["count_target"] + kt["count_reference"]) >= min_count].head(n).assign(target=g))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def many_docs(nlp_lem):
    import random

    rnd = random.Random(3)
    words = ["men", "women", "fathers", "care", "violence", "equality", "support", "work", "home", "school",
             "sport", "team", "goal", "leave", "pay", "health", "abuse", "justice", "law", "court"]
    texts = {}
    for i in range(14):
        size = rnd.choice([2, 3, 6, 20])  # short documents: fewer distinct terms than n
        texts[f"doc{i:02d}"] = " ".join(rnd.choice(words) for _ in range(size)) + "."
    return {k: nlp_lem(v) for k, v in texts.items()}


@pytest.mark.parametrize("n,min_count", [(5, 1), (25, 1), (25, 3), (40, 2)])
def test_keyness_table_equals_scoring_every_term(many_docs, n, min_count):
    # absent terms enter the top n of the short documents: the rarest first, then alphabetical
    got = keyness_table(many_docs, n=n, phrases=False, min_count=min_count)
    ref = _reference_keyness_table(many_docs, {d: d for d in many_docs}, n, min_count, False)
    assert got["target"].tolist() == ref["target"].tolist()
    assert got["term"].tolist() == ref["term"].tolist()
    for col in ("count_target", "count_reference"):
        assert got[col].tolist() == ref[col].tolist()
    for col in ("freq_target", "freq_reference", "log_odds", "se", "z", "log_ratio"):
        assert np.allclose(got[col], ref[col], rtol=1e-12, atol=0), col


def test_keyness_table_by_group_equals_scoring_every_term(many_docs):
    groups = {d: ("a" if i % 3 == 0 else "b" if i % 3 == 1 else None) for i, d in enumerate(many_docs)}
    meta = pd.DataFrame({"doc_id": list(groups), "side": list(groups.values())})
    got = keyness_table(many_docs, by="side", metadata=meta, n=30, phrases=False, min_count=1)
    ref = _reference_keyness_table(many_docs, groups, 30, 1, False)
    assert set(got["by"]) == {"side"} and got["target"].tolist() == ref["target"].tolist()
    assert got["term"].tolist() == ref["term"].tolist()
    assert np.allclose(got["z"], ref["z"], rtol=1e-12, atol=0)


def test_kwic_table_equals_kwic_per_target(many_docs, docs):
    from discourse.themes.keyterms import kwic_table

    for corpus, by, meta in [(many_docs, None, None), (docs, "topic", pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "topic": ["eq", "vio", "vio"]}))]:
        kt = keyness_table(corpus, by=by, metadata=meta, n=8, phrases=False, min_count=1)
        got = kwic_table(corpus, kt, by=by, metadata=meta, n_terms=4, n_lines=2, window=3)
        lines = []
        for target, part in kt.groupby("target", sort=False):
            ids = [target] if by is None else meta.loc[meta[by] == target, "doc_id"].tolist()
            for term in part.sort_values("z", ascending=False, kind="stable")["term"].head(4):
                lines.append(kwic({d: corpus[d] for d in ids}, term, window=3).head(2).assign(target=target, term=term))
        ref = pd.concat(lines, ignore_index=True)
        assert len(got) > 0
        pd.testing.assert_frame_equal(got, ref, check_dtype=False)  # (empty kwic frames make ref's object)


def _reference_kwic(docs, term, window, match="any"):
    """kwic as first written: every position of the non-space tokens checked in turn."""
    import re

    parts = term.lower().replace("\u2019", "'").split()
    rows = []
    for doc_id, doc in docs.items():
        toks = [t for t in doc if not t.is_space]
        sents = list(doc.sents)
        sent_of = {t.i: si for si, s in enumerate(sents) for t in s}
        for i in range(len(toks) - len(parts) + 1):
            ok = True
            for j, p in enumerate(parts):
                w, lem = toks[i + j].lower_.replace("\u2019", "'"), toks[i + j].lemma_.lower()
                ok = (w == p or lem == p) if match == "any" else (lem == p if match == "lemma" else w == p)
                if not ok:
                    break
            if ok:
                first, last = toks[i], toks[i + len(parts) - 1]
                clean = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731
                rows.append((doc_id, sent_of[first.i], first.i,
                             clean(" ".join(t.text for t in toks[max(0, i - window) : i])),
                             doc[first.i : last.i + 1].text,
                             clean(" ".join(t.text for t in toks[i + len(parts) : i + len(parts) + window])),
                             clean(sents[sent_of[first.i]].text)))
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "token", "left", "keyword", "right", "sentence"])


def test_kwic_equals_the_token_by_token_search(seed_full):
    seed_parsed = seed_full
    for term, match in [("men", "any"), ("man", "lemma"), ("men", "word"), ("gender equality", "any"), ("men’s", "any"), ("of the", "word")]:
        got = kwic(seed_parsed, term, window=5, match=match)
        ref = _reference_kwic(seed_parsed, term, 5, match)
        assert len(ref) > 0 or term == "men’s"
        pd.testing.assert_frame_equal(got, ref)


def test_man_words_found_from_arrays_are_the_token_checks(seed_parsed):
    from discourse.themes.keyterms import _is_man, _man_word_indices
    from discourse.themes.terms import load_stoplist

    words = load_stoplist().keep
    memo = {}
    for doc in seed_parsed.values():
        assert _man_word_indices(doc, words, memo) == [t.i for t in doc if _is_man(t, words)]


def test_keyness_table_leaves_out_a_document_without_terms(nlp_lem):
    from discourse.errors import DiscourseWarning
    from discourse.themes.keyterms import keyness_table

    docs = {
        "a": nlp_lem("Fathers demand custody reform and fathers rally in the city."),
        "b": nlp_lem("Mothers praise the new childcare policy in the city."),
        "empty": nlp_lem("!!! ... ???"),
    }
    with pytest.warns(DiscourseWarning, match=r"1 target\(s\) with no terms left out \(first: 'empty'\)"):
        table = keyness_table(docs, min_count=1)
    assert set(table["target"]) == {"a", "b"}
