"""agreement: Krippendorff's alpha equals a hand computation from the coincidence matrix."""

from __future__ import annotations

import json
from collections import Counter
from itertools import permutations

import numpy as np
import pytest

from discourse.errors import CorpusError, DiscourseError
from discourse.validation import AGREEMENT_COLUMNS, agreement, disagreements, read_codes


def _alpha_by_hand(units: list[list[object]]) -> float:
    """Nominal alpha from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's
    alpha-reliability"): every ordered pair of values within a unit with m_u >= 2 values adds
    1 / (m_u - 1) to o[c, k]; n_c = sum_k o[c, k]; n = sum_c n_c;
    alpha = 1 - (n - 1) * (sum_{c != k} o[c, k]) / (sum_{c != k} n_c * n_k)."""
    o: Counter[tuple[object, object]] = Counter()
    for values in units:
        values = [v for v in values if v is not None]
        m = len(values)
        if m < 2:
            continue
        for a, b in permutations(range(m), 2):
            o[(values[a], values[b])] += 1 / (m - 1)
    cats = sorted({c for pair in o for c in pair}, key=str)
    n_c = {c: sum(o[(c, k)] for k in cats) for c in cats}
    n = sum(n_c.values())
    d_o = sum(o[(c, k)] for c in cats for k in cats if c != k)
    d_e = sum(n_c[c] * n_c[k] for c in cats for k in cats if c != k)
    return 1 - (n - 1) * d_o / d_e


# three coders, six sentences; coder C skipped s6; "victim" and "ally" differ in places
A = [("s1", True, ["victim"]), ("s2", True, []), ("s3", True, ["ally", "victim"]), ("s4", False, []), ("s5", True, ["perpetrator"]), ("s6", True, ["victim"])]
B = [("s1", True, ["victim"]), ("s2", True, ["victim"]), ("s3", True, ["ally"]), ("s4", False, []), ("s5", True, ["perpetrator"]), ("s6", True, [])]
C = [("s1", True, ["victim"]), ("s2", False, []), ("s3", True, ["ally", "victim"]), ("s4", True, []), ("s5", True, ["perpetrator"])]


def _records(rows, coder):
    return [{"id": i, "text": f"sentence {i}", "mentions_men": m, "labels": labels, "coder": coder} for i, m, labels in rows]


def test_alpha_equals_the_coincidence_matrix_by_hand():
    table = agreement([_records(A, "A"), _records(B, "B"), _records(C, "C")]).set_index("item")
    assert list(table.reset_index().columns) == list(AGREEMENT_COLUMNS)
    for item in ("victim", "ally", "mentions_men"):
        units = []
        for uid in ("s1", "s2", "s3", "s4", "s5", "s6"):
            values = []
            for rows in (A, B, C):
                code = {i: (m, labels) for i, m, labels in rows}.get(uid)
                if code is None:
                    values.append(None)
                elif item == "mentions_men":
                    values.append(int(code[0]))
                else:
                    values.append(int(code[0] and item in code[1]))
            units.append(values)
        assert table.loc[item, "alpha"] == pytest.approx(_alpha_by_hand(units), abs=1e-12)
    # victim by hand: units s1 (1,1,1), s2 (0,1,0), s3 (1,0,1), s4 (0,0,0), s5 (0,0,0), s6 (1,0,-)
    assert table.loc["victim", "percent_agreement"] == pytest.approx(3 / 6)
    assert table.loc["victim", "n_units"] == 6 and table.loc["victim", "n_coders"] == 3
    assert table.loc["victim", "n_positive"] == 4
    assert str(table["n_positive"].dtype) == "Int64" and "4.0" not in table.to_csv()  # a count, printed as one
    assert table.loc["perpetrator", "alpha"] == pytest.approx(1.0)
    assert np.isnan(table.loc["beneficiary", "alpha"]) and table.loc["beneficiary", "percent_agreement"] == 1.0
    assert "undefined" in table.loc["beneficiary", "note"]


def test_two_coders_match_the_textbook_example():
    """Krippendorff (2011), the 2-coder nominal example (10 units): alpha = 0.095."""
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    coder = lambda codes, name: [{"id": str(i), "labels": ["victim"] if c else [], "mentions_men": True, "coder": name} for i, c in enumerate(codes)]  # noqa: E731
    table = agreement([coder(a, "a"), coder(b, "b")], frames=["victim"]).set_index("item")
    assert table.loc["victim", "alpha"] == pytest.approx(0.095, abs=5e-4)
    assert table.loc["victim", "alpha"] == pytest.approx(_alpha_by_hand([[x, y] for x, y in zip(a, b, strict=True)]))


def test_disagreements_list_what_to_adjudicate(tmp_path):
    paths = []
    for rows, name in ((A, "A"), (B, "B")):
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in _records(rows, name)), encoding="utf-8")
        paths.append(path)
    dis = disagreements(paths).set_index("id")
    assert list(dis.index) == ["s2", "s3", "s6"]
    assert dis.loc["s3", "items"] == "victim"
    assert dis.loc["s2", "A: labels"] == "none" and dis.loc["s2", "B: labels"] == "victim"
    assert dis.loc["s3", "text"] == "sentence s3"


def test_a_filled_sheet_csv_is_a_coder(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "id,doc_id,sent_id,sentence,before,after,mentions_men,labels,notes\n"
        "d1:0,d1,0,Men help.,,,yes,ally,\n"
        "d1:1,d1,1,He hit her.,,,,perpetrator,\n"
        "d2:0,d2,0,The law passed.,,,no,none,\n"
        "d2:3,d2,3,Not coded yet.,,,,,\n",
        encoding="utf-8",
    )
    codes = read_codes(sheet).set_index("id")
    assert list(codes.index) == ["d1:0", "d1:1", "d2:0"]
    assert codes.loc["d1:1", "mentions_men"] is None and codes.loc["d1:1", "labels"] == ["perpetrator"]
    assert codes.loc["d2:0", "mentions_men"] is False and codes.loc["d2:0", "labels"] == []
    assert codes.loc["d1:0", "coder"] == "sheet"


@pytest.mark.parametrize(
    ("records", "match"),
    [
        ([{"id": "a", "text": "x"}], "no 'labels'"),
        ([{"id": "a", "labels": ["ally"], "mentions_men": "maybe"}], "mentions_men 'maybe'"),
        ([{"id": "a", "labels": ["ally"]}, {"id": "a", "labels": []}], "coded twice"),
        ([{"id": "a", "labels": 3}], "labels must be a list"),
    ],
)
def test_bad_codes_are_one_line_errors(records, match):
    with pytest.raises(CorpusError, match=match):
        read_codes(records)


def test_agreement_needs_two_coders_on_the_same_sentences(tmp_path):
    with pytest.raises(DiscourseError, match="two or more coders"):
        agreement([_records(A, "A")])
    other = [{"id": "zz", "labels": [], "mentions_men": True}]
    with pytest.raises(DiscourseError, match="no sentence is coded by two coders"):
        agreement([_records(A, "A"), other])
    with pytest.raises(CorpusError, match="codes file not found"):
        agreement([tmp_path / "none.jsonl", tmp_path / "none2.jsonl"])
