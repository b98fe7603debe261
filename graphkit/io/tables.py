"""Users and ties tables from CSV or Parquet files, validated, with each row's line in the file.

The format follows the name: ``.parquet``/``.pq`` is Parquet, ``.csv`` (or ``.csv.gz``) is
comma-separated, ``.tsv`` (or ``.tsv.gz``) tab-separated, with a header line. Text must be UTF-8;
lines end at LF, CRLF or a bare CR (see :func:`graphkit.io._text.read_bytes`).

Every table returned here has the physical line where each row starts as its index (named
``line``; the header is line 1, blank lines count). Parquet has no lines: there the index is the
row number plus one, as if the same table were written as CSV with a header.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "ties.csv").write_text("source,target,tie,weight\\nann,bob,Strong,2\\nbob,cat,,1\\n")
>>> ties = read_ties(folder / "ties.csv")
>>> ties.reset_index().to_dict("records")[0]
{'line': 2, 'source': 'ann', 'target': 'bob', 'tie': 'strong', 'weight': 2.0}
>>> ties["tie"].tolist()
['strong', None]
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import numpy as np
import pandas as pd

from graphkit.errors import InvalidInputError
from graphkit.io._text import LineMap, decode_utf8, read_bytes, table_suffix
from graphkit.io._validate import (
    check_column_names,
    check_ids,
    check_positive,
    check_probability,
    check_tie_labels,
    check_timestamps,
    check_unique,
    require_columns,
)
from graphkit.store.limits import TIE_PROPERTY_COLUMNS, USER_PROPERTY_COLUMNS, arrow_type_problem

__all__ = ["read_users", "read_ties", "read_table"]

# pandas' documented default missing-value markers (read_csv ``na_values``), for non-text columns.
_DEFAULT_NA = [
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
]
_BOOLEANS = {"True": True, "TRUE": True, "true": True, "False": False, "FALSE": False, "false": False}


def read_table(
    path: str | Path, *, text_columns: tuple[str, ...] = (), number_columns: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Read a CSV/TSV/Parquet table as is (no checks of particular columns), indexed by line.

    Parameters
    ----------
    path : str or Path
        The file; its suffix picks the format.
    text_columns : tuple of str, default ()
        Columns read as text (ids, labels): only an empty cell is missing, so ``NA`` stays a name.
        Other columns get pandas' type inference, so numeric columns stay numeric; there too only
        an empty cell is missing, except that in a column of numbers (or booleans) the words
        ``NaN``, ``NA``, ``null``, ``None``, ``N/A`` ... are missing values. In any other column
        they are text, kept as written (a column holding only such words is text).
    number_columns : tuple of str, default ()
        Columns whose given values must be numbers (``p``, ``weight``): only an empty cell (a
        Parquet null) is missing. They come back as text from CSV, and a Parquet NaN comes back as
        the text ``"NaN"``, so that the column's check refuses ``NaN``, ``inf`` ... in any spelling.

    Raises
    ------
    InvalidInputError
        For an unknown suffix, an empty file, a non-UTF-8 byte or a NUL byte, a header column
        without a name, a Parquet column of a type no store holds (see
        :mod:`graphkit.store.limits`), or a row whose number of fields differs from the header's
        (with the row's line).
    """
    path = Path(path)
    kind = table_suffix(path)
    if kind == "parquet":
        return _read_parquet(path, number_columns)
    if kind is None:
        raise InvalidInputError(
            "cannot tell the table format from the file name; use .csv, .tsv, .parquet (optionally .gz for text)",
            path=path,
        )
    return _read_delimited(path, "," if kind == "csv" else "\t", (*text_columns, *number_columns))


def _read_parquet(path: Path, number_columns: tuple[str, ...]) -> pd.DataFrame:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq
    import pyarrow.types as pa_types

    try:
        arrow = pq.read_table(path)
    except FileNotFoundError:
        raise InvalidInputError("file not found", path=path) from None
    except Exception as error:  # pyarrow raises ArrowInvalid, OSError, ... for a damaged file
        if isinstance(error, OSError) and error.errno:  # unreadable, a folder ...
            raise InvalidInputError(f"cannot read the file: {os.strerror(error.errno)}", path=path) from None
        raise InvalidInputError(f"not a readable Parquet file: {error}", path=path) from None
    for position, column in enumerate(arrow.schema):
        _check_header_name(column.name, position, path, line=1)
        problem = arrow_type_problem(column.type)
        if problem is not None:
            raise InvalidInputError(f"the column {problem}", path=path, line=1, field=column.name)
    table = arrow.to_pandas()
    for name in number_columns:
        if name in table.columns and pa_types.is_floating(arrow.schema.field(name).type):
            nan = pc.is_nan(arrow.column(name)).fill_null(False).to_numpy(zero_copy_only=False)
            if nan.any():  # NaN is a value, not a missing one: let the column's check refuse it
                table[name] = table[name].astype(object)
                table.loc[nan, name] = "NaN"
    if table.empty:
        raise InvalidInputError("the file has no rows", path=path, line=2 if len(table.columns) else 1)
    table.index = pd.RangeIndex(2, len(table) + 2, name="line")
    return table


def _read_delimited(path: Path, sep: str, text_columns: tuple[str, ...]) -> pd.DataFrame:
    data = read_bytes(path)
    text = decode_utf8(data, path)
    lines = LineMap(data)
    filled = np.flatnonzero(~lines.blank())
    if len(filled) == 0:
        raise InvalidInputError("the file is empty", path=path, line=1)
    header_index = int(filled[0])
    header_text = data[lines.starts[header_index] : lines.stops[header_index]].decode("utf-8")
    names = [name.strip() for name in next(csv.reader([header_text.rstrip("\r\n")], delimiter=sep))]
    for position, name in enumerate(names):
        _check_header_name(name, position, path, line=header_index + 1)
    nul = data.find(b"\x00")
    if nul >= 0:
        line = lines.line_at(nul)
        before = data[lines.starts[line] : nul].count(sep.encode())
        field = names[before] if before < len(names) else f"column {before + 1}"
        raise InvalidInputError("contains a NUL character", path=path, line=line + 1, field=field)
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise InvalidInputError(f"column {repeated[0]!r} appears twice in the header", path=path, line=header_index + 1, field=repeated[0])
    if b'"' in data:
        row_lines = _record_lines(text, sep, names, path)
    else:
        row_lines = filled[1:] + 1
        fields = lines.count_byte(ord(sep))[filled[1:]] + 1
        wrong = fields != len(names)
        if wrong.any():
            at = int(np.argmax(wrong))
            raise _field_count_error(names, int(fields[at]), path, int(row_lines[at]))
    if len(row_lines) == 0:
        raise InvalidInputError("the file has a header but no rows", path=path, line=header_index + 1)
    try:
        table = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=0,
            names=names,
            dtype={name: str for name in names if name in text_columns},
            keep_default_na=False,
            na_values={name: [""] for name in names},
            skip_blank_lines=True,
            skipinitialspace=False,
            low_memory=False,  # one type per column, whatever the file's size (not one per chunk)
        )
    except (pd.errors.ParserError, ValueError) as error:
        raise InvalidInputError(f"cannot parse the file: {error}", path=path) from None
    for name in table.columns:
        if name not in text_columns and table[name].dtype == object:
            table[name] = _numbers_or_text(table[name])
    if len(table) != len(row_lines):
        raise InvalidInputError(
            f"cannot match rows to lines ({len(table)} rows parsed, {len(row_lines)} found)", path=path
        )
    table.index = pd.Index(np.asarray(row_lines, dtype=np.int64), name="line")
    return table


def _numbers_or_text(values: pd.Series) -> pd.Series:
    """A column pandas read as text: numbers (or booleans) where every other cell is a missing-value
    word (``NaN``, ``NA``, ``null``, ... in :data:`_DEFAULT_NA`), which then become missing; else the
    text as written, those words included."""
    marker = values.isin(_DEFAULT_NA).to_numpy()
    if not marker.any():
        return values
    rest = values[~marker].dropna()
    if rest.empty:
        return values
    numbers = pd.to_numeric(rest, errors="coerce")
    if numbers.notna().all():
        return pd.to_numeric(values.mask(marker), errors="coerce")
    flags = rest.map(_BOOLEANS)
    if flags.notna().all():
        return values.mask(marker).map(_BOOLEANS).astype(object)
    return values


def _check_header_name(name: str, position: int, path: Path, *, line: int) -> None:
    if not name.strip():
        raise InvalidInputError("the column has no name", path=path, line=line, field=f"column {position + 1}")
    if "\x00" in name:
        raise InvalidInputError("the column name contains a NUL character", path=path, line=line, field=f"column {position + 1}")


def _field_count_error(names: list[str], got: int, path: Path, line: int) -> InvalidInputError:
    """A row with too few fields names the first missing column; one with too many, the first extra field."""
    field = names[got] if got < len(names) else f"column {len(names) + 1}"
    return InvalidInputError(f"expected {len(names)} fields as in the header, got {got}", path=path, line=line, field=field)


def _record_lines(text: str, sep: str, names: list[str], path: Path) -> np.ndarray:
    """Start line of each data record, with the csv module (slow path, for quoted fields)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    starts: list[int] = []
    previous = 0
    header_seen = False
    for record in reader:
        start, previous = previous + 1, reader.line_num
        if len(record) <= 1 and not "".join(record).strip():
            continue
        if not header_seen:
            header_seen = True
            continue
        if len(record) != len(names):
            raise _field_count_error(names, len(record), path, start)
        starts.append(start)
    return np.asarray(starts, dtype=np.int64)


def read_users(path: str | Path, *, id_column: str = "id") -> pd.DataFrame:
    """Read and validate a users table: a unique, non-empty ``id`` (kept as str) plus any attributes.

    Parameters
    ----------
    path : str or Path
        CSV/TSV (optionally ``.gz``) or Parquet file.
    id_column : str, default "id"
        The column holding the ids (``user_id``, ``name``, ...): read as ``id``.

    Returns
    -------
    DataFrame
        Column ``id`` (str) and the file's other columns (numeric ones stay numeric), indexed by
        line (see the module docstring).

    Raises
    ------
    InvalidInputError
        With path, line and field: no ``id`` column (line 1), an empty id, a repeated id (at its
        second occurrence), or a malformed row.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "users.csv"
    >>> _ = path.write_text("id,age\\n7,31\\n8,\\n")
    >>> users = read_users(path)
    >>> users["id"].tolist(), users["age"].dtype.kind
    (['7', '8'], 'f')
    """
    table = _renamed(read_table(path, text_columns=(id_column,)), [(id_column, "id")], path, "a users table")
    check_column_names(table, path, fixed=USER_PROPERTY_COLUMNS)
    table["id"] = check_ids(table, "id", path)
    check_unique(table, "id", path)
    return table


def read_ties(path: str | Path, *, source_column: str = "source", target_column: str = "target") -> pd.DataFrame:
    """Read and validate a ties table.

    Parameters
    ----------
    path : str or Path
        CSV/TSV (optionally ``.gz``) or Parquet file with columns ``source`` and ``target``, and
        optionally ``tie`` ("strong"/"weak", any case; an empty cell means "label it"),
        ``weight`` (a number > 0), ``p`` (in [0, 1]; empty = no explicit probability) and
        ``timestamp`` (Unix seconds or ISO-8601). Other columns are kept.
    source_column, target_column : str, default "source", "target"
        The columns holding the two ends (``from``/``to``, ``follower``/``followed``, ...).

    Returns
    -------
    DataFrame
        ``source``/``target`` as str, ``tie`` lower-cased (None where empty), ``weight`` and ``p``
        as float64, ``timestamp`` as Unix seconds; indexed by line.

    Raises
    ------
    InvalidInputError
        With path, line and field for the first bad row.
    """
    table = read_table(path, text_columns=(source_column, target_column, "tie"),
                       number_columns=("weight", "p", "timestamp"))
    table = _renamed(table, [(source_column, "source"), (target_column, "target")], path, "a ties table")
    check_column_names(table, path, fixed=TIE_PROPERTY_COLUMNS)
    for column in ("source", "target"):
        table[column] = check_ids(table, column, path)
    if "tie" in table.columns:
        table["tie"] = check_tie_labels(table, path)
    if "weight" in table.columns:
        table["weight"] = check_positive(table, "weight", path)
    if "p" in table.columns:
        table["p"] = check_probability(table, "p", path)
    if "timestamp" in table.columns:
        table["timestamp"] = check_timestamps(table, "timestamp", path, required=False)
    return table


def _renamed(table: pd.DataFrame, names: list[tuple[str, str]], path: str | Path, what: str) -> pd.DataFrame:
    """``table`` with the columns of ``names`` ((file's name, graphkit's name) pairs) renamed, after
    checking that each is there, named once, and that no other column already has the new name."""
    given = [name for name, _ in names]
    require_columns(table, tuple(given), path, what)
    if len(set(given)) < len(given):
        raise InvalidInputError(f"{' and '.join(map(repr, given))} must be different columns", path=path, line=1)
    for name, ours in names:
        if name != ours and ours in table.columns and ours not in given:
            raise InvalidInputError(f"the file has a column {ours!r} besides {name!r}, which is to be read as "
                                    f"{ours!r}; rename one of them", path=path, line=1, field=ours)
    return table.rename(columns=dict(names))
