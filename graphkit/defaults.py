"""The engines' default parameters, in a leaf module that imports nothing.

:class:`~graphkit.analysis.weights.TieWeights`, :class:`~graphkit.diffusion.models.ICModel` and
:class:`~graphkit.diffusion.models.LTModel` take their defaults from here, so the CLI shows them in
``--help`` without importing the engines (numpy, pandas, numba, igraph).

Examples
--------
>>> from graphkit.analysis.weights import DEFAULT_TIE_WEIGHTS
>>> from graphkit.diffusion.models import DEFAULT_IC, DEFAULT_LT
>>> DEFAULT_TIE_WEIGHTS.weak == WEAK_TIE_WEIGHT, DEFAULT_IC.p_weak == IC_P_WEAK
(True, True)
>>> DEFAULT_LT.w_weak == LT_W_WEAK
True
"""

__all__ = [
    "IC_PROBABILITY",
    "IC_P_STRONG",
    "IC_P_WEAK",
    "LT_W_STRONG",
    "LT_W_WEAK",
    "STRONG_TIE_WEIGHT",
    "WEAK_TIE_WEIGHT",
]

STRONG_TIE_WEIGHT = 1.0
"""How much a strong tie counts in the weighted measures (:class:`~graphkit.analysis.weights.TieWeights`)."""
WEAK_TIE_WEIGHT = 0.3
"""How much a weak tie counts in the weighted measures."""

IC_P_STRONG = 0.1
"""Independent Cascade: activation probability over a strong tie."""
IC_P_WEAK = 0.01
"""Independent Cascade: activation probability over a weak tie."""
IC_PROBABILITY = "tie"
"""Independent Cascade: where arc probabilities come from (by tie kind)."""

LT_W_STRONG = 1.0
"""Linear Threshold: raw weight of a strong tie."""
LT_W_WEAK = 0.2
"""Linear Threshold: raw weight of a weak tie."""
