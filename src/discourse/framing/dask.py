"""Mentions and frames on a Dask cluster, sharded by document (see :mod:`discourse.nlp.dask`
for the client and the parse).

Each task carries a shard of parsed Docs as bytes; the worker reads them, finds the mentions and
labels the frames, and returns the rows (without document ids, which the client joins on).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..docs import progress as show_progress
from ..nlp import doc_from_bytes, doc_to_bytes
from ..nlp.dask import dask_client
from .document import DocumentRows, label_document

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["label_shards"]


@lru_cache(maxsize=4)
def _blank_vocab(lang: str) -> Any:
    import spacy

    return spacy.blank(lang).vocab


def _label_shard(shard: Sequence[bytes], lang: str, codebook: Any, lexicon: Any) -> list[DocumentRows]:
    """Label one shard on a worker: DocBin bytes in, the rows of each document out (no ids)."""
    vocab = _blank_vocab(lang)
    return [label_document(doc_from_bytes(data, vocab), codebook, lexicon) for data in shard]


def label_shards(
    scheduler: Any,
    pairs: Sequence[tuple[str, Doc | Callable[[], Doc]]],
    codebook: Any,
    lexicon: Any,
    *,
    shard_size: int = 64,
    in_flight: int = 0,
    progress: bool = False,
) -> dict[str, DocumentRows]:
    """Find mentions and label frames on a Dask cluster, sharded by document.

    Parameters
    ----------
    scheduler : str or dask.distributed.Client
        A client, a scheduler address or ``"local"`` (see :func:`discourse.nlp.dask.dask_client`).
    pairs : sequence of (doc_id, Doc or callable returning the Doc)
        A callable is called when its shard is sent, so that only the documents in flight are
        in memory.
    codebook : Codebook
    lexicon : Lexicon
    shard_size : int
        Documents per task.
    in_flight : int
        Most tasks submitted at once (default: two per worker thread).
    progress : bool
        Show progress (shards) on stderr.

    Returns
    -------
    dict
        ``doc_id -> DocumentRows`` (rows without ids; :func:`discourse.framing.frame_analysis`
        joins them on).
    """
    from dask.distributed import wait

    if not pairs:
        return {}
    out: dict[str, DocumentRows] = {}
    with dask_client(scheduler) as client:
        limit = in_flight or max(2, 2 * sum(client.nthreads().values()))
        starts = list(range(0, len(pairs), shard_size))
        pending: dict[Any, int] = {}
        queue = iter(starts)

        def submit(start: int) -> None:
            docs = [doc() if callable(doc) else doc for _, doc in pairs[start : start + shard_size]]
            shard = [doc_to_bytes(doc) for doc in docs]
            pending[client.submit(_label_shard, shard, docs[0].lang_, codebook, lexicon, pure=False)] = start

        for start in queue:
            submit(start)
            if len(pending) >= limit:
                break

        def finished() -> Iterator[int]:
            while pending:
                done, _ = wait(list(pending), return_when="FIRST_COMPLETED")
                for fut in done:
                    start = pending.pop(fut)
                    for (doc_id, _), rows in zip(pairs[start : start + shard_size], fut.result(), strict=True):
                        out[doc_id] = rows
                    nxt = next(queue, None)
                    if nxt is not None:
                        submit(nxt)
                    yield start

        for _ in show_progress(finished(), len(starts), f"frames (dask, {shard_size} documents a shard)", progress, unit="shard"):
            pass
    return {doc_id: out[doc_id] for doc_id, _ in pairs}
