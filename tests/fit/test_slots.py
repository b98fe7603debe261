"""Slot exposures: keys factorised, folds merged, the events' log-likelihood alone."""

from __future__ import annotations

import math
from dataclasses import fields

import numpy as np
import pytest

from graphkit.fit.exposures import find_exposures
from graphkit.fit.slots import SlotExposures, _factorize
from tests.fit.test_exposures import random_cascades, random_graph


@pytest.mark.parametrize("seed", range(6))
def test_merging_the_folds_gives_one_slot_per_arc(seed):
    rng = np.random.default_rng(seed)
    graph = random_graph(rng, n=20, m=70, directed=seed % 2 == 0)
    cascades = random_cascades(rng, graph, 60, known_share=0.2)
    exposures = find_exposures(graph, cascades, window=[math.inf, 2.0][seed % 2])
    by_fold = SlotExposures.from_exposures(exposures, rng.integers(0, 4, cascades.n_cascades))
    merged = by_fold.merged_folds()
    expected = SlotExposures.from_exposures(exposures, np.zeros(cascades.n_cascades, dtype=np.int64))
    assert by_fold.n_slots > merged.n_slots > 0
    for field in fields(SlotExposures):
        assert np.array_equal(getattr(merged, field.name), getattr(expected, field.name)), field.name


DENSE = np.random.default_rng(0).integers(0, 1000, 5000)


@pytest.mark.parametrize("keys, n_keys", [([7, 2, 7, 4], 10), ([], 5), ([0, 0, 0], 1), (DENSE, 1000),
                                          (DENSE, 10**6), ([3, -1, 3], 4), ([2, 9], 5), ([5, 2_000_000], 3_000_000)])
def test_factorize_is_unique_with_the_inverse(keys, n_keys):  # marking dense ranges, np.unique for the rest
    keys = np.array(keys, dtype=np.int64)
    values, index = _factorize(keys, n_keys)
    expected_values, expected_index = np.unique(keys, return_inverse=True)
    assert values.tolist() == expected_values.tolist() and index.tolist() == expected_index.tolist()


def test_the_events_log_likelihood_alone_is_the_e_steps():
    rng = np.random.default_rng(2)
    graph = random_graph(rng, n=20, m=70, directed=True)
    cascades = random_cascades(rng, graph, 60, known_share=0.2)
    slots = SlotExposures.from_exposures(find_exposures(graph, cascades), rng.integers(0, 3, cascades.n_cascades))
    p = rng.uniform(0.01, 0.5, slots.n_slots)
    weights = rng.integers(0, 3, 60).astype(float)
    assert slots.event_loglik(np.log1p(-p), weights) == pytest.approx(slots.e_step(p, np.log1p(-p), weights)[1],
                                                                      rel=1e-14)


def test_a_fold_for_each_cascade_is_required():
    rng = np.random.default_rng(4)
    graph = random_graph(rng, n=20, m=70, directed=True)
    cascades = random_cascades(rng, graph, 60, known_share=0.0)
    exposures = find_exposures(graph, cascades)
    n = cascades.n_cascades
    for folds in (np.zeros(n - 1, int), np.zeros(n + 1, int), np.full(n, -1)):
        with pytest.raises(ValueError, match="one fold >= 0 per cascade"):
            SlotExposures.from_exposures(exposures, folds)
