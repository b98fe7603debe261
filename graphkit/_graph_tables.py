"""What the tables of a SocialGraph must hold: the tie kinds, the tie columns and their checks.

:class:`graphkit.graph.SocialGraph` validates its ``users`` and ``ties`` tables with
:func:`validate_users` and :func:`validate_ties` before it builds anything: user ids are unique
strings; ties have node indices in range, a ``tie`` of :data:`TIE_KINDS`, a finite ``weight``
> 0, a ``p`` in [0, 1] or missing, and no tie twice (for undirected graphs a-b is b-a). The
first problem found is raised as :class:`~graphkit.errors.InvalidInputError`.

Examples
--------
>>> import pandas as pd
>>> from graphkit._graph_tables import validate_ties
>>> ties = pd.DataFrame({"source": [0, 1], "target": [1, 0], "tie": ["strong", "weak"],
...                      "weight": [1.0, 2.0], "p": [None, 0.5], "labelled_by": "input"})
>>> validate_ties(ties, 2, directed=True)
>>> validate_ties(ties, 2, directed=False)
Traceback (most recent call last):
...
graphkit.errors.InvalidInputError: tie (0, 1) appears more than once (row 1); merge duplicates before building the graph
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from graphkit.errors import InvalidInputError

__all__ = ["STRONG", "WEAK", "TIE_KINDS", "validate_users", "validate_ties"]

STRONG = "strong"
WEAK = "weak"
TIE_KINDS = (STRONG, WEAK)

_TIE_COLUMNS = ("source", "target", "tie", "weight", "p", "labelled_by")


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def validate_users(users: pd.DataFrame) -> None:
    if "id" not in users.columns:
        raise InvalidInputError("users table has no 'id' column")
    ids = users["id"]
    if ids.isna().any():
        raise InvalidInputError(f"user id is missing in row {int(np.argmax(ids.isna().to_numpy()))}", field="id")
    if not all(isinstance(value, str) for value in ids.to_numpy()):
        raise InvalidInputError("user ids must be strings", field="id")
    duplicated = ids.duplicated()
    if duplicated.any():
        raise InvalidInputError(f"user id {ids[duplicated].iloc[0]!r} appears more than once", field="id")


def validate_ties(ties: pd.DataFrame, n_nodes: int, directed: bool) -> None:
    missing = [column for column in _TIE_COLUMNS if column not in ties.columns]
    if missing:
        raise InvalidInputError(f"ties table lacks column(s) {', '.join(missing)}")
    for column in ("source", "target"):
        values = ties[column]
        if not pd.api.types.is_integer_dtype(values):
            raise InvalidInputError(f"ties.{column} must hold node indices (integers)", field=column)
        bad = (values < 0) | (values >= n_nodes)
        if bad.any():
            raise InvalidInputError(
                f"ties.{column} must be in [0, {n_nodes}), got {int(values[bad].iloc[0])}", field=column
            )
    kinds = ties["tie"].astype(object)
    bad = ~kinds.isin(TIE_KINDS)
    if bad.any():
        raise InvalidInputError(
            f"tie must be 'strong' or 'weak', got {kinds[bad].iloc[0]!r} in row {int(np.argmax(bad.to_numpy()))}",
            field="tie",
        )
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
    source = ties["source"].to_numpy(np.int64)
    target = ties["target"].to_numpy(np.int64)
    if not directed:
        source, target = np.minimum(source, target), np.maximum(source, target)
    duplicated = pd.Series(source * max(n_nodes, 1) + target).duplicated().to_numpy()
    if duplicated.any():
        row = int(np.argmax(duplicated))
        raise InvalidInputError(
            f"tie ({int(source[row])}, {int(target[row])}) appears more than once (row {row}); "
            "merge duplicates before building the graph"
        )
