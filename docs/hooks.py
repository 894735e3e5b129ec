"""MkDocs hook: Sphinx roles in docstrings (``:func:`x```) shown as plain code, not as ``:func:``."""

from __future__ import annotations

import re

_ROLE = re.compile(r":(?:func|meth|class|mod|data|attr|obj|exc|ref|const):(<code>)~?([^<]*</code>)")


def on_page_content(html: str, **kwargs: object) -> str:
    """Drop the role prefix (and a leading ``~``) before the inline code mkdocstrings made of it."""
    return _ROLE.sub(r"\1\2", html)


_TABLES_MARKER = "<!-- tables: generated from discourse.report.dictionary.TABLES when the site is built -->"


def _tables_markdown() -> str:
    """Every table of :data:`discourse.report.dictionary.TABLES`, as the data dictionary writes it."""
    from discourse.report.dictionary import TABLES

    out = []
    for name, doc in TABLES.items():
        out += ["", f"## `{name}.csv`", "", doc.title, "", f"One row per {doc.row}."]
        if doc.method:
            out += ["", f"**Method.** {doc.method}"]
        out += ["", "| column | meaning | units | method |", "| --- | --- | --- | --- |"]
        for col, c in doc.columns.items():
            cells = [f"`{col}`", c.meaning, c.units, c.method]
            out.append("| " + " | ".join(x.replace("|", "\\|") for x in cells) + " |")
    return "\n".join(out) + "\n"


def on_page_markdown(markdown: str, **kwargs: object) -> str:
    """Fill the output-files page with the descriptions the data dictionary writes."""
    if _TABLES_MARKER in markdown:
        return markdown.replace(_TABLES_MARKER, _tables_markdown())
    return markdown
