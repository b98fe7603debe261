"""Table columns as Neo4j properties and back, for the Neo4j store.

Property names are camelCase in Neo4j and snake_case in Python (:func:`~graphkit.store.limits.camel_case`):
:func:`property_keys` names the property of each column and refuses two columns that would share
one; :func:`rows_frame` and :func:`maps_frame` turn what queries return into DataFrames, with
Neo4j's temporal values as Python ones. Missing values (None/NaN) are never
written (:func:`is_missing`), and read back as NaN.

Examples
--------
>>> property_keys(union(["segment"], ["leader_score", "segment"]), reserved={"id"}, what="user")
{'segment': 'segment', 'leader_score': 'leaderScore'}
>>> maps_frame([{"leaderScore": 0.9, "id": "a"}, {"id": "b"}], ["id"])
  id  leader_score
0  a           0.9
1  b           NaN
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from graphkit.errors import InvalidInputError
from graphkit.store.limits import camel_case, snake_case

__all__ = ["is_missing", "maps_frame", "property_keys", "rows_frame", "union"]


def is_missing(value) -> bool:
    """Whether ``value`` is None or a float NaN (never written as a property)."""
    return value is None or (isinstance(value, float) and np.isnan(value))


def union(old: list[str], new: Iterable[str]) -> list[str]:
    """``old`` then the names of ``new`` not in it."""
    return list(old) + [c for c in new if c not in old]


def property_keys(columns: list[str], *, reserved: set[str], what: str) -> dict[str, str]:
    """Column name -> property key; raises if two columns (or a column and a fixed key) collide."""
    keys: dict[str, str] = {}
    owners: dict[str, str] = {}
    for column in columns:
        key = camel_case(column)
        if key in reserved or key in owners:
            other = owners.get(key, key)
            raise InvalidInputError(
                f"{what} column {column!r} would be stored as Neo4j property {key!r}, "
                f"which {other!r} already uses; rename one of them"
            )
        keys[column] = key
        owners[key] = column
    return keys


def rows_frame(rows: list[list], names: list[str]) -> pd.DataFrame:
    """Rows of property values (aligned with ``names``) as a DataFrame."""
    table = (
        pd.DataFrame(rows, columns=names)
        if rows
        else pd.DataFrame({c: pd.Series([], dtype=object) for c in names})
    )
    return _native(table)


def maps_frame(records: list[dict], known: list[str]) -> pd.DataFrame:
    """Property maps as a DataFrame with snake_case columns: ``known`` names first, in order."""
    names = {camel_case(column): column for column in known}
    table = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    table = _native(table.rename(columns=lambda key: names.get(key, snake_case(key))))
    order = [c for c in known if c in table.columns] + sorted(c for c in table.columns if c not in known)
    return table[order]


def _native(table: pd.DataFrame) -> pd.DataFrame:
    """Neo4j temporal values as Python ones."""
    for column in table.columns:
        if table[column].dtype == object:
            present = table[column].dropna()
            if len(present) and hasattr(present.iloc[0], "to_native"):
                table[column] = table[column].map(lambda v: v.to_native() if hasattr(v, "to_native") else v)
    return table
