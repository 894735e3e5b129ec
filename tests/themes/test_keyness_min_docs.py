"""keyness_table(min_docs=): a key term of a group must occur in that many of its documents."""

from __future__ import annotations

import pandas as pd
import pytest

from discourse.errors import DiscourseError
from discourse.themes.keyterms import keyness_table


@pytest.fixture(scope="module")
def docs():
    from discourse.nlp import load_pipeline

    nlp = load_pipeline(components=["lemmatizer"])
    texts = {
        # outlet a: "getty" repeated in one article's captions; "budget" in both articles
        "a1": "Getty getty getty getty getty. The budget debate went on. Photo getty.",
        "a2": "The budget vote was close. Budget talks resumed.",
        "b1": "The match was won in extra time. Fans celebrated.",
        "b2": "The team trained at dawn. Fans waited outside.",
    }
    return {k: nlp(v) for k, v in texts.items()}


def meta():
    return pd.DataFrame({"doc_id": ["a1", "a2", "b1", "b2"], "outlet": ["a", "a", "b", "b"]})


def test_min_docs_drops_terms_one_article_repeats(docs):
    every = keyness_table(docs, by="outlet", metadata=meta(), phrases=False, min_count=1)
    assert every[every["target"] == "a"]["term"].iloc[0] == "getty"
    kept = keyness_table(docs, by="outlet", metadata=meta(), phrases=False, min_count=1, min_docs=2)
    a = kept[kept["target"] == "a"]
    assert "getty" not in set(a.loc[a["count_target"] > 0, "term"])
    assert a["term"].iloc[0] == "budget"
    # the statistics of the terms kept are unchanged
    both = a.merge(every, on=["target", "term"], suffixes=("", "_all"))
    assert (both["z"] == both["z_all"]).all()
    # min_docs=1 is the default
    pd.testing.assert_frame_equal(every, keyness_table(docs, by="outlet", metadata=meta(), phrases=False, min_count=1, min_docs=1))


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_min_docs_must_be_a_positive_integer(docs, bad):
    with pytest.raises(DiscourseError, match="min_docs"):
        keyness_table(docs, by="outlet", metadata=meta(), min_docs=bad)
