"""The load policies: which way ties point, self-loops, repeated ties and users missing from the users file.

:func:`graphkit.io.assemble_graph` checks its options with :func:`check_options`, codes every id
as an int, then applies one step per policy, each returning the table and the counts for the
:class:`~graphkit.io.LoadReport`: :func:`apply_self_loops` (drop, keep or error),
:func:`apply_duplicates` (merge, first or error; for undirected graphs a-b is b-a) and
:func:`complete_users` (create bare users or reject, asking ``known_ids`` which ids a store
already holds). An "error" or "reject" names the file, line and field of the first row at fault.
Before them, :func:`turned_round` turns every tie round when the file lists ties against the flow
of influence (``flow="target-to-source"``: "a b" means a follows b).

Examples
--------
>>> import numpy as np, pandas as pd
>>> from graphkit.io._policies import apply_self_loops
>>> table = pd.DataFrame({"source": [0, 1], "target": [1, 1]}, index=pd.Index([2, 3], name="line"))
>>> ids = np.array(["ann", "bob"], dtype=object)
>>> kept, dropped, loops_kept = apply_self_loops(table, ids, "drop", "ties.csv")
>>> kept.index.tolist(), dropped, loops_kept
([2], 1, 0)
>>> apply_self_loops(table, ids, "error", "ties.csv")
Traceback (most recent call last):
...
graphkit.errors.InvalidInputError: ties.csv, line 3, field 'target': self-loop 'bob' -> itself; self_loops='error' (use 'drop' or 'keep')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from graphkit.errors import InvalidInputError
from graphkit.io.labelling import TieRule

__all__ = [
    "FLOWS", "KnownIds", "choose", "check_options", "turned_round", "apply_self_loops", "apply_duplicates",
    "complete_users",
]

KnownIds = Callable[[Iterable[str]], "set[str]"]
"""Given user ids, returns the subset a store already holds (``GraphStore.existing_user_ids``)."""

_SELF_LOOPS = ("drop", "keep", "error")
_DUPLICATES = ("merge", "first", "error")
_UNKNOWN_USERS = ("create", "reject")
FLOWS = ("source-to-target", "target-to-source")


def choose(name: str, value: Any, allowed: tuple[Any, ...]) -> None:
    if value not in allowed:
        raise InvalidInputError(f"{name} must be one of {', '.join(map(repr, allowed))}, got {value!r}")


def check_options(directed, self_loops, duplicates, unknown_users, labelling) -> None:
    if not isinstance(directed, bool):
        raise InvalidInputError(f"directed must be True or False, got {directed!r}")
    choose("self_loops", self_loops, _SELF_LOOPS)
    choose("duplicates", duplicates, _DUPLICATES)
    choose("unknown_users", unknown_users, _UNKNOWN_USERS)
    if labelling is not None and not isinstance(labelling, TieRule):
        raise InvalidInputError(f"labelling must be a TieRule or None, got {type(labelling).__name__}")


def _locate(table: pd.DataFrame, position: int, path: str | None) -> dict[str, Any]:
    if table.index.name == "line":
        return {"path": path, "line": int(table.index[position])}
    return {"path": path}


def _row_note(table: pd.DataFrame, position: int) -> str:
    return "" if table.index.name == "line" else f" (row {position})"


def turned_round(ties: pd.DataFrame) -> pd.DataFrame:
    """``ties`` with every tie turned round: source and target swapped, and ``count`` with ``count_back``.

    >>> ties = pd.DataFrame({"source": ["a"], "target": ["b"], "count": [3], "count_back": [1]})
    >>> turned_round(ties).to_dict("records")
    [{'source': 'b', 'target': 'a', 'count': 1, 'count_back': 3}]
    """
    swapped = {"source": "target", "target": "source"}
    if {"count", "count_back"} <= set(ties.columns):
        swapped |= {"count": "count_back", "count_back": "count"}
    return ties.rename(columns=swapped)[list(ties.columns)]


def apply_self_loops(
    table: pd.DataFrame, ids: np.ndarray, policy: str, path: str | None
) -> tuple[pd.DataFrame, int, int]:
    loop = (table["source"] == table["target"]).to_numpy()
    n_loops = int(loop.sum())
    if n_loops and policy == "error":
        position = int(np.argmax(loop))
        raise InvalidInputError(
            f"self-loop {ids[table['source'].iloc[position]]!r} -> itself{_row_note(table, position)}; "
            "self_loops='error' (use 'drop' or 'keep')",
            field="target",
            **_locate(table, position, path),
        )
    if policy == "drop" and n_loops:
        return table[~loop], n_loops, 0
    return table, 0, n_loops


def apply_duplicates(
    table: pd.DataFrame, ids: np.ndarray, policy: str, directed: bool, path: str | None
) -> tuple[pd.DataFrame, int, int, int]:
    source = table["source"].to_numpy(np.int64)
    target = table["target"].to_numpy(np.int64)
    if not directed:
        source, target = np.minimum(source, target), np.maximum(source, target)
    key = source * max(len(ids), 1) + target
    repeat = pd.Series(key).duplicated().to_numpy()
    n_repeats = int(repeat.sum())
    if n_repeats == 0:
        return table, 0, 0, 0
    if policy == "error":
        position = int(np.argmax(repeat))
        first = int(np.argmax(key == key[position]))
        earlier = f"line {int(table.index[first])}" if table.index.name == "line" else f"row {first}"
        pair = f"({ids[table['source'].iloc[position]]!r}, {ids[table['target'].iloc[position]]!r})"
        same = "" if directed else " (undirected: a-b is b-a)"
        raise InvalidInputError(
            f"tie {pair} repeats {earlier}{same}{_row_note(table, position)}; duplicates='error' (use 'merge' or 'first')",
            **_locate(table, position, path),
        )
    kept = table[~repeat].copy()
    if policy == "first":
        return kept, 0, n_repeats, 0
    kept_keys = key[~repeat]
    kept["weight"] = table["weight"].groupby(key, sort=False).sum().reindex(kept_keys).to_numpy()
    labels = table["tie"].astype(object).groupby(key, sort=False)
    first_label = labels.first().reindex(kept_keys)
    kept["tie"] = first_label.where(first_label.notna(), None).to_numpy()
    conflicts = int((labels.nunique() > 1).sum())
    return kept, n_repeats, 0, conflicts


def complete_users(
    table: pd.DataFrame,
    ids: np.ndarray,
    users: pd.DataFrame | None,
    policy: str,
    known_ids: KnownIds | None,
    ties_path: str | None,
    users_path: str | None,
) -> tuple[pd.DataFrame, np.ndarray, int, int]:
    """Users table completed with missing endpoints, and the node index of each id code."""
    if users is None:
        users = pd.DataFrame({"id": pd.Series([], dtype=object)})
    users = users.reset_index(drop=True)
    node_of = pd.Index(users["id"]).get_indexer(ids)
    used = pd.unique(np.column_stack([table["source"].to_numpy(), table["target"].to_numpy()]).ravel())
    missing = used[node_of[used] < 0]
    in_store = np.zeros(len(missing), dtype=bool)
    if len(missing) and known_ids is not None:
        held = {str(user) for user in known_ids(ids[missing].tolist())}
        in_store = np.fromiter((user in held for user in ids[missing]), dtype=bool, count=len(missing))
    unknown = missing[~in_store]
    if len(unknown) and policy == "reject":
        is_unknown = np.zeros(len(ids), dtype=bool)
        is_unknown[unknown] = True
        source_bad = is_unknown[table["source"].to_numpy()]
        target_bad = is_unknown[table["target"].to_numpy()]
        position = int(np.argmax(source_bad | target_bad))
        column = "source" if source_bad[position] else "target"
        user = ids[table[column].iloc[position]]
        where = f"the users file {users_path}" if users_path is not None else "a users table"
        store = " nor in the store" if known_ids is not None else ""
        raise InvalidInputError(
            f"user {user!r} is not in {where}{store}{_row_note(table, position)}; unknown_users='reject' "
            "(use 'create' to add bare users)",
            field=column,
            **_locate(table, position, ties_path),
        )
    if len(missing):
        node_of[missing] = np.arange(len(users), len(users) + len(missing))
        users = pd.concat([users, pd.DataFrame({"id": ids[missing]})], ignore_index=True)
    return users, node_of, int(in_store.sum()), int(len(unknown))
