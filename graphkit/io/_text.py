"""Raw file access for the readers: bytes (gzip-aware), strict UTF-8, and a numpy map of the lines.

The readers keep the physical line of every row so that any bad value can be reported as
``path, line N, field F``. :class:`LineMap` computes per-line facts (blank, comment, number of
whitespace-separated tokens, number of commas) with numpy over the raw bytes, so even a file of
millions of lines is mapped without a Python loop per line.

Examples
--------
>>> from graphkit.io._text import LineMap
>>> lines = LineMap(b"# comment\\r\\n1 2\\r\\n\\r\\n3 4 5\\r\\n")
>>> lines.n_lines, lines.tokens().tolist(), lines.comment().tolist(), lines.blank().tolist()
(4, [2, 2, 0, 3], [True, False, False, False], [False, False, True, False])
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib
from pathlib import Path

import numpy as np

from graphkit.errors import InvalidInputError

__all__ = ["LineMap", "read_bytes", "decode_utf8", "parquet_suffix", "table_suffix", "read_whitespace_rows"]

# ASCII whitespace as str.split() and bytes.split() both understand it.
_SPACE = np.zeros(256, dtype=bool)
_SPACE[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True
_BARE_CR = re.compile(rb"\r(?!\n)")
_COMMENT = np.zeros(256, dtype=bool)
_COMMENT[[ord("#"), ord("%")]] = True


def _suffixes(path: Path) -> list[str]:
    suffixes = [suffix.lower() for suffix in path.suffixes]
    return suffixes[:-1] if suffixes and suffixes[-1] == ".gz" else suffixes


def parquet_suffix(path: Path) -> bool:
    """Whether ``path`` names a Parquet file (``.parquet`` or ``.pq``)."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    return bool(suffixes) and suffixes[-1] in (".parquet", ".pq")


def table_suffix(path: Path) -> str | None:
    """The table kind ``path`` names: "parquet", "csv" (``.csv[.gz]``), "tsv" (``.tsv[.gz]``) or None."""
    if parquet_suffix(path):
        return "parquet"
    suffixes = _suffixes(path)
    if suffixes and suffixes[-1] in (".csv", ".tsv"):
        return suffixes[-1][1:]
    return None


def read_bytes(path: Path) -> bytes:
    """The file's bytes, gunzipped when the name ends in ``.gz``; a leading UTF-8 BOM is removed, and a
    CR that is not followed by LF (an old Mac line ending) becomes LF, so lines end at LF only."""
    try:
        if path.suffix.lower() == ".gz":
            with gzip.open(path, "rb") as handle:
                data = handle.read()
        else:
            data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInputError("file not found", path=path) from None
    except OSError as error:  # unreadable, a folder, a damaged .gz ...
        raise InvalidInputError(f"cannot read the file: {error.strerror or error}", path=path) from None
    except (EOFError, zlib.error) as error:
        raise InvalidInputError(f"cannot read the file: {error}", path=path) from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return _BARE_CR.sub(b"\n", data) if data.count(b"\r") != data.count(b"\r\n") else data


def decode_utf8(data: bytes, path: Path) -> str:
    """``data`` as text; a byte that is not UTF-8 is reported with the line it sits on."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InvalidInputError(
            f"the file is not UTF-8 text: byte 0x{data[error.start]:02x} cannot be decoded", path=path, line=line
        ) from None


class LineMap:
    """Per-line facts about a text buffer, computed with numpy.

    Lines are split at ``\\n``; a final line without a newline counts, an empty tail after the last
    newline does not. Line ``k`` (0-based) is physical line ``k + 1``.

    Parameters
    ----------
    data : bytes
        The file's bytes (UTF-8; multi-byte sequences never contain the ASCII bytes examined here).
    """

    def __init__(self, data: bytes) -> None:
        self.buf = np.frombuffer(data, dtype=np.uint8)
        newlines = np.flatnonzero(self.buf == 10)
        starts = np.concatenate([[0], newlines + 1]).astype(np.int64)
        if starts[-1] == len(self.buf):
            starts = starts[:-1]
        self.starts = starts
        self.stops = np.append(starts[1:], len(self.buf)).astype(np.int64)
        self._space = _SPACE[self.buf]
        self._tokens: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def n_lines(self) -> int:
        """Number of physical lines."""
        return len(self.starts)

    def line_at(self, offset: int) -> int:
        """The line (0-based) holding byte ``offset``."""
        return int(self._line_of(np.asarray([offset]))[0])

    def _per_line(self, mask: np.ndarray) -> np.ndarray:
        return np.bincount(self._line_of(np.flatnonzero(mask)), minlength=self.n_lines)

    def _line_of(self, positions: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.starts, positions, side="right") - 1

    def _token_positions(self) -> tuple[np.ndarray, np.ndarray]:
        """Where each token starts, and its line (computed once)."""
        if self._tokens is None:
            starts = ~self._space
            starts[1:] &= self._space[:-1]
            positions = np.flatnonzero(starts)
            self._tokens = (positions, self._line_of(positions))
        return self._tokens

    def tokens(self) -> np.ndarray:
        """Number of whitespace-separated tokens on each line."""
        return np.bincount(self._token_positions()[1], minlength=self.n_lines)

    def blank(self) -> np.ndarray:
        """True for lines holding only whitespace."""
        return self.tokens() == 0

    def comment(self) -> np.ndarray:
        """True for lines whose first non-blank character is ``#`` or ``%``."""
        token_pos, line_of = self._token_positions()
        first = np.ones(len(token_pos), dtype=bool)
        first[1:] = line_of[1:] != line_of[:-1]
        comment = np.zeros(self.n_lines, dtype=bool)
        comment[line_of[first]] = _COMMENT[self.buf[token_pos[first]]]
        return comment

    def count_byte(self, byte: int) -> np.ndarray:
        """How often ``byte`` occurs on each line."""
        return self._per_line(self.buf == byte)

    def keep_lines(self, keep: np.ndarray) -> bytes:
        """The bytes of the lines where ``keep`` is True, in order."""
        if keep.all():
            return self.buf.tobytes()
        return self.buf[np.repeat(keep, self.stops - self.starts)].tobytes()


def kept_lines(data: bytes, path: Path, empty: str) -> tuple[LineMap, np.ndarray, np.ndarray]:
    """``(lines, tokens per line, keep)`` of a UTF-8 text file's bytes: ``keep`` marks the lines
    with tokens that are not comments. A file with none is refused with ``empty`` (line 1)."""
    decode_utf8(data, path)
    lines = LineMap(data)
    counts = lines.tokens()
    keep = (counts > 0) & ~lines.comment()
    if not keep.any():
        raise InvalidInputError(empty, path=path, line=1)
    return lines, counts, keep


def read_whitespace_rows(
    path: Path, *, n_fields: tuple[int, ...], is_header=None
) -> tuple[np.ndarray, np.ndarray, int]:
    """Rows of a whitespace-separated text file (SNAP style), as a 2-D array of str tokens.

    Lines that are blank or start with ``#`` or ``%`` are skipped; ``\\r\\n`` endings are fine.
    The first data line sets the number of fields, which must be one of ``n_fields``; every
    other line must have as many. ``is_header(tokens)``, if given, decides whether the first data
    line is a header to skip.

    Returns
    -------
    tokens : ndarray of object, shape (rows, fields)
    row_lines : ndarray of int64
        Physical line (1-based) of each row.
    skipped : int
        Lines skipped (blank, comment, header).
    """
    data = read_bytes(path)
    lines, counts, keep = kept_lines(data, path, "the file is empty (no data lines)")
    first = int(np.argmax(keep))
    if is_header is not None:
        first_tokens = data[lines.starts[first] : lines.stops[first]].decode("utf-8").split()
        if is_header(first_tokens):
            keep[first] = False
            if not keep.any():
                raise InvalidInputError("the file has a header but no rows", path=path, line=first + 1)
            first = int(np.argmax(keep))
    width = int(counts[first])
    allowed = " or ".join(map(str, n_fields))
    if width not in n_fields:
        raise InvalidInputError(f"expected {allowed} fields, got {width}", path=path, line=first + 1)
    row_index = np.flatnonzero(keep)
    wrong = counts[row_index] != width
    if wrong.any():
        at = int(row_index[int(np.argmax(wrong))])
        got = int(counts[at])
        raise InvalidInputError(
            f"expected {width} fields as on line {first + 1}, got {got}",
            path=path,
            line=at + 1,
            field=f"column {min(got, width) + 1}",  # the first extra field, or the first missing one
        )
    body = lines.keep_lines(keep).decode("utf-8")
    tokens = body.split()
    if len(tokens) != width * len(row_index):
        for index, line in zip(row_index, body.split("\n")):
            if len(line.split()) != width:
                raise InvalidInputError(
                    "a field holds a Unicode space character; ids cannot contain whitespace",
                    path=path,
                    line=int(index) + 1,
                )
    table = np.array(tokens, dtype=object).reshape(-1, width)
    return table, row_index + 1, lines.n_lines - len(row_index)
