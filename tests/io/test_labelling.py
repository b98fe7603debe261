"""Strong/weak tie labelling: overlap against a brute-force oracle, each rule on hand-built cases."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graphkit.errors import InvalidInputError
from graphkit.io.labelling import TieRule, label_ties, neighbourhood_overlap


def brute_overlap(edges, n):
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from((a, b) for a, b in edges if a != b)
    common, overlap = [], []
    for a, b in edges:
        if a == b:
            common.append(0)
            overlap.append(0.0)
            continue
        na, nb = set(graph[a]), set(graph[b])
        shared = len(na & nb)
        denominator = len(na | nb) - 2
        common.append(shared)
        overlap.append(shared / denominator if denominator > 0 else 0.0)
    return np.array(common), np.array(overlap)


@pytest.mark.parametrize("case", ["karate", "random_directed"])
def test_overlap_matches_brute_force(case):
    if case == "karate":
        edges = list(nx.karate_club_graph().edges())
        n = 34
    else:
        rng = np.random.default_rng(5)
        n = 60
        edges = [tuple(map(int, pair)) for pair in rng.integers(0, n, size=(400, 2))]
    source, target = np.array(edges).T
    common, overlap = neighbourhood_overlap(source, target, n)
    expected_common, expected_overlap = brute_overlap(edges, n)
    assert common.tolist() == expected_common.tolist()
    assert np.allclose(overlap, expected_overlap)


def ties_frame(rows, columns):
    return pd.DataFrame(rows, columns=columns)


def test_two_cliques_bridge_is_weak_and_clique_ties_strong():
    left = [(a, b) for a in range(5) for b in range(a + 1, 5)]
    right = [(a, b) for a in range(5, 10) for b in range(a + 1, 10)]
    ties = ties_frame(left + right + [(4, 5)], ["source", "target"])
    labelled = label_ties(ties, n_nodes=10, directed=False)
    assert labelled["tie"].tolist() == ["strong"] * 20 + ["weak"]
    assert labelled["labelled_by"].eq("overlap").all()
    assert labelled["overlap"].iloc[-1] == 0.0 and labelled["overlap"].iloc[0] == 1.0


def test_interaction_rule_frequency_reciprocity_recency():
    columns = ["source", "target", "count", "reciprocal", "last_seen"]
    day = 86_400
    ties = ties_frame(
        [
            (0, 1, 5, True, 100 * day),  # frequent, answered, recent: strong
            (1, 2, 2, True, 100 * day),  # too few
            (2, 3, 9, False, 100 * day),  # never answered
            (3, 4, 9, True, 10 * day),  # silent for 90 days
        ],
        columns,
    )
    default = label_ties(ties, n_nodes=5, directed=True)
    assert default["tie"].tolist() == ["strong", "weak", "weak", "strong"]
    assert default["labelled_by"].eq("interactions").all()
    assert default["silence_days"].tolist() == [0.0, 0.0, 0.0, 90.0]
    recent = label_ties(ties, n_nodes=5, directed=True, rule=TieRule(max_silence_days=30))
    assert recent["tie"].tolist() == ["strong", "weak", "weak", "weak"]
    lenient = label_ties(ties, n_nodes=5, directed=True, rule=TieRule(min_interactions=2, require_reciprocity=False))
    assert lenient["tie"].tolist() == ["strong"] * 4
    later = label_ties(ties, n_nodes=5, directed=True, rule=TieRule(max_silence_days=30, reference_time=120 * day))
    assert later["tie"].tolist() == ["strong", "weak", "weak", "weak"]
    assert later["silence_days"].tolist() == [20.0, 20.0, 20.0, 110.0]
    embedded = label_ties(ties, n_nodes=5, directed=True, rule=TieRule(interaction_min_overlap=0.5))
    assert embedded["tie"].tolist() == ["weak"] * 4


def test_topology_fallback_in_directed_graphs_needs_the_reverse_tie():
    ties = ties_frame([(0, 1), (1, 0), (1, 2), (2, 0)], ["source", "target"])
    labelled = label_ties(ties, n_nodes=3, directed=True)
    assert labelled["reciprocal"].tolist() == [True, True, False, False]
    assert labelled["tie"].tolist() == ["strong", "strong", "weak", "weak"]
    one_way = label_ties(ties, n_nodes=3, directed=True, rule=TieRule(require_reciprocity=False))
    assert one_way["tie"].tolist() == ["strong"] * 4


def test_input_labels_are_respected_and_rows_without_counts_fall_back():
    ties = pd.DataFrame(
        {
            "source": [0, 1, 2, 0],
            "target": [1, 2, 0, 3],
            "tie": ["weak", None, None, "strong"],
            "labelled_by": ["survey", None, None, None],
            "count": [10, 10, np.nan, np.nan],
            "reciprocal": [True, True, False, False],
        }
    )
    labelled = label_ties(ties, n_nodes=4, directed=False)
    assert labelled["tie"].tolist() == ["weak", "strong", "strong", "strong"]
    assert labelled["labelled_by"].tolist() == ["survey", "interactions", "overlap", "input"]


def test_missing_evidence_is_an_error_not_a_guess():
    ties = ties_frame([(0, 1, 4)], ["source", "target", "count"])
    with pytest.raises(InvalidInputError, match="require_reciprocity needs a 'reciprocal' column"):
        label_ties(ties, n_nodes=2, directed=False)
    assert label_ties(ties, n_nodes=2, directed=False, rule=TieRule(require_reciprocity=False))["tie"].tolist() == [
        "strong"
    ]
    with pytest.raises(InvalidInputError, match="max_silence_days needs a 'last_seen' column"):
        label_ties(ties, n_nodes=2, directed=True, rule=TieRule(max_silence_days=7, require_reciprocity=False))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"min_interactions": 0}, "min_interactions must be an int >= 1, got 0"),
        ({"min_interactions": 2.5}, "min_interactions must be an int >= 1, got 2.5"),
        ({"min_overlap": -0.1}, "min_overlap must be in [0, 1], got -0.1"),
        ({"interaction_min_overlap": 2}, "interaction_min_overlap must be in [0, 1], got 2"),
        ({"max_silence_days": -1}, "max_silence_days must be None or a number >= 0, got -1"),
        ({"reference_time": float("nan")}, "reference_time must be None or finite Unix seconds, got nan"),
        ({"require_reciprocity": "yes"}, "require_reciprocity must be True or False, got 'yes'"),
    ],
)
def test_rule_validation(options, message):
    with pytest.raises(InvalidInputError) as excinfo:
        TieRule(**options)
    assert str(excinfo.value) == message


def test_empty_ties_table():
    labelled = label_ties(pd.DataFrame({"source": [], "target": []}, dtype=np.int64), n_nodes=3, directed=False)
    assert len(labelled) == 0 and {"tie", "labelled_by", "overlap"} <= set(labelled.columns)
