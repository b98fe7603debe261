"""The example generator and rng normalisation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from graphkit.errors import InvalidInputError
from graphkit.generate import generate_social_graph
from graphkit.rng import draw_seeds, make_rng, seed_of


def test_same_rng_same_graph_different_rng_different_graph():
    first = generate_social_graph(n_users=400, rng=5)
    again = generate_social_graph(n_users=400, rng=5)
    other = generate_social_graph(n_users=400, rng=6)
    pd.testing.assert_frame_equal(first.ties, again.ties)
    assert not first.ties[["source", "target"]].equals(other.ties[["source", "target"]])


def test_generated_graph_has_circles_strong_inside_and_weak_across():
    graph = generate_social_graph(n_users=3000, mean_degree=12, rng=1)
    circle = graph.users["circle"].to_numpy()
    inside = circle[graph.ties["source"]] == circle[graph.ties["target"]]
    strong = (graph.ties["tie"] == "strong").to_numpy()
    assert inside.mean() > 0.7
    assert strong[inside].mean() > 0.5 > strong[~inside].mean()
    assert graph.out_degree().max() > 5 * graph.out_degree().mean()  # hubs exist
    assert (graph.users["cost"] > 0).all()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"n_users": 1}, "n_users must be >= 2, got 1"),
        ({"mixing": 1.5}, r"mixing must be in \[0, 1\], got 1.5"),
        ({"activity_exponent": 1.0}, "activity_exponent must be > 1, got 1.0"),
        ({"n_circles": 0}, r"n_circles must be in \[1, 1000\], got 0"),
    ],
)
def test_generator_rejects_bad_arguments(arguments, message):
    with pytest.raises(InvalidInputError, match=message):
        generate_social_graph(**{"n_users": 1000, **arguments})


def test_make_rng_accepts_ints_sequences_and_generators():
    assert make_rng(3).random() == make_rng(np.random.SeedSequence(3)).random()
    generator = np.random.default_rng(1)
    assert make_rng(generator) is generator
    assert seed_of(3) == 3 and seed_of(generator) is None


@pytest.mark.parametrize("bad", [-1, True, 1.5, "7"])
def test_make_rng_rejects_other_values(bad):
    with pytest.raises(InvalidInputError, match="rng must be"):
        make_rng(bad)


def test_draw_seeds_is_reproducible():
    assert np.array_equal(draw_seeds(make_rng(9), 5), draw_seeds(make_rng(9), 5))
    assert draw_seeds(make_rng(9), 5).dtype == np.uint64
