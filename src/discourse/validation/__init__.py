"""Validation by people: the coding page on which a human coder codes sampled sentences.

* :func:`write_coding_page` writes one self-contained HTML file (no server, no network) from a
  coding sheet (the JSON lines or CSV that ``discourse sample`` writes) and a codebook: one
  sentence at a time with its context, a checkbox per frame and "none", "mentions men", notes,
  keyboard shortcuts, progress, work kept in the browser's storage, and an export to the JSON-lines
  gold format :func:`discourse.framing.read_gold` reads.
* :func:`read_sheet` reads and checks a coding sheet.
"""

from __future__ import annotations

from .coding_page import EXPORT_KEYS, SHEET_KEYS, read_sheet, write_coding_page

__all__ = ["EXPORT_KEYS", "SHEET_KEYS", "read_sheet", "write_coding_page"]
