"""SocialGraph: construction, validation, CSR views, conversions."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graphkit.analysis import to_igraph
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from tests.conftest import NAMED_GRAPHS


def _ties(**columns):
    base = {"source": ["a", "b"], "target": ["b", "c"], "tie": ["strong", "weak"]}
    base.update(columns)
    return pd.DataFrame(base)


def test_undirected_tie_is_one_row_and_two_arcs():
    graph = SocialGraph.from_tables(_ties(), directed=False)
    assert (graph.n_nodes, graph.n_ties, graph.n_arcs) == (3, 2, 4)
    b = graph.index_of("b")
    assert sorted(graph.node_ids[graph.out_neighbors(b)]) == ["a", "c"]
    assert graph.arc_strong.sum() == 2  # a-b both ways


def test_directed_csr_and_reverse_agree():
    graph = NAMED_GRAPHS["disconnected"]()
    in_indptr, in_indices, in_arc = graph.reverse()
    # every in-arc points back at an out-arc with the same ends
    heads = np.repeat(np.arange(graph.n_nodes), np.diff(in_indptr))
    assert np.array_equal(graph.indices[in_arc], heads)
    assert np.array_equal(graph.arc_source[in_arc], in_indices)
    assert graph.in_degree().tolist() == [1, 1, 1, 0, 1, 0]
    assert graph.out_degree().tolist() == [1, 1, 1, 1, 0, 0]


def test_arrays_are_read_only():
    graph = SocialGraph.from_tables(_ties(), directed=True)
    with pytest.raises(ValueError):
        graph.indices[0] = 2


def test_users_table_keeps_attributes_and_adds_tie_only_users():
    users = pd.DataFrame({"id": ["c", "a"], "segment": ["x", "y"]})
    graph = SocialGraph.from_tables(_ties(), users, directed=True)
    assert graph.node_ids.tolist() == ["c", "a", "b"]
    assert graph.users["segment"].tolist()[:2] == ["x", "y"]
    assert pd.isna(graph.users["segment"].iloc[2])


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"tie": ["strong", "close"]}, "tie must be 'strong' or 'weak', got 'close'"),
        ({"p": [0.5, 1.3]}, r"p must be in \[0, 1\], got 1.3"),
        ({"weight": [1.0, -2.0]}, "weight must be a finite number > 0, got -2.0"),
        ({"source": ["a", "b"], "target": ["b", "a"]}, "appears more than once"),
    ],
)
def test_invalid_ties_are_rejected_with_the_reason(columns, message):
    with pytest.raises(InvalidInputError, match=message):
        SocialGraph.from_tables(_ties(**columns), directed=False)


def test_reverse_pair_is_two_ties_when_directed():
    graph = SocialGraph.from_tables(_ties(source=["a", "b"], target=["b", "a"]), directed=True)
    assert graph.n_arcs == 2


def test_duplicate_user_id_is_rejected():
    with pytest.raises(InvalidInputError, match="'a' appears more than once"):
        SocialGraph.from_tables(_ties(), pd.DataFrame({"id": ["a", "a"]}), directed=True)


def test_missing_column_is_named():
    with pytest.raises(InvalidInputError, match="no 'tie' column"):
        SocialGraph.from_tables(pd.DataFrame({"source": ["a"], "target": ["b"]}), directed=True)


def test_networkx_round_trip_keeps_everything(named_graph):
    back = SocialGraph.from_networkx(named_graph.to_networkx())
    assert back.directed == named_graph.directed
    assert sorted(back.node_ids) == sorted(named_graph.node_ids)
    original = named_graph.ties_frame().sort_values(["source", "target"]).reset_index(drop=True)
    again = back.ties_frame().sort_values(["source", "target"]).reset_index(drop=True)
    if not named_graph.directed:  # networkx may flip the ends of an undirected edge
        for frame in (original, again):
            ends = np.sort(frame[["source", "target"]].to_numpy(), axis=1)
            frame[["source", "target"]] = ends
        original = original.sort_values(["source", "target"]).reset_index(drop=True)
        again = again.sort_values(["source", "target"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(original[list(again.columns)], again, check_dtype=False)


def test_igraph_view_matches_ties(named_graph):
    ig_graph = to_igraph(named_graph)
    assert ig_graph.vcount() == named_graph.n_nodes
    assert ig_graph.ecount() == named_graph.n_ties
    assert ig_graph.is_directed() == named_graph.directed
    assert sum(ig_graph.es["strong"]) == int((named_graph.ties["tie"] == "strong").sum())


def test_karate_matches_networkx():
    graph = NAMED_GRAPHS["karate"]()
    karate = nx.karate_club_graph()
    assert (graph.n_nodes, graph.n_ties) == (34, 78)
    degrees = dict(karate.degree())
    assert graph.out_degree().tolist() == [degrees[i] for i in range(34)]


def test_self_loop_is_one_arc_in_undirected_graph():
    graph = SocialGraph.from_tables(_ties(source=["a", "b"], target=["a", "c"]), directed=False)
    assert graph.n_arcs == 3


def test_unknown_id_lookup_names_the_id():
    graph = SocialGraph.from_tables(_ties(), directed=True)
    with pytest.raises(InvalidInputError, match="unknown user id 'zed'"):
        graph.indices_of(["a", "zed"])


# ---------------------------------------------------------------------- from arrays and Arrow tables
def _lexsort_csr(ties, n_nodes, directed):
    """The CSR as graphkit built it before counting sorts (np.lexsort), for comparison."""
    source = ties["source"].to_numpy(np.int64)
    target = ties["target"].to_numpy(np.int64)
    rows = np.arange(len(source))
    if not directed:
        back = source != target
        source, target = np.concatenate([source, target[back]]), np.concatenate([target, source[back]])
        rows = np.concatenate([rows, rows[back]])
    order = np.lexsort((target, source))
    indptr = np.concatenate([[0], np.cumsum(np.bincount(source, minlength=n_nodes))])
    arcs = {
        "indptr": indptr,
        "indices": target[order],
        "arc_source": source[order],
        "arc_tie_row": rows[order],
    }
    reverse = np.lexsort((arcs["arc_source"], arcs["indices"]))
    return arcs, reverse


def _shuffled_graph(directed, rng=3):
    from graphkit.generate import generate_social_graph

    graph = generate_social_graph(n_users=400, mean_degree=8, directed=directed, rng=rng)
    order = np.random.default_rng(rng).permutation(graph.n_ties)
    p = np.where(np.arange(graph.n_ties) % 4 == 0, np.nan, np.linspace(0.0, 1.0, graph.n_ties))
    ties = graph.ties.assign(p=p).iloc[order].reset_index(drop=True)
    return SocialGraph(users=graph.users, ties=ties, directed=directed)


@pytest.mark.parametrize("directed", [True, False])
def test_counting_sort_csr_matches_lexsort(directed):
    graph = _shuffled_graph(directed)
    arcs, reverse = _lexsort_csr(graph.ties, graph.n_nodes, directed)
    for name, expected in arcs.items():
        assert np.array_equal(getattr(graph, name), expected), name
    rows = arcs["arc_tie_row"]
    assert np.array_equal(graph.arc_p, graph.ties["p"].to_numpy()[rows], equal_nan=True)
    assert np.array_equal(graph.arc_weight, graph.ties["weight"].to_numpy()[rows])
    assert np.array_equal(graph.arc_strong, (graph.ties["tie"] == "strong").to_numpy()[rows])
    in_indptr, in_indices, in_arc = graph.reverse()
    assert in_arc.dtype == np.int32 and np.array_equal(in_arc, reverse)  # positions fit int32
    assert np.array_equal(in_indices, graph.arc_source[reverse])
    assert np.array_equal(
        in_indptr, np.concatenate([[0], np.cumsum(np.bincount(graph.indices, minlength=graph.n_nodes))])
    )


@pytest.mark.parametrize("directed", [True, False])
def test_from_arrays_and_from_arrow_build_the_graph_the_tables_build(directed):
    import pyarrow as pa

    graph = _shuffled_graph(directed)
    ties = graph.ties.assign(count=np.arange(graph.n_ties))
    expected = SocialGraph(users=graph.users, ties=ties, directed=directed)
    codes = ties["tie"].cat.codes.to_numpy()
    rest = ties[["labelled_by", "count"]]
    built = [
        SocialGraph.from_arrays(
            graph.node_ids,
            ties["source"].to_numpy(),
            ties["target"].to_numpy(),
            codes,
            weight=ties["weight"].to_numpy(),
            p=ties["p"].to_numpy(),
            directed=directed,
            users=lambda: graph.users,
            ties=lambda: rest,
        ),
        SocialGraph.from_arrow(
            pa.Table.from_pandas(ties.assign(tie=ties["tie"].astype(str)), preserve_index=False),
            pa.Table.from_pandas(graph.users, preserve_index=False),
            directed=directed,
        ),
        SocialGraph.from_arrow(
            pa.Table.from_pandas(
                ties.assign(source=graph.node_ids[ties["source"]], target=graph.node_ids[ties["target"]]),
                preserve_index=False,
            ),
            pa.Table.from_pandas(graph.users, preserve_index=False),
            directed=directed,
        ),
    ]
    for got in built:
        for name in ("indptr", "indices", "arc_source", "arc_tie_row", "arc_strong", "arc_weight", "arc_p"):
            want = getattr(expected, name)
            assert getattr(got, name).dtype == want.dtype
            assert np.array_equal(getattr(got, name), want, equal_nan=True), name
        for got_part, want_part in zip(got.reverse(), expected.reverse()):
            assert np.array_equal(got_part, want_part)
        pd.testing.assert_frame_equal(got.users, expected.users)
        pd.testing.assert_frame_equal(got.ties, expected.ties)


def test_from_arrays_keeps_the_given_arrays_writable_and_the_graph_read_only():
    source, target = np.array([0, 1]), np.array([1, 2])
    graph = SocialGraph.from_arrays(["a", "b", "c"], source, target, np.array([0, 1]), directed=True)
    assert source.flags.writeable and not graph.indices.flags.writeable
    assert graph.ties["labelled_by"].tolist() == ["input", "input"] and graph.users["id"].tolist() == [
        "a",
        "b",
        "c",
    ]
    with pytest.raises(AttributeError):
        graph.directed = False


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        ({"source": [0, 3]}, r"ties.source must be in \[0, 3\), got 3"),
        ({"tie": [0, 2]}, "tie codes must be 0 .strong. or 1 .weak., got 2 in row 1"),
        ({"weight": [1.0, np.inf]}, "weight must be a finite number > 0, got inf"),
        ({"p": [0.5, -0.1]}, r"p must be in \[0, 1\], got -0.1"),
        ({"source": [0, 2], "target": [2, 0]}, r"tie \(0, 2\) appears more than once \(row 1\)"),
        ({"ids": ["a", "b", "a"]}, "user id 'a' appears more than once"),
    ],
)
def test_from_arrays_rejects_bad_values_with_the_reason(arrays, message):
    given = {
        "ids": ["a", "b", "c"],
        "source": [0, 1],
        "target": [1, 2],
        "tie": [0, 1],
        "weight": None,
        "p": None,
    }
    given.update(arrays)
    with pytest.raises(InvalidInputError, match=message):
        SocialGraph.from_arrays(
            given["ids"],
            np.array(given["source"]),
            np.array(given["target"]),
            np.array(given["tie"]),
            weight=given["weight"],
            p=given["p"],
            directed=False,
        )


def test_from_arrays_leaves_weight_and_p_unread_when_told_they_were_checked():
    """A store's graph file was made from checked tables: its weight and p columns stay unread
    (on disk, when memory-mapped) until an engine uses them; the ends and kinds are still checked."""
    source, target, tie = np.array([0, 1]), np.array([1, 2]), np.array([0, 1])
    weight, p = np.array([1.0, np.inf]), np.array([0.5, -0.1])
    graph = SocialGraph.from_arrays(["a", "b", "c"], source, target, tie, weight=weight, p=p, directed=True,
                                    check_values=False)
    assert graph.arc_p.tolist() == [0.5, -0.1] and np.shares_memory(graph.arc_weight, weight)
    with pytest.raises(InvalidInputError, match=r"ties.target must be in \[0, 3\), got 3"):
        SocialGraph.from_arrays(["a", "b", "c"], source, np.array([1, 3]), tie, weight=weight, p=p,
                                directed=True, check_values=False)


@pytest.mark.parametrize("ids", [["a", "b", "c", "d"], ["d", "b", "a", "c"]], ids=["sorted", "unsorted"])
def test_arrow_ids_stay_arrow_until_all_are_needed(ids):
    """Arrow ids (a store's) are not made Python strings for a few look-ups; every way of reading
    them gives what numpy ids give."""
    import pickle

    import pyarrow as pa

    arrays = (np.array([0, 1, 2]), np.array([1, 2, 3]), np.array([0, 1, 1], np.int8))
    by_arrow = SocialGraph.from_arrays(pa.chunked_array([ids[:2], ids[2:]]), *arrays, directed=True)
    by_numpy = SocialGraph.from_arrays(ids, *arrays, directed=True)
    assert by_arrow.ids_at([3, 0]).tolist() == by_numpy.ids_at([3, 0]).tolist() == [ids[3], ids[0]]
    assert by_arrow.ids_at([-1]).tolist() == by_numpy.ids_at([-1]).tolist() == [ids[-1]]
    assert by_arrow.ids_at([[0, 1], [2, 3]]).tolist() == by_numpy.ids_at([[0, 1], [2, 3]]).tolist()
    assert by_arrow.ids_at(2) == by_numpy.ids_at(2) == ids[2]
    for graph in (by_arrow, by_numpy):
        for outside in ([4], [-5]):
            with pytest.raises(IndexError, match=str(outside[0])):
                graph.ids_at(outside)
    assert by_arrow.indices_of([]).tolist() == []
    assert "node ids" not in by_arrow._views and "id index" not in by_arrow._views
    assert by_arrow.index_of(ids[2]) == 2 and by_arrow.indices_of(ids[::-1]).tolist() == [3, 2, 1, 0]
    assert by_arrow.node_ids.tolist() == ids and by_arrow.node_ids.dtype == object
    pd.testing.assert_frame_equal(by_arrow.users, by_numpy.users)
    assert pickle.loads(pickle.dumps(by_arrow)).node_ids.tolist() == ids


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["a", "b", "a"], "user id 'a' appears more than once"),
        (["b", "a", "b"], "user id 'b' appears more than once"),
        (["a", None, "c"], "user id is missing in row 1"),
        ([1, 2, 3], "user ids must be strings"),
    ],
)
def test_arrow_ids_are_checked_like_numpy_ids(ids, message):
    import pyarrow as pa

    arrays = (np.array([0]), np.array([1]), np.array([0], np.int8))
    with pytest.raises(InvalidInputError, match=message):
        SocialGraph.from_arrays(pa.array(ids), *arrays, directed=True)
    if None not in ids and all(isinstance(i, str) for i in ids):
        with pytest.raises(InvalidInputError, match=message):
            SocialGraph.from_arrays(ids, *arrays, directed=True)


@pytest.mark.parametrize(
    ("ties", "message"),
    [
        ({"source": ["a", "zed"]}, r"ties.source names user 'zed' \(row 1\), not in users"),
        ({"tie": ["strong", "close"]}, "tie must be 'strong' or 'weak', got 'close' in row 1"),
        ({"tie": ["strong", None]}, "tie must be 'strong' or 'weak', got None in row 1"),
        ({"weight": ["x", "y"]}, "ties.weight must hold numbers"),
    ],
)
def test_from_arrow_rejects_bad_values_with_the_reason(ties, message):
    import pyarrow as pa

    given = {"source": ["a", "b"], "target": ["b", "c"], "tie": ["strong", "weak"]}
    given.update(ties)
    with pytest.raises(InvalidInputError, match=message):
        SocialGraph.from_arrow(pa.table(given), pa.table({"id": ["a", "b", "c"]}), directed=True)


def test_from_arrow_reads_chunked_columns_and_tie_codes():
    import pyarrow as pa

    users = pa.table({"id": ["a", "b", "c"], "segment": ["x", "y", None]})
    kinds = pa.array(["weak", "strong"]).dictionary_encode()
    first = pa.table({"source": ["a", "b"], "target": ["b", "c"], "tie": kinds, "p": [0.5, None]})
    second = pa.table(
        {"source": ["c"], "target": ["a"], "tie": pa.array(["strong"]).dictionary_encode(), "p": [1.0]}
    )
    graph = SocialGraph.from_arrow(pa.concat_tables([first, second]), users, directed=True)
    assert graph.ties["tie"].tolist() == ["weak", "strong", "strong"]
    assert np.array_equal(graph.ties["p"].to_numpy(), [0.5, np.nan, 1.0], equal_nan=True)
    assert graph.users["segment"].tolist()[:2] == ["x", "y"]
    codes = pa.table({"source": [0, 1], "target": [1, 2], "tie": pa.array([1, None], pa.int8())})
    with pytest.raises(InvalidInputError, match="tie is missing in row 1"):
        SocialGraph.from_arrow(codes, users, directed=True)


def test_a_pickled_graph_sends_its_ids_once_and_makes_no_table():
    """A graph on Arrow ids cut from a larger array pickles the ids it has, not the whole buffer,
    and neither makes its users table nor turns its ids into Python strings on the way."""
    import pickle

    import pyarrow as pa

    many = pa.array([f"user-{number:06d}" for number in range(100_000)])
    arrays = (np.array([0, 1, 2]), np.array([1, 2, 3]), np.array([0, 1, 1], np.int8))
    graph = SocialGraph.from_arrays(many.slice(10, 4), *arrays, directed=True)
    sent = pickle.dumps(graph)
    assert len(sent) < 10_000
    assert graph._users is None and "node ids" not in graph._views
    copy = pickle.loads(sent)
    assert copy.node_ids.tolist() == [f"user-{number:06d}" for number in range(10, 14)]
    pd.testing.assert_frame_equal(copy.ties, graph.ties)
    reads = []  # a further tie column, read (as a store reads it) once, and sent once

    def rest():
        reads.append(1)
        return pd.DataFrame({"note": [f"{number}" * 2_000 for number in range(3)]})

    for ties_first in (False, True):
        graph = SocialGraph.from_arrays(many.slice(10, 4), *arrays, directed=True, ties=rest)
        reads.clear()
        notes = graph.ties["note"].tolist() if ties_first else None
        sent = pickle.dumps(graph)
        assert len(sent) < 10_000 and len(reads) == 1
        assert pickle.loads(sent).ties["note"].tolist() == (notes or graph.ties["note"].tolist())


@pytest.mark.parametrize("made", ["tables", "arrow", "store"])
def test_a_graph_pickles_to_an_equal_graph(made, tmp_path):
    """Dask sends graphs to workers by pickle: arrays, tables and attributes come back the same."""
    import pickle

    import pyarrow as pa

    from graphkit.generate import generate_social_graph
    from graphkit.store.parquet import ParquetStore

    graph = generate_social_graph(n_users=60, rng=4)
    if made == "arrow":
        graph = SocialGraph.from_arrow(pa.Table.from_pandas(graph.ties_frame(), preserve_index=False),
                                       pa.Table.from_pandas(graph.users, preserve_index=False), directed=False)
    elif made == "store":
        store = ParquetStore(tmp_path / "store")
        store.write_graph(graph)
        graph = store.read_graph()
    copy = pickle.loads(pickle.dumps(graph))
    for name in ("indptr", "indices", "arc_tie_row", "arc_strong", "arc_weight", "arc_p", "node_ids"):
        assert np.array_equal(getattr(copy, name), getattr(graph, name), equal_nan=name == "arc_p"), name
    pd.testing.assert_frame_equal(copy.users, graph.users)
    pd.testing.assert_frame_equal(copy.ties, graph.ties)
    assert copy.directed == graph.directed
