"""SocialGraph: construction, validation, CSR views, conversions."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graphkit.analysis import to_igraph
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from tests.conftest import NAMED_GRAPHS


def _ties(**columns):
    base = {"source": ["a", "b"], "target": ["b", "c"], "tie": ["strong", "weak"]}
    base.update(columns)
    return pd.DataFrame(base)


def test_undirected_tie_is_one_row_and_two_arcs():
    graph = SocialGraph.from_tables(_ties(), directed=False)
    assert (graph.n_nodes, graph.n_ties, graph.n_arcs) == (3, 2, 4)
    b = graph.index_of("b")
    assert sorted(graph.node_ids[graph.out_neighbors(b)]) == ["a", "c"]
    assert graph.arc_strong.sum() == 2  # a-b both ways


def test_directed_csr_and_reverse_agree():
    graph = NAMED_GRAPHS["disconnected"]()
    in_indptr, in_indices, in_arc = graph.reverse()
    # every in-arc points back at an out-arc with the same ends
    heads = np.repeat(np.arange(graph.n_nodes), np.diff(in_indptr))
    assert np.array_equal(graph.indices[in_arc], heads)
    assert np.array_equal(graph.arc_source[in_arc], in_indices)
    assert graph.in_degree().tolist() == [1, 1, 1, 0, 1, 0]
    assert graph.out_degree().tolist() == [1, 1, 1, 1, 0, 0]


def test_arrays_are_read_only():
    graph = SocialGraph.from_tables(_ties(), directed=True)
    with pytest.raises(ValueError):
        graph.indices[0] = 2


def test_users_table_keeps_attributes_and_adds_tie_only_users():
    users = pd.DataFrame({"id": ["c", "a"], "segment": ["x", "y"]})
    graph = SocialGraph.from_tables(_ties(), users, directed=True)
    assert graph.node_ids.tolist() == ["c", "a", "b"]
    assert graph.users["segment"].tolist()[:2] == ["x", "y"]
    assert pd.isna(graph.users["segment"].iloc[2])


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"tie": ["strong", "close"]}, "tie must be 'strong' or 'weak', got 'close'"),
        ({"p": [0.5, 1.3]}, r"p must be in \[0, 1\], got 1.3"),
        ({"weight": [1.0, -2.0]}, "weight must be a finite number > 0, got -2.0"),
        ({"source": ["a", "b"], "target": ["b", "a"]}, "appears more than once"),
    ],
)
def test_invalid_ties_are_rejected_with_the_reason(columns, message):
    with pytest.raises(InvalidInputError, match=message):
        SocialGraph.from_tables(_ties(**columns), directed=False)


def test_reverse_pair_is_two_ties_when_directed():
    graph = SocialGraph.from_tables(_ties(source=["a", "b"], target=["b", "a"]), directed=True)
    assert graph.n_arcs == 2


def test_duplicate_user_id_is_rejected():
    with pytest.raises(InvalidInputError, match="'a' appears more than once"):
        SocialGraph.from_tables(_ties(), pd.DataFrame({"id": ["a", "a"]}), directed=True)


def test_missing_column_is_named():
    with pytest.raises(InvalidInputError, match="no 'tie' column"):
        SocialGraph.from_tables(pd.DataFrame({"source": ["a"], "target": ["b"]}), directed=True)


def test_networkx_round_trip_keeps_everything(named_graph):
    back = SocialGraph.from_networkx(named_graph.to_networkx())
    assert back.directed == named_graph.directed
    assert sorted(back.node_ids) == sorted(named_graph.node_ids)
    original = named_graph.ties_frame().sort_values(["source", "target"]).reset_index(drop=True)
    again = back.ties_frame().sort_values(["source", "target"]).reset_index(drop=True)
    if not named_graph.directed:  # networkx may flip the ends of an undirected edge
        for frame in (original, again):
            ends = np.sort(frame[["source", "target"]].to_numpy(), axis=1)
            frame[["source", "target"]] = ends
        original = original.sort_values(["source", "target"]).reset_index(drop=True)
        again = again.sort_values(["source", "target"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(original[list(again.columns)], again, check_dtype=False)


def test_igraph_view_matches_ties(named_graph):
    ig_graph = to_igraph(named_graph)
    assert ig_graph.vcount() == named_graph.n_nodes
    assert ig_graph.ecount() == named_graph.n_ties
    assert ig_graph.is_directed() == named_graph.directed
    assert sum(ig_graph.es["strong"]) == int((named_graph.ties["tie"] == "strong").sum())


def test_karate_matches_networkx():
    graph = NAMED_GRAPHS["karate"]()
    karate = nx.karate_club_graph()
    assert (graph.n_nodes, graph.n_ties) == (34, 78)
    degrees = dict(karate.degree())
    assert graph.out_degree().tolist() == [degrees[i] for i in range(34)]


def test_self_loop_is_one_arc_in_undirected_graph():
    graph = SocialGraph.from_tables(_ties(source=["a", "b"], target=["a", "c"]), directed=False)
    assert graph.n_arcs == 3


def test_unknown_id_lookup_names_the_id():
    graph = SocialGraph.from_tables(_ties(), directed=True)
    with pytest.raises(InvalidInputError, match="unknown user id 'zed'"):
        graph.indices_of(["a", "zed"])
