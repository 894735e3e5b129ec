"""Run parsing and frame labelling on a Dask distributed cluster, sharded by document.

Optional: needs ``pip install 'discourse[dask]'``. Every worker must have discourse and the same
spaCy pipeline installed (same versions: the cache key includes the pipeline version). Workers
load the pipeline once per process and return parsed documents as ``DocBin`` bytes; the client
writes the cache, so results are identical to a local run. Labelling
(:func:`discourse.frames.frame_analysis` with ``scheduler=``) ships documents as ``DocBin``
bytes and gets back the rows of the mention, evidence and sentence tables, which the client
puts together in corpus order.

Typical use::

    from dask.distributed import Client
    client = Client("tcp://scheduler:8786")
    parsed = discourse.parse(corpus, scheduler=client)          # or scheduler="tcp://scheduler:8786"

or ``discourse analyze CORPUS --out DIR --scheduler tcp://scheduler:8786``. ``scheduler="local"``
starts a ``LocalCluster`` on 127.0.0.1 (one single-threaded worker per core).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from .errors import PipelineError

__all__ = ["dask_client", "label_shards", "parse_shards"]


@contextmanager
def dask_client(scheduler: Any) -> Iterator[Any]:
    """Yield a ``dask.distributed.Client`` for ``scheduler``.

    Parameters
    ----------
    scheduler : str or Client
        A ``Client`` (used as is and left open), a scheduler address such as
        ``"tcp://10.0.0.5:8786"``, or ``"local"`` for a LocalCluster on 127.0.0.1.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise PipelineError("scheduler: Dask is not installed; pip install 'discourse[dask]'") from None
    if isinstance(scheduler, Client):
        yield scheduler
        return
    if not isinstance(scheduler, str) or not scheduler:
        raise PipelineError(f"scheduler must be a dask Client, an address like tcp://HOST:8786, or 'local', not {scheduler!r}")
    if scheduler == "local":
        import os

        with (
            LocalCluster(n_workers=max(1, os.cpu_count() or 1), threads_per_worker=1, host="127.0.0.1", dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(scheduler, timeout="20s")
    except OSError as exc:
        raise PipelineError(f"scheduler: cannot reach Dask scheduler at {scheduler} ({exc}); check the address and that it is running") from None
    try:
        yield client
    finally:
        client.close()


@lru_cache(maxsize=4)
def _worker_annotator(model: str, mode: str, components: tuple[str, ...], selector: Any) -> Any:
    from .parsing import _Annotator

    return _Annotator(model, mode, components, selector)


def _parse_shard(
    items: Sequence[tuple[str, list[str]]],
    model: str,
    components: tuple[str, ...],
    pipe_batch_size: int,
    mode: str = "full",
    selector: Any = None,
) -> list[tuple[str, bytes]]:
    """Parse one shard on a worker: ``[(doc_id, [chunk, ...]), ...] -> [(doc_id, DocBin bytes)]``."""
    from .parsing import _to_bytes

    annotator = _worker_annotator(model, mode, components, selector)
    longest = max((len(c) for _, chunks in items for c in chunks), default=0)
    annotator.nlp.max_length = max(annotator.nlp.max_length, longest + 10)
    return [(doc_id, _to_bytes(doc)) for doc_id, doc in annotator.annotate(items, pipe_batch_size)]


def parse_shards(
    client: Any,
    items: Sequence[tuple[str, list[str]]],
    *,
    model: str,
    components: Sequence[str],
    batch_size: int = 32,
    shard_size: int = 64,
    mode: str = "full",
    selector: Any = None,
) -> Iterator[tuple[str, bytes]]:
    """Parse documents on a Dask cluster and yield ``(doc_id, DocBin bytes)`` as shards finish.

    Parameters
    ----------
    client : dask.distributed.Client
    items : sequence of (doc_id, list of text chunks)
    model : str
        Pipeline path or package name, resolvable on every worker.
    components : sequence of str
        Components to run (already resolved, dependencies included).
    batch_size : int
        ``nlp.pipe`` batch size on each worker.
    shard_size : int
        Documents per task.
    mode : str
        Parse mode (see :func:`discourse.parsing.parse`).
    selector : SentenceSelector, optional
        For ``mode="selective"`` (sent to the workers with the task).
    """
    from dask.distributed import as_completed

    shards = [list(items[i : i + shard_size]) for i in range(0, len(items), shard_size)]
    futures = client.map(
        _parse_shard,
        shards,
        model=model,
        components=tuple(components),
        pipe_batch_size=batch_size,
        mode=mode,
        selector=selector,
        pure=False,
    )
    for future in as_completed(futures):
        yield from future.result()


@lru_cache(maxsize=4)
def _blank_vocab(lang: str) -> Any:
    import spacy

    return spacy.blank(lang).vocab


def _label_shard(shard: Sequence[tuple[str, bytes]], lang: str, codebook: Any, lexicon: Any) -> tuple[list[Any], list[Any], list[Any]]:
    """Label one shard on a worker: DocBin bytes in, the rows of :func:`discourse.frames.frame_analysis` out."""
    from .frames import _analysis_rows
    from .parsing import _from_bytes

    vocab = _blank_vocab(lang)
    pairs = [(doc_id, _from_bytes(data, vocab)) for doc_id, data in shard]
    return _analysis_rows(pairs, codebook, lexicon)


def label_shards(
    client: Any,
    pairs: Sequence[tuple[str, Any]],
    codebook: Any,
    lexicon: Any,
    *,
    shard_size: int = 64,
    in_flight: int = 0,
    progress: bool = False,
) -> tuple[list[Any], list[Any], list[Any]]:
    """Find mentions and label frames on a Dask cluster, sharded by document.

    Parameters
    ----------
    client : dask.distributed.Client
    pairs : sequence of (doc_id, Doc)
    codebook : Codebook
    lexicon : Lexicon
    shard_size : int
        Documents per task.
    in_flight : int
        Most tasks submitted at once (default: two per worker thread), so that only those
        documents are serialised at a time.
    progress : bool
        Show a progress bar (shards) on stderr.

    Returns
    -------
    tuple of lists
        Mention, evidence and sentence rows, in the order of ``pairs`` (as a local run gives them).
    """
    from dask.distributed import wait

    from .parsing import _progress, _to_bytes

    if not pairs:
        return [], [], []
    lang = pairs[0][1].lang_
    limit = in_flight or max(2, 2 * sum(client.nthreads().values()))
    starts = list(range(0, len(pairs), shard_size))
    results: dict[int, tuple[list[Any], list[Any], list[Any]]] = {}
    pending: dict[Any, int] = {}
    queue = iter(starts)

    def submit(start: int) -> None:
        shard = [(doc_id, _to_bytes(doc)) for doc_id, doc in pairs[start : start + shard_size]]
        pending[client.submit(_label_shard, shard, lang, codebook, lexicon, pure=False)] = start

    for start in queue:
        submit(start)
        if len(pending) >= limit:
            break
    def finished() -> Iterator[int]:
        while pending:
            done, _ = wait(list(pending), return_when="FIRST_COMPLETED")
            for fut in done:
                start = pending.pop(fut)
                results[start] = fut.result()
                nxt = next(queue, None)
                if nxt is not None:
                    submit(nxt)
                yield start

    for _ in _progress(finished(), len(starts), f"frames (dask, {shard_size} documents a shard)", progress, unit="shard"):
        pass
    out: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
    for start in starts:
        for acc, part in zip(out, results[start], strict=True):
            acc.extend(part)
    return out
