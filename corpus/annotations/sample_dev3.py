"""Deterministic candidate sampler for frames_dev3.jsonl (standard library only).

frames_dev3 is a BLIND test set: coded by hand, never used for tuning rules.

Same splitter and filters as sample_dev2.py (reused by copy, so this script stays
stand-alone), but a different seed (7331) and a design that is richer in frame signals:
  - allsides-gender news: 24 random men-word sentences + 24 random men-word sentences
    that also contain a frame-relevant word (ally, support, advocate, benefit, victim,
    abuse, violence, harass, assault, suicide, stigma, privilege, accused, custody,
    discrimination, feminism, equality);
  - reddit r/MensRights and r/MensLib: 12 + 12 of each kind per subreddit;
  - ~15 hard near-misses from both corpora: wartime "Allies"/"Allied", political "allies", "beneficiary"
    outside gender equality, women as victims with no men word, "mankind"-type words,
    "victims" in games/sports contexts.
Sentences already present in frames_dev2.jsonl are excluded (exact text comparison after
whitespace normalisation; only the "text" field of that file is read, never its labels).
It oversamples slightly so that garbage can be dropped during coding.

Candidates go to a scratch file outside the repo; coding is done by hand afterwards.

Usage: python sample_dev3.py [OUT_PATH]   (default /tmp/dev3_candidates.txt)
"""
import gzip
import json
import os
import random
import re
import sys

SEED = 7331
ALLSIDES = "/work/shared/datasets/allsides-gender/allsides_gender_subset.jsonl.gz"
REDDIT = "/work/shared/datasets/reddit-mensrights-menslib/posts.jsonl.gz"
# the rebuilt dev2 file (see materialise.py; the repository keeps only frames_dev2.refs.jsonl)
DEV2 = os.path.join(os.path.dirname(os.path.abspath(__file__)), "build", "frames_dev2.jsonl")
OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/dev3_candidates.txt"

N_NEWS = 24          # per stratum (random / frame-word)
N_SUB = 12           # per stratum per subreddit
N_NEAR = {"war-allies": 2, "allies": 2, "beneficiary": 3, "women-victims": 3, "mankind": 2, "game-victims": 3}

MEN_RE = re.compile(
    r"\b(men|man|boys|boy|male|males|fathers|father|dads|dad|husbands|husband|"
    r"brothers|sons|guys|he|him|his|himself)\b", re.I)
FRAME_RE = re.compile(
    r"\b(ally|allies|support\w*|advocat\w*|benefit\w*|victim\w*|abus\w*|violen\w*|"
    r"harass\w*|assault\w*|suicid\w*|stigma\w*|privilege\w*|accus\w*|custody|"
    r"discriminat\w*|feminis\w*|equality)\b", re.I)
GENDERISH_RE = re.compile(r"\b(wom[ae]n|feminis\w*|equality|gender|sexis\w*|men's)\b", re.I)
WOMEN_RE = re.compile(r"\b(women|woman|girls?|wives|wife|mothers?|females?)\b", re.I)
NEAR_RE = {
    "war-allies": re.compile(r"\b(Allies|Allied)\b"),   # case-sensitive: WWI/WWII Allies
    "allies": re.compile(r"\b(Allies|Allied|ally|allies)\b"),
    "beneficiary": re.compile(r"\bbeneficiar(?:y|ies)\b", re.I),
    "women-victims": re.compile(   # women/girls presented as victims
        r"\b(violence|abuse|assault|harassment|crimes?)\s+(against|of|toward)\s+(women|girls)\b|"
        r"\b(women|girls|woman|girl|wives|mothers)\b[^.]{0,40}\bvictim\w*|"
        r"\bvictim\w*\b[^.]{0,25}\b(women|girls|woman|girl)\b", re.I),
    "mankind": re.compile(r"\b(mankind|humankind|manned|manpower|man-made|manmade|"
                          r"workmanship|craftsmanship|sportsmanship)\b", re.I),
    "game-victims": re.compile(r"\bvictim\w*\b", re.I),
}
GAME_RE = re.compile(r"\b(games?|teams?|season|league|players?|coach|match|sports?|"
                     r"championship|playoffs?|tournament)\b", re.I)

URL_RE = re.compile(r"https?://|www\.|\]\(|&amp;|&gt;|\.com\b")
SPLIT_RE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def sentences(text):
    for s in SPLIT_RE.split(text):
        s = norm(s or "")
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


def dev2_texts():
    """Texts already coded in frames_dev2.jsonl (labels are never read)."""
    seen = set()
    if os.path.exists(DEV2):
        with open(DEV2, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    seen.add(norm(json.loads(line)["text"]))
    return seen


def near_kind(s):
    """First near-miss category that fits, or None."""
    if NEAR_RE["war-allies"].search(s) and not GENDERISH_RE.search(s):
        return "war-allies"
    if NEAR_RE["allies"].search(s) and not GENDERISH_RE.search(s):
        return "allies"
    if NEAR_RE["beneficiary"].search(s) and not re.search(r"\b(gender|equality)\b", s, re.I):
        return "beneficiary"
    if NEAR_RE["mankind"].search(s):
        return "mankind"
    if NEAR_RE["game-victims"].search(s) and GAME_RE.search(s):
        return "game-victims"
    if (NEAR_RE["women-victims"].search(s) and WOMEN_RE.search(s)
            and not MEN_RE.search(s)):
        return "women-victims"
    return None


def main():
    rng = random.Random(SEED)
    exclude = dev2_texts()
    men = {"allsides": [], "MensRights": [], "MensLib": []}
    near = {k: [] for k in N_NEAR}

    def add(src, subset, fam, s):
        if s in exclude:
            return
        item = (src, subset, s)
        if MEN_RE.search(s):
            men[fam].append(item)
        k = near_kind(s)
        if k:
            near[k].append(item)

    for d in load(ALLSIDES):
        for s in sentences(d["text"]):
            add("allsides-gender:" + str(d["id"]), "allsides-" + d["metadata"]["bias_text"],
                "allsides", s)
    for d in load(REDDIT):
        sub = d["metadata"]["subreddit"]
        for s in sentences(d["text"]):
            add("reddit:" + d["id"], sub, sub, s)

    used = set()

    def draw(pool, k):
        by_text = {}
        for item in sorted(set(pool)):
            by_text.setdefault(item[2], item)      # one copy of duplicated sentences
        cands = [it for t, it in sorted(by_text.items()) if t not in used]
        got = rng.sample(cands, min(k, len(cands)))
        used.update(it[2] for it in got)
        return got

    picked = []
    for fam, k in (("allsides", N_NEWS), ("MensRights", N_SUB), ("MensLib", N_SUB)):
        picked += [("frame", *x) for x in draw([x for x in men[fam] if FRAME_RE.search(x[2])], k)]
        picked += [("random", *x) for x in draw(men[fam], k)]
    for kind, k in N_NEAR.items():
        picked += [("near-" + kind, *x) for x in draw(near[kind], k)]

    with open(OUT, "w", encoding="utf-8") as f:
        for i, (kind, src, subset, s) in enumerate(picked, 1):
            f.write(f"{i:03d}\t{kind}\t{src}\t{subset}\t{s}\n")
    sizes = {k: len(v) for k, v in men.items()}
    sizes.update({"near-" + k: len(v) for k, v in near.items()})
    print(f"excluded dev2 texts: {len(exclude)}; pool sizes: {sizes}; "
          f"wrote {len(picked)} candidates to {OUT}")


if __name__ == "__main__":
    main()
