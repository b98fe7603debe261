"""The E-step of cascade fitting on a Dask cluster: blocks of events sent once, mapped per step.

A :class:`~graphkit.fit.slots.SlotExposures` cuts its events into blocks; the first E-step on a
client sends each block to one worker (round robin), later steps send only the slot
probabilities and cascade weights (to every worker, once per step) and get back each block's
credits and log-likelihood, which the caller adds in block order, as it does in process. A step's
own arrays travel as one task each (not scattered to every worker: a scatter to a worker that just
died would wait on it). A worker
that dies takes its blocks with it; they are sent again and the step repeated.

Examples
--------
>>> from graphkit import cluster
>>> from graphkit.fit.tie_model import fit_tie_model  # doctest: +SKIP
>>> with cluster.connect("local:2"):  # doctest: +SKIP
...     fit = fit_tie_model(graph, cascades, rng=3)  # the in-process fit, bit for bit
"""

from __future__ import annotations

import time
from concurrent.futures import CancelledError
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from graphkit.cluster._worker import kernel_threads

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from distributed import Client, Future

__all__ = ["map_blocks"]

_RETRIES = 4  # times a step is sent again after a worker holding blocks died
_SENT: WeakKeyDictionary[Any, tuple[str, list[tuple[Future, str]]]] = WeakKeyDictionary()


def _blocks_on(client: Client, exposures) -> list[tuple[Future, str]]:
    """``exposures``' event blocks on the workers, with the worker each was sent to."""
    sent = _SENT.get(exposures)
    if sent is None or sent[0] != client.id or any(future.status != "finished" for future, _ in sent[1]):
        workers = sorted(client.nthreads())
        blocks = exposures.event_blocks()
        placed = []
        for i, block in enumerate(blocks):
            home = workers[i % len(workers)]
            placed.append((client.scatter([block], workers=[home])[0], home))
        sent = (client.id, placed)
        _SENT[exposures] = sent
    return sent[1]


def _identity(value):
    """``value``, as a task: sent once with the step, kept (and made again if lost) while it runs."""
    return value


def _on_block(function: Callable, block, *arguments):
    """``function(block, *arguments)`` with this worker's numba threads, one kernel at a time."""
    with kernel_threads():
        return function(block, *arguments)


def map_blocks(client: Client, exposures, function: Callable, *arguments) -> list:
    """``[function(block, *arguments) for block in exposures.event_blocks()]``, each where its block is.

    Blocks are sent data (Dask cannot recompute them): if a worker holding some dies, they are
    sent again to the workers left and the step runs again, giving the same result.
    """
    from distributed.comm import CommClosedError

    attempt = 0
    while True:
        try:
            remote = [client.submit(_identity, value, pure=False) for value in arguments]  # this step's only
            futures = [
                client.submit(_on_block, function, block, *remote, workers=[home], allow_other_workers=True,
                              pure=False)
                for block, home in _blocks_on(client, exposures)
            ]
            return client.gather(futures)
        except (CancelledError, CommClosedError, OSError):
            _SENT.pop(exposures, None)
            attempt += 1
            if attempt > _RETRIES:
                raise
            time.sleep(0.5 * 2**attempt)  # until the scheduler has let go of the dead worker
