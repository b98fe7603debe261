"""The diffusion benchmark of issue 4: Monte Carlo throughput vs CyNetDiff, then IMM seed selection.

Runs ``bench/diffusion_mc.py`` and ``bench/diffusion_seeds.py`` one after the other in fresh
processes (each prints its Markdown table; JSON goes to ``bench/out/``).

    python bench/diffusion.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    for script in ("diffusion_mc.py", "diffusion_seeds.py"):
        print(f"## {script}\n", flush=True)
        subprocess.run([sys.executable, str(HERE / script)], check=True)
