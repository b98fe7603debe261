"""Column checks shared by the readers; a bad value is reported with its file, line and field.

Every table handed to these functions has the physical line of each row as its index (see
:mod:`graphkit.io.tables`), so the first bad row's line is ``table.index[position]``.

Examples
--------
>>> import pandas as pd
>>> from graphkit.io._validate import check_probability
>>> table = pd.DataFrame({"p": [0.5, 1.5]}, index=pd.Index([2, 3], name="line"))
>>> check_probability(table, "p", "ties.csv")
Traceback (most recent call last):
...
graphkit.errors.InvalidInputError: ties.csv, line 3, field 'p': p must be a number in [0, 1], got 1.5
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from graphkit.errors import InvalidInputError
from graphkit.graph import TIE_KINDS
from graphkit.store.limits import column_name_problem, id_problem

__all__ = [
    "require_columns",
    "check_column_names",
    "check_ids",
    "check_unique",
    "check_tie_labels",
    "check_positive",
    "check_probability",
    "check_timestamps",
]


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def _fail(table: pd.DataFrame, bad: np.ndarray, path, field: str, message: str) -> None:
    position = int(np.argmax(bad))
    value = _plain(table[field].iloc[position])
    raise InvalidInputError(message.format(value=value), path=path, line=int(table.index[position]), field=field)


def require_columns(table: pd.DataFrame, required: tuple[str, ...], path: str | Path, what: str) -> None:
    """Raise (line 1, field = the column) if ``table`` lacks one of ``required``."""
    for column in required:
        if column not in table.columns:
            found = ", ".join(map(str, table.columns)) or "none"
            raise InvalidInputError(
                f"{what} needs a {column!r} column; found columns: {found}", path=path, line=1, field=column
            )


def check_column_names(table: pd.DataFrame, path: str | Path, *, fixed: tuple[str, ...]) -> None:
    """Raise (line 1, field = the column) for a column name no store can hold: the same Neo4j
    property as an earlier column (see :func:`graphkit.store.limits.column_name_problem`)."""
    problem = column_name_problem(table.columns, fixed=fixed)
    if problem is not None:
        raise InvalidInputError(problem[1], path=path, line=1, field=problem[0])


def check_ids(table: pd.DataFrame, column: str, path: str | Path) -> pd.Series:
    """The ids in ``column`` as str; a missing or blank id, or one no store can hold (NUL, longer
    than :data:`graphkit.store.limits.MAX_ID_BYTES`), is an error."""
    values = table[column]
    missing = values.isna().to_numpy()
    if missing.any():
        _fail(table, missing, path, column, f"{column} is empty")
    if pd.api.types.infer_dtype(values, skipna=True) != "string":
        values = values.astype(str)
    values = values.astype(object)
    distinct = pd.unique(values.to_numpy())
    blank_ids = distinct[pd.Series(distinct, dtype=object).str.strip().to_numpy() == ""]
    if len(blank_ids):
        blank = values.isin(blank_ids).to_numpy()
        _fail(table, blank, path, column, f"{column} is empty")
    problem = id_problem(values)
    if problem is not None:
        raise InvalidInputError(
            f"{column} {problem[1]}", path=path, line=int(table.index[problem[0]]), field=column
        )
    return values


def check_unique(table: pd.DataFrame, column: str, path: str | Path) -> None:
    """Raise at the second occurrence of a repeated value in ``column``, naming the first line."""
    repeated = table[column].duplicated().to_numpy()
    if repeated.any():
        position = int(np.argmax(repeated))
        value = table[column].iloc[position]
        first = int(table.index[int(np.argmax((table[column] == value).to_numpy()))])
        raise InvalidInputError(
            f"{column} {value!r} appears more than once (first on line {first})",
            path=path,
            line=int(table.index[position]),
            field=column,
        )


def check_tie_labels(table: pd.DataFrame, path: str | Path) -> pd.Series:
    """``tie`` lower-cased: "strong", "weak", or None where the cell is empty (to be labelled)."""
    raw = table["tie"].astype(object)
    given = raw.notna().to_numpy()
    values = np.full(len(raw), None, dtype=object)
    values[given] = raw[given].astype(str).str.strip().str.lower().to_numpy()
    values[values == ""] = None
    labels = pd.Series(values, index=table.index, dtype=object)
    bad = (labels.notna() & ~labels.isin(TIE_KINDS)).to_numpy()
    if bad.any():
        _fail(table, bad, path, "tie", "unknown tie label {value!r}; expected 'strong' or 'weak' (any case)")
    return labels


def check_positive(table: pd.DataFrame, column: str, path: str | Path) -> pd.Series:
    """``column`` as float64; every value must be a finite number > 0."""
    missing = table[column].isna().to_numpy()
    if missing.any():
        _fail(table, missing, path, column, f"{column} is empty")
    values = pd.to_numeric(table[column], errors="coerce").astype(np.float64)
    bad = ~(np.isfinite(values.to_numpy()) & (values.to_numpy() > 0))
    if bad.any():
        _fail(table, bad, path, column, f"{column} must be a number > 0, got {{value!r}}")
    return values


def check_probability(table: pd.DataFrame, column: str, path: str | Path) -> pd.Series:
    """``column`` as float64 in [0, 1]; an empty cell is NaN (no explicit probability)."""
    values = pd.to_numeric(table[column], errors="coerce").astype(np.float64)
    number = values.to_numpy()
    bad = (np.isnan(number) & table[column].notna().to_numpy()) | ~(np.isnan(number) | ((number >= 0) & (number <= 1)))
    if bad.any():
        _fail(table, bad, path, column, f"{column} must be a number in [0, 1], got {{value!r}}")
    return values


def check_timestamps(table: pd.DataFrame, column: str, path: str | Path, *, required: bool) -> pd.Series:
    """``column`` as Unix seconds: numbers are kept (int64 or float64), ISO-8601 text becomes float seconds.

    An empty cell is NaN unless ``required``, in which case it is an error.
    """
    raw = table[column]
    given = raw.notna().to_numpy()
    if required and not given.all():
        _fail(table, ~given, path, column, f"{column} is empty")
    numbers = pd.to_numeric(raw, errors="coerce")
    text = given & numbers.isna().to_numpy()
    if text.any():
        moments = pd.to_datetime(raw[text].astype(object), errors="coerce", utc=True, format="ISO8601")
        bad = np.zeros(len(raw), dtype=bool)
        bad[text] = moments.isna().to_numpy()
        if bad.any():
            _fail(table, bad, path, column, f"{column} must be Unix seconds or an ISO-8601 date-time, got {{value!r}}")
        numbers = numbers.astype(np.float64)
        numbers[text] = (moments - pd.Timestamp(0, tz="UTC")).dt.total_seconds().to_numpy()
    finite = np.isfinite(numbers.to_numpy(np.float64)) | ~given
    if not finite.all():
        _fail(table, ~finite, path, column, f"{column} must be a finite number, got {{value!r}}")
    return numbers
