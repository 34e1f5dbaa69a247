"""The HTML review report: well-formed, holds every record, renders and reacts in a real browser.

One small run (a PDF, two texts, a text saved as .pdf for a warning, a broken PDF for an error)
goes through the real command once per module; the tests read its JSONL and its report. The
browser test opens the report in headless Chromium (Debian's chromium and chromium-driver, which
.ci/run installs) through Selenium, and is skipped only where no Chromium is installed.
"""

from __future__ import annotations

import html.parser
import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from mou_extract.cli import main
from mou_extract.models import DateValue, ErrorInfo, Evidence, Organization, Partnership, PressRelease, Source
from mou_extract.report import render_html, write_html
from mou_extract.report_markup import xml_safe
from mou_extract.report_pages import DocumentPages, Mark, PageView
from mou_extract.report_svg import Item, build_network, force_layout

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
VOID = {"meta", "link", "br", "input", "img", "hr", "col", "source", "wbr", "area", "base", "embed", "track"}


@dataclass(frozen=True)
class Run:
    records: list[PressRelease]
    report: Path
    html: str


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    folder = tmp_path_factory.mktemp("in")
    shutil.copy(SAMPLES / "s09_enganken_three_party_mou.pdf", folder / "a_three_party.pdf")
    shutil.copy(SAMPLES / "texts" / "s02_hokushin_nagaoka_agreement.txt", folder / "b_agreement.txt")
    shutil.copy(SAMPLES / "texts" / "t16_lumina_unnamed_distribution.txt", folder / "c_unnamed.txt")
    shutil.copy(SAMPLES / "texts" / "s05_minakata_soramichi_alliance.txt", folder / "d_text_named.pdf")
    (folder / "e_broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n")
    out = folder.parent / "out.jsonl"
    report = folder.parent / "report.html"
    assert main([str(folder), "-o", str(out), "--html", str(report), "--quiet"]) == 1  # one failed
    records = [PressRelease.model_validate_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return Run(records, report, report.read_text(encoding="utf-8"))


def partnerships(records: list[PressRelease]) -> list[Partnership]:
    return [p for r in records for p in r.partnerships]


class BalanceChecker(html.parser.HTMLParser):
    """Fails on an end tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def assert_well_formed(text: str) -> ET.Element:
    checker = BalanceChecker()
    checker.feed(text)
    checker.close()
    assert checker.stack == []
    return ET.fromstring(text)  # polyglot markup: strict XML as well


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


# --------------------------------------------------------------------------------------------
# the file


def test_the_run_writes_a_well_formed_self_contained_report(run: Run) -> None:
    assert_well_formed(run.html)
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", run.html), "nothing is loaded from the network"
    assert "<link rel=\"stylesheet\"" not in run.html
    assert "Content-Security-Policy" in run.html
    assert '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans"' in run.html


def test_the_report_holds_every_record(run: Run) -> None:
    root = assert_well_formed(run.html)
    rows = {row.get("id"): row for row in root.iter("tr") if (row.get("id") or "").startswith("row-")}
    found = partnerships(run.records)
    assert len(found) >= 4 and len(rows) == len(found)
    for number, p in enumerate(found, start=1):
        row = text_of(rows[f"row-p{number}"])
        assert all((party.name or party.description or "") in row for party in p.parties)
        assert p.agreement_label in row and f"{p.confidence:.2f}" in row
        assert (p.signed_on.value if p.signed_on else "") in row
    documents = {d.get("id"): d for d in root.iter("details")}
    assert len(documents) == len(run.records)
    for index, record in enumerate(run.records):
        document = text_of(documents[f"doc-{index}"])
        assert all(w in document for w in record.warnings)
        if record.error is not None:
            assert record.error.kind in document and record.error.message in document


def test_errors_and_warnings_are_listed_and_counted(run: Run) -> None:
    root = assert_well_formed(run.html)
    tables = {t.get("id"): text_of(t) for t in root.iter("table")}
    failed = [r for r in run.records if r.error is not None]
    warned = [r for r in run.records if r.warnings]
    assert len(failed) == 1 and len(warned) >= 1
    assert failed[0].error is not None and failed[0].error.kind in tables["errors"]
    assert all(w in tables["warnings"] for r in warned for w in r.warnings)
    summary = text_of(next(s for s in root.iter("section") if s.get("id") == "summary"))
    assert "Errors by kind" in summary and failed[0].error.kind in summary
    assert "Partnerships by type" in summary and "Partnerships by signing year" in summary


def test_each_evidence_sentence_is_marked_where_its_offsets_say(run: Run) -> None:
    root = assert_well_formed(run.html)
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
    for number in range(1, len(partnerships(run.records)) + 1):
        anchor = by_id[f"ev-p{number}"]  # the record's evidence is in its document's page text
        assert "ev-tag" in (anchor.get("class") or "")
    marked = "".join(text_of(s) for s in root.iter("span") if "hl-evidence" in (s.get("class") or ""))
    for p in partnerships(run.records):
        assert p.evidence[0].text.replace("\n", "")[:12] in marked.replace("\n", "")


def test_organisations_dates_and_agreement_words_are_highlighted(run: Run) -> None:
    root = assert_well_formed(run.html)
    classes = [s.get("class") or "" for s in root.iter("span")]
    for kind in ("hl-org", "hl-date", "hl-agreement", "hl-evidence"):
        assert sum(kind in c.split() for c in classes) >= 3, kind


def test_the_graph_and_the_timeline_hold_every_partnership(run: Run) -> None:
    root = assert_well_formed(run.html)
    svg = "{http://www.w3.org/2000/svg}"
    found = partnerships(run.records)
    edges = [e for e in root.iter(f"{svg}path") if "edge" in (e.get("class") or "")]
    assert {e.get("data-p") for e in edges} == {f"p{i}" for i in range(1, len(found) + 1)}
    nodes = [g for g in root.iter(f"{svg}g") if g.get("class") == "node"]
    names = {g.get("data-name") for g in nodes}
    assert all(p.name in names for q in found for p in q.parties if p.name)
    dots = [c for c in root.iter(f"{svg}circle") if c.get("class") == "dot"]
    assert len(dots) == sum(p.signed_on is not None for p in found)


# --------------------------------------------------------------------------------------------
# escaping, layout, the command


def hostile_record() -> PressRelease:
    name = '<script>alert("x")</script> & Co.\x0c'
    page = f"株式会社テスト「{name}」と覚書を締結\x00。"
    evidence = Evidence(page=1, start=0, end=len(page), text=page)
    partnership = Partnership(
        parties=[Organization(name=name), Organization(name=None, description="国内大手</td>")],
        agreement_type="mou",
        agreement_label="覚書]]>",
        signed_on=DateValue(value="2024-02-30", precision="day"),
        role="announced",
        evidence=[evidence],
        confidence=0.3,
    )
    return PressRelease(
        source=Source(path="a<b>.txt", pages=1, format="text"),
        title="</title><b>title",
        partnerships=[partnership],
        warnings=["warning </li> & more"],
    )


def test_every_text_is_escaped_and_control_characters_do_not_break_the_markup() -> None:
    record = hostile_record()
    page = record.partnerships[0].evidence[0].text
    views = {0: DocumentPages(pages=[PageView(number=1, text=page, marks=[Mark(start=0, end=6, kind="org", label="<org>")])])}
    text = render_html([record, PressRelease(source=Source(), error=ErrorInfo(kind="damaged", message="bad </p>"))], views)
    root = assert_well_formed(text)
    assert '<script>alert("x")' not in text and "</title><b>" not in text
    body = text_of(root)
    assert xml_safe('<script>alert("x")</script> & Co.\x0c') in body
    assert "warning </li> & more" in body and "bad </p>" in body
    data = next(s for s in root.iter("script") if s.get("id") == "report-data").text or ""
    assert "<" not in data and json.loads(data)["partnerships"][0]["parties"][0].startswith("<script>")


def test_a_report_from_records_alone_shows_the_evidence(tmp_path: Path) -> None:
    record = hostile_record()
    write_html([record], tmp_path / "r.html", read_page_texts=False)
    text = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert_well_formed(text)
    assert "Page text not shown" in text and "株式会社テスト" in text


def test_the_layout_is_deterministic_and_keeps_nodes_apart(run: Run) -> None:
    items = [Item(f"p{i}", p, 0) for i, p in enumerate(partnerships(run.records))]
    first, _ = build_network(items)
    second, _ = build_network(items)
    assert [(n.x, n.y) for n in first] == [(n.x, n.y) for n in second]
    points = force_layout(6, [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5)])
    assert min(abs(complex(*a) - complex(*b)) for i, a in enumerate(points) for b in points[i + 1 :]) > 20
    assert all(n.x >= 0 and n.y >= 0 for n in first)


def test_the_command_refuses_a_report_it_could_not_write(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    assert main([str(tmp_path / "a.txt"), "--html", str(tmp_path / "missing" / "r.html")]) == 2
    assert "report's folder does not exist" in capfd.readouterr().err
    out = tmp_path / "o.jsonl"
    assert main([str(tmp_path / "a.txt"), "-o", str(out), "--html", str(out)]) == 2


def test_a_resumed_run_reports_the_documents_it_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "texts" / "s02_hokushin_nagaoka_agreement.txt", folder / "a.txt")
    out, report = tmp_path / "o.jsonl", tmp_path / "r.html"
    assert main([str(folder), "-o", str(out), "--quiet"]) == 0
    assert main([str(folder), "-o", str(out), "--resume", "--html", str(report), "--quiet"]) == 0
    root = assert_well_formed(report.read_text(encoding="utf-8"))
    assert sum(1 for _ in root.iter("details")) == 1
    assert any((row.get("id") or "").startswith("row-") for row in root.iter("tr"))


# --------------------------------------------------------------------------------------------
# in a browser


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def chromedriver_binary() -> str:
    found = shutil.which("chromedriver") or next(
        (p for p in ("/usr/lib/chromium/chromedriver", "/usr/bin/chromedriver") if Path(p).exists()), None
    )
    assert found, "Chromium is installed but chromedriver is not (Debian: apt-get install chromium-driver)"
    return found


def test_the_report_renders_and_reacts_in_headless_chromium(run: Run, tmp_path: Path) -> None:
    browser = chromium_binary()
    if browser is None:
        pytest.skip("no Chromium installed (Debian: apt-get install chromium chromium-driver; .ci/run does it as root)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver_binary()), options=options)
    try:
        driver.get(run.report.as_uri())
        check_the_page(driver, run, tmp_path)
        errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        assert errors == [], errors
    finally:
        driver.quit()


def check_the_page(driver: WebDriver, run: Run, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    find, find_all = driver.find_element, driver.find_elements
    found = partnerships(run.records)
    for section in ("summary", "table", "network", "timeline", "problems", "documents"):
        assert find(By.ID, section).is_displayed(), section
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0

    # the table: every row, sorted by a click, filtered by text
    rows = find_all(By.CSS_SELECTOR, "#partnerships tbody tr")
    assert len(rows) == len(found) and all(r.is_displayed() for r in rows)
    find(By.XPATH, "//th[button='Confidence']/button").click()
    shown = [float(r.get_attribute("data-sort") or 0) for r in find_all(By.CSS_SELECTOR, "#partnerships tbody td:nth-child(7)")]
    assert shown == sorted(shown)
    name = found[0].parties[1].name or ""
    find(By.ID, "filter").send_keys(name)
    visible = [r for r in find_all(By.CSS_SELECTOR, "#partnerships tbody tr") if r.is_displayed()]
    assert 0 < len(visible) < len(found) and all(name in r.text for r in visible)
    assert find(By.ID, "shown").text == str(len(visible))
    find(By.ID, "filter").clear()

    # the graph: a node lists its partnerships when clicked
    nodes = find_all(By.CSS_SELECTOR, "#network .node")
    assert nodes and all(n.is_displayed() for n in nodes[:3])
    node = max(nodes, key=lambda n: len((n.get_attribute("data-p") or "").split()))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", node)
    node.click()
    listed = find_all(By.CSS_SELECTOR, "#node-panel ol.node-partnerships li")
    assert len(listed) == len((node.get_attribute("data-p") or "").split()) and listed[0].is_displayed()
    assert find(By.CSS_SELECTOR, "#node-panel h3").text == node.get_attribute("data-name")
    assert find_all(By.CSS_SELECTOR, "#network .edge.active")

    # the timeline
    dots = find_all(By.CSS_SELECTOR, "#timeline-chart .dot")
    assert len(dots) == sum(p.signed_on is not None for p in found) and dots[0].is_displayed()

    # a document opens from its row's link and shows its highlights
    find(By.CSS_SELECTOR, "#row-p1 td:last-child a").click()
    document = find(By.ID, "doc-0")
    assert document.get_attribute("open") is not None
    for kind in ("hl-org", "hl-date", "hl-agreement", "hl-evidence"):
        marks = document.find_elements(By.CLASS_NAME, kind)
        assert marks and marks[0].is_displayed(), kind
    screenshot = tmp_path / "report.png"
    assert driver.save_screenshot(str(screenshot)) and screenshot.stat().st_size > 10_000
