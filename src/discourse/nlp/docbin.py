"""One parsed Doc as bytes and back, with spaCy's ``DocBin``: the parse cache's entries and what
worker processes and Dask workers send.

:func:`doc_to_bytes` is ``DocBin.add`` + ``DocBin.to_bytes`` for one Doc (its ``user_data`` is
stored when it has any: the sentence record of a sentence-mode parse, see
:data:`discourse.docs.SENTENCES_KEY`); :func:`doc_from_bytes` is ``DocBin.from_bytes`` +
``get_docs``, after which the sentence starts of a sentence-mode parse are put back
(:func:`restore_sentences`). The sentence record is also written next to each cache entry as a
small JSON file (:func:`sentence_record_json`), so that counting sentences needs no Doc.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..docs import SENTENCES_KEY

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["doc_from_bytes", "doc_to_bytes", "read_sentence_record", "restore_sentences", "sentence_record_json"]


def doc_to_bytes(doc: Doc) -> bytes:
    """One Doc as ``DocBin`` bytes (with its ``user_data`` when it has any)."""
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=bool(doc.user_data))
    docbin.add(doc)
    return docbin.to_bytes()


def doc_from_bytes(data: bytes, vocab: Any) -> Doc:
    """The Doc of :func:`doc_to_bytes` bytes (``DocBin.from_bytes(data).get_docs(vocab)``), with
    the sentence starts of a sentence-mode parse put back.

    Raises
    ------
    ValueError
        If ``data`` is not a DocBin of exactly one Doc.
    """
    from spacy.tokens import DocBin

    docs = list(DocBin(store_user_data=True).from_bytes(data).get_docs(vocab))
    if len(docs) != 1:
        raise ValueError(f"expected a DocBin of one document, not {len(docs)}")
    return restore_sentences(docs[0])


def sentence_record_json(doc: Doc) -> bytes | None:
    """The sentence record of a sentence-mode parse as JSON (the cache's sidecar); None for a
    full parse."""
    record = doc.user_data.get(SENTENCES_KEY)
    if record is None:
        return None
    return json.dumps(_record_lists(record), separators=(",", ":")).encode("utf-8")


def read_sentence_record(data: bytes) -> dict[str, Any]:
    """A sentence record from its JSON sidecar.

    Raises
    ------
    ValueError
        If ``data`` is not a sentence record (``mode``, ``starts`` and ``parsed``).
    """
    record = json.loads(data)
    if not isinstance(record, dict) or not all(isinstance(record.get(k), list) for k in ("starts", "parsed")):
        raise ValueError("not a sentence record")
    return record


def restore_sentences(doc: Doc) -> Doc:
    """Put the senter's sentence starts back (setting heads re-derives them from the trees)."""
    record = doc.user_data.get(SENTENCES_KEY)
    if record is None:
        return doc
    record = doc.user_data[SENTENCES_KEY] = _record_lists(record)
    if not len(doc):
        return doc
    import numpy as np
    from spacy.attrs import SENT_START

    _plain_edges(doc)
    starts = np.full(len(doc), -1, dtype=np.int64)
    starts[np.asarray(record["starts"], dtype=np.int64)] = 1
    doc.from_array([SENT_START], starts.astype(np.uint64).reshape(-1, 1))
    return doc


def _plain_edges(doc: Doc) -> None:
    """Give a Doc without any dependency annotation valid subtree edges (each token its own).

    spaCy sets a token's left and right edge only when heads are set; before that they point one
    token further, which ``token.children`` follows out of the document. A sentence-mode parse
    in which no sentence was parsed is read by the mention rules, so it gets proper edges: set
    one label (which computes the edges of every token), then take it away again.
    """
    if not len(doc) or doc.has_annotation("DEP"):
        return
    import numpy as np
    from spacy.attrs import DEP, HEAD

    arr = np.zeros((len(doc), 2), dtype=np.uint64)
    arr[0, 1] = doc.vocab.strings.add("dep")
    doc.from_array([HEAD, DEP], arr)
    doc.from_array([DEP], arr[:, 1:] * 0)


def _record_lists(record: Mapping[str, Any]) -> dict[str, Any]:
    """A sentence record as written (msgpack gives tuples back for lists)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in record.items()}
