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


def test_there_are_five_notebooks():
    assert [p.name for p in NOTEBOOKS] == [
        "01_corpus.ipynb",
        "02_framing_of_men.ipynb",
        "03_themes.ipynb",
        "04_key_terms.ipynb",
        "05_validation.ipynb",
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


# --------------------------------------------------------------------------------------------
# every notebook on another corpus, as a researcher runs it: papermill with parameters

#: Parameters each notebook is run with on the generated corpus (papermill -p NAME VALUE).
OWN_CORPUS_PARAMETERS = {
    "01_corpus": {"group_column": "outlet"},
    "02_framing_of_men": {"group_column": "outlet", "gold_files": []},
    "03_themes": {"group_column": "outlet", "k_range": "2-4", "date_column": "date"},
    "04_key_terms": {"group_column": "outlet", "min_docs": 2, "n_terms": 5},
}

_THEMES = {
    "care": [
        "Fathers take parental leave and share childcare with their partners at home.",
        "Many men say they want more time with their children after work.",
        "The nursery asked dads to join the morning reading sessions with their toddlers.",
        "Young fathers learn to cook, bathe the baby and plan the school run together.",
    ],
    "violence": [
        "Police said the men attacked two women outside the station late on Friday.",
        "Campaigners warn that violent men harm partners and children behind closed doors.",
        "The court heard that the man threatened his former wife for several months.",
        "Programmes teach abusive husbands to stop and to take responsibility for the harm.",
    ],
    "work": [
        "Male managers support gender equality by mentoring women for senior roles.",
        "Men at the firm backed equal pay and spoke up for female colleagues in meetings.",
        "The union said male workers stand with women against discrimination at the plant.",
        "Executives promised to promote women and to publish the pay gap every year.",
    ],
    "health": [
        "Boys are bullied at school and many suffer in silence with depression.",
        "Doctors say men neglect their health and rarely see a counsellor until too late.",
        "Suicide remains the biggest killer of young men under forty-five in the country.",
        "Charities help lonely older men who lost their jobs and their friends.",
    ],
}


def _own_corpus(root: Path) -> Path:
    """Twelve short articles over four themes from three outlets, with a metadata.csv
    (doc_id, outlet, date): a corpus unlike the seed corpus, with nothing the notebooks know."""
    root.mkdir(parents=True)
    themes = list(_THEMES)
    rows = ["doc_id,outlet,date"]
    for i in range(12):
        doc_id = f"article-{i:02d}"
        outlet = ("Daily Post", "Evening Star", "Weekly Review")[i % 3]
        main, other = themes[i % 4], themes[(i + 1 + i // 4) % 4]
        paragraphs = []
        for p in range(5):
            pool = _THEMES[main] if p % 3 != 2 else _THEMES[other]
            paragraphs.append(" ".join(pool[(p + k + i) % 4] for k in range(3)))
        (root / f"{doc_id}.txt").write_text(f"Report {i + 1}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        rows.append(f"{doc_id},{outlet},{2018 + i % 4}-0{1 + i % 9}-15")
    (root / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


def test_every_notebook_starts_with_a_parameters_cell():
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        first = nb["cells"][0]
        assert first["cell_type"] == "code" and "parameters" in first["metadata"].get("tags", []), path.name
        source = "".join(first["source"])
        assert 'corpus = "../corpus"' in source and "figures = None" in source, path.name
        downstream = "".join("".join(c["source"]) for c in nb["cells"][1:] if c["cell_type"] == "code")
        for doc_id in ("can-men-be-allies", "care-engaging-men", "men-empowerment-trends", "men-engagement-programme", "mens-rights-equality"):
            assert doc_id not in downstream, f"{path.name} hard-codes {doc_id}"
        assert '"corpus"' not in downstream and "ROOT /" not in downstream, f"{path.name} hard-codes a path"


@pytest.mark.slow
def test_every_notebook_runs_through_papermill_on_another_corpus(tmp_path):
    papermill = pytest.importorskip("papermill")
    corpus = _own_corpus(tmp_path / "my_articles")
    figures = tmp_path / "figures"
    os.environ.setdefault("MPLBACKEND", "Agg")
    for path in NOTEBOOKS:
        params = OWN_CORPUS_PARAMETERS.get(path.stem)
        if params is None:
            continue  # a notebook added by another issue brings its own test
        out = tmp_path / f"{path.stem}.out.ipynb"
        # run from the repository root, as `papermill notebooks/02_framing_of_men.ipynb out.ipynb -p corpus my_articles/`
        papermill.execute_notebook(
            str(path), str(out), parameters={"corpus": str(corpus), "figures": str(figures), **params},
            cwd=str(ROOT), kernel_name="python3", progress_bar=False, log_output=False,
        )
        text = out.read_text(encoding="utf-8")
        assert "can-men-be-allies" not in text, f"{path.stem} read the seed corpus"
        assert "12 documents from my_articles" in text, path.stem
    made = {p.name for p in figures.iterdir()}
    for stem in ("corpus_composition", "frame_profile", "frame_profile_by_outlet", "k_selection", "top_terms",
                 "topic_prevalence", "topic_prevalence_by_outlet", "topic_prevalence_by_year", "keyness_target"):
        assert {f"{stem}.pdf", f"{stem}.svg", f"{stem}.png"} <= made, stem
