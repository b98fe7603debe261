"""CELF lazy greedy on deterministic objectives (exact oracles), with and without a budget."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from graphkit.diffusion.celf import celf_picks
from graphkit.diffusion.constraints import CampaignConstraints


def coverage_objective(sets: dict[int, set[int]]):
    def evaluate(seed_nodes):
        return float(len(set().union(*(sets[v] for v in seed_nodes))))

    return evaluate


def plain_greedy(evaluate, n, k):
    chosen: list[int] = []
    for _ in range(k):
        best = max((v for v in range(n) if v not in chosen), key=lambda v: (evaluate(chosen + [v]), -v))
        chosen.append(best)
    return chosen


@pytest.mark.parametrize("trial", range(8))
def test_celf_equals_plain_greedy_on_a_coverage_function(trial):
    generator = np.random.default_rng(trial)
    sets = {v: set(generator.choice(30, size=generator.integers(1, 8), replace=False).tolist()) for v in range(15)}
    evaluate = coverage_objective(sets)
    picks = celf_picks(evaluate, np.arange(15), CampaignConstraints(k=5).bind(15))
    reference = coverage_objective(sets)
    assert picks.seed_nodes.tolist() == plain_greedy(reference, 15, 5)
    assert picks.cumulative[-1] == evaluate(picks.seed_nodes.tolist())
    assert picks.details["evaluations"] < 15 * 5  # lazy: far fewer than the plain greedy's evaluations


def test_celf_budget_returns_the_better_of_unit_and_cost_benefit():
    # unit-cost greedy grabs the big expensive set and can afford nothing else;
    # cost-benefit takes three cheap sets that together cover more
    sets = {0: set(range(10)), 1: set(range(10, 14)), 2: set(range(14, 18)), 3: set(range(18, 22))}
    cost = np.array([10.0, 3.0, 3.0, 3.0])
    evaluate = coverage_objective(sets)
    picks = celf_picks(evaluate, np.arange(4), CampaignConstraints(budget=10.0, cost=cost).bind(4))
    assert sorted(picks.seed_nodes.tolist()) == [1, 2, 3]
    assert picks.details["greedy_rule"] == "cost_benefit"
    # and the other way round: one cheap tiny set vs. a big set costing the whole budget
    sets = {0: set(range(10)), 1: {10}}
    cost = np.array([10.0, 1.0])
    evaluate = coverage_objective(sets)
    picks = celf_picks(evaluate, np.arange(2), CampaignConstraints(budget=10.0, cost=cost).bind(2))
    assert picks.seed_nodes.tolist() == [0]
    assert picks.details["greedy_rule"] == "unit"


def test_celf_never_breaks_the_constraints():
    generator = np.random.default_rng(5)
    sets = {v: set(generator.choice(40, size=5, replace=False).tolist()) for v in range(20)}
    cost = generator.uniform(1.0, 4.0, 20)
    communities = np.arange(20) % 3
    for budget, quota in itertools.product([3.0, 7.5, 12.0], [1, 2]):
        constraints = CampaignConstraints(
            budget=budget + cost[7], cost=cost, excluded=[0, 1, 2], required=[7], communities=communities,
            max_per_community=quota,
        )
        evaluate = coverage_objective(sets)
        picks = celf_picks(evaluate, np.arange(20), constraints.bind(20))
        seeds = picks.seed_nodes.tolist()
        assert seeds[0] == 7
        assert not {0, 1, 2} & set(seeds)
        assert cost[seeds].sum() <= budget + cost[7]
        assert np.bincount(communities[seeds], minlength=3).max() <= quota
        assert picks.marginal_gains[0] == len(sets[7])  # the required user's own coverage is counted


def test_budget_only_campaign_stops_when_nothing_adds():
    sets = {0: {1, 2}, 1: {1, 2}, 2: {3}}
    evaluate = coverage_objective(sets)
    picks = celf_picks(evaluate, np.arange(3), CampaignConstraints(budget=100.0, cost=np.ones(3)).bind(3))
    assert picks.seed_nodes.tolist() == [0, 2]
