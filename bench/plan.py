"""The campaign-planner benchmark of issue 5: how long a plan takes, and what it buys over the peers.

1. The README's example campaign (5,000 generated users, ``graphkit/campaign/examples``): wall time
   of each step of ``plan_campaign`` and of the report.
2. email-Eu-core (SNAP, ``../shared/data``) with two departments as the target segment and 8 KOLs:
   the optimiser against the rules of thumb (top followers, top PageRank, one leader per circle),
   all measured by the plan's one shared evaluation.
3. Planning for adoption against planning for awareness, both measured on adoption with 20,000
   shared cascades (the awareness-optimal shortlist is the peer the adoption optimiser must match).

    python bench/plan.py          # prints Markdown tables; JSON goes to bench/out/plan.json
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import pandas as pd

from graphkit.campaign import (
    campaign_from_dict,
    campaign_graph,
    load_campaign,
    plan_campaign,
    plan_document,
    render_report,
)
from graphkit.diffusion import CampaignConstraints, ICModel, estimate_spread, imm_seed_nodes
from graphkit.generate import generate_social_graph
from graphkit.io import read_graph_files
from graphkit.store import open_store

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("GRAPHKIT_SHARED_DATA", REPO.parent / "shared" / "data"))
OUT = REPO / "bench" / "out"


def example_timings() -> dict:
    campaign = load_campaign(REPO / "graphkit" / "campaign" / "examples" / "spring-launch.toml")
    store = open_store(tempfile.mkdtemp())
    graph, _ = campaign_graph(campaign, store)
    steps: dict[str, float] = {}
    clock = {"step": None, "start": time.perf_counter()}

    def progress(step: str, _detail: str) -> None:
        now = time.perf_counter()
        if step != clock["step"]:
            if clock["step"] is not None:
                steps[clock["step"]] = steps.get(clock["step"], 0.0) + now - clock["start"]
            clock.update(step=step, start=now)

    started = time.perf_counter()
    plan = plan_campaign(campaign, graph, progress=progress)
    steps[clock["step"]] = steps.get(clock["step"], 0.0) + time.perf_counter() - clock["start"]
    planned = time.perf_counter() - started
    started = time.perf_counter()
    render_report(plan_document(plan, store=store.location, origin="store"))
    steps["report"] = time.perf_counter() - started
    return {"steps": steps, "plan_seconds": planned, "summary": plan.summary}


def email_lift() -> dict | None:
    folder = DATA / "email-eu-core"
    if not folder.is_dir():
        return None
    labels = pd.read_csv(folder / "email-Eu-core-department-labels.txt", sep=" ", names=["id", "department"])
    work = Path(tempfile.mkdtemp())
    labels.to_csv(work / "users.csv", index=False)
    graph, _ = read_graph_files(folder / "email-Eu-core.txt.gz", work / "users.csv", fmt="edgelist", directed=True)
    campaign = campaign_from_dict({
        "name": "email-departments", "objective": "awareness", "rng": 11, "trials": 10_000,
        "model": {"p_strong": 0.05, "p_weak": 0.01}, "budget": {"max_kols": 8},
        "target": {"where": {"department": ["4", "14"]}}, "candidates": {"max_per_circle": 3},
        "sensitivity": {"change": 0, "budget_factors": []},
    })
    plan = plan_campaign(campaign, graph)
    return {"strategies": plan.strategies[["label", "kols", "reach", "ci_low", "ci_high", "vs_optimiser"]].to_dict("records")}


def adoption_against_awareness() -> list[dict]:
    rows = []
    for rng in (1, 2, 3):
        graph = generate_social_graph(2000, n_circles=20, rng=rng)
        target = graph.users["segment"].isin(["students", "parents"]).to_numpy().astype(float)
        constraints = CampaignConstraints(budget=1500.0, cost=graph.users["cost"].to_numpy(), target_weights=target)
        model = ICModel(p_strong=0.15, p_weak=0.03)
        row = {"graph rng": rng}
        for objective in ("awareness", "adoption"):
            started = time.perf_counter()
            seeds = imm_seed_nodes(graph, model, constraints, objective=objective, eps=0.2, n_trials=500,
                                   eval_trials=0, rng=3)
            seconds = time.perf_counter() - started
            judged = estimate_spread(graph, seeds.seed_nodes, model, objective="adoption", n_trials=20_000,
                                     target_weights=target, rng=99)
            row[f"{objective}-planned adopters"] = f"{judged.target_reach:.1f} ± {1.96 * judged.target_std_error:.1f}"
            row[f"{objective} seconds"] = round(seconds, 1)
            if objective == "adoption":
                row["kept"] = seeds.params["adoption_picks"]
        rows.append(row)
    return rows


def markdown(rows: list[dict]) -> str:
    """A Markdown table of dict rows (numbers rounded to 2 decimals)."""
    columns = list(rows[0])
    cell = lambda value: f"{value:,.2f}" if isinstance(value, float) else str(value)  # noqa: E731
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(row[column]) for column in columns) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    results = {"example": example_timings(), "email_eu_core": email_lift(), "adoption": adoption_against_awareness()}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "plan.json").write_text(json.dumps(results, indent=2, default=str))
    example = results["example"]
    print(f"## Example campaign: plan {example['plan_seconds']:.1f} s\n")
    print(markdown([{"step": step, "seconds": seconds} for step, seconds in example["steps"].items()]))
    summary = example["summary"]
    print(f"\n{summary['kols']} KOLs, reach {summary['reach']:.1f} ({summary['ci_low']:.1f}-{summary['ci_high']:.1f}), "
          f"lift {summary['lift']:.2f} over {summary['best_baseline']}\n")
    if results["email_eu_core"] is None:
        print(f"## email-Eu-core: skipped, no data at {DATA}\n")
    else:
        print("## email-Eu-core, 8 KOLs, departments 4 and 14\n")
        print(markdown(results["email_eu_core"]["strategies"]))
    print("\n## Adoption: adoption-planned vs awareness-planned shortlists, measured on adoption\n")
    print(markdown(results["adoption"]))


if __name__ == "__main__":
    main()
