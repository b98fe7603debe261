"""The feature model: Independent Cascade with ``p = sigmoid(x . beta)`` per slot, fitted by EM.

Each slot (an arc in one fold, :mod:`graphkit.fit.slots`) has a feature row ``x`` (intercept
first, :mod:`graphkit.fit.features`). EM alternates the E-step of :func:`~graphkit.fit.slots.run_em`
(expected credits per slot) with an M-step that is a weighted logistic regression: slot ``s``
counts ``credit_s`` successes out of ``attempts_s`` trials, and ``beta`` maximises

    sum_s credit_s x_s.beta - attempts_s log(1 + exp(x_s.beta)) - ridge / 2 * |beta without intercept|^2

by one Newton step per EM iteration, halved until that objective does not fall (a generalised
EM: the M-step raises its objective instead of maximising it, which took three Newton steps and
no fewer EM iterations), so the penalised observed log-likelihood never decreases (the trace
shows it). The ridge (default 0.01, a weak Normal prior
of variance 100 on standardised features) keeps ``beta`` finite when a feature separates the
data, e.g. a kind of tie that never succeeds. ``p`` and ``log(1 - p)`` are computed from
``x . beta`` directly, so neither rounds to 0 or 1 inside the fit.

Examples
--------
With the intercept alone the model is one ``p`` for every tie, the fit of :func:`graphkit.fit.fit_uniform`:

>>> import numpy as np
>>> from scipy.special import expit
>>> from graphkit.diffusion.models import ICModel
>>> from graphkit.fit.exposures import find_exposures
>>> from graphkit.fit.ic import fit_uniform
>>> from graphkit.fit.simulate import simulate_ic_cascades
>>> from graphkit.generate import generate_social_graph
>>> graph = generate_social_graph(n_users=300, rng=1)
>>> cascades = simulate_ic_cascades(graph, ICModel(p_strong=0.1, p_weak=0.1), range(300), rng=2)
>>> slots = SlotExposures.from_exposures(find_exposures(graph, cascades, window=1.0), np.zeros(300, int))
>>> fit = fit_logistic(slots, np.ones((slots.n_slots, 1)), np.ones(300))
>>> p = float(expit(fit.params[0]))
>>> bool(np.isclose(p, fit_uniform(graph, cascades, window=1.0, n_boot=0).p, rtol=1e-6))
True
>>> bool(np.all(np.diff(fit.loglik) >= 0))
True
"""

from __future__ import annotations

import math

import numba
import numpy as np

from graphkit.fit.slots import EMTrace, SlotExposures, run_em

__all__ = ["RIDGE", "fit_logistic", "ridge_curvature", "slot_probabilities"]

RIDGE = 0.01
_CHUNKS = 64  # partial sums of the Newton terms, spread over the threads


@numba.njit(cache=True)
def _softplus(x):  # pragma: no cover - compiled
    """``log(1 + exp(x))`` without overflow."""
    return x + math.log1p(math.exp(-x)) if x > 0 else math.log1p(math.exp(x))


@numba.njit(parallel=True, cache=True)
def _probabilities(eta):  # pragma: no cover - compiled
    """``(sigmoid(eta), log(1 - sigmoid(eta)))`` elementwise, in parallel."""
    p, log_miss = np.empty_like(eta), np.empty_like(eta)
    for i in numba.prange(eta.shape[0]):
        p[i] = 1.0 / (1.0 + math.exp(-eta[i]))
        log_miss[i] = -_softplus(eta[i])
    return p, log_miss


def slot_probabilities(design: np.ndarray, beta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(p, log(1 - p))`` of each design row, computed from ``x . beta`` without rounding."""
    return _probabilities(np.ascontiguousarray(design @ beta))


@numba.njit(parallel=True, cache=True)
def _binomial_loglik(credits, attempts, eta, n_chunks):  # pragma: no cover - compiled
    """``credits . eta - attempts . log(1 + exp(eta))``: partial sums over ``n_chunks`` fixed
    chunks, added in order, so the value does not depend on the number of threads."""
    n = eta.shape[0]
    partial = np.zeros(n_chunks)
    size = (n + n_chunks - 1) // n_chunks
    for chunk in numba.prange(n_chunks):
        total = 0.0
        for i in range(chunk * size, min(n, (chunk + 1) * size)):
            total += credits[i] * eta[i] - attempts[i] * _softplus(eta[i])
        partial[chunk] = total
    return partial.sum()


def _penalty(beta: np.ndarray, ridge: float) -> float:
    return 0.5 * ridge * float(beta[1:] @ beta[1:])


def ridge_curvature(n_params: int, ridge: float) -> np.ndarray:
    """The penalty's curvature per coefficient: ``ridge`` on each, 0 on the intercept (first).

    >>> ridge_curvature(3, 0.5).tolist()
    [0.0, 0.5, 0.5]
    """
    curvature = np.full(n_params, float(ridge))
    curvature[0] = 0.0
    return curvature


@numba.njit(parallel=True, cache=True)
def _newton_terms(design, credits, attempts, eta, n_chunks):  # pragma: no cover - compiled
    """Gradient and curvature of the M-step objective (before the ridge) in one pass over the rows.

    Row-wise accumulation in ``n_chunks`` parallel chunks (one partial sum each), so the weighted
    design matrix is never built: at 10 million slots it would be a gigabyte per Newton step.
    """
    n, d = design.shape
    gradients = np.zeros((n_chunks, d))
    curvatures = np.zeros((n_chunks, d, d))
    size = (n + n_chunks - 1) // n_chunks
    for chunk in numba.prange(n_chunks):
        gradient, curvature = gradients[chunk], curvatures[chunk]
        for i in range(chunk * size, min(n, (chunk + 1) * size)):
            mu = 1.0 / (1.0 + math.exp(-eta[i]))
            residual = credits[i] - attempts[i] * mu
            weight = attempts[i] * mu * (1.0 - mu)
            for j in range(d):
                x = design[i, j]
                gradient[j] += x * residual
                wx = weight * x
                for k in range(j + 1):
                    curvature[j, k] += wx * design[i, k]
    gradient, curvature = gradients.sum(axis=0), curvatures.sum(axis=0)
    for j in range(d):
        for k in range(j):
            curvature[k, j] = curvature[j, k]
    return gradient, curvature


def _m_step(design, credits, attempts, beta, ridge):
    """One Newton step on the M-step objective, halved until the objective does not fall (see the
    module docstring); ``beta`` itself when the step is negligible or every halving lowers it.

    ``design`` and ``attempts`` hold the slots with attempts only (fixed through one EM run).
    """
    shrink = ridge_curvature(len(beta), ridge)

    def objective(eta, b):
        return _binomial_loglik(credits, attempts, eta, _CHUNKS) - _penalty(b, ridge)

    eta = design @ beta
    current = objective(eta, beta)
    gradient, curvature = _newton_terms(design, credits, attempts, eta, _CHUNKS)
    gradient -= shrink * beta
    curvature += np.diag(shrink)
    step = np.linalg.solve(curvature + 1e-10 * np.eye(len(beta)), gradient)
    if gradient @ step <= 1e-14 * max(1.0, abs(current)):
        return beta
    direction = design @ step
    for halving in range(40):
        if objective(eta + 0.5**halving * direction, beta + 0.5**halving * step) >= current:
            return beta + 0.5**halving * step
    return beta


def fit_logistic(
    slots: SlotExposures, design: np.ndarray, weights: np.ndarray, *, ridge: float = RIDGE,
    beta: np.ndarray | None = None, tol: float = 1e-9, max_iter: int = 1000,
) -> EMTrace:
    """Fit ``beta`` by EM; ``params`` of the result is ``beta``.

    Parameters
    ----------
    slots : SlotExposures
        The attempts.
    design : ndarray, shape (slots.n_slots, d)
        The feature row of each slot, intercept first.
    weights : ndarray
        Times each cascade counts.
    ridge : float, default 0.01
        L2 penalty on every coefficient but the intercept.
    beta : ndarray, optional
        Start; default the intercept at the logit of events per attempt, the others 0.
    tol, max_iter
        As in :func:`~graphkit.fit.slots.run_em`.
    """
    _, attempts = slots.counts(weights)
    if beta is None:
        events = float(weights[slots.event_cascade].sum())
        share = np.clip(events / max(float(attempts.sum()), 1.0), 1e-6, 1 - 1e-6)
        beta = np.zeros(design.shape[1])
        beta[0] = np.log(share / (1.0 - share))
    active = attempts > 0
    if active.all():  # no cascade weighed 0 away (no copy of the design: 400 MB at 8.5 million slots)
        active = slice(None)
    tried, tried_attempts = design[active], attempts[active]
    return run_em(slots, weights, np.asarray(beta, dtype=np.float64),
                  probabilities=lambda b: slot_probabilities(design, b),
                  penalty=lambda b: _penalty(b, ridge),
                  m_step=lambda b, credits, _: _m_step(tried, credits[active], tried_attempts, b, ridge),
                  tol=tol, max_iter=max_iter)
