"""``graphkit plan`` end to end on the embedded store: every output, the report against the JSON, bad files."""

from __future__ import annotations

import json
import re
import shlex
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from graphkit.campaign.output import PLAN_FILES
from graphkit.campaign.report import IDS_SHOWN
from graphkit.cli.app import app
from graphkit.fit.influence import INFLUENCE_COLUMNS
from graphkit.store import open_store
from tests.campaign.conftest import SMALL_CAMPAIGN, merged, run_plan, store_with_influence, toml_text
from tests.campaign.test_config import EXAMPLE

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    """One run of the small campaign: (campaign file, output folder, store folder, result)."""
    return _plan_in(tmp_path_factory.mktemp("planned"), {"candidates": {"exclude": ["u001"]}})


@pytest.fixture(scope="module")
def planned_with_influence(tmp_path_factory):
    """The small campaign on the same network in a store whose users carry a cascade fit's influence."""
    folder = tmp_path_factory.mktemp("influence")
    store_with_influence(folder / "store")
    return _plan_in(folder, {"graph": {"generate": None}})


def _plan_in(folder: Path, changes: dict):
    """Plan SMALL_CAMPAIGN with ``changes`` into ``folder``: (campaign file, output folder, store folder, result)."""
    data = merged(SMALL_CAMPAIGN, {"graph": {"store": str(folder / "store")}, "output": {"folder": str(folder / "plan")}})
    path = folder / "campaign.toml"
    path.write_text(toml_text(merged(data, changes)), encoding="utf-8")
    result = run_plan(str(path))
    assert result.exit_code == 0, result.output + result.stderr
    return path, folder / "plan", folder / "store", result


def test_every_output_is_written(planned):
    _, out, _, result = planned
    assert sorted(p.name for p in out.iterdir()) == sorted(PLAN_FILES)
    assert result.stdout.strip().splitlines()[-1] == f"Report: {out / 'report.html'}"
    assert " fee " in next(line for line in result.stdout.splitlines() if " rank " in line)
    document = json.loads((out / "plan.json").read_text())
    assert document["kind"] == "graphkit campaign plan"
    shortlist = pd.read_csv(out / "shortlist.csv")
    assert shortlist["user"].tolist() == [row["user"] for row in document["shortlist"]]
    assert json.loads((out / "shortlist.json").read_text()) == document["shortlist"]
    assert pd.read_csv(out / "budget_curve.csv")["reach"].tolist() == [row["reach"] for row in document["budget_curve"]]
    assert pd.read_csv(out / "strategies.csv")["strategy"].tolist() == ["optimiser", "top-followers", "top-pagerank", "leader-per-circle"]
    assert len(pd.read_csv(out / "sensitivity.csv")) == 5
    assert len(pd.read_csv(out / "circles.csv")) == document["circles"]["count"]


def test_shortlist_constraints_hold_in_the_files(planned):
    path, out, _, _ = planned
    document = json.loads((out / "plan.json").read_text())
    rows = document["shortlist"]
    assert sum(row["cost"] for row in rows) <= 600.0
    assert "u001" not in {row["user"] for row in rows}
    per_circle = pd.Series([row["community"] for row in rows]).value_counts()
    assert per_circle.max() <= 2
    for strategy in document["strategies"]:
        assert strategy["spend"] <= 600.0 and "u001" not in strategy["users"].split(", ")


def test_the_campaign_is_in_the_store(planned):
    _, out, store_folder, _ = planned
    document = json.loads((out / "plan.json").read_text())
    store = open_store(store_folder)
    campaigns = store.read_table("campaigns")
    row = campaigns[campaigns["name"] == "test-launch"].iloc[0]
    assert row["expected_reach"] == document["summary"]["reach"]
    assert json.loads(row["params"])["rng_streams"] == document["params"]["rng_streams"]
    seeds = store.read_table("campaign_seeds").sort_values("rank")
    assert seeds["user"].tolist() == [r["user"] for r in document["shortlist"]]
    assert seeds["marginal_gain"].sum() == pytest.approx(document["summary"]["reach"])
    reaches = store.read_table("campaign_reaches")
    assert (reaches["probability"] >= 0.05).all() and len(reaches) > 0
    assert len(store.read_table("communities")) == document["circles"]["count"]
    assert store.counts().users == 400


def test_rerun_gives_the_same_plan_and_replaces_it(planned):
    path, out, store_folder, _ = planned
    first = json.loads((out / "plan.json").read_text())
    again = run_plan(str(path), "--quiet")
    assert again.exit_code == 0, again.stderr
    second = json.loads((out / "plan.json").read_text())
    assert (first["graph"].pop("origin"), second["graph"].pop("origin")) == ("generated into the store", "store")
    assert "leader_score" in second["graph"]["user_attributes"]  # the first run wrote its analysis back
    for document in (first, second):
        document["graph"].pop("user_attributes")
        document.pop("created_at")
        document["params"].pop("created_at")
    assert first == second
    assert open_store(store_folder).read_table("campaigns")["name"].tolist() == ["test-launch"]
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".plan")]


class _Figures(HTMLParser):
    """Every element with data-key: (key, data-value, its text)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[list] = []
        self._open: list[list] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-key" in attrs:
            cell = [attrs["data-key"], attrs["data-value"], ""]
            self.cells.append(cell)
            self._open.append(cell)
        elif self._open:
            self._open.append(None)

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        for cell in self._open:
            if cell is not None:
                cell[2] += data


def _lookup(document, key: str):
    value = document
    for part in key.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def _shown_number(text: str) -> tuple[float, float]:
    """The number a cell shows and half a unit of its last digit (its rounding)."""
    text = text.strip().replace(",", "")
    scale = 1.0
    if text.endswith("%"):
        text, scale = text[:-1], 0.01
    decimals = len(text.split(".")[1]) if "." in text else 0
    return float(text) * scale, 0.5 * 10 ** -decimals * scale


@pytest.mark.parametrize("which", ["planned", "planned_with_influence"])
def test_report_numbers_equal_the_json(which, request):
    _, out, _, _ = request.getfixturevalue(which)
    document = json.loads((out / "plan.json").read_text())
    parser = _Figures()
    parser.feed((out / "report.html").read_text())
    keys = [cell[0] for cell in parser.cells]
    for row in range(len(document["shortlist"])):
        assert f"shortlist.{row}.cumulative_reach" in keys and f"shortlist.{row}.marginal_reach" in keys
    assert {f"strategies.{i}.reach" for i in range(4)} <= set(keys)
    assert {f"sensitivity.rows.{i}.replanned_reach" for i in range(5)} <= set(keys)
    assert {"budgets.0.reach", "budgets.1.spend"} <= set(keys)
    assert "summary.reach" in keys and "summary.ci_low" in keys
    influence = {f"shortlist.{row}.{column}" for row in range(len(document["shortlist"])) for column in INFLUENCE_COLUMNS}
    assert influence <= set(keys) if which == "planned_with_influence" else not influence & set(keys)
    for key, value, text in parser.cells:
        expected = _lookup(document, key)
        assert json.loads(value) == expected, key
        if expected is None or text.strip() == "–":
            assert expected is None, key
            continue
        if key.endswith("reach_per_cost"):
            expected *= 1000  # shown per 1,000 spent
        shown, half_unit = _shown_number(text)
        assert abs(shown - expected) <= half_unit + 1e-9, (key, text, expected)
    for row in document["shortlist"]:
        _check_reason_numbers(row)


_REASON_NUMBER = re.compile(r"(?<![\w.])(circle )?(\d[\d,]*(?:\.\d+)?)(%?)")
_CIRCLE_KEYS = ("community", "top_circle")


def _check_reason_numbers(row: dict) -> None:
    """Every number of the row's reason is a figure of the row, rounded as the sentence shows it (issue 16,
    item 9): a circle is the KOL's circle or ``top_circle``, a percentage a share, a count a reach figure."""
    numbers = {key: value for key, value in row.items()
               if isinstance(value, (int, float)) and not isinstance(value, bool)}
    found = _REASON_NUMBER.findall(row["reason"])
    assert found or "little" in row["reason"] or "no followers" in row["reason"], row["reason"]
    for circle, text, percent in found:
        shown, half_unit = _shown_number(text + percent)
        if circle:
            candidates = {key: numbers.get(key) for key in _CIRCLE_KEYS}
        elif percent:
            candidates = {key: numbers[key] for key in ("target_share", "overlap") if key in numbers}
        else:
            candidates = {key: value for key, value in numbers.items() if key not in ("rank", *_CIRCLE_KEYS)}
        matches = [key for key, value in candidates.items() if value is not None and abs(shown - value) <= half_unit + 1e-9]
        assert matches, (row["user"], row["reason"], text + percent, candidates)
    part = re.search(r"(\d[\d,]*) [a-z ]+?, the largest part \((\d[\d,]*)\)", row["reason"])
    assert part is None or int(part[2].replace(",", "")) < int(part[1].replace(",", "")), row["reason"]


def test_the_shortlist_carries_the_users_influence(planned, planned_with_influence):
    _, out, store_folder, _ = planned_with_influence
    users = open_store(store_folder).read_graph().users.set_index("id")
    document = json.loads((out / "plan.json").read_text())
    csv = pd.read_csv(out / "shortlist.csv").set_index("user")
    seeds = open_store(store_folder).read_table("campaign_seeds").set_index("user")
    assert list(csv.columns[-5:]) == [*INFLUENCE_COLUMNS, "reason"]
    for row in document["shortlist"]:
        stored = users.loc[row["user"]]
        assert row["influence_cascades"] == stored["influence_cascades"] == seeds.loc[row["user"], "influence_cascades"]
        assert row["influence_combined"] == pytest.approx(stored["influence_combined"])
        assert row["influence_combined"] == pytest.approx(csv.loc[row["user"], "influence_combined"])
        assert row["influence_predicted"] == pytest.approx(seeds.loc[row["user"], "influence_predicted"])
        assert (row["influence_observed"] is None) == (row["influence_cascades"] == 0)
    assert "predicted / observed / combined<br>influence (cascades)" in (out / "report.html").read_text()

    _, out, store_folder, _ = planned
    document = json.loads((out / "plan.json").read_text())
    assert all(row[column] is None for row in document["shortlist"] for column in INFLUENCE_COLUMNS)
    assert not set(INFLUENCE_COLUMNS) & set(open_store(store_folder).read_table("campaign_seeds").columns)
    assert "influence" not in (out / "report.html").read_text()


def test_report_is_self_contained(planned):
    _, out, _, _ = planned
    html = (out / "report.html").read_text()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<script" not in html
    assert html.count("<svg") == 4


def test_report_cuts_long_id_lists(planned):
    """A table cell lists a few user ids and 'and N more'; the full list is in the cell's title and the CSV."""
    _, out, _, _ = planned
    html = (out / "report.html").read_text()
    strategies = pd.read_csv(out / "strategies.csv")
    long = [users for users in strategies["users"] if len(users.split(", ")) > IDS_SHOWN + 1]
    assert long, "the small campaign picks too few KOLs to show the cut"
    for users in long:
        ids = users.split(", ")
        shown = ", ".join(ids[:IDS_SHOWN]) + f" and {len(ids) - IDS_SHOWN} more"
        assert f'<span class="ids" title="{users}">{shown}</span>' in html
        assert f">{users}<" not in html


def test_json_output(planned, tmp_path):
    path, _, _, _ = planned
    result = run_plan(str(path), "--json", "--out", str(tmp_path / "json-plan"), "--no-write")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["report"] == str(tmp_path / "json-plan" / "report.html")
    assert document["written_to_store"] is None
    assert document["summary"]["kols"] == len(document["shortlist"])


BAD_CAMPAIGNS = {
    "missing key": ({"name": None}, "key 'name': is required"),
    "unknown model": ({"model": {"kind": "sir"}}, "key 'model.kind': must be 'ic' or 'lt', got 'sir'"),
    "negative budget": ({"budget": {"total": -100.0}}, "key 'budget.total': must be greater than 0, got -100.0"),
    "unknown segment attribute": (
        {"target": {"where": {"segmnt": "students"}}},
        "key 'target.where.segmnt': users have no attribute 'segmnt'; attributes: circle, segment, region, cost",
    ),
    "cost column missing from the data": (
        {"budget": {"cost_column": "fee"}},
        "key 'budget.cost_column': users have no attribute 'fee'; attributes: circle, segment, region, cost",
    ),
    "cost column key missing": (
        {"budget": {"cost_column": None}},
        "key 'budget.cost_column': is required with budget.total: the users' column holding each user's fee",
    ),
    "unknown user": ({"candidates": {"require": ["nobody"]}}, "key 'candidates.require': unknown user id 'nobody'"),
    "tiny eps": ({"selection": {"eps": 1e-300}}, "key 'selection.eps': must be greater than or equal to 0.01"),
    "infinite degree": ({"graph": {"generate": {"mean_degree": float("inf")}}},
                        "key 'graph.generate.mean_degree': must be a finite number, got inf"),
    "nobody to pick": ({"candidates": {"min_followers": 100000}}, "key 'candidates': leave no user to pick"),
    "nobody affordable": ({"budget": {"total": 1e-3}}, "key 'budget.total': is 0.001; the cheapest candidate costs"),
    "shrinking budget": ({"sensitivity": {"budget_factors": [0.5]}},
                         "key 'sensitivity.budget_factors[0]': must be greater than 1, got 0.5"),
}


@pytest.mark.parametrize("case", sorted(BAD_CAMPAIGNS))
def test_bad_campaign_file_gives_one_error_line_and_writes_nothing(case, write_campaign, tmp_path):
    changes, message = BAD_CAMPAIGNS[case]
    path = write_campaign(changes)
    result = run_plan(str(path))
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Error: {path}, {message}"), lines[0]
    assert not (tmp_path / "plan").exists()
    assert not (tmp_path / "store").exists()


def test_a_folder_of_other_files_is_refused(write_campaign, tmp_path):
    (tmp_path / "plan").mkdir()
    (tmp_path / "plan" / "notes.txt").write_text("mine")
    result = run_plan(str(write_campaign()))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path / 'plan'}: holds files that `graphkit plan` did not write")
    assert not (tmp_path / "store").exists()


def test_generate_refuses_a_store_holding_another_graph(write_campaign, tmp_path):
    first = run_plan(str(write_campaign()), "--quiet")
    assert first.exit_code == 0, first.stderr
    other = write_campaign({"graph": {"generate": {"rng": 4}}}, name="other.toml")
    result = run_plan(str(other))
    assert result.exit_code == 1
    assert "key 'graph.generate': the store at" in result.stderr and "holds another graph" in result.stderr


def test_the_working_directory_is_not_an_output_folder(write_campaign, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_plan(str(write_campaign()), "--out", ".")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: .: is the working directory or holds it; the plan needs a folder of its own"


def test_unusual_but_valid_campaigns(write_campaign, tmp_path):
    """A 64-bit rng, a number as segment value, a non-ASCII name, and KOLs counted without fees."""
    path = write_campaign({"name": "春季-launch", "rng": 2**40, "target": {"where": {"circle": 3}},
                           "budget": {"total": None, "cost_column": None, "max_kols": 3},
                           "sensitivity": {"change": 0}})
    result = run_plan(str(path), "--quiet")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    document = json.loads((tmp_path / "plan" / "plan.json").read_text())
    assert document["campaign"]["name"] == "春季-launch" and document["summary"]["kols"] == 3
    assert result.stdout.splitlines()[-2].startswith("3 KOLs: expected ")
    header = next(line for line in result.stdout.splitlines() if " rank " in line)
    assert " fee " not in header and " adds " in header  # no fees: no 'fee 1' column (issue 16, item 11)
    html = (tmp_path / "plan" / "report.html").read_text()
    assert "circle = 3" in html and "<th class=\"num\">fee</th>" not in html and "spent" not in html
    assert document["budgets"][0]["scenario"] == "KOLs ×1.5"


def test_missing_campaign_file():
    result = run_plan("no-such-campaign.toml")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: no-such-campaign.toml: no such campaign file"


@pytest.mark.slow
def test_the_readme_main_job(tmp_path, monkeypatch):
    """The README's first command: `graphkit plan` on the example campaign, in a fresh folder."""
    monkeypatch.chdir(tmp_path)
    result = run_plan(str(EXAMPLE))
    assert result.exit_code == 0, result.output + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "Report: spring-launch-plan/report.html"
    document = json.loads(Path("spring-launch-plan/plan.json").read_text())
    summary = document["summary"]
    assert summary["spend"] <= 2500 and summary["lift"] > 1.0
    assert Path("graphkit-demo").is_dir()
    # the README's next section starts with `graphkit demo --store ...`: it must work after the main job
    using_it = README.read_text().split("## Using it", 1)[1].split("```bash", 1)[1]
    first = shlex.split(using_it.splitlines()[1].split("#")[0])
    assert first[:2] == ["graphkit", "demo"], first
    demo = CliRunner().invoke(app, [*first[1:], "--users", "300"])
    assert demo.exit_code == 0, demo.output


def test_a_plan_on_a_local_cluster_equals_the_plan_in_process(planned, tmp_path, monkeypatch):
    """``[compute] cluster = "local:2"``: the simulations run on two Dask worker processes, same plan."""
    from graphkit.cluster import montecarlo

    _, out, _, _ = planned
    runs = []
    run_trials = montecarlo.run_trials
    monkeypatch.setattr(montecarlo, "run_trials", lambda *args: runs.append(1) or run_trials(*args))
    _, clustered, _, _ = _plan_in(tmp_path, {"candidates": {"exclude": ["u001"]}, "compute": {"cluster": "local:2"}})
    assert len(runs) > 10  # the plan's Monte Carlo ran on the workers
    alone, spread = (json.loads((folder / "plan.json").read_text()) for folder in (out, clustered))
    assert spread["shortlist"] == alone["shortlist"]
    assert spread["summary"] == alone["summary"]
    assert spread["budgets"] == alone["budgets"]
