"""Monte Carlo estimates against exact enumeration, reproducibility, and the estimate's fields."""

from __future__ import annotations

import json

import numba
import numpy as np
import pandas as pd
import pytest

from graphkit.diffusion.exact import exact_activation_probabilities, exact_spread
from graphkit.diffusion.models import ICModel, LTModel
from graphkit.diffusion.simulate import SpreadEstimate, estimate_spread
from graphkit.errors import InvalidInputError
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph
from tests.conftest import disconnected_graph, path_graph, star_graph


def mixed_graph() -> SocialGraph:
    """A directed graph of 14 arcs with strong and weak ties, cycles and a node with 3 in-arcs."""
    rows = [
        ("a", "b", "strong"),
        ("a", "c", "weak"),
        ("b", "c", "weak"),
        ("c", "d", "strong"),
        ("b", "d", "weak"),
        ("d", "e", "weak"),
        ("e", "a", "weak"),
        ("c", "e", "strong"),
        ("e", "f", "weak"),
        ("d", "f", "weak"),
        ("f", "g", "strong"),
        ("g", "c", "weak"),
        ("b", "g", "weak"),
        ("a", "f", "weak"),
    ]
    ties = pd.DataFrame(rows, columns=["source", "target", "tie"])
    return SocialGraph.from_tables(ties, directed=True)


CASES = {
    "path": (path_graph, [0]),
    "star": (star_graph, [1]),
    "disconnected": (disconnected_graph, [0, 3]),
    "mixed": (mixed_graph, [0]),
}
MODELS = {
    "ic-tie": ICModel(p_strong=0.7, p_weak=0.4),
    "ic-wc": ICModel(probability="weighted_cascade"),
    "lt": LTModel(w_strong=1.0, w_weak=0.4),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("model_name", sorted(MODELS))
@pytest.mark.parametrize("objective", ["awareness", "adoption"])
def test_monte_carlo_agrees_with_exact_enumeration(case, model_name, objective):
    factory, seeds = CASES[case]
    graph, model = factory(), MODELS[model_name]
    assert graph.n_arcs <= 16
    exact = exact_spread(graph, seeds, model, objective=objective)
    estimate = estimate_spread(graph, seeds, model, objective=objective, n_trials=20_000, rng=2024)
    assert abs(estimate.mean - exact) <= 3 * estimate.std_error + 1e-9
    # per-user probabilities too: each is a binomial proportion
    expected = np.clip(exact_activation_probabilities(graph, seeds, model, objective=objective), 0, 1)
    tolerance = 4 * np.sqrt(expected * (1 - expected) / estimate.n_trials) + 1e-9
    assert np.all(np.abs(estimate.activation_probability - expected) <= tolerance)


def test_the_comparison_has_randomness_to_detect():
    estimate = estimate_spread(mixed_graph(), [0], MODELS["lt"], objective="adoption", n_trials=2000, rng=1)
    assert estimate.std_error > 0.02
    assert exact_spread(mixed_graph(), [0], MODELS["lt"]) > exact_spread(
        mixed_graph(), [0], MODELS["lt"], objective="adoption"
    )


def test_same_rng_same_result_different_rng_different():
    graph = generate_social_graph(n_users=500, mean_degree=8, rng=4)
    model = ICModel(p_strong=0.2, p_weak=0.03)
    first = estimate_spread(graph, [0, 1, 2], model, n_trials=300, rng=11)
    assert first == estimate_spread(graph, [0, 1, 2], model, n_trials=300, rng=11)
    other = estimate_spread(graph, [0, 1, 2], model, n_trials=300, rng=12)
    assert other != first
    assert not np.array_equal(other.activation_probability, first.activation_probability)
    generator_result = estimate_spread(graph, [0, 1, 2], model, n_trials=300, rng=np.random.default_rng(11))
    assert generator_result.mean == first.mean
    assert (first.params["rng_seed"], generator_result.params["rng_seed"]) == (11, None)


@pytest.mark.parametrize("model", [ICModel(p_strong=0.25, p_weak=0.05), LTModel()], ids=["ic", "lt"])
def test_one_and_two_threads_give_identical_estimates(model):
    graph = generate_social_graph(n_users=600, mean_degree=8, rng=5)
    before = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = estimate_spread(graph, [0, 10, 20], model, objective="adoption", n_trials=400, rng=3)
        numba.set_num_threads(min(2, numba.config.NUMBA_NUM_THREADS))
        two = estimate_spread(graph, [0, 10, 20], model, objective="adoption", n_trials=400, rng=3)
    finally:
        numba.set_num_threads(before)
    assert one == two


def test_curve_communities_and_target_add_up():
    graph = generate_social_graph(n_users=400, mean_degree=8, rng=6)
    circles = graph.users["circle"].to_numpy()
    target = (graph.users["segment"] == "students").to_numpy()
    estimate = estimate_spread(
        graph,
        [0, 1],
        ICModel(p_strong=0.3, p_weak=0.05),
        n_trials=500,
        rng=8,
        communities=circles,
        target_weights=target,
    )
    assert estimate.new_per_step[0] == 2  # the seeds
    assert estimate.cumulative_per_step[-1] == pytest.approx(estimate.mean)
    assert estimate.new_per_step.sum() == pytest.approx(estimate.mean)
    assert estimate.community_reach.sum() == pytest.approx(estimate.mean)
    assert estimate.community_reach.shape == (circles.max() + 1,)
    assert estimate.activation_probability.sum() == pytest.approx(estimate.mean)
    assert estimate.target_reach == pytest.approx(estimate.activation_probability[target].sum())
    assert 0 < estimate.target_reach < estimate.mean
    assert estimate.target_std_error > 0
    assert estimate.ci_low < estimate.mean < estimate.ci_high
    assert estimate.ci_high - estimate.mean == pytest.approx(1.959964 * estimate.std_error)
    assert estimate.awareness_mean == estimate.mean
    assert estimate.adoption_mean < estimate.awareness_mean


def test_adoption_objective_counts_adopters_everywhere():
    graph = generate_social_graph(n_users=400, mean_degree=8, rng=6)
    weights = np.ones(graph.n_nodes)
    estimate = estimate_spread(
        graph,
        [0, 1],
        ICModel(p_strong=0.3, p_weak=0.1),
        objective="adoption",
        n_trials=500,
        rng=8,
        target_weights=weights,
    )
    assert estimate.mean == estimate.adoption_mean
    assert estimate.target_reach == pytest.approx(estimate.mean)
    assert estimate.activation_probability.sum() == pytest.approx(estimate.mean)
    assert estimate.new_per_step.sum() == pytest.approx(estimate.mean)


def test_to_dict_is_json_ready_and_to_frame_sorts():
    graph = path_graph()
    estimate = estimate_spread(graph, [0], ICModel(p_strong=0.5), n_trials=100, rng=1)
    document = json.loads(json.dumps(estimate.to_dict()))
    assert document["params"]["algorithm"] == "monte_carlo"
    assert document["params"]["model"] == {
        "model": "ic",
        "p_strong": 0.5,
        "p_weak": 0.01,
        "probability": "tie",
    }
    assert document["params"]["seed_nodes"] == [0]
    assert document["activation_probability"][0] == 1.0
    frame = estimate.to_frame(graph.node_ids)
    assert frame["node_id"].iloc[0] == "n0"
    assert frame["probability"].is_monotonic_decreasing
    assert isinstance(estimate, SpreadEstimate)
    with pytest.raises(ValueError):
        estimate.activation_probability[0] = 0.5


def test_no_seeds_reach_nobody():
    estimate = estimate_spread(path_graph(), [], ICModel(), n_trials=10, rng=1)
    assert (estimate.mean, estimate.std_error, estimate.new_per_step.tolist()) == (0.0, 0.0, [])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_trials": 1}, r"n_trials must be an int in \[2, 2147483647\], got 1"),
        ({"objective": "sales"}, "objective must be one of 'awareness', 'adoption', got 'sales'"),
        (
            {"target_weights": [1.0, 2.0]},
            r"target_weights must have one value per node \(5\), got shape \(2,\)",
        ),
        ({"target_weights": [1.0, -2.0, 0, 0, 0]}, "target_weights must be finite and >= 0, got -2.0"),
        ({"communities": [0.5] * 5}, "communities must be integer labels, got dtype float64"),
        ({"communities": [0, -1, 0, 0, 0]}, "communities must be labels >= 0, got -1"),
        ({"rng": -3}, "rng must be a non-negative int, got -3"),
    ],
)
def test_invalid_arguments_are_named(kwargs, message):
    with pytest.raises(InvalidInputError, match=message):
        estimate_spread(path_graph(), [0], ICModel(), **kwargs)


def test_invalid_seeds_and_model():
    with pytest.raises(InvalidInputError, match="seed_nodes must be distinct, got 1 twice"):
        estimate_spread(path_graph(), [1, 1], ICModel())
    with pytest.raises(InvalidInputError, match=r"seed_nodes must be node indices \(ints\), got \['n1'\]"):
        estimate_spread(path_graph(), ["n1"], ICModel())
    with pytest.raises(InvalidInputError, match="model must be an ICModel or LTModel, got dict"):
        estimate_spread(path_graph(), [1], {"p": 0.1})


def test_runs_on_every_named_graph(named_graph):
    seeds = [0] if named_graph.n_nodes else []
    for model in (ICModel(p_strong=0.5, p_weak=0.2), LTModel()):
        estimate = estimate_spread(named_graph, seeds, model, objective="adoption", n_trials=50, rng=0)
        assert 1 <= estimate.mean <= named_graph.n_nodes
        assert estimate.activation_probability[0] == 1.0


def test_skipping_adoption_leaves_awareness_identical():
    from graphkit.generate import generate_social_graph

    graph = generate_social_graph(n_users=400, rng=2)
    model = ICModel(p_strong=0.3, p_weak=0.05)
    full = estimate_spread(graph, [0, 5, 9], model, n_trials=300, rng=4)
    fast = estimate_spread(graph, [0, 5, 9], model, n_trials=300, rng=4, with_adoption=False)
    assert (full.mean, full.std_error) == (fast.mean, fast.std_error)
    assert np.array_equal(full.activation_probability, fast.activation_probability)
    assert np.isnan(fast.adoption_mean) and not np.isnan(full.adoption_mean)
    with pytest.raises(InvalidInputError, match='with_adoption=False needs objective="awareness"'):
        estimate_spread(graph, [0], model, objective="adoption", n_trials=10, with_adoption=False)
