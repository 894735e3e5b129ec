"""sample_sentences and write_sample: the design, the sheet, blindness; on a hand-made table."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from discourse.errors import DiscourseError, OutputError
from discourse.validation import SAMPLE_SHEET_COLUMNS, read_sheet, sample_sentences, write_sample


def _sentences() -> pd.DataFrame:
    rows = []
    for d in range(30):
        bias = "left" if d < 20 else "right"
        for s in range(4):
            frames = ["victim"] if (d + s) % 5 == 0 else []
            rows.append({"doc_id": f"doc{d}", "sent_id": 2 * s, "start_char": 0, "end_char": 1, "sentence": f"Sentence {s} of doc{d} about men.", "n_mentions": 1, "frames": frames, "bias": bias})
    table = pd.DataFrame(rows)
    table.attrs["frames"] = ["ally", "beneficiary", "victim", "perpetrator"]
    return table


def test_simple_random_sample_is_seeded_and_shuffled():
    a = sample_sentences(_sentences(), 12, random_state=1)
    b = sample_sentences(_sentences(), 12, random_state=1)
    pd.testing.assert_frame_equal(a.sheet, b.sheet)
    assert list(a.sheet.columns) == list(SAMPLE_SHEET_COLUMNS)
    assert a.sheet["id"].is_unique and len(a.sheet) == 12
    assert a.sheet["id"].tolist() != sorted(a.sheet["id"])  # random order
    assert (a.sheet[["mentions_men", "labels", "notes"]] == "").all().all()
    c = sample_sentences(_sentences(), 12, random_state=2)
    assert set(c.sheet["id"]) != set(a.sheet["id"])
    assert a.design["strata"] == {"all": {"population": 120, "sample": 12, "inclusion_probability": 0.1}}
    assert len(a.predictions) == 120 and a.predictions["mentions_men"].all()


@pytest.mark.parametrize(("allocation", "expected"), [("proportional", {"left": 10, "right": 5}), ("equal", {"left": 8, "right": 7})])
def test_stratified_allocations(allocation, expected):
    sample = sample_sentences(_sentences(), 15, by="bias", allocation=allocation, random_state=0)
    got = sample.machine["bias"].value_counts().to_dict()
    assert got == expected
    assert {k: v["sample"] for k, v in sample.design["strata"].items()} == expected
    assert sample.design["strata"]["left"]["population"] == 80
    # the stratum never reaches the coder
    assert "bias" not in sample.sheet.columns and "frames" not in sample.sheet.columns


def test_a_small_stratum_is_taken_whole():
    table = _sentences()
    table.loc[table.doc_id == "doc29", "bias"] = "tiny"
    sample = sample_sentences(table, 30, by="bias", allocation="equal")
    counts = sample.machine["bias"].value_counts().to_dict()
    assert counts["tiny"] == 4 and sum(counts.values()) == 30


def test_context_from_neighbouring_rows_without_a_parse():
    table = _sentences()
    table["sent_id"] = table.groupby("doc_id").cumcount()  # consecutive sentences
    sample = sample_sentences(table, 120)
    row = sample.sheet.set_index("id").loc["doc3:1"]
    assert row["before"] == "Sentence 0 of doc3 about men." and row["after"] == "Sentence 2 of doc3 about men."
    assert "only neighbouring" in sample.design["context_sentences"]


def test_write_sample_keeps_the_machine_apart(tmp_path):
    sample = sample_sentences(_sentences(), 10, by="bias", random_state=3)
    out = tmp_path / "sample"
    files = write_sample(sample, out)
    names = sorted(str(p.relative_to(out)) for p in files)
    assert names == ["codebook.md", "design.json", "machine/labels.jsonl", "machine/predictions.jsonl", "sheet.csv", "sheet.jsonl"]
    sheet = read_sheet(out / "sheet.jsonl")
    assert [r["id"] for r in sheet] == sample.sheet["id"].tolist()
    assert not any("victim" in json.dumps(r) for r in sheet)
    assert read_sheet(out / "sheet.csv")[0]["sentence"] == sheet[0]["sentence"]
    labels = [json.loads(line) for line in (out / "machine" / "labels.jsonl").read_text().splitlines()]
    assert [r["id"] for r in labels] == [r["id"] for r in sheet] and all("evidence" in r for r in labels)
    assert "| victim |" in (out / "codebook.md").read_text()
    assert json.loads((out / "design.json").read_text())["random_state"] == 3
    with pytest.raises(OutputError, match="is not empty"):
        write_sample(sample, out)
    write_sample(sample, out, overwrite=True)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n": 0}, "n: 0"),
        ({"n": 500}, "more than the 120 sentences"),
        ({"n": 5, "by": "outlet"}, "by: no column 'outlet'"),
        ({"n": 5, "allocation": "neyman"}, "allocation: 'neyman'"),
        ({"n": 5, "random_state": -2}, "random_state: -2"),
    ],
)
def test_sample_errors(kwargs, match):
    with pytest.raises(DiscourseError, match=match):
        sample_sentences(_sentences(), **kwargs)
    with pytest.raises(DiscourseError, match="no frame_sentences.csv"):
        sample_sentences("/nonexistent/results", 3)


def test_groups_left_with_too_few_sentences_to_correct_are_named_in_a_warning():
    import warnings

    from discourse.errors import DiscourseWarning

    table = _sentences()
    table.loc[table.doc_id == "doc29", "bias"] = "tiny"  # 4 of 120 sentences: 0 of a proportional 6
    with pytest.warns(DiscourseWarning, match=r"1 of 3 groups of 'bias' get fewer than 2 sentences \('tiny'\)"):
        sample_sentences(table, 6, by="bias", random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DiscourseWarning)
        sample_sentences(table, 6, by="bias", allocation="equal", random_state=0)  # 2 each: no warning
