"""The result of every seed-selection method, :class:`SeedSet`, and the steps all methods share.

Every method (:mod:`graphkit.diffusion.imm_seeds`, :mod:`graphkit.diffusion.celf_seeds`,
:mod:`graphkit.diffusion.heuristic_seeds`, and a given set through
:func:`graphkit.diffusion.seeds.evaluate_seed_set`) checks its arguments the same way
(:func:`check_seed_arguments`), splits its ``rng`` into a selection stream and an evaluation stream
(:func:`split_streams`), and hands its :class:`~graphkit.diffusion.constraints.Picks` to
:func:`finish_seed_set`, which estimates the chosen set's spread by an **independent** Monte Carlo
run (:func:`~graphkit.diffusion.simulate.estimate_spread` on the evaluation stream, never the
samples the selection used, whose estimates are biased upwards by the selection itself) and
freezes everything into a :class:`SeedSet`. Methods that estimate nothing themselves go through
:func:`seed_set_from_picks` in one call.

Examples
--------
>>> import numpy as np
>>> import graphkit
>>> from graphkit.diffusion.models import ICModel
>>> from graphkit.diffusion.constraints import CampaignConstraints, Picks
>>> graph = graphkit.generate_social_graph(n_users=100, rng=2)
>>> nan = np.full(2, np.nan)
>>> seeds = seed_set_from_picks(graph, ICModel(), CampaignConstraints(k=2),
...                             lambda bound: Picks(np.array([4, 9]), nan, nan.copy(), {}),
...                             method="given", objective="awareness", eval_trials=200, rng=3)
>>> seeds.seed_nodes.tolist(), seeds.method, seeds.params["rng_seed"], seeds.reach >= 2
([4, 9], 'given', 3, True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from graphkit.diffusion.constraints import BoundConstraints, CampaignConstraints, Picks
from graphkit.diffusion.models import ICModel, LTModel, Model, check_objective
from graphkit.diffusion.simulate import Z_95, SpreadEstimate, estimate_spread
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.results import make_params
from graphkit.rng import RngLike, make_rng

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_EVAL_TRIALS",
    "SeedSet",
    "check_seed_arguments",
    "check_trials",
    "finish_seed_set",
    "mc_evaluator",
    "seed_set_from_picks",
    "split_streams",
]

DEFAULT_EVAL_TRIALS = 10_000


@dataclass(frozen=True, kw_only=True, eq=False)
class SeedSet:
    """Seeds chosen for a campaign, how they were chosen, and their independently estimated spread.

    Attributes
    ----------
    seed_nodes : ndarray of int64
        Node indices in pick order (required users first).
    marginal_gains : ndarray of float64
        The method's own estimate of what each pick adds to the (target-weighted) objective given
        the picks before it (IMM: RR-set coverage; CELF: Monte Carlo); NaN for heuristics and
        given sets, which estimate nothing.
    cumulative : ndarray of float64
        Running sum of ``marginal_gains``.
    costs : ndarray of float64
        Cost of each seed (1 when the campaign has no costs).
    required : ndarray of bool
        Whether each seed was required by the campaign.
    method : str
        ``"imm"``, ``"celf"``, ``"degree"``, ``"pagerank"``, ``"degree-discount"``,
        ``"community-leaders"`` or ``"given"``.
    objective : str
        ``"awareness"`` or ``"adoption"``.
    spread : SpreadEstimate or None
        Independent Monte Carlo estimate of the whole set's spread (None only when
        ``eval_trials=0`` was asked for).
    params : dict
        Method, model, objective, constraints, tuning arguments, rng seed, graphkit version.
    """

    seed_nodes: np.ndarray
    marginal_gains: np.ndarray
    cumulative: np.ndarray
    costs: np.ndarray
    required: np.ndarray
    method: str
    objective: str
    spread: SpreadEstimate | None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def total_cost(self) -> float:
        """Sum of the seeds' costs."""
        return float(self.costs.sum())

    @property
    def reach(self) -> float | None:
        """Independent estimate of the objective: target-weighted when the campaign has a target."""
        if self.spread is None:
            return None
        return self.spread.mean if self.spread.target_reach is None else self.spread.target_reach

    def _seed_ids(self, node_ids: np.ndarray | SocialGraph) -> np.ndarray:
        if isinstance(node_ids, SocialGraph):
            return node_ids.ids_at(self.seed_nodes)
        return np.asarray(node_ids, dtype=object)[self.seed_nodes]

    def to_frame(self, node_ids: np.ndarray | SocialGraph) -> pd.DataFrame:
        """One row per seed: ``rank`` (1-based), ``node_id``, ``marginal_gain``, ``cumulative``, ``cost``, ``required``.

        ``node_ids``: every node's id, or the graph (then only the seeds' ids are made)."""
        import pandas as pd

        return pd.DataFrame(self._columns(node_ids))

    def to_records(self, node_ids: np.ndarray | SocialGraph) -> list[dict[str, Any]]:
        """The rows of :meth:`to_frame` as plain dicts, without pandas (what ``--json`` prints)."""
        columns = self._columns(node_ids)
        return [dict(zip(columns, row)) for row in zip(*(column.tolist() for column in columns.values()))]

    def _columns(self, node_ids: np.ndarray | SocialGraph) -> dict[str, np.ndarray]:
        return {
            "rank": np.arange(1, len(self.seed_nodes) + 1),
            "node_id": self._seed_ids(node_ids),
            "marginal_gain": self.marginal_gains,
            "cumulative": self.cumulative,
            "cost": self.costs,
            "required": self.required,
        }

    def to_dict(self, node_ids: np.ndarray | SocialGraph | None = None) -> dict[str, Any]:
        """A JSON-ready summary: seeds (with ids when ``node_ids`` or the graph is given), reach, CI, params."""
        spread = self.spread
        error = None
        if spread is not None:
            error = spread.std_error if spread.target_reach is None else spread.target_std_error
        return {
            "method": self.method,
            "objective": self.objective,
            "seed_nodes": self.seed_nodes.tolist(),
            "seed_ids": None if node_ids is None else [str(v) for v in self._seed_ids(node_ids)],
            "marginal_gains": self.marginal_gains.tolist(),
            "cumulative": self.cumulative.tolist(),
            "costs": self.costs.tolist(),
            "total_cost": self.total_cost,
            "reach": self.reach,
            "reach_std_error": error,
            "ci_low": None if error is None else self.reach - Z_95 * error,
            "ci_high": None if error is None else self.reach + Z_95 * error,
            "awareness_mean": None if spread is None else spread.awareness_mean,
            "adoption_mean": None if spread is None else spread.adoption_mean,
            "params": self.params,
        }


def check_seed_arguments(model: Any, constraints: Any, objective: Any, eval_trials: Any) -> None:
    """Raise :class:`~graphkit.errors.InvalidInputError` unless the arguments every method takes are valid."""
    if not isinstance(model, (ICModel, LTModel)):
        raise InvalidInputError(f"model must be an ICModel or LTModel, got {type(model).__name__}")
    if not isinstance(constraints, CampaignConstraints):
        raise InvalidInputError(
            f"constraints must be a CampaignConstraints (e.g. CampaignConstraints(k=10)), got {constraints!r}"
        )
    check_objective(objective)
    if isinstance(eval_trials, bool) or not isinstance(eval_trials, (int, np.integer)) or (
        eval_trials != 0 and eval_trials < 2
    ):
        raise InvalidInputError(f"eval_trials must be 0 (no estimate) or an int >= 2, got {eval_trials!r}")


def check_trials(n_trials: Any) -> None:
    """Raise :class:`~graphkit.errors.InvalidInputError` unless ``n_trials`` is an int >= 2."""
    if isinstance(n_trials, bool) or not isinstance(n_trials, (int, np.integer)) or n_trials < 2:
        raise InvalidInputError(f"n_trials must be an int >= 2, got {n_trials!r}")


def split_streams(rng: RngLike) -> tuple[np.random.Generator, np.random.Generator]:
    """Two independent streams from ``rng``: one for the selection, one for the evaluation."""
    selection, evaluation = make_rng(rng).spawn(2)
    return selection, evaluation


def mc_evaluator(
    graph: SocialGraph, model: Model, objective: str, weights: np.ndarray | None, n_trials: int, seed: int
) -> Callable[[Sequence[int]], float]:
    """``seed_nodes -> estimated objective``: Monte Carlo with the same seed every call (common random numbers)."""

    def evaluate(seed_nodes) -> float:
        estimate = estimate_spread(
            graph, np.asarray(seed_nodes, dtype=np.int64), model, objective=objective, n_trials=n_trials,
            target_weights=weights, rng=seed,
        )
        return estimate.mean if estimate.target_reach is None else float(estimate.target_reach)

    return evaluate


def finish_seed_set(
    graph: SocialGraph,
    model: Model,
    constraints: CampaignConstraints,
    bound: BoundConstraints,
    picks: Picks,
    *,
    method: str,
    objective: str,
    eval_trials: int,
    evaluation: np.random.Generator,
    rng: RngLike,
    arguments: dict[str, Any],
) -> SeedSet:
    """``picks`` as a frozen :class:`SeedSet`, with the independent estimate (``eval_trials`` cascades
    on the ``evaluation`` stream) and ``params`` (``arguments`` and the picks' details included)."""
    seeds = np.asarray(picks.seed_nodes, dtype=np.int64)
    spread = None
    if eval_trials:
        spread = estimate_spread(
            graph, seeds, model, objective=objective, n_trials=int(eval_trials),
            target_weights=bound.target_weights, communities=constraints.communities, rng=evaluation,
        )
    params = make_params(
        method,
        rng=rng,
        model=model.to_dict(),
        objective=objective,
        constraints=constraints.to_dict(),
        eval_trials=int(eval_trials),
        **arguments,
        **picks.details,
    )
    return SeedSet(
        seed_nodes=_frozen(seeds),
        marginal_gains=_frozen(np.asarray(picks.marginal_gains, dtype=np.float64)),
        cumulative=_frozen(np.asarray(picks.cumulative, dtype=np.float64)),
        costs=_frozen(bound.cost[seeds].astype(np.float64)),
        required=_frozen(np.isin(seeds, bound.required)),
        method=method,
        objective=objective,
        spread=spread,
        params=params,
    )


def seed_set_from_picks(
    graph: SocialGraph,
    model: Model,
    constraints: CampaignConstraints,
    pick: Callable[[BoundConstraints], Picks],
    *,
    method: str,
    objective: str,
    eval_trials: int,
    rng: RngLike,
    arguments: dict[str, Any] | None = None,
) -> SeedSet:
    """Check the arguments, bind ``constraints`` to the graph, ``pick(bound)`` and finish the SeedSet.

    For methods that need no randomness of their own (heuristics, given sets): ``rng`` only seeds
    the evaluation stream, the same one the other methods evaluate on.
    """
    check_seed_arguments(model, constraints, objective, eval_trials)
    bound = constraints.bind(graph.n_nodes)
    _, evaluation = split_streams(rng)
    picks = pick(bound)
    return finish_seed_set(
        graph, model, constraints, bound, picks, method=method, objective=objective, eval_trials=eval_trials,
        evaluation=evaluation, rng=rng, arguments=arguments or {},
    )


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array)
    array.setflags(write=False)
    return array
