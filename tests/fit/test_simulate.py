"""IC cascades with times: the steps and delays they should have, parents, reproducibility."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from graphkit.diffusion.models import ICModel
from graphkit.errors import InvalidInputError
from graphkit.fit._simulation_kernels import cascade_rows
from graphkit.fit.simulate import simulate_ic_cascades
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph
from graphkit.rng import draw_seeds, make_rng

ALWAYS = ICModel(p_strong=1.0, p_weak=1.0)


def directed(pairs, n):
    ties = pd.DataFrame({"source": [f"n{a}" for a, _ in pairs], "target": [f"n{b}" for _, b in pairs],
                         "tie": ["weak"] * len(pairs)})
    return SocialGraph.from_tables(ties, pd.DataFrame({"id": [f"n{i}" for i in range(n)]}), directed=True)


def test_steps_are_hop_distances_and_parents_the_previous_hop():
    graph = directed([(0, 1), (1, 2), (2, 3), (0, 3)], 4)
    cascades = simulate_ic_cascades(graph, ALWAYS, [0, 2], record_parents=True, rng=0)
    assert cascades.sizes().tolist() == [4, 2]
    assert dict(zip(cascades.node[:4].tolist(), cascades.time[:4].tolist())) == {0: 0, 1: 1, 3: 1, 2: 2}
    assert dict(zip(cascades.node[:4].tolist(), cascades.parent[:4].tolist())) == {0: -1, 1: 0, 3: 0, 2: 1}
    assert cascades.time[4:].tolist() == [0.0, 1.0] and cascades.parent[4:].tolist() == [-1, 2]


def test_no_probability_no_spread_and_parents_unknown_unless_asked():
    graph = generate_social_graph(n_users=100, rng=0)
    silent = simulate_ic_cascades(graph, ICModel(p_strong=0.0, p_weak=0.0), [5, 5, 9], rng=1)
    assert silent.node.tolist() == [5, 5, 9] and silent.time.tolist() == [0.0] * 3
    assert (simulate_ic_cascades(graph, ALWAYS, [5], rng=1).parent == -1).all()


def test_two_hops_reach_with_probability_p_squared():
    graph = directed([(0, 1), (1, 2)], 3)
    cascades = simulate_ic_cascades(graph, ICModel(p_strong=0.5, p_weak=0.5), [0] * 20_000, rng=2)
    share = np.bincount(cascades.node, minlength=3) / 20_000
    assert share[0] == 1.0
    assert share[1] == pytest.approx(0.5, abs=0.015) and share[2] == pytest.approx(0.25, abs=0.015)


def test_delays_are_exponential_and_the_first_arrival_wins():
    # 0 -> 1 directly, and 0 -> 2 -> 1: node 1 adopts at min(E1, E2 + E3), from the first arrival
    graph = directed([(0, 1), (0, 2), (2, 1)], 3)
    cascades = simulate_ic_cascades(graph, ALWAYS, [0] * 20_000, timing="delays", record_parents=True, rng=3)
    rows = cascades.node == 1
    times, parents = cascades.time[rows], cascades.parent[rows]
    # P(E1 < E2 + E3) = 3/4; E[min(E1, E2 + E3)] = 3/4
    assert (parents == 0).mean() == pytest.approx(0.75, abs=0.015)
    assert times.mean() == pytest.approx(0.75, abs=0.02)
    assert (np.diff(cascades.time)[np.diff(np.repeat(np.arange(20_000), 3)) == 0] >= 0).all()


def test_same_rng_same_cascades_whatever_the_chunking():
    graph = generate_social_graph(n_users=400, rng=4)
    model = ICModel(p_strong=0.3, p_weak=0.05)
    first = simulate_ic_cascades(graph, model, range(400), timing="delays", rng=7)
    second = simulate_ic_cascades(graph, model, range(400), timing="delays", rng=7)
    for name in ("ptr", "node", "time"):
        assert np.array_equal(getattr(first, name), getattr(second, name))
    arc_cut = np.ceil(model.arc_probabilities(graph) * 2.0**53).astype(np.int64)
    seeds = np.arange(400)
    for n_chunks in (1, 5, 13):
        streams = draw_seeds(make_rng(7), 400)
        rows = cascade_rows(graph.indptr, graph.indices, arc_cut, seeds, streams, True, n_chunks)
        assert np.array_equal(rows[1], first.node) and np.array_equal(rows[2], first.time)


def test_bad_arguments():
    graph = generate_social_graph(n_users=20, rng=0)
    with pytest.raises(InvalidInputError, match="timing"):
        simulate_ic_cascades(graph, ALWAYS, [0], timing="hours")
    with pytest.raises(InvalidInputError, match="seeds"):
        simulate_ic_cascades(graph, ALWAYS, [20])
    with pytest.raises(InvalidInputError, match="seeds"):
        simulate_ic_cascades(graph, ALWAYS, [0.5])
