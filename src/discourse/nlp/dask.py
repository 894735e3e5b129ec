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
from typing import Any

from ..errors import PipelineError
from .components import MAX_SENTENCE_TOKENS

__all__ = ["dask_client", "parse_shards"]


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


def _worker_annotator(model: str, mode: str, components: tuple[str, ...], selector: Any, accel: frozenset[str], max_sentence_tokens: int) -> Any:
    from .sentences import shared_annotator

    return shared_annotator(model, mode, components, selector, accel, max_sentence_tokens)


def _parse_shard(
    items: Sequence[tuple[str, list[str]]],
    model: str,
    components: tuple[str, ...],
    pipe_batch_size: int,
    mode: str = "full",
    selector: Any = None,
    accel: frozenset[str] = frozenset(),
    max_sentence_tokens: int = MAX_SENTENCE_TOKENS,
) -> list[tuple[str, bytes]]:
    """Parse one shard on a worker: ``[(doc_id, [chunk, ...]), ...] -> [(doc_id, DocBin bytes)]``."""
    from .docbin import doc_to_bytes

    annotator = _worker_annotator(model, mode, components, selector, frozenset(accel), max_sentence_tokens)
    longest = max((len(c) for _, chunks in items for c in chunks), default=0)
    annotator.nlp.max_length = max(annotator.nlp.max_length, longest + 10)
    return [(doc_id, doc_to_bytes(doc)) for doc_id, doc in annotator.annotate(items, pipe_batch_size)]


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
    accel: frozenset[str] = frozenset(),
    max_sentence_tokens: int = MAX_SENTENCE_TOKENS,
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
        Parse mode (see :func:`discourse.nlp.parse`).
    selector : SentenceSelector, optional
        For ``mode="selective"`` (sent to the workers with the task).
    accel : frozenset of str
        The speed-ups the workers use (see :func:`discourse.nlp.accel.accelerations`).
    max_sentence_tokens : int
        The longest sentence (see :func:`discourse.nlp.parse`).
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
        accel=frozenset(accel),
        max_sentence_tokens=max_sentence_tokens,
        pure=False,
    )
    for future in as_completed(futures):
        yield from future.result()
