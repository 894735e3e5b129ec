"""Rebuild the dev annotation sets (frames_dev2, frames_dev3) with their sentence texts.

The dev sets are hand-coded sentences from ``../shared/datasets`` (AllSides news articles and
Reddit posts). Those texts are the publishers' and the posters', so the project keeps only
references: ``frames_devN.refs.jsonl`` holds, per sentence, its ``source`` (dataset and document
id), the SHA-1 of its text, and the codes (``mentions_men``, ``labels``). This script finds each
sentence again with the splitter that sampled it (``sample_dev2.sentences``), checks the hash,
and writes the full records (``id, source, subset, text, mentions_men, labels``) that
``discourse evaluate`` reads.

Usage::

    python corpus/annotations/materialise.py [--datasets DIR] [--out DIR]

``--datasets`` defaults to ``../shared/datasets`` beside the project (or
``/work/shared/datasets``); ``--out`` to ``corpus/annotations/build`` (ignored by git). Where the
datasets are absent it says so and exits with status 3; a sentence that cannot be found is an
error (status 1). Standard library only.
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
SETS = ("frames_dev2", "frames_dev3")
DATASETS = {
    "allsides-gender": Path("allsides-gender") / "allsides_gender_subset.jsonl.gz",
    "reddit": Path("reddit-mensrights-menslib") / "posts.jsonl.gz",
}

sys.path.insert(0, str(HERE))
from sample_dev2 import sentences  # noqa: E402  (the splitter that sampled both sets)


def text_hash(text: str) -> str:
    """SHA-1 of a sentence's text (UTF-8)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _default_datasets() -> Path | None:
    for base in (ROOT.parent / "shared" / "datasets", Path("/work/shared/datasets")):
        if all((base / rel).is_file() for rel in DATASETS.values()):
            return base
    return None


def _documents(base: Path, wanted: dict[str, set[str]]) -> dict[str, str]:
    """``source -> text`` for the referenced documents."""
    out: dict[str, str] = {}
    for name, rel in DATASETS.items():
        ids = wanted.get(name, set())
        if not ids:
            continue
        with gzip.open(base / rel, "rt", encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                if str(doc["id"]) in ids:
                    out[f"{name}:{doc['id']}"] = doc["text"]
    return out


def materialise(refs: list[dict], docs: dict[str, str]) -> list[dict]:
    """Full records for ``refs`` (raises ``LookupError`` for a sentence not found)."""
    out = []
    for ref in refs:
        text = next((s for s in sentences(docs.get(ref["source"], "")) if text_hash(s) == ref["sha1"]), None)
        if text is None:
            raise LookupError(f"{ref['id']}: no sentence of {ref['source']} has SHA-1 {ref['sha1']}")
        out.append({"id": ref["id"], "source": ref["source"], "subset": ref["subset"], "text": text,
                    "mentions_men": ref["mentions_men"], "labels": ref["labels"]})
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--datasets", type=Path, default=None, help="folder holding allsides-gender/ and reddit-mensrights-menslib/")
    p.add_argument("--out", type=Path, default=HERE / "build", help="where to write frames_devN.jsonl")
    args = p.parse_args(argv)
    base = args.datasets or _default_datasets()
    if base is None or not all((base / rel).is_file() for rel in DATASETS.values()):
        print("materialise: the datasets (allsides-gender, reddit-mensrights-menslib) are not here; nothing written", file=sys.stderr)
        return 3
    args.out.mkdir(parents=True, exist_ok=True)
    for name in SETS:
        refs = [json.loads(line) for line in (HERE / f"{name}.refs.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
        wanted: dict[str, set[str]] = {}
        for ref in refs:
            dataset, _, doc_id = ref["source"].partition(":")
            wanted.setdefault(dataset, set()).add(doc_id)
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
