"""Reading the data files and writing every output: the one atomic writer of the package.

* :func:`read_yaml` reads the YAML data files a researcher edits (codebook, lexicon, boilerplate,
  stop list): UTF-8 only, duplicate keys rejected, every problem one line naming the file and
  the line.
* :func:`safe_name` makes the piece of a file name that comes from a doc_id or a group value
  (a key-term figure per document, ``frames_by_<column>``): unique, bounded and readable.
* :func:`atomic_write` writes a file through a temporary file and a rename (tables, figures,
  JSON, cache entries): a reader never sees half a file, and a failed write leaves the old file.
* An output folder written by discourse holds a ``run.json`` with the fingerprint of the corpus
  it describes. :func:`prepare_output_dir` refuses a folder that holds results for another
  corpus, or files discourse did not write, unless the user asks to overwrite.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import DiscourseError, OutputError

__all__ = [
    "RUN_FILE",
    "atomic_write",
    "csv_bytes",
    "prepare_output_dir",
    "parse_yaml",
    "read_yaml",
    "safe_load",
    "safe_name",
    "write_bytes",
    "write_csv",
    "write_json",
    "write_text",
]

RUN_FILE = "run.json"

#: Longest name :func:`safe_name` returns before its hash (characters, all ASCII).
NAME_CHARS = 60
_KEPT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})


def safe_name(name: object, *, max_chars: int = NAME_CHARS, ignore_case: bool = True) -> str:
    """The piece of a file name that stands for a doc_id, a group value or a column name.

    A name of ASCII letters, digits, ``.``, ``_`` and ``-`` (starting with a letter or digit,
    not ending with a dot, at most ``max_chars`` long, not a Windows device name such as
    ``con``) is kept as it is: ``report.2019`` stays ``report.2019`` (a format is added after
    it, never put in place of its last dot). Any other name becomes a readable slug (accents
    dropped, other characters ``_``, cut to ``max_chars``) plus ``-`` and the first 8 hex digits
    of the SHA-256 of the name, so that names that differ (``a/b`` and ``a b``) get different
    file names, and a 300-character id a name every file system takes.

    Parameters
    ----------
    name : object
        The doc_id, group value or column name (``str()`` of it).
    max_chars : int, default 60
        Longest slug kept (the hash adds 9 characters).
    ignore_case : bool, default True
        Keep names apart on file systems that ignore case (macOS, Windows): a name holding an
        upper-case letter gets the hash too (``Smith`` and ``smith`` stay two files). Pass
        False for a name that is alone of its kind in a folder (a column name).

    Returns
    -------
    str
        ASCII, at most ``max_chars + 9`` characters, never empty.

    Examples
    --------
    >>> safe_name("report.2019"), safe_name("a/b"), safe_name("a b")
    ('report.2019', 'a_b-c14cddc0', 'a_b-c8687a08')
    """
    text = str(name)
    if (
        len(text) <= max_chars
        and _KEPT_NAME.fullmatch(text)
        and not text.endswith(".")
        and not (ignore_case and text != text.lower())
        and text.split(".")[0].lower() not in _WINDOWS_DEVICES
    ):
        return text
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9.-]+", "_", plain).strip("._-")[:max_chars].rstrip("._-") or "x"
    return f"{slug}-{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


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


def _file_mode() -> int:
    """The mode ``open()`` gives a new file under the process umask (``mkstemp`` uses 0600).

    Read from ``/proc/self/status`` where there is one: setting the umask to read it back would
    change it, for an instant, for every thread of the process."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return _umask_mode()


@lru_cache(maxsize=1)
def _umask_mode() -> int:
    mask = os.umask(0o022)  # where /proc is missing (macOS): once per process
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: str | Path, data: bytes, sync: bool = False) -> Path:
    """Write ``path`` through a temporary file and a rename: readers never see half a file.

    The file gets the usual permissions (``0666`` less the umask, as ``open()`` would give it), so
    that a results folder or a cache shared by a lab stays readable. ``sync`` adds an fsync
    before the rename.

    Raises
    ------
    OSError
        When the file cannot be written (a read-only folder, a full disk): the error names
        ``path``, the temporary file is gone and an earlier file at ``path`` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    except OSError as exc:
        raise _naming(exc, path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _naming(exc, path) from None
        raise
    return path


def _naming(exc: OSError, path: Path) -> OSError:
    """``exc`` naming the file that was being written, not the temporary file (a full disk
    raises from ``write`` without any name): the same subclass and errno."""
    if exc.errno is None:
        return exc
    return OSError(exc.errno, exc.strerror or str(exc), str(path))


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The UTF-8 CSV (no index, ``\\n`` line ends) discourse writes for a table."""
    return _floats_as_text(df).to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a DataFrame as UTF-8 CSV (no index), atomically."""
    return atomic_write(path, csv_bytes(df))


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
    atomic_write(p, (json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n").encode("utf-8"))
    return p


def write_text(text: str, path: str | Path) -> Path:
    """Write text atomically."""
    return atomic_write(path, text.encode("utf-8"))


def write_bytes(data: bytes, path: str | Path) -> Path:
    """Write bytes atomically."""
    return atomic_write(path, data)


# --------------------------------------------------------------------------------------------
# YAML data files


@lru_cache(maxsize=1)
def _unique_key_loader() -> type:
    """PyYAML's safe loader (libyaml's C parser when there is one) that rejects a key given
    twice in one mapping: YAML would silently keep the last (a frame or a cue list named twice
    would replace the first)."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class UniqueKeyLoader(base):  # type: ignore[misc, valid-type]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    duplicate = key in seen
                except TypeError:
                    continue
                if duplicate:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key!r} is given twice in one mapping", key_node.start_mark
                    )
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return UniqueKeyLoader


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` (through libyaml's C parser when PyYAML has it), rejecting duplicate
    keys (``yaml.constructor.ConstructorError``)."""
    import yaml

    return yaml.load(text, Loader=_unique_key_loader())  # noqa: S506 (a safe loader)


def read_yaml(source: str | Path, error: type[DiscourseError] = DiscourseError, what: str = "YAML file") -> Any:
    """Read a YAML data file, or say in one line what is wrong with it.

    Parameters
    ----------
    source : str or Path
        The file. It is read anew on every call (an edited file is never served stale).
    error : type of DiscourseError
        The exception raised (``CodebookError`` for a codebook ...).
    what : str
        What the file is, for the messages ("codebook", "men lexicon" ...).

    Raises
    ------
    error
        When the file is missing, is not UTF-8, is not valid YAML or gives a key twice; the
        message names the file and the line.
    """
    path = Path(source)
    if not path.is_file():
        raise error(f"{path}: {what} not found; pass the path of an existing YAML file")
    return parse_yaml(path.read_bytes(), path, error, what)


def parse_yaml(data: bytes, source: str | Path, error: type[DiscourseError] = DiscourseError, what: str = "YAML file") -> Any:
    """Parse the bytes of a YAML data file (see :func:`read_yaml`); ``source`` names it in messages."""
    import yaml

    path = source
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"{path} line {line}: the {what} is not UTF-8 text (byte 0x{data[exc.start]:02x}); re-save it as UTF-8") from None
    try:
        return safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error(f"{path}{where}: not valid YAML ({problem}); fix the {what} there") from None
