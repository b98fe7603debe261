"""Bootstrap over cascades: refit with cascades re-weighted by multinomial counts, percentile intervals.

Cascades are the independent units of the data (the ties of one graph are shared by all of them),
so each bootstrap draw resamples ``n_cascades`` cascades with replacement, which is the same as
counting cascade ``c`` ``k_c`` times with ``k ~ Multinomial(n_cascades, uniform)``. Re-weighting
needs no new exposures: the fit's sufficient statistics are weighted sums over cascades. Percentile
intervals are used rather than Wald intervals from the observed information, which the prototype
found too narrow on real cascades (overdispersion between cascades inflates the real spread).

Examples
--------
>>> import numpy as np
>>> values = np.array([1.0, 2.0, 3.0, 4.0])
>>> draws = bootstrap_draws(lambda weights: weights @ values / weights.sum(), 4, 200, 1, rng=1)
>>> draws.shape
(200, 1)
>>> low, high = percentile_intervals(draws)[0]
>>> bool(1.0 <= low < 2.5 < high <= 4.0)
True
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from graphkit.rng import RngLike, make_rng

__all__ = ["bootstrap_draws", "percentile_intervals"]


def bootstrap_draws(
    estimate: Callable[[np.ndarray], np.ndarray], n_units: int, n_boot: int, n_params: int, rng: RngLike
) -> np.ndarray:
    """``estimate(weights)`` (``n_params`` values) for ``n_boot`` multinomial re-weightings of
    ``n_units`` units, shape (n_boot, n_params)."""
    generator = make_rng(rng)
    draws = np.empty((n_boot, n_params))
    for row in draws:  # the counts of n_units uniform picks: Multinomial, six times faster than multinomial()
        row[:] = estimate(np.bincount(generator.integers(0, n_units, n_units), minlength=n_units).astype(np.float64))
    return draws


def percentile_intervals(draws: np.ndarray, level: float = 0.95) -> np.ndarray:
    """The central ``level`` percentile interval of each column, shape (n_columns, 2).

    NaN draws (a parameter a resample has no data for) are left out; a column with no finite draw
    gets ``(nan, nan)``.
    """
    tail = 100.0 * (1.0 - level) / 2.0
    intervals = np.full((draws.shape[1], 2), np.nan)
    for column, values in enumerate(draws.T):
        finite = values[np.isfinite(values)]
        if len(finite):
            intervals[column] = np.percentile(finite, [tail, 100.0 - tail])
    return intervals
