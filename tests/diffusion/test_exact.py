"""Exact live-edge enumeration against hand-computed values and an independent brute force."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graphkit.diffusion.exact import exact_activation_probabilities, exact_spread
from graphkit.diffusion.models import ICModel, LTModel
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from tests.conftest import disconnected_graph, path_graph, star_graph


def _graph(rows, *, directed=True):
    ties = pd.DataFrame(rows, columns=["source", "target", "tie"])
    return SocialGraph.from_tables(ties, directed=directed)


def test_two_weak_exposures_convert():
    # a and b both point at c over weak ties; c adopts only when both were active before it
    graph = _graph([("a", "c", "weak"), ("b", "c", "weak")])
    model = ICModel(p_weak=0.5)
    assert exact_spread(graph, [0, 1], model) == pytest.approx(2.75)
    assert exact_spread(graph, [0, 1], model, objective="adoption") == pytest.approx(2.75)
    assert exact_spread(graph, [0], model, objective="adoption") == pytest.approx(1.0)
    assert exact_spread(graph, [0], model) == pytest.approx(1.5)


def test_same_step_neighbour_is_not_an_earlier_exposure():
    # s -> a, s -> b (strong, certain); a -> c and b -> c weak with p = 1: c has two earlier
    # in-neighbours (a, b at step 1, c at step 2). a -> b weak: a is not earlier than b (same step).
    graph = _graph(
        [
            ("s", "a", "strong"),
            ("s", "b", "strong"),
            ("a", "c", "weak"),
            ("b", "c", "weak"),
            ("a", "b", "weak"),
        ]
    )
    model = ICModel(p_strong=1.0, p_weak=1.0)
    probabilities = exact_activation_probabilities(graph, [graph.index_of("s")], model, objective="adoption")
    assert dict(zip(graph.node_ids, probabilities.tolist())) == {"s": 1.0, "a": 1.0, "b": 1.0, "c": 1.0}
    # without the strong ties, b hears from s and a at the same time: s is earlier, a is not
    weak = _graph([("s", "a", "weak"), ("s", "b", "weak"), ("a", "b", "weak")])
    probabilities = exact_activation_probabilities(weak, [weak.index_of("s")], model, objective="adoption")
    assert probabilities.tolist() == [1.0, 0.0, 0.0]


def test_lt_probabilities_follow_the_normalised_weights():
    graph = _graph([("a", "c", "strong"), ("b", "c", "weak"), ("c", "d", "weak")])
    model = LTModel(w_strong=3.0, w_weak=1.0)
    probabilities = exact_activation_probabilities(graph, [0], model)
    assert probabilities.tolist() == pytest.approx([1.0, 0.0, 0.75, 0.75])
    assert exact_activation_probabilities(graph, [0, 1], model).tolist() == pytest.approx([1, 1, 1, 1])


def _brute_force(graph, seeds, model, objective):
    """Enumerate worlds with itertools and measure hop distances with networkx."""
    tails, heads = graph.arc_source.tolist(), graph.indices.tolist()
    if isinstance(model, ICModel):
        p = model.arc_probabilities(graph)
        worlds = []
        for bits in itertools.product([False, True], repeat=graph.n_arcs):
            chance = np.prod([p[a] if bit else 1 - p[a] for a, bit in enumerate(bits)])
            worlds.append(([a for a, bit in enumerate(bits) if bit], chance))
    else:
        w = model.arc_weights(graph)
        choices = []
        for v in range(graph.n_nodes):
            arcs = [a for a in range(graph.n_arcs) if heads[a] == v]
            none = 1 - sum(w[a] for a in arcs)
            choices.append([(a, w[a]) for a in arcs] + ([(None, none)] if none > 1e-9 or not arcs else []))
        worlds = []
        for picks in itertools.product(*choices):
            worlds.append(([a for a, _ in picks if a is not None], np.prod([c for _, c in picks])))
    total = 0.0
    for live, chance in worlds:
        world = nx.DiGraph()
        world.add_nodes_from(range(graph.n_nodes))
        world.add_node("root")
        world.add_edges_from(("root", s) for s in seeds)
        world.add_edges_from((tails[a], heads[a]) for a in live)
        dist = {
            v: d - 1 for v, d in nx.single_source_shortest_path_length(world, "root").items() if v != "root"
        }
        for v, d in dist.items():
            earlier = [a for a in range(graph.n_arcs) if heads[a] == v and dist.get(tails[a], np.inf) < d]
            adopts = v in seeds or any(graph.arc_strong[a] for a in earlier) or len(earlier) >= 2
            total += chance * (adopts if objective == "adoption" else 1)
    return total


IC = ICModel(p_strong=0.6, p_weak=0.3)
LT = LTModel(w_strong=1.0, w_weak=0.5)


@pytest.mark.parametrize(
    "factory, model",
    [
        (path_graph, IC),
        (disconnected_graph, IC),
        (path_graph, LT),
        (disconnected_graph, LT),
        (star_graph, LT),
    ],
    ids=["path-ic", "disconnected-ic", "path-lt", "disconnected-lt", "star-lt"],
)
@pytest.mark.parametrize("objective", ["awareness", "adoption"])
def test_matches_independent_brute_force(factory, model, objective):
    graph = factory()
    seeds = [1]
    assert exact_spread(graph, seeds, model, objective=objective) == pytest.approx(
        _brute_force(graph, seeds, model, objective), abs=1e-12
    )


def test_weighted_cascade_on_the_star():
    # undirected star: each leaf has in-degree 1, so the hub reaches every leaf with p = 1
    graph = star_graph()
    assert exact_spread(graph, [0], ICModel(probability="weighted_cascade")) == 9.0
    # from one leaf: the hub with p = 1/8 (its in-degree), then every other leaf with p = 1
    assert exact_spread(graph, [1], ICModel(probability="weighted_cascade")) == 1 + 8 / 8


def test_refuses_too_many_worlds():
    graph = _graph([(f"u{i}", f"v{i}", "weak") for i in range(17)])
    with pytest.raises(
        InvalidInputError, match=r"131,072 live-edge worlds \(17 arcs with 0 < p < 1\); max_worlds is 65,536"
    ):
        exact_spread(graph, [0], ICModel())
    # certain arcs do not multiply the worlds
    assert exact_spread(graph, [0], ICModel(p_weak=1.0)) == 2.0


def test_validates_arguments():
    graph = path_graph()
    with pytest.raises(
        InvalidInputError, match="objective must be one of 'awareness', 'adoption', got 'buzz'"
    ):
        exact_spread(graph, [0], ICModel(), objective="buzz")
    with pytest.raises(InvalidInputError, match=r"seed_nodes must be in \[0, 5\), got 7"):
        exact_spread(graph, [7], ICModel())
    with pytest.raises(InvalidInputError, match="max_worlds must be an int >= 1, got 0"):
        exact_spread(graph, [0], ICModel(), max_worlds=0)
