from __future__ import annotations

import pandas as pd
import pytest

from discourse import Corpus, parse
from discourse.docs import parsed_sentences
from discourse.errors import PipelineError
from discourse.framing.frames import frame_analysis

distributed = pytest.importorskip("dask.distributed")

TEXTS = {
    "a": "Men can be allies of women.\n\nBoys are shamed for crying.",
    "b": "Husbands beat their wives in many places. Fathers care for children.",
    "c": "He stood with women. Men's mental health suffers.",
    "d": "Patriarchal systems discriminate against women.",
}


def _attrs(doc):
    return [(t.text, t.lemma_, t.pos_, t.dep_, t.head.i, t.is_sent_start, t.ent_type_) for t in doc]


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, processes=True) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def test_cluster_parse_equals_local_parse(client, tmp_path):
    corpus = Corpus.from_frame(pd.DataFrame({"id": list(TEXTS), "text": list(TEXTS.values())}))
    local = parse(corpus, use_cache=False)
    remote = parse(corpus, cache_dir=tmp_path, scheduler=client)
    assert list(remote) == list(local)
    assert remote.n_parsed == 4
    for doc_id in local:
        assert _attrs(remote[doc_id]) == _attrs(local[doc_id])
    cached = parse(corpus, cache_dir=tmp_path)
    assert cached.n_cached == 4
    assert _attrs(cached["b"]) == _attrs(local["b"])


def test_cluster_selective_parse_and_labelling_equal_local(client, tmp_path):
    corpus = Corpus.from_frame(pd.DataFrame({"id": list(TEXTS), "text": list(TEXTS.values())}))
    local = parse(corpus, mode="selective", use_cache=False)
    remote = parse(corpus, mode="selective", cache_dir=tmp_path, scheduler=client)
    assert remote.n_parsed == 4
    for doc_id in local:
        assert _attrs(remote[doc_id]) == _attrs(local[doc_id])
        assert parsed_sentences(remote[doc_id]) == parsed_sentences(local[doc_id])
    assert parse(corpus, mode="selective", cache_dir=tmp_path).n_cached == 4
    here = frame_analysis(local)
    there = frame_analysis(remote, scheduler=client)
    for a, b in zip(here, there, strict=True):
        assert len(a)
        pd.testing.assert_frame_equal(a.assign(**({"frames": a["frames"].map(tuple)} if "frames" in a else {})),
                                      b.assign(**({"frames": b["frames"].map(tuple)} if "frames" in b else {})))


def test_cluster_labelling_uses_and_fills_the_frame_cache(client, tmp_path):
    import yaml

    from discourse.framing.codebook import DEFAULT_CODEBOOK

    corpus = Corpus.from_frame(pd.DataFrame({"id": list(TEXTS), "text": list(TEXTS.values())}))
    cache = tmp_path / "cache"
    parsed = parse(corpus, mode="selective", cache_dir=cache)
    local = frame_analysis(parse(corpus, mode="selective", cache_dir=cache))
    first = frame_analysis(parsed, scheduler=client, cache_dir=cache)
    assert first[1].attrs["frame_cache"] == {"documents_from_cache": 0, "documents_labelled": 4}
    # the rows the workers returned were cached here: a local re-run reads them all
    again = frame_analysis(parse(corpus, mode="selective", cache_dir=cache), cache_dir=cache)
    assert again[1].attrs["frame_cache"] == {"documents_from_cache": 4, "documents_labelled": 0}
    # an edit that touches one document ships only that one to the cluster
    book = yaml.safe_load(DEFAULT_CODEBOOK.read_text(encoding="utf-8"))
    cues = [c for cls in book["frames"]["ally"]["classes"].values() for c in cls["cues"]]
    (cue,) = [c for c in cues if c["id"] == "ally.agent.believe"]  # "stood with" in document c
    cue["lemmas"].remove("stand")
    edited = frame_analysis(parse(corpus, mode="selective", cache_dir=cache), book, scheduler=client, cache_dir=cache)
    assert edited[1].attrs["frame_cache"] == {"documents_from_cache": 3, "documents_labelled": 1}
    fresh = frame_analysis(parse(corpus, mode="selective", cache_dir=cache), book)
    for tables in (first, again):
        for a, b in zip(local, tables, strict=True):
            pd.testing.assert_frame_equal(a, b)
    for a, b in zip(fresh, edited, strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_labelling_in_small_shards_keeps_corpus_order(client, seed_parsed):
    from discourse.framing.codebook import load_codebook
    from discourse.framing.dask import label_shards
    from discourse.framing.document import label_document
    from discourse.framing.lexicon import load_lexicon

    pairs = list(seed_parsed.items())
    book, lex = load_codebook(), load_lexicon()
    remote = label_shards(client, pairs, book, lex, shard_size=1, in_flight=2)
    assert list(remote) == [doc_id for doc_id, _ in pairs]
    for doc_id, doc in pairs:
        local = label_document(doc, book, lex)
        assert (remote[doc_id].mentions, remote[doc_id].tier1, remote[doc_id].tier2, remote[doc_id].sentences) == (local.mentions, local.tier1, local.tier2, local.sentences)


def test_bad_scheduler_is_one_line_error():
    corpus = Corpus.from_frame(pd.DataFrame({"id": ["a"], "text": ["Men."]}))
    with pytest.raises(PipelineError, match="scheduler must be a dask Client"):
        parse(corpus, use_cache=False, scheduler=3)
