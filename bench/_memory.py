"""Memory readings for the benchmarks, from /proc/<pid>/status.

``peak_mib`` is VmHWM, the process's peak resident size: unlike ``ru_maxrss`` it is not carried
over from the parent by a spawned child (a Dask worker, a benchmark's child process), so each
process reports its own. ``RssPoller`` keeps the highest VmRSS seen while a block runs, for the
peak of one step of a longer process.

    >>> from _memory import RssPoller, rss_mib
    >>> with RssPoller() as poller:
    ...     block = bytearray(50 * 2**20)
    >>> poller.peak >= rss_mib() - 1
    True
"""

from __future__ import annotations

import threading

__all__ = ["RssPoller", "peak_mib", "rss_mib", "status_mib"]


def status_mib(field: str, pid: int | str = "self") -> float:
    """``field`` ("VmHWM", "VmRSS", ...) of process ``pid`` in MiB; NaN when absent."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_mib() -> float:
    """This process's peak resident size (VmHWM)."""
    return status_mib("VmHWM")


def rss_mib() -> float:
    """This process's resident size now (VmRSS)."""
    return status_mib("VmRSS")


class RssPoller:
    """Highest VmRSS seen while the block runs (polled every 5 ms)."""

    def __enter__(self) -> RssPoller:
        self.peak = rss_mib()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()
        return self

    def _poll(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, rss_mib())

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mib())
