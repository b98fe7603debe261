"""The KOL shortlist: each pick's marginal and cumulative reach, cost, overlap and reason.

For the picks ``s1, s2, ...`` in the optimiser's order, the :class:`~graphkit.campaign.evaluation.Evaluator`
estimates every prefix ``{s1..si}`` and every pick alone ``{si}``. A row then says:

* ``cumulative_reach`` (with its 95% CI): the expected reach of the first ``i`` picks;
* ``marginal_reach``: what pick ``i`` adds, ``cumulative_reach[i] - cumulative_reach[i-1]``
  (Monte Carlo noise can make a negligible gain come out slightly below 0);
* ``solo_reach``: what the pick reaches on its own, and ``overlap = 1 - marginal / solo``
  (clipped to [0, 1]): the share of its own audience that earlier picks already reach;
* ``reach_per_cost``: marginal reach per unit of fee;
* ``target_share``: the share of the people it reaches on its own who are in the target segment;
* ``top_circle``, ``top_circle_adds``, ``top_circle_earlier``: the circle where the pick adds most
  reach (not always its own ``community``: a bridge can add most next door), what it adds there and
  what the earlier picks reach there;
* ``influence_predicted``, ``influence_observed``, ``influence_combined``, ``influence_cascades``:
  the pick's influence from past cascades as ``graphkit fit --write`` stored it on the users
  (predicted by the fitted model, seen in the cascades, the two combined, and how many cascades
  they rest on); None when the graph carries no fit;
* ``reason``: one sentence built from those figures only, each shown rounded, e.g. "adds 50 target
  users, the largest part (9) in circle 1 (it sits in circle 7), where earlier picks reach 10; 44%
  of its reach is in the target segment".

Reach counts target users (weighted by value when the campaign has a ``value_column``) when the
campaign has a target, else every user the objective counts.

The same prefixes give the budget curve: reach against the number of KOLs and the spend.

Examples
--------
>>> import graphkit
>>> from graphkit.analysis import find_leaders, leiden_communities
>>> from graphkit.campaign.evaluation import Evaluator
>>> from graphkit.diffusion import ICModel
>>> graph = graphkit.generate_social_graph(n_users=300, rng=2)
>>> partition = leiden_communities(graph, rng=1)
>>> evaluator = Evaluator(graph, ICModel(p_strong=0.3, p_weak=0.05), objective="awareness", n_trials=300,
...                       target_weights=None, communities=partition.membership, rng=5)
>>> table, curve, whole = shortlist_tables(graph, [3, 8], evaluator, find_leaders(graph, partition),
...                                        cost=graph.users["cost"].to_numpy(), required=[], in_target=None)
>>> table["rank"].tolist(), bool(table["cumulative_reach"].iloc[-1] == curve["reach"].iloc[-1] == whole.mean)
([1, 2], True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from graphkit.analysis.leaders import Leaders
from graphkit.audience import fitted_influence
from graphkit.campaign.evaluation import Evaluator, reach_of
from graphkit.diffusion.simulate import SpreadEstimate
from graphkit.fit.influence import INFLUENCE_COLUMNS
from graphkit.graph import SocialGraph

__all__ = ["SHORTLIST_COLUMNS", "CURVE_COLUMNS", "shortlist_tables"]

SHORTLIST_COLUMNS = [
    "rank", "user", "community", "role", "cost", "required", "followers", "marginal_reach",
    "cumulative_reach", "ci_low", "ci_high", "spend", "reach_per_cost", "solo_reach", "overlap",
    "target_share", "top_circle", "top_circle_adds", "top_circle_earlier", *INFLUENCE_COLUMNS, "reason",
]
CURVE_COLUMNS = ["kols", "spend", "reach", "ci_low", "ci_high", "marginal_reach", "user"]
_NEW_CIRCLE = 0.5  # a circle earlier picks reach fewer people in than this counts as not reached
_BARELY = 0.25  # ... and one where they reach less than this share of what the new pick adds, as barely reached


def shortlist_tables(
    graph: SocialGraph,
    seed_nodes: Sequence[int],
    evaluator: Evaluator,
    leaders: Leaders,
    *,
    cost: np.ndarray,
    required: Sequence[int],
    in_target: np.ndarray | None,
    who: tuple[str, str] = ("person", "people"),
    progress: Callable[[str], None] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, SpreadEstimate | None]:
    """The shortlist (columns :data:`SHORTLIST_COLUMNS`), the budget curve (:data:`CURVE_COLUMNS`),
    and the estimate of the whole shortlist (its last prefix; None for an empty shortlist).

    Parameters
    ----------
    graph : SocialGraph
    seed_nodes : sequence of int
        The picks, in order.
    evaluator : Evaluator
        Estimates every prefix and every pick alone; its target weights also weigh the per-circle
        figures of the reasons.
    leaders : Leaders
        Circle and role of every user.
    cost : ndarray of float
        Each user's fee (1 each when the campaign counts KOLs only).
    required : sequence of int
        Picks the campaign required.
    in_target : ndarray of bool or None
        Target segment membership, for ``target_share`` (None: the campaign has no target).
    who : (str, str)
        What one unit of reach is called, singular and plural ("target user", "target users").
    progress : callable, optional
        Called with "i/k" before each pick is evaluated.
    """
    seeds = [int(node) for node in seed_nodes]
    ids = np.asarray(graph.node_ids, dtype=object)
    community = leaders.table["community"].to_numpy()
    role = leaders.table["role"].to_numpy()
    followers = graph.out_degree()
    influence = fitted_influence(graph.users)
    weights = np.ones(graph.n_nodes) if evaluator.target_weights is None else evaluator.target_weights
    n_circles = int(community.max()) + 1 if len(community) else 0

    def per_circle(estimate: SpreadEstimate) -> np.ndarray:
        return np.bincount(community, weights=estimate.activation_probability * weights, minlength=n_circles)

    rows, curve = [], []
    previous: SpreadEstimate | None = None
    spend = 0.0
    for position, node in enumerate(seeds):
        if progress is not None:
            progress(f"{position + 1}/{len(seeds)}")
        prefix = evaluator.estimate(seeds[: position + 1])
        solo = prefix if position == 0 else evaluator.estimate([node])
        total, alone = reach_of(prefix), reach_of(solo)
        before = 0.0 if previous is None else reach_of(previous).value
        marginal = total.value - before
        spend += float(cost[node])
        top = _top_circle(per_circle(prefix), None if previous is None else per_circle(previous), int(community[node]))
        share = None
        if in_target is not None:
            reached = solo.activation_probability
            share = float(reached[in_target].sum() / reached.sum()) if reached.sum() > 0 else 0.0
        rows.append(
            {
                "rank": position + 1,
                "user": str(ids[node]),
                "community": int(community[node]),
                "role": str(role[node]),
                "cost": float(cost[node]),
                "required": node in required,
                "followers": int(followers[node]),
                "marginal_reach": marginal,
                "cumulative_reach": total.value,
                "ci_low": total.ci_low,
                "ci_high": total.ci_high,
                "spend": spend,
                "reach_per_cost": marginal / float(cost[node]),
                "solo_reach": alone.value,
                "overlap": float(np.clip(1.0 - marginal / alone.value, 0.0, 1.0)) if alone.value > 0 else 0.0,
                "target_share": share,
                **top._asdict(),
                **_influence_cells(influence, node),
                "reason": _reason(marginal, top, share, own=int(community[node]), first=position == 0, who=who,
                                  required=node in required, followers=int(followers[node])),
            }
        )
        curve.append(
            {
                "kols": position + 1,
                "spend": spend,
                "reach": total.value,
                "ci_low": total.ci_low,
                "ci_high": total.ci_high,
                "marginal_reach": marginal,
                "user": str(ids[node]),
            }
        )
        previous = prefix
    return pd.DataFrame(rows, columns=SHORTLIST_COLUMNS), pd.DataFrame(curve, columns=CURVE_COLUMNS), previous


def _influence_cells(influence: pd.DataFrame | None, node: int) -> dict[str, float | int | None]:
    """The user's fitted influence (:data:`~graphkit.fit.influence.INFLUENCE_COLUMNS`); None each without a fit.

    Examples
    --------
    >>> _influence_cells(None, 0)["influence_cascades"] is None
    True
    """
    if influence is None:
        return dict.fromkeys(INFLUENCE_COLUMNS)
    return {column: influence[column].iloc[node].item() for column in INFLUENCE_COLUMNS}


class TopCircle(NamedTuple):
    """The circle where a pick adds most reach, what it adds there and what the earlier picks reach there."""

    top_circle: int | None
    top_circle_adds: float | None
    top_circle_earlier: float | None


def _top_circle(now: np.ndarray, before: np.ndarray | None, own: int) -> TopCircle:
    """The circle where the reach grows most from ``before`` to ``now`` (reach per circle without and with
    the pick; None: no earlier picks); the pick's ``own`` circle when it ties for most.

    Examples
    --------
    >>> _top_circle(np.array([5.0, 30.0, 9.0]), np.array([5.0, 20.0, 0.0]), own=2)
    TopCircle(top_circle=1, top_circle_adds=10.0, top_circle_earlier=20.0)
    >>> _top_circle(np.array([4.0, 4.0]), None, own=1).top_circle, _top_circle(np.array([]), None, own=0).top_circle
    (1, None)
    """
    if len(now) == 0:
        return TopCircle(None, None, None)
    before = np.zeros_like(now) if before is None else before
    gain = now - before
    circle = own if 0 <= own < len(gain) and gain[own] >= gain.max() else int(np.argmax(gain))
    return TopCircle(circle, float(gain[circle]), float(before[circle]))


def _reason(
    added: float, top: TopCircle, share: float | None, *, own: int, first: bool, who: tuple[str, str],
    required: bool, followers: int,
) -> str:
    """One sentence on why a pick, from its row's figures only: the reach it adds (``added``, the row's
    ``marginal_reach``), the circle it adds most in (``top``, with what the earlier picks reach there),
    its own circle when that is another one, and its share of target users. When the circle's gain is the
    whole gain, rounded (other circles gain nothing or lose a little to Monte Carlo noise), it says "all".

    Examples
    --------
    >>> users = ("target user", "target users")
    >>> _reason(50.2, TopCircle(1, 9.1, 10.0), 0.44, own=7, first=False, who=users, required=False, followers=30)
    'adds 50 target users, the largest part (9) in circle 1 (it sits in circle 7), where earlier picks reach 10; \
44% of its reach is in the target segment'
    >>> _reason(12.8, TopCircle(2, 8.8, 0.2), None, own=2, first=False, who=users, required=False, followers=12)
    'adds 13 target users, the largest part (9) in its own circle 2, which no earlier pick reaches'
    >>> _reason(30.0, TopCircle(0, 26.0, 4.0), None, own=0, first=False, who=users, required=False, followers=40)
    'adds 30 target users, the largest part (26) in its own circle 0, which earlier picks barely reach'
    >>> _reason(33.0, TopCircle(0, 31.0, 0.0), None, own=0, first=True, who=("person", "people"), required=False,
    ...         followers=40)
    'reaches 33 people, the largest part (31) in its own circle 0'
    >>> _reason(1.9, TopCircle(0, 2.6, 10.0), None, own=0, first=False, who=users, required=True, followers=3)
    'required by the campaign; adds 2 target users, all in its own circle 0, where earlier picks reach 10'
    >>> _reason(1.2, TopCircle(0, 0.4, 10.0), None, own=0, first=False, who=users, required=False, followers=5)
    'adds 1 target user, spread over several circles'
    >>> _reason(0.3, TopCircle(0, 0.3, 10.0), None, own=0, first=False, who=users, required=False, followers=5)
    'adds little beyond the earlier picks'
    >>> _reason(1.0, TopCircle(0, 1.0, 0.0), None, own=0, first=True, who=users, required=False, followers=0)
    'has no followers: it reaches only itself'
    """
    circle, adds, earlier = top
    verb = "reaches" if first else "adds"
    if followers == 0:
        sentence = "has no followers: it reaches only itself"
    elif added < 0.5 or circle is None:
        sentence = "reaches little" if first else "adds little beyond the earlier picks"
    elif adds < 0.5:
        sentence = f"{verb} {_count(added, who)}, spread over several circles"
    else:
        place = f"its own circle {circle}" if circle == own else f"circle {circle} (it sits in circle {own})"
        part = "all" if round(adds) >= round(added) else f"the largest part ({round(adds):,d})"  # others net ~0
        sentence = f"{verb} {_count(added, who)}, {part} in {place}"
        if not first:
            sentence += (", which no earlier pick reaches" if earlier < _NEW_CIRCLE
                         else ", which earlier picks barely reach" if earlier < _BARELY * adds
                         else f", where earlier picks reach {earlier:,.0f}")
    if share is not None and followers > 0:
        sentence += f"; {share:.0%} of its reach is in the target segment"
    return ("required by the campaign; " if required else "") + sentence


def _count(value: float, who: tuple[str, str]) -> str:
    """``value`` rounded, with the singular or plural noun."""
    rounded = round(float(value))
    return f"{rounded:,d} {who[0] if rounded == 1 else who[1]}"
