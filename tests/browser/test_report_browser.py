"""The campaign report in real headless Chromium: it renders, logs no console error, fetches nothing.

``graphkit plan`` writes the report of a small campaign; Chromium opens it from disk, and the test
checks the console, the resources the page asked for, the four figures and the tables, then keeps
a full-page screenshot in test-artifacts/campaign-report.png.
"""

from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.by import By

from graphkit.campaign.report import format_value
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
