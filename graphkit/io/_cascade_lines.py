"""The line formats of cascades: ``root u1 t1 u2 t2 ...`` ("root-pairs") and ``user,time`` tokens ("pairs").

One cascade per line, named ``line N`` (see :mod:`graphkit.io.cascades` for the rules);
:func:`read_line_rows` reads either into :class:`~graphkit.io._cascade_rows.CascadeRows` and
:func:`first_line` finds the line format detection looks at.

Examples
--------
>>> first_line(b"\\n# a comment\\nann bob 20\\n", skip_comments=True)
(3, 'ann bob 20')
>>> rows = read_line_rows("c.txt", b"ann,3 bob,1\\n", rooted=False, root_offset=1.0)
>>> rows.user.tolist(), rows.time.tolist(), rows.names.tolist()
(['ann', 'bob'], [3.0, 1.0], ['line 1'])
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from graphkit.errors import InvalidInputError
from graphkit.io._cascade_rows import CascadeRows, check_finite
from graphkit.io._text import kept_lines

__all__ = ["first_line", "read_line_rows"]

# ASCII whitespace as str.split() understands it.
_WHITESPACE = np.zeros(256, dtype=bool)
_WHITESPACE[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True


def first_line(data: bytes, *, skip_comments: bool) -> tuple[int, str] | None:
    """The first non-blank line (and, if asked, not a ``#``/``%`` comment): its number and text."""
    start, number = 0, 1
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        text = data[start:end].decode("utf-8", errors="replace").strip()
        if text and not (skip_comments and text[0] in "#%"):
            return number, text
        start, number = end + 1, number + 1
    return None


def _parse_times(tokens: list[str], lines: np.ndarray, path: Path) -> np.ndarray:
    """Times from text: numpy's fast parser when the text is plain ASCII without ``_`` (where it
    accepts what pandas accepts), pandas' otherwise."""
    joined = "".join(tokens)
    times = None
    if joined.isascii() and "_" not in joined:
        try:
            times = np.array(tokens, dtype=np.float64)
        except ValueError:
            times = None
    if times is None:
        times = pd.to_numeric(pd.Series(tokens, dtype=object), errors="coerce").to_numpy(np.float64)
    check_finite(times, np.asarray(tokens, dtype=object), lines, path)
    return times


def read_line_rows(path: Path, data: bytes, *, rooted: bool, root_offset: float) -> CascadeRows:
    lines, counts, keep = kept_lines(data, path, "the file is empty (no cascades)")
    data_lines = np.flatnonzero(keep)
    per_line = counts[data_lines]
    body_bytes = lines.keep_lines(keep)
    body = body_bytes.decode("utf-8")
    tokens = body.split()
    if len(tokens) != int(per_line.sum()):
        for index, text in zip(data_lines, body.split("\n")):
            if len(text.split()) != counts[index]:
                raise InvalidInputError(
                    "a token holds a Unicode space character; ids cannot contain whitespace",
                    path=path, line=int(index) + 1,
                )
    token_line = np.repeat(data_lines + 1, per_line)
    names = np.array([f"line {line}" for line in (data_lines + 1).tolist()], dtype=object)
    skipped = lines.n_lines - len(data_lines)
    if rooted:
        return _root_pair_rows(path, tokens, token_line, per_line, names, root_offset, skipped)
    return _pair_rows(path, body_bytes, body, tokens, token_line, per_line, names, skipped)


def _root_pair_rows(
    path: Path, tokens: list[str], token_line: np.ndarray, per_line: np.ndarray, names: np.ndarray,
    root_offset: float, skipped: int,
) -> CascadeRows:
    first = np.concatenate([[0], np.cumsum(per_line)[:-1]])
    even = per_line % 2 == 0
    if even.any():
        at = int(np.argmax(even))
        last = tokens[first[at] + per_line[at] - 1]
        raise InvalidInputError(
            f"the user {last!r} has no time: a line is a root, then user time pairs ({per_line[at]} tokens here)",
            path=path, line=int(token_line[first[at]]), field="time",
        )
    alone = per_line == 1
    if alone.any():
        at = int(np.argmax(alone))
        raise InvalidInputError(
            f"the root {tokens[first[at]]!r} has no adopters after it, so its time is unknown",
            path=path, line=int(token_line[first[at]]), field="root",
        )
    position = np.arange(len(tokens)) - np.repeat(first, per_line)
    is_time = (position > 0) & (position % 2 == 0)
    array = np.array(tokens, dtype=object)
    time_at = np.flatnonzero(is_time)
    pair_times = _parse_times(array[time_at].tolist(), token_line[time_at], path)
    # Per line: the root, then each user (the token before each time), in file order.
    adopter = ~is_time
    root = position[adopter] == 0
    cascade = np.repeat(np.arange(len(per_line), dtype=np.int64), (per_line + 1) // 2)
    pairs_per_line = (per_line - 1) // 2
    times = np.empty(int(adopter.sum()), dtype=np.float64)
    times[~root] = pair_times
    times[root] = np.minimum.reduceat(pair_times, np.concatenate([[0], np.cumsum(pairs_per_line)[:-1]])) - root_offset
    return CascadeRows(
        cascade=cascade, names=names, user=array[adopter], time=times, line=token_line[adopter], root=root,
        parent=None, lines_skipped=skipped,
    )


def _pair_rows(
    path: Path, body_bytes: bytes, body: str, tokens: list[str], token_line: np.ndarray, per_line: np.ndarray,
    names: np.ndarray, skipped: int,
) -> CascadeRows:
    buf = np.frombuffer(body_bytes, dtype=np.uint8)
    space = _WHITESPACE[buf]
    starts = ~space
    starts[1:] &= space[:-1]
    stops = ~space
    stops[:-1] &= space[1:]
    starts, stops = np.flatnonzero(starts), np.flatnonzero(stops)  # a token is bytes starts[k]..stops[k]
    commas = np.flatnonzero(buf == ord(","))
    owner = np.searchsorted(starts, commas, side="right") - 1
    n_commas = np.bincount(owner, minlength=len(starts))
    comma_at = np.full(len(starts), -1, dtype=np.int64)
    comma_at[owner[::-1]] = commas[::-1]  # the first comma of each token
    problems = (
        (n_commas != 1, "time", "expected user,time with one comma, got {token!r}"),
        (comma_at == starts, "user", "user is empty in {token!r}"),
        (comma_at == stops, "time", "time is empty in {token!r}"),
    )
    bad = np.zeros(len(starts), dtype=bool)
    for mask, _, _ in problems:
        bad |= mask
    if bad.any():
        at = int(np.argmax(bad))
        field, message = next((field, message) for mask, field, message in problems if mask[at])
        raise InvalidInputError(message.format(token=tokens[at]), path=path, line=int(token_line[at]), field=field)
    parts = body.replace(",", " ").split()
    times = _parse_times(parts[1::2], token_line, path)
    return CascadeRows(
        cascade=np.repeat(np.arange(len(per_line), dtype=np.int64), per_line), names=names,
        user=np.array(parts[0::2], dtype=object), time=times, line=token_line,
        root=np.zeros(len(tokens), dtype=bool), parent=None, lines_skipped=skipped,
    )
