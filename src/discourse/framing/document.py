"""The frame rows of one parsed document, without its id: what the frame cache stores and what a
worker returns.

:func:`label_document` finds the mentions of men, matches the codebook's cues on their role
links (tier 1, then tier 2) and builds the sentence rows. Nothing here names a document: the
caller joins the id on (see :func:`discourse.framing.frame_analysis`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..docs import distinct_pairs, sentence_bounds
from .codebook import Codebook
from .cues import predicate_words, sentence_text, tier1_rows, tier2_rows
from .lexicon import Lexicon, base_forms
from .mentions import Mention, iter_mentions, mention_rows

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["DocumentRows", "label_document", "sentence_table", "sentence_words", "without_id"]


@dataclass
class DocumentRows:
    """The rows of one document, without its id: mentions, tier-1 and tier-2 evidence, sentences,
    and what the frame cache keys read: the base forms of the words of the sentences with a
    mention (``words``) and the predicate words per role (``predicates``)."""

    mentions: list[dict[str, Any]]
    tier1: list[dict[str, Any]]
    tier2: list[dict[str, Any]]
    sentences: list[dict[str, Any]]
    words: set[str] = field(default_factory=set)
    predicates: dict[str, set[str]] | None = field(default=None)

    def with_id(self, doc_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """Mention, evidence and sentence rows with ``doc_id`` as their first column."""
        def tag(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
            return [{"doc_id": doc_id, **r} for r in rows]

        return tag(self.mentions), tag(self.tier1 + self.tier2), tag(self.sentences)


def without_id(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "doc_id"} for r in rows]


def label_document(doc: Doc, book: Codebook, lex: Lexicon) -> DocumentRows:
    """Mentions, frame evidence and sentence rows of one parsed document (no document id).

    Parameters
    ----------
    doc : spacy.tokens.Doc
        A parsed document (see :func:`discourse.parse`).
    book : Codebook
    lex : Lexicon
    """
    mentions = iter_mentions({"": doc}, lex, book.belief_words)
    tier1 = tier1_rows(mentions, book, lex.other_people)
    tier2 = tier2_rows(mentions, book, tier1) if book.tier2_enabled and book.tier2 else []
    srows = _sentence_rows(mentions, tier1 + tier2, book)
    words = sentence_words(doc, sorted({m.sent_id for m in mentions}))
    return DocumentRows(
        without_id(mention_rows(mentions)), without_id(tier1), without_id(tier2), without_id(srows), words, predicate_words(mentions)
    )


def _sentence_rows(mentions: Sequence[Mention], rows: Sequence[Mapping[str, Any]], book: Codebook) -> list[dict[str, Any]]:
    """One row per sentence holding a mention, with the frames its counting evidence supports."""
    texts: dict[tuple[str, int], tuple[str, int, int]] = {}
    plain = []
    for m in mentions:
        if (m.doc_id, m.sent_id) not in texts:
            sent = m.token.sent
            texts[(m.doc_id, m.sent_id)] = (sentence_text(m.token), sent.start_char, sent.end_char)
        plain.append({"doc_id": m.doc_id, "sent_id": m.sent_id})
    return sentence_table(plain, texts, rows, book)


def sentence_table(
    mentions: Sequence[Mapping[str, Any]],
    texts: Mapping[tuple[str, int], tuple[str, int, int]],
    rows: Sequence[Mapping[str, Any]],
    book: Codebook,
) -> list[dict[str, Any]]:
    """Sentence rows from mention rows, ``(text, start_char, end_char)`` of the sentences and
    evidence rows (keys ``(doc_id, sent_id)``)."""
    frames_of: dict[tuple[str, int], set[str]] = {}
    for r in rows:
        if r["counts"]:
            frames_of.setdefault((r["doc_id"], r["sent_id"]), set()).add(r["frame"])
    sent_rows: dict[tuple[str, int], dict[str, Any]] = {}
    for m in mentions:
        key = (m["doc_id"], m["sent_id"])
        if key not in sent_rows:
            found = frames_of.get(key, set())
            sent_rows[key] = {
                "doc_id": key[0],
                "sent_id": key[1],
                "start_char": texts[key][1],
                "end_char": texts[key][2],
                "sentence": texts[key][0],
                "n_mentions": 0,
                "frames": sorted(found),
                **{f: f in found for f in book.frame_names},
            }
        sent_rows[key]["n_mentions"] += 1
    return list(sent_rows.values())


def sentence_words(doc: Doc, sent_ids: Sequence[int]) -> set[str]:
    """Every base form (:func:`discourse.framing.lexicon.base_forms`) of every token of the given sentences."""
    import numpy as np
    from spacy.attrs import LEMMA, LOWER

    if not sent_ids or not len(doc):
        return set()
    bounds = sentence_bounds(doc)
    rows = np.concatenate([np.arange(*bounds[s]) for s in sent_ids])
    lows, lems, _ = distinct_pairs(doc.to_array([LOWER, LEMMA])[rows])
    strings = doc.vocab.strings
    words: set[str] = set()
    for low, lem in zip(lows, lems, strict=True):
        words |= base_forms(strings[low], strings[lem] if lem else "")
    return words
