"""The optimiser's shortlist against the rules of thumb brand teams use, under one evaluation.

Every strategy picks under the campaign's constraints (budget, fees, candidate pool, exclusions,
required users, per-circle quota) and every pick is estimated by the same
:class:`~graphkit.campaign.evaluation.Evaluator`:

* ``optimiser``: the shortlist (IMM or CELF);
* ``top-followers``: the users with the most followers (out-degree) that fit;
* ``top-pagerank``: the highest PageRank of the reversed graph (influence that flows outwards);
* ``leader-per-circle``: each circle's top opinion leader (composite leader score), largest
  circles first, then runners-up while money is left.

Examples
--------
>>> import graphkit
>>> from graphkit.analysis import find_leaders, leiden_communities
>>> from graphkit.campaign.evaluation import Evaluator
>>> from graphkit.diffusion import CampaignConstraints, ICModel
>>> graph = graphkit.generate_social_graph(n_users=300, rng=2)
>>> partition = leiden_communities(graph, rng=1)
>>> model = ICModel(p_strong=0.3, p_weak=0.05)
>>> evaluator = Evaluator(graph, model, objective="awareness", n_trials=300, target_weights=None,
...                       communities=partition.membership, rng=5)
>>> table = strategy_table(graph, [0, 1], evaluator.reach([0, 1]), evaluator,
...                        CampaignConstraints(k=2, communities=partition.membership),
...                        find_leaders(graph, partition), objective="awareness", rng=3)
>>> table["strategy"].tolist()
['optimiser', 'top-followers', 'top-pagerank', 'leader-per-circle']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from graphkit.analysis.leaders import Leaders
from graphkit.campaign.evaluation import Evaluator, Reach
from graphkit.diffusion.constraints import CampaignConstraints
from graphkit.diffusion.seeds import community_leader_seed_nodes, degree_seed_nodes, pagerank_seed_nodes
from graphkit.graph import SocialGraph

__all__ = ["STRATEGIES", "STRATEGY_COLUMNS", "strategy_table"]

STRATEGIES = {
    "optimiser": "graphkit optimiser",
    "top-followers": "Top followers",
    "top-pagerank": "Top PageRank",
    "leader-per-circle": "One leader per circle",
}
STRATEGY_COLUMNS = ["strategy", "label", "kols", "spend", "reach", "ci_low", "ci_high", "reach_per_1000",
                    "vs_optimiser", "circles", "users"]


def strategy_table(
    graph: SocialGraph,
    optimiser_seeds: Sequence[int],
    optimiser_reach: Reach,
    evaluator: Evaluator,
    constraints: CampaignConstraints,
    leaders: Leaders,
    *,
    objective: str,
    rng: int,
) -> pd.DataFrame:
    """One row per strategy (columns :data:`STRATEGY_COLUMNS`), the optimiser first.

    ``optimiser_reach`` is the evaluator's reach of ``optimiser_seeds`` (the plan has it already);
    the baselines' picks are estimated here. ``reach_per_1000`` is reach per 1,000 of spend; ``vs_optimiser`` the strategy's reach divided by
    the optimiser's; ``circles`` how many circles its picks lead from; ``users`` the picks' ids.
    """
    model = evaluator.model
    options = {"objective": objective, "eval_trials": 0, "rng": rng}
    picks = {
        "optimiser": np.asarray(optimiser_seeds, dtype=np.int64),
        "top-followers": degree_seed_nodes(graph, model, constraints, **options).seed_nodes,
        "top-pagerank": pagerank_seed_nodes(graph, model, constraints, **options).seed_nodes,
        "leader-per-circle": community_leader_seed_nodes(
            graph, model, constraints, scores=leaders.table["leader_score"].to_numpy(), **options
        ).seed_nodes,
    }
    cost = np.ones(graph.n_nodes) if constraints.cost is None else np.asarray(constraints.cost)
    community = leaders.table["community"].to_numpy()
    ids = np.asarray(graph.node_ids, dtype=object)
    rows = []
    for name, seeds in picks.items():
        reach = optimiser_reach if name == "optimiser" else evaluator.reach(seeds)
        spend = float(cost[seeds].sum())
        rows.append(
            {
                "strategy": name,
                "label": STRATEGIES[name],
                "kols": len(seeds),
                "spend": spend,
                "reach": reach.value,
                "ci_low": reach.ci_low,
                "ci_high": reach.ci_high,
                "reach_per_1000": 1000.0 * reach.value / spend if spend > 0 else None,
                "circles": int(len(np.unique(community[seeds]))),
                "users": ", ".join(str(user) for user in ids[seeds]),
            }
        )
    table = pd.DataFrame(rows)
    best = table["reach"].iloc[0]
    table["vs_optimiser"] = table["reach"] / best if best > 0 else np.nan
    return table[STRATEGY_COLUMNS]
