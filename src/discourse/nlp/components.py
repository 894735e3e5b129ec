"""The spaCy components discourse adds to every pipeline, registered when this module is imported.

``discourse_paragraphs`` starts a sentence at the first word of a text and after every blank
line, before the senter or the parser runs (both keep preset boundaries), so that sentences never
cross a paragraph or heading boundary.

``discourse_sentence_cap`` (:class:`SentenceCap`) cuts every stretch of text longer than
:data:`MAX_SENTENCE_TOKENS` tokens without a sentence start into pieces of at most that many,
before the tagger and the parser see it, at the strongest boundary it finds (a sentence end or
a line break; else a semicolon or colon; else a comma or dash; else before a conjunction; else
anywhere). The models' memory and the time of the rules that read a sentence per mention then
stay bounded whatever the text (a 1 MB text without a full stop, a 20,000-word sentence).

Both are registered at module level, not inside a function: a pipeline pickled to a worker
process started with ``spawn`` (macOS, Windows, Python 3.14's default) finds them by importing
this module.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

__all__ = [
    "BOUNDARY_COMPONENT",
    "CUT_KEY",
    "MAX_SENTENCE_TOKENS",
    "SENTENCE_CAP_COMPONENT",
    "SentenceCap",
    "make_sentence_cap",
    "mark_paragraphs",
]

BOUNDARY_COMPONENT = "discourse_paragraphs"
SENTENCE_CAP_COMPONENT = "discourse_sentence_cap"
#: The longest sentence, in tokens (whitespace tokens included), any parse mode gives the models
#: and the rules; longer ones are cut (``parse(..., max_sentence_tokens=...)``).
MAX_SENTENCE_TOKENS = 256
#: ``doc.user_data`` key: how many sentences were cut elsewhere than at a sentence end or line
#: break (set only when some were).
CUT_KEY = "discourse_cut_sentences"
#: Words a piece may start with when no punctuation is left to cut at.
_CONJUNCTIONS = frozenset(
    "and or but nor yet because while whereas although though unless whilst".split()
)
_ENDS = frozenset((".", "!", "?"))
_PAUSES = frozenset((";", ":", "...", "\u2026"))
_COMMAS = frozenset((",", "--", "\u2013", "\u2014"))
_CLOSERS = frozenset(('"', "'", "\u201d", "\u2019", ")", "]", "}"))
#: Strength of a boundary: a sentence end or a line break (a piece cut there is not counted as a
#: cut sentence), a pause, a comma, a conjunction, nothing.
_END, _PAUSE, _COMMA, _CONJ, _NONE = 4, 3, 2, 1, 0


@Language.component(BOUNDARY_COMPONENT)
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence at the first word of the text and after every blank line; whitespace
    tokens never start one (they belong to the sentence before)."""
    import numpy as np
    from spacy.attrs import IS_SPACE, ORTH, SENT_START

    n = len(doc)
    if not n:
        return doc
    arr = doc.to_array([IS_SPACE, ORTH, SENT_START])
    space = arr[:, 0].astype(bool)
    strings = doc.vocab.strings
    blank = np.zeros(n, dtype=bool)  # a whitespace token holding a blank line
    rows = np.flatnonzero(space)
    if len(rows):
        forms, inverse = np.unique(arr[rows, 1], return_inverse=True)
        has_blank = np.array([strings[h].count("\n") >= 2 for h in forms.tolist()], dtype=bool)
        blank[rows] = has_blank[inverse.reshape(-1)]
    words = np.flatnonzero(~space)
    out = arr[:, 2].astype(np.int64)
    out[1:][space[1:]] = -1
    if len(words):
        seen = np.concatenate([[0], np.cumsum(blank)])  # blank lines before each token
        first = np.ones(len(words), dtype=bool)
        first[1:] = seen[words[1:]] > seen[words[:-1]]
        out[words[first]] = 1
    doc.from_array([SENT_START], out.astype(np.uint64).reshape(-1, 1))
    return doc


class SentenceCap:
    """Cut every stretch of more than ``max_tokens`` tokens without a sentence start.

    A stretch runs from one token whose ``is_sent_start`` is True to the next (the whole text
    when none is). It is cut greedily from its start: each piece ends at the strongest boundary
    among its last three quarters (``max_tokens // 4`` tokens on), the last one of that
    strength - after a sentence end (``. ! ?``, a closing quote after it) or a line break, else
    after a semicolon, colon or ellipsis, else after a comma or dash, else before a conjunction
    (``and``, ``but``, ``because`` ...), else at ``max_tokens`` - and the next piece starts there
    (``is_sent_start = True``; a whitespace token never starts one). Boundaries set by a senter
    or a parser afterwards fall inside the pieces, so no sentence is longer than ``max_tokens``.

    The number of stretches cut elsewhere than at a sentence end or line break is added to
    ``doc.user_data[CUT_KEY]``.

    Parameters
    ----------
    max_tokens : int, default MAX_SENTENCE_TOKENS
        The longest piece, in tokens.
    """

    def __init__(self, max_tokens: int = MAX_SENTENCE_TOKENS) -> None:
        if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 16:
            raise ValueError(f"max_tokens must be an integer of at least 16, not {max_tokens!r}")
        self.max_tokens = max_tokens

    def __call__(self, doc: Doc) -> Doc:
        """Cut ``doc``'s over-long stretches (in place) and return it."""
        import numpy as np
        from spacy.attrs import SENT_START

        n = len(doc)
        if n <= self.max_tokens:
            return doc
        starts = doc.to_array([SENT_START]).astype(np.int64).reshape(-1)
        bounds = np.flatnonzero(starts == 1)
        bounds = np.concatenate([[0], bounds[bounds > 0], [n]])
        long = np.flatnonzero(np.diff(bounds) > self.max_tokens)
        if not len(long):
            return doc
        strength = self.strengths(doc)
        cut = 0
        for i in long.tolist():
            points, weak = self.cut_points(strength, int(bounds[i]), int(bounds[i + 1]))
            starts[points] = 1
            cut += weak
        doc.from_array([SENT_START], starts.astype(np.uint64).reshape(-1, 1))
        if cut:
            doc.user_data[CUT_KEY] = doc.user_data.get(CUT_KEY, 0) + cut
        return doc

    def cut_points(self, strength: Any, start: int, end: int) -> tuple[list[int], bool]:
        """Where to start the pieces of the stretch ``[start, end)``, and whether a cut was
        weaker than a sentence end (see :meth:`strengths`)."""
        import numpy as np

        cap = self.max_tokens
        points: list[int] = []
        weak = False
        at = start
        while end - at > cap:
            lo = at + cap // 4 + 1
            window = strength[lo : at + cap + 1]
            best = int(window.max())
            if best > _NONE:
                point = lo + int(np.flatnonzero(window == best)[-1])
            else:
                solid = np.flatnonzero(window >= _NONE)  # not a whitespace token
                point = lo + int(solid[-1]) if len(solid) else at + cap
            weak |= best < _END
            points.append(point)
            at = point
        return points, weak

    @staticmethod
    def strengths(doc: Doc) -> Any:
        """For every token, the strength of a cut just before it (-1: it cannot start a piece,
        being the first token or a whitespace token)."""
        import numpy as np
        from spacy.attrs import IS_SPACE, LOWER, ORTH

        arr = doc.to_array([ORTH, LOWER, IS_SPACE]).reshape(len(doc), 3)
        strings = doc.vocab.strings
        space = arr[:, 2].astype(bool)

        def classify(col: int, classes: Any) -> Any:
            values, inverse = np.unique(arr[:, col], return_inverse=True)
            return np.array([classes(strings[h]) for h in values.tolist()], dtype=np.int64)[inverse.reshape(-1)]

        kind = classify(0, _kind)  # 1 end, 2 pause, 3 comma, 4 closer, 5 line break, 0 else
        conj = classify(1, lambda w: w in _CONJUNCTIONS).astype(bool)
        n = len(doc)
        prev = np.arange(n) - 1
        prev[0] = 0
        before = prev.copy()
        broken = np.zeros(n, dtype=bool)
        gap = space[prev] & (np.arange(n) > 0)  # a whitespace token before: look past it
        broken[gap] = kind[prev[gap]] == 5
        before[gap] = np.maximum(prev[gap] - 1, 0)
        closer = kind[before] == 4  # a closing quote or bracket: look past it
        before[closer] = np.maximum(before[closer] - 1, 0)
        value = np.array([_NONE, _END, _PAUSE, _COMMA, _NONE, _END], dtype=np.int64)
        out = value[kind[before]]
        out[broken] = _END
        out = np.maximum(out, np.where(conj, _CONJ, _NONE))
        out[space] = -1
        out[0] = -1
        return out


def _kind(text: str) -> int:
    if text in _ENDS:
        return 1
    if text in _PAUSES:
        return 2
    if text in _COMMAS:
        return 3
    if text in _CLOSERS:
        return 4
    if not text.strip() and "\n" in text:
        return 5
    return 0


@Language.factory(SENTENCE_CAP_COMPONENT, default_config={"max_tokens": MAX_SENTENCE_TOKENS})
def make_sentence_cap(nlp: Language, name: str, max_tokens: int) -> SentenceCap:
    """spaCy factory of :class:`SentenceCap` (``nlp.add_pipe("discourse_sentence_cap")``)."""
    return SentenceCap(max_tokens)
