"""The data dictionary: every table and column analyze writes is described; unknown columns are metadata."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from discourse.errors import DiscourseError
from discourse.report.dictionary import (
    DICTIONARY_FILE,
    TABLES,
    describe_table,
    dictionary_markdown,
    write_dictionary,
)

#: The tables ``discourse analyze --profile-by bias`` writes, with their columns (from a run on
#: 30 AllSides articles), and the two issue 15 adds.
ANALYZE_TABLES = {
    "cleaning": "doc_id,step,rule,action,line,original,replacement,count",
    "collocates": "doc_id,relation,collocate,count",
    "doc_topics": "doc_id,topic,weight",
    "documents": "doc_id,title,outlet,bias,date,n_paragraphs,n_sentences,n_tokens,n_words",
    "frame_profile": "doc_id,frame,n,n_sentences,share,ci_low,ci_high",
    "frame_sentences": "doc_id,sent_id,start_char,end_char,sentence,n_mentions,frames,ally,beneficiary,victim,perpetrator,bias",
    "frames": "doc_id,sent_id,sentence,mention_id,mention,kind,frame,cue,rule_id,role,via,negated,reported,modality,counts,bias",
    "frames_by_bias": "bias,frame,n,n_sentences,share,ci_low,ci_high",
    "frames_by_topic": "frame,topic,label,n_sentences,share",
    "k_selection": "k,coherence,diversity,exclusivity,stability,score,chosen",
    "keyterms": "by,target,term,count_target,count_reference,freq_target,freq_reference,log_odds,se,z,log_ratio",
    "keyterms_kwic": "doc_id,sent_id,token,left,keyword,right,sentence,target,term",
    "mentions": "doc_id,sent_id,mention_id,start_char,end_char,text,kind,lemma,role,predicate,negated,modality,reported,generic,evidence",
    "topic_labels": "topic,label",
    "topic_prevalence": "doc_id,topic,label,share,ci_low,ci_high,n_units",
    "topics": "topic,rank,term,weight",
    "unit_topics": "unit_id,doc_id,topic,weight",
    "frames_by_document": "doc_id,frame,n,n_sentences,share,ci_low,ci_high",
    "frame_profile_corrected": "group,frame,n,n_coded,share_naive,share_corrected,ci_low,ci_high,method,std_error,lam,share_coded,note",
    "compare_frames_by_bias": "bias,reference,frame,share,share_reference,difference,ci_low,ci_high,p_value,p_holm,n_sentences,"
    "n_documents,n_sentences_reference,n_documents_reference,ci_method",
}
METADATA = {"title", "outlet", "bias", "date"}
FRAMES = {"ally", "beneficiary", "victim", "perpetrator"}


def _tables():
    out = {}
    for name, cols in ANALYZE_TABLES.items():
        columns = cols.split(",")
        row = {c: ("ally" if c == "frame" else 1) for c in columns}
        out[name] = pd.DataFrame([row], columns=columns)
    out["frame_sentences"].attrs["frames"] = sorted(FRAMES)
    return out


def test_every_column_analyze_writes_is_described():
    for name, cols in ANALYZE_TABLES.items():
        doc = describe_table(name, cols.split(","))
        assert list(doc.columns) == cols.split(","), name
        for col, c in doc.columns.items():
            if col in METADATA and not name.endswith("_by_bias"):
                assert c.meaning.startswith("Metadata column"), (name, col)
            elif col not in FRAMES or name != "frame_sentences":
                assert not c.meaning.startswith("Metadata column"), (name, col)
                assert c.meaning and c.units, (name, col)


def test_a_group_table_names_its_column():
    doc = describe_table("frames_by_outlet", ["outlet", "frame", "share"])
    assert "`outlet`" in doc.title
    assert doc.columns["outlet"].meaning == "The group: a value of the metadata column `outlet`."
    assert describe_table("frames_by_topic").title.startswith("Which topics")
    assert "reference" in describe_table("compare_frames_by_year").columns
    with pytest.raises(DiscourseError, match="no description of a table 'nonsense'"):
        describe_table("nonsense")


def test_write_dictionary_covers_exactly_the_tables_given(tmp_path):
    tables = _tables()
    (tmp_path / "figures").mkdir()
    for fmt in ("pdf", "svg", "png"):
        (tmp_path / "figures" / f"frame_profile.{fmt}").write_bytes(b"x")
    (tmp_path / "run.json").write_text("{}")
    path = write_dictionary(tables, tmp_path, significant_digits=4)
    assert path == tmp_path / DICTIONARY_FILE
    text = path.read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", text, flags=re.M)
    assert sections == ["Tables", *tables, "Other files"]
    assert "4 significant digits" in text
    assert "`run.json`" in text and "`codebook.yaml`" not in text  # only the files present
    assert "`frame_profile`" in text  # the figure
    # frame columns of frame_sentences say so; the covariate is metadata
    assert "| `victim` | The sentence carries the frame `victim`. | true/false |" in text
    assert "| `bias` | Metadata column of the corpus, as given. |" in text
    # a subset of tables: only those
    small = write_dictionary({"documents": tables["documents"]}, tmp_path / "small").read_text(encoding="utf-8")
    assert re.findall(r"^## (\S+)$", small, flags=re.M) == ["Tables", "documents"]
    assert "| `outlet` | Metadata column of the corpus, as given. |" in small


def test_the_dictionary_is_the_same_text_for_the_same_tables():
    assert dictionary_markdown(_tables()) == dictionary_markdown(_tables())


def test_described_tables_are_the_documented_set():
    assert set(TABLES) >= {n for n in ANALYZE_TABLES if not n.startswith(("frames_by_bias", "compare_frames_by_"))}
    assert all(t.title and t.row for t in TABLES.values())
