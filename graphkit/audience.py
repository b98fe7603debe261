"""Who a campaign speaks of, as arrays over node index: the target segment, what reaching each user
is worth, each user's fee, users named by id, a group label per user, and the influence a cascade
fit stored on each user (:func:`fitted_influence`).

The one place where user ids and user columns become the index arrays that
:mod:`graphkit.diffusion` reads (it takes node indices only). The CLI (``--target``,
``--value-column``, ``--cost-column``, ``--exclude``, ``--require``, ``--community-column``) and the
campaign file (``target.where``, ``target.value_column``, ``budget.cost_column``,
``candidates.exclude`` / ``require``) both come here. A problem raises
:class:`~graphkit.errors.InvalidInputError` whose ``field`` names the part at fault
(``where.<column>``, ``where``, ``value_column``, ``cost_column``, ``exclude``, ``require``,
``community_column``); :func:`reworded` lets a caller say it in its own words (a campaign key,
a CLI option).

Examples
--------
>>> import graphkit
>>> graph = graphkit.generate_social_graph(n_users=30, rng=1)
>>> inside = segment_mask(graph.users, {"segment": ["students", "parents"]})
>>> int(inside.sum()) > 0, user_values(graph.users, "cost", field="cost_column").shape
(True, (30,))
>>> user_indices(graph, ["u00", "u03"], field="exclude").tolist()
[0, 3]
>>> segment_mask(graph.users, {"segment": "astronauts"})
Traceback (most recent call last):
...
graphkit.errors.InvalidInputError: field 'where.segment': no user has segment = 'astronauts'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np

from graphkit.diffusion.constraints import CampaignConstraints
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "campaign_constraints_from_users",
    "community_labels",
    "fitted_influence",
    "require_attribute",
    "reworded",
    "segment_mask",
    "user_indices",
    "user_values",
]


def require_attribute(users: pd.DataFrame, column: str, *, field: str) -> None:
    """Raise unless ``column`` is a user attribute (``id`` is not one)."""
    if column not in users.columns or column == "id":
        attributes = ", ".join(str(name) for name in users.columns if name != "id") or "none"
        raise InvalidInputError(f"users have no attribute {column!r}; attributes: {attributes}", field=field)


def segment_mask(users: pd.DataFrame, where: Mapping[str, Any]) -> np.ndarray:
    """Which users are in the segment: for every column, the user's value (as text) is one of the listed ones.

    ``where`` maps a column to a value or a list of values: ``{"segment": ["students", "parents"],
    "region": "north"}``. Each column must match some user, and all of them together too.
    """
    inside = np.ones(len(users), dtype=bool)
    for column, allowed in where.items():
        require_attribute(users, column, field=f"where.{column}")
        values = list(allowed) if isinstance(allowed, (list, tuple)) else [allowed]
        matches = users[column].astype(str).isin([str(value) for value in values]).to_numpy()
        if not matches.any():
            raise InvalidInputError(
                f"no user has {column} = {' or '.join(map(repr, values))}", field=f"where.{column}"
            )
        inside &= matches
    if not inside.any():
        raise InvalidInputError("no user is in every listed segment at once", field="where")
    return inside


def user_values(users: pd.DataFrame, column: str, *, field: str) -> np.ndarray:
    """``column`` as float64, NaN where a user has no value; a value that is not a number is an error."""
    import pandas as pd
    require_attribute(users, column, field=field)
    series = users[column]
    numeric = pd.to_numeric(series, errors="coerce")
    bad = (numeric.isna() & series.notna()).to_numpy()
    if bad.any():
        row = int(np.argmax(bad))
        raise InvalidInputError(
            f"user {users['id'].iloc[row]!r} has {series.iloc[row]!r}, not a number", field=field
        )
    return numeric.to_numpy(dtype=np.float64)


def user_indices(graph: SocialGraph, ids: Iterable[str], *, field: str) -> np.ndarray:
    """Node indices of the users named by ``ids``; an unknown id is an error."""
    try:
        return graph.indices_of(list(ids))
    except InvalidInputError as error:
        raise InvalidInputError(f"{error.reason}: no such user in the graph", field=field) from None


def community_labels(users: pd.DataFrame, column: str, *, field: str) -> np.ndarray:
    """A group label 0, 1, ... per user from ``column`` (a missing value is a group of its own)."""
    require_attribute(users, column, field=field)
    return users[column].factorize(use_na_sentinel=False)[0].astype(np.int64)


def fitted_influence(users: pd.DataFrame) -> pd.DataFrame | None:
    """The influence ``graphkit fit --write`` stored on each user, one row per user in node order:
    ``influence_predicted``, ``influence_observed`` (NaN: joined no cascade), ``influence_combined``
    (floats) and ``influence_cascades`` (int, 0 for a user the fit did not see); None without a fit.

    Examples
    --------
    >>> import pandas as pd
    >>> users = pd.DataFrame({"id": ["a", "b"], "influence_predicted": [0.4, 0.2], "influence_observed": [1.0, None],
    ...                       "influence_combined": [0.7, 0.2], "influence_cascades": [3, 0]})
    >>> fitted_influence(users)["influence_cascades"].tolist(), fitted_influence(users[["id"]])
    ([3, 0], None)
    """
    import pandas as pd

    # here, not at the top: graphkit.fit imports scipy, which seeds and simulate do without
    from graphkit.fit.influence import INFLUENCE_COLUMNS

    if not set(INFLUENCE_COLUMNS) <= set(users.columns):
        return None
    frame = users[INFLUENCE_COLUMNS].apply(pd.to_numeric, errors="coerce").reset_index(drop=True)
    cascades = frame.pop("influence_cascades").fillna(0).astype(np.int64)
    return frame.astype(np.float64).assign(influence_cascades=cascades)


def campaign_constraints_from_users(
    graph: SocialGraph,
    *,
    k: int | None = None,
    budget: float | None = None,
    cost_column: str | None = None,
    where: Mapping[str, Any] | None = None,
    value_column: str | None = None,
    exclude: Iterable[str] = (),
    require: Iterable[str] = (),
    community_column: str | None = None,
    max_per_community: int | None = None,
) -> CampaignConstraints:
    """:class:`~graphkit.diffusion.constraints.CampaignConstraints` from user ids and user columns.

    ``where`` is a segment as in :func:`segment_mask` (only its users count as reach, weighted by
    ``value_column`` when given); every user needs a number in ``cost_column`` and
    ``value_column``; ``community_column`` gives the groups of ``max_per_community``.

    Examples
    --------
    >>> import graphkit
    >>> graph = graphkit.generate_social_graph(n_users=30, rng=1)
    >>> c = campaign_constraints_from_users(graph, budget=200.0, cost_column="cost",
    ...                                     where={"segment": "students"}, exclude=["u00"])
    >>> c.excluded.tolist(), c.budget
    ([0], 200.0)
    """
    columns = (cost_column, value_column, community_column)
    users = graph.users if where or any(column is not None for column in columns) else None  # made on use only
    cost = None if cost_column is None else _complete(user_values(users, cost_column, field="cost_column"), users, cost_column, "cost_column")
    weights = None if not where else segment_mask(users, where).astype(np.float64)
    if value_column is not None:
        value = _complete(user_values(users, value_column, field="value_column"), users, value_column, "value_column")
        weights = value if weights is None else weights * value
    return CampaignConstraints(
        k=k,
        budget=budget,
        cost=cost,
        target_weights=weights,
        excluded=user_indices(graph, exclude, field="exclude"),
        required=user_indices(graph, require, field="require"),
        communities=None if community_column is None else community_labels(users, community_column, field="community_column"),
        max_per_community=max_per_community,
    )


def _complete(values: np.ndarray, users: pd.DataFrame, column: str, field: str) -> np.ndarray:
    missing = np.isnan(values)
    if missing.any():
        raise InvalidInputError(f"user {users['id'].iloc[int(np.argmax(missing))]!r} has no value in {column!r}", field=field)
    return values


@contextmanager
def reworded(names: Mapping[str, str], *, path=None, as_key: bool = False) -> Iterator[None]:
    """Re-raise this module's errors naming the part as the caller knows it.

    ``names`` maps a ``field`` (or, for ``where.<column>``, its prefix ``where``) to the caller's
    name: with ``as_key`` a campaign key (``where.segment`` → ``target.where.segment``), else a
    prefix of the message (``--target: ...``).
    """
    try:
        yield
    except InvalidInputError as error:
        if error.field is None or error.path is not None:
            raise
        head, _, rest = error.field.partition(".")
        name = names.get(error.field) or names.get(head)
        if name is None:
            raise
        if as_key:
            raise InvalidInputError(error.reason, path=path, key=f"{name}.{rest}" if rest else name) from None
        raise InvalidInputError(f"{name}: {error.reason}") from None
