"""discourse: how texts frame men, and the themes and key terms that carry the framing.

The public verbs are importable from the top level; heavy modules (spaCy, scikit-learn,
matplotlib) load only when a verb that needs them is first used.

The house, each layer importing only from the layers before it::

    errors, io, cache  <-  docs  <-  stats  <-  corpus  <-  nlp  <-  framing, themes
        <-  report  <-  validation  <-  workflow  <-  cli
"""

from __future__ import annotations

import importlib
from typing import Any

from .corpus import Corpus, Document, clean_text, load_boilerplate, load_corpus
from .errors import (
    CodebookError,
    CorpusError,
    DiscourseError,
    DiscourseWarning,
    OutputError,
    PipelineError,
)

__version__ = "0.1.0"

_LAZY = {
    # parsing
    "parse": "discourse.workflow",
    "ParsedCorpus": "discourse.nlp",
    "load_pipeline": "discourse.nlp",
    "resolve_pipeline": "discourse.nlp",
    "document_stats": "discourse.docs",
    "sentence_table": "discourse.docs",
    "as_docs": "discourse.docs",
    # framing
    "find_mentions": "discourse.framing",
    "load_lexicon": "discourse.framing",
    "load_codebook": "discourse.framing",
    "Codebook": "discourse.framing",
    "label_frames": "discourse.framing",
    "frame_analysis": "discourse.framing",
    "frame_tables": "discourse.framing",
    "sentence_frames": "discourse.framing",
    "label_sentences": "discourse.framing",
    "label_jsonl": "discourse.framing",
    "evaluate": "discourse.framing",
    "format_report": "discourse.framing",
    "leave_one_cue_out": "discourse.framing",
    "dominant_frames": "discourse.framing",
    # statistics
    "frame_profile": "discourse.stats",
    "wilson_interval": "discourse.stats",
    "compare_frames": "discourse.stats",
    "frames_over_time": "discourse.stats",
    "frame_regression": "discourse.stats",
    "estimate_shares": "discourse.stats",
    "ppi_mean": "discourse.stats",
    # validation by people
    "sample_sentences": "discourse.validation",
    "write_sample": "discourse.validation",
    "write_coding_page": "discourse.validation",
    "read_codes": "discourse.validation",
    "agreement": "discourse.validation",
    "disagreements": "discourse.validation",
    "estimate": "discourse.validation",
    # themes
    "make_units": "discourse.themes",
    "build_dtm": "discourse.themes",
    "load_stoplist": "discourse.themes",
    "TopicModel": "discourse.themes",
    "TermVectorizer": "discourse.themes",
    "fit_topics": "discourse.themes",
    "select_k": "discourse.themes",
    "topic_prevalence": "discourse.themes",
    "npmi_coherence": "discourse.themes",
    "keyness": "discourse.themes",
    "keyness_table": "discourse.themes",
    "kwic": "discourse.themes",
    "collocates": "discourse.themes",
    # report
    "frames_by_topic": "discourse.report",
    "save_figure": "discourse.report",
    "new_figure": "discourse.report",
    "plot_frame_profile": "discourse.report",
    "plot_corpus_composition": "discourse.report",
    "plot_k_selection": "discourse.report",
    "plot_topic_prevalence": "discourse.report",
    "plot_top_terms": "discourse.report",
    "plot_keyness": "discourse.report",
    "plot_corrected_profile": "discourse.report",
    "plot_frame_differences": "discourse.report",
    "plot_frames_over_time": "discourse.report",
    # the run
    "analyze": "discourse.workflow",
    "draw_sample": "discourse.workflow",
    "RunResult": "discourse.workflow",
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
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(_LAZY[name])
        return getattr(module, name)
    raise AttributeError(f"module 'discourse' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
