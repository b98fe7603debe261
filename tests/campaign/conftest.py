"""A small campaign on a generated network, written as a TOML file, and a runner for ``graphkit plan``."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from graphkit.cli.app import app
from graphkit.generate import generate_social_graph
from graphkit.store import open_store

SMALL_CAMPAIGN = {
    "name": "test-launch",
    "title": "Test launch",
    "objective": "awareness",
    "rng": 5,
    "trials": 400,
    "graph": {"generate": {"users": 400, "circles": 8, "rng": 3}},
    "model": {"p_strong": 0.2, "p_weak": 0.03},
    "budget": {"total": 600.0, "cost_column": "cost"},
    "target": {"where": {"segment": ["students", "parents"]}},
    "candidates": {"max_per_circle": 2},
    "selection": {"eps": 0.3},
    "sensitivity": {"change": 0.5},
}


def toml_text(data: dict, prefix: str = "") -> str:
    """A TOML document for nested dicts of strings, numbers, booleans and lists of them."""
    lines, tables = [], []
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append((key, value))
        else:
            lines.append(f"{key} = {_value(value)}")
    text = "\n".join(lines) + "\n"
    for key, value in tables:
        name = f"{prefix}{key}"
        text += f"\n[{name}]\n" + toml_text(value, f"{name}.")
    return text


def _value(value) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def merged(base: dict, changes: dict) -> dict:
    """``base`` with ``changes`` applied section by section; a value of None removes the key."""
    result = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


@pytest.fixture
def write_campaign(tmp_path):
    """``write_campaign(changes=None, text=None)`` -> path of a campaign file in tmp_path.

    The campaign plans into ``tmp_path/store`` and ``tmp_path/plan``.
    """

    def write(changes: dict | None = None, *, text: str | None = None, name: str = "campaign.toml") -> Path:
        path = tmp_path / name
        if text is None:
            data = merged(SMALL_CAMPAIGN, {"graph": {"store": str(tmp_path / "store")},
                                           "output": {"folder": str(tmp_path / "plan")}})
            text = toml_text(merged(data, changes or {}))
        path.write_text(text, encoding="utf-8")
        return path

    return write


def run_plan(*args: str):
    """``graphkit plan ARGS`` through typer's CliRunner (stdout and stderr kept apart)."""
    return CliRunner().invoke(app, ["plan", *args])


def store_with_influence(folder: Path) -> Path:
    """An embedded store at ``folder`` holding SMALL_CAMPAIGN's generated network, its users carrying the
    influence columns ``graphkit fit --write`` stores (every third user joined no cascade)."""
    spec = SMALL_CAMPAIGN["graph"]["generate"]
    graph = generate_social_graph(n_users=spec["users"], n_circles=spec["circles"], rng=spec["rng"])
    predicted = 0.05 * graph.out_degree()
    cascades = np.where(np.arange(graph.n_nodes) % 3 == 0, 0, np.arange(graph.n_nodes) % 7 + 1)
    observed = np.where(cascades > 0, predicted * 1.5 + 0.25, np.nan)
    combined = np.where(cascades > 0, (cascades * observed + 2 * predicted) / (cascades + 2), predicted)
    store = open_store(folder)
    store.write_graph(graph)
    store.write_user_properties(
        graph.users[["id"]].assign(influence_predicted=predicted, influence_observed=observed,
                                   influence_combined=combined, influence_cascades=cascades.astype(np.int64))
    )
    return folder
