"""The annotator: one pipeline over documents, in the full mode or the sentence modes.

In the sentence modes only the tokenizer and the senter run over every text; tok2vec, the tagger,
the parser and the attribute_ruler run over the sentences a selector chooses (or every sentence),
each as a Doc of its own, then spaCy's lemmatizer once per word type over those rows. See
:func:`discourse.nlp.parse`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..docs import SENTENCES_KEY, sentence_bounds
from ..errors import PipelineError
from .accel import (
    FastAttributeRuler,
    LexicalLemmatizer,
    TypeLemmatizer,
    one_blas_thread,
)
from .components import CUT_KEY, MAX_SENTENCE_TOKENS, SENTENCE_CAP_COMPONENT
from .docbin import restore_sentences
from .pipeline import SENTENCE_COMPONENTS, load_pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["PARSE_MODES", "Annotator", "chunks", "drop_tensor", "shared_annotator"]

#: ``full``: every component over each text; ``selective``: tagger and parser only where the
#: frame analysis reads; ``sentences``: tagger and parser over every sentence, one at a time.
PARSE_MODES = ("full", "selective", "sentences")
#: The components a sentence-mode parse runs per selected sentence, in this order.
_SENTENCE_MODELS = ("tok2vec", "tagger", "parser")
#: Sentence Docs per call of a model (64 to 1024 timed the same on AllSides) ...
_SENTENCE_BATCH = 256
#: ... and at most this many tokens (the models' memory grows with the tokens of a call).
_BATCH_TOKENS = 16_384
#: Characters of text per ``nlp.pipe`` call (a batch of long chunks otherwise takes gigabytes).
_BATCH_CHARS = 200_000
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s+")


def chunks(text: str, max_chars: int) -> list[str]:
    """Cut a text into consecutive pieces of at most ``max_chars`` at paragraph (or sentence) ends."""
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(start + max_chars, n)
        if end < n:
            window = text[start:end]
            cut = window.rfind("\n\n")
            if cut <= 0:
                ends = [m.end() for m in _SENTENCE_END.finditer(window, max_chars // 4)]
                cut = ends[-1] if ends else window.rfind(" ")
            else:
                cut += 2
            if cut <= 0:
                cut = len(window)
            end = start + cut
        pieces.append(text[start:end])
        start = end
    return pieces


class Annotator:
    """Runs one pipeline over documents given as ``(doc_id, [text chunk, ...])`` (one process).

    Parameters
    ----------
    model : str or Path
        Pipeline folder or package.
    mode : str
        One of :data:`PARSE_MODES`.
    components : sequence of str
        Components for ``mode="full"`` (already resolved).
    selector : SentenceSelector, optional
        For ``mode="selective"``.
    accel : frozenset of str, default frozenset()
        The speed-ups to use (see :func:`discourse.nlp.accel.accelerations`).
    max_sentence_tokens : int, default MAX_SENTENCE_TOKENS
        The longest sentence the models and the rules see (see
        :class:`discourse.nlp.components.SentenceCap`).
    """

    def __init__(
        self,
        model: str | Path,
        mode: str,
        components: Sequence[str],
        selector: Any = None,
        accel: frozenset[str] = frozenset(),
        max_sentence_tokens: int = MAX_SENTENCE_TOKENS,
    ) -> None:
        self.mode = mode
        self.selector = selector
        self.accel = frozenset(accel)
        self.nlp = load_pipeline(model, components if mode == "full" else SENTENCE_COMPONENTS, max_sentence_tokens)
        self.light = list(self.nlp.pipe_names)  # what nlp.pipe runs over the texts
        self.cap: Any = None  # the sentence cap, when it runs after nlp.pipe (the sentence modes)
        self.models: list[Any] = []
        if mode != "full":
            try:
                self.lexical = LexicalLemmatizer(self.nlp.get_pipe("lemmatizer"))
                self.lemmatizer = TypeLemmatizer(self.nlp.get_pipe("lemmatizer"))
            except ValueError:
                raise PipelineError(f"mode {mode!r} needs a rule-based lemmatizer (its tables give every word a lemma); this pipeline's is not; use mode='full'") from None
            # the texts get the tokenizer and the senter only; tok2vec, the tagger, the parser
            # and the attribute_ruler run per selected sentence, the lemmatizer per word type
            # over the rows those annotated
            # the cap cuts the senter's sentences, after it (in the pipeline it comes first, for
            # the parser of the full mode)
            self.light = [n for n in self.nlp.pipe_names if n not in (*_SENTENCE_MODELS, "attribute_ruler", "lemmatizer", SENTENCE_CAP_COMPONENT)]
            self.cap = self.nlp.get_pipe(SENTENCE_CAP_COMPONENT)
            self.models = [self.nlp.get_pipe(n) for n in _SENTENCE_MODELS]
            self.ruler = self.nlp.get_pipe("attribute_ruler")
            self.fast_ruler: FastAttributeRuler | None = None
            if "attribute_ruler" in self.accel:
                try:
                    self.fast_ruler = FastAttributeRuler(self.ruler)
                except ValueError:  # patterns it does not handle: spaCy's ruler runs
                    pass

    def annotate(self, items: Iterable[tuple[str, Sequence[str]]], batch_size: int = 32) -> Iterator[tuple[str, Doc]]:
        """Yield ``(doc_id, Doc)`` in the order of ``items`` (documents as text chunks).

        The chunks go through ``nlp.pipe`` in batches of at most ``batch_size`` chunks and
        :data:`_BATCH_CHARS` characters (but for a single longer chunk), so that the models'
        memory stays bounded. A document whose sentences were cut carries the count in
        ``doc.user_data[CUT_KEY]``.
        """
        if self.mode == "full":
            yield from self._annotate(items, batch_size)
            return
        with one_blas_thread():
            yield from self._annotate(items, batch_size)

    def _annotate(self, items: Iterable[tuple[str, Sequence[str]]], batch_size: int) -> Iterator[tuple[str, Doc]]:
        from spacy.tokens import Doc as SpacyDoc

        counts: dict[str, int] = {}

        def texts() -> Iterator[tuple[str, str]]:
            for doc_id, chunks in items:
                counts[doc_id] = len(chunks)
                for chunk in chunks:
                    yield chunk, doc_id

        disable = [n for n in self.nlp.pipe_names if n not in self.light]
        pieces: dict[str, list[Doc]] = {}
        batch: list[tuple[str, Doc]] = []
        for group in _text_batches(texts(), batch_size, _BATCH_CHARS):
            for sdoc, owner in self.nlp.pipe(group, as_tuples=True, batch_size=len(group), disable=disable):
                if self.cap is not None:
                    self.cap(sdoc)
                pieces.setdefault(owner, []).append(drop_tensor(sdoc))
                if len(pieces[owner]) < counts[owner]:
                    continue
                parts = pieces.pop(owner)
                doc = parts[0] if len(parts) == 1 else SpacyDoc.from_docs(parts, ensure_whitespace=False)
                cut = sum(part.user_data.get(CUT_KEY, 0) for part in parts)
                if cut:
                    doc.user_data[CUT_KEY] = cut
                if self.mode == "full":
                    yield owner, doc
                    continue
                batch.append((owner, doc))
                if len(batch) >= batch_size:
                    yield from self._sentences(batch)
                    batch = []
        if batch:
            yield from self._sentences(batch)

    # ----------------------------------------------------------------------------------------
    def _sentences(self, batch: list[tuple[str, Doc]]) -> Iterator[tuple[str, Doc]]:
        import numpy as np
        from spacy.attrs import LEMMA, LOWER, NORM, ORTH, SENT_START

        docs = [doc for _, doc in batch]
        bounds = [sentence_bounds(doc) for doc in docs]
        saved = [doc.to_array([SENT_START]) for doc in docs]
        for doc, b in zip(docs, bounds, strict=True):
            # every token gets its lexical lemma (LEMMA until its sentence is parsed, and NORM);
            # a sentence's first word is read in lower case (capitals there do not make a name)
            lemmas = None
            if len(doc):
                forms = doc.to_array([ORTH, LOWER])
                first = np.array([a for a, _ in b], dtype=np.int64)
                forms[first, 0] = forms[first, 1]
                lemmas = self.lexical.hashes(forms[:, 0])
            if lemmas is not None:
                doc.from_array([LEMMA, NORM], np.stack([lemmas, lemmas], axis=1))
        if self.mode == "sentences":
            first: list[frozenset[int]] = [frozenset(range(len(b))) for b in bounds]
            flags: list[Any] = [None] * len(docs)
        else:
            flags = [self.selector.token_flags(doc) for doc in docs]
            first = [self.selector.round_one(doc, b, f) for doc, b, f in zip(docs, bounds, flags, strict=True)]
        self._run(docs, bounds, saved, first)
        done = first
        if self.mode == "selective":
            second = [self.selector.round_two(doc, b, f, s) for doc, b, f, s in zip(docs, bounds, flags, first, strict=True)]
            self._run(docs, bounds, saved, second)
            done = [a | b for a, b in zip(first, second, strict=True)]
        self._lemmatize(docs, bounds, done)
        for (doc_id, doc), b, sel in zip(batch, bounds, done, strict=True):
            doc.user_data[SENTENCES_KEY] = {
                "mode": self.mode,
                "starts": [start for start, _ in b],
                "parsed": sorted(sel),
            }
            yield doc_id, drop_tensor(restore_sentences(doc))

    def _run(self, docs: list[Doc], bounds: list[list[tuple[int, int]]], saved: list[Any], selections: list[frozenset[int]]) -> None:
        """Tag and parse the selected sentences, each as a Doc of its own, and write the results back.

        A sentence Doc gets the words and a sentence start on its first token only (the parser
        keeps preset boundaries); tok2vec, the tagger, the parser and the attribute_ruler run
        over it, in batches of at most :data:`_SENTENCE_BATCH` Docs and :data:`_BATCH_TOKENS`
        tokens. Its tags, heads, labels, parts of speech, morphology and the lemmas the ruler
        set are copied into the document (the lemmatizer follows once all rounds are done:
        :meth:`_lemmatize`).
        """
        import numpy as np
        from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, SPACY, TAG
        from spacy.tokens import Doc as SpacyDoc

        jobs: list[tuple[int, int, Doc]] = []
        strings = self.nlp.vocab.strings
        for di, (doc, sel) in enumerate(zip(docs, selections, strict=True)):
            if not sel:
                continue
            arr = doc.to_array([ORTH, SPACY])
            words = [strings[o] for o in arr[:, 0].tolist()]
            spaces = arr[:, 1].astype(bool).tolist()
            for si in sorted(sel):
                start, end = bounds[di][si]
                sdoc = SpacyDoc(doc.vocab, words=words[start:end], spaces=spaces[start:end])
                starts = np.full((end - start, 1), -1, dtype=np.int64)
                starts[0] = 1
                sdoc.from_array([SENT_START], starts.astype(np.uint64))
                jobs.append((di, si, sdoc))
        attrs = [TAG, HEAD, DEP, POS, MORPH, LEMMA]
        rows: dict[int, list[tuple[int, Any]]] = {}
        for group in _batches([sdoc for _, _, sdoc in jobs], _SENTENCE_BATCH, _BATCH_TOKENS):
            for model in self.models:
                for _ in model.pipe(group, batch_size=len(group)):
                    pass
            if self.fast_ruler is not None:
                self.fast_ruler.pipe(group)
            else:
                for sdoc in group:
                    self.ruler(sdoc)
            for sdoc in group:
                drop_tensor(sdoc)
        for di, si, sdoc in jobs:
            rows.setdefault(di, []).append((si, sdoc.to_array(attrs)))
        for di, items in rows.items():
            doc = docs[di]
            full = doc.to_array(attrs)
            for si, values in items:
                start, end = bounds[di][si]
                full[start:end] = values
            doc.from_array(attrs, full)
            doc.from_array([SENT_START], saved[di])

    def _lemmatize(self, docs: list[Doc], bounds: list[list[tuple[int, int]]], done: list[frozenset[int]]) -> None:
        """Lemmatize each document's parsed rows once (the other tokens keep their lexical lemma)."""
        import numpy as np

        for di, doc in enumerate(docs):
            if not done[di]:
                continue
            rows = np.zeros(len(doc), dtype=bool)
            for si in done[di]:
                a, b = bounds[di][si]
                rows[a:b] = True
            self.lemmatizer(doc, rows=rows)


def _text_batches(texts: Iterable[tuple[str, str]], max_texts: int, max_chars: int) -> Iterator[list[tuple[str, str]]]:
    """Consecutive groups of at most ``max_texts`` ``(text, owner)`` pairs and (but for a single
    longer text) ``max_chars`` characters."""
    group: list[tuple[str, str]] = []
    chars = 0
    for item in texts:
        if group and (len(group) >= max_texts or chars + len(item[0]) > max_chars):
            yield group
            group, chars = [], 0
        group.append(item)
        chars += len(item[0])
    if group:
        yield group


def _batches(docs: list[Doc], max_docs: int, max_tokens: int) -> Iterator[list[Doc]]:
    """Consecutive groups of at most ``max_docs`` Docs and (but for a single longer Doc)
    ``max_tokens`` tokens."""
    group: list[Doc] = []
    tokens = 0
    for doc in docs:
        if group and (len(group) >= max_docs or tokens + len(doc) > max_tokens):
            yield group
            group, tokens = [], 0
        group.append(doc)
        tokens += len(doc)
    if group:
        yield group


def drop_tensor(doc: Doc) -> Doc:
    """Free the tok2vec output (384 bytes a token) once nothing needs it any more."""
    import numpy as np

    doc.tensor = np.zeros((0,), dtype="float32")
    return doc


@lru_cache(maxsize=2)
def shared_annotator(
    model: str | Path,
    mode: str,
    components: tuple[str, ...],
    selector: Any = None,
    accel: frozenset[str] = frozenset(),
    max_sentence_tokens: int = MAX_SENTENCE_TOKENS,
) -> Annotator:
    """An :class:`Annotator`, loaded once per process for the same arguments (loading a pipeline
    takes a second; a notebook or a worker parses many times)."""
    return Annotator(model, mode, components, selector, accel, max_sentence_tokens)
