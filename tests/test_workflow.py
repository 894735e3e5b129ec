"""The run as a library function: tables right whatever the cache, the entry point or the corpus."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

import discourse as dc
from discourse import Corpus
from discourse.workflow import analyze

TEXTS = {
    "a": "Men support women's rights at work.\n\nBoys are shamed for crying.",
    "b": "Men support women's rights at work.\n\nBoys are shamed for crying.",  # the same text as "a"
    "c": "Husbands beat their wives. The council met on Monday.",
    "d": "Fathers who take leave are happier. The rain fell all day.",
}


def _corpus(texts: dict[str, str], meta: dict[str, list] | None = None) -> Corpus:
    return Corpus.from_frame(pd.DataFrame({"id": list(texts), "text": list(texts.values()), **(meta or {})}))


FRAME_TABLES = ("mentions", "frames", "frame_sentences", "frame_profile")


def _frames(result) -> dict[str, pd.DataFrame]:
    return {name: result[name] for name in FRAME_TABLES}


def _equal(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    for name in a:
        pd.testing.assert_frame_equal(a[name].reset_index(drop=True), b[name].reset_index(drop=True), obj=name)


def test_identical_texts_get_their_own_rows_with_and_without_the_cache(tmp_path):
    corpus = _corpus(TEXTS)
    plain = analyze(corpus, steps=["frames"], use_cache=False)
    cold = analyze(corpus, steps=["frames"], cache_dir=tmp_path)
    warm = analyze(corpus, steps=["frames"], cache_dir=tmp_path)
    for result in (cold, warm):
        _equal(_frames(plain), _frames(result))
    sentences = warm["frame_sentences"]
    assert sentences.groupby("doc_id").size().to_dict() == {"a": 2, "b": 2, "c": 1, "d": 1}
    profile = warm["frame_profile"].set_index(["doc_id", "frame"])
    assert profile.loc[("a", "victim"), "n"] == profile.loc[("b", "victim"), "n"] == 1


def test_a_second_corpus_sharing_the_cache_gets_its_own_ids(tmp_path):
    analyze(_corpus(TEXTS), steps=["frames"], cache_dir=tmp_path)
    other = _corpus({"x": TEXTS["a"], "y": TEXTS["c"]})
    shared = analyze(other, steps=["frames"], cache_dir=tmp_path)
    alone = analyze(other, steps=["frames"], use_cache=False)
    _equal(_frames(alone), _frames(shared))
    for name in FRAME_TABLES:
        assert set(shared[name]["doc_id"]) <= {"x", "y"}
    assert shared.record["frames"]["documents_from_cache"] == 2  # the cache served the rows, under the new ids


def test_the_readme_library_calls_equal_the_command_line_tables(tmp_path, corpus_dir):
    corpus = dc.load_corpus(corpus_dir)
    library = dc.frame_profile(dc.sentence_frames(dc.parse(corpus, cache_dir=tmp_path / "cache")), by="doc_id")
    from discourse.cli import main
    from discourse.workflow import rounded

    assert main(["analyze", str(corpus_dir), "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache"), "--quiet", "--steps", "frames"]) == 0
    written = pd.read_csv(tmp_path / "out" / "frame_profile.csv")
    pd.testing.assert_frame_equal(rounded(library).reset_index(drop=True), written, check_dtype=False)
    returned = analyze(str(corpus_dir), steps=["frames"], cache_dir=tmp_path / "cache")["frame_profile"]
    pd.testing.assert_frame_equal(library.reset_index(drop=True), returned.reset_index(drop=True))


def test_one_doc_id_scheme_for_frame_and_topic_tables():
    from discourse.framing import sentence_frames
    from discourse.nlp import load_pipeline
    from discourse.themes import keyness_table

    nlp = load_pipeline()
    docs = [nlp(t) for t in ("Men support women. Men help.", "Boys are shamed. Boys cry.", "Husbands listen. Fathers care.")]
    frame_ids = set(sentence_frames(docs)["doc_id"])
    key_ids = set(keyness_table(docs)["target"])
    assert frame_ids <= key_ids == {"doc1", "doc2", "doc3"}


def test_run_json_records_the_data_files_and_copies_codebook_and_lexicon(tmp_path):
    out = tmp_path / "out"
    result = analyze(_corpus(TEXTS), out, steps=["frames"], cache_dir=tmp_path / "cache")
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run == json.loads(json.dumps(result.record, default=str))
    from discourse.framing import DEFAULT_CODEBOOK, LEXICON_PATH

    for name, source in (("codebook", DEFAULT_CODEBOOK), ("lexicon", LEXICON_PATH)):
        assert run["data_files"][name]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert len(run["data_files"]["boilerplate"]["sha256"]) == 64
    assert (out / "codebook.yaml").read_bytes() == DEFAULT_CODEBOOK.read_bytes()
    assert (out / "men_lexicon.yaml").read_bytes() == LEXICON_PATH.read_bytes()
    assert "codebook.yaml" in run["outputs"] and "men_lexicon.yaml" in run["outputs"]


def test_edited_yaml_files_are_read_again(tmp_path):
    from discourse.framing import LEXICON_PATH, load_codebook, load_lexicon
    from discourse.themes import load_stoplist

    lex = tmp_path / "lexicon.yaml"
    lex.write_bytes(LEXICON_PATH.read_bytes())
    assert "blokes" not in load_lexicon(lex).group_nouns
    lex.write_text(LEXICON_PATH.read_text(encoding="utf-8").replace("group_nouns:\n", "group_nouns:\n  - blokes\n", 1), encoding="utf-8")
    assert "blokes" in load_lexicon(lex).group_nouns
    stop = tmp_path / "stop.yaml"
    stop.write_text("add: [alpha]\nkeep: []\n", encoding="utf-8")
    assert "alpha" in load_stoplist(stop).words
    stop.write_text("add: [beta]\nkeep: []\n", encoding="utf-8")
    assert "beta" in load_stoplist(stop).words and "alpha" not in load_stoplist(stop).words
    book = tmp_path / "book.yaml"
    book.write_text("frames:\n  ally:\n    description: d\n    cues:\n      - {id: a.1, role: agent, lemmas: [support]}\n", encoding="utf-8")
    assert load_codebook(book).frame_names == ["ally"]
    book.write_text("frames:\n  helper:\n    description: d\n    cues:\n      - {id: h.1, role: agent, lemmas: [help]}\n", encoding="utf-8")
    assert load_codebook(book).frame_names == ["helper"]


def test_the_selector_fingerprint_hashes_the_code_of_the_rules_it_covers():
    from importlib.util import find_spec

    from discourse.cache import digest
    from discourse.framing import selection

    assert {"mentions", "roles", "names", "lexicon", "selection"} <= set(selection.SELECTOR_MODULES)
    expected = digest(*[(f"discourse.framing.{m}", hashlib.sha256(open(find_spec(f"discourse.framing.{m}").origin, "rb").read()).hexdigest()) for m in selection.SELECTOR_MODULES])
    assert selection.selector_code_digest() == expected  # an edited rule file changes the parse cache key


def test_bad_options_fail_before_any_work(tmp_path):
    corpus = _corpus(TEXTS)
    with pytest.raises(dc.DiscourseError, match="steps: unknown step"):
        analyze(corpus, steps=["frams"], use_cache=False)
    with pytest.raises(dc.DiscourseError, match="profile_by: no metadata column 'outlet'"):
        analyze(corpus, profile_by="outlet", use_cache=False)
    with pytest.raises(dc.CodebookError, match="codebook not found"):
        analyze(corpus, codebook=tmp_path / "missing.yaml", use_cache=False)
    with pytest.raises(dc.PipelineError, match="not installed"):
        analyze(corpus, pipeline="no_such_pipeline", use_cache=False)


def test_the_worker_beside_the_frames_releases_joblibs_processes():
    # A pool worker waits for its child processes when it exits, and joblib keeps idle ones
    # for five minutes: the worker must stop them, or every analyze with K selection in
    # the worker waits five minutes at its end.
    import multiprocessing

    from joblib import Parallel, delayed

    from discourse.workflow import _release_joblib_workers

    assert Parallel(n_jobs=2, prefer="processes")(delayed(abs)(-i) for i in range(4)) == [0, 1, 2, 3]
    assert multiprocessing.active_children(), "joblib kept no processes: the test shows nothing"
    _release_joblib_workers()
    assert multiprocessing.active_children() == []


def test_steps_beside_the_frames_give_the_tables_of_one_process(tmp_path, seed_corpus):
    one = analyze(seed_corpus, cache_dir=tmp_path / "one", k="3-4")
    two = analyze(seed_corpus, cache_dir=tmp_path / "two", k="3-4", n_process=2)
    # a re-run finds the topics made: no worker to start and stop, the same tables
    again = analyze(seed_corpus, cache_dir=tmp_path / "two", k="3-4", n_process=2)
    assert (one.record["steps_beside_frames"], two.record["steps_beside_frames"], again.record["steps_beside_frames"]) == ([], ["topics"], [])
    for run in (two, again):
        assert list(one) == list(run)
        for name in one:
            pd.testing.assert_frame_equal(one[name], run[name], obj=name)
        assert one.record["k"] == run.record["k"]


def test_frame_tables_carry_the_covariates_asked_for_and_csv_floats_are_rounded(tmp_path):
    corpus = _corpus(TEXTS, {"outlet": ["x", "y", "x", "y"], "year": [2019, 2020, 2020, 2021], "score": [0.123456789, 1.0, 2.5, 3.0]})
    result = analyze(corpus, tmp_path / "out", steps=["frames"], profile_by="outlet", cache_dir=tmp_path / "cache")
    for name in ("frames", "frame_sentences"):
        assert "outlet" in result[name].columns and "year" not in result[name].columns and "score" not in result[name].columns
    wide = analyze(corpus, steps=["frames", "documents"], covariates=["year", "score"], use_cache=False)
    assert {"year", "score"} <= set(wide["frame_sentences"].columns) and "outlet" not in wide["frame_sentences"].columns
    assert {"outlet", "year", "score"} <= set(wide["documents"].columns)  # every covariate, once per document
    written = pd.read_csv(tmp_path / "out" / "frame_profile.csv")
    assert all(len(f"{v:.10g}".replace("0.", "").lstrip("0").replace(".", "")) <= 4 for v in written["ci_high"])
    assert not result["frame_profile"]["ci_high"].equals(written["ci_high"])  # the returned table keeps full precision
    with pytest.raises(dc.DiscourseError, match="covariates: no metadata column 'colour'"):
        analyze(corpus, covariates=["colour"], use_cache=False)


def test_the_output_folder_has_a_data_dictionary_of_its_tables(tmp_path):
    out = tmp_path / "out"
    result = analyze(_corpus(TEXTS), out, steps=["frames"], cache_dir=tmp_path / "cache")
    text = (out / "README.md").read_text(encoding="utf-8")
    for name in result:
        assert f"`{name}.csv`" in text
    assert "README.md" in result.record["outputs"]
    assert "`topics.csv`" not in text  # only the tables the folder holds


def test_too_many_keyness_targets_say_why_no_keyness_figure_is_drawn(tmp_path, seed_corpus, monkeypatch):
    import discourse.workflow as workflow

    monkeypatch.setattr(workflow, "MAX_KEYNESS_FIGURES", 2)  # the seed corpus has 5 documents: 5 targets
    with pytest.warns(dc.DiscourseWarning, match="keyterms: 5 targets .* at most 2, so none is drawn"):
        result = analyze(seed_corpus, out=tmp_path / "out", cache_dir=tmp_path / "cache", steps=["keyterms"])
    assert result["keyterms"]["target"].nunique() == 5
    assert not list((tmp_path / "out" / "figures").glob("keyness_*"))
