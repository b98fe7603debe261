"""Class Data Sharing for the ``java`` processes graphkit starts: the server and Neo4j's admin tool.

A JVM spends much of its start loading, parsing and verifying classes (the server loads ~40,000:
every class of every plugin jar is opened to look for procedures). Java 17 can write the classes a
run loaded into a dynamic archive when it exits (``-XX:ArchiveClassesAtExit``) and map that
archive at the next start (``-XX:SharedArchiveFile``), which skips that work.

:class:`ClassArchive` is one such archive for one kind of run (``server``, ``admin-database``), in
``cds/`` beside the real ``lib/`` folder of the server's home (homes that link to the same jars
share it). Its file name holds a hash of what the JVM checks before it maps an archive: the ``java``
runtime, the classpath's jars (paths, sizes, modification times) and the flags, so new jars or
a new Java give a new archive and never a refused one. While no archive exists, the first run
claims the writing of one (a claim file holding the run's pid; later runs start plainly until it is
done); the JVM writes it into a temporary file when it exits, and :func:`settle_archives` moves it
into place once that JVM ended normally and a ``java -Xshare:on`` run mapped it (a killed run's file
is thrown away). A JVM that cannot use an archive (stale, other jars) says so on its console and
runs on without it (``-Xshare:auto``, Java's default), but a truncated archive makes Java 17 crash
(SIGBUS) as it maps it: that is why only checked archives are moved into place, and why the callers
start again without the archive (and remove it) when a run that used one crashes.

Examples
--------
>>> archive = ClassArchive.for_command("server", ["java", "-cp", "/nonexistent/lib/*", "Main"])
>>> archive is None  # no lib/ folder, nowhere to keep an archive
True
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from graphkit.server._private import alive

__all__ = ["ClassArchive", "settle_archives"]

FOLDER = "cds"
"""Beside the real ``lib/`` of a server's home."""


class ClassArchive:
    """The dynamic class archive of one kind of ``java`` run, keyed by what the JVM checks."""

    def __init__(self, path: Path, java: list[str]) -> None:
        self.path = path
        self.java = java  # the command up to its main class, which checks an archive

    @property
    def folder(self) -> Path:
        return self.path.parent

    @classmethod
    def for_command(cls, kind: str, command: list[str]) -> ClassArchive | None:
        """The archive for ``command`` (``java -cp CLASSPATH flags... MainClass args...``), or None when
        its ``lib/`` folder has no writable place beside it."""
        main = next(i for i, word in enumerate(command)
                    if i > 0 and not word.startswith("-") and command[i - 1] != "-cp")
        classpath = command[command.index("-cp") + 1]
        flags = [word for word in command[1:main] if word.startswith("-") and word != "-cp"]
        entries = classpath.split(":")
        libs = [Path(entry[:-2]) for entry in entries
                if entry.endswith("lib/*") and Path(entry[:-2]).is_dir()]
        java = shutil.which(command[0])
        if not libs or java is None:
            return None
        folder = libs[0].parent / FOLDER
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            return None
        if not os.access(folder, os.W_OK):
            return None
        runtime = os.path.realpath(java)
        digest = hashlib.sha256()
        for path in (runtime, str(Path(runtime).parents[1] / "lib" / "modules"),  # the runtime's own classes
                     *(jar for entry in entries for jar in _expand(entry))):
            digest.update(f"{path}\0{_stamp(path)}\0".encode())
        flags = [flag for flag in flags if not flag.startswith(("-Xms", "-Xmx"))]  # sizes change, not classes
        digest.update("\0".join(flags).encode())
        check = [java, "-cp", classpath, *flags]
        return cls(folder / f"{kind}-{digest.hexdigest()[:16]}.jsa", check)

    def flags(self) -> list[str]:
        """The JVM flags of the next run: use the archive, or write it at exit if nobody else does.

        Call :meth:`bind` with the JVM's pid right after starting it.
        """
        if self.path.is_file():
            return [f"-XX:SharedArchiveFile={self.path}"]
        claim = self._claim()
        # -Xlog: without it, writing the archive prints a warning per class it leaves out (hundreds)
        return [] if claim is None else [f"-XX:ArchiveClassesAtExit={claim}", "-Xlog:cds=error"]

    def bind(self, pid: int, flags: list[str]) -> None:
        """Record that the JVM ``pid`` writes the archive (when ``flags`` say it does)."""
        claim = _read_claim(self._claim_file)
        if claim is not None and any(flag.startswith("-XX:ArchiveClassesAtExit=") for flag in flags):
            _write_claim(self._claim_file, {**claim, "pid": pid})

    def discard(self) -> None:
        """Remove the archive (e.g. after a start that failed while using it)."""
        self.path.unlink(missing_ok=True)

    @property
    def _claim_file(self) -> Path:
        return self.path.with_suffix(".claim")

    def _claim(self) -> str | None:
        """A temporary file for the JVM to write the archive into, or None when another run writes it."""
        claim = self._claim_file
        found = _read_claim(claim)
        if found is not None and alive(found["pid"]):
            return None
        if found is not None:  # its JVM ended without graphkit settling it: start over
            Path(found["archive"]).unlink(missing_ok=True)
            claim.unlink(missing_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{secrets.token_hex(4)}.tmp")
        try:
            descriptor = os.open(claim, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return None
        with os.fdopen(descriptor, "w") as handle:
            json.dump({"pid": os.getpid(), "archive": str(temporary), "java": self.java}, handle)
        return str(temporary)


def settle_archives(folder: Path, pid: int, *, clean_exit: bool) -> None:
    """After the JVM ``pid`` ended: move the archive it wrote into place (``clean_exit``) or drop it.

    An archive moved into place replaces older archives of the same kind (other jars, another Java).
    """
    for claim in folder.glob("*.claim") if folder.is_dir() else ():
        found = _read_claim(claim)
        if found is None or found["pid"] != pid:
            continue
        temporary, final = Path(found["archive"]), claim.with_suffix(".jsa")
        if clean_exit and temporary.is_file() and _maps(found["java"], temporary):
            kind = final.name.rsplit("-", 1)[0]
            for old in folder.glob(f"{kind}-*.jsa"):
                old.unlink(missing_ok=True)
            os.replace(temporary, final)
        else:
            temporary.unlink(missing_ok=True)
        claim.unlink(missing_ok=True)


def _maps(java: list[str], archive: Path) -> bool:
    """Whether ``java`` (the command up to its main class) maps ``archive`` and runs (``-Xshare:on``
    fails instead of running without it)."""
    check = [*java, "-Xshare:on", f"-XX:SharedArchiveFile={archive}", "-version"]
    # an environment of PATH only: nothing of graphkit's (its password) reaches the process; a
    # folder of its own for the error report (hs_err_pid*.log) a crash on a damaged archive writes
    with tempfile.TemporaryDirectory() as scratch:
        try:
            return subprocess.run(check, capture_output=True, check=False, timeout=60, cwd=scratch,
                                  env={"PATH": os.environ.get("PATH", "")}).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            return False


def _expand(entry: str) -> list[str]:
    """A classpath entry's jars (a ``dir/*`` entry: its jars, sorted)."""
    return sorted(glob.glob(entry[:-1] + "*.jar")) if entry.endswith("/*") else [entry]


def _stamp(path: str) -> str:
    try:
        status = os.stat(path)
    except OSError:
        return "missing"
    return f"{status.st_size}:{status.st_mtime_ns}"


def _read_claim(claim: Path) -> dict | None:
    """``{"pid", "archive", "java"}``: who writes the archive, where, and the command that checks it."""
    try:
        return json.loads(claim.read_text())
    except (OSError, ValueError):
        return None


def _write_claim(claim: Path, found: dict) -> None:
    descriptor = os.open(claim, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(found, handle)


