"""Known groups (issue 14 item 6): do the frame shares separate communities whose framing of men is known?

r/MensLib (pro-feminist, men's liberation) against r/MensRights (the men's-rights movement),
sentences of posts with a body; and AllSides news by bias (left / center / right). Expectations
stated before running: ally and beneficiary higher in r/MensLib than in r/MensRights; victim
high in both, higher in r/MensRights; perpetrator higher in news than on Reddit.

For every group and frame it prints the share of the sentences that mention men carrying the
frame with three 95% intervals of :func:`discourse.stats.frame_profile`: the default one over
*documents* (Korn-Graubard for a cluster sample, with its design effect): the honest one, since
sentences of one post or article are alike; a cluster bootstrap (``--boot`` replicates, seeded)
as a check; and Wilson over sentences taken as independent, for contrast. For each group against
the reference it prints the difference of shares with its interval (MOVER of the groups'
intervals) and the Holm-adjusted p-value. Then it prints ``--examples`` counted evidence
sentences per frame per group (seeded), to be read.

Input: the ``frame_sentences.csv`` and ``frames.csv`` that ``discourse analyze --steps frames``
writes (``corpus/annotations/sample_wild.py run --work DIR`` makes them for both corpora, with the
``subreddit`` and ``bias`` columns); with ``--run`` this script runs that step first.

Run::

    PYTHONPATH=src python benchmarks/known_groups.py --work /tmp/wild [--run] [--examples 10]

Data: ``reddit-mensrights-menslib`` and ``allsides-gender`` under ``../shared/datasets`` (or
``/work/shared/datasets``); the texts are printed to the terminal only, never written.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

import pandas as pd

from discourse.stats import compare_frames, frame_profile

ROOT = Path(__file__).resolve().parents[1]
FRAMES = ("ally", "beneficiary", "victim", "perpetrator")
SEED = 614
GROUPS = {"reddit": "subreddit", "allsides-gender": "bias"}


def _groups(work: Path, corpus: str, by: str) -> pd.Series:
    """doc_id -> group, from the JSON-lines corpus ``sample_wild.py run`` wrote beside the analysis."""
    ids: dict[str, str] = {}
    with open(work / f"{corpus}.jsonl", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get(by) is not None:
                ids[str(record["id"])] = str(record[by])
    return pd.Series(ids, name=by)


def profile(work: Path, corpus: str, boot: int, examples: int) -> None:
    by = GROUPS[corpus]
    sent = pd.read_csv(work / corpus / "frame_sentences.csv", dtype={"doc_id": str})
    groups = _groups(work, corpus, by)
    sent[by] = sent["doc_id"].map(groups)
    sent = sent[sent[by].notna()]
    for f in FRAMES:
        sent[f] = sent[f].astype(str).str.lower().eq("true")
    sent.attrs["frames"] = list(FRAMES)
    design = frame_profile(sent, by=by)  # over documents: Korn-Graubard
    cluster = frame_profile(sent, by=by, ci="cluster", n_boot=boot, random_state=SEED)  # documents resampled
    wilson = frame_profile(sent, by=by, ci="wilson")  # sentences taken as independent
    reference = sent.groupby(by)["doc_id"].nunique().idxmax()
    diffs = compare_frames(sent, by=by, reference=reference)
    print(f"\n=== {corpus}: sentences mentioning men, by {by} ===")
    print(sent.groupby(by).agg(documents=("doc_id", "nunique"), sentences=("sent_id", "size")).to_string())
    for frame in FRAMES:
        print(f"\n{frame}")
        keys = [by, "frame"]
        both = design[design["frame"] == frame].merge(cluster[keys + ["ci_low", "ci_high"]], on=keys, suffixes=("", "_b"))
        both = both.merge(wilson[keys + ["ci_low", "ci_high"]], on=keys, suffixes=("", "_w"))
        for _, r in both.iterrows():
            print(f"  {r[by]:>12s}  {r['share']:6.3f}  ({int(r['n'])}/{int(r['n_sentences'])})  "
                  f"documents [{r['ci_low']:.3f}, {r['ci_high']:.3f}] (deff {r['design_effect']:.1f}, {r['ci_method']})  "
                  f"bootstrap [{r['ci_low_b']:.3f}, {r['ci_high_b']:.3f}]  Wilson [{r['ci_low_w']:.3f}, {r['ci_high_w']:.3f}]")
        for _, r in diffs[diffs["frame"] == frame].iterrows():
            print(f"  {r[by]} - {reference}: {r['difference']:+.3f}  documents [{r['ci_low']:+.3f}, {r['ci_high']:+.3f}]  "
                  f"Holm p = {r['p_holm']:.3f}{'  *' if r['p_holm'] < 0.05 else ''}")
    if examples:
        ev = pd.read_csv(work / corpus / "frames.csv", dtype={"doc_id": str})
        ev[by] = ev["doc_id"].map(groups)
        ev = ev[ev["counts"].astype(str).str.lower().eq("true")]
        ev = ev.drop_duplicates(["doc_id", "sent_id", "frame"])
        pick = random.Random(SEED)
        for frame in FRAMES:
            for group in sorted(ev[by].dropna().astype(str).unique()):
                rows = ev[(ev["frame"] == frame) & (ev[by].astype(str) == group)]
                chosen = pick.sample(range(len(rows)), min(examples, len(rows)))
                print(f"\n--- {corpus} / {group} / {frame}: {len(chosen)} of {len(rows)} counted sentences ---")
                for i in sorted(chosen):
                    r = rows.iloc[i]
                    print(f"  [{r['cue_class']}: {r['cue']}] {' '.join(str(r['sentence']).split())[:300]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", default="/tmp/wild", help="folder of sample_wild.py run (one sub-folder per corpus)")
    ap.add_argument("--run", action="store_true", help="run discourse analyze --steps frames first (sample_wild.py run)")
    ap.add_argument("--boot", type=int, default=2000)
    ap.add_argument("--examples", type=int, default=10)
    args = ap.parse_args(argv)
    work = Path(args.work)
    if args.run:
        subprocess.run([sys.executable, str(ROOT / "corpus" / "annotations" / "sample_wild.py"), "run", "--work", str(work)], check=True)
    missing = [c for c in GROUPS if not (work / c / "frame_sentences.csv").is_file()]
    if missing:
        print(f"known_groups: no analysis of {', '.join(missing)} under {work}; run with --run (needs ../shared/datasets)")
        return 0
    for corpus in GROUPS:
        profile(work, corpus, args.boot, args.examples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
