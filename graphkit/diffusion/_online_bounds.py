"""Online bounds of OPIM-C (Tang, Tang, Xiao & Yuan 2018), shared by its stopping rule and HIST's.

Internal module: :func:`graphkit.diffusion.imm._opim_c_picks` and :mod:`graphkit.diffusion._hist`
stop sampling once a lower confidence bound of the seeds' reach (from sets they were not picked
on) over an upper bound of the optimum's proves the approximation they are after.

Examples
--------
>>> lower, upper = opim_c_bounds(500, 600.0, 1000, 100, math.log(30.0))
>>> round(lower, 2), round(upper, 2)
(44.39, 66.74)
"""

from __future__ import annotations

import math

import numpy as np

from graphkit.diffusion._rr import count_hit_sets
from graphkit.diffusion.coverage import LocalRRSets

__all__ = ["covered_sets", "doubling_schedule", "log_binomial", "opim_c_bounds", "opim_c_max_sets"]

RATIO = 1.0 - 1.0 / math.e
"""The greedy's approximation ratio, ``1 - 1/e``."""


def log_binomial(n: int, k: int) -> float:
    """``ln C(n, k)``.

    Examples
    --------
    >>> round(math.exp(log_binomial(5, 2)), 6)
    10.0
    """
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def covered_sets(sets, seed_nodes: np.ndarray) -> int:
    """How many of ``sets`` hold one of ``seed_nodes`` (one pass over sets kept here, else a greedy cover)."""
    if isinstance(sets, LocalRRSets):
        is_seed = np.zeros(sets.n, dtype=np.bool_)
        is_seed[seed_nodes] = True
        return int(count_hit_sets(sets.rr.indptr, sets.rr.nodes, is_seed))
    _, cover = sets.coverage()
    return sum(cover(int(v)) for v in seed_nodes)


def opim_c_bounds(
    validated: int, upper_coverage: float, theta: int, n: int, slack: float
) -> tuple[float, float]:
    """OPIM-C's bounds (Tang et al. 2018, Eqs. 5 and 7): a lower confidence bound of the seeds' reach
    from the ``validated`` sets of ``theta`` (of the second collection) they cover, and an upper
    bound of the optimum's from ``upper_coverage`` (an upper bound of its coverage of the first
    collection's ``theta`` sets), both in users of ``n``, each failing with probability
    ``exp(-slack)``.
    """
    root = math.sqrt(validated + 2.0 * slack / 9.0) - math.sqrt(slack / 2.0)
    lower = (root**2 - slack / 18.0) * n / theta
    upper = (math.sqrt(upper_coverage + slack / 2.0) + math.sqrt(slack / 2.0)) ** 2 * n / theta
    return lower, upper


def opim_c_max_sets(n: int, k: int, eps: float, log_inv_delta: float) -> float:
    """OPIM-C's ``theta_max``: sets after which the greedy's ``k`` seeds are ``(1 - 1/e - eps)``-approximate
    without a check, but with probability ``delta / 3`` of failing (``log_inv_delta = ln(1 / delta)``).

    Examples
    --------
    >>> round(opim_c_max_sets(1000, 10, 0.1, math.log(1000.0)))
    1330520
    """
    log_6_delta = math.log(6.0) + log_inv_delta
    return 2.0 * n * (RATIO * math.sqrt(log_6_delta)
                      + math.sqrt(RATIO * (log_binomial(max(n, k), k) + log_6_delta))) ** 2 / (eps**2 * k)


def doubling_schedule(theta_max: float, n: int, k: int, eps: float) -> tuple[int, int]:
    """``(theta_0, rounds)``: the first round's sets, ``theta_max * eps^2 * k / n`` (at least 1),
    and how many rounds of doubling reach ``theta_max`` (the last round has at least that many).

    Examples
    --------
    >>> doubling_schedule(1330520.0, 1000, 10, 0.1)
    (134, 15)
    """
    theta_0 = max(1, math.ceil(theta_max * eps**2 * k / n))
    return theta_0, max(0, math.ceil(math.log2(theta_max / theta_0))) + 1
