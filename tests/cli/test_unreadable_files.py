"""Files that cannot be read (mode 000) are input errors, on both stores: one `Error:` line naming
the file, exit 1, and the store unchanged (issue 17) — not a usage message with exit 2.

The tests run as root, who reads a mode-000 file anyway. So graphkit runs in a real process
without the two capabilities that let root ignore file modes (``setpriv`` removes
CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from its bounding set); as any other user it runs as is.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from graphkit.cli.app import app
from tests.cli.test_bad_input import GOOD_CAMPAIGN, GOOD_TIES, GOOD_USERS, _store_changes, _store_state

WITHOUT_ROOT_READS = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                      "--inh-caps=-dac_override,-dac_read_search"]


def _ties_parquet(path: Path) -> None:
    pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]}).to_parquet(path)


# (role of the bad file, its name, what it holds, extra arguments)
CASES = {
    "ties csv": ("ties", "ties-000.csv", GOOD_TIES.encode(), ()),
    "users csv": ("users", "users-000.csv", GOOD_USERS.encode(), ()),
    "ties parquet": ("ties", "ties-000.parquet", _ties_parquet, ()),
    "edge list .gz": ("ties", "edges-000.txt.gz", gzip.compress(b"a b\nb c\n"), ("--format", "edgelist")),
    "campaign toml": ("campaign", "campaign-000.toml", GOOD_CAMPAIGN.encode(), ()),
    "fit --cascades csv": ("cascades", "cascades-000.csv", b"cascade,user,time\n1,a,1\n1,b,2\n", ()),
    "fit --cascades lines .gz": ("cascades", "cascades-000.txt.gz", gzip.compress(b"a b 1 c 2\n"), ()),
    "simulate --model-file": ("model", "model-000.json", b"{}", ()),
    "campaign [model] fitted": ("fitted", "model-000.json", b"{}", ()),
}


def _prefix() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.fail("running as root, the test needs setpriv (util-linux) to make a mode-000 file unreadable")
    return WITHOUT_ROOT_READS


@pytest.mark.parametrize("name", list(CASES))
def test_an_unreadable_file_is_one_error_line_exit_1(name, tmp_path, store_args):
    role, file_name, content, extra = CASES[name]
    users, ties = tmp_path / "users.csv", tmp_path / "ties.csv"
    users.write_text(GOOD_USERS)
    ties.write_text(GOOD_TIES)
    environment = {**os.environ, "GRAPHKIT_PROGRESS": "0"}
    graphkit = [*_prefix(), sys.executable, "-m", "graphkit.cli"]
    loaded = CliRunner().invoke(app, ["load", "--users", str(users), "--ties", str(ties), *store_args])
    assert loaded.exit_code == 0, loaded.output
    before = _store_state(store_args[1])

    bad = tmp_path / file_name
    content(bad) if callable(content) else bad.write_bytes(content)
    bad.chmod(0)
    if role == "campaign":
        arguments = ["plan", str(bad), *store_args, "--out", str(tmp_path / "plan-out")]
    elif role == "fitted":
        campaign = tmp_path / "campaign.toml"
        campaign.write_text(GOOD_CAMPAIGN + f"\n[model]\nfitted = {str(bad)!r}\n")
        arguments = ["plan", str(campaign), *store_args, "--out", str(tmp_path / "plan-out")]
    elif role == "cascades":
        arguments = ["fit", "--cascades", str(bad), *store_args, "--out", str(tmp_path / "fit.json")]
    elif role == "model":
        arguments = ["simulate", "--seeds", "a", "--model-file", str(bad), *store_args]
    elif role == "users":
        arguments = ["load", "--users", str(bad), "--ties", str(ties), *store_args]
    else:
        arguments = ["load", "--users", str(users), "--ties", str(bad), *store_args]
    result = subprocess.run([*graphkit, *arguments, *extra], env=environment, capture_output=True, text=True,
                            check=False)

    assert result.returncode == 1, result.stderr
    where = f"{tmp_path / 'campaign.toml'}, key 'model.fitted': " if role == "fitted" else ""
    assert result.stderr.splitlines() == [f"Error: {where}{bad}: cannot read{'' if role == 'campaign' else ' the file'}: "
                                          "Permission denied"], result.stderr
    assert _store_changes(before, _store_state(store_args[1])) is None


@pytest.mark.parametrize("option", ["--cascades", "--model-file"])
def test_a_folder_given_as_cascades_or_model_file_is_one_error_line(option, tmp_path):
    users, ties = tmp_path / "users.csv", tmp_path / "ties.csv"
    users.write_text(GOOD_USERS)
    ties.write_text(GOOD_TIES)
    store = ["--store", str(tmp_path / "store")]
    assert CliRunner().invoke(app, ["load", "--users", str(users), "--ties", str(ties), *store]).exit_code == 0
    folder = tmp_path / "a-folder"
    folder.mkdir()
    if option == "--cascades":
        arguments = ["fit", "--cascades", str(folder), *store, "--out", str(tmp_path / "fit.json")]
    else:
        arguments = ["simulate", "--seeds", "a", "--model-file", str(folder), *store]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, OSError), result.exception
    assert result.stderr.splitlines() == [f"Error: {folder}: cannot read the file: Is a directory"], result.stderr
