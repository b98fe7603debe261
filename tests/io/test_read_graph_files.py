"""read_graph_files: formats, the self-loop / duplicate / unknown-user policies with their counts, labelling."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from graphkit.errors import InvalidInputError
from graphkit.io import LoadReport, read_graph_files
from graphkit.io.labelling import TieRule


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def pairs(graph):
    return graph.ties_frame()[["source", "target"]].values.tolist()


def test_table_with_users_labels_and_attributes(tmp_path):
    users = write(tmp_path, "users.csv", "id,segment,cost\na,x,1.5\nb,y,2\nc,x,3\nd,y,4\n")
    ties = write(tmp_path, "ties.csv", "source,target,tie,weight,p\na,b,Strong,2,0.3\nb,c,,1,\nc,a,weak,1,\n")
    graph, report = read_graph_files(ties, users, directed=True)
    assert graph.node_ids.tolist() == ["a", "b", "c", "d"]
    assert graph.users["cost"].tolist() == [1.5, 2.0, 3.0, 4.0]
    table = graph.ties_frame()
    assert table["tie"].tolist() == ["strong", "weak", "weak"]
    assert table["labelled_by"].tolist() == ["input", "overlap", "input"]
    assert table["p"].iloc[0] == 0.3 and np.isnan(table["p"].iloc[1])
    assert {"common_neighbors", "overlap", "reciprocal"} <= set(table.columns)
    assert (report.format, report.rows_read, report.users_read, report.users_created) == ("table", 3, 4, 0)
    assert report.labelled_by == {"input": 2, "overlap": 1}
    assert (report.users, report.ties, report.strong, report.weak) == (4, 3, 1, 2)
    assert report.rule == dataclasses.asdict(TieRule())
    json.dumps(dataclasses.asdict(report))
    assert "labelled by: input 2, overlap 1" in str(report)


def test_auto_format_reads_text_as_edge_list(tmp_path):
    path = write(tmp_path, "g.edges", "# c\n1 2\n2 3\n")
    graph, report = read_graph_files(path, directed=False)
    assert (report.format, report.lines_skipped, graph.n_ties) == ("edgelist", 1, 2)


@pytest.mark.parametrize(("policy", "kept", "dropped_count", "kept_count"), [("drop", 1, 2, 0), ("keep", 3, 0, 2)])
def test_self_loops_drop_and_keep(tmp_path, policy, kept, dropped_count, kept_count):
    path = write(tmp_path, "g.txt", "a a\na b\nb b\n")
    graph, report = read_graph_files(path, directed=True, self_loops=policy)
    assert graph.n_ties == kept
    assert (report.self_loops_dropped, report.self_loops_kept) == (dropped_count, kept_count)


def test_self_loops_error(tmp_path):
    path = write(tmp_path, "g.txt", "# x\na b\nb b\n")
    with pytest.raises(InvalidInputError) as excinfo:
        read_graph_files(path, directed=True, self_loops="error")
    error = excinfo.value
    assert (error.path, error.line, error.field) == (str(path), 3, "target")
    assert "self-loop 'b' -> itself" in str(error)


def test_duplicates_merge_sums_weights_and_keeps_first_label(tmp_path):
    path = write(
        tmp_path,
        "ties.csv",
        "source,target,tie,weight\na,b,,1\nb,c,weak,2\nb,a,strong,3\nc,b,strong,4\na,b,,5\n",
    )
    graph, report = read_graph_files(path, directed=False)
    table = graph.ties_frame()
    assert table[["source", "target", "tie", "weight"]].values.tolist() == [
        ["a", "b", "strong", 9.0],
        ["b", "c", "weak", 6.0],
    ]
    assert table["labelled_by"].tolist() == ["input", "input"]
    assert (report.duplicates_merged, report.duplicates_dropped, report.label_conflicts) == (3, 0, 1)


def test_duplicates_directed_keeps_both_directions(tmp_path):
    path = write(tmp_path, "g.txt", "a b\nb a\na b\n")
    graph, report = read_graph_files(path, directed=True)
    assert pairs(graph) == [["a", "b"], ["b", "a"]]
    assert graph.ties["weight"].tolist() == [2.0, 1.0]
    assert report.duplicates_merged == 1


def test_duplicates_first(tmp_path):
    path = write(tmp_path, "g.txt", "a b 2\nb a 3\n")
    graph, report = read_graph_files(path, directed=False, duplicates="first")
    assert graph.ties["weight"].tolist() == [2.0]
    assert (report.duplicates_merged, report.duplicates_dropped) == (0, 1)


def test_duplicates_error_names_both_lines(tmp_path):
    path = write(tmp_path, "g.txt", "# x\na b\nb c\nb a\n")
    with pytest.raises(InvalidInputError) as excinfo:
        read_graph_files(path, directed=False, duplicates="error")
    error = excinfo.value
    assert (error.path, error.line, error.field) == (str(path), 4, None)
    assert "tie ('b', 'a') repeats line 2 (undirected: a-b is b-a)" in str(error)


def test_unknown_users_create_counts_them(tmp_path):
    users = write(tmp_path, "users.csv", "id,age\na,30\n")
    ties = write(tmp_path, "ties.csv", "source,target\na,b\nc,a\n")
    graph, report = read_graph_files(ties, users, directed=True)
    assert graph.node_ids.tolist() == ["a", "b", "c"]
    assert np.isnan(graph.users["age"].iloc[1])
    assert (report.users_created, report.users_in_store) == (2, 0)


def test_unknown_users_reject_names_line_and_field(tmp_path):
    users = write(tmp_path, "users.csv", "id\na\nb\n")
    ties = write(tmp_path, "ties.csv", "source,target\na,b\nb,a\nzed,a\n")
    with pytest.raises(InvalidInputError) as excinfo:
        read_graph_files(ties, users, directed=True, unknown_users="reject")
    error = excinfo.value
    assert (error.path, error.line, error.field) == (str(ties), 4, "source")
    assert f"user 'zed' is not in the users file {users}" in str(error)


def test_known_ids_from_the_store_are_not_unknown(tmp_path):
    users = write(tmp_path, "users.csv", "id\na\n")
    ties = write(tmp_path, "ties.csv", "source,target\na,b\na,c\n")
    asked = []

    def known_ids(ids):
        asked.append(sorted(ids))
        return {"b"}

    with pytest.raises(InvalidInputError) as excinfo:
        read_graph_files(ties, users, directed=True, unknown_users="reject", known_ids=known_ids)
    error = excinfo.value
    assert (error.line, error.field) == (3, "target")
    assert "user 'c' is not in the users file" in str(error) and "nor in the store" in str(error)
    graph, report = read_graph_files(ties, users, directed=True, known_ids=known_ids)
    assert asked == [["b", "c"], ["b", "c"]]
    assert graph.node_ids.tolist() == ["a", "b", "c"]
    assert (report.users_in_store, report.users_created) == (1, 1)


def test_interactions_are_aggregated_and_labelled(tmp_path):
    path = write(tmp_path, "log.txt", "src dst time\n1 2 10\n2 1 20\n1 2 30\n1 2 40\n1 3 50\n1 3 60\n1 3 70\n")
    graph, report = read_graph_files(path, fmt="interactions", directed=True)
    table = graph.ties_frame()
    assert table[["source", "target", "count", "count_back", "tie"]].values.tolist() == [
        ["1", "2", 3, 1, "strong"],
        ["2", "1", 1, 3, "strong"],  # 4 messages between 1 and 2, both ways
        ["1", "3", 3, 0, "weak"],
    ]
    assert (report.rows_read, report.ties_from_rows, report.lines_skipped) == (7, 3, 1)
    assert report.labelled_by == {"interactions": 3}
    assert "Aggregated 7 interactions into 3 ties." in str(report)
    graph, _ = read_graph_files(
        path, fmt="interactions", directed=False, labelling=TieRule(min_interactions=4)
    )
    assert graph.ties_frame()[["source", "target", "count", "tie"]].values.tolist() == [
        ["1", "2", 4, "strong"],
        ["1", "3", 3, "weak"],
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"fmt": "xml"}, "fmt must be one of 'auto', 'table', 'edgelist', 'interactions', got 'xml'"),
        ({"self_loops": "ignore"}, "self_loops must be one of 'drop', 'keep', 'error', got 'ignore'"),
        ({"duplicates": "sum"}, "duplicates must be one of 'merge', 'first', 'error', got 'sum'"),
        ({"unknown_users": "skip"}, "unknown_users must be one of 'create', 'reject', got 'skip'"),
        ({"directed": "yes"}, "directed must be True or False, got 'yes'"),
        ({"labelling": {"min_overlap": 0.2}}, "labelling must be a TieRule or None, got dict"),
    ],
)
def test_bad_options(tmp_path, options, message):
    path = write(tmp_path, "g.txt", "a b\n")
    arguments = {"directed": True, **options}
    with pytest.raises(InvalidInputError) as excinfo:
        read_graph_files(path, **arguments)
    assert str(excinfo.value) == message


def test_report_is_frozen(tmp_path):
    _, report = read_graph_files(write(tmp_path, "g.txt", "a b\n"), directed=True)
    assert isinstance(report, LoadReport)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.ties = 0
