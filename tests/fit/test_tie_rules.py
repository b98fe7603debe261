"""Choosing the strong/weak rule on cascades: the rule behind the cascades wins over wrong labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from graphkit.diffusion.models import ICModel
from graphkit.errors import InvalidInputError
from graphkit.fit import fit_cascades, simulate_ic_cascades
from graphkit.fit.tie_rules import candidate_rules, choose_tie_rule, relabelled
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph
from graphkit.io.labelling import TieRule, label_ties

TRUE_RULE = TieRule(min_overlap=0.2, require_reciprocity=False)


@pytest.fixture(scope="module")
def world():
    """(graph labelled at random, the same ties labelled by TRUE_RULE, cascades spread by the truth)."""
    generated = generate_social_graph(n_users=600, rng=3)
    ties = generated.ties[["source", "target", "weight", "p"]].assign(tie=None)
    truth = SocialGraph(users=generated.users, ties=label_ties(ties, n_nodes=generated.n_nodes, directed=False,
                                                                rule=TRUE_RULE), directed=False)
    guessed = truth.ties.copy()
    guessed["tie"] = np.where(np.random.default_rng(5).random(len(guessed)) < 0.3, "strong", "weak")
    wrong = SocialGraph(users=truth.users, ties=guessed, directed=False)
    cascades = simulate_ic_cascades(truth, ICModel(p_strong=0.25, p_weak=0.02), np.arange(600).repeat(3), rng=4)
    return wrong, truth, cascades


def test_the_rule_behind_the_cascades_is_chosen_over_wrong_labels(world):
    wrong, truth, cascades = world
    choice = choose_tie_rule(wrong, cascades, window=1.0)
    assert choice.rule == TieRule(min_overlap=0.2, require_reciprocity=False)
    assert choice.table["chosen"].tolist() == [True] + [False] * (len(choice.table) - 1)
    assert "as stored" in choice.table["rule"].tolist()
    assert (choice.graph.arc_strong == truth.arc_strong).all()
    scores = choice.table.set_index("rule")["loglik_per_exposure"]
    assert scores.iloc[0] > scores["as stored"]
    assert choice.table["loglik_per_exposure"].is_monotonic_decreasing


def test_labels_that_came_with_the_input_are_never_relabelled(world):
    wrong, _, cascades = world
    given = wrong.ties.assign(labelled_by="input")
    graph = SocialGraph(users=wrong.users, ties=given, directed=False)
    choice = choose_tie_rule(graph, cascades, window=1.0)
    assert choice.rule is None and choice.graph is graph
    assert choice.table["rule"].tolist() == ["as stored"]
    assert (relabelled(graph, TRUE_RULE).arc_strong == graph.arc_strong).all()


def test_candidates_follow_the_evidence():
    undirected = generate_social_graph(n_users=50, rng=1)
    assert {rule.require_reciprocity for rule in candidate_rules(undirected)} == {False}
    counted = SocialGraph(users=undirected.users, ties=undirected.ties.assign(count=2.0), directed=True)
    rules = candidate_rules(counted)
    assert {rule.min_interactions for rule in rules} == {1, 2, 3, 5, 10}
    assert {rule.require_reciprocity for rule in rules} == {True, False}


def test_fit_cascades_chooses_on_the_earlier_part_only(world):
    wrong, truth, cascades = world
    report = fit_cascades(wrong, cascades, window=1.0, n_boot=20, tie_model=False, choose_rule=True, refit_ties=False)
    earlier, _ = cascades.subset(cascades.sizes() > 0).split_by_time(0.2)
    alone = choose_tie_rule(wrong, earlier, window=1.0)
    pd.testing.assert_frame_equal(report.rules.table, alone.table)
    assert report.fits()["tie_rule"]["min_overlap"] == 0.2
    assert (report.graph.arc_strong == truth.arc_strong).all()
    stored = report.fitted_graph("test")
    assert set(stored.ties["p"]) == {report.final.p_strong, report.final.p_weak}
    assert (stored.ties["p_source"] == "test").all()


def test_undirected_counts_without_answers_try_no_reciprocity(world):
    wrong, _, cascades = world
    counted = SocialGraph(users=wrong.users, ties=wrong.ties.assign(count=1.0 + np.arange(wrong.n_ties) % 4,
                                                                    labelled_by="interactions"), directed=False)
    assert {rule.require_reciprocity for rule in candidate_rules(counted)} == {False}
    choice = choose_tie_rule(counted, cascades, window=1.0)
    assert choice.table["rule"].str.startswith("min_interactions=").sum() >= 2


def test_too_few_cascades_to_score_the_rules_is_one_clear_error(world):
    wrong, _, cascades = world
    few = cascades.subset(np.arange(12))
    with pytest.raises(InvalidInputError, match="cascades would score the labelling rules: too few"):
        choose_tie_rule(wrong, few, window=1.0)
