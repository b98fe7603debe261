"""EM for Independent Cascade probabilities shared by groups of arcs (Saito, Nakano & Kimura 2008).

Every arc belongs to one of ``G`` groups (one group: a uniform p; two: p by tie kind) and the
groups' probabilities ``theta`` are fitted to :class:`~graphkit.fit.exposures.Exposures`, each
cascade counted ``weights[c]`` times (1, or bootstrap multiplicities). The observed-data
log-likelihood is

    log L = sum over events e of w_e log(1 - prod over its candidates a of (1 - p_a))
          + sum over failures f of w_f log(1 - p_f).

The E-step gives each candidate of event ``e`` the expected credit ``p_a / P_e`` (``P_e`` = 1 - the
product); the M-step sets ``theta_g`` = credits / attempts over the arcs of group ``g``. With one
probability per group an event's likelihood depends only on how many candidates it has in each
group, so events are folded into distinct *patterns* (rows of such counts) with summed weights, and
an EM iteration costs O(patterns), a few hundred at most in practice, whatever the data size; a
bootstrap draw re-weights the events of each (cascade, pattern) pair at once.

``theta`` is kept in [1e-6, 1 - 1e-6] (:data:`P_MIN`, :data:`P_MAX`): a group whose attempts all
failed gets 1e-6, not 0, and one whose attempts all succeeded 1 - 1e-6, so every estimate is a
usable IC probability and the log-likelihood stays finite. The M-step maximises a concave function
of each ``theta_g``, so clipping it to the interval still never lowers the log-likelihood (EM's
monotonicity; the trace records it). A group with no attempts gets NaN.

Examples
--------
>>> import numpy as np
>>> # three events, each with one weak candidate (group 0), and seven failed weak attempts
>>> counts = GroupCounts(patterns=np.array([[1]]), cell_cascade=np.arange(3), cell_pattern=np.zeros(3, int),
...                      cell_events=np.ones(3), cascade_attempts=np.array([[4.0], [3.0], [3.0]]))
>>> result = fit_groups(*counts.weighted(np.ones(3)))
>>> round(float(result.theta[0]), 6), bool(np.all(np.diff(result.loglik) >= 0))
(0.3, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graphkit.fit._exposure_kernels import count_groups
from graphkit.fit.exposures import Exposures

__all__ = ["P_MIN", "P_MAX", "EMResult", "GroupCounts", "fit_groups", "log_likelihood"]

P_MIN = 1e-6
P_MAX = 1.0 - 1e-6


@dataclass(frozen=True, eq=False)
class GroupCounts:
    """What the group models need from exposures (see the module docstring).

    Attributes
    ----------
    patterns : ndarray of int64, shape (n_patterns, G)
        Candidates per group of each distinct event pattern.
    cell_cascade, cell_pattern, cell_events : ndarray, shape (n_cells,)
        Events per (cascade, pattern) pair that occurs: a draw re-weights these, not every event.
    cascade_attempts : ndarray of float64, shape (n_cascades, G)
        Attempts (candidate entries and failures) per cascade and group.
    """

    patterns: np.ndarray
    cell_cascade: np.ndarray
    cell_pattern: np.ndarray
    cell_events: np.ndarray
    cascade_attempts: np.ndarray

    @classmethod
    def from_exposures(cls, exposures: Exposures, arc_group: np.ndarray, n_groups: int) -> GroupCounts:
        """Fold ``exposures`` by ``arc_group`` (the group 0..n_groups-1 of each arc)."""
        arc_group = np.ascontiguousarray(arc_group, dtype=np.int64)
        candidates = exposures.candidate_arc
        per_event = count_groups(exposures.event_candidates, candidates, arc_group, n_groups)
        keys = np.ravel_multi_index(per_event.T, per_event.max(axis=0, initial=0) + 1)
        _, first, event_pattern = np.unique(keys, return_index=True, return_inverse=True)
        n_patterns = len(first)
        cells, cell_events = np.unique(exposures.event_cascade() * n_patterns + event_pattern.ravel(),
                                       return_counts=True)
        cascade_candidates = exposures.event_candidates[exposures.cascade_events]
        failures = count_groups(exposures.cascade_failures, exposures.failure_arc, arc_group, n_groups)
        cascade_attempts = failures + count_groups(cascade_candidates, candidates, arc_group, n_groups)
        return cls(patterns=per_event[first], cell_cascade=cells // max(n_patterns, 1),
                   cell_pattern=cells % max(n_patterns, 1), cell_events=cell_events.astype(np.float64),
                   cascade_attempts=cascade_attempts.astype(np.float64))

    def weighted(self, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(patterns, pattern_weight, attempts)`` with cascade ``c`` counted ``weights[c]`` times."""
        cell_weight = weights[self.cell_cascade] * self.cell_events
        pattern_weight = np.bincount(self.cell_pattern, weights=cell_weight, minlength=len(self.patterns))
        return self.patterns, pattern_weight, self.cascade_attempts.T @ weights


@dataclass(frozen=True, eq=False)
class EMResult:
    """``theta`` per group (NaN without attempts); the log-likelihood before each M-step and at the end."""

    theta: np.ndarray
    loglik: np.ndarray


def _log_q(patterns: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """log prod(1 - p) per pattern; groups without attempts (NaN) have no candidates."""
    return patterns @ np.where(np.isnan(theta), 0.0, np.log1p(-theta))


def log_likelihood(patterns, pattern_weight, attempts, theta) -> float:
    """The observed-data log-likelihood of ``theta`` (see the module docstring)."""
    failures = attempts - pattern_weight @ patterns
    log_miss = np.where(np.isnan(theta), 0.0, np.log1p(-theta))
    return float(pattern_weight @ np.log(-np.expm1(_log_q(patterns, theta))) + failures @ log_miss)


def fit_groups(patterns, pattern_weight, attempts, *, theta=None, tol=1e-10, max_iter=10_000) -> EMResult:
    """EM from ``theta`` (default: each event's credit split equally among its candidates).

    Stops when no ``theta_g`` moves by more than ``tol`` relative, or after ``max_iter`` M-steps.
    """
    has_data = attempts > 0
    safe_attempts = np.where(has_data, attempts, 1.0)
    if theta is None:
        shared = (pattern_weight / np.maximum(patterns.sum(axis=1), 1)) @ patterns
        theta = shared / safe_attempts
    theta = np.where(has_data, np.clip(theta, P_MIN, P_MAX), np.nan)
    trace = []
    for _ in range(max_iter):
        trace.append(log_likelihood(patterns, pattern_weight, attempts, theta))
        event_p = -np.expm1(_log_q(patterns, theta))
        credit = (pattern_weight / event_p) @ patterns * theta
        updated = np.where(has_data, np.clip(credit / safe_attempts, P_MIN, P_MAX), np.nan)
        done = np.all(np.abs(updated - theta)[has_data] <= tol * theta[has_data])
        theta = updated
        if done:
            break
    trace.append(log_likelihood(patterns, pattern_weight, attempts, theta))
    return EMResult(theta=theta, loglik=np.array(trace))
