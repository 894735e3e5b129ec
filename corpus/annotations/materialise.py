"""Rebuild the dev annotation sets (frames_dev2, frames_dev3, frames_dev4, frames_dev5) with their sentence texts.

The dev sets are hand-coded sentences from ``../shared/datasets`` (AllSides news articles and
Reddit posts; frames_dev4 and frames_dev5 also BBC News articles and 20 Newsgroups posts). Those texts are the
publishers' and the posters', so the project keeps only references: ``frames_devN.refs.jsonl``
holds, per sentence, its ``source`` (dataset and document id), the SHA-1 of its text, and the
codes (``mentions_men``, ``labels``). This script finds each
sentence again with the splitter that sampled it (``sample_dev2.sentences``), checks the hash,
and writes the full records (``id, source, subset, text, mentions_men, labels``; plus ``stratum``
after ``subset`` where the reference has one) that ``discourse evaluate`` reads. A 20newsgroups
post is split after ``sample_dev4.newsgroup_body`` (headers, quotes and signature removed), the
same function its sampler used (and frames_dev5's sampler, which imports it).

Usage::

    python corpus/annotations/materialise.py [--datasets DIR] [--out DIR]

``--datasets`` defaults to ``../shared/datasets`` beside the project (or
``/work/shared/datasets``); ``--out`` to ``corpus/annotations/build`` (ignored by git). Where the
AllSides and Reddit datasets are absent it says so and exits with status 3; a set whose other
datasets (bbc-news, 20newsgroups) are absent is skipped with a note on stderr; a sentence that
cannot be found is an error (status 1). Standard library only.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SETS = ("frames_dev2", "frames_dev3", "frames_dev4", "frames_dev5")
DATASETS = {
    "allsides-gender": Path("allsides-gender") / "allsides_gender_subset.jsonl.gz",
    "reddit": Path("reddit-mensrights-menslib") / "posts.jsonl.gz",
    "bbc-news": Path("bbc-news") / "bbc_fulltext.jsonl.gz",
    "20newsgroups": Path("20newsgroups") / "20news_bydate.jsonl.gz",
}
CORE = ("allsides-gender", "reddit")   # every set needs these; the others only frames_dev4 and frames_dev5

sys.path.insert(0, str(HERE))
from sample_dev2 import sentences  # noqa: E402  (the splitter that sampled every set)
from sample_dev4 import newsgroup_body  # noqa: E402  (20newsgroups: the text dev4's sampler split)

PREPARE = {"20newsgroups": newsgroup_body}   # dataset -> the text ``sentences`` splits


def text_hash(text: str) -> str:
    """SHA-1 of a sentence's text (UTF-8)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _default_datasets() -> Path | None:
    for base in (ROOT.parent / "shared" / "datasets", Path("/work/shared/datasets")):
        if all((base / DATASETS[name]).is_file() for name in CORE):
            return base
    return None


def _documents(base: Path, wanted: dict[str, set[str]]) -> dict[str, str]:
    """``source -> text`` for the referenced documents (the text the sampler split)."""
    out: dict[str, str] = {}
    for name, rel in DATASETS.items():
        ids = wanted.get(name, set())
        if not ids:
            continue
        prepare = PREPARE.get(name, lambda text: text)
        with gzip.open(base / rel, "rt", encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                if str(doc["id"]) in ids:
                    out[f"{name}:{doc['id']}"] = prepare(doc["text"])
    return out


def materialise(refs: list[dict], docs: dict[str, str]) -> list[dict]:
    """Full records for ``refs`` (raises ``LookupError`` for a sentence not found)."""
    out = []
    for ref in refs:
        text = next((s for s in sentences(docs.get(ref["source"], "")) if text_hash(s) == ref["sha1"]), None)
        if text is None:
            raise LookupError(f"{ref['id']}: no sentence of {ref['source']} has SHA-1 {ref['sha1']}")
        record = {"id": ref["id"], "source": ref["source"], "subset": ref["subset"]}
        if "stratum" in ref:
            record["stratum"] = ref["stratum"]
        record.update({"text": text, "mentions_men": ref["mentions_men"], "labels": ref["labels"]})
        out.append(record)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--datasets", type=Path, default=None,
                   help="folder holding allsides-gender/ and reddit-mensrights-menslib/ (and bbc-news/, 20newsgroups/ for frames_dev4 and frames_dev5)")
    p.add_argument("--out", type=Path, default=HERE / "build", help="where to write frames_devN.jsonl")
    args = p.parse_args(argv)
    base = args.datasets or _default_datasets()
    if base is None or not all((base / DATASETS[name]).is_file() for name in CORE):
        print("materialise: the datasets (allsides-gender, reddit-mensrights-menslib) are not here; nothing written", file=sys.stderr)
        return 3
    args.out.mkdir(parents=True, exist_ok=True)
    for name in SETS:
        refs = [json.loads(line) for line in (HERE / f"{name}.refs.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
        wanted: dict[str, set[str]] = {}
        for ref in refs:
            dataset, _, doc_id = ref["source"].partition(":")
            wanted.setdefault(dataset, set()).add(doc_id)
        unknown = sorted(set(wanted) - set(DATASETS))
        if unknown:
            print(f"materialise: {name}: unknown dataset(s) {', '.join(unknown)}", file=sys.stderr)
            return 1
        absent = [DATASETS[d].parts[0] for d in wanted if not (base / DATASETS[d]).is_file()]
        if absent:
            print(f"materialise: {name} skipped: the datasets ({', '.join(sorted(absent))}) are not here", file=sys.stderr)
            continue
        try:
            records = materialise(refs, _documents(base, wanted))
        except LookupError as exc:
            print(f"materialise: {exc}", file=sys.stderr)
            return 1
        path = args.out / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        print(f"materialise: {len(records)} sentences -> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
