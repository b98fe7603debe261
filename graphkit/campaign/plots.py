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
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

__all__ = ["budget_curve_svg", "circle_map_svg", "circle_reach_svg", "strategies_svg"]

INK = "#1f2933"
ACCENT = "#0b7285"
MUTED = "#9aa5b1"
GOLD = "#e8a317"
_LINKS_PER_CIRCLE = 3
_ID_SIZE = 9  # a circle's number on its bubble (points)
_KOL_SIZE = 10.5  # a KOL label on the circle map (points)
_GAP = 7.0  # points between a bubble and its KOL label, bridged by a leader line
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
    KOL circles have a gold ring and their KOLs' ids beside the bubble, placed clear of every bubble
    and of each other (:func:`_place_labels`), each joined to its bubble by a leader line.
    In the SVG the bubbles are the group ``circle-bubbles``, a circle's number ``circle-id-<circle>``
    and a KOL label ``kol-label-<circle>``.
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
        figure = Figure(figsize=(8.5, 6.4))
        axes = figure.subplots()
        most = max((data["ties"] for _, _, data in network.edges(data=True)), default=1)
        widths = [0.3 + 3.0 * np.log1p(data["ties"]) / np.log1p(most) for _, _, data in network.edges(data=True)]
        _draw_links(axes, network, positions, widths)
        nodes = list(network.nodes)
        largest = max(row["size"] for row in chosen)
        sizes = np.array([200 + 1400 * keep[c]["size"] / largest for c in nodes])
        shares = [keep[c]["share_reached"] for c in nodes]
        sizeable = [keep[c]["share_reached"] for c in nodes if keep[c]["size"] >= 5] or shares
        darkest = max(0.01, max(sizeable))  # tiny circles (one reached user = 100%) would wash out the scale
        xy = np.array([positions[c] for c in nodes])
        drawn = axes.scatter(
            xy[:, 0], xy[:, 1], s=sizes, c=shares, marker="o", cmap="YlGnBu", vmin=0, vmax=darkest,
            edgecolors=[GOLD if keep[c]["kols"] else MUTED for c in nodes],
            linewidths=[2.5 if keep[c]["kols"] else 0.8 for c in nodes], zorder=2,
        )
        drawn.set_gid("circle-bubbles")
        _hide_ticks(axes)
        for c in nodes:  # the circle's number on its bubble (white on dark ones)
            colour = "white" if keep[c]["share_reached"] > 0.6 * darkest else INK
            axes.annotate(str(c), positions[c], ha="center", va="center", fontsize=_ID_SIZE, color=colour,
                          zorder=3).set_gid(f"circle-id-{c}")
        colourbar = figure.colorbar(drawn, ax=axes, shrink=0.6)
        colourbar.set_label("share of the circle reached")
        axes.set_axis_off()
        axes.margins(0.1)
        figure.tight_layout()
        axes.set_xlim(axes.get_xlim())  # freeze the view: labels are placed in its coordinates
        axes.set_ylim(axes.get_ylim())
        _label_kols(figure, axes, nodes, xy, sizes, keep)
        return _svg(figure)


def _label_kols(figure: Figure, axes: Axes, nodes: list, xy: np.ndarray, sizes: np.ndarray, keep: dict) -> None:
    """The KOLs' ids beside their circles' bubbles, clear of every bubble and of each other."""
    scale = 72.0 / figure.dpi  # display pixels -> points
    centres = axes.transData.transform(xy) * scale
    radii = np.sqrt(sizes) / 2 + 1.5  # the ring's half width
    box = axes.get_window_extent()
    frame = (box.x0 * scale, box.y0 * scale, box.x1 * scale, box.y1 * scale)
    labelled = [position for position, c in enumerate(nodes) if keep[c]["kols"]]
    texts = []
    for position in labelled:
        users = keep[nodes[position]]["kol_users"].split(", ")
        texts.append(", ".join(users[:2]) + (f" +{len(users) - 2}" if len(users) > 2 else ""))
    extents = [_text_extent(text, _KOL_SIZE) for text in texts]
    offsets = _place_labels(centres, radii, [centres[p] for p in labelled], [radii[p] for p in labelled],
                            extents, frame)
    for position, text, (dx, dy) in zip(labelled, texts, offsets, strict=True):
        axes.annotate(
            text, xy[position], xytext=(dx, dy), textcoords="offset points", ha="center", va="center",
            fontsize=_KOL_SIZE, color="#8a5a00", zorder=4,
            arrowprops={"arrowstyle": "-", "color": "#b08968", "linewidth": 0.9, "shrinkA": 0,
                        "shrinkB": radii[position]},
        ).set_gid(f"kol-label-{nodes[position]}")


def _text_extent(text: str, size: float) -> tuple[float, float]:
    """Width and height of ``text`` in points, with room for a browser's wider sans-serif font."""
    width, height, _ = text_to_path.get_text_width_height_descent(text, FontProperties(family="sans-serif", size=size),
                                                                  ismath=False)
    return width * 1.2 + 2.0, max(height, size) * 1.25


def _place_labels(centres: np.ndarray, radii: np.ndarray, anchors: Sequence[np.ndarray], anchor_radii: Sequence[float],
                  extents: Sequence[tuple[float, float]], frame: tuple[float, float, float, float]) -> list:
    """Offsets (points, from each anchor's centre) of label boxes ``extents`` placed one by one: the first spot,
    nearest first and below before the sides and above, that overlaps no bubble (``centres``, ``radii``), no
    label placed before and stays in ``frame``; else the spot with the least overlap.

    Examples
    --------
    >>> centres = np.array([[100.0, 100.0], [100.0, 70.0]])
    >>> offsets = _place_labels(centres, np.array([10.0, 10.0]), list(centres), [10.0, 10.0], [(40.0, 10.0)] * 2,
    ...                         (0.0, 0.0, 300.0, 300.0))
    >>> [tuple(round(v) for v in offset) for offset in offsets]
    [(37, 0), (0, -22)]
    """
    angles = np.deg2rad(-90 + np.array([0, 30, -30, 60, -60, 90, -90, 120, -120, 150, -150, 180]))
    placed: list[tuple[float, float, float, float]] = []
    offsets = []
    for anchor, radius, (width, height) in zip(anchors, anchor_radii, extents, strict=True):
        best, best_cost = None, np.inf
        for distance in radius + _GAP + np.array([0.0, 6.0, 14.0, 26.0, 42.0, 64.0, 92.0]):
            for angle in angles:
                ux, uy = np.cos(angle), np.sin(angle)
                reach = distance + min(abs(width / 2 / ux) if ux else np.inf, abs(height / 2 / uy) if uy else np.inf)
                centre = anchor + reach * np.array([ux, uy])
                rect = (centre[0] - width / 2, centre[1] - height / 2, centre[0] + width / 2, centre[1] + height / 2)
                cost = _overlap(rect, centres, radii, placed, frame)
                if cost < best_cost:
                    best, best_cost = (rect, centre - anchor), cost
                if cost == 0:
                    break
            if best_cost == 0:
                break
        placed.append(best[0])
        offsets.append(tuple(float(v) for v in best[1]))
    return offsets


def _overlap(rect: tuple, centres: np.ndarray, radii: np.ndarray, placed: list, frame: tuple) -> float:
    """How much a label box hits bubbles, earlier labels and the outside of ``frame`` (0: not at all)."""
    x0, y0, x1, y1 = rect
    nearest = np.clip(centres, [x0, y0], [x1, y1])
    hit = np.maximum(radii + 1.0 - np.hypot(*(centres - nearest).T), 0.0).sum()
    for a0, b0, a1, b1 in placed:
        hit += max(0.0, min(x1, a1) - max(x0, a0) + 2) * max(0.0, min(y1, b1) - max(y0, b0) + 2)
    fx0, fy0, fx1, fy1 = frame
    return float(hit + max(0.0, fx0 - x0) + max(0.0, fy0 - y0) + max(0.0, x1 - fx1) + max(0.0, y1 - fy1))


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
