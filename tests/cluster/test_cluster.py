"""The engines on a real Dask LocalCluster of two worker processes give the in-process results exactly."""

from __future__ import annotations

import dataclasses
import json
import os
import signal

import numpy as np
import pytest
from typer.testing import CliRunner

from graphkit import cluster
from graphkit.cli.app import app
from graphkit.cluster import blocks, montecarlo, rr_sets
from graphkit.diffusion._rr import IC, RRSampler
from graphkit.diffusion.constraints import CampaignConstraints
from graphkit.diffusion.coverage import LocalRRSets
from graphkit.diffusion.models import ICModel, LTModel
from graphkit.diffusion.seeds import select_seed_nodes
from graphkit.diffusion.simulate import estimate_spread
from graphkit.errors import InvalidInputError
from graphkit.fit import slots
from graphkit.fit.simulate import simulate_ic_cascades
from graphkit.fit.tie_model import TieModelFit, fit_tie_model
from graphkit.generate import generate_social_graph
from graphkit.store import open_store

GRAPH = generate_social_graph(n_users=2000, mean_degree=8, rng=11)
MODELS = [ICModel(p_strong=0.2, p_weak=0.05), LTModel()]
_CLUSTER_ONLY = ("rr_sets_per_worker", "rr_bytes_per_worker", "greedy_rounds", "greedy_bytes_received")


@pytest.fixture(scope="module")
def client():
    with cluster.connect("local:2") as dask_client, cluster.use(None):  # tests say where each run goes
        yield dask_client


def _constraints(kind: str) -> CampaignConstraints:
    n = GRAPH.n_nodes
    if kind == "k":
        return CampaignConstraints(k=8)
    return CampaignConstraints(
        budget=14.0,
        cost=1.0 + np.arange(n) % 4,
        target_weights=(np.arange(n) % 3 == 0).astype(float),
        communities=np.arange(n) % 5,
        max_per_community=np.array([2, 1, 3, 2, 2]),
        required=[17],
        excluded=[0, 1, 2],
    )


def assert_same_seed_set(spread, alone):
    """Every field equal (arrays bit for bit); the cluster's params add only its report (per worker, rounds)."""
    for name in ("seed_nodes", "marginal_gains", "cumulative", "costs", "required"):
        assert getattr(spread, name).tobytes() == getattr(alone, name).tobytes(), name
    assert (spread.method, spread.objective, spread.spread) == (alone.method, alone.objective, alone.spread)
    assert {key: value for key, value in spread.params.items() if not key.endswith(_CLUSTER_ONLY)} == alone.params


@pytest.mark.parametrize("model", MODELS, ids=["ic", "lt"])
@pytest.mark.parametrize("objective", ["awareness", "adoption"])
def test_monte_carlo_on_the_cluster_equals_in_process(client, model, objective):
    arguments = dict(
        objective=objective, n_trials=1500, rng=5, target_weights=np.arange(GRAPH.n_nodes) % 2,
        communities=GRAPH.users["circle"].to_numpy(),
    )
    alone = estimate_spread(GRAPH, [3, 40, 99], model, **arguments)
    with cluster.use(client):
        spread = estimate_spread(GRAPH, [3, 40, 99], model, **arguments)
    assert spread == alone  # mean, standard error, per-user probabilities, per-step counts, reach by group
    assert spread.activation_probability.tobytes() == alone.activation_probability.tobytes()


@pytest.mark.parametrize("model", MODELS, ids=["ic", "lt"])
@pytest.mark.parametrize("limits", ["k", "budget-quotas-target"])
def test_imm_on_the_cluster_picks_the_in_process_seeds(client, model, limits):
    constraints = _constraints(limits)
    alone = select_seed_nodes(GRAPH, model, constraints, eps=0.3, rng=9, eval_trials=500)
    with cluster.use(client):
        spread = select_seed_nodes(GRAPH, model, constraints, eps=0.3, rng=9, eval_trials=500)
    assert_same_seed_set(spread, alone)
    per_worker = spread.params["rr_sets_per_worker"]
    assert len(per_worker) == 2 and sum(per_worker.values()) == spread.params["rr_sets_selection"]
    assert all(size > 0 for size in spread.params["rr_bytes_per_worker"].values())


def test_adoption_seeds_on_the_cluster_equal_in_process(client):
    arguments = dict(objective="adoption", eps=0.4, n_trials=200, eval_trials=300, rng=4)
    alone = select_seed_nodes(GRAPH, MODELS[0], CampaignConstraints(k=4), **arguments)
    with cluster.use(client):
        spread = select_seed_nodes(GRAPH, MODELS[0], CampaignConstraints(k=4), **arguments)
    assert_same_seed_set(spread, alone)


def test_rr_sets_on_the_workers_cover_as_the_sets_in_process(client):
    in_indptr, in_indices, in_arc = GRAPH.reverse()
    sampler = RRSampler(IC, in_indptr, in_indices, MODELS[0].arc_probabilities(GRAPH)[in_arc])
    local = LocalRRSets(sampler, GRAPH.n_nodes)
    remote = rr_sets.ClusterRRSets(client, sampler)
    for sets in (local, remote):
        rng = np.random.default_rng(2)
        sets.add(3000, rng)
        sets.add(1001, rng)
    (local_counts, local_cover), (remote_counts, remote_cover) = local.coverage(), remote.coverage()
    assert np.array_equal(local_counts, remote_counts)
    for v in np.argsort(-local_counts, kind="stable")[:6]:
        assert local_cover(int(v)) == remote_cover(int(v))
        assert np.array_equal(local_counts, remote_counts)
    assert remote.report()["rr_set_entries"] == local.report()["rr_set_entries"]
    remote.clear()
    assert remote.n_sets == 0 and not remote.chunks


def test_a_worker_killed_mid_run_changes_nothing(monkeypatch):
    """Kill a worker process after the third pick of IMM's first greedy run: its chunk of sets and
    covered sets are made again (from lineage or from their seeds) and the earlier picks replayed."""
    constraints = _constraints("budget-quotas-target")
    alone = select_seed_nodes(GRAPH, MODELS[0], constraints, eps=0.3, rng=9, eval_trials=500)
    killed = []
    coverage = rr_sets.ClusterRRSets.coverage

    def coverage_that_kills(self):
        counts, cover = coverage(self)
        picks = []

        def cover_then_kill(v):
            picks.append(v)
            if len(picks) == 3 and not killed:
                victim = self.homes[0]
                os.kill(self.client.run(os.getpid, workers=[victim])[victim], signal.SIGKILL)
                killed.append(victim)
            return cover(v)

        return counts, cover_then_kill

    monkeypatch.setattr(rr_sets.ClusterRRSets, "coverage", coverage_that_kills)
    with cluster.connect("local:2") as client:
        spread = select_seed_nodes(GRAPH, MODELS[0], constraints, eps=0.3, rng=9, eval_trials=500)
        assert killed and killed[0] not in client.nthreads()  # the process died; its nanny started a new one
    assert_same_seed_set(spread, alone)


def test_a_bad_address_is_an_input_error():
    with pytest.raises(InvalidInputError, match="tcp://HOST:PORT"):
        with cluster.connect("my-laptop"):
            pass


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    location = str(tmp_path_factory.mktemp("cluster") / "store")
    opened = open_store(location)
    opened.write_graph(GRAPH)
    opened.close()
    return location


@pytest.fixture
def cluster_runs(monkeypatch):
    """How many times Monte Carlo ran on a cluster (a spy on ``montecarlo.run_trials``)."""
    calls = []
    run_trials = montecarlo.run_trials
    monkeypatch.setattr(montecarlo, "run_trials", lambda *args: calls.append(1) or run_trials(*args))
    return calls


def test_seeds_command_on_a_local_cluster_prints_the_same_seeds(store, cluster_runs):
    runner = CliRunner()
    arguments = ["seeds", "--store", store, "--k", "5", "--eps", "0.3", "--json"]
    alone = runner.invoke(app, arguments)
    assert alone.exit_code == 0, alone.output
    assert not cluster_runs
    spread = runner.invoke(app, [*arguments, "--cluster", "local:2"])
    assert spread.exit_code == 0, spread.output
    assert cluster_runs  # the evaluation's Monte Carlo ran on the workers
    first, second = json.loads(alone.stdout), json.loads(spread.stdout)
    assert first["seeds"] == second["seeds"]
    assert len(second["params"]["rr_sets_per_worker"]) == 2 and "rr_sets_per_worker" not in first["params"]


def test_simulate_command_reads_the_cluster_from_the_environment(store, monkeypatch, cluster_runs):
    runner = CliRunner()
    arguments = ["simulate", "--store", store, "--seeds", ",".join(GRAPH.node_ids[:3]), "--trials", "400", "--json"]
    alone = runner.invoke(app, arguments)
    assert not cluster_runs
    monkeypatch.setenv("GRAPHKIT_CLUSTER", "local:2")
    spread = runner.invoke(app, arguments)
    assert alone.exit_code == 0 and spread.exit_code == 0, spread.output
    assert cluster_runs
    assert json.loads(alone.stdout) == json.loads(spread.stdout)


@pytest.mark.parametrize("address", ["my-laptop", "foo://x:1", "tcp://localhost:port", "local:0"])
def test_a_bad_cluster_address_is_one_error_line_and_exit_1(store, address):
    result = CliRunner().invoke(app, ["seeds", "--store", store, "--k", "3", "--cluster", address])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: --cluster must be tcp://HOST:PORT")


def test_an_unreachable_scheduler_is_one_error_line_and_exit_3(store):
    result = CliRunner().invoke(app, ["seeds", "--store", store, "--k", "3", "--cluster", "tcp://127.0.0.1:9"])
    assert result.exit_code == 3
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")


@pytest.fixture(scope="module")
def cascade_data():
    graph = generate_social_graph(n_users=400, rng=1)
    return graph, simulate_ic_cascades(graph, ICModel(p_strong=0.15, p_weak=0.03), range(400), timing="delays", rng=2)


def test_fitting_with_the_e_step_on_the_cluster_equals_in_process(client, cascade_data, monkeypatch):
    """Per-tie and feature-model fits (their EM's E-steps on the workers, in blocks of 64 events)."""
    monkeypatch.setattr(slots, "BLOCK_EVENTS", 64)
    mapped = []
    map_blocks = blocks.map_blocks
    monkeypatch.setattr(blocks, "map_blocks", lambda *args: mapped.append(map_blocks(*args)) or mapped[-1])
    graph, cascades = cascade_data
    alone = fit_tie_model(graph, cascades, rng=4)
    with cluster.use(client):
        spread = fit_tie_model(graph, cascades, rng=4)
    assert len(mapped) > 10 and min(len(parts) for parts in mapped) > 3  # E-steps, each over blocks on workers
    for field in dataclasses.fields(TieModelFit):
        assert np.array_equal(getattr(spread, field.name), getattr(alone, field.name)), field.name


def test_a_worker_killed_during_a_fit_changes_nothing(cascade_data, monkeypatch):
    """The event blocks are sent data: the ones a killed worker held are sent again, the step repeated."""
    monkeypatch.setattr(slots, "BLOCK_EVENTS", 64)
    graph, cascades = cascade_data
    alone = fit_tie_model(graph, cascades, rng=4)
    steps = []
    map_blocks = blocks.map_blocks

    def map_blocks_then_kill(client, *args):
        steps.append(len(steps))
        if len(steps) == 5:  # the E-steps so far ran on both workers
            victim = sorted(client.nthreads())[0]
            os.kill(client.run(os.getpid, workers=[victim])[victim], signal.SIGKILL)
        return map_blocks(client, *args)

    monkeypatch.setattr(blocks, "map_blocks", map_blocks_then_kill)
    with cluster.connect("local:2"):
        spread = fit_tie_model(graph, cascades, rng=4)
    assert len(steps) > 5
    for field in dataclasses.fields(TieModelFit):
        assert np.array_equal(getattr(spread, field.name), getattr(alone, field.name)), field.name
