"""Output folders that never mix results from different corpora and never lose a user's files.

An output folder written by discourse holds a ``run.json`` with the fingerprint of the corpus it
describes. :func:`prepare_output_dir` refuses a folder that holds results for another corpus, or
files discourse did not write, unless the user asks to overwrite; every table is written
atomically (temporary file + rename).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import OutputError

__all__ = ["RUN_FILE", "prepare_output_dir", "write_csv", "write_json", "write_text"]

RUN_FILE = "run.json"


def prepare_output_dir(path: str | Path, fingerprint: str, *, overwrite: bool = False) -> Path:
    """Check and create an output folder for a corpus.

    Parameters
    ----------
    path : str or Path
        Output folder.
    fingerprint : str
        :meth:`discourse.corpus.Corpus.fingerprint` of the corpus being analysed.
    overwrite : bool, default False
        Allow writing into a folder that holds other results.

    Raises
    ------
    OutputError
        If the folder holds results for another corpus, files not written by discourse, or is a
        file.
    """
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder; choose another --out")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        run_file = out / RUN_FILE
        if not run_file.is_file():
            raise OutputError(
                f"{out}: folder is not empty and holds no {RUN_FILE} from discourse; "
                "choose an empty or new --out (or pass --overwrite to write into it anyway)"
            )
        try:
            previous = json.loads(run_file.read_text("utf-8")).get("corpus", {}).get("fingerprint")
        except (json.JSONDecodeError, AttributeError):
            previous = None
        if previous != fingerprint:
            raise OutputError(
                f"{out}: holds results from another corpus (fingerprint {str(previous)[:12]}, this corpus "
                f"{fingerprint[:12]}); choose another --out, or pass --overwrite to replace them"
            )
    out.mkdir(parents=True, exist_ok=True)
    return out


@lru_cache(maxsize=1)
def _file_mode() -> int:
    """The mode ``open()`` gives a new file under the process umask (``mkstemp`` uses 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _atomic_write(path: Path, data: bytes, sync: bool = False) -> None:
    """Write ``path`` through a temporary file and a rename: readers never see half a file.

    The file gets the usual permissions (``0666`` less the umask, as ``open()`` would give it), so
    that a results folder or a cache shared by a lab stays readable. ``sync`` adds an fsync
    before the rename.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a DataFrame as UTF-8 CSV (no index), atomically."""
    p = Path(path)
    _atomic_write(p, _floats_as_text(df).to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return p


def _floats_as_text(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with its float64 columns already written as pandas' ``to_csv`` writes them (numpy's
    ``str`` of each value, "" for NaN), each distinct value formatted once: metadata merged onto
    every sentence repeats a handful of values thousands of times. The CSV bytes are the same."""
    import numpy as np

    floats = [i for i, dtype in enumerate(df.dtypes) if dtype == np.float64]
    if not floats or len(df) < 1000:
        return df
    out = df.copy(deep=False)
    for i in floats:
        values = np.ascontiguousarray(df.iloc[:, i].to_numpy())
        bits, inverse = np.unique(values.view(np.int64), return_inverse=True)  # -0.0 stays apart
        distinct = bits.view(np.float64)
        text = distinct.astype(str).astype(object)
        text[np.isnan(distinct)] = ""
        out.isetitem(i, text[inverse.reshape(-1)])
    return out


def write_json(obj: Mapping[str, Any], path: str | Path) -> Path:
    """Write JSON (sorted keys, indented), atomically."""
    p = Path(path)
    _atomic_write(p, (json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n").encode("utf-8"))
    return p


def write_text(text: str, path: str | Path) -> Path:
    """Write text atomically."""
    p = Path(path)
    _atomic_write(p, text.encode("utf-8"))
    return p
