"""Attribute values as written (issue 17, item 9), on both stores where both take part.

* ``NaN``, ``NA``, ``null``, ``None`` ... in a users CSV attribute: in a column of numbers (or
  booleans) they are missing values; in a text column they are text, kept as written (they used
  to become missing in every column).
* A column read in one go: a large CSV whose column holds numbers in its first 262,144 rows and
  text after is a text column, as in a small file (pandas used to infer a type per chunk, and the
  embedded store then refused the mixed column naming neither the file nor a line).
* A column whose kind differs from the same column in the embedded store (numbers stored, text
  loaded) is refused before any write, naming the file and the column (it was a pyarrow message
  naming neither); Neo4j keeps a property per user, so there the load goes through.
* NUL in ids is refused everywhere: see the NUL cases of tests/cli/test_bad_input.py.
"""

from __future__ import annotations

import math
import os
import warnings

import pandas as pd
from typer.testing import CliRunner

from graphkit.cli.app import app
from graphkit.io.tables import read_ties, read_users
from graphkit.store import open_store
from tests.cli.test_bad_input import _store_changes, _store_state

runner = CliRunner()

USERS = (
    "id,note,score,flag,code,empty\n"
    "a,NaN,1,true,NA,\n"
    "b,x,NaN,false,NA,\n"
    "c,None,2.5,NA,NA,\n"
    "d,nan,null,true,NA,\n"
)
TIES = "source,target\na,b\nb,c\nc,d\n"


def _users(location: str) -> pd.DataFrame:
    store = open_store(location, password=os.environ.get("GRAPHKIT_NEO4J_PASSWORD"))
    try:
        users = store.read_graph().users
    finally:
        store.close()
    return users.set_index("id").sort_index()


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def test_nan_is_text_in_a_text_column_and_missing_in_a_number_column(tmp_path, store_args):
    users, ties = tmp_path / "users.csv", tmp_path / "ties.csv"
    users.write_text(USERS)
    ties.write_text(TIES)
    result = runner.invoke(app, ["load", "--users", str(users), "--ties", str(ties), *store_args])
    assert result.exit_code == 0, result.output
    stored = _users(store_args[1])
    assert stored["note"].tolist() == ["NaN", "x", "None", "nan"]
    assert stored["code"].tolist() == ["NA"] * 4  # only missing-value words: text
    assert stored["score"].iloc[[0, 2]].tolist() == [1.0, 2.5]
    assert all(_missing(value) for value in stored["score"].iloc[[1, 3]])
    assert [bool(value) for value in stored["flag"].iloc[[0, 1, 3]]] == [True, False, True]
    assert _missing(stored["flag"].iloc[2])
    assert "empty" not in stored.columns or all(_missing(value) for value in stored["empty"])


def test_ties_attributes_follow_the_same_rule(tmp_path):
    path = tmp_path / "ties.csv"
    path.write_text("source,target,channel,hops\na,b,NaN,1\nb,c,dm,NA\n")
    ties = read_ties(path)
    assert ties["channel"].tolist() == ["NaN", "dm"]
    assert ties["hops"].iloc[0] == 1.0 and math.isnan(ties["hops"].iloc[1])


def test_a_large_column_is_typed_in_one_go(tmp_path):
    path = tmp_path / "users.csv"
    rows = 270_000
    path.write_text("id,a\n" + "".join(f"u{i},{i}\n" for i in range(rows)) + "zz,x\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no DtypeWarning either
        users = read_users(path)
    assert users["a"].map(type).eq(str).all()
    assert users["a"].iloc[[0, -1]].tolist() == ["0", "x"]


def test_a_column_of_another_kind_than_the_store_holds_names_the_file(tmp_path, store_args):
    users, ties = tmp_path / "users.csv", tmp_path / "ties.csv"
    users.write_text("id,age\na,31\nb,40\n")
    ties.write_text("source,target,w\na,b,1\n")
    assert runner.invoke(app, ["load", "--users", str(users), "--ties", str(ties), *store_args]).exit_code == 0
    more_users, more_ties = tmp_path / "more-users.csv", tmp_path / "more-ties.csv"
    more_users.write_text("id,age\nc,unknown\n")
    more_ties.write_text("source,target,w\nb,c,2\n")
    text_ties = tmp_path / "text-ties.csv"
    text_ties.write_text("source,target,w\nb,a,high\n")
    for arguments, bad, column in (
        (["--users", str(more_users), "--ties", str(more_ties)], more_users, "age"),
        (["--ties", str(text_ties)], text_ties, "w"),
    ):
        before = _store_state(store_args[1])
        result = runner.invoke(app, ["load", *arguments, *store_args])
        if "://" in store_args[1]:  # Neo4j holds a property per user: nothing to refuse
            assert result.exit_code == 0, result.output
            continue
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: {bad}, field '{column}': "), result.stderr
        assert "float and str" in lines[0]
        assert _store_changes(before, _store_state(store_args[1])) is None
