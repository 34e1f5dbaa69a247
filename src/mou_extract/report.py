"""The review report: one self-contained HTML file for a run's records.

``write_html(results, path)`` writes a summary (documents, partnerships by type and by year,
errors by kind), a sortable and filterable table of every partnership (low-confidence rows
marked), the network of organisations and the timeline of signing dates (inline SVG, see
:mod:`.report_svg`), the errors and warnings, and every document's page text with organisations,
dates and agreement words highlighted and each record's evidence sentence marked.

The file loads nothing: CSS, script and data are inline, the fonts are the system's, and a
Content-Security-Policy forbids any fetch. It is polyglot markup (well-formed XML and valid HTML)
so that tests, and any XML tool, can read it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .batch import DEFAULT_MAX_MEMORY, DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT, default_workers
from .models import Evidence, Partnership, PressRelease
from .report_assets import CSS, JS
from .report_markup import attrs, esc, script_json
from .report_pages import DocumentPages, PageView, read_pages
from .report_svg import TYPE_COLOURS, Item, build_network, network_svg, party_label, timeline_svg

__all__ = ["LOW_CONFIDENCE", "TYPE_NAMES", "render_html", "write_html"]

# Below this a row is marked for checking first: at 0.7 the rules saw a named party, an
# agreement word and a body sentence but missed two of their other signals (see records.py).
LOW_CONFIDENCE = 0.7

TYPE_NAMES: dict[str, str] = {
    "mou": "MOU / 覚書",
    "basic_agreement": "基本合意",
    "partnership_agreement": "連携協定",
    "business_alliance": "業務提携",
    "capital_alliance": "資本業務提携",
    "joint_research": "共同研究",
    "license": "ライセンス",
    "joint_development": "共同開発",
    "distribution": "販売・代理店",
    "other": "その他",
}

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


@dataclasses.dataclass(frozen=True)
class _Document:
    index: int
    record: PressRelease
    items: list[Item]
    pages: DocumentPages | None

    @property
    def name(self) -> str:
        path = self.record.source.path
        return Path(path).name if path else f"document {self.index + 1}"


def write_html(
    results: Iterable[PressRelease],
    path: str | os.PathLike[str],
    *,
    read_page_texts: bool = True,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
    max_pages: int = DEFAULT_MAX_PAGES,
    workers: int | None = None,
    low_confidence: float = LOW_CONFIDENCE,
) -> None:
    """Write the report for ``results`` to ``path`` (replaced whole, never left half-written).

    With ``read_page_texts`` each document that was read is read again, in an isolated worker
    with the given limits, for its page text (records hold only evidence offsets into it);
    without it, or when a file is gone or changed, the document shows its evidence sentences only.
    """
    records = list(results)
    pages: dict[int, DocumentPages] = {}
    if read_page_texts:
        pages = read_pages(
            records,
            timeout=timeout,
            max_memory=max_memory,
            max_pages=max_pages,
            workers=workers or default_workers(max_memory),
        )
    _write_atomically(Path(path), render_html(records, pages, low_confidence=low_confidence))


def _write_atomically(path: Path, text: str) -> None:
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with open(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temp_name, 0o644)  # mkstemp's 0600 would hide the report from a web server or a colleague
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def render_html(
    records: Sequence[PressRelease],
    pages: Mapping[int, DocumentPages] | None = None,
    *,
    low_confidence: float = LOW_CONFIDENCE,
) -> str:
    """The report as a string; ``pages`` maps a record's position to its page texts."""
    documents = _documents(records, pages or {})
    items = [item for d in documents for item in d.items]
    nodes, edges = build_network(items)
    body = [
        _summary(documents, items, low_confidence),
        _table(documents, low_confidence),
        _section(
            "network",
            "Network",
            '<p class="legend">Organisations and the partnerships between them; click a node to list its partnerships. '
            + _type_legend()
            + '</p><div class="graph-area"><div class="graph-box">'
            + network_svg(nodes, edges)
            + '</div><div id="node-panel" aria-live="polite"><p class="empty">Click an organisation.</p></div></div>',
        ),
        _section(
            "timeline",
            "Timeline of signing dates",
            '<p class="legend">One dot per partnership (hollow: only the month or year is known); click one for its row. '
            + _type_legend()
            + "</p>"
            + timeline_svg(items),
        ),
        _problems(documents),
        _documents_section(documents),
    ]
    return _page("".join(body), _script_data(documents))


def _documents(records: Sequence[PressRelease], pages: Mapping[int, DocumentPages]) -> list[_Document]:
    documents: list[_Document] = []
    number = 0
    for index, record in enumerate(records):
        items = []
        for partnership in record.partnerships:
            number += 1
            items.append(Item(f"p{number}", partnership, index))
        documents.append(_Document(index, record, items, pages.get(index)))
    return documents


# --------------------------------------------------------------------------------------------
# page frame


def _page(body: str, data: object) -> str:
    nav = "".join(
        f'<a href="#{anchor}">{label}</a>'
        for anchor, label in [
            ("summary", "Summary"),
            ("table", "Partnerships"),
            ("network", "Network"),
            ("timeline", "Timeline"),
            ("problems", "Errors and warnings"),
            ("documents", "Documents"),
        ]
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ja"><head><meta charset="utf-8"/>'
        f'<meta http-equiv="Content-Security-Policy"{attrs(content=_CSP)}/>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
        '<link rel="icon" href="data:,"/>'
        "<title>mou-extract report</title>"
        f"<style>/*<![CDATA[*/{CSS}/*]]>*/</style></head>"
        f'<body><header class="top"><h1>mou-extract report</h1><nav>{nav}</nav></header>'
        f"<main>{body}</main>"
        f'<script type="application/json" id="report-data">{script_json(data)}</script>'
        f"<script>//<![CDATA[\n{JS}\n//]]></script></body></html>\n"
    )


def _section(anchor: str, title: str, content: str) -> str:
    return f'<section class="part" id="{anchor}"><h2>{esc(title)}</h2>{content}</section>'


def _type_legend() -> str:
    return "".join(
        f'<span><i class="swatch" style="background:{colour}"></i>{esc(TYPE_NAMES[kind])}</span>'
        for kind, colour in TYPE_COLOURS.items()
    )


def _script_data(documents: Sequence[_Document]) -> dict[str, object]:
    """What the script needs to list a node's partnerships."""
    return {
        "partnerships": [
            {
                "id": item.id,
                "parties": [party_label(item.partnership, i) for i in range(len(item.partnership.parties))],
                "type": item.partnership.agreement_type,
                "typeName": TYPE_NAMES[item.partnership.agreement_type],
                "label": item.partnership.agreement_label,
                "date": item.partnership.signed_on.value if item.partnership.signed_on else None,
                "role": item.partnership.role,
                "confidence": item.partnership.confidence,
                "document": d.index,
                "documentName": d.name,
                "evidence": f"ev-{item.id}" if _marked(d, item.partnership) else None,
            }
            for d in documents
            for item in d.items
        ]
    }


# --------------------------------------------------------------------------------------------
# summary


def _count_table(caption: str, counts: Sequence[tuple[str, int]], *, swatches: Mapping[str, str] | None = None) -> str:
    if not counts:
        return f'<table><caption>{esc(caption)}</caption><tr><td class="empty">none</td></tr></table>'
    top = max(n for _, n in counts)
    rows = []
    for label, n in counts:
        swatch = f'<i class="swatch" style="background:{swatches[label]}"></i>' if swatches and label in swatches else ""
        shown = TYPE_NAMES.get(label, label) if swatches else label
        rows.append(
            f"<tr><td>{swatch}{esc(shown)}</td><td class=\"number\">{n}</td>"
            f'<td><span class="bar" style="width:{120 * n / top:.0f}px"></span></td></tr>'
        )
    return f"<table><caption>{esc(caption)}</caption>{''.join(rows)}</table>"


def _summary(documents: Sequence[_Document], items: Sequence[Item], low_confidence: float) -> str:
    failed = [d for d in documents if d.record.error is not None]
    roles = Counter(i.partnership.role for i in items)
    low = sum(i.partnership.confidence < low_confidence for i in items)
    warnings = sum(len(d.record.warnings) for d in documents)
    cards = [
        ("documents", len(documents), f"{len(documents) - len(failed)} read, {len(failed)} failed"),
        ("partnerships", len(items), f"{roles['announced']} announced, {roles['prior']} prior"),
        ("low confidence", low, f"confidence below {low_confidence:g}"),
        ("warnings", warnings, f"in {sum(bool(d.record.warnings) for d in documents)} documents"),
    ]
    card_html = "".join(
        f'<div class="card"><span class="number">{n}</span>{esc(title)}<br/><span class="meta">{esc(note)}</span></div>'
        for title, n, note in cards
    )
    by_type: Counter[str] = Counter(i.partnership.agreement_type for i in items)
    by_year = Counter(i.partnership.signed_on.value[:4] if i.partnership.signed_on else "no date" for i in items)
    errors = Counter(d.record.error.kind for d in failed if d.record.error is not None)
    tables = "".join(
        [
            _count_table("Partnerships by type", [(t, by_type[t]) for t in TYPE_COLOURS if by_type[t]], swatches=TYPE_COLOURS),
            _count_table("Partnerships by signing year", sorted(by_year.items(), key=lambda kv: (kv[0] == "no date", kv[0]))),
            _count_table("Errors by kind", sorted(errors.items(), key=lambda kv: (-kv[1], kv[0]))),
        ]
    )
    return _section("summary", "Summary", f'<div class="cards">{card_html}</div><div class="counts">{tables}</div>')


# --------------------------------------------------------------------------------------------
# partnerships table

_COLUMNS: list[tuple[str, str]] = [
    ("#", "number"),
    ("Parties", "text"),
    ("Type", "text"),
    ("Agreement", "text"),
    ("Signed", "text"),
    ("Role", "text"),
    ("Confidence", "number"),
    ("Document", "text"),
]


def _table(documents: Sequence[_Document], low_confidence: float) -> str:
    head = "".join(
        f'<th{attrs(data_type=kind, aria_sort="none")}><button type="button">{esc(title)}</button></th>'
        for title, kind in _COLUMNS
    )
    rows = [_row(d, item, low_confidence) for d in documents for item in d.items]
    filter_box = (
        '<p class="filter"><label>Filter: <input type="search" id="filter" placeholder="name, type, date, document…"/></label> '
        f'<span id="shown">{len(rows)}</span> of {len(rows)} shown. '
        f'Rows marked <span class="low-mark">⚠</span> have confidence below {low_confidence:g}: check them first.</p>'
    )
    table = f'<table id="partnerships"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    if not rows:
        table += '<p class="empty">No partnerships found.</p>'
    return _section("table", "Partnerships", filter_box + table)


_LOW_MARK = ' <span class="low-mark" title="low confidence">⚠</span>'


def _row(document: _Document, item: Item, low_confidence: float) -> str:
    p = item.partnership
    low = p.confidence < low_confidence
    parties = " / ".join(esc(party_label(p, i)) for i in range(len(p.parties)))
    signed = p.signed_on.value if p.signed_on else ""
    target = f"#ev-{item.id}" if _marked(document, p) else f"#doc-{document.index}"
    cells = [
        f'<td class="number" data-sort="{item.id[1:]}">{item.id[1:]}</td>',
        f"<td>{parties}</td>",
        f'<td><i class="swatch" style="background:{TYPE_COLOURS[p.agreement_type]}"></i>{esc(TYPE_NAMES[p.agreement_type])}</td>',
        f"<td>{esc(p.agreement_label)}</td>",
        f"<td{attrs(data_sort=signed)}>{esc(signed)}</td>",
        f"<td>{esc(p.role)}</td>",
        f'<td class="number" data-sort="{p.confidence}">{p.confidence:.2f}{_LOW_MARK if low else ""}</td>',
        f'<td><a href="{target}">{esc(document.name)}</a></td>',
    ]
    return f"<tr{attrs(id=f'row-{item.id}', class_='low' if low else None)}>{''.join(cells)}</tr>"


# --------------------------------------------------------------------------------------------
# errors and warnings


def _problems(documents: Sequence[_Document]) -> str:
    errors = [
        f'<tr><td><a href="#doc-{d.index}">{esc(d.name)}</a></td><td>{esc(d.record.error.kind)}</td><td>{esc(d.record.error.message)}</td></tr>'
        for d in documents
        if d.record.error is not None
    ]
    warnings = [
        f'<tr><td><a href="#doc-{d.index}">{esc(d.name)}</a></td><td>{esc(w)}</td></tr>'
        for d in documents
        for w in d.record.warnings
    ]
    parts = [
        "<h3>Errors</h3>",
        f'<table id="errors"><tr><th>Document</th><th>Kind</th><th>Message</th></tr>{"".join(errors)}</table>'
        if errors
        else '<p class="empty">No document failed.</p>',
        "<h3>Warnings</h3>",
        f'<table id="warnings"><tr><th>Document</th><th>Warning</th></tr>{"".join(warnings)}</table>'
        if warnings
        else '<p class="empty">No warnings.</p>',
    ]
    return _section("problems", "Errors and warnings", "".join(parts))


# --------------------------------------------------------------------------------------------
# documents with highlighted page text


def _documents_section(documents: Sequence[_Document]) -> str:
    legend = (
        '<p class="legend">Highlighted: <span class="hl-org">organisation</span> '
        '<span class="hl-date">date</span> <span class="hl-agreement">agreement word</span> '
        '<span class="hl-evidence">evidence sentence</span> (its tag <span class="ev-tag">#n</span> is the row number). '
        "Click a document to unfold it.</p>"
    )
    return _section("documents", "Documents", legend + "".join(_document(d) for d in documents))


def _document(d: _Document) -> str:
    record = d.record
    badges = [f'<span class="badge">{len(d.items)} partnership{"" if len(d.items) == 1 else "s"}</span>']
    if record.error is not None:
        badges.append(f'<span class="badge error">{esc(record.error.kind)}</span>')
    if record.warnings:
        badges.append(f'<span class="badge warning">{len(record.warnings)} warning{"" if len(record.warnings) == 1 else "s"}</span>')
    heading = esc(record.title or d.name)
    parts = [f"<summary>{heading}{''.join(badges)}</summary>", _document_meta(d)]
    if record.error is not None:
        parts.append(f'<div class="error-box"><b>{esc(record.error.kind)}</b>: {esc(record.error.message)}</div>')
    if record.warnings:
        parts.append('<div class="warning-box"><ul>' + "".join(f"<li>{esc(w)}</li>" for w in record.warnings) + "</ul></div>")
    if d.items:
        parts.append('<ol class="records">' + "".join(_record_item(d, item) for item in d.items) + "</ol>")
    parts.append(_page_texts(d))
    return f'<details class="document" id="doc-{d.index}">{"".join(parts)}</details>'


def _document_meta(d: _Document) -> str:
    record = d.record
    source = record.source
    facts = [
        ("file", source.path or "(bytes)"),
        ("format", source.format or "?"),
        ("pages", str(source.pages)),
        ("published", record.published_on.value if record.published_on else "?"),
        ("issuer", (record.issuer.name if record.issuer else None) or "?"),
        ("sha256", (source.sha256 or "?")[:12]),
    ]
    return '<p class="meta">' + " · ".join(f"{esc(k)}: {esc(v)}" for k, v in facts) + "</p>"


def _record_item(d: _Document, item: Item) -> str:
    p = item.partnership
    parties = " / ".join(esc(party_label(p, i)) for i in range(len(p.parties)))
    date = f", signed {esc(p.signed_on.value)}" if p.signed_on else ""
    quotes = "".join(
        f'<br/><span class="meta">p.{e.page}:</span> <span class="quote">{esc(e.text)}</span>' for e in p.evidence
    )
    return (
        f'<li value="{item.id[1:]}"><a href="#row-{item.id}">#{item.id[1:]}</a> {parties} — '
        f"{esc(p.agreement_label)} ({esc(TYPE_NAMES[p.agreement_type])}{date}, {esc(p.role)}, "
        f"confidence {p.confidence:.2f}){quotes}</li>"
    )


def _page_texts(d: _Document) -> str:
    if d.record.error is not None:
        return ""
    if d.pages is None:
        return '<p class="empty">Page text not shown (the report was written from the records alone).</p>'
    parts = [f'<p class="empty">{esc(d.pages.note)}</p>'] if d.pages.note else []
    spans = _evidence_by_page(d)
    for view in d.pages.pages:
        parts.append(f'<p class="page-number">page {view.number}</p>')
        parts.append(f'<div class="page-text">{render_page(view, spans.get(view.number, []))}</div>')
    return "".join(parts)


@dataclasses.dataclass(frozen=True)
class _EvidenceSpan:
    start: int
    end: int
    item: str  # the partnership's id
    anchor: str | None  # the element id of the record's first evidence span


def _evidence_by_page(d: _Document) -> dict[int, list[_EvidenceSpan]]:
    texts = {view.number: view.text for view in (d.pages.pages if d.pages else [])}
    found: dict[int, list[_EvidenceSpan]] = {}
    for item in d.items:
        first = True
        for evidence in item.partnership.evidence:
            if not _matches(texts, evidence):
                continue
            anchor = f"ev-{item.id}" if first else None
            found.setdefault(evidence.page, []).append(_EvidenceSpan(evidence.start, evidence.end, item.id, anchor))
            first = False
    return found


def _matches(texts: Mapping[int, str], evidence: Evidence) -> bool:
    """Evidence is marked only where the page text still holds it at its offsets."""
    text = texts.get(evidence.page)
    return text is not None and evidence.end > evidence.start and text[evidence.start : evidence.end] == evidence.text


def _marked(d: _Document, partnership: Partnership) -> bool:
    texts = {view.number: view.text for view in (d.pages.pages if d.pages else [])}
    return any(_matches(texts, e) for e in partnership.evidence)


def render_page(view: PageView, evidence: Sequence[_EvidenceSpan]) -> str:
    """The page text cut at every mark's and evidence span's ends; each piece one ``<span>``
    carrying the classes of all that cover it, so overlapping marks never break the nesting."""
    text = view.text
    marks = [m for m in view.marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks), *(e.start for e in evidence), *(e.end for e in evidence)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        out += [_evidence_tag(e) for e in evidence if e.start == a]
        covering = [m for m in marks if m.start <= a and b <= m.end]
        classes = sorted({f"hl-{m.kind}" for m in covering} | ({"hl-evidence"} if any(e.start <= a and b <= e.end for e in evidence) else set()))
        piece = esc(text[a:b])
        if classes:
            title = "; ".join(dict.fromkeys(m.label for m in covering)) or None
            out.append(f"<span{attrs(class_=' '.join(classes), title=title)}>{piece}</span>")
        else:
            out.append(piece)
    return "".join(out)


def _evidence_tag(span: _EvidenceSpan) -> str:
    return f'<a{attrs(class_="ev-tag", id=span.anchor, href=f"#row-{span.item}")}>#{span.item[1:]}</a>'
