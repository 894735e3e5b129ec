"""How texts frame men: the men lexicon, mentions with their roles, the codebook's cues, frame
tables with their evidence, validation against hand-coded sentences, robustness to the codebook.

Reads parsed Docs only (see :mod:`discourse.nlp`); every table is tidy and joinable on ``doc_id``.
"""

from __future__ import annotations

from .codebook import DEFAULT_CODEBOOK, Codebook, Cue, Frame, load_codebook
from .evaluate import EvaluationResult, evaluate, format_report, read_gold
from .frames import FRAME_COLUMNS, frame_analysis, frame_tables, label_frames, sentence_frames
from .label import label_jsonl, label_passages, label_sentences
from .lexicon import LEXICON_PATH, Lexicon, load_lexicon
from .mentions import MENTION_COLUMNS, Mention, find_mentions, iter_mentions, mention_rows
from .robustness import dominant_frames, leave_one_cue_out, without_rules
from .roles import ROLES, Link, role_links
from .selection import SentenceSelector

__all__ = [
    "DEFAULT_CODEBOOK",
    "FRAME_COLUMNS",
    "LEXICON_PATH",
    "MENTION_COLUMNS",
    "ROLES",
    "Codebook",
    "Cue",
    "EvaluationResult",
    "Frame",
    "Lexicon",
    "Link",
    "Mention",
    "SentenceSelector",
    "dominant_frames",
    "evaluate",
    "find_mentions",
    "format_report",
    "frame_analysis",
    "frame_tables",
    "iter_mentions",
    "label_frames",
    "label_jsonl",
    "label_passages",
    "label_sentences",
    "leave_one_cue_out",
    "load_codebook",
    "load_lexicon",
    "mention_rows",
    "read_gold",
    "role_links",
    "sentence_frames",
    "without_rules",
]
