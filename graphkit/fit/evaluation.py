"""Held-out checks of per-arc IC probabilities: log-likelihood, AUC and calibration over exposures.

An **exposure** is a user ``v`` in a cascade where at least one in-neighbour of ``v`` adopted
strictly before ``v`` (or at all, when ``v`` never adopted). The probabilities predict that ``v``
adopts with ``q = 1 - prod(1 - p_a)`` over the in-arcs ``a`` from those earlier-active
in-neighbours (all of them: no time window, recorded parents ignored); the outcome is whether ``v``
adopted. A user who adopts with no earlier-active in-neighbour (a cascade's first adopter, or one
reached from outside the graph) is not an exposure.

* **Log-likelihood**: the sum over exposures of ``log q`` (adopted) or ``log(1 - q)`` (not). It is
  the likelihood :mod:`graphkit.fit.em` maximises, with ``window=inf`` (a non-adopter's
  ``log(1 - q)`` is the sum of its failed attempts' ``log(1 - p)``), so models fitted on earlier
  cascades compare on later ones on the fit's own scale; higher is better. ``q`` is clipped to
  [1e-12, 1 - 1e-12], so one confident miss costs about 27.6 nats, not infinity.
* **AUC**: the chance that a random adopting exposure gets a higher ``q`` than a random
  non-adopting one (ties count one half; the Mann-Whitney statistic). It judges the ranking only.
* **Calibration**: exposures sorted by ``q`` and cut into ``n_bins`` bins of about equal count
  (deciles by default; equal ``q`` stay in one bin), each bin's mean ``q`` next to its observed
  adoption rate.

With ``count_root=False`` each cascade's first adopter (the root of root-pairs data, when it is in
the graph) is left out: it then exposes no one, and its followers are judged only on what later
adopters did (on the Twitter URL cascades, root followers make four exposures in five).

Examples
--------
>>> import pandas as pd
>>> from graphkit.cascades import Cascades
>>> from graphkit.graph import SocialGraph
>>> ties = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "c"],
...                      "tie": ["strong", "weak", "weak"]})
>>> graph = SocialGraph.from_tables(ties, directed=True)
>>> cascades = Cascades.from_arrays(cascade=[0, 0], node=[0, 1], time=[0.0, 1.0], n_nodes=3)  # a, then b
>>> result = evaluate_held_out(graph, cascades, [0.5, 0.2, 0.4])  # arcs a->b, a->c, b->c
>>> result.n_exposures, result.n_adoptions  # b adopted (q = 0.5); c did not (q = 1 - 0.8 * 0.6)
(2, 1)
>>> round(result.loglik, 4), result.auc  # log 0.5 + log 0.48; the adopter got the lower q
(-1.4271, 0.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from graphkit.cascades import Cascades
from graphkit.errors import InvalidInputError
from graphkit.fit._attempts import arc_probabilities, every_attempt
from graphkit.fit.exposures import Exposures
from graphkit.graph import SocialGraph
from graphkit.results import to_jsonable

__all__ = ["HeldOutEvaluation", "auc", "calibration_table", "evaluate_held_out", "evaluate_models",
           "exposure_predictions"]

Q_CLIP = 1e-12


@dataclass(frozen=True, eq=False)
class _ExposureIndex:
    """Who each attempt exposed, found once and shared by every ``p`` scored on the same cascades:
    per candidate entry its event, per failure its group (one group per non-adopting exposure)."""

    exposures: Exposures
    candidate_event: np.ndarray
    failure_group: np.ndarray
    n_groups: int

    @classmethod
    def of(cls, graph: SocialGraph, cascades: Cascades, count_root: bool) -> _ExposureIndex:
        _, exposures = every_attempt(graph, cascades, count_root=count_root)
        exposed = exposures.failure_cascade() * graph.n_nodes + graph.indices[exposures.failure_arc]
        groups, failure_group = np.unique(exposed, return_inverse=True)
        return cls(exposures, exposures.candidate_event(), failure_group.ravel(), len(groups))

    def predictions(self, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(q, adopted)`` per exposure for per-arc ``p`` (see :func:`exposure_predictions`)."""
        exposures = self.exposures
        with np.errstate(divide="ignore"):
            log_miss = np.log1p(-p)  # -inf where p = 1: that exposure adopts for sure
        adopter_log = np.bincount(self.candidate_event, weights=log_miss[exposures.candidate_arc],
                                  minlength=exposures.n_events)
        other_log = np.bincount(self.failure_group, weights=log_miss[exposures.failure_arc],
                                minlength=self.n_groups)
        q = -np.expm1(np.concatenate([adopter_log, other_log]))
        return q, np.arange(len(q)) < exposures.n_events


def exposure_predictions(
    graph: SocialGraph, cascades: Cascades, p, *, count_root: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """``(q, adopted)`` per exposure (see the module docstring): adopters first, in event order,
    then the non-adopters by cascade and node index.

    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["c", "c"], "tie": ["weak", "weak"]})
    >>> graph = SocialGraph.from_tables(ties, directed=True)
    >>> cascades = Cascades.from_arrays(cascade=[0, 0], node=[0, 1], time=[0.0, 0.0], n_nodes=3)
    >>> q, adopted = exposure_predictions(graph, cascades, [0.5, 0.5])
    >>> q.tolist(), adopted.tolist()  # c saw a and b adopt, and did not
    ([0.75], [False])
    """
    p = arc_probabilities(graph, p)
    return _ExposureIndex.of(graph, cascades, count_root).predictions(p)


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal neighbours in ``values`` starts."""
    return np.flatnonzero(np.concatenate([[True], values[1:] != values[:-1]])[:len(values)])


def _sorted_runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(order, sorted values, start of each run of equal values)``: one sort that the AUC and
    the calibration table share. Not a stable one (twice as fast): both take runs of equal values
    as wholes, so the order inside a run does not matter."""
    order = np.argsort(values)
    ranked = values[order]
    return order, ranked, _run_starts(ranked)


def _auc(label: np.ndarray, starts: np.ndarray) -> float:
    """:func:`auc` from the labels in sorted order and the runs of equal scores."""
    n_true, n_false = int(label.sum()), int((~label).sum())
    if n_true == 0 or n_false == 0:
        return float("nan")
    ends = np.append(starts[1:], len(label))
    mean_rank = (starts + ends + 1) / 2.0  # ranks start + 1 .. end, ties sharing their mean
    rank_sum = float(mean_rank @ np.add.reduceat(label.astype(np.int64), starts))
    return (rank_sum - n_true * (n_true + 1) / 2) / (n_true * n_false)


def auc(score, label) -> float:
    """ROC AUC of ``score`` for the boolean ``label`` (ties count one half); NaN without both
    labels, or when a score is NaN.

    >>> auc([0.1, 0.4, 0.4, 0.9], [False, False, True, True])
    0.875
    """
    score, label = np.asarray(score, dtype=np.float64), np.asarray(label, dtype=bool)
    if np.isnan(score).any():
        return float("nan")
    order, _, starts = _sorted_runs(score)
    return _auc(label[order], starts)


def _calibration(q: np.ndarray, y: np.ndarray, starts: np.ndarray, n_bins: int) -> pd.DataFrame:
    """:func:`calibration_table` from predictions and outcomes in sorted order and the runs of equal ``q``."""
    first_equal = np.repeat(starts, np.diff(np.append(starts, len(q))))
    bins = first_equal * n_bins // max(len(q), 1)
    first = _run_starts(bins)
    size = np.diff(np.append(first, len(q)))
    adoptions = np.add.reduceat(y.astype(np.int64), first)
    return pd.DataFrame({
        "bin": bins[first].astype(np.int64), "lowest": q[first], "highest": q[first + size - 1],
        "n": size.astype(np.int64), "mean_predicted": np.add.reduceat(q, first) / size,
        "observed_rate": adoptions / size, "adoptions": adoptions.astype(np.int64),
    })


def calibration_table(predicted, adopted, n_bins: int = 10) -> pd.DataFrame:
    """Predicted against observed adoption, in ``n_bins`` bins of ``predicted`` of about equal count.

    Rows sorted by prediction are cut into ``n_bins`` equal runs, except that equal predictions
    stay together, in the bin of the first of them: bins then hold more or fewer rows, and bins
    left empty are left out (a model with few distinct predictions has few bins). Columns ``bin``
    (0 = lowest predictions), ``lowest``, ``highest``, ``n``, ``mean_predicted``,
    ``observed_rate``, ``adoptions``.

    >>> calibration_table([0.1, 0.2, 0.8, 0.9], [False, True, True, True], n_bins=2).values.tolist()
    [[0.0, 0.1, 0.2, 2.0, 0.15000000000000002, 0.5, 1.0], [1.0, 0.8, 0.9, 2.0, 0.8500000000000001, 1.0, 2.0]]
    >>> calibration_table([0.1, 0.1, 0.1, 0.9], [True, False, False, True], n_bins=2)["n"].tolist()
    [3, 1]
    """
    _check_bins(n_bins)
    predicted, adopted = np.asarray(predicted, dtype=np.float64), np.asarray(adopted, dtype=bool)
    if np.isnan(predicted).any():
        raise InvalidInputError("predicted must not hold NaN")
    order, q, starts = _sorted_runs(predicted)
    return _calibration(q, adopted[order], starts, n_bins)


def _check_bins(n_bins) -> None:
    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise InvalidInputError(f"n_bins must be an int >= 1, got {n_bins!r}")


@dataclass(frozen=True, kw_only=True, eq=False)
class HeldOutEvaluation:
    """How well per-arc probabilities predict the exposures of some cascades (module docstring).

    Attributes
    ----------
    n_cascades, n_exposures, n_adoptions : int
        Cascades scored; exposures; of which adopted.
    loglik, loglik_per_exposure : float
        Log-likelihood over the exposures, and divided by their number (NaN without exposures).
    auc : float
        ROC AUC of ``q`` for adoption (NaN unless some exposures adopted and some did not).
    mean_predicted, adoption_rate : float
        Mean ``q`` and share of exposures that adopted: calibration in the large.
    calibration : DataFrame
        :func:`calibration_table` of the exposures.
    count_root : bool
        Whether each cascade's first adopter was counted.
    """

    n_cascades: int
    n_exposures: int
    n_adoptions: int
    loglik: float
    loglik_per_exposure: float
    auc: float
    mean_predicted: float
    adoption_rate: float
    calibration: pd.DataFrame
    count_root: bool

    def to_dict(self) -> dict:
        """JSON-ready dict (calibration as a list of rows, NaN as None)."""
        return to_jsonable({field.name: getattr(self, field.name) for field in fields(self)})


def evaluate_held_out(
    graph: SocialGraph, cascades: Cascades, p, *, count_root: bool = True, n_bins: int = 10
) -> HeldOutEvaluation:
    """Score per-arc probabilities ``p`` on ``cascades`` (typically the later part of a time split).

    Parameters
    ----------
    graph : SocialGraph
        The ties; ``p`` has one probability per arc, aligned with ``graph.indices``.
    cascades : Cascades
        Cascades the probabilities were not fitted on.
    p : array-like of float, shape (graph.n_arcs,)
        Activation probabilities in [0, 1].
    count_root : bool, default True
        Whether each cascade's first adopter counts (see the module docstring).
    n_bins : int, default 10
        Bins of the calibration table.

    Raises
    ------
    InvalidInputError
        If ``p`` has the wrong length or leaves [0, 1], or the cascades belong to another graph.
    """
    return evaluate_models(graph, cascades, {"p": p}, count_root=count_root, n_bins=n_bins)["p"]


def evaluate_models(
    graph: SocialGraph, cascades: Cascades, models: Mapping[str, object], *, count_root: bool = True,
    n_bins: int = 10,
) -> dict[str, HeldOutEvaluation]:
    """:func:`evaluate_held_out` of each model's per-arc ``p`` (``models``: name to ``p``), the
    exposures found once for all of them, the models scored on two threads (numpy's sorts release
    the GIL).

    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["a"], "target": ["b"], "tie": ["weak"]})
    >>> graph = SocialGraph.from_tables(ties, directed=True)
    >>> cascades = Cascades.from_arrays(cascade=[0, 0, 1], node=[0, 1, 0], time=[0.0, 1.0, 0.0], n_nodes=2)
    >>> scores = evaluate_models(graph, cascades, {"half": [0.5], "low": [0.1]})
    >>> {name: round(result.loglik, 3) for name, result in scores.items()}  # b adopted once in two
    {'half': -1.386, 'low': -2.408}
    """
    _check_bins(n_bins)
    checked = {name: arc_probabilities(graph, p) for name, p in models.items()}
    index = _ExposureIndex.of(graph, cascades, count_root)

    def score(p):
        return _evaluation(*index.predictions(p), cascades.n_cascades, count_root, n_bins)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(checked, pool.map(score, checked.values())))


def _evaluation(q, adopted, n_cascades, count_root, n_bins) -> HeldOutEvaluation:
    order, ranked, starts = _sorted_runs(q)
    clipped = np.clip(q, Q_CLIP, 1.0 - Q_CLIP)
    loglik = float(np.log(clipped[adopted]).sum() + np.log1p(-clipped[~adopted]).sum())
    n_exposures = len(q)
    return HeldOutEvaluation(
        n_cascades=n_cascades, n_exposures=n_exposures, n_adoptions=int(adopted.sum()),
        loglik=loglik, loglik_per_exposure=_mean(np.array([loglik]), n_exposures), auc=_auc(adopted[order], starts),
        mean_predicted=_mean(q, n_exposures), adoption_rate=_mean(adopted, n_exposures),
        calibration=_calibration(ranked, adopted[order], starts, n_bins), count_root=count_root,
    )


def _mean(values: np.ndarray, count: int) -> float:
    """``values.sum() / count``, NaN when ``count`` is 0."""
    return float(values.sum() / count) if count else float("nan")
