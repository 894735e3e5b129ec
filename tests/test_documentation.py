"""The documentation site's sources, the licence and the citation file.

``make docs`` builds the site with warnings as errors and checks its object inventory
(``docs/check_reference.py``); these tests check, without building, that every page the
navigation names exists, that the reference pages cover every subpackage and every top-level
name, that the gallery's figures are there, and the packaging files."""

from __future__ import annotations

import importlib
import re
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

import discourse

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _nav_pages(nav):
    for item in nav:
        if isinstance(item, str):
            yield item
        else:
            for value in item.values():
                yield from ([value] if isinstance(value, str) else _nav_pages(value))


def _config():
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def test_every_page_in_the_navigation_exists_and_every_page_is_in_it():
    config = _config()
    assert config["strict"] is True
    pages = list(_nav_pages(config["nav"]))
    for page in pages:
        assert (DOCS / page).is_file(), page
    on_disk = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert on_disk == set(pages)


def test_the_reference_covers_every_subpackage_and_top_level_name():
    sys.path.insert(0, str(DOCS))
    try:
        check = importlib.import_module("check_reference")
    finally:
        sys.path.remove(str(DOCS))
    reference = "\n".join(p.read_text(encoding="utf-8") for p in (DOCS / "reference").glob("*.md"))
    for module in check.MODULES:
        assert f"::: discourse.{module}\n" in reference, module
    index = (DOCS / "reference" / "index.md").read_text(encoding="utf-8")
    for name in discourse.__all__:
        assert f"[`dc.{name}`]" in index, name
    # a function that shares its name with its module is rendered on its own
    assert "::: discourse.nlp.parse.parse" in reference and "::: discourse.framing.evaluate.evaluate" in reference


def test_the_inventory_check_finds_a_missing_name():
    sys.path.insert(0, str(DOCS))
    try:
        check = importlib.import_module("check_reference")
    finally:
        sys.path.remove(str(DOCS))
    gaps = check.missing({"discourse.corpus.Corpus"})
    assert "discourse.corpus.load_corpus" in gaps and "discourse.corpus.Corpus" not in gaps


def test_the_gallery_shows_committed_figures():
    text = (DOCS / "gallery.md").read_text(encoding="utf-8")
    images = re.findall(r"\]\((gallery/[^)]+\.png)\)", text)
    assert len(images) >= 7
    for image in images:
        path = DOCS / image
        assert path.is_file(), image
        assert path.stat().st_size < 150_000, f"{image}: keep gallery figures small"


def test_the_output_files_page_is_filled_from_the_data_dictionary():
    sys.path.insert(0, str(DOCS))
    try:
        hooks = importlib.import_module("hooks")
    finally:
        sys.path.remove(str(DOCS))
    page = (DOCS / "outputs.md").read_text(encoding="utf-8")
    filled = hooks.on_page_markdown(page)
    from discourse.report.dictionary import TABLES

    for name in TABLES:
        assert f"## `{name}.csv`" in filled, name
    assert hooks.on_page_content('see :func:<code>discourse.parse</code> and :class:<code>~discourse.Corpus</code>') == (
        "see <code>discourse.parse</code> and <code>discourse.Corpus</code>"
    )


def test_licence_citation_and_packaging():
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Copyright (c) 2026 discourse developers" in licence
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0" and citation["license"] == "MIT"
    assert citation["version"] == discourse.__version__
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT" and project["project"]["license-files"] == ["LICENSE"]
    assert any(r.startswith("setuptools>=77") for r in project["build-system"]["requires"])
    extras = project["project"]["optional-dependencies"]
    assert any(r.startswith("papermill") for r in extras["notebooks"])
    assert {r.split(">")[0].split("[")[0] for r in extras["docs"]} == {"mkdocs", "mkdocs-material", "mkdocstrings"}
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {discourse.__version__}" in changelog


@pytest.mark.parametrize("target", ["docs"])
def test_make_and_ci_build_the_docs(target):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^{target}: ", makefile, flags=re.M)
    assert "mkdocs build --strict" in makefile
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci.index("make docs") > ci.index("make test")
    assert "site/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
