"""The brand-team workflow: circles and leaders, seed selection, and an independent evaluation.

:func:`plan_campaign` runs, on a graph and a :class:`~graphkit.campaign.config.Campaign`:

1. **circles** (``[circles]``) and **leaders** (composite leader score, roles);
2. **constraints**: the campaign's keys checked against the data (:mod:`graphkit.campaign.constraints`);
3. **selection**: the optimiser (IMM by default, ``[selection]``) picks the KOLs;
4. **shortlist**: every prefix and every pick alone estimated by one Monte Carlo
   :class:`~graphkit.campaign.evaluation.Evaluator` (``trials`` cascades, its own seed) — marginal
   and cumulative reach with 95% CIs, overlap, reasons, and the budget curve;
5. **strategies**: the same evaluation of the rules of thumb (top followers, top PageRank, one
   leader per circle) under the same constraints;
6. **sensitivity**: the tie parameters moved by ``±sensitivity.change``, and the campaign
   re-planned with its budget times each of ``sensitivity.budget_factors``.

All randomness comes from ``campaign.rng``: three random-number seeds (circles, selection, evaluation) are
derived from it with :class:`numpy.random.SeedSequence` and recorded in ``params["rng_streams"]``, so the same
campaign file gives the same plan.

Examples
--------
>>> import graphkit
>>> from graphkit.campaign.config import campaign_from_dict
>>> graph = graphkit.generate_social_graph(n_users=300, rng=4)
>>> campaign = campaign_from_dict({"name": "doc", "objective": "awareness", "trials": 200,
...     "budget": {"total": 300, "cost_column": "cost"}, "model": {"p_strong": 0.3, "p_weak": 0.05},
...     "target": {"where": {"segment": "students"}}, "candidates": {"max_per_circle": 1}})
>>> plan = plan_campaign(campaign, graph)
>>> bool(plan.shortlist["spend"].iloc[-1] <= 300)
True
>>> int(plan.shortlist.groupby("community").size().max())
1
>>> plan.shortlist["user"].tolist() == plan_campaign(campaign, graph).shortlist["user"].tolist()
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from graphkit.analysis.communities import Partition, detect_communities
from graphkit.analysis.leaders import Leaders, find_leaders
from graphkit.analysis.weights import TieWeights
from graphkit.campaign.budgets import budget_table
from graphkit.campaign.config import Campaign
from graphkit.campaign.constraints import PlanConstraints, campaign_constraints
from graphkit.campaign.evaluation import Evaluator, reach_of
from graphkit.campaign.sensitivity import sensitivity_table
from graphkit.campaign.shortlist import shortlist_tables
from graphkit.campaign.strategies import strategy_table
from graphkit.diffusion.constraints import CampaignConstraints
from graphkit.diffusion.models import ICModel, LTModel, Model
from graphkit.diffusion.seeds import SeedSet, select_seed_nodes
from graphkit.diffusion.simulate import SpreadEstimate
from graphkit.errors import InvalidInputError
from graphkit.fit.model_file import FittedModel, read_model_file
from graphkit.graph import SocialGraph

__all__ = ["PLAN_STEPS", "CampaignPlan", "campaign_fit", "campaign_model", "circle_table", "rng_streams", "plan_campaign"]

PLAN_STEPS = ("circles", "leaders", "constraints", "selection", "shortlist", "strategies", "sensitivity", "budgets")
Progress = Callable[[str, str], None]
"""Called as ``progress(step, detail)``: ``step`` one of :data:`PLAN_STEPS`, ``detail`` e.g. "3/12"."""


@dataclass(frozen=True, kw_only=True, eq=False)
class CampaignPlan:
    """Everything :func:`plan_campaign` found; tables are pandas DataFrames, ids are external.

    Attributes
    ----------
    campaign : Campaign
    graph : SocialGraph
    partition : Partition
        The circles.
    leaders : Leaders
        Leader scores and roles of every user.
    constraints : PlanConstraints
    selection : SeedSet
        The optimiser's result (its ``params`` say how it was made).
    final : SpreadEstimate
        The evaluation of the whole shortlist (per-user probabilities, per-circle reach).
    shortlist, budget_curve, budgets, strategies, sensitivity, circles : DataFrame
        See :mod:`graphkit.campaign.shortlist`, :mod:`~graphkit.campaign.budgets`,
        :mod:`~graphkit.campaign.strategies`, :mod:`~graphkit.campaign.sensitivity`; ``circles``
        has one row per circle.
    sensitivity_note : str or None
        Why ``sensitivity`` is empty, when it is.
    summary : dict
        The headline figures (see :func:`plan_campaign`).
    params : dict
        The campaign, the derived random-number seeds (``rng_streams``), and the parameters of every step.
    """

    campaign: Campaign
    graph: SocialGraph
    partition: Partition
    leaders: Leaders
    constraints: PlanConstraints
    selection: SeedSet
    final: SpreadEstimate
    shortlist: pd.DataFrame
    budget_curve: pd.DataFrame
    budgets: pd.DataFrame
    strategies: pd.DataFrame
    sensitivity: pd.DataFrame
    sensitivity_note: str | None
    circles: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def seed_nodes(self) -> np.ndarray:
        """The shortlist's node indices, in pick order."""
        return self.selection.seed_nodes


def campaign_fit(campaign: Campaign) -> FittedModel | None:
    """The model file named by ``model.fitted``, read; None when the campaign guesses its probabilities.

    Raises
    ------
    InvalidInputError
        Naming the model file, and the campaign file and key ``model.fitted``.
    """
    if campaign.model.fitted is None:
        return None
    try:
        return read_model_file(campaign.input_path(campaign.model.fitted))
    except InvalidInputError as error:
        raise InvalidInputError(str(error), path=campaign.source, key="model.fitted") from None


def campaign_model(campaign: Campaign) -> Model:
    """The diffusion model the campaign's ``[model]`` section describes (or its fitted model file)."""
    spec = campaign.model
    fitted = campaign_fit(campaign)
    if fitted is not None:
        return fitted.model
    if spec.kind == "ic":
        return ICModel(p_strong=spec.p_strong, p_weak=spec.p_weak, probability=spec.probability)
    return LTModel(w_strong=spec.w_strong, w_weak=spec.w_weak)


def rng_streams(rng: int) -> dict[str, int]:
    """The random-number seeds of the circles, selection and evaluation steps, derived from a campaign's ``rng``.

    ("Seeds" alone means the users a campaign starts from; these are seeds of random streams.)

    Examples
    --------
    >>> rng_streams(7) == rng_streams(7)
    True
    """
    circles, selection, evaluation = np.random.SeedSequence(rng).generate_state(3, dtype=np.uint32)
    return {"circles": int(circles), "selection": int(selection), "evaluation": int(evaluation)}


def plan_campaign(campaign: Campaign, graph: SocialGraph, *, progress: Progress | None = None) -> CampaignPlan:
    """Plan ``campaign`` on ``graph`` (see the module docstring).

    Returns
    -------
    CampaignPlan
        ``summary`` holds ``kols``, ``spend``, ``budget``, ``reach`` with ``ci_low`` / ``ci_high``
        and ``std_error``, ``reach_unit`` (what reach counts, in words), ``target_users``,
        ``target_total`` (the most reach there is), ``share_of_target``, ``circles_reached``,
        ``best_baseline`` and ``lift`` (reach over the best rule of thumb's), and
        ``kols_for_80_percent`` / ``spend_for_80_percent`` (the first picks that bring 80% of the reach).

    Raises
    ------
    InvalidInputError
        If a campaign key does not fit the data (naming the file and key).
    """

    def step(name: str, detail: str = "") -> None:
        if progress is not None:
            progress(name, detail)

    streams = rng_streams(campaign.rng)
    fitted = campaign_fit(campaign)
    model = campaign_model(campaign)
    circles_spec = campaign.circles
    step("circles")
    weights = TieWeights(strong=circles_spec.strong_weight, weak=circles_spec.weak_weight)
    partition = detect_communities(
        graph, circles_spec.method, resolution=circles_spec.resolution, weights=weights, rng=streams["circles"],
    )
    step("leaders")
    leaders = find_leaders(graph, partition, weights=weights)
    step("constraints")
    plan_constraints = campaign_constraints(campaign, graph, partition, leaders)
    constraints = plan_constraints.constraints
    pool = np.flatnonzero(plan_constraints.candidates)

    def select(chosen_model: Model, chosen: CampaignConstraints = constraints) -> SeedSet:
        options: dict[str, Any] = {"objective": campaign.objective, "eval_trials": 0, "rng": streams["selection"],
                                   "n_trials": campaign.selection.trials}
        if campaign.selection.method == "imm":
            options["eps"] = campaign.selection.eps
        else:
            options["candidates"] = np.union1d(pool, np.asarray(constraints.required, dtype=np.int64))
        return select_seed_nodes(graph, chosen_model, chosen, method=campaign.selection.method, **options)

    step("selection")
    selection = select(model)
    if len(selection.seed_nodes) == 0:
        raise InvalidInputError(
            "no candidate adds any reach under this model and target: check model.p_strong / model.p_weak "
            "and target.where", path=campaign.source,
        )
    evaluator = Evaluator(
        graph, model, objective=campaign.objective, n_trials=campaign.trials,
        target_weights=plan_constraints.target_weights, communities=partition.membership, rng=streams["evaluation"],
    )
    cost = np.ones(graph.n_nodes) if constraints.cost is None else np.asarray(constraints.cost)
    shortlist, curve, final = shortlist_tables(
        graph, selection.seed_nodes, evaluator, leaders, cost=cost, required=list(constraints.required),
        in_target=plan_constraints.in_target if campaign.target.where else None, who=_who(campaign),
        progress=lambda detail: step("shortlist", detail),
    )
    step("strategies")
    strategies = strategy_table(graph, selection.seed_nodes, reach_of(final), evaluator, constraints, leaders,
                                objective=campaign.objective, rng=streams["selection"])
    step("sensitivity")
    sensitivity, note = sensitivity_table(
        graph, selection.seed_nodes, reach_of(final), evaluator, lambda scenario: select(scenario).seed_nodes,
        change=campaign.sensitivity.change, intervals=None if fitted is None else fitted.intervals,
        progress=lambda detail: step("sensitivity", detail),
    )
    step("budgets")
    budgets = budget_table(
        graph, selection.seed_nodes, evaluator, constraints, lambda scaled: select(model, scaled).seed_nodes,
        factors=campaign.sensitivity.budget_factors, progress=lambda detail: step("budgets", detail),
    )
    circles = circle_table(graph, partition, leaders, final, plan_constraints, selection.seed_nodes)
    summary = _summary(campaign, final, shortlist, strategies, circles, plan_constraints)
    params = {
        "campaign": campaign.to_dict(),
        "rng_streams": streams,
        "model": model.to_dict(),
        "model_source": "the campaign file" if fitted is None else fitted.source(),
        "model_intervals": {} if fitted is None else fitted.intervals,
        "circles": partition.params,
        "leaders": {key: value for key, value in leaders.params.items() if key != "partition"},
        "selection": selection.params,
        "evaluation": {"n_trials": campaign.trials, "rng_seed": streams["evaluation"], "objective": campaign.objective},
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return CampaignPlan(
        campaign=campaign, graph=graph, partition=partition, leaders=leaders, constraints=plan_constraints,
        selection=selection, final=final, shortlist=shortlist, budget_curve=curve, budgets=budgets, strategies=strategies,
        sensitivity=sensitivity, sensitivity_note=note, circles=circles, summary=summary, params=params,
    )


def circle_table(
    graph: SocialGraph, partition: Partition, leaders: Leaders, final: SpreadEstimate,
    plan_constraints: PlanConstraints, seed_nodes: np.ndarray,
) -> pd.DataFrame:
    """One row per circle: size, target users, leader, the KOLs picked in it, and the expected reach.

    ``expected_reach`` counts everyone the objective counts (target or not); ``target_reach``
    the campaign's reach (target users, weighted by value when the campaign has a value column;
    equal to ``expected_reach`` without a target); ``target_total`` the most ``target_reach``
    there is in the circle; ``share_reached`` = target_reach / target_total; ``target_people``
    the expected number of target users reached.
    """
    membership = partition.membership
    n = partition.n_communities
    ids = np.asarray(graph.node_ids, dtype=object)
    probability = final.activation_probability
    in_target = plan_constraints.in_target
    weights = np.ones(graph.n_nodes) if plan_constraints.target_weights is None else plan_constraints.target_weights
    expected = np.bincount(membership, weights=probability, minlength=n)
    target = np.bincount(membership, weights=probability * weights, minlength=n)
    target_total = np.bincount(membership, weights=weights, minlength=n)
    top = leaders.table["community_rank"].to_numpy() == 1
    leader = np.empty(n, dtype=object)
    leader[membership[top]] = ids[top]
    picked = [[] for _ in range(n)]
    for node in seed_nodes:
        picked[membership[node]].append(str(ids[node]))
    return pd.DataFrame(
        {
            "community": np.arange(n),
            "size": partition.sizes,
            "target_users": np.bincount(membership, weights=in_target, minlength=n).astype(np.int64),
            "leader": leader,
            "kols": [len(users) for users in picked],
            "kol_users": [", ".join(users) for users in picked],
            "expected_reach": expected,
            "target_reach": target,
            "target_total": target_total,
            "share_reached": np.divide(target, target_total, out=np.zeros(n), where=target_total > 0),
            "target_people": np.bincount(membership, weights=probability * in_target, minlength=n),
        }
    )


def _who(campaign: Campaign) -> tuple[str, str]:
    """What one unit of reach is, singular and plural, for sentences."""
    if campaign.target.value_column is not None:
        return "unit of target value", "units of target value"
    return ("target user", "target users") if campaign.target.where else ("person", "people")


def _reach_unit(campaign: Campaign) -> str:
    verb = "hear of it" if campaign.objective == "awareness" else "adopt"
    if campaign.target.value_column is not None:
        return f"customer value ({campaign.target.value_column}) of the target users who {verb}"
    who = "target customers" if campaign.target.where else "people"
    return f"{who} who {verb}"


def _summary(campaign, final, shortlist, strategies, circles, plan_constraints) -> dict[str, Any]:
    reach = reach_of(final)
    weights = plan_constraints.target_weights
    target_total = float(len(plan_constraints.in_target) if weights is None else weights.sum())
    baselines = strategies.iloc[1:]
    best = baselines.loc[baselines["reach"].idxmax()] if len(baselines) else None
    most = shortlist[shortlist["cumulative_reach"] >= 0.8 * reach.value].head(1)
    return {
        "kols": int(len(shortlist)),
        "spend": float(shortlist["cost"].sum()) if len(shortlist) else 0.0,
        "budget": campaign.budget.total,
        "max_kols": campaign.budget.max_kols,
        "reach": reach.value,
        "std_error": reach.std_error,
        "ci_low": reach.ci_low,
        "ci_high": reach.ci_high,
        "reach_unit": _reach_unit(campaign),
        "awareness": final.awareness_mean,
        "adoption": final.adoption_mean,
        "target_users": int(plan_constraints.in_target.sum()),
        "target_total": target_total,
        "share_of_target": reach.value / target_total if target_total > 0 else None,
        "circles_reached": int((circles["target_people"] >= 1.0).sum()),
        "circles": int(len(circles)),
        "candidates": int(plan_constraints.candidates.sum()),
        "without_cost": plan_constraints.without_cost,
        "best_baseline": None if best is None else str(best["label"]),
        "best_baseline_reach": None if best is None else float(best["reach"]),
        "lift": None if best is None or best["reach"] <= 0 else reach.value / float(best["reach"]),
        "kols_for_80_percent": int(most["rank"].iloc[0]) if len(most) else None,
        "spend_for_80_percent": float(most["spend"].iloc[0]) if len(most) else None,
    }
