"""What the rule tests share: sentences labelled once per module, the evidence that counts, and
the two assertions every class table makes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from discourse import label_sentences


def label_by_text(texts: Iterable[str]) -> dict[str, Any]:
    """Each distinct sentence labelled through the real pipeline, its row (``frames``,
    ``evidence``, ...) by its text."""
    unique = list(dict.fromkeys(texts))
    df = label_sentences(dict(enumerate(unique)))
    return {text: row for text, (_, row) in zip(unique, df.iterrows(), strict=True)}


def counted_evidence(evidence: str) -> list[str]:
    """The ``frame/class:rule`` items of an evidence string that count (not negated, not reported)."""
    return [e for e in evidence.split("; ") if e and not e.startswith(("negated ", "not counted "))]


def assert_class_counts(row: Any, frame: str, cue_class: str) -> None:
    """The row has ``frame``, carried by a counted cue of ``cue_class``."""
    assert frame in row["frames"], row["evidence"]
    assert any(e.startswith(f"{frame}/{cue_class}:") for e in counted_evidence(row["evidence"])), row["evidence"]


def assert_no_frame(row: Any, frames: Iterable[str]) -> None:
    """None of ``frames`` is among the row's frames."""
    assert not set(frames) & set(row["frames"]), row["evidence"]
