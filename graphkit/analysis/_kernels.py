"""Numba kernels for the measures no library we use offers: VoteRank, Collective Influence, Burt's constraint.

Internal module: CSR arrays in, arrays out. The public faces are in
:mod:`graphkit.analysis.spreaders` and :mod:`graphkit.analysis.structural`; tests compare each
kernel with a slow pure-Python reference.

Examples
--------
>>> import numpy as np
>>> indptr = np.array([0, 1, 2]); indices = np.array([1, 0]); weight = np.ones(2)
>>> burt_constraint(indptr, indices, weight).tolist()
[1.0, 1.0]
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["burt_constraint", "collective_influence", "voterank_rounds"]


@njit(cache=True)
def _votes(node, indptr, indices, ability, elected):
    if elected[node]:
        return 0.0
    total = 0.0
    for arc in range(indptr[node], indptr[node + 1]):
        total += ability[indices[arc]]
    return total


@njit(cache=True)
def _recount(changed, indptr, indices, in_indptr, in_indices, ability, elected, votes):
    for in_arc in range(in_indptr[changed], in_indptr[changed + 1]):
        voter = in_indices[in_arc]
        votes[voter] = _votes(voter, indptr, indices, ability, elected)


@njit(cache=True)
def voterank_rounds(indptr, indices, in_indptr, in_indices, average_degree, max_rounds):
    """Election round of each node (1 = first elected, 0 = never), VoteRank (Zhang et al. 2016).

    A node's votes are the voting abilities of the heads of its out-arcs (for an undirected graph
    the CSR holds both arcs, so its neighbours). Each round the node with the most votes (lowest
    index among equals) is elected; its ability drops to 0 and the ability of each head of its
    out-arcs drops by ``1 / average_degree`` (not below 0). Votes of the nodes whose sum changed
    are recomputed from scratch, in CSR order. Stops after ``max_rounds`` or when no node has a
    positive vote.
    """
    n = len(indptr) - 1
    ability = np.ones(n)
    elected = np.zeros(n, dtype=np.bool_)
    votes = np.zeros(n)
    rounds = np.zeros(n, dtype=np.int64)
    for node in range(n):
        votes[node] = _votes(node, indptr, indices, ability, elected)
    decrement = 1.0 / average_degree if average_degree > 0 else 0.0
    for round_number in range(1, max_rounds + 1):
        best = -1
        best_votes = 0.0
        for node in range(n):
            if votes[node] > best_votes:
                best_votes = votes[node]
                best = node
        if best < 0:
            break
        rounds[best] = round_number
        elected[best] = True
        ability[best] = 0.0
        for arc in range(indptr[best], indptr[best + 1]):
            head = indices[arc]
            ability[head] = max(ability[head] - decrement, 0.0)
        votes[best] = 0.0
        # Re-count the votes of every node with an arc into best or into one of best's heads.
        _recount(best, indptr, indices, in_indptr, in_indices, ability, elected, votes)
        for arc in range(indptr[best], indptr[best + 1]):
            _recount(indices[arc], indptr, indices, in_indptr, in_indices, ability, elected, votes)
    return rounds


@njit(cache=True)
def collective_influence(indptr, indices, radius):
    """CI_l(i) = (k_i - 1) * sum over nodes j at distance exactly ``radius`` of (k_j - 1).

    Morone & Makse (2015), over a simple undirected CSR; ``radius`` >= 1. Nodes of degree 0 get
    0 (not -1 times a sum) since they reach no one.
    """
    n = len(indptr) - 1
    degree = indptr[1:] - indptr[:-1]
    distance = np.full(n, -1, dtype=np.int64)
    queue = np.empty(n, dtype=np.int64)
    result = np.zeros(n)
    for start in range(n):
        if degree[start] == 0:
            continue
        distance[start] = 0
        queue[0] = start
        head = 0
        tail = 1
        frontier = 0.0
        while head < tail:
            node = queue[head]
            head += 1
            if distance[node] == radius:
                frontier += degree[node] - 1
                continue
            for arc in range(indptr[node], indptr[node + 1]):
                neighbour = indices[arc]
                if distance[neighbour] < 0:
                    distance[neighbour] = distance[node] + 1
                    queue[tail] = neighbour
                    tail += 1
        result[start] = (degree[start] - 1) * frontier
        for position in range(tail):
            distance[queue[position]] = -1
    return result


@njit(cache=True)
def burt_constraint(indptr, indices, weight):
    """Burt's constraint c_i = sum_j (p_ij + sum_q p_iq p_qj)^2 over a simple symmetric CSR.

    p_ij = w_ij / sum_k w_ik; j and q run over the neighbours of i (q != i, j). NaN for
    isolated nodes (Burt 1992, 2004; the definition networkx implements).
    """
    n = len(indptr) - 1
    strength = np.zeros(n)
    for node in range(n):
        for arc in range(indptr[node], indptr[node + 1]):
            strength[node] += weight[arc]
    direct = np.zeros(n)
    indirect = np.zeros(n)
    is_neighbour = np.zeros(n, dtype=np.bool_)
    result = np.full(n, np.nan)
    for node in range(n):
        if indptr[node] == indptr[node + 1]:
            continue
        for arc in range(indptr[node], indptr[node + 1]):
            neighbour = indices[arc]
            is_neighbour[neighbour] = True
            direct[neighbour] = weight[arc] / strength[node]
        for arc in range(indptr[node], indptr[node + 1]):
            middle = indices[arc]
            p_middle = weight[arc] / strength[node]
            for arc2 in range(indptr[middle], indptr[middle + 1]):
                end = indices[arc2]
                if end != node and is_neighbour[end]:
                    indirect[end] += p_middle * weight[arc2] / strength[middle]
        total = 0.0
        for arc in range(indptr[node], indptr[node + 1]):
            neighbour = indices[arc]
            share = direct[neighbour] + indirect[neighbour]
            total += share * share
            is_neighbour[neighbour] = False
            direct[neighbour] = 0.0
            indirect[neighbour] = 0.0
        result[node] = total
    return result
