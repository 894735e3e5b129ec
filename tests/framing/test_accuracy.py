"""Accuracy floors (issue 13 and issue 14): the frame labeller as ``discourse evaluate`` runs it.

* the seed gold: macro-F1 >= 0.80 and men-mention F1 >= 0.95;
* ``frames_dev4`` (blind development set, rebuilt from ``../shared/datasets`` into a temporary
  folder with ``corpus/annotations/materialise.py --out``): macro-F1 >= 0.65. Skipped cleanly
  where the datasets are absent.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from discourse import evaluate

ROOT = Path(__file__).resolve().parents[2]
ANNOTATIONS = ROOT / "corpus" / "annotations"
DATASETS = ROOT.parent / "shared" / "datasets"
DEV4_DATASETS = ("allsides-gender", "reddit-mensrights-menslib", "bbc-news", "20newsgroups")


def test_seed_gold_floor():
    result = evaluate(ANNOTATIONS / "frames_seed_gold.jsonl")
    assert result.macro_f1 >= 0.80, result.per_frame
    assert result.mentions is not None and result.mentions["f1"] >= 0.95, result.mentions


@pytest.mark.skipif(not all((DATASETS / d).is_dir() for d in DEV4_DATASETS), reason="../shared/datasets absent")
def test_dev4_floor(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ANNOTATIONS / "materialise.py"), "--datasets", str(DATASETS), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    result = evaluate(tmp_path / "frames_dev4.jsonl")
    assert result.macro_f1 >= 0.65, result.per_frame
    assert result.mentions is not None and result.mentions["f1"] >= 0.95, result.mentions
