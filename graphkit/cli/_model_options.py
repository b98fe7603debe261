"""The diffusion-model options shared by ``simulate`` and ``seeds``, handed to them as one model.

:func:`model_options` adds ``--model``, ``--p-strong``, ``--p-weak``, ``--probability``,
``--w-strong``, ``--w-weak`` (defaults: those of :class:`~graphkit.diffusion.ICModel` and
:class:`~graphkit.diffusion.LTModel`, from :mod:`graphkit.defaults`) and ``--model-file`` (a model
fitted by ``graphkit fit``, whose probabilities replace ``--p-strong`` / ``--p-weak``), and passes
the command ``model``: the ICModel or LTModel they describe, validated. :func:`for_graph` then lets
ties that carry their own ``p`` decide, when the user chose no probabilities.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from graphkit.cli._inject import shared_options
from graphkit.defaults import IC_P_STRONG, IC_P_WEAK, IC_PROBABILITY, LT_W_STRONG, LT_W_WEAK
from graphkit.errors import InvalidInputError

if TYPE_CHECKING:
    from graphkit.diffusion import Model
    from graphkit.graph import SocialGraph

__all__ = ["ObjectiveOption", "for_graph", "model_options"]

ObjectiveOption = Annotated[
    Literal["awareness", "adoption"],
    typer.Option(
        "--objective", help="awareness: who hears; adoption: who hears over a strong tie or from two people."
    ),
]

_OPTIONS = [
    ("model_kind", Annotated[Literal["ic", "lt"], typer.Option("--model", help="Independent Cascade or Linear Threshold.")], "ic"),
    ("p_strong", Annotated[float, typer.Option("--p-strong", help="IC: activation probability over a strong tie.")],
     IC_P_STRONG),
    ("p_weak", Annotated[float, typer.Option("--p-weak", help="IC: activation probability over a weak tie.")],
     IC_P_WEAK),
    (
        "probability",
        Annotated[
            Literal["tie", "weighted_cascade", "explicit"],
            typer.Option("--probability", help="IC arc probabilities: by tie kind, 1/in-degree, or the ties' p column."),
        ],
        IC_PROBABILITY,
    ),
    ("w_strong", Annotated[float, typer.Option("--w-strong", help="LT: raw weight of a strong tie.")], LT_W_STRONG),
    ("w_weak", Annotated[float, typer.Option("--w-weak", help="LT: raw weight of a weak tie.")], LT_W_WEAK),
    (
        "model_file",
        Annotated[
            Path | None,
            typer.Option("--model-file", readable=False, help="IC probabilities fitted by `graphkit fit` (they replace --p-strong/--p-weak)."),
        ],
        None,
    ),
]


def _build(model_kind: str, p_strong: float, p_weak: float, probability: str, w_strong: float, w_weak: float,
           model_file: Path | None) -> Model:
    """The ICModel or LTModel the options describe (each validates its own parameters)."""
    from graphkit.diffusion.models import ICModel, LTModel

    if model_file is not None:
        from graphkit.fit.model_file import read_model_file  # graphkit.fit imports scipy: only when asked for

        if model_kind != "ic" or probability != "tie":
            raise InvalidInputError("--model-file holds IC probabilities by tie kind: use it with --model ic "
                                    "--probability tie", field="--model-file")
        return read_model_file(model_file).model
    if model_kind == "ic":
        return ICModel(p_strong=p_strong, p_weak=p_weak, probability=probability)
    return LTModel(w_strong=w_strong, w_weak=w_weak)


def model_options(command: Callable) -> Callable:
    """Give ``command`` the model options; it receives the model they describe as ``model``."""
    return shared_options(command, "model", _OPTIONS, _build)


def for_graph(model: Model, graph: SocialGraph, context: typer.Context, note: Callable[[str], None]) -> Model:
    """``model``, or, when the command line (``context``) chose no IC probabilities and every tie of
    ``graph`` carries its own ``p``, the same model reading them (``probability="explicit"``), said
    through ``note``.

    Raises
    ------
    InvalidInputError
        When no probabilities were chosen and only some ties carry ``p``: which to use is the
        user's call (``--probability explicit`` or ``tie``).
    """
    import numpy as np

    from graphkit.diffusion.models import ICModel

    chosen = any(getattr(context.get_parameter_source(name), "name", "DEFAULT") != "DEFAULT"
                 for name in ("probability", "p_strong", "p_weak", "model_file"))
    if chosen or not isinstance(model, ICModel) or model.probability != "tie":
        return model
    given = ~np.isnan(graph.arc_p)  # from the arrays: the ties table may not be made yet
    if not given.any():
        return model
    if not given.all():
        with_p = len(np.unique(graph.arc_tie_row[given]))
        raise InvalidInputError(
            f"{with_p:,} of {graph.n_ties:,} ties carry their own p: choose --probability explicit (after "
            "giving every tie a p) or --probability tie (p by tie kind, --p-strong/--p-weak)", field="--probability")
    note(f"Every tie carries its own p: using them (--probability explicit); --probability tie uses "
         f"--p-strong {model.p_strong:g} / --p-weak {model.p_weak:g} instead.")
    return dataclasses.replace(model, probability="explicit")
