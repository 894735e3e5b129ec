"""discourse: how texts frame men, and the themes and key terms that carry the framing.

The public verbs are importable from the top level; heavy modules (spaCy, scikit-learn,
matplotlib) load only when a verb that needs them is first used.
"""

from __future__ import annotations

import importlib
from typing import Any

from .clean import clean_text, load_boilerplate
from .corpus import Corpus, Document, load_corpus
from .errors import (
    CodebookError,
    CorpusError,
    DiscourseError,
    DiscourseWarning,
    OutputError,
    PipelineError,
)

# ``evaluate`` is both a module and its main function: import the function eagerly so that the
# package attribute is the function (the module is light: no spaCy, no pandas at import).
from .evaluate import evaluate, format_report

__version__ = "0.1.0"

_LAZY = {
    "parse": "discourse.parsing",
    "ParsedCorpus": "discourse.parsing",
    "load_pipeline": "discourse.parsing",
    "resolve_pipeline": "discourse.parsing",
    "document_stats": "discourse.stats",
    "sentence_table": "discourse.stats",
    "save_figure": "discourse.style",
    "new_figure": "discourse.style",
    "find_mentions": "discourse.mentions",
    "load_lexicon": "discourse.mentions",
    "load_codebook": "discourse.codebook",
    "Codebook": "discourse.codebook",
    "label_frames": "discourse.frames",
    "frame_analysis": "discourse.frames",
    "frame_tables": "discourse.frames",
    "sentence_frames": "discourse.frames",
    "frame_profile": "discourse.frames",
    "label_sentences": "discourse.frames",
    "label_jsonl": "discourse.frames",
    "plot_frame_profile": "discourse.plotting",
    "plot_corpus_composition": "discourse.plotting",
    "leave_one_cue_out": "discourse.robustness",
    "make_units": "discourse.features",
    "build_dtm": "discourse.features",
    "load_stoplist": "discourse.features",
    "TopicModel": "discourse.topics",
    "fit_topics": "discourse.topics",
    "select_k": "discourse.topics",
    "topic_prevalence": "discourse.topics",
    "frames_by_topic": "discourse.topics",
    "npmi_coherence": "discourse.topics",
    "keyness": "discourse.keyterms",
    "keyness_table": "discourse.keyterms",
    "kwic": "discourse.keyterms",
    "collocates": "discourse.keyterms",
    "plot_k_selection": "discourse.plotting_topics",
    "plot_topic_prevalence": "discourse.plotting_topics",
    "plot_top_terms": "discourse.plotting_topics",
    "plot_keyness": "discourse.plotting_topics",
    "dominant_frames": "discourse.robustness",
}

__all__ = [
    "Corpus",
    "Document",
    "load_corpus",
    "clean_text",
    "load_boilerplate",
    "DiscourseError",
    "CorpusError",
    "PipelineError",
    "CodebookError",
    "OutputError",
    "DiscourseWarning",
    "evaluate",
    "format_report",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(_LAZY[name])
        return getattr(module, name)
    raise AttributeError(f"module 'discourse' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
