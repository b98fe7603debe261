"""The per-trial random stream of the numba kernels: SplitMix64 (Steele, Lea & Flood 2014).

Every trial (Monte Carlo cascade or reverse-reachable set) starts from its own uint64 seed drawn up
front by :func:`graphkit.rng.draw_seeds`, so results do not depend on how trials are spread over
threads. numba's ``np.random.seed`` keeps only the low 32 bits of a seed, so it is not used.

Examples
--------
>>> import numpy as np
>>> state, bits = next_bits(np.uint64(0))
>>> 0 <= bits < 2**53
True
>>> import math
>>> coin_cuts(np.array([0.0, 0.1, 1.0])).tolist() == [0, math.ceil(0.1 * 2**53), 2**53]
True
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["GOLDEN", "TO_UNIT", "bits_of", "coin_cuts", "next_bits"]

GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # the state's increment per draw
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53


@njit(inline="always")
def bits_of(state):
    """The 53 random bits (int64) SplitMix64 outputs for an advanced ``state``.

    ``state + k * GOLDEN`` is the state k draws ahead, so a loop over k carries no dependence.
    """
    z = state
    z = (z ^ (z >> _S30)) * _MIX1
    z = (z ^ (z >> _S27)) * _MIX2
    z = z ^ (z >> _S31)
    return np.int64(z >> _S11)


@njit(inline="always")
def next_bits(state):
    """Advance a SplitMix64 state; return (new state, 53 random bits as int64).

    ``bits * TO_UNIT`` is a uniform in [0, 1); ``bits < ceil(p * 2**53)`` holds with probability p.
    """
    state = state + GOLDEN
    return state, bits_of(state)


_CUT_CHUNK = 1 << 20  # probabilities turned into cuts at a time (8 MiB of temporary)


def coin_cuts(p: np.ndarray) -> np.ndarray:
    """``ceil(p * 2**53)`` per probability, int64: a coin whose 53 random bits fall below succeeds.

    The same values as ``np.ceil(p * 2.0**53).astype(np.int64)`` (scaling by a power of two is
    exact), made a megabyte-sized chunk at a time rather than with two temporaries of ``p``'s size.
    """
    cuts = np.empty(len(p), dtype=np.int64)
    for start in range(0, len(p), _CUT_CHUNK):
        part = p[start : start + _CUT_CHUNK] * 9007199254740992.0
        np.ceil(part, out=part)
        cuts[start : start + _CUT_CHUNK] = part
    return cuts
