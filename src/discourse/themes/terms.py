"""Features from parsed documents: terms, phrases, a protected stop list, units and the DTM.

Terms
-----
A term is the lower-cased lemma of a word token (alphabetic, possibly with inner hyphens or
apostrophes, at least ``min_chars`` characters) that is not on the stop list. Phrases are
multi-word terms ("gender equality", "domestic violence") found from

* noun chunks, when the documents carry a dependency parse, else
* part-of-speech patterns ``(ADJ|NOUN|PROPN)* (NOUN|PROPN)`` (Justeson & Katz 1995),

and kept as *collocations*: a candidate of 2..``max_phrase_len`` words is kept when it occurs
at least ``phrase_min_count`` times and its words co-occur more than chance, i.e. the
normalised PMI (Bouma 2009) of its first and second half is at least ``phrase_threshold``.
Kept phrases are merged: the phrase replaces its words in the unit's term list.

The stop list
-------------
spaCy's English stop list, plus the ``add`` list and minus the ``keep`` list of
``discourse/data/stopwords.yaml``. ``keep`` holds the words for men (men, man, boys, he, him,
his, fathers, husbands, male, masculinity ...). They are *protected*: no stop list, extension or
document-frequency pruning removes them. :attr:`StopList.removed_from_base` says which spaCy
stop words were taken off the list.

Units
-----
Topic models and prevalence work on *units*: paragraphs (default), windows of ``n`` sentences,
or whole documents. :func:`make_units` returns a :class:`Units` object whose ``table`` has one
row per unit and whose ``sentences`` table maps every sentence ``(doc_id, sent_id)`` to its
``unit_id`` (``sent_id`` is the index of the sentence in ``list(doc.sents)``, the same contract
as the framing engine's sentence table).
"""

from __future__ import annotations

import math
import re
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..docs import Sent, as_docs, doc_text, paragraph_starts, parsed_sentences, sentence_spans
from ..errors import DiscourseError
from ..io import parse_yaml

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "StopList",
    "load_stoplist",
    "men_terms",
    "Units",
    "make_units",
    "parse_unit",
    "PhraseModel",
    "learn_phrases",
    "unit_terms",
    "DocumentTermMatrix",
    "build_dtm",
    "lemma_attr",
]

_WORD_RE = re.compile(r"^[a-z][a-z'\u2019-]*[a-z]$|^[a-z]$")
_PHRASE_POS = {"ADJ", "NOUN", "PROPN"}
_PHRASE_HEAD = {"NOUN", "PROPN"}
UNIT_KINDS = ("paragraph", "window", "document")
_PRONOUNS = frozenset({"he", "him", "his", "himself"})
_IRREGULAR = {"men": "man", "mens": "man", "gentlemen": "gentleman", "menfolk": "man"}


# --------------------------------------------------------------------------------------------
# Stop list
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StopList:
    """A stop list with protected words.

    Attributes
    ----------
    words : frozenset of str
        Lower-case words removed from the features.
    keep : frozenset of str
        Protected words (the words for men); never removed.
    added : frozenset of str
        Words added on top of spaCy's list (domain additions and ``extra``).
    removed_from_base : frozenset of str
        spaCy stop words taken off the list because they are protected.
    """

    words: frozenset[str]
    keep: frozenset[str]
    added: frozenset[str] = frozenset()
    removed_from_base: frozenset[str] = frozenset()

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.is_stop(word)

    def is_stop(self, word: str, lemma: str | None = None) -> bool:
        """True if ``word`` (or its ``lemma``) is a stop word and neither is protected."""
        w = _norm(word)
        lem = _norm(lemma) if lemma is not None else w
        if w in self.keep or lem in self.keep:
            return False
        return w in self.words or lem in self.words

    def is_protected(self, word: str) -> bool:
        """True if ``word`` is one of the protected words for men."""
        return _norm(word) in self.keep

    def to_frame(self) -> pd.DataFrame:
        """The list as a tidy table: ``word``, ``status`` (stop / protected), ``source``."""
        rows = [(w, "stop", "added" if w in self.added else "spacy") for w in sorted(self.words)]
        rows += [(w, "protected", "removed_from_spacy" if w in self.removed_from_base else "keep") for w in sorted(self.keep)]
        return pd.DataFrame(rows, columns=["word", "status", "source"])


def _norm(word: str) -> str:
    return word.lower().replace("\u2019", "'")


def _read_yaml_lists(path: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ``add`` and ``keep`` lists of a stop-list file (read anew on every call)."""
    if path is None:
        content = resources.files("discourse").joinpath("data/stopwords.yaml").read_bytes()
        where = "discourse/data/stopwords.yaml"
    else:
        p = Path(path)
        if not p.is_file():
            raise DiscourseError(f"stopwords: {p} is not a file; give a YAML file with add: and keep: lists")
        content = p.read_bytes()
        where = str(p)
    return _stop_lists(content, where)


@lru_cache(maxsize=8)
def _stop_lists(content: bytes, where: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = parse_yaml(content, where, DiscourseError, "stop list") or {}
    if not isinstance(data, dict) or not set(data) <= {"add", "keep"}:
        raise DiscourseError(f"stopwords: {where} must be a mapping with only 'add' and 'keep' lists")
    out = []
    for key in ("add", "keep"):
        vals = data.get(key) or []
        if not isinstance(vals, list) or not all(isinstance(v, str) for v in vals):
            raise DiscourseError(f"stopwords: {where}: {key!r} must be a list of words")
        out.append(tuple(_norm(v) for v in vals))
    return out[0], out[1]


def load_stoplist(
    path: str | Path | None = None,
    *,
    extra: Iterable[str] | None = None,
    keep: Iterable[str] | None = None,
    base: bool = True,
) -> StopList:
    """Build the stop list: spaCy's, plus domain additions, minus the protected words for men.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file with ``add:`` and ``keep:`` lists; default the packaged
        ``discourse/data/stopwords.yaml``.
    extra : iterable of str, optional
        More words to remove (a protected word given here stays protected).
    keep : iterable of str, optional
        More words to protect.
    base : bool, default True
        Start from spaCy's English stop list (else only the ``add`` list and ``extra``).

    Returns
    -------
    StopList
    """
    add, protected = _read_yaml_lists(None if path is None else str(path))
    keep_set = frozenset(protected) | frozenset(_norm(w) for w in (keep or ()))
    spacy_words: frozenset[str] = frozenset()
    if base:
        from spacy.lang.en.stop_words import STOP_WORDS

        spacy_words = frozenset(_norm(w) for w in STOP_WORDS)
    added = (frozenset(add) | frozenset(_norm(w) for w in (extra or ()))) - spacy_words
    words = (spacy_words | added) - keep_set
    return StopList(
        words=words,
        keep=keep_set,
        added=added - keep_set,
        removed_from_base=spacy_words & keep_set,
    )


def men_terms(stoplist: StopList | None = None) -> frozenset[str]:
    """The protected words for men (the ``keep`` list), used by key terms and collocates."""
    return (stoplist or load_stoplist()).keep


# --------------------------------------------------------------------------------------------
# Documents and units
# --------------------------------------------------------------------------------------------
def parse_unit(unit: str, window: int | None = None) -> tuple[str, int]:
    """Read a unit spec: ``"paragraph"``, ``"document"``, ``"window"`` or ``"window:N"``.

    Returns
    -------
    kind, n : str, int
        ``n`` is the window size in sentences (1 for the other kinds).
    """
    if not isinstance(unit, str):
        raise DiscourseError(f"unit must be 'paragraph', 'document' or 'window:N', not {unit!r}")
    kind, _, num = unit.strip().lower().partition(":")
    aliases = {"paragraphs": "paragraph", "para": "paragraph", "doc": "document", "documents": "document",
               "article": "document", "articles": "document", "windows": "window", "sentences": "window"}
    kind = aliases.get(kind, kind)
    if kind not in UNIT_KINDS:
        raise DiscourseError(f"unit must be 'paragraph', 'document' or 'window:N', not {unit!r}")
    n = 1
    if kind == "window":
        if num:
            if not num.isdigit() or int(num) < 1:
                raise DiscourseError(f"unit: window size in {unit!r} must be a positive integer, e.g. 'window:3'")
            n = int(num)
        elif window is not None:
            n = int(window)
        else:
            n = 3
        if n < 1:
            raise DiscourseError(f"window must be a positive number of sentences, not {window!r}")
    elif num:
        raise DiscourseError(f"unit: only 'window' takes a size (e.g. 'window:3'), not {unit!r}")
    return kind, n


@dataclass
class Units:
    """Passages of documents that topic models treat as documents.

    Attributes
    ----------
    kind : str
        ``"paragraph"``, ``"window"`` or ``"document"``.
    size : int
        Window size in sentences (1 for the other kinds).
    table : pandas.DataFrame
        One row per unit: ``unit_id`` (``"<doc_id>#<i>"``), ``doc_id``, ``unit`` (index within the
        document), ``sent_start``, ``sent_end`` (exclusive, indexes into ``list(doc.sents)``),
        ``start_char``, ``end_char``, ``n_words`` (word tokens, the weight used when aggregating to
        documents) and ``text``.
    sentences : pandas.DataFrame
        One row per sentence: ``doc_id``, ``sent_id``, ``unit_id``, ``start_char``, ``end_char``.
    spans : list of spacy.tokens.Span
        The units' spans, in ``table`` order.
    """

    kind: str
    size: int
    table: pd.DataFrame
    sentences: pd.DataFrame
    spans: list[Span] = field(repr=False)

    def __len__(self) -> int:
        return len(self.table)

    def unit_of(self, doc_id: str, sent_id: int) -> str:
        """The ``unit_id`` holding sentence ``sent_id`` of ``doc_id``."""
        hit = self.sentences[(self.sentences["doc_id"] == doc_id) & (self.sentences["sent_id"] == sent_id)]
        if hit.empty:
            raise DiscourseError(f"sent_id {sent_id!r} of doc_id {doc_id!r} is not in these units; use sentence ids of the same parse")
        return str(hit["unit_id"].iloc[0])


def _word_prefix(doc: Doc) -> np.ndarray:
    """``p[i]`` = word tokens (not space, not punctuation) among the first ``i`` tokens of ``doc``."""
    from spacy.symbols import IS_PUNCT, IS_SPACE

    if not len(doc):
        return np.zeros(1, dtype=np.int64)
    flags = doc.to_array([IS_SPACE, IS_PUNCT])
    words = (flags.sum(axis=1) == 0).astype(np.int64)
    return np.concatenate([[0], np.cumsum(words)])


def make_units(docs: Any, unit: str = "paragraph", *, window: int | None = None, min_words: int = 8) -> Units:
    """Cut documents into units (paragraphs, windows of sentences, or whole documents).

    Parameters
    ----------
    docs : ParsedCorpus or mapping doc_id -> Doc
        Parsed documents (paragraphs are separated by blank lines in ``doc.text``).
    unit : {"paragraph", "window", "window:N", "document"}, default "paragraph"
        The unit. Windows are consecutive, non-overlapping runs of ``N`` sentences that never
        cross a paragraph boundary.
    window : int, optional
        Window size for ``unit="window"`` (default 3).
    min_words : int, default 8
        Paragraphs (or trailing windows) with fewer word tokens (headings, bylines) are merged
        into the following unit of the same document (or the previous one at its end). 0 keeps
        every unit.

    Returns
    -------
    Units
    """
    kind, n = parse_unit(unit, window)
    if not isinstance(min_words, int) or min_words < 0:
        raise DiscourseError(f"min_words must be a non-negative integer, not {min_words!r}")
    dd = as_docs(docs)
    rows: list[dict[str, Any]] = []
    sent_rows: list[tuple[str, int, str, int, int]] = []
    spans: list[Span] = []
    for doc_id, doc in dd.items():
        sents = sentence_spans(doc)
        if not sents:
            continue
        prefix = _word_prefix(doc)
        text = doc_text(doc)
        if kind == "document":
            groups = [(0, len(sents))]
        else:
            pstarts = paragraph_starts(doc, sents, text) + [len(sents)]
            paras = [(pstarts[i], pstarts[i + 1]) for i in range(len(pstarts) - 1)]
            if kind == "window":
                groups = [(s, min(s + n, e)) for (a, e) in paras for s in range(a, e, n)]
            else:
                groups = paras
            groups = _merge_short(groups, sents, min_words, prefix)
        for i, (a, b) in enumerate(groups):
            span = doc[sents[a].start : sents[b - 1].end]
            uid = f"{doc_id}#{i}"
            rows.append({
                "unit_id": uid,
                "doc_id": doc_id,
                "unit": i,
                "sent_start": a,
                "sent_end": b,
                "start_char": span.start_char,
                "end_char": span.end_char,
                "n_words": int(prefix[span.end] - prefix[span.start]),
                "text": text[span.start_char : span.end_char].strip(),  # == span.text.strip()
            })
            spans.append(span)
            for s in range(a, b):
                sent_rows.append((doc_id, s, uid, sents[s].start_char, sents[s].end_char))
    table = pd.DataFrame(rows, columns=["unit_id", "doc_id", "unit", "sent_start", "sent_end", "start_char", "end_char", "n_words", "text"])
    sentences = pd.DataFrame(sent_rows, columns=["doc_id", "sent_id", "unit_id", "start_char", "end_char"])
    return Units(kind=kind, size=n, table=table, sentences=sentences, spans=spans)


def _merge_short(groups: list[tuple[int, int]], sents: Sequence[Sent], min_words: int, prefix: np.ndarray) -> list[tuple[int, int]]:
    if min_words <= 0 or len(groups) <= 1:
        return groups
    out: list[tuple[int, int]] = []
    pending: int | None = None  # start of short groups waiting to join the next one
    for a, b in groups:
        start = a if pending is None else pending
        words = int(prefix[sents[b - 1].end] - prefix[sents[start].start])
        if words < min_words:
            pending = start
            continue
        out.append((start, b))
        pending = None
    if pending is not None:
        if out:
            out[-1] = (out[-1][0], groups[-1][1])
        else:
            out.append((pending, groups[-1][1]))
    return out


# --------------------------------------------------------------------------------------------
# Terms and phrases
# --------------------------------------------------------------------------------------------
def _token_term(tok: Token, stoplist: StopList, min_chars: int, lemma_text: str | None = None) -> str | None:
    if tok.is_space or tok.is_punct or tok.like_num or tok.like_url or tok.like_email:
        return None
    word = _norm(tok.text)
    lemma_text = tok.lemma_ if lemma_text is None else lemma_text
    lemma = _norm(lemma_text) if lemma_text else word
    if lemma == "-pron-":
        lemma = word
    if stoplist.is_protected(word) or stoplist.is_protected(lemma):
        # words for men: pronouns keep their form (he / him / his), nouns their singular
        if word in _PRONOUNS:
            return word
        if word in _IRREGULAR:
            return _IRREGULAR[word]
        return lemma if _WORD_RE.match(lemma) and stoplist.is_protected(lemma) else word
    if len(lemma) < min_chars or not _WORD_RE.match(lemma):
        return None
    if stoplist.is_stop(word, lemma):
        return None
    return lemma


class _DocFeatures:
    """Per-token terms, parts of speech and noun chunks of one Doc, computed once.

    Everything :func:`_runs` and :func:`unit_terms` need, so that a document's units are read
    from lists instead of asking spaCy again for every unit: ``Span.noun_chunks`` walks all noun
    chunks of the whole *document* for every span, which made feature extraction quadratic in
    the length of a document (21,518 paragraphs of 811 news articles: ~140 s, now a few
    seconds). Holds no reference to the Doc (it is the value of a weak-keyed cache).
    """

    __slots__ = ("n_tokens", "terms", "pos", "phrase_pos", "chunks", "chunk_starts", "use_chunks", "lexical")

    def __init__(self, doc: Doc, stoplist: StopList, min_chars: int, memo: dict[tuple[int, int], str | None]) -> None:
        from spacy.attrs import ORTH, POS

        self.n_tokens = len(doc)
        self.lexical = _is_lexical(doc)
        arr = doc.to_array([ORTH, lemma_attr(doc), POS]) if len(doc) else np.zeros((0, 3), dtype=np.uint64)
        strings = doc.vocab.strings
        terms: list[str | None] = []
        for i, key in enumerate(zip(arr[:, 0].tolist(), arr[:, 1].tolist(), strict=True)):
            if key in memo:
                terms.append(memo[key])
            else:
                # the term depends on the token's form (lexical flags) and its lemma only
                term = memo[key] = _token_term(doc[i], stoplist, min_chars, strings[key[1]] if key[1] else "")
                terms.append(term)
        self.terms = terms
        self.pos = arr[:, 2].tolist()
        # a sentence-mode parse: no part of speech outside the parsed sentences, so every term
        # can be part of a phrase (the collocation test decides)
        self.phrase_pos = [True] * len(terms) if self.lexical else np.isin(arr[:, 2], _phrase_pos_ids()).tolist()
        self.use_chunks = _use_chunks(doc)
        self.chunks = _noun_chunk_bounds(doc) if self.use_chunks else []
        self.chunk_starts = [a for a, _ in self.chunks]

    def regions(self, start: int, end: int) -> list[tuple[int, int]]:
        """Noun chunks inside ``[start, end)`` (as ``Span.noun_chunks``), or the span itself."""
        if not self.use_chunks:
            return [(start, end)]
        from bisect import bisect_left

        out = []
        for j in range(bisect_left(self.chunk_starts, start), len(self.chunks)):
            a, b = self.chunks[j]
            if a >= end:
                break
            if b <= end:
                out.append((a, b))
        return out


_NP_LABELS = ("oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr", "ROOT")


def _noun_chunk_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``[(c.start, c.end) for c in doc.noun_chunks]``, without a Token per token for English.

    spaCy's English noun-chunk iterator (``spacy.lang.en.syntax_iterators``) walks every token
    as a Token object; the same decisions are taken here from part-of-speech, dependency and
    head arrays, asking spaCy only for the left edge of a chunk's head (what the iterator
    uses). Other languages' iterators are called as they are.
    """
    it = doc.noun_chunks_iterator
    if it is None:
        return [(c.start, c.end) for c in doc.noun_chunks]  # raises spaCy's error
    from spacy.lang.en.syntax_iterators import noun_chunks as english

    if it is not english or not doc.has_annotation("DEP"):
        return [(a, b) for a, b, _ in it(doc)]  # (without a parse: spaCy's error)
    from spacy.attrs import DEP, HEAD, POS
    from spacy.symbols import NOUN, PRON, PROPN

    if not len(doc):
        return []
    arr = doc.to_array([POS, DEP, HEAD])
    dep = arr[:, 1].tolist()
    head = (np.arange(len(arr)) + arr[:, 2].astype(np.int64)).tolist()
    np_deps = {doc.vocab.strings.add(label) for label in _NP_LABELS}
    conj = doc.vocab.strings.add("conj")
    out: list[tuple[int, int]] = []
    prev_end = -1
    for i in np.flatnonzero(np.isin(arr[:, 0], np.array([NOUN, PROPN, PRON], dtype=np.uint64))).tolist():
        d = dep[i]
        if d not in np_deps:
            if d != conj:
                continue
            h = head[i]
            while dep[h] == conj and head[h] < h:
                h = head[h]
            if dep[h] not in np_deps:
                continue
        left = doc[i].left_edge.i
        if left <= prev_end:  # no nested chunks
            continue
        prev_end = i
        out.append((left, i + 1))
    return out


@lru_cache(maxsize=1)
def _phrase_pos_ids() -> np.ndarray:
    from spacy.symbols import ADJ, NOUN, PROPN

    return np.array([ADJ, NOUN, PROPN], dtype=np.uint64)


@lru_cache(maxsize=1)
def _phrase_head_ids() -> frozenset[int]:
    from spacy.symbols import NOUN, PROPN

    return frozenset({NOUN, PROPN})


#: Token features of the Docs alive in this process, per (stop list, min_chars): the topic model,
#: K selection and key terms of one run all read a document's features once.
_DOC_FEATURES: weakref.WeakKeyDictionary[Any, dict[tuple[StopList, int], _DocFeatures]] = weakref.WeakKeyDictionary()
_TERM_MEMO: dict[tuple[StopList, int], dict[tuple[int, int], str | None]] = {}


def _is_lexical(doc: Doc) -> bool:
    """A sentence-mode parse (see :func:`lemma_attr`)."""
    return parsed_sentences(doc) is not None


def lemma_attr(doc: Doc) -> int:
    """The token attribute holding the lemma that terms are made of.

    ``LEMMA`` for a parse of whole documents. A sentence-mode parse (``discourse analyze``)
    tags only the sentences the frame analysis reads; there ``NORM`` holds every token's
    lexical lemma (:class:`discourse.fastpipes.LexicalLemmatizer`, from the word form alone), so
    that terms do not depend on which sentences were tagged.
    """
    from spacy.attrs import LEMMA, NORM

    return NORM if _is_lexical(doc) else LEMMA


def _use_chunks(doc: Doc) -> bool:
    """Phrases come from noun chunks only with a parse of the whole document: a sentence-mode
    parse has them in some sentences only, and phrases must not depend on which were parsed."""
    return doc.has_annotation("DEP") and parsed_sentences(doc) is None


def _doc_features(doc: Doc, stoplist: StopList, min_chars: int) -> _DocFeatures:
    key = (stoplist, min_chars)
    per_doc = _DOC_FEATURES.get(doc)
    feats = per_doc.get(key) if per_doc is not None else None
    if feats is None or feats.n_tokens != len(doc) or feats.use_chunks != _use_chunks(doc):
        if key not in _TERM_MEMO:
            if len(_TERM_MEMO) >= 8:
                _TERM_MEMO.clear()
            _TERM_MEMO[key] = {}
        feats = _DocFeatures(doc, stoplist, min_chars, _TERM_MEMO[key])
        if per_doc is None:
            per_doc = _DOC_FEATURES[doc] = {}
        per_doc[key] = feats
    return feats


class _FeatureCache:
    """Runs and terms of spans, from the (cached) token features of their documents."""

    def __init__(self, stoplist: StopList, min_chars: int) -> None:
        self.stoplist = stoplist
        self.min_chars = min_chars
        # phrase learning, then terms; the features object is kept with its runs so that a
        # recycled id() can never hand one document's runs to another
        self._runs: dict[tuple[int, int, int], tuple[_DocFeatures, list[list[tuple[int, str]]]]] = {}

    def of(self, span: Span | Doc) -> tuple[_DocFeatures, int, int]:
        """The features of the span's document and the span's token range."""
        doc = span.doc
        feats = _doc_features(doc, self.stoplist, self.min_chars)
        if span is doc:
            return feats, 0, len(doc)
        return feats, span.start, span.end

    def runs(self, span: Span | Doc, keep: bool = False) -> list[list[tuple[int, str]]]:
        """See :func:`_runs`; ``keep`` holds them for a later :meth:`terms` of the same span."""
        feats, start, end = self.of(span)
        key = (id(feats), start, end)
        held = self._runs.pop(key, None)
        runs = held[1] if held is not None and held[0] is feats else _runs_from(feats, start, end)
        if keep:
            self._runs[key] = (feats, runs)
        return runs

    def terms(self, span: Span | Doc, phrases: PhraseModel | None) -> list[str]:
        """See :func:`unit_terms`."""
        feats, start, end = self.of(span)
        terms = {i: t for i, t in enumerate(feats.terms[start:end], start) if t is not None}
        if phrases is not None and len(phrases.phrases):
            _merge_phrases(terms, self.runs(span), phrases.vocabulary, phrases.max_len)
        return [terms[i] for i in sorted(terms)]


def _runs_from(feats: _DocFeatures, start: int, end: int) -> list[list[tuple[int, str]]]:
    heads = _phrase_head_ids()
    pos_ok = feats.phrase_pos
    terms = feats.terms
    pos = feats.pos
    runs: list[list[tuple[int, str]]] = []
    for a, b in feats.regions(start, end):
        cur: list[int] = []
        for i in range(a, b + 1):
            if i < b and pos_ok[i] and terms[i] is not None:
                cur.append(i)
                continue
            if cur:
                while cur and not feats.lexical and pos[cur[-1]] not in heads:
                    cur.pop()
                if len(cur) >= 2:
                    runs.append([(j, terms[j]) for j in cur])  # type: ignore[misc]
                cur = []
    return runs


def _merge_phrases(terms: dict[int, str], runs: list[list[tuple[int, str]]], vocab: frozenset[str], max_len: int) -> None:
    for run in runs:
        i = 0
        while i < len(run):
            for n in range(min(max_len, len(run) - i), 1, -1):
                cand = " ".join(t for _, t in run[i : i + n])
                if cand in vocab:
                    first = run[i][0]
                    for j, _ in run[i + 1 : i + n]:
                        terms.pop(j, None)
                    terms[first] = cand
                    i += n
                    break
            else:
                i += 1


def _runs(span: Span, stoplist: StopList, min_chars: int, use_chunks: bool | None = None) -> list[list[tuple[int, str]]]:
    """Maximal runs of (token index, term) matching (ADJ|NOUN|PROPN)* (NOUN|PROPN).

    Inside noun chunks when the whole document has a dependency parse (not a sentence-mode
    parse, see :func:`discourse.docs.parsed_sentences`), else over the whole span
    (``use_chunks`` is accepted for backwards compatibility and must agree with the parse).
    """
    return _FeatureCache(stoplist, min_chars).runs(span)


@dataclass(frozen=True)
class PhraseModel:
    """Collocations kept as phrases.

    Attributes
    ----------
    phrases : pandas.DataFrame
        ``phrase``, ``n_words``, ``count``, ``npmi`` for every kept phrase, by count.
    min_count : int
    threshold : float
    max_len : int
    """

    phrases: pd.DataFrame
    min_count: int
    threshold: float
    max_len: int

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """The kept phrases (words joined by a space)."""
        return frozenset(self.phrases["phrase"])


def _candidate_ngrams(runs: list[list[tuple[int, str]]], max_len: int) -> Iterable[tuple[str, ...]]:
    for run in runs:
        terms = [t for _, t in run]
        for n in range(2, max_len + 1):
            for i in range(len(terms) - n + 1):
                yield tuple(terms[i : i + n])


def _check_phrase_params(min_count: int, threshold: float, max_len: int) -> None:
    if min_count < 1:
        raise DiscourseError(f"phrase_min_count must be at least 1, not {min_count!r}")
    if not -1 <= threshold <= 1:
        raise DiscourseError(f"phrase_threshold must be an NPMI between -1 and 1, not {threshold!r}")
    if max_len < 2:
        raise DiscourseError(f"max_phrase_len must be at least 2, not {max_len!r}")


def learn_phrases(
    spans: Iterable[Span],
    *,
    stoplist: StopList | None = None,
    min_count: int = 3,
    threshold: float = 0.1,
    max_len: int = 3,
    min_chars: int = 2,
) -> PhraseModel:
    """Find collocations among noun-phrase candidates.

    Candidates are n-grams (2..``max_len`` words) inside noun chunks when the documents have a
    dependency parse, else inside runs matching ``(ADJ|NOUN|PROPN)* (NOUN|PROPN)``. One is kept
    when it occurs at least ``min_count`` times and the normalised PMI of its first ``n - 1``
    words and its last word, ``log(p(xy) / (p(x) p(y))) / -log p(xy)`` with probabilities over all
    candidate positions (Bouma 2009), is at least ``threshold``.

    Parameters
    ----------
    spans : iterable of Span or Doc
    stoplist : StopList, optional
        Default :func:`load_stoplist`.
    min_count : int, default 3
    threshold : float, default 0.1
        Minimum NPMI in [-1, 1].
    max_len : int, default 3
    min_chars : int, default 2

    Returns
    -------
    PhraseModel
    """
    _check_phrase_params(min_count, threshold, max_len)
    sl = stoplist or load_stoplist()
    return _learn_phrases(spans, _FeatureCache(sl, min_chars), min_count=min_count, threshold=threshold, max_len=max_len)


def _learn_phrases(spans: Iterable[Span], cache: _FeatureCache, *, min_count: int, threshold: float, max_len: int, keep_runs: bool = False) -> PhraseModel:
    grams: Counter[tuple[str, ...]] = Counter()
    words: Counter[str] = Counter()
    for span in spans:
        runs = cache.runs(span, keep=keep_runs)
        for run in runs:
            words.update(t for _, t in run)
        grams.update(_candidate_ngrams(runs, max_len))
    total = sum(words.values())
    rows = []
    if total:
        for gram, c in grams.items():
            if c < min_count:
                continue
            left = grams[gram[:-1]] if len(gram) > 2 else words[gram[0]]
            right = words[gram[-1]]
            p_xy = c / total
            p_x, p_y = left / total, right / total
            if p_xy >= 1.0:
                score = 1.0
            else:
                score = math.log(p_xy / (p_x * p_y)) / -math.log(p_xy)
            if score >= threshold:
                rows.append((" ".join(gram), len(gram), c, score))
    df = pd.DataFrame(rows, columns=["phrase", "n_words", "count", "npmi"])
    df = df.sort_values(["count", "npmi", "phrase"], ascending=[False, False, True], ignore_index=True)
    return PhraseModel(df, min_count, threshold, max_len)


def unit_terms(
    span: Span | Doc,
    *,
    stoplist: StopList | None = None,
    phrases: PhraseModel | None = None,
    min_chars: int = 2,
) -> list[str]:
    """The terms of a span, in order: lemmas, with kept phrases merged (longest first).

    Parameters
    ----------
    span : Span or Doc
    stoplist : StopList, optional
        Default :func:`load_stoplist`.
    phrases : PhraseModel, optional
        Phrases to merge; none if omitted.
    min_chars : int, default 2

    Returns
    -------
    list of str
    """
    sl = stoplist or load_stoplist()
    return _FeatureCache(sl, min_chars).terms(span, phrases)


# --------------------------------------------------------------------------------------------
# Document-term matrix
# --------------------------------------------------------------------------------------------
@dataclass
class DocumentTermMatrix:
    """A sparse unit-by-term count matrix.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        Counts, shape ``(n_units, n_terms)``.
    vocabulary : list of str
        Column labels (terms, phrases contain a space).
    unit_ids : list of str
        Row labels.
    doc_ids : list of str
        The document of each row.
    stoplist : StopList
    phrases : PhraseModel or None
    pruned : pandas.DataFrame
        Terms dropped by ``min_df``/``max_df``: ``term``, ``df``, ``reason``.
    """

    matrix: sp.csr_matrix
    vocabulary: list[str]
    unit_ids: list[str]
    doc_ids: list[str]
    stoplist: StopList
    phrases: PhraseModel | None = None
    pruned: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["term", "df", "reason"]))

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_units, n_terms)``."""
        return self.matrix.shape

    def term_index(self) -> dict[str, int]:
        """``term -> column``."""
        return {t: i for i, t in enumerate(self.vocabulary)}

    def term_frequencies(self) -> pd.DataFrame:
        """``term``, ``count`` (total), ``df`` (units containing it), by count."""
        m = self.matrix
        df = pd.DataFrame({
            "term": self.vocabulary,
            "count": np.asarray(m.sum(axis=0)).ravel().astype(int),
            "df": np.asarray((m > 0).sum(axis=0)).ravel().astype(int),
        })
        return df.sort_values(["count", "term"], ascending=[False, True], ignore_index=True)

    def to_frame(self) -> pd.DataFrame:
        """Tidy long table of the non-zero cells: ``unit_id``, ``doc_id``, ``term``, ``count``."""
        coo = self.matrix.tocoo()
        return pd.DataFrame({
            "unit_id": np.asarray(self.unit_ids, dtype=object)[coo.row],
            "doc_id": np.asarray(self.doc_ids, dtype=object)[coo.row],
            "term": np.asarray(self.vocabulary, dtype=object)[coo.col],
            "count": coo.data.astype(int),
        })


def _df_bound(value: float | int, n: int, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DiscourseError(f"{name} must be a count (int) or a proportion (float in (0, 1]), not {value!r}")
    if isinstance(value, float):
        if not 0.0 < value <= 1.0:
            raise DiscourseError(f"{name} as a proportion must be in (0, 1], not {value!r}")
        return value * n
    if value < 0:
        raise DiscourseError(f"{name} must be non-negative, not {value!r}")
    return float(value)


def build_dtm(
    units: Units | Any,
    *,
    stoplist: StopList | None = None,
    phrases: bool | PhraseModel = True,
    min_df: int | float = 2,
    max_df: int | float = 0.95,
    min_chars: int = 2,
    phrase_min_count: int = 3,
    phrase_threshold: float = 0.1,
    max_phrase_len: int = 3,
    protect_men_terms: bool = True,
) -> DocumentTermMatrix:
    """Build the sparse document-term matrix of units.

    Parameters
    ----------
    units : Units, or ParsedCorpus / mapping doc_id -> Doc
        Units from :func:`make_units`; parsed documents are taken whole.
    stoplist : StopList, optional
        Default :func:`load_stoplist`.
    phrases : bool or PhraseModel, default True
        Learn collocations from these units (True), use the given ones, or none (False).
    min_df, max_df : int or float
        Keep terms in at least ``min_df`` and at most ``max_df`` units (ints are counts, floats
        proportions of units), as in scikit-learn. Protected words for men are exempt from
        ``max_df`` when ``protect_men_terms``.
    min_chars : int, default 2
    phrase_min_count, phrase_threshold, max_phrase_len
        See :func:`learn_phrases`.
    protect_men_terms : bool, default True

    Returns
    -------
    DocumentTermMatrix
    """
    if not isinstance(units, Units):
        units = make_units(units, "document")
    sl = stoplist or load_stoplist()
    cache = _FeatureCache(sl, min_chars)  # token features computed once per document
    if isinstance(phrases, PhraseModel):
        pm: PhraseModel | None = phrases
    elif phrases:
        _check_phrase_params(phrase_min_count, phrase_threshold, max_phrase_len)
        pm = _learn_phrases(units.spans, cache, min_count=phrase_min_count, threshold=phrase_threshold, max_len=max_phrase_len, keep_runs=True)
    else:
        pm = None
    index: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    data: list[int] = []
    for span in units.spans:
        counts = Counter(cache.terms(span, pm))
        for term in sorted(counts):
            j = index.setdefault(term, len(index))
            indices.append(j)
            data.append(counts[term])
        indptr.append(len(indices))
    n = len(units.spans)
    raw = sp.csr_matrix((np.asarray(data, dtype=np.int64), np.asarray(indices, dtype=np.int64), np.asarray(indptr)), shape=(n, len(index)))
    vocab_raw = np.array(sorted(index, key=index.__getitem__), dtype=object)
    order = np.argsort(vocab_raw.astype(str), kind="stable")
    raw = raw[:, order]
    vocab_raw = vocab_raw[order]
    lo = _df_bound(min_df, n, "min_df")
    hi = _df_bound(max_df, n, "max_df")
    if lo > hi:
        raise DiscourseError(f"min_df ({min_df!r}) keeps fewer units than max_df ({max_df!r}); lower min_df or raise max_df")
    dfreq = np.asarray((raw > 0).sum(axis=0)).ravel()
    protected = np.array([protect_men_terms and sl.is_protected(t) for t in vocab_raw], dtype=bool)
    too_rare = dfreq < lo
    too_common = (dfreq > hi) & ~protected
    keep = ~(too_rare | too_common)
    pruned = pd.DataFrame({
        "term": vocab_raw[~keep].astype(str),
        "df": dfreq[~keep],
        "reason": np.where(too_rare[~keep], "min_df", "max_df"),
    })
    matrix = raw[:, np.flatnonzero(keep)].tocsr()
    matrix.sort_indices()
    return DocumentTermMatrix(
        matrix=matrix,
        vocabulary=[str(t) for t in vocab_raw[keep]],
        unit_ids=list(units.table["unit_id"]),
        doc_ids=list(units.table["doc_id"]),
        stoplist=sl,
        phrases=pm,
        pruned=pruned.reset_index(drop=True),
    )
