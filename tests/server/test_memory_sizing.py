"""The sizing rule of the local server's memory: store size, page cache, heap, import tool, machine bound."""

from __future__ import annotations

import pytest

from graphkit.errors import InvalidInputError
from graphkit.server import Neo4jServer, ServerConfig
from graphkit.server.memory import (
    AUTO,
    GIB,
    HEAP_PER_TIE,
    JVM_OVERHEAD,
    MIB,
    MIN_HEAP,
    MIN_IMPORT_OFF_HEAP,
    MIN_PAGECACHE,
    PAGECACHE_HEADROOM,
    available_bytes,
    budget_bytes,
    client_reserve,
    estimate_store_bytes,
    format_size,
    parse_size,
    plan_memory,
    store_on_disk,
)

TEN_MILLION = 10_000_000


@pytest.mark.parametrize("size", ["1g", "512m", "1536m", "31g", "1m"])
def test_sizes_read_back_as_written(size):
    assert format_size(parse_size(size)) == size


@pytest.mark.parametrize("size", ["lots", "1.5g", "-1g", "4t", ""])
def test_a_bad_size_names_the_setting_and_the_value(size):
    expected = f"heap must be a size such as 512m or 4g \\(or auto\\), got '{size}'"
    with pytest.raises(InvalidInputError, match=expected):
        parse_size(size, "heap")


def test_the_store_grows_with_users_ties_and_property_columns():
    base = estimate_store_bytes(1000, 10_000)
    assert estimate_store_bytes(2000, 20_000) == 2 * base
    assert estimate_store_bytes(1000, 10_000, user_properties=4) > base
    assert estimate_store_bytes(1000, 10_000, tie_properties=2) > base
    # every tie costs its 34-byte record and at least one 41-byte property record
    assert estimate_store_bytes(0, 1) >= 34 + 41


def test_plenty_of_memory_gives_the_whole_store_in_the_page_cache_and_heap_by_ties():
    store = estimate_store_bytes(1_000_000, TEN_MILLION, user_properties=4)
    plan = plan_memory(store, ties=TEN_MILLION, users=1_000_000, available=64 * GIB)
    assert parse_size(plan.pagecache) >= store * PAGECACHE_HEADROOM
    assert parse_size(plan.pagecache) < store * PAGECACHE_HEADROOM + 128 * MIB
    assert abs(parse_size(plan.heap) - (MIN_HEAP + TEN_MILLION * HEAP_PER_TIE)) <= 64 * MIB
    assert "cut" not in plan.reason and "over budget" not in plan.reason


def test_a_small_graph_gets_the_minimums():
    plan = plan_memory(estimate_store_bytes(100, 1000), ties=1000, users=100, available=16 * GIB)
    assert (parse_size(plan.heap), parse_size(plan.pagecache)) == (MIN_HEAP, MIN_PAGECACHE)
    assert parse_size(plan.import_off_heap) == MIN_IMPORT_OFF_HEAP


def test_a_tight_machine_cuts_the_page_cache_first_and_stays_within_the_budget():
    store = estimate_store_bytes(1_000_000, TEN_MILLION)
    available = 6 * GIB
    plan = plan_memory(store, ties=TEN_MILLION, users=1_000_000, available=available)
    budget = budget_bytes(TEN_MILLION, available=available)
    heap, cache = parse_size(plan.heap), parse_size(plan.pagecache)
    assert plan.heap == plan_memory(store, ties=TEN_MILLION, available=64 * GIB).heap  # the heap kept
    assert MIN_PAGECACHE < cache < store * PAGECACHE_HEADROOM and "page cache cut" in plan.reason
    assert "heap cut" not in plan.reason
    assert heap + cache + JVM_OVERHEAD <= budget
    assert parse_size(plan.import_heap) + parse_size(plan.import_off_heap) + JVM_OVERHEAD <= budget


def test_a_machine_too_small_for_the_minimums_says_so():
    plan = plan_memory(estimate_store_bytes(1_000_000, TEN_MILLION), ties=TEN_MILLION, available=2 * GIB)
    assert (parse_size(plan.heap), parse_size(plan.pagecache)) == (MIN_HEAP, MIN_PAGECACHE)
    assert "over budget" in plan.reason


def test_sizes_given_are_taken_as_given_and_flagged_when_over_budget():
    plan = plan_memory(0, ties=0, heap="3g", pagecache="700m", available=16 * GIB)
    assert (plan.heap, plan.pagecache) == ("3g", "700m") and "over budget" not in plan.reason
    assert "over budget" in plan_memory(0, ties=0, heap="30g", available=16 * GIB).reason


def test_memory_a_restart_gives_back_counts_as_available():
    store = estimate_store_bytes(1_000_000, TEN_MILLION)
    tight = plan_memory(store, ties=TEN_MILLION, available=6 * GIB)
    freed = plan_memory(store, ties=TEN_MILLION, available=6 * GIB, freed=4 * GIB)
    assert parse_size(freed.pagecache) > parse_size(tight.pagecache)


def test_the_client_keeps_room_for_the_ties_it_holds():
    assert client_reserve(TEN_MILLION) > client_reserve(0)
    assert budget_bytes(TEN_MILLION, available=16 * GIB) < budget_bytes(0, available=16 * GIB)


def test_available_memory_is_read_from_meminfo(tmp_path):
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       24683664 kB\nMemFree:  100 kB\nMemAvailable:   2048 kB\n")
    assert available_bytes(meminfo) == 2048 * 1024
    meminfo.write_text("MemTotal: 1 kB\n")
    with pytest.raises(OSError, match="no MemAvailable"):
        available_bytes(meminfo)
    assert available_bytes() > 0


def test_the_store_on_disk_is_its_files_and_ties_from_the_relationship_store(tmp_path):
    folder = tmp_path / "data" / "databases" / "neo4j"
    (folder / "schema").mkdir(parents=True)
    (folder / "neostore.relationshipstore.db").write_bytes(b"\0" * 34 * 100)
    (folder / "schema" / "index").write_bytes(b"\0" * 66)
    assert store_on_disk(tmp_path) == (34 * 100 + 66, 100)
    assert store_on_disk(tmp_path, "other") == (0, 0)


def test_a_server_is_sized_up_but_never_down_when_auto(tmp_path):
    server = Neo4jServer(ServerConfig(home=tmp_path, heap="4g", pagecache="512m"))
    plan = server.size_for(users=1_000_000, ties=TEN_MILLION)
    assert server.config.heap == plan.heap == "4g" and "kept the heap of 4g" in plan.reason
    assert parse_size(server.config.pagecache) > parse_size("512m") or "page cache cut" in plan.reason
    assert server.config.import_off_heap == plan.import_off_heap != AUTO
    server.size_for(users=10, ties=10, heap="2g", pagecache="600m")
    assert (server.config.heap, server.config.pagecache) == ("2g", "600m")
    assert "server.memory.heap.max_size=2g" in server.config.neo4j_conf()
    assert not server.needs_restart()  # not running


def test_a_server_that_does_not_run_gives_nothing_back(tmp_path):
    assert Neo4jServer(ServerConfig(home=tmp_path))._resident_bytes() == 0
