"""Start, stop and check a local Neo4j Community server launched straight with ``java``.

The server runs ``org.neo4j.server.CommunityEntryPoint`` from the jars in ``home/lib``, with APOC
and Graph Data Science from ``home/plugins`` (see :mod:`graphkit.server.install`; their procedures
``apoc.*`` and ``gds.*`` unrestricted), and a ``neo4j.conf`` this module writes: Bolt and HTTP on
loopback only, auth on, data, logs and pid file under ``data_dir``. ``start`` returns once a Bolt
query answers; a server that dies or never answers raises :class:`ServerError` with its exit code
and the tail of its log, and a password the server refuses raises it as soon as Bolt answers.
``import_database`` runs Neo4j's admin tool (``neo4j-admin database import full``) with the
server stopped, and starts it again; :func:`recorded_config` reads back how a server was started.
Both ``java`` processes map a class archive written by an earlier run of the same jars, which cuts
their start (see :mod:`graphkit.server._class_archive`); a start that crashes on it runs again
without it. ``stop`` waits for Neo4j's shutdown (a checkpoint of each database) and no longer.
Memory: :meth:`Neo4jServer.size_for` sizes the heap and page cache from the graph a load brings
(:mod:`graphkit.server.memory`), growing them at the next start, and bounds the import tool's
memory; an import that was not sized gives the tool what the machine can spare, never the 90% of
memory that is its own default.

The password never stands on a command line nor in the server's environment: a first start sets
a random throwaway password with Neo4j's admin tool (read from an owner-only file, ``@file``),
starts the server, and changes it over Bolt to the real one. The ``java`` processes run with graphkit's variables removed from their
environment and with umask 077, and the folders graphkit makes are owner-only (see
:mod:`graphkit.server._private`).

Examples
--------
>>> from graphkit.server import ServerConfig
>>> config = ServerConfig(home="/tmp/gk-neo4j", password="s3cret-pass")
>>> config.bolt_uri
'bolt://127.0.0.1:7687'
>>> "s3cret" in repr(config)
False
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path

from graphkit.errors import AuthenticationError, GraphkitError, InvalidInputError, ServerError
from graphkit.server._class_archive import FOLDER as CLASS_ARCHIVES
from graphkit.server._class_archive import ClassArchive, settle_archives
from graphkit.server._private import UMASK, alive, clean_environment, make_private, write_private
from graphkit.server.install import ENTRY_POINT, FIRST_ON_CLASSPATH, is_installed
from graphkit.server.memory import (
    AUTO,
    IMPORT_HEAP,
    JVM_OVERHEAD,
    MIN_IMPORT_OFF_HEAP,
    MemoryPlan,
    budget_bytes,
    estimate_store_bytes,
    format_size,
    parse_size,
    plan_memory,
)

__all__ = ["ServerConfig", "Neo4jServer", "ServerStatus", "recorded_config"]

_MIN_PASSWORD = 8
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
"""The main class of ``neo4j-admin`` (in ``neo4j-command-line``; the jars have no shell script)."""
_JVM_CRASH = "A fatal error has been detected by the Java Runtime Environment"
"""What a JVM prints when it crashes (e.g. on a damaged class archive)."""
_JVM_ABORT = (-signal.SIGABRT, 128 + signal.SIGABRT)
"""Exit codes of a JVM that crashed (it aborts after writing its error report)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerConfig:
    """Where the server lives and how it listens.

    Parameters
    ----------
    home : path
        Folder whose ``lib/`` holds the server's jars and ``plugins/`` APOC's and GDS's
        (``graphkit neo4j install`` fills them).
    data_dir : path, optional
        Folder for ``conf/``, ``data/``, ``logs/``, ``run/``, ``import/``; default ``home``.
    bolt_port, http_port : int, default 7687, 7474
        Loopback ports for Bolt and for HTTP / Neo4j Browser.
    password : str, optional
        Password of user ``neo4j`` (>= 8 characters), set before the first start. Never printed.
    heap : str, default "1g"
        JVM heap (initial and maximum).
    pagecache : str, default "512m"
        Neo4j page cache size.
    import_heap : str, default "1g"
        JVM heap of the import tool (``neo4j-admin database import full``).
    import_off_heap : str, default "auto"
        The import tool's ``--max-off-heap-memory``; ``auto``: what the machine can spare
        (:func:`graphkit.server.memory.budget_bytes`), set by :meth:`Neo4jServer.size_for` from the graph.
    post_connect_cmd : str, optional
        Neo4j Browser commands run after each connect (``browser.post_connect_cmd``).
    """

    home: Path
    data_dir: Path | None = None
    bolt_port: int = 7687
    http_port: int = 7474
    password: str | None = field(default=None, repr=False)
    heap: str = "1g"
    pagecache: str = "512m"
    import_heap: str = format_size(IMPORT_HEAP)
    import_off_heap: str = AUTO
    post_connect_cmd: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "home", Path(self.home).resolve())
        data_dir = self.home if self.data_dir is None else Path(self.data_dir).resolve()
        object.__setattr__(self, "data_dir", data_dir)
        for name in ("bolt_port", "http_port"):
            port = getattr(self, name)
            if not 1 <= port <= 65535:
                raise InvalidInputError(f"{name} must be in [1, 65535], got {port}")

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def plugins_dir(self) -> Path:
        """APOC and Graph Data Science (``graphkit neo4j install`` fills it)."""
        return self.home / "plugins"

    @property
    def conf_dir(self) -> Path:
        return self.data_dir / "conf"

    @property
    def pid_file(self) -> Path:
        return self.data_dir / "run" / "graphkit-neo4j.pid"

    @property
    def pending_password_file(self) -> Path:
        """The throwaway password of a first start, until it is changed to the real one."""
        return self.data_dir / "run" / "graphkit-initial-password"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "logs" / "neo4j.log"

    @property
    def console_file(self) -> Path:
        return self.data_dir / "logs" / "console.log"

    def neo4j_conf(self) -> str:
        """The text of ``neo4j.conf`` for this configuration."""
        directories = {name: self.data_dir / name for name in ("data", "logs", "run", "import")}
        directories["plugins"] = self.plugins_dir
        lines = [f"server.directories.{name}={path}" for name, path in directories.items()]
        lines += [
            "server.default_listen_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{self.bolt_port}",
            f"server.bolt.advertised_address=127.0.0.1:{self.bolt_port}",
            "server.http.enabled=true",
            f"server.http.listen_address=127.0.0.1:{self.http_port}",
            f"server.http.advertised_address=127.0.0.1:{self.http_port}",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=true",
            f"server.memory.heap.initial_size={self.heap}",
            f"server.memory.heap.max_size={self.heap}",
            f"server.memory.pagecache.size={self.pagecache}",
            "dbms.usage_report.enabled=false",
            "client.allow_telemetry=false",
            "browser.remote_content_hostname_whitelist=localhost,127.0.0.1",
            "dbms.security.procedures.unrestricted=apoc.*,gds.*",  # both need the kernel's internals
            # Bolt's network threads stop once the databases are checkpointed and closed; by default
            # they then idle 5 s (twice: two connectors) waiting for work that cannot come
            "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
        ]
        if self.post_connect_cmd:
            lines.append(f"browser.post_connect_cmd={self.post_connect_cmd}")
        return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class ServerStatus:
    """What ``Neo4jServer.status()`` found."""

    running: bool
    pid: int | None
    version: str | None
    bolt_uri: str
    http_url: str


class Neo4jServer:
    """A local Neo4j server process controlled through its pid file.

    ``uri``, ``user``, ``password`` and ``database`` are what a client needs to connect.
    """

    user = "neo4j"
    database = "neo4j"

    def __init__(self, config: ServerConfig) -> None:
        self.config = config

    @property
    def uri(self) -> str:
        return self.config.bolt_uri

    @property
    def password(self) -> str | None:
        return self.config.password

    def __repr__(self) -> str:
        return f"Neo4jServer({self.config.bolt_uri}, home={self.config.home})"

    # ------------------------------------------------------------------ lifecycle
    def start(self, *, timeout: float = 120.0) -> ServerStatus:
        """Start the server (if not running) and wait until a Bolt query answers with our password.

        A server that was running already is left as it was, even when it refuses the password.
        """
        config = self.config
        if not is_installed(config.home):
            raise ServerError(f"Neo4j is not installed in {config.home}; run `graphkit neo4j install` first")
        process, archive = (None, None) if self.status().running else self._launch()
        pending = config.pending_password_file
        throwaway = pending.read_text() if pending.is_file() else None
        try:
            self._wait_for_bolt(process, timeout, throwaway or self.password)
        except _ExitedDuringStart as error:
            if archive is None or error.exit_code not in _JVM_ABORT:
                raise
            archive.discard()
            warnings.warn(f"Neo4j's JVM crashed starting with the class archive {archive.path}; graphkit "
                          "removed the archive and starts it without one", RuntimeWarning, stacklevel=2)
            process, _ = self._launch(class_archive=False)
            self._wait_for_bolt(process, timeout, throwaway or self.password)
        if throwaway is not None:
            try:
                self._change_password(throwaway)
            except GraphkitError:
                if process is not None:
                    self.stop()
                raise
        return self.status()

    def _launch(self, *, class_archive: bool = True) -> tuple[subprocess.Popen, ClassArchive | None]:
        """Write the configuration (and a first password) into owner-only folders and start ``java``.

        Returns the process and the class archive it maps, if any (see
        :mod:`graphkit.server._class_archive`; none when ``class_archive`` is false).
        """
        config = self.config
        if config.password is None or len(config.password) < _MIN_PASSWORD:
            raise InvalidInputError(
                f"a Neo4j password of at least {_MIN_PASSWORD} characters is required "
                "(--neo4j-password or GRAPHKIT_NEO4J_PASSWORD)"
            )
        for port in (config.bolt_port, config.http_port):
            if _port_in_use(port):
                raise ServerError(f"port {port} on 127.0.0.1 is already in use by another process")
        config.data_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(config.data_dir, 0o700)
        for name in ("conf", "data", "logs", "run", "import"):
            make_private(config.data_dir / name)
        write_private(config.conf_dir / "neo4j.conf", config.neo4j_conf())
        if not (config.data_dir / "data" / "dbms").exists():
            write_private(config.pending_password_file, throwaway_password())
            self._set_initial_password()
        command = self._java_command(
            ENTRY_POINT, f"--home-dir={config.home}", f"--config-dir={config.conf_dir}", plugins=True
        )
        archive = ClassArchive.for_command("server", command) if class_archive else None
        archive_flags = archive.flags() if archive is not None else []
        command[1:1] = archive_flags
        with os.fdopen(os.open(config.console_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab") as console:
            process = subprocess.Popen(
                command,
                stdout=console,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                cwd=config.data_dir,
                env=clean_environment(config.password),
                umask=UMASK,
            )
        write_private(config.pid_file, str(process.pid))
        if archive is not None:
            archive.bind(process.pid, archive_flags)
        using = any(flag.startswith("-XX:SharedArchiveFile=") for flag in archive_flags)
        return process, archive if using else None

    def size_for(self, *, users: int, ties: int, user_properties: int = 0, tie_properties: int = 0,
                 store_bytes: int | None = None, heap: str = AUTO, pagecache: str = AUTO) -> MemoryPlan:
        """Size the server for a database of ``users`` and ``ties`` (what it will hold after a load),
        whose store takes ``store_bytes`` (default: estimated from the figures).

        The plan (:func:`graphkit.server.memory.plan_memory`, counting the memory this server gives
        back when it restarts) becomes ``config``: its heap and page cache only grow when ``auto``
        (a size given is taken as is), and apply from the next start — the restart of a bulk import,
        or :meth:`restart`. The import tool's sizes apply to the next import. Returns the plan as
        applied, its reason saying what was kept.
        """
        if store_bytes is None:
            store_bytes = estimate_store_bytes(users, ties, user_properties=user_properties,
                                               tie_properties=tie_properties)
        plan = plan_memory(store_bytes, ties=ties, users=users, heap=heap, pagecache=pagecache,
                           freed=self._resident_bytes())
        chosen, reason = {}, plan.reason
        for name, asked in (("heap", heap), ("pagecache", pagecache)):
            had, planned = getattr(self.config, name), getattr(plan, name)
            chosen[name] = planned
            if asked == AUTO and parse_size(had, name) > parse_size(planned, name):
                chosen[name] = had
                reason += f"; kept the {name} of {had} the server has"
        self.config = replace(self.config, **chosen, import_heap=plan.import_heap,
                              import_off_heap=plan.import_off_heap)
        return replace(plan, **chosen, reason=reason)

    def needs_restart(self) -> bool:
        """Whether the running server was started with other memory settings than ``config`` has now."""
        running = recorded_config(self.config.data_dir)
        if running is None or not self.status().running:
            return False
        return any(
            parse_size(getattr(running, name), name) != parse_size(getattr(self.config, name), name)
            for name in ("heap", "pagecache")
        )

    def restart(self, *, timeout: float = 120.0) -> ServerStatus:
        """Stop the server and start it with ``config`` (e.g. after :meth:`size_for`)."""
        self.stop()
        return self.start(timeout=timeout)

    def stop(self, *, timeout: float = 60.0) -> bool:
        """Stop the server: SIGTERM, then SIGKILL after ``timeout`` seconds. False if it was not running.

        Neo4j checkpoints and closes its databases on SIGTERM before it exits. A JVM that wrote a
        class archive as it exited has it moved into place (see :mod:`graphkit.server._class_archive`).
        """
        pid = self._pid()
        if pid is None:
            return False
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            self.config.pid_file.unlink(missing_ok=True)
            return False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and alive(pid):
            time.sleep(0.05)
        clean_exit = not alive(pid)
        if not clean_exit:
            os.killpg(pid, signal.SIGKILL)
            while alive(pid):
                time.sleep(0.05)
        self.config.pid_file.unlink(missing_ok=True)
        settle_archives(self._archive_folder(), pid, clean_exit=clean_exit)
        return True

    def status(self) -> ServerStatus:
        """Whether the server process is alive, and its version when HTTP answers."""
        pid = self._pid()
        version = None
        if pid is not None:
            try:
                with urllib.request.urlopen(self.config.http_url + "/", timeout=2) as response:
                    version = json.load(response).get("neo4j_version")
            except (OSError, ValueError):
                version = None
        return ServerStatus(pid is not None, pid, version, self.config.bolt_uri, self.config.http_url)

    # ------------------------------------------------------------------ internals
    def _pid(self) -> int | None:
        try:
            pid = int(self.config.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if alive(pid) else None

    def _resident_bytes(self) -> int:
        """The running server's resident memory (what a restart gives back), 0 when it does not run."""
        pid = self._pid()
        try:
            status = Path(f"/proc/{pid}/status").read_text() if pid is not None else ""
        except OSError:
            return 0
        rss = [line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")]
        return int(rss[0]) * 1024 if rss else 0

    def _java_command(self, main_class: str, *arguments: str, plugins: bool = False,
                      heap: str | None = None) -> list[str]:
        """``java`` running ``main_class`` on the server's jars, with the plugins' first if ``plugins``
        (the server; the admin tool runs without them), with ``heap`` (default the server's)."""
        flags = [
            line.strip()
            for line in files("graphkit.server").joinpath("jvm.flags").read_text().splitlines()
            if line.strip() and not line.startswith("#")
        ]
        plugins_dir = self.config.plugins_dir.resolve()  # real paths: homes linking the same jars share them
        classpath = f"{self._lib_dir()}/*"
        if plugins:  # a wildcard's jars come in no set order: the one that must win is named first
            classpath = f"{plugins_dir / FIRST_ON_CLASSPATH}:{plugins_dir}/*:{classpath}"
        heap = heap or self.config.heap
        return ["java", "-cp", classpath, *flags, f"-Xms{heap}", f"-Xmx{heap}", main_class, *arguments]

    def _lib_dir(self) -> Path:
        return (self.config.home / "lib").resolve()

    def _archive_folder(self) -> Path:
        return self._lib_dir().parent / CLASS_ARCHIVES

    def import_database(self, database: str, arguments: Sequence[str], *, timeout: float = 120.0) -> dict:
        """Run ``neo4j-admin database import full <arguments> <database>`` with the server stopped.

        The server is stopped, the import runs, and the server is started again (also when the
        import fails), with ``config``'s memory (see :meth:`size_for`). The tool gets ``import_heap``
        and ``--max-off-heap-memory`` ``import_off_heap`` (``auto``: what the machine can spare once
        the server is down). A failed import leaves the database empty: its store folders are removed,
        so the server makes it anew. Returns the seconds spent stopping, importing and starting.

        Raises
        ------
        ServerError
            In one line, when the import fails (with the tool's last message).
        """
        seconds: dict[str, float] = {}
        started = time.perf_counter()
        self.stop()
        seconds["stop"] = time.perf_counter() - started
        off_heap = self.config.import_off_heap
        if off_heap == AUTO:
            spare = budget_bytes(0) - parse_size(self.config.import_heap, "import_heap") - JVM_OVERHEAD
            off_heap = format_size(max(MIN_IMPORT_OFF_HEAP, spare))
        failure = None
        try:
            started = time.perf_counter()
            result = self._admin("database", "import", "full", f"--max-off-heap-memory={off_heap}",
                                 *arguments, database, heap=self.config.import_heap)
            seconds["import"] = time.perf_counter() - started
            if result.returncode != 0:
                failure = _last_message(result.stdout + "\n" + result.stderr, self.password)
                for folder in ("databases", "transactions"):
                    shutil.rmtree(self.config.data_dir / "data" / folder / database, ignore_errors=True)
        finally:
            started = time.perf_counter()
            self.start(timeout=timeout)
            seconds["start"] = time.perf_counter() - started
        if failure is not None:
            raise ServerError(
                f"neo4j-admin could not import into database {database!r} (exit {result.returncode}): "
                f"{failure}; the database was left empty"
            )
        return seconds

    def _admin(self, *arguments: str, heap: str | None = None) -> subprocess.CompletedProcess:
        """Run Neo4j's admin tool (``neo4j-admin``) with this server's home and configuration."""
        environment = clean_environment(
            self.config.password, NEO4J_HOME=str(self.config.home), NEO4J_CONF=str(self.config.conf_dir)
        )
        command = self._java_command(ADMIN_TOOL, *arguments, heap=heap)
        archive = ClassArchive.for_command(f"admin-{arguments[0]}", command)
        flags = archive.flags() if archive is not None else []

        def run(flags: list[str]) -> subprocess.CompletedProcess:
            return subprocess.run([command[0], *flags, *command[1:]], capture_output=True, text=True,
                                  env=environment, umask=UMASK, check=False, cwd=self.config.data_dir)

        result = run(flags)
        if archive is not None:  # the claim of a run that writes the archive holds this process's pid
            settle_archives(archive.folder, os.getpid(), clean_exit=result.returncode == 0)
        if flags and result.returncode != 0 and _JVM_CRASH in result.stdout + result.stderr:
            archive.discard()
            warnings.warn(f"Neo4j's admin tool crashed with the class archive {archive.path}; graphkit "
                          "removed it and runs the tool without one", RuntimeWarning, stacklevel=2)
            result = run([])
        return result

    def _set_initial_password(self) -> None:
        """Set the throwaway password of ``pending_password_file`` as the first one (an ``@file`` argument)."""
        pending = self.config.pending_password_file
        result = self._admin("dbms", "set-initial-password", f"@{pending}")
        if result.returncode != 0:
            tail = _redact("\n".join(result.stderr.strip().splitlines()[-5:]), pending.read_text())
            raise ServerError(f"setting the initial Neo4j password failed (exit {result.returncode}):\n{tail}")

    def _change_password(self, throwaway: str) -> None:
        """Change the first start's throwaway password to the real one, over Bolt."""
        from graphkit.store._bolt import Bolt

        bolt = Bolt(self.uri, user=self.user, password=throwaway, database="system", batch_size=1, workers=1)
        try:
            bolt.write("change_password", old=throwaway, new=self.password)
        finally:
            bolt.close()
        self.config.pending_password_file.unlink()

    def _wait_for_bolt(self, process: subprocess.Popen | None, timeout: float, password: str | None) -> None:
        """Return once a Bolt query answers; raise at once when the server refuses ``password``.

        A server this call started (``process``) is stopped when it fails; one that was running is left.
        """
        from graphkit.store import open_store

        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                self.config.pid_file.unlink(missing_ok=True)
                settle_archives(self._archive_folder(), process.pid, clean_exit=False)  # a half-started run's
                raise _ExitedDuringStart(process.returncode, self._log_tail())
            if _port_in_use(self.config.bolt_port):
                try:
                    store = open_store(self.uri, user=self.user, password=password, database=self.database)
                    try:
                        store.counts()
                        return
                    finally:
                        store.close()
                except AuthenticationError:
                    if process is not None:
                        self.stop()
                    left = "stopped it again" if process is not None else "left it running"
                    raise ServerError(
                        f"Neo4j at {self.uri} refuses the password of user {self.user!r}: the database in "
                        f"{self.config.data_dir / 'data'} has another one (graphkit {left})"
                    ) from None
                except GraphkitError as error:
                    last_error = error
            time.sleep(0.1)
        if process is not None:
            self.stop()
        raise ServerError(f"Neo4j did not answer a Bolt query within {timeout:.0f} s ({last_error}):\n{self._log_tail()}")

    def _log_tail(self, lines: int = 20) -> str:
        text = ""
        for path in (self.config.log_file, self.config.console_file):
            if path.is_file():
                text += f"--- {path}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) + "\n"
        return _redact(text or "(no log written)", self.config.password)


class _ExitedDuringStart(ServerError):
    """The server's JVM ended before it answered."""

    def __init__(self, exit_code: int, log_tail: str) -> None:
        super().__init__(f"Neo4j exited with code {exit_code} during start:\n{log_tail}")
        self.exit_code = exit_code


def recorded_config(data_dir: str | Path, *, password: str | None = None) -> ServerConfig | None:
    """The configuration the server in ``data_dir`` was last started with (its ``conf/neo4j.conf``),
    or None when graphkit never started one there. ``home`` is read from the plugins folder.

    >>> recorded_config("/nonexistent") is None
    True
    """
    path = Path(data_dir) / "conf" / "neo4j.conf"
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return None
    settings = dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
    try:
        return ServerConfig(
            home=Path(settings["server.directories.plugins"]).parent,
            data_dir=Path(settings["server.directories.data"]).parent,
            bolt_port=int(settings["server.bolt.listen_address"].rpartition(":")[2]),
            http_port=int(settings["server.http.listen_address"].rpartition(":")[2]),
            password=password,
            heap=settings["server.memory.heap.max_size"],
            pagecache=settings["server.memory.pagecache.size"],
            post_connect_cmd=settings.get("browser.post_connect_cmd"),
        )
    except (KeyError, ValueError):
        return None


def throwaway_password() -> str:
    """A first start's password: 192 random bits in hex, so the admin tool never reads it as an option.

    (A URL-safe token begins with ``-`` once in 64 starts; ``neo4j-admin`` then stops at usage.)

    >>> len(throwaway_password()), throwaway_password()[0] != "-"
    (48, True)
    """
    return secrets.token_hex(24)


def _last_message(output: str, secret: str | None) -> str:
    """The last line of a tool's output that says something (not a stack frame), without ``secret``."""
    lines = [line.strip() for line in output.splitlines() if line.strip() and not line.lstrip().startswith("at ")]
    return _redact(lines[-1] if lines else "no message", secret)


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _redact(text: str, secret: str | None) -> str:
    return text.replace(secret, "****") if secret else text
