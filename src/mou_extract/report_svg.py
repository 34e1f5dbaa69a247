"""The report's pictures as inline SVG: the partnership network and the timeline of signing dates.

The network is laid out here, in Python, by a small deterministic force layout (no random start,
no JavaScript library): the same records always give the same picture, and the file needs no
script to draw it. Each connected group of organisations is laid out on its own and the groups
are then packed in rows, because press releases mostly give small, separate groups and one
global force layout would push them to the rim.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import math
import unicodedata
from collections import defaultdict
from collections.abc import Sequence

from .models import Partnership
from .report_markup import attrs, esc

TYPE_COLOURS: dict[str, str] = {
    "mou": "#1f77b4",
    "basic_agreement": "#17becf",
    "partnership_agreement": "#2ca02c",
    "business_alliance": "#ff7f0e",
    "capital_alliance": "#d62728",
    "joint_research": "#9467bd",
    "license": "#8c564b",
    "joint_development": "#e377c2",
    "distribution": "#bcbd22",
    "other": "#7f7f7f",
}

EDGE_LENGTH = 90.0  # px: the distance the force layout aims at between partners
_ROW_WIDTH = 1100.0
_GAP = 40.0
_LABEL_MARGIN_X = 70.0  # room for a name under a node at the edge of its group
_LABEL_MARGIN_Y = 34.0
_LABEL_CHARS = 14
# Above this many organisations in one group the force layout (count² work a round) would take
# minutes in Python: such a group stays on its circle.
FORCE_LIMIT = 400


@dataclasses.dataclass(frozen=True)
class Item:
    """One partnership as the pictures see it: its id in the report and the document it is in."""

    id: str
    partnership: Partnership
    document: int


@dataclasses.dataclass
class Node:
    key: str
    label: str
    items: list[str] = dataclasses.field(default_factory=list)
    x: float = 0.0
    y: float = 0.0


@dataclasses.dataclass(frozen=True)
class Edge:
    a: int
    b: int
    item: Item


def party_label(partnership: Partnership, index: int) -> str:
    party = partnership.parties[index]
    return party.name or (f"（名称なし: {party.description}）" if party.description else "（名称なし）")


def _node_key(partnership: Partnership, index: int, document: int) -> str:
    name = partnership.parties[index].name
    if name is None:
        # an unnamed party (某社) is only the same party within one document
        return f"#{document}:{partnership.parties[index].description or ''}"
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def build_network(items: Sequence[Item]) -> tuple[list[Node], list[Edge]]:
    """Organisations as nodes; one edge per pair of parties of each partnership."""
    nodes: list[Node] = []
    index: dict[str, int] = {}
    edges: list[Edge] = []
    for item in items:
        ends: list[int] = []
        for i in range(len(item.partnership.parties)):
            key = _node_key(item.partnership, i, item.document)
            if key not in index:
                index[key] = len(nodes)
                nodes.append(Node(key, party_label(item.partnership, i)))
            if index[key] not in ends:
                ends.append(index[key])
                nodes[index[key]].items.append(item.id)
        edges += [Edge(a, b, item) for n, a in enumerate(ends) for b in ends[n + 1 :]]
    layout(nodes, edges)
    return nodes, edges


# --------------------------------------------------------------------------------------------
# layout


def _components(count: int, edges: Sequence[Edge]) -> list[list[int]]:
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for edge in edges:
        parent[root(edge.a)] = root(edge.b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(count):
        groups[root(i)].append(i)
    # biggest groups first; ties in the order the records gave them
    return sorted(groups.values(), key=lambda members: (-len(members), members[0]))


def force_layout(count: int, links: Sequence[tuple[int, int]], *, iterations: int | None = None) -> list[tuple[float, float]]:
    """Fruchterman-Reingold from a circle: nodes repel, links pull, the step cools each round.

    Deterministic: the start is a circle in input order and no step uses randomness.
    """
    if count == 1:
        return [(0.0, 0.0)]
    k = EDGE_LENGTH
    radius = k * count / (2 * math.pi) if count > 2 else k / 2
    pos = [[radius * math.cos(2 * math.pi * i / count), radius * math.sin(2 * math.pi * i / count)] for i in range(count)]
    if count > FORCE_LIMIT and iterations is None:
        return [(x, y) for x, y in pos]
    # a bigger group gets fewer rounds: each costs count² steps
    rounds = iterations if iterations is not None else max(30, min(200, 200_000 // (count * count)))
    temperature = k
    for step in range(rounds):
        shift = [[0.0, 0.0] for _ in range(count)]
        for i in range(count):
            for j in range(i + 1, count):
                dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
                dist = math.hypot(dx, dy) or 0.01
                force = k * k / dist
                fx, fy = dx / dist * force, dy / dist * force
                shift[i][0] += fx
                shift[i][1] += fy
                shift[j][0] -= fx
                shift[j][1] -= fy
        for a, b in links:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            dist = math.hypot(dx, dy) or 0.01
            force = dist * dist / k
            fx, fy = dx / dist * force, dy / dist * force
            shift[a][0] -= fx
            shift[a][1] -= fy
            shift[b][0] += fx
            shift[b][1] += fy
        for i in range(count):
            length = math.hypot(*shift[i]) or 1.0
            move = min(length, temperature)
            pos[i][0] += shift[i][0] / length * move
            pos[i][1] += shift[i][1] / length * move
        temperature = k * (1 - (step + 1) / rounds) + 1.0
    return [(x, y) for x, y in pos]


def layout(nodes: list[Node], edges: Sequence[Edge]) -> tuple[float, float]:
    """Set every node's x, y (px, all positive); return the picture's width and height."""
    x = y = row_height = width = 0.0
    for members in _components(len(nodes), edges):
        local = {node: i for i, node in enumerate(members)}
        links = sorted({(local[e.a], local[e.b]) for e in edges if e.a in local})
        points = force_layout(len(members), links)
        left = min(p[0] for p in points) - _LABEL_MARGIN_X
        top = min(p[1] for p in points) - _LABEL_MARGIN_Y
        box_w = max(p[0] for p in points) + _LABEL_MARGIN_X - left
        box_h = max(p[1] for p in points) + _LABEL_MARGIN_Y - top
        if x > 0 and x + box_w > _ROW_WIDTH:  # next row
            x, y, row_height = 0.0, y + row_height + _GAP, 0.0
        for node, (px, py) in zip(members, points, strict=True):
            nodes[node].x, nodes[node].y = round(x + px - left, 1), round(y + py - top, 1)
        x += box_w + _GAP
        row_height = max(row_height, box_h)
        width = max(width, x - _GAP)
    return width, y + row_height


# --------------------------------------------------------------------------------------------
# drawing


def _edge_path(a: Node, b: Node, bend: float) -> str:
    """A straight line, or a curve bent sideways when two records join the same pair."""
    if bend == 0:
        return f"M{a.x:.1f} {a.y:.1f}L{b.x:.1f} {b.y:.1f}"
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    cx, cy = (a.x + b.x) / 2 - dy / length * bend, (a.y + b.y) / 2 + dx / length * bend
    return f"M{a.x:.1f} {a.y:.1f}Q{cx:.1f} {cy:.1f} {b.x:.1f} {b.y:.1f}"


def _edge_titles(item: Item) -> str:
    p = item.partnership
    names = " / ".join(party_label(p, i) for i in range(len(p.parties)))
    date = f", {p.signed_on.value}" if p.signed_on else ""
    return f"{names}: {p.agreement_label} ({p.agreement_type}{date})"


def network_svg(nodes: Sequence[Node], edges: Sequence[Edge]) -> str:
    if not nodes:
        return '<p class="empty">No partnerships, so no network.</p>'
    width = max(n.x for n in nodes) + _LABEL_MARGIN_X
    height = max(n.y for n in nodes) + _LABEL_MARGIN_Y
    pairs: dict[tuple[int, int], list[Edge]] = defaultdict(list)
    for edge in edges:
        pairs[(min(edge.a, edge.b), max(edge.a, edge.b))].append(edge)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="network" class="network"{attrs(viewBox=f"0 0 {width:.0f} {height:.0f}", width=f"{width:.0f}", height=f"{height:.0f}", role="img", aria_label="Network of organisations and their partnerships")}>',
        '<g class="edges">',
    ]
    for group in pairs.values():
        for n, edge in enumerate(group):
            bend = (n - (len(group) - 1) / 2) * 16
            a, b = nodes[edge.a], nodes[edge.b]
            out.append(
                f"<path{attrs(class_='edge', d=_edge_path(a, b, bend), stroke=TYPE_COLOURS[edge.item.partnership.agreement_type], data_p=edge.item.id)}>"
                f"<title>{esc(_edge_titles(edge.item))}</title></path>"
            )
    out.append('</g><g class="nodes">')
    for i, node in enumerate(nodes):
        label = node.label if len(node.label) <= _LABEL_CHARS else node.label[: _LABEL_CHARS - 1] + "…"
        radius = 6 + 2 * math.sqrt(len(node.items))
        out.append(
            f"<g{attrs(class_='node', id=f'node-{i}', tabindex='0', role='button', data_p=' '.join(node.items), data_name=node.label, transform=f'translate({node.x:.1f} {node.y:.1f})')}>"
            f'<circle r="{radius:.1f}"/><text y="{radius + 13:.1f}">{esc(label)}</text>'
            f"<title>{esc(node.label)} ({len(node.items)})</title></g>"
        )
    out.append("</g></svg>")
    return "".join(out)


# --------------------------------------------------------------------------------------------
# timeline


def date_point(value: str) -> dt.date:
    """Where a date of any precision sits on the axis: a month or a year at its middle."""
    parts = [int(p) for p in value.split("-")]
    # the model checks the pattern, not the calendar: a 2月30日 falls back to its month
    with contextlib.suppress(ValueError):
        if len(parts) == 3:
            return dt.date(parts[0], parts[1], parts[2])
    with contextlib.suppress(ValueError):
        if len(parts) >= 2:
            return dt.date(parts[0], parts[1], 15)
    return dt.date(max(parts[0], dt.MINYEAR), 7, 1)


_TIMELINE_WIDTH = 1100.0
_TIMELINE_PAD = 40.0
_DOT_STEP = 13.0


def timeline_svg(items: Sequence[Item]) -> str:
    """Signing dates along a time axis, one dot per record, stacked where they fall together."""
    dated = sorted(
        ((date_point(i.partnership.signed_on.value), i.partnership.signed_on, i) for i in items if i.partnership.signed_on is not None),
        key=lambda found: (found[0], found[2].id),
    )
    if not dated:
        return '<p class="empty">No record gives a signing date.</p>'
    first = dt.date(dated[0][0].year, 1, 1)
    end_year = dated[-1][0].year
    last = dt.date(end_year + 1, 1, 1) if end_year < dt.MAXYEAR else dt.date(dt.MAXYEAR, 12, 31)
    span = (last - first).days
    usable = _TIMELINE_WIDTH - 2 * _TIMELINE_PAD

    def x_of(day: dt.date) -> float:
        return _TIMELINE_PAD + usable * (day - first).days / span

    stacks: dict[int, int] = defaultdict(int)  # dots closer than a dot's width share a column
    dots: list[str] = []
    for day, signed, item in dated:
        column = round(x_of(day) / _DOT_STEP)
        level = stacks[column]
        stacks[column] += 1
        p = item.partnership
        hollow = signed.precision != "day"  # only the month or year is known
        dots.append(
            f'<a href="#row-{item.id}"><circle{attrs(class_="dot", cx=f"{column * _DOT_STEP:.1f}", cy=f"{-level * _DOT_STEP:.1f}", r="5", fill="white" if hollow else TYPE_COLOURS[p.agreement_type], stroke=TYPE_COLOURS[p.agreement_type], data_p=item.id)}>'
            f"<title>{esc(signed.value)}: {esc(_edge_titles(item))}</title></circle></a>"
        )
    height = (max(stacks.values()) + 1) * _DOT_STEP + 50
    baseline = height - 30
    ticks = []
    for year in range(first.year, last.year + 1):
        x = x_of(dt.date(year, 1, 1))
        ticks.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{baseline:.1f}" y2="{baseline + 6:.1f}"/>')
        if year < last.year:
            ticks.append(f'<text x="{x + 3:.1f}" y="{baseline + 20:.1f}">{year}</text>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="timeline-chart" class="timeline"{attrs(viewBox=f"0 0 {_TIMELINE_WIDTH:.0f} {height:.0f}", width=f"{_TIMELINE_WIDTH:.0f}", height=f"{height:.0f}", role="img", aria_label="Signing dates")}>'
        f'<g class="axis"><line x1="{_TIMELINE_PAD:.1f}" x2="{_TIMELINE_WIDTH - _TIMELINE_PAD:.1f}" y1="{baseline:.1f}" y2="{baseline:.1f}"/>{"".join(ticks)}</g>'
        f'<g transform="translate(0 {baseline - 8:.1f})">{"".join(dots)}</g></svg>'
    )
