"""The exploration queries of ``cypher/explore``: one parameterised Cypher query per file.

Each file starts with ``//`` comment lines: the first is the title, the next ones say what the
query shows, and one ``// $name  type  description`` line declares each parameter. The loader
checks that the declared parameters are exactly the ones the query uses, so a file and its
header can't drift apart.

Examples
--------
>>> from graphkit.browser import explore_queries
>>> queries = explore_queries()
>>> circle = queries["strong_tie_circle"]
>>> circle.title
"A user's strong-tie circle"
>>> [parameter.name for parameter in circle.parameters]
['userId', 'limit']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graphkit.errors import InvalidInputError

__all__ = [
    "EXPLORE_DIR",
    "ExploreQuery",
    "QueryParameter",
    "explore_queries",
    "parse_explore_query",
]

EXPLORE_DIR = Path(__file__).resolve().parent.parent / "cypher" / "explore"
"""The folder of exploration queries shipped with graphkit (``cypher/explore`` in the repository)."""

_PARAMETER_LINE = re.compile(
    r"^//\s*\$(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>\w+)\s+(?P<description>.+)$"
)
_PARAMETER_USE = re.compile(r"\$(?P<name>[A-Za-z_][A-Za-z0-9_]*)")
_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_TYPES = ("string", "integer", "float", "boolean")


@dataclass(frozen=True, slots=True)
class QueryParameter:
    """One ``$parameter`` of an exploration query."""

    name: str
    type: str
    description: str


@dataclass(frozen=True, slots=True)
class ExploreQuery:
    """An exploration query: its file name (without ``.cypher``), header and full text."""

    name: str
    title: str
    description: str
    parameters: tuple[QueryParameter, ...]
    text: str

    @property
    def body(self) -> str:
        """The Cypher without the leading comment header."""
        lines = self.text.splitlines()
        start = next(index for index, line in enumerate(lines) if not line.startswith("//"))
        return "\n".join(lines[start:]).strip()


def parse_explore_query(name: str, text: str) -> ExploreQuery:
    """Parse one exploration query file.

    Parameters
    ----------
    name : str
        The query's name (its file name without ``.cypher``).
    text : str
        The file's text.

    Returns
    -------
    ExploreQuery

    Raises
    ------
    InvalidInputError
        When the header lacks a title or a description, a parameter line is malformed or has an
        unknown type, or the declared parameters differ from the ``$names`` the query uses.

    Examples
    --------
    >>> query = parse_explore_query("one", "// One user\\n// Shows one user.\\n"
    ...                             "// $userId  string  the id\\nMATCH (u:User {id: $userId}) RETURN u")
    >>> query.title, query.parameters[0].type, query.body
    ('One user', 'string', 'MATCH (u:User {id: $userId}) RETURN u')
    """
    lines = text.strip().splitlines()
    header = _leading_comments(lines)
    if len(header) < 2:
        raise InvalidInputError(
            f"query {name!r} must start with a '// title' line and at least one '// description' line"
        )
    title = header[0][2:].strip()
    description_lines, parameters = [], []
    for line in header[1:]:
        if line.lstrip("/ ").startswith("$"):
            match = _PARAMETER_LINE.match(line)
            if match is None:
                raise InvalidInputError(
                    f"query {name!r}: parameter line must be '// $name type description', got {line!r}"
                )
            if match["type"] not in _TYPES:
                raise InvalidInputError(
                    f"query {name!r}: parameter type must be one of {', '.join(_TYPES)}, got {match['type']!r}"
                )
            parameters.append(QueryParameter(match["name"], match["type"], match["description"].strip()))
        else:
            description_lines.append(line[2:].strip())
    query = ExploreQuery(
        name, title, " ".join(description_lines).strip(), tuple(parameters), text.strip() + "\n"
    )
    used = set(_PARAMETER_USE.findall(_STRING_LITERAL.sub("''", query.body)))
    declared = {parameter.name for parameter in parameters}
    if not title or not query.description or used != declared:
        raise InvalidInputError(
            f"query {name!r}: declared parameters {sorted(declared)} must match the ones used {sorted(used)}, "
            "and title and description must not be empty"
        )
    return query


def explore_queries(folder: str | Path | None = None) -> dict[str, ExploreQuery]:
    """All exploration queries of ``folder`` by name, in name order.

    Parameters
    ----------
    folder : path, optional
        A folder of ``*.cypher`` files; default :data:`EXPLORE_DIR`.

    Returns
    -------
    dict of str to ExploreQuery

    Raises
    ------
    InvalidInputError
        When the folder holds no ``.cypher`` file or a file is malformed.

    Examples
    --------
    >>> len(explore_queries()) >= 12
    True
    """
    folder = EXPLORE_DIR if folder is None else Path(folder)
    paths = sorted(folder.glob("*.cypher"))
    if not paths:
        raise InvalidInputError(f"folder must hold .cypher files, got none in {folder}")
    return {path.stem: parse_explore_query(path.stem, path.read_text(encoding="utf-8")) for path in paths}


def _leading_comments(lines: list[str]) -> list[str]:
    header = []
    for line in lines:
        if not line.startswith("//"):
            break
        header.append(line)
    return header
