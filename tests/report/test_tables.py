"""frames_by_topic: frames x topics from a fitted model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse.errors import DiscourseError
from discourse.report import frames_by_topic
from discourse.themes import TopicModel
from tests.themes.test_topics import ARTICLES


@pytest.fixture(scope="module")
def docs():
    from discourse.nlp import load_pipeline

    nlp = load_pipeline(components=["lemmatizer"])
    return {k: nlp(v) for k, v in ARTICLES.items()}


def test_frames_by_topic_with_hand_built_frames(docs):
    tm = TopicModel(2, min_df=1, min_words=0).fit(docs)
    sents = tm.units_.sentences
    real = sents[sents.apply(lambda r: bool(list(docs[r.doc_id].sents)[r.sent_id].text.strip()), axis=1)]
    picks = real.iloc[[0, 1, 2, 3]]
    frames = pd.DataFrame({
        "doc_id": picks["doc_id"].tolist(),
        "start_char": picks["start_char"].tolist(),
        "frames": [["ally"], ["ally", "victim"], [], ["victim"]],
    })
    out = frames_by_topic(frames, tm)
    assert list(out.columns) == ["frame", "topic", "label", "n_sentences", "share"]
    dom = tm.dominant_topics().set_index("unit_id")["topic"]
    topics_of = [int(dom[u]) for u in picks["unit_id"]]
    expected_ally = pd.Series([topics_of[0], topics_of[1]]).value_counts()
    ally = out[out["frame"] == "ally"].set_index("topic")["n_sentences"]
    for t in (1, 2):
        assert ally[t] == expected_ally.get(t, 0)
    assert out.groupby("frame")["n_sentences"].sum().to_dict() == {"ally": 2, "victim": 2}
    assert np.allclose(out.groupby("frame")["share"].sum(), 1)
    # weighted assignment spreads each sentence over its unit's shares
    w = frames_by_topic(frames, tm, assign="weighted")
    assert np.allclose(w.groupby("frame")["n_sentences"].sum(), 2)
    bad = frames.assign(start_char=[10**6, 0, 0, 0])
    with pytest.raises(DiscourseError, match="in no unit of the topic model"):
        frames_by_topic(bad, tm)


