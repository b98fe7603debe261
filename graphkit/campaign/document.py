"""A plan as one JSON document: what ``plan.json`` holds and what the report is drawn from.

The document is plain data (``json.dumps`` writes it as is). The report reads nothing else, so
every number it shows is a number of the document. Keys:

``kind``, ``graphkit_version``, ``created_at``
    What the document is and when it was made.
``campaign``
    The campaign's settings (every key, defaults filled in) and ``source`` (the file).
``graph``
    ``store``, ``origin`` (store / loaded from files / generated into the store) and the graph's
    summary (users, ties, strong/weak split, how ties were labelled, degrees).
``circles``
    ``method``, ``count``, ``modularity``.
``summary``
    The headline figures (see :func:`graphkit.campaign.plan.plan_campaign`).
``shortlist``, ``budget_curve``, ``budgets``, ``strategies``, ``communities``, ``circle_links``
    Lists of rows (see :mod:`graphkit.campaign.shortlist`, :mod:`graphkit.campaign.budgets`,
    :mod:`graphkit.campaign.strategies`,
    :func:`graphkit.campaign.plan.circle_table`; ``circle_links``: ties between two circles).
``sensitivity``
    ``{"change": ..., "note": ..., "rows": [...]}`` (see :mod:`graphkit.campaign.sensitivity`).
``params``
    How every step was made: derived seeds, model, circles, leaders, selection, evaluation.

Examples
--------
>>> import json, graphkit
>>> from graphkit.campaign.config import campaign_from_dict
>>> from graphkit.campaign.plan import plan_campaign
>>> campaign = campaign_from_dict({"name": "doc", "objective": "awareness", "trials": 100,
...     "budget": {"max_kols": 2}, "sensitivity": {"change": 0}})
>>> document = plan_document(plan_campaign(campaign, graphkit.generate_social_graph(200, rng=1)),
...                          store="memory", origin="generated")
>>> document["summary"]["kols"], len(json.loads(json.dumps(document))["shortlist"])
(2, 2)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from graphkit.analysis.communities import Partition
from graphkit.analysis.summary import summarize_graph
from graphkit.campaign.plan import CampaignPlan
from graphkit.graph import SocialGraph
from graphkit.results import to_jsonable
from graphkit.version import __version__

__all__ = ["DOCUMENT_KIND", "circle_links", "plan_document"]

DOCUMENT_KIND = "graphkit campaign plan"


def plan_document(plan: CampaignPlan, *, store: str, origin: str) -> dict[str, Any]:
    """The JSON-ready document of ``plan`` (see the module docstring); ``store`` names where the graph is."""
    campaign = plan.campaign
    return to_jsonable(
        {
            "kind": DOCUMENT_KIND,
            "graphkit_version": __version__,
            "created_at": plan.params["created_at"],
            "campaign": {**campaign.to_dict(), "source": None if campaign.source is None else str(campaign.source)},
            "graph": {"store": store, "origin": origin, **summarize_graph(plan.graph)},
            "circles": {
                "method": plan.partition.params.get("algorithm"),
                "count": plan.partition.n_communities,
                "modularity": plan.partition.modularity,
            },
            "summary": plan.summary,
            "shortlist": plan.shortlist,
            "budget_curve": plan.budget_curve,
            "budgets": plan.budgets,
            "strategies": plan.strategies,
            "sensitivity": {
                "change": campaign.sensitivity.change,
                "note": plan.sensitivity_note,
                "rows": plan.sensitivity,
            },
            "communities": plan.circles,
            "circle_links": circle_links(plan.graph, plan.partition),
            "params": plan.params,
        }
    )


def circle_links(graph: SocialGraph, partition: Partition) -> pd.DataFrame:
    """Ties between two different circles: ``source`` < ``target`` circle, ``ties``, ``strong_ties``."""
    membership = partition.membership
    a = membership[graph.ties["source"].to_numpy()]
    b = membership[graph.ties["target"].to_numpy()]
    strong = (graph.ties["tie"] == "strong").to_numpy()
    across = a != b
    low, high = np.minimum(a, b)[across], np.maximum(a, b)[across]
    frame = pd.DataFrame({"source": low, "target": high, "strong": strong[across]})
    links = frame.groupby(["source", "target"], as_index=False).agg(ties=("strong", "size"), strong_ties=("strong", "sum"))
    return links.astype({"ties": np.int64, "strong_ties": np.int64})
