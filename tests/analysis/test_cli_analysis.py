"""``graphkit communities`` and ``graphkit leaders`` through typer's CliRunner."""

from __future__ import annotations

import json
from contextlib import contextmanager

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from graphkit.cli import analysis as analysis_cli
from graphkit.cli._store import StoreOptions
from graphkit.cli.app import _GraphkitGroup
from graphkit.errors import StoreUnavailableError
from graphkit.graph import SocialGraph
from tests.conftest import karate_graph, two_cliques_graph


class MemoryStore:
    """The part of the GraphStore protocol the commands use, in memory."""

    def __init__(self, graph):
        self.location = "memory://test"
        self.graph = graph
        self.user_properties = None
        self.communities = None

    def read_graph(self):
        return self.graph

    def write_user_properties(self, table):
        self.user_properties = table.copy()

    def write_communities(self, communities, members, leaders):
        self.communities = (communities.copy(), members.copy(), leaders.copy())


@pytest.fixture
def app():
    application = typer.Typer(cls=_GraphkitGroup, pretty_exceptions_show_locals=False)
    analysis_cli.register(application)
    return application


@pytest.fixture
def store(monkeypatch):
    holder = {"store": MemoryStore(two_cliques_graph()), "opened_with": None}

    @contextmanager
    def fake_open(options, _out, location=None):
        holder["opened_with"] = (options.location, options.user, options.password, options.database)
        yield holder["store"]

    monkeypatch.setattr(StoreOptions, "open", fake_open)
    return holder


runner = CliRunner()


def test_communities_prints_circles_and_writes_back(app, store):
    result = runner.invoke(app, ["communities", "--store", "somewhere", "--rng-seed", "3"])
    assert result.exit_code == 0, result.output
    assert "leiden found 2 circles" in result.stdout
    assert "n0, n1, n2, n3, n4" in result.stdout
    written = store["store"].user_properties
    assert written["community"].tolist() == [0] * 5 + [1] * 5
    assert written["role"].isna().all()  # leader columns cleared
    communities, _members, leaders = store["store"].communities
    assert communities["size"].tolist() == [5, 5] and leaders.empty
    assert store["opened_with"] == ("somewhere", "neo4j", None, "neo4j")


def test_communities_json_compare_and_export(app, store, tmp_path):
    store["store"].graph = karate_graph()
    out = tmp_path / "circles.parquet"
    result = runner.invoke(
        app,
        [
            "communities",
            "--method",
            "louvain",
            "--resolution",
            "0.5",
            "--compare-with",
            "club",
            "--json",
            "--no-write",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["method"] == "louvain" and document["written"] is False
    assert document["comparison"]["attribute"] == "club" and 0 < document["comparison"]["ari"] <= 1
    assert document["params"]["resolution"] == 0.5 and document["params"]["rng_seed"] == 0
    assert store["store"].user_properties is None
    exported = pd.read_parquet(out)
    assert exported.columns.tolist() == ["id", "community"] and len(exported) == 34


def test_same_seed_same_json(app, store):
    first = runner.invoke(app, ["communities", "--method", "lpa", "--rng-seed", "5", "--json", "--no-write"])
    second = runner.invoke(app, ["communities", "--method", "lpa", "--rng-seed", "5", "--json", "--no-write"])
    assert first.exit_code == 0 and first.stdout == second.stdout


def test_leaders_tables_json_and_csv(app, store, tmp_path):
    result = runner.invoke(app, ["leaders", "--per-community", "2", "--top", "3", "--bridges", "2"])
    assert result.exit_code == 0, result.output
    assert "Top 3 leaders" in result.stdout and "Top 2 bridges" in result.stdout
    assert "roles: " in result.stdout
    _communities, _, leader_rows = store["store"].communities
    assert leader_rows["user"].tolist() == ["n4", "n0", "n5", "n6"]
    assert store["store"].user_properties.set_index("id").loc["n4", "role"] == "bridge"

    out = tmp_path / "leaders.csv"
    result = runner.invoke(
        app, ["leaders", "--json", "--no-write", "--betweenness-pivots", "100", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [row["id"] for row in document["bridges"]] == ["n4", "n5"]
    assert document["per_community"][0]["why"].startswith("bridge: pagerank")
    assert document["roles"] == {"peripheral": 8, "bridge": 2}
    exported = pd.read_csv(out)
    assert {"id", "leader_score", "betweenness", "role", "why"} <= set(exported.columns)


@pytest.mark.parametrize(
    "arguments, message",
    [
        (
            ["communities", "--out", "circles.xlsx"],
            "Error: --out must end in .csv, .json or .parquet, got 'circles.xlsx'",
        ),
        (
            ["communities", "--method", "lpa", "--resolution", "2"],
            "Error: resolution applies to leiden and louvain only, not to 'lpa'",
        ),
        (
            ["communities", "--compare-with", "club"],
            "Error: --compare-with must name a user attribute (none stored), got 'club'",
        ),
        (["leaders", "--weak-weight", "0"], "Error: weak_weight must be a finite number > 0, got 0.0"),
    ],
)
def test_input_errors_exit_1_with_one_line(app, store, arguments, message):
    result = runner.invoke(app, arguments)
    assert result.exit_code == 1
    assert result.stderr.strip() == message


def test_unreachable_store_exits_3(app, monkeypatch):
    @contextmanager
    def unreachable(*_args, **_kwargs):
        raise StoreUnavailableError("cannot reach neo4j://nowhere:7687")
        yield

    monkeypatch.setattr(StoreOptions, "open", unreachable)
    result = runner.invoke(app, ["leaders", "--store", "neo4j://nowhere:7687"])
    assert result.exit_code == 3
    assert result.stderr.strip() == "Error: cannot reach neo4j://nowhere:7687"


def test_usage_error_exits_2(app, store):
    result = runner.invoke(app, ["communities", "--method", "walktrap"])
    assert result.exit_code == 2


def _with_fitted_influence(graph):
    """``graph`` with the four influence columns ``graphkit fit --write`` stores (n7 most influential)."""
    n = graph.n_nodes
    observed = [float(i) if i % 2 else float("nan") for i in range(n)]
    users = graph.users.assign(
        influence_predicted=[0.1 * i for i in range(n)],
        influence_observed=observed,
        influence_combined=[5.0 if i == 7 else 0.2 * i for i in range(n)],
        influence_cascades=[i if i % 2 else 0 for i in range(n)],
    )
    return SocialGraph(users=users, ties=graph.ties, directed=graph.directed)


INFLUENCE = ["influence_predicted", "influence_observed", "influence_combined", "influence_cascades"]


def test_leaders_show_fitted_influence(app, store, tmp_path):
    store["store"].graph = _with_fitted_influence(two_cliques_graph())
    result = runner.invoke(app, ["leaders", "--top", "3", "--no-write"])
    assert result.exit_code == 0, result.output
    assert "combined" in result.stdout and "cascades" in result.stdout
    note = "influence from past cascades: predicted by the fitted model, observed, combined; 5 users joined"
    assert note in result.stdout

    out = tmp_path / "leaders.csv"
    result = runner.invoke(app, ["leaders", "--top", "3", "--json", "--no-write", "--out", str(out)])
    document = json.loads(result.stdout)
    assert document["influence"]["users_with_cascades"] == 5 and document["sort_by"] == "leader-score"
    for row in document["top"] + document["per_community"]:
        index = int(row["id"][1:])
        assert row["influence_predicted"] == pytest.approx(0.1 * index)
        assert row["influence_cascades"] == (index if index % 2 else 0)
        assert row["influence_observed"] == (float(index) if index % 2 else None)
    assert list(document["top"][0])[-5:] == [*INFLUENCE, "why"]
    exported = pd.read_csv(out).set_index("id")
    assert list(exported.columns[-4:]) == INFLUENCE
    assert exported.loc["n7", "influence_combined"] == 5.0 and exported.loc["n3", "influence_cascades"] == 3


def test_leaders_sorted_by_combined_influence(app, store):
    store["store"].graph = _with_fitted_influence(two_cliques_graph())
    result = runner.invoke(app, ["leaders", "--top", "3", "--json", "--no-write", "--sort-by", "combined"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [row["id"] for row in document["top"]] == ["n7", "n9", "n8"] and document["sort_by"] == "combined"
    text = runner.invoke(app, ["leaders", "--top", "3", "--no-write", "--sort-by", "combined"])
    assert "Top 3 leaders by combined influence" in text.stdout


def test_leaders_without_a_fit_are_unchanged(app, store):
    refused = runner.invoke(app, ["leaders", "--sort-by", "combined"])
    assert refused.exit_code == 1 and store["store"].user_properties is None  # refused before writing
    assert refused.stderr.strip() == (
        "Error: --sort-by combined needs each user's influence from past cascades: "
        "run `graphkit fit --cascades FILE --write` first"
    )
    result = runner.invoke(app, ["leaders", "--top", "3", "--json", "--no-write"])
    document = json.loads(result.stdout)
    assert document["influence"] is None
    assert not set(INFLUENCE) & set(document["top"][0]) and not set(INFLUENCE) & set(document["per_community"][0])
    result = runner.invoke(app, ["leaders", "--top", "3"])
    assert "influence" not in result.stdout and "cascades" not in result.stdout
