"""One parsed Doc as bytes and back: the parse cache's entries and what Dask workers send.

:func:`doc_to_bytes` writes the message ``DocBin(store_user_data=True)`` writes for one Doc;
:func:`doc_from_bytes` reads it back; :func:`read_sentence_record` reads a sentence-mode parse's
record (see :data:`discourse.docs.SENTENCES_KEY`) without building the Doc.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..docs import SENTENCES_KEY

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["doc_from_bytes", "doc_to_bytes", "read_sentence_record", "restore_sentences"]


def read_sentence_record(data: bytes) -> dict[str, Any] | None:
    """The sentence record of a cache entry of a sentence-mode parse, read without building the
    Doc; None for a full parse."""
    user_data = _first_user_data(data)
    if not user_data or user_data[0] is None:
        return None
    record = _unpack(user_data[0], use_list=False).get(SENTENCES_KEY)
    return _record_lists(record) if record is not None else None


def _first_user_data(data: bytes) -> Any:
    """The ``user_data`` of a cache entry, read from the start of the message when it comes first
    (as :func:`_to_bytes` writes it): only that much is decompressed. Otherwise (an entry written
    by ``DocBin``) the whole message is read."""
    import zlib

    from srsly.msgpack._unpacker import Unpacker  # srsly's subclass rebuilds the hook on every call

    inflate = zlib.decompressobj()
    head = b""
    for size in (4096, 65536):
        head += inflate.decompress(data, size - len(head))
        data = inflate.unconsumed_tail
        unpacker = Unpacker(raw=False, object_hook=_msgpack_hook())
        unpacker.feed(head)
        try:
            unpacker.read_map_header()
            if unpacker.unpack() != "user_data":
                break
            return unpacker.unpack()
        except Exception:  # noqa: BLE001 - not enough of the message yet
            if not data:
                break
    return _unpack(head + inflate.decompress(data) + inflate.flush()).get("user_data")


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


@lru_cache(maxsize=1)
def _docbin_layout() -> tuple[tuple[int, ...], tuple[int, ...], int]:
    """``DocBin()``'s attribute columns; the positions of those whose strings it stores (text,
    tag, lemma, norm, label, entity type, entity KB id and id; morphology last); and the MORPH
    value of a token without morphology (spaCy's symbol ``_``, whose ``str(token.morph)`` is "")."""
    from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, ORTH, TAG
    from spacy.symbols import _ as empty_morph
    from spacy.tokens import DocBin

    attrs = tuple(DocBin().attrs)
    return attrs, tuple(attrs.index(a) for a in (ORTH, TAG, LEMMA, NORM, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID, MORPH)), int(empty_morph)


def doc_to_bytes(doc: Doc) -> bytes:
    """One Doc as ``DocBin(store_user_data=...)`` with it alone writes it (the same msgpack
    message), without the Python loop over tokens of ``DocBin.add``: the strings of the token
    columns are read from the distinct hashes. Compressed at zlib level 1 (``DocBin`` reads any
    level): a cache entry is written once per document, read on every run."""
    import zlib

    import numpy as np
    from spacy.attrs import SPACY

    attrs, string_cols, empty_morph = _docbin_layout()
    n = len(doc)
    tokens = doc.to_array(list(attrs)).reshape(n, len(attrs))
    spaces = np.asarray(doc.to_array(SPACY), dtype=bool).reshape(n, 1)
    store = doc.vocab.strings
    strings: set[str] = set()
    if n:
        strings = {store[h] for h in np.unique(tokens[:, list(string_cols[:-1])]).tolist()}
        strings |= {"" if h == empty_morph else store[h] for h in np.unique(tokens[:, string_cols[-1]]).tolist()}
    for group in doc.spans.values():
        for span in group:
            strings.add(span.label_)
            if span.kb_id in store:
                strings.add(span.kb_id_)
            if span.id in store:
                strings.add(span.id_)
    msg: dict[str, Any] = {}
    if SENTENCES_KEY in doc.user_data:
        # first in the message: the sentence record is read without unpacking the rest
        # (_CachedDoc.record); DocBin reads the message by its keys, in any order
        msg["user_data"] = [_pack(doc.user_data)]
    msg |= {
        "version": "0.1",
        "attrs": list(attrs),
        "tokens": tokens.tobytes("C"),
        "spaces": spaces.tobytes("C"),
        "lengths": np.asarray([n], dtype="int32").tobytes("C"),
        "strings": sorted(strings),
        "cats": [doc.cats],
        "flags": [{"has_unknown_spaces": doc.has_unknown_spaces}],
        "span_groups": [doc.spans.to_bytes()],
    }
    return zlib.compress(_pack(msg), 1)


@lru_cache(maxsize=2)
def _srsly_chain(kind: str) -> Any:
    """The object hook (``kind="decoders"``) or ``default`` encoder (``"encoders"``) that
    ``srsly.msgpack_loads`` / ``msgpack_dumps`` build on every call: they ask the ``catalogue``
    registry, which scans the installed packages' entry points (slow for many small files)."""
    import functools

    from srsly import msgpack

    registry = msgpack.msgpack_decoders if kind == "decoders" else msgpack.msgpack_encoders
    chain = None
    for function in registry.get_all().values():
        chain = functools.partial(function, chain=chain)
    return chain


def _msgpack_hook() -> Any:
    """The decoder chain of ``srsly.msgpack_loads``, built once."""
    return _srsly_chain("decoders")


def _pack(obj: Any) -> bytes:
    """``srsly.msgpack_dumps(obj)``, with the encoder chain built once."""
    from srsly.msgpack import _packer

    return _packer.Packer(default=_srsly_chain("encoders"), use_bin_type=True).pack(obj)


def _unpack(data: bytes, use_list: bool = True) -> Any:
    """msgpack of a cache entry (or of its user data), with the hook built once."""
    from srsly.msgpack import _unpackb

    return _unpackb(data, raw=False, use_list=use_list, object_hook=_msgpack_hook())


def _record_lists(record: Mapping[str, Any]) -> dict[str, Any]:
    """A sentence record as written (msgpack gives tuples back for lists)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in record.items()}


def doc_from_bytes(data: bytes, vocab: Any) -> Doc:
    """One cached Doc, as ``DocBin.from_bytes(data).get_docs(vocab)`` gives it, without
    spaCy's per-call overhead: the strings go into the string store (lexemes are made for the
    words only, as ``Doc`` does), the msgpack hook is built once."""
    import zlib

    import numpy as np
    from spacy.attrs import ORTH
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens._dict_proxies import SpanGroups

    try:
        msg = _unpack(zlib.decompress(data))
    except zlib.error as exc:
        raise ValueError("not a DocBin") from exc
    lengths = np.frombuffer(msg["lengths"], dtype="int32")
    if len(lengths) != 1:
        raise ValueError("expected one document")
    attrs = list(msg["attrs"])
    strings = vocab.strings
    for string in msg["strings"]:
        strings.add(string)
    tokens = np.frombuffer(msg["tokens"], dtype="uint64").reshape(-1, len(attrs))
    spaces = np.frombuffer(msg["spaces"], dtype=bool)
    flags = (msg.get("flags") or [{}])[0]
    doc = SpacyDoc(vocab, words=tokens[:, attrs.index(ORTH)], spaces=None if flags.get("has_unknown_spaces") else spaces.tolist())
    doc = doc.from_array(attrs, tokens)
    doc.cats = msg["cats"][0]
    groups = (msg.get("span_groups") or [b""])[0]
    if groups and groups != SpanGroups._EMPTY_BYTES:
        doc.spans.from_bytes(groups)
    user_data = msg.get("user_data")
    if user_data and user_data[0] is not None:
        doc.user_data.update(_unpack(user_data[0], use_list=False))
    return restore_sentences(doc)
