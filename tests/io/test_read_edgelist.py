"""SNAP-style edge lists: comments, gzip, CRLF, optional weight, and bad lines with their line numbers."""

from __future__ import annotations

import gzip

import pytest

from graphkit.errors import InvalidInputError
from graphkit.io import read_edge_list


def write(tmp_path, name, content: bytes):
    path = tmp_path / name
    path.write_bytes(gzip.compress(content) if name.endswith(".gz") else content)
    return path


def test_comments_gzip_and_crlf(tmp_path):
    path = write(tmp_path, "g.txt.gz", b"# Directed graph\r\n% other comment\r\n  # indented\r\n0\t1\r\n\r\n1 2\r\n2  0")
    edges = read_edge_list(path)
    assert edges[["source", "target"]].values.tolist() == [["0", "1"], ["1", "2"], ["2", "0"]]
    assert edges.index.tolist() == [4, 6, 7]
    assert "weight" not in edges.columns


def test_third_column_is_weight(tmp_path):
    edges = read_edge_list(write(tmp_path, "g.txt", b"a b 2\nb c 0.5\n"))
    assert edges["weight"].tolist() == [2.0, 0.5]


def test_ids_with_non_ascii_letters(tmp_path):
    edges = read_edge_list(write(tmp_path, "g.txt", "zoë ana\n".encode()))
    assert edges[["source", "target"]].values.tolist() == [["zoë", "ana"]]


@pytest.mark.parametrize(
    ("content", "line", "field", "message"),
    [
        (b"# c\n0 1\n1 2 3\n", 3, "column 3", "expected 2 fields as on line 2, got 3"),
        (b"0 1 1\n1\n", 2, "column 2", "expected 3 fields as on line 1, got 1"),
        (b"# only\n0 1 2 3\n", 2, None, "expected 2 or 3 fields, got 4"),
        (b"0 1 1\n1 2 -1\n", 2, "weight", "weight must be a number > 0, got '-1'"),
        (b"0 1 1\n1 2 x\n", 2, "weight", "weight must be a number > 0, got 'x'"),
        (b"# nothing\n\n", 1, None, "the file is empty"),
        (b"", 1, None, "the file is empty"),
        (b"0 1\n1 \xff\n", 2, None, "not UTF-8"),
        ("0 1\nann\u00a0lee bob\n".encode(), 2, None, "Unicode space"),
    ],
)
def test_bad_lines(tmp_path, content, line, field, message):
    path = write(tmp_path, "g.txt", content)
    with pytest.raises(InvalidInputError) as excinfo:
        read_edge_list(path)
    error = excinfo.value
    assert (error.path, error.line, error.field) == (str(path), line, field)
    assert message in str(error)


def test_damaged_gzip(tmp_path):
    path = tmp_path / "g.txt.gz"
    path.write_bytes(gzip.compress(b"0 1\n" * 100)[:-20])
    with pytest.raises(InvalidInputError, match="cannot read the file"):
        read_edge_list(path)
