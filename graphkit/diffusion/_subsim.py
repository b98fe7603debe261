"""SUBSIM-style subset sampling of Independent Cascade RR sets (Guo, Wu, Cui & Xiao 2020).

Internal module: arrays in, arrays out; :mod:`graphkit.diffusion.imm` uses it when asked for
``sampler="subsim"``. The sets have the distribution of :mod:`graphkit.diffusion._rr`'s (every
in-arc of a reached user is live with its own probability, independently), drawn with fewer
random numbers and fewer memory reads:

* **Groups.** Each user's in-arcs are ordered by probability, highest first, and cut into groups
  whose probabilities lie within a factor of 2 (``p`` in ``(q/2, q]``, ``q`` the group's highest).
  Under weighted cascade or uniform ``p`` a user has one group; under tie-kind probabilities one
  per kind present.
* **Geometric skips.** Within a group, the gaps between arcs that pass a ``Bernoulli(q)`` test are
  drawn from a geometric law (one uniform and one ``log`` per passing arc); a passing arc of
  probability ``p < q`` is then kept with probability ``p / q >= 1/2``. So each arc is live with
  probability ``q * p / q = p``, independently, at an expected cost of ``O(1 + 2 * mu)`` draws per
  group (``mu`` its expected live arcs) rather than one per arc. A group whose arcs share one
  ``p`` needs no second coin.
* **Layout.** Per group one 16-byte record (first arc, ``1 / log(1 - q)``) read in one cache line,
  the group of a user found without indirection when every user has one group, and an int32
  visit mark per chunk.

Randomness is that of :mod:`graphkit.diffusion._rr`: set ``i`` uses the SplitMix64 stream of its
own seed from :func:`graphkit.rng.draw_seeds`, and its root is the root the standard sampler
draws for that seed (the first draw, the same way), so the sets depend only on ``(rng, count)``
and are the same in process and on a Dask cluster. The live arcs are drawn differently, so the
sets are not the standard sampler's sets: only their distribution is the same.

The HIST two-phase scheme of the same paper (sentinel seeds that cut RR sets short on
high-influence graphs) is :mod:`graphkit.diffusion._hist`; its truncated sets are drawn here too
(``stop_at``).

Examples
--------
>>> import numpy as np
>>> in_indptr = np.array([0, 0, 1, 2]); in_indices = np.array([0, 1], dtype=np.int32)  # path 0 -> 1 -> 2
>>> sampler = SubsimSampler(in_indptr, in_indices, np.array([1.0, 1.0]))
>>> rr = sampler.draw(6, np.random.default_rng(1))
>>> sets = [rr.nodes[rr.indptr[i]:rr.indptr[i + 1]].tolist() for i in range(rr.n_sets)]
>>> all(sorted(s) == list(range(s[0] + 1)) for s in sets)  # with p = 1 a root's set is all before it
True

References
----------
Guo, Wu, Cui, Xiao (2020). Influence maximization revisited: efficient reverse reachable set
generation with bound tightened. SIGMOD.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from graphkit.diffusion._random import TO_UNIT, next_bits
from graphkit.diffusion._rr import ChunkedSampler, PerHead, _push, draw_root

__all__ = ["SubsimSampler", "subsim_chunk"]

_ALWAYS = np.int64(2**53)  # an acceptance cut no 53-bit draw reaches: keep without a coin


@njit(nogil=True, cache=True)
def subsim_chunk(node_group, group_int, group_float, in_indices, accept_cut, root_cumulative, n, stop_at,
                 set_seeds, first, last):
    """RR sets ``first..last-1``; returns (nodes, sizes). See the module docstring.

    ``group_int[g, 0]`` is group ``g``'s first in-arc (``group_int[g + 1, 0]`` its end) and
    ``group_float[g, 1]`` (the same memory) its ``1 / log(1 - q)``: -0.0 when ``q = 1``, ``-inf`` when
    ``q = 0``. User ``v``'s groups are ``node_group[v]..node_group[v + 1] - 1``, or just ``v`` when
    ``node_group`` is empty. ``accept_cut`` (per in-arc, empty when every group shares one ``p``)
    holds ``ceil(p / q * 2**53)``. ``stop_at`` (uint8 per user, or empty): a set stops growing at the
    first user it reaches with ``stop_at`` set, which it keeps (:meth:`ChunkedSampler.truncated`).
    """
    n_sets = last - first
    stopping = stop_at.shape[0] > 0
    one_group_each = node_group.shape[0] == 0
    thinned = accept_cut.shape[0] > 0
    mark = np.full(n, -1, dtype=np.int32)
    out = np.empty(max(16, 4 * n_sets), dtype=np.int32)
    size = 0
    sizes = np.zeros(n_sets, dtype=np.int64)
    for s in range(first, last):
        local = np.int32(s - first)
        state, bits = next_bits(set_seeds[s])
        root = draw_root(bits, root_cumulative, n)
        start = size
        mark[root] = local
        out, size = _push(out, size, root)
        head = size if stopping and stop_at[root] else start  # a stop user as root: the set is itself
        while head < size:
            v = out[head]
            head += 1
            stopped = False
            if one_group_each:
                g_lo = v
                g_hi = v + 1
            else:
                g_lo = node_group[v]
                g_hi = node_group[v + 1]
            for g in range(g_lo, g_hi):
                lo = group_int[g, 0]
                hi = group_int[g + 1, 0]
                inv_log = group_float[g, 1]
                if lo == hi or inv_log == -np.inf:
                    continue
                arc = lo - 1
                while True:
                    state, bits = next_bits(state)
                    uniform = (np.float64(bits) + 1.0) * TO_UNIT  # in (0, 1]
                    skip = np.log(uniform) * inv_log  # Geometric(q) failures before the next pass
                    if skip >= hi - arc - 1:
                        break
                    arc += 1 + np.int64(skip)
                    if thinned and accept_cut[arc] < _ALWAYS:
                        state, bits = next_bits(state)
                        if bits >= accept_cut[arc]:
                            continue
                    u = in_indices[arc]
                    if mark[u] != local:
                        mark[u] = local
                        out, size = _push(out, size, u)
                        if stopping and stop_at[u]:
                            stopped = True
                            break
                if stopped:  # the other groups of v are not read, nor the users after v
                    head = size
                    break
        sizes[s - first] = size - start
    return out[:size].copy(), sizes


@njit(cache=True)
def _uniform_nodes(in_indptr, in_value):
    """Per user: True when all its in-arcs have one probability (or it has none)."""
    n = in_indptr.shape[0] - 1
    uniform = np.ones(n, dtype=np.bool_)
    for v in range(n):
        for arc in range(in_indptr[v] + 1, in_indptr[v + 1]):
            if in_value[arc] != in_value[in_indptr[v]]:
                uniform[v] = False
                break
    return uniform


@njit(cache=True)
def _grouped_arcs(in_indptr, in_indices, in_value, uniform):
    """Each user's in-arcs by p, highest first, cut into groups; one pass over the arcs.

    Returns (in_indices in that order, node_group int64 n+1, group first arcs int64 G+1, group
    highest p float64 G, acceptance cut ``ceil(p / q * 2**53)`` int64 per arc).
    """
    n = in_indptr.shape[0] - 1
    m = in_value.shape[0]
    indices = np.empty(m, dtype=np.int32)
    cut = np.empty(m, dtype=np.int64)
    node_group = np.empty(n + 1, dtype=np.int64)
    starts = np.empty(m + 1, dtype=np.int64)  # at most one group per arc
    highest = np.empty(m, dtype=np.float64)
    count = 0
    for v in range(n):
        node_group[v] = count
        lo = in_indptr[v]
        hi = in_indptr[v + 1]
        if uniform[v]:
            order = np.arange(hi - lo)
        else:
            order = np.argsort(-in_value[lo:hi], kind="mergesort")
        arc = lo
        while arc < hi:
            q = in_value[lo + order[arc - lo]]
            starts[count] = arc
            highest[count] = q
            count += 1
            while arc < hi:
                p = in_value[lo + order[arc - lo]]
                if arc > starts[count - 1] and not (p > 0.5 * q or p == q):
                    break
                indices[arc] = in_indices[lo + order[arc - lo]]
                cut[arc] = _ALWAYS if p == q else np.int64(np.ceil(p / q * 2.0**53))
                arc += 1
    node_group[n] = count
    starts[count] = m
    return indices, node_group, starts[: count + 1].copy(), highest[:count].copy(), cut


class SubsimSampler(ChunkedSampler):
    """Draws IC RR sets by subset sampling (see the module docstring); tables prepared once.

    Parameters
    ----------
    in_indptr, in_indices : ndarray
        The in-arc CSR (``SocialGraph.reverse()``).
    in_value : ndarray or PerHead
        float64 activation probability per in-arc, in [0, 1]; or per user (:class:`~graphkit.diffusion._rr.PerHead`).
    root_weights : ndarray, optional
        Non-negative float64 per node; roots are drawn in proportion to it (uniform if omitted).

    Examples
    --------
    >>> import numpy as np
    >>> sampler = SubsimSampler(np.array([0, 0, 2]), np.array([0, 0], dtype=np.int32), np.array([0.5, 0.2]))
    >>> sampler.n_groups  # 0.5 and 0.2 are more than a factor 2 apart
    2
    """

    name = "subsim"
    kernel = subsim_chunk

    def __init__(self, in_indptr, in_indices, in_value, *, root_weights=None) -> None:
        in_indptr = np.ascontiguousarray(in_indptr, dtype=np.int64)
        in_indices = np.ascontiguousarray(in_indices, dtype=np.int32)
        self.n = len(in_indptr) - 1
        has = np.diff(in_indptr) > 0
        if isinstance(in_value, PerHead):
            uniform = None
        else:
            in_value = np.ascontiguousarray(in_value, dtype=np.float64)
            uniform = _uniform_nodes(in_indptr, in_value)
        if uniform is None or uniform.all():  # one group a user: its in-arcs share a probability
            node_group, group_start = np.empty(0, dtype=np.int64), in_indptr
            if uniform is None:
                highest = np.where(has, in_value.checked(self.n), 0.0)
            else:
                highest = np.zeros(self.n)
                highest[has] = in_value[in_indptr[:-1][has]]
            self.in_indices, self.accept_cut = in_indices, np.empty(0, dtype=np.int64)
        else:
            self.in_indices, node_group, group_start, highest, cut = _grouped_arcs(
                in_indptr, in_indices, in_value, uniform
            )
            self.accept_cut = np.empty(0, dtype=np.int64) if (cut == _ALWAYS).all() else cut
        self.node_group = node_group
        self.n_groups = len(group_start) - 1
        self.group_int = np.zeros((self.n_groups + 1, 2), dtype=np.int64)
        self.group_int[:, 0] = group_start
        self.group_float = self.group_int.view(np.float64)  # column 1 shares the records' cache line
        with np.errstate(divide="ignore"):
            inverse_log = 1.0 / np.log1p(-np.minimum(highest, 1.0))
            self.group_float[:-1, 1] = np.where(highest > 0, inverse_log, -np.inf)
        self.group_float[-1, 1] = -np.inf
        self.cumulative = np.empty(0) if root_weights is None else np.cumsum(root_weights, dtype=np.float64)

    def kernel_arrays(self) -> tuple:
        """The arrays :func:`subsim_chunk` reads before the set seeds, in order."""
        return (self.node_group, self.group_int, self.group_float, self.in_indices, self.accept_cut,
                self.cumulative, np.int64(self.n), self.stop_at)
