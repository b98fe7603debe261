"""Interaction logs (CollegeMsg text, CSV with kinds and ISO times) and their aggregation into ties."""

from __future__ import annotations

import pandas as pd
import pytest

from graphkit.errors import InvalidInputError
from graphkit.io import aggregate_interactions, read_interactions

LOG = "src dst time\n1 2 100\n2 1 150\n1 2 300\n1 3 200\n3 3 50\n"


def test_collegemsg_text_with_header(tmp_path):
    path = tmp_path / "log.txt"
    path.write_text(LOG)
    events = read_interactions(path)
    assert events.index.tolist() == [2, 3, 4, 5, 6]
    assert events["timestamp"].tolist() == [100, 150, 300, 200, 50]
    assert events[["source", "target"]].values.tolist()[0] == ["1", "2"]


def test_text_without_header_and_with_kind(tmp_path):
    path = tmp_path / "log.txt.gz"
    import gzip

    path.write_bytes(gzip.compress(b"a b 10 reply\r\nb a 20 mention\r\n"))
    events = read_interactions(path)
    assert events["kind"].tolist() == ["reply", "mention"]
    assert events.index.tolist() == [1, 2]


def test_directed_aggregation_counts_each_direction():
    events = pd.DataFrame(
        {"source": ["1", "2", "1", "1", "3"], "target": ["2", "1", "2", "3", "3"], "timestamp": [100, 150, 300, 200, 50]},
        index=pd.Index([2, 3, 4, 5, 6], name="line"),
    )
    ties = aggregate_interactions(events, directed=True)
    rows = ties[["source", "target", "count", "count_back", "reciprocal", "first_seen", "last_seen", "weight"]]
    assert rows.values.tolist() == [
        ["1", "2", 2, 1, True, 100, 300, 2.0],
        ["2", "1", 1, 2, True, 150, 150, 1.0],
        ["1", "3", 1, 0, False, 200, 200, 1.0],
        ["3", "3", 1, 0, False, 50, 50, 1.0],
    ]
    assert ties.index.tolist() == [2, 3, 5, 6]


def test_undirected_aggregation_gives_pair_totals():
    events = pd.DataFrame(
        {"source": ["2", "1", "2", "1"], "target": ["1", "2", "1", "3"], "timestamp": [10, 20, 30, 40],
         "kind": ["dm", "reply", "dm", "dm"]},
        index=pd.Index([2, 3, 4, 5], name="line"),
    )
    ties = aggregate_interactions(events, directed=False)
    rows = ties[["source", "target", "count", "count_forward", "count_back", "reciprocal", "first_seen", "last_seen", "kinds"]]
    assert rows.values.tolist() == [
        ["2", "1", 3, 2, 1, True, 10, 30, "dm,reply"],
        ["1", "3", 1, 1, 0, False, 40, 40, "dm"],
    ]


def test_csv_log_with_iso_timestamps(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("source,target,timestamp,kind\na,b,1970-01-02T00:00:00Z,dm\nb,a,86500,dm\n")
    events = read_interactions(path)
    assert events["timestamp"].tolist() == [86400.0, 86500.0]


@pytest.mark.parametrize(
    ("name", "content", "line", "field", "message"),
    [
        ("log.txt", "src dst time\n1 2 100\n1 2 soon\n", 3, "timestamp", "got 'soon'"),
        ("log.txt", "1 2 100\n1 2\n", 2, "column 3", "expected 3 fields as on line 1, got 2"),
        ("log.txt", "1 2\n", 1, None, "expected 3 or 4 fields, got 2"),
        ("log.txt", "src dst time\n", 1, None, "header but no rows"),
        ("log.csv", "source,target\na,b\n", 1, "timestamp", "needs a 'timestamp' column"),
        ("log.csv", "source,target,timestamp\na,b,\n", 2, "timestamp", "timestamp is empty"),
    ],
)
def test_bad_logs(tmp_path, name, content, line, field, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InvalidInputError) as excinfo:
        read_interactions(path)
    error = excinfo.value
    assert (error.path, error.line, error.field) == (str(path), line, field)
    assert message in str(error)
