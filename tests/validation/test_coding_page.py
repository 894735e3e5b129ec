"""The coding page: the writer's checks and embedded data, and a real headless browser (Debian's
Chromium through selenium) in which a coder codes, reloads, exports and imports."""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from discourse.errors import CorpusError, OutputError
from discourse.framing import DEFAULT_CODEBOOK, evaluate, load_codebook, read_gold
from discourse.validation import EXPORT_KEYS, read_sheet, write_coding_page

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
DATA_BLOCK = re.compile(r'<script type="application/json" id="discourse-data">(.*?)</script>', re.S)

ROWS: list[dict[str, Any]] = [
    {"id": "s1", "doc_id": "d1", "sent_id": 3, "sentence": "Men can be allies in the fight for equality.",
     "before": "The campaign opened on Monday.", "after": "Many signed up.", "stratum": "left", "labels": ""},
    {"id": "s2", "doc_id": "d1", "sent_id": 7, "sentence": "The weather was mild </script><script>document.title='pwned'</script> <!-- all week.",
     "before": "", "after": "", "stratum": "left", "labels": ""},
    {"id": "s3", "doc_id": "d2", "sent_id": 0, "sentence": "Fathers gain from flexible hours & paid leave.",
     "before": "", "after": "The law passed in 2019.", "stratum": "right", "labels": ""},
    {"id": "s4", "doc_id": "d3", "sent_id": 12, "sentence": "Boys are often overlooked as victims of abuse.",
     "before": "A report came out.", "after": "", "stratum": "right", "labels": ""},
]


def embedded(page: Path) -> dict[str, Any]:
    blocks = DATA_BLOCK.findall(page.read_text(encoding="utf-8"))
    assert len(blocks) == 1
    return json.loads(blocks[0])


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def codebook_with_provider(tmp_path: Path) -> Path:
    """The packaged codebook and a fifth frame a researcher added."""
    data = yaml.safe_load(DEFAULT_CODEBOOK.read_text(encoding="utf-8"))
    data["frames"]["provider"] = {
        "description": "Men provide for a family or a household; they are breadwinners.",
        "cues": [{"role": "agent", "lemmas": ["provide"]}],
    }
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


# ---- the writer ----------------------------------------------------------------------------


def test_embedded_json_equals_the_sheet(tmp_path: Path) -> None:
    page = write_coding_page(write_jsonl(tmp_path / "sheet.jsonl", ROWS), tmp_path / "coding.html")
    data = embedded(page)
    assert data["rows"] == ROWS
    assert data["title"] == "Coding: sheet.jsonl"
    assert [f["name"] for f in data["frames"]] == ["ally", "beneficiary", "victim", "perpetrator"]
    book = load_codebook(None)
    assert [f["description"] for f in data["frames"]] == [f.description for f in book.frames.values()]
    assert re.fullmatch(r"[0-9a-f]{16}", data["sheet_hash"])
    assert not list(tmp_path.glob(".tmp-*"))  # written through a temporary file and a rename


def test_csv_sheet_reads_like_the_jsonl_one(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(ROWS[0]))
        writer.writeheader()
        writer.writerows(ROWS)
    assert read_sheet(path) == ROWS  # sent_id read back as int, extra column kept
    page = write_coding_page(path, tmp_path / "coding.html", title="AllSides <sample>")
    assert embedded(page)["rows"] == ROWS
    text = page.read_text(encoding="utf-8")
    assert "<title>AllSides &lt;sample&gt;</title>" in text and "<sample>" not in text


def test_line_separators_inside_a_sentence_stay_in_it(tmp_path: Path) -> None:
    rows = [{"id": "a", "sentence": "Men\u2028cook\x85 and\u2029 clean.", "before": "x\ny"}, {"id": "b", "sentence": "Men rest."}]
    jsonl = tmp_path / "sheet.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    path = tmp_path / "sheet.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "sentence", "before"])
        writer.writeheader()
        writer.writerows(rows)
    for sheet in (jsonl, path):
        got = read_sheet(sheet)
        assert [(r["id"], r["sentence"], r["before"]) for r in got] == [("a", rows[0]["sentence"], "x\ny"), ("b", "Men rest.", "")]


def test_list_of_rows_and_the_sheet_hash(tmp_path: Path) -> None:
    a = embedded(write_coding_page(ROWS, tmp_path / "a.html"))
    b = embedded(write_coding_page(ROWS[:3], tmp_path / "b.html"))
    assert a["rows"] == ROWS and a["title"] == "Coding sheet"
    assert a["sheet_hash"] != b["sheet_hash"]
    again = embedded(write_coding_page([dict(r) for r in ROWS], tmp_path / "a.html"))
    assert again["sheet_hash"] == a["sheet_hash"]  # the same sheet keeps its storage key


def test_missing_context_and_nan_become_empty(tmp_path: Path) -> None:
    rows = [{"id": 7, "sentence": "Men cook.", "before": None, "after": float("nan"), "score": float("nan")}]
    (row,) = embedded(write_coding_page(rows, tmp_path / "c.html"))["rows"]
    assert row == {"id": "7", "doc_id": "", "sent_id": None, "sentence": "Men cook.", "before": "", "after": "", "score": None}


def test_frames_from_a_codebook_with_an_extra_frame(tmp_path: Path, codebook_with_provider: Path) -> None:
    page = write_coding_page(ROWS, tmp_path / "coding.html", codebook=codebook_with_provider)
    frames = embedded(page)["frames"]
    assert [f["name"] for f in frames] == ["ally", "beneficiary", "victim", "perpetrator", "provider"]
    assert frames[-1]["description"] == "Men provide for a family or a household; they are breadwinners."


def test_a_sentence_cannot_break_out_of_the_script(tmp_path: Path) -> None:
    page = write_coding_page(ROWS, tmp_path / "coding.html")
    text = page.read_text(encoding="utf-8")
    block = DATA_BLOCK.search(text).group(1)
    assert "</" not in block and "<!--" not in block and "<" not in block
    # two script elements only: the data block and the page's code
    assert text.count("<script") == 2 and text.count("</script>") == 2
    assert embedded(page)["rows"][1]["sentence"] == ROWS[1]["sentence"]


def test_the_page_loads_nothing_from_elsewhere(tmp_path: Path) -> None:
    text = write_coding_page(ROWS, tmp_path / "coding.html").read_text(encoding="utf-8")
    for ref in ("http://", "https://", "//cdn", "@import", "url(", "<link", " src="):
        assert ref not in text, ref
    assert "default-src 'none'" in text  # and the page's own policy forbids loading anything


@pytest.mark.parametrize(
    ("rows", "match"),
    [
        ([{"doc_id": "d", "sentence": "Men cook."}], r"sheet: row 0: no 'id'; every row of a coding sheet needs an id"),
        ([{"id": "", "sentence": "Men cook."}], r"row 0: no 'id'"),
        ([{"id": "a", "sentence": "Men cook."}, {"id": "b"}], r"sheet: row 1: no 'sentence' \(id 'b'\)"),
        ([{"id": "a", "sentence": "  "}], r"row 0: no 'sentence'"),
        ([{"id": "a", "sentence": "x"}, {"id": "a", "sentence": "y"}], r"row 1: duplicate id 'a' \(first at row 0\)"),
        ([], r"sheet: the coding sheet has no rows; write one with `discourse sample` first"),
        ([{"id": "a", "sentence": "x", "sent_id": "third"}], r"row 0: sent_id 'third' is not a whole number"),
        ({"id": "a", "sentence": "x"}, r"pass a path or a list of row dicts"),
    ],
)
def test_bad_rows(tmp_path: Path, rows: Any, match: str) -> None:
    with pytest.raises(CorpusError, match=match):
        write_coding_page(rows, tmp_path / "coding.html")
    assert not (tmp_path / "coding.html").exists()


def test_bad_sheet_files(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"nope\.jsonl: coding sheet not found; pass the \.jsonl or \.csv file"):
        write_coding_page(tmp_path / "nope.jsonl", tmp_path / "coding.html")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"empty\.jsonl: the coding sheet has no rows"):
        write_coding_page(empty, tmp_path / "coding.html")
    header_only = tmp_path / "empty.csv"
    header_only.write_text("id,doc_id,sent_id,sentence,before,after\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"empty\.csv: the coding sheet has no rows"):
        write_coding_page(header_only, tmp_path / "coding.html")
    dup = write_jsonl(tmp_path / "dup.jsonl", [ROWS[0], ROWS[1], ROWS[0]])
    with pytest.raises(CorpusError, match=r"dup\.jsonl: line 3: duplicate id 's1' \(first at line 1\)"):
        write_coding_page(dup, tmp_path / "coding.html")
    no_sentence = tmp_path / "ns.csv"
    no_sentence.write_text("id,doc_id,sent_id,sentence,before,after\ns1,d,1,Men cook.,,\ns2,d,2,,,\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"ns\.csv: line 3: no 'sentence' \(id 's2'\)"):
        write_coding_page(no_sentence, tmp_path / "coding.html")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "a", "sentence": "x"}\n{"id": \n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"broken\.jsonl: line 2 is not valid JSON"):
        write_coding_page(broken, tmp_path / "coding.html")
    other = tmp_path / "sheet.xlsx"
    other.write_bytes(b"PK")
    with pytest.raises(CorpusError, match=r"sheet\.xlsx: unknown sheet type '\.xlsx'; pass a \.jsonl or \.csv"):
        write_coding_page(other, tmp_path / "coding.html")


def test_refuses_to_overwrite_a_file_it_did_not_write(tmp_path: Path) -> None:
    notes = tmp_path / "notes.html"
    notes.write_text("<html>my own notes</html>", encoding="utf-8")
    with pytest.raises(OutputError, match=r"notes\.html: exists and is not a coding page discourse wrote; choose another path or pass overwrite=True"):
        write_coding_page(ROWS, notes)
    assert notes.read_text(encoding="utf-8") == "<html>my own notes</html>"
    write_coding_page(ROWS, notes, overwrite=True)
    assert embedded(notes)["rows"] == ROWS
    write_coding_page(ROWS[:2], notes)  # its own page: replaced without asking
    assert embedded(notes)["rows"] == ROWS[:2]
    with pytest.raises(OutputError, match=r"is a folder; pass the path of the \.html file"):
        write_coding_page(ROWS, tmp_path)


def test_the_page_is_written_through_a_temporary_file_and_a_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "coding.html"
    write_coding_page(ROWS[:1], out)
    before = out.read_text(encoding="utf-8")
    renames: list[tuple[str, str]] = []

    def failing_replace(src: str, dst: str) -> None:
        renames.append((str(src), str(dst)))
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_coding_page(ROWS, out)
    ((src, dst),) = renames
    assert Path(src).parent == tmp_path and Path(src).name.startswith(".tmp-") and dst == str(out)
    assert out.read_text(encoding="utf-8") == before  # a failed write leaves the old page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coding.html"]  # and no temporary file


# ---- a real browser ------------------------------------------------------------------------


def _browser_or_skip() -> None:
    """Skip without Chromium and its driver, except on CI, where .ci/run installs them."""
    on_ci = os.environ.get("CI") == "true"
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        msg = f"{' and '.join(missing)} not found (apt-get install chromium chromium-driver)"
        if on_ci:
            pytest.fail(f"{msg}: .ci/run should have installed them", pytrace=False)
        pytest.skip(msg)
    try:
        import selenium  # noqa: F401
    except ImportError:
        if on_ci:
            pytest.fail("selenium is not installed: it is in the dev extra that .ci/run installs", pytrace=False)
        pytest.skip("selenium not installed (pip install -e '.[dev]')")


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[Callable[[], Any]]:
    """A factory of headless Chromium sessions: ``start(profile)`` opens one on the named profile
    (its localStorage lasts across pages, reloads and sessions), all downloading into
    ``tmp_path / "downloads"``."""
    _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    drivers: list[Any] = []

    def start(profile: str = "profile") -> Any:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in (
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={tmp_path / profile}", "--window-size=1366,900",
        ):
            options.add_argument(arg)
        options.add_experimental_option("prefs", {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "download.directory_upgrade": True,
        })
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        # the driver's path is given, so Selenium Manager never looks for (or downloads) one
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        driver.set_page_load_timeout(30)
        drivers.append(driver)
        return driver

    yield start
    for driver in drivers:
        driver.quit()


def _wait(predicate: Callable[[], Any], what: str, timeout: float = 10.0) -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _settled(driver: Any) -> None:
    """Wait until the page's writes are committed (before a reload, as a coder would)."""
    _wait(lambda: driver.execute_script("return discourseCoding.settled()"), "the page's writes")


def _loaded(driver: Any) -> None:
    """Wait until the page has read both copies of the work."""
    _wait(lambda: driver.execute_script("return discourseCoding.ready()"), "the page to read its storage")


def _keys(driver: Any, *keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    for key in keys:
        ActionChains(driver).send_keys(key).perform()


def _text(driver: Any, element_id: str) -> str:
    return driver.execute_script(f"return document.getElementById({element_id!r}).textContent")


def _checked(driver: Any) -> dict[str, bool]:
    return driver.execute_script(
        "var out = {}; document.querySelectorAll('#codes input').forEach(function (b) {"
        " out[b.id] = b.checked; }); return out;"
    )


def _frames_on(driver: Any) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#frame-list input:checked')).map(function (b) { return b.value; });"
    )


def test_a_coder_codes_reloads_exports_and_imports(tmp_path: Path, chromium: Callable[[], Any], codebook_with_provider: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page = write_coding_page(ROWS, tmp_path / "coding.html", codebook=codebook_with_provider, title="Test sample")
    driver = chromium()
    driver.get(page.as_uri())
    assert driver.title == "Test sample"
    assert _text(driver, "progress-text") == "0 / 4 coded"
    assert _text(driver, "sentence") == ROWS[0]["sentence"]
    assert _text(driver, "before") == ROWS[0]["before"] and _text(driver, "after") == ROWS[0]["after"]
    assert driver.find_element(By.CSS_SELECTOR, "label[for=frame-4]").text.endswith("provider")
    assert "breadwinners" in _text(driver, "frame-4-help")

    # sentence 1, by keyboard: ally (1) and victim (3), a note, next (n)
    coder = driver.find_element(By.ID, "coder")
    coder.send_keys("Ada Lovelace", Keys.ESCAPE)
    _keys(driver, "1", "3")
    assert _frames_on(driver) == ["ally", "victim"]
    assert _text(driver, "status") == "\u2713 coded"
    notes = driver.find_element(By.ID, "notes")
    notes.send_keys("ally by invitation; 1 n j typed here are text", Keys.ESCAPE)
    assert _frames_on(driver) == ["ally", "victim"]  # keys typed into the notes are not shortcuts
    _keys(driver, "n")

    # sentence 2 (the one with </script>): none (0), mentions men: no (m), next (→)
    assert _text(driver, "sentence") == ROWS[1]["sentence"]
    assert driver.title == "Test sample"  # the sentence stayed text
    _keys(driver, "1", "0")
    assert _frames_on(driver) == [] and _checked(driver)["frame-none"]  # none clears the frames
    _keys(driver, "m")
    assert _checked(driver)["men-no"] and not _checked(driver)["men-yes"]
    _keys(driver, Keys.ARROW_RIGHT)

    # sentence 3, by mouse: frames and none clear each other
    assert _text(driver, "position") == "Sentence 3 of 4"

    def click(frame: str) -> None:
        driver.find_element(By.CSS_SELECTOR, f"label[for={frame}]").click()

    click("frame-4")
    click("frame-0")
    assert _frames_on(driver) == ["ally", "provider"]
    click("frame-none")
    assert _frames_on(driver) == [] and _checked(driver)["frame-none"]
    click("frame-1")
    click("frame-4")
    assert _frames_on(driver) == ["beneficiary", "provider"] and not _checked(driver)["frame-none"]
    assert _text(driver, "progress-text") == "3 / 4 coded"
    assert driver.execute_script("return document.getElementById('bar').value") == 3
    assert "1 not yet coded will be left out" in _text(driver, "export-info")

    # kept in localStorage under a key with the sheet's hash
    saved = driver.execute_script("return [discourseCoding.storageKey, localStorage.getItem(discourseCoding.storageKey)]")
    assert saved[0] == "discourse-coding:" + embedded(page)["sheet_hash"]
    codes = json.loads(saved[1])["codes"]
    assert codes["s3"]["labels"] == ["beneficiary", "provider"] and codes["s2"]["none"] is True

    # back to the first (p, ←), then j jumps to the next uncoded: the fourth
    _keys(driver, "p", Keys.ARROW_LEFT)
    assert _text(driver, "position") == "Sentence 1 of 4"
    _keys(driver, "j")
    assert _text(driver, "position") == "Sentence 4 of 4"

    # reload: the work comes back from localStorage
    # (the page keeps a copy in IndexedDB too: Chromium may hand a file:// page loaded within
    # seconds of a change an older localStorage; the page reads both and merges them)
    _settled(driver)
    driver.refresh()
    _loaded(driver)
    assert _text(driver, "progress-text") == "3 / 4 coded"
    assert _text(driver, "position") == "Sentence 4 of 4"
    assert driver.find_element(By.ID, "coder").get_attribute("value") == "Ada Lovelace"
    assert "Restored your work" in _text(driver, "message")
    _keys(driver, "p")
    assert _frames_on(driver) == ["beneficiary", "provider"]
    _keys(driver, "p")
    assert _checked(driver)["frame-none"] and _checked(driver)["men-no"]
    _keys(driver, "p")
    assert _frames_on(driver) == ["ally", "victim"]
    assert driver.find_element(By.ID, "notes").get_attribute("value") == "ally by invitation; 1 n j typed here are text"

    # export, read through the page's own function
    jsonl = driver.execute_script("return discourseCoding.exportJSONL()")
    records = [json.loads(line) for line in jsonl.splitlines()]
    assert [r["id"] for r in records] == ["s1", "s2", "s3"]  # the uncoded s4 is not exported
    assert all(list(r)[: len(EXPORT_KEYS)] == list(EXPORT_KEYS) for r in records)
    by_id = {r["id"]: r for r in records}
    assert by_id["s1"]["labels"] == ["ally", "victim"] and by_id["s1"]["mentions_men"] is True
    assert by_id["s1"]["notes"] == "ally by invitation; 1 n j typed here are text"
    assert by_id["s2"]["labels"] == [] and by_id["s2"]["mentions_men"] is False
    assert by_id["s3"]["labels"] == ["beneficiary", "provider"]
    for r, row in zip(records, ROWS, strict=False):
        assert (r["text"], r["doc_id"], r["sent_id"], r["stratum"]) == (row["sentence"], row["doc_id"], row["sent_id"], row["stratum"])
        assert r["coder"] == "Ada Lovelace"
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text(jsonl, encoding="utf-8")
    gold = {g["id"]: g for g in read_gold(gold_file)}
    assert gold["s3"]["labels"] == ["beneficiary", "provider"] and gold["s2"]["labels"] == []
    result = evaluate(gold_file, codebook=codebook_with_provider, predictions=[
        {"id": "s1", "frames": ["ally", "victim"], "mentions_men": True},
        {"id": "s2", "frames": [], "mentions_men": True},
        {"id": "s3", "frames": ["provider"], "mentions_men": True},
    ])
    per_frame = result.per_frame.set_index("frame")
    assert per_frame.loc["provider", "recall"] == 1.0 and per_frame.loc["beneficiary", "recall"] == 0.0

    # export through the button: the file the browser downloads holds the same lines
    driver.find_element(By.ID, "export").click()
    downloads = tmp_path / "downloads"
    files = _wait(lambda: [p for p in downloads.glob("*.jsonl")], "the exported file")
    assert files[0].name.startswith("coded-ada-lovelace-")
    _wait(lambda: files[0].read_text(encoding="utf-8") == jsonl, "the download to complete")
    assert "3 coded sentences" in _text(driver, "message") and "1 not yet coded" in _text(driver, "message")
    assert driver.find_element(By.ID, "download").is_displayed()

    # nothing was fetched and nothing went wrong
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert not [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]

    # another sheet in the same browser does not see this work
    other = write_coding_page(ROWS[:3], tmp_path / "other.html")
    _settled(driver)
    driver.get(other.as_uri())
    _loaded(driver)
    assert _text(driver, "progress-text") == "0 / 3 coded"
    driver.get(page.as_uri())
    _loaded(driver)
    assert _text(driver, "progress-text") == "3 / 4 coded"

    # another machine (a browser with a new profile): import the export, the work is back
    driver = chromium("another-profile")
    driver.get(page.as_uri())
    assert _text(driver, "progress-text") == "0 / 4 coded"
    assert driver.find_element(By.ID, "coder").get_attribute("value") == ""
    driver.find_element(By.ID, "import-file").send_keys(str(files[0]))
    _wait(lambda: _text(driver, "progress-text") == "3 / 4 coded", "the import")
    assert "Imported 3 coded sentences." == _text(driver, "message")
    assert driver.execute_script("return discourseCoding.exportJSONL()") == jsonl


def test_work_is_restored_from_local_storage(tmp_path: Path, chromium: Callable[[], Any]) -> None:
    """localStorage alone (the IndexedDB copy of a new profile is empty) brings the work back."""
    page = write_coding_page(ROWS, tmp_path / "coding.html")
    driver = chromium("fresh")
    driver.get(page.as_uri())
    _loaded(driver)
    saved = {"version": 1, "coder": "Bo", "index": 2, "saved": 1, "codes": {
        "s1": {"labels": ["victim", "ally"], "none": False, "men": True, "notes": "n1", "t": 1},
        "s2": {"labels": [], "none": True, "men": False, "notes": "", "t": 1},
        "zz": {"labels": ["ally"], "none": False, "men": True, "notes": "", "t": 1},  # not in this sheet
    }}
    driver.execute_script("localStorage.setItem(discourseCoding.storageKey, JSON.stringify(arguments[0]))", saved)
    # a second tab (the first keeps the origin's storage alive in the browser)
    driver.switch_to.new_window("tab")
    driver.get(page.as_uri())
    _loaded(driver)
    assert _text(driver, "progress-text") == "2 / 4 coded"
    assert _text(driver, "position") == "Sentence 3 of 4"
    assert driver.find_element("id", "coder").get_attribute("value") == "Bo"
    records = [json.loads(x) for x in driver.execute_script("return discourseCoding.exportJSONL()").splitlines()]
    assert [(r["id"], r["labels"], r["mentions_men"], r["notes"]) for r in records] == [
        ("s1", ["ally", "victim"], True, "n1"), ("s2", [], False, "")]


def test_work_is_restored_from_the_indexeddb_copy(tmp_path: Path, chromium: Callable[[], Any]) -> None:
    """With its localStorage entry gone, the page takes the work from its IndexedDB copy."""
    page = write_coding_page(ROWS, tmp_path / "coding.html")
    driver = chromium("fresh")
    driver.get(page.as_uri())
    _loaded(driver)
    _keys(driver, "4", "n", "2")
    _settled(driver)
    driver.execute_script("localStorage.removeItem(discourseCoding.storageKey)")
    driver.switch_to.new_window("tab")
    driver.get(page.as_uri())
    _loaded(driver)
    assert _text(driver, "progress-text") == "2 / 4 coded"
    assert _text(driver, "position") == "Sentence 2 of 4"
    assert [r["labels"] for r in driver.execute_script("return discourseCoding.exportRecords()")] == [["perpetrator"], ["beneficiary"]]
    assert driver.execute_script("return localStorage.getItem(discourseCoding.storageKey) !== null")  # written back


def test_import_reports_what_it_skipped(tmp_path: Path, chromium: Callable[[], Any]) -> None:
    page = write_coding_page(ROWS, tmp_path / "coding.html")
    driver = chromium()
    driver.get(page.as_uri())
    lines = [
        json.dumps({"id": "s4", "text": ROWS[3]["sentence"], "labels": ["victim", "hero"], "mentions_men": True, "coder": "Bo"}),
        json.dumps({"id": "zz", "text": "elsewhere", "labels": ["ally"]}),
        "not json",
    ]
    report = driver.execute_script("return discourseCoding.importJSONL(arguments[0])", "\n".join(lines))
    assert report == {"imported": 1, "unknown_ids": 1, "bad_lines": [3], "unknown_labels": ["hero"]}
    assert _text(driver, "progress-text") == "1 / 4 coded"
    message = _text(driver, "message")
    assert "1 with an id not in this sheet skipped" in message and "lines 3" in message and "hero" in message
    (rec,) = [json.loads(x) for x in driver.execute_script("return discourseCoding.exportJSONL()").splitlines()]
    assert rec["labels"] == ["victim"] and rec["coder"] == "Bo"


def test_export_needs_a_coder_name(tmp_path: Path, chromium: Callable[[], Any]) -> None:
    from selenium.webdriver.common.by import By

    page = write_coding_page(ROWS, tmp_path / "coding.html")
    driver = chromium()
    driver.get(page.as_uri())
    _keys(driver, "2")
    driver.find_element(By.ID, "export").click()
    assert "Enter your name in Coder first" in _text(driver, "message")
    assert driver.execute_script("return document.activeElement.id") == "coder"
    time.sleep(0.3)
    assert not list((tmp_path / "downloads").iterdir())


def test_skip_and_ci_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a browser the test is skipped locally and fails on CI."""
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match="chromium not found"):
        _browser_or_skip()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"\.ci/run should have installed them"):
        _browser_or_skip()
