"""Document statistics: counts read from token arrays equal the token-by-token definitions."""

from __future__ import annotations

from discourse.docs import document_stats


def test_document_stats_count_paragraphs_sentences_tokens_words(seed_parsed, nlp):
    docs = dict(seed_parsed)
    docs["blank-lines"] = nlp("First paragraph here.\n\n\n\nSecond one.  \n\n ")
    docs["empty"] = nlp("")
    table = document_stats(docs).set_index("doc_id")
    for doc_id, doc in docs.items():
        row = table.loc[doc_id]
        assert row["n_paragraphs"] == sum(1 for block in doc.text.split("\n\n") if block.strip())
        assert row["n_sentences"] == (sum(1 for s in doc.sents if any(not t.is_space for t in s)) if len(doc) else 0)
        assert row["n_tokens"] == sum(1 for t in doc if not t.is_space)
        assert row["n_words"] == sum(1 for t in doc if t.is_alpha)
    assert table.loc["blank-lines", ["n_paragraphs", "n_sentences"]].tolist() == [2, 2]
    # metadata of a ParsedCorpus is joined on doc_id
    with_meta = document_stats(seed_parsed)
    assert set(seed_parsed.metadata().columns) <= set(with_meta.columns)
