"""A graph's vital statistics: sizes, strong/weak split, how ties were labelled, degrees.

Examples
--------
>>> import graphkit
>>> from graphkit.analysis.summary import summarize_graph
>>> summary = summarize_graph(graphkit.generate_social_graph(n_users=300, rng=2))
>>> summary["users"], summary["strong_ties"] + summary["weak_ties"] == summary["ties"]
(300, True)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from graphkit.graph import STRONG, SocialGraph

__all__ = ["summarize_graph"]


def _degree_stats(degree: np.ndarray) -> dict[str, float]:
    if len(degree) == 0:
        return {"mean": 0.0, "median": 0.0, "p90": 0.0, "max": 0, "isolated": 0}
    return {
        "mean": float(degree.mean()),
        "median": float(np.median(degree)),
        "p90": float(np.percentile(degree, 90)),
        "max": int(degree.max()),
        "isolated": int((degree == 0).sum()),
    }


def summarize_graph(graph: SocialGraph) -> dict[str, Any]:
    """Counts, strong/weak split, labelling rules, and degree summaries of ``graph``.

    Returns a JSON-ready dict: ``users``, ``ties``, ``directed``, ``strong_ties``, ``weak_ties``,
    ``strong_share``, ``labelled_by`` (ties per rule), ``degree`` (for undirected graphs) or
    ``out_degree`` and ``in_degree`` (directed), each with mean, median, p90, max and isolated,
    and ``user_attributes`` (column names).
    """
    strong = int((graph.ties["tie"] == STRONG).sum())
    summary: dict[str, Any] = {
        "users": graph.n_nodes,
        "ties": graph.n_ties,
        "directed": graph.directed,
        "strong_ties": strong,
        "weak_ties": graph.n_ties - strong,
        "strong_share": strong / graph.n_ties if graph.n_ties else 0.0,
        "labelled_by": {str(k): int(v) for k, v in graph.ties["labelled_by"].value_counts().sort_index().items()},
        "user_attributes": [column for column in graph.users.columns if column != "id"],
    }
    if graph.directed:
        summary["out_degree"] = _degree_stats(graph.out_degree())
        summary["in_degree"] = _degree_stats(graph.in_degree())
    else:
        summary["degree"] = _degree_stats(graph.out_degree())
    return summary
