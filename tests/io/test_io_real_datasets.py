"""The real SNAP files in ../shared/data read with the counts their PROVENANCE.md gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from graphkit.io import read_edge_list, read_graph_files, read_interactions


def test_facebook_ego_gzip_edge_list(shared_data):
    path = shared_data / "facebook-ego" / "facebook_combined.txt.gz"
    edges = read_edge_list(path)
    assert len(edges) == 88_234 and edges.index[-1] == 88_234
    graph, report = read_graph_files(path, directed=False)
    assert (graph.n_nodes, graph.n_ties, graph.directed) == (4_039, 88_234, False)
    assert (report.self_loops_dropped, report.duplicates_merged, report.users_created) == (0, 0, 4_039)
    assert report.labelled_by == {"overlap": 88_234}
    assert report.strong == int((graph.ties["overlap"] >= 0.1).sum())
    assert set(graph.node_ids) == {str(i) for i in range(4_039)}


def test_collegemsg_interactions(shared_data):
    path = shared_data / "collegemsg" / "CollegeMsg.txt"
    events = read_interactions(path)
    assert len(events) == 59_835 and events.index[0] == 2
    graph, report = read_graph_files(path, fmt="interactions", directed=True)
    assert (graph.n_nodes, graph.n_ties, report.rows_read, report.lines_skipped) == (1_899, 20_296, 59_835, 1)
    assert int(graph.ties["count"].sum()) == 59_835
    # Oracle: plain pandas counts per ordered pair; strong = >= 3 messages between the two, both ways.
    counts = events.groupby(["source", "target"]).size()
    back = counts.index.map(lambda pair: counts.get((pair[1], pair[0]), 0)).to_numpy()
    expected_strong = int(((counts.to_numpy() + back >= 3) & (back > 0)).sum())
    assert report.strong == expected_strong
    table = graph.ties_frame()
    merged = table.set_index(["source", "target"])["count"]
    assert merged.sort_index().equals(counts.sort_index().rename("count"))
    span = events["timestamp"].max() - table["last_seen"]
    assert np.allclose(table["silence_days"], span / 86_400)


@pytest.mark.slow
def test_slashdot_crlf_comments_and_self_loops(shared_data):
    path = shared_data / "soc-slashdot0902" / "soc-Slashdot0902.txt.gz"
    graph, report = read_graph_files(path, directed=True)
    assert (report.rows_read, report.lines_skipped, report.self_loops_dropped) == (948_464, 4, 78_303)
    assert (graph.n_nodes, graph.n_ties, report.duplicates_merged) == (82_168, 948_464 - 78_303, 0)
    ties = graph.ties
    assert pd.api.types.is_bool_dtype(ties["reciprocal"])
    assert report.strong == int((ties["reciprocal"] & (ties["overlap"] >= 0.1)).sum())
