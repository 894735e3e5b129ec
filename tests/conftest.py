"""Shared fixtures: the seed corpus, one spaCy pipeline per session, a private parse cache."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED_DATASETS = ROOT.parent / "shared" / "datasets"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def seed_corpus():
    from discourse import load_corpus

    return load_corpus(CORPUS)


@pytest.fixture(scope="session")
def parse_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("parse-cache")


@pytest.fixture(scope="session")
def seed_parsed(seed_corpus, parse_cache):
    from discourse import parse

    return parse(seed_corpus, cache_dir=parse_cache)


@pytest.fixture(scope="session")
def seed_full(seed_corpus, parse_cache):
    """The seed corpus with every component over each whole text (``mode="full"``)."""
    from discourse import parse

    return parse(seed_corpus, mode="full", cache_dir=parse_cache)


@pytest.fixture(scope="session")
def nlp():
    from discourse.nlp import load_pipeline

    return load_pipeline()
