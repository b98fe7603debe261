"""The graph a campaign plans on: read from its store, after loading or generating it there if asked.

* ``graph.ties`` (and ``graph.users``) files: read, validated and labelled (ties without a
  strong/weak label get one from :class:`~graphkit.io.labelling.TieRule`), then written to the
  store with MERGE — like ``graphkit load``, so re-running a plan changes nothing;
* ``graph.generate``: a generated network, written into the store when the store is empty; a store
  that already holds exactly that network is used as it is; any other graph is refused, so an
  example campaign never mixes generated users into real data;
* neither: the store must already hold a graph.

The campaign's keys that need data are checked before anything is written: against the generated
network all of them (attributes, values, fees, user ids); against ``graph.ties`` / ``graph.users``
files the attribute names only (the ids and values are checked once the load has merged the files
into the store, since the store may hold users the files don't).

Examples
--------
>>> import tempfile
>>> from graphkit.campaign.config import campaign_from_dict
>>> from graphkit.store import open_store
>>> campaign = campaign_from_dict({"name": "demo", "objective": "awareness", "budget": {"max_kols": 3},
...                                "graph": {"generate": {"users": 60, "rng": 1}}})
>>> store = open_store(tempfile.mkdtemp())
>>> graph, origin = campaign_graph(campaign, store)
>>> graph.n_nodes, origin
(60, 'generated into the store')
>>> campaign_graph(campaign, store)[1]
'store'
"""

from __future__ import annotations

import numpy as np

from graphkit.campaign.config import Campaign
from graphkit.campaign.constraints import check_campaign_data, check_user_columns
from graphkit.errors import InvalidInputError, NoGraphError
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph
from graphkit.io import read_graph_files
from graphkit.io.labelling import TieRule
from graphkit.store.base import GraphStore, ProgressCallback

__all__ = ["campaign_graph", "same_network"]


def campaign_graph(
    campaign: Campaign, store: GraphStore, *, progress: ProgressCallback | None = None
) -> tuple[SocialGraph, str]:
    """The campaign's graph, and where it came from: ``"store"``, ``"loaded from files"`` or ``"generated into the store"``.

    ``progress`` is called with the rows written when the graph is written to the store.

    Raises
    ------
    InvalidInputError
        If the store holds no graph and the campaign names no source, or ``graph.generate`` meets
        a store holding another graph (naming the key), or an input file has a bad row.
    """
    graph_spec = campaign.graph
    if graph_spec.ties is not None:
        loaded, _report = read_graph_files(
            campaign.input_path(graph_spec.ties),
            None if graph_spec.users is None else campaign.input_path(graph_spec.users),
            fmt=graph_spec.format,
            directed=bool(graph_spec.directed),
            labelling=TieRule(**graph_spec.tie_rule.model_dump()),
            known_ids=store.existing_user_ids,
            flow=graph_spec.flow,
            third_column=graph_spec.third_column,
        )
        check_user_columns(campaign, loaded.users)
        store.write_graph(loaded, progress=progress)
        return store.read_graph(), "loaded from files"
    if graph_spec.generate is not None:
        spec = graph_spec.generate
        generated = generate_social_graph(
            n_users=spec.users, mean_degree=spec.mean_degree, n_circles=spec.circles, rng=spec.rng
        )
        check_campaign_data(campaign, generated)
        if store.counts().users == 0:
            store.write_graph(generated, progress=progress)
            return store.read_graph(), "generated into the store"
        stored = store.read_graph()
        if not same_network(stored, generated):
            raise InvalidInputError(
                f"the store at {store.location} holds another graph ({stored.n_nodes:,} users); "
                "a generated network only goes into an empty store: name another graph.store, "
                "or remove graph.generate to plan on the stored graph",
                path=campaign.source,
                key="graph.generate",
            )
        return stored, "store"
    try:
        return store.read_graph(), "store"
    except NoGraphError as error:
        raise InvalidInputError(f"{error}; or give graph.ties / graph.generate", path=campaign.source,
                                key="graph.store") from None


def same_network(a: SocialGraph, b: SocialGraph) -> bool:
    """Whether two graphs have the same user ids and the same ties with the same strong/weak labels.

    Examples
    --------
    >>> from graphkit.generate import generate_social_graph
    >>> same_network(generate_social_graph(60, rng=1), generate_social_graph(60, rng=1))
    True
    >>> same_network(generate_social_graph(60, rng=1), generate_social_graph(60, rng=2))
    False
    """
    if a.directed != b.directed or a.n_nodes != b.n_nodes or a.n_ties != b.n_ties:
        return False
    if set(a.node_ids.tolist()) != set(b.node_ids.tolist()):
        return False
    return _tie_keys(a) == _tie_keys(b)


def _tie_keys(graph: SocialGraph) -> set[tuple[str, str, str]]:
    ids = np.asarray(graph.node_ids, dtype=object)
    source = ids[graph.ties["source"].to_numpy()]
    target = ids[graph.ties["target"].to_numpy()]
    if not graph.directed:
        source, target = np.minimum(source, target), np.maximum(source, target)
    return set(zip(source.tolist(), target.tolist(), graph.ties["tie"].astype(str).tolist()))
