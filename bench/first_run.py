"""The README's main job on a fresh install, cold and warm (issue 16, item 6).

A clean clone of this repository into a temporary folder, a virtual environment of its own, then
the README's first command timed in its two halves: ``pip install -e .`` and the first
``graphkit plan`` of the example (numba's compile cache empty: kernels compile on this run), then
the same plan again (the store and the compile cache warm), with the time numba spends compiling
each of graphkit's kernels on the first. pip's own time depends on the package index's speed.

    python bench/first_run.py      # prints a Markdown table (takes about two minutes)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = "graphkit/campaign/examples/spring-launch.toml"
PLAN_WITH_COMPILE_TIMES = """
import collections, json, sys, time
from numba.core import event
spent = collections.Counter()
class Timer(event.Listener):  # compiles nest: a kernel's time leaves out the graphkit kernels it calls
    stack = []
    def on_start(self, ev):
        self.stack.append([time.perf_counter(), 0.0])
    def on_end(self, ev):
        started, inner = self.stack.pop()
        took = time.perf_counter() - started
        function = getattr(ev.data.get("dispatcher"), "py_func", None)
        if function is not None and function.__module__.startswith("graphkit"):
            spent[function.__qualname__] += took - inner
            if self.stack:
                self.stack[-1][1] += took
event.register("numba:compile", Timer())
from graphkit.cli.app import app
try:
    app(["plan", sys.argv[1]])
except SystemExit as finished:
    assert not finished.code, finished.code
print(json.dumps(spent), file=sys.stderr)
"""


def _timed(command: list[str], folder: Path, environment: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    finished = subprocess.run(
        command, cwd=folder, env=environment, check=True, capture_output=True, text=True
    )
    return time.perf_counter() - started, finished.stderr


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        clone = Path(scratch) / "graphkit"
        subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
        subprocess.run([sys.executable, "-m", "venv", str(clone / ".venv")], check=True)
        binaries = clone / ".venv" / "bin"
        path = f"{binaries}{os.pathsep}{os.environ['PATH']}"
        environment = {**os.environ, "PATH": path, "VIRTUAL_ENV": str(clone / ".venv")}
        environment.pop("NUMBA_CACHE_DIR", None)  # the clone's own __pycache__ folders: empty
        install, _ = _timed([str(binaries / "pip"), "install", "-q", "-e", "."], clone, environment)
        plan = [str(binaries / "python"), "-c", PLAN_WITH_COMPILE_TIMES, EXAMPLE]
        cold, log = _timed(plan, clone, environment)
        warm, _ = _timed(plan, clone, environment)
    compiled = json.loads(log.strip().splitlines()[-1])
    load = os.getloadavg()[0]
    print(f"Fresh clone and virtual environment, 1-minute load average at the end {load:.1f}\n")
    print("| step | wall |")
    print("|---|---|")
    print(f"| `pip install -e .` | {install:.1f} s |")
    print(f"| first `graphkit plan` (generates the store, kernels compile) | {cold:.1f} s |")
    print(f"| README main job, both halves | {install + cold:.1f} s |")
    print(f"| the same plan again (store and compile cache warm) | {warm:.1f} s |")
    print("\nCompiling graphkit's kernels on the first plan (numba compile events; each kernel's own")
    print("time, without the compiles of the graphkit kernels it calls):\n")
    print("| kernel | seconds |")
    print("|---|---|")
    for name, seconds in sorted(compiled.items(), key=lambda item: -item[1])[:12]:
        print(f"| `{name}` | {seconds:.2f} |")


if __name__ == "__main__":
    main()
