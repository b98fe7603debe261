"""Users and ties tables (CSV, TSV, gzip, Parquet): values, types, and each bad input's path/line/field."""

from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest

from graphkit.errors import InvalidInputError
from graphkit.io import read_ties, read_users


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    if name.endswith(".gz"):
        content = gzip.compress(content)
    path.write_bytes(content)
    return path


def located(excinfo, path, line, field):
    error = excinfo.value
    assert (error.path, error.line, error.field) == (str(path), line, field)
    return str(error)


def test_users_keep_ids_as_str_and_numeric_attributes_numeric(tmp_path):
    path = write(tmp_path, "users.csv", "id,age,segment,cost\n007,31,students,1.5\nNA,,parents,2\n")
    users = read_users(path)
    assert users["id"].tolist() == ["007", "NA"]
    assert users["age"].dtype.kind == "f" and np.isnan(users["age"].iloc[1])
    assert users["cost"].tolist() == [1.5, 2.0]
    assert users["segment"].tolist() == ["students", "parents"]
    assert users.index.tolist() == [2, 3] and users.index.name == "line"


def test_ties_columns_are_normalised(tmp_path):
    path = write(
        tmp_path,
        "ties.csv.gz",
        "source,target,tie,weight,p,timestamp,channel\n"
        "1,2,STRONG,2.5,0.2,2004-05-01T00:00:00Z,chat\n"
        "2,3,, 1 ,,86400,mail\n",
    )
    ties = read_ties(path)
    assert ties["source"].tolist() == ["1", "2"]
    assert ties["tie"].tolist() == ["strong", None]
    assert ties["weight"].tolist() == [2.5, 1.0]
    assert ties["p"].iloc[0] == 0.2 and np.isnan(ties["p"].iloc[1])
    assert ties["timestamp"].tolist() == [1083369600.0, 86400.0]
    assert ties["channel"].tolist() == ["chat", "mail"]


def test_tsv_and_crlf_and_blank_lines_keep_physical_lines(tmp_path):
    path = write(tmp_path, "ties.tsv", "source\ttarget\r\n\r\na\tb\r\n   \r\nb\tc\r\n")
    ties = read_ties(path)
    assert ties.index.tolist() == [3, 5]
    assert ties[["source", "target"]].values.tolist() == [["a", "b"], ["b", "c"]]


def test_parquet_lines_are_row_number_plus_one(tmp_path):
    path = tmp_path / "ties.parquet"
    pd.DataFrame({"source": [1, 2, 3], "target": [2, 3, 1], "p": [0.1, 0.2, 1.2]}).to_parquet(path)
    with pytest.raises(InvalidInputError) as excinfo:
        read_ties(path)
    assert "p must be a number in [0, 1], got 1.2" in located(excinfo, path, 4, "p")


def test_parquet_users_ids_become_str(tmp_path):
    path = tmp_path / "users.parquet"
    pd.DataFrame({"id": [10, 11], "age": [30, 40]}).to_parquet(path)
    users = read_users(path)
    assert users["id"].tolist() == ["10", "11"] and users["age"].dtype.kind == "i"


@pytest.mark.parametrize(
    ("name", "content", "reader", "line", "field", "message"),
    [
        ("users.csv", "name,age\nann,3\n", read_users, 1, "id", "needs a 'id' column"),
        ("users.csv", "id,age\n1,2\n,3\n", read_users, 3, "id", "id is empty"),
        ("users.csv", "id,age\n1,2\n   ,3\n", read_users, 3, "id", "id is empty"),
        ("users.csv", "id\na\nb\n\na\n", read_users, 5, "id", "id 'a' appears more than once (first on line 2)"),
        ("ties.csv", "from,target\na,b\n", read_ties, 1, "source", "needs a 'source' column"),
        ("ties.csv", "source,to\na,b\n", read_ties, 1, "target", "needs a 'target' column"),
        ("ties.csv", "source,target\na,b\n\nb,c,d\n", read_ties, 4, "column 3", "expected 2 fields as in the header, got 3"),
        ("ties.csv", "source,target,weight\na,b,1\nb\n", read_ties, 3, "target", "expected 3 fields as in the header, got 1"),
        ("ties.csv", "source,target,tie\na,b,strong\nb,c,close\n", read_ties, 3, "tie", "unknown tie label 'close'"),
        ("ties.csv", "source,target,p\na,b,0.5\nb,c,-0.1\n", read_ties, 3, "p", "p must be a number in [0, 1], got '-0.1'"),
        ("ties.csv", "source,target,p\na,b,x\n", read_ties, 2, "p", "got 'x'"),
        ("ties.csv", "source,target,weight\na,b,1\nb,c,0\n", read_ties, 3, "weight", "weight must be a number > 0, got '0'"),
        ("ties.csv", "source,target,weight\na,b,heavy\n", read_ties, 2, "weight", "got 'heavy'"),
        ("ties.csv", "source,target,weight\na,b,\n", read_ties, 2, "weight", "weight is empty"),
        ("ties.csv", "source,target\na,\n", read_ties, 2, "target", "target is empty"),
        ("ties.csv", "source,target,timestamp\na,b,yesterday\n", read_ties, 2, "timestamp", "got 'yesterday'"),
        ("ties.csv", "", read_ties, 1, None, "the file is empty"),
        ("ties.csv", "\n \n", read_ties, 1, None, "the file is empty"),
        ("ties.csv", "source,target\n", read_ties, 1, None, "the file has a header but no rows"),
        ("ties.csv", b"source,target\na,b\nc,\xffd\n", read_ties, 3, None, "not UTF-8 text: byte 0xff"),
        ("users.csv.gz", b"id\n1\n2\n\xc3(\n", read_users, 4, None, "not UTF-8"),
        ("users.csv", "id,id\n1,2\n", read_users, 1, "id", "column 'id' appears twice"),
    ],
)
def test_bad_input_names_path_line_and_field(tmp_path, name, content, reader, line, field, message):
    path = write(tmp_path, name, content)
    with pytest.raises(InvalidInputError) as excinfo:
        reader(path)
    assert message in located(excinfo, path, line, field)


def test_quoted_fields_spanning_lines_keep_physical_lines(tmp_path):
    path = write(tmp_path, "users.csv", 'id,note\n1,"two\nlines"\n2,"a, b"\n1,x\n')
    with pytest.raises(InvalidInputError) as excinfo:
        read_users(path)
    assert "first on line 2" in located(excinfo, path, 5, "id")


def test_quoted_row_with_wrong_field_count(tmp_path):
    path = write(tmp_path, "ties.csv", 'source,target\n"a","b"\n"b","c","d"\n')
    with pytest.raises(InvalidInputError) as excinfo:
        read_ties(path)
    located(excinfo, path, 3, "column 3")


def test_unknown_suffix_and_missing_file(tmp_path):
    with pytest.raises(InvalidInputError, match="cannot tell the table format"):
        read_users(tmp_path / "users.xlsx")
    with pytest.raises(InvalidInputError) as excinfo:
        read_users(tmp_path / "absent.csv")
    assert str(excinfo.value).endswith("file not found")


def test_damaged_parquet(tmp_path):
    path = write(tmp_path, "users.parquet", "id\n1\n")
    with pytest.raises(InvalidInputError, match="not a readable Parquet file"):
        read_users(path)
