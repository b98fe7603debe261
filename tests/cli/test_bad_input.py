"""Bad input, on both stores: one `Error:` line naming the file (and line, field or key), exit 1,
no traceback, and the store left exactly as it was.

Every case first loads a good users + ties pair, so the store holds something to protect, then
runs one bad command through the CLI (in-process, with typer's CliRunner) and checks:

* exit code 1, and no exception escaped the CLI (a traceback in a terminal);
* stderr is exactly one line, starting ``Error: <bad file>`` followed by ``, line N``,
  ``, field 'F'`` or ``, key 'K'`` where the case names them, then ``:`` (the format of
  :class:`graphkit.errors.InvalidInputError`);
* the store is unchanged: in the embedded store every file's name and bytes; in Neo4j the
  user / strong / weak counts and the users and ties read back.

Where the errors point (README, "Using it" and "Plan a campaign"): lines count the header as
line 1; a Parquet row counts as if the table were written as CSV with a header (row 1 is line 2);
a problem with a column itself (a missing, empty, reserved or colliding name, a type no store can
hold) is on line 1 with the column as the field; a field without a name in the header is
``column N`` (1-based); a campaign file names the dotted key. Files that cannot be read at all
(a damaged Parquet file, a ``.gz`` that is not gzip, a missing or non-UTF-8 campaign file, TOML
that does not parse) are named without a line or key.
"""

from __future__ import annotations

import hashlib
import math
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from graphkit.cli.app import app
from graphkit.store import open_store

runner = CliRunner()

GOOD_USERS = "id,segment,cost\na,students,10\nb,parents,25\nc,students,40\n"
GOOD_TIES = "source,target,tie,weight\na,b,strong,4\nb,c,weak,1\n"

# A campaign that plans fine on the good graph; each campaign case changes one thing in it.
GOOD_CAMPAIGN = """\
name = "bad-input"
objective = "awareness"
trials = 100

[budget]
total = 100
cost_column = "cost"

[target]
where = { segment = "students" }

[candidates]
exclude = ["b"]

[sensitivity]
change = 0
budget_factors = []
"""

Content = str | bytes | Callable[[Path], None] | None
"""Text or bytes of the bad file, a function that writes it (Parquet), or None for no file at all."""


@dataclass(frozen=True)
class Case:
    role: str  # which input is bad: "ties" (also edge lists and logs), "users" or "campaign"
    file: str  # the bad file's name
    content: Content
    args: tuple[str, ...] = ()  # extra arguments for the command
    line: int | None = None  # expected `, line N`
    field: str | None = None  # expected `, field 'F'`
    key: str | None = None  # expected `, key 'K'`
    says: str | None = None  # a phrase the message must contain


def ties_csv(content: Content, line: int | None = None, field: str | None = None, *args: str) -> Case:
    return Case("ties", "bad-ties.csv", content, args, line, field)


def users_csv(content: Content, line: int | None = None, field: str | None = None) -> Case:
    return Case("users", "bad-users.csv", content, (), line, field)


def ties_parquet(content: Content, line: int | None = None, field: str | None = None) -> Case:
    return Case("ties", "bad-ties.parquet", content, (), line, field)


def users_parquet(content: Content, line: int | None = None, field: str | None = None) -> Case:
    return Case("users", "bad-users.parquet", content, (), line, field)


def edgelist(content: Content, line: int | None = None, field: str | None = None, *,
             file: str = "bad-edges.txt") -> Case:
    return Case("ties", file, content, ("--format", "edgelist"), line, field)


def log_text(content: Content, line: int | None = None, field: str | None = None) -> Case:
    return Case("ties", "bad-log.txt", content, ("--format", "interactions"), line, field)


def log_csv(content: Content, line: int | None = None, field: str | None = None) -> Case:
    return Case("ties", "bad-log.csv", content, ("--format", "interactions"), line, field)


def campaign(content: Content, key: str | None = None, says: str | None = None) -> Case:
    return Case("campaign", "bad-campaign.toml", content, (), key=key, says=says)


def edited(old: str, new: str) -> str:
    """GOOD_CAMPAIGN with ``old`` replaced by ``new``."""
    assert old in GOOD_CAMPAIGN, old
    return GOOD_CAMPAIGN.replace(old, new, 1)


def parquet(**columns: list | pa.Array) -> Callable[[Path], None]:
    """A writer of a Parquet file with these columns (lists become Arrow arrays of the type pyarrow infers)."""

    def write(path: Path) -> None:
        arrays = {name: values if isinstance(values, pa.Array) else pa.array(values) for name, values in columns.items()}
        pq.write_table(pa.table(arrays), path)

    return write


def parquet_ties(**changed: list | pa.Array) -> Callable[[Path], None]:
    """The good ties as Parquet, with columns replaced or added."""
    return parquet(**{"source": ["a", "b"], "target": ["b", "c"], "tie": ["strong", "weak"], **changed})


def parquet_users(**changed: list | pa.Array) -> Callable[[Path], None]:
    """The good users as Parquet, with columns replaced or added."""
    users = {"id": ["a", "b", "c"], "segment": ["students", "parents", "students"], "cost": [10, 25, 40]}
    return parquet(**{**users, **changed})


def map_column(*rows: list[tuple[str, int]]) -> pa.Array:
    return pa.array(list(rows), type=pa.map_(pa.string(), pa.int64()))


LONG_ID = "é" * 600  # 1,200 bytes in UTF-8, but only 600 characters
# 20,000 ties, the one on line 15,002 to a 40 kB id (Neo4j's index refused it after 10,002 users were written).
HUGE_ID_TIES = "source,target\n" + "".join(
    f"u{row},{'x' * 40_000 if row == 15_001 else f'u{row + 1}'}\n" for row in range(1, 20_001)
)
DAMAGED_PARQUET = b"PAR1\x15\x04\x15\x10\x15\x14L\x15\x04\x15\x00\x12\x00\x00garbage, not a footer"

# The second row of a ties table with a `p` / `weight` column, to be completed with the bad value.
P_ROW = "source,target,p\na,b,0.5\nb,c,"
WEIGHT_ROW = "source,target,weight\na,b,2\nb,c,"

CASES: dict[str, Case] = {
    # ---- ties CSV (loaded with the good users.csv)
    "ties csv: malformed row": ties_csv("source,target,tie\na,b,strong\nb,c,weak,extra\n", 3, "column 4"),
    "ties csv: row with too few fields": ties_csv("source,target,tie\na,b,strong\nb,c\n", 3, "tie"),
    "ties csv: missing target column": ties_csv("source,to\na,b\n", 1, "target"),
    "ties csv: unknown tie label": ties_csv("source,target,tie\na,b,strong\nb,c,close\n", 3, "tie"),
    "ties csv: p above 1": ties_csv(P_ROW + "1.7\n", 3, "p"),
    "ties csv: p below 0": ties_csv(P_ROW + "-0.2\n", 3, "p"),
    "ties csv: p NaN": ties_csv(P_ROW + "NaN\n", 3, "p"),
    "ties csv: p nan": ties_csv(P_ROW + "nan\n", 3, "p"),
    "ties csv: p NAN": ties_csv(P_ROW + "NAN\n", 3, "p"),
    "ties csv: p -NaN": ties_csv(P_ROW + "-NaN\n", 3, "p"),
    "ties csv: p inf": ties_csv(P_ROW + "inf\n", 3, "p"),
    "ties csv: p -inf": ties_csv(P_ROW + "-inf\n", 3, "p"),
    "ties csv: p abc": ties_csv(P_ROW + "abc\n", 3, "p"),
    "ties csv: p 1,5 (decimal comma)": ties_csv(P_ROW + '"1,5"\n', 3, "p"),
    "ties csv: weight 0": ties_csv(WEIGHT_ROW + "0\n", 3, "weight"),
    "ties csv: weight negative": ties_csv(WEIGHT_ROW + "-3\n", 3, "weight"),
    "ties csv: weight NaN": ties_csv(WEIGHT_ROW + "NaN\n", 3, "weight"),
    "ties csv: weight nan": ties_csv(WEIGHT_ROW + "nan\n", 3, "weight"),
    "ties csv: weight inf": ties_csv(WEIGHT_ROW + "inf\n", 3, "weight"),
    "ties csv: weight text": ties_csv(WEIGHT_ROW + "heavy\n", 3, "weight"),
    "ties csv: empty column name": ties_csv("source,target,,tie\na,b,x,strong\nb,c,y,weak\n", 1, "column 3"),
    "ties csv: column colliding with labelled_by once camelCased": ties_csv(
        "source,target,tie,labelledBy\na,b,strong,me\nb,c,weak,me\n", 1, "labelledBy"),
    "ties csv: columns colliding once camelCased": ties_csv(
        "source,target,foo_bar,fooBar\na,b,1,2\nb,c,3,4\n", 1, "fooBar"),
    "ties csv: NUL in source": ties_csv("source,target,tie\na,b,strong\nb\x00x,c,weak\n", 3, "source"),
    "ties csv: NUL in target": ties_csv("source,target,tie\na,b,strong\nb,c\x00,weak\n", 3, "target"),
    "ties csv: id over 1,024 bytes": ties_csv(f"source,target\na,b\nb,{LONG_ID}\n", 3, "target"),
    "ties csv: 40 kB id on line 15,002 of 20,000": ties_csv(HUGE_ID_TIES, 15_002, "target"),
    "ties csv: bare CR line endings, bad label on line 3": ties_csv("source,target,tie\ra,b,strong\rb,c,close\r", 3, "tie"),
    "ties csv: a lone CR": ties_csv(b"\rZ", 2),
    "ties csv: empty source": ties_csv("source,target\na,b\n,c\n", 3, "source"),
    "ties csv: not UTF-8": ties_csv(b"source,target\na,b\n\xff\xfe,c\n", 3),
    "ties csv: empty file": ties_csv("", 1),
    "ties csv: header only": ties_csv("source,target,tie\n", 1),
    "ties csv: tie to an unknown user (reject)": ties_csv(
        "source,target\na,b\nb,zed\n", 3, "target", "--unknown-users", "reject"),
    "ties csv: bad timestamp": ties_csv(
        "source,target,timestamp\na,b,2024-01-01\nb,c,yesterday\n", 3, "timestamp"),
    # ---- users CSV (loaded with the good ties.csv)
    "users csv: missing id column": users_csv("name,segment\na,students\n", 1, "id"),
    "users csv: duplicate id": users_csv("id,segment\na,x\nb,y\nc,z\na,w\n", 5, "id"),
    "users csv: empty id": users_csv("id,segment\na,x\n,y\nb,z\nc,w\n", 3, "id"),
    "users csv: NUL in id": users_csv("id,segment\na,x\nb\x00x,y\nc,w\n", 3, "id"),
    "users csv: id over 1,024 bytes": users_csv(f"id,segment\na,x\n{LONG_ID},y\nc,w\n", 3, "id"),
    "users csv: empty column name": users_csv("id,,segment\na,1,x\nb,2,y\nc,3,z\n", 1, "column 2"),
    "users csv: columns colliding once camelCased": users_csv(
        "id,foo_bar,fooBar\na,1,2\nb,3,4\nc,5,6\n", 1, "fooBar"),
    "users csv: repeated column name": users_csv("id,segment,segment\na,x,y\nb,x,y\nc,x,y\n", 1, "segment"),
    # ---- Parquet ties: source a, b; target b, c; tie strong, weak (rows on lines 2 and 3)
    "ties parquet: struct column": ties_parquet(parquet_ties(meta=[{"x": 1}, {"x": 2}]), 1, "meta"),
    "ties parquet: map column": ties_parquet(parquet_ties(attrs=map_column([("k", 1)], [("k", 2)])), 1, "attrs"),
    "ties parquet: nested list column": ties_parquet(parquet_ties(tags=[[[1]], [[2, 3]]]), 1, "tags"),
    "ties parquet: binary column": ties_parquet(parquet_ties(blob=[b"\x00\x01", b"\x02"]), 1, "blob"),
    "ties parquet: empty column name": ties_parquet(parquet_ties(**{"": ["x", "y"]}), 1, "column 4"),
    "ties parquet: p float NaN (not null)": ties_parquet(parquet_ties(p=[0.5, math.nan]), 3, "p"),
    "ties parquet: p string 'NaN'": ties_parquet(parquet_ties(p=["0.5", "NaN"]), 3, "p"),
    "ties parquet: weight float NaN (not null)": ties_parquet(parquet_ties(weight=[2.0, math.nan]), 3, "weight"),
    "ties parquet: NUL in source": ties_parquet(parquet_ties(source=["a", "b\x00"]), 3, "source"),
    "ties parquet: null target": ties_parquet(parquet_ties(target=["b", None]), 3, "target"),
    "ties parquet: damaged file": ties_parquet(DAMAGED_PARQUET),
    # ---- Parquet users: id a, b, c; segment; cost (rows on lines 2 to 4)
    "users parquet: struct column": users_parquet(parquet_users(profile=[{"x": 1}, {"x": 2}, {"x": 3}]), 1, "profile"),
    "users parquet: map column": users_parquet(
        parquet_users(attrs=map_column([("k", 1)], [], [("k", 3)])), 1, "attrs"),
    "users parquet: nested list column": users_parquet(parquet_users(tags=[[[1]], [[2]], [[3, 4]]]), 1, "tags"),
    "users parquet: binary column": users_parquet(parquet_users(photo=[b"\x89", b"P", b"N"]), 1, "photo"),
    "users parquet: NUL in id": users_parquet(parquet_users(id=["a", "b\x00", "c"]), 3, "id"),
    "users parquet: null id": users_parquet(parquet_users(id=["a", None, "c"]), 3, "id"),
    "users parquet: damaged file": users_parquet(DAMAGED_PARQUET),
    # ---- edge lists (--format edgelist)
    "edgelist: 4 fields on one line": edgelist("a b 1\nb c 1 2\n", 2, "column 4"),
    "edgelist: weight 0": edgelist("a b 1\nb c 0\n", 2, "weight"),
    "edgelist: weight text": edgelist("a b 1\nb c heavy\n", 2, "weight"),
    "edgelist: weight NaN": edgelist("a b 1\nb c NaN\n", 2, "weight"),
    "edgelist: NUL in an id": edgelist("a b\nb\x00 c\n", 2, "source"),
    "edgelist: 40 kB id": edgelist("a b\nb " + "x" * 40_000 + "\n", 2, "target"),
    "edgelist: comments only": edgelist("# nothing here\n% nor here\n", 1),
    "edgelist: .gz that is not gzip": edgelist(b"a b\nb c\n", file="bad-edges.txt.gz"),
    # ---- interaction logs (--format interactions), text and CSV
    "interactions text: bad timestamp": log_text("a b 100\nb c yesterday\n", 2, "timestamp"),
    "interactions text: NaN timestamp": log_text("a b 100\nb c NaN\n", 2, "timestamp"),
    "interactions text: NUL in an id": log_text("a b 100\nb\x00 c 200\n", 2, "source"),
    "interactions csv: missing timestamp column": log_csv("source,target\na,b\n", 1, "timestamp"),
    "interactions csv: bad timestamp": log_csv("source,target,timestamp\na,b,100\nb,c,yesterday\n", 3, "timestamp"),
    "interactions csv: NaN timestamp": log_csv("source,target,timestamp\na,b,100\nb,c,NaN\n", 3, "timestamp"),
    "interactions csv: inf timestamp": log_csv("source,target,timestamp\na,b,100\nb,c,inf\n", 3, "timestamp"),
    "interactions csv: NUL in an id": log_csv("source,target,timestamp\na,b,100\nb,c\x00,200\n", 3, "target"),
    # ---- campaign files (graphkit plan), on the store holding the good graph
    "campaign: TOML syntax error": campaign(edited('objective = "awareness"', "objective = "), says="line 2"),
    "campaign: unknown key": campaign(
        edited('cost_column = "cost"', 'cost_column = "cost"\ncurrency = "EUR"'), "budget.currency"),
    "campaign: negative budget": campaign(edited("total = 100", "total = -5"), "budget.total"),
    "campaign: wrong type": campaign(edited("trials = 100", 'trials = "many"'), "trials"),
    "campaign: missing required key": campaign(edited('objective = "awareness"\n', ""), "objective"),
    "campaign: target column the users lack": campaign(
        edited('where = { segment = "students" }', 'where = { segmnt = "students" }'), "target.where.segmnt"),
    "campaign: non-numeric cost column": campaign(
        edited('cost_column = "cost"', 'cost_column = "segment"'), "budget.cost_column"),
    "campaign: exclude names an unknown user": campaign(
        edited('exclude = ["b"]', 'exclude = ["zed"]'), "candidates.exclude"),
    "campaign: not UTF-8": campaign(
        edited('name = "bad-input"', 'name = "bad-input"\ntitle = "caf\xe9"').encode("latin-1")),
    "campaign: missing file": campaign(None),
}


def _write(path: Path, content: Content) -> Path:
    if callable(content):
        content(path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_bytes(content.encode("utf-8"))
    return path


def _store_state(location: str):
    """What must not change: every file (name and bytes) of an embedded store; counts and contents of Neo4j."""
    if "://" not in location:
        folder = Path(location)
        return {
            str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        }
    store = open_store(location, password=os.environ.get("GRAPHKIT_NEO4J_PASSWORD"))
    try:
        counts = store.counts()
        graph = store.read_graph()
    finally:
        store.close()
    users = graph.users.sort_values("id").reset_index(drop=True)
    ties = graph.ties_frame().sort_values(["source", "target"]).reset_index(drop=True)
    return (counts.users, counts.strong_ties, counts.weak_ties), users, ties


def _store_changes(before, after) -> str | None:
    """None if the two states are equal, else what differs."""
    if isinstance(before, dict):
        if before == after:
            return None
        changed = sorted(name for name in before.keys() & after.keys() if before[name] != after[name])
        added, removed = sorted(after.keys() - before.keys()), sorted(before.keys() - after.keys())
        return f"files added {added}, removed {removed}, rewritten {changed}"
    problems = []
    if before[0] != after[0]:
        problems.append(f"(users, strong, weak) {before[0]} -> {after[0]}")
    for name, old, new in (("users", before[1], after[1]), ("ties", before[2], after[2])):
        try:
            pd.testing.assert_frame_equal(old, new)
        except AssertionError as difference:
            problems.append(f"{name} read back differently: {str(difference).splitlines()[0]}\n"
                            f"{new.to_string(max_colwidth=30)}")
    return "; ".join(problems) or None


def _expected_start(path: Path, case: Case) -> str:
    where = [str(path)]
    if case.line is not None:
        where.append(f"line {case.line}")
    if case.field is not None:
        where.append(f"field {case.field!r}")
    if case.key is not None:
        where.append(f"key {case.key!r}")
    return f"Error: {', '.join(where)}:"


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_one_error_line_exit_1_and_the_store_unchanged(name, tmp_path, store_args):
    case = CASES[name]
    users = _write(tmp_path / "users.csv", GOOD_USERS)
    ties = _write(tmp_path / "ties.csv", GOOD_TIES)
    loaded = runner.invoke(app, ["load", "--users", str(users), "--ties", str(ties), *store_args])
    assert loaded.exit_code == 0, loaded.output
    before = _store_state(store_args[1])

    bad = _write(tmp_path / case.file, case.content)
    if case.role == "campaign":
        arguments = ["plan", str(bad), *store_args, "--out", str(tmp_path / "plan-out")]
    elif case.role == "users":
        arguments = ["load", "--users", str(bad), "--ties", str(ties), *store_args]
    else:
        arguments = ["load", "--users", str(users), "--ties", str(bad), *store_args]
    result = runner.invoke(app, [*arguments, *case.args])

    problems = []
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(*result.exc_info))
        problems.append(f"traceback (an exception escaped the CLI):\n{trace}")
    if "Traceback" in result.output:
        problems.append("'Traceback' in the output")
    if result.exit_code != 1:
        problems.append(f"exit code {result.exit_code}, expected 1")
    lines = result.stderr.splitlines()
    expected = _expected_start(bad, case)
    if len(lines) != 1:
        problems.append(f"stderr has {len(lines)} lines, expected 1")
    if not lines or not lines[0].startswith(expected):
        problems.append(f"stderr does not start with {expected!r}")
    elif case.says is not None and case.says not in lines[0]:
        problems.append(f"the error does not say {case.says!r}")
    changes = _store_changes(before, _store_state(store_args[1]))
    if changes is not None:
        problems.append(f"store changed: {changes}")
    assert not problems, "\n".join(
        [*problems, "--- stderr:", result.stderr.rstrip()[:2000], "--- stdout:", result.stdout.rstrip()[:1000]]
    )
