"""The file readers against 10,000+ generated inputs: each one is read, or refused with an
InvalidInputError naming the file; no other exception escapes (issue 17).

The inputs come from a seeded generator (the same inputs on every run), half of them as bytes
and half as rows:

* **bytes**: short strings drawn from the bytes that matter to a reader (separators, CR and LF,
  quotes, ``#``, NUL, a multi-byte character and a byte that is not UTF-8, digits, ``NaN``),
  and good files with a few bytes inserted, deleted or replaced;
* **rows**: tables with the readers' columns and random cells (ids, empty cells, labels,
  numbers in several spellings, quoted fields), written as CSV or TSV with LF, CRLF or bare CR
  line endings, and every tenth as Parquet.

Each input is read as users, as ties and as an edge list (the three readers of ``graphkit load``).
"""

from __future__ import annotations

import random
import traceback
from pathlib import Path

import pandas as pd

from graphkit.errors import InvalidInputError
from graphkit.io import read_edge_list, read_ties, read_users

N_INPUTS = 10_000
ALPHABET = [b",", b"\t", b"\r", b"\n", b"\r\n", b'"', b"#", b"\x00", b" ", b"a", b"Z", b"1", b"0.5", b"-",
            b"\xc3\xa9", b"\xff", b"NaN", b"id", b"source", b"target", b"tie", b"p", b"weight", b"strong"]
GOOD = [b"id,segment\na,x\nb,y\n", b"source,target,tie,weight\na,b,strong,2\nb,c,,1\n", b"a b\nb c 2\n"]
CELLS = ["a", "b", "u1", "", " ", "strong", "weak", "Strong", "0", "1", "0.5", "-1", "1e3", "NaN", "nan", "inf",
         "NA", "null", '"x,y"', '"q""q"', "é", "2024-01-01", "#c", "x y"]
COLUMNS = ["id", "source", "target", "tie", "weight", "p", "timestamp", "segment", "cost", ""]


def _byte_input(rng: random.Random) -> bytes:
    if rng.random() < 0.5:
        return b"".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
    data = bytearray(rng.choice(GOOD))
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(data) + 1)
        change = rng.choice(("insert", "delete", "replace"))
        if change == "insert":
            data[at:at] = rng.choice(ALPHABET)
        elif data:
            data[min(at, len(data) - 1) : min(at, len(data) - 1) + 1] = b"" if change == "delete" else rng.choice(ALPHABET)
    return bytes(data)


def _row_input(rng: random.Random) -> tuple[str, bytes | pd.DataFrame]:
    """(suffix, content): a table of random cells under the readers' columns."""
    columns = rng.sample(COLUMNS, rng.randint(1, 5))
    if rng.random() < 0.7:
        columns[: min(2, len(columns))] = rng.choice([["id"], ["source", "target"]])[: min(2, len(columns))]
    rows = [[rng.choice(CELLS) for _ in columns] for _ in range(rng.randint(0, 6))]
    if rng.random() < 0.1:
        frame = pd.DataFrame(rows, columns=[name or "unnamed" for name in columns]).astype(object)
        return ".parquet", frame.loc[:, ~frame.columns.duplicated()]
    sep = rng.choice([",", "\t"])
    ending = rng.choice(["\n", "\r\n", "\r"])
    lines = [sep.join(columns), *(sep.join(row) for row in rows)]
    return (".csv" if sep == "," else ".tsv"), (ending.join(lines) + rng.choice([ending, ""])).encode()


def _read_all(path: Path) -> list[str]:
    """What went wrong reading ``path`` with each reader: an exception other than an
    InvalidInputError naming the file."""
    problems = []
    for reader in (read_users, read_ties, read_edge_list):
        try:
            reader(path)
        except InvalidInputError as error:
            if not str(error).startswith(str(path)):
                problems.append(f"{reader.__name__}: the error does not name the file: {error}")
        except Exception:  # noqa: BLE001 - the point of the test
            problems.append(f"{reader.__name__}: {traceback.format_exc(limit=-3)}")
    return problems


def test_readers_refuse_any_generated_input_with_one_named_error(tmp_path):
    rng = random.Random(17)
    failures = []
    for number in range(N_INPUTS):
        if number % 2 == 0:
            suffix, content = rng.choice([".csv", ".tsv", ".txt"]), _byte_input(rng)
        else:
            suffix, content = _row_input(rng)
        path = tmp_path / f"input{suffix}"
        if isinstance(content, pd.DataFrame):
            content.to_parquet(path)
        else:
            path.write_bytes(content)
        for problem in _read_all(path):
            shown = content if isinstance(content, bytes) else content.to_dict("list")
            failures.append(f"input {number} {shown!r}: {problem}")
    assert not failures, f"{len(failures)} failures; the first ones:\n" + "\n".join(failures[:5])
