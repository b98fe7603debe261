"""IMM's RR sets on a Dask cluster: drawn and kept on the workers, covered greedily in rounds.

:class:`ClusterRRSets` is the cluster twin of :class:`graphkit.diffusion.coverage.LocalRRSets`.
:meth:`~ClusterRRSets.add` draws the per-set seeds in this process (the same draws as in
process), cuts them into one range per worker and has each worker add its range's sets to the
ones it holds (one chunk of sets per worker, with the sets holding each node); they stay there.
The greedy (:func:`graphkit.diffusion.coverage.greedy_cover`) runs here, on node counts only: the
workers send the counts of their sets once per greedy run (summed on the cluster), and each pick is one
round in which every worker covers its sets holding the pick and sends back only the count
decrements of the nodes in the sets it newly covered. RR sets never travel to this process.

A round sends the picks so far, not just the last: a worker keeps its covered sets between rounds,
and one that lacks them (it was restarted, or Dask recomputed a lost chunk elsewhere from the same
seeds) covers the earlier picks again first. So a worker killed mid-run changes nothing.

Examples
--------
>>> from graphkit import cluster
>>> from graphkit.diffusion.seeds import select_seed_nodes  # doctest: +SKIP
>>> with cluster.connect("local:2"):  # doctest: +SKIP
...     seed_set = select_seed_nodes(graph, model, constraints, rng=7)  # the in-process seeds
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from concurrent.futures import CancelledError
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from graphkit.cluster._scatter import shared
from graphkit.cluster._worker import ByName
from graphkit.diffusion._rr import ChunkedSampler, invert_rr_sets
from graphkit.errors import ClusterUnavailableError
from graphkit.rng import draw_seeds

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client, Future

__all__ = ["ClusterRRSets"]


class _Chunk(NamedTuple):
    """One worker's share of the sets, with the sets holding each node."""

    indptr: np.ndarray
    nodes: np.ndarray
    node_indptr: np.ndarray
    set_ids: np.ndarray


def _grow(previous: _Chunk | None, n: int, kernel: ByName, *arrays_then_seeds) -> _Chunk:
    """``previous``'s sets (if any) and the sets of the seeds (last argument) drawn by the sampler's
    ``kernel`` from its arrays, with the sets holding each node."""
    *arrays, set_seeds = arrays_then_seeds
    nodes, sizes = kernel(*arrays, set_seeds, np.int64(0), np.int64(len(set_seeds)))
    if previous is not None:
        nodes = np.concatenate([previous.nodes, nodes])
        sizes = np.concatenate([np.diff(previous.indptr), sizes])
    indptr = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=indptr[1:])
    return _Chunk(indptr, nodes, *invert_rr_sets(indptr, nodes, n))


def _counts(chunk: _Chunk) -> np.ndarray:
    """How many of the chunk's sets hold each node."""
    return np.diff(chunk.node_indptr)


def _total(*counts: np.ndarray) -> np.ndarray:
    """The chunks' counts added up."""
    return np.sum(counts, axis=0)


_MASKS: OrderedDict[tuple[str, str], tuple[int, np.ndarray]] = OrderedDict()  # on each worker
_MASKS_KEPT = 8
_RETRIES = 4  # times a step is repeated after chunks were lost with a worker


def _cover_last(chunk: _Chunk, chunk_key: str, run: str, picks: tuple[int, ...]) -> tuple[int, np.ndarray, np.ndarray]:
    """Cover ``picks[-1]`` in ``chunk``: (sets newly covered, nodes whose count fell, by how much).

    The covered sets of the run so far are kept on the worker between rounds; a worker that lacks
    them (it restarted, or the chunk was made again) covers ``picks[:-1]`` again first, which gives
    the same sets.
    """
    key = (run, chunk_key)  # a chunk's sets are fixed by its seeds: any copy of it has the same mask
    done, covered = _MASKS.pop(key, (0, None))
    if covered is None or done != len(picks) - 1 or len(covered) != len(chunk.indptr) - 1:
        covered = np.zeros(len(chunk.indptr) - 1, dtype=np.bool_)
        for v in picks[:-1]:
            _cover(chunk, covered, v)
    change = _cover(chunk, covered, picks[-1])
    _MASKS[key] = (len(picks), covered)
    while len(_MASKS) > _MASKS_KEPT:
        _MASKS.popitem(last=False)
    return change


def _cover(chunk: _Chunk, covered: np.ndarray, v: int) -> tuple[int, np.ndarray, np.ndarray]:
    """Mark the uncovered sets holding ``v`` in ``covered``; what :func:`_cover_last` returns."""
    holding = chunk.set_ids[chunk.node_indptr[v] : chunk.node_indptr[v + 1]]
    new = holding[~covered[holding]]
    covered[new] = True
    starts = chunk.indptr[new]
    sizes = chunk.indptr[new + 1] - starts
    positions = np.repeat(starts - np.cumsum(sizes) + sizes, sizes) + np.arange(sizes.sum())
    nodes, drops = np.unique(chunk.nodes[positions], return_counts=True)
    return len(new), nodes, drops


def _size(chunk: _Chunk) -> tuple[int, int, int]:
    """(sets, entries, bytes) of a chunk."""
    return len(chunk.indptr) - 1, int(chunk.indptr[-1]), sum(array.nbytes for array in chunk)


class ClusterRRSets:
    """RR sets drawn from ``sampler`` and kept on ``client``'s workers (see the module docstring).

    Every task that reads a chunk asks for the worker holding it (a loose restriction), so chunks
    do not move. A chunk lost with a worker is made again by Dask from its lineage; if Dask has
    forgotten that (a grown chunk's earlier part), this class makes it again from all the seeds
    the chunk was drawn from, on a worker that is alive, and repeats the step: the same sets.
    """

    def __init__(self, client: Client, sampler: ChunkedSampler) -> None:
        self.client = client
        self.n_sets = 0
        self.chunks: list[Future] = []
        self.homes: list[str] = []
        self.seeds: list[list[np.ndarray]] = []  # the set seeds of each chunk, in order
        self.rounds = 0  # greedy rounds (picks) run, and the count decrements they brought here, in bytes
        self.received = 0
        arrays = sampler.kernel_arrays()
        self._arrays = [sampler.n, ByName(type(sampler).kernel), *(shared(client, value) for value in arrays)]

    def _on_chunks(self, function, *arguments, keyed: bool = False) -> list[Future]:
        """``function(chunk, *arguments)`` for every chunk, each where its chunk is (``keyed``: with
        the chunk's Dask key after it)."""
        return [
            self.client.submit(
                function, chunk, *([chunk.key] if keyed else []), *arguments, workers=[home],
                allow_other_workers=True, pure=False,
            )
            for chunk, home in zip(self.chunks, self.homes)
        ]

    def _gather(self, submit) -> list:
        """``client.gather(submit())``, again after making lost chunks anew (a worker died)."""
        from distributed.comm import CommClosedError

        attempt = 0
        while True:
            try:
                return self.client.gather(submit())
            except (CancelledError, CommClosedError, OSError):
                attempt += 1
                if attempt > _RETRIES:
                    raise
                time.sleep(0.5 * 2**attempt)  # until the scheduler has let go of the dead worker
                self._remake_lost()

    def _remake_lost(self) -> None:
        """Chunks that are not in memory anywhere, made again from their seeds on live workers."""
        alive = sorted(self.client.nthreads())
        if not alive:
            raise ClusterUnavailableError("the Dask cluster lost all its workers")
        for i, chunk in enumerate(self.chunks):
            try:
                held = self.client.who_has([chunk]).get(chunk.key)
            except CancelledError:  # the scheduler forgot the chunk along with its worker
                held = None
            if held:
                self.homes[i] = held[0]
                continue
            self.homes[i] = alive[i % len(alive)]
            self.chunks[i] = self.client.submit(
                _grow, None, *self._arrays, np.concatenate(self.seeds[i]), workers=[self.homes[i]],
                allow_other_workers=True, pure=False,
            )

    def add(self, count: int, rng: np.random.Generator) -> None:
        """Draw ``count`` more sets on the workers (the sets ``sampler.draw(count, rng)`` would make).

        The first draw makes one chunk per worker; later ones grow each chunk where it is.
        """
        set_seeds = draw_seeds(rng, count)
        if not self.chunks:
            self.homes = sorted(self.client.nthreads())
            if not self.homes:
                raise ClusterUnavailableError("the Dask cluster has no workers")
            self.chunks = [None] * len(self.homes)
            self.seeds = [[] for _ in self.homes]
        parts = len(self.chunks)
        for i in range(parts):
            self.seeds[i].append(set_seeds[count * i // parts : count * (i + 1) // parts])
        self.chunks = [
            self.client.submit(
                _grow, chunk, *self._arrays, seeds[-1], workers=[home], allow_other_workers=True, pure=False,
            )
            for chunk, home, seeds in zip(self.chunks, self.homes, self.seeds)
        ]
        self.n_sets += count

    def clear(self) -> None:
        """Drop every set from the workers."""
        for chunk in self.chunks:
            chunk.release()
        self.chunks, self.homes, self.seeds, self.n_sets = [], [], [], 0

    def coverage(self):
        """Fresh ``(counts, cover)``: counts summed on the cluster; ``cover`` one round per pick."""
        client = self.client
        [counts] = self._gather(lambda: [client.submit(_total, *self._on_chunks(_counts), pure=False)])
        counts = counts.astype(np.int64)
        run = uuid.uuid4().hex
        picks: list[int] = []

        def cover(v: int) -> int:
            picks.append(v)
            gain = 0
            changes = self._gather(lambda: self._on_chunks(_cover_last, run, tuple(picks), keyed=True))
            for part, nodes, drops in changes:
                gain += part
                counts[nodes] -= drops
                self.received += nodes.nbytes + drops.nbytes
            self.rounds += 1
            return gain

        return counts, cover

    def report(self) -> dict:
        """``rr_set_entries``, the sets and bytes each worker holds, and the greedy rounds run so far
        (all of this IMM's greedy runs) with the bytes of count decrements they brought back."""
        sizes = self._gather(lambda: self._on_chunks(_size))
        holders = self.client.who_has(self.chunks)
        sets_per_worker: dict[str, int] = {}
        bytes_per_worker: dict[str, int] = {}
        for chunk, (n_sets, _, n_bytes) in zip(self.chunks, sizes):
            for worker in holders.get(chunk.key, ()):
                sets_per_worker[worker] = sets_per_worker.get(worker, 0) + n_sets
                bytes_per_worker[worker] = bytes_per_worker.get(worker, 0) + n_bytes
        return {
            "rr_set_entries": sum(entries for _, entries, _ in sizes),
            "rr_sets_per_worker": sets_per_worker,
            "rr_bytes_per_worker": bytes_per_worker,
            "greedy_rounds": self.rounds,
            "greedy_bytes_received": self.received,
        }
