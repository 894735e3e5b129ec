"""Key terms: Monroe et al. log-odds by hand, keyness API, KWIC, collocates, plots."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from discourse.errors import DiscourseError, PipelineError
from discourse.keyterms import collocates, keyness, keyness_table, kwic, log_odds_dirichlet


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
    from discourse.parsing import load_pipeline

    return load_pipeline(components=["lemmatizer"])


@pytest.fixture(scope="module")
def nlp_full():
    from discourse.parsing import load_pipeline

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

    from discourse.plotting_topics import plot_k_selection, plot_keyness

    ax = plot_keyness(keyness(docs, "d1", phrases=False), n=3)
    assert ax.get_xlabel() and ax.get_ylabel() == "Term"
    table = pd.DataFrame({"k": [2, 3], "coherence": [0.1, 0.2], "diversity": [1, 0.9], "exclusivity": [0.8, 0.9], "stability": [0.5, 0.6], "chosen": [False, True]})
    axes = plot_k_selection(table)
    assert axes.shape == (2, 2) and all(a.get_ylabel() for a in axes.flat)
    with pytest.raises(DiscourseError, match="coherence"):
        plot_k_selection(table.drop(columns="coherence"))
    plt.close("all")
