"""The public fits: recovery of known probabilities, interval coverage, reproducibility, the model.

``python -m tests.fit.test_ic [repetitions]`` prints the recovery and coverage table the slow test
checks, for each timing of the simulated cascades (run from the repository root).
"""

from __future__ import annotations

import math
import sys
from dataclasses import fields, replace

import numpy as np
import pandas as pd
import pytest

from graphkit.cascades import Cascades
from graphkit.diffusion.models import ICModel
from graphkit.errors import InvalidInputError
from graphkit.fit.ic import KindFit, fit_tie_kinds, fit_uniform
from graphkit.fit.simulate import simulate_ic_cascades
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph

TRUTH = ICModel(p_strong=0.12, p_weak=0.03)
SETTINGS = {  # name: (timing, window, record_parents)
    "steps, window 1": ("steps", 1.0, False),
    "delays, window inf": ("delays", math.inf, False),
    "steps, window 1, parents known": ("steps", 1.0, True),
}


def recovery_runs(setting, repetitions, *, n_users=500, n_cascades=400, n_boot=200):
    """Per repetition, on fresh cascades: (p_strong, p_weak, truth in p_strong_ci, truth in p_weak_ci)."""
    graph = generate_social_graph(n_users=n_users, mean_degree=8, rng=11)
    timing, window, record_parents = SETTINGS[setting]
    rows = []
    for repetition in range(repetitions):
        rng = np.random.default_rng([repetition, 99])
        seeds = rng.integers(0, graph.n_nodes, n_cascades)
        cascades = simulate_ic_cascades(graph, TRUTH, seeds, timing=timing, record_parents=record_parents,
                                        rng=rng)
        fit = fit_tie_kinds(graph, cascades, window=window, n_boot=n_boot, rng=rng)
        rows.append((fit.p_strong, fit.p_weak, fit.p_strong_ci[0] <= TRUTH.p_strong <= fit.p_strong_ci[1],
                     fit.p_weak_ci[0] <= TRUTH.p_weak <= fit.p_weak_ci[1]))
    return np.array(rows, dtype=float)


@pytest.fixture(scope="module")
def graph():
    return generate_social_graph(n_users=2000, mean_degree=8, rng=1)


@pytest.mark.parametrize("setting", ["steps, window 1", "delays, window inf"])
def test_known_probabilities_fall_inside_their_intervals(graph, setting):
    timing, window, _ = SETTINGS[setting]
    rng = np.random.default_rng(5)
    seeds = rng.integers(0, graph.n_nodes, 3000)
    cascades = simulate_ic_cascades(graph, TRUTH, seeds, timing=timing, rng=rng)
    fit = fit_tie_kinds(graph, cascades, window=window, rng=6)
    assert fit.p_strong_ci[0] <= TRUTH.p_strong <= fit.p_strong_ci[1]
    assert fit.p_weak_ci[0] <= TRUTH.p_weak <= fit.p_weak_ci[1]
    assert fit.p_strong_ci[1] - fit.p_strong_ci[0] < 0.03 and fit.p_weak_ci[1] - fit.p_weak_ci[0] < 0.01
    assert np.all(np.diff(fit.loglik) >= -1e-9 * abs(fit.loglik[-1]))
    assert fit.draws.shape == (200, 2) and fit.n_cascades == 3000 and fit.window == window
    assert 0 < fit.n_events < cascades.n_adoptions < fit.n_exposures


def test_known_parents_take_the_credit_and_pull_the_estimates_slightly_down(graph):
    rng = np.random.default_rng(5)
    seeds = rng.integers(0, graph.n_nodes, 3000)
    with_parents = simulate_ic_cascades(graph, TRUTH, seeds, record_parents=True, rng=7)
    assert (with_parents.parent >= 0).sum() == with_parents.n_adoptions - 3000
    without = replace(with_parents, parent=np.full(with_parents.n_adoptions, -1))
    known, shared = (fit_tie_kinds(graph, data, window=1.0, n_boot=50, rng=6)
                     for data in (with_parents, without))
    # the same attempts, each event down to one candidate: the other same-step in-neighbours count as failed
    assert (known.n_events, known.n_exposures) == (shared.n_events, shared.n_exposures)
    assert known.loglik.size == 2  # every event has one candidate: the first credits are the maximum
    assert TRUTH.p_strong - 0.004 < known.p_strong <= shared.p_strong
    assert TRUTH.p_weak - 0.001 < known.p_weak <= shared.p_weak


@pytest.mark.slow
def test_95_percent_intervals_cover_the_truth_85_to_100_percent_of_the_time():
    runs = recovery_runs("steps, window 1", 100)
    coverage = runs[:, 2:].mean()
    assert 0.85 <= coverage <= 1.0, f"coverage {coverage:.1%} over {runs[:, 2:].size} intervals"


def test_uniform_fit_recovers_one_probability(graph):
    rng = np.random.default_rng(8)
    cascades = simulate_ic_cascades(graph, ICModel(p_strong=0.05, p_weak=0.05), rng.integers(0, 2000, 3000),
                                    timing="delays", rng=rng)
    fit = fit_uniform(graph, cascades, n_boot=100, rng=9)
    assert fit.p_ci[0] <= 0.05 <= fit.p_ci[1] and fit.p_ci[1] - fit.p_ci[0] < 0.01
    assert fit.to_model() == ICModel(p_strong=fit.p, p_weak=fit.p)
    assert fit.draws.shape == (100, 1)


def test_same_rng_same_result_and_the_model_it_gives(graph):
    cascades = simulate_ic_cascades(graph, TRUTH, range(0, 2000, 2), rng=3)
    first, second = (fit_tie_kinds(graph, cascades, window=1.0, n_boot=30, rng=4) for _ in range(2))
    for field in fields(KindFit):
        assert np.array_equal(getattr(first, field.name), getattr(second, field.name)), field.name
    other = fit_tie_kinds(graph, cascades, window=1.0, n_boot=30, rng=5)
    assert other.p_strong == first.p_strong and not np.array_equal(other.draws, first.draws)
    assert first.to_model() == ICModel(p_strong=first.p_strong, p_weak=first.p_weak)


def test_no_bootstrap_no_interval_and_bad_arguments(graph):
    cascades = simulate_ic_cascades(graph, TRUTH, range(100), rng=3)
    fit = fit_tie_kinds(graph, cascades, window=1.0, n_boot=0)
    assert np.isnan(fit.p_strong_ci).all() and fit.draws.shape == (0, 2) and 0 < fit.p_weak < 1
    with pytest.raises(InvalidInputError, match="n_boot"):
        fit_uniform(graph, cascades, n_boot=-1)
    seeds_only = Cascades.from_arrays(cascade=[0, 1], node=[0, 1], time=[0.0, 0.0], n_nodes=graph.n_nodes)
    isolated = fit_uniform(graph, seeds_only, n_boot=5)
    assert isolated.p == pytest.approx(1e-6) and isolated.n_events == 0
    weak_only = SocialGraph.from_tables(pd.DataFrame({"source": ["a"], "target": ["b"], "tie": ["weak"]}),
                                        directed=True)
    one = Cascades.from_arrays(cascade=[0, 0], node=[0, 1], time=[0.0, 1.0], n_nodes=2)
    with pytest.raises(InvalidInputError, match="strong ties"):
        fit_tie_kinds(weak_only, one, n_boot=5)
    assert fit_uniform(weak_only, one, n_boot=5).p == pytest.approx(1 - 1e-6)

if __name__ == "__main__":
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    print(f"truth p_strong {TRUTH.p_strong}, p_weak {TRUTH.p_weak}; {repetitions} repetitions of 400 cascades"
          " on generate_social_graph(n_users=500, mean_degree=8, rng=11); n_boot 200")
    for name in SETTINGS:
        runs = recovery_runs(name, repetitions)
        print(f"{name:32s} p_strong {runs[:, 0].mean():.4f} (sd {runs[:, 0].std():.4f},"
              f" covered {runs[:, 2].mean():.1%})  p_weak {runs[:, 1].mean():.4f} (sd {runs[:, 1].std():.4f},"
              f" covered {runs[:, 3].mean():.1%})  both {runs[:, 2:].mean():.1%}")
