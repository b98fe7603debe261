"""The cascade table format: a CSV/TSV/Parquet table ``cascade,user,time[,parent]``, one row per adoption.

:func:`read_table_rows` reads and checks it into :class:`~graphkit.io._cascade_rows.CascadeRows`
(see :mod:`graphkit.io.cascades` for the format's rules); every bad row raises with file, line
and field.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from graphkit.errors import InvalidInputError
from graphkit.io._cascade_rows import CascadeRows, check_finite
from graphkit.io._validate import check_ids, require_columns
from graphkit.io.tables import read_table

__all__ = ["read_table_rows"]


def read_table_rows(path: Path) -> CascadeRows:
    table = read_table(path, text_columns=("cascade", "user", "parent"), number_columns=("time",))
    require_columns(table, ("cascade", "user", "time"), path, "a cascades table")
    names = check_ids(table, "cascade", path)
    users = check_ids(table, "user", path)
    times = _table_times(table, path)
    parent = None
    if "parent" in table.columns:
        raw = table["parent"].astype(object)
        given = raw.notna().to_numpy()
        parent = np.full(len(raw), None, dtype=object)
        parent[given] = raw[given].astype(str).str.strip().to_numpy()
        parent[parent == ""] = None
    codes, uniques = pd.factorize(names.to_numpy(dtype=object))
    return CascadeRows(
        cascade=codes.astype(np.int64),
        names=np.asarray(uniques, dtype=object),
        user=users.to_numpy(dtype=object),
        time=times,
        line=table.index.to_numpy(np.int64),
        root=np.zeros(len(table), dtype=bool),
        parent=parent,
    )


def _table_times(table: pd.DataFrame, path: Path) -> np.ndarray:
    values = table["time"]
    lines = table.index.to_numpy(np.int64)
    missing = values.isna().to_numpy()
    if missing.any():
        raise InvalidInputError("time is empty", path=path, line=int(lines[np.argmax(missing)]), field="time")
    kind = values.dtype.kind
    if kind not in "iufOU" and not isinstance(values.dtype, pd.StringDtype):
        raise InvalidInputError(
            f"time must be a number; the column holds {values.dtype}", path=path, line=int(lines[0]), field="time"
        )
    if kind in "iuf":
        times = values.to_numpy(np.float64)
    else:
        times = pd.to_numeric(values.astype(object), errors="coerce").to_numpy(np.float64)
    check_finite(times, values.to_numpy(dtype=object), lines, path)
    return times
