"""Cascade files (table, root-pairs, pairs): the same Cascades from each, the real Twitter release with
its PROVENANCE counts, the report, and every bad file with its path/line/field."""

from __future__ import annotations

import gzip
import time

import numpy as np
import pandas as pd
import pytest

from graphkit.cascades import Cascades
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.io import read_graph_files
from graphkit.io.cascades import CascadeReport, read_cascades


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    if name.endswith(".gz"):
        content = gzip.compress(content)
    path.write_bytes(content)
    return path


@pytest.fixture
def graph() -> SocialGraph:
    """Users a..e on a path; "x" and "y" are not in the graph."""
    ties = pd.DataFrame({"source": ["a", "b", "c", "d"], "target": ["b", "c", "d", "e"], "tie": "weak"})
    return SocialGraph.from_tables(ties, directed=True)


def triples(graph: SocialGraph, cascades: Cascades) -> list[list[tuple[str, float]]]:
    ids = graph.node_ids
    return [
        [(ids[cascades.node[row]], float(cascades.time[row])) for row in range(cascades.ptr[c], cascades.ptr[c + 1])]
        for c in range(cascades.n_cascades)
    ]


# The same three cascades in each format: times out of order, a repeated adopter, an unknown one.
EXPECTED = [[("a", 0.0), ("c", 1.0), ("b", 3.0)], [("d", 9.0), ("e", 10.0), ("c", 11.0)], [("b", 1.0), ("c", 2.0)]]
ROOT_PAIRS = "a b 3 c 1 x 4\r\n# a comment\r\nd e 10 d 12 c 11\r\n\r\nb c 2\r\n"
PAIRS = "b,3 a,0 c,1 x,4\n% comment\nd,9 e,10 d,12 c,11\n\nb,1\tc,2"
TABLE = (
    "cascade,user,time,parent\n"
    "s1,b,3,a\ns1,a,0,\ns1,c,1,a\ns1,x,4,b\ns2,d,9,\ns2,e,10,d\ns3,b,1,\ns2,d,12,\ns2,c,11,e\ns3,c,2,b\n"
)


@pytest.mark.parametrize(
    ("name", "content", "fmt", "names", "skipped"),
    [
        ("train.txt", ROOT_PAIRS, "root-pairs", ["line 1", "line 3", "line 5"], 2),
        ("train.txt.gz", ROOT_PAIRS, "root-pairs", ["line 1", "line 3", "line 5"], 2),
        ("cascades.txt", PAIRS, "pairs", ["line 1", "line 3", "line 5"], 2),
        ("cascades.csv", TABLE, "table", ["s1", "s2", "s3"], 0),
        ("cascades.parquet", TABLE, "table", ["s1", "s2", "s3"], 0),
    ],
)
def test_the_three_formats_give_the_same_cascades(tmp_path, graph, name, content, fmt, names, skipped):
    if name.endswith(".parquet"):
        path = tmp_path / name
        write(tmp_path, "t.csv", content)
        pd.read_csv(tmp_path / "t.csv", dtype=str, keep_default_na=False).astype({"time": float}).to_parquet(path)
    else:
        path = write(tmp_path, name, content)
    for asked in ("auto", fmt):
        cascades, report = read_cascades(path, graph, format=asked)
        assert triples(graph, cascades) == EXPECTED
        assert cascades.names.tolist() == names and cascades.n_nodes == graph.n_nodes
        assert (report.format, report.lines_skipped, report.cascades_read) == (fmt, skipped, 3)
        assert (report.adoptions_read, report.repeats_dropped, report.unknown_dropped, report.adoptions) == (10, 1, 1, 8)
        assert (report.unknown_distinct, report.empty_cascades, report.single_adopter_cascades) == (1, 0, 0)
        assert report.roots_read == (3 if fmt == "root-pairs" else 0)
    parents = [graph.node_ids[p] if p >= 0 else None for p in cascades.parent]
    if fmt == "table":
        assert parents == [None, "a", "a", None, "d", "e", None, "b"] and report.parents_known == 5
    else:
        assert parents == [None] * 8 and report.parents_known == 0


def test_root_offset_and_a_root_among_the_adopters(tmp_path, graph):
    path = write(tmp_path, "train.txt", "a b 7 a 5 c 9\n")
    cascades, report = read_cascades(path, graph, root_offset=2.5)
    assert triples(graph, cascades) == [[("a", 2.5), ("b", 7.0), ("c", 9.0)]]
    assert (report.adoptions_read, report.roots_read, report.repeats_dropped, report.root_offset) == (4, 1, 1, 2.5)
    cascades, _ = read_cascades(path, graph, root_offset=0)  # the root ties with its first adopter and comes first
    assert triples(graph, cascades) == [[("a", 5.0), ("b", 7.0), ("c", 9.0)]]


def test_equal_times_keep_file_order_and_a_repeat_keeps_the_earliest_time(tmp_path, graph):
    path = write(tmp_path, "c.txt", "c,4 b,4 a,4 c,1 d,2.5e0\n")
    cascades, report = read_cascades(path, graph)
    assert triples(graph, cascades) == [[("c", 1.0), ("d", 2.5), ("b", 4.0), ("a", 4.0)]]
    assert report.repeats_dropped == 1


def test_cascades_left_empty_or_with_one_adopter_are_kept_and_counted(tmp_path, graph):
    path = write(tmp_path, "c.txt", "x,1 y,2\na,1\nx,3 b,4 y,5\ny,1\n")
    cascades, report = read_cascades(path, graph)
    assert cascades.sizes().tolist() == [0, 1, 1, 0]
    assert (report.empty_cascades, report.single_adopter_cascades) == (2, 2)
    assert (report.unknown_dropped, report.unknown_distinct, report.adoptions) == (5, 2, 2)
    assert cascades.subset(cascades.sizes() > 0).names.tolist() == ["line 2", "line 3"]


def test_parents_same_time_on_an_earlier_row_and_parents_outside_the_graph(tmp_path, graph):
    path = write(
        tmp_path, "c.csv",
        "user,cascade,time,parent,note\nx,k,1,,n\na,k,2,x,n\nb,k,2,a,n\nc,k,3, ,n\n7,k,4,b,n\n",
    )
    cascades, report = read_cascades(path, graph)
    assert triples(graph, cascades) == [[("a", 2.0), ("b", 2.0), ("c", 3.0)]]
    assert cascades.parent.tolist() == [-1, graph.index_of("a"), -1]
    assert (report.parents_known, report.parents_dropped, report.unknown_distinct) == (1, 1, 2)
    assert "Parents: 1 known, 1 set to unknown (the parent is not in the graph)." in report.lines()


def test_auto_detection(tmp_path, graph):
    pairs_in_csv = write(tmp_path, "pairs.csv", "a,1 b,2\n")
    assert read_cascades(pairs_in_csv, graph)[1].format == "pairs"
    tsv = write(tmp_path, "t.tsv.gz", "\ncascade\tuser\ttime\nk\ta\t1\n")
    cascades, report = read_cascades(tsv, graph)
    assert report.format == "table" and triples(graph, cascades) == [[("a", 1.0)]]
    single = write(tmp_path, "one.txt", "# header comment\n a,1\n")
    assert read_cascades(single, graph)[1].format == "pairs"
    commas_in_ids = write(tmp_path, "ids.txt", "x,1 a 2 b 3\n")
    assert read_cascades(commas_in_ids, graph, format="root-pairs")[0].n_cascades == 1  # 'x,1' as a root id


def test_integer_ids_in_parquet_match_string_ids(tmp_path):
    ties = pd.DataFrame({"source": ["1", "2"], "target": ["2", "3"], "tie": "strong"})
    graph = SocialGraph.from_tables(ties, directed=False)
    path = tmp_path / "c.parquet"
    pd.DataFrame({"cascade": [10, 10, 20], "user": [3, 1, 2], "time": [5, 1, 0]}).to_parquet(path)
    cascades, _ = read_cascades(path, graph)
    assert triples(graph, cascades) == [[("1", 1.0), ("3", 5.0)], [("2", 0.0)]]
    assert cascades.names.tolist() == ["10", "20"]


def test_report_text_and_dict(tmp_path, graph):
    _, report = read_cascades(write(tmp_path, "train.txt", ROOT_PAIRS), graph)
    assert isinstance(report, CascadeReport)
    assert str(report).splitlines() == [
        f"Read 3 cascades with 10 adoptions (3 roots, each 1 time unit before its first adopter) from "
        f"{tmp_path / 'train.txt'} as root-pairs; 2 blank/comment lines skipped.",
        "Repeated adoptions dropped (a user's earliest time kept): 1.",
        "Adopters not in the graph (drop): 1 adoptions dropped, 1 distinct users.",
        "Kept 8 adoptions: 0 cascades left empty, 0 with one adopter.",
    ]
    assert report.to_dict()["unknown_dropped"] == 1
    with pytest.raises(AttributeError):
        report.cascades_read = 0  # frozen


# ----------------------------------------------------------------------------------------- bad files
LONG = "u" * 1025


@pytest.mark.parametrize(
    ("name", "content", "line", "field", "message"),
    [
        ("r.txt", "a b 1\na b 1 c\n", 2, "time", "the user 'c' has no time"),
        ("r.txt", "a b 1\n\nc\n", 3, "root", "the root 'c' has no adopters"),
        ("r.txt", "a b 1 c 2x\n", 1, "time", "time must be a finite number, got '2x'"),
        ("r.txt", "a b 1\na b 1 c inf\n", 2, "time", "got 'inf'"),
        ("r.txt", "a b NaN\n", 1, "time", "got 'NaN'"),
        ("r.txt", "a b 1e400\n", 1, "time", "got '1e400'"),
        ("r.txt", "a b 1\nc d\x00e 2\n", 2, "user", "user contains a NUL character"),
        ("r.txt", f"a b 1\n{LONG} b 1\n", 2, "root", "root is longer than 1024 bytes in UTF-8"),
        ("p.txt", "a,1\nb,2 c\n", 2, "time", "expected user,time with one comma, got 'c'"),
        ("p.txt", "a,1\nb,1,5\n", 2, "time", "got 'b,1,5'"),
        ("p.txt", "a,1 ,2\n", 1, "user", "user is empty in ',2'"),
        ("p.txt", "a,1 b,\n", 1, "time", "time is empty in 'b,'"),
        ("p.txt", "a,1 b,-inf\n", 1, "time", "got '-inf'"),
        ("p.txt", f"a,1\n{LONG},2\n", 2, "user", "longer than 1024 bytes"),
        ("t.csv", "cascade,user\nk,a\n", 1, "time", "a cascades table needs a 'time' column"),
        ("t.csv", "user,time\na,1\n", 1, "cascade", "needs a 'cascade' column"),
        ("t.csv", "cascade,user,time\nk,a,1\nk,,2\n", 3, "user", "user is empty"),
        ("t.csv", "cascade,user,time\nk,a,1\n,b,2\n", 3, "cascade", "cascade is empty"),
        ("t.csv", "cascade,user,time\nk,a,1\nk,b,soon\n", 3, "time", "got 'soon'"),
        ("t.csv", "cascade,user,time\nk,a,1\nk,b,\n", 3, "time", "time is empty"),
        ("t.csv", "cascade,user,time\nk,a,1\nk,b,NaN\n", 3, "time", "got 'NaN'"),
        ("t.csv", "cascade,user,time\nk,a,1\nk,b\n", 3, "time", "expected 3 fields"),
        ("t.csv", "cascade,user,time,parent\nk,a,1,\nj,b,2,a\n", 3, "parent", "parent 'a' does not adopt in cascade 'j'"),
        ("t.csv", "cascade,user,time,parent\nk,a,5,b\nk,b,6,\n", 2, "parent", "parent 'b' must adopt before 'a'"),
        ("t.csv", "cascade,user,time,parent\nk,b,1,a\nk,a,1,\n", 2, "parent", "it adopts at time 1 on line 3"),
        ("t.csv", "cascade,user,time,parent\nk,a,1,\nk,a,2,a\n", 3, "parent", "user 'a' cannot be their own parent"),
    ],
)
def test_a_bad_row_gives_one_error_with_file_line_and_field(tmp_path, graph, name, content, line, field, message):
    path = write(tmp_path, name, content)
    with pytest.raises(InvalidInputError) as excinfo:
        read_cascades(path, graph)
    error = excinfo.value
    assert (error.path, error.line, error.field) == (str(path), line, field)
    assert message in str(error)
    assert str(error).startswith(f"{path}, line {line}, field {field!r}: ")


@pytest.mark.parametrize(
    ("columns", "field", "message"),
    [
        ({"cascade": ["k", "k"], "user": ["a", "b"], "time": [1.0, np.nan]}, "time", "time is empty"),
        ({"cascade": ["k", "k"], "user": ["a", "b"], "time": pd.to_datetime(["2020-01-01"] * 2)}, "time", "must be a number"),
        ({"cascade": ["k", "k"], "user": ["a", "b\x00"], "time": [1, 2]}, "user", "NUL"),
    ],
)
def test_bad_parquet_tables(tmp_path, graph, columns, field, message):
    path = tmp_path / "c.parquet"
    pd.DataFrame(columns).to_parquet(path)
    with pytest.raises(InvalidInputError) as excinfo:
        read_cascades(path, graph)
    assert (excinfo.value.path, excinfo.value.field) == (str(path), field)
    assert excinfo.value.line in (2, 3) and message in str(excinfo.value)


@pytest.mark.parametrize(
    ("name", "content", "line", "message"),
    [
        ("r.txt", "a,1 b 2\n", 1, "cannot tell the cascade format from this line"),
        ("r.txt", "cascade,user,time\nk,a,1\n", 1, "cannot tell the cascade format"),
        ("r.txt", "# nothing\n\n", 1, "the file is empty"),
        ("r.txt", "a b 1\nc d\u00a0e 2\n", 2, "Unicode space"),
        ("r.txt", b"a b 1\nc \xff 2\n", 2, "not UTF-8"),
    ],
)
def test_files_that_are_not_cascades_name_the_line(tmp_path, graph, name, content, line, message):
    path = write(tmp_path, name, content)
    with pytest.raises(InvalidInputError) as excinfo:
        read_cascades(path, graph)
    assert (excinfo.value.path, excinfo.value.line, excinfo.value.field) == (str(path), line, None)
    assert message in str(excinfo.value)


@pytest.mark.parametrize(
    ("name", "content", "line", "field", "who"),
    [
        ("r.txt", "a b 1\nc d 2 x 3\n", 2, "user", "x"),
        ("r.txt", "a b 1\nx d 2\n", 2, "root", "x"),
        ("p.txt", "a,1 b,2\nc,1\ny,3 x,1\n", 3, "user", "y"),
        ("t.csv", "cascade,user,time\nk,a,1\nj,y,0\nk,x,-1\n", 3, "user", "y"),
    ],
)
def test_unknown_users_error_names_the_first_unknown_adopter(tmp_path, graph, name, content, line, field, who):
    path = write(tmp_path, name, content)
    with pytest.raises(InvalidInputError) as excinfo:
        read_cascades(path, graph, unknown_users="error")
    assert (excinfo.value.path, excinfo.value.line, excinfo.value.field) == (str(path), line, field)
    assert f"{field} {who!r} is not in the graph; unknown_users='error'" in str(excinfo.value)
    assert read_cascades(path, graph)[1].unknown_dropped >= 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"format": "csv"}, "format must be one of 'auto', 'table', 'root-pairs', 'pairs', got 'csv'"),
        ({"unknown_users": "create"}, "unknown_users must be one of 'drop', 'error'"),
        ({"root_offset": -1.0}, "root_offset must be a finite number >= 0, got -1.0"),
        ({"root_offset": float("inf")}, "root_offset must be a finite number >= 0"),
    ],
)
def test_bad_arguments(tmp_path, graph, options, message):
    with pytest.raises(InvalidInputError, match=message):
        read_cascades(write(tmp_path, "r.txt", "a b 1\n"), graph, **options)


def test_missing_file(tmp_path, graph):
    with pytest.raises(InvalidInputError, match="file not found"):
        read_cascades(tmp_path / "nope.txt", graph)


# ----------------------------------------------------------------------------------------- real data and size
def test_twitter_train_cascades_against_their_graph(shared_data):
    folder = shared_data / "cascades-twitter"
    graph, load = read_graph_files(folder / "graph.txt", directed=True)
    assert (graph.n_nodes, graph.n_ties, load.self_loops_dropped, load.duplicates_merged) == (3_140, 12_045, 0, 0)
    cascades, report = read_cascades(folder / "train.txt", graph)
    assert report.format == "root-pairs"
    assert cascades.n_cascades == report.cascades_read == 456
    assert cascades.names[[0, -1]].tolist() == ["line 1", "line 456"]
    # PROVENANCE: 7,236 adoptions (user, time pairs) + one root per cascade; nobody adopts twice.
    assert (report.adoptions_read, report.roots_read, report.repeats_dropped) == (7_236 + 456, 456, 0)
    # PROVENANCE: 5,106 distinct users incl. roots, many outside the graph.
    in_graph = len(np.unique(cascades.node))
    assert (in_graph, report.unknown_distinct, in_graph + report.unknown_distinct) == (2_589, 2_517, 5_106)
    assert (report.unknown_dropped, report.adoptions) == (3_406, 4_286)
    assert report.adoptions_read == report.repeats_dropped + report.unknown_dropped + report.adoptions
    assert (report.empty_cascades, report.single_adopter_cascades) == (8, 4)
    # Oracle: the file parsed line by line in plain Python; a root in the graph comes first, 1 before its first adopter.
    known, kept, roots_known = set(graph.node_ids), 0, 0
    for c, text in enumerate((folder / "train.txt").read_text().splitlines()):
        root, *pairs = text.split()
        users, times = pairs[0::2], [float(t) for t in pairs[1::2]]
        kept += (root in known) + sum(user in known for user in users)
        if root in known:
            roots_known += 1
            start = cascades.ptr[c]
            assert (graph.node_ids[cascades.node[start]], cascades.time[start]) == (root, min(times) - 1.0)
    assert kept == report.adoptions == cascades.n_adoptions
    assert roots_known == 425
    with pytest.raises(InvalidInputError) as excinfo:
        read_cascades(folder / "train.txt", graph, unknown_users="error")
    assert (excinfo.value.line, excinfo.value.field) == (1, "user") and "'72007'" in str(excinfo.value)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["root-pairs", "pairs"])
def test_a_million_adoptions_read_in_seconds(tmp_path, fmt):
    rng = np.random.default_rng(7)
    n_users, n_cascades, n_adoptions = 100_000, 100_000, 1_000_000
    ids = np.char.add("u", np.arange(n_users).astype(str))
    graph = SocialGraph.from_tables(
        pd.DataFrame({"source": ids[:-1], "target": ids[1:], "tie": "weak"}), directed=True
    )
    users = ids[rng.integers(0, n_users, n_adoptions)]
    times = rng.integers(0, 10**8, n_adoptions).astype(str)
    cut = np.sort(rng.choice(np.arange(1, n_adoptions), n_cascades - 1, replace=False))
    sep = " " if fmt == "root-pairs" else ","
    tokens = np.char.add(np.char.add(users, sep), times)
    lines = [" ".join(part) for part in np.split(tokens, cut)]
    if fmt == "root-pairs":
        lines = [f"u0 {line}" for line in lines]
    path = write(tmp_path, "big.txt", "\n".join(lines) + "\n")
    start = time.perf_counter()
    cascades, report = read_cascades(path, graph, format=fmt)
    elapsed = time.perf_counter() - start
    assert report.cascades_read == n_cascades
    assert report.adoptions_read == n_adoptions + (n_cascades if fmt == "root-pairs" else 0)
    assert cascades.n_adoptions == report.adoptions_read - report.repeats_dropped
    assert elapsed < 15, f"{elapsed:.1f} s"
