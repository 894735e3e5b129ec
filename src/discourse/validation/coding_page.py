"""The coding page: one self-contained HTML file on which a human coder codes sampled sentences.

The page needs no server and no network: the sheet and the codebook's frames are embedded in it
as JSON, and its CSS and JavaScript are inline. The coder's work is kept in the browser's
``localStorage`` under a key that includes a hash of the sheet, so that two sheets never mix (with
a copy under the same name in IndexedDB, merged on load: Chromium can hand a ``file://`` page
reloaded within seconds of a change an older localStorage), and is exported as JSON lines in the gold format :func:`discourse.framing.read_gold` reads::

    {"id", "doc_id", "sent_id", "text", "mentions_men", "labels", "coder", "notes", ...}

(the sheet row's extra keys follow). An earlier export can be imported on another machine to
resume the work. The page's template is the package file ``validation/coding_page.html``.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import math
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CorpusError, OutputError
from ..io import write_text

if TYPE_CHECKING:
    from ..framing.codebook import Codebook

__all__ = ["EXPORT_KEYS", "SHEET_KEYS", "read_sheet", "write_coding_page"]

#: Columns of a coding sheet (``id`` and ``sentence`` are required; other keys are carried through).
SHEET_KEYS: tuple[str, ...] = ("id", "doc_id", "sent_id", "sentence", "before", "after")
#: Keys of an exported record, in order; the sheet row's extra keys follow them.
EXPORT_KEYS: tuple[str, ...] = ("id", "doc_id", "sent_id", "text", "mentions_men", "labels", "coder", "notes")

#: Written into every page; a file that carries it may be overwritten without ``overwrite=True``.
PAGE_MARKER = '<meta name="generator" content="discourse coding page">'
_TEMPLATE = "coding_page.html"
_TOKEN = re.compile(r"__DISCOURSE_(TITLE|DATA)__")
_FORMAT_VERSION = 1


def read_sheet(sheet: str | Path | Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Read and check a coding sheet.

    Parameters
    ----------
    sheet : str, Path or iterable of dict
        A ``.jsonl`` (JSON lines) or ``.csv`` file with the columns :data:`SHEET_KEYS`, or the rows
        themselves. ``id`` and ``sentence`` are required; ``before`` and ``after`` (the
        neighbouring sentences) may be empty; other keys are kept.

    Returns
    -------
    list of dict
        One row per sentence, in sheet order: ``id``, ``doc_id`` and the texts as strings,
        ``sent_id`` as an int (``None`` when absent), extra keys as given (NaN becomes ``None``).

    Raises
    ------
    CorpusError
        A missing file, an unknown file type, a line that is not a JSON object, a row without
        ``id`` or ``sentence``, a ``sent_id`` that is not a whole number, duplicate ids, or an
        empty sheet.
    """
    if isinstance(sheet, str | Path):
        path = Path(sheet)
        src = str(path)
        raw = _read_file(path)
    else:
        if isinstance(sheet, Mapping):
            raise CorpusError("sheet: pass a path or a list of row dicts, not a single dict")
        src = "sheet"
        raw = []
        for i, row in enumerate(sheet):
            if not isinstance(row, Mapping):
                raise CorpusError(f"sheet: row {i} is a {type(row).__name__}, not a dict; pass rows as dicts")
            raw.append((f"row {i}", dict(row)))
    if not raw:
        raise CorpusError(f"{src}: the coding sheet has no rows; write one with `discourse sample` first")
    rows: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for where, row in raw:
        out = _check_row(row, f"{src}: {where}")
        if out["id"] in seen:
            raise CorpusError(f"{src}: {where}: duplicate id {out['id']!r} (first at {seen[out['id']]}); every row needs its own id")
        seen[out["id"]] = where
        rows.append(out)
    return rows


def _read_file(path: Path) -> list[tuple[str, dict[str, Any]]]:
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "not found"
        raise CorpusError(f"{path}: coding sheet {what}; pass the .jsonl or .csv file `discourse sample` wrote")
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text (byte {exc.start}); save the sheet as UTF-8") from None
    if suffix in (".jsonl", ".ndjson"):
        out = []
        # split on newlines only: str.splitlines also splits on U+2028, U+0085 ... inside a text
        for no, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path}: line {no} is not valid JSON ({exc.msg}); fix or remove that line") from None
            if not isinstance(obj, dict):
                raise CorpusError(f"{path}: line {no} is not a JSON object; write one object per sentence")
            out.append((f"line {no}", obj))
        return out
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        out = []
        for row in reader:
            if None in row:
                raise CorpusError(f"{path}: line {reader.line_num} has more fields than the header; quote fields that hold commas")
            if not any((v or "").strip() for v in row.values()):
                continue
            out.append((f"line {reader.line_num}", {k: ("" if v is None else v) for k, v in row.items()}))
        return out
    raise CorpusError(f"{path}: unknown sheet type {path.suffix or '(none)'!r}; pass a .jsonl or .csv coding sheet")


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _text(value: Any) -> str:
    return "" if _is_missing(value) else str(value)


def _check_row(row: dict[str, Any], where: str) -> dict[str, Any]:
    rid = row.get("id")
    if _is_missing(rid) or not str(rid).strip():
        raise CorpusError(f"{where}: no 'id'; every row of a coding sheet needs an id")
    sentence = row.get("sentence")
    if _is_missing(sentence) or not isinstance(sentence, str) or not sentence.strip():
        raise CorpusError(f"{where}: no 'sentence' (id {str(rid)!r}); every row needs the sentence to code")
    sent_id = row.get("sent_id")
    if _is_missing(sent_id) or sent_id == "":
        sent_id = None
    else:
        try:
            if isinstance(sent_id, bool) or float(sent_id) != int(float(sent_id)):
                raise ValueError
            sent_id = int(float(sent_id))
        except (TypeError, ValueError, OverflowError):
            raise CorpusError(f"{where}: sent_id {sent_id!r} is not a whole number; give the sentence's index in its document") from None
    out: dict[str, Any] = {
        "id": str(rid),
        "doc_id": _text(row.get("doc_id")),
        "sent_id": sent_id,
        "sentence": sentence,
        "before": _text(row.get("before")),
        "after": _text(row.get("after")),
    }
    for key, value in row.items():
        if key not in out:
            out[str(key)] = _plain(value)
    return out


def _plain(value: Any) -> Any:
    """A JSON-safe copy of an extra value (NaN -> None, numpy scalars -> Python)."""
    if _is_missing(value):
        return None
    if isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return _plain(item())
        except (TypeError, ValueError):
            pass
    return str(value)


def sheet_hash(rows: list[dict[str, Any]]) -> str:
    """First 16 hex digits of the SHA-256 of the rows (the page's storage key includes it)."""
    blob = json.dumps(rows, sort_keys=True, ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def _script_json(obj: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<`` (so no ``</script>`` or ``<!--``), ``>``
    or ``&`` appears literally; ``JSON.parse`` reads the escapes back."""
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _check_out(out: Path, overwrite: bool) -> None:
    if out.is_dir():
        raise OutputError(f"{out}: is a folder; pass the path of the .html file to write")
    if out.exists() and not overwrite:
        with out.open("rb") as fh:
            head = fh.read(4096).decode("utf-8", errors="replace")
        if PAGE_MARKER not in head:
            raise OutputError(f"{out}: exists and is not a coding page discourse wrote; choose another path or pass overwrite=True")


def write_coding_page(
    sheet: str | Path | Iterable[Mapping[str, Any]],
    out: str | Path,
    *,
    codebook: str | Path | Mapping[str, Any] | Codebook | None = None,
    title: str | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the coding page for a sheet: one self-contained HTML file.

    Parameters
    ----------
    sheet : str, Path or iterable of dict
        The coding sheet: a ``.jsonl`` or ``.csv`` file or its rows (see :func:`read_sheet`).
    out : str or Path
        The HTML file to write. An existing file is replaced only if it is a coding page
        discourse wrote, or when ``overwrite`` is true.
    codebook : str, Path, dict or Codebook, optional
        Whose frames the coder chooses from (default: the packaged codebook); each frame's
        description is shown as its help text.
    title : str, optional
        The page's title (default: "Coding" and the sheet's file name).
    overwrite : bool, default False
        Replace ``out`` even if it is not a coding page.

    Returns
    -------
    pathlib.Path
        ``out``.

    Raises
    ------
    CorpusError
        The sheet is missing, empty or malformed (see :func:`read_sheet`).
    CodebookError
        The codebook is malformed.
    OutputError
        ``out`` is a folder, or a file that is not a coding page and ``overwrite`` is false.

    Notes
    -----
    The page keeps the coder's work in the browser's ``localStorage`` under
    ``discourse-coding:<hash of the sheet>`` and exports the coded sentences (only those) as JSON
    lines: ``id``, ``doc_id``, ``sent_id``, ``text`` (the sentence), ``mentions_men``, ``labels``
    (frame names in codebook order, ``[]`` for none), ``coder``, ``notes`` and the row's extra
    keys. A sentence counts as coded once a frame or "none" is chosen; "mentions men" starts at
    yes (the sheet samples sentences that mention men) and choosing no sets "none".
    """
    from ..framing.codebook import load_codebook

    out = Path(out)
    rows = read_sheet(sheet)
    book = load_codebook(codebook)
    _check_out(out, overwrite)
    if title is None:
        title = f"Coding: {Path(sheet).name}" if isinstance(sheet, str | Path) else "Coding sheet"
    data = {
        "format": _FORMAT_VERSION,
        "title": title,
        "sheet_hash": sheet_hash(rows),
        "frames": [{"name": f.name, "description": f.description} for f in book.frames.values()],
        "rows": rows,
        "export_keys": list(EXPORT_KEYS),
    }
    template = resources.files(__package__).joinpath(_TEMPLATE).read_text(encoding="utf-8")
    values = {"TITLE": html.escape(title, quote=True), "DATA": _script_json(data)}
    page = _TOKEN.sub(lambda m: values[m.group(1)], template)
    return write_text(page, out)
