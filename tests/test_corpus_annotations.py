"""The dev annotation sets are kept as references and rebuilt from the shared datasets."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from discourse.framing.evaluate import read_gold

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "corpus" / "annotations"
DATASETS = ROOT.parent / "shared" / "datasets"


def test_refs_hold_no_source_text():
    for name in ("frames_dev2", "frames_dev3"):
        refs = [json.loads(line) for line in (ANNOTATIONS / f"{name}.refs.jsonl").read_text(encoding="utf-8").splitlines()]
        assert refs and all("text" not in r and len(r["sha1"]) == 40 for r in refs)
        assert not (ANNOTATIONS / f"{name}.jsonl").exists()


@pytest.mark.skipif(not (DATASETS / "allsides-gender").is_dir() or not (DATASETS / "reddit-mensrights-menslib").is_dir(), reason="../shared/datasets absent")
def test_materialise_rebuilds_every_sentence_with_its_hash(tmp_path):
    done = subprocess.run([sys.executable, str(ANNOTATIONS / "materialise.py"), "--datasets", str(DATASETS), "--out", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for name, n in (("frames_dev2", 162), ("frames_dev3", 111)):
        records = read_gold(tmp_path / f"{name}.jsonl")
        assert len(records) == n
        refs = [json.loads(line) for line in (ANNOTATIONS / f"{name}.refs.jsonl").read_text(encoding="utf-8").splitlines()]
        for rec, ref in zip(records, refs, strict=True):
            assert hashlib.sha1(rec["text"].encode("utf-8")).hexdigest() == ref["sha1"]
            assert rec["labels"] == sorted(ref["labels"])


def test_materialise_without_datasets_says_so(tmp_path):
    done = subprocess.run([sys.executable, str(ANNOTATIONS / "materialise.py"), "--datasets", str(tmp_path), "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert done.returncode == 3 and "not here" in done.stderr
    assert not (tmp_path / "out").exists()


def test_evaluating_a_reference_file_says_how_to_build_it():
    from discourse.errors import CorpusError

    with pytest.raises(CorpusError, match=r"materialise\.py.*build/frames_dev3\.jsonl"):
        read_gold(ANNOTATIONS / "frames_dev3.refs.jsonl")
    with pytest.raises(CorpusError, match=r"not built.*materialise\.py"):
        read_gold(ANNOTATIONS / "frames_dev2.jsonl")
