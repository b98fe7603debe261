"""Choose the strong/weak labelling rule by how well its labels predict adoptions not fitted on.

A :class:`~graphkit.io.labelling.TieRule` decides which ties are strong from interaction counts,
reciprocity and neighbourhood overlap; its thresholds are guesses until cascades say otherwise.
:func:`choose_tie_rule` relabels the ties with each candidate rule (ties that came labelled, or
were labelled by a generator, keep their labels), fits ``p_strong`` and ``p_weak`` on the earlier
cascades and scores the later ones (log-likelihood per exposure): the labels that make the two
probabilities most different *and* right win. The stored labels are one of the candidates, so a
rule replaces them only when it predicts better.

Labels and probabilities are never chosen on the same cascades: :func:`graphkit.fit.workflow.fit_cascades`
gives this only the earlier part of its time split, which is split again here, so the held-out
part that scores the final model has played no part in choosing the rule.

Examples
--------
>>> from graphkit.diffusion.models import ICModel
>>> from graphkit.fit import simulate_ic_cascades
>>> from graphkit.generate import generate_social_graph
>>> from graphkit.io.labelling import TieRule
>>> graph = generate_social_graph(n_users=300, rng=1)
>>> cascades = simulate_ic_cascades(graph, ICModel(p_strong=0.3, p_weak=0.05), range(300), rng=2)
>>> choice = choose_tie_rule(graph, cascades, [TieRule(min_overlap=0.0)], window=1.0)
>>> choice.table["rule"].tolist()  # the generator's labels are kept: every rule gives the same
['as stored']
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphkit.cascades import Cascades
from graphkit.errors import InvalidInputError
from graphkit.fit.em import GroupCounts, fit_groups
from graphkit.fit.evaluation import evaluate_held_out
from graphkit.fit.exposures import find_exposures
from graphkit.graph import SocialGraph
from graphkit.io.labelling import INTERACTIONS, OVERLAP, TieRule, label_ties

__all__ = ["MIN_SCORED", "RULE_COLUMNS", "RuleChoice", "candidate_rules", "choose_tie_rule", "relabelled"]

MIN_SCORED = 5
"""Fewest cascades the rules are scored on."""
RULE_COLUMNS = ["rule", "strong_share", "p_strong", "p_weak", "loglik_per_exposure", "auc", "chosen"]
_RELABELLED_BY = (INTERACTIONS, OVERLAP)


@dataclass(frozen=True, eq=False)
class RuleChoice:
    """What :func:`choose_tie_rule` found.

    Attributes
    ----------
    rule : TieRule or None
        The best rule; None when the stored labels predicted best (or no tie can be relabelled).
    graph : SocialGraph
        The graph with the chosen labels (the graph given, when ``rule`` is None).
    table : DataFrame
        One row per distinct labelling tried (columns :data:`RULE_COLUMNS`), best first.
    """

    rule: TieRule | None
    graph: SocialGraph
    table: pd.DataFrame


def candidate_rules(graph: SocialGraph) -> list[TieRule]:
    """The rules :func:`choose_tie_rule` tries by default: thresholds on the evidence ``graph`` has.

    Interaction counts (a ``count`` column): ``min_interactions`` 1, 2, 3, 5, 10 with and without
    reciprocity; topology only: ``min_overlap`` 0, 0.02, 0.05, 0.1, 0.2, 0.3 with and without
    reciprocity (directed graphs, or undirected ones whose interaction log says who answered).

    >>> from graphkit.generate import generate_social_graph
    >>> len(candidate_rules(generate_social_graph(n_users=50, rng=1)))
    6
    """
    counts = "count" in graph.ties.columns and graph.ties["count"].notna().any()
    reciprocity = [True, False] if graph.directed or "reciprocal" in graph.ties.columns else [False]
    if counts:
        return [TieRule(min_interactions=k, require_reciprocity=r) for k, r in itertools.product([1, 2, 3, 5, 10], reciprocity)]
    return [TieRule(min_overlap=o, require_reciprocity=r) for o, r in itertools.product([0.0, 0.02, 0.05, 0.1, 0.2, 0.3], reciprocity)]


def relabelled(graph: SocialGraph, rule: TieRule) -> SocialGraph:
    """``graph`` with the ties a rule labelled (``labelled_by`` interactions or overlap) labelled by ``rule``.

    Ties labelled in the input or by a generator keep their labels. For directed ties, reciprocity
    is read afresh from the reverse ties present (the stored flag dates from the load).
    """
    ties = graph.ties.drop(columns=["reciprocal"] if graph.directed else [], errors="ignore")
    again = ties["labelled_by"].isin(_RELABELLED_BY).to_numpy()
    ties["tie"] = ties["tie"].astype(object).where(~again, None)
    ties = label_ties(ties, n_nodes=graph.n_nodes, directed=graph.directed, rule=rule)
    return SocialGraph(users=graph.users, ties=ties, directed=graph.directed)


def choose_tie_rule(
    graph: SocialGraph,
    cascades: Cascades,
    rules: list[TieRule] | None = None,
    *,
    window: float = math.inf,
    validation: float = 0.25,
    count_root: bool = True,
) -> RuleChoice:
    """Pick the labelling of ``graph``'s ties under which p by tie kind best predicts later cascades.

    Parameters
    ----------
    graph : SocialGraph
    cascades : Cascades
        Cascades to choose on (not those that will score the final model).
    rules : list of TieRule, optional
        Candidates; default :func:`candidate_rules`. Rules giving the same labels are tried once,
        rules labelling every tie alike not at all.
    window : float, default inf
        See :func:`graphkit.fit.fit_tie_kinds`.
    validation : float, default 0.25
        Share of ``cascades``, the latest by start, that scores the rules; the rest fits them.
    count_root : bool, default True
        Whether each cascade's first adopter counts in the scores.

    Raises
    ------
    InvalidInputError
        If a rule's thresholds are invalid, the cascades make no attempt over any tie, or fewer
        than :data:`MIN_SCORED` cascades are left to score the rules on.
    """
    fit_part, score_part = cascades.split_by_time(validation)
    if score_part.n_cascades < MIN_SCORED:
        raise InvalidInputError(f"{score_part.n_cascades} cascades would score the labelling rules: too few to choose "
                                f"one ({MIN_SCORED} at least, the latest {validation:.0%} of the earlier cascades)")
    exposures = find_exposures(graph, fit_part, window=window)
    labellings: dict[bytes, tuple[str, TieRule | None, SocialGraph]] = {}
    relabel = bool(graph.ties["labelled_by"].isin(_RELABELLED_BY).any())
    for rule in [None, *((candidate_rules(graph) if rules is None else rules) if relabel else [])]:
        labelled = graph if rule is None else relabelled(graph, rule)
        strong = labelled.arc_strong
        if rule is not None and (strong.all() or not strong.any()):
            continue  # one kind only: that is one uniform p, not a labelling
        key = np.packbits(strong).tobytes()
        labellings.setdefault(key, ("as stored" if rule is None else _describe(rule, graph), rule, labelled))
    rows, graphs = [], []
    for name, rule, labelled in labellings.values():
        strong = labelled.arc_strong
        counts = GroupCounts.from_exposures(exposures, np.where(strong, 0, 1), 2)
        theta = fit_groups(*counts.weighted(np.ones(exposures.n_cascades))).theta
        if np.isnan(theta).all():
            raise InvalidInputError("the cascades make no attempt over any tie: no labelling can be scored")
        p = np.where(strong, theta[0], theta[1])
        p = np.where(np.isnan(p), np.nanmean(theta), p)  # a kind never attempted: the other's p
        scored = evaluate_held_out(labelled, score_part, p, count_root=count_root)
        rows.append({"candidate": len(graphs), "rule": name, "strong_share": float(labelled.ties["tie"].eq("strong").mean()),
                     "p_strong": float(theta[0]), "p_weak": float(theta[1]),
                     "loglik_per_exposure": scored.loglik_per_exposure, "auc": scored.auc})
        graphs.append((rule, labelled))
    table = pd.DataFrame(rows).sort_values("loglik_per_exposure", ascending=False, kind="stable", na_position="last")
    table = table.reset_index(drop=True)
    table["chosen"] = table.index == 0
    rule, labelled = graphs[int(table["candidate"].iloc[0])]
    return RuleChoice(rule=rule, graph=labelled, table=table[RULE_COLUMNS])


def _describe(rule: TieRule, graph: SocialGraph) -> str:
    """The thresholds that matter for ``graph``'s evidence, e.g. ``"min_overlap=0.05, reciprocity"``."""
    counts = "count" in graph.ties.columns and graph.ties["count"].notna().any()
    threshold = f"min_interactions={rule.min_interactions}" if counts else f"min_overlap={rule.min_overlap:g}"
    return threshold + (", reciprocity" if rule.require_reciprocity else "")
