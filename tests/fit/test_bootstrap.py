"""Bootstrap re-weighting and percentile intervals."""

from __future__ import annotations

import numpy as np

from graphkit.fit.bootstrap import bootstrap_draws, percentile_intervals


def test_each_draw_resamples_all_units_and_the_same_rng_repeats_it():
    seen = []

    def estimate(weights):
        seen.append(weights)
        return np.array([weights[0], weights.sum()])

    draws = bootstrap_draws(estimate, 10, 300, 2, rng=4)
    assert draws.shape == (300, 2) and (draws[:, 1] == 10).all()
    assert all(w.dtype == np.float64 and (w >= 0).all() and (w == np.round(w)).all() for w in seen)
    assert 0.85 < draws[:, 0].mean() < 1.15  # each unit once on average
    np.testing.assert_array_equal(draws, bootstrap_draws(estimate, 10, 300, 2, rng=4))
    assert bootstrap_draws(estimate, 10, 0, 2, rng=4).shape == (0, 2)


def test_percentile_intervals_leave_out_nan_draws():
    draws = np.column_stack([np.arange(101.0), np.where(np.arange(101) % 2 == 0, np.arange(101.0), np.nan),
                             np.full(101, np.nan)])
    intervals = percentile_intervals(draws)
    np.testing.assert_allclose(intervals[0], [2.5, 97.5])
    np.testing.assert_allclose(intervals[1], [2.5, 97.5])
    assert np.isnan(intervals[2]).all()
    np.testing.assert_allclose(percentile_intervals(draws[:, :1], level=0.5)[0], [25.0, 75.0])
