#!/usr/bin/env python3
"""Regenerate the sample press-release PDFs in ``samples/`` from ``samples/texts/*.txt``.

Run from the repository root::

    python scripts/make_samples.py            # every sample listed in samples/layouts.tsv
    python scripts/make_samples.py s01_... s07_...   # only these ids

Each sample is assigned one producer/layout in ``samples/layouts.tsv`` (columns: id, layout,
headline line range in the text file, 1-based and inclusive):

``cid``     reportlab built-in CID fonts (HeiseiMin-W3 body, HeiseiKakuGo-W5 headline), not
            embedded; the text's lines are drawn as printed, one text line = one PDF line.
``ttf``     embedded TrueType IPAex (Mincho body, Gothic headline); body paragraphs re-flowed
            and justified to the page width; running header "NEWS RELEASE" + date on every page,
            page numbers "- n -" at the bottom.
``twocol``  embedded IPAex; header block and headline full width, body re-flowed into two
            columns; running header and footer, page numbers.
``spaced``  CID fonts with letter spacing (charSpace 0.35 em) and a fake-bold headline (the
            headline drawn three times, offset by 0.3 pt); body re-flowed.

The output is deterministic (``invariant=1``): the same texts give the same PDF bytes.
The text files are the source given to the producer, so anything they contain (Kangxi radical
look-alikes such as U+2F49 for 月, spaced dates, full-width digits) ends up in the text layer.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

try:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas
except ImportError:  # pragma: no cover - environment problem
    sys.exit("make_samples.py: reportlab is not installed (pip install 'reportlab>=4')")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TEXTS = SAMPLES / "texts"
LAYOUTS_TSV = SAMPLES / "layouts.tsv"

IPAEX_MINCHO = Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")
IPAEX_GOTHIC = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")

CID_MINCHO = "HeiseiMin-W3"
CID_GOTHIC = "HeiseiKakuGo-W5"
TTF_MINCHO = "IPAexMincho"
TTF_GOTHIC = "IPAexGothic"

PAGE_W, PAGE_H = float(A4[0]), float(A4[1])
LEFT = RIGHT = 50.0
TOP = BOTTOM = 56.0
USABLE_W = PAGE_W - LEFT - RIGHT

LAYOUTS = ("cid", "ttf", "twocol", "spaced")

# characters a line must not start with (simple kinsoku shori)
NO_LINE_START = set("、。，．）」』】〕〉》・ー々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ！？％：；,.)]!?%:;")
# a body line starting with one of these begins a new paragraph
MARKER = re.compile(
    r"^([■□●◆◇▼▽※【〔記]|[①-⑳]|（[0-9０-９一二三四五六七八九十]+）|\([0-9]+\)|[0-9０-９]+[．.]|"
    r"[一二三四五六七八九十]+、|以\s*上|以　上)"
)
KANGXI = re.compile("[\u2f00-\u2fdf\u2e80-\u2eff]")


@dataclass(frozen=True)
class Sample:
    id: str
    layout: str
    headline: tuple[int, int]  # 1-based inclusive line range in the text file


def die(msg: str) -> NoReturn:
    sys.exit(f"make_samples.py: {msg}")


def read_layouts() -> list[Sample]:
    if not LAYOUTS_TSV.exists():
        die(f"missing {LAYOUTS_TSV}")
    out: list[Sample] = []
    for n, raw in enumerate(LAYOUTS_TSV.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#") or raw.startswith("id\t"):
            continue
        cols = raw.split("\t")
        if len(cols) < 3:
            die(f"{LAYOUTS_TSV}:{n}: expected id<TAB>layout<TAB>headline")
        sid, layout, head = cols[0].strip(), cols[1].strip(), cols[2].strip()
        if layout not in LAYOUTS:
            die(f"{LAYOUTS_TSV}:{n}: unknown layout {layout!r} (one of {', '.join(LAYOUTS)})")
        m = re.fullmatch(r"(\d+)-(\d+)", head)
        if not m:
            die(f"{LAYOUTS_TSV}:{n}: headline must be a line range like 9-10, got {head!r}")
        out.append(Sample(sid, layout, (int(m.group(1)), int(m.group(2)))))
    return out


def register_fonts() -> None:
    missing = [str(p) for p in (IPAEX_MINCHO, IPAEX_GOTHIC) if not p.exists()]
    if missing:
        die(
            "IPAex fonts not found: " + ", ".join(missing) + "\n"
            "  install them with:  apt-get install -y fonts-ipaexfont"
        )
    pdfmetrics.registerFont(UnicodeCIDFont(CID_MINCHO))
    pdfmetrics.registerFont(UnicodeCIDFont(CID_GOTHIC))
    pdfmetrics.registerFont(TTFont(TTF_MINCHO, str(IPAEX_MINCHO)))
    pdfmetrics.registerFont(TTFont(TTF_GOTHIC, str(IPAEX_GOTHIC)))


# --------------------------------------------------------------------------- text helpers


def fw_width(s: str) -> float:
    """Width in full-width character units (half-width characters count 0.5)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in s)


def split_text(text: str, head: tuple[int, int]) -> tuple[list[str], list[str], list[str]]:
    lines = [ln.rstrip() for ln in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    a, b = head
    if not (1 <= a <= b <= len(lines)):
        die(f"headline range {a}-{b} outside the text ({len(lines)} lines)")
    return lines[: a - 1], lines[a - 1 : b], lines[b:]


def date_line(header: list[str]) -> str:
    for ln in header:
        s = ln.strip()
        if re.search(r"[0-9０-９〇一二三四五六七八九十元]\s*年.*[日⽇]$", s):
            return s
    return ""


def paragraphs(body: list[str]) -> list[str]:
    """Join a printed text's wrapped lines back into paragraphs ('' = blank line)."""
    full = max((fw_width(ln) for ln in body), default=40.0)
    out: list[str] = []
    prev_full = False
    for ln in body:
        if not ln.strip():
            out.append("")
            prev_full = False
            continue
        stripped = ln.lstrip(" ")
        new_para = (
            not out
            or out[-1] == ""
            or not prev_full
            or ln[0] in " 　"
            or bool(MARKER.match(stripped))
        )
        if new_para:
            out.append(stripped)
        else:
            out[-1] += stripped
        prev_full = fw_width(ln) >= full - 4
    return out


def wrap(text: str, font: str, size: float, width: float, char_space: float = 0.0) -> list[str]:
    """Character wrapping with kinsoku; ASCII words are kept together when short."""

    def w(s: str) -> float:
        return float(pdfmetrics.stringWidth(s, font, size)) + char_space * len(s)

    lines: list[str] = []
    cur = ""
    for c in text:
        if cur and w(cur + c) > width:
            if c in NO_LINE_START:  # hang the punctuation at the end of the line
                cur += c
                continue
            if c.isascii() and c.isalnum() and cur[-1].isascii() and (cur[-1].isalnum() or cur[-1] in "-."):
                j = len(cur)
                while j > 0 and cur[j - 1].isascii() and (cur[j - 1].isalnum() or cur[j - 1] in "-.,"):
                    j -= 1
                if 0 < j and len(cur) - j < 14:
                    lines.append(cur[:j])
                    cur = cur[j:] + c
                    continue
            lines.append(cur)
            cur = c
        else:
            cur += c
    if cur:
        lines.append(cur)
    return lines


# --------------------------------------------------------------------------- drawing helpers


def new_canvas(path: Path, sid: str) -> Canvas:
    c = Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(sid)
    c.setAuthor("mou_extract sample generator")
    c.setCreator("scripts/make_samples.py (reportlab)")
    return c


def draw(c: Canvas, x: float, y: float, s: str, font: str, size: float, char_space: float = 0.0) -> None:
    t = c.beginText(x, y)
    t.setFont(font, size)
    if char_space:
        t.setCharSpace(char_space)
    t.textOut(s)
    c.drawText(t)


def header_line_x(ln: str, font: str, size: float, char_space: float = 0.0) -> tuple[float, str]:
    """Place a header-block line: far-indented lines right-aligned, indented ones as a block."""
    indent = len(ln) - len(ln.lstrip(" "))
    s = ln.strip(" ")
    width = pdfmetrics.stringWidth(s, font, size) + char_space * len(s)
    if indent >= 40:
        return PAGE_W - RIGHT - width, s
    if indent > 0:
        return min(LEFT + USABLE_W * 0.42, PAGE_W - RIGHT - width), s
    return LEFT, s


class Flow:
    """Top-to-bottom line placement over pages (and columns) with running header/footer."""

    def __init__(self, c: Canvas, sid: str, date: str, leading: float, *, columns: int = 1,
                 running: bool = True, footer_note: str = "", page_numbers: bool = True,
                 header_font: str = TTF_GOTHIC) -> None:
        self.c, self.sid, self.date = c, sid, date
        self.leading = leading
        self.columns = columns
        self.running = running
        self.footer_note = footer_note
        self.page_numbers = page_numbers
        self.header_font = header_font
        self.page = 0
        self.col = 0
        self.gap = 18.0
        self.col_w = (USABLE_W - self.gap * (columns - 1)) / columns
        self.col_top = 0.0
        self.switch_at: float | None = None  # column-0 height after which to move on (balancing)
        self.start_page()

    @property
    def top(self) -> float:
        return PAGE_H - TOP - (22.0 if self.running else 0.0)

    def start_page(self) -> None:
        if self.page:
            self.c.showPage()
        self.page += 1
        self.col = 0
        self.switch_at = None
        self.y = self.top
        self.col_top = self.top
        c = self.c
        if self.running:
            draw(c, LEFT, PAGE_H - TOP + 4, "NEWS RELEASE", self.header_font, 9)
            if self.date:
                w = pdfmetrics.stringWidth(self.date, self.header_font, 9)
                draw(c, PAGE_W - RIGHT - w, PAGE_H - TOP + 4, self.date, self.header_font, 9)
            c.setLineWidth(0.6)
            c.line(LEFT, PAGE_H - TOP, PAGE_W - RIGHT, PAGE_H - TOP)
        if self.footer_note:
            c.setLineWidth(0.4)
            c.line(LEFT, BOTTOM - 10, PAGE_W - RIGHT, BOTTOM - 10)
            draw(c, LEFT, BOTTOM - 24, self.footer_note, self.header_font, 7.5)
        if self.page_numbers:
            label = f"- {self.page} -"
            w = pdfmetrics.stringWidth(label, self.header_font, 9)
            draw(c, (PAGE_W - w) / 2, BOTTOM - 36, label, self.header_font, 9)

    def x0(self) -> float:
        return LEFT + self.col * (self.col_w + self.gap)

    def next_line(self, height: float | None = None) -> float:
        """Reserve one line; return its baseline y."""
        h = self.leading if height is None else height
        if self.col == 0 and self.switch_at is not None and self.col_top - self.y >= self.switch_at:
            self.col = 1
            self.y = self.col_top
        elif self.y - h < BOTTOM:
            if self.col + 1 < self.columns:
                self.col += 1
                self.y = self.col_top
            else:
                self.start_page()
        self.y -= h
        return self.y

    def begin_columns(self) -> None:
        self.col_top = self.y
        self.col = 0


def draw_justified(c: Canvas, x: float, y: float, s: str, font: str, size: float, width: float,
                   char_space: float = 0.0) -> None:
    n = len(s)
    natural = pdfmetrics.stringWidth(s, font, size) + char_space * n
    extra = (width - natural) / (n - 1) if n > 1 and width > natural else 0.0
    draw(c, x, y, s, font, size, char_space + min(extra, size * 0.25))


# --------------------------------------------------------------------------- layouts


def render_cid(sample: Sample, text: str, out: Path) -> None:
    """Built-in CID fonts, not embedded; the text's lines drawn as printed."""
    header, headline, body = split_text(text, sample.headline)
    all_lines = header + headline + body
    widest = max(pdfmetrics.stringWidth(ln.lstrip(" "), CID_MINCHO, 1.0)
                 + (len(ln) - len(ln.lstrip(" "))) * 0.5 for ln in all_lines)
    size = min(10.5, (USABLE_W - 2) / widest)
    c = new_canvas(out, sample.id)
    flow = Flow(c, sample.id, "", 17.5, running=False, page_numbers=False)
    for i, ln in enumerate(all_lines):
        y = flow.next_line()
        if not ln.strip():
            continue
        indent = len(ln) - len(ln.lstrip(" "))
        is_head = len(header) <= i < len(header) + len(headline)
        font = CID_GOTHIC if is_head else CID_MINCHO
        draw(c, LEFT + indent * size * 0.5, y, ln.lstrip(" "), font, size)
    c.showPage()
    c.save()


def _header_and_headline(c: Canvas, flow: Flow, header: list[str], headline: list[str],
                         body_font: str, head_font: str, size: float, char_space: float = 0.0,
                         fake_bold: bool = False) -> None:
    for ln in header:
        y = flow.next_line()
        if ln.strip():
            x, s = header_line_x(ln, body_font, size, char_space)
            draw(c, x, y, s, body_font, size, char_space)
    flow.next_line(flow.leading * 0.6)
    hsize = size + 3
    # one size for the whole headline, small enough for its longest line to fit
    for ln in headline:
        s = ln.strip(" 　")
        natural = pdfmetrics.stringWidth(s, head_font, 1.0) * hsize + char_space * len(s)
        if natural > USABLE_W:
            hsize = (USABLE_W - char_space * len(s)) / pdfmetrics.stringWidth(s, head_font, 1.0)
    for ln in headline:
        s = ln.strip(" 　")
        y = flow.next_line(hsize * 1.6)
        w = pdfmetrics.stringWidth(s, head_font, hsize) + char_space * len(s)
        x = max(LEFT, (PAGE_W - w) / 2)
        offsets = [(0.0, 0.0), (0.3, 0.0), (0.0, 0.3)] if fake_bold else [(0.0, 0.0)]
        for dx, dy in offsets:
            draw(c, x + dx, y + dy, s, head_font, hsize, char_space)
    flow.next_line(flow.leading * 0.6)


def _body(c: Canvas, flow: Flow, body: list[str], font: str, size: float, width: float,
          char_space: float = 0.0, justify: bool = True) -> None:
    # lay the body out as (height, text, justify) items first, so that the columns of the
    # last page can be balanced
    items: list[tuple[float, str, bool]] = []
    prev_blank = False
    for p in paragraphs(body):
        if p == "":
            if not prev_blank:  # a run of blank lines (a photo gap in the printed text) -> one gap
                items.append((flow.leading * 0.7, "", False))
            prev_blank = True
            continue
        prev_blank = False
        lines = wrap(p, font, size, width, char_space)
        for k, ln in enumerate(lines):
            items.append((flow.leading, ln, justify and k < len(lines) - 1))
    for i, (h, ln, just) in enumerate(items):
        if flow.columns > 1 and flow.col == 0 and flow.switch_at is None:
            rest = sum(it[0] for it in items[i:])
            used = flow.col_top - flow.y
            if used + rest <= 2 * (flow.col_top - BOTTOM) - flow.leading:
                flow.switch_at = (used + rest) / 2  # the rest fits on this page: balance it
        y = flow.next_line(h)
        if not ln:
            continue
        if just:
            draw_justified(c, flow.x0(), y, ln, font, size, width, char_space)
        else:
            draw(c, flow.x0(), y, ln, font, size, char_space)


def render_ttf(sample: Sample, text: str, out: Path) -> None:
    """Embedded IPAex, re-flowed justified paragraphs, running header, page numbers."""
    header, headline, body = split_text(text, sample.headline)
    c = new_canvas(out, sample.id)
    size = 10.5
    flow = Flow(c, sample.id, date_line(header), size * 1.75)
    _header_and_headline(c, flow, header, headline, TTF_MINCHO, TTF_GOTHIC, size)
    _body(c, flow, body, TTF_MINCHO, size, USABLE_W)
    c.showPage()
    c.save()


def render_twocol(sample: Sample, text: str, out: Path) -> None:
    """Embedded IPAex, headline full width, body in two columns, running header and footer."""
    header, headline, body = split_text(text, sample.headline)
    c = new_canvas(out, sample.id)
    size = 9.5
    flow = Flow(c, sample.id, date_line(header), size * 1.7, columns=2,
                footer_note="本資料の無断転載・複製を禁じます。")
    # the header block and the headline span both columns
    flow.columns, flow.col_w = 1, USABLE_W
    _header_and_headline(c, flow, header, headline, TTF_MINCHO, TTF_GOTHIC, size + 0.5)
    flow.columns = 2
    flow.col_w = (USABLE_W - flow.gap) / 2
    flow.begin_columns()
    _body(c, flow, body, TTF_MINCHO, size, flow.col_w)
    c.showPage()
    c.save()


def render_spaced(sample: Sample, text: str, out: Path) -> None:
    """CID fonts, letter-spaced text (0.35 em), fake-bold headline, re-flowed body."""
    header, headline, body = split_text(text, sample.headline)
    c = new_canvas(out, sample.id)
    size = 10.0
    cs = 0.35 * size
    flow = Flow(c, sample.id, "", size * 1.8, running=False, header_font=CID_GOTHIC)
    _header_and_headline(c, flow, header, headline, CID_MINCHO, CID_GOTHIC, size, cs, fake_bold=True)
    _body(c, flow, body, CID_MINCHO, size, USABLE_W, cs, justify=False)
    c.showPage()
    c.save()


RENDERERS = {"cid": render_cid, "ttf": render_ttf, "twocol": render_twocol, "spaced": render_spaced}


def main(argv: list[str]) -> int:
    if not (ROOT / "samples").is_dir():
        die(f"samples/ not found under {ROOT}")
    register_fonts()
    samples = read_layouts()
    wanted = set(argv)
    unknown = wanted - {s.id for s in samples}
    if unknown:
        die("not in samples/layouts.tsv: " + ", ".join(sorted(unknown)))
    for s in samples:
        if wanted and s.id not in wanted:
            continue
        src = TEXTS / f"{s.id}.txt"
        if not src.exists():
            die(f"missing text {src}")
        text = src.read_text(encoding="utf-8")
        if s.layout in ("cid", "spaced") and KANGXI.search(text):
            die(f"{s.id}: Kangxi radicals need an embedded font (layout ttf or twocol), not {s.layout}")
        out = SAMPLES / f"{s.id}.pdf"
        RENDERERS[s.layout](s, text, out)
        print(f"{out.relative_to(ROOT)}  [{s.layout}]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
