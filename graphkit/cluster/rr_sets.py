"""IMM's RR sets on a Dask cluster: drawn and kept on the workers, covered greedily in rounds.

:class:`ClusterRRSets` is the cluster twin of :class:`graphkit.diffusion.coverage.LocalRRSets`.
:meth:`~ClusterRRSets.add` draws the per-set seeds in this process (the same draws as in
process), cuts them into one range per worker and has each worker make its range's sets and their
node index, which stay where they were made. The greedy
(:func:`graphkit.diffusion.coverage.greedy_cover`) runs here, on node counts only: the workers
send the counts of their sets once per greedy run (summed on the cluster), and each pick is one
round in which every worker covers its sets holding the pick and sends back only the count
decrements of the nodes in the sets it newly covered. RR sets never travel to this process.

Each round's covered-set masks are new futures computed from the previous ones, so a worker lost
mid-run has its sets and masks recomputed by Dask from the same seeds: the result does not change.

Examples
--------
>>> from graphkit import cluster
>>> from graphkit.diffusion.seeds import select_seed_nodes  # doctest: +SKIP
>>> with cluster.connect("local:2"):  # doctest: +SKIP
...     seed_set = select_seed_nodes(graph, model, constraints, rng=7)  # the in-process seeds
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from graphkit.cluster._scatter import shared
from graphkit.cluster.montecarlo import trial_ranges
from graphkit.diffusion._rr import RRSampler, _rr_chunk, invert_rr_sets
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


def _make_chunk(kind, in_indptr, in_indices, value, in_cut, node_p, cumulative, set_seeds) -> _Chunk:
    nodes, sizes = _rr_chunk(
        kind, in_indptr, in_indices, value, in_cut, node_p, cumulative, set_seeds, np.int64(0),
        np.int64(len(set_seeds)),
    )
    indptr = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=indptr[1:])
    return _Chunk(indptr, nodes, *invert_rr_sets(indptr, nodes, len(in_indptr) - 1))


def _chunk_counts(chunk: _Chunk) -> np.ndarray:
    return np.diff(chunk.node_indptr)


def _total(*counts: np.ndarray) -> np.ndarray:
    return np.sum(counts, axis=0)


class _Covered(NamedTuple):
    """A chunk's covered sets after a pick, and what the pick changed."""

    mask: np.ndarray
    gain: int
    nodes: np.ndarray  # nodes whose count fell
    drops: np.ndarray  # by how much


def _cover(chunk: _Chunk, previous: _Covered | None, v: int) -> _Covered:
    covered = np.zeros(len(chunk.indptr) - 1, dtype=np.bool_) if previous is None else previous.mask.copy()
    holding = chunk.set_ids[chunk.node_indptr[v] : chunk.node_indptr[v + 1]]
    new = holding[~covered[holding]]
    covered[new] = True
    starts, sizes = chunk.indptr[new], np.diff(chunk.indptr)[new]
    positions = np.repeat(starts - np.cumsum(sizes) + sizes, sizes) + np.arange(sizes.sum())
    nodes, drops = np.unique(chunk.nodes[positions], return_counts=True)
    return _Covered(covered, len(new), nodes, drops)


def _change(covered: _Covered) -> tuple[int, np.ndarray, np.ndarray]:
    return covered.gain, covered.nodes, covered.drops


def _size(chunk: _Chunk) -> tuple[int, int, int]:
    return len(chunk.indptr) - 1, int(chunk.indptr[-1]), sum(array.nbytes for array in chunk)


class ClusterRRSets:
    """RR sets drawn from ``sampler`` and kept on ``client``'s workers (see the module docstring)."""

    def __init__(self, client: Client, sampler: RRSampler, n: int) -> None:
        self.client = client
        self.n = n
        self.n_sets = 0
        self.chunks: list[Future] = []
        self._arrays = [
            shared(client, value)
            for value in (
                np.int64(sampler.kind), sampler.in_indptr, sampler.in_indices, sampler.value, sampler.in_cut,
                sampler.node_p, sampler.cumulative,
            )
        ]

    def add(self, count: int, rng: np.random.Generator) -> None:
        """Draw ``count`` more sets on the workers (the sets ``sampler.draw(count, rng)`` would make)."""
        set_seeds = draw_seeds(rng, count)
        workers = sorted(self.client.nthreads())
        for (first, last), worker in zip(trial_ranges(count, len(workers)), workers):
            self.chunks.append(
                self.client.submit(
                    _make_chunk, *self._arrays, set_seeds[first:last], workers=[worker], allow_other_workers=True,
                    pure=False,
                )
            )
        self.n_sets += count

    def clear(self) -> None:
        """Drop every set from the workers."""
        for chunk in self.chunks:
            chunk.release()
        self.chunks, self.n_sets = [], 0

    def coverage(self):
        """Fresh ``(counts, cover)``: counts summed on the cluster; ``cover`` one round per pick."""
        client = self.client
        per_chunk = [client.submit(_chunk_counts, chunk, pure=False) for chunk in self.chunks]
        counts = client.submit(_total, *per_chunk, pure=False).result().astype(np.int64)
        state: list[Future | None] = [None] * len(self.chunks)

        def cover(v: int) -> int:
            state[:] = [
                client.submit(_cover, chunk, previous, v, pure=False) for chunk, previous in zip(self.chunks, state)
            ]
            gain = 0
            for part, nodes, drops in client.gather([client.submit(_change, covered) for covered in state]):
                gain += part
                counts[nodes] -= drops
            return gain

        return counts, cover

    def report(self) -> dict:
        """``rr_set_entries``, and the sets and bytes each worker holds."""
        sizes = self.client.gather([self.client.submit(_size, chunk, pure=False) for chunk in self.chunks])
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
        }
