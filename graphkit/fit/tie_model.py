"""Fit Independent Cascade probabilities tie by tie: a feature model, and per-tie p shrunk toward it.

:func:`fit_tie_model` runs, on the exposures of the cascades (:mod:`graphkit.fit.exposures`):

1. **folds**: the cascades split into ``folds`` blocks by start time
   (:func:`~graphkit.fit.features.time_folds`); each arc has one slot per fold, fitted on that
   fold's exposures with co-adoptions counted on the other folds (cross-fitting,
   :mod:`graphkit.fit.features`);
2. **feature model**: ``p = sigmoid(x . beta)`` by EM with a small ridge
   (:mod:`graphkit.fit.logistic`), ``beta`` with 95% intervals clustered on cascades: by default
   the sandwich of :mod:`graphkit.fit.sandwich`, from one pass over the exposures; with
   ``n_boot > 0``, percentile intervals from that many bootstrap resamples of the cascades
   (:mod:`graphkit.fit.bootstrap`, each a refit: on 1M ties and 100k cascades, 20 of them took
   three quarters of the fit). Both hold the features as they are, so the intervals are
   conditional on the co-adoption counts: recounting them on resampled cascades, where a third of
   the cascades drop out, biased the co-adoption coefficient down by a fifth on the Twitter
   cascades;
3. **per arc**, the feature model's ``p``: the mean over folds of the arc's slot probabilities,
   so the features behind it are distributed as in the fit (co-adoptions counted on (K - 1) / K
   of the cascades); a tie no cascade reached has this ``p``;
4. **per tie**: each arc's own ``p`` from all its attempts, shrunk toward the feature model's by
   a Beta prior worth ``kappa`` attempts, ``kappa`` chosen on held-out folds unless given
   (:mod:`graphkit.fit.per_tie`). ``tie_p`` holds it per row of ``graph.ties``; an undirected
   tie gets the mean of its two arcs, as the ties table holds one ``p`` per tie.

Every probability lies in [1e-6, 1 - 1e-6]. The fit is frozen. To simulate with it or pick seeds,
give the engines the graph with the fitted ``p`` column and the model that reads it:
``fit.with_p(graph)`` and ``fit.to_model()`` (``ICModel(probability="explicit")``); to store it,
write ``tie_p`` as the ties' ``p`` (aligned with ``graph.ties`` rows).

Examples
--------
>>> from graphkit.diffusion.models import ICModel
>>> from graphkit.fit.simulate import simulate_ic_cascades
>>> from graphkit.generate import generate_social_graph
>>> graph = generate_social_graph(n_users=300, rng=1)
>>> cascades = simulate_ic_cascades(graph, ICModel(p_strong=0.2, p_weak=0.03), range(300), rng=2)
>>> fit = fit_tie_model(graph, cascades, window=1.0)
>>> fit.names[:2], bool(fit.beta_ci[1, 0] > 0)  # strong ties pass it on more often
(('intercept', 'strong'), True)
>>> fitted = fit.with_p(graph)
>>> bool((fitted.ties["p"] == fit.tie_p).all()), fit.to_model().probability
(True, 'explicit')
>>> more = simulate_ic_cascades(fitted, fit.to_model(), range(10), rng=4)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from graphkit.cascades import Cascades
from graphkit.diffusion.models import ICModel
from graphkit.errors import InvalidInputError
from graphkit.fit.bootstrap import bootstrap_draws, percentile_intervals
from graphkit.fit.em import P_MAX, P_MIN
from graphkit.fit.exposures import find_exposures
from graphkit.fit.features import TieFeatures, tie_features, time_folds
from graphkit.fit.ic import CascadeFit
from graphkit.fit.logistic import RIDGE, fit_logistic
from graphkit.fit.per_tie import choose_kappa, fit_per_tie
from graphkit.fit.sandwich import sandwich_intervals
from graphkit.fit.slots import SlotExposures
from graphkit.graph import SocialGraph
from graphkit.rng import RngLike

__all__ = ["TieModelFit", "fit_tie_model"]


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.asarray(array)
    array.setflags(write=False)
    return array


@dataclass(frozen=True, kw_only=True, eq=False)
class TieModelFit(CascadeFit):
    """The feature model, per-tie probabilities, and what they came from.

    ``loglik`` is the feature model's EM trace (log-likelihood minus the ridge penalty) and
    ``draws`` its bootstrap coefficients, columns in the order of ``names`` (no rows with the
    sandwich intervals).

    Attributes
    ----------
    names : tuple of str
        The coefficients: ``"intercept"``, then the feature columns of
        :mod:`graphkit.fit.features` (non-binary ones standardised).
    beta : ndarray
        The coefficients, on the logit scale.
    beta_ci : ndarray, shape (len(names), 2)
        Their 95% intervals: sandwich (``n_boot=0``) or bootstrap percentile.
    kappa : float
        Strength of the per-tie prior, in attempts.
    folds : ndarray of int64
        The fold of each cascade.
    arc_p_features, arc_p : ndarray, shape (n_arcs,)
        The feature model's and the per-tie probability of each arc, aligned with ``graph.indices``.
    tie_p : ndarray, shape (n_ties,)
        The per-tie probability of each row of ``graph.ties``.
    per_tie_loglik : ndarray
        The per-tie EM trace (log-likelihood plus the log prior), never decreasing.
    ridge : float
        The feature model's L2 penalty.
    """

    names: tuple[str, ...]
    beta: np.ndarray
    beta_ci: np.ndarray
    kappa: float
    folds: np.ndarray
    arc_p_features: np.ndarray
    arc_p: np.ndarray
    tie_p: np.ndarray
    per_tie_loglik: np.ndarray
    ridge: float

    def to_model(self) -> ICModel:
        """``ICModel(probability="explicit")``: per-tie ``p`` from the graph's ties (see :meth:`with_p`)."""
        return ICModel(probability="explicit")

    def with_p(self, graph: SocialGraph) -> SocialGraph:
        """A copy of ``graph`` (the graph fitted) whose ties carry the fitted ``p`` (``tie_p``).

        Raises
        ------
        InvalidInputError
            If ``graph`` has another number of ties or arcs than the graph fitted.
        """
        if (graph.n_ties, graph.n_arcs) != (len(self.tie_p), len(self.arc_p)):
            raise InvalidInputError(f"the fit is for a graph of {len(self.tie_p)} ties and {len(self.arc_p)} "
                                    f"arcs, got {graph.n_ties} and {graph.n_arcs}")
        return SocialGraph(users=graph.users, ties=graph.ties.assign(p=self.tie_p), directed=graph.directed)


def _fold_mean(features: TieFeatures, beta: np.ndarray) -> np.ndarray:
    """Per arc, the mean over folds of the feature model's p (see the module docstring)."""
    return np.clip(expit(features.logits_by_fold(beta)).mean(axis=0), P_MIN, P_MAX)


def _is_finite_number(value) -> bool:
    return (not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating))
            and math.isfinite(value))


def _check_arguments(kappa, ridge, n_boot):
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise InvalidInputError(f"n_boot must be an int >= 0, got {n_boot!r}")
    if kappa is not None and not (_is_finite_number(kappa) and kappa > 0):
        raise InvalidInputError(f"kappa must be None or a finite number > 0, got {kappa!r}")
    if not (_is_finite_number(ridge) and ridge >= 0):
        raise InvalidInputError(f"ridge must be a finite number >= 0, got {ridge!r}")


def fit_tie_model(
    graph: SocialGraph, cascades: Cascades, *, folds: int = 5, window: float = math.inf,
    kappa: float | None = None, ridge: float = RIDGE, n_boot: int = 0, rng: RngLike = 0,
) -> TieModelFit:
    """Fit the feature model and per-tie probabilities (see the module docstring).

    Parameters
    ----------
    graph : SocialGraph
        The ties the cascades spread over.
    cascades : Cascades
        Observed cascades over ``graph``'s node indices.
    folds : int, default 5
        Time blocks of cascades for cross-fitting, from 2 to the number of non-empty cascades.
    window : float, default inf
        Longest time between a candidate parent's adoption and the adopter's
        (:mod:`graphkit.fit.exposures`); with cascades timed in IC steps, 1.
    kappa : float, optional
        Strength of the per-tie prior in attempts (> 0); default chosen on held-out folds
        (:func:`~graphkit.fit.per_tie.choose_kappa`).
    ridge : float, default 0.01
        L2 penalty on the feature model's coefficients (not the intercept), >= 0.
    n_boot : int, default 0
        Bootstrap resamples of the cascades behind the coefficients' intervals; 0: the sandwich.
    rng : int, SeedSequence or Generator, default 0
        Randomness of the bootstrap; the same value gives the same result.

    Raises
    ------
    InvalidInputError
        If an argument is out of range, the cascades index another number of nodes, or they show
        no adoption over a tie (nothing to fit).
    """
    _check_arguments(kappa, ridge, n_boot)
    fold_of = time_folds(cascades, folds)
    exposures = find_exposures(graph, cascades, window=window)
    if exposures.n_events == 0:
        raise InvalidInputError("the cascades show no adoption after an in-neighbour's: nothing to fit")
    slots = SlotExposures.from_exposures(exposures, fold_of)
    ones = np.ones(cascades.n_cascades)
    features = tie_features(graph, cascades, fold_of)
    design = features.design(slots.slot)
    point = fit_logistic(slots, design, ones, ridge=ridge)
    beta = point.params

    def refit(weights):
        return fit_logistic(slots, design, weights, ridge=ridge, beta=beta).params

    draws = bootstrap_draws(refit, cascades.n_cascades, n_boot, len(beta), rng)
    beta_ci = (percentile_intervals(draws) if n_boot
               else sandwich_intervals(slots, design, beta, ridge=ridge, n_cascades=cascades.n_cascades))
    if kappa is None:
        kappa = choose_kappa(slots, expit(design @ beta), ones)
    arc_p_features = _fold_mean(features, beta)
    arcs = slots.merged_folds()
    per_tie = fit_per_tie(arcs, arc_p_features[arcs.slot], kappa, ones)
    arc_p = arc_p_features.copy()
    arc_p[arcs.slot] = per_tie.params
    arcs_per_tie = np.bincount(graph.arc_tie_row, minlength=graph.n_ties)
    tie_p = np.bincount(graph.arc_tie_row, weights=arc_p, minlength=graph.n_ties) / arcs_per_tie
    return TieModelFit(
        loglik=point.loglik, draws=_frozen(draws), n_cascades=cascades.n_cascades,
        n_events=exposures.n_events, n_exposures=exposures.n_exposures, window=float(window),
        names=("intercept", *features.names), beta=_frozen(beta),
        beta_ci=_frozen(beta_ci), kappa=float(kappa), folds=_frozen(fold_of),
        arc_p_features=_frozen(arc_p_features), arc_p=_frozen(arc_p), tie_p=_frozen(tie_p),
        per_tie_loglik=per_tie.loglik, ridge=float(ridge),
    )
