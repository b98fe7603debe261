"""The report's figures, drawn with matplotlib as inline SVG text (no files, no network access).

Each function takes plain data from the plan document (lists of row dicts) and returns an
``<svg>`` string. Text stays text (``svg.fonttype = "none"``) and ids are salted with a fixed
string, so the same plan draws the same bytes. Figures are :class:`matplotlib.figure.Figure`
objects drawn and saved directly, without pyplot: drawing selects no backend and leaves no figure
open, and importing this module changes nothing global (the report style is applied only while a
figure is drawn and saved).

Examples
--------
>>> svg = strategies_svg([{"label": "graphkit optimiser", "reach": 120.0, "ci_low": 118.0, "ci_high": 122.0},
...                       {"label": "Top followers", "reach": 60.0, "ci_low": 59.0, "ci_high": 61.0}], "people who hear of it")
>>> svg.startswith("<svg") and "Top followers" in svg
True
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib
import networkx as nx
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

__all__ = ["budget_curve_svg", "circle_map_svg", "circle_reach_svg", "strategies_svg"]

INK = "#1f2933"
ACCENT = "#0b7285"
MUTED = "#9aa5b1"
GOLD = "#e8a317"
_LINKS_PER_CIRCLE = 3
_STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "graphkit-report",
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": INK,
    "ytick.color": INK,
}


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def budget_curve_svg(curve: Sequence[dict], reach_unit: str, budget: float | None,
                     budgets: Sequence[dict] = (), *, by_spend: bool = True) -> str:
    """Reach (with its 95% CI) against the number of KOLs and, when ``by_spend``, against the spend.

    ``budgets`` rows (re-plans with a scaled budget: ``kols``, ``spend``, ``reach``, ``ci_low``,
    ``ci_high``, ``scenario``) are drawn as open diamonds.
    """
    with matplotlib.rc_context(_STYLE):
        if by_spend:
            figure = Figure(figsize=(9.5, 3.4))
            by_count, spend_axes = figure.subplots(1, 2, sharey=True)
        else:
            figure = Figure(figsize=(5.5, 3.4))
            by_count, spend_axes = figure.subplots(), None
        kols = np.array([0] + [row["kols"] for row in curve])
        spend = np.array([0.0] + [row["spend"] for row in curve])
        reach = np.array([0.0] + [row["reach"] for row in curve])
        low = np.array([0.0] + [row["ci_low"] for row in curve])
        high = np.array([0.0] + [row["ci_high"] for row in curve])
        panels = [(by_count, kols, "KOLs in the campaign", "kols")]
        if spend_axes is not None:
            panels.append((spend_axes, spend, "spend", "spend"))
        for axes, x, label, column in panels:
            axes.fill_between(x, low, high, color=ACCENT, alpha=0.2, linewidth=0)
            axes.plot(x, reach, color=ACCENT, marker="o", markersize=3, linewidth=1.8)
            axes.set_xlabel(label)
            axes.grid(axis="y", color="#e4e7eb", linewidth=0.6)
            for row in budgets:
                axes.errorbar(row[column], row["reach"], yerr=[[row["reach"] - row["ci_low"]], [row["ci_high"] - row["reach"]]],
                              marker="D", markersize=5, markerfacecolor="white", color=INK, linewidth=0.8)
                axes.annotate(row["scenario"], (row[column], row["reach"]), xytext=(0, 7),
                              textcoords="offset points", ha="center", fontsize=8, color=INK)
        if budget is not None and spend_axes is not None:
            spend_axes.axvline(budget, color=GOLD, linestyle="--", linewidth=1.2)
            spend_axes.annotate("budget", (budget, 0), xytext=(-4, 4), textcoords="offset points", ha="right",
                                color=GOLD)
        by_count.set_ylabel(f"expected {reach_unit}")
        by_count.set_ylim(bottom=0)
        figure.tight_layout()
        return _svg(figure)


def strategies_svg(strategies: Sequence[dict], reach_unit: str) -> str:
    """Horizontal bars of each strategy's reach with 95% CI whiskers; the optimiser highlighted."""
    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(7.5, 0.55 * len(strategies) + 0.9))
        axes = figure.subplots()
        labels = [row["label"] for row in strategies][::-1]
        reach = np.array([row["reach"] for row in strategies])[::-1]
        error = np.array([[row["reach"] - row["ci_low"], row["ci_high"] - row["reach"]] for row in strategies])[::-1].T
        colours = [MUTED] * (len(strategies) - 1) + [ACCENT]
        axes.barh(labels, reach, xerr=error, color=colours, capsize=3, error_kw={"ecolor": INK, "linewidth": 0.8})
        for position, value in enumerate(reach):
            axes.annotate(f"{value:,.0f}", (value, position), xytext=(6, 0), textcoords="offset points",
                          va="center", color=INK)
        axes.set_xlabel(f"expected {reach_unit}")
        axes.set_xlim(0, reach.max() * 1.15 if len(reach) and reach.max() > 0 else 1)
        figure.tight_layout()
        return _svg(figure)


def circle_reach_svg(rows: Sequence[dict], reach_unit: str) -> str:
    """Bars of the expected reach in the circles ``rows`` (most reached first); KOL circles in colour."""
    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(7.5, 0.32 * len(rows) + 1.0))
        axes = figure.subplots()
        labels = [f"circle {row['community']} ({row['size']:,} users)" for row in rows][::-1]
        values = [row["target_reach"] for row in rows][::-1]
        colours = [ACCENT if row["kols"] else MUTED for row in rows][::-1]
        axes.barh(labels, values, color=colours)
        axes.set_xlabel(f"expected {reach_unit}")
        axes.set_title("coloured: a KOL of the shortlist is in the circle", loc="left", fontsize=9, color=INK)
        figure.tight_layout()
        return _svg(figure)


def circle_map_svg(circles: Sequence[dict], links: Sequence[dict], *, rng: int, top: int = 24) -> str:
    """The KOLs' circles as a map: one bubble per circle, sized by members, shaded by the share reached.

    ``links`` rows (``source``, ``target``, ``ties``) count the ties between two circles; the map
    shows the circles with KOLs and the circles reached most, up to ``top``, each joined to the
    circles it has most ties with (circles tied to none of the others sit in a row underneath).
    KOL circles have a gold ring and their KOLs' ids under the bubble.
    """
    chosen = [row for row in circles if row["kols"]]
    others = sorted((row for row in circles if not row["kols"]), key=lambda row: -row["target_reach"])
    chosen = (chosen + others)[: max(top, len(chosen))]
    keep = {row["community"]: row for row in chosen}
    network = nx.Graph()
    network.add_nodes_from(keep)
    inside = sorted((link for link in links if link["source"] in keep and link["target"] in keep),
                    key=lambda link: (-link["ties"], link["source"], link["target"]))
    for link in inside:  # each circle's strongest links, so the map stays readable
        ends = (link["source"], link["target"])
        if min(network.degree(end) for end in ends) < _LINKS_PER_CIRCLE:
            network.add_edge(*ends, ties=link["ties"])
    positions = _map_layout(network, rng)
    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(7.5, 5.6))
        axes = figure.subplots()
        most = max((data["ties"] for _, _, data in network.edges(data=True)), default=1)
        widths = [0.3 + 3.0 * np.log1p(data["ties"]) / np.log1p(most) for _, _, data in network.edges(data=True)]
        _draw_links(axes, network, positions, widths)
        nodes = list(network.nodes)
        largest = max(row["size"] for row in chosen)
        sizes = [80 + 1400 * keep[c]["size"] / largest for c in nodes]
        shares = [keep[c]["share_reached"] for c in nodes]
        sizeable = [keep[c]["share_reached"] for c in nodes if keep[c]["size"] >= 5] or shares
        darkest = max(0.01, max(sizeable))  # tiny circles (one reached user = 100%) would wash out the scale
        xy = np.array([positions[c] for c in nodes])
        drawn = axes.scatter(
            xy[:, 0], xy[:, 1], s=sizes, c=shares, marker="o", cmap="YlGnBu", vmin=0, vmax=darkest,
            edgecolors=[GOLD if keep[c]["kols"] else MUTED for c in nodes],
            linewidths=[2.5 if keep[c]["kols"] else 0.8 for c in nodes], zorder=2,
        )
        _hide_ticks(axes)
        for position, c in enumerate(nodes):  # the circle's id on its bubble (white on dark ones), KOLs under it
            colour = "white" if keep[c]["share_reached"] > 0.6 * darkest else INK
            axes.annotate(str(c), positions[c], ha="center", va="center", fontsize=7, color=colour)
            if keep[c]["kols"]:
                users = keep[c]["kol_users"].split(", ")
                text = ", ".join(users[:2]) + (f" +{len(users) - 2}" if len(users) > 2 else "")
                axes.annotate(text, positions[c], xytext=(0, -np.sqrt(sizes[position]) / 2 - 7),
                              textcoords="offset points", ha="center", fontsize=7, color="#8a5a00")
        colourbar = figure.colorbar(drawn, ax=axes, shrink=0.6)
        colourbar.set_label("share of the circle reached")
        axes.set_axis_off()
        axes.margins(0.08)
        figure.tight_layout()
        return _svg(figure)


def _draw_links(axes: Axes, network: nx.Graph, positions: dict, widths: Sequence[float]) -> None:
    """The links between circles as straight lines behind the bubbles, the view fitted around them."""
    if network.number_of_edges() == 0:
        return
    ends = np.array([(positions[a], positions[b]) for a, b in network.edges])
    axes.add_collection(LineCollection(ends, colors="#cbd2d9", linewidths=widths, alpha=0.8, zorder=1))
    low, high = ends.reshape(-1, 2).min(axis=0), ends.reshape(-1, 2).max(axis=0)
    pad = 0.05 * (high - low)
    axes.update_datalim([low - pad, high + pad])
    axes.autoscale_view()
    _hide_ticks(axes)


def _hide_ticks(axes: Axes) -> None:
    axes.tick_params(axis="both", which="both", bottom=False, left=False, labelbottom=False, labelleft=False)


def _map_layout(network: nx.Graph, rng: int) -> dict:
    """Spring layout of the circles tied to others; the rest in a row underneath."""
    tied = [node for node in network if network.degree(node) > 0]
    alone = sorted(node for node in network if network.degree(node) == 0)
    positions = {}
    if tied:
        core = network.subgraph(tied)
        spring = nx.spring_layout(core, seed=rng, weight="ties", k=2.0 / np.sqrt(len(tied)), iterations=200)
        positions.update({node: np.asarray(xy) for node, xy in spring.items()})
    for position, node in enumerate(alone):
        x = -1.0 + 2.0 * (position + 0.5) / len(alone)
        positions[node] = np.array([x, -1.35 if tied else 0.0])
    return positions
