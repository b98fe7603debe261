"""The diffusion-model options shared by ``simulate`` and ``seeds``, and the model they build."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from graphkit.diffusion import ICModel, LTModel, Model

__all__ = [
    "ModelOption",
    "PStrongOption",
    "PWeakOption",
    "ProbabilityOption",
    "WStrongOption",
    "WWeakOption",
    "ObjectiveOption",
    "build_model",
]

ModelOption = Annotated[
    Literal["ic", "lt"], typer.Option("--model", help="Independent Cascade or Linear Threshold.")
]
PStrongOption = Annotated[
    float, typer.Option("--p-strong", help="IC: activation probability over a strong tie.")
]
PWeakOption = Annotated[float, typer.Option("--p-weak", help="IC: activation probability over a weak tie.")]
ProbabilityOption = Annotated[
    Literal["tie", "weighted_cascade", "explicit"],
    typer.Option(
        "--probability", help="IC arc probabilities: by tie kind, 1/in-degree, or the ties' p column."
    ),
]
WStrongOption = Annotated[float, typer.Option("--w-strong", help="LT: raw weight of a strong tie.")]
WWeakOption = Annotated[float, typer.Option("--w-weak", help="LT: raw weight of a weak tie.")]
ObjectiveOption = Annotated[
    Literal["awareness", "adoption"],
    typer.Option(
        "--objective", help="awareness: who hears; adoption: who hears over a strong tie or from two people."
    ),
]


def build_model(
    model: str, p_strong: float, p_weak: float, probability: str, w_strong: float, w_weak: float
) -> Model:
    """The ICModel or LTModel the options describe (each validates its own parameters)."""
    if model == "ic":
        return ICModel(p_strong=p_strong, p_weak=p_weak, probability=probability)
    return LTModel(w_strong=w_strong, w_weak=w_weak)
