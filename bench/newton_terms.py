"""The feature model's Newton terms: one numba pass against the numpy products it replaced.

Gradient and curvature of the M-step objective on a synthetic 4,000,000 x 12 design (slots of
the tie-by-tie model at about a million ties), both ways in the same process, alternated:

    python bench/newton_terms.py
"""

from __future__ import annotations

import time

import numpy as np
from scipy.special import expit

from graphkit.fit.logistic import _CHUNKS, _newton_terms


def numpy_terms(design, credits, attempts, eta):
    """The products the M-step used before: a weighted copy of the design, then X'WX."""
    mu = expit(eta)
    scaled = design * np.sqrt(attempts * mu * (1 - mu))[:, None]
    return design.T @ (credits - attempts * mu), scaled.T @ scaled


def main() -> None:
    rng = np.random.default_rng(0)
    n, d = 4_000_000, 12
    design = np.column_stack([np.ones(n), rng.normal(size=(n, d - 1))])
    attempts = rng.integers(1, 5, n).astype(np.float64)
    eta = design @ np.r_[-3.0, np.zeros(d - 1)]
    credits = attempts * expit(eta) * rng.random(n)
    _newton_terms(design[:1000], credits[:1000], attempts[:1000], eta[:1000], _CHUNKS)  # compile
    for _ in range(3):
        started = time.perf_counter()
        expected = numpy_terms(design, credits, attempts, eta)
        middle = time.perf_counter()
        got = _newton_terms(design, credits, attempts, eta, _CHUNKS)
        ended = time.perf_counter()
        error = max(np.abs(expected[0] - got[0]).max(), np.abs(expected[1] - got[1]).max() / np.abs(expected[1]).max())
        print(f"numpy {middle - started:.2f} s, numba {ended - middle:.2f} s "
              f"(ratio {(middle - started) / (ended - middle):.1f}x), largest difference {error:.1e}")


if __name__ == "__main__":
    main()
