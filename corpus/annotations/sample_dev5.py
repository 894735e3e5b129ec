"""Deterministic candidate sampler for frames_dev5 (a blind, held-out set).

frames_dev5 is built like frames_dev4 (see ``sample_dev4.py``) but is held out: it is coded by
hand, blind, and used only to report how the frame rules generalise, never to tune them. It
reuses dev4's document reader, splitter, filters, word lists and near-miss patterns by import,
with these differences:

  - seed ``random.Random(5505)``;
  - two strata per family, no machine-selected one: ``frame`` (a men word and a frame-relevant
    word, ``FRAME_RE``) and ``random`` (a men word, ``MEN_RE``), roughly half each; ``discourse``
    (its labeller or anything else) is not imported at all;
  - 16 hard near-misses (``near-<kind>``), as in dev4;
  - every sentence already in the seed set, frames_dev2, frames_dev3 or frames_dev4 is dropped
    (texts compared after whitespace normalisation; only the ``text`` field of those files is
    read, never their labels: build them first with ``materialise.py``).

Per family (frame, random): allsides-left / -center / -right 15 + 15 each; r/MensRights and
r/MensLib 20 + 20 each; bbc-news and 20newsgroups 24 + 16 each (leaning on ``frame``: they rarely
frame men). 266 asked for (265 drawn: the "beneficiary" near-miss pool holds 2 sentences), a few more
than 250 so that broken text can be dropped.

Outputs, both outside the repository:
  ``/tmp/dev5_candidates.jsonl``  ``{"cid", "text"}`` in shuffled order: what the coder reads;
  ``/tmp/dev5_key.jsonl``         ``{"cid", "source", "subset", "stratum"}``: not read before
                                  the coding is finished.

Standard library only.

Usage: python sample_dev5.py [--datasets DIR] [--out /tmp/dev5_candidates.jsonl] [--key /tmp/dev5_key.jsonl]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from sample_dev2 import sentences  # noqa: E402  (the splitter of dev2 / dev3 / dev4)
from sample_dev4 import FRAME_RE, MEN_RE, N_NEAR, documents, near_kind, norm, write_candidates  # noqa: E402

SEED = 5505
CODED = [HERE / "build" / "frames_dev2.jsonl", HERE / "build" / "frames_dev3.jsonl",
         HERE / "build" / "frames_dev4.jsonl", HERE / "frames_seed_gold.jsonl"]

# family -> (frame, random)
ALLOC = {
    "allsides-left": (15, 15), "allsides-center": (15, 15), "allsides-right": (15, 15),
    "MensRights": (20, 20), "MensLib": (20, 20),
    "bbc-news": (24, 16), "20newsgroups": (24, 16),
}


def coded_texts() -> set[str]:
    """Normalised texts already coded in the seed set, dev2, dev3 and dev4 (labels never read)."""
    seen = set()
    for path in CODED:
        if not path.exists():
            sys.exit(f"sample_dev5: {path} is missing: run materialise.py first (needed to exclude coded sentences)")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.add(norm(json.loads(line)["text"]))
    return seen


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--datasets", type=Path, default=Path("/work/shared/datasets"))
    p.add_argument("--out", type=Path, default=Path("/tmp/dev5_candidates.jsonl"))
    p.add_argument("--key", type=Path, default=Path("/tmp/dev5_key.jsonl"))
    args = p.parse_args(argv)

    rng = random.Random(SEED)
    exclude = coded_texts()
    men = {fam: {} for fam in ALLOC}            # family -> text -> (source, subset), first copy
    near = {k: {} for k in N_NEAR}
    for fam, src, subset, text in documents(args.datasets):
        for s in sentences(text):
            if norm(s) in exclude:
                continue
            if MEN_RE.search(s):
                men[fam].setdefault(s, (src, subset))
            k = near_kind(s)
            if k:
                near[k].setdefault(s, (src, subset))

    used: set[str] = set()      # normalised texts drawn: one copy of a repeated sentence

    def draw(pool: dict, k: int, keep=lambda s: True) -> list[tuple[str, str, str]]:
        cands = [s for s in sorted(pool) if norm(s) not in used and keep(s)]
        got = rng.sample(cands, min(k, len(cands)))
        used.update(norm(s) for s in got)
        return [(pool[s][0], pool[s][1], s) for s in got]

    picked = []   # (stratum, source, subset, text)
    for fam, (n_frame, n_random) in ALLOC.items():
        picked += [("frame", *x) for x in draw(men[fam], n_frame, lambda s: FRAME_RE.search(s))]
        picked += [("random", *x) for x in draw(men[fam], n_random)]
    for kind, k in N_NEAR.items():
        picked += [("near-" + kind, *x) for x in draw(near[kind], k)]

    rng.shuffle(picked)
    write_candidates(picked, args.out, args.key)
    sizes = {fam: (len(v), sum(1 for s in v if FRAME_RE.search(s))) for fam, v in men.items()}
    print(f"excluded coded texts: {len(exclude)}; men-word pools (all, with frame word): {sizes}; "
          f"near-miss pools: { {k: len(v) for k, v in near.items()} }; "
          f"wrote {len(picked)} candidates to {args.out} (key: {args.key})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
