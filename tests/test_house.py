"""The house: one-way imports between the layers of the package, no cycle, no private name
crossing a subpackage. Function-level imports count; ``if TYPE_CHECKING:`` blocks do not (they
never run)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "discourse"

#: Each layer imports only from layers of a lower rank (and from inside its own subpackage).
RANKS = {
    "errors": 0,
    "io": 1,
    "cache": 2,
    "docs": 3,
    "stats": 4,  # pure numpy / scipy / pandas: anyone above docs may use it
    "corpus": 5,
    "nlp": 6,
    "framing": 7,
    "themes": 7,
    "report": 8,
    "validation": 9,
    "workflow": 10,
    "cli": 11,
}


def _modules(root: Path, package: str) -> dict[str, Path]:
    out = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).with_suffix("")
        parts = [package, *rel.parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node except those under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _imports(module: str, path: Path, is_package: bool) -> Iterator[tuple[str, list[str]]]:
    """``(imported module, names)`` for every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    base = module.split(".") if is_package else module.split(".")[:-1]
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[: len(base) - node.level + 1]
                target = ".".join(anchor + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield target, [a.name for a in node.names]


def check_house(root: Path, package: str = "discourse", ranks: dict[str, int] = RANKS) -> list[str]:
    """Problems with the layout under ``root``: import cycles, private names crossing
    subpackages, and imports against the order of the layers."""
    mods = _modules(root, package)
    problems: list[str] = []
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        is_package = path.name == "__init__.py"
        layer = mod.split(".")[1] if "." in mod else None
        for target, names in _imports(mod, path, is_package):
            if not (target == package or target.startswith(package + ".")):
                continue
            # "from .pkg import module" imports the module itself
            resolved = [f"{target}.{n}" if f"{target}.{n}" in mods else target for n in names] or [target]
            for dep in resolved:
                if dep == package:
                    continue  # the package root (its __version__)
                if dep in mods and dep != mod:
                    graph[mod].add(dep)
            other = target.split(".")[1] if "." in target else None
            if layer is None or other is None or other == layer:
                continue
            private = [n for n in names if n.startswith("_")]
            if private:
                problems.append(f"{mod} imports private {', '.join(private)} from {target}")
            if layer in ranks and other in ranks and ranks[other] >= ranks[layer]:
                problems.append(f"{mod} ({layer}) imports {target} ({other}): against the order of the layers")
    problems += [f"import cycle: {' -> '.join(c)}" for c in _cycles(graph)]
    return problems


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_package_has_one_way_imports_and_no_private_crossings():
    problems = check_house(SRC)
    assert not problems, "\n".join(problems)


def test_every_layer_of_the_package_has_a_rank():
    layers = {p.stem if p.is_file() else p.name for p in SRC.iterdir() if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").is_file())) and p.name != "__init__.py"}
    assert layers <= set(RANKS), f"add {sorted(layers - set(RANKS))} to RANKS"


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / "pkg" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


def test_the_check_finds_cycles_private_crossings_and_upward_imports(tmp_path):
    root = _write(
        tmp_path,
        {
            "__init__.py": "",
            "docs.py": "def helper():\n    from .corpus import thing\n",
            "corpus/__init__.py": "from .reader import thing\n",
            "corpus/reader.py": "from ..docs import helper\nthing = 1\n",
            "nlp/__init__.py": "from ..corpus.reader import _secret\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..cli import x\n",
        },
    )
    problems = check_house(root, "pkg", {"docs": 0, "corpus": 1, "nlp": 2, "cli": 3})
    assert any(p.startswith("import cycle:") and "pkg.docs" in p and "pkg.corpus.reader" in p for p in problems)
    assert any("imports private _secret" in p for p in problems)
    assert any("pkg.docs (docs) imports pkg.corpus (corpus)" in p for p in problems)
    assert not any("pkg.cli" in p for p in problems)  # TYPE_CHECKING imports never run
