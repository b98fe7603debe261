"""One writer at a time in a store folder: an advisory ``flock`` on ``<folder>/graphkit.lock``.

The lock belongs to an open file description, so the kernel releases it when its holder exits,
however it exits (kill -9 included): a stale lock cannot outlive its process. The holder writes
who it is (pid, command, since when) into the file, so a writer that has to wait can say for whom.
Readers never take the lock. ``flock`` needs a local file system (not NFS).

Examples
--------
>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> with FolderLock(folder).hold():
...     FolderLock(folder).holder()["pid"] == os.getpid()
True
>>> with FolderLock(folder).hold(), FolderLock(folder).hold(wait=False):
...     pass
Traceback (most recent call last):
...
graphkit.errors.StoreBusyError: another graphkit process (pid ...) is writing to the store at ...
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from graphkit.errors import StoreBusyError, StoreUnavailableError

__all__ = ["LOCK_FILE", "FolderLock", "WaitNotice"]

LOCK_FILE = "graphkit.lock"

WaitNotice = Callable[[str], None]
"""Called with one line for people when a writer starts waiting, and again when it got the lock."""


class FolderLock:
    """The write lock of one store folder (the folder is created when the lock is first taken)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / LOCK_FILE

    def holder(self) -> dict:
        """What the current (or last) holder wrote: ``pid``, ``command``, ``since`` (may be empty)."""
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}

    @contextmanager
    def hold(self, *, wait: bool = True, notice: WaitNotice | None = None) -> Iterator[None]:
        """Hold the lock for the ``with`` block.

        Parameters
        ----------
        wait : bool, default True
            When another process holds it: wait (calling ``notice`` with who), or raise.
        notice : callable, optional
            Told, in one line each, that the writer waits and when it got the lock.

        Raises
        ------
        StoreBusyError
            ``wait=False`` and another process holds the lock.
        StoreUnavailableError
            The folder or the lock file cannot be created or opened.
        """
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise StoreUnavailableError(f"cannot lock the store at {self.folder}: {error}") from error
        try:
            self._acquire(descriptor, wait, notice)
            _describe_holder(descriptor)
            yield
        finally:
            os.close(descriptor)  # closing the only descriptor releases the flock

    def _acquire(self, descriptor: int, wait: bool, notice: WaitNotice | None) -> None:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        who = _who(self.holder())
        if not wait:
            raise StoreBusyError(
                f"another graphkit process ({who}) is writing to the store at {self.folder}; "
                "try again when it has finished, or leave out --no-wait to wait for it"
            )
        if notice is not None:
            notice(f"Waiting for another graphkit process ({who}) to finish writing to {self.folder} ...")
        started = time.monotonic()
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        if notice is not None:
            notice(f"... got the store after {time.monotonic() - started:.1f} s.")


def _describe_holder(descriptor: int) -> None:
    record = {
        "pid": os.getpid(),
        "command": " ".join([os.path.basename(sys.argv[0]), *sys.argv[1:2]]),  # never the options: no secrets
        "since": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, json.dumps(record).encode(), 0)


def _who(holder: dict) -> str:
    if not holder:
        return "pid unknown"
    return f"pid {holder.get('pid')}, {holder.get('command') or 'graphkit'}, since {holder.get('since')}"
