"""The measurement commands end to end on a small corpus: sample, code, agreement, estimate,
analyze --coded --profile-by."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

from discourse.cli import main

TEXTS = {
    "a1": "Men can be allies of women. He walked home. The weather was fine.",
    "a2": "Husbands beat their wives. Fathers support equal pay for women. He said nothing.",
    "a3": "Boys are shamed for crying. The man was harassed at work. It rained.",
    "b1": "He attacked the woman. Men benefit from equality. The city slept.",
    "b2": "The boy was bullied. Men stand with women in the campaign. He laughed.",
    "b3": "A man assaulted a nurse. He smiled. Brothers argued about dinner.",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("measure") / "corpus"
    root.mkdir()
    for name, text in TEXTS.items():
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    meta = pd.DataFrame({"doc_id": list(TEXTS), "outlet": ["left"] * 3 + ["right"] * 3, "date": ["2019-01-05", "2019-06-01", "2020-02-01"] * 2})
    meta.to_csv(root / "metadata.csv", index=False)
    return root


def _code_everything(sheet_path, out_path, *, flip=()):
    """A coder: ticks the frame words it sees (a stand-in for a person)."""
    rules = {"ally": ("allies", "support", "stand with"), "beneficiary": ("benefit",), "victim": ("shamed", "harassed", "bullied"), "perpetrator": ("beat", "attacked", "assaulted")}
    rows = [json.loads(line) for line in sheet_path.read_text().splitlines()]
    with out_path.open("w") as fh:
        for r in rows:
            labels = sorted(f for f, words in rules.items() if any(w in r["sentence"] for w in words))
            if r["id"] in flip:
                labels = [] if labels else ["victim"]
            rec = {"id": r["id"], "doc_id": r["doc_id"], "sent_id": r["sent_id"], "text": r["sentence"], "mentions_men": True, "labels": labels, "coder": out_path.stem}
            fh.write(json.dumps(rec) + "\n")
    return [r["id"] for r in rows]


def test_sample_code_agree_estimate_and_analyze(corpus, tmp_path, capsys):
    cache = str(tmp_path / "cache")
    out = tmp_path / "sample"
    assert main(["sample", str(corpus), "--n", "8", "--by", "outlet", "--seed", "3", "--out", str(out), "--cache-dir", cache, "--quiet"]) == 0
    sheet = [json.loads(line) for line in (out / "sheet.jsonl").read_text().splitlines()]
    assert len(sheet) == 8 and all(r["sentence"] for r in sheet)
    # context from the parse: the neighbours of a sentence, also those that do not mention men
    a1 = [r for r in sheet if r["doc_id"] == "a1" and r["sent_id"] == 1]
    if a1:
        assert a1[0]["before"] == "Men can be allies of women." and a1[0]["after"] == "The weather was fine."
    design = json.loads((out / "design.json").read_text())
    assert design["strata"]["left"]["sample"] == 4 and design["population_size"] == sum(v["population"] for v in design["strata"].values())
    assert main(["code", str(out / "sheet.jsonl"), "--out", str(tmp_path / "coding.html")]) == 0
    ids = _code_everything(out / "sheet.jsonl", tmp_path / "ana.jsonl")
    _code_everything(out / "sheet.jsonl", tmp_path / "ben.jsonl", flip=ids[:2])
    capsys.readouterr()
    assert main(["agreement", str(tmp_path / "ana.jsonl"), str(tmp_path / "ben.jsonl"), "--out", str(tmp_path / "agree.csv")]) == 0
    table = pd.read_csv(tmp_path / "agree.csv")
    assert table["item"].tolist()[0] == "mentions_men" and (table["n_units"] == 8).all()
    dis = pd.read_csv(tmp_path / "agree_disagreements.csv")
    assert sorted(dis["id"]) == sorted(ids[:2])
    assert main(["estimate", "--predictions", str(out / "machine" / "predictions.jsonl"), "--coded", str(tmp_path / "ana.jsonl"), "--by", "outlet", "--out", str(tmp_path / "est.csv")]) == 0
    est = pd.read_csv(tmp_path / "est.csv")
    assert {"outlet", "frame", "n", "n_coded", "share_naive", "share_corrected", "ci_low", "ci_high", "method"} <= set(est.columns)
    assert set(est["outlet"]) == {"left", "right", "all"}
    assert est.groupby("outlet")["n_coded"].first().to_dict() == {"all": 8, "left": 4, "right": 4}
    # the machine as analyze counted it (in context) against the codes: the sample's own labels
    capsys.readouterr()
    assert main(["evaluate", str(tmp_path / "ana.jsonl"), "--predictions", str(out / "machine" / "predictions.jsonl"), "--json"]) == 0
    scored = json.loads(capsys.readouterr().out)
    machine = {json.loads(line)["id"]: set(json.loads(line)["frames"]) for line in (out / "machine" / "predictions.jsonl").read_text().splitlines()}
    codes = {json.loads(line)["id"]: set(json.loads(line)["labels"]) for line in (tmp_path / "ana.jsonl").read_text().splitlines()}
    victim = next(r for r in scored["per_frame"] if r["frame"] == "victim")
    assert victim["tp"] == sum("victim" in machine[i] and "victim" in codes[i] for i in codes)
    assert victim["fp"] == sum("victim" in machine[i] and "victim" not in codes[i] for i in codes)
    # the labels scored are those of the file, not labels made again: a machine that says victim everywhere
    everywhere = tmp_path / "victim_everywhere.jsonl"
    everywhere.write_text("".join(json.dumps({"id": i, "frames": ["victim"], "mentions_men": True}) + "\n" for i in machine), encoding="utf-8")
    assert main(["evaluate", str(tmp_path / "ana.jsonl"), "--predictions", str(everywhere), "--json"]) == 0
    victim = next(r for r in json.loads(capsys.readouterr().out)["per_frame"] if r["frame"] == "victim")
    assert victim["tp"] + victim["fp"] == len(codes) and victim["fn"] == 0
    # without --predictions each sentence is labelled alone: said once, on stderr
    assert main(["evaluate", str(tmp_path / "ana.jsonl"), "--json"]) == 0
    assert "labelled here alone" in capsys.readouterr().err
    # the same sample from the results folder of an analysis
    res = tmp_path / "res"
    assert main(["analyze", str(corpus), "--out", str(res), "--cache-dir", cache, "--quiet", "--steps", "frames", "--profile-by", "outlet", "--coded", str(tmp_path / "ana.jsonl")]) == 0
    corrected = pd.read_csv(res / "frame_profile_corrected.csv")
    pd.testing.assert_frame_equal(corrected, est, check_exact=False, rtol=1e-3)  # the run writes 4 significant digits
    assert (res / "compare_frames_by_outlet.csv").is_file()
    coded = json.loads((res / "run.json").read_text())["data_files"]["coded"]  # the shares depend on the codes: fingerprinted
    assert coded == {"path": str((tmp_path / "ana.jsonl").resolve()), "sha256": hashlib.sha256((tmp_path / "ana.jsonl").read_bytes()).hexdigest()}
    for stem in ("frame_profile_corrected", "compare_frames_by_outlet"):
        assert (res / "figures" / f"{stem}.png").stat().st_size > 0
    by = pd.read_csv(res / "frames_by_outlet.csv")
    assert set(by["ci_method"]) <= {"korn_graubard", "korn_graubard_pooled"}
    again = tmp_path / "again"
    assert main(["sample", str(res), "--n", "8", "--by", "outlet", "--seed", "3", "--out", str(again), "--quiet"]) == 0
    assert [json.loads(line)["id"] for line in (again / "sheet.jsonl").read_text().splitlines()] == ids


def test_measurement_errors_are_one_line(corpus, tmp_path, capsys):
    cache = str(tmp_path / "cache")
    assert main(["sample", str(corpus), "--n", "999", "--out", str(tmp_path / "s"), "--cache-dir", cache, "--quiet"]) == 2
    assert "n: 999 is more than" in capsys.readouterr().err
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "r"), "--cache-dir", cache, "--quiet", "--coded", str(tmp_path / "missing.jsonl")]) == 2
    assert "coded: " in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "zz:1", "labels": []}) + "\n")
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "r2"), "--cache-dir", cache, "--quiet", "--steps", "frames", "--coded", str(bad)]) == 2
    assert "is not a sentence of this run" in capsys.readouterr().err
    assert main(["agreement", str(bad)]) == 2
    assert "two or more" in capsys.readouterr().err
