"""How reach and the shortlist change when the tie parameters are off by ``±change``.

Nobody knows ``p_strong`` and ``p_weak`` exactly. For each parameter and each direction
(``p_strong`` and ``p_weak`` of an IC model by tie kind; ``w_strong`` and ``w_weak`` of an LT
model), the scenario's model is the campaign's with that one parameter times ``1 - change`` or
``1 + change`` (probabilities capped at 1). Per scenario:

* ``shortlist_reach``: the reach of the planned shortlist if the parameter really were that;
* ``replanned_reach``: the reach of a shortlist re-optimised for that parameter;
* ``kept`` of ``kols``, ``joined``, ``left``: how much the re-optimised shortlist differs.

When the probabilities were fitted (``model.fitted``), each one moves to the ends of its 95%
interval instead (``p_strong low``: the interval's lower end), so the scenarios span what the
cascades leave uncertain rather than a guess.

A shortlist that keeps most of its reach and most of its members across the scenarios is robust.
A weighted-cascade or explicit-probability IC model has no tie parameters to move: the table
is empty and :func:`sensitivity_table` says why.

Examples
--------
>>> from graphkit.diffusion import ICModel
>>> [(name, model.p_strong, model.p_weak) for name, model in scenario_models(ICModel(p_strong=0.8, p_weak=0.1), 0.5)]
[('p_strong -50%', 0.4, 0.1), ('p_strong +50%', 1.0, 0.1), ('p_weak -50%', 0.8, 0.05), ('p_weak +50%', 0.8, 0.15)]
>>> [name for name, _ in scenario_models(ICModel(), 0.5, {"p_strong": (0.1, 0.3), "p_weak": (0.02, 0.04)})]
['p_strong low (95%)', 'p_strong high (95%)', 'p_weak low (95%)', 'p_weak high (95%)']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from graphkit.campaign.evaluation import Evaluator, Reach
from graphkit.diffusion.models import ICModel, LTModel, Model
from graphkit.graph import SocialGraph

__all__ = ["SENSITIVITY_COLUMNS", "scenario_models", "sensitivity_table"]

SENSITIVITY_COLUMNS = [
    "scenario", "parameter", "value", "shortlist_reach", "shortlist_ci_low", "shortlist_ci_high",
    "replanned_reach", "replanned_ci_low", "replanned_ci_high", "kept", "kols", "joined", "left",
]


def _parameters(model: Model) -> tuple[str, ...]:
    if isinstance(model, LTModel):
        return ("w_strong", "w_weak")
    return ("p_strong", "p_weak") if model.probability == "tie" else ()


def scenario_models(
    model: Model, change: float, intervals: dict[str, tuple[float, float]] | None = None
) -> list[tuple[str, Model]]:
    """``(name, model)`` for each tie parameter moved down and up by ``change`` (a fraction), or to
    the ends of its interval in ``intervals``."""
    scenarios = []
    for name in _parameters(model):
        if intervals and name in intervals:
            for end, value in zip(("low", "high"), intervals[name]):
                scenarios.append((f"{name} {end} (95%)", dataclasses.replace(model, **{name: float(value)})))
            continue
        for sign in (-1, 1):
            value = round(getattr(model, name) * (1 + sign * change), 12)
            if isinstance(model, ICModel):
                value = min(value, 1.0)
            scenarios.append((f"{name} {'+' if sign > 0 else '-'}{change:.0%}", dataclasses.replace(model, **{name: value})))
    return scenarios


def sensitivity_table(
    graph: SocialGraph,
    seed_nodes: Sequence[int],
    planned_reach: Reach,
    evaluator: Evaluator,
    replan: Callable[[Model], np.ndarray],
    *,
    change: float,
    intervals: dict[str, tuple[float, float]] | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[pd.DataFrame, str | None]:
    """The scenarios (columns :data:`SENSITIVITY_COLUMNS`), and a note when there are none.

    ``planned_reach`` is the evaluator's reach of ``seed_nodes`` under the campaign's model;
    ``replan(model)`` returns the optimiser's seed nodes under ``model`` and the campaign's
    constraints. The first row is the plan as made.
    """
    model = evaluator.model
    if change == 0:
        return pd.DataFrame(columns=SENSITIVITY_COLUMNS), "skipped (sensitivity.change = 0)"
    scenarios = scenario_models(model, change, intervals)
    if not scenarios:
        return (
            pd.DataFrame(columns=SENSITIVITY_COLUMNS),
            f"not applicable: the IC model takes its probabilities from {model.probability!r}, not from tie kinds",
        )
    planned = np.asarray(seed_nodes, dtype=np.int64)
    ids = np.asarray(graph.node_ids, dtype=object)
    rows = [_row("as planned", "", None, planned_reach, planned_reach, planned, planned, ids)]
    for position, (name, scenario) in enumerate(scenarios):
        if progress is not None:
            progress(f"{position + 1}/{len(scenarios)}")
        parameter = name.split()[0]
        replanned = np.asarray(replan(scenario), dtype=np.int64)
        rows.append(
            _row(
                name, parameter, getattr(scenario, parameter),
                evaluator.reach(planned, scenario),
                evaluator.reach(replanned, scenario),
                planned, replanned, ids,
            )
        )
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS), None


def _row(name, parameter, value, shortlist, replanned, planned, new, ids) -> dict:
    return {
        "scenario": name,
        "parameter": parameter,
        "value": value,
        "shortlist_reach": shortlist.value,
        "shortlist_ci_low": shortlist.ci_low,
        "shortlist_ci_high": shortlist.ci_high,
        "replanned_reach": replanned.value,
        "replanned_ci_low": replanned.ci_low,
        "replanned_ci_high": replanned.ci_high,
        "kept": int(np.isin(planned, new).sum()),
        "kols": len(planned),
        "joined": ", ".join(str(user) for user in ids[new[~np.isin(new, planned)]]),
        "left": ", ".join(str(user) for user in ids[planned[~np.isin(planned, new)]]),
    }
