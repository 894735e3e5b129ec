"""Check that the built API reference covers every public name of discourse.

Reads the object inventory mkdocstrings writes (``site/objects.inv``) and checks that every name
in ``discourse.__all__`` and in the ``__all__`` of each subpackage and module documented in
``docs/reference/`` is in it (as ``discourse.<module>.<name>``, or under a submodule of the same
name when a function shares its name with its module, as ``discourse.nlp.parse.parse`` does).
Run by ``make docs`` after ``mkdocs build``; exits 1 and lists what is missing.
"""

from __future__ import annotations

import importlib
import sys
import zlib
from pathlib import Path

#: The modules whose ``__all__`` the reference must cover.
MODULES = (
    "corpus", "nlp", "framing", "stats", "themes", "report", "validation", "workflow", "docs", "cache", "io", "errors",
)


def inventory(path: Path) -> set[str]:
    """The object names of a Sphinx-format inventory (``objects.inv``)."""
    data = path.read_bytes()
    header, _, rest = data.partition(b"\n")
    for _ in range(3):  # the project, version and compression lines
        _, _, rest = rest.partition(b"\n")
    return {line.split(" ", 1)[0] for line in zlib.decompress(rest).decode("utf-8").splitlines() if line.strip()}


def missing(names: set[str]) -> list[str]:
    """Public names of discourse the inventory lacks."""
    import discourse

    out = []
    wanted = [(f"discourse.{m}", n) for m in MODULES for n in importlib.import_module(f"discourse.{m}").__all__]
    for name in discourse.__all__:
        obj = getattr(discourse, name)
        home = getattr(obj, "__module__", "discourse") or "discourse"
        # a top-level verb is documented where its subpackage exports it
        parts = home.split(".")
        wanted.append((".".join(parts[:2]) if len(parts) > 1 else "discourse", name))
    for module, name in dict.fromkeys(wanted):
        candidates = {f"{module}.{name}", f"{module}.{name}.{name}"}
        if not candidates & names and not any(n.startswith(f"{module}.") and n.endswith(f".{name}") for n in names):
            out.append(f"{module}.{name}")
    return out


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else Path("site/objects.inv")
    gaps = missing(inventory(path))
    if gaps:
        print(f"{path}: the API reference lacks {len(gaps)} public name(s):", *gaps, sep="\n  ")
        return 1
    print(f"{path}: the API reference covers every public name of discourse")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
