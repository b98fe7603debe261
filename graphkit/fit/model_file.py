"""The model file ``graphkit fit`` writes and ``simulate``, ``seeds`` and ``plan`` read.

A JSON document: ``format`` ("graphkit-fit") and ``version``; ``model`` (the Independent Cascade
parameters the engines use: ``p_strong``, ``p_weak``); ``intervals`` (their 95% intervals);
``fits`` (every level fitted, with its figures); ``data`` (what it saw: the cascades file, how
they were split, the graph's size, the flow check); ``evaluation`` (held-out metrics); and
``graphkit_version`` / ``created_at``. :func:`read_model_file` checks the format and returns a
:class:`FittedModel`.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "fit.json"
>>> write_model_file(path, p_strong=0.11, p_weak=0.025,
...                  intervals={"p_strong": (0.07, 0.2), "p_weak": (0.023, 0.03)})
>>> fitted = read_model_file(path)
>>> fitted.model.p_strong, fitted.intervals["p_weak"]
(0.11, (0.023, 0.03))
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graphkit.diffusion.models import ICModel
from graphkit.errors import InvalidInputError
from graphkit.results import to_jsonable
from graphkit.version import __version__

__all__ = ["FORMAT", "FittedModel", "read_model_file", "write_model_file"]

FORMAT = "graphkit-fit"
_VERSION = 1


@dataclass(frozen=True)
class FittedModel:
    """A model read from a model file.

    Attributes
    ----------
    model : ICModel
        The probabilities by tie kind.
    intervals : dict of str to (float, float)
        95% intervals of ``p_strong`` and ``p_weak``.
    path : str
        The file it came from.
    document : dict
        The whole document (fits, data, evaluation).
    """

    model: ICModel
    intervals: dict[str, tuple[float, float]]
    path: str
    document: dict[str, Any] = field(repr=False)

    def source(self) -> str:
        """Where the probabilities came from, in words, e.g. for a report."""
        data = self.document.get("data", {})
        cascades = data.get("fitted_cascades")
        seen = f" on {cascades:,} cascades from {data.get('cascades_file')}" if cascades else ""
        return f"fitted by graphkit fit{seen} ({self.path})"


def write_model_file(
    path: str | Path, *, p_strong: float, p_weak: float, intervals: dict[str, tuple[float, float]],
    fits: dict[str, Any] | None = None, data: dict[str, Any] | None = None,
    evaluation: dict[str, Any] | None = None,
) -> None:
    """Write a model file (see the module docstring); the write is atomic (a temporary file, renamed)."""
    ICModel(p_strong=p_strong, p_weak=p_weak)  # the file must hold a model the engines accept
    document = {
        "format": FORMAT,
        "version": _VERSION,
        "model": {"kind": "ic", "probability": "tie", "p_strong": float(p_strong), "p_weak": float(p_weak)},
        "intervals": {name: [float(low), float(high)] for name, (low, high) in intervals.items()},
        "fits": fits or {},
        "data": data or {},
        "evaluation": evaluation or {},
        "graphkit_version": __version__,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    path = Path(path)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(to_jsonable(document), indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)


def read_model_file(path: str | Path) -> FittedModel:
    """Read a model file written by :func:`write_model_file`.

    Raises
    ------
    InvalidInputError
        Naming the file (and the key) when it is missing, not JSON, not a graphkit model file, or
        holds probabilities out of range.
    """
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInputError("no such model file", path=path) from None
    except OSError as error:  # unreadable, a folder ...
        raise InvalidInputError(f"cannot read the file: {error.strerror or error}", path=path) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInputError(f"not a JSON model file ({error})", path=path) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInputError("not a graphkit model file (no \"format\": \"graphkit-fit\"); write one with graphkit fit",
                                path=path)
    if document.get("version") != _VERSION:
        raise InvalidInputError(f"model file version {document.get('version')!r}; this graphkit reads {_VERSION}",
                                path=path, field="version")
    model = document.get("model", {})
    try:
        ic = ICModel(p_strong=model["p_strong"], p_weak=model["p_weak"])
    except (KeyError, TypeError) as error:
        raise InvalidInputError(f"model needs p_strong and p_weak ({error})", path=path, field="model") from None
    except InvalidInputError as error:
        raise InvalidInputError(str(error), path=path, field="model") from None
    intervals = {}
    for name, bounds in document.get("intervals", {}).items():
        if not (isinstance(bounds, list) and len(bounds) == 2 and all(isinstance(b, (int, float)) for b in bounds)
                and all(math.isfinite(b) for b in bounds)):
            raise InvalidInputError(f"interval of {name} must be two finite numbers", path=path, field="intervals")
        intervals[name] = (float(bounds[0]), float(bounds[1]))
    return FittedModel(model=ic, intervals=intervals, path=str(path), document=document)
