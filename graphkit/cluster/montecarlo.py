"""Monte Carlo trials on a Dask cluster: ranges of trials mapped over the workers, counts reduced.

The graph's arrays go to every worker once (:func:`graphkit.cluster._scatter.shared`); each worker
runs the in-process kernel on its threads over one range of the trial seeds (in proportion to its
threads), and the client puts the per-trial counts back in trial order and adds the per-node and
per-step counts (integers, so the sums are exact).
Every trial owns its seed, so the result is the in-process one, bit for bit.

Examples
--------
>>> from graphkit import cluster
>>> from graphkit.diffusion.simulate import estimate_spread
>>> with cluster.connect("local:2"):  # doctest: +SKIP
...     estimate = estimate_spread(graph, seeds, model, n_trials=100_000, rng=7)  # as in process
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from graphkit.cluster._scatter import shared
from graphkit.cluster._worker import ByName, kernel_threads
from graphkit.errors import ClusterUnavailableError

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

__all__ = ["run_trials"]


def _trial_range(kernel, inputs, trial_seeds, coins, objective, weights):
    with kernel_threads() as threads:
        n_chunks = np.int64(max(1, min(len(trial_seeds), threads)))
        return kernel(*inputs, trial_seeds, coins, objective, weights, n_chunks)


def run_trials(client: Client, kernel, inputs: tuple, trial_seeds: np.ndarray, coins: np.ndarray, objective, weights):
    """``kernel(*inputs, trial_seeds, coins, objective, weights, n_chunks)`` on ``client``'s workers, by trial ranges.

    ``kernel`` is :func:`graphkit.diffusion._kernels._run_trials`; one range per worker, in
    proportion to its threads, which the kernel uses. The results are put together as one call
    over all trials would return them, adding up each worker's counts as they arrive.
    """
    threads = sorted(client.nthreads().items())
    if not threads:
        raise ClusterUnavailableError("the Dask cluster has no workers")
    bounds = np.cumsum([0] + [count for _, count in threads]) * len(trial_seeds) // sum(c for _, c in threads)
    remote = [shared(client, value) for value in inputs]
    remote_weights = shared(client, weights)
    futures = [
        client.submit(
            _trial_range, ByName(kernel), remote, trial_seeds[first:last], coins[first:last] if coins.size else coins,
            objective, remote_weights, workers=[address], allow_other_workers=True, pure=False,
        )
        for (address, _), first, last in zip(threads, bounds[:-1], bounds[1:])
        if last > first
    ]
    per_trial: list[list[np.ndarray]] = [[], [], []]
    node_counts = step_counts = 0
    for future in futures:
        awareness, adoption, weighted, nodes, steps = future.result()
        for parts, part in zip(per_trial, (awareness, adoption, weighted)):
            parts.append(part)
        node_counts = node_counts + nodes
        step_counts = step_counts + steps
        future.release()
    return (*(np.concatenate(parts) for parts in per_trial), node_counts, step_counts)
