"""Tables both stores share: tie keys, result-table columns, validation and read-back.

Keeping these in one place is what makes the Parquet folder and Neo4j behave the same: both
canonicalise ties with :func:`tie_table`, validate result tables with the ``check_*`` helpers and
rebuild graphs and tables with :func:`graph_from_tables` and :func:`finish_table`.

Examples
--------
>>> import graphkit, pandas as pd
>>> from graphkit.store._tables import tie_table
>>> graph = graphkit.SocialGraph.from_tables(
...     pd.DataFrame({"source": ["b"], "target": ["a"], "tie": ["weak"]}), directed=False)
>>> tie_table(graph)[["source", "target", "tie"]].to_dict("records")
[{'source': 'a', 'target': 'b', 'tie': 'weak'}]
"""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np

from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.store.limits import (
    TIE_PROPERTY_COLUMNS,
    USER_PROPERTY_COLUMNS,
    column_name_problem,
    id_problem,
    value_problem,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "RESULT_COLUMNS",
    "TIE_BASE_COLUMNS",
    "check_campaign",
    "check_communities",
    "check_known_users",
    "check_storable_graph",
    "check_user_properties",
    "column_values",
    "directedness_mismatch",
    "empty_table",
    "finish_table",
    "graph_from_tables",
    "merge_rows",
    "ColumnKindError",
    "check_merged_kinds",
    "tie_table",
]

TIE_BASE_COLUMNS = ("source", "target", "tie", "weight", "p", "labelled_by")

RESULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "communities": ("id", "size"),
    "members": ("user", "community"),
    "leaders": ("user", "community", "rank", "score"),
    "campaigns": ("name", "model", "params", "budget", "expected_reach", "ci_low", "ci_high", "created_at"),
    "campaign_seeds": ("campaign", "user", "rank", "marginal_gain", "cost"),
    "campaign_reaches": ("campaign", "user", "probability"),
}
"""Every result table a store keeps, with its columns in order (extra columns follow)."""

_SORT_KEYS = {
    "communities": ["id"],
    "members": ["community", "user"],
    "leaders": ["community", "rank"],
    "campaigns": ["name"],
    "campaign_seeds": ["campaign", "rank"],
    "campaign_reaches": ["campaign", "user"],
}
_SCALARS = (str, bool, numbers.Integral, numbers.Real, dt.datetime, dt.date)


def tie_table(graph: SocialGraph) -> pd.DataFrame:
    """The graph's ties keyed by external ids; undirected ties oriented from the smaller id.

    ``tie`` is a plain str column; row order follows ``graph.ties``.
    """
    table = graph.ties_frame()
    if not graph.directed and len(table):
        source = table["source"].to_numpy(dtype=object)
        target = table["target"].to_numpy(dtype=object)
        swap = source > target
        table["source"] = np.where(swap, target, source)
        table["target"] = np.where(swap, source, target)
    return table


def merge_rows(old: pd.DataFrame, new: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Upsert ``new`` into ``old`` by ``keys``: new non-missing values win, other values are kept.

    Columns keep ``old``'s order, then ``new``'s extra columns; rows come sorted by ``keys``.
    """
    columns = list(old.columns) + [c for c in new.columns if c not in old.columns]
    if old.empty:
        merged = new.set_index(keys)
    elif new.empty:
        merged = old.set_index(keys)
    else:
        merged = new.set_index(keys).combine_first(old.set_index(keys))
    return merged.sort_index().reset_index()[columns]


class ColumnKindError(InvalidInputError):
    """A column of the input holds another kind of value (text, numbers, ...) than the same column
    in the store; ``table`` is "users" or "ties" and ``column`` the column, so that a caller who
    read the input from files can name the file."""

    def __init__(self, message: str, *, table: str, column: str) -> None:
        super().__init__(message, field=column)
        self.table = table
        self.column = column


def check_merged_kinds(table: str, merged: pd.DataFrame) -> None:
    """Raise :class:`ColumnKindError` for a column of ``merged`` (the store's rows upserted with a
    load's, see :func:`merge_rows`) that now mixes kinds of value, say numbers stored before and text
    loaded now: a Parquet column holds one kind."""
    for column in merged.columns:
        if merged[column].dtype != object:
            continue
        found = value_problem(merged[column])
        if found is not None:
            raise ColumnKindError(
                f"with the {table} already in the store, the column {found[1]}; a column of the embedded "
                "store holds one kind of value (text, numbers, booleans or date-times)",
                table=table,
                column=str(column),
            )


def graph_from_tables(users: pd.DataFrame, ties: pd.DataFrame, *, directed: bool) -> SocialGraph:
    """A SocialGraph with users in id order and ties in (source, target) order."""
    import pandas as pd
    users = users.sort_values("id", kind="stable").reset_index(drop=True)
    index = pd.Index(users["id"])
    order = np.lexsort((index.get_indexer(ties["target"]), index.get_indexer(ties["source"])))
    ties = ties.iloc[order].reset_index(drop=True)
    for column, default in (("weight", 1.0), ("p", np.nan), ("labelled_by", "input")):
        if column not in ties.columns:
            ties[column] = default
    columns = list(TIE_BASE_COLUMNS) + [c for c in ties.columns if c not in TIE_BASE_COLUMNS]
    return SocialGraph.from_tables(ties[columns], users, directed=directed)


def empty_table(name: str) -> pd.DataFrame:
    """The result table ``name`` with its columns and no rows."""
    import pandas as pd
    return pd.DataFrame({column: pd.Series([], dtype=object) for column in RESULT_COLUMNS[name]})


def finish_table(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """Result table ``name`` with its base columns first and rows in the canonical order."""
    import pandas as pd
    if table.empty:
        extra = [c for c in table.columns if c not in RESULT_COLUMNS[name]]
        return empty_table(name).assign(**{c: pd.Series([], dtype=object) for c in extra})
    for column in RESULT_COLUMNS[name]:
        if column not in table.columns:
            table[column] = np.nan
    columns = list(RESULT_COLUMNS[name]) + sorted(c for c in table.columns if c not in RESULT_COLUMNS[name])
    return table[columns].sort_values(_SORT_KEYS[name], kind="stable").reset_index(drop=True)


def column_values(series: pd.Series) -> list:
    """The column as a list of plain Python values, with None where a value is missing."""
    import pandas as pd
    exact = pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_integer_dtype(series.dtype)
    if exact and not series.hasnans:
        return series.tolist()
    if pd.api.types.is_float_dtype(series.dtype) and series.dtype != object:
        values = series.to_numpy(np.float64)
        out = values.astype(object)
        out[np.isnan(values)] = None
        return out.tolist()
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return [None if pd.isna(v) else v.to_pydatetime() for v in series]
    out = series.astype(object).to_numpy(copy=True)
    out[pd.isna(out)] = None
    return [v.item() if isinstance(v, np.generic) else v for v in out]


def check_storable_graph(graph: SocialGraph) -> None:
    """Raise InvalidInputError for the first id, column name or value no store can hold
    (see :mod:`graphkit.store.limits`), before anything is written."""
    tables = (
        ("user", graph.users, USER_PROPERTY_COLUMNS),
        ("tie", graph.ties, TIE_PROPERTY_COLUMNS),
    )
    for what, table, fixed in tables:
        problem = column_name_problem(table.columns, fixed=fixed)
        if problem is not None:
            raise InvalidInputError(f"{what} column {problem[0]!r}: {problem[1]}")
        for column in table.columns:
            if column in ("source", "target"):
                continue
            found = value_problem(table[column])
            if found is not None:
                raise InvalidInputError(f"{what} column {column!r}, row {found[0]}: {found[1]}")
    found = id_problem(graph.users["id"])
    if found is not None:
        raise InvalidInputError(f"user id {graph.users['id'].iloc[found[0]]!r:.60}: {found[1]}")


def check_user_properties(table: pd.DataFrame) -> pd.DataFrame:
    """Validate a user-properties table: unique str ``id`` and at least one other column."""
    _require(table, "table", ("id",))
    if len(table.columns) < 2:
        raise InvalidInputError("table must have at least one column besides 'id'")
    table = table.copy()
    table["id"] = _ids(table["id"], "table.id")
    if table["id"].duplicated().any():
        raise InvalidInputError(f"table.id must be unique, got {_first_duplicate(table['id'])!r} twice")
    return table.reset_index(drop=True)


def check_communities(
    communities: pd.DataFrame, members: pd.DataFrame, leaders: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Validate and normalise the three community tables (int community ids, str user ids)."""
    _require(communities, "communities", RESULT_COLUMNS["communities"][:1])
    _require(members, "members", RESULT_COLUMNS["members"])
    _require(leaders, "leaders", RESULT_COLUMNS["leaders"])
    communities, members, leaders = communities.copy(), members.copy(), leaders.copy()
    communities["id"] = _ints(communities["id"], "communities.id")
    if communities["id"].duplicated().any():
        raise InvalidInputError(
            f"communities.id must be unique, got {_first_duplicate(communities['id'])!r} twice"
        )
    known = set(communities["id"].tolist())
    for name, table in (("members", members), ("leaders", leaders)):
        table["user"] = _ids(table["user"], f"{name}.user")
        table["community"] = _ints(table["community"], f"{name}.community")
        unknown = ~table["community"].isin(known)
        if unknown.any():
            raise InvalidInputError(
                f"{name}.community must name a row of communities, got {table['community'][unknown].iloc[0]}"
            )
    if members.duplicated(["user", "community"]).any():
        raise InvalidInputError("members must list each (user, community) pair once")
    if leaders.duplicated(["user", "community"]).any():
        raise InvalidInputError("leaders must list each (user, community) pair once")
    return (
        communities.reset_index(drop=True),
        members.reset_index(drop=True),
        leaders.reset_index(drop=True),
    )


def check_campaign(
    campaign: dict, seeds: pd.DataFrame, reaches: pd.DataFrame
) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """Validate a campaign: a non-empty str ``name``, scalar values, seeds and reaches tables."""
    import pandas as pd
    name = campaign.get("name") if isinstance(campaign, dict) else None
    if not isinstance(name, str) or not name:
        raise InvalidInputError(f"campaign['name'] must be a non-empty str, got {name!r}")
    for key, value in campaign.items():
        if value is not None and not isinstance(value, _SCALARS):
            raise InvalidInputError(
                f"campaign[{key!r}] must be a str, number, bool or datetime (encode params as JSON), "
                f"got {type(value).__name__}"
            )
    _require(seeds, "seeds", RESULT_COLUMNS["campaign_seeds"][1:])
    _require(reaches, "reaches", RESULT_COLUMNS["campaign_reaches"][1:])
    seeds, reaches = seeds.copy(), reaches.copy()
    for table_name, table in (("seeds", seeds), ("reaches", reaches)):
        table["user"] = _ids(table["user"], f"{table_name}.user")
        if table["user"].duplicated().any():
            raise InvalidInputError(
                f"{table_name}.user must be unique, got {_first_duplicate(table['user'])!r} twice"
            )
    probability = pd.to_numeric(reaches["probability"], errors="coerce")
    bad = ~probability.between(0.0, 1.0)
    if bad.any():
        raise InvalidInputError(
            f"reaches.probability must be in [0, 1], got {reaches['probability'][bad].iloc[0]!r}"
        )
    values = {k: (v.item() if isinstance(v, np.generic) else v) for k, v in campaign.items()}
    return values, seeds.reset_index(drop=True), reaches.reset_index(drop=True)


def check_known_users(existing: Callable[[Iterable[str]], set[str]], ids: pd.Series, argument: str) -> None:
    """Raise InvalidInputError naming the first id in ``ids`` that the store does not hold."""
    import pandas as pd
    wanted = pd.unique(ids.to_numpy(dtype=object))
    held = existing(wanted.tolist())
    for user in wanted:
        if user not in held:
            raise InvalidInputError(f"{argument} names user {user!r}, which the store does not hold")


def _first_duplicate(values: pd.Series):
    value = values[values.duplicated()].iloc[0]
    return value.item() if isinstance(value, np.generic) else value


def _require(table: pd.DataFrame, name: str, columns: Iterable[str]) -> None:
    import pandas as pd
    if not isinstance(table, pd.DataFrame):
        raise InvalidInputError(f"{name} must be a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InvalidInputError(f"{name} lacks column(s) {', '.join(missing)}")


def _ids(values: pd.Series, name: str) -> pd.Series:
    if values.isna().any():
        raise InvalidInputError(f"{name} has a missing user id")
    return values.astype(str)


def _ints(values: pd.Series, name: str) -> pd.Series:
    import pandas as pd
    numeric = pd.to_numeric(values, errors="coerce")
    bad = numeric.isna() | (numeric != np.round(numeric))
    if bad.any():
        raise InvalidInputError(f"{name} must hold integers, got {values[bad].iloc[0]!r}")
    return numeric.astype(np.int64)


def directedness_mismatch(location: str, stored: bool, given: bool) -> str:
    """The message for writing a graph whose directedness differs from the stored one."""
    kind = {True: "a directed", False: "an undirected"}
    return (
        f"the store at {location} holds {kind[stored]} graph, got {kind[given]} one; "
        f"load it as {kind[stored].split()[1]} or clear the store first"
    )
