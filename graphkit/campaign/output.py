"""Where a plan goes: an output folder (written all or nothing) and the store.

The folder holds ``plan.json`` (the whole document), ``shortlist.csv`` / ``shortlist.json``,
``budget_curve.csv``, ``budgets.csv``, ``strategies.csv``, ``sensitivity.csv``, ``circles.csv`` and
``report.html``. It is built beside its destination and renamed into place, so an interrupted run leaves the
previous plan (or nothing), never half a plan. A folder that holds other files is refused.

In the store, :func:`write_plan_to_store` replaces the circles and leaders (``write_analysis``)
and the campaign of the same name: in Neo4j ``(:Campaign)``, ``SEEDS {rank, marginalGain, cost,
cumulativeReach, reason, ...}`` (with ``influencePredicted``, ``influenceObserved``,
``influenceCombined``, ``influenceCascades`` when the users carry a cascade fit) and
``REACHES {probability, inTarget}`` for the users reached
with at least ``output.reach_threshold`` probability (everyone the objective counts, in the target
segment or not; ``expectedReach`` counts the target only).

Examples
--------
>>> import json, tempfile, graphkit
>>> from pathlib import Path
>>> from graphkit.campaign.config import campaign_from_dict
>>> from graphkit.campaign.plan import plan_campaign
>>> from graphkit.campaign.document import plan_document
>>> campaign = campaign_from_dict({"name": "doc", "objective": "awareness", "trials": 100,
...     "budget": {"max_kols": 2}, "sensitivity": {"change": 0}})
>>> document = plan_document(plan_campaign(campaign, graphkit.generate_social_graph(200, rng=1)),
...                          store="memory", origin="generated")
>>> folder = Path(tempfile.mkdtemp()) / "doc-plan"
>>> sorted(path.name for path in write_plan_folder(document, folder))[:3]
['budget_curve.csv', 'budgets.csv', 'circles.csv']
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from graphkit.campaign.document import DOCUMENT_KIND
from graphkit.campaign.plan import CampaignPlan
from graphkit.campaign.report import render_report
from graphkit.errors import InvalidInputError
from graphkit.fit.influence import INFLUENCE_COLUMNS
from graphkit.store.base import GraphStore
from graphkit.writeback import campaign_rows, write_analysis

__all__ = ["PLAN_FILES", "check_plan_folder", "write_plan_folder", "write_plan_to_store"]

PLAN_FILES = ("plan.json", "shortlist.csv", "shortlist.json", "budget_curve.csv", "budgets.csv", "strategies.csv",
              "sensitivity.csv", "circles.csv", "report.html")
_TABLES = {
    "shortlist.csv": ("shortlist",),
    "budget_curve.csv": ("budget_curve",),
    "budgets.csv": ("budgets",),
    "strategies.csv": ("strategies",),
    "sensitivity.csv": ("sensitivity", "rows"),
    "circles.csv": ("communities",),
}


def check_plan_folder(folder: Path) -> None:
    """Refuse a destination that is a file, the working directory (or holds it), or a folder
    holding anything but an earlier plan."""
    resolved = Path(folder).resolve()
    if resolved == Path.cwd() or resolved in Path.cwd().parents:
        raise InvalidInputError("is the working directory or holds it; the plan needs a folder of its own", path=folder)
    if folder.exists() and not folder.is_dir():
        raise InvalidInputError("is a file; the plan needs a folder", path=folder)
    if folder.is_dir() and any(folder.iterdir()):
        try:
            kind = json.loads((folder / "plan.json").read_text(encoding="utf-8")).get("kind")
        except (OSError, ValueError, AttributeError):
            kind = None
        if kind != DOCUMENT_KIND:
            raise InvalidInputError(
                "holds files that `graphkit plan` did not write; choose another output folder", path=folder
            )


def write_plan_folder(document: dict[str, Any], folder: str | Path) -> list[Path]:
    """Write the plan's files into ``folder`` (replacing an earlier plan there); return their paths."""
    folder = Path(folder)
    check_plan_folder(folder)
    report = render_report(document)  # before anything touches the disk
    resolved = folder.resolve()
    staging = resolved.with_name(f".{resolved.name}.partial-{os.getpid()}")
    retired = resolved.with_name(f".{resolved.name}.old-{os.getpid()}")
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        (staging / "plan.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (staging / "shortlist.json").write_text(
            json.dumps(document["shortlist"], indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        for name, keys in _TABLES.items():
            rows: Any = document
            for key in keys:
                rows = rows[key]
            pd.DataFrame(rows).to_csv(staging / name, index=False)
        (staging / "report.html").write_text(report, encoding="utf-8")
        if resolved.exists():
            resolved.rename(retired)
        try:
            staging.rename(resolved)
        except BaseException:
            if retired.exists() and not resolved.exists():  # put the earlier plan back
                retired.rename(resolved)
            raise
        shutil.rmtree(retired, ignore_errors=True)
    except OSError as error:
        raise InvalidInputError(f"cannot write the plan: {error.strerror or error}", path=folder) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / name for name in PLAN_FILES]


def write_plan_to_store(store: GraphStore, plan: CampaignPlan, document: dict[str, Any]) -> dict[str, int]:
    """Write the circles, leaders and the campaign to ``store``; return the rows written per table."""
    campaign = plan.campaign
    written = write_analysis(store, plan.graph, plan.partition, plan.leaders,
                             per_community=campaign.candidates.leaders_per_circle)
    summary = document["summary"]
    record = {
        "name": campaign.name,
        "title": campaign.title,
        "objective": campaign.objective,
        "model": campaign.model.kind,
        "params": json.dumps(document["params"], sort_keys=True),
        "budget": campaign.budget.total,
        "spend": summary["spend"],
        "kols": summary["kols"],
        "expected_reach": summary["reach"],
        "ci_low": summary["ci_low"],
        "ci_high": summary["ci_high"],
        "reach_unit": summary["reach_unit"],
        "created_at": document["created_at"],
    }
    shortlist = plan.shortlist
    seeds = pd.DataFrame(
        {
            "user": shortlist["user"],
            "rank": shortlist["rank"],
            "marginal_gain": shortlist["marginal_reach"],
            "cost": shortlist["cost"],
            "cumulative_reach": shortlist["cumulative_reach"].astype(np.float64),
            "overlap": shortlist["overlap"].astype(np.float64),
            "reason": shortlist["reason"].astype(str),
        }
    ).join(_seed_influence(shortlist))
    record, seeds, reaches = campaign_rows(
        plan.graph, record, seeds, plan.final.activation_probability,
        threshold=campaign.output.reach_threshold, in_target=plan.constraints.in_target,
    )
    store.write_campaign(record, seeds, reaches)
    return {**written, "seeds": len(seeds), "reaches": len(reaches)}


def _seed_influence(shortlist: pd.DataFrame) -> pd.DataFrame:
    """The KOLs' influence from past cascades, as seed columns; none when the graph carries no fit."""
    if shortlist["influence_cascades"].isna().all():
        return pd.DataFrame(index=shortlist.index)
    kinds = {column: np.float64 for column in INFLUENCE_COLUMNS}
    return shortlist[INFLUENCE_COLUMNS].astype({**kinds, "influence_cascades": np.int64})
