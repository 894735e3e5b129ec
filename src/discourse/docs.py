"""Helpers every layer after parsing shares: one way to name documents, sentence bounds read from
token arrays, a Doc's text, the size of parsed documents, and progress on stderr.

Nothing here loads a spaCy pipeline; the functions only read the arrays of Docs they are given.

:func:`as_docs` is the **one** doc-id scheme of the package: a mapping keeps its keys (a
:class:`~discourse.nlp.ParsedCorpus` its corpus ids), one Doc is ``"doc1"``, a sequence of Docs is
``"doc1"``, ``"doc2"`` ... (zero-padded to the same width, so that ids sort in order). Every
table - mentions, frames, topics, key terms - names documents this way, so tables from the same
Docs join on ``doc_id``.
"""

from __future__ import annotations

import re
import sys
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import DiscourseError, PipelineError

if TYPE_CHECKING:
    import pandas as pd
    from spacy.tokens import Doc, Span

__all__ = [
    "SENTENCES_KEY",
    "Sent",
    "as_docs",
    "distinct_pairs",
    "group_rows",
    "metadata_of",
    "per_word",
    "doc_text",
    "document_stats",
    "paragraph_starts",
    "parsed_sentences",
    "progress",
    "progress_bar",
    "remember_text",
    "sentence_bounds",
    "sentence_starts",
    "sentence_table",
    "sentence_spans",
]

#: ``doc.user_data`` key of a sentence-mode parse (mode, sentence starts, parsed sentences).
SENTENCES_KEY = "discourse_sentences"


# --------------------------------------------------------------------------------------------
# documents


def as_docs(docs: Any, param: str = "docs", *, need_parse: bool = False) -> dict[str, Doc]:
    """Normalise the documents argument of a public function to ``{doc_id: Doc}``, in order.

    Parameters
    ----------
    docs : ParsedCorpus, Mapping[str, Doc], Doc or sequence of Doc
        A mapping keeps its keys (as strings); one Doc is ``"doc1"``; a sequence of Docs is
        ``"doc1"``, ``"doc2"`` ... zero-padded to one width ("doc01" ... "doc12").
    param : str, default "docs"
        The parameter's name, for error messages.
    need_parse : bool, default False
        Require a dependency parse (or a sentence-mode parse) in every non-empty Doc.

    Raises
    ------
    DiscourseError
        When ``docs`` is empty or holds something that is not a spaCy Doc.
    PipelineError
        With ``need_parse``, for a Doc without a dependency parse.
    """
    from spacy.tokens import Doc as SpacyDoc

    if isinstance(docs, SpacyDoc):
        out = {"doc1": docs}
    elif isinstance(docs, Mapping):
        out = {str(k): v for k, v in docs.items()}
    elif isinstance(docs, Iterable) and not isinstance(docs, str | bytes):
        items = list(docs)
        width = len(str(len(items)))
        out = {f"doc{i + 1:0{width}d}": d for i, d in enumerate(items)}
    else:
        raise DiscourseError(f"{param} must be a ParsedCorpus, a mapping doc_id -> spaCy Doc, a Doc or Docs, not {type(docs).__name__}")
    if not out:
        raise DiscourseError(f"{param} is empty; parse at least one document")
    for doc_id, doc in out.items():
        if not isinstance(doc, SpacyDoc):
            raise DiscourseError(f"{param}[{doc_id!r}] is a {type(doc).__name__}, not a spaCy Doc; pass parsed documents (discourse.parse)")
        if need_parse and len(doc) and not doc.has_annotation("DEP") and SENTENCES_KEY not in doc.user_data:
            raise PipelineError(f"{param}[{doc_id!r}] has no dependency parse; parse with discourse.parse (or a pipeline with a 'parser')")
    return out


def metadata_of(docs: Any) -> pd.DataFrame | None:
    """The metadata table (``doc_id`` + covariates) of a ParsedCorpus; None for plain Docs."""
    meta = getattr(docs, "metadata", None)
    return meta() if callable(meta) else None


def parsed_sentences(doc: Doc) -> dict[str, Any] | None:
    """What a sentence-mode parse did to ``doc``: ``None`` for a full parse, else a dict with
    ``mode``, ``starts`` (first token of every sentence) and ``parsed`` (indexes of the sentences
    that went through the tagger and the parser)."""
    return doc.user_data.get(SENTENCES_KEY)


_DOC_TEXT: weakref.WeakKeyDictionary[Any, tuple[int, str]] = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, which spaCy joins token by token on every access, kept while the Doc lives."""
    hit = _DOC_TEXT.get(doc)
    if hit is None or hit[0] != len(doc):
        hit = _DOC_TEXT[doc] = (len(doc), doc.text)
    return hit[1]


def remember_text(doc: Doc, text: str) -> bool:
    """Tell :func:`doc_text` the text of ``doc`` when it is known already (the parsed corpus has
    it); kept only when it fits the Doc (its last token ends where the text ends). True if kept."""
    if len(doc):
        last = doc[-1]
        if last.idx + len(last.text_with_ws) != len(text) or not text.startswith(doc[0].text_with_ws):
            return False
    elif text:
        return False
    _DOC_TEXT[doc] = (len(doc), text)
    return True


# --------------------------------------------------------------------------------------------
# sentences


class Sent(NamedTuple):
    """Token and character bounds of a sentence (the fields of ``Span`` that units use)."""

    start: int
    end: int
    start_char: int
    end_char: int


def _plain_sents(doc: Doc) -> bool:
    return not len(doc) or "sents" in doc.user_hooks or not doc.has_annotation("SENT_START")


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``(start, end)`` token offsets of every sentence, in order (those of ``doc.sents``)."""
    import numpy as np
    from spacy.attrs import SENT_START

    if _plain_sents(doc):
        return [(s.start, s.end) for s in doc.sents]
    starts = np.flatnonzero(doc.to_array([SENT_START]).reshape(-1) == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return list(zip(starts, [*starts[1:], len(doc)], strict=True))


def sentence_spans(doc: Doc) -> list[Sent]:
    """Token and character bounds of ``list(doc.sents)``, read from token arrays."""
    import numpy as np
    from spacy.attrs import IDX, LENGTH, SENT_START

    if _plain_sents(doc):
        return [Sent(s.start, s.end, s.start_char, s.end_char) for s in doc.sents]
    arr = doc.to_array([IDX, LENGTH, SENT_START]).astype(np.int64)
    n = len(arr)
    starts = np.concatenate([[0], np.flatnonzero(arr[1:, 2] == 1) + 1])  # as Doc.sents
    ends = np.append(starts[1:], n)
    start_chars = arr[starts, 0]
    end_chars = arr[ends - 1, 0] + arr[ends - 1, 1]
    return [Sent(*row) for row in zip(starts.tolist(), ends.tolist(), start_chars.tolist(), end_chars.tolist(), strict=True)]


def sentence_starts(doc: Doc) -> list[int]:
    """``[s.start for s in doc.sents]``, from the sentence-start array."""
    import numpy as np
    from spacy.attrs import SENT_START

    if _plain_sents(doc):
        return [s.start for s in sentence_spans(doc)]
    flags = doc.to_array([SENT_START]).astype(np.int64).ravel()
    return [0, *(np.flatnonzero(flags[1:] == 1) + 1).tolist()]


def paragraph_starts(doc: Doc, sents: Sequence[Sent | Span], text: str | None = None) -> list[int]:
    """Indexes of sentences that open a paragraph (a blank line before them); ``text`` is ``doc.text``."""
    starts = [0]
    text = doc.text if text is None else text
    for i in range(1, len(sents)):
        prev = sents[i - 1]
        between = text[prev.start_char : sents[i].start_char]
        tail = between[len(between.rstrip()) :]
        if "\n\n" in tail.replace("\r", "") or "\n\n" in re.sub(r"[ \t]+", "", tail):
            starts.append(i)
    return starts


# --------------------------------------------------------------------------------------------
# token arrays


def group_rows(arr: Any) -> tuple[Any, Any]:
    """Equal rows of a 2-d integer array: ``(code per row, index of one row per code)``.

    Exact (no hashing); one 1-d sort per column, which is much faster than ``np.unique(axis=0)``.
    """
    import numpy as np

    code = np.zeros(len(arr), dtype=np.int64)
    for col in arr.T:
        values, inverse = np.unique(col, return_inverse=True)
        code = np.unique(code * len(values) + inverse.reshape(-1), return_inverse=True)[1].reshape(-1)
    _, first = np.unique(code, return_index=True)
    return code, first


def distinct_pairs(pairs: Any) -> tuple[list[int], list[int], Any]:
    """The distinct rows of an ``(n, 2)`` uint64 array as two lists, and each row's index into them."""
    codes, first = group_rows(pairs)
    return pairs[first, 0].tolist(), pairs[first, 1].tolist(), codes


def per_word(pairs: Any, strings: Any, value: Callable[[str, str], Any], memo: dict[tuple[int, int], Any], dtype: Any) -> Any:
    """``value(lower, lemma)`` for every row of an ``(n, 2)`` array of LOWER / LEMMA hashes,
    computed once per distinct pair (and kept in ``memo`` across documents)."""
    import numpy as np

    if not len(pairs):
        return np.zeros(0, dtype=dtype)
    lows, lems, inverse = distinct_pairs(pairs)
    values = np.empty(len(lows), dtype=dtype)
    for i, (low, lem) in enumerate(zip(lows, lems, strict=True)):
        val = memo.get((low, lem))
        if val is None:
            val = memo[(low, lem)] = value(strings[low], strings[lem] if lem else "")
        values[i] = val
    return values[inverse]


# --------------------------------------------------------------------------------------------
# size of parsed documents


def document_stats(docs: Any) -> pd.DataFrame:
    """Count paragraphs, sentences, tokens and words per document.

    Parameters
    ----------
    docs : ParsedCorpus, Mapping[str, Doc] or sequence of Doc
        Parsed documents (see :func:`as_docs`); a ParsedCorpus's metadata columns are joined on
        ``doc_id``.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, metadata columns, ``n_paragraphs`` (blocks separated by a blank line),
        ``n_sentences``, ``n_tokens`` (non-space tokens) and ``n_words`` (alphabetic tokens).
    """
    import numpy as np
    import pandas as pd
    from spacy.attrs import IS_ALPHA, IS_SPACE

    rows = []
    for doc_id, doc in as_docs(docs).items():
        paragraphs = sum(1 for block in doc_text(doc).split("\n\n") if block.strip())
        # token flags from arrays: no Token object per token
        flags = doc.to_array([IS_SPACE, IS_ALPHA]) if len(doc) else np.zeros((0, 2), dtype=np.uint64)
        solid = np.concatenate([[0], np.cumsum(flags[:, 0] == 0)])  # non-space tokens before i
        n_sents = sum(1 for b in sentence_spans(doc) if solid[b.end] > solid[b.start]) if len(doc) else 0
        rows.append(
            {
                "doc_id": doc_id,
                "n_paragraphs": paragraphs,
                "n_sentences": n_sents,
                "n_tokens": int(solid[-1]),
                "n_words": int(np.count_nonzero(flags[:, 1])),
            }
        )
    table = pd.DataFrame(rows, columns=["doc_id", "n_paragraphs", "n_sentences", "n_tokens", "n_words"])
    meta = metadata_of(docs)
    if meta is not None and len(meta.columns) > 1:
        table = meta.merge(table, on="doc_id", how="right")
    return table


def sentence_table(docs: Any) -> pd.DataFrame:
    """One row per sentence: ``doc_id``, ``sent_id`` (0-based index in ``doc.sents``),
    ``start_char``, ``end_char`` and ``text`` (stripped)."""
    import pandas as pd

    rows = []
    for doc_id, doc in as_docs(docs).items():
        text = doc_text(doc)
        for i, s in enumerate(sentence_spans(doc)):
            rows.append({"doc_id": doc_id, "sent_id": i, "start_char": s.start_char, "end_char": s.end_char, "text": text[s.start_char : s.end_char].strip()})
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "start_char", "end_char", "text"])


# --------------------------------------------------------------------------------------------
# progress on stderr


def progress(iterable: Iterable[Any], total: int, desc: str, enabled: bool, unit: str = "doc") -> Iterable[Any]:
    """``iterable`` with progress on stderr when ``enabled``: a tqdm bar in a terminal or a
    notebook, a plain line at every tenth of the work in a log."""
    if not enabled:
        return iterable
    if not _interactive():
        return _lines(iterable, _LineBar(total, desc, unit))
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, unit=unit, file=sys.stderr, leave=False)


def progress_bar(total: int, desc: str, enabled: bool, unit: str = "doc") -> Any:
    """A progress object to ``update(n)`` by hand (a no-op one when not ``enabled``)."""
    if not enabled:
        return _NoBar()
    if not _interactive():
        return _LineBar(total, desc, unit)
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False)


def _interactive() -> bool:
    """True when stderr is a terminal or a notebook shows it (tqdm bars then redraw in place)."""
    if type(sys.stderr).__module__.startswith("ipykernel"):  # a notebook's output stream
        return True
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


def _lines(iterable: Iterable[Any], bar: _LineBar) -> Iterator[Any]:
    for item in iterable:
        yield item
        bar.update(1)
    bar.close()


class _LineBar:
    """Progress for logs (a batch job's stderr): one plain line at every tenth of the work,
    instead of a bar redrawn with carriage returns."""

    def __init__(self, total: int, desc: str, unit: str) -> None:
        self.total, self.desc, self.unit = total, desc, unit
        self.done = 0
        self.shown = 0
        self.started = time.perf_counter()

    def update(self, n: int = 1) -> None:
        self.done += n
        tenth = self.done * 10 // self.total if self.total else 10
        if tenth > self.shown and self.done < self.total:
            self.shown = tenth
            secs = time.perf_counter() - self.started
            print(f"discourse: {self.desc}: {self.done:,}/{self.total:,} {self.unit}s ({secs:.0f} s)", file=sys.stderr, flush=True)

    def close(self) -> None:
        pass


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass
