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

The ``pronouns`` list (personal pronouns and forms of address: he, him, his, she, they, I, you,
we ..., mr, mrs, sir) names nobody's topic: by default those words are no topic or key-term
features, the protected ones among them included (a topic "his, he, british" says nothing). They
stay protected (:meth:`StopList.is_protected`), so mentions, collocates and concordances of the
words for men still find them; ``load_stoplist(pronouns=True)`` makes them terms again.

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
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from ..docs import Sent, as_docs, doc_text, paragraph_starts, parsed_sentences, sentence_spans
from ..errors import DiscourseError
from ..io import parse_yaml
from .params import Boolean, InstanceOf, Interval, Satisfies, validate_params

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
    "TermVectorizer",
    "TermMatrix",
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
    pronouns : frozenset of str
        Pronouns and forms of address that are never features, protected or not (empty with
        ``load_stoplist(pronouns=True)``).
    """

    words: frozenset[str]
    keep: frozenset[str]
    added: frozenset[str] = frozenset()
    removed_from_base: frozenset[str] = frozenset()
    pronouns: frozenset[str] = frozenset()

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.is_stop(word)

    def is_stop(self, word: str, lemma: str | None = None) -> bool:
        """True if ``word`` (or its ``lemma``) is no feature: a pronoun, or a stop word that
        neither is protected."""
        w = _norm(word)
        lem = _norm(lemma) if lemma is not None else w
        if w in self.pronouns or lem in self.pronouns:
            return True
        if w in self.keep or lem in self.keep:
            return False
        return w in self.words or lem in self.words

    def is_pronoun(self, word: str) -> bool:
        """True if ``word`` is on the ``pronouns`` list this stop list drops from the features."""
        return _norm(word) in self.pronouns

    def is_protected(self, word: str) -> bool:
        """True if ``word`` is one of the protected words for men."""
        return _norm(word) in self.keep

    def to_frame(self) -> pd.DataFrame:
        """The list as a tidy table: ``word``, ``status`` (stop / protected / pronoun), ``source``.

        A protected pronoun (he) has two rows: protected (for mentions and collocates) and
        pronoun (no feature)."""
        rows = [(w, "stop", "added" if w in self.added else "spacy") for w in sorted(self.words - self.pronouns)]
        rows += [(w, "protected", "removed_from_spacy" if w in self.removed_from_base else "keep") for w in sorted(self.keep)]
        rows += [(w, "pronoun", "pronouns") for w in sorted(self.pronouns)]
        return pd.DataFrame(rows, columns=["word", "status", "source"])


def _norm(word: str) -> str:
    return word.lower().replace("\u2019", "'")


def _read_yaml_lists(path: str | None) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...] | None]:
    """The ``add``, ``keep`` and ``pronouns`` lists of a stop-list file (read anew on every call;
    ``pronouns`` is None when the file has no such list)."""
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
def _stop_lists(content: bytes, where: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...] | None]:
    data = parse_yaml(content, where, DiscourseError, "stop list") or {}
    if not isinstance(data, dict) or not set(data) <= {"add", "keep", "pronouns"}:
        raise DiscourseError(f"stopwords: {where} must be a mapping with only 'add', 'keep' and 'pronouns' lists")
    out: list[tuple[str, ...]] = []
    for key in ("add", "keep", "pronouns"):
        vals = data.get(key) or []
        if not isinstance(vals, list) or not all(isinstance(v, str) for v in vals):
            raise DiscourseError(f"stopwords: {where}: {key!r} must be a list of words")
        out.append(tuple(_norm(v) for v in vals))
    return out[0], out[1], (out[2] if "pronouns" in data else None)


def load_stoplist(
    path: str | Path | None = None,
    *,
    extra: Iterable[str] | None = None,
    keep: Iterable[str] | None = None,
    base: bool = True,
    pronouns: bool = False,
) -> StopList:
    """Build the stop list: spaCy's, plus domain additions, minus the protected words for men.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file with ``add:`` and ``keep:`` lists (and optionally ``pronouns:``, else the
        packaged list is used); default the packaged ``discourse/data/stopwords.yaml``.
    extra : iterable of str, optional
        More words to remove (a protected word given here stays protected).
    keep : iterable of str, optional
        More words to protect.
    base : bool, default True
        Start from spaCy's English stop list (else only the ``add`` list and ``extra``).
    pronouns : bool, default False
        Keep pronouns and forms of address as terms. By default the ``pronouns`` list (he, him,
        his, she, they, you, we ..., mr, sir) is no feature of topics or key terms; its words for
        men stay protected for mentions, collocates and concordances either way.

    Returns
    -------
    StopList
    """
    add, protected, dropped = _read_yaml_lists(None if path is None else str(path))
    if dropped is None:
        dropped = _read_yaml_lists(None)[2] or ()
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
        pronouns=frozenset() if pronouns else frozenset(dropped),
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
        The units' spans, in ``table`` order (empty after pickling: spaCy does not pickle spans).
    """

    kind: str
    size: int
    table: pd.DataFrame
    sentences: pd.DataFrame
    spans: list[Span] = field(repr=False)

    def __len__(self) -> int:
        return len(self.table)

    def __getstate__(self) -> dict[str, Any]:
        # spaCy Spans cannot be pickled (views of their Doc): a pickled Units (in a fitted
        # TopicModel or TermVectorizer) keeps its tables and comes back with no spans
        state = self.__dict__.copy()
        state["spans"] = []
        return state

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
    if stoplist.pronouns and (word in stoplist.pronouns or lemma in stoplist.pronouns):
        return None
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

    def terms(self, span: Span | Doc, phrases: PhraseModel | None, keep_words: bool = False) -> list[str]:
        """See :func:`unit_terms`."""
        feats, start, end = self.of(span)
        terms = {i: t for i, t in enumerate(feats.terms[start:end], start) if t is not None}
        if phrases is None or not len(phrases.phrases):
            return [terms[i] for i in sorted(terms)]
        found = _find_phrases(self.runs(span), phrases)
        if not keep_words:
            for first, last, phrase in found:
                for j in range(first + 1, last + 1):
                    terms.pop(j, None)
                terms[first] = phrase
            return [terms[i] for i in sorted(terms)]
        # each phrase right after its first word, the words kept
        keyed = [((i, 0), t) for i, t in terms.items()] + [((first, 1), phrase) for first, _, phrase in found]
        return [t for _, t in sorted(keyed)]


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


def _find_phrases(runs: list[list[tuple[int, str]]], phrases: PhraseModel) -> list[tuple[int, int, str]]:
    """The kept phrases in ``runs``, longest first from left to right: ``(first token, last
    token, phrase)``, a plural variant given as its kept singular."""
    vocab, variants, max_len = phrases.vocabulary, phrases.variants, phrases.max_len
    out = []
    for run in runs:
        i = 0
        while i < len(run):
            for n in range(min(max_len, len(run) - i), 1, -1):
                cand = " ".join(t for _, t in run[i : i + n])
                cand = variants.get(cand, cand)
                if cand in vocab:
                    out.append((run[i][0], run[i + n - 1][0], cand))
                    i += n
                    break
            else:
                i += 1
    return out


def _singulars(word: str) -> list[str]:
    """Singular forms a plural ``word`` may have (``-s``, ``-es``, ``-ies`` -> ``-y``), most likely first."""
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is", "'s")):
        return []
    out = [word[:-1]]
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    return out


def _plural_variants(grams: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """``{plural phrase: singular phrase}`` for the candidate phrases whose last word is a plural
    of the last word of another candidate with the same first words ("role models" -> "role
    model"). The lemmatizer leaves plurals that it reads as proper nouns ("Role Models" in a
    title); the evidence of both forms in the corpus keeps "jones" from becoming "jone"."""
    seen = set(grams)
    out = {}
    for gram in seen:
        for single in _singulars(gram[-1]):
            cand = (*gram[:-1], single)
            if cand in seen:
                out[gram] = cand
                break
    return out


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
        ``phrase``, ``n_words``, ``count``, ``npmi`` for every kept phrase, by count (a plural
        variant's occurrences counted with its singular).
    min_count : int
    threshold : float
    max_len : int
    variants : dict of str to str
        Plural variants of kept phrases and the phrase they count as (``"role models" -> "role
        model"``).
    """

    phrases: pd.DataFrame
    min_count: int
    threshold: float
    max_len: int
    variants: dict[str, str] = field(default_factory=dict)

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
    # singular and plural phrases are one phrase ("role model" / "role models")
    plural = _plural_variants(grams)
    for gram, single in sorted(plural.items()):
        grams[single] += grams.pop(gram, 0)
    # the last word's count includes its plural form's
    extra_right = {single[-1]: words[gram[-1]] for gram, single in plural.items()}
    rows = []
    if total:
        for gram, c in grams.items():
            if c < min_count:
                continue
            left = grams[plural.get(gram[:-1], gram[:-1])] if len(gram) > 2 else words[gram[0]]
            right = words[gram[-1]] + extra_right.get(gram[-1], 0)
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
    kept = set(df["phrase"])
    variants = {" ".join(g): " ".join(single) for g, single in sorted(plural.items()) if " ".join(single) in kept}
    return PhraseModel(df, min_count, threshold, max_len, variants)


def unit_terms(
    span: Span | Doc,
    *,
    stoplist: StopList | None = None,
    phrases: PhraseModel | None = None,
    min_chars: int = 2,
    keep_phrase_words: bool = False,
) -> list[str]:
    """The terms of a span, in order: lemmas, with kept phrases merged (longest first).

    Parameters
    ----------
    span : Span or Doc
    stoplist : StopList, optional
        Default :func:`load_stoplist`.
    phrases : PhraseModel, optional
        Phrases to merge; none if omitted. A plural variant ("role models") is given as its
        kept phrase ("role model").
    min_chars : int, default 2
    keep_phrase_words : bool, default False
        Keep the words of a phrase beside it (each phrase right after its first word): what
        the document-term matrix counts by default (:func:`build_dtm`). False: the phrase
        replaces its words, which reads better as a sequence.

    Returns
    -------
    list of str
    """
    sl = stoplist or load_stoplist()
    return _FeatureCache(sl, min_chars).terms(span, phrases, keep_phrase_words)


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
    keep_phrase_words: bool = True,
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
    keep_phrase_words : bool, default True
        Count a phrase's words beside the phrase ("gender equality" adds to "gender",
        "equality" and "gender equality", like n-grams of 1 to 3 words in scikit-learn's
        vectorisers and textacy's terms). False: the phrase replaces its words, which splits
        the evidence of a word over its phrases ("blair", "mr blair", "tony blair") and made
        topics of news articles less distinct (BBC News: NMI 0.83 against 0.86 keeping them).

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
        counts = Counter(cache.terms(span, pm, keep_phrase_words))
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


def _align_columns(dtm: DocumentTermMatrix, vocabulary: Sequence[str]) -> sp.csr_matrix:
    """``dtm``'s counts in the columns of ``vocabulary`` (terms it lacks stay 0), as float."""
    cols = {t: j for j, t in enumerate(dtm.vocabulary)}
    pairs = [(cols[t], j) for j, t in enumerate(vocabulary) if t in cols]
    src = np.array([a for a, _ in pairs], dtype=np.int64)
    dst = np.array([b for _, b in pairs], dtype=np.int64)
    select = sp.csr_matrix((np.ones(len(pairs)), (src, dst)), shape=(len(dtm.vocabulary), len(vocabulary)))
    return (dtm.matrix.astype(np.float64) @ select).tocsr()


def _metadata_of(docs: Any) -> pd.DataFrame | None:
    """The documents' metadata table when they carry one (a ParsedCorpus), else None."""
    meta = getattr(docs, "metadata", None)
    if callable(meta):
        try:
            out = meta()
        except Exception:  # noqa: BLE001 - metadata is optional
            return None
        return out if isinstance(out, pd.DataFrame) else None
    return None


# --------------------------------------------------------------------------------------------
# The vectorizer: a scikit-learn transformer from parsed documents to a sparse matrix
# --------------------------------------------------------------------------------------------
class TermMatrix(sp.csr_matrix):
    """Term counts of units: a SciPy CSR matrix that also carries its row and column labels.

    What :class:`TermVectorizer` returns. It is a sparse matrix wherever one is expected; a
    :class:`~discourse.themes.TopicModel` fitted on it (after the vectorizer in a scikit-learn
    ``Pipeline``) reads the labels, so it has the tables of a model fitted on the documents.
    A matrix derived from it (a slice, a product) is a plain matrix without labels.

    Attributes
    ----------
    units : Units or None
        The rows.
    vectorizer : TermVectorizer or None
        The fitted vectorizer that made it (its ``get_feature_names_out()`` are the columns).
    metadata : pandas.DataFrame or None
        The documents' metadata, when they carry it.
    """

    units: Units | None = None
    vectorizer: TermVectorizer | None = None
    metadata: pd.DataFrame | None = None

    @classmethod
    def labelled(cls, matrix: sp.spmatrix, units: Units, vectorizer: TermVectorizer, metadata: pd.DataFrame | None) -> TermMatrix:
        """``matrix`` (not copied) with its labels."""
        out = cls(matrix)
        out.units = units
        out.vectorizer = vectorizer
        out.metadata = metadata
        return out


def _unit_spec(value: Any) -> bool:
    parse_unit(value)
    return True


#: What to do about a bad value of a feature parameter (the end of the message).
_TERM_HINTS = {
    "unit": "use unit='paragraph', 'document' or 'window:3' (3 sentences)",
    "min_words": "give a number of words, e.g. min_words=8 (0 keeps every paragraph)",
    "stoplist": "build one with discourse.themes.load_stoplist(), or pass None for the default",
    "phrases": "pass True to learn collocations, False for none, or a PhraseModel from learn_phrases",
    "min_df": "give a count of units (an int, e.g. 2) or a share of them (a float in (0, 1], e.g. 0.01)",
    "max_df": "give a count of units (an int) or a share of them (a float in (0, 1], e.g. 0.95)",
    "phrase_threshold": "give an NPMI between -1 and 1, e.g. 0.1",
}


class TermVectorizer(TransformerMixin, BaseEstimator):
    """Parsed documents to a sparse unit-by-term count matrix: a scikit-learn transformer.

    The features of :func:`build_dtm` (lemmas, collocations, the protected stop list, pronouns
    left out) as an estimator in the manner of scikit-learn's ``CountVectorizer`` and textacy's
    ``Vectorizer``: ``fit`` learns the phrases and the vocabulary (terms within ``min_df`` /
    ``max_df``), ``transform`` counts them in any documents. Rows are units (paragraphs by
    default, see :func:`make_units`); the result is a :class:`TermMatrix`, so a
    :class:`~discourse.themes.TopicModel` after it in a ``Pipeline`` knows the units and terms::

        Pipeline([("terms", TermVectorizer()), ("topics", TopicModel(8))]).fit(parsed)

    Parameters
    ----------
    unit : str, default "paragraph"
        ``"paragraph"``, ``"window:N"`` (N sentences) or ``"document"``.
    min_words : int, default 8
        Shorter paragraphs (headings) join the next unit.
    stoplist : StopList, optional
        Default :func:`load_stoplist` (the words for men protected, pronouns left out).
    phrases : bool or PhraseModel, default True
        Learn collocations from the documents (True), use these (a PhraseModel), or none.
    keep_phrase_words : bool, default True
        Count a phrase's words beside it (see :func:`build_dtm`).
    min_df, max_df : int or float, default 2, 0.95
        Document-frequency bounds over units: ints are counts, floats shares.
    min_chars : int, default 2
    phrase_min_count, phrase_threshold, max_phrase_len : int, float, int, default 3, 0.1, 3
        See :func:`learn_phrases`.
    protect_men_terms : bool, default True
        The words for men are exempt from ``max_df``.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Term -> column.
    dtm_ : DocumentTermMatrix
        The counts of the fitted documents.
    units_ : Units
        The units of the fitted documents.
    phrases_ : PhraseModel or None
    stoplist_ : StopList
    pruned_ : pandas.DataFrame
        Terms dropped by ``min_df`` / ``max_df``: ``term``, ``df``, ``reason``.
    metadata_ : pandas.DataFrame or None
        The fitted documents' metadata, when they carry it.
    """

    _DF: ClassVar[list[Any]] = [Interval(int, 0, None), Interval(float, 0, 1, closed="right")]
    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        "unit": [Satisfies(_unit_spec, "'paragraph', 'document', 'window' or 'window:N'")],
        "min_words": [Interval(int, 0, None)],
        "stoplist": [InstanceOf(StopList), None],
        "phrases": [Boolean(), InstanceOf(PhraseModel)],
        "keep_phrase_words": [Boolean()],
        "min_df": _DF,
        "max_df": _DF,
        "min_chars": [Interval(int, 1, None)],
        "phrase_min_count": [Interval(int, 1, None)],
        "phrase_threshold": [Interval("real", -1, 1)],
        "max_phrase_len": [Interval(int, 2, None)],
        "protect_men_terms": [Boolean()],
    }
    _parameter_hints: ClassVar[dict[str, str]] = _TERM_HINTS

    def __init__(
        self,
        *,
        unit: str = "paragraph",
        min_words: int = 8,
        stoplist: StopList | None = None,
        phrases: bool | PhraseModel = True,
        keep_phrase_words: bool = True,
        min_df: int | float = 2,
        max_df: int | float = 0.95,
        min_chars: int = 2,
        phrase_min_count: int = 3,
        phrase_threshold: float = 0.1,
        max_phrase_len: int = 3,
        protect_men_terms: bool = True,
    ) -> None:
        self.unit = unit
        self.min_words = min_words
        self.stoplist = stoplist
        self.phrases = phrases
        self.keep_phrase_words = keep_phrase_words
        self.min_df = min_df
        self.max_df = max_df
        self.min_chars = min_chars
        self.phrase_min_count = phrase_min_count
        self.phrase_threshold = phrase_threshold
        self.max_phrase_len = max_phrase_len
        self.protect_men_terms = protect_men_terms

    def _validate(self) -> None:
        validate_params(type(self).__name__, self.get_params(deep=False), self._parameter_constraints, self._parameter_hints)

    def _units(self, docs: Any) -> Units:
        if isinstance(docs, Units):
            return docs
        return make_units(docs, self.unit, min_words=self.min_words)

    def fit(self, X: Any, y: None = None) -> TermVectorizer:
        """Learn the phrases and the vocabulary of ``X``.

        Parameters
        ----------
        X : ParsedCorpus, mapping doc_id -> spacy Doc, or Units
            Parsed documents (cut into ``unit``), or units from :func:`make_units`.
        y : None
            Ignored.

        Returns
        -------
        TermVectorizer
            ``self``.
        """
        self._validate()
        units = self._units(X)
        dtm = build_dtm(
            units,
            stoplist=self.stoplist,
            phrases=self.phrases,
            min_df=self.min_df,
            max_df=self.max_df,
            min_chars=self.min_chars,
            phrase_min_count=self.phrase_min_count,
            phrase_threshold=self.phrase_threshold,
            max_phrase_len=self.max_phrase_len,
            protect_men_terms=self.protect_men_terms,
            keep_phrase_words=self.keep_phrase_words,
        )
        if dtm.matrix.shape[1] == 0:
            raise DiscourseError("min_df/max_df left no terms; lower min_df or raise max_df")
        self.units_ = units
        self.dtm_ = dtm
        self.vocabulary_ = dtm.term_index()
        self.phrases_ = dtm.phrases
        self.stoplist_ = dtm.stoplist
        self.pruned_ = dtm.pruned
        self.metadata_ = _metadata_of(X)
        return self

    def fit_transform(self, X: Any, y: None = None, **fit_params: Any) -> TermMatrix:
        """:meth:`fit`, then the counts of ``X`` (the fitted matrix, not counted twice)."""
        self.fit(X)
        return TermMatrix.labelled(self.dtm_.matrix, self.units_, self, self.metadata_)

    def transform(self, X: Any) -> TermMatrix:
        """Counts of the fitted terms (and phrases) in the units of ``X``; other terms are dropped.

        Parameters
        ----------
        X : ParsedCorpus, mapping doc_id -> spacy Doc, or Units

        Returns
        -------
        TermMatrix
            Shape ``(n_units, n_terms)``, float counts in the columns of
            :meth:`get_feature_names_out`.
        """
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "vocabulary_")
        units = self._units(X)
        dtm = build_dtm(
            units,
            stoplist=self.stoplist_,
            phrases=self.phrases_ if self.phrases_ is not None else False,
            min_df=0,
            max_df=1.0,
            min_chars=self.min_chars,
            protect_men_terms=self.protect_men_terms,
            keep_phrase_words=self.keep_phrase_words,
        )
        return TermMatrix.labelled(_align_columns(dtm, self.dtm_.vocabulary), units, self, _metadata_of(X))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The terms, in column order (an array of str, as scikit-learn's vectorizers give)."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "vocabulary_")
        return np.asarray(self.dtm_.vocabulary, dtype=object)
