"""The report's stylesheet and script, inlined into every report (it must work offline).

Both are wrapped in CDATA sections hidden in comments by ``report.py``, so the file stays
well-formed XML while browsers read them as ordinary CSS and JavaScript.
"""

from __future__ import annotations

# Japanese text in the fonts the system has: none is downloaded.
FONTS = '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif'

CSS = (
    """
:root { --org: #0b57d0; --date: #137333; --agreement: #b3261e; --evidence: #fff1a8; --low: #fde7e7; }
* { box-sizing: border-box; }
body { font-family: FONTS; margin: 0; color: #1f1f1f; background: #fafafa; line-height: 1.6; }
header.top { background: #243447; color: white; padding: 12px 24px; }
header.top h1 { margin: 0; font-size: 1.3em; }
nav a { color: #cfe3ff; margin-right: 16px; }
main { padding: 0 24px 48px; max-width: 1400px; }
section.part { margin-top: 28px; }
h2 { border-bottom: 2px solid #243447; padding-bottom: 2px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { background: white; border: 1px solid #ddd; border-radius: 6px; padding: 8px 16px; min-width: 150px; }
.card .number { font-size: 1.8em; font-weight: bold; display: block; }
.counts { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
table { border-collapse: collapse; background: white; }
caption { white-space: nowrap; font-weight: bold; text-align: left; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
th button { all: unset; cursor: pointer; font-weight: bold; }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; height: 10px; background: #8aa4c8; vertical-align: middle; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: middle; }
#partnerships tr.low { background: var(--low); }
#partnerships tr:target, #partnerships tr.picked { outline: 3px solid #f9ab00; }
.low-mark { color: #b3261e; font-weight: bold; }
.filter { margin: 8px 0; }
.filter input { font: inherit; padding: 3px 8px; width: 28em; max-width: 100%; }
.graph-area { display: flex; gap: 16px; align-items: flex-start; }
.graph-box { flex: 1 1 auto; min-width: 0; overflow: auto; max-height: 720px; border: 1px solid #ddd; background: white; }
svg { font-family: FONTS; }
svg.network .edge { fill: none; stroke-width: 2.5; stroke-opacity: 0.75; }
svg.network .node { cursor: pointer; }
svg.network .node circle { fill: #243447; stroke: white; stroke-width: 1.5; }
svg.network .node text { font-size: 11px; text-anchor: middle; fill: #1f1f1f; paint-order: stroke; stroke: white; stroke-width: 3px; }
svg.network .node:focus { outline: none; }
svg.network .node:focus circle, svg.network .node.selected circle { fill: #f9ab00; }
svg.network.focused .edge { stroke-opacity: 0.12; }
svg.network.focused .edge.active { stroke-opacity: 1; stroke-width: 4; }
#node-panel { flex: 0 0 340px; max-height: 720px; overflow: auto; background: white; border: 1px solid #ddd; padding: 8px 12px; }
#node-panel ol { padding-left: 1.4em; }
.legend span { margin-right: 14px; white-space: nowrap; }
svg.timeline .axis line { stroke: #555; }
svg.timeline .axis text { font-size: 11px; fill: #333; }
svg.timeline .dot { stroke-width: 2; }
details.document { background: white; border: 1px solid #ddd; border-radius: 6px; margin: 8px 0; padding: 4px 12px; }
details.document > summary { cursor: pointer; font-weight: bold; }
.badge { display: inline-block; font-size: 0.8em; font-weight: normal; border-radius: 10px; padding: 0 8px; margin-left: 6px; background: #e8eaed; }
.badge.error { background: #b3261e; color: white; }
.badge.warning { background: #f9ab00; }
.meta { color: #555; font-size: 0.9em; }
.error-box { background: #fce8e6; border-left: 4px solid #b3261e; padding: 4px 12px; }
.warning-box { background: #fef7e0; border-left: 4px solid #f9ab00; padding: 4px 12px; }
.page-text { white-space: pre-wrap; word-break: break-all; background: #fcfcfc; border: 1px solid #eee; padding: 8px; font-size: 0.95em; }
.page-number { font-size: 0.85em; color: #555; margin-top: 10px; }
.hl-org { color: var(--org); border-bottom: 2px solid var(--org); }
.hl-date { color: var(--date); border-bottom: 2px dotted var(--date); font-weight: bold; }
.hl-agreement { color: var(--agreement); border-bottom: 2px solid var(--agreement); font-weight: bold; }
.hl-evidence { background: var(--evidence); }
.ev-tag { font-size: 0.7em; vertical-align: super; background: #243447; color: white; border-radius: 6px; padding: 0 4px; text-decoration: none; user-select: none; }
.quote { background: var(--evidence); }
.empty { color: #555; font-style: italic; }
""".replace("FONTS", FONTS)
)

# No innerHTML anywhere: text from the records only ever becomes textContent.
JS = """
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const byId = new Map(data.partnerships.map(function (p) { return [p.id, p]; }));

  // --- the partnerships table: sort by a column, filter by text
  const table = document.getElementById("partnerships");
  const tbody = table.tBodies[0];
  const heads = Array.from(table.tHead.rows[0].cells);
  heads.forEach(function (th, column) {
    const button = th.querySelector("button");
    if (button) { button.addEventListener("click", function () { sortBy(th, column); }); }
  });
  function sortKey(row, column, numeric) {
    const cell = row.cells[column];
    const raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    return numeric ? parseFloat(raw) : raw.trim();
  }
  function sortBy(th, column) {
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    heads.forEach(function (other) { if (other.hasAttribute("aria-sort")) { other.setAttribute("aria-sort", "none"); } });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const numeric = th.getAttribute("data-type") === "number";
    const rows = Array.from(tbody.rows);
    rows.sort(function (a, b) {
      const x = sortKey(a, column, numeric), y = sortKey(b, column, numeric);
      // empty cells (no date) last whichever way
      if (x === "" || y === "") { return (x === "") - (y === ""); }
      const order = numeric ? x - y : x.localeCompare(y, "ja");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { tbody.appendChild(row); });
  }
  const filter = document.getElementById("filter");
  const shown = document.getElementById("shown");
  function applyFilter() {
    const words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    let count = 0;
    Array.from(tbody.rows).forEach(function (row) {
      const text = row.textContent.toLowerCase();
      const keep = words.every(function (w) { return text.includes(w); });
      row.hidden = !keep;
      count += keep ? 1 : 0;
    });
    shown.textContent = String(count);
  }
  filter.addEventListener("input", applyFilter);

  // --- links into a document open it (the documents are folded)
  function reveal(id) {
    const target = document.getElementById(id);
    if (!target) { return; }
    let details = target.closest("details");
    while (details) { details.open = true; details = details.parentElement.closest("details"); }
  }
  document.addEventListener("click", function (event) {
    const link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (link) { reveal(decodeURIComponent(link.getAttribute("href").slice(1))); }
  });
  if (location.hash) { reveal(decodeURIComponent(location.hash.slice(1))); }

  // --- the network: a node lists its partnerships
  const network = document.getElementById("network");
  const panel = document.getElementById("node-panel");
  function item(p) {
    const li = document.createElement("li");
    const row = document.createElement("a");
    row.href = "#row-" + p.id;
    row.textContent = p.parties.join(" / ");
    li.appendChild(row);
    li.appendChild(document.createTextNode(" — " + p.label + " (" + p.typeName + (p.date ? ", " + p.date : "") + ", " + p.role + ") "));
    const evidence = document.createElement("a");
    evidence.href = p.evidence ? "#" + p.evidence : "#doc-" + p.document;
    evidence.textContent = p.documentName;
    li.appendChild(evidence);
    return li;
  }
  function select(node) {
    network.querySelectorAll(".node.selected").forEach(function (n) { n.classList.remove("selected"); });
    network.querySelectorAll(".edge.active").forEach(function (e) { e.classList.remove("active"); });
    node.classList.add("selected");
    network.classList.add("focused");
    const ids = node.getAttribute("data-p").split(" ").filter(Boolean);
    ids.forEach(function (id) {
      network.querySelectorAll(".edge[data-p='" + id + "']").forEach(function (e) { e.classList.add("active"); });
    });
    panel.replaceChildren();
    const title = document.createElement("h3");
    title.textContent = node.getAttribute("data-name");
    const count = document.createElement("p");
    count.textContent = ids.length + (ids.length === 1 ? " partnership" : " partnerships");
    const list = document.createElement("ol");
    list.className = "node-partnerships";
    ids.forEach(function (id) { if (byId.has(id)) { list.appendChild(item(byId.get(id))); } });
    panel.append(title, count, list);
    document.querySelectorAll("#partnerships tr.picked").forEach(function (r) { r.classList.remove("picked"); });
    ids.forEach(function (id) { const r = document.getElementById("row-" + id); if (r) { r.classList.add("picked"); } });
  }
  if (network) {
    network.querySelectorAll(".node").forEach(function (node) {
      node.addEventListener("click", function () { select(node); });
      node.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); select(node); }
      });
    });
  }
})();
"""
