"""Known groups (issue 14 item 6): do the frame shares separate communities whose framing of men is known?

r/MensLib (pro-feminist, men's liberation) against r/MensRights (the men's-rights movement),
sentences of posts with a body; and AllSides news by bias (left / center / right). Expectations
stated before running: ally and beneficiary higher in r/MensLib than in r/MensRights; victim
high in both, higher in r/MensRights; perpetrator higher in news than on Reddit.

For every group and frame it prints the share of the sentences that mention men carrying the
frame, with the Wilson 95% interval of :func:`discourse.stats.frame_profile` (sentences taken as
independent) and a 95% interval resampling *documents* (a cluster bootstrap, ``--boot``
replicates, seeded): the honest one, since sentences of one post or article are alike. For each
pair of groups it prints the difference of shares with its document-bootstrap interval. Then it
prints ``--examples`` counted evidence sentences per frame per group (seeded), to be read.

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
import random
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

from discourse.stats import frame_profile

ROOT = Path(__file__).resolve().parents[1]
FRAMES = ("ally", "beneficiary", "victim", "perpetrator")
SEED = 614
GROUPS = {"reddit": "subreddit", "allsides-gender": "bias"}


def _bootstrap(sent: pd.DataFrame, by: str, frame: str, boot: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Per group, ``boot`` replicate shares of ``frame``, resampling documents with replacement."""
    out: dict[str, np.ndarray] = {}
    for group, part in sent.groupby(by):
        per_doc = part.groupby("doc_id")[frame].agg(["sum", "size"]).to_numpy(dtype=float)
        idx = rng.integers(0, len(per_doc), size=(boot, len(per_doc)))
        picked = per_doc[idx]
        out[str(group)] = picked[..., 0].sum(axis=1) / picked[..., 1].sum(axis=1)
    return out


def profile(work: Path, corpus: str, boot: int, examples: int) -> None:
    by = GROUPS[corpus]
    sent = pd.read_csv(work / corpus / "frame_sentences.csv")
    sent = sent[sent[by].notna()]
    sent[by] = sent[by].astype(str)
    for f in FRAMES:
        sent[f] = sent[f].astype(str).str.lower().eq("true")
    sent.attrs["frames"] = list(FRAMES)
    prof = frame_profile(sent, by=by)
    rng = np.random.default_rng(SEED)
    print(f"\n=== {corpus}: sentences mentioning men, by {by} ===")
    print(sent.groupby(by).agg(documents=("doc_id", "nunique"), sentences=("sent_id", "size")).to_string())
    for frame in FRAMES:
        reps = _bootstrap(sent, by, frame, boot, rng)
        print(f"\n{frame}")
        for _, r in prof[prof["frame"] == frame].iterrows():
            lo, hi = np.percentile(reps[str(r[by])], [2.5, 97.5])
            print(f"  {r[by]:>12s}  {r['share']:6.3f}  ({int(r['n'])}/{int(r['n_sentences'])})  Wilson [{r['ci_low']:.3f}, {r['ci_high']:.3f}]  documents [{lo:.3f}, {hi:.3f}]")
        for a, b in combinations(sorted(reps), 2):
            d = reps[a] - reps[b]
            lo, hi = np.percentile(d, [2.5, 97.5])
            point = prof[(prof["frame"] == frame) & (prof[by] == a)]["share"].iloc[0] - prof[(prof["frame"] == frame) & (prof[by] == b)]["share"].iloc[0]
            print(f"  {a} - {b}: {point:+.3f}  documents [{lo:+.3f}, {hi:+.3f}]{'  *' if lo > 0 or hi < 0 else ''}")
    if examples:
        ev = pd.read_csv(work / corpus / "frames.csv")
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
