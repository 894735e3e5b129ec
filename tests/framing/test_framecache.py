"""Frame results cached per document: re-runs give the tables of a fresh run, and an edit re-labels
only the documents it can change."""

from __future__ import annotations

import copy

import pandas as pd
import pytest
import yaml

from discourse import Corpus, parse
from discourse.framing.codebook import DEFAULT_CODEBOOK
from discourse.framing.frames import frame_analysis
from discourse.framing.lexicon import LEXICON_PATH

TEXTS = {
    "befriend": "Men befriend women who lead. The office was busy.",
    "elsewhere": "Some men support women's rights. Neighbours befriend each other.",
    "victims": "Boys are bullied at school. They suffer in silence.",
    "named": "John Smith spoke first. Later, he said he supports gender equality.",
    "none": "The weather was fine. Nothing happened at all.",
    "film": "The men saw a film about dogs that befriend cats.",
    "patient": "Women befriend the men next door.",
}


@pytest.fixture(scope="module")
def book() -> dict:
    return yaml.safe_load(DEFAULT_CODEBOOK.read_text(encoding="utf-8"))


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


def _parsed(cache):
    corpus = Corpus.from_frame(pd.DataFrame({"id": list(TEXTS), "text": list(TEXTS.values())}))
    return parse(corpus, mode="selective", cache_dir=cache)


def _same(cached, fresh) -> None:
    for a, b in zip(cached, fresh, strict=True):
        pd.testing.assert_frame_equal(a, b)


def _ally_support(book: dict) -> dict:
    (cue,) = [c for k in book["frames"]["ally"]["classes"].values() for c in k["cues"] if c["id"] == "ally.agent.support"]
    return cue


def test_a_second_run_reads_no_document_and_gives_the_same_tables(cache):
    first = frame_analysis(_parsed(cache), cache_dir=cache)
    assert first[1].attrs["frame_cache"] == {"documents_from_cache": 0, "documents_labelled": len(TEXTS)}
    again = _parsed(cache)
    second = frame_analysis(again, cache_dir=cache)
    assert second[1].attrs["frame_cache"] == {"documents_from_cache": len(TEXTS), "documents_labelled": 0}
    assert not any(again.is_loaded(doc_id) for doc_id in TEXTS)  # no parse was even read
    _same(second, frame_analysis(_parsed(cache)))
    assert set(second[1]["frame"]) >= {"ally", "victim"}


def test_adding_a_cue_word_relabels_only_documents_where_a_mention_predicate_has_it(cache, book):
    import json

    frame_analysis(_parsed(cache), cache_dir=cache)
    entries = [json.loads(p.read_text(encoding="utf-8")) for p in (cache / "frames").rglob("*.json")]
    mention_entries = [e for e in entries if isinstance(e, dict) and "mentions" in e]
    assert not any("doc_id" in m for e in mention_entries for m in e["mentions"])  # entries never name a document
    (film,) = [e for e in mention_entries if any(TEXTS["film"].startswith(t) for _, t, *_ in e["texts"])]
    assert "befriend" in film["words"] and not any("befriend" in ws for ws in film["predicates"].values())
    (patient,) = [e for e in mention_entries if any(TEXTS["patient"].startswith(t) for _, t, *_ in e["texts"])]
    assert "befriend" in patient["predicates"]["patient"] and "befriend" not in patient["predicates"].get("agent", [])
    edited = copy.deepcopy(book)
    assert "befriend" not in _ally_support(edited)["lemmas"]
    _ally_support(edited)["lemmas"].append("befriend")
    cached = frame_analysis(_parsed(cache), edited, cache_dir=cache)
    # "elsewhere" has the word, but not in a sentence with a mention of men; "film" has it in
    # one, but the dogs befriend, not the men (no link of a mention reaches it); in "patient"
    # the men are befriended, and the cue is one of the agent role
    assert cached[1].attrs["frame_cache"] == {"documents_from_cache": len(TEXTS) - 1, "documents_labelled": 1}
    _same(cached, frame_analysis(_parsed(cache), edited))
    evidence = cached[1]
    assert ((evidence["doc_id"] == "befriend") & (evidence["cue"] == "befriend") & (evidence["frame"] == "ally")).any()


def test_a_changed_target_list_relabels_only_documents_with_the_word(cache, book):
    frame_analysis(_parsed(cache), cache_dir=cache)
    edited = copy.deepcopy(book)
    targets = _ally_support(edited)["targets"]
    edited_targets = [t for t in targets if t not in ("right", "woman")] if isinstance(targets, list) else targets
    _ally_support(edited)["targets"] = edited_targets
    cached = frame_analysis(_parsed(cache), edited, cache_dir=cache)
    fresh = frame_analysis(_parsed(cache), edited)
    _same(cached, fresh)
    labelled = cached[1].attrs["frame_cache"]["documents_labelled"]
    assert 0 < labelled < len(TEXTS)
    # the edit took effect: "support women's rights" no longer has an ally target
    assert not ((cached[1]["doc_id"] == "elsewhere") & (cached[1]["frame"] == "ally")).any()


def test_switching_tier2_off_reads_no_document(cache, book):
    frame_analysis(_parsed(cache), cache_dir=cache)
    edited = copy.deepcopy(book)
    edited.setdefault("tier2", {})["enabled"] = False
    again = _parsed(cache)
    cached = frame_analysis(again, edited, cache_dir=cache)
    assert cached[1].attrs["frame_cache"]["documents_labelled"] == 0
    assert not any(again.is_loaded(doc_id) for doc_id in TEXTS)
    _same(cached, frame_analysis(_parsed(cache), edited))


def test_a_changed_lexicon_relabels_every_document(cache, tmp_path):
    frame_analysis(_parsed(cache), cache_dir=cache)
    lexicon = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    lexicon["group_nouns"] = [*lexicon["group_nouns"], "neighbour"]
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(lexicon, allow_unicode=True, sort_keys=False), encoding="utf-8")
    cached = frame_analysis(_parsed(cache), lexicon=path, cache_dir=cache)
    assert cached[1].attrs["frame_cache"]["documents_labelled"] == len(TEXTS)
    _same(cached, frame_analysis(_parsed(cache), lexicon=path))


def test_an_unreadable_entry_is_recomputed(cache):
    first = frame_analysis(_parsed(cache), cache_dir=cache)
    entries = sorted((cache / "frames").rglob("*.json"))
    assert len(entries) >= len(TEXTS)
    entries[0].write_bytes(b'{"mentions": [')  # as if a crash had cut it
    again = frame_analysis(_parsed(cache), cache_dir=cache)
    assert again[1].attrs["frame_cache"]["documents_labelled"] == 1
    _same(again, first)
