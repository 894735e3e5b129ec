from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

from discourse import Corpus, load_corpus
from discourse.errors import CorpusError, DiscourseWarning


def _folder(tmp_path, files, metadata=None):
    d = tmp_path / "docs"
    d.mkdir()
    for name, data in files.items():
        path = d / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    if metadata is not None:
        (d / "metadata.csv").write_text(metadata, encoding="utf-8")
    return d


def test_seed_corpus_loads_with_metadata(seed_corpus):
    assert len(seed_corpus) == 5
    assert seed_corpus.doc_ids == sorted(seed_corpus.doc_ids)
    doc = seed_corpus["mens-rights-equality"]
    assert doc.meta["author"] == "Miles Hall"
    assert doc.meta["publisher"] is None  # empty cell = unknown
    assert doc.raw_text.startswith("top of page")
    assert not doc.text.startswith("top of page")
    frame = seed_corpus.to_frame()
    assert list(frame.columns[:3]) == ["doc_id", "text", "raw_text"]
    assert "stance_hint" in frame.columns


def test_corpus_is_immutable(seed_corpus):
    doc = seed_corpus[0]
    with pytest.raises(AttributeError):
        doc.text = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        doc.meta["title"] = "x"  # type: ignore[index]


def test_fingerprint_changes_with_text():
    a = Corpus.from_frame(pd.DataFrame({"id": ["a"], "text": ["Men help."]}))
    b = Corpus.from_frame(pd.DataFrame({"id": ["a"], "text": ["Men helped."]}))
    assert a.fingerprint() != b.fingerprint()
    assert a.fingerprint() == Corpus.from_frame(pd.DataFrame({"id": ["a"], "text": ["Men help."]})).fingerprint()


def test_from_frame_carries_metadata_and_checks_columns():
    df = pd.DataFrame({"key": ["x", "y"], "body": ["Men talk.", "Boys play."], "outlet": ["A", "B"]})
    c = Corpus.from_frame(df, text_field="body", id_field="key")
    assert c.doc_ids == ["x", "y"]
    assert c["y"].meta == {"outlet": "B"}
    with pytest.raises(CorpusError, match="no text column 'text'"):
        Corpus.from_frame(df)
    with pytest.raises(CorpusError, match="no id column 'nope'"):
        Corpus.from_frame(df, text_field="body", id_field="nope")


def test_jsonl_gz_with_nested_metadata_is_flattened(tmp_path):
    path = tmp_path / "posts.jsonl.gz"
    rows = [
        {"id": "p1", "text": "Men talk about suicide.", "metadata": {"subreddit": "MensLib", "score": {"up": 3}}},
        {"id": "p2", "text": "Fathers lose custody.", "metadata": {"subreddit": "MensRights", "score": {"up": 5}}},
    ]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r) for r in rows))
    c = load_corpus(path)
    assert c.doc_ids == ["p1", "p2"]
    assert c["p2"].meta["subreddit"] == "MensRights"
    assert c["p1"].meta["score.up"] == 3


def test_csv_with_custom_fields(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text("uid,body,bias\n1,Men vote.,left\n2,Boys cry.,right\n", encoding="utf-8")
    c = load_corpus(path, text_field="body", id_field="uid")
    assert c.metadata()["bias"].tolist() == ["left", "right"]


def test_parquet(tmp_path):
    pytest.importorskip("pyarrow")
    path = tmp_path / "docs.parquet"
    pd.DataFrame({"id": ["a"], "text": ["Men help."], "year": [2020]}).to_parquet(path)
    assert load_corpus(path)["a"].meta["year"] == 2020


# --- bad input ---------------------------------------------------------------------------------


def test_empty_file_raises_naming_the_file(tmp_path):
    d = _folder(tmp_path, {"a.txt": "Men help.", "empty.txt": ""})
    with pytest.raises(CorpusError, match=r"empty\.txt: the file is empty; .*--skip-empty"):
        load_corpus(d)
    with pytest.warns(DiscourseWarning, match="empty.txt"):
        c = load_corpus(d, skip_empty=True)
    assert c.doc_ids == ["a"]


def test_whitespace_only_file_raises(tmp_path):
    d = _folder(tmp_path, {"a.txt": "Men help.", "blank.txt": "  \n\n\t \n"})
    with pytest.raises(CorpusError, match=r"blank\.txt: the file is whitespace only"):
        load_corpus(d)


def test_binary_file_raises(tmp_path):
    d = _folder(tmp_path, {"a.txt": "Men help.", "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})
    with pytest.raises(CorpusError, match=r"image\.txt: looks like a binary file"):
        load_corpus(d)


def test_latin1_file_is_decoded_and_reported(tmp_path):
    d = _folder(tmp_path, {"cafe.txt": "Men in the caf\xe9 talk about na\xefve fathers.".encode("latin-1")})
    c = load_corpus(d)
    assert c["cafe"].text == "Men in the café talk about naïve fathers."
    report = c.cleaning_report()
    assert report.loc[report["rule"] == "decode", "original"].item() == "bytes in cp1252"


def test_utf16_with_bom_is_decoded(tmp_path):
    d = _folder(tmp_path, {"u16.txt": "Fathers’ rights — men speak.".encode("utf-16")})
    assert load_corpus(d)["u16"].text == "Fathers' rights — men speak."


def test_html_in_txt_is_stripped_raw_kept(tmp_path):
    html = "<p>Men can be <em>allies</em>.</p>\n<div>Boys &amp; girls learn.</div>"
    d = _folder(tmp_path, {"page.txt": html})
    doc = load_corpus(d)["page"]
    assert doc.text == "Men can be allies.\n\nBoys & girls learn."
    assert doc.raw_text == html


def test_ten_megabyte_single_line_file_loads(tmp_path):
    sentence = "Men and boys can be allies of women in the struggle for gender equality. "
    text = sentence * (10_000_000 // len(sentence) + 1)
    d = _folder(tmp_path, {"big.txt": text})
    doc = load_corpus(d)["big"]
    assert len(doc.text) >= 10_000_000 - 1
    assert doc.text.count("allies") == text.count("allies")


def test_duplicate_doc_id_in_folder(tmp_path):
    d = _folder(tmp_path, {"a.txt": "Men help.", "a.md": "Men help too."})
    with pytest.raises(CorpusError, match="duplicate doc_id 'a'"):
        load_corpus(d)


def test_duplicate_doc_id_in_table(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text("id,text\n1,Men vote.\n1,Boys cry.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"docs\.csv: duplicate doc_id '1'"):
        load_corpus(path)


def test_metadata_row_without_file_and_file_without_row(tmp_path):
    d = _folder(
        tmp_path,
        {"a.txt": "Men help.", "b.txt": "Boys play."},
        metadata="doc_id,outlet\na,X\nghost,Y\n",
    )
    with pytest.warns(DiscourseWarning) as record:
        c = load_corpus(d)
    messages = " | ".join(str(w.message) for w in record)
    assert "have no text file" in messages and "'ghost'" in messages
    assert "have no metadata row" in messages and "'b'" in messages
    assert c["a"].meta == {"outlet": "X"}
    assert c["b"].meta == {"outlet": None}
    with pytest.raises(CorpusError, match="metadata row"):
        load_corpus(d, strict=True)


def test_metadata_without_doc_id_column(tmp_path):
    d = _folder(tmp_path, {"a.txt": "Men help."}, metadata="name,outlet\na,X\n")
    with pytest.raises(CorpusError, match="metadata needs a 'doc_id' column"):
        load_corpus(d)


def test_missing_path_and_bad_jsonl(tmp_path):
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_corpus(tmp_path / "nope")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "ok"}\n{not json}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.jsonl: line 2 is not valid JSON"):
        load_corpus(bad)


def test_cleaning_cache_gives_the_corpus_of_a_fresh_clean(tmp_path, monkeypatch):
    from pathlib import Path

    import discourse.corpus.clean as clean_module
    from discourse.cache import cache_contents, clear_cache

    seed = Path(__file__).resolve().parents[2] / "corpus"
    cache = tmp_path / "cache"
    fresh = load_corpus(seed)
    first = load_corpus(seed, cache_dir=cache)
    assert len(list((cache / "cleaned").rglob("*.json"))) == len(fresh)
    calls = []
    monkeypatch.setattr(clean_module, "clean_text", lambda *a, **k: calls.append(a) or pytest.fail("cleaned again"))
    second = load_corpus(seed, cache_dir=cache)
    assert not calls
    for corpus in (first, second):
        assert [(d.doc_id, d.text, d.raw_text) for d in corpus] == [(d.doc_id, d.text, d.raw_text) for d in fresh]
        pd.testing.assert_frame_equal(corpus.cleaning_report(), fresh.cleaning_report())
        assert corpus.fingerprint() == fresh.fingerprint()
    monkeypatch.undo()
    # other boilerplate rules are other keys; an unreadable entry is cleaned again
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - id: shout\n    scope: inline\n    pattern: 'MEN'\n", encoding="utf-8")
    load_corpus(seed, cache_dir=cache, boilerplate=rules)
    assert len(list((cache / "cleaned").rglob("*.json"))) == 2 * len(fresh)
    entry = sorted((cache / "cleaned").rglob("*.json"))[0]
    entry.write_bytes(b'{"text": ')
    again = load_corpus(seed, cache_dir=cache)
    assert [d.text for d in again] == [d.text for d in fresh]
    assert set(cache_contents(cache)["kind"]) == {"cleaned"}
    assert clear_cache(cache, "cleaned") == 2 * len(fresh)
