"""Exploring graphkit results in Neo4j Browser: the ``cypher/explore`` queries, a guide, a
GraSS style, a favourites zip, and a small CORS server that serves them to Browser."""

from graphkit.browser.kit import (
    BrowserKit,
    browser_url,
    build_browser_kit,
    post_connect_command,
    render_guide,
    write_favourites_zip,
)
from graphkit.browser.queries import EXPLORE_DIR, ExploreQuery, QueryParameter, explore_queries
from graphkit.browser.server import GuideServer

__all__ = [
    "EXPLORE_DIR",
    "BrowserKit",
    "ExploreQuery",
    "GuideServer",
    "QueryParameter",
    "browser_url",
    "build_browser_kit",
    "explore_queries",
    "post_connect_command",
    "render_guide",
    "write_favourites_zip",
]
