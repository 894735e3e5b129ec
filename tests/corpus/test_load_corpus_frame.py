"""load_corpus(df): a DataFrame is read as Corpus.from_frame reads it."""

from __future__ import annotations

import pandas as pd
import pytest

from discourse import load_corpus
from discourse.corpus import Corpus
from discourse.errors import CorpusError


def frame():
    return pd.DataFrame({
        "id": ["a", "b"],
        "body": ["Men  support women.", "Fathers care \u201cdeeply\u201d."],
        "outlet": ["x", "y"],
    })


def test_load_corpus_takes_a_dataframe():
    corpus = load_corpus(frame(), text_field="body", id_field="id")
    same = Corpus.from_frame(frame(), text_field="body", id_field="id")
    assert [d.doc_id for d in corpus] == ["a", "b"] == [d.doc_id for d in same]
    assert [d.text for d in corpus] == [d.text for d in same]
    assert corpus["b"].text == 'Fathers care "deeply".'  # cleaned, as a file would be
    assert corpus.metadata().to_dict("list") == {"doc_id": ["a", "b"], "outlet": ["x", "y"]}
    raw = load_corpus(frame(), text_field="body", id_field="id", clean=False)
    assert raw["a"].text == "Men  support women."


def test_load_corpus_dataframe_errors_name_the_problem():
    with pytest.raises(CorpusError, match="text"):
        load_corpus(frame())  # no "text" column
    with pytest.raises(CorpusError, match="metadata"):
        load_corpus(frame(), text_field="body", metadata="meta.csv")
