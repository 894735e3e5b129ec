"""Deterministic candidate sampler for frames_dev2.jsonl (standard library only).

Draws sentence candidates for hand-coding from two corpora other than the seed corpus:
  - allsides-gender news articles (~60)
  - reddit r/MensRights + r/MensLib posts (~30 + ~30)
plus ~20 "near-miss" sentences (mankind, allies, victims, women-only subjects, ...)
that contain none of the men words.

Candidates are printed (with source ids) to a scratch file outside the repo;
coding is done by hand afterwards.

Usage: python sample_dev2.py [OUT_PATH]   (default /tmp/dev2_candidates.txt)
"""
import gzip
import json
import random
import re
import sys

SEED = 2026
ALLSIDES = "/work/shared/datasets/allsides-gender/allsides_gender_subset.jsonl.gz"
REDDIT = "/work/shared/datasets/reddit-mensrights-menslib/posts.jsonl.gz"
OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/dev2_candidates.txt"

N_ALLSIDES = 70      # slight oversampling: garbage is dropped during coding
N_PER_SUB = 35
N_NEAR = 12          # per source family (allsides, reddit)

MEN_RE = re.compile(
    r"\b(men|man|boys|boy|male|males|fathers|father|dads|dad|husbands|husband|"
    r"brothers|sons|guys|he|him|his|himself)\b", re.I)
NEAR_RE = re.compile(
    r"\b(mankind|allies|ally|beneficiar(?:y|ies)|victims?|manned|rights of man|"
    r"women|woman|girls|mothers|wives|feminis(?:t|ts|m))\b", re.I)
URL_RE = re.compile(r"https?://|www\.|\]\(|&amp;|&gt;|\.com\b")
SPLIT_RE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")


def sentences(text):
    for s in SPLIT_RE.split(text):
        s = re.sub(r"\s+", " ", s or "").strip()
        if not s:
            continue
        n = len(s.split())
        if n < 8 or n > 45:
            continue
        if URL_RE.search(s):
            continue
        if sum(ord(c) > 127 for c in s) > 0.1 * len(s):
            continue
        yield s


def load(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def main():
    rng = random.Random(SEED)
    pools = {"allsides": [], "MensRights": [], "MensLib": []}
    near = {"allsides": [], "reddit": []}
    for d in load(ALLSIDES):
        subset = "allsides-" + d["metadata"]["bias_text"]
        src = "allsides-gender:" + str(d["id"])
        for s in sentences(d["text"]):
            item = (src, subset, s)
            if MEN_RE.search(s):
                pools["allsides"].append(item)
            elif NEAR_RE.search(s):
                near["allsides"].append(item)
    for d in load(REDDIT):
        sub = d["metadata"]["subreddit"]
        src = "reddit:" + d["id"]
        for s in sentences(d["text"]):
            item = (src, sub, s)
            if MEN_RE.search(s):
                pools[sub].append(item)
            elif NEAR_RE.search(s):
                near["reddit"].append(item)

    def draw(pool, k):
        pool = sorted(set(pool))
        return rng.sample(pool, min(k, len(pool)))

    picked = []
    picked += [("men", *x) for x in draw(pools["allsides"], N_ALLSIDES)]
    picked += [("men", *x) for x in draw(pools["MensRights"], N_PER_SUB)]
    picked += [("men", *x) for x in draw(pools["MensLib"], N_PER_SUB)]
    picked += [("near", *x) for x in draw(near["allsides"], N_NEAR)]
    picked += [("near", *x) for x in draw(near["reddit"], N_NEAR)]

    with open(OUT, "w", encoding="utf-8") as f:
        for i, (kind, src, subset, s) in enumerate(picked, 1):
            f.write(f"{i:03d}\t{kind}\t{src}\t{subset}\t{s}\n")
    sizes = {k: len(v) for k, v in pools.items()}
    sizes.update({"near-" + k: len(v) for k, v in near.items()})
    print(f"pool sizes: {sizes}; wrote {len(picked)} candidates to {OUT}")


if __name__ == "__main__":
    main()
