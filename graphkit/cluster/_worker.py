"""What a task knows about the worker it runs on: its threads, and one numba kernel at a time.

A worker runs tasks on several threads; numba's parallel kernels must not run concurrently in one
process (its default threading layer is not thread-safe), so tasks that call them take
:func:`kernel_threads`, which holds a process-wide lock and sets numba to the worker's threads.

Examples
--------
>>> with kernel_threads() as threads:  # outside a worker: all of numba's threads
...     threads >= 1
True
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["kernel_threads"]

_ONE_KERNEL = threading.Lock()


@contextmanager
def kernel_threads() -> Iterator[int]:
    """Hold this process's kernel lock with numba set to the worker's thread count; yields it."""
    import numba

    try:
        from distributed import get_worker

        threads = get_worker().state.nthreads
    except (ImportError, ValueError):
        threads = numba.config.NUMBA_NUM_THREADS
    threads = max(1, min(threads, numba.config.NUMBA_NUM_THREADS))
    with _ONE_KERNEL:
        numba.set_num_threads(threads)
        yield threads
