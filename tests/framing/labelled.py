"""What the rule tests share: sentences labelled once per module, and the evidence that counts."""

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
