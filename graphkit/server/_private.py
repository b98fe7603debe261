"""Keep the local server's secrets to its owner: a clean environment, owner-only files and folders.

* :func:`clean_environment` is what the ``java`` and ``mvn`` processes get: graphkit's own
  variables (``GRAPHKIT_NEO4J_PASSWORD`` ...) and anything holding a given secret are left out,
  because ``/proc/PID/environ`` of a process lives as long as the process;
* :data:`UMASK` makes what those processes create owner-only (0700 folders, 0600 files);
* :func:`make_private` and :func:`write_private` do the same for what graphkit creates, and
  tighten a folder made before (under umask 022) on the next start;
* :func:`alive` tells whether a process graphkit started or recorded (the server, a class-archive
  writer) still runs.

Examples
--------
>>> import os
>>> environment = clean_environment(os.environ["PATH"], NEO4J_HOME="/opt/neo4j")
>>> "PATH" in environment, environment["NEO4J_HOME"]
(False, '/opt/neo4j')
>>> oct(UMASK)
'0o77'
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["UMASK", "alive", "clean_environment", "make_private", "write_private"]

UMASK = 0o077
"""The umask of the server's processes: nobody but the owner reads what they write."""


def clean_environment(*secrets: str | None, **extra: str) -> dict[str, str]:
    """``os.environ`` without ``GRAPHKIT_*`` variables and variables holding one of ``secrets``, plus ``extra``."""
    given = [secret for secret in secrets if secret]
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("GRAPHKIT_") and not any(secret in value for secret in given)
    }
    return {**environment, **extra}


def make_private(folder: Path) -> None:
    """Create ``folder`` if needed; make it and everything below it owner-only (0700 / 0600).

    Symbolic links are not followed (a test home links ``lib/`` to shared jars).
    """
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    for root, folders, names in os.walk(folder):
        for name in folders:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                os.chmod(path, 0o700)
        for name in names:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                os.chmod(path, 0o600)


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, readable by its owner only from the moment it exists."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie child of ours counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child counts as gone
        return os.waitpid(pid, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return True
