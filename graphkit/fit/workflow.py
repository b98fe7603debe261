"""The whole of ``graphkit fit``: split by time, fit, score on the held-out part, refit on everything.

:func:`fit_cascades` runs the steps a user needs to trust fitted probabilities, in one place:

1. empty cascades are dropped and, for directed ties, :func:`~graphkit.fit.direction.flow_counts`
   checks which way the cascades run along them;
2. the cascades are split by start time: the latest ``held_out`` share is kept aside;
   with ``choose_rule``, the strong/weak rule is chosen on the earlier part alone
   (:mod:`graphkit.fit.tie_rules`) and the ties relabelled by it for every later step;
3. on the earlier part, one uniform ``p``, ``p`` by tie kind, and ``p`` tie by tie (a feature
   model and per-tie estimates shrunk toward it, :mod:`graphkit.fit.tie_model`) are fitted;
4. on the later part, each is scored side by side with weighted cascade (log-likelihood and AUC
   over exposures, a calibration table), and users' predicted influence is ranked against what
   they were seen to do, with follower count, PageRank and their own history
   (:mod:`graphkit.fit.ranking`);
5. the probabilities by tie kind are fitted again on all cascades: those go in the model file,
   with the held-out figures of step 4 telling how well the method predicts; with
   ``refit_ties``, so is ``p`` tie by tie (to store each tie's ``p``).

Examples
--------
>>> from graphkit.diffusion.models import ICModel
>>> from graphkit.fit import simulate_ic_cascades
>>> from graphkit.fit.workflow import fit_cascades
>>> from graphkit.generate import generate_social_graph
>>> graph = generate_social_graph(n_users=300, rng=1)
>>> cascades = simulate_ic_cascades(graph, ICModel(p_strong=0.3, p_weak=0.05), range(300), rng=2)
>>> report = fit_cascades(graph, cascades, window=1.0, n_boot=20, rng=3)
>>> report.scores["model"].tolist()
['tie kinds', 'uniform', 'weighted cascade', 'features', 'features + per tie']
>>> bool(report.scores["auc"].iloc[0] > report.scores["auc"].iloc[1])
True
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphkit.cascades import Cascades
from graphkit.errors import InvalidInputError
from graphkit.fit.direction import FlowCounts, flow_counts
from graphkit.fit.evaluation import HeldOutEvaluation, evaluate_models
from graphkit.fit.exposures import shared_exposures
from graphkit.fit.ic import KindFit, UniformFit, fit_tie_kinds, fit_uniform
from graphkit.fit.influence import user_influence
from graphkit.fit.ranking import compare_rankings, weighted_cascade_p
from graphkit.fit.tie_model import TieModelFit, fit_tie_model
from graphkit.fit.tie_rules import RuleChoice, choose_tie_rule
from graphkit.graph import SocialGraph
from graphkit.rng import RngLike, make_rng

__all__ = ["CascadeFitReport", "fit_cascades"]

SCORE_COLUMNS = ["model", "loglik_per_exposure", "auc", "mean_predicted", "adoption_rate", "exposures", "adoptions"]


@dataclass(frozen=True, eq=False)
class CascadeFitReport:
    """What :func:`fit_cascades` found (see the module docstring).

    Attributes
    ----------
    final : KindFit
        Probabilities by tie kind fitted on all cascades: the model to use.
    final_ties : TieModelFit or None
        ``p`` tie by tie fitted on all cascades (None unless ``refit_ties``).
    graph : SocialGraph
        The graph the probabilities belong to: the one given, relabelled when a rule was chosen.
    rules : RuleChoice or None
        The labelling rules tried on the earlier part (None unless ``choose_rule``).
    influence : DataFrame
        Each user's predicted, observed and combined influence over all cascades, under the final
        probabilities (:func:`~graphkit.fit.influence.user_influence`).
    kinds, uniform, ties : KindFit, UniformFit, TieModelFit or None
        The fits on the earlier part only, scored on the later part (``ties``: None when not asked for).
    scores : DataFrame
        Held-out scores per model (columns :data:`SCORE_COLUMNS`), best log-likelihood first
        among the fitted ones.
    calibration : DataFrame
        Predicted against observed adoption rate by bin, for the tie-kind model.
    rankings : DataFrame
        Spearman and precision@k of each influence score against held-out observed influence.
    flow : FlowCounts or None
        Which way the cascades run along the ties (None for undirected ties).
    split : dict
        Cascades fitted, held out, dropped as empty, the held-out share and the first held-out start.
    """

    final: KindFit
    final_ties: TieModelFit | None
    graph: SocialGraph
    rules: RuleChoice | None
    influence: pd.DataFrame
    kinds: KindFit
    uniform: UniformFit
    ties: TieModelFit | None
    scores: pd.DataFrame
    calibration: pd.DataFrame
    rankings: pd.DataFrame
    flow: FlowCounts | None
    split: dict

    def fits(self) -> dict:
        """Every fit with its figures, JSON-ready (for the model file)."""
        def kind_fit(fit: KindFit) -> dict:
            return {"p_strong": fit.p_strong, "p_strong_ci": fit.p_strong_ci, "p_weak": fit.p_weak,
                    "p_weak_ci": fit.p_weak_ci, "cascades": fit.n_cascades, "events": fit.n_events,
                    "exposures": fit.n_exposures, "loglik": float(fit.loglik[-1]), "em_steps": len(fit.loglik) - 1}
        return {
            "tie_rule": None if self.rules is None else (
                self.rules.rule.to_dict() if self.rules.rule is not None else "as stored"),
            "tie_kinds_all_cascades": kind_fit(self.final),
            "tie_kinds_earlier_part": kind_fit(self.kinds),
            "uniform_earlier_part": {"p": self.uniform.p, "p_ci": self.uniform.p_ci,
                                     "loglik": float(self.uniform.loglik[-1])},
            "tie_model_earlier_part": None if self.ties is None else {
                "coefficients": dict(zip(self.ties.names, self.ties.beta.tolist())),
                "coefficient_ci": dict(zip(self.ties.names, [list(ci) for ci in self.ties.beta_ci])),
                "kappa": self.ties.kappa,
            },
        }

    def fitted_graph(self, source: str) -> SocialGraph:
        """:attr:`graph` with each tie's fitted ``p`` (tie by tie when refitted, else by kind) and
        ``p_source`` = ``source``: what ``graphkit fit --write`` stores."""
        ties = self.graph.ties.copy()
        if self.final_ties is not None:
            ties["p"] = self.final_ties.tie_p
        else:
            ties["p"] = np.where(ties["tie"] == "strong", self.final.p_strong, self.final.p_weak)
        ties["p_source"] = source
        return SocialGraph(users=self.graph.users, ties=ties, directed=self.graph.directed)

    def evaluation(self) -> dict:
        """The held-out figures, JSON-ready (for the model file)."""
        return {"split": self.split, "scores": self.scores, "calibration": self.calibration,
                "rankings": self.rankings, "tie_rules": None if self.rules is None else self.rules.table}


def fit_cascades(
    graph: SocialGraph,
    cascades: Cascades,
    *,
    held_out: float = 0.2,
    window: float = math.inf,
    n_boot: int = 200,
    count_root: bool = True,
    tie_model: bool = True,
    choose_rule: bool = False,
    refit_ties: bool = False,
    rng: RngLike = 0,
    progress: Callable[[str], None] | None = None,
) -> CascadeFitReport:
    """Fit IC probabilities to ``cascades`` and score them on the latest ``held_out`` share.

    Parameters
    ----------
    graph : SocialGraph
        The ties; directed ones point the way influence flows.
    cascades : Cascades
        Observed cascades over ``graph``'s node indices.
    held_out : float, default 0.2
        Share of cascades, the latest by start time, kept aside for scoring.
    window : float, default inf
        Longest time between a candidate parent's adoption and the adopter's.
    n_boot : int, default 200
        Bootstrap resamples behind the intervals of ``p`` by kind and of uniform ``p`` (the tie
        model's coefficients get sandwich intervals, :mod:`graphkit.fit.sandwich`).
    count_root : bool, default True
        Whether each cascade's first adopter counts in the held-out scores and rankings.
    tie_model : bool, default True
        Whether to fit and score ``p`` tie by tie too (the slowest step: about half of the 50 s
        this function takes on 100,000 cascades with 5 million adoptions over a million ties).
    choose_rule : bool, default False
        Whether to choose the strong/weak labelling rule on the earlier part first.
    refit_ties : bool, default False
        Whether to fit ``p`` tie by tie on all cascades too (for storing each tie's ``p``).
    rng : int, SeedSequence or Generator, default 0
        Randomness of the bootstraps; the same value gives the same report.
    progress : callable, optional
        Called with the name of each step.

    Raises
    ------
    InvalidInputError
        If too few cascades are left to split, or a tie kind never appears in an attempt.
    """
    def step(name: str) -> None:
        if progress is not None:
            progress(name)

    nonempty = cascades.subset(cascades.sizes() > 0)
    if nonempty.n_cascades < 10:
        raise InvalidInputError(f"{nonempty.n_cascades} non-empty cascades: too few to fit and hold some out (10 at least)")
    streams = make_rng(rng).spawn(5)
    with shared_exposures():  # each set of cascades scanned once for all fits and scores
        step("direction")
        flow = flow_counts(graph, nonempty, window=window) if graph.directed else None
        earlier, later = nonempty.split_by_time(held_out)
        rules = None
        if choose_rule:
            step("choose the tie rule")
            rules = choose_tie_rule(graph, earlier, window=window, count_root=count_root)
            graph = rules.graph
        step("fit on the earlier part")
        kinds = fit_tie_kinds(graph, earlier, window=window, n_boot=n_boot, rng=streams[0])
        uniform = fit_uniform(graph, earlier, window=window, n_boot=n_boot, rng=streams[1])
        ties = fit_tie_model(graph, earlier, window=window, rng=streams[3]) if tie_model else None
        step("score on the held-out part")
        p_kinds = kinds.to_model().arc_probabilities(graph)
        candidates = {
            "tie kinds": p_kinds,
            "uniform": np.full(graph.n_arcs, uniform.p),
            "weighted cascade": weighted_cascade_p(graph),
        }
        if ties is not None:
            candidates |= {"features": ties.arc_p_features, "features + per tie": ties.arc_p}
        evaluations = evaluate_models(graph, later, candidates, count_root=count_root)
        rankings = compare_rankings(graph, earlier, later, p_model=p_kinds, p_uniform=uniform.p, count_root=count_root)
        step("fit on all cascades")
        final = fit_tie_kinds(graph, nonempty, window=window, n_boot=n_boot, rng=streams[2])
        final_ties = fit_tie_model(graph, nonempty, window=window, rng=streams[4]) if refit_ties else None
        final_p = (final_ties.with_p(graph).arc_p if final_ties is not None  # the p --write stores (one per tie)
                   else final.to_model().arc_probabilities(graph))
        influence = user_influence(graph, nonempty, final_p, count_root=count_root)
    starts = later.start_times()
    split = {
        "fitted_on": earlier.n_cascades, "held_out": later.n_cascades,
        "empty_dropped": cascades.n_cascades - nonempty.n_cascades, "held_out_share": held_out,
        "held_out_from": float(starts.min()) if len(starts) else None, "count_root": count_root,
    }
    return CascadeFitReport(final=final, final_ties=final_ties, graph=graph, rules=rules, influence=influence,
                            kinds=kinds, uniform=uniform, ties=ties, scores=_scores(evaluations),
                            calibration=evaluations["tie kinds"].calibration, rankings=rankings, flow=flow,
                            split=split)


def _scores(evaluations: dict[str, HeldOutEvaluation]) -> pd.DataFrame:
    rows = [
        {"model": name, "loglik_per_exposure": e.loglik_per_exposure, "auc": e.auc, "mean_predicted": e.mean_predicted,
         "adoption_rate": e.adoption_rate, "exposures": e.n_exposures, "adoptions": e.n_adoptions}
        for name, e in evaluations.items()
    ]
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)
