"""A graph as the header CSVs of ``neo4j-admin database import full`` (the bulk first load).

:func:`write_import_files` writes users and ties into a folder as the Bolt path would store them
(see :mod:`graphkit.store.neo4j`): ``(:User {id, ...})`` and ``STRONG_TIE`` / ``WEAK_TIE``
relationships with ``weight``, ``p``, ``labelledBy`` and further tie columns, camelCase property
names, missing values left out, undirected ties oriented from the smaller id. Columns are
converted by Arrow and written by Arrow's CSV writer, never row by row in Python. It returns the
import tool's arguments. :func:`import_refusal` says why a graph cannot go this way (a column kind
the CSV importer would store differently), so the caller loads it over Bolt instead.

Examples
--------
>>> import tempfile, graphkit
>>> graph = graphkit.generate_social_graph(n_users=20, rng=1)
>>> import_refusal(graph) is None
True
>>> arguments = write_import_files(graph, tempfile.mkdtemp())
>>> [a.split("=")[0] for a in arguments][:3]
['--nodes', '--relationships', '--relationships']
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from graphkit.graph import STRONG, SocialGraph
from graphkit.store._properties import property_keys
from graphkit.store._tables import TIE_BASE_COLUMNS, tie_table
from graphkit.store.limits import camel_case

__all__ = ["OfflineImporter", "import_refusal", "tie_keys", "user_keys", "write_import_files"]

USER_KEYS_TAKEN = {"id", "graphkitLock"}
"""Property keys no user column may take: ``graphkitLock`` is how older graphkit writers lock a user
(set and removed; today's ``merge_*_ties`` lock by ``SET u:User``), kept reserved so both can share a
database."""
TIE_PROPERTIES = ("weight", "p", "labelled_by")
"""Tie columns every tie relationship has (the Bolt path sends them as their own parameters)."""
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # what a CSV header field holds without quoting


class OfflineImporter(Protocol):
    """What runs ``neo4j-admin database import full`` with the server stopped, and restarts it
    (:meth:`graphkit.server.launcher.Neo4jServer.import_database`)."""

    def import_database(self, database: str, arguments: list[str]) -> dict:
        """Import, leaving the database empty if that fails; return seconds per step."""


def user_keys(graph: SocialGraph) -> dict[str, str]:
    """User column -> Neo4j property key (as the Bolt path names them)."""
    return property_keys([c for c in graph.users.columns if c != "id"], reserved=USER_KEYS_TAKEN, what="user")


def tie_keys(extras: list[str]) -> dict[str, str]:
    """Further tie column -> Neo4j property key (as the Bolt path names them)."""
    return property_keys(extras, reserved={camel_case(c) for c in TIE_PROPERTIES}, what="tie")


def import_refusal(graph: SocialGraph) -> str | None:
    """Why ``graph`` cannot be bulk-imported with the same properties as over Bolt, or None."""
    extras = [c for c in graph.ties.columns if c not in TIE_BASE_COLUMNS]
    for what, table, keys in (
        ("user", graph.users, user_keys(graph)),
        ("tie", graph.ties, {**{c: camel_case(c) for c in TIE_PROPERTIES}, **tie_keys(extras)}),
    ):
        for column, key in keys.items():
            if not _PLAIN_KEY.fullmatch(key):
                return f"{what} column {column!r} is stored as property {key!r}, which a CSV header cannot name"
            if column in table.columns:
                found = _column(table[column])
                if isinstance(found, str):
                    return f"{what} column {column!r} {found}"
    return None


def write_import_files(graph: SocialGraph, folder: str | Path) -> list[str]:
    """Write ``users.csv``, ``strong.csv`` and ``weak.csv`` (header line first) into ``folder``;
    return the import tool's arguments for them (before the database name).

    Call :func:`import_refusal` first: a column it refuses raises ValueError here.
    """
    folder = Path(folder)
    users = graph.users
    user_columns = {"id:ID(User)": _arrow(users["id"].astype(object), pa.string())}
    for column, key in user_keys(graph).items():
        kind, values = _checked(users[column])
        user_columns[f"{key}:{kind}"] = values
    arguments = [f"--nodes=User={folder / 'users.csv'}"]
    ties = tie_table(graph)
    extras = [c for c in ties.columns if c not in TIE_BASE_COLUMNS]
    keys = {**{c: camel_case(c) for c in TIE_PROPERTIES}, **tie_keys(extras)}
    strong = (ties["tie"] == STRONG).to_numpy()
    multiline = _write(folder / "users.csv", user_columns)
    for kind, mask in (("strong", strong), ("weak", ~strong)):
        part = ties[mask]
        columns = {
            ":START_ID(User)": _arrow(part["source"].astype(object), pa.string()),
            ":END_ID(User)": _arrow(part["target"].astype(object), pa.string()),
        }
        for column, key in keys.items():
            neo4j_type, values = _checked(part[column])
            columns[f"{key}:{neo4j_type}"] = values
        multiline = _write(folder / f"{kind}.csv", columns) or multiline
        arguments.append(f"--relationships={kind.upper()}_TIE={folder / f'{kind}.csv'}")
    return [
        *arguments,
        "--id-type=string",
        "--bad-tolerance=0",
        f"--multiline-fields={'true' if multiline else 'false'}",
        f"--report-file={folder / 'import.report'}",
        "--overwrite-destination=true",
    ]


def _write(path: Path, columns: dict[str, pa.Array]) -> bool:
    """The header line, then Arrow's CSV of the columns (strings quoted, missing values empty).

    Returns whether a text value holds a line break (the importer must then read multi-line fields).
    """
    with open(path, "wb") as handle:
        handle.write((",".join(columns) + "\n").encode("utf-8"))
        if len(next(iter(columns.values()))):
            table = pa.table(list(columns.values()), names=[f"c{i}" for i in range(len(columns))])
            pa_csv.write_csv(table, handle, pa_csv.WriteOptions(include_header=False))
    return any(
        pc.any(pc.match_substring_regex(values, "[\r\n]")).as_py() is True
        for values in columns.values()
        if pa.types.is_string(values.type)
    )


def _checked(series: pd.Series) -> tuple[str, pa.Array]:
    found = _column(series)
    if isinstance(found, str):
        raise ValueError(f"column {series.name!r} {found}")
    return found


def _arrow(values, kind: pa.DataType) -> pa.Array:
    return pa.array(values, type=kind, from_pandas=True)


def _column(series: pd.Series) -> tuple[str, pa.Array] | str:
    """(Neo4j CSV type, Arrow values) of a column, or why the importer would store it otherwise.

    The Bolt path sends each value as the driver maps it: bool -> boolean, int -> long, float ->
    double, str -> string, date -> date, naive datetime -> localdatetime.
    """
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        series, dtype = series.astype(object), np.dtype(object)
    api = pd.api.types
    if api.is_bool_dtype(dtype):
        return "boolean", _arrow(series, pa.bool_())
    if api.is_integer_dtype(dtype):
        if dtype.kind == "u" and len(series) and series.max() > np.iinfo(np.int64).max:
            return "holds integers beyond 64 bits"
        return "long", _arrow(series, pa.int64())
    if api.is_float_dtype(dtype):
        values = series.to_numpy(np.float64, na_value=np.nan)
        if np.isinf(values).any():
            return "holds infinite numbers, which the CSV importer cannot read"
        return "double", _arrow(values, pa.float64())
    if api.is_datetime64_any_dtype(dtype):
        if getattr(dtype, "tz", None) is not None:
            return "holds date-times with a time zone"
        text = series.dt.strftime("%Y-%m-%dT%H:%M:%S.%f").astype(object)
        return "localdatetime", _arrow(text, pa.string())
    inferred = api.infer_dtype(series, skipna=True)
    present = series.dropna()
    if inferred in ("string", "empty"):
        return "string", _arrow(series.astype(object), pa.string())
    if inferred == "boolean":
        return "boolean", _arrow(series.astype(object), pa.bool_())
    if inferred == "integer":
        return "long", _arrow(series.astype(object), pa.int64())
    if inferred == "floating" and not np.isinf(present.astype(float)).any():
        return "double", _arrow(series.astype(object), pa.float64())
    if inferred == "date" and not present.map(lambda v: hasattr(v, "hour")).any():
        return "date", _arrow(series.astype(object), pa.date32())
    return f"holds values of kind {inferred!r}, which the CSV importer would store differently"
