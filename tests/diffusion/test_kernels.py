"""The numba cascade kernels against a slow pure-Python oracle fed the same pre-drawn randomness."""

from __future__ import annotations

from collections import deque

import numba
import numpy as np
import pandas as pd
import pytest

from graphkit.diffusion import _kernels
from graphkit.diffusion._random import coin_cuts, next_bits
from graphkit.diffusion.models import ICModel, LTModel
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph
from graphkit.rng import draw_seeds, make_rng
from tests.conftest import NAMED_GRAPHS


def _oracle_trial(graph, kind, arc_value, seeds, coins_row):
    """Activation step of every node (-1 = never) in one trial, computed the slow, obvious way.

    IC: with one pre-drawn uniform per arc, arc a is live iff coins_row[a] < p[a]; a node's step is
    its hop distance from the seeds over live arcs. LT: synchronous rounds; in round r an inactive
    node activates when its threshold is below the summed weight of in-arcs from active nodes.
    """
    n = graph.n_nodes
    tails = graph.arc_source.tolist()
    heads = graph.indices.tolist()
    step = [-1] * n
    for s in seeds:
        step[s] = 0
    if kind == _kernels.IC:
        queue = deque(int(s) for s in seeds)
        while queue:
            u = queue.popleft()
            for arc in range(graph.indptr[u], graph.indptr[u + 1]):
                v = heads[arc]
                if coins_row[arc] < arc_value[arc] and step[v] == -1:
                    step[v] = step[u] + 1
                    queue.append(v)
        return step
    level = 0
    while True:
        level += 1
        newly = []
        for v in range(n):
            if step[v] != -1:
                continue
            total = sum(arc_value[a] for a in range(len(heads)) if heads[a] == v and step[tails[a]] != -1)
            if coins_row[v] < total:
                newly.append(v)
        if not newly:
            return step
        for v in newly:
            step[v] = level


def _oracle_counts(graph, steps, seeds, objective, weights):
    """aware, adopted, weighted total, counted-per-node, counted-per-step for one trial's steps."""
    tails = graph.arc_source.tolist()
    heads = graph.indices.tolist()
    strong = graph.arc_strong.tolist()
    n = graph.n_nodes
    counted = [False] * n
    adopted = [False] * n
    for v in range(n):
        if steps[v] == -1:
            continue
        earlier = [a for a in range(len(heads)) if heads[a] == v and 0 <= steps[tails[a]] < steps[v]]
        adopted[v] = v in seeds or any(strong[a] for a in earlier) or len(earlier) >= 2
        counted[v] = adopted[v] if objective == _kernels.ADOPTION else True
    per_step = {}
    for v in range(n):
        if counted[v]:
            per_step[steps[v]] = per_step.get(steps[v], 0) + 1
    weighted = sum(weights[v] for v in range(n) if counted[v])
    aware = sum(1 for s in steps if s != -1)
    return aware, sum(adopted), weighted, counted, per_step


def _directed_mixed_graph():
    return generate_social_graph(n_users=120, mean_degree=5, directed=True, rng=11)


GRAPHS = {
    **{name: factory for name, factory in NAMED_GRAPHS.items() if name != "empty"},
    "directed120": _directed_mixed_graph,
}


@pytest.mark.parametrize("graph_name", sorted(GRAPHS))
@pytest.mark.parametrize("kind", [_kernels.IC, _kernels.LT], ids=["ic", "lt"])
@pytest.mark.parametrize("objective", [_kernels.AWARENESS, _kernels.ADOPTION], ids=["awareness", "adoption"])
def test_kernel_equals_oracle_on_the_same_coins(graph_name, kind, objective):
    graph = GRAPHS[graph_name]()
    generator = np.random.default_rng(5)
    n_trials = 25
    if kind == _kernels.IC:
        arc_value = ICModel(p_strong=0.5, p_weak=0.2).arc_probabilities(graph)
        coins = generator.random((n_trials, graph.n_arcs))
    else:
        arc_value = LTModel(w_strong=1.0, w_weak=0.3).arc_weights(graph)
        coins = generator.random((n_trials, graph.n_nodes))
    seeds = [0, graph.n_nodes - 1] if graph.n_nodes > 1 else [0]
    weights = generator.integers(0, 4, size=graph.n_nodes).astype(np.float64)  # integers: sums are exact
    got = _kernels.simulate_cascades(
        graph,
        kind,
        arc_value,
        np.array(seeds),
        np.zeros(n_trials, dtype=np.uint64),
        objective=objective,
        target_weights=weights,
        coins=coins,
    )
    node_counts = np.zeros(graph.n_nodes, dtype=np.int64)
    step_counts: dict[int, int] = {}
    for trial in range(n_trials):
        steps = _oracle_trial(graph, kind, arc_value, seeds, coins[trial])
        aware, adopted, weighted, counted, per_step = _oracle_counts(
            graph, steps, set(seeds), objective, weights
        )
        assert (got.awareness[trial], got.adoption[trial], got.weighted[trial]) == (aware, adopted, weighted)
        node_counts += np.array(counted, dtype=np.int64)
        for level, count in per_step.items():
            step_counts[level] = step_counts.get(level, 0) + count
    assert got.node_counts.tolist() == node_counts.tolist()
    expected_steps = [step_counts.get(level, 0) for level in range(max(step_counts) + 1)]
    assert got.step_counts.tolist() == expected_steps


def test_oracle_comparison_sees_cascades_beyond_the_seeds():
    """The coin settings above must produce real cascades, or the equality test proves little."""
    graph = _directed_mixed_graph()
    arc_value = ICModel(p_strong=0.5, p_weak=0.2).arc_probabilities(graph)
    coins = np.random.default_rng(5).random((25, graph.n_arcs))
    got = _kernels.simulate_cascades(
        graph, _kernels.IC, arc_value, np.array([0, 119]), np.zeros(25, np.uint64), coins=coins
    )
    assert got.awareness.max() > 10
    assert (got.adoption < got.awareness).any()


def _splitmix_coins(graph, arc_value, seeds, seed):
    """The uniform each IC arc gets from the trial's own SplitMix64 stream (pure Python), 1.0 if never drawn.

    Draws go, in order, to the out-arcs of each activated node in activation (breadth-first) order.
    """
    mask = 2**64 - 1
    state = int(seed)
    coins = np.ones(graph.n_arcs)
    active = set(int(s) for s in seeds)
    queue = deque(int(s) for s in seeds)
    while queue:
        u = queue.popleft()
        for arc in range(graph.indptr[u], graph.indptr[u + 1]):
            state = (state + 0x9E3779B97F4A7C15) & mask
            z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & mask
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
            coins[arc] = ((z ^ (z >> 31)) >> 11) * 2.0**-53
            v = int(graph.indices[arc])
            if coins[arc] < arc_value[arc] and v not in active:
                active.add(v)
                queue.append(v)
    return coins


@pytest.mark.parametrize("objective", [_kernels.AWARENESS, _kernels.ADOPTION], ids=["awareness", "adoption"])
def test_generator_path_equals_oracle_on_splitmix_draws(objective):
    """Without ``coins`` (the hot loop), every trial matches the oracle fed its SplitMix64 draws."""
    graph = _directed_mixed_graph()
    arc_value = ICModel(p_strong=0.5, p_weak=0.2).arc_probabilities(graph)
    hub = int(np.argmax(graph.out_degree()))
    assert graph.out_degree()[hub] >= 16  # the kernel draws for such nodes in a vectorized loop
    seeds = [0, hub, 119]
    trial_seeds = draw_seeds(make_rng(3), 30)
    weights = np.arange(graph.n_nodes, dtype=np.float64) % 3
    got = _kernels.simulate_cascades(
        graph, _kernels.IC, arc_value, np.array(seeds), trial_seeds, objective=objective, target_weights=weights
    )
    node_counts = np.zeros(graph.n_nodes, dtype=np.int64)
    for trial, seed in enumerate(trial_seeds):
        steps = _oracle_trial(graph, _kernels.IC, arc_value, seeds, _splitmix_coins(graph, arc_value, seeds, seed))
        aware, adopted, weighted, counted, _ = _oracle_counts(graph, steps, set(seeds), objective, weights)
        assert (got.awareness[trial], got.adoption[trial], got.weighted[trial]) == (aware, adopted, weighted)
        node_counts += np.array(counted, dtype=np.int64)
    assert got.node_counts.tolist() == node_counts.tolist()
    assert got.awareness.max() > 20


@numba.njit
def _first_outputs(seed, count):
    out = np.empty(count, dtype=np.int64)
    state = np.uint64(seed)
    for i in range(count):
        state, out[i] = next_bits(state)
    return out


def test_generator_is_splitmix64():
    # Reference outputs of SplitMix64 seeded with 1234567 (Vigna's splitmix64.c), top 53 bits.
    reference = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431]
    assert _first_outputs(1234567, 4).tolist() == [value >> 11 for value in reference]


def _run(graph, kind, arc_value, trial_seeds, **kwargs):
    return _kernels.simulate_cascades(graph, kind, arc_value, np.array([0, 5, 9]), trial_seeds, **kwargs)


@pytest.mark.parametrize("kind", [_kernels.IC, _kernels.LT], ids=["ic", "lt"])
def test_results_do_not_depend_on_threads_or_chunks(kind):
    graph = generate_social_graph(n_users=400, mean_degree=8, rng=2)
    arc_value = (
        ICModel(p_strong=0.3, p_weak=0.05).arc_probabilities(graph)
        if kind == _kernels.IC
        else LTModel().arc_weights(graph)
    )
    trial_seeds = draw_seeds(make_rng(9), 300)
    before = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = _run(graph, kind, arc_value, trial_seeds, objective=_kernels.ADOPTION)
        numba.set_num_threads(min(2, numba.config.NUMBA_NUM_THREADS))
        two = _run(graph, kind, arc_value, trial_seeds, objective=_kernels.ADOPTION)
    finally:
        numba.set_num_threads(before)
    many_chunks = _run(graph, kind, arc_value, trial_seeds, objective=_kernels.ADOPTION, n_chunks=7)
    for other in (two, many_chunks):
        for name, array in one._asdict().items():
            assert np.array_equal(array, getattr(other, name)), name
    assert one.awareness.std() > 0


@pytest.mark.parametrize("length", [0, 7, (1 << 20) + 3])
def test_coin_cuts_are_ceil_p_times_2_to_53(length):
    p = np.random.default_rng(length).random(length)
    p[: min(length, 4)] = [0.0, 1.0, 5e-324, 1 - 1e-16][: min(length, 4)]
    assert coin_cuts(p).tolist() == np.ceil(p * 2.0**53).astype(np.int64).tolist()


def test_trials_differ_and_follow_their_seeds():
    graph = generate_social_graph(n_users=400, mean_degree=8, rng=2)
    arc_value = ICModel(p_strong=0.3, p_weak=0.05).arc_probabilities(graph)
    seeds_a = draw_seeds(make_rng(1), 50)
    run_a = _run(graph, _kernels.IC, arc_value, seeds_a)
    run_b = _run(graph, _kernels.IC, arc_value, draw_seeds(make_rng(2), 50))
    assert not np.array_equal(run_a.awareness, run_b.awareness)
    # a trial's outcome depends only on its own seed: reversing the seeds reverses the outcomes
    assert np.array_equal(_run(graph, _kernels.IC, arc_value, seeds_a[::-1]).awareness, run_a.awareness[::-1])


def test_certain_and_impossible_arcs():
    ties = pd.DataFrame(
        {"source": ["a", "b", "a"], "target": ["b", "c", "d"], "tie": ["strong", "weak", "weak"]}
    )
    graph = SocialGraph.from_tables(ties, directed=True)
    p = np.where(graph.indices == graph.index_of("d"), 0.0, 1.0)  # a->d never fires, the rest always
    counts = _kernels.simulate_cascades(graph, _kernels.IC, p, np.array([0]), draw_seeds(make_rng(0), 20))
    assert counts.awareness.tolist() == [3] * 20  # a, b, c; never d
    assert counts.adoption.tolist() == [2] * 20  # c hears over one weak tie only
    assert counts.step_counts.tolist() == [20, 20, 20]


def test_probabilities_by_head_give_the_per_arc_results():
    graph = generate_social_graph(n_users=400, mean_degree=8, rng=3)
    model = ICModel(probability="weighted_cascade")
    trial_seeds = draw_seeds(make_rng(4), 200)
    per_arc = _run(graph, _kernels.IC, model.arc_probabilities(graph), trial_seeds, objective=_kernels.ADOPTION)
    head_p = model.head_probabilities(graph)
    by_head = _run(graph, _kernels.IC, head_p, trial_seeds, objective=_kernels.ADOPTION, by_head=True)
    coins = np.random.default_rng(5).random((20, graph.n_arcs))
    with_coins = [
        _run(graph, _kernels.IC, values, trial_seeds[:20], coins=coins, **kwargs)
        for values, kwargs in ((model.arc_probabilities(graph), {}), (head_p, {"by_head": True}))
    ]
    for a, b in ((per_arc, by_head), tuple(with_coins)):
        for name, array in a._asdict().items():
            assert np.array_equal(array, getattr(b, name)), name
    assert per_arc.awareness.std() > 0
    with pytest.raises(ValueError, match="by_head"):
        _run(graph, _kernels.LT, head_p, trial_seeds, by_head=True)
    with pytest.raises(ValueError, match="not one per user"):
        _run(graph, _kernels.IC, head_p[:-1], trial_seeds, by_head=True)
    with pytest.raises(ValueError, match="not one per arc"):
        _run(graph, _kernels.IC, head_p, trial_seeds)


def test_adoption_rule_of_each_node():
    graph = generate_social_graph(n_users=600, mean_degree=3, rng=6)  # nodes of in-degree 0, 1, 2+
    in_degree = np.bincount(graph.indices, minlength=graph.n_nodes)
    strong = np.bincount(graph.indices[graph.arc_strong], minlength=graph.n_nodes)
    expected = np.full(graph.n_nodes, _kernels._SCAN, dtype=np.int8)
    expected[(in_degree > 0) & (strong == in_degree)] = _kernels._ALWAYS
    expected[(in_degree < 2) & (strong == 0)] = _kernels._NEVER
    _, rule = _kernels._adoption_view(graph)
    assert rule.tolist() == expected.tolist()
    assert {_kernels._SCAN, _kernels._ALWAYS, _kernels._NEVER} <= set(rule.tolist())
