"""The parse's speed-ups with and without, what the sentence cap changes, and pathological texts.

Targets (``--targets``, default all three)
------------------------------------------
speedups
    The selective parse (the default mode) of the first ``--limit`` (300) AllSides articles on
    one process, no cache, the pipeline loaded before the clock starts, with no speed-up
    (spaCy alone), each of :data:`discourse.nlp.accel.ACCELERATIONS` alone, and both. Each of
    ``--rounds`` rounds runs every configuration once, in a rotated order; a configuration's
    ratio is the median over rounds of (its time / the time of "none" in the same round), so
    that load from other users of a shared machine, which drifts between rounds, cancels out.
    Wall-clock and CPU seconds are both given. A speed-up is worth keeping when it saves at
    least 5 % of the parse (ratio <= 0.95). The annotation of every configuration is compared
    with spaCy's (tokens whose tag, head, label, part of speech, morphology or lemma differ),
    and the time ``DocBin`` takes to write and read the parsed Docs is given against the parse.
cap
    The full-mode parse of the same articles with the sentence cap (256 tokens) and without it
    (``max_sentence_tokens=10**7``): documents warned about, sentences, and tokens whose tag,
    head or label differ. AllSides articles are mostly one long paragraph, so the cap does
    preset sentence starts at full stops in them.
patho
    Each in a fresh child process (peak memory is the child's ``VmHWM``): a 1 MB text
    without any sentence punctuation, parsed in the selective and the full mode (target: under
    1.5 GB); one 20,000-word sentence, a third of its words "men", parsed (selective) and
    labelled with ``discourse.label_sentences`` and ``discourse.sentence_frames`` (target:
    seconds, under 60 s in all).

Run: ``PYTHONPATH=src python benchmarks/bench_accel.py`` (about 15 min on a 2-core machine);
``--targets speedups --rounds 2 --limit 100`` for a quick look. Data: ``allsides-gender`` under
``/work/shared/datasets`` or ``../shared/datasets``; without it speedups and cap are skipped.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

from bench_speed import (  # the same data folders and machine line as the speed benchmark
    find,
    machine,
)

ROOT = Path(__file__).resolve().parents[1]
KEEP_RATIO = 0.95
MEMORY_TARGET_GB = 1.5
LABEL_TARGET_S = 60.0
#: Words of the pathological texts (no punctuation at all).
TOWN = "the men and women of the town said that they would go to the market with their children because father and son wanted bread".split()
MEN = "men and the men said that men would help men because men are men who support women while men work".split()



def allsides(limit: int) -> Any:
    """The first ``limit`` AllSides articles as a cleaned Corpus (as ``discourse analyze`` loads them)."""
    import pandas as pd

    from discourse import load_corpus

    src = find("allsides-gender", "allsides_gender_subset.jsonl.gz")
    if src is None:
        return None
    rows = []
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            rows.append({"id": record["id"], "text": record["text"]})
            if len(rows) >= limit:
                break
    return load_corpus(pd.DataFrame(rows), text_field="text", id_field="id")


# ------------------------------------------------------------------------------------------
def target_speedups(corpus: Any, args: argparse.Namespace) -> None:
    from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

    from discourse.framing import SentenceSelector
    from discourse.nlp import SENTENCE_COMPONENTS, doc_from_bytes, doc_to_bytes, resolve_pipeline
    from discourse.nlp.accel import ACCELERATIONS, accelerations, supported
    from discourse.nlp.sentences import Annotator, chunks
    from discourse.themes import load_stoplist

    if not supported():
        print("speedups: this spaCy/thinc is not the one the speed-ups are tested against: they are never used; skipped")
        return
    info = resolve_pipeline()
    selector = SentenceSelector.default(keep=load_stoplist().keep)
    items = [(d.doc_id, chunks(d.text, 100_000)) for d in corpus]
    configs = {"none": frozenset(), **{name: frozenset({name}) for name in ACCELERATIONS}, "both": accelerations(True)}
    names = list(configs)
    times: dict[str, list[tuple[float, float]]] = {n: [] for n in names}
    ratios: dict[str, list[tuple[float, float]]] = {n: [] for n in names}
    arrays: dict[str, list[Any]] = {}
    last_docs: list[Any] = []
    attrs = [TAG, HEAD, DEP, POS, MORPH, LEMMA]
    words = sum(len(d.text.split()) for d in corpus)
    print(f"\nspeedups: selective parse, {len(corpus)} AllSides articles, {words:,} words, one process, {args.rounds} rounds")
    for r in range(args.rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        this: dict[str, tuple[float, float]] = {}
        for name in order:
            annotator = Annotator(info.path, "selective", SENTENCE_COMPONENTS, selector, configs[name])
            w0, c0 = time.perf_counter(), time.process_time()
            docs = [doc for _, doc in annotator.annotate(items, 32)]
            this[name] = (time.perf_counter() - w0, time.process_time() - c0)
            times[name].append(this[name])
            if r == 0:
                arrays[name] = [doc.to_array(attrs) for doc in docs]
            if name == "both":
                last_docs = docs
            del annotator
        for name in names:
            ratios[name].append((this[name][0] / this["none"][0], this[name][1] / this["none"][1]))
        print(f"  round {r + 1}: " + ", ".join(f"{n} {this[n][0]:.1f} s" for n in names), flush=True)
    print(f"  {'speed-ups':<16} {'wall s (median)':>16} {'CPU s (median)':>15} {'wall ratio':>11} {'CPU ratio':>10}  tokens differing from spaCy's")
    total = sum(len(a) for a in arrays["none"])
    for name in names:
        wall = statistics.median(t[0] for t in times[name])
        cpu = statistics.median(t[1] for t in times[name])
        rw = statistics.median(x[0] for x in ratios[name])
        rc = statistics.median(x[1] for x in ratios[name])
        differ = sum(int((a != b).any(axis=1).sum()) for a, b in zip(arrays["none"], arrays[name], strict=True))
        keep = "" if name == "none" else ("  worth keeping" if rw <= KEEP_RATIO else "  NOT worth keeping")
        print(f"  {name:<16} {wall:16.1f} {cpu:15.1f} {rw:11.2f} {rc:10.2f}  {differ} of {total:,}{keep}")
    parse_s = statistics.median(t[0] for t in times["both"])
    vocab = last_docs[0].vocab
    w0 = time.perf_counter()
    blobs = [doc_to_bytes(doc) for doc in last_docs]
    write = time.perf_counter() - w0
    w0 = time.perf_counter()
    for blob in blobs:
        doc_from_bytes(blob, vocab)
    read = time.perf_counter() - w0
    print(f"  DocBin: write {write:.2f} s ({100 * write / parse_s:.1f}% of the parse with both speed-ups), read {read:.2f} s, {sum(map(len, blobs)) / 1e6:.1f} MB")


def target_cap(corpus: Any) -> None:
    from spacy.attrs import DEP, HEAD, TAG

    from discourse.errors import DiscourseWarning
    from discourse.nlp import parse

    print(f"\ncap: full-mode parse of {len(corpus)} AllSides articles with and without the 256-token cap, one process")
    results = {}
    for label, cap in (("cap 256", 256), ("no cap", 10**7)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DiscourseWarning)
            w0 = time.perf_counter()
            parsed = parse(corpus, mode="full", use_cache=False, max_sentence_tokens=cap)
            docs = [parsed[k] for k in parsed]
            wall = time.perf_counter() - w0
        warned = sum(1 for w in caught if issubclass(w.category, DiscourseWarning))
        results[label] = docs
        sents = [len(s) for doc in docs for s in doc.sents]
        print(f"  {label:<8} {wall:6.1f} s  {len(sents):,} sentences, longest {max(sents)} tokens, {sum(n > 256 for n in sents)} over 256; {warned} documents warned about")
    attrs = [TAG, HEAD, DEP]
    tokens = differ = starts = 0
    for a, b in zip(results["cap 256"], results["no cap"], strict=True):
        x, y = a.to_array(attrs), b.to_array(attrs)
        tokens += len(x)
        differ += int((x != y).any(axis=1).sum())
        starts += len({s.start for s in a.sents} ^ {s.start for s in b.sents})
    print(f"  tokens whose tag, head or label differ: {differ:,} of {tokens:,} ({100 * differ / tokens:.2f}%); sentence starts differing: {starts}")


def _child(kind: str, mode: str) -> dict[str, Any]:
    """Run one pathological case in this (fresh) process; return its figures."""
    import pandas as pd

    import discourse as dc

    rng = random.Random(0)
    out: dict[str, Any] = {"kind": kind, "mode": mode}
    if kind == "onemb":
        words: list[str] = []
        size = 0
        while size < 1_000_000:
            words.append(rng.choice(TOWN))
            size += len(words[-1]) + 1
    else:
        words = [rng.choice(MEN) for _ in range(20_000)]
    text = " ".join(words)
    corpus = dc.Corpus.from_frame(pd.DataFrame({"id": ["t"], "text": [text]}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        w0 = time.perf_counter()
        parsed = dc.parse(corpus, mode=mode, use_cache=False)
        doc = parsed["t"]
        out["parse_s"] = time.perf_counter() - w0
        if kind == "men20k":
            w0 = time.perf_counter()
            labels = dc.label_sentences([text])
            out["label_sentences_s"] = time.perf_counter() - w0
            w0 = time.perf_counter()
            frames = dc.sentence_frames(parsed)
            out["sentence_frames_s"] = time.perf_counter() - w0
            out["rows"] = [len(labels), len(frames)]
            out["men"] = words.count("men")
    out["warnings"] = sorted({str(w.message)[:90] for w in caught if w.category.__name__ == "DiscourseWarning"})
    out["chars"] = len(text)
    out["tokens"] = len(doc)
    out["sentences"] = sum(1 for _ in doc.sents)
    out["longest"] = max(len(s) for s in doc.sents)
    out["peak_gb"] = peak_memory_gb()
    return out


def peak_memory_gb() -> float:
    """This process's peak resident memory: ``VmHWM`` (Linux; ``ru_maxrss`` keeps the parent's
    peak across ``exec``, so a child started by a big process would report the parent's)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    scale = 1024**3 if sys.platform == "darwin" else 1024**2  # bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def target_patho() -> list[bool]:
    print("\npatho: each case in a fresh process")
    ok = []
    for kind, mode in (("onemb", "selective"), ("onemb", "full"), ("men20k", "selective")):
        done = subprocess.run(
            [sys.executable, __file__, "--child", kind, "--mode", mode],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")},
            check=False,
        )
        if done.returncode != 0:
            print(f"  {kind} {mode}: FAILED\n{done.stderr[-2000:]}")
            ok.append(False)
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        head = f"  {kind:<7} {mode:<9} {r['chars'] / 1e6:.2f} MB, {r['tokens']:,} tokens -> {r['sentences']:,} sentences, longest {r['longest']}; parse {r['parse_s']:.1f} s"
        if kind == "onemb":
            good = r["peak_gb"] < MEMORY_TARGET_GB
            print(f"{head}; peak {r['peak_gb']:.2f} GB (target < {MEMORY_TARGET_GB} GB: {'PASS' if good else 'FAIL'})")
        else:
            total = r["parse_s"] + r["label_sentences_s"] + r["sentence_frames_s"]
            good = total < LABEL_TARGET_S
            print(
                f"{head}; label_sentences {r['label_sentences_s']:.1f} s, sentence_frames {r['sentence_frames_s']:.1f} s "
                f"({r['men']:,} x 'men', rows {r['rows']}); peak {r['peak_gb']:.2f} GB (target < {LABEL_TARGET_S:.0f} s in all: {'PASS' if good else 'FAIL'})"
            )
        for message in r["warnings"]:
            print(f"      warning: {message}...")
        ok.append(good)
    return ok


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--targets", default="speedups,cap,patho", help="comma-separated: speedups, cap, patho")
    p.add_argument("--limit", type=int, default=300, help="AllSides articles (default 300)")
    p.add_argument("--rounds", type=int, default=3, help="rounds of the speed-up timings (default 3)")
    p.add_argument("--child", choices=["onemb", "men20k"], help=argparse.SUPPRESS)
    p.add_argument("--mode", default="selective", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child, args.mode)))
        return 0
    targets = {t.strip() for t in args.targets.split(",") if t.strip()}
    unknown = targets - {"speedups", "cap", "patho"}
    if unknown:
        p.error(f"--targets: unknown {', '.join(sorted(unknown))}; choose from speedups, cap, patho")
    import spacy
    import thinc

    print(f"bench_accel: {machine()}; spaCy {spacy.__version__}, thinc {thinc.__version__}; started {time.strftime('%Y-%m-%d %H:%M:%S')}")
    ok: list[bool] = []
    if targets & {"speedups", "cap"}:
        corpus = allsides(args.limit)
        if corpus is None:
            print("bench_accel: allsides-gender not found under /work/shared/datasets or ../shared/datasets; speedups and cap skipped")
        else:
            if "speedups" in targets:
                target_speedups(corpus, args)
            if "cap" in targets:
                target_cap(corpus)
    if "patho" in targets:
        ok += target_patho()
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
