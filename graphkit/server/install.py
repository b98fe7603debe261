"""Assemble a Neo4j Community server from Maven Central into a local folder.

``install_server(home)`` runs Maven on the bundled ``pom.xml``, which copies the Neo4j 5.26 LTS
server jars and the Neo4j Browser jar into ``home/lib``, then on ``plugins-pom.xml``, which copies
APOC core and the Graph Data Science library into ``home/plugins``. Nothing is compiled; Maven's
local repository (``~/.m2``) caches the downloads, so a second install takes seconds. Maven runs
without graphkit's variables (the Neo4j password) in its environment.

Examples
--------
>>> from graphkit.server.install import is_installed
>>> is_installed("/nonexistent")
False
"""

from __future__ import annotations

import shutil
import subprocess
from importlib.resources import files
from pathlib import Path

from graphkit.errors import ServerError
from graphkit.server._private import clean_environment

__all__ = ["install_server", "is_installed", "APOC_VERSION", "GDS_VERSION", "NEO4J_VERSION", "ENTRY_POINT"]

NEO4J_VERSION = "5.26.31"
APOC_VERSION = "5.26.0"
GDS_VERSION = "2.13.9"
FIRST_ON_CLASSPATH = "commons-lang3-3.20.0.jar"
"""The jar of ``plugins/`` that must load before every other: the server's commons-configuration2
needs commons-lang3 3.20, and APOC's jar bundles an older copy (see ``plugins-pom.xml``)."""
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"


def is_installed(home: str | Path) -> bool:
    """Whether ``home/lib`` holds the Neo4j server jar and the Browser jar, and ``home/plugins``
    APOC core and the extension that starts Graph Data Science."""
    lib, plugins = Path(home) / "lib", Path(home) / "plugins"
    return (
        (lib / f"neo4j-{NEO4J_VERSION}.jar").is_file()
        and any(lib.glob("neo4j-browser-*.jar"))
        and (plugins / f"apoc-core-{APOC_VERSION}-core.jar").is_file()
        and (plugins / f"opengds-extension-{GDS_VERSION}.jar").is_file()
        and (plugins / FIRST_ON_CLASSPATH).is_file()
    )


def install_server(home: str | Path, *, quiet: bool = True) -> Path:
    """Copy the Neo4j server and Browser jars from Maven Central into ``home/lib``, APOC and GDS
    into ``home/plugins``.

    Returns ``home/lib``. Raises ServerError when Maven or Java is missing or the build fails,
    with the tail of Maven's output.
    """
    home = Path(home).resolve()
    if is_installed(home):
        return home / "lib"
    for tool in ("mvn", "java"):
        if shutil.which(tool) is None:
            raise ServerError(f"{tool!r} is not on PATH; Neo4j needs Java 17+ and Maven to install")
    build = home / "build"
    build.mkdir(parents=True, exist_ok=True)
    for name, what in (("pom.xml", f"Neo4j {NEO4J_VERSION} into {home}/lib"),
                       ("plugins-pom.xml", f"APOC {APOC_VERSION} and GDS {GDS_VERSION} into {home}/plugins")):
        pom = build / name
        pom.write_text(files("graphkit.server").joinpath(name).read_text())
        command = ["mvn", "-B", "-f", str(pom), f"-Dneo4j.home={home}", "package"]
        if quiet:
            command.insert(1, "-q")
        result = subprocess.run(command, capture_output=True, text=True, env=clean_environment(), check=False)
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
            raise ServerError(f"Maven could not assemble {what}:\n{tail}")
    if not is_installed(home):
        raise ServerError(f"Maven ran, but {home} lacks the Neo4j server, Browser, APOC or GDS jars")
    return home / "lib"
