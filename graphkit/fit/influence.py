"""Users' direct influence: observed in cascades, predicted by per-arc probabilities, and both combined.

**Observed.** In each cascade a user ``u`` joined (adopted in), the direct influence of ``u`` is
how many of its out-neighbours adopted *strictly later* in that cascade: the adoptions ``u`` could
have caused directly. :func:`observed_influence` sums it over cascades (``total``) and counts the
cascades each sum rests on (``joined``). A later adopter may have been activated by someone else,
so the count is an upper bound on what ``u`` caused: close to it in sparse cascades, about twice it
in simulated cascades where a quarter of the exposed users adopt.

**Predicted.** Under IC with probability ``p_a`` on each arc, the expected number of out-neighbours
``u`` activates directly in a cascade is the sum of ``p`` over its out-arcs to neighbours not yet
active when ``u`` joins: the expectation of the observed figure, but for adoptions caused through
someone else. :func:`predicted_influence` gives it per cascade joined: with no cascades, for a
cascade none of ``u``'s out-neighbours has joined yet (the sum over all out-arcs, a score known
before any cascade); given cascades, averaged over those ``u`` joined, each counting only the
out-neighbours that had not adopted by then (users who joined none get the first figure).

**Shrunk.** A user seen in few cascades has a noisy rate ``total / joined``.
:meth:`ObservedInfluence.shrunk` gives the Poisson-Gamma empirical-Bayes estimate: ``total_u`` is
Poisson with mean ``joined_u * rate_u`` and ``rate_u`` is Gamma with mean ``prior_u`` and variance
``prior_u / m``, so the posterior mean is

    estimate_u = (total_u + m * prior_u) / (joined_u + m),

the observed rate weighted ``joined_u / (joined_u + m)`` against the prior: ``m`` counts as that
many pseudo-cascades at the prior's rate; a user with no cascade gets the prior. The prior is the
population mean rate, or, given a per-user base such as the model's predicted influence, that base
times one factor ``scale = sum(total) / sum(joined * base)`` (the Poisson maximum-likelihood
factor, which corrects the model's level but keeps its ranking). Unless given, ``m`` comes from
the method of moments: since ``E[(total - joined * prior)^2 / joined - prior] = joined * prior / m``,

    1 / m = sum_u ((total_u - joined_u prior_u)^2 / joined_u - prior_u) / sum_u joined_u prior_u

over users who joined a cascade; no spread beyond Poisson noise gives ``m = inf`` (everyone at the
prior). Influence counts vary more than Poisson from cascade to cascade, which this estimate reads
as spread between users, so it shrinks rather less than an exact model would.

**Combined.** ``history.shrunk(prior=predicted).estimate``: the model's prediction, moved towards
the user's observed rate in proportion to the cascades that rate rests on.

Every figure here is *per cascade joined*. With ``count_root=False`` each cascade's first adopter
is left out (see :mod:`graphkit.fit.evaluation`).

Examples
--------
>>> import numpy as np
>>> import pandas as pd
>>> from graphkit.cascades import Cascades
>>> from graphkit.graph import SocialGraph
>>> ties = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "c"],
...                      "tie": ["strong", "weak", "weak"]})
>>> graph = SocialGraph.from_tables(ties, directed=True)
>>> cascades = Cascades.from_arrays(cascade=[0, 0, 0], node=[0, 1, 2], time=[0.0, 1.0, 2.0], n_nodes=3)
>>> history = observed_influence(graph, cascades)
>>> history.joined.tolist(), history.total.tolist()  # a: b and c adopted later; b: c
([1, 1, 1], [2, 1, 0])
>>> predicted_influence(graph, [0.5, 0.2, 0.4]).tolist()  # sum of p over each user's out-arcs
[0.7, 0.4, 0.0]
>>> history.shrunk(strength=1.0).estimate.tolist()  # (total + 1 * mean rate 1) / (joined + 1)
[1.5, 1.0, 0.5]
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Real

import numpy as np
import pandas as pd
from numba import njit

from graphkit.cascades import Cascades
from graphkit.errors import InvalidInputError
from graphkit.fit._attempts import arc_probabilities, every_attempt
from graphkit.fit.exposures import Exposures
from graphkit.graph import SocialGraph

__all__ = ["INFLUENCE_COLUMNS", "ObservedInfluence", "ShrunkInfluence", "observed_influence", "predicted_influence",
           "user_influence"]

INFLUENCE_COLUMNS = ["influence_predicted", "influence_observed", "influence_combined", "influence_cascades"]


@dataclass(frozen=True, eq=False)
class ShrunkInfluence:
    """Empirical-Bayes influence per user (see the module docstring), arrays indexed by node.

    Attributes
    ----------
    estimate : ndarray of float64
        ``(total + strength * prior) / (joined + strength)``; ``prior`` where ``strength`` is inf.
    prior : ndarray of float64
        The prior mean rate of each user (``scale`` times the base, or the population mean).
    joined : ndarray of int64
        Cascades each observed rate rests on.
    strength : float
        ``m``: the prior's weight in pseudo-cascades (inf: the data show no spread beyond noise).
    scale : float
        The factor on the base that makes the prior predict the observed total.
    """

    estimate: np.ndarray
    prior: np.ndarray
    joined: np.ndarray
    strength: float
    scale: float

    @property
    def weight(self) -> np.ndarray:
        """The weight of each user's observed rate, ``joined / (joined + strength)``."""
        return self.joined / (self.joined + self.strength)


@dataclass(frozen=True, eq=False)
class ObservedInfluence:
    """Direct influence seen in cascades (see the module docstring), arrays indexed by node.

    Attributes
    ----------
    joined : ndarray of int64
        Cascades each user adopted in.
    total : ndarray of int64
        Out-neighbours that adopted strictly later, summed over those cascades.
    n_cascades : int
        Cascades read.
    """

    joined: np.ndarray
    total: np.ndarray
    n_cascades: int

    def per_cascade(self) -> np.ndarray:
        """``total / joined``, float64; NaN for users who joined no cascade."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.joined > 0, self.total / self.joined, np.nan)

    def shrunk(self, prior=None, *, strength: float | None = None) -> ShrunkInfluence:
        """The Poisson-Gamma estimate of each user's rate (see the module docstring).

        Parameters
        ----------
        prior : array-like of float >= 0, shape (n_nodes,), optional
            The base the prior is proportional to (e.g. :func:`predicted_influence`); default the
            same for everyone, so the prior is the population mean rate.
        strength : float > 0 or inf, optional
            ``m``, in pseudo-cascades; default the method-of-moments estimate.

        Raises
        ------
        InvalidInputError
            If ``prior`` has the wrong length or a negative or non-finite value, ``strength`` is not
            > 0, or the prior is 0 for every user who joined a cascade while influence was observed.
        """
        n = len(self.joined)
        base = np.ones(n) if prior is None else np.asarray(prior, dtype=np.float64)
        if base.shape != (n,) or not (np.isfinite(base) & (base >= 0)).all():
            raise InvalidInputError(f"prior must be {n} finite values >= 0")
        numeric = isinstance(strength, Real) and not isinstance(strength, bool)
        if strength is not None and not (numeric and strength > 0):
            raise InvalidInputError(f"strength must be > 0 (inf allowed), got {strength!r}")
        observed, expected = float(self.total.sum()), float(self.joined @ base)
        if expected == 0 and observed > 0:
            raise InvalidInputError("the prior is 0 for every user who joined a cascade: it cannot be scaled")
        scale = observed / expected if expected > 0 else 0.0
        rate = scale * base
        m = _moment_strength(self.joined, self.total, rate) if strength is None else float(strength)
        if np.isinf(m):
            estimate = rate.copy()
        else:
            estimate = (self.total + m * rate) / (self.joined + m)
        return ShrunkInfluence(estimate=_readonly(estimate), prior=_readonly(rate), joined=self.joined,
                               strength=m, scale=scale)


def _readonly(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


def _moment_strength(joined: np.ndarray, total: np.ndarray, rate: np.ndarray) -> float:
    """``m`` by the method of moments (see the module docstring); inf without excess spread."""
    seen = joined > 0
    n, x, mu = joined[seen], total[seen], rate[seen]
    excess = float(((x - n * mu) ** 2 / n - mu).sum())
    spread = float((n * mu).sum())
    return spread / excess if excess > 0 and spread > 0 else float("inf")


def observed_influence(
    graph: SocialGraph, cascades: Cascades, *, count_root: bool = True
) -> ObservedInfluence:
    """Each user's observed direct influence in ``cascades`` (see the module docstring).

    Raises
    ------
    InvalidInputError
        If the cascades were built for another number of nodes.
    """
    return _observed(graph, *every_attempt(graph, cascades, count_root=count_root), cascades.n_cascades)


def _observed(graph: SocialGraph, used: Cascades, exposures: Exposures, n_cascades: int) -> ObservedInfluence:
    n = graph.n_nodes
    return ObservedInfluence(
        joined=_readonly(np.bincount(used.node, minlength=n).astype(np.int64)),
        total=_readonly(np.bincount(graph.arc_source[exposures.candidate_arc], minlength=n).astype(np.int64)),
        n_cascades=n_cascades,
    )


def predicted_influence(
    graph: SocialGraph, p, cascades: Cascades | None = None, *, count_root: bool = True
) -> np.ndarray:
    """Expected out-neighbours each user activates directly, per cascade joined (module docstring).

    Parameters
    ----------
    graph : SocialGraph
        The ties.
    p : array-like of float, shape (graph.n_arcs,)
        Activation probabilities in [0, 1], aligned with ``graph.indices``.
    cascades : Cascades, optional
        If given, count per cascade only the out-neighbours not yet active when the user joined,
        averaged over the cascades it joined; else (and for users who joined none) all out-arcs.
    count_root : bool, default True
        Whether each cascade's first adopter counts (only with ``cascades``).

    Returns
    -------
    ndarray of float64, shape (n_nodes,)
    """
    p = arc_probabilities(graph, p)
    if cascades is None:
        return np.bincount(graph.arc_source, weights=p, minlength=graph.n_nodes)
    return _expected(graph, p, *every_attempt(graph, cascades, count_root=count_root))


@njit(cache=True)
def _p_by_source(arc_source, p, candidate_arc, failure_arc, n_nodes):  # pragma: no cover - compiled
    """Per user, the sum of ``p`` over its arcs' attempts (candidates, then failures): one pass,
    no gathered copies (a hundred million failures would need two 800 MB ones)."""
    total = np.zeros(n_nodes)
    for a in candidate_arc:
        total[arc_source[a]] += p[a]
    for a in failure_arc:
        total[arc_source[a]] += p[a]
    return total


def _expected(graph: SocialGraph, p: np.ndarray, used: Cascades, exposures: Exposures) -> np.ndarray:
    """:func:`predicted_influence` given the cascades, from their attempts."""
    n = graph.n_nodes
    fresh = np.bincount(graph.arc_source, weights=p, minlength=n)
    expected = _p_by_source(graph.arc_source, p, exposures.candidate_arc, exposures.failure_arc, n)
    joined = np.bincount(used.node, minlength=n)
    return np.where(joined > 0, expected / np.maximum(joined, 1), fresh)


def user_influence(graph: SocialGraph, cascades: Cascades, p, *, count_root: bool = True) -> pd.DataFrame:
    """Each user's influence, as ``graphkit fit --write`` stores it: ``id`` and :data:`INFLUENCE_COLUMNS`.

    ``influence_predicted``: :func:`predicted_influence` for a fresh cascade (all out-arcs), the
    figure a campaign faces; ``influence_observed``: the history per cascade joined (NaN for users
    who joined none); ``influence_combined``: the history shrunk toward what the model expected of
    it (:func:`predicted_influence` given the cascades, so out-neighbours already active do not
    count), rescaled to the observed level (:meth:`ObservedInfluence.shrunk`; for users who joined
    none, the fresh prediction so rescaled: it may exceed both figures of a user);
    ``influence_cascades``: the cascades the history rests on.

    >>> ties = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"], "tie": ["strong", "weak"]})
    >>> graph = SocialGraph.from_tables(ties, directed=True)
    >>> cascades = Cascades.from_arrays(cascade=[0, 0, 1], node=[0, 1, 1], time=[0.0, 1.0, 0.0], n_nodes=3)
    >>> user_influence(graph, cascades, [0.5, 0.2])[["id", "influence_predicted", "influence_cascades"]].values.tolist()
    [['a', 0.7, 1], ['b', 0.0, 2], ['c', 0.0, 0]]
    """
    p = arc_probabilities(graph, p)
    used, exposures = every_attempt(graph, cascades, count_root=count_root)
    history = _observed(graph, used, exposures, cascades.n_cascades)
    expected = _expected(graph, p, used, exposures)
    return pd.DataFrame({
        "id": graph.node_ids,
        "influence_predicted": predicted_influence(graph, p),
        "influence_observed": history.per_cascade(),
        "influence_combined": history.shrunk(expected).estimate,
        "influence_cascades": history.joined.astype(np.int64),
    })
