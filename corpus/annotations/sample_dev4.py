"""Deterministic candidate sampler for frames_dev4 (a blind development set; issue 14).

frames_dev4 is coded by hand, blind (before any rule tuning on it). It samples all four
datasets in ``/work/shared/datasets``:

  - allsides-gender news, per AllSides bias (left / center / right): 11 + 11 + 11;
  - reddit r/MensRights and r/MensLib, posts with a body only (``is_self`` true and
    ``selftext_raw_status == "present"``; no link, image or removed posts): 15 + 15 + 15 each;
  - bbc-news (de-duplicated articles): 12 + 20 + 15;
  - 20newsgroups: 12 + 20 + 15, on the post body (:func:`newsgroup_body`: headers, quoted
    lines, attribution lines and the signature removed, hard-wrapped lines re-joined);
  - 16 hard near-misses drawn from all four datasets.

The three numbers are the strata, in this order:
  ``frame``    a men word and a frame-relevant word (FRAME_RE, a broad list);
  ``random``   a men word (MEN_RE), at random;
  ``unframed`` a men word and a frame-relevant word, and ``discourse.label_sentences`` (the rules
               as they are when this runs) gives the sentence no frame. The machine's output is
               used only to select: it is never printed or written.
Near-misses (``near-<kind>``): war "Allies", political allies, "beneficiary" outside gender
equality, women/girls as victims with no men word, "mankind"/"manpower"/"Man Utd" words, and
"victim" in sport or game contexts.

It reuses the splitter and filters of ``sample_dev2.py`` (``sentences``: 8-45 words, no URLs or
markdown links), and drops every sentence already coded in frames_dev2 / frames_dev3 / the seed
set (texts compared after whitespace normalisation; only the ``text`` field of those files is read,
never their labels: build them first with ``materialise.py``). One copy of a repeated sentence.

Outputs, both outside the repository:
  ``/tmp/dev4_candidates.jsonl``  ``{"cid", "text"}`` in shuffled order: what the coder reads;
  ``/tmp/dev4_key.jsonl``         ``{"cid", "source", "subset", "stratum"}``: not read before
                                  the coding is finished.

``newsgroup_body`` is also what ``materialise.py`` applies to 20newsgroups posts, so the two
always split the same text. Everything at module level is standard library only; ``discourse``
is imported inside ``main`` (for the ``unframed`` stratum).

Usage: python sample_dev4.py [--datasets DIR] [--out /tmp/dev4_candidates.jsonl] [--key /tmp/dev4_key.jsonl]
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from sample_dev2 import sentences  # noqa: E402  (the splitter of dev2 / dev3)

SEED = 4404
FILES = {
    "allsides-gender": Path("allsides-gender") / "allsides_gender_subset.jsonl.gz",
    "reddit": Path("reddit-mensrights-menslib") / "posts.jsonl.gz",
    "bbc-news": Path("bbc-news") / "bbc_fulltext.jsonl.gz",
    "20newsgroups": Path("20newsgroups") / "20news_bydate.jsonl.gz",
}
CODED = [HERE / "build" / "frames_dev2.jsonl", HERE / "build" / "frames_dev3.jsonl",
         HERE / "frames_seed_gold.jsonl"]

# family -> (frame, random, unframed)
ALLOC = {
    "allsides-left": (11, 11, 11), "allsides-center": (11, 11, 11), "allsides-right": (11, 11, 11),
    "MensRights": (15, 15, 15), "MensLib": (15, 15, 15),
    "bbc-news": (20, 12, 15), "20newsgroups": (20, 12, 15),
}
N_NEAR = {"war-allies": 2, "allies": 3, "beneficiary": 3, "women-victims": 3, "mankind": 2, "sport-victims": 3}
N_LABEL = 700   # sentences per family given to the rules for the ``unframed`` stratum

MEN_RE = re.compile(
    r"\b(men|man|boys?|males?|fathers?|dads?|husbands?|brothers?|sons?|guys?|he|him|his|himself|"
    r"gentlem[ae]n|boyfriends?|grandfathers?|grandsons?|uncles?|nephews?|stepfathers?|widowers?)\b", re.I)
FRAME_RE = re.compile(
    r"\b(ally|allies|allyship|support\w*|advocat\w*|champion\w*|campaign\w*|pledg\w*|equality|equal|"
    r"feminis\w*|benefit\w*|beneficiar\w*|privilege\w*|power\w*|paid|pay|wages?|victim\w*|abus\w*|"
    r"violen\w*|harass\w*|assault\w*|rape[ds]?|raping|rapists?|kill\w*|murder\w*|suicid\w*|"
    r"mental health|depress\w*|anxiety|stigma\w*|pressur\w*|shame\w*|shaming|expect\w*|"
    r"discriminat\w*|custody|courts?|misogyn\w*|sexis\w*|control\w*|accus\w*|beat|beats|beating|"
    r"attack\w*|threat\w*|hurt\w*|harm\w*|bull(?:y|ied|ies|ying)|dominat\w*|patriarch\w*|toxic|"
    r"stereotyp\w*|role models?|oppress\w*|unfair\w*|injustice|prejudice\w*|molest\w*|prison\w*|"
    r"jail\w*|convict\w*|lonel\w*|isolat\w*|struggl\w*|circumcis\w*|gap|burden\w*|entitle\w*|"
    r"superior\w*|protect\w*|breadwinner\w*|emotion\w*|vulnerab\w*)\b", re.I)
GENDERISH_RE = re.compile(r"\b(wom[ae]n|feminis\w*|equality|gender|sexis\w*|men's|girls?)\b", re.I)
WOMEN_RE = re.compile(r"\b(women|woman|girls?|wives|wife|mothers?|females?|daughters?|sisters?)\b", re.I)
NEAR_RE = {
    "war-allies": re.compile(r"\b(Allies|Allied)\b"),          # case-sensitive: the wartime Allies
    "allies": re.compile(r"\b(ally|allies|allied)\b", re.I),
    "beneficiary": re.compile(r"\bbeneficiar(?:y|ies)\b", re.I),
    "women-victims": re.compile(
        r"\b(violence|abuse|assault|harassment|crimes?|rape)\s+(against|of|toward)\s+(women|girls)\b|"
        r"\b(women|girls|woman|girl|wives|mothers|daughters?)\b[^.]{0,40}\bvictim\w*|"
        r"\bvictim\w*\b[^.]{0,25}\b(women|girls|woman|girl)\b", re.I),
    "mankind": re.compile(r"\b(mankind|humankind|manned|unmanned|manpower|man-made|manmade|man-hours?|"
                          r"workmanship|craftsmanship|sportsmanship|Man (?:Utd|United|City))\b", re.I),
    "sport-victims": re.compile(r"\bvictim\w*\b", re.I),
}
SPORT_RE = re.compile(r"\b(games?|teams?|season|league|players?|coach|match(?:es)?|sports?|cup|"
                      r"championship|playoffs?|tournament|goals?|seed(?:ed)?|round|final|win|won|defeat\w*)\b", re.I)

# 20newsgroups: quoted and attribution lines (as in scikit-learn's remove=('quotes',))
QUOTE_LINE_RE = re.compile(r"(writes in|writes:|wrote:|says:|said:|^In article|^Quoted from|^\||^>)")


def newsgroup_body(text: str) -> str:
    """A 20newsgroups post without its headers, quotes and signature, lines re-joined.

    The headers end at the first blank line. Quoted lines (``>``, ``|``) and attribution lines
    ("... writes:") are dropped; the text from the first signature marker (a line ``--``) on is
    dropped; the remaining hard-wrapped lines are joined with spaces inside each paragraph
    (paragraphs stay separated by a blank line, which ``sentences`` splits on).
    """
    _, sep, body = text.partition("\n\n")
    if not sep:
        return ""
    lines = []
    for line in body.split("\n"):
        if line.rstrip() == "--":
            break
        if QUOTE_LINE_RE.search(line.strip()):
            continue
        lines.append(line)
    paras = re.split(r"\n\s*\n", "\n".join(lines))
    return "\n\n".join(" ".join(p.split()) for p in paras if p.strip())


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _load(path: Path):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def _is_true(v) -> bool:
    return str(v).strip().lower() in ("true", "1", "1.0")


def documents(base: Path):
    """``(family, source, subset, text-to-split)`` for every document sampled from."""
    for d in _load(base / FILES["allsides-gender"]):
        bias = d["metadata"]["bias_text"]
        yield "allsides-" + bias, f"allsides-gender:{d['id']}", "allsides-" + bias, d["text"]
    for d in _load(base / FILES["reddit"]):
        m = d["metadata"]
        if _is_true(m.get("is_self")) and m.get("selftext_raw_status") == "present":
            yield m["subreddit"], f"reddit:{d['id']}", m["subreddit"], d["text"]
    for d in _load(base / FILES["bbc-news"]):
        if d.get("duplicate_of") is None:
            yield "bbc-news", f"bbc-news:{d['id']}", "bbc-" + d["category"], d["text"]
    for d in _load(base / FILES["20newsgroups"]):
        yield "20newsgroups", f"20newsgroups:{d['id']}", "20ng-" + d["category"], newsgroup_body(d["text"])


def coded_texts() -> set[str]:
    """Texts already coded in dev2, dev3 and the seed set (labels are never read)."""
    seen = set()
    for path in CODED:
        if not path.exists():
            sys.exit(f"sample_dev4: {path} is missing: run materialise.py first (needed to exclude coded sentences)")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.add(norm(json.loads(line)["text"]))
    return seen


def near_kind(s: str) -> str | None:
    """First near-miss category that fits, or None."""
    if NEAR_RE["war-allies"].search(s) and not GENDERISH_RE.search(s):
        return "war-allies"
    if NEAR_RE["allies"].search(s) and not GENDERISH_RE.search(s):
        return "allies"
    if NEAR_RE["beneficiary"].search(s) and not re.search(r"\b(gender|equality|men|women)\b", s, re.I):
        return "beneficiary"
    if NEAR_RE["mankind"].search(s):
        return "mankind"
    if NEAR_RE["sport-victims"].search(s) and SPORT_RE.search(s):
        return "sport-victims"
    if NEAR_RE["women-victims"].search(s) and WOMEN_RE.search(s) and not MEN_RE.search(s):
        return "women-victims"
    return None


def write_candidates(picked: list, out: str | Path, key: str | Path) -> None:
    """Write the shuffled candidates: ``out`` gets ``{"cid", "text"}`` (what the coder reads),
    ``key`` gets ``{"cid", "source", "subset", "stratum"}`` (not read before the coding is done)."""
    with open(out, "w", encoding="utf-8") as fo, open(key, "w", encoding="utf-8") as fk:
        for i, (stratum, src, subset, s) in enumerate(picked, 1):
            cid = f"c{i:03d}"
            fo.write(json.dumps({"cid": cid, "text": s}, ensure_ascii=False) + "\n")
            fk.write(json.dumps({"cid": cid, "source": src, "subset": subset, "stratum": stratum}, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--datasets", type=Path, default=Path("/work/shared/datasets"))
    p.add_argument("--out", type=Path, default=Path("/tmp/dev4_candidates.jsonl"))
    p.add_argument("--key", type=Path, default=Path("/tmp/dev4_key.jsonl"))
    args = p.parse_args(argv)

    rng = random.Random(SEED)
    exclude = coded_texts()
    men = {fam: {} for fam in ALLOC}            # family -> text -> (source, subset), first copy
    near = {k: {} for k in N_NEAR}
    for fam, src, subset, text in documents(args.datasets):
        for s in sentences(text):
            if s in exclude:
                continue
            if MEN_RE.search(s):
                men[fam].setdefault(s, (src, subset))
            k = near_kind(s)
            if k:
                near[k].setdefault(s, (src, subset))

    used: set[str] = set()

    def draw(pool: dict, k: int, keep=lambda s: True) -> list[tuple[str, str, str]]:
        cands = [s for s in sorted(pool) if s not in used and keep(s)]
        got = rng.sample(cands, min(k, len(cands)))
        used.update(got)
        return [(pool[s][0], pool[s][1], s) for s in got]

    picked = []   # (stratum, source, subset, text)
    for fam, (n_frame, n_random, _) in ALLOC.items():
        picked += [("frame", *x) for x in draw(men[fam], n_frame, lambda s: FRAME_RE.search(s))]
        picked += [("random", *x) for x in draw(men[fam], n_random)]

    # unframed: a fixed random subset of each family's remaining men + frame-word sentences goes
    # through the rules; the sentences they leave without a frame form the pool.
    from discourse import label_sentences

    for fam, (_, _, n_unframed) in ALLOC.items():
        cands = [s for s in sorted(men[fam]) if s not in used and FRAME_RE.search(s)]
        cands = rng.sample(cands, min(N_LABEL, len(cands)))
        out = label_sentences({str(i): s for i, s in enumerate(cands)})
        unframed = {cands[int(i)]: men[fam][cands[int(i)]] for i, frames in zip(out["id"], out["frames"], strict=True) if len(frames) == 0}
        got = draw(unframed, n_unframed)
        if len(got) < n_unframed:
            sys.exit(f"sample_dev4: the unframed pool of {fam} is too small; raise N_LABEL")
        picked += [("unframed", *x) for x in got]

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
