"""The Neo4j Browser kit: the guide, the GraSS style and the favourites zip, built into a folder.

``build_browser_kit`` writes three files that a small CORS web server (:class:`GuideServer`)
serves to Neo4j Browser 5:

- ``guide.html``: slides for ``:play <url>`` with the exploration queries as runnable blocks,
  rendered from the template ``guide.html`` next to this module and ``cypher/explore``;
- ``graphkit.grass``: the style for ``:style <url>``;
- ``graphkit-queries.zip``: every exploration query as a ``.cypher`` file in a ``graphkit``
  folder; dropped onto Browser, they become favourites.

Examples
--------
>>> import tempfile
>>> kit = build_browser_kit(tempfile.mkdtemp(), base_url="http://127.0.0.1:8765")
>>> sorted(path.name for path in (kit.guide, kit.style, kit.favourites))
['graphkit-queries.zip', 'graphkit.grass', 'guide.html']
>>> post_connect_command("http://127.0.0.1:8765")
'style http://127.0.0.1:8765/graphkit.grass; play http://127.0.0.1:8765/guide.html'
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from graphkit.browser.queries import ExploreQuery, explore_queries
from graphkit.errors import InvalidInputError

__all__ = [
    "FAVOURITES_FILE",
    "GUIDE_FILE",
    "GUIDE_PARAMETERS",
    "STYLE_FILE",
    "BrowserKit",
    "browser_url",
    "build_browser_kit",
    "post_connect_command",
    "render_guide",
    "write_favourites_zip",
]

GUIDE_FILE = "guide.html"
STYLE_FILE = "graphkit.grass"
FAVOURITES_FILE = "graphkit-queries.zip"
_HERE = Path(__file__).resolve().parent

GUIDE_PARAMETERS: dict[str, tuple[str, str]] = {
    "limit": ("limit", "25"),
    "minProbability": ("minProbability", "0.2"),
    "userId": (
        "userId",
        "COLLECT { MATCH (u:User) RETURN u.id ORDER BY coalesce(u.leaderScore, -1.0) DESC, u.id LIMIT 1 }[0]",
    ),
    "community": (
        "community",
        "COLLECT { MATCH (c:Community) RETURN c.id ORDER BY c.size DESC, c.id LIMIT 1 }[0]",
    ),
    "communityA": (
        "communityA",
        (
            "COLLECT { MATCH (a:User)-[:WEAK_TIE]-(b:User) WHERE a.community < b.community "
            "WITH a.community AS x, b.community AS y, count(*) AS n RETURN x ORDER BY n DESC, x, y LIMIT 1 }[0]"
        ),
    ),
    "communityB": (
        "communityB",
        (
            "COLLECT { MATCH (a:User)-[:WEAK_TIE]-(b:User) WHERE a.community < b.community "
            "WITH a.community AS x, b.community AS y, count(*) AS n RETURN y ORDER BY n DESC, x, y LIMIT 1 }[0]"
        ),
    ),
    "campaign": (
        "campaign",
        "COLLECT { MATCH (c:Campaign) RETURN c.name ORDER BY c.createdAt DESC, c.name LIMIT 1 }[0]",
    ),
    "segment": (
        "segment",
        (
            "COLLECT { MATCH (u:User) WHERE u.segment IS NOT NULL "
            "WITH u.segment AS s, count(*) AS n RETURN s ORDER BY n DESC, s LIMIT 1 }[0]"
        ),
    ),
    "targetUser": (
        "userId",
        (
            "COLLECT { MATCH (u:User {segment: $segment}) "
            "WHERE NOT EXISTS { (:Campaign {name: $campaign})-[:SEEDS|REACHES]->(u) } "
            "RETURN u.id ORDER BY coalesce(u.pagerank, 0.0) DESC, u.id LIMIT 1 }[0]"
        ),
    ),
    "graphName": ("graphName", "'graphkit'"),
    "orientation": ("orientation", "'UNDIRECTED'"),
    "seedSetSize": (
        "seedSetSize",
        (
            "COLLECT { MATCH (:Campaign {name: $campaign})-[seed:SEEDS]->() WITH count(seed) AS n "
            "RETURN CASE n WHEN 0 THEN 10 ELSE n END }[0]"
        ),
    ),
    "propagationProbability": ("propagationProbability", "0.1"),
}
"""Guide placeholders ``<params names="...">``: each name gives the Browser parameter it sets
and the Cypher expression (evaluated by ``:param name => expression``) that picks a value from
the data: the strongest leader, the largest community, the latest campaign, as many GDS seeds as
that campaign has (10 without one), and so on."""


@dataclass(frozen=True, slots=True)
class BrowserKit:
    """Paths of the three files ``build_browser_kit`` wrote."""

    guide: Path
    style: Path
    favourites: Path


def render_guide(base_url: str, queries: dict[str, ExploreQuery] | None = None) -> str:
    """The guide's HTML, with each ``<query name>`` replaced by that query as a runnable block.

    Parameters
    ----------
    base_url : str
        Where the kit is served, e.g. ``http://127.0.0.1:8765``; the guide links the style and
        the favourites zip there.
    queries : dict of str to ExploreQuery, optional
        Default :func:`~graphkit.browser.explore_queries`.

    Returns
    -------
    str

    Raises
    ------
    InvalidInputError
        When ``base_url`` is not an http(s) URL, or the template names an unknown query or parameter.

    Examples
    --------
    >>> guide = render_guide("http://127.0.0.1:8765")
    >>> guide.count("<slide"), ":style http://127.0.0.1:8765/graphkit.grass" in guide
    (9, True)
    """
    base_url = _check_base_url(base_url)
    queries = explore_queries() if queries is None else queries
    template = (_HERE / GUIDE_FILE).read_text(encoding="utf-8")

    def query_block(match: re.Match) -> str:
        name = match["name"]
        if name not in queries:
            raise InvalidInputError(f"guide query must be one of {', '.join(queries)}, got {name!r}")
        query = queries[name]
        parameters = "".join(
            f"<li><code>${p.name}</code> ({p.type}): {html.escape(p.description)}</li>"
            for p in query.parameters
        )
        return (
            f"<h4>{html.escape(query.title)}</h4>\n<p>{html.escape(query.description)}</p>\n"
            + (f"<ul>{parameters}</ul>\n" if parameters else "")
            + f'<pre class="runnable" data-query="{name}">{html.escape(query.body)}</pre>'
        )

    def params_block(match: re.Match) -> str:
        blocks = []
        for key in match["names"].split():
            if key not in GUIDE_PARAMETERS:
                raise InvalidInputError(
                    f"guide parameter must be one of {', '.join(GUIDE_PARAMETERS)}, got {key!r}"
                )
            name, expression = GUIDE_PARAMETERS[key]
            blocks.append(
                f'<pre class="runnable" data-param="{name}">:param {name} => {html.escape(expression)}</pre>'
            )
        return "\n".join(blocks)

    listing = "".join(
        f"<li><code>{name}.cypher</code>: {html.escape(query.title)}</li>" for name, query in queries.items()
    )
    text = re.sub(r'<query name="(?P<name>\w+)"></query>', query_block, template)
    text = re.sub(r'<params names="(?P<names>[\w ]+)"></params>', params_block, text)
    return (
        text.replace("@BASE_URL@", base_url)
        .replace("@QUERY_COUNT@", str(len(queries)))
        .replace("@QUERY_LIST@", listing)
    )


def write_favourites_zip(path: str | Path, queries: dict[str, ExploreQuery] | None = None) -> Path:
    """Write the exploration queries as ``graphkit/<name>.cypher`` entries of a zip file.

    Dropped onto Neo4j Browser, the zip becomes a ``graphkit`` folder of favourites, each named
    by its first line (the query's title comment).

    Parameters
    ----------
    path : path
        The zip file to write (its folder must exist).
    queries : dict of str to ExploreQuery, optional
        Default :func:`~graphkit.browser.explore_queries`.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, zipfile
    >>> path = write_favourites_zip(Path(tempfile.mkdtemp()) / "q.zip")
    >>> "graphkit/strong_tie_circle.cypher" in zipfile.ZipFile(path).namelist()
    True
    """
    path = Path(path)
    queries = explore_queries() if queries is None else queries
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, query in queries.items():
            archive.writestr(
                zipfile.ZipInfo(f"graphkit/{name}.cypher", date_time=(2026, 1, 1, 0, 0, 0)), query.text
            )
    return path


def build_browser_kit(folder: str | Path, *, base_url: str) -> BrowserKit:
    """Write the guide, the style and the favourites zip into ``folder`` (created if missing).

    Parameters
    ----------
    folder : path
        Output folder.
    base_url : str
        The URL the folder will be served at (the guide links the other two files there).

    Returns
    -------
    BrowserKit
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    queries = explore_queries()
    guide = folder / GUIDE_FILE
    guide.write_text(render_guide(base_url, queries), encoding="utf-8")
    style = folder / STYLE_FILE
    style.write_text((_HERE / STYLE_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    favourites = write_favourites_zip(folder / FAVOURITES_FILE, queries)
    return BrowserKit(guide=guide, style=style, favourites=favourites)


def post_connect_command(base_url: str) -> str:
    """The ``browser.post_connect_cmd`` value that loads the style and opens the guide.

    Pass it as ``ServerConfig(post_connect_cmd=...)``; Browser runs it after every connect.
    """
    base_url = _check_base_url(base_url)
    return f"style {base_url}/{STYLE_FILE}; play {base_url}/{GUIDE_FILE}"


def browser_url(
    http_url: str,
    bolt_uri: str,
    *,
    guide_url: str | None = None,
    user: str = "neo4j",
    database: str = "neo4j",
) -> str:
    """The Neo4j Browser address that pre-fills the connection and opens the guide on start.

    Parameters
    ----------
    http_url : str
        The server's HTTP address, e.g. ``http://127.0.0.1:7474``.
    bolt_uri : str
        Its Bolt address, e.g. ``bolt://127.0.0.1:7687`` (the host and port are kept, the scheme
        becomes ``neo4j://``).
    guide_url : str, optional
        A guide to ``:play`` once connected.
    user, database : str, default "neo4j"
        Pre-filled user name and database. Browser ignores passwords in the URL.

    Examples
    --------
    >>> browser_url("http://127.0.0.1:7474", "bolt://127.0.0.1:7687", guide_url="http://127.0.0.1:8765/guide.html")
    'http://127.0.0.1:7474/browser/?dbms=neo4j://neo4j@127.0.0.1:7687&db=neo4j&cmd=play&arg=http://127.0.0.1:8765/guide.html'
    """
    bolt = urlsplit(bolt_uri)
    if not bolt.hostname or not bolt.port:
        raise InvalidInputError(f"bolt_uri must look like bolt://host:port, got {bolt_uri!r}")
    url = (
        f"{_check_base_url(http_url)}/browser/?dbms=neo4j://{quote(user)}@{bolt.hostname}:{bolt.port}"
        f"&db={quote(database)}"
    )
    if guide_url is not None:
        url += f"&cmd=play&arg={quote(_check_base_url(guide_url), safe=':/')}"
    return url


def _check_base_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInputError(f"URL must start with http:// or https:// and name a host, got {url!r}")
    return url.rstrip("/")
