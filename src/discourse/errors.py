"""Exceptions and warnings raised by discourse.

Every error raised at a public entry point is a :class:`DiscourseError` whose message is one
line naming the file, field or parameter at fault and saying what to do about it.
"""

from __future__ import annotations

__all__ = [
    "DiscourseError",
    "CorpusError",
    "PipelineError",
    "CodebookError",
    "OutputError",
    "DiscourseWarning",
]


class DiscourseError(ValueError):
    """Base class of every error discourse raises on bad input."""


class CorpusError(DiscourseError):
    """A corpus file, folder, table or field could not be read as documents."""


class PipelineError(DiscourseError):
    """A spaCy pipeline is missing, unknown or lacks a component an analysis needs."""


class CodebookError(DiscourseError):
    """A frame codebook is malformed."""


class OutputError(DiscourseError):
    """An output folder cannot be written without mixing or losing results."""


class DiscourseWarning(UserWarning):
    """Something was skipped or guessed; the analysis goes on."""
