"""The rows every cascade reader returns: one per adoption, in file order, before the graph is consulted.

:func:`~graphkit.io._cascade_table.read_table_rows` and
:func:`~graphkit.io._cascade_lines.read_line_rows` build a :class:`CascadeRows`;
:func:`~graphkit.io.read_cascades` turns it into :class:`~graphkit.cascades.Cascades`.
:func:`check_finite` is the time check both readers share.

Examples
--------
>>> import numpy as np
>>> check_finite(np.array([1.0, np.inf]), np.array(["1", "inf"], dtype=object), np.array([2, 3]), "c.txt")
Traceback (most recent call last):
...
graphkit.errors.InvalidInputError: c.txt, line 3, field 'time': time must be a finite number, got 'inf'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from graphkit.errors import InvalidInputError

__all__ = ["CascadeRows", "check_finite"]


@dataclass(frozen=True)
class CascadeRows:
    """One row per adoption as read (in file order), before the graph is consulted."""

    cascade: np.ndarray  # int64 code of the row's cascade, 0..C-1
    names: np.ndarray  # object: each cascade's name
    user: np.ndarray  # object: str ids
    time: np.ndarray  # float64
    line: np.ndarray  # int64: physical line of the row
    root: np.ndarray  # bool: the row is a cascade's root
    parent: np.ndarray | None  # object: the parent's id, None where unknown
    lines_skipped: int = 0


def check_finite(times: np.ndarray, raw: np.ndarray, lines: np.ndarray, path: Path) -> None:
    bad = ~np.isfinite(times)
    if bad.any():
        at = int(np.argmax(bad))
        value = raw[at].item() if isinstance(raw[at], np.generic) else raw[at]
        raise InvalidInputError(f"time must be a finite number, got {value!r}", path=path, line=int(lines[at]), field="time")
