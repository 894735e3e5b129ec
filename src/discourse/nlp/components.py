"""The spaCy component discourse adds to every pipeline, registered when this module is imported.

``discourse_paragraphs`` starts a sentence at the first word of a text and after every blank
line, before the senter or the parser runs (both keep preset boundaries), so that sentences never
cross a paragraph or heading boundary. It is registered at module level, not inside a function:
a pipeline pickled to a worker process started with ``spawn`` (macOS, Windows, Python 3.14's
default) finds it by importing this module.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["BOUNDARY_COMPONENT", "mark_paragraphs"]

BOUNDARY_COMPONENT = "discourse_paragraphs"


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
