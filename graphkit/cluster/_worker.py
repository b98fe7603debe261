"""What a task knows about the worker it runs on: its threads, one numba kernel at a time, and
kernels sent by name.

A worker runs tasks on several threads; numba's parallel kernels must not run concurrently in one
process (its default threading layer is not thread-safe), so tasks that call them take
:func:`kernel_threads`, which holds a process-wide lock and sets numba to the worker's threads.

A numba kernel pickles by value: on a worker it becomes a new dispatcher with nothing compiled,
which compiles again in every task that receives it (seconds each). :class:`ByName` sends a
module's kernel as its module and name instead, so the worker calls its own module's kernel,
compiled (or loaded from numba's cache) once per process.

Examples
--------
>>> with kernel_threads() as threads:  # outside a worker: all of numba's threads
...     threads >= 1
True
>>> import pickle
>>> from graphkit.diffusion._rr import invert_rr_sets
>>> pickle.loads(pickle.dumps(ByName(invert_rr_sets))).function is invert_rr_sets
True
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["ByName", "kernel_threads"]

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


class ByName:
    """A module-level function (a numba kernel) that travels to workers as its module and name."""

    def __init__(self, function: Callable) -> None:
        self.module, self.name = function.__module__, function.__name__

    @property
    def function(self) -> Callable:
        """The function itself, from this process's module."""
        return getattr(importlib.import_module(self.module), self.name)

    def __call__(self, *arguments):
        return self.function(*arguments)
