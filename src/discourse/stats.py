"""Size and composition of a parsed corpus, one row per document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["document_stats", "sentence_table"]


def _metadata(docs: Mapping[str, Doc]) -> pd.DataFrame | None:
    meta = getattr(docs, "metadata", None)
    return meta() if callable(meta) else None


def document_stats(docs: Mapping[str, Doc]) -> pd.DataFrame:
    """Count paragraphs, sentences, tokens and words per document.

    Parameters
    ----------
    docs : Mapping[str, Doc]
        Parsed documents, e.g. a :class:`~discourse.parsing.ParsedCorpus` (whose metadata
        columns are joined on ``doc_id``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, metadata columns, ``n_paragraphs`` (blocks separated by a blank line),
        ``n_sentences``, ``n_tokens`` (non-space tokens) and ``n_words`` (alphabetic tokens).
    """
    import numpy as np
    from spacy.attrs import IS_ALPHA, IS_SPACE

    from .features import _doc_text, _sentence_bounds

    rows = []
    for doc_id, doc in docs.items():
        paragraphs = sum(1 for block in _doc_text(doc).split("\n\n") if block.strip())
        # token flags from arrays: no Token object per token
        flags = doc.to_array([IS_SPACE, IS_ALPHA]) if len(doc) else np.zeros((0, 2), dtype=np.uint64)
        solid = np.concatenate([[0], np.cumsum(flags[:, 0] == 0)])  # non-space tokens before i
        sentences = sum(1 for b in _sentence_bounds(doc) if solid[b.end] > solid[b.start]) if len(doc) else 0
        rows.append(
            {
                "doc_id": doc_id,
                "n_paragraphs": paragraphs,
                "n_sentences": sentences,
                "n_tokens": int(solid[-1]),
                "n_words": int(np.count_nonzero(flags[:, 1])),
            }
        )
    table = pd.DataFrame(rows, columns=["doc_id", "n_paragraphs", "n_sentences", "n_tokens", "n_words"])
    meta = _metadata(docs)
    if meta is not None and len(meta.columns) > 1:
        table = meta.merge(table, on="doc_id", how="right")
    return table


def sentence_table(docs: Mapping[str, Doc]) -> pd.DataFrame:
    """One row per sentence: ``doc_id``, ``sent_id`` (0-based index in ``doc.sents``),
    ``start_char``, ``end_char`` and ``text`` (stripped)."""
    rows = []
    for doc_id, doc in docs.items():
        for i, sent in enumerate(doc.sents):
            rows.append(
                {
                    "doc_id": doc_id,
                    "sent_id": i,
                    "start_char": sent.start_char,
                    "end_char": sent.end_char,
                    "text": sent.text.strip(),
                }
            )
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "start_char", "end_char", "text"])
