"""The campaign report in real headless Chromium: it renders, logs no console error, fetches nothing.

``graphkit plan`` writes the report of a small campaign; Chromium opens it from disk, and the test
checks the console, the resources the page asked for, the four figures and the tables, then keeps
a full-page screenshot in test-artifacts/campaign-report.png (and the circle map alone in
test-artifacts/campaign-circle-map.png). It also reads the page as a brand manager would (issue 16,
item 10): the time in words, a legend of the roles, and a circle map whose KOL labels, measured in
the browser, overlap neither each other nor any circle's bubble.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from selenium.webdriver.common.by import By

from graphkit.campaign.plots import circle_map_svg
from graphkit.campaign.report import ROLE_LEGEND, format_value, human_time
from tests.browser.conftest import ARTIFACTS
from tests.campaign.conftest import SMALL_CAMPAIGN, merged, run_plan, toml_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def report(tmp_path):
    data = merged(SMALL_CAMPAIGN, {"graph": {"store": str(tmp_path / "store")}, "output": {"folder": str(tmp_path / "plan")},
                                   "candidates": {"require": ["u010"]}})
    path = tmp_path / "campaign.toml"
    path.write_text(toml_text(data), encoding="utf-8")
    result = run_plan(str(path), "--quiet")
    assert result.exit_code == 0, result.stderr
    return tmp_path / "plan"


def test_report_renders_without_console_errors(chrome, report):
    document = json.loads((report / "plan.json").read_text())
    chrome.get((report / "report.html").as_uri())
    assert chrome.execute_script("return document.readyState") == "complete"

    errors = [entry for entry in chrome.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    assert chrome.execute_script("return performance.getEntriesByType('resource').length") == 0

    figures = chrome.find_elements(By.CSS_SELECTOR, "figure svg")
    assert len(figures) == 4
    assert all(figure.size["width"] > 300 and figure.size["height"] > 150 for figure in figures)
    rows = chrome.find_elements(By.CSS_SELECTOR, "#shortlist-table tbody tr")
    assert len(rows) == len(document["shortlist"])
    assert "required" in rows[0].get_attribute("class")
    assert len(chrome.find_elements(By.CSS_SELECTOR, "#strategies-table tbody tr")) == 4
    headline = chrome.find_element(By.ID, "headline").text
    summary = document["summary"]
    assert f"Pick these {summary['kols']} KOLs" in headline
    assert f"{format_value(summary['reach'], 'whole')} {summary['reach_unit']}" in headline

    height = chrome.execute_script("return document.documentElement.scrollHeight")
    chrome.set_window_size(1280, min(height + 40, 16000))
    ARTIFACTS.mkdir(exist_ok=True)
    assert chrome.save_screenshot(str(ARTIFACTS / "campaign-report.png"))


_MAP_BOXES = """
const svg = document.querySelector('#circle-map svg');
const box = element => { const r = element.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
return {
  labels: [...svg.querySelectorAll('g[id^="kol-label-"]')].map(g => [g.id, g.textContent.trim(), ...box(g.querySelector('text'))]),
  bubbles: [...svg.querySelectorAll('#circle-bubbles path, #circle-bubbles use')].map(box),
  ids: [...svg.querySelectorAll('g[id^="circle-id-"] text')].map(box),
};
"""


def test_report_reads_without_help(chrome, report):
    """The made-at time in words, a legend for every role in the shortlist, and a circle map whose KOL
    labels (boxes measured by Chromium) overlap no other label and no bubble, in text a reader can read."""
    document = json.loads((report / "plan.json").read_text())
    chrome.get((report / "report.html").as_uri())

    made = chrome.find_element(By.CSS_SELECTOR, "header time")
    assert made.get_attribute("datetime") == document["created_at"]
    assert made.text == human_time(document["created_at"])
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} UTC", made.text)
    assert document["created_at"] not in chrome.find_element(By.TAG_NAME, "header").text

    legend = chrome.find_element(By.ID, "role-legend").text
    for role in {row["role"] for row in document["shortlist"]}:
        assert f"{role}: {ROLE_LEGEND[role]}" in legend

    _check_map_labels(chrome, {row["community"] for row in document["communities"] if row["kols"]})


def test_circle_map_labels_stay_clear_on_a_crowded_map(chrome, tmp_path):
    """The example campaign's kind of map (22 KOLs in 30 circles, many ties between them): every KOL label
    clear of the others and of every bubble; kept as test-artifacts/campaign-circle-map-crowded.png."""
    circles, links = _crowded_map()
    page = tmp_path / "map.html"
    page.write_text(f'<!DOCTYPE html><html><body><figure id="circle-map">'
                    f'{circle_map_svg(circles, links, rng=11)}</figure></body></html>', encoding="utf-8")
    chrome.get(page.as_uri())
    _check_map_labels(chrome, {row["community"] for row in circles if row["kols"]}, "campaign-circle-map-crowded.png")


def _crowded_map(n_circles: int = 30, n_kols: int = 22, seed: int = 4) -> tuple[list[dict], list[dict]]:
    rng = np.random.default_rng(seed)
    circles = []
    for circle in range(n_circles):
        users = [f"u{rng.integers(1000, 5000)}" for _ in range(int(rng.integers(1, 3)))] if circle < n_kols else []
        circles.append({"community": circle, "size": int(rng.integers(20, 300)), "kols": len(users),
                        "kol_users": ", ".join(users), "share_reached": float(rng.uniform(0.02, 0.25)),
                        "target_reach": float(rng.uniform(1, 40))})
    links = [{"source": a, "target": b, "ties": int(rng.integers(1, 60))}
             for a in range(n_circles) for b in range(a + 1, n_circles) if rng.random() < 0.3]
    return circles, links


def _check_map_labels(chrome, kol_circles: set[int], screenshot: str = "campaign-circle-map.png") -> None:
    """The circle map's KOL labels, measured by Chromium: one per KOL circle, at least 12 px high, none
    overlapping another label or any circle's bubble. Keeps a screenshot of the map in test-artifacts."""
    boxes = chrome.execute_script(_MAP_BOXES)
    labels, bubbles = boxes["labels"], boxes["bubbles"]
    ARTIFACTS.mkdir(exist_ok=True)
    assert chrome.find_element(By.CSS_SELECTOR, "#circle-map svg").screenshot(str(ARTIFACTS / screenshot))
    assert sorted(int(label[0].rsplit("-", 1)[1]) for label in labels) == sorted(kol_circles)
    assert len(bubbles) >= len(kol_circles) and len(boxes["ids"]) == len(bubbles)
    for index, (name, text, *rect) in enumerate(labels):
        assert rect[3] - rect[1] >= 12, (name, rect)  # text at least 12 px high on the page
        for other_name, _, *other in labels[index + 1:]:
            assert not _rects_overlap(rect, other), (name, text, other_name)
        for bubble in bubbles:
            assert not _rect_hits_circle(rect, bubble), (name, text, bubble)


def _rects_overlap(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _rect_hits_circle(rect, bubble) -> bool:
    """Whether a box reaches into the circle inscribed in ``bubble``'s box (a scatter marker)."""
    cx, cy, radius = (bubble[0] + bubble[2]) / 2, (bubble[1] + bubble[3]) / 2, (bubble[2] - bubble[0]) / 2
    nearest_x, nearest_y = min(max(cx, rect[0]), rect[2]), min(max(cy, rect[1]), rect[3])
    return (cx - nearest_x) ** 2 + (cy - nearest_y) ** 2 < radius**2
