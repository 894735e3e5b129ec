"""Everything that touches spaCy: finding and loading pipelines, parsing (cached), the sentence
modes, Doc serialisation, optional speed-ups and the Dask backend.

:func:`parse` returns a :class:`ParsedCorpus` (``doc_id -> Doc``); the layers after this one
(framing, themes) read Docs only.
"""

from __future__ import annotations

from .docbin import doc_from_bytes, doc_to_bytes
from .parse import ParsedCorpus, parse, parse_key
from .pipeline import (
    DEFAULT_PIPELINES,
    INSTALL_HINT,
    SENTENCE_COMPONENTS,
    PipelineInfo,
    load_pipeline,
    needed_components,
    resolve_pipeline,
)
from .sentences import PARSE_MODES

__all__ = [
    "DEFAULT_PIPELINES",
    "INSTALL_HINT",
    "PARSE_MODES",
    "SENTENCE_COMPONENTS",
    "ParsedCorpus",
    "PipelineInfo",
    "doc_from_bytes",
    "doc_to_bytes",
    "load_pipeline",
    "needed_components",
    "parse",
    "parse_key",
    "resolve_pipeline",
]
