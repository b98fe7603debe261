"""Per-tie probabilities shrunk toward the feature model by empirical Bayes.

Each arc ``a`` gets its own probability with a Beta prior centred on ``m_a``, the feature model's
probability of the arc (:mod:`graphkit.fit.logistic`), worth ``kappa`` attempts. EM
(:func:`~graphkit.fit.slots.run_em`, here one slot per arc) with the M-step

    p_a = (credit_a + kappa m_a) / (attempts_a + kappa)

maximises the log-likelihood plus ``sum_a kappa m_a log p_a + kappa (1 - m_a) log(1 - p_a)`` (the
log density of Beta(kappa m_a + 1, kappa (1 - m_a) + 1), whose mode is ``m_a``). An arc without
attempts keeps ``m_a``; one whose single attempt succeeded gets ``(1 + kappa m_a) / (1 + kappa)``,
not 1; an arc with many attempts follows its own rate. Every ``p_a`` is kept in [1e-6, 1 - 1e-6]
(the per-arc objective is concave, so the clip never lowers it).

:func:`choose_kappa` picks ``kappa`` on held-out folds: the exposures of fold ``f`` are scored
with each arc's probability predicted from the *other* folds,
``(credit_a - credit_af + kappa m_af) / (attempts_a - attempts_af + kappa)`` (credits of the
E-step at the feature model, ``m_af`` the feature model's probability of the arc in fold ``f``),
and the sum of the folds' log-likelihoods is maximised over ``kappa`` in :data:`KAPPA_RANGE`. A
large ``kappa`` says that what sets one tie apart from its features in some cascades does not
carry over to the others. (The beta-binomial marginal likelihood, tried in the research
prototype, chose 3 to 10 on the Twitter cascades, where later cascades are predicted best with
``kappa`` of 30 or more.)

Examples
--------
>>> import numpy as np
>>> import pandas as pd
>>> from graphkit.cascades import Cascades
>>> from graphkit.fit.exposures import find_exposures
>>> from graphkit.fit.slots import SlotExposures
>>> from graphkit.graph import SocialGraph
>>> graph = SocialGraph.from_tables(pd.DataFrame({"source": ["a"], "target": ["b"], "tie": ["weak"]}),
...                                 directed=True)
>>> once = Cascades.from_arrays(cascade=[0, 0], node=[0, 1], time=[0.0, 1.0], n_nodes=2)  # a, then b
>>> slots = SlotExposures.from_exposures(find_exposures(graph, once), np.zeros(1, int))
>>> fit = fit_per_tie(slots, np.array([0.05]), 10.0, np.ones(1))  # one fold: slot = arc
>>> round(float(fit.params[0]), 4)  # (1 + 10 * 0.05) / (1 + 10): one success is not p = 1
0.1364
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar

from graphkit.fit.em import P_MAX, P_MIN
from graphkit.fit.slots import EMTrace, SlotExposures, run_em

__all__ = ["KAPPA_RANGE", "choose_kappa", "fit_per_tie"]

KAPPA_RANGE = (0.1, 1e5)


def choose_kappa(slots: SlotExposures, prior: np.ndarray, weights: np.ndarray) -> float:
    """The ``kappa`` in :data:`KAPPA_RANGE` that predicts each fold best from the others (see the
    module docstring), to within about 5%; ``slots`` has one slot per arc and fold, ``prior`` is
    ``m`` per slot."""
    prior = np.clip(prior, P_MIN, P_MAX)
    credits, _ = slots.e_step(prior, np.log1p(-prior), weights)
    failures, attempts = slots.counts(weights)
    arc = slots.slot % slots.n_arcs
    other_credits = np.bincount(arc, weights=credits)[arc] - credits
    other_attempts = np.bincount(arc, weights=attempts)[arc] - attempts

    def minus_held_out(log_kappa):
        kappa = np.exp(log_kappa)
        p = np.clip((other_credits + kappa * prior) / (other_attempts + kappa), P_MIN, P_MAX)
        log_miss = np.log1p(-p)
        return -(slots.event_loglik(log_miss, weights) + float(failures @ log_miss))

    best = minimize_scalar(minus_held_out, bounds=np.log(KAPPA_RANGE), method="bounded",
                           options={"xatol": 0.05})
    return float(np.exp(best.x))


def fit_per_tie(
    slots: SlotExposures, prior: np.ndarray, kappa: float, weights: np.ndarray, *, tol: float = 1e-9,
    max_iter: int = 1000,
) -> EMTrace:
    """MAP-EM for one ``p`` per slot of ``slots`` (``params`` of the result), from ``prior`` (``m`` per
    slot); with one fold, a slot is an arc."""
    prior = np.clip(prior, P_MIN, P_MAX)

    def penalty(p):
        return -kappa * float(prior @ np.log(p) + (1.0 - prior) @ np.log1p(-p))

    def m_step(_, credits, attempts):
        return np.clip((credits + kappa * prior) / (attempts + kappa), P_MIN, P_MAX)

    return run_em(slots, weights, prior, probabilities=lambda p: (p, np.log1p(-p)), penalty=penalty,
                  m_step=m_step, tol=tol, max_iter=max_iter)
