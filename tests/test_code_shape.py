"""The package's shape: no import cycle (lazy imports included) and no repeated code.

The import graph is read from the source with :mod:`ast`, so an import inside a function or under
``if TYPE_CHECKING:`` counts as much as one at the top of a module. ``from graphkit.x import y``
is an edge to ``graphkit.x.y`` when that is a module, else to ``graphkit.x`` (its ``__init__``).
The duplicate check is pylint's similarity checker at 10 lines, as issue 11 asks.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "graphkit"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> nx.DiGraph:
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{anchor}.{base}" if base else anchor
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
            else:
                continue
            for target in targets:
                while target and target not in modules:  # `import graphkit.x.y as z` of a module's attribute
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph.add_edge(name, target)
    return graph


def test_the_import_graph_reaches_every_layer():
    graph = _import_graph()
    assert graph.has_edge("graphkit.cli.load", "graphkit.io")
    assert graph.has_edge("graphkit.campaign.plan", "graphkit.diffusion.seeds")
    assert not graph.has_edge("graphkit.graph", "graphkit.analysis")


def test_no_import_cycle_lazy_or_not():
    graph = _import_graph()
    cycles = [cycle for cycle in nx.simple_cycles(graph) if len(cycle) > 1]
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(cycle + cycle[:1]) for cycle in cycles[:10])


def test_the_engines_import_no_layer_above_them():
    """graph -> io/analysis/diffusion -> campaign/writeback -> cli: nothing imports upwards."""
    graph = _import_graph()
    order = ["graphkit.cli", "graphkit.campaign", "graphkit.diffusion", "graphkit.analysis", "graphkit.graph"]
    for low_index, low in enumerate(order):
        for high in order[:low_index]:
            upward = [(a, b) for a, b in graph.edges if a.startswith(low) and b.startswith(high)]
            assert not upward, f"{low} imports {high}: {upward}"


def test_no_repeated_code():
    result = subprocess.run(
        [sys.executable, "-m", "pylint", "--disable=all", "--enable=duplicate-code", "--min-similarity-lines=10",
         "--ignore-imports=yes", "--ignore-signatures=yes", "--ignore-docstrings=yes", "--ignore-comments=yes",
         "--score=no", str(PACKAGE)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
