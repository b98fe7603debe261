"""A throw-away local Neo4j server for benchmarks: free ports, a temporary data folder, stopped after;
and :class:`MemorySampler`, the peak memory of its ``java`` processes and of the machine while it works."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from _memory import status_mib

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def throwaway_server(data_dir: Path, *, heap: str = "2g", pagecache: str = "1g") -> Iterator:
    """A started ``Neo4jServer`` with its data in ``data_dir`` (jars from ``GRAPHKIT_NEO4J_HOME``)."""
    from graphkit.server import Neo4jServer, ServerConfig

    server = Neo4jServer(
        ServerConfig(
            home=Path(os.environ.get("GRAPHKIT_NEO4J_HOME", REPO / ".neo4j")),
            data_dir=data_dir,
            bolt_port=free_port(),
            http_port=free_port(),
            password="bench-password",
            heap=heap,
            pagecache=pagecache,
        )
    )
    server.start(timeout=180)
    try:
        yield server
    finally:
        server.stop()


def vm_hwm_mib(pid: int | str = "self") -> float | None:
    """Peak resident memory (VmHWM) of process ``pid`` in MiB; None when it is gone."""
    try:
        return status_mib("VmHWM", pid)
    except OSError:
        return None


def meminfo_mib(field: str) -> float:
    """One field of /proc/meminfo (MemAvailable, SwapFree, ...) in MiB."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


class MemorySampler:
    """Every 0.25 s: the peak resident memory (VmHWM) of each ``java`` process whose working folder is
    ``folder`` (the server JVMs and neo4j-admin's import tool both run there), and the lowest
    MemAvailable of the machine.

    >>> with MemorySampler(Path("/nonexistent")) as sampler:
    ...     pass
    >>> sampler.peak("server") is None
    True
    """

    def __init__(self, folder: Path) -> None:
        self.folder = str(folder.resolve())
        self.peaks: dict[int, tuple[str, float]] = {}
        self.lowest_available_mib = meminfo_mib("MemAvailable")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            self._sample()

    def _sample(self) -> None:
        self.lowest_available_mib = min(self.lowest_available_mib, meminfo_mib("MemAvailable"))
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if os.readlink(entry / "cwd") != self.folder:
                    continue
                role = "import" if b"AdminTool" in (entry / "cmdline").read_bytes() else "server"
            except OSError:
                continue
            peak = vm_hwm_mib(entry.name)
            if peak is not None:
                self.peaks[int(entry.name)] = (role, max(peak, self.peaks.get(int(entry.name), ("", 0.0))[1]))

    def peak(self, role: str) -> float | None:
        """The largest peak of the ``role`` ("server" or "import") processes seen, in MiB."""
        values = [mib for kind, mib in self.peaks.values() if kind == role]
        return max(values) if values else None
