"""Monte Carlo trials on a Dask cluster: ranges of trials mapped over the workers, counts reduced.

The graph's arrays go to every worker once (:func:`graphkit.cluster._scatter.shared`); each task
runs the in-process kernel on a range of the trial seeds (two ranges per worker thread, spread over
the workers), and the client puts the per-trial counts
back in trial order and adds the per-node and per-step counts (integers, so the sums are exact).
Every trial owns its seed, so the result is the in-process one, bit for bit.

Examples
--------
>>> import numpy as np
>>> trial_ranges(10, 3)
[(0, 3), (3, 6), (6, 10)]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from graphkit.cluster._scatter import shared, worker_threads

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

__all__ = ["run_trials", "trial_ranges"]


def trial_ranges(n_items: int, n_parts: int) -> list[tuple[int, int]]:
    """``n_parts`` consecutive ranges covering ``0..n_items`` (as even as integers allow)."""
    n_parts = max(1, min(n_items, n_parts))
    bounds = [n_items * i // n_parts for i in range(n_parts + 1)]
    return list(zip(bounds[:-1], bounds[1:]))


def _trial_range(kernel, inputs, trial_seeds, coins, objective, weights):
    import numba

    threads = worker_threads()
    numba.set_num_threads(threads)
    n_chunks = np.int64(max(1, min(len(trial_seeds), 2 * threads)))
    return kernel(*inputs, trial_seeds, coins, objective, weights, n_chunks)


def run_trials(client: Client, kernel, inputs: tuple, trial_seeds: np.ndarray, coins: np.ndarray, objective, weights):
    """``kernel(*inputs, trial_seeds, coins, objective, weights, n_chunks)`` on ``client``'s workers, by trial ranges.

    ``kernel`` is :func:`graphkit.diffusion._kernels._run_trials`; its results are put together as
    one call over all trials would return them.
    """
    slots = [address for address, threads in sorted(client.nthreads().items()) for _ in range(threads)]
    remote = [shared(client, value) for value in inputs]
    remote_weights = shared(client, weights)
    futures = [
        client.submit(
            _trial_range, kernel, remote, trial_seeds[first:last], coins[first:last] if coins.size else coins,
            objective, remote_weights, workers=[slots[i % len(slots)]], allow_other_workers=True, pure=False,
        )
        for i, (first, last) in enumerate(trial_ranges(len(trial_seeds), 2 * len(slots)))
    ]
    parts = client.gather(futures)
    return (
        np.concatenate([part[0] for part in parts]),
        np.concatenate([part[1] for part in parts]),
        np.concatenate([part[2] for part in parts]),
        np.sum([part[3] for part in parts], axis=0),
        np.sum([part[4] for part in parts], axis=0),
    )
