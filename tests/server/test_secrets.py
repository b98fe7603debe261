"""The local server keeps its secret (issue 17): a fresh install and first start, watched from outside.

One server is installed and started for this module, through the CLI in a real process, with the
password in ``GRAPHKIT_NEO4J_PASSWORD`` (as the README says to give it). A thread reads the
command line and ``/proc/PID/environ`` of every process on the machine meanwhile. Then:

* no command line ever shows the password, and no environment but the graphkit process's own
  (where the test put it) holds it;
* the server's folders are owner-only (0700 folders, 0600 files) and its logs hold no password;
* ``neo4j start`` with a wrong password says so in one line at once, leaving a running server
  running and a stopped one stopped;
* a server killed with SIGKILL during a load is reported by the load within 10 s (last: it ends
  the server).
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time

import numpy as np
import pandas as pd
import pytest

from graphkit.errors import StoreUnavailableError
from graphkit.store import open_store
from tests.conftest import free_port

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

PASSWORD = "watch-me-if-you-can-17"
PRIVATE_FOLDERS = ("conf", "data", "logs", "run", "import")


class ProcessWatcher(threading.Thread):
    """Reads every process's command line and environment until stopped; keeps what mentions ``secret``."""

    def __init__(self, secret: str) -> None:
        super().__init__(daemon=True)
        self.secret = secret.encode()
        self.seen: set[bytes] = set()  # the command line of every process seen (a pid may exec another)
        self.leaks: list[tuple[int, str, bytes]] = []  # (pid, "cmdline"/"environ", command line)
        self.sweeps = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for entry in os.scandir("/proc"):
                if entry.name.isdigit():
                    self._look(int(entry.name))
            self.sweeps += 1

    def _look(self, pid: int) -> None:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read()
            with open(f"/proc/{pid}/environ", "rb") as handle:
                environment = handle.read()
        except OSError:  # the process ended meanwhile
            return
        self.seen.add(command)
        for kind, text in (("cmdline", command), ("environ", environment)):
            if self.secret in text:
                self.leaks.append((pid, kind, command))


def _graphkit(*arguments: str, password: str = PASSWORD) -> subprocess.Popen:
    environment = {**os.environ, "GRAPHKIT_NEO4J_PASSWORD": password, "GRAPHKIT_PROGRESS": "0"}
    command = [sys.executable, "-m", "graphkit.cli", *arguments]
    return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen, timeout: float = 300) -> tuple[int, str]:
    _, stderr = process.communicate(timeout=timeout)
    return process.returncode, stderr


@pytest.fixture(scope="module")
def first_start(tmp_path_factory):
    """(server arguments, home, watcher) of a server installed and started for the first time."""
    home = tmp_path_factory.mktemp("secret") / "neo4j-home"
    ports = ["--home", str(home), "--bolt-port", str(free_port()), "--http-port", str(free_port())]
    watcher = ProcessWatcher(PASSWORD)
    watcher.start()
    try:
        for command in (["neo4j", "install", "--home", str(home)], ["neo4j", "start", *ports]):
            code, stderr = _finish(_graphkit(*command))
            assert code == 0, stderr
    finally:
        watcher.done.set()
        watcher.join()
    try:
        yield ports, home, watcher
    finally:
        _finish(_graphkit("neo4j", "stop", *ports))


def test_no_process_shows_the_password_during_install_and_first_start(first_start):
    _, _, watcher = first_start
    commands = [command.replace(b"\0", b" ").decode(errors="replace") for command in watcher.seen]
    # The watcher saw the processes that matter: Maven, Neo4j's admin tool and the server.
    for tool in ("org.codehaus.plexus.classworlds", "org.neo4j.cli.AdminTool", "org.neo4j.server.CommunityEntryPoint"):
        assert any(tool in command for command in commands), f"no {tool} process seen in {watcher.sweeps} sweeps"
    leaks = [
        (pid, kind, command.replace(b"\0", b" ")[:200])
        for pid, kind, command in watcher.leaks
        # The test gave graphkit the password there; a fork of graphkit shares it until it execs java or mvn.
        if not (kind == "environ" and b"\0-m\0graphkit.cli\0neo4j\0" in command)
    ]
    assert not leaks, leaks


def test_the_server_home_is_owner_only_and_its_logs_hold_no_password(first_start):
    _, home, _ = first_start
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    paths = [path for name in PRIVATE_FOLDERS for path in [home / name, *(home / name).rglob("*")]]
    assert any(path.name == "auth.ini" or path.parent.name == "dbms" for path in paths)
    wrong = [(str(path), oct(stat.S_IMODE(path.stat().st_mode))) for path in paths if path.stat().st_mode & 0o077]
    assert not wrong, wrong
    assert not (home / "run" / "graphkit-initial-password").exists()
    for path in (home / "logs").iterdir():
        assert PASSWORD not in path.read_text(errors="replace"), path


def test_the_real_password_works(first_start):
    ports, _, _ = first_start
    bolt_port = ports[ports.index("--bolt-port") + 1]
    store = open_store(f"bolt://127.0.0.1:{bolt_port}", password=PASSWORD)
    try:
        assert store.counts().users == 0
    finally:
        store.close()


def test_a_wrong_password_is_one_line_at_once_and_leaves_the_server_as_it_was(first_start):
    ports, home, _ = first_start
    pid = (home / "run" / "graphkit-neo4j.pid").read_text()
    for state in ("running", "stopped"):
        if state == "stopped":
            assert _finish(_graphkit("neo4j", "stop", *ports))[0] == 0
        began = time.monotonic()
        code, stderr = _finish(_graphkit("neo4j", "start", *ports, "--timeout", "120", password="not-the-password"))
        took = time.monotonic() - began
        assert code == 3, stderr
        assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr, stderr
        assert stderr.startswith(f"Error: Neo4j at bolt://127.0.0.1:{ports[ports.index('--bolt-port') + 1]} "
                                 "refuses the password of user 'neo4j'"), stderr
        assert "not-the-password" not in stderr
        status_code = _finish(_graphkit("neo4j", "status", *ports))[0]
        if state == "running":
            assert took < 15, took
            assert status_code == 0 and (home / "run" / "graphkit-neo4j.pid").read_text() == pid
        else:
            assert took < 90, took  # a start, then one refused sign-in; not the whole --timeout
            assert status_code == 3
    code, stderr = _finish(_graphkit("neo4j", "start", *ports))
    assert code == 0, stderr


def test_a_server_killed_during_a_load_is_reported_within_10_s(first_start, tmp_path):
    ports, home, _ = first_start
    bolt = f"bolt://127.0.0.1:{ports[ports.index('--bolt-port') + 1]}"
    rng = np.random.default_rng(17)
    n_ties = 400_000
    ties = pd.DataFrame({"source": rng.integers(0, 100_000, n_ties), "target": rng.integers(0, 100_000, n_ties)})
    ties = "u" + ties.astype(str)
    ties.to_csv(tmp_path / "ties.csv", index=False)
    load = _graphkit("load", "--ties", str(tmp_path / "ties.csv"), "--store", bolt, "--quiet")
    watcher = open_store(bolt, password=PASSWORD)
    try:
        deadline = time.monotonic() + 120
        while watcher.counts().users == 0:
            assert load.poll() is None, load.communicate()
            assert time.monotonic() < deadline, "the load wrote nothing in 120 s"
            time.sleep(0.2)
        os.killpg(int((home / "run" / "graphkit-neo4j.pid").read_text()), signal.SIGKILL)
        killed = time.monotonic()
        code, stderr = _finish(load, timeout=120)
        took = time.monotonic() - killed
        # A read (the driver retries those by itself) of a store opened before the server died.
        with pytest.raises(StoreUnavailableError, match=f"cannot reach Neo4j at {bolt}"):
            watcher.counts()
        read_took = time.monotonic() - killed - took
    finally:
        watcher.close()
    assert code == 3, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: cannot reach Neo4j at {bolt}"), stderr
    assert took < 10, f"the load reported the dead server {took:.1f} s after it died:\n{stderr}"
    assert read_took < 10, f"a read reported the dead server after {read_took:.1f} s"
