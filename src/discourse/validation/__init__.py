"""Validation by people: draw a sample, code it, measure agreement, correct the shares.

* :func:`sample_sentences` / :func:`write_sample`: a seeded (optionally stratified) random sample
  of sentences that mention men, written as a coding sheet with context, the codebook, and - apart,
  so coding stays blind - the machine's labels and evidence.
* :func:`write_coding_page` writes one self-contained HTML file (no server, no network) from a
  coding sheet (the JSON lines or CSV that ``discourse sample`` writes) and a codebook: one
  sentence at a time with its context, a checkbox per frame and "none", "mentions men", notes,
  keyboard shortcuts, progress, work kept in the browser's storage, and an export to the JSON-lines
  gold format :func:`discourse.framing.read_gold` reads. :func:`read_sheet` reads and checks a
  coding sheet.
* :func:`agreement` / :func:`disagreements`: Krippendorff's alpha and percent agreement per frame
  between coders, and the sentences to adjudicate.
* :func:`estimate`: frame shares corrected for the machine's errors with the coded sample
  (prediction-powered inference, :func:`discourse.stats.estimate_shares`).
* :func:`read_codes`, :func:`read_predictions`: codes and machine labels as tables.
"""

from __future__ import annotations

from .codes import read_codes, read_predictions
from .coding_page import EXPORT_KEYS, SHEET_KEYS, read_sheet, write_coding_page
from .corrected import estimate
from .reliability import AGREEMENT_COLUMNS, agreement, disagreements
from .sample import (
    ALLOCATIONS,
    SAMPLE_SHEET_COLUMNS,
    CodingSample,
    sample_sentences,
    sentence_key,
    write_sample,
)

__all__ = [
    "AGREEMENT_COLUMNS",
    "ALLOCATIONS",
    "EXPORT_KEYS",
    "SAMPLE_SHEET_COLUMNS",
    "SHEET_KEYS",
    "CodingSample",
    "agreement",
    "disagreements",
    "estimate",
    "read_codes",
    "read_predictions",
    "read_sheet",
    "sample_sentences",
    "sentence_key",
    "write_coding_page",
    "write_sample",
]
