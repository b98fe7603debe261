"""Numba kernels: Independent Cascade and Linear Threshold cascades over CSR arrays, many trials.

Internal module: arrays in, arrays out; :mod:`graphkit.diffusion.simulate` is the public face.

Parallelism and reproducibility
-------------------------------
Trials run in parallel (``prange`` over chunks of trials; each chunk owns its scratch buffers and
its per-node / per-step count rows, summed afterwards as integers). Each trial owns one 64-bit seed,
drawn up front by :func:`graphkit.rng.draw_seeds`, and its own SplitMix64 stream (Steele, Lea &
Flood 2014) started from that seed, so every trial's outcome depends only on its seed: results
depend on ``(rng, n_trials)`` and never on the thread count or the chunking. (numba's
``np.random.seed`` keeps only the low 32 bits of a seed, which would make distinct trial seeds
collide; a per-trial SplitMix64 keeps all 64 and costs a few arithmetic operations per draw.)

Randomness is drawn lazily: IC draws one uniform for each out-arc of a node that has just become
active (each arc at most once per trial); LT draws a node's threshold when the cascade first
reaches the node. Passing ``coins`` instead (one row per
trial: a uniform per arc for IC, a threshold per node for LT) replaces every draw by a table
look-up; tests feed the same table to a pure-Python oracle and compare exactly.

Per trial the kernel records the number of aware (activated) and adopting users (see
:mod:`graphkit.diffusion.models` for the adoption rule) and, for the chosen objective, the
target-weighted count; per node and per step it counts how often a user counted for the objective.
Adoption is decided once per activated user, when its activation step is complete, by scanning
its in-arcs for earlier-active in-neighbours (stopping at the first strong one or the second one).

Speed: the IC loop draws for all out-arcs of a node without branching and then visits the hits;
memory latency dominates on large graphs, so the kernel asks the CPU to prefetch what a newly
activated node will need (its CSR row, count slot, in-arcs) well before it is read.

Examples
--------
>>> import numpy as np, pandas as pd
>>> from graphkit.graph import SocialGraph
>>> graph = SocialGraph.from_tables(pd.DataFrame({"source": ["a"], "target": ["b"], "tie": ["weak"]}),
...                                 directed=True)
>>> counts = simulate_cascades(graph, IC, np.array([1.0]), np.array([0]), np.arange(4, dtype=np.uint64))
>>> counts.awareness.tolist(), counts.adoption.tolist(), counts.node_counts.tolist()
([2, 2, 2, 2], [1, 1, 1, 1], [4, 4])
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np
from llvmlite import ir
from numba import njit, prange, types
from numba.core import cgutils
from numba.extending import intrinsic

from graphkit import cluster
from graphkit.diffusion._random import GOLDEN, TO_UNIT, bits_of, coin_cuts, next_bits
from graphkit.graph import SocialGraph

__all__ = ["ADOPTION", "AWARENESS", "IC", "LT", "CascadeCounts", "simulate_cascades"]

IC = 0
LT = 1
AWARENESS = 0
ADOPTION = 1

_INACTIVE = np.int64(2**31)  # step code of a node LT has touched but not activated
# in_rule: how a node activated after step 0 decides adoption (the user who activated it is always
# an earlier in-neighbour, so all-strong in-ties mean yes, and a single weak in-tie means no)
_SCAN = 0
_ALWAYS = 1
_NEVER = 2
_NONE = np.empty(0, dtype=np.float64)  # arc_value when the kernel does not read it (IC drawing its coins)
_NO_CUTS = np.empty(0, dtype=np.int64)  # arc_cut when it does not read that (LT, or coins given)


class CascadeCounts(NamedTuple):
    """What :func:`simulate_cascades` returns (arrays over trials, nodes and steps)."""

    awareness: np.ndarray  # int64 per trial: users activated
    adoption: np.ndarray  # int64 per trial: users who adopted
    weighted: np.ndarray  # float64 per trial: sum of target weights of users counted for the objective
    node_counts: np.ndarray  # int64 per node: trials in which the node counted for the objective
    step_counts: np.ndarray  # int64 per step (0 = seeds): users counted for the objective, summed over trials



@intrinsic
def _prefetch(typingctx, array, index):
    """Hint the CPU to load ``array[index]`` into cache (``llvm.prefetch``; no effect on results)."""

    def codegen(context, builder, signature, args):
        data = context.make_array(array)(context, builder, args[0]).data
        byte_ptr = ir.IntType(8).as_pointer()
        i32 = ir.IntType(32)
        fn = cgutils.get_or_insert_function(
            builder.module, ir.FunctionType(ir.VoidType(), [byte_ptr, i32, i32, i32]), "llvm.prefetch.p0i8"
        )
        builder.call(fn, [builder.bitcast(builder.gep(data, [args[1]]), byte_ptr), i32(0), i32(3), i32(1)])
        return context.get_dummy_value()

    return types.void(array, index), codegen


@njit(inline="always")
def _activate(v, arc, code, tail, stamp, via_strong, arc_strong, queue):
    """Mark ``v`` active (stamp ``code``) through ``arc``; append it to the queue; return the new tail."""
    stamp[v] = code
    via_strong[v] = arc_strong[arc]
    queue[tail] = v
    return tail + 1


@njit(inline="always")
def _adopts(v, base, level, in_indptr, in_indices, in_strong, stamp):
    """Whether ``v``, activated at ``level`` >= 1, adopts: a strong tie from, or two, earlier in-neighbours."""
    earlier = 0
    strong = False
    for k in range(in_indptr[v], in_indptr[v + 1]):  # no branch on the stamp: one unsigned range test
        is_earlier = np.uint64(stamp[in_indices[k]] - base) < np.uint64(level)
        earlier += is_earlier
        strong |= is_earlier & in_strong[k]
        if strong or earlier == 2:
            return True
    return False


@njit(cache=True)
def _run_chunk(
    first,
    last,
    kind,
    indptr,
    indices,
    arc_value,
    arc_cut,
    arc_strong,
    in_indptr,
    in_indices,
    in_strong,
    in_rule,
    seeds,
    trial_seeds,
    coins,
    objective,
    weights,
    awareness,
    adoption,
    weighted,
    node_counts,
    step_counts,
):
    """Trials ``first`` to ``last - 1``, with scratch buffers of their own (one chunk of the prange)."""
    n = indptr.shape[0] - 1
    use_coins = coins.shape[0] > 0
    use_weights = weights.shape[0] > 0
    # stamp[v] = (trial << 32) + activation step when v is active in `trial`; (trial << 32) +
    # _INACTIVE when LT touched v without activating it; anything below (trial << 32) otherwise
    stamp = np.full(n, -1, dtype=np.int64)
    queue = np.empty(n, dtype=np.int32)  # active nodes in activation order
    via_strong = np.empty(n, dtype=np.bool_)  # the arc that activated the node is a strong tie
    max_degree = 0
    for u in range(n):
        max_degree = max(max_degree, indptr[u + 1] - indptr[u])
    hit = np.empty(max_degree, dtype=np.bool_)  # IC: whether each draw of a high-degree node succeeded
    hits = np.empty(max_degree, dtype=np.int64)  # IC: the out-arcs of one node whose draw succeeded
    scans = (in_rule == _SCAN).any()  # some adoption needs the in-arc scan
    lt_size = n if kind == LT else 0
    accumulated = np.empty(lt_size, dtype=np.float64)
    threshold = np.empty(lt_size, dtype=np.float64)
    for trial in range(first, last):
        state = trial_seeds[trial]
        base = np.int64(trial) << 32
        inactive = base + _INACTIVE
        tail = 0
        for i in range(seeds.shape[0]):
            s = seeds[i]
            stamp[s] = base
            queue[tail] = s
            tail += 1
        level_start = 0
        level_end = tail
        level = 0
        n_aware = 0
        n_adopted = 0
        weight_sum = 0.0
        while True:
            # count the users activated at `level`
            for i in range(level_start, level_end):
                v = queue[i]
                _prefetch(indices, indptr[v])  # for the expansion below
                if kind == IC:
                    _prefetch(arc_cut, indptr[v])
                else:
                    _prefetch(arc_value, indptr[v])
                if scans:
                    _prefetch(in_indices, in_indptr[queue[min(i + 4, level_end - 1)]])  # for the scan ahead
                rule = in_rule[v]
                adopted = (
                    level == 0
                    or rule == _ALWAYS
                    or via_strong[v]
                    or (rule == _SCAN and _adopts(v, base, level, in_indptr, in_indices, in_strong, stamp))
                )
                n_aware += 1
                if adopted:
                    n_adopted += 1
                if objective == AWARENESS or adopted:
                    node_counts[v] += 1
                    step_counts[level] += 1
                    if use_weights:
                        weight_sum += weights[v]
            if level_end == level_start:
                break
            level += 1
            for i in range(level_start, level_end):
                u = queue[i]
                if kind == IC and not use_coins:  # the hot loop: one draw per arc, no branch; then the hits
                    start = indptr[u]
                    degree = indptr[u + 1] - start
                    n_hits = 0
                    if degree >= 16:  # the draws as a function of their position: the loop vectorizes
                        for j in range(degree):
                            hit[j] = bits_of(state + np.uint64(j + 1) * GOLDEN) < arc_cut[start + j]
                        state += np.uint64(degree) * GOLDEN
                        for j in range(degree):
                            hits[n_hits] = start + j
                            n_hits += hit[j]
                    else:
                        for arc in range(start, start + degree):
                            state, bits = next_bits(state)
                            hits[n_hits] = arc
                            n_hits += bits < arc_cut[arc]
                    for h in range(n_hits):
                        _prefetch(stamp, indices[hits[h]])
                    for h in range(n_hits):
                        arc = hits[h]
                        v = indices[arc]
                        if stamp[v] < base:
                            _prefetch(indptr, v)
                            _prefetch(node_counts, v)
                            if scans:
                                _prefetch(in_indptr, v)
                            tail = _activate(v, arc, base + level, tail, stamp, via_strong, arc_strong, queue)
                elif kind == IC:
                    for arc in range(indptr[u], indptr[u + 1]):
                        if coins[trial, arc] < arc_value[arc]:
                            v = indices[arc]
                            if stamp[v] < base:
                                tail = _activate(
                                    v, arc, base + level, tail, stamp, via_strong, arc_strong, queue
                                )
                else:
                    for arc in range(indptr[u], indptr[u + 1]):
                        v = indices[arc]
                        sv = stamp[v]
                        if sv < base:
                            stamp[v] = inactive
                            accumulated[v] = 0.0
                            if use_coins:
                                threshold[v] = coins[trial, v]
                            else:
                                state, bits = next_bits(state)
                                threshold[v] = np.float64(bits) * TO_UNIT
                        elif sv != inactive:
                            continue  # already active
                        accumulated[v] += arc_value[arc]
                        if threshold[v] < accumulated[v]:
                            tail = _activate(v, arc, base + level, tail, stamp, via_strong, arc_strong, queue)
            level_start = level_end
            level_end = tail
        awareness[trial] = n_aware
        adoption[trial] = n_adopted
        weighted[trial] = weight_sum


@njit(cache=True, parallel=True)
def _run_trials(
    kind,
    indptr,
    indices,
    arc_value,
    arc_cut,
    arc_strong,
    in_indptr,
    in_indices,
    in_strong,
    in_rule,
    seeds,
    trial_seeds,
    coins,
    objective,
    weights,
    n_chunks,
):
    n = indptr.shape[0] - 1
    n_trials = trial_seeds.shape[0]
    awareness = np.zeros(n_trials, dtype=np.int64)
    adoption = np.zeros(n_trials, dtype=np.int64)
    weighted = np.zeros(n_trials, dtype=np.float64)
    node_counts = np.zeros((n_chunks, n), dtype=np.int64)
    step_counts = np.zeros((n_chunks, n + 1), dtype=np.int64)
    for chunk in prange(n_chunks):
        _run_chunk(
            chunk * n_trials // n_chunks,
            (chunk + 1) * n_trials // n_chunks,
            kind,
            indptr,
            indices,
            arc_value,
            arc_cut,
            arc_strong,
            in_indptr,
            in_indices,
            in_strong,
            in_rule,
            seeds,
            trial_seeds,
            coins,
            objective,
            weights,
            awareness,
            adoption,
            weighted,
            node_counts[chunk],
            step_counts[chunk],
        )
    return awareness, adoption, weighted, node_counts.sum(axis=0), step_counts.sum(axis=0)


@njit(cache=True)
def _in_rule(in_indptr, in_strong):
    """The adoption rule of each node from its in-arcs' strong flags (no array of the arcs' size)."""
    n = in_indptr.shape[0] - 1
    rule = np.full(n, _SCAN, dtype=np.int8)
    for v in range(n):
        degree = in_indptr[v + 1] - in_indptr[v]
        strong = 0
        for k in range(in_indptr[v], in_indptr[v + 1]):
            strong += in_strong[k]
        if degree < 2 and strong == 0:
            rule[v] = _NEVER
        elif strong == degree and degree > 0:
            rule[v] = _ALWAYS
    return rule


def _adoption_view(graph: SocialGraph) -> tuple[np.ndarray, np.ndarray]:
    """``(in_strong, in_rule)``: strong flag per in-arc and adoption rule per node, cached on the graph."""

    def build(graph: SocialGraph) -> tuple[np.ndarray, np.ndarray]:
        in_indptr, _, in_arc = graph.reverse()
        in_strong = graph.arc_strong[in_arc]
        return in_strong, _in_rule(in_indptr, in_strong)

    return graph.view(("graphkit.diffusion._kernels", "in_strong, in_rule"), build)


def simulate_cascades(
    graph: SocialGraph,
    kind: int,
    arc_value: np.ndarray,
    seed_nodes: np.ndarray,
    trial_seeds: np.ndarray,
    *,
    objective: int = AWARENESS,
    target_weights: np.ndarray | None = None,
    coins: np.ndarray | None = None,
    n_chunks: int | None = None,
    decide_adoption: bool = True,
    by_head: bool = False,
) -> CascadeCounts:
    """Run one cascade per entry of ``trial_seeds`` over ``graph`` and return the counts.

    Parameters
    ----------
    graph : SocialGraph
        Its out-arc CSR carries the cascade; its in-arc CSR and ``arc_strong`` decide adoption.
    kind : int
        ``IC`` (``arc_value`` = activation probabilities) or ``LT`` (``arc_value`` = normalised
        weights).
    arc_value : ndarray
        float64 per out-arc, aligned with ``graph.indices``. IC without ``coins`` reads it only to
        make the coins' cuts: pass it without keeping a reference and it is freed during the run.
    seed_nodes : ndarray
        Distinct seed node indices.
    trial_seeds : ndarray
        One uint64 seed per trial.
    objective : int, default AWARENESS
        Which users ``weighted``, ``node_counts`` and ``step_counts`` count: ``AWARENESS`` or
        ``ADOPTION``.
    target_weights : ndarray, optional
        float64 per node; ``weighted`` is all zeros when omitted.
    coins : ndarray, optional
        Pre-drawn randomness, shape ``(n_trials, n_arcs)`` for IC (a uniform per arc) or
        ``(n_trials, n_nodes)`` for LT (a threshold per node); replaces the per-trial generators.
    n_chunks : int, optional
        Trial chunks run in parallel; default ``min(n_trials, numba threads)`` (numba's threads
        take equal shares of the chunks, so more chunks would add their scratch rows, not balance).
        Results do not depend on it.
    decide_adoption : bool, default True
        False skips the in-tie scan that decides adoption (only with ``objective=AWARENESS``);
        ``adoption`` is then meaningless.
    by_head : bool, default False
        IC only: ``arc_value`` is float64 per node, the probability of every arc into it (weighted
        cascade); the same results as ``arc_value[graph.indices]``, without an array of floats per
        arc beside the cuts.
    """
    if not decide_adoption and objective != AWARENESS:
        raise ValueError("decide_adoption=False needs objective=AWARENESS")
    n_trials = len(trial_seeds)
    if n_chunks is None:
        n_chunks = max(1, min(n_trials, numba.get_num_threads()))
    if by_head and kind != IC:
        raise ValueError("by_head is for IC probabilities")
    arc_value = np.ascontiguousarray(arc_value, dtype=np.float64)
    if len(arc_value) != (graph.n_nodes if by_head else graph.n_arcs):
        raise ValueError(f"arc_value holds {len(arc_value)} values, not one per {'user' if by_head else 'arc'}")
    arc_cut = _NO_CUTS
    if kind == IC and coins is None:  # the kernel draws against the cuts only
        arc_cut = coin_cuts(arc_value)[graph.indices] if by_head else coin_cuts(arc_value)
        arc_value = _NONE
    elif by_head:
        arc_value = arc_value[graph.indices]
    in_indptr, in_indices, _ = graph.reverse()
    in_strong, in_rule = _adoption_view(graph)
    inputs = (
        np.int64(kind),
        graph.indptr,
        graph.indices,
        arc_value,
        arc_cut,
        graph.arc_strong,
        in_indptr,
        in_indices,
        in_strong,
        in_rule if decide_adoption else np.full(graph.n_nodes, _NEVER, dtype=np.int8),
        np.ascontiguousarray(seed_nodes, dtype=np.int32),
    )
    trial_seeds = np.ascontiguousarray(trial_seeds, dtype=np.uint64)
    coins = np.empty((0, 0), dtype=np.float64) if coins is None else np.ascontiguousarray(coins, dtype=np.float64)
    weights = (
        np.empty(0, dtype=np.float64) if target_weights is None else np.ascontiguousarray(target_weights, np.float64)
    )
    client = cluster.current()
    if client is None:
        counts = _run_trials(*inputs, trial_seeds, coins, np.int64(objective), weights, np.int64(n_chunks))
    else:
        from graphkit.cluster.montecarlo import run_trials

        counts = run_trials(client, _run_trials, inputs, trial_seeds, coins, np.int64(objective), weights)
    awareness, adoption, weighted, node_counts, step_counts = counts
    used = np.flatnonzero(step_counts)
    step_counts = step_counts[: used[-1] + 1] if len(used) else step_counts[:0]
    return CascadeCounts(awareness, adoption, weighted, node_counts, step_counts)
