"""End to end in real headless Chromium: Neo4j Browser, the graphkit guide and style, one query.

Opens the Browser URL that ``graphkit neo4j browse`` prints, signs in with the password, lets
the guide open, loads the style and the display labels from the guide, runs the guide's
"community as a graph" query and checks the graph frame draws the community's 6 users and
7 ties. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from graphkit.browser import GuideServer, browser_url, build_browser_kit, explore_queries
from tests.browser.conftest import ARTIFACTS
from tests.browser.explore_graph import build_explore_graph, clear_graph

pytestmark = [pytest.mark.browser, pytest.mark.neo4j, pytest.mark.slow]

TIMEOUT = 30
QUERIES = explore_queries()


@pytest.fixture
def fixture_graph(neo4j_server):
    driver = GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password))
    build_explore_graph(driver, neo4j_server.database)
    yield
    clear_graph(driver, neo4j_server.database)
    driver.close()


@pytest.fixture
def guide_server(tmp_path):
    folder = tmp_path / "kit"
    folder.mkdir()
    with GuideServer(folder) as server:
        build_browser_kit(folder, base_url=server.url)
        yield server


def _screenshot(chrome, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    chrome.save_screenshot(str(path))
    return path


def _click(chrome, element) -> None:
    """Scroll ``element`` to the middle and click it; a frame that lands on top gets a DOM click."""
    chrome.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    try:
        element.click()
    except ElementClickInterceptedException:  # Browser's banners and new frames move things around
        chrome.execute_script("arguments[0].click();", element)


def _run_guide_block(chrome, css: str) -> None:
    """Click the play icon of the guide's runnable block matching ``css`` (runs it at once)."""
    icon = WebDriverWait(chrome, TIMEOUT).until(
        expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, f"{css} > i.fa-play-circle-o"))
    )
    _click(chrome, icon)


def _wait_for_frame(chrome, command_start: str, *, contains: str | None = None) -> None:
    """Wait until the newest frame runs a command starting with ``command_start`` and has finished.

    A Cypher frame has finished when its contents are loaded; a client command (``:style``,
    ``:param``) when its frame shows ``contains``.
    """
    expected = " ".join(command_start.split())

    def finished(driver):
        try:
            frame = driver.find_elements(By.CSS_SELECTOR, "article[data-testid='frame']")
            commands = driver.find_elements(By.CSS_SELECTOR, "[data-testid='frameCommand']")
            if not frame or not commands or not " ".join(commands[0].text.split()).startswith(expected):
                return False
            if contains is not None:
                return contains in frame[0].text
            return bool(frame[0].find_elements(By.CSS_SELECTOR, "[data-testid='frame-loaded-contents']"))
        except StaleElementReferenceException:
            return False

    WebDriverWait(chrome, TIMEOUT).until(finished, f"no finished frame for {command_start!r}")


def test_guide_query_draws_the_community_graph(neo4j_server, fixture_graph, guide_server, chrome):
    started = time.monotonic()
    guide_url = f"{guide_server.url}/guide.html"
    chrome.get(browser_url(neo4j_server.config.http_url, neo4j_server.uri, guide_url=guide_url))
    try:
        password = WebDriverWait(chrome, TIMEOUT).until(
            expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, "input[data-testid='password']"))
        )
        username = chrome.find_element(By.CSS_SELECTOR, "input[data-testid='username']")
        assert username.get_attribute("value") == "neo4j"  # taken from the URL
        password.send_keys(neo4j_server.password)
        _click(chrome, chrome.find_element(By.CSS_SELECTOR, "button[data-testid='connect']"))
        WebDriverWait(chrome, TIMEOUT).until(
            expected_conditions.text_to_be_present_in_element(
                (By.CSS_SELECTOR, "[data-testid='stream']"), "You are connected as user"
            )
        )

        # the guide opened from the URL (cmd=play): load the style and the display labels
        _run_guide_block(chrome, "pre.runnable[data-query='display_labels']")
        _wait_for_frame(chrome, QUERIES["display_labels"].body[:40])
        _run_guide_block(chrome, "pre.runnable[data-command='style']")
        _wait_for_frame(chrome, ":style", contains="node.Circle11")
        _click(chrome, chrome.find_element(By.CSS_SELECTOR, "[data-testid='nextSlide']"))

        # slide "Circles": set $community (the largest: 1) and $limit, then draw the community
        _run_guide_block(chrome, "pre.runnable[data-param='community']")
        _wait_for_frame(chrome, ":param community", contains='"community": 1')  # the largest
        _run_guide_block(chrome, "pre.runnable[data-param='limit']")
        _wait_for_frame(chrome, ":param limit", contains='"limit": 25')
        _run_guide_block(chrome, "pre.runnable[data-query='community_graph']")
        _wait_for_frame(chrome, QUERIES["community_graph"].body[:40])

        def drawn(driver):
            nodes = driver.find_elements(By.CSS_SELECTOR, "article[data-testid='frame'] svg g.node")
            ties = driver.find_elements(By.CSS_SELECTOR, "article[data-testid='frame'] svg g.relationship")
            return (len(nodes), len(ties)) if nodes else False

        counts = WebDriverWait(chrome, TIMEOUT).until(drawn, "the graph frame shows no nodes")
        time.sleep(1.5)  # let the force layout settle for the screenshot
        counts = drawn(chrome)
        captions = {
            text.text
            for text in chrome.find_elements(By.CSS_SELECTOR, "article[data-testid='frame'] svg g.node text")
        }
        stroke = chrome.execute_script(
            "return [...document.querySelectorAll(\"article[data-testid='frame'] svg g.relationship path.b-outline\")]"
            ".map(p => p.getAttribute('fill'))"
        )
    except WebDriverException:
        _screenshot(chrome, "browser-e2e-failure.png")
        raise
    shot = _screenshot(chrome, "browser-e2e.png")
    assert counts == (6, 7), counts  # community 1: u6..u11 and its 7 inside ties
    assert {"u6", "u7", "u8", "u9", "u10", "u11"} <= captions  # the style's caption '{id}'
    assert "#4D5159" in stroke and "#B8BDC7" in stroke  # STRONG_TIE and WEAK_TIE colours of the style
    assert shot.stat().st_size > 10_000
    assert time.monotonic() - started < 60
