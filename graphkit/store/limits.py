"""What every store can hold, so that input is refused before the first write, on both stores alike.

* **ids**: non-empty text of at most :data:`MAX_ID_BYTES` bytes in UTF-8, without NUL (Neo4j's
  index on ``User.id`` has a size limit; CSV readers and numpy cut text at a NUL, so two ids would
  silently become one);
* **attribute values**: text, numbers, booleans, date-times (a column holds one of these kinds;
  missing values are fine). Structs, maps, lists, bytes and decimals are refused;
* **column names**: non-empty, without NUL, and no two columns of a table (nor a column and a
  property graphkit sets) may become the same Neo4j property once turned into camelCase
  (``leader_score`` → ``leaderScore``).

The functions here only *find* the first problem; the readers in :mod:`graphkit.io` report it
with file, line and field, and the stores report it for tables built in Python.

Examples
--------
>>> import pandas as pd
>>> camel_case("leader_score"), snake_case("leaderScore")
('leaderScore', 'leader_score')
>>> id_problem(pd.Series(["ann", "b\\x00b"]))
(1, 'contains a NUL character')
>>> column_name_problem(["source", "target", "foo_bar", "fooBar"], fixed=TIE_PROPERTY_COLUMNS)
('fooBar', "would be stored as the Neo4j property 'fooBar', as column 'foo_bar' is")
>>> value_problem(pd.Series([1, "two"], dtype=object))
(1, 'mixes int and str values in one column')
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_ID_BYTES",
    "TIE_PROPERTY_COLUMNS",
    "USER_PROPERTY_COLUMNS",
    "arrow_type_problem",
    "camel_case",
    "column_name_problem",
    "id_problem",
    "snake_case",
    "value_problem",
]

MAX_ID_BYTES = 1024
"""The longest user id a store takes, in UTF-8 bytes."""

USER_PROPERTY_COLUMNS = ("id",)
"""User columns every store keeps under their own name."""

TIE_PROPERTY_COLUMNS = ("source", "target", "tie", "weight", "p", "labelled_by")
"""Tie columns with a fixed meaning; other columns may not take their property names."""

_KINDS = {str: "str", bool: "bool", numbers.Integral: "int", numbers.Real: "float", dt.datetime: "datetime",
          dt.date: "date"}
_FINE_INFERRED = {"empty", "string", "integer", "floating", "mixed-integer-float", "boolean", "datetime", "datetime64", "date"}


def camel_case(name: str) -> str:
    """A snake_case column name as a camelCase Neo4j property name (other names unchanged)."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest) if head and rest else name


def snake_case(key: str) -> str:
    """A camelCase Neo4j property name as a snake_case column name."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda match: "_" + match.group(1).lower(), key)


def id_problem(ids: pd.Series) -> tuple[int, str] | None:
    """The position and reason of the first id a store cannot hold, or None (ids are str)."""
    import pandas as pd
    distinct = pd.Series(pd.unique(ids.to_numpy(dtype=object)), dtype=object)
    text = distinct.str
    nul = text.contains("\x00", regex=False).to_numpy(dtype=bool)
    long = (text.len() > MAX_ID_BYTES // 4).to_numpy(dtype=bool)
    if long.any():
        long[long] = text.encode("utf-8")[long].str.len().to_numpy() > MAX_ID_BYTES
    for bad, reason in ((nul, "contains a NUL character"), (long, f"is longer than {MAX_ID_BYTES} bytes in UTF-8")):
        if bad.any():
            return int(np.argmax(ids.isin(distinct[bad]).to_numpy())), reason
    return None


def column_name_problem(names: Iterable, *, fixed: Iterable[str]) -> tuple[str, str] | None:
    """The first column name a store cannot hold, and why, or None.

    ``fixed`` are columns with a meaning of their own (their property names are taken).
    """
    owners = {camel_case(name): name for name in fixed}
    for name in names:
        if not isinstance(name, str) or not name.strip():
            return str(name), "a column has no name"
        if "\x00" in name:
            return name, "a column name contains a NUL character"
        key = camel_case(name)
        owner = owners.setdefault(key, name)
        if owner != name:
            return name, f"would be stored as the Neo4j property {key!r}, as column {owner!r} is"
    return None


def value_problem(values: pd.Series) -> tuple[int, str] | None:
    """The position and reason of the first value in a column that a store cannot hold, or None.

    Boolean, numeric, text and date-time columns are fine, as is an ``object`` column holding
    values of one of those kinds (and missing values).
    """
    import pandas as pd
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return None if value_problem(pd.Series(dtype.categories, dtype=object)) is None else (0, "has categories a store cannot hold")
    if dtype != object:
        api = pd.api.types
        fine = api.is_bool_dtype(dtype) or api.is_numeric_dtype(dtype) and dtype.kind != "c"
        if fine or api.is_datetime64_any_dtype(dtype) or isinstance(dtype, pd.StringDtype):
            return None
        return 0, f"has type {dtype}; a store holds text, numbers, booleans and date-times"
    if pd.api.types.infer_dtype(values, skipna=True) in _FINE_INFERRED:
        return None
    first_kind = None
    for position, value in enumerate(values.to_numpy()):
        if pd.api.types.is_scalar(value) and pd.isna(value):
            continue
        kind = _kind(value)
        if kind is None:
            return position, f"holds {type(value).__name__} values; a store holds text, numbers, booleans and date-times"
        first_kind = first_kind or kind
        if {kind, first_kind} not in ({kind}, {"int", "float"}):
            return position, f"mixes {first_kind} and {kind} values in one column"
    return None


def arrow_type_problem(arrow_type) -> str | None:
    """Why a Parquet column of ``arrow_type`` cannot be stored, or None."""
    import pyarrow.types as types

    if types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    fine = (
        types.is_null, types.is_boolean, types.is_integer, types.is_floating, types.is_string,
        types.is_large_string, types.is_timestamp, types.is_date,
    )
    if any(check(arrow_type) for check in fine):
        return None
    return f"has type {arrow_type}; a store holds text, numbers, booleans and date-times"


def _kind(value) -> str | None:
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, np.generic):
        value = value.item()
    for kind, name in _KINDS.items():
        if isinstance(value, kind):
            return name
    return None
