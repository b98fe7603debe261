"""Which way ties carry influence (flow) and edge lists whose third column is an interaction count."""

from __future__ import annotations

import pytest

from graphkit.errors import InvalidInputError
from graphkit.io import read_edge_list, read_graph_files
from graphkit.io.labelling import TieRule


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def pairs(graph):
    return [tuple(pair) for pair in graph.ties_frame()[["source", "target"]].values.tolist()]


def test_flow_target_to_source_turns_every_tie_round(tmp_path):
    edges = write(tmp_path, "follows.txt", "a b\nb c\n")  # a follows b: b's posts reach a
    graph, report = read_graph_files(edges, directed=True, flow="target-to-source")
    assert pairs(graph) == [("b", "a"), ("c", "b")]
    assert report.flow == "target-to-source"
    assert "turned round" in str(report)
    as_written, _ = read_graph_files(edges, directed=True)
    assert pairs(as_written) == [("a", "b"), ("b", "c")]


def test_flow_turns_interaction_counts_round_with_the_tie(tmp_path):
    log = write(tmp_path, "log.txt", "a b 10\na b 20\nb a 30\na c 40\n")
    graph, _ = read_graph_files(log, fmt="interactions", directed=True, flow="target-to-source")
    table = graph.ties_frame()
    counts = {(s, t): (c, back) for s, t, c, back in table[["source", "target", "count", "count_back"]].values}
    # count stays "messages from the stored source to the stored target": a wrote to b twice, so the
    # tie b -> a (influence from b to a) has count 1 (b wrote to a once) and count_back 2
    assert counts == {("b", "a"): (1, 2), ("a", "b"): (2, 1), ("c", "a"): (0, 1)}


def test_flow_needs_directed_ties_and_a_known_value(tmp_path):
    edges = write(tmp_path, "edges.txt", "a b\n")
    with pytest.raises(InvalidInputError, match="undirected ties have no direction"):
        read_graph_files(edges, directed=False, flow="target-to-source")
    with pytest.raises(InvalidInputError, match="flow must be one of"):
        read_graph_files(edges, directed=True, flow="backwards")


def test_third_column_as_interaction_count_feeds_labelling(tmp_path):
    edges = write(tmp_path, "mentions.txt", "a b 5\nb a 4\na c 1\nc a 7\nd a 1\na d 1\ne a 9\n")
    graph, report = read_graph_files(edges, directed=True, third_column="count",
                                     labelling=TieRule(min_interactions=3, min_overlap=0.0))
    table = graph.ties_frame()
    assert "weight" in table.columns and (table["weight"] == 1.0).all()  # the count is not a weight
    strong = {pair for pair, kind in zip(pairs(graph), table["tie"]) if kind == "strong"}
    # a pair's interactions count both ways: a -> c (1) is strong with c -> a (7); d and a wrote
    # twice in all (too few); e -> a is one-way
    assert strong == {("a", "b"), ("b", "a"), ("a", "c"), ("c", "a")}
    assert report.labelled_by == {"interactions": 7}
    weighted, _ = read_graph_files(edges, directed=True)
    assert weighted.ties_frame()["weight"].tolist()[:4] == [5.0, 4.0, 1.0, 7.0]


def test_third_column_names_the_field_of_a_bad_count(tmp_path):
    edges = write(tmp_path, "mentions.txt", "a b 5\nb a zero\n")
    with pytest.raises(InvalidInputError) as caught:
        read_edge_list(edges, third_column="count")
    assert (caught.value.line, caught.value.field) == (2, "count")
    with pytest.raises(InvalidInputError, match="third_column must be one of"):
        read_edge_list(edges, third_column="timestamp")


def test_a_rule_that_labels_almost_nothing_strong_says_what_to_do(tmp_path):
    lines = "".join(f"u{i} v{i} 1\n" for i in range(200)) + "a b 2\nb a 1\n"
    _, report = read_graph_files(write(tmp_path, "mentions.txt", lines), directed=True, third_column="count")
    assert report.strong == 2
    assert "Only 0.99% of the ties are strong" in str(report)
    assert "graphkit fit --choose-rule" in str(report)
    _, plenty = read_graph_files(write(tmp_path, "talks.txt", "a b 2\nb a 1\n"), directed=True, third_column="count")
    assert "Only" not in str(plenty)


def test_a_directed_load_without_reverse_ties_says_why_nothing_is_strong(tmp_path):
    """Karate's 78 friendships written once each: loaded directed, no tie has its reverse tie."""
    lines = "".join(f"{a} {b}\n" for a, b in [(1, 2), (1, 3), (2, 3), (3, 4), (1, 4), (2, 4)] * 1)
    _, report = read_graph_files(write(tmp_path, "karate.txt", lines), directed=True)
    assert report.strong == 0 and report.reciprocal == 0
    assert "the rule requires ties both ways, and 0 of 6 have their reverse tie" in str(report)
    assert "load with --undirected" in str(report)
    _, undirected = read_graph_files(write(tmp_path, "karate.txt", lines), directed=False)
    assert undirected.reciprocal is None and undirected.strong > 0


def test_counts_read_as_times_get_a_hint(tmp_path):
    """`--format interactions` on a weighted edge list reads the counts as times (issue 16, item 3): the report says so."""
    counts = write(tmp_path, "weighted.txt", "1 2 5\n2 1 3\n1 3 1\n")
    _, report = read_graph_files(counts, fmt="interactions", directed=True)
    assert "if the third column counts interactions, read the file as an edge list with --third-column count" in str(report)
    log = write(tmp_path, "log.txt", "1 2 1700000000\n2 1 1700000100\n1 2 1700000200\n")
    _, real = read_graph_files(log, fmt="interactions", directed=True)
    assert real.hints == ()
