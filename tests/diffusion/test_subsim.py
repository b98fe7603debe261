"""The SUBSIM sampler (subset sampling with geometric skips) and the OPIM-C stopping rule of IMM."""

from __future__ import annotations

import numpy as np
import pytest

from graphkit import cluster
from graphkit.diffusion import _rr
from graphkit.diffusion._subsim import SubsimSampler
from graphkit.diffusion.constraints import CampaignConstraints
from graphkit.diffusion.exact import exact_spread
from graphkit.diffusion.imm import STOPPING_RULES, imm_picks
from graphkit.diffusion.models import ICModel, LTModel
from graphkit.diffusion.seeds import select_seed_nodes
from graphkit.diffusion.simulate import estimate_spread
from graphkit.errors import InvalidInputError
from graphkit.generate import generate_social_graph
from tests.diffusion.test_imm import rr_inputs, small_graph

PROBABILITIES = {  # in-arc probabilities that share one value per node, per kind, or nothing at all
    "weighted-cascade": ICModel(probability="weighted_cascade"),
    "tie-kinds": ICModel(p_strong=0.6, p_weak=0.3),
    "far-apart-kinds": ICModel(p_strong=0.9, p_weak=0.05),
    "thinned-kinds": ICModel(p_strong=0.6, p_weak=0.4),  # one group of both kinds: the p / q coin
}


def star(probabilities: np.ndarray):
    """In-arc CSR of a star whose centre 0 has one in-arc from each leaf 1..d; roots only at 0."""
    d = len(probabilities)
    in_indptr = np.array([0] + [d] * (d + 1))
    weights = np.zeros(d + 1)
    weights[0] = 1.0
    in_indices = np.arange(1, d + 1, dtype=np.int32)
    return in_indptr, in_indices, np.asarray(probabilities, dtype=np.float64), weights


def test_each_in_arc_is_live_with_its_own_probability():
    probabilities = np.concatenate([
        [0.0, 1.0, 1.0, 1e-12, 0.5, 0.5, 0.5],  # never, always, tiny, one shared value
        np.random.default_rng(5).uniform(0.0, 0.4, 40),  # all different: groups thinned by p / q
    ])
    in_indptr, in_indices, in_value, weights = star(probabilities)
    sampler = SubsimSampler(in_indptr, in_indices, in_value, root_weights=weights)
    assert len(sampler.accept_cut) == len(probabilities)  # some groups hold different p
    n_sets = 300_000
    rr = sampler.draw(n_sets, np.random.default_rng(3))
    assert (rr.nodes[rr.indptr[:-1]] == 0).all()
    frequency = np.bincount(rr.nodes, minlength=len(probabilities) + 1)[1:] / n_sets
    assert frequency[0] == 0.0 and frequency[1] == frequency[2] == 1.0
    p = probabilities[3:]
    z = (frequency[3:] - p) / np.sqrt(p * (1 - p) / n_sets)
    assert np.abs(z).max() < 4.5
    assert (z**2).sum() < len(p) + 5 * np.sqrt(2 * len(p))  # chi-square with len(p) degrees of freedom


def test_a_certain_group_thins_its_other_arcs_by_their_own_p():
    in_indptr, in_indices, in_value, weights = star([1.0, 0.8, 0.6, 0.51])  # q = 1: every arc passes the skip
    sampler = SubsimSampler(in_indptr, in_indices, in_value, root_weights=weights)
    assert sampler.n_groups == 1 and len(sampler.accept_cut) == 4
    n_sets = 200_000
    rr = sampler.draw(n_sets, np.random.default_rng(8))
    frequency = np.bincount(rr.nodes, minlength=5)[1:] / n_sets
    p = in_value
    assert frequency[0] == 1.0
    assert (np.abs(frequency[1:] - p[1:]) < 4.5 * np.sqrt(p[1:] * (1 - p[1:]) / n_sets)).all()


def test_mixed_kinds_within_a_factor_two_are_drawn_with_the_second_coin():
    graph = generate_social_graph(n_users=300, mean_degree=6, directed=True, rng=4)
    _, *arrays = rr_inputs(graph, PROBABILITIES["thinned-kinds"])
    assert len(SubsimSampler(*arrays).accept_cut) > 0  # so the statistical tests below cover the p / q coin


def test_groups_hold_probabilities_within_a_factor_two():
    in_indptr, in_indices, in_value, _ = star([0.05, 0.5, 0.3, 0.26, 0.2, 0.0, 0.5])
    sampler = SubsimSampler(in_indptr, in_indices, in_value)
    assert sampler.n_groups == 4  # {0.5, 0.5, 0.3, 0.26}, {0.2}, {0.05}, {0.0}
    assert sampler.in_indices.tolist() == [2, 7, 3, 4, 5, 1, 6]  # by probability, highest first
    kept = sampler.accept_cut / 2.0**53
    assert kept == pytest.approx([1.0, 1.0, 0.6, 0.52, 1.0, 1.0, 1.0])
    uniform = SubsimSampler(*rr_inputs(small_graph(), PROBABILITIES["weighted-cascade"])[1:])
    assert len(uniform.node_group) == 0 and len(uniform.accept_cut) == 0  # one group per user, no thinning


@pytest.mark.parametrize("name", list(PROBABILITIES))
@pytest.mark.parametrize("seed_nodes", [[0], [2], [0, 5], [3, 4]])
def test_rr_coverage_estimates_the_exact_spread(name, seed_nodes):
    graph = small_graph()
    model = PROBABILITIES[name]
    _, *arrays = rr_inputs(graph, model)
    rr = SubsimSampler(*arrays).draw(200_000, np.random.default_rng(11))
    hit = np.add.reduceat(np.isin(rr.nodes, seed_nodes), rr.indptr[:-1]) > 0
    fraction = hit.mean()
    std_error = graph.n_nodes * np.sqrt(fraction * (1 - fraction) / rr.n_sets)
    assert abs(graph.n_nodes * fraction - exact_spread(graph, seed_nodes, model)) < 4 * std_error + 1e-9


@pytest.mark.parametrize("name", list(PROBABILITIES))
def test_node_frequencies_agree_with_the_standard_sampler(name):
    graph = generate_social_graph(n_users=300, mean_degree=6, directed=True, rng=4)
    kind, *arrays = rr_inputs(graph, PROBABILITIES[name])
    n_sets = 100_000
    frequencies = []
    for sampler, seed in ((_rr.RRSampler(kind, *arrays), 1), (SubsimSampler(*arrays), 2)):
        rr = sampler.draw(n_sets, np.random.default_rng(seed))
        frequencies.append(np.bincount(rr.nodes, minlength=graph.n_nodes) / n_sets)
    standard, subsim = frequencies
    pooled = (standard + subsim) / 2
    std_error = np.sqrt(2 * pooled * (1 - pooled) / n_sets)
    seen = pooled > 0
    z = (subsim - standard)[seen] / std_error[seen]
    assert np.abs(z).max() < 5.0
    assert (z**2).mean() < 1.3  # about 1 when both estimate the same frequencies


def test_sets_depend_on_rng_only_and_roots_are_the_standard_samplers():
    graph = small_graph()
    kind, *arrays = rr_inputs(graph, PROBABILITIES["tie-kinds"])
    sampler = SubsimSampler(*arrays)
    one = sampler.draw(5000, np.random.default_rng(3), n_chunks=1)
    many = sampler.draw(5000, np.random.default_rng(3), n_chunks=13)
    assert np.array_equal(one.indptr, many.indptr) and np.array_equal(one.nodes, many.nodes)
    standard = _rr.RRSampler(kind, *arrays).draw(5000, np.random.default_rng(3))
    assert np.array_equal(one.nodes[one.indptr[:-1]], standard.nodes[standard.indptr[:-1]])
    assert not np.array_equal(one.nodes, standard.nodes)  # the live arcs are drawn differently


def test_imm_with_subsim_repeats_and_keeps_the_default_sampler_unchanged():
    graph = generate_social_graph(n_users=500, mean_degree=6, rng=3)
    model = ICModel(probability="weighted_cascade")
    arguments = dict(eps=0.3, eval_trials=200, rng=9)
    first = select_seed_nodes(graph, model, CampaignConstraints(k=5), sampler="subsim", **arguments)
    again = select_seed_nodes(graph, model, CampaignConstraints(k=5), sampler="subsim", **arguments)
    assert first.seed_nodes.tolist() == again.seed_nodes.tolist() and first.spread == again.spread
    assert first.params["sampler"] == "subsim" and first.params["stopping"] == "imm"
    default = select_seed_nodes(graph, model, CampaignConstraints(k=5), **arguments)
    standard = select_seed_nodes(graph, model, CampaignConstraints(k=5), sampler="standard", **arguments)
    assert default.seed_nodes.tolist() == standard.seed_nodes.tolist()
    assert default.params["sampler"] == "standard"


def test_subsim_refuses_lt_and_unknown_options():
    graph = small_graph()
    bound = CampaignConstraints(k=2).bind(graph.n_nodes)
    kind, *arrays = rr_inputs(graph, LTModel())
    with pytest.raises(InvalidInputError, match="use 'standard' for LT"):
        imm_picks(kind, *arrays, bound, sampler="subsim", rng=np.random.default_rng(0))
    with pytest.raises(InvalidInputError, match="sampler must be one of standard, subsim, got 'fast'"):
        imm_picks(kind, *arrays, bound, sampler="fast", rng=np.random.default_rng(0))
    with pytest.raises(InvalidInputError, match="stopping must be one of imm, opim-c"):
        imm_picks(kind, *arrays, bound, stopping="early", rng=np.random.default_rng(0))


@pytest.mark.parametrize("stopping", ["opim-c", "hist"])
def test_online_stopping_refuses_budgets_targets_required_users_and_quotas(stopping):
    graph = small_graph()
    kind, *arrays = rr_inputs(graph, PROBABILITIES["tie-kinds"])
    n = graph.n_nodes
    for constraints in (
        CampaignConstraints(budget=3.0, cost=np.ones(n)),
        CampaignConstraints(k=2, target_weights=np.ones(n)),
        CampaignConstraints(k=2, required=[1]),
        CampaignConstraints(k=2, communities=np.arange(n) % 2, max_per_community=1),
    ):
        with pytest.raises(InvalidInputError, match=f"stopping='{stopping}' is for a plain seed count"):
            imm_picks(kind, *arrays, constraints.bind(n), stopping=stopping, rng=np.random.default_rng(0))


@pytest.mark.parametrize("sampler", ["standard", "subsim"])
def test_opim_c_proves_its_bound_with_fewer_sets_and_seeds_as_good(sampler):
    graph = generate_social_graph(n_users=3000, mean_degree=8, directed=True, rng=8)
    kind, *arrays = rr_inputs(graph, ICModel(probability="weighted_cascade"))
    bound = CampaignConstraints(k=10, excluded=[0, 1]).bind(graph.n_nodes)
    imm = imm_picks(kind, *arrays, bound, eps=0.2, sampler=sampler, rng=np.random.default_rng(2))
    opim = imm_picks(kind, *arrays, bound, eps=0.2, sampler=sampler, stopping="opim-c",
                     rng=np.random.default_rng(2))
    again = imm_picks(kind, *arrays, bound, eps=0.2, sampler=sampler, stopping="opim-c",
                      rng=np.random.default_rng(2))
    assert opim.seed_nodes.tolist() == again.seed_nodes.tolist()
    assert not set(opim.seed_nodes.tolist()) & {0, 1} and len(opim.seed_nodes) == 10
    details = opim.details
    assert details["stopping"] == "opim-c" and details["rr_sets_selection"] < imm.details["rr_sets_selection"]
    assert details["approximation_bound"] >= 1 - 1 / np.e - 0.2  # proved before IMM-sized collections
    model = ICModel(probability="weighted_cascade")
    spreads = [mc_spread(graph, picks.seed_nodes, model) for picks in (imm, opim)]
    assert details["reach_lower_bound"] <= spreads[1]
    assert spreads[1] >= 0.97 * spreads[0]


def test_opim_c_keeps_its_failure_probability_as_a_log():
    """delta = 1/n^ell underflows to 0 for a large ell; OPIM-C must still run (more sets, as IMM)."""
    graph = small_graph()
    kind, *arrays = rr_inputs(graph, PROBABILITIES["tie-kinds"])
    bound = CampaignConstraints(k=2).bind(graph.n_nodes)
    picks = imm_picks(
        kind, *arrays, bound, eps=0.5, ell=400.0, stopping="opim-c", rng=np.random.default_rng(1)
    )
    assert len(picks.seed_nodes) == 2 and np.isfinite(picks.details["approximation_bound"])


def test_opim_c_bounds_are_the_papers():
    """Tang et al. 2018: lower ((sqrt(L2 + 2a/9) - sqrt(a/2))^2 - a/18) n / theta, upper
    (sqrt(Lu + a/2) + sqrt(a/2))^2 n / theta; with a = 0 they are the plain estimates."""
    from graphkit.diffusion.imm import opim_c_bounds

    assert opim_c_bounds(250, 400.0, 1000, 2000, 0.0) == (500.0, 800.0)
    lower, upper = opim_c_bounds(250, 400.0, 1000, 2000, 18.0)
    assert lower == pytest.approx(((np.sqrt(254.0) - 3.0) ** 2 - 1.0) * 2.0)
    assert upper == pytest.approx((np.sqrt(409.0) + 3.0) ** 2 * 2.0)


def mc_spread(graph, seed_nodes, model) -> float:
    return estimate_spread(graph, seed_nodes, model, n_trials=4000, rng=1).mean


def test_subsim_and_opim_c_on_a_cluster_pick_the_in_process_seeds():
    graph = generate_social_graph(n_users=2000, mean_degree=8, rng=11)
    model = ICModel(p_strong=0.2, p_weak=0.05)
    runs = [dict(eps=0.3, rng=9, eval_trials=300, sampler="subsim", stopping=rule) for rule in STOPPING_RULES]
    alone = [select_seed_nodes(graph, model, CampaignConstraints(k=8), **arguments) for arguments in runs]
    with cluster.connect("local:2") as client, cluster.use(client):
        spread = [select_seed_nodes(graph, model, CampaignConstraints(k=8), **options) for options in runs]
    for on_cluster, in_process in zip(spread, alone):
        assert on_cluster.seed_nodes.tolist() == in_process.seed_nodes.tolist()
        assert on_cluster.marginal_gains.tobytes() == in_process.marginal_gains.tobytes()
        assert on_cluster.spread == in_process.spread
        for key in ("sampler", "stopping", "rr_sets_selection", "rr_set_entries"):
            assert on_cluster.params[key] == in_process.params[key], key
