"""A seeded generator of social networks with circles, strong and weak ties, and KOL fees.

Used by the demo, the examples and benchmarks when no real data is at hand.

The model is a degree-corrected block model (Karrer & Newman 2011) built by sampling tie ends:
every user gets an activity level from a Pareto law (so a few users are hubs), each tie picks its
source in proportion to activity, and its target inside the source's circle with probability
``1 - mixing`` (else anywhere), again in proportion to activity. Ties inside a circle are strong
with probability ``strong_share``; ties across circles are weak with probability 0.95. Users carry
a ``segment`` correlated with their circle (homophily), a ``region``, and a ``cost`` (a KOL fee
that grows with degree).

Examples
--------
>>> from graphkit.generate import generate_social_graph
>>> graph = generate_social_graph(n_users=500, mean_degree=8, rng=3)
>>> graph.n_nodes, graph.directed
(500, False)
>>> sorted(graph.users.columns)
['circle', 'cost', 'id', 'region', 'segment']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphkit.errors import InvalidInputError
from graphkit.graph import STRONG, WEAK, SocialGraph
from graphkit.rng import RngLike, make_rng

__all__ = ["generate_social_graph", "SEGMENTS", "REGIONS"]

SEGMENTS = ("students", "young_professionals", "parents", "seniors")
REGIONS = ("north", "south", "east", "west")


def generate_social_graph(
    n_users: int = 1000,
    *,
    mean_degree: float = 10.0,
    n_circles: int | None = None,
    mixing: float = 0.15,
    strong_share: float = 0.6,
    activity_exponent: float = 2.5,
    directed: bool = False,
    rng: RngLike = None,
) -> SocialGraph:
    """Generate a social graph with circles, strong/weak ties and user attributes.

    Parameters
    ----------
    n_users : int, default 1000
        Number of users (>= 2).
    mean_degree : float, default 10.0
        Target mean number of ties per user, before duplicates and self-ties are dropped.
    n_circles : int, optional
        Number of circles; default ``max(1, n_users // 50)``.
    mixing : float, default 0.15
        Share of ties whose target is drawn from the whole network instead of the source's circle.
    strong_share : float, default 0.6
        Probability that a tie inside a circle is strong.
    activity_exponent : float, default 2.5
        Pareto exponent of user activity (smaller means heavier hubs); must be > 1.
    directed : bool, default False
        Whether ties are one-way (follows) or mutual (friendships).
    rng : int, SeedSequence or Generator, optional
        Randomness; the same value gives the same graph.

    Returns
    -------
    SocialGraph
        Ties labelled ``labelled_by="generator"``; ``weight`` is an interaction count.
    """
    if n_users < 2:
        raise InvalidInputError(f"n_users must be >= 2, got {n_users}")
    if mean_degree <= 0:
        raise InvalidInputError(f"mean_degree must be > 0, got {mean_degree}")
    for name, value in (("mixing", mixing), ("strong_share", strong_share)):
        if not 0.0 <= value <= 1.0:
            raise InvalidInputError(f"{name} must be in [0, 1], got {value}")
    if activity_exponent <= 1.0:
        raise InvalidInputError(f"activity_exponent must be > 1, got {activity_exponent}")
    n_circles = max(1, n_users // 50) if n_circles is None else n_circles
    if not 1 <= n_circles <= n_users:
        raise InvalidInputError(f"n_circles must be in [1, {n_users}], got {n_circles}")
    generator = make_rng(rng)

    circle_share = generator.dirichlet(np.full(n_circles, 3.0))
    circle = np.sort(generator.choice(n_circles, size=n_users, p=circle_share))
    activity = generator.pareto(activity_exponent - 1.0, size=n_users) + 1.0
    cumulative = np.cumsum(activity)
    circle_start = np.searchsorted(circle, np.arange(n_circles), side="left")
    circle_end = np.searchsorted(circle, np.arange(n_circles), side="right")

    n_draws = int(round(n_users * mean_degree / (1 if directed else 2)))
    source = np.searchsorted(cumulative, generator.uniform(0, cumulative[-1], n_draws), side="right")
    inside = generator.random(n_draws) >= mixing
    low = np.where(circle_start[circle[source]] > 0, cumulative[circle_start[circle[source]] - 1], 0.0)
    high = cumulative[circle_end[circle[source]] - 1]
    low = np.where(inside, low, 0.0)
    high = np.where(inside, high, cumulative[-1])
    target = np.searchsorted(cumulative, generator.uniform(low, high), side="right")
    target = np.minimum(target, n_users - 1)

    keep = source != target
    source, target = source[keep], target[keep]
    if not directed:
        source, target = np.minimum(source, target), np.maximum(source, target)
    pairs = np.sort(source.astype(np.int64) * n_users + target)
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
    source, target = pairs // n_users, pairs % n_users
    same_circle = circle[source] == circle[target]
    strong = np.where(same_circle, generator.random(len(pairs)) < strong_share, generator.random(len(pairs)) < 0.05)
    interactions = np.where(strong, 3 + generator.poisson(6.0, len(pairs)), 1 + generator.poisson(0.5, len(pairs)))

    width = len(str(n_users - 1))
    ids = np.array([f"u{index:0{width}d}" for index in range(n_users)], dtype=object)
    dominant = generator.integers(0, len(SEGMENTS), n_circles)
    segment_idx = np.where(
        generator.random(n_users) < 0.7, dominant[circle], generator.integers(0, len(SEGMENTS), n_users)
    )
    degree = np.bincount(source, minlength=n_users) + np.bincount(target, minlength=n_users)
    users = pd.DataFrame(
        {
            "id": ids,
            "circle": circle,
            "segment": np.asarray(SEGMENTS, dtype=object)[segment_idx],
            "region": np.asarray(REGIONS, dtype=object)[generator.integers(0, len(REGIONS), n_users)],
            "cost": np.round(20.0 + 4.0 * degree, 2),
        }
    )
    ties = pd.DataFrame(
        {
            "source": source,
            "target": target,
            "tie": np.where(strong, STRONG, WEAK),
            "weight": interactions.astype(np.float64),
            "p": np.nan,
            "labelled_by": "generator",
        }
    )
    return SocialGraph(users=users, ties=ties, directed=directed)
