"""What a larger budget would buy: the campaign re-planned with its budget scaled.

The budget curve shows the shortlist's own prefixes, so it stops at the budget. To see whether
more money would still pay, the optimiser re-plans with the budget (and ``max_kols``, if set)
times each factor of ``sensitivity.budget_factors``, and the shared evaluator measures the result.

Examples
--------
>>> import graphkit
>>> from graphkit.campaign.evaluation import Evaluator
>>> from graphkit.diffusion import CampaignConstraints, ICModel, select_seed_nodes
>>> graph = graphkit.generate_social_graph(n_users=300, rng=2)
>>> model = ICModel(p_strong=0.3, p_weak=0.05)
>>> evaluator = Evaluator(graph, model, objective="awareness", n_trials=300, target_weights=None,
...                       communities=None, rng=5)
>>> replan = lambda constraints: select_seed_nodes(graph, model, constraints, eval_trials=0, eps=0.3, rng=1).seed_nodes
>>> table = budget_table(graph, [0, 1], evaluator, CampaignConstraints(k=2), replan, factors=[2.0])
>>> table[["scenario", "max_kols", "kols"]].values.tolist()
[['KOLs ×2', 4, 4]]
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from graphkit.campaign.evaluation import Evaluator
from graphkit.diffusion.constraints import CampaignConstraints
from graphkit.graph import SocialGraph

__all__ = ["BUDGET_COLUMNS", "budget_table"]

BUDGET_COLUMNS = ["scenario", "factor", "budget", "max_kols", "kols", "spend", "reach", "ci_low", "ci_high",
                  "kept", "added"]


def budget_table(
    graph: SocialGraph,
    seed_nodes: Sequence[int],
    evaluator: Evaluator,
    constraints: CampaignConstraints,
    replan: Callable[[CampaignConstraints], np.ndarray],
    *,
    factors: Sequence[float],
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """One row per factor (columns :data:`BUDGET_COLUMNS`): the re-planned campaign and its reach.

    The scenario is named "budget ×f", or "KOLs ×f" for a campaign limited by a number of KOLs only.

    ``replan(constraints)`` returns the optimiser's seed nodes under ``constraints``; ``kept``
    counts the planned KOLs the re-plan keeps, ``added`` lists the ids it adds.
    """
    planned = np.asarray(seed_nodes, dtype=np.int64)
    ids = np.asarray(graph.node_ids, dtype=object)
    cost = np.ones(graph.n_nodes) if constraints.cost is None else np.asarray(constraints.cost)
    rows = []
    for position, factor in enumerate(factors):
        if progress is not None:
            progress(f"{position + 1}/{len(factors)}")
        scaled = dataclasses.replace(
            constraints,
            budget=None if constraints.budget is None else constraints.budget * factor,
            k=None if constraints.k is None else max(len(constraints.required), 1, math.ceil(constraints.k * factor)),
        )
        seeds = np.asarray(replan(scaled), dtype=np.int64)
        reach = evaluator.reach(seeds)
        rows.append(
            {
                "scenario": f"{'KOLs' if constraints.budget is None else 'budget'} ×{factor:g}",
                "factor": float(factor),
                "budget": scaled.budget,
                "max_kols": scaled.k,
                "kols": len(seeds),
                "spend": float(cost[seeds].sum()),
                "reach": reach.value,
                "ci_low": reach.ci_low,
                "ci_high": reach.ci_high,
                "kept": int(np.isin(planned, seeds).sum()),
                "added": ", ".join(str(user) for user in ids[seeds[~np.isin(seeds, planned)]]),
            }
        )
    return pd.DataFrame(rows, columns=BUDGET_COLUMNS)
