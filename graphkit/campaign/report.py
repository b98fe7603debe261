"""``report.html``: the plan document as one page a brand team can read, with no network access.

:func:`render_report` draws the figures (:mod:`graphkit.campaign.plots`, inline SVG) and fills
the Jinja2 template ``templates/report.html.j2`` from the plan document only
(:mod:`graphkit.campaign.document`), so the page shows exactly the document's numbers. Styles
are inline, there is no script, and no resource is fetched: the file opens anywhere.

Every figure in a table carries its exact value and its place in the document
(``data-key="shortlist.0.cumulative_reach" data-value="308.69"``), so tools and tests can check
the page against ``plan.json``. When the users carry influence from past cascades
(``graphkit fit --write``), the shortlist shows each KOL's predicted, observed and combined
influence and the cascades behind them.

The page reads without a manual: the time it was made in words (``3 December 2026, 09:20 UTC``),
lists of user ids cut to their first few ("… and 16 more"; the full lists stay in the JSON and CSV
files), and a one-line legend of the KOLs' roles (:data:`ROLE_LEGEND`).

Examples
--------
>>> format_value(1234.5678), format_value(0.382, "pct"), format_value(None), format_value(1.94, "times")
('1,234.6', '38%', '–', '1.9×')
>>> human_time("2026-12-03T09:20:41+00:00"), short_list("u1, u2, u3, u4", 2), short_list("u1, u2, u3", 2)
('3 December 2026, 09:20 UTC', 'u1, u2 and 2 more', 'u1, u2, u3')
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from graphkit.campaign.plots import budget_curve_svg, circle_map_svg, circle_reach_svg, strategies_svg

__all__ = ["CIRCLES_SHOWN", "IDS_SHOWN", "ROLE_LEGEND", "format_value", "human_time", "render_report", "short_list"]

CIRCLES_SHOWN = 15
IDS_SHOWN = 6
ROLE_LEGEND = {  # a role says where a KOL sits among the ties, not how far the word goes (that is 'adds')
    "circle leader": "among the best-connected of its own circle, its ties mostly inside it",
    "connector": "among the best-connected of its circle, with many ties into other circles",
    "bridge": "not a hub of its circle, but with many of its ties into other circles",
    "peripheral": "not among the best-connected of its circle and tied mostly inside it; it can still reach "
                  "far through its followers' followers",
}


def format_value(value: Any, kind: str = "reach") -> str:
    """A number as the report shows it.

    ``kind``: ``reach`` (one decimal), ``whole`` (rounded), ``int``, ``money`` (whole, or two
    decimals when it has cents), ``pct`` (a fraction as a whole percentage), ``signed_pct`` (the
    same with its sign), ``per1000`` (per unit
    -> per 1,000, one decimal), ``ratio`` (two decimals), ``times`` (one decimal and ×),
    ``param`` (as short as exact), ``prob`` (three significant digits). None and NaN show as a dash.
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if kind == "int":
        return f"{int(value):,d}"
    if kind == "whole":
        return f"{value:,.0f}"
    if kind == "money":
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    if kind == "pct":
        return f"{100 * value:.0f}%"
    if kind == "signed_pct":
        return f"{100 * value:+.0f}%"
    if kind == "per1000":
        return f"{1000 * value:,.1f}"
    if kind == "ratio":
        return f"{value:.2f}"
    if kind == "times":
        return f"{value:.1f}×"
    if kind == "param":
        return f"{value:g}"
    if kind == "prob":
        return f"{value:.3g}"
    return f"{value:,.1f}"


def human_time(stamp: str) -> str:
    """An ISO time (``2026-12-03T09:20:41+00:00``) as a reader writes it, in UTC: ``3 December 2026, 09:20 UTC``."""
    moment = datetime.fromisoformat(stamp)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def short_list(users: str | None, shown: int = IDS_SHOWN) -> str:
    """A comma-separated list of ids cut to its first ``shown``, then "and N more" (N > 1: one more id is shown)."""
    items = [item for item in (users or "").split(", ") if item]
    if len(items) <= shown + 1:
        return ", ".join(items)
    return ", ".join(items[:shown]) + f" and {len(items) - shown:,d} more"


def render_report(document: dict[str, Any]) -> str:
    """The report page (HTML text) of a plan document."""
    summary = document["summary"]
    unit = summary["reach_unit"]
    circles = document["communities"]
    shown = sorted(circles, key=lambda row: (-row["target_reach"], row["community"]))[:CIRCLES_SHOWN]
    figures = {
        "budget_curve": budget_curve_svg(document["budget_curve"], unit, summary["budget"], document["budgets"],
                                         by_spend=document["campaign"]["budget"]["cost_column"] is not None),
        "strategies": strategies_svg(document["strategies"], unit),
        "circle_reach": circle_reach_svg(shown, unit),
        "circle_map": circle_map_svg(circles, document["circle_links"], rng=document["params"]["rng_streams"]["circles"]),
    }
    environment = Environment(
        loader=PackageLoader("graphkit.campaign", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=False,
    )
    environment.filters["fmt"] = format_value
    environment.filters["when"] = human_time
    environment.filters["ids"] = short_list
    roles = {row["role"] for row in document["shortlist"]}
    return environment.get_template("report.html.j2").render(
        doc=document, figures=figures, circle_rows=shown, influence=_has_influence(document["shortlist"]),
        roles={role: meaning for role, meaning in ROLE_LEGEND.items() if role in roles},
    )


def _has_influence(shortlist: list[dict[str, Any]]) -> bool:
    """Whether the KOLs carry influence from past cascades (a cascade fit stored on the users)."""
    return any(row["influence_cascades"] is not None for row in shortlist)
