"""``graphkit --help`` starts without the engines' libraries (issue 15, item 4).

Each case runs the CLI in a fresh interpreter and lists the modules it imported by the time it exits:
help and the command tree need typer and graphkit's CLI modules only; igraph, matplotlib, neo4j,
pydantic, jinja2, scipy, pandas, numba, pyarrow (and numpy) are imported by the commands that use
them, when they run; a ``seeds`` run on the embedded store imports no more than it uses. A check of
which modules load, not of seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from graphkit.cli.app import app

ROOT = Path(__file__).resolve().parents[2]

HEAVY = ("igraph", "matplotlib", "neo4j", "pydantic", "jinja2", "scipy", "pandas", "numba", "pyarrow",
         "numpy", "networkx", "leidenalg")
"""Libraries no ``--help`` may import."""

LIGHT_GRAPHKIT = ("graphkit", "graphkit.defaults", "graphkit.errors", "graphkit.version")
"""The graphkit modules outside ``graphkit.cli`` that the command tree is built from."""

_RUN = """
import json, sys
sys.argv = ["graphkit", *json.loads(sys.argv[1])]
from graphkit.cli.app import main
try:
    main()
except SystemExit:
    pass
print("\\nMODULES " + json.dumps(sorted(sys.modules)))
"""


def _modules_after(arguments: list[str]) -> set[str]:
    """The modules a fresh ``graphkit ARGUMENTS`` has imported when it exits."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    command = [sys.executable, "-c", _RUN, json.dumps(arguments)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": path}, timeout=120, check=False)
    last = result.stdout.rstrip().rpartition("\n")[2]
    assert last.startswith("MODULES "), result.stdout + result.stderr
    return set(json.loads(last.removeprefix("MODULES ")))


def _paths(command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        found += _paths(sub, (*path, name))
    return found


def _heavy(modules: set[str]) -> list[str]:
    return sorted(name for name in modules if name.partition(".")[0] in HEAVY)


def _engines(modules: set[str]) -> list[str]:
    """The graphkit modules loaded beyond the CLI and its light helpers."""
    return sorted(name for name in modules if name.partition(".")[0] == "graphkit"
                  and not name.startswith("graphkit.cli") and name not in LIGHT_GRAPHKIT)


def test_graphkit_help_imports_no_engine_library():
    modules = _modules_after(["--help"])
    assert "graphkit.cli.app" in modules
    assert _heavy(modules) == []
    assert _engines(modules) == []


@pytest.mark.parametrize("path", _paths(typer.main.get_command(app))[1:], ids=" ".join)
def test_every_command_help_imports_no_engine_library(path):
    modules = _modules_after([*path, "--help"])
    heavy = _heavy(modules)
    assert heavy == []
    assert _engines(modules) == []


SEEDS_ONLY_NEEDS = ("numpy", "pyarrow", "numba", "scipy")
"""The heavy libraries a ``seeds --json`` run on the embedded store may import: no pandas (the store
hands over Arrow ids and number buffers, the seeds go out as plain records), igraph, matplotlib,
neo4j, jinja2, networkx (issue 15, item 4); of scipy only what numba brings (the package, and
scipy.linalg's BLAS when it types its first kernel), not scipy.sparse, which PageRank imports when
asked for."""


def test_seeds_on_the_embedded_store_imports_only_what_it_uses(tmp_path):
    import graphkit
    from graphkit.store.parquet import ParquetStore

    ParquetStore(tmp_path / "store").write_graph(graphkit.generate_social_graph(n_users=60, rng=3))
    modules = _modules_after(["seeds", "--store", str(tmp_path / "store"), "--k", "2", "--eps", "0.5",
                              "--eval-trials", "10", "--json", "-q"])
    assert "graphkit.diffusion.imm" in modules
    heavy = {name.partition(".")[0] for name in _heavy(modules)}
    assert heavy <= set(SEEDS_ONLY_NEEDS)  # no pydantic either: typer < 0.29 parses options without it
    assert not [name for name in modules if name.startswith("scipy.sparse")]
