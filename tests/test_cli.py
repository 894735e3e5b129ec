from __future__ import annotations

import json

import pytest

from discourse.cli import build_parser, main


def _write_corpus(root, texts):
    root.mkdir(parents=True)
    for name, text in texts.items():
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    return root


def test_help_explains_every_option(capsys):
    parser = build_parser()
    for action in parser._subparsers._group_actions[0].choices.values():  # type: ignore[union-attr]
        for opt in action._actions:
            assert opt.help, f"{action.prog} {opt.option_strings} has no help"
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    assert "--out" in capsys.readouterr().out


def test_analyze_writes_tables_and_run_json_and_reuses_cache(tmp_path, capsys):
    corpus = _write_corpus(tmp_path / "c", {"a": "Men support women.\n\nBoys cry.", "b": "Fathers care."})
    out = tmp_path / "out"
    args = ["analyze", str(corpus), "--out", str(out), "--cache-dir", str(tmp_path / "cache"), "--quiet"]
    assert main(args) == 0
    run = json.loads((out / "run.json").read_text())
    assert run["status"] == "complete"
    parse = {"mode": "selective", "sentences": 3, "sentences_parsed": 3, "sentences_ner": 0}
    assert run["parse"] == {"n_parsed": 2, "n_cached": 0, **parse}
    assert run["pipeline"]["name"].startswith("en_core_web_sm")
    assert {"documents.csv", "cleaning.csv"} <= set(run["outputs"])
    docs = (out / "documents.csv").read_text().splitlines()
    assert docs[0] == "doc_id,n_paragraphs,n_sentences,n_tokens,n_words"
    assert docs[1] == "a,2,2,7,5"  # Men support women . | Boys cry .
    assert main(args) == 0
    assert json.loads((out / "run.json").read_text())["parse"] == {"n_parsed": 0, "n_cached": 2, **parse}


def test_output_folder_with_another_corpus_is_refused_and_kept(tmp_path, capsys):
    cache = str(tmp_path / "cache")
    one = _write_corpus(tmp_path / "one", {"a": "Men support women."})
    two = _write_corpus(tmp_path / "two", {"b": "Boys cry."})
    out = tmp_path / "out"
    assert main(["analyze", str(one), "--out", str(out), "--cache-dir", cache, "--quiet"]) == 0
    before = {str(p): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["analyze", str(two), "--out", str(out), "--cache-dir", cache, "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("discourse: error: ") and "holds results from another corpus" in err
    assert len(err.splitlines()) == 1
    assert {str(p): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert main(["analyze", str(two), "--out", str(out), "--cache-dir", cache, "--quiet", "--overwrite"]) == 0


def test_foreign_files_in_output_folder_are_not_mixed(tmp_path, capsys):
    corpus = _write_corpus(tmp_path / "c", {"a": "Men support women."})
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["analyze", str(corpus), "--out", str(out), "--quiet"]) == 2
    assert "holds no run.json" in capsys.readouterr().err
    assert (out / "notes.txt").read_text() == "mine"


def test_bad_corpus_is_one_line_error(tmp_path, capsys):
    corpus = _write_corpus(tmp_path / "c", {"a": "Men support women.", "empty": ""})
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "empty.txt: the file is empty" in err
    assert not (tmp_path / "o").exists()


def test_unknown_model_is_one_line_error(tmp_path, capsys):
    corpus = _write_corpus(tmp_path / "c", {"a": "Men support women."})
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "o"), "--pipeline", "xx_missing", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "'xx_missing' is not installed" in err and "pip install" in err


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "analyze" in capsys.readouterr().err


def test_analyze_writes_frame_tables_with_exact_columns(tmp_path):
    corpus = _write_corpus(
        tmp_path / "c",
        {"a": "Men can be allies of women.\n\nHusbands beat their wives.", "b": "Boys are shamed for crying."},
    )
    out = tmp_path / "out"
    assert main(["analyze", str(corpus), "--out", str(out), "--cache-dir", str(tmp_path / "cache"), "--quiet"]) == 0
    assert not (out / "frames_by_document.csv").exists()  # frame_profile.csv is the one table of shares per document
    lines = (out / "frame_profile.csv").read_text().splitlines()
    assert lines[0] == "doc_id,frame,n,n_sentences,n_documents,share,ci_low,ci_high,ci_method,design_effect"
    rows = {tuple(line.split(",")[:3]) for line in lines[1:]}
    assert ("a", "ally", "1") in rows and ("a", "perpetrator", "1") in rows and ("b", "victim", "1") in rows
    assert ("b", "ally", "0") in rows
    for stem in ("frame_profile",):
        for ext in ("pdf", "svg", "png"):
            assert (out / "figures" / f"{stem}.{ext}").stat().st_size > 0
    assert "mentions.csv" in json.loads((out / "run.json").read_text())["outputs"]


def test_label_command_adds_fields_and_never_overwrites_input(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "1", "text": "Men must stand with women.", "source": "x"}) + "\n"
        + json.dumps({"id": "2", "text": "The weather was fine."}) + "\n",
        encoding="utf-8",
    )
    dst = tmp_path / "out.jsonl"
    assert main(["label", "--input", str(src), "--output", str(dst)]) == 0
    got = [json.loads(line) for line in dst.read_text().splitlines()]
    assert got[0] == {"id": "1", "text": "Men must stand with women.", "source": "x", "mentions_men": True, "frames": ["ally"], "evidence": "ally/support_advocacy:ally.agent.believe(Men agent stand)",
        "frame_evidence": [{"frame": "ally", "counts": True, "rule_id": "ally.agent.believe", "cue_class": "support_advocacy", "cue": "stand", "mention": "Men", "role": "agent", "via": "direct"}]}
    assert got[1]["mentions_men"] is False and got[1]["frames"] == []
    before = src.read_bytes()
    assert main(["label", "--input", str(src), "--output", str(src)]) == 2
    assert "output file is the input file" in capsys.readouterr().err
    assert src.read_bytes() == before


def test_evaluate_command_prints_metrics_json_and_disagreements(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {"id": "a", "text": "Men can be allies of women.", "labels": ["ally"], "mentions_men": True},
                {"id": "b", "text": "Boys are shamed for crying.", "labels": ["victim"], "mentions_men": True},
                {"id": "c", "text": "The sky is blue.", "labels": ["none"], "mentions_men": False},
                {"id": "d", "text": "Men like football.", "labels": ["beneficiary"], "mentions_men": True},
            ]
        ),
        encoding="utf-8",
    )
    dis = tmp_path / "dis.csv"
    assert main(["evaluate", str(gold), "--json", "--disagreements", str(dis)]) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert metrics["mentions"]["f1"] == 1.0
    per = {row["frame"]: row for row in metrics["per_frame"]}
    assert per["ally"]["f1"] == 1.0 and per["beneficiary"]["recall"] == 0.0
    text = dis.read_text()
    assert "Men like football." in text and "Boys are shamed" not in text
    assert main(["evaluate", str(gold)]) == 0
    assert "macro" in capsys.readouterr().out.lower()


def test_top_level_verbs_are_functions_not_modules():
    import inspect

    import discourse as dc

    for name in ("load_corpus", "parse", "evaluate", "find_mentions", "label_frames", "frame_profile", "plot_frame_profile", "fit_topics", "keyness", "kwic", "select_k"):
        assert inspect.isfunction(getattr(dc, name)), name


def test_topics_command_writes_tables_and_k_table(tmp_path, capsys):
    texts = {
        f"d{i}": "\n\n".join(
            [
                "Men and boys support gender equality in schools and workplaces across the region.",
                "Fathers take parental leave and share childcare with their partners at home.",
                "Violence against women remains common and programmes teach husbands to stop abuse.",
            ][i % 3 :]
            + ["Football clubs train young players every weekend in the city stadium."]
        )
        for i in range(6)
    }
    corpus = _write_corpus(tmp_path / "c", texts)
    out = tmp_path / "t"
    args = ["topics", str(corpus), "--out", str(out), "--k", "2-3", "--cache-dir", str(tmp_path / "cache"), "--quiet"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "chosen K =" in printed
    assert (out / "topics.csv").read_text().splitlines()[0] == "topic,rank,term,weight"
    assert (out / "doc_topics.csv").read_text().splitlines()[0] == "doc_id,topic,weight"
    assert (out / "k_selection.csv").is_file()
    run = json.loads((out / "run.json").read_text())
    assert run["k"] in (2, 3) and run["pipeline"]["mode"] == "selective"  # the parse analyze uses: one cache for both


def test_topics_bad_k_is_one_line_error(tmp_path, capsys):
    corpus = _write_corpus(tmp_path / "c", {"a": "Men support women."})
    assert main(["topics", str(corpus), "--out", str(tmp_path / "t"), "--k", "ten", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("discourse: error:") and err.count("\n") == 1
    assert not (tmp_path / "t").exists()


def test_rerun_after_codebook_edit_parses_nothing(tmp_path):
    import yaml

    from discourse.framing.codebook import DEFAULT_CODEBOOK

    data = yaml.safe_load(DEFAULT_CODEBOOK.read_text(encoding="utf-8"))
    data["tier2"]["enabled"] = False
    edited = tmp_path / "codebook.yaml"
    edited.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    corpus = _write_corpus(tmp_path / "c", {"a": "Men support women.\n\nThe rain fell.", "b": "He helps. Boys are shamed."})
    cache = str(tmp_path / "cache")
    out = tmp_path / "out"
    base = ["analyze", str(corpus), "--out", str(out), "--cache-dir", cache, "--quiet"]
    assert main(base) == 0
    assert json.loads((out / "run.json").read_text())["frames"] == {"documents_from_cache": 0, "documents_labelled": 2}
    assert main([*base, "--codebook", str(edited)]) == 0
    run = json.loads((out / "run.json").read_text())
    assert (run["parse"]["n_parsed"], run["parse"]["n_cached"]) == (0, 2)
    # tier 2 off changes no tier-1 cue: both documents' rows come from the frame cache
    assert run["frames"] == {"documents_from_cache": 2, "documents_labelled": 0}
    assert main([*base, "--no-cache", "--steps", "frames"]) == 0
    assert json.loads((out / "run.json").read_text())["frames"] == {"documents_from_cache": 0, "documents_labelled": 2}
    assert main([*base, "--parse-mode", "full"]) == 0
    run = json.loads((out / "run.json").read_text())
    assert run["parse"]["mode"] == "full" and run["parse"]["n_parsed"] == 2


def test_steps_run_only_what_is_asked_and_keep_the_rest(tmp_path, capsys):
    corpus = _write_corpus(tmp_path / "c", {"a": "Men support women.\n\nThe rain fell.", "b": "He helps. Boys are shamed."})
    out = tmp_path / "out"
    base = ["analyze", str(corpus), "--out", str(out), "--cache-dir", str(tmp_path / "cache"), "--quiet"]
    assert main(base) == 0
    first = json.loads((out / "run.json").read_text())
    before = (out / "documents.csv").stat().st_mtime_ns
    assert main([*base, "--steps", "frames"]) == 0
    run = json.loads((out / "run.json").read_text())
    assert run["steps"] == ["frames"] and run["parse"]["n_parsed"] == 0
    assert set(run["outputs"]) == set(first["outputs"])
    assert (out / "documents.csv").stat().st_mtime_ns == before
    with pytest.raises(SystemExit):
        main([*base, "--steps", "frames,nope"])
    assert "unknown step(s) nope" in capsys.readouterr().err


def test_cache_command_lists_and_clears_only_its_own_files(tmp_path, capsys):
    corpus = _write_corpus(tmp_path / "c", {"a": "Men support women.", "b": "Boys are shamed at school."})
    cache = tmp_path / "cache"
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "out"), "--cache-dir", str(cache), "--quiet", "--steps", "frames"]) == 0
    keep = cache / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    capsys.readouterr()
    assert main(["cache", "--cache-dir", str(cache)]) == 0
    listing = capsys.readouterr().out
    assert "parses" in listing and "frames" in listing and " 2 files" in listing
    assert main(["cache", "--cache-dir", str(cache), "--clear", "frames"]) == 0
    assert "removed" in capsys.readouterr().out
    assert not (cache / "frames").exists() and list(cache.rglob("*.spacy"))
    assert main(["cache", "--cache-dir", str(cache), "--clear", "all"]) == 0
    assert not list(cache.rglob("*.spacy")) and keep.read_text(encoding="utf-8") == "mine"
    capsys.readouterr()
    assert main(["cache", "--cache-dir", str(cache)]) == 0
    assert "empty" in capsys.readouterr().out


def test_cache_dir_that_is_a_file_is_one_line_error_and_run_json_keeps_outputs(tmp_path, capsys):
    corpus = _write_corpus(tmp_path / "c", {"a": "Men support women.", "b": "Boys are shamed at school."})
    out = tmp_path / "out"
    assert main(["analyze", str(corpus), "--out", str(out), "--cache-dir", str(tmp_path / "cache"), "--quiet", "--steps", "frames"]) == 0
    before = json.loads((out / "run.json").read_text())["outputs"]
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    capsys.readouterr()
    for bad in (afile, afile / "sub"):
        assert main(["analyze", str(corpus), "--out", str(out), "--cache-dir", str(bad), "--quiet", "--steps", "frames"]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and str(bad) in err[0] and "--cache-dir" in err[0]
        run = json.loads((out / "run.json").read_text())
        assert run["status"] == "complete" and run["outputs"] == before  # checked before any work: the good record stays
    assert main(["cache", "--cache-dir", str(afile)]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert main(["cache", "--cache-dir", str(tmp_path / "nowhere")]) == 0
    assert "does not exist" in capsys.readouterr().out


def test_written_files_are_readable_by_the_group_as_the_umask_says(tmp_path):
    import os
    import stat

    corpus = _write_corpus(tmp_path / "c", {"a": "Men support women."})
    old = os.umask(0o022)
    try:
        assert main(["analyze", str(corpus), "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache"), "--quiet", "--steps", "frames"]) == 0
    finally:
        os.umask(old)
    files = [*(tmp_path / "out").rglob("*.csv"), tmp_path / "out" / "run.json", *(tmp_path / "cache").rglob("*.spacy"), *(tmp_path / "cache").rglob("*.json")]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in files)


def test_code_command_writes_the_coding_page_and_bad_sheets_are_one_line(tmp_path, capsys):
    sheet = tmp_path / "sheet.jsonl"
    sheet.write_text(json.dumps({"id": "s1", "doc_id": "a", "sent_id": 0, "sentence": "Men support women.", "before": "", "after": ""}) + "\n", encoding="utf-8")
    page = tmp_path / "coding.html"
    assert main(["code", str(sheet), "--out", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "Men support women." in html and "http://" not in html and "https://" not in html
    capsys.readouterr()
    assert main(["code", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "x.html")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "missing.jsonl" in err[0]
