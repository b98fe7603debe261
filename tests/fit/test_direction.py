"""flow_counts: the cascades tell which way influence runs along the ties."""

from __future__ import annotations

import pandas as pd
import pytest

from graphkit.diffusion.models import ICModel
from graphkit.errors import InvalidInputError
from graphkit.fit import flow_counts, simulate_ic_cascades
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph
from graphkit.io import read_cascades, read_graph_files


def one_way_graph(n_users=400):
    """A directed graph: the generated network's ties, each kept one way only."""
    undirected = generate_social_graph(n_users=n_users, rng=3)
    ties = undirected.ties_frame()[["source", "target", "tie"]]
    return SocialGraph.from_tables(ties, undirected.users, directed=True)


def turned_round(graph):
    ties = graph.ties_frame()[["source", "target", "tie"]].rename(columns={"source": "target", "target": "source"})
    return SocialGraph.from_tables(ties, graph.users, directed=True)


def test_cascades_simulated_along_the_ties_say_so_and_swap_when_the_graph_is_turned():
    graph = one_way_graph()
    cascades = simulate_ic_cascades(graph, ICModel(p_strong=0.4, p_weak=0.2), range(graph.n_nodes), rng=1)
    counts = flow_counts(graph, cascades)
    assert counts.along > 2 * counts.against and counts.suggested == "source-to-target"
    assert counts.adoptions == cascades.n_adoptions
    other = flow_counts(turned_round(graph), cascades)
    assert (other.along, other.against, other.suggested) == (counts.against, counts.along, "target-to-source")
    assert "turning the ties round" in " ".join(other.lines())


def test_undirected_graphs_and_foreign_cascades_are_refused():
    undirected = generate_social_graph(n_users=50, rng=0)
    cascades = simulate_ic_cascades(one_way_graph(50), ICModel(), [0], rng=0)
    with pytest.raises(InvalidInputError, match="needs a directed graph"):
        flow_counts(undirected, cascades)
    small = SocialGraph.from_tables(pd.DataFrame({"source": ["a"], "target": ["b"], "tie": ["weak"]}), directed=True)
    with pytest.raises(InvalidInputError, match="cascades are over"):
        flow_counts(small, cascades)


def test_twitter_cascades_run_against_the_follow_lines(shared_data):
    """graph.txt's `a b` means a follows b: the cascades run from b to a (the issue's question 2)."""
    folder = shared_data / "cascades-twitter"
    graph, _ = read_graph_files(folder / "graph.txt", directed=True)
    cascades, _ = read_cascades(folder / "train.txt", graph)
    counts = flow_counts(graph, cascades)
    assert counts.suggested == "target-to-source" and counts.against > 1.4 * counts.along
    turned, _ = read_graph_files(folder / "graph.txt", directed=True, flow="target-to-source")
    assert flow_counts(turned, read_cascades(folder / "train.txt", turned)[0]).suggested == "source-to-target"
