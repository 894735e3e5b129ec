"""Frame tables: per mention (evidence), per sentence (the denominator), per document, one pass.

:func:`frame_analysis` finds the mentions of men in each document
(:func:`discourse.framing.mentions.iter_mentions`) and the frames their role links carry
(:mod:`discourse.framing.cues`), one document at a time, and returns three tidy tables joinable
on ``doc_id``: mentions, evidence (one row per mention and frame, with the cue and rule behind
it) and sentences (every sentence that mentions men, with the set of frames that count in it;
"unframed" when none). With a cache folder, each document's rows are kept in the frame cache
(:mod:`discourse.framing.framecache`) and reused while nothing that can change them has changed.

Sentences: :func:`sentence_frames` gives every sentence that mentions men the set of frames
that count for at least one of its mentions ("unframed" when none);
:func:`discourse.stats.frame_profile` turns that table into shares per group with intervals.

Document ids never travel into a cache or to a worker's result: the rows of one document are
computed (or read) without them, and :func:`frame_analysis` joins the id on, so two documents
with the same text each get their own rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..docs import as_docs, metadata_of, progress_bar
from .codebook import Codebook, load_codebook
from .dask import label_shards
from .document import DocumentRows, label_document, sentence_table, without_id
from .framecache import FrameCache
from .lexicon import Lexicon, load_lexicon
from .mentions import MENTION_COLUMNS

if TYPE_CHECKING:
    import pandas as pd
    from spacy.tokens import Doc

__all__ = ["FRAME_COLUMNS", "frame_analysis", "frame_tables", "label_frames", "sentence_frames"]


#: Columns of :func:`label_frames` (before metadata columns).
FRAME_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "sent_id",
    "sentence",
    "mention_id",
    "mention",
    "kind",
    "frame",
    "cue",
    "rule_id",
    "cue_class",
    "role",
    "via",
    "negated",
    "reported",
    "modality",
    "counts",
)


def _with_metadata(df: pd.DataFrame, docs: Any) -> pd.DataFrame:
    meta = metadata_of(docs)
    if meta is None or "doc_id" not in meta.columns:
        return df
    keep = [c for c in meta.columns if c == "doc_id" or c not in df.columns]
    return df.merge(meta[keep].astype({"doc_id": str}), on="doc_id", how="left")


def label_frames(
    docs: Any,
    codebook: str | Path | Mapping[str, Any] | Codebook | None = None,
    *,
    lexicon: str | Path | Lexicon | None = None,
    scheduler: Any = None,
) -> pd.DataFrame:
    """One row per (mention, frame) with its evidence.

    Parameters
    ----------
    docs : ParsedCorpus, mapping doc_id -> Doc, Doc or sequence of Docs
        Parsed documents (see :func:`discourse.parse`).
    codebook : path, dict or Codebook, optional
        Default: the packaged ``data/codebook.yaml``.
    lexicon : path or Lexicon, optional
        Men lexicon; default the packaged one.
    scheduler : str or dask.distributed.Client, optional
        Label on a Dask cluster, sharded by document (see :func:`frame_analysis`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FRAME_COLUMNS` (``sentence`` is the sentence text, ``cue`` the matched
        word, ``rule_id`` the cue id, ``cue_class`` the semantic class of the codebook the cue belongs
        to, ``role`` the men's role, ``via`` how the link was found,
        ``counts`` False for a negated match), then the corpus metadata when ``docs`` is a
        :class:`~discourse.nlp.ParsedCorpus`.
    """
    return frame_analysis(docs, codebook, lexicon=lexicon, scheduler=scheduler)[1]


def frame_tables(
    docs: Any,
    codebook: str | Path | Mapping[str, Any] | Codebook | None = None,
    *,
    lexicon: str | Path | Lexicon | None = None,
    scheduler: Any = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both frame tables from one pass over the mentions: ``(evidence, sentences)``.

    ``evidence`` is what :func:`label_frames` returns and ``sentences`` what
    :func:`sentence_frames` returns; use this when you need both. See :func:`frame_analysis`
    for ``scheduler``.
    """
    _, evidence, sentences = frame_analysis(docs, codebook, lexicon=lexicon, scheduler=scheduler)
    return evidence, sentences


def frame_analysis(
    docs: Any,
    codebook: str | Path | Mapping[str, Any] | Codebook | None = None,
    *,
    lexicon: str | Path | Lexicon | None = None,
    scheduler: Any = None,
    progress: bool = False,
    cache_dir: str | Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Mentions, frame evidence and sentence frames from one pass: ``(mentions, evidence, sentences)``.

    ``mentions`` has the columns of :func:`discourse.framing.find_mentions` (its ``reported``
    flag uses the codebook's ``scope.belief_words``, as the frames do), ``evidence`` is what
    :func:`label_frames` returns and ``sentences`` what :func:`sentence_frames` returns.
    ``discourse analyze`` uses this.

    Parameters
    ----------
    docs : ParsedCorpus, mapping doc_id -> Doc, Doc or sequence of Docs
    codebook : path, dict or Codebook, optional
    lexicon : path or Lexicon, optional
    scheduler : str or dask.distributed.Client, optional
        Label on a Dask cluster, sharded by document (see :mod:`discourse.framing.dask`); the
        tables equal those of a local run.
    progress : bool, default False
        Show progress (documents) on stderr.
    cache_dir : str or Path, optional
        Keep each document's rows in this cache folder (the parse cache's) and reuse them while
        neither the document's parse nor any part of the lexicon or codebook that can change
        them has changed (see :mod:`discourse.framing.framecache`): after a codebook edit, only
        the documents that use the edited cues' words are labelled again. Only for a
        :class:`~discourse.nlp.ParsedCorpus` read through the parse cache; default: no cache.
    """
    import pandas as pd

    book = load_codebook(codebook)
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    keys: Mapping[str, str] = getattr(docs, "cache_keys", None) or {}
    cache = None
    if cache_dir is not None and keys:
        cache = FrameCache(cache_dir, book, lex)
    if keys:
        # a ParsedCorpus: documents are read (from the parse cache) only when their rows are not cached
        getters: dict[str, Callable[[], Doc]] = {doc_id: _getter(docs, doc_id) for doc_id in docs}
    else:
        pairs = as_docs(docs, need_parse=True)
        getters = {doc_id: _constant(doc) for doc_id, doc in pairs.items()}
    results, counts = _document_rows(getters, keys, book, lex, cache, scheduler, progress)
    mention_out: list[dict[str, Any]] = []
    evidence_out: list[dict[str, Any]] = []
    sentence_out: list[dict[str, Any]] = []
    for doc_id in getters:
        m, e, s = results[doc_id].with_id(doc_id)
        mention_out += m
        evidence_out += e
        sentence_out += s
    mentions = pd.DataFrame(mention_out, columns=list(MENTION_COLUMNS))
    evidence = _with_metadata(pd.DataFrame(evidence_out, columns=list(FRAME_COLUMNS)), docs)
    cols = ["doc_id", "sent_id", "start_char", "end_char", "sentence", "n_mentions", "frames", *book.frame_names]
    sentences = _with_metadata(pd.DataFrame(sentence_out, columns=cols), docs)
    sentences.attrs["frames"] = list(book.frame_names)
    evidence.attrs["frame_cache"] = counts
    return mentions, evidence, sentences


def _getter(docs: Mapping[str, Doc], doc_id: str) -> Callable[[], Doc]:
    return lambda: docs[doc_id]


def _constant(doc: Doc) -> Callable[[], Doc]:
    return lambda: doc


def _document_rows(
    getters: Mapping[str, Callable[[], Doc]],
    keys: Mapping[str, str],
    book: Codebook,
    lex: Lexicon,
    cache: Any,
    scheduler: Any,
    progress: bool,
) -> tuple[dict[str, DocumentRows], dict[str, int]]:
    """The rows of every document (``doc_id -> DocumentRows``), from the frame cache, labelled
    here, or labelled on a Dask cluster; each distinct parse is labelled once."""
    results: dict[str, DocumentRows] = {}
    by_key: dict[str, DocumentRows] = {}
    todo: list[str] = []
    hits = 0
    for doc_id in getters:
        key = keys.get(doc_id)
        if key is not None and key in by_key:
            continue
        hit = cache.lookup(key) if cache is not None and key is not None else None
        if hit is not None:
            results[doc_id] = by_key[key] = _cached_rows(hit, book)
            hits += 1
        else:
            todo.append(doc_id)
    if scheduler is not None and todo:
        labelled = label_shards(scheduler, [(doc_id, getters[doc_id]()) for doc_id in todo], book, lex, progress=progress)
    else:
        labelled = _label_locally(todo, getters, book, lex, progress)
    for doc_id in todo:
        rows = results[doc_id] = labelled[doc_id]
        key = keys.get(doc_id)
        if key is not None:
            by_key[key] = rows
            if cache is not None:
                cache.store(key, rows)
    for doc_id in getters:  # the same parse under another id: the same rows
        if doc_id not in results:
            results[doc_id] = by_key[keys[doc_id]]
    return results, {"documents_from_cache": hits, "documents_labelled": len(todo)}


def _label_locally(
    todo: Sequence[str], getters: Mapping[str, Callable[[], Doc]], book: Codebook, lex: Lexicon, progress: bool
) -> dict[str, DocumentRows]:
    out: dict[str, DocumentRows] = {}
    bar = progress_bar(len(todo), "frames", progress)
    for doc_id in todo:
        out[doc_id] = label_document(getters[doc_id](), book, lex)
        bar.update(1)
    bar.close()
    return out


def sentence_frames(
    docs: Any,
    codebook: str | Path | Mapping[str, Any] | Codebook | None = None,
    *,
    lexicon: str | Path | Lexicon | None = None,
) -> pd.DataFrame:
    """One row per sentence that mentions men, with the set of frames that count in it.

    Parameters
    ----------
    docs : ParsedCorpus, mapping doc_id -> Doc, Doc or sequence of Docs
    codebook : path, dict or Codebook, optional
    lexicon : path or Lexicon, optional

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``sent_id``, ``sentence``, ``n_mentions``, ``frames`` (sorted list of frame
        names; empty = unframed), then one boolean column per codebook frame, then metadata.
        The codebook's frame names are kept in ``df.attrs["frames"]`` for
        :func:`discourse.stats.frame_profile`. This is the denominator table: sentences that
        mention men but carry no frame are rows.
    """
    return frame_tables(docs, codebook, lexicon=lexicon)[1]


def _cached_rows(hit: tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]], book: Codebook) -> DocumentRows:
    """The rows of one document from its frame cache entries (``FrameCache.lookup``); the
    sentence rows are rebuilt as :func:`_sentence_rows` makes them."""
    entry, tier1, tier2 = hit
    texts = {("", int(i)): (t, int(a), int(b)) for i, t, a, b in entry["texts"]}
    mentions = [{"doc_id": "", **r} for r in entry["mentions"]]
    evidence = [{"doc_id": "", **r} for r in tier1 + tier2]
    sentences = sentence_table(mentions, texts, evidence, book)
    return DocumentRows(entry["mentions"], tier1, tier2, without_id(sentences), set(entry["words"]), None)
