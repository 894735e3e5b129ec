"""Corpora: documents with their metadata, read from folders or tables, and cleaned with an audit.

Nothing here imports spaCy. :func:`load_corpus` reads a folder of text files (with an optional
``metadata.csv``), a table file or a DataFrame; every document keeps its raw text beside the
cleaned text, and :meth:`Corpus.cleaning_report` lists every change the cleaner made;
:func:`not_english` names the documents that do not look like English text.
"""

from __future__ import annotations

from .clean import (
    REPORT_COLUMNS,
    BoilerplateRule,
    CleanedText,
    CleaningCache,
    clean_text,
    iter_paragraphs,
    load_boilerplate,
)
from .corpus import Corpus, Document, iter_jsonl, load_corpus, read_text_file
from .language import english_share, not_english

__all__ = [
    "REPORT_COLUMNS",
    "BoilerplateRule",
    "CleanedText",
    "CleaningCache",
    "Corpus",
    "Document",
    "clean_text",
    "english_share",
    "iter_jsonl",
    "iter_paragraphs",
    "load_boilerplate",
    "load_corpus",
    "not_english",
    "read_text_file",
]
