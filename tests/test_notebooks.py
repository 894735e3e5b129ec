"""Execute every notebook top to bottom in a fresh kernel, twice, and check its figures.

The notebooks are how most users meet discourse; CI runs them. They must carry no outputs and
no machine paths, produce the figures they promise, and produce byte-identical PDF/SVG files
when run again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MACHINE_PATH = re.compile(r"(/work/|/home/|/tmp/|/Users/|C:\\\\)")


def test_there_are_four_notebooks():
    assert [p.name for p in NOTEBOOKS] == [
        "01_corpus.ipynb",
        "02_framing_of_men.ipynb",
        "03_themes.ipynb",
        "04_key_terms.ipynb",
    ][: len(NOTEBOOKS)]
    assert len(NOTEBOOKS) >= 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_clean(path):
    raw = path.read_text(encoding="utf-8")
    nb = json.loads(raw)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name}: a code cell carries outputs"
            assert cell.get("execution_count") is None
    assert not MACHINE_PATH.search(raw), f"{path.name}: contains a machine path"


def _execute(path: Path, figures: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    env_before = os.environ.get("DISCOURSE_FIGURES")
    os.environ["DISCOURSE_FIGURES"] = str(figures)
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        client = nbclient.NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
        client.execute()
    finally:
        if env_before is None:
            os.environ.pop("DISCOURSE_FIGURES", None)
        else:
            os.environ["DISCOURSE_FIGURES"] = env_before


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_figures_are_byte_stable(path, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    _execute(path, first)
    figures = _hashes(first)
    assert figures, f"{path.name} saved no figure"
    stems = {Path(name).stem for name in figures}
    for stem in stems:
        assert {f"{stem}.pdf", f"{stem}.svg", f"{stem}.png"} <= set(figures), stem
    _execute(path, second)
    again = _hashes(second)
    for name, digest in figures.items():
        if name.endswith((".pdf", ".svg")):
            assert again[name] == digest, f"{path.name}: {name} differs between two runs"
