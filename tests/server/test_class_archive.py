"""Class Data Sharing for the server's and the admin tool's JVMs: keyed archives, one writer, only
archives Java maps are kept, and a damaged archive never stops a start."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from graphkit.server import Neo4jServer, ServerConfig
from graphkit.server._class_archive import ClassArchive, settle_archives
from graphkit.server.launcher import ADMIN_TOOL
from tests.conftest import free_port
from tests.server.test_launcher import NEO4J_HOME


def _home_with_own_lib(tmp_path: Path) -> Path:
    """A home whose ``lib/`` is a folder of its own (links to the installed jars): archives of its own."""
    home = tmp_path / "home"
    (home / "lib").mkdir(parents=True)
    for jar in (NEO4J_HOME / "lib").iterdir():
        (home / "lib" / jar.name).symlink_to(jar)
    (home / "plugins").symlink_to(NEO4J_HOME / "plugins")
    return home


def _admin_command(lib: Path) -> list[str]:
    return ["java", "-cp", f"{lib}/*", "-XX:+UseSerialGC", ADMIN_TOOL, "--version"]


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_no_archive_without_a_lib_folder(tmp_path):
    assert ClassArchive.for_command("admin-x", _admin_command(tmp_path / "lib")) is None


def test_the_archive_name_follows_jars_and_flags(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "a.jar").write_bytes(b"one")
    first = ClassArchive.for_command("admin-x", _admin_command(lib))
    assert first.folder == tmp_path / "cds" and first.path.name.startswith("admin-x-")
    assert ClassArchive.for_command("admin-x", _admin_command(lib)).path == first.path
    other_flags = _admin_command(lib)
    other_flags[3] = "-XX:+UseParallelGC"
    assert ClassArchive.for_command("admin-x", other_flags).path != first.path
    (lib / "a.jar").write_bytes(b"changed")
    assert ClassArchive.for_command("admin-x", _admin_command(lib)).path != first.path


def test_one_run_at_a_time_writes_an_archive_and_a_dead_writer_is_replaced(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    archive = ClassArchive.for_command("admin-x", _admin_command(lib))
    writing = archive.flags()
    assert len(writing) == 2 and writing[0].startswith("-XX:ArchiveClassesAtExit=")
    assert archive.flags() == []  # this process (alive) holds the claim
    archive.bind(_dead_pid(), writing)
    again = archive.flags()
    assert len(again) == 2 and again[0].startswith("-XX:ArchiveClassesAtExit=") and again != writing


def _write_archive(archive: ClassArchive, command: list[str]) -> Path:
    """Run ``command`` writing ``archive`` at exit; return the temporary file it wrote."""
    flags = archive.flags()
    process = subprocess.Popen([command[0], *flags, *command[1:]], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={"PATH": os.environ["PATH"]})
    archive.bind(process.pid, flags)
    process.wait()
    return Path(flags[0].partition("=")[2])


@pytest.fixture
def admin_run(tmp_path) -> tuple[ClassArchive, list[str], Path, int]:
    """(archive, command, the temporary file Java wrote, pid of its claim) of one admin-tool run."""
    command = _admin_command(_home_with_own_lib(tmp_path) / "lib")
    archive = ClassArchive.for_command("admin-x", command)
    return archive, command, _write_archive(archive, command), _pid_of(archive)


@pytest.mark.neo4j
def test_an_archive_java_maps_is_kept_and_used(admin_run):
    archive, command, written, pid = admin_run
    settle_archives(archive.folder, pid, clean_exit=True)
    assert archive.path.is_file() and not written.exists()
    assert archive.flags() == [f"-XX:SharedArchiveFile={archive.path}"]
    mapped = subprocess.run([command[0], "-Xshare:on", *archive.flags(), *command[1:3], "-version"],
                            check=False, capture_output=True)
    assert mapped.returncode == 0, mapped.stderr


@pytest.mark.neo4j
def test_a_truncated_archive_is_thrown_away_not_kept(admin_run):
    archive, _, written, pid = admin_run
    with open(written, "r+b") as handle:  # as if the JVM had been cut off while writing it
        handle.truncate(written.stat().st_size // 2)
    settle_archives(archive.folder, pid, clean_exit=True)
    assert not archive.path.exists() and not written.exists()
    assert list(archive.folder.iterdir()) == []


def _pid_of(archive: ClassArchive) -> int:
    return json.loads(archive.path.with_suffix(".claim").read_text())["pid"]


@pytest.mark.neo4j
@pytest.mark.slow
def test_the_server_writes_then_maps_its_archive_and_a_damaged_one_does_not_stop_a_start(tmp_path):
    home = _home_with_own_lib(tmp_path)
    server = Neo4jServer(ServerConfig(home=home, data_dir=tmp_path / "data", bolt_port=free_port(),
                                      http_port=free_port(), password="archive-test-pw"))
    archives = home / "cds"
    try:
        server.start(timeout=180)
        server.stop()
        kept = sorted(path.name for path in archives.glob("server-*.jsa"))
        assert len(kept) == 1, sorted(path.name for path in archives.iterdir())
        archive = archives / kept[0]

        pid = server.start(timeout=180).pid
        assert str(archive) in Path(f"/proc/{pid}/maps").read_text()  # the JVM mapped it
        server.stop()

        damaged = archive.read_bytes()[: archive.stat().st_size // 2]
        archive.unlink()
        archive.write_bytes(damaged)  # Java 17 crashes (SIGBUS) mapping a truncated archive
        with pytest.warns(RuntimeWarning, match="crashed starting with the class archive"):
            status = server.start(timeout=180)
        assert status.running and not archive.exists()
    finally:
        server.stop()
        shutil.rmtree(archives, ignore_errors=True)
