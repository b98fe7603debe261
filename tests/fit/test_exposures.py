"""Exposures from the numba kernel against a slow pure-Python reading of the definition."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import graphkit.fit.exposures as exposures_module
from graphkit.cascades import Cascades
from graphkit.diffusion.models import ICModel
from graphkit.errors import InvalidInputError
from graphkit.fit import fit_cascades, simulate_ic_cascades
from graphkit.fit.exposures import find_exposures, shared_exposures
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph


def random_graph(rng, n, m, directed):
    pairs = {(int(a), int(b)) for a, b in rng.integers(0, n, size=(m, 2))}
    if not directed:
        pairs = {(min(a, b), max(a, b)) for a, b in pairs}
    pairs = sorted(pairs)
    ties = pd.DataFrame({
        "source": [f"n{a}" for a, _ in pairs],
        "target": [f"n{b}" for _, b in pairs],
        "tie": rng.choice(["strong", "weak"], size=len(pairs)),
    })
    return SocialGraph.from_tables(ties, pd.DataFrame({"id": [f"n{i}" for i in range(n)]}), directed=directed)


def random_cascades(rng, graph, n_cascades, known_share):
    """Small cascades with tied times; some parents known: an in-neighbour (earlier, same time or
    later), a random node, or the adopter itself."""
    n = graph.n_nodes
    cascade, node, time, parent = [], [], [], []
    for c in range(n_cascades):
        size = int(rng.integers(0, min(n, 9)))
        members = rng.choice(n, size=size, replace=False)
        times = np.sort(rng.integers(0, 5, size)).astype(float)
        for v, t in zip(members, times):
            w = -1
            if rng.random() < known_share:
                in_neighbours = [int(u) for u in graph.arc_source[graph.indices == v] if u in members]
                options = 3 * in_neighbours + list(members) + [int(rng.integers(0, n)), int(v)]
                w = int(options[int(rng.integers(0, len(options)))])
            cascade.append(c)
            node.append(int(v))
            time.append(t)
            parent.append(w)
    return Cascades.from_arrays(cascade=np.array(cascade), node=np.array(node),
                                time=np.array(time), parent=np.array(parent, dtype=np.int64), n_nodes=n)


def oracle(graph, cascades, window):
    """Events {(cascade, adopter): sorted candidate arcs} and sorted failures [(cascade, arc)]."""
    tails, heads = graph.arc_source.tolist(), graph.indices.tolist()
    events, failures = {}, []
    for c in range(cascades.n_cascades):
        rows = range(cascades.ptr[c], cascades.ptr[c + 1])
        adopted = {int(cascades.node[i]): float(cascades.time[i]) for i in rows}
        parent = {int(cascades.node[i]): int(cascades.parent[i]) for i in rows}
        for arc, (u, v) in enumerate(zip(tails, heads)):
            if u not in adopted or u == v:
                continue
            t_u, t_v = adopted[u], adopted.get(v, math.inf)
            if t_v == math.inf:
                failures.append((c, arc))
            elif parent[v] >= 0 and u == parent[v] and t_u <= t_v:
                events.setdefault((c, v), []).append(arc)
            elif t_u < t_v:
                if parent[v] < 0 and t_v - t_u <= window:
                    events.setdefault((c, v), []).append(arc)
                else:
                    failures.append((c, arc))
    return {key: sorted(arcs) for key, arcs in events.items()}, sorted(failures)


def as_oracle(exposures):
    event_cascade = exposures.event_cascade()
    events = {}
    for e in range(exposures.n_events):
        arcs = exposures.candidate_arc[exposures.event_candidates[e]:exposures.event_candidates[e + 1]]
        events[(int(event_cascade[e]), int(exposures.event_node[e]))] = sorted(arcs.tolist())
    failures = sorted(zip(exposures.failure_cascade().tolist(), exposures.failure_arc.tolist()))
    return events, failures


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("window", [math.inf, 1.0, 2.5])
def test_exposures_match_the_oracle(seed, window):
    rng = np.random.default_rng(seed)
    graph = random_graph(rng, n=int(rng.integers(3, 25)), m=int(rng.integers(1, 80)), directed=seed % 2 == 0)
    known_share = [0.0, 0.5][seed % 3 != 1]
    cascades = random_cascades(rng, graph, n_cascades=int(rng.integers(1, 30)), known_share=known_share)
    expected = oracle(graph, cascades, window)
    for n_chunks in (1, 3, 7):
        exposures = find_exposures(graph, cascades, window=window, n_chunks=n_chunks)
        assert as_oracle(exposures) == expected
        assert exposures.n_exposures == sum(map(len, expected[0].values())) + len(expected[1])
        assert exposures.window == window and exposures.n_cascades == cascades.n_cascades


def test_arc_counts_weight_each_cascade():
    rng = np.random.default_rng(3)
    graph = random_graph(rng, n=15, m=50, directed=True)
    cascades = random_cascades(rng, graph, n_cascades=20, known_share=0.3)
    weights = rng.integers(0, 4, cascades.n_cascades).astype(float)
    failures, attempts = find_exposures(graph, cascades).arc_counts(weights)
    events, failed = oracle(graph, cascades, math.inf)
    expected_failures = np.zeros(graph.n_arcs)
    expected_attempts = np.zeros(graph.n_arcs)
    for c, arc in failed:
        expected_failures[arc] += weights[c]
        expected_attempts[arc] += weights[c]
    for (c, _), arcs in events.items():
        for arc in arcs:
            expected_attempts[arc] += weights[c]
    np.testing.assert_allclose(failures, expected_failures)
    np.testing.assert_allclose(attempts, expected_attempts)


def test_a_known_parent_takes_the_credit_and_outside_parents_make_failures():
    # a -> c, b -> c, d -> c; cascade 0: a, b then c with parent b; cascade 1: same, parent d (not adopted)
    ties = pd.DataFrame({"source": ["a", "b", "d"], "target": ["c", "c", "c"], "tie": ["weak"] * 3})
    graph = SocialGraph.from_tables(ties, pd.DataFrame({"id": ["a", "b", "c", "d"]}), directed=True)
    cascades = Cascades.from_arrays(cascade=[0, 0, 0, 1, 1, 1], node=[0, 1, 2, 0, 1, 2], time=[0, 1, 5] * 2,
                                    parent=[-1, -1, 1, -1, -1, 3], n_nodes=4)
    exposures = find_exposures(graph, cascades, window=2.0)  # the window does not apply to a known parent
    assert as_oracle(exposures) == ({(0, 2): [1]}, [(0, 0), (1, 0), (1, 1)])


def test_empty_cascades_and_bad_input():
    graph = random_graph(np.random.default_rng(0), n=5, m=8, directed=False)
    empty = Cascades.from_arrays(cascade=[], node=[], time=[], n_nodes=5)
    exposures = find_exposures(graph, empty)
    assert (exposures.n_cascades, exposures.n_events, exposures.n_exposures) == (0, 0, 0)
    assert [counts.sum() for counts in exposures.arc_counts()] == [0.0, 0.0]
    with pytest.raises(InvalidInputError, match="window"):
        find_exposures(graph, empty, window=0.0)
    with pytest.raises(InvalidInputError, match="nodes"):
        find_exposures(graph, Cascades.from_arrays(cascade=[0], node=[0], time=[0], n_nodes=6))


def test_shared_exposures_scan_each_graph_cascades_and_window_once():
    rng = np.random.default_rng(1)
    graph = random_graph(rng, n=20, m=70, directed=True)
    cascades = random_cascades(rng, graph, 30, known_share=0.0)
    with shared_exposures():
        first = find_exposures(graph, cascades)
        assert find_exposures(graph, cascades) is first
        assert cascades.without_parents() is cascades and find_exposures(graph, cascades.without_parents()) is first
        assert find_exposures(graph, cascades, window=2.0) is not first
        other = cascades.subset(np.arange(30))
        assert find_exposures(graph, other) is not first
        with shared_exposures():  # a nested block shares the outer one's
            assert find_exposures(graph, cascades) is first
    assert find_exposures(graph, cascades) is not first


def test_fit_cascades_scans_each_set_of_cascades_once(monkeypatch):
    graph = generate_social_graph(n_users=300, directed=True, rng=1)
    cascades = simulate_ic_cascades(graph, ICModel(p_strong=0.2, p_weak=0.05), range(300), rng=2)
    scans = []
    counted = exposures_module.exposure_rows

    def counting(*arguments):
        scans.append(len(arguments[0]) - 1)
        return counted(*arguments)

    monkeypatch.setattr(exposures_module, "exposure_rows", counting)
    fit_cascades(graph, cascades, n_boot=5, rng=0)
    n_nonempty = int((cascades.sizes() > 0).sum())
    # all cascades: which way they flow (along, against), the final fit and each user's influence;
    # the earlier 80%: three fits and the users' history; the later 20%: five scores and the ranking target
    assert sorted(scans) == sorted([n_nonempty, n_nonempty, n_nonempty - n_nonempty // 5, n_nonempty // 5]), scans


def test_a_fit_keeps_at_most_the_shared_sets_limit_of_scans(monkeypatch):
    graph = generate_social_graph(n_users=300, directed=True, rng=1)
    model = ICModel(p_strong=0.2, p_weak=0.05)
    cascades = simulate_ic_cascades(graph, model, range(300), record_parents=True, rng=2)
    held = []
    counted = exposures_module.exposure_rows

    def counting(*arguments):
        held.append(len(exposures_module._SHARED.get()))  # sets kept when the next scan starts
        return counted(*arguments)

    monkeypatch.setattr(exposures_module, "exposure_rows", counting)
    fit_cascades(graph, cascades, n_boot=5, count_root=False, rng=0)  # new cascades objects every reading
    assert len(held) > exposures_module.SHARED_SETS + 1 and max(held) == exposures_module.SHARED_SETS, held
