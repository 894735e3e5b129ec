"""Read hand codes and machine predictions into tables: :func:`read_codes`, :func:`read_predictions`.

Codes come as

* JSON lines in the gold format (what the coding page exports and ``discourse evaluate`` reads):
  ``{"id", "labels": [...], "mentions_men": bool, ...}``; ``labels`` ``[]`` or ``["none"]`` is
  no frame. Lines of ``discourse label`` output (``frames`` instead of ``labels``) are read as a
  coder too (the machine as a coder);
* a filled coding sheet CSV (``discourse sample``): ``labels`` as frame names joined by ``;``
  (``none`` for no frame) and ``mentions_men`` as yes/no (true/false, 1/0; empty = yes). Rows
  whose ``labels`` and ``mentions_men`` are both empty are not coded yet and are skipped;
* a DataFrame or a list of such records.

When a record has ``doc_id`` and ``sent_id`` its key is ``"<doc_id>:<sent_id>"`` (the id the
sample gave it), else its ``id``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..corpus import iter_jsonl
from ..errors import CorpusError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["read_codes", "read_predictions"]

_YES = {"yes", "y", "true", "t", "1", "x"}
_NO = {"no", "n", "false", "f", "0"}


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and not value.strip())


def _labels(value: Any, where: str) -> list[str]:
    if _missing(value):
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                raise CorpusError(f"{where}: labels {text!r} is not a list; write frame names joined by ';'") from None
        else:
            value = [p.strip() for p in text.replace(",", ";").split(";")]
    if not isinstance(value, list | tuple) or not all(isinstance(x, str) for x in value):
        raise CorpusError(f"{where}: labels must be a list of frame names ([] or [\"none\"] for no frame)")
    return sorted({x.strip() for x in value if x.strip() and x.strip().lower() != "none"})


def _men(value: Any, where: str) -> bool | None:
    if _missing(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CorpusError(f"{where}: mentions_men {value!r} is not yes or no; write yes, no, true, false, 1 or 0")


def _key(rec: Mapping[str, Any], default: str) -> str:
    doc, sent = rec.get("doc_id"), rec.get("sent_id")
    if not _missing(doc) and not _missing(sent):
        try:
            return f"{doc}:{int(float(sent))}"
        except (TypeError, ValueError):
            pass
    rid = rec.get("id")
    return default if _missing(rid) else str(rid)


def _records(source: Any, what: str) -> tuple[list[tuple[str, dict[str, Any]]], str]:
    """``[(where, record)], name`` from a path (JSONL or CSV), a DataFrame or records."""
    import pandas as pd

    if isinstance(source, pd.DataFrame):
        return [(f"row {i}", r) for i, r in enumerate(source.to_dict("records"))], "table"
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise CorpusError(f"{path}: {what} file not found; pass a JSON-lines file (or a filled coding sheet CSV)")
        if path.suffix.lower() == ".csv":
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
            return [(f"{path}: line {i + 2}", r) for i, r in enumerate(table.to_dict("records"))], path.stem
        return [(f"{path}: line {no}", rec) for no, rec in iter_jsonl(path)], path.stem
    if isinstance(source, Iterable) and not isinstance(source, str | bytes | Mapping):
        out = []
        for i, rec in enumerate(source):
            if not isinstance(rec, Mapping):
                raise CorpusError(f"{what}: record {i} is not a dict")
            out.append((f"record {i}", dict(rec)))
        return out, what
    raise CorpusError(f"{what}: pass a file path, a DataFrame or a list of records, not {type(source).__name__}")


def read_codes(source: Any, *, coder: str | None = None) -> pd.DataFrame:
    """Codes of one coder as a table: ``id``, ``mentions_men`` (bool or None), ``labels`` (sorted
    list), ``coder``, and ``text`` when the records carry it.

    Parameters
    ----------
    source : path, DataFrame or records
        See the module docstring.
    coder : str, optional
        The coder's name; default the records' ``coder`` field, else the file's stem.

    Raises
    ------
    CorpusError
        A missing file, a record without labels or frames, bad labels or mentions_men, an id
        coded twice.
    """
    import pandas as pd

    raw, name = _records(source, "codes")
    rows = []
    seen: dict[str, str] = {}
    for i, (where, rec) in enumerate(raw):
        field = "labels" if "labels" in rec else "frames" if "frames" in rec else None
        if field is None:
            raise CorpusError(f"{where}: no 'labels' (or 'frames'); every coded record needs its frames ([] for none)")
        value = rec.get(field)
        if (value is None or isinstance(value, str)) and _missing(value) and _missing(rec.get("mentions_men")):
            continue  # a sheet row nobody has coded yet
        key = _key(rec, str(i))
        if key in seen:
            raise CorpusError(f"{where}: id {key!r} is coded twice (first at {seen[key]}); keep one code per sentence")
        seen[key] = where
        row = {"id": key, "mentions_men": _men(rec.get("mentions_men"), where), "labels": _labels(rec.get(field), where)}
        row["coder"] = coder or (str(rec["coder"]) if not _missing(rec.get("coder")) else name)
        text = rec.get("text", rec.get("sentence"))
        row["text"] = None if _missing(text) else str(text)
        rows.append(row)
    out = pd.DataFrame(rows, columns=["id", "mentions_men", "labels", "coder", "text"])
    if coder is None and out["coder"].nunique() > 1:
        out["coder"] = name
    return out


def read_predictions(source: Any, *, by: str | None = None) -> pd.DataFrame:
    """The machine's labels for a population of units: ``id``, ``frames`` (list),
    ``mentions_men``, ``doc_id`` when known, and every other field.

    Parameters
    ----------
    source : path, DataFrame or records
        ``discourse label`` output or ``machine/predictions.jsonl`` of ``discourse sample`` (JSON
        lines), ``frame_sentences.csv`` of ``discourse analyze``, or its results folder (then the
        group column may come from ``documents.csv``).
    by : str, optional
        A group column that must be present.

    Raises
    ------
    CorpusError
        A missing file, a record without ``frames``, a missing ``by`` column.
    """
    import pandas as pd

    if isinstance(source, str | Path) and Path(source).is_dir():
        folder = Path(source)
        if not (folder / "frame_sentences.csv").is_file():
            raise CorpusError(f"{folder}: no frame_sentences.csv; pass a results folder of discourse analyze or a predictions JSON-lines file")
        table = pd.read_csv(folder / "frame_sentences.csv", dtype={"doc_id": str}, keep_default_na=False, na_values=[""])
        if by is not None and by not in table.columns and (folder / "documents.csv").is_file():
            meta = pd.read_csv(folder / "documents.csv", dtype={"doc_id": str})
            if by in meta.columns:
                table = table.merge(meta[["doc_id", by]], on="doc_id", how="left")
        source = table
    raw, _ = _records(source, "predictions")
    rows = []
    for i, (where, rec) in enumerate(raw):
        if "frames" not in rec:
            raise CorpusError(f"{where}: no 'frames'; pass the output of discourse label, machine/predictions.jsonl or frame_sentences.csv")
        row = dict(rec)
        row["id"] = _key(rec, str(i))
        row["frames"] = _labels(rec["frames"], where)
        men = _men(rec.get("mentions_men"), where)
        row["mentions_men"] = True if men is None else men
        rows.append(row)
    out = pd.DataFrame(rows)
    if out.empty:
        raise CorpusError("predictions: no units; pass a non-empty predictions file")
    if by is not None and by not in out.columns:
        raise CorpusError(f"by: no field {by!r} in the predictions; choose one of {', '.join(c for c in out.columns if c not in ('frames',))}")
    return out


def frame_order(tables: Sequence[pd.DataFrame], column: str = "labels") -> list[str]:
    """Every frame named in the tables, sorted."""
    return sorted({f for t in tables for fs in t[column] for f in fs})
