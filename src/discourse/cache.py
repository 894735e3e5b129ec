"""The one content-addressed disk cache of the package.

Every cached result lives in ``<cache_dir>/<kind>/<key[:2]>/<key><suffix>``: parses (``kind`` is
the pipeline, e.g. ``en_core_web_sm-3.8.0``, suffix ``.spacy``), frame rows (``frames``),
cleaned texts (``cleaned``) and the results of the run's steps (``steps``), all ``.json`` but
parses, and the steps' tables and figures (``.bin``). A key is a SHA-256 of everything the entry depends on, and **an entry holds what depends
on the content only**: nothing in it names a document (no doc_id, no metadata). Whatever names a
document is joined on when the entry is read, so two documents with the same text, or the same
text in two corpora sharing one cache folder, each get their own rows.

Writes are atomic (:func:`discourse.io.atomic_write`); an entry that cannot be read is treated as
absent and recomputed. ``discourse cache`` lists and clears the folder (:func:`cache_contents`,
:func:`clear_cache`), touching only files discourse wrote.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import PipelineError
from .io import atomic_write

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CACHE_KINDS",
    "ContentCache",
    "cache_contents",
    "check_cache_dir",
    "clear_cache",
    "default_cache_dir",
    "digest",
    "source_digest",
]

#: Folders of the cache that are not parses (every other folder holds parses of one pipeline).
CACHE_KINDS = ("frames", "cleaned", "steps")


def default_cache_dir() -> Path:
    """``$DISCOURSE_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/discourse`` or ``~/.cache/discourse``."""
    env = os.environ.get("DISCOURSE_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "discourse"


def digest(*parts: Any) -> str:
    """SHA-256 of JSON-serialisable parts (sets are sorted), as a hex string."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=sorted).encode("utf-8")).hexdigest()


@lru_cache(maxsize=32)
def _module_digest(name: str) -> str:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ImportError(f"no module {name}")
    return hashlib.sha256(Path(spec.origin).read_bytes()).hexdigest()


def source_digest(modules: Iterable[str]) -> str:
    """A hash of the source files of the named modules: a cache key that changes whenever the
    code that computed an entry changes (no hand-bumped version numbers)."""
    return digest(*[(name, _module_digest(name)) for name in modules])


def check_cache_dir(root: str | Path) -> Path:
    """Create the cache folder, or say in one line why it cannot be used."""
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise PipelineError(f"{root}: the cache folder is a file, not a folder; choose another --cache-dir (cache_dir=)")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PipelineError(f"{root}: cannot create the cache folder ({exc.strerror or exc}); choose another --cache-dir (cache_dir=)") from exc
    return root


class ContentCache:
    """Entries of one kind under ``root / kind``, addressed by a content key.

    Parameters
    ----------
    root : str or Path
        The cache folder.
    kind : str
        The sub-folder (``frames``, ``cleaned``, ``steps`` or a pipeline's ``name-version``).
    suffix : str, default ".json"
        File suffix of the entries.
    sync : bool, default False
        fsync every entry before its rename (for entries that are expensive to recompute).
    """

    def __init__(self, root: str | Path, kind: str, suffix: str = ".json", *, sync: bool = False) -> None:
        self.root = Path(root) / kind
        self.suffix = suffix
        self.sync = sync

    def path(self, key: str) -> Path:
        """Where the entry with this key lives."""
        return self.root / key[:2] / f"{key}{self.suffix}"

    def get_bytes(self, key: str) -> bytes | None:
        """The entry's bytes, or None when absent or unreadable."""
        try:
            return self.path(key).read_bytes()
        except OSError:
            return None

    def put_bytes(self, key: str, data: bytes) -> Path:
        """Write an entry atomically."""
        return atomic_write(self.path(key), data, sync=self.sync)

    def get(self, key: str) -> Any:
        """A JSON entry, or None when absent or unreadable."""
        data = self.get_bytes(key)
        if data is None:
            return None
        try:
            return json.loads(data)
        except ValueError:
            return None

    def put(self, key: str, value: Any) -> None:
        """Write a JSON entry (a cache that cannot be written only costs time: no error)."""
        try:
            self.put_bytes(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass

    def __contains__(self, key: str) -> bool:
        return self.path(key).is_file()


def _cache_files(cache_dir: Path) -> Iterator[tuple[str, str, Path]]:
    """``(kind, folder, path)`` of every file discourse wrote under ``cache_dir``: parses
    (``<pipeline>-<version>/xx/<key>.spacy`` and their ``.json`` sentence records), the other
    kinds (``<kind>/xx/<key>.json``) and temporary files an interrupted write left (``.tmp-*``)."""
    if not cache_dir.is_dir():
        return
    for folder in sorted(p for p in cache_dir.iterdir() if p.is_dir()):
        kind = folder.name if folder.name in CACHE_KINDS else "parses"
        suffixes = {"parses": (".spacy", ".json"), "steps": (".json", ".bin")}.get(kind, (".json",))
        for shard in sorted(p for p in folder.iterdir() if p.is_dir() and len(p.name) == 2):
            for path in sorted(shard.iterdir()):
                if path.is_file() and (path.suffix in suffixes or path.name.startswith(".tmp-")):
                    yield kind, folder.name, path


def cache_contents(cache_dir: str | Path | None = None) -> pd.DataFrame:
    """What the cache holds: one row per folder, ``kind`` (parses / frames / cleaned / steps),
    ``folder``, ``files`` and ``bytes``.

    Parameters
    ----------
    cache_dir : str or Path, optional
        Default :func:`default_cache_dir`.
    """
    import pandas as pd

    root = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    sizes: dict[tuple[str, str], list[int]] = {}
    for kind, folder, path in _cache_files(root):
        entry = sizes.setdefault((kind, folder), [0, 0])
        entry[0] += 1
        entry[1] += path.stat().st_size
    rows = [{"kind": k, "folder": f, "files": n, "bytes": b} for (k, f), (n, b) in sizes.items()]
    return pd.DataFrame(rows, columns=["kind", "folder", "files", "bytes"])


def clear_cache(cache_dir: str | Path | None = None, what: str = "all") -> int:
    """Delete cached entries; return how many files were removed.

    Only files discourse writes are touched (see :func:`cache_contents`); anything else in the
    folder stays, and so does the folder.

    Parameters
    ----------
    cache_dir : str or Path, optional
        Default :func:`default_cache_dir`.
    what : {"all", "parses", "frames", "cleaned", "steps"}, default "all"
    """
    choices = ("all", "parses", *CACHE_KINDS)
    if what not in choices:
        raise PipelineError(f"what must be one of {', '.join(map(repr, choices))}, not {what!r}")
    root = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    removed = 0
    for kind, _folder, path in list(_cache_files(root)):
        if what in ("all", kind):
            path.unlink(missing_ok=True)
            removed += 1
    for folder in (p for p in (root.iterdir() if root.is_dir() else []) if p.is_dir()):
        for shard in (p for p in folder.iterdir() if p.is_dir() and len(p.name) == 2):
            if not any(shard.iterdir()):
                shard.rmdir()
        if not any(folder.iterdir()):
            folder.rmdir()
    return removed
