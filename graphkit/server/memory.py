"""How much memory the local Neo4j server and its import tool get: sized from the graph, within the machine.

The rule (every figure a module constant, documented where it is set):

* **store size** (:func:`estimate_store_bytes`): Neo4j's record stores for ``users`` nodes and
  ``ties`` relationships with their properties, plus the ``User.id`` index entries;
* **page cache** = the store size x :data:`PAGECACHE_HEADROOM` (the whole store stays in memory,
  with room for the indexes and later loads), at least :data:`MIN_PAGECACHE`;
* **heap** = :data:`MIN_HEAP` + :data:`HEAP_PER_TIE` per tie (read pages, the constraint's index
  population, a Graph Data Science projection of the graph), at most :data:`MAX_HEAP`;
* **import tool** (``neo4j-admin database import full``, which runs while the server is stopped):
  :data:`IMPORT_HEAP` of heap and ``--max-off-heap-memory`` sized for its id map and relationship
  caches (:data:`IMPORT_OFF_HEAP_PER_USER`, :data:`IMPORT_OFF_HEAP_PER_TIE`), at least
  :data:`MIN_IMPORT_OFF_HEAP` (its own default is 90% of the machine's memory);
* **the bound**: the server's heap + page cache + :data:`JVM_OVERHEAD` must fit in
  :data:`MACHINE_SHARE` of the memory available now (``MemAvailable`` of ``/proc/meminfo``, plus
  what a server about to restart gives back), less :func:`client_reserve` for the Python client
  (it holds the graph while it writes and reads it back). A plan that does not fit gives up page
  cache first (the store is then read through the operating system's cache), then heap, never
  going below the minimums.

An explicit size (``--heap 4g``, ``GRAPHKIT_NEO4J_PAGECACHE=8g``) is taken as given.

Examples
--------
>>> plan = plan_memory(estimate_store_bytes(users=1_000_000, ties=10_000_000), ties=10_000_000,
...                    users=1_000_000, available=16 * GIB)
>>> plan.heap, plan.pagecache, plan.import_heap, plan.import_off_heap
('1280m', '1536m', '1g', '896m')
>>> plan_memory(0, ties=0, heap="4g", available=16 * GIB).heap
'4g'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from graphkit.errors import InvalidInputError

__all__ = [
    "AUTO", "GIB", "MIB", "MemoryPlan", "available_bytes", "budget_bytes", "client_reserve", "estimate_store_bytes",
    "format_size", "parse_size", "plan_memory", "store_on_disk",
]

MIB = 1 << 20
GIB = 1 << 30
AUTO = "auto"
"""The size that means: sized by :func:`plan_memory`."""

NODE_RECORD = 15
RELATIONSHIP_RECORD = 34
PROPERTY_RECORD = 41
"""Bytes of one record in Neo4j 5's ``aligned`` store format (the Community default)."""
BLOCKS_PER_PROPERTY_RECORD = 4
BLOCKS_PER_VALUE = 2
"""8-byte blocks one property takes: a double or a short string 2 (a small int 1: this is an upper bound)."""
INDEX_BYTES_PER_USER = 64
"""The ``User.id`` range index and the label lookup index, per user (short string ids)."""
TIE_BASE_PROPERTIES = 3
"""``weight``, ``p``, ``labelledBy`` on every tie."""
USER_BASE_PROPERTIES = 1
"""``id`` on every user."""

PAGECACHE_HEADROOM = 1.25
MIN_PAGECACHE = 512 * MIB
MIN_HEAP = GIB
HEAP_PER_TIE = 32
MAX_HEAP = 31 * GIB
"""Beyond 31 GB the JVM loses compressed object pointers."""
JVM_OVERHEAD = 512 * MIB
"""Server memory besides heap and page cache (metaspace, threads, Bolt's direct buffers, GC tables)."""
IMPORT_HEAP = GIB
IMPORT_OFF_HEAP_PER_USER = 200
IMPORT_OFF_HEAP_PER_TIE = 64
MIN_IMPORT_OFF_HEAP = 512 * MIB
MACHINE_SHARE = 0.75
"""Of the memory available now, the share the server may take: the rest is for everyone else."""
CLIENT_BASE = 512 * MIB
CLIENT_PER_TIE = 128
"""The Python client's growth while it writes the graph and reads it back (Arrow CSV columns, read pages)."""
ROUNDING = 128 * MIB
"""Sizes are whole multiples of this: the page cache rounded up, the heap to the nearest."""
_SIZE = re.compile(r"(\d+)([kmg]?)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class MemoryPlan:
    """Sizes for the server (``heap``, ``pagecache``) and the import tool, as Neo4j settings take them,
    and why (``reason``, one line)."""

    heap: str
    pagecache: str
    import_heap: str
    import_off_heap: str
    reason: str

    def describe(self) -> str:
        """One line for the user: what was chosen and why."""
        return (f"Neo4j memory: heap {self.heap}, page cache {self.pagecache} "
                f"(import tool: heap {self.import_heap}, off-heap {self.import_off_heap}); {self.reason}")


def parse_size(size: str, what: str = "size") -> int:
    """Bytes of a Neo4j / JVM size such as ``512m`` or ``4g``.

    >>> parse_size("1g"), parse_size("512m"), parse_size("2048")
    (1073741824, 536870912, 2048)
    """
    match = _SIZE.fullmatch(str(size).strip())
    if match is None:
        raise InvalidInputError(f"{what} must be a size such as 512m or 4g (or {AUTO}), got {size!r}")
    number, unit = match.groups()
    return int(number) * {"": 1, "k": 1 << 10, "m": MIB, "g": GIB}[unit.lower()]


def format_size(size: int) -> str:
    """``size`` bytes as a Neo4j / JVM size, in whole MiB (rounded up) or GiB.

    >>> format_size(GIB), format_size(1536 * MIB), format_size(1)
    ('1g', '1536m', '1m')
    """
    if size % GIB == 0 and size:
        return f"{size // GIB}g"
    return f"{max(1, math.ceil(size / MIB))}m"


def estimate_store_bytes(users: int, ties: int, *, user_properties: int = 0, tie_properties: int = 0) -> int:
    """Bytes of Neo4j's store files for ``users`` and ``ties`` with further property columns.

    >>> estimate_store_bytes(users=1, ties=1)  # node 15 + 1 property record + index 64; tie 34 + 2 records
    236
    """
    def records(properties: int) -> int:
        return math.ceil(properties * BLOCKS_PER_VALUE / BLOCKS_PER_PROPERTY_RECORD)

    per_user = (NODE_RECORD + PROPERTY_RECORD * records(USER_BASE_PROPERTIES + user_properties)
                + INDEX_BYTES_PER_USER)
    per_tie = RELATIONSHIP_RECORD + PROPERTY_RECORD * records(TIE_BASE_PROPERTIES + tie_properties)
    return users * per_user + ties * per_tie


def store_on_disk(data_dir: str | Path, database: str = "neo4j") -> tuple[int, int]:
    """(bytes of the database's store files, ties it can hold) in a server's ``data_dir``; (0, 0) if none.

    >>> store_on_disk("/nonexistent")
    (0, 0)
    """
    folder = Path(data_dir) / "data" / "databases" / database
    if not folder.is_dir():
        return 0, 0
    total = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
    relationships = folder / "neostore.relationshipstore.db"
    ties = relationships.stat().st_size // RELATIONSHIP_RECORD if relationships.is_file() else 0
    return total, ties


def available_bytes(meminfo: str | Path = "/proc/meminfo") -> int:
    """``MemAvailable`` of ``/proc/meminfo``: what can be taken without swapping."""
    for line in Path(meminfo).read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    raise OSError(f"{meminfo} has no MemAvailable line")


def client_reserve(ties: int) -> int:
    """Memory left for the Python client that writes ``ties`` and reads them back."""
    return CLIENT_BASE + ties * CLIENT_PER_TIE


def budget_bytes(ties: int, *, available: int | None = None, freed: int = 0) -> int:
    """Bytes the server (or the import tool, which runs while it is stopped) may take: :data:`MACHINE_SHARE`
    of ``available`` (default :func:`available_bytes`) plus ``freed``, less :func:`client_reserve`.

    >>> budget_bytes(0, available=8 * GIB) == 6 * GIB - CLIENT_BASE
    True
    """
    available = available_bytes() if available is None else available
    return int((available + freed) * MACHINE_SHARE) - client_reserve(ties)


def plan_memory(store_bytes: int, *, ties: int, users: int = 0, heap: str = AUTO, pagecache: str = AUTO,
                available: int | None = None, freed: int = 0) -> MemoryPlan:
    """Heap and page cache for a server holding ``store_bytes`` of store with ``ties`` ties and ``users``
    users, and the import tool's memory, within what the machine has.

    Parameters
    ----------
    store_bytes : int
        The store's size (:func:`estimate_store_bytes` before a load, :func:`store_on_disk` after).
    ties, users : int
        Ties and users the database will hold (the heap and the import tool grow with them).
    heap, pagecache : str, default "auto"
        ``auto``, or a size taken as given.
    available : int, optional
        Bytes available; default :func:`available_bytes`.
    freed : int, default 0
        Bytes a server about to be restarted gives back (its resident size now).
    """
    available = (available_bytes() if available is None else available) + freed
    budget = budget_bytes(ties, available=available)
    want_cache = _round(max(MIN_PAGECACHE, store_bytes * PAGECACHE_HEADROOM))
    want_heap = min(MAX_HEAP, round((MIN_HEAP + ties * HEAP_PER_TIE) / ROUNDING) * ROUNDING)
    cache = want_cache if pagecache == AUTO else parse_size(pagecache, "pagecache")
    heap_bytes = want_heap if heap == AUTO else parse_size(heap, "heap")
    reason = (f"store ~{format_size(store_bytes)} for {users:,} users and {ties:,} ties; "
              f"budget {format_size(max(budget, 0))} ({MACHINE_SHARE:.0%} of {format_size(available)} "
              f"available, less {format_size(client_reserve(ties))} for the client)")
    if pagecache == AUTO and heap_bytes + cache + JVM_OVERHEAD > budget:
        cache = max(MIN_PAGECACHE, _round_down(budget - heap_bytes - JVM_OVERHEAD))
        reason += f"; page cache cut from {format_size(want_cache)} to fit"
    if heap == AUTO and heap_bytes + cache + JVM_OVERHEAD > budget:
        heap_bytes = max(MIN_HEAP, _round_down(budget - cache - JVM_OVERHEAD))
        reason += f"; heap cut from {format_size(want_heap)} to fit"
    if heap_bytes + cache + JVM_OVERHEAD > budget:
        reason += "; over budget (as asked, or at the minimums): other processes may be squeezed"
    want_off_heap = _round(max(MIN_IMPORT_OFF_HEAP,
                               users * IMPORT_OFF_HEAP_PER_USER + ties * IMPORT_OFF_HEAP_PER_TIE))
    off_heap = max(MIN_IMPORT_OFF_HEAP, min(want_off_heap, _round_down(budget - IMPORT_HEAP - JVM_OVERHEAD)))
    return MemoryPlan(
        heap=heap if heap != AUTO else format_size(heap_bytes),
        pagecache=pagecache if pagecache != AUTO else format_size(cache),
        import_heap=format_size(IMPORT_HEAP),
        import_off_heap=format_size(off_heap),
        reason=reason,
    )


def _round(size: float) -> int:
    return math.ceil(size / ROUNDING) * ROUNDING


def _round_down(size: float) -> int:
    return max(0, math.floor(size / ROUNDING) * ROUNDING)
