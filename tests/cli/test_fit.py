"""``graphkit fit`` end to end on an embedded store: fit, score, model file; bad cascade files refused."""

from __future__ import annotations

import json
import os

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from graphkit.cli.app import app
from graphkit.diffusion.models import ICModel
from graphkit.fit import read_model_file, simulate_ic_cascades, slots
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph
from graphkit.store import open_store

TRUTH = ICModel(p_strong=0.3, p_weak=0.05)


def one_way_graph():
    undirected = generate_social_graph(n_users=400, rng=3)
    return SocialGraph.from_tables(undirected.ties_frame()[["source", "target", "tie"]], undirected.users, directed=True)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A store holding a directed graph, and a CSV of cascades simulated on it in IC steps."""
    folder = tmp_path_factory.mktemp("fit")
    graph = one_way_graph()
    store = open_store(str(folder / "store"))
    store.write_graph(graph)
    store.close()
    cascades = simulate_ic_cascades(graph, TRUTH, list(range(graph.n_nodes)) * 2, rng=4)
    cascade = pd.Series(range(cascades.n_cascades)).repeat(cascades.sizes()).to_numpy()
    table = pd.DataFrame({"cascade": [f"c{c}" for c in cascade], "user": graph.node_ids[cascades.node],
                          "time": cascades.time})
    table.to_csv(folder / "cascades.csv", index=False)
    return folder, graph


def run(*args):
    return CliRunner().invoke(app, ["fit", *args])


def test_fit_recovers_the_truth_scores_it_and_writes_a_model_file(world, tmp_path):
    folder, graph = world
    model_file = tmp_path / "fit.json"
    result = run("--cascades", str(folder / "cascades.csv"), "--store", str(folder / "store"), "--out", str(model_file),
                 "--window", "1", "--boot", "50", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    low, high = document["intervals"]["p_strong"]
    assert low < TRUTH.p_strong < high
    low, high = document["intervals"]["p_weak"]
    assert low < TRUTH.p_weak < high
    scores = {row["model"]: row for row in document["evaluation"]["scores"]}
    assert scores["tie kinds"]["loglik_per_exposure"] > scores["uniform"]["loglik_per_exposure"]
    assert scores["tie kinds"]["loglik_per_exposure"] > scores["weighted cascade"]["loglik_per_exposure"]
    assert scores["features"]["auc"] > scores["uniform"]["auc"]
    assert document["data"]["flow"]["along"] > document["data"]["flow"]["against"]
    fitted = read_model_file(model_file)
    assert fitted.model.p_strong == document["model"]["p_strong"]
    again = run("--cascades", str(folder / "cascades.csv"), "--store", str(folder / "store"), "--out",
                str(tmp_path / "again.json"), "--window", "1", "--boot", "50", "--json")
    assert json.loads(again.stdout)["model"] == document["model"]  # the same rng seed, the same fit


def test_text_output_names_the_model_file_and_how_to_use_it(world, tmp_path):
    folder, _ = world
    result = run("--cascades", str(folder / "cascades.csv"), "--store", str(folder / "store"), "--out",
                 str(tmp_path / "fit.json"), "--boot", "20", "--no-tie-model")
    assert result.exit_code == 0, result.output
    assert "p_strong" in result.stdout and "Influence rankings" in result.stdout
    assert "features" not in result.stdout
    assert '[model] fitted = "' in result.stdout


def test_write_stores_each_ties_p_and_each_users_influence(world, tmp_path, store_args):
    """--choose-rule --write on both stores: every tie gets the refitted tie-by-tie p and pSource,
    every user its influence, and simulate --probability explicit runs on them."""
    folder, graph = world
    store = open_store(store_args[1], password=os.environ.get("GRAPHKIT_NEO4J_PASSWORD"))
    store.write_graph(graph)
    store.close()
    model_file = tmp_path / "fit.json"
    result = run("--cascades", str(folder / "cascades.csv"), *store_args, "--out", str(model_file), "--window", "1",
                 "--boot", "20", "--choose-rule", "--write")
    assert result.exit_code == 0, result.output
    assert "Tie labelling rules" in result.stdout
    assert "each tie's fitted p (tie by tie) with pSource and its label, and each user's influence" in result.stdout
    assert "Most influential users" in result.stdout
    store = open_store(store_args[1], password=os.environ.get("GRAPHKIT_NEO4J_PASSWORD"))
    try:
        stored = store.read_graph()
    finally:
        store.close()
    ties = stored.ties_frame()
    assert len(ties) == graph.n_ties and ties["p"].between(1e-6, 1 - 1e-6).all()
    assert (ties["p_source"] == f"graphkit fit tie by tie: {model_file}").all()
    assert ties["p"].nunique() > 100  # tie by tie, not two values by kind
    users = stored.users.set_index("id")
    assert (users["influence_cascades"] > 0).sum() > 100
    assert users["influence_predicted"].gt(0).any() and users["influence_combined"].notna().all()
    never = users["influence_cascades"] == 0
    assert users.loc[never, "influence_observed"].isna().all()
    # no history: the prediction, rescaled by one factor (so that predicted and observed totals agree)
    unseen = users[never]
    ratio = unseen["influence_combined"] / unseen["influence_predicted"]
    assert np.allclose(ratio[unseen["influence_predicted"] > 0], ratio[unseen["influence_predicted"] > 0].max())
    assert (unseen.loc[unseen["influence_predicted"] == 0, "influence_combined"] == 0).all()
    simulated = CliRunner().invoke(app, ["simulate", *store_args, "--probability", "explicit", "--seeds",
                                         str(graph.node_ids[0]), "--trials", "200"])
    assert simulated.exit_code == 0, simulated.output


BAD_FILES = {
    "odd tokens": ("bad.txt", "u1 u2 5 u3\n", "line 1"),
    "non-numeric time": ("bad.txt", "u1 u2 soon\n", "field 'time'"),
    "infinite time": ("bad.txt", "u1 u2 inf\n", "field 'time'"),
    "NaN time": ("bad.txt", "u1 u2 NaN\n", "field 'time'"),
    "root alone": ("bad.txt", "u1\n", "field 'root'"),
    "pair without comma": ("bad.txt", "u1,1 u2\n", "line 1"),
    "empty file": ("bad.txt", "", "empty"),
    "table without time": ("bad.csv", "cascade,user\nc1,u1\n", "time"),
    "table empty user": ("bad.csv", "cascade,user,time\nc1,,1\n", "field 'user'"),
    "parent later in time": ("bad.csv", "cascade,user,time,parent\nc1,u1,1,u2\nc1,u2,2,\n", "field 'parent'"),
    "NUL in an id": ("bad.txt", "u1 u\x002 1\n", "field 'user'"),
    "not UTF-8": ("bad.txt", b"u1 \xff 1\n", "UTF-8"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_cascade_files_give_one_error_line_and_write_nothing(world, tmp_path, case):
    folder, _ = world
    name, content, expected = BAD_FILES[case]
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    model_file = tmp_path / "fit.json"
    result = run("--cascades", str(path), "--store", str(folder / "store"), "--out", str(model_file))
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and str(path) in errors[0] and expected in result.output, result.output
    assert not model_file.exists() and not list(tmp_path.glob("*.tmp"))


def test_unknown_adopters_can_stop_the_fit(world, tmp_path):
    folder, _ = world
    path = tmp_path / "strangers.csv"
    path.write_text("cascade,user,time\nc1,nobody,1\n")
    result = run("--cascades", str(path), "--store", str(folder / "store"), "--unknown-users", "error",
                 "--out", str(tmp_path / "fit.json"))
    assert result.exit_code == 1 and "nobody" in result.output and "field 'user'" in result.output


def test_write_refuses_when_the_stores_ties_changed_during_the_fit(world):
    """fit --write puts the fit on the graph as read just before writing, and refuses if its ties changed."""
    from graphkit.cli.fit import _onto
    from graphkit.errors import InvalidInputError

    _, graph = world
    fitted = SocialGraph(users=graph.users, ties=graph.ties.assign(p=0.5, p_source="fit"), directed=True)
    renamed = graph.users.assign(segment="new")  # a change to users meanwhile is kept, not overwritten
    current = SocialGraph(users=renamed, ties=graph.ties.iloc[::-1], directed=True)
    merged = _onto(current, fitted)
    assert (merged.ties["p"] == 0.5).all() and (merged.users["segment"] == "new").all()
    grown = SocialGraph.from_tables(pd.concat([graph.ties_frame(), pd.DataFrame(
        {"source": [graph.node_ids[0]], "target": ["newcomer"], "tie": ["weak"], "weight": [1.0]})]), graph.users,
        directed=True)
    with pytest.raises(InvalidInputError, match="the store's ties changed while graphkit fit ran"):
        _onto(grown, fitted)


def test_fit_on_a_local_cluster_writes_the_same_fit(world, tmp_path, monkeypatch):
    """``--cluster local:2``: the EM's E-steps run on two Dask worker processes, the fit is the same."""
    from graphkit.cluster import blocks

    monkeypatch.setattr(slots, "BLOCK_EVENTS", 256)  # several blocks of events, spread over both workers
    steps = []
    map_blocks = blocks.map_blocks
    monkeypatch.setattr(blocks, "map_blocks", lambda *args: steps.append(1) or map_blocks(*args))
    folder, _ = world
    documents = []
    for name, extra in (("alone", ()), ("cluster", ("--cluster", "local:2"))):
        result = run("--cascades", str(folder / "cascades.csv"), "--store", str(folder / "store"),
                     "--out", str(tmp_path / f"{name}.json"), "--boot", "20", "--json", *extra)
        assert result.exit_code == 0, result.output
        documents.append(json.loads((tmp_path / f"{name}.json").read_text()))
    for document in documents:
        document.pop("created_at", None)
    assert documents[0] == documents[1]
    assert len(steps) > 10  # the E-steps of the second fit ran on the workers
