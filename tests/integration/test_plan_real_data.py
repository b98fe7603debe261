"""``graphkit plan`` on real data: email-Eu-core (SNAP), its 42 departments as the target segment.

The campaign loads the raw edge list (no tie labels: ties are labelled strong or weak from
reciprocity and neighbourhood overlap) and a users table with each user's department, targets
two departments and picks 8 KOLs. Skips when ../shared/data is absent.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.campaign.conftest import run_plan, toml_text

pytestmark = pytest.mark.slow

TARGET = ["4", "14"]  # two of the larger departments


def test_plan_on_email_eu_core(shared_data, tmp_path):
    folder = shared_data / "email-eu-core"
    labels = pd.read_csv(folder / "email-Eu-core-department-labels.txt", sep=" ", names=["id", "department"])
    labels.to_csv(tmp_path / "users.csv", index=False)
    campaign = {
        "name": "email-departments",
        "objective": "awareness",
        "rng": 11,
        "trials": 2000,
        "graph": {"store": str(tmp_path / "store"), "ties": str(folder / "email-Eu-core.txt.gz"),
                  "users": "users.csv", "directed": True, "format": "edgelist"},
        "model": {"p_strong": 0.05, "p_weak": 0.01},
        "budget": {"max_kols": 8},
        "target": {"where": {"department": TARGET}},
        "candidates": {"max_per_circle": 3},
        "selection": {"eps": 0.2},
        "output": {"folder": str(tmp_path / "plan")},
    }
    path = tmp_path / "campaign.toml"
    path.write_text(toml_text(campaign), encoding="utf-8")

    result = run_plan(str(path), "--quiet")
    assert result.exit_code == 0, result.stderr
    document = json.loads((tmp_path / "plan" / "plan.json").read_text())
    graph = document["graph"]
    # 25,571 edge lines, of which 642 self-loops are dropped
    assert (graph["users"], graph["ties"], graph["directed"]) == (1005, 24929, True)
    assert graph["origin"] == "loaded from files"
    assert graph["labelled_by"] == {"overlap": 24929} and graph["strong_ties"] > 0 and graph["weak_ties"] > 0
    summary = document["summary"]
    in_target = int(labels["department"].astype(str).isin(TARGET).sum())
    assert summary["target_users"] == in_target
    assert 0 < summary["reach"] <= in_target
    assert len(document["shortlist"]) == 8
    assert pd.Series([row["community"] for row in document["shortlist"]]).value_counts().max() <= 3
    optimiser, *baselines = document["strategies"]
    assert all(row["kols"] == 8 for row in document["strategies"])
    assert optimiser["reach"] >= max(row["reach"] for row in baselines) * 0.95
