"""What the tables of a SocialGraph must hold: the tie kinds, the tie columns and their checks.

:class:`graphkit.graph.SocialGraph` checks its users with :func:`validate_users` (or
:func:`validate_ids`) and turns its ties into :class:`TieArrays` with :func:`tie_arrays` (or
:func:`check_tie_arrays`) before it builds anything: user ids are unique strings; ties have node
indices in range, a ``tie`` of :data:`TIE_KINDS`, a finite ``weight`` > 0 and a ``p`` in [0, 1]
or missing. No tie may appear twice (for undirected graphs a-b is b-a): the graph finds repeats
in its sorted arcs, and :func:`duplicate_tie_error` names the first one. The first problem found
is raised as :class:`~graphkit.errors.InvalidInputError`.

Examples
--------
>>> import pandas as pd
>>> from graphkit._graph_tables import tie_arrays
>>> ties = pd.DataFrame({"source": [0, 1], "target": [1, 0], "tie": ["strong", "weak"],
...                      "weight": [1.0, 2.0], "p": [None, 0.5], "labelled_by": "input"})
>>> tie_arrays(ties, 2).kind.tolist()
[0, 1]
>>> tie_arrays(ties.assign(p=[0.5, 1.3]), 2)
Traceback (most recent call last):
...
graphkit.errors.InvalidInputError: field 'p': p must be in [0, 1], got 1.3
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from graphkit.errors import InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "STRONG",
    "WEAK",
    "TIE_KINDS",
    "TieArrays",
    "validate_users",
    "validate_ids",
    "tie_arrays",
    "tie_codes",
    "check_tie_arrays",
    "duplicate_tie_error",
]

STRONG = "strong"
WEAK = "weak"
TIE_KINDS = (STRONG, WEAK)

_TIE_COLUMNS = ("source", "target", "tie", "weight", "p", "labelled_by")


class TieArrays(NamedTuple):
    """One entry per tie: node indices (int32), kind (int8 code into TIE_KINDS), weight and p (float64)."""

    source: np.ndarray
    target: np.ndarray
    kind: np.ndarray
    weight: np.ndarray
    p: np.ndarray


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def validate_users(users: pd.DataFrame) -> pd.Index:
    """Check the users table (see :func:`validate_ids`); returns its ids as an index."""
    if "id" not in users.columns:
        raise InvalidInputError("users table has no 'id' column")
    return validate_ids(users["id"].to_numpy(dtype=object))


def validate_ids(ids: np.ndarray) -> pd.Index:
    """Check user ids (unique str, none missing); returns them as the index that finds them."""
    import pandas as pd
    missing = pd.isna(ids)
    if missing.any():
        raise InvalidInputError(f"user id is missing in row {int(np.argmax(missing))}", field="id")
    if len(ids) and pd.api.types.infer_dtype(ids, skipna=False) != "string":
        raise InvalidInputError("user ids must be strings", field="id")
    index = pd.Index(ids, dtype=object)
    # the order check first: for sorted ids (a store's) it settles uniqueness without hashing them
    if not ((index.is_monotonic_increasing and index.is_unique) or index.is_unique):
        duplicate = index[index.duplicated()][0]
        raise InvalidInputError(f"user id {duplicate!r} appears more than once", field="id")
    return index


def tie_arrays(ties: pd.DataFrame, n_nodes: int) -> TieArrays:
    """The checked columns of a ties table (all checks but repeated ties, which the CSR finds)."""
    import pandas as pd
    missing = [column for column in _TIE_COLUMNS if column not in ties.columns]
    if missing:
        raise InvalidInputError(f"ties table lacks column(s) {', '.join(missing)}")
    for column in ("source", "target"):
        if not pd.api.types.is_integer_dtype(ties[column]):
            raise InvalidInputError(f"ties.{column} must hold node indices (integers)", field=column)
    source = ties["source"].to_numpy()
    target = ties["target"].to_numpy()
    _check_range(source, target, n_nodes)
    kind = tie_codes(ties["tie"])
    weight = pd.to_numeric(ties["weight"], errors="coerce")
    bad = ~(weight > 0) | ~np.isfinite(weight)
    if bad.any():
        raise InvalidInputError(
            f"weight must be a finite number > 0, got {_plain(ties['weight'][bad].iloc[0])!r}", field="weight"
        )
    p = pd.to_numeric(ties["p"], errors="coerce")
    bad = (p.isna() & ties["p"].notna()) | (p.notna() & ~p.between(0.0, 1.0))
    if bad.any():
        raise InvalidInputError(f"p must be in [0, 1], got {_plain(ties['p'][bad].iloc[0])!r}", field="p")
    return TieArrays(
        source.astype(np.int32),
        target.astype(np.int32),
        kind,
        weight.to_numpy(np.float64),
        p.to_numpy(np.float64),
    )


def tie_codes(kinds: pd.Series) -> np.ndarray:
    """The tie kinds as int8 codes into TIE_KINDS; raises naming the first other value."""
    import pandas as pd
    codes = pd.Categorical(kinds, categories=list(TIE_KINDS)).codes
    bad = codes < 0
    if bad.any():
        row = int(np.argmax(bad))
        value = kinds.astype(object).iloc[row]
        raise InvalidInputError(f"tie must be 'strong' or 'weak', got {value!r} in row {row}", field="tie")
    return codes.astype(np.int8, copy=False)


def check_tie_arrays(arrays: TieArrays, n_nodes: int, *, check_values: bool = True) -> TieArrays:
    """Check tie columns given as arrays (integer node indices and kind codes, float weight and p).

    Returns them with the dtypes of :class:`TieArrays`, copying only what has another dtype.
    ``check_values=False`` leaves the weight and p values unread (checked where they came from).
    """
    length = len(arrays.source)
    for name, values in arrays._asdict().items():
        if np.ndim(values) != 1 or len(values) != length:
            raise InvalidInputError(
                f"ties.{name} must be a 1-d array of {length} values, got shape {np.shape(values)}"
            )
    for name in ("source", "target", "kind"):
        if not np.issubdtype(getattr(arrays, name).dtype, np.integer):
            raise InvalidInputError(f"ties.{name} must hold integers", field=name)
    _check_range(arrays.source, arrays.target, n_nodes)
    bad = (arrays.kind < 0) | (arrays.kind >= len(TIE_KINDS))
    if bad.any():
        row = int(np.argmax(bad))
        raise InvalidInputError(
            f"tie codes must be 0 (strong) or 1 (weak), got {int(arrays.kind[row])} in row {row}"
        )
    weight = np.asarray(arrays.weight, dtype=np.float64)
    p = np.asarray(arrays.p, dtype=np.float64)
    if check_values:
        bad = ~(weight > 0) | ~np.isfinite(weight)
        if bad.any():
            value = _plain(weight[bad][0])
            raise InvalidInputError(f"weight must be a finite number > 0, got {value!r}", field="weight")
        bad = (p < 0.0) | (p > 1.0)
        if bad.any():
            raise InvalidInputError(f"p must be in [0, 1], got {_plain(p[bad][0])!r}", field="p")
    return TieArrays(
        arrays.source.astype(np.int32, copy=False),
        arrays.target.astype(np.int32, copy=False),
        arrays.kind.astype(np.int8, copy=False),
        weight,
        p,
    )


def _check_range(source: np.ndarray, target: np.ndarray, n_nodes: int) -> None:
    for column, values in (("source", source), ("target", target)):
        if len(values) and (values.min() < 0 or values.max() >= n_nodes):
            bad = (values < 0) | (values >= n_nodes)
            raise InvalidInputError(
                f"ties.{column} must be in [0, {n_nodes}), got {int(values[bad][0])}", field=column
            )


def duplicate_tie_error(
    source: np.ndarray, target: np.ndarray, n_nodes: int, directed: bool
) -> InvalidInputError:
    """The error for the first row whose tie an earlier row already holds."""
    import pandas as pd
    source = source.astype(np.int64)
    target = target.astype(np.int64)
    if not directed:
        source, target = np.minimum(source, target), np.maximum(source, target)
    duplicated = pd.Series(source * max(n_nodes, 1) + target).duplicated().to_numpy()
    row = int(np.argmax(duplicated))
    return InvalidInputError(
        f"tie ({int(source[row])}, {int(target[row])}) appears more than once (row {row}); "
        "merge duplicates before building the graph"
    )
