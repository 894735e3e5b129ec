"""Corpora: documents with metadata, loaded from folders, tables or DataFrames.

This module never imports spaCy. A :class:`Corpus` is an immutable, ordered collection of
:class:`Document` objects; each keeps its raw text untouched beside the cleaned text that later
steps analyse, and its metadata (the covariates carried into every later table).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import warnings
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, overload

import pandas as pd

from ..errors import CorpusError, DiscourseWarning
from .clean import REPORT_COLUMNS, BoilerplateRule, CleaningCache, clean_text, load_boilerplate

__all__ = ["Document", "Corpus", "iter_jsonl", "load_corpus", "read_text_file"]

TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet")
_RESERVED = {"doc_id", "text", "raw_text"}


@dataclass(frozen=True)
class Document:
    """One document of a corpus.

    Attributes
    ----------
    doc_id : str
        Unique identifier (the file stem for folders of text files).
    text : str
        Cleaned text (equal to ``raw_text`` when cleaning is off).
    raw_text : str
        The text exactly as read (after decoding).
    meta : Mapping
        Metadata (covariates), read-only.
    source : str or None
        Where the text came from (a path, or ``path:line``).
    """

    doc_id: str
    text: str
    raw_text: str
    meta: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    source: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.meta, MappingProxyType):
            object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))

    def __reduce__(self) -> tuple[Any, ...]:
        # a read-only mapping does not pickle: send a plain dict (worker processes get documents)
        return (Document, (self.doc_id, self.text, self.raw_text, dict(self.meta), self.source))


class Corpus(Sequence[Document]):
    """An immutable, ordered collection of documents.

    Build one with :func:`load_corpus` or :meth:`Corpus.from_frame`.

    Parameters
    ----------
    documents : sequence of Document
        Documents with unique ``doc_id``.
    cleaning : pandas.DataFrame, optional
        The cleaning report (see :meth:`cleaning_report`).
    """

    def __init__(self, documents: Sequence[Document], cleaning: pd.DataFrame | None = None) -> None:
        docs = tuple(documents)
        seen: dict[str, Document] = {}
        for doc in docs:
            if doc.doc_id in seen:
                where = f" ({seen[doc.doc_id].source} and {doc.source})" if doc.source else ""
                raise CorpusError(f"duplicate doc_id {doc.doc_id!r}{where}; every document needs a unique id")
            seen[doc.doc_id] = doc
        self._docs = docs
        self._index = {d.doc_id: i for i, d in enumerate(docs)}
        cols = ["doc_id", *REPORT_COLUMNS]
        report = cleaning.copy() if cleaning is not None else pd.DataFrame(columns=cols)
        for col in ("step", "line", "count"):
            report[col] = pd.to_numeric(report[col], errors="coerce").astype("Int64")
        self._cleaning = report.reset_index(drop=True)

    # -- Sequence protocol ---------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._docs)

    @overload
    def __getitem__(self, key: int | str) -> Document: ...

    @overload
    def __getitem__(self, key: slice) -> Corpus: ...

    def __getitem__(self, key: int | str | slice) -> Document | Corpus:
        if isinstance(key, str):
            try:
                return self._docs[self._index[key]]
            except KeyError:
                raise KeyError(f"no document with doc_id {key!r}") from None
        if isinstance(key, slice):
            docs = self._docs[key]
            ids = {d.doc_id for d in docs}
            rep = self._cleaning[self._cleaning["doc_id"].isin(ids)]
            return Corpus(docs, rep)
        return self._docs[key]

    def __iter__(self) -> Iterator[Document]:
        return iter(self._docs)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self._index
        return item in self._docs

    def __repr__(self) -> str:
        return f"Corpus({len(self)} documents, metadata: {', '.join(self.metadata_columns) or 'none'})"

    # -- Views -----------------------------------------------------------------------------------
    @property
    def doc_ids(self) -> list[str]:
        """Document ids in corpus order."""
        return [d.doc_id for d in self._docs]

    @property
    def metadata_columns(self) -> list[str]:
        """Names of the metadata columns, in first-seen order."""
        cols: dict[str, None] = {}
        for d in self._docs:
            cols.update(dict.fromkeys(d.meta))
        return list(cols)

    def metadata(self) -> pd.DataFrame:
        """Metadata as a DataFrame with a ``doc_id`` column (one row per document)."""
        rows = [{"doc_id": d.doc_id, **d.meta} for d in self._docs]
        return pd.DataFrame(rows, columns=["doc_id", *self.metadata_columns])

    def to_frame(self) -> pd.DataFrame:
        """One row per document: ``doc_id``, ``text``, ``raw_text``, then metadata columns."""
        df = self.metadata()
        df.insert(1, "text", [d.text for d in self._docs])
        df.insert(2, "raw_text", [d.raw_text for d in self._docs])
        return df

    def cleaning_report(self) -> pd.DataFrame:
        """Every piece of text the cleaner removed or rewrote, with the rule that did it.

        Columns: ``doc_id, step, rule, action, line, original, replacement, count``; ``line`` is
        the 1-based line of the raw text where the change happened (empty for whole-text steps).
        """
        return self._cleaning.copy()

    def fingerprint(self) -> str:
        """A SHA-256 hash of every doc_id and cleaned text, in order (identifies a corpus)."""
        h = hashlib.sha256()
        for d in self._docs:
            h.update(d.doc_id.encode("utf-8") + b"\x00" + d.text.encode("utf-8") + b"\x01")
        return h.hexdigest()

    # -- Construction ----------------------------------------------------------------------------
    @classmethod
    def from_frame(
        cls,
        df: pd.DataFrame,
        *,
        text_field: str = "text",
        id_field: str | None = None,
        clean: bool = True,
        boilerplate: str | Path | Mapping[str, Any] | None = None,
        source: str | None = None,
        skip_empty: bool = False,
        cache_dir: str | Path | None = None,
    ) -> Corpus:
        """Build a corpus from a DataFrame with one row per document.

        Parameters
        ----------
        df : pandas.DataFrame
            One row per document.
        text_field : str, default "text"
            Column holding the text.
        id_field : str, optional
            Column holding unique ids; default ``"doc_id"`` or ``"id"`` if present, else the row
            number (``doc0001`` ...).
        clean : bool, default True
            Run :func:`discourse.clean.clean_text` on every text.
        boilerplate : path or mapping, optional
            Extra boilerplate rules (see :func:`discourse.clean.load_boilerplate`).
        source : str, optional
            Name used in error messages (a file path).
        skip_empty : bool, default False
            Skip rows whose text is empty instead of raising.
        cache_dir : str or Path, optional
            Keep the cleaned texts in this folder and reuse them (see
            :class:`discourse.clean.CleaningCache`); default: clean every text.

        Returns
        -------
        Corpus
        """
        where = source or "DataFrame"
        if not isinstance(df, pd.DataFrame):
            raise CorpusError(f"{where}: expected a pandas DataFrame, got {type(df).__name__}")
        if text_field not in df.columns:
            raise CorpusError(
                f"{where}: no text column {text_field!r} (columns: {', '.join(map(str, df.columns))}); "
                "name it with text_field= / --text-field"
            )
        if id_field is None:
            id_field = next((c for c in ("doc_id", "id") if c in df.columns), None)
        elif id_field not in df.columns:
            raise CorpusError(
                f"{where}: no id column {id_field!r} (columns: {', '.join(map(str, df.columns))}); "
                "name it with id_field= / --id-field"
            )
        if id_field is None:
            ids = [f"doc{i + 1:04d}" for i in range(len(df))]
        else:
            blank = [i for i, v in enumerate(df[id_field]) if _no_id(v)]
            if blank:
                rows = ", ".join(str(i + 1) for i in blank[:5]) + (f" and {len(blank) - 5} more" if len(blank) > 5 else "")
                raise CorpusError(
                    f"{where}: {'row ' if len(blank) == 1 else 'rows '}{rows} {'has' if len(blank) == 1 else 'have'} no id in "
                    f"column {id_field!r}; fill them in, or pass another id column (id_field= / --id-field)"
                )
            ids = [str(v) for v in df[id_field]]
            dup = pd.Series(ids)[pd.Series(ids).duplicated()]
            if len(dup):
                raise CorpusError(
                    f"{where}: duplicate doc_id {dup.iloc[0]!r} in column {id_field!r}; ids must be unique"
                )
        meta_cols = [c for c in df.columns if c not in (text_field, id_field) and c not in _RESERVED]
        rules, max_words = load_boilerplate(boilerplate) if clean else ([], 14)
        cache = _cleaning_cache(cache_dir, clean, rules, max_words)
        docs: list[Document] = []
        reports: list[dict[str, Any]] = []  # report rows of every document, one DataFrame at the end
        records = df[meta_cols].to_dict("records") if meta_cols else [{} for _ in range(len(df))]
        for row_no, (doc_id, raw, meta) in enumerate(zip(ids, df[text_field], records, strict=True)):
            row_where = f"{where}: row {row_no + 1} (doc_id {doc_id!r})"
            if raw is None or (isinstance(raw, float) and pd.isna(raw)):
                raw = ""
            if not isinstance(raw, str):
                raise CorpusError(f"{row_where}: text is {type(raw).__name__}, not a string")
            if not raw.strip():
                if skip_empty:
                    warnings.warn(f"{row_where}: empty text skipped", DiscourseWarning, stacklevel=2)
                    continue
                raise CorpusError(f"{row_where}: the text is empty; remove the row or pass skip_empty=True / --skip-empty")
            meta = {str(k): _clean_meta(v) for k, v in meta.items()}
            doc, rep = _make_document(doc_id, raw, meta, row_where, clean, rules, max_words, cache)
            docs.append(doc)
            if rep is not None:
                reports.extend(rep)
        return cls(docs, _report_frame(reports) if clean else None)


def _no_id(value: Any) -> bool:
    """An empty id cell: missing (NaN, None) or blank text; ``str()`` would make it ``'nan'``."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or bool(pd.api.types.is_scalar(value) and pd.isna(value))


def _cleaning_cache(cache_dir: str | Path | None, clean: bool, rules: Sequence[BoilerplateRule], max_words: int) -> CleaningCache | None:
    return CleaningCache(cache_dir, rules, max_words) if clean and cache_dir is not None else None


def _clean_meta(v: Any) -> Any:
    if isinstance(v, float) and pd.isna(v):
        return None
    return v


def _report_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The cleaning report of many documents as one DataFrame (one per document was slow)."""
    return pd.DataFrame(rows, columns=["doc_id", *REPORT_COLUMNS])


def _make_document(
    doc_id: str,
    raw: str,
    meta: dict[str, Any],
    source: str,
    clean: bool,
    rules: Sequence[BoilerplateRule],
    max_words: int,
    cache: CleaningCache | None = None,
) -> tuple[Document, list[dict[str, Any]] | None]:
    """The document and its cleaning report rows (``doc_id`` first; None when not cleaned)."""
    if not clean:
        return Document(doc_id, raw, raw, meta, source), None
    result = cache.clean(raw) if cache is not None else clean_text(raw, rules=rules, max_line_words=max_words)
    if not result.text.strip():
        warnings.warn(
            f"{source}: nothing is left after cleaning (all boilerplate); the document is kept, empty",
            DiscourseWarning,
            stacklevel=3,
        )
    rep = [{"doc_id": doc_id, **row} for row in result.report]
    return Document(doc_id, result.text, raw, meta, source), rep


def read_text_file(path: str | Path) -> tuple[str, str]:
    """Read a text file, detecting its encoding.

    Byte-order marks (UTF-8, UTF-16, UTF-32) are honoured; otherwise UTF-8 is tried, then
    Windows-1252 (a superset of Latin-1 for printable text).

    Returns
    -------
    text : str
    encoding : str
        The encoding used.

    Raises
    ------
    CorpusError
        If the file is UTF-16 text without a byte-order mark (saying how to re-save it), or
        looks binary (other NUL bytes without a UTF-16/32 byte-order mark).
    """
    path = Path(path)
    return _decode_bytes(path.read_bytes(), path)


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """``(text, encoding)`` of a text or table file (see :func:`read_text_file`)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                raise CorpusError(f"{path}: starts with a {enc} byte-order mark but does not decode as {enc}; re-save it as UTF-8") from None
    if b"\x00" in data[:65536] or b"\x00" in data[-65536:]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            raise CorpusError(
                f"{path}: looks like {utf16} text without a byte-order mark; re-save it as UTF-8 "
                f"(Save As with encoding UTF-8 in an editor, or: iconv -f {utf16} -t UTF-8)"
            )
        raise CorpusError(f"{path}: looks like a binary file (contains NUL bytes); remove it or convert it to plain text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _utf16_without_bom(data: bytes) -> str | None:
    """``"UTF-16LE"`` or ``"UTF-16BE"`` when ``data`` reads as UTF-16 text without a byte-order
    mark (NUL bytes on one side of every pair, as the spaces, digits and Latin letters of such a
    file give, and the sample decodes to printable text), else None (a binary file)."""
    sample = data[:65536]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for nuls, other, enc in ((odd, even, "UTF-16LE"), (even, odd, "UTF-16BE")):
        if nuls >= 0.1 * half and other <= 0.01 * half:
            text = sample.decode(enc, errors="replace")
            printable = sum((ch.isprintable() and ch != "\ufffd") or ch in "\n\r\t" for ch in text)
            if printable >= 0.95 * len(text):
                return enc
    return None


def _read_metadata(path: Path) -> pd.DataFrame:
    try:
        meta = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise CorpusError(f"{path}: cannot read metadata CSV ({type(exc).__name__}: {str(exc).splitlines()[0]})") from None
    if "doc_id" not in meta.columns:
        raise CorpusError(f"{path}: metadata needs a 'doc_id' column matching the file names (without extension)")
    blank = [i for i, v in enumerate(meta["doc_id"]) if _no_id(v)]
    if blank:
        raise CorpusError(f"{path}: row {blank[0] + 1} has no doc_id ({len(blank)} such row(s)); give each row the name of its file (without extension), or remove it")
    dup = meta["doc_id"][meta["doc_id"].duplicated()]
    if len(dup):
        raise CorpusError(f"{path}: doc_id {dup.iloc[0]!r} appears twice; each row must describe one file")
    return meta


def _load_folder(
    folder: Path,
    *,
    metadata: str | Path | None,
    clean: bool,
    boilerplate: Any,
    skip_empty: bool,
    strict: bool,
    cache_dir: str | Path | None = None,
) -> Corpus:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
    if not files:
        raise CorpusError(f"{folder}: no .txt or .md files found; point at a folder of text files or a CSV/JSONL/Parquet file")
    stems: dict[str, Path] = {}
    for f in files:
        if f.stem in stems:
            raise CorpusError(f"{f}: duplicate doc_id {f.stem!r} (also {stems[f.stem].name}); rename one of the files")
        stems[f.stem] = f
    meta_path = Path(metadata) if metadata is not None else folder / "metadata.csv"
    if metadata is not None and not meta_path.is_file():
        raise CorpusError(f"{meta_path}: metadata file not found")
    meta_rows: dict[str, dict[str, Any]] = {}
    if meta_path.is_file():
        meta_df = _read_metadata(meta_path)
        meta_rows = {
            str(r["doc_id"]): {k: _clean_meta(v) for k, v in r.items() if k != "doc_id"}
            for r in meta_df.to_dict("records")
        }
        orphans = [d for d in meta_rows if d not in stems]
        if orphans:
            msg = f"{meta_path}: {len(orphans)} metadata row(s) have no text file in {folder} (first: {orphans[0]!r}); they are ignored"
            if strict:
                raise CorpusError(msg.replace("they are ignored", "add the files or remove the rows"))
            warnings.warn(msg, DiscourseWarning, stacklevel=3)
        unlisted = [s for s in stems if s not in meta_rows]
        if unlisted:
            msg = f"{meta_path}: {len(unlisted)} file(s) have no metadata row (first: {unlisted[0]!r}); their metadata is left empty"
            if strict:
                raise CorpusError(msg.replace("their metadata is left empty", "add rows for them"))
            warnings.warn(msg, DiscourseWarning, stacklevel=3)
    meta_cols: list[str] = []
    for row in meta_rows.values():
        for k in row:
            if k not in meta_cols:
                meta_cols.append(k)
    rules, max_words = load_boilerplate(boilerplate) if clean else ([], 14)
    cache = _cleaning_cache(cache_dir, clean, rules, max_words)
    docs: list[Document] = []
    reports: list[dict[str, Any]] = []
    any_report = False
    for stem, path in stems.items():
        raw, encoding = read_text_file(path)
        if not raw.strip():
            what = "empty" if not raw else "whitespace only"
            if skip_empty:
                warnings.warn(f"{path}: {what}; skipped", DiscourseWarning, stacklevel=3)
                continue
            raise CorpusError(f"{path}: the file is {what}; delete it or pass skip_empty=True / --skip-empty")
        meta = {k: meta_rows.get(stem, {}).get(k) for k in meta_cols}
        doc, rep = _make_document(stem, raw, meta, str(path), clean, rules, max_words, cache)
        if encoding not in ("utf-8",):
            note = {"doc_id": stem, "step": 0, "rule": "decode", "action": "rewritten", "line": None,
                    "original": f"bytes in {encoding}", "replacement": "unicode", "count": 1}  # fmt: skip
            rep = [note, *(rep or [])]
        docs.append(doc)
        if rep is not None:
            any_report = True
            reports.extend(rep)
    if not docs:
        raise CorpusError(f"{folder}: every text file was empty; nothing to analyse")
    return Corpus(docs, _report_frame(reports) if any_report else None)


def _flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in record.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            out.update(_flatten(v, key + "."))
        elif isinstance(v, list):
            out[key] = json.dumps(v, ensure_ascii=False)
        else:
            out[key] = v
    return out


def iter_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for every non-blank line of a JSON-lines file (``.gz`` too).

    Raises
    ------
    CorpusError
        Naming the file and line, if a line is not valid JSON or not a JSON object.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    no = 0
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        lines = iter(fh)
        while True:
            try:
                line = next(lines)
            except StopIteration:
                return
            except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
                raise CorpusError(_damaged_gzip(path, exc)) from None
            except UnicodeDecodeError as exc:
                raise CorpusError(f"{path}: after line {no}, not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); re-save the file as UTF-8") from None
            no += 1
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path}: line {no} is not valid JSON ({exc.msg}); fix or remove that line") from None
            if not isinstance(obj, dict):
                raise CorpusError(f"{path}: line {no} is not a JSON object")
            yield no, obj


def _damaged_gzip(path: Path, exc: BaseException) -> str:
    """The one-line message for a gzip file cut short (a download or copy that stopped) or damaged."""
    what = "is truncated (its compressed data stops before the end)" if isinstance(exc, EOFError) else f"is damaged ({exc})"
    return f"{path}: the gzip file {what}; copy or download it again (gzip -t {path.name} checks a file)"


def _read_jsonl(path: Path) -> pd.DataFrame:
    rows = [_strip_meta_prefix(_flatten(obj)) for _, obj in iter_jsonl(path)]
    if not rows:
        raise CorpusError(f"{path}: the file is empty; nothing to load")
    return pd.DataFrame(rows)


def _strip_meta_prefix(row: dict[str, Any]) -> dict[str, Any]:
    """Flattened ``metadata.x`` keys become ``x`` unless that clashes with a top-level key."""
    out: dict[str, Any] = {}
    for k, v in row.items():
        if k.startswith(("metadata.", "meta.")):
            short = k.split(".", 1)[1]
            if short not in row and short not in out:
                out[short] = v
                continue
        out[k] = v
    return out


def _json_records(data: Any, path: Path) -> list[Mapping[str, Any]]:
    """The rows of a ``.json`` file: a list of objects, or the first list of an object's values
    (``{"articles": [...]}``), or one object."""
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), [data])
    example = '[{"id": "a1", "text": "..."}, ...]'
    if not isinstance(data, list):
        raise CorpusError(f"{path}: the JSON holds {_json_kind(data)}, not a list of documents; give a list of objects such as {example}")
    for i, row in enumerate(data):
        if not isinstance(row, dict):
            raise CorpusError(
                f"{path}: item {i + 1} of the JSON list is {_json_kind(row)}, not an object; "
                f"give one object per document with its text and id, such as {example}"
            )
    return data


def _json_kind(value: Any) -> str:
    kinds = {str: "a string", int: "a number", float: "a number", bool: "true or false", list: "a list", type(None): "null"}
    return kinds.get(type(value), f"a {type(value).__name__}")


def _read_table(path: Path) -> pd.DataFrame:
    name = path.name.lower()
    try:
        if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
            return _read_jsonl(path)
        if name.endswith((".json", ".json.gz")):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
                data = json.load(fh)
            return pd.DataFrame([_strip_meta_prefix(_flatten(r)) for r in _json_records(data, path)])
        if name.endswith((".csv", ".tsv", ".csv.gz", ".tsv.gz")):
            sep = "\t" if ".tsv" in name else ","
            raw = path.read_bytes()
            if name.endswith(".gz"):
                raw = gzip.decompress(raw)
            if not raw.strip():
                raise CorpusError(f"{path}: the file is empty; nothing to load")
            return pd.read_csv(io.StringIO(_decode_bytes(raw, path)[0]), sep=sep, dtype=str, keep_default_na=False, na_values=[""])
        if name.endswith(".parquet"):
            try:
                return pd.read_parquet(path)
            except ImportError:
                raise CorpusError(f"{path}: reading Parquet needs pyarrow; pip install 'discourse[parquet]'") from None
    except CorpusError:
        raise
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise CorpusError(_damaged_gzip(path, exc)) from None
    except (pd.errors.ParserError, json.JSONDecodeError, UnicodeDecodeError, OSError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CorpusError(f"{path}: cannot read as a table ({first}); check the file format") from None
    raise CorpusError(f"{path}: unsupported file type; use a folder of .txt/.md files, or .csv, .tsv, .jsonl(.gz), .json or .parquet")


def load_corpus(
    path: str | Path | pd.DataFrame,
    *,
    text_field: str = "text",
    id_field: str | None = None,
    metadata: str | Path | None = None,
    clean: bool = True,
    boilerplate: str | Path | Mapping[str, Any] | None = None,
    skip_empty: bool = False,
    strict: bool = False,
    cache_dir: str | Path | None = None,
) -> Corpus:
    """Load a corpus from a folder of text files, a table file or a DataFrame.

    Parameters
    ----------
    path : str, Path or pandas.DataFrame
        A folder of ``.txt``/``.md`` files (doc_id = file stem) with an optional
        ``metadata.csv`` (a ``doc_id`` column plus any covariates), or a ``.csv``, ``.tsv``,
        ``.jsonl`` (optionally gzipped), ``.json`` or ``.parquet`` file with one document per
        row. Nested JSON metadata is flattened (``metadata.subreddit`` -> ``subreddit``).
        A DataFrame with one document per row is read as a table file is (see
        :meth:`Corpus.from_frame`; its other columns are the metadata).
    text_field : str, default "text"
        Text column of a table file.
    id_field : str, optional
        Id column of a table file; default ``doc_id`` or ``id``, else row numbers.
    metadata : path, optional
        Metadata CSV for a folder (default: ``metadata.csv`` inside it, if present).
    clean : bool, default True
        Clean every text (see :mod:`discourse.clean`); ``raw_text`` always keeps the original.
    boilerplate : path or mapping, optional
        Extra boilerplate rules added to the packaged ones.
    skip_empty : bool, default False
        Skip empty documents with a warning instead of raising.
    strict : bool, default False
        Raise (instead of warning) when metadata rows and files do not match.
    cache_dir : str or Path, optional
        Keep the cleaned texts (and their cleaning reports) in this folder and reuse them while
        the raw text, the boilerplate rules and the cleaner are unchanged (see
        :class:`discourse.clean.CleaningCache`); default: clean every text. ``discourse
        analyze`` uses its parse cache folder.

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusError
        With one line naming the file and what to do.

    Examples
    --------
    >>> corpus = load_corpus("corpus/articles")               # doctest: +SKIP
    >>> corpus.to_frame()[["doc_id", "title"]]                 # doctest: +SKIP
    >>> corpus = load_corpus(pd.DataFrame({"text": ["Men care."]}))  # doctest: +SKIP
    """
    if isinstance(path, pd.DataFrame):
        if metadata is not None:
            raise CorpusError("metadata: a DataFrame carries its metadata as columns; merge them in and leave metadata= out")
        return Corpus.from_frame(
            path, text_field=text_field, id_field=id_field, clean=clean, boilerplate=boilerplate, skip_empty=skip_empty, cache_dir=cache_dir
        )
    p = Path(path)
    if not p.exists():
        raise CorpusError(f"{p}: no such file or folder; give a folder of .txt/.md files or a CSV/JSONL/Parquet file")
    if p.is_dir():
        articles = p / "articles"
        if articles.is_dir():
            # a project-style corpus folder: corpus/articles/*.txt + corpus/metadata.csv
            if metadata is None and (p / "metadata.csv").is_file():
                metadata = p / "metadata.csv"
            p = articles
        return _load_folder(p, metadata=metadata, clean=clean, boilerplate=boilerplate, skip_empty=skip_empty, strict=strict, cache_dir=cache_dir)
    if p.suffix.lower() in TEXT_SUFFIXES:
        rules, max_words = load_boilerplate(boilerplate) if clean else ([], 14)
        raw, _ = read_text_file(p)
        if not raw.strip():
            raise CorpusError(f"{p}: the file is empty; give a file with text")
        doc, rep = _make_document(p.stem, raw, {}, str(p), clean, rules, max_words, _cleaning_cache(cache_dir, clean, rules, max_words))
        return Corpus([doc], _report_frame(rep) if rep is not None else None)
    df = _read_table(p)
    return Corpus.from_frame(
        df,
        text_field=text_field,
        id_field=id_field,
        clean=clean,
        boilerplate=boilerplate,
        source=str(p),
        skip_empty=skip_empty,
        cache_dir=cache_dir,
    )
