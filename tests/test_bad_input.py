"""Issue 17: bad inputs and faults that crashed, hung or lost output, one test (or more) each.

Every error is one line naming the file, field or parameter and saying what to do; every
warning says what was skipped. Item 1 (memory and time on pathological text) is tested with the
sentence splitting in ``tests/nlp``.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pytest

from discourse import Corpus, load_corpus
from discourse.corpus import iter_jsonl
from discourse.errors import CodebookError, CorpusError, DiscourseError, DiscourseWarning


def _folder(root: Path, files: dict[str, bytes | str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (root / name).write_bytes(data)
    return root


def _one_line(exc_info: pytest.ExceptionInfo[BaseException]) -> str:
    message = str(exc_info.value)
    assert "\n" not in message, message
    return message


# --------------------------------------------------------------------------------------------
# item 3: inputs that gave tracebacks or silent errors


@pytest.mark.parametrize("name", ["corpus.jsonl.gz", "corpus.csv.gz", "corpus.json.gz", "corpus.tsv.gz"])
def test_a_truncated_gzip_file_is_one_line_naming_it(tmp_path, name):
    if ".jsonl" in name:
        body = b"".join(json.dumps({"id": f"d{i}", "text": f"Men and boys talk {i}."}).encode() + b"\n" for i in range(2000))
    elif ".json." in name:
        body = json.dumps([{"id": f"d{i}", "text": f"Men and boys talk {i}."} for i in range(2000)]).encode()
    else:
        sep = "\t" if ".tsv" in name else ","
        body = f"id{sep}text\n".encode() + b"".join(f"d{i}{sep}Men and boys talk {i}.\n".encode() for i in range(2000))
    data = gzip.compress(body)
    path = tmp_path / name
    path.write_bytes(data[: len(data) // 2])  # a download that stopped half way (EOFError before)
    with pytest.raises(CorpusError, match=r"corpus\..*\.gz: the gzip file is truncated .*download it again") as exc:
        load_corpus(path)
    assert str(path) in _one_line(exc)


def test_a_damaged_gzip_file_and_a_non_utf8_jsonl_are_one_line(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(b"{\"id\": \"a\", \"text\": \"Men.\"}\n")  # named .gz, not compressed
    with pytest.raises(CorpusError, match=r"c\.jsonl\.gz: the gzip file is damaged"):
        load_corpus(path)
    path = tmp_path / "c.jsonl"
    path.write_bytes(json.dumps({"id": "a", "text": "caf\u00e9 men"}, ensure_ascii=False).encode("latin-1") + b"\n")
    with pytest.raises(CorpusError, match=r"c\.jsonl: .*not UTF-8 text \(byte 0xe9\); re-save the file as UTF-8"):
        list(iter_jsonl(path))


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (["Men cry.", "Boys cry."], r"item 1 of the JSON list is a string, not an object; give one object per document"),
        ({"articles": ["Men cry."]}, r"item 1 of the JSON list is a string, not an object"),
        ([{"id": "a", "text": "Men cry."}, 3], r"item 2 of the JSON list is a number, not an object"),
        ("Men cry.", r"the JSON holds a string, not a list of documents"),
        (12, r"the JSON holds a number, not a list of documents"),
    ],
)
def test_a_json_file_that_is_not_a_list_of_objects_is_one_line(tmp_path, data, match):
    path = tmp_path / "docs.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # a list of strings: AttributeError before
    with pytest.raises(CorpusError, match=match) as exc:
        load_corpus(path)
    assert _one_line(exc).startswith(f"{path}: ")


@pytest.mark.parametrize(
    ("csv", "match"),
    [
        ("id,text\n,Men cry.\n,Boys cry.\n", r"rows 1, 2 have no id in column 'id'; fill them in"),  # was: duplicate id 'nan'
        ("id,text\n,Men cry.\nb,Boys cry.\n", r"row 1 has no id in column 'id'"),  # was: a document called 'nan'
        ("id,text\na,Men cry.\n   ,Boys cry.\n", r"row 2 has no id in column 'id'"),
    ],
)
def test_empty_id_cells_are_named_not_turned_into_nan(tmp_path, csv, match):
    path = tmp_path / "docs.csv"
    path.write_text(csv, encoding="utf-8")
    with pytest.raises(CorpusError, match=match) as exc:
        load_corpus(path)
    assert str(path) in _one_line(exc)
    frame = pd.DataFrame({"doc_id": ["a", None, float("nan")], "text": ["Men.", "Boys.", "Fathers."]})
    with pytest.raises(CorpusError, match=r"DataFrame: rows 2, 3 have no id in column 'doc_id'"):
        Corpus.from_frame(frame)


def test_an_empty_doc_id_in_folder_metadata_is_named(tmp_path):
    folder = _folder(tmp_path / "c", {"a.txt": "Men cry.", "metadata.csv": "doc_id,year\na,2019\n,2020\n"})
    with pytest.raises(CorpusError, match=r"metadata\.csv: row 2 has no doc_id .*give each row the name of its file"):
        load_corpus(folder)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_a_bom_says_how_to_re_save_it(tmp_path, codec):
    text = "Men and boys talk about their fathers.\nΟι άνδρες μιλούν.\n" * 20
    folder = _folder(tmp_path / "c", {"a.txt": text.encode(codec)})
    label = codec.upper().replace("UTF-16-", "UTF-16")
    with pytest.raises(CorpusError, match=rf"a\.txt: looks like {label} text without a byte-order mark; re-save it as UTF-8") as exc:
        load_corpus(folder)  # was: "looks like a binary file"
    assert f"iconv -f {label} -t UTF-8" in _one_line(exc)
    table = tmp_path / "docs.csv"
    table.write_bytes(f"id,text\na,{text.splitlines()[0]}\n".encode(codec))
    with pytest.raises(CorpusError, match=rf"docs\.csv: looks like {label} text without a byte-order mark"):
        load_corpus(table)


def test_a_binary_file_is_still_called_binary_and_a_utf16_csv_with_a_bom_is_read(tmp_path):
    folder = _folder(tmp_path / "c", {"a.txt": bytes(range(256)) * 40})
    with pytest.raises(CorpusError, match=r"a\.txt: looks like a binary file"):
        load_corpus(folder)
    table = tmp_path / "docs.csv"
    table.write_bytes("id,text\na,Men and boys.\n".encode("utf-16"))  # with its byte-order mark
    assert load_corpus(table)["a"].raw_text == "Men and boys."


# --------------------------------------------------------------------------------------------
# item 2: file names from doc_ids and group values


def test_safe_name_is_unique_bounded_and_readable():
    from discourse.io import safe_name

    ids = ["report.2019", "report.2020", "a/b", "a b", "a_b", "x" * 300, "x" * 301, "Smith", "smith", "con", "Zürich", "日本", "", "..", "-rf"]
    names = [safe_name(i) for i in ids]
    assert len(set(names)) == len(ids)
    assert len({n.casefold() for n in names}) == len(ids)  # two files on macOS and Windows too
    assert names[:2] == ["report.2019", "report.2020"] and names[4] == "a_b" and names[8] == "smith"
    assert names[2].startswith("a_b-") and names[3].startswith("a_b-") and names[10].startswith("Zurich-")
    for name in names:
        assert name.isascii() and 0 < len(name) <= 69 and name[0].isalnum() and not name.endswith(".")
        assert "/" not in name and " " not in name
    assert safe_name("Year", ignore_case=False) == "Year"
    assert safe_name(2019) == "2019"


def test_figures_and_tables_named_after_ids_and_columns_are_unique_and_bounded(tmp_path):
    from discourse.workflow import analyze

    ids = ["report.2019", "report.2020", "a/b", "a b", "x" * 300]
    words = ["fathers care for children at home", "soldiers fight wars abroad", "farmers grow wheat in fields", "workers build houses in towns", "players win football matches"]
    frame = pd.DataFrame({"doc_id": ids, "text": [f"Men and {w}. " * 6 for w in words], "outlet/name": ["x", "y", "x", "y", "x"]})
    out = tmp_path / "out"
    result = analyze(Corpus.from_frame(frame), out, steps=["frames", "keyterms"], profile_by="outlet/name", use_cache=False)
    pdfs = sorted(p.name for p in (out / "figures").glob("keyness_*.pdf"))
    assert len(pdfs) == len(ids)  # report.2019 and report.2020 were one keyness_report.pdf; a/b and a b one file
    assert {"keyness_report.2019.pdf", "keyness_report.2020.pdf"} <= set(pdfs)
    assert all(len(p.encode()) <= 100 for p in pdfs)  # a 300-character id: "File name too long" before
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert written >= set(result.record["outputs"]) and all("/" not in Path(p).name for p in written)
    grouped = [p for p in written if p.startswith("frames_by_")]
    assert len(grouped) == 1 and grouped[0].startswith("frames_by_outlet_name-") and grouped[0].endswith(".csv")


def test_save_figure_keeps_a_dotted_name(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from discourse.report import save_figure

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    written = save_figure(ax, tmp_path / "report.2019", ["pdf", "png"])
    save_figure(ax, tmp_path / "report.2020.png", ["png"])
    plt.close(fig)
    assert [p.name for p in written] == ["report.2019.pdf", "report.2019.png"]  # with_suffix made it report.pdf
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.2019.pdf", "report.2019.png", "report.2020.png"]


# --------------------------------------------------------------------------------------------
# item 3: the YAML data files (codebook, lexicon, boilerplate, stop list)

_CODEBOOK_TWICE = """\
frames:
  ally:
    description: Men support women.
    cues:
      - id: ally.support
        role: agent
        lemmas: [support]
  ally:
    description: Men stand with women.
    cues:
      - id: ally.stand
        role: agent
        lemmas: [stand]
"""


def _yaml_loaders():
    from discourse.corpus import load_boilerplate
    from discourse.framing import load_codebook, load_lexicon
    from discourse.themes import load_stoplist

    return {
        "codebook": (load_codebook, CodebookError),
        "men lexicon": (load_lexicon, CodebookError),
        "boilerplate file": (load_boilerplate, CorpusError),
        "stop list": (load_stoplist, DiscourseError),
    }


@pytest.mark.parametrize(
    ("what", "text", "line"),
    [
        ("codebook", _CODEBOOK_TWICE, 8),
        ("men lexicon", "group_nouns: [man]\nsingular_nouns: [man]\ngroup_nouns: [boy]\n", 3),
        ("boilerplate file", "rules:\n  - id: a\n    scope: line\n    pattern: x\n    scope: inline\n", 5),
        ("stop list", "add: [also]\nkeep: [men]\nadd: [said]\n", 3),
    ],
)
def test_a_key_given_twice_in_any_yaml_file_is_refused(tmp_path, what, text, line):
    load, error = _yaml_loaders()[what]
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(error, match=rf"data\.yaml line {line}: not valid YAML \(the key '\w+' is given twice in one mapping\); fix the {what} there") as exc:
        load(path)  # YAML kept the last: the second frame silently replaced the first
    _one_line(exc)


@pytest.mark.parametrize("what", ["codebook", "men lexicon", "boilerplate file", "stop list"])
def test_a_latin1_yaml_file_is_one_line_naming_file_and_line(tmp_path, what):
    load, error = _yaml_loaders()[what]
    text = {
        "codebook": "# caf\u00e9 frames\n" + _CODEBOOK_TWICE.split("  ally:\n    description: Men stand")[0],
        "men lexicon": "group_nouns: [man]\n# clich\u00e9\n",
        "boilerplate file": "rules:\n  - id: a\n    scope: line\n    pattern: caf\u00e9\n",
        "stop list": "add: [also, d\u00e9j\u00e0]\n",
    }[what]
    path = tmp_path / "latin1.yaml"
    path.write_bytes(text.encode("latin-1"))
    line = text[: text.index("\u00e9") if "\u00e9" in text else text.index("\u00e0")].count("\n") + 1
    with pytest.raises(error, match=rf"latin1\.yaml line {line}: the {what} is not UTF-8 text \(byte 0x[0-9a-f]{{2}}\); re-save it as UTF-8") as exc:
        load(path)  # UnicodeDecodeError before
    _one_line(exc)


def test_a_latin1_codebook_on_the_command_line_is_one_line(tmp_path, capsys):
    from discourse.cli import main

    corpus = _folder(tmp_path / "c", {"a.txt": "Men support women."})
    book = tmp_path / "book.yaml"
    book.write_bytes(("# caf\u00e9\n" + _CODEBOOK_TWICE).encode("latin-1"))
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "out"), "--codebook", str(book), "--no-cache", "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"discourse: error: {book} line 1: the codebook is not UTF-8 text")
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------------------------
# item 3: documents not in English, and a corpus where no document mentions men

FOREIGN = {
    "fr": "Les hommes du village ont dit qu'ils aideraient leurs voisins pendant l'hiver. Les pères restent à la maison "
    "avec les enfants, et les frères travaillent dans les champs du matin au soir. Personne ne savait si la récolte "
    "serait bonne cette année, mais tout le monde espérait que la pluie viendrait bientôt.",
    "de": "Die Männer des Dorfes sagten, dass sie ihren Nachbarn im Winter helfen würden. Man sagt, die Väter bleiben mit "
    "den Kindern zu Hause, und die Brüder arbeiten von morgens bis abends auf den Feldern. Niemand wusste, ob die "
    "Ernte in diesem Jahr gut sein würde, aber alle hofften auf Regen.",
    "es": "Los hombres del pueblo dijeron que ayudarían a sus vecinos durante el invierno. Los padres se quedan en casa con "
    "los niños, y los hermanos trabajan en el campo de la mañana a la noche. Nadie sabía si la cosecha sería buena este "
    "año, pero todos esperaban que la lluvia llegara pronto.",
    "nl": "De mannen van het dorp zeiden dat ze hun buren in de winter zouden helpen. De vaders blijven thuis met de "
    "kinderen, en de broers werken van de ochtend tot de avond op het land. Niemand wist of de oogst dit jaar goed zou "
    "zijn, maar iedereen hoopte dat de regen snel zou komen.",
    "ru": "Мужчины деревни сказали, что помогут своим соседям зимой. Отцы остаются дома с детьми, а братья работают в поле "
    "с утра до вечера. Никто не знал, будет ли урожай хорошим в этом году, но все надеялись, что скоро пойдёт дождь.",
    "zh": "村里的男人们说他们会在冬天帮助邻居。父亲们和孩子们待在家里，兄弟们从早到晚在田里工作。没有人知道今年的收成会不会好，"
    "但是每个人都希望很快就会下雨。男人们也在讨论他们在家庭中的角色以及他们对妇女和儿童的责任。",
}
ENGLISH = {
    "en1": "Men can be allies of women. Fathers who take parental leave say that they have more time with their children, "
    "and many of them would do it again. Critics argue that such policies are not enough to change how work is shared.",
    "en2": "Boys are shamed for crying, the report found. Researchers said that schools should teach boys that it is normal "
    "to talk about their feelings, and that teachers have a role to play. Most of the parents who were asked agreed.",
}


def test_english_share_tells_english_from_other_languages(seed_corpus):
    from discourse.corpus import english_share, not_english

    assert not_english(seed_corpus) == []
    docs = Corpus.from_frame(pd.DataFrame({"doc_id": [*ENGLISH, *FOREIGN], "text": [*ENGLISH.values(), *FOREIGN.values()]}))
    assert not_english(docs) == list(FOREIGN)
    for text in ENGLISH.values():
        assert english_share(text)[0] > 0.2
    short = Corpus.from_frame(pd.DataFrame({"doc_id": ["t"], "text": ["Les hommes du village."]}))
    assert not_english(short) == []  # a title says too little: never listed
    link = "See https://www.example.org/les-hommes-du-village-ont-dit and write to les.hommes@example.org. " + ENGLISH["en1"]
    assert english_share(link)[0] > 0.2  # links are not words


def test_documents_not_in_english_are_named_in_a_warning(tmp_path):
    from discourse.workflow import analyze

    texts = {**ENGLISH, **FOREIGN}
    corpus = Corpus.from_frame(pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = analyze(corpus, steps=["frames"], use_cache=False)
    said = [str(w.message) for w in caught if issubclass(w.category, DiscourseWarning)]
    foreign = ", ".join(repr(d) for d in FOREIGN)
    assert said == [f"frames: 6 of 8 documents do not look like English text ({foreign}); the frame analysis reads English only: "
                    "they add few or no rows to the frame tables, and those rows are unreliable"]  # dropped silently before
    assert set(result["frame_profile"]["doc_id"]) >= set(ENGLISH)


def test_a_corpus_where_no_document_mentions_men_says_so_and_writes_what_it_can(tmp_path, capsys):
    from discourse.cli import main

    texts = {
        "a": "The weather was fine today in the north of the city.",
        "b": "Cats sleep all day on the sofa while the rain falls.",
        "c": "The market opened higher on Monday morning.",
    }
    corpus = _folder(tmp_path / "c", {f"{k}.txt": v for k, v in texts.items()})
    (corpus / "metadata.csv").write_text("doc_id,side\na,l\nb,r\nc,l\n", encoding="utf-8")
    out = tmp_path / "out"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = main(["analyze", str(corpus), "--out", str(out), "--steps", "documents,frames", "--profile-by", "side", "--no-cache", "--quiet"])
    assert code == 0
    assert [str(w.message) for w in caught if not issubclass(w.category, DiscourseWarning)] == []  # matplotlib's legend warning before
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["discourse: warning: frames: no document mentions men (no word of the men lexicon in the 3 documents); "
                   "the frame tables are empty and no frame figure is drawn"]
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["status"] == "complete"
    assert (out / "frame_profile.csv").read_text(encoding="utf-8") == "doc_id,frame,n,n_sentences,n_documents,share,ci_low,ci_high,ci_method,design_effect\n"
    assert (out / "frames_by_side.csv").is_file() and (out / "documents.csv").is_file()
    figures = sorted(p.name for p in (out / "figures").iterdir())
    assert figures == ["corpus_composition.pdf", "corpus_composition.png", "corpus_composition.svg"]  # no empty frame plot
    assert sorted(run["outputs"]) == sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name != "run.json")


# --------------------------------------------------------------------------------------------
# item 4: outputs on a read-only folder or a full disk

_REAL_FDOPEN = os.fdopen
_REAL_MKSTEMP = tempfile.mkstemp


class _Disk:
    """``os`` and ``tempfile`` as :mod:`discourse.io` sees them, with the folder ``root`` on a disk
    with ``budget`` bytes free: the write that does not fit writes what fits, then fails as a full
    disk does (ENOSPC, no file name). Files elsewhere (the figures rendered in the temporary
    folder of the system) are written as usual."""

    def __init__(self, root: Path, budget: int) -> None:
        self.root, self.left = str(root), budget
        self.on_disk: set[int] = set()

    def __getattr__(self, name: str):
        return getattr(os, name)

    def mkstemp(self, *args, dir=None, **kwargs):  # noqa: A002 - tempfile's keyword
        fd, name = _REAL_MKSTEMP(*args, dir=dir, **kwargs)
        if name.startswith(self.root + os.sep):
            self.on_disk.add(fd)
        return fd, name

    def fdopen(self, fd: int, mode: str = "r", *args, **kwargs):
        fh = _REAL_FDOPEN(fd, mode, *args, **kwargs)
        return _FillingFile(fh, self) if fd in self.on_disk else fh

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr("discourse.io.os", self)
        monkeypatch.setattr("discourse.io.tempfile", self)


class _FillingFile:
    def __init__(self, fh, disk: _Disk) -> None:
        self.fh, self.disk = fh, disk

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.fh.close()

    def write(self, data: bytes) -> int:
        if len(data) > self.disk.left:
            self.fh.write(data[: self.disk.left])
            self.fh.flush()
            self.disk.left = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.disk.left -= len(data)
        return self.fh.write(data)

    def __getattr__(self, name: str):
        return getattr(self.fh, name)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _analyze_args(corpus: Path, out: Path) -> list[str]:
    return ["analyze", str(corpus), "--out", str(out), "--steps", "documents,frames", "--no-cache", "--quiet"]


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    return _folder(tmp_path / "c", {"a.txt": "Men can be allies of women.\n\nHusbands beat their wives.", "b.txt": "Boys are shamed for crying."})


@pytest.mark.parametrize("fraction", [0.0, 0.2, 0.5, 0.9])
def test_a_full_disk_is_one_line_naming_the_file_and_leaves_no_half_file(tmp_path, monkeypatch, capsys, small_corpus, fraction):
    from discourse.cli import main

    ref = tmp_path / "ref"
    assert main(_analyze_args(small_corpus, ref)) == 0
    good = {name: data for name, data in _files(ref).items() if name != "run.json"}
    out = tmp_path / "out"
    capsys.readouterr()
    _Disk(out, int(fraction * sum(map(len, good.values())))).install(monkeypatch)
    assert main(_analyze_args(small_corpus, out)) == 1  # a traceback before
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"discourse: error: {out}{os.sep}"), err
    assert err[0].endswith(": No space left on device (ENOSPC); the disk is full: free some space, or write the results elsewhere")
    failed = Path(err[0].removeprefix("discourse: error: ").split(": No space")[0])
    assert not failed.exists() and not failed.name.startswith(".tmp-")  # the file the disk could not hold, not its temporary
    left = _files(out)
    assert not [name for name in left if ".tmp-" in name]
    for name, data in left.items():  # every file under its name is whole
        if name not in ("run.json", "run.failed.json"):
            assert data == good[name], name


def test_a_full_disk_on_a_rerun_keeps_the_good_files(tmp_path, monkeypatch, capsys, small_corpus):
    from discourse.cli import main

    out = tmp_path / "out"
    assert main(_analyze_args(small_corpus, out)) == 0
    before = _files(out)
    # the tables are written first, then the figures: room for the tables and half the figures
    tables = sum(len(data) for name, data in before.items() if name.endswith(".csv") and "/" not in name)
    figures = sum(len(data) for name, data in before.items() if name.startswith("figures/"))
    _Disk(out, tables + figures // 2).install(monkeypatch)  # fails inside a figure
    assert main(_analyze_args(small_corpus, out)) == 1
    assert "figures" in capsys.readouterr().err
    assert _files(out) == before  # the figure that failed half way keeps its earlier bytes; run.json its good record


def test_a_file_larger_than_the_system_allows_never_stays_under_its_name(tmp_path, capsys):
    """A real write failure from the kernel (a file-size limit, EFBIG), whoever writes the file:
    documents.csv of 40 documents with long titles is cut at the limit."""
    resource = pytest.importorskip("resource")
    import signal

    from discourse.cli import main

    texts = {f"d{i:02d}.txt": f"Men and boys talk about the weather on day {i}." for i in range(40)}
    rows = "".join(f"d{i:02d},{'A long title of the article ' * 20}{i}\n" for i in range(40))
    corpus = _folder(tmp_path / "c", {**texts, "metadata.csv": "doc_id,title\n" + rows})
    args = ["analyze", str(corpus), "--steps", "documents", "--no-cache", "--quiet", "--out"]
    assert main([*args, str(tmp_path / "ref")]) == 0
    table = (tmp_path / "ref" / "documents.csv").read_bytes()
    limit = 12_000
    assert len(table) > limit
    out = tmp_path / "out"
    capsys.readouterr()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        code = main([*args, str(out)])
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"discourse: error: {out / 'documents.csv'}: File too large (EFBIG); the file is larger than this system or account allows: write the results elsewhere"]
    assert not (out / "documents.csv").exists()  # not its first 12,000 bytes under its name
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name]


@pytest.mark.parametrize(("code", "says"), [(errno.EROFS, "the file system is read-only"), (errno.EACCES, "check the permissions of that path")])
def test_a_folder_that_cannot_be_written_is_one_line_naming_the_file(tmp_path, monkeypatch, capsys, small_corpus, code, says):
    from discourse.cli import main

    out = tmp_path / "out"

    def refuse(*args, dir=None, suffix="", **kwargs):  # noqa: A002 - tempfile's keyword
        if not str(dir).startswith(str(out)):
            return _REAL_MKSTEMP(*args, dir=dir, suffix=suffix, **kwargs)
        raise OSError(code, os.strerror(code), os.path.join(dir, f".tmp-x{suffix}"))

    monkeypatch.setattr("discourse.io.tempfile.mkstemp", refuse)
    assert main(_analyze_args(small_corpus, out)) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"discourse: error: {out / 'documents.csv'}: {os.strerror(code)}") and says in err[0]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_out_folder_is_one_line_naming_it(tmp_path, capsys, small_corpus):
    from discourse.cli import main

    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        assert main(_analyze_args(small_corpus, out)) == 1
    finally:
        out.chmod(0o755)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"discourse: error: {out}") and "Permission denied (EACCES)" in err[0]
    assert list(out.iterdir()) == []


# --------------------------------------------------------------------------------------------
# item 4: the record of a run, and options checked before any work


def test_a_failed_rerun_keeps_the_good_record_and_writes_the_failure_beside_it(tmp_path, monkeypatch, capsys, small_corpus):
    import discourse.workflow as wf
    from discourse.cli import main

    out = tmp_path / "out"
    args = _analyze_args(small_corpus, out)
    assert main(args) == 0
    good = (out / "run.json").read_bytes()

    def broken(ctx):
        raise DiscourseError("frames: a step that fails half way through the run")

    monkeypatch.setitem(wf.STEPS, "frames", broken)
    capsys.readouterr()
    assert main(args) == 2
    assert capsys.readouterr().err.strip() == "discourse: error: frames: a step that fails half way through the run"
    assert (out / "run.json").read_bytes() == good  # replaced by the failed run's record before
    failed = json.loads((out / "run.failed.json").read_text(encoding="utf-8"))
    assert failed["status"] == "failed" and failed["error"] == "DiscourseError: frames: a step that fails half way through the run"
    monkeypatch.undo()
    assert main(args) == 0
    assert not (out / "run.failed.json").exists() and json.loads((out / "run.json").read_text(encoding="utf-8"))["status"] == "complete"


def test_files_of_an_earlier_run_with_other_settings_are_not_listed_as_this_runs(tmp_path, small_corpus):
    from discourse.cli import main

    (small_corpus / "metadata.csv").write_text("doc_id,side\na,l\nb,r\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main([*_analyze_args(small_corpus, out), "--profile-by", "side"]) == 0
    first = json.loads((out / "run.json").read_text(encoding="utf-8"))["outputs"]
    assert "frames_by_side.csv" in first and "figures/frame_profile_by_side.png" in first
    assert main(_analyze_args(small_corpus, out)) == 0
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert (out / "frames_by_side.csv").is_file()  # left in the folder ...
    assert not [name for name in run["outputs"] if "by_side" in name]  # ... but not this run's output
    assert main([*_analyze_args(small_corpus, out)[:-4], "--steps", "documents", "--no-cache", "--quiet"]) == 0
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["outputs"] == run["outputs"]  # same settings: kept


def test_bad_options_are_refused_before_the_corpus_is_parsed(tmp_path, monkeypatch):
    import discourse.workflow as wf
    from discourse.errors import PipelineError

    def no_parse(*args, **kwargs):
        raise AssertionError("the corpus was parsed before the options were checked")

    monkeypatch.setattr(wf, "parse", no_parse)
    corpus = _folder(tmp_path / "c", {"a.txt": "Men cry.", "metadata.csv": "doc_id,side\na,l\n"})
    bad = tmp_path / "bad.yaml"
    bad.write_text("frames: [\n", encoding="utf-8")
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    cases = [
        ({"profile_by": "outlet"}, DiscourseError, r"profile_by: no metadata column 'outlet'; choose one of side"),
        ({"keyness_by": "outlet"}, DiscourseError, r"keyness_by: no metadata column 'outlet'"),
        ({"covariates": ["outlet"]}, DiscourseError, r"covariates: no metadata column 'outlet'"),
        ({"codebook": bad}, CodebookError, r"bad\.yaml line \d: not valid YAML .*fix the codebook there"),
        ({"lexicon": bad}, CodebookError, r"bad\.yaml line \d: not valid YAML .*fix the men lexicon there"),
        ({"codebook": tmp_path / "none.yaml"}, CodebookError, r"none\.yaml: codebook not found"),
        ({"pipeline": "no_such_pipeline"}, PipelineError, r"'no_such_pipeline' is not installed"),
        ({"cache_dir": afile}, PipelineError, r"afile: the cache folder is a file"),
        ({"k": "ten"}, DiscourseError, r"\bk\b"),
    ]
    for options, error, match in cases:
        out = tmp_path / "out"
        with pytest.raises(error, match=match) as exc:
            wf.analyze(corpus, out, **options)
        _one_line(exc)
        assert not out.exists(), options
