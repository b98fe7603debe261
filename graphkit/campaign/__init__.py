"""The campaign planner: a TOML campaign in, a KOL shortlist, a report and the store write-back out.

* :mod:`~graphkit.campaign.config`: the campaign file, validated (:func:`load_campaign`);
* :mod:`~graphkit.campaign.source`: the graph it plans on (store, files, or generated);
* :mod:`~graphkit.campaign.plan`: the workflow (:func:`plan_campaign`) -> :class:`CampaignPlan`;
* :mod:`~graphkit.campaign.document`: the plan as one JSON document (``plan.json``);
* :mod:`~graphkit.campaign.report`: ``report.html`` from that document;
* :mod:`~graphkit.campaign.output`: the output folder and the store write-back.

Examples
--------
>>> import graphkit
>>> from graphkit.campaign import campaign_from_dict, plan_campaign
>>> campaign = campaign_from_dict({"name": "doc", "objective": "awareness", "trials": 100,
...     "budget": {"max_kols": 3}, "sensitivity": {"change": 0}})
>>> plan = plan_campaign(campaign, graphkit.generate_social_graph(n_users=200, rng=1))
>>> len(plan.shortlist)
3
"""

from graphkit.campaign.config import Campaign, campaign_from_dict, load_campaign
from graphkit.campaign.document import plan_document
from graphkit.campaign.output import write_plan_folder, write_plan_to_store
from graphkit.campaign.plan import PLAN_STEPS, CampaignPlan, campaign_model, plan_campaign
from graphkit.campaign.report import render_report
from graphkit.campaign.source import campaign_graph

__all__ = [
    "PLAN_STEPS",
    "Campaign",
    "CampaignPlan",
    "campaign_from_dict",
    "campaign_graph",
    "campaign_model",
    "load_campaign",
    "plan_campaign",
    "plan_document",
    "render_report",
    "write_plan_folder",
    "write_plan_to_store",
]
