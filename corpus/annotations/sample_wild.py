"""Precision in the wild (issue 14): seeded samples of counted frame evidence on AllSides and Reddit.

Three steps, each a subcommand:

``run``
    Writes the two corpora as JSON lines under ``--work`` (AllSides articles as they are; Reddit
    posts with a body only: ``is_self`` true and ``selftext_raw_status == "present"``, as
    ``sample_dev4.py`` selects them) and runs ``discourse analyze FILE --text-field text
    --id-field id --steps frames --out WORK/<corpus>`` on each (the evidence is
    ``WORK/<corpus>/frames.csv``; ``counts`` True marks evidence that counts).
``sample``
    One unit per (document, sentence, frame) with counting evidence; the class and rule shown are
    those of the unit's first counting evidence row. Draws ``--per-frame`` units per frame per
    corpus at random (``random.Random(--seed)``, default ``SEED``, in a fixed order; every unit when a corpus has
    fewer) and writes ``--sheet`` (text included: a scratch file for the judge, outside the
    repository) and ``--refs`` (references only, ``correct`` empty: the judge fills it in).
``score``
    Precision per frame and per class from a refs file, with Wilson 95% intervals; ``--csv``
    writes the table.
``rescore``
    A development estimate for changed rules: joins judged refs files (any number; a unit
    judged in several is taken once, the last file's judgement wins) to a new ``run`` under
    ``--work`` by (corpus, document, sentence, frame), checks each sentence's ``sha1`` against
    ``frame_sentences.csv``, and prints per corpus and frame the precision of the judged units
    and of those the new rules still count (correct still counted / still counted). Units the
    new rules count for the first time are not judged: the estimate ignores them.

The repository keeps only the judged references (``wild_precision.refs.jsonl``: ``id``,
``source``, ``sent_id``, ``sha1`` of the sentence, ``frame``, ``cue_class``, ``rule_id``,
``correct``); the texts stay in ``../shared/datasets`` (see ``corpus/README.md``).

Usage::

    python corpus/annotations/sample_wild.py run --work /tmp/wild
    python corpus/annotations/sample_wild.py sample --work /tmp/wild --sheet /tmp/wild/sheet.jsonl \
        --refs corpus/annotations/wild_precision.refs.jsonl
    python corpus/annotations/sample_wild.py score corpus/annotations/wild_precision.refs.jsonl
    python corpus/annotations/sample_wild.py rescore --work /tmp/wild corpus/annotations/wild_precision.refs.jsonl \
        corpus/annotations/wild_precision_2626.refs.jsonl corpus/annotations/wild_precision_3838.refs.jsonl \
        corpus/annotations/wild_precision_4949.refs.jsonl
"""
from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import math
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 1414
FRAMES = ("ally", "beneficiary", "victim", "perpetrator")
CORPORA = {
    "allsides-gender": Path("allsides-gender") / "allsides_gender_subset.jsonl.gz",
    "reddit": Path("reddit-mensrights-menslib") / "posts.jsonl.gz",
}


def _datasets(arg: str | None) -> Path:
    for cand in ([Path(arg)] if arg else []) + [HERE.parents[2] / "shared" / "datasets", Path("/work/shared/datasets")]:
        if (cand / CORPORA["allsides-gender"]).is_file():
            return cand
    sys.exit("sample_wild: datasets not found; pass --datasets DIR")


def _is_true(value: object) -> bool:
    return str(value).strip().lower() in ("true", "1", "1.0", "yes")


def write_inputs(datasets: Path, work: Path) -> dict[str, Path]:
    """The two corpora as JSON lines ``{"id", "text", ...metadata}`` under ``work``."""
    work.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for name, rel in CORPORA.items():
        path = work / f"{name}.jsonl"
        n = 0
        with gzip.open(datasets / rel, "rt", encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
            for line in src:
                rec = json.loads(line)
                meta = rec.get("metadata") or {}
                if name == "reddit":
                    if not (_is_true(meta.get("is_self")) and meta.get("selftext_raw_status") == "present"):
                        continue
                    row = {"id": rec["id"], "text": rec["text"], "subreddit": meta.get("subreddit", "")}
                else:
                    row = {"id": rec["id"], "text": rec["text"], "bias": meta.get("bias_text", "")}
                dst.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
        print(f"sample_wild: {n} documents -> {path}")
        out[name] = path
    return out


def run(args: argparse.Namespace) -> None:
    work = Path(args.work)
    inputs = write_inputs(_datasets(args.datasets), work)
    exe = Path(sys.executable).with_name("discourse")
    for name, path in inputs.items():
        cmd = [str(exe), "analyze", str(path), "--text-field", "text", "--id-field", "id", "--steps", "frames", "--out", str(work / name), "--overwrite", "--quiet"]
        if args.cache_dir:
            cmd += ["--cache-dir", args.cache_dir]
        print("sample_wild:", " ".join(cmd))
        subprocess.run(cmd, check=True)


def units(frames_csv: Path) -> list[dict[str, object]]:
    """One unit per (doc_id, sent_id, frame) with counting evidence, in file order."""
    seen: dict[tuple[str, int, str], dict[str, object]] = {}
    with frames_csv.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["counts"] != "True":
                continue
            key = (r["doc_id"], int(r["sent_id"]), r["frame"])
            if key not in seen:
                seen[key] = {"doc_id": r["doc_id"], "sent_id": int(r["sent_id"]), "frame": r["frame"], "cue_class": r.get("cue_class", ""), "rule_id": r["rule_id"], "sentence": r["sentence"], "mention": r["mention"], "cue": r["cue"], "role": r["role"]}
    return list(seen.values())


def sample(args: argparse.Namespace) -> None:
    work = Path(args.work)
    rng = random.Random(args.seed)
    sheet, refs = [], []
    n = 0
    for name in CORPORA:
        pool = units(work / name / "frames.csv")
        for frame in FRAMES:
            mine = [u for u in pool if u["frame"] == frame]
            picked = rng.sample(mine, min(args.per_frame, len(mine)))
            print(f"sample_wild: {name} {frame}: {len(picked)} of {len(mine)} counted sentences")
            for u in sorted(picked, key=lambda u: (str(u["doc_id"]), int(u["sent_id"]))):
                n += 1
                uid = f"w{n:04d}"
                source = f"{name}:{u['doc_id']}"
                sha1 = hashlib.sha1(str(u["sentence"]).encode("utf-8")).hexdigest()
                sheet.append({"id": uid, "source": source, **u})
                refs.append({"id": uid, "source": source, "sent_id": u["sent_id"], "sha1": sha1, "frame": frame, "cue_class": u["cue_class"], "rule_id": u["rule_id"], "correct": None})
    for path, rows in ((Path(args.sheet), sheet), (Path(args.refs), refs)):
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"sample_wild: {len(rows)} rows -> {path}")


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (0.0 if k == 0 else max(0.0, centre - half), 1.0 if k == n else min(1.0, centre + half))


def score(args: argparse.Namespace) -> None:
    rows = [json.loads(line) for line in Path(args.refs).read_text(encoding="utf-8").splitlines() if line.strip()]
    # a second judge's verdicts are kept beside the first's ("correct_2"); --judge picks the field
    rows = [{**r, "correct": r.get(args.judge)} for r in rows]
    judged = [r for r in rows if r.get("correct") is not None and (not args.counted_only or r.get("counted_by_final_rules"))]
    table: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for r in judged:
        corpus = r["source"].split(":", 1)[0]
        for key in ((corpus, r["frame"], "(all)"), (corpus, r["frame"], r["cue_class"]), ("both", r["frame"], "(all)"), ("both", r["frame"], r["cue_class"])):
            table[key][0] += bool(r["correct"])
            table[key][1] += 1
    out = []
    for (corpus, frame, cls), (k, n) in sorted(table.items(), key=lambda kv: (kv[0][0], FRAMES.index(kv[0][1]), kv[0][2] != "(all)", kv[0][2])):
        lo, hi = wilson(k, n)
        out.append({"corpus": corpus, "frame": frame, "cue_class": cls, "correct": k, "n": n, "precision": round(k / n, 3), "ci_low": round(lo, 3), "ci_high": round(hi, 3)})
    print(f"{'corpus':16s} {'frame':12s} {'class':28s} {'k/n':>8s}  prec   95% CI")
    for r in out:
        print(f"{r['corpus']:16s} {r['frame']:12s} {r['cue_class']:28s} {r['correct']:>3d}/{r['n']:<4d}  {r['precision']:.2f}  [{r['ci_low']:.2f}, {r['ci_high']:.2f}]")
    print(f"{len(judged)} of {len(rows)} sampled units judged" + (" and still counted" if args.counted_only else ""))
    if args.csv:
        with open(args.csv, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(out[0]))
            w.writeheader()
            w.writerows(out)


def agreement(args: argparse.Namespace) -> None:
    """Two judges of the same units: per frame, each judge's precision, the share of units they
    agree on, and Krippendorff's alpha (nominal) of their verdicts."""
    import krippendorff
    import numpy as np

    rows = [json.loads(line) for line in Path(args.refs).read_text(encoding="utf-8").splitlines() if line.strip()]
    both = [r for r in rows if r.get(args.first) is not None and r.get(args.second) is not None]
    print(f"{'frame':12s} {'n':>4s}  {args.first:>10s} {args.second:>10s}  agree  alpha")
    for frame in [*FRAMES, None]:
        sel = [r for r in both if frame is None or r["frame"] == frame]
        if not sel:
            continue
        a = np.array([bool(r[args.first]) for r in sel], dtype=float)
        b = np.array([bool(r[args.second]) for r in sel], dtype=float)
        agree = float((a == b).mean())
        # alpha is undefined when both judges give every unit the same verdict
        alpha = krippendorff.alpha(reliability_data=np.vstack([a, b]), level_of_measurement="nominal") if len(set(a) | set(b)) > 1 else float("nan")
        print(f"{frame or 'all':12s} {len(sel):>4d}  {a.mean():>10.2f} {b.mean():>10.2f}  {agree:.2f}   {alpha:.2f}")
    print(f"{len(both)} of {len(rows)} units judged by both")


def _sentences(work: Path, name: str) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {}
    for fname in ("frame_sentences.csv", "frames.csv"):
        path = work / name / fname
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(fh):
                    out.setdefault((r["doc_id"], int(r["sent_id"])), r["sentence"])
    return out


def rescore(args: argparse.Namespace) -> None:
    work = Path(args.work)
    csv.field_size_limit(sys.maxsize)
    judged: dict[tuple[str, str, int, str], bool] = {}
    for refs in args.refs:
        for line in Path(refs).read_text(encoding="utf-8").splitlines():
            r = json.loads(line) if line.strip() else {}
            if r.get("correct") is None:
                continue
            corpus, doc = r["source"].split(":", 1)
            judged[(corpus, doc, int(r["sent_id"]), r["frame"])] = (bool(r["correct"]), r["sha1"])
    counted: set[tuple[str, str, int, str]] = set()
    sentences: dict[str, dict[tuple[str, int], str]] = {}
    for name in {k[0] for k in judged}:
        counted |= {(name, str(u["doc_id"]), int(u["sent_id"]), str(u["frame"])) for u in units(work / name / "frames.csv")}
        sentences[name] = _sentences(work, name)
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    unmatched = 0
    for key, (correct, sha1) in judged.items():
        text = sentences[key[0]].get((key[1], key[2]))
        if text is None or hashlib.sha1(text.encode("utf-8")).hexdigest() != sha1:
            unmatched += 1
            continue
        for cell in ((key[0], key[3]), ("both", key[3])):
            row = table[cell]
            row[0] += correct
            row[1] += 1
            if key in counted:
                row[2] += correct
                row[3] += 1
    print(f"{'corpus':16s} {'frame':12s} {'judged':>9s}  prec  {'still counted':>13s}  prec   95% CI")
    for (corpus, frame), (k, n, k2, n2) in sorted(table.items(), key=lambda kv: (kv[0][0], FRAMES.index(kv[0][1]))):
        lo, hi = wilson(k2, n2)
        still = f"{k2 / n2:.2f}  [{lo:.2f}, {hi:.2f}]" if n2 else "  -"
        print(f"{corpus:16s} {frame:12s} {k:>4d}/{n:<4d}  {k / n:.2f}  {k2:>6d}/{n2:<6d}  {still}")
    print(f"{len(judged)} judged units, {unmatched} not found or with another sentence hash; units counted for the first time are not judged and not in the estimate")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="write the corpora and run discourse analyze --steps frames on each")
    r.add_argument("--work", default="/tmp/wild")
    r.add_argument("--datasets", default=None)
    r.add_argument("--cache-dir", default=None)
    s = sub.add_parser("sample", help="draw the seeded sample of counted evidence")
    s.add_argument("--work", default="/tmp/wild")
    s.add_argument("--per-frame", type=int, default=50)
    s.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED}, the first sample's)")
    s.add_argument("--sheet", default="/tmp/wild/sheet.jsonl")
    s.add_argument("--refs", default="/tmp/wild/refs.jsonl")
    c = sub.add_parser("score", help="precision per frame and class of a judged refs file")
    c.add_argument("refs")
    c.add_argument("--csv", default=None)
    c.add_argument("--counted-only", action="store_true", help="only the rows still counted by the rules of the time (counted_by_final_rules true)")
    c.add_argument("--judge", default="correct", help="the field with the verdicts (default correct; correct_2: the second judge's)")
    g = sub.add_parser("agreement", help="two judges of one refs file: precision by each, agreement and Krippendorff's alpha")
    g.add_argument("refs")
    g.add_argument("--first", default="correct")
    g.add_argument("--second", default="correct_2")
    e = sub.add_parser("rescore", help="precision of judged units still counted by the rules of a new run")
    e.add_argument("refs", nargs="+", help="judged refs files (the last file's judgement of a unit wins)")
    e.add_argument("--work", default="/tmp/wild")
    args = ap.parse_args(argv)
    {"run": run, "sample": sample, "score": score, "rescore": rescore, "agreement": agreement}[args.cmd](args)


if __name__ == "__main__":
    main()
