"""PDF stage: bytes → :class:`Document`, one :class:`PageText` per page, read as the printed page reads.

pdfplumber gives every glyph with its box; this module rebuilds lines itself because one tolerance
cannot serve both scripts (see the project notes on Japanese PDFs):

1. glyphs drawn twice at (almost) the same place — fake bold — are kept once;
2. glyphs are grouped into rows by their vertical centre;
3. a page whose rows share a vertical gutter (a valley of glyph coverage in the middle of the page)
   is cut into regions, and the two-column ones are read left column first;
4. inside a line, a space is written only where the script calls for one: never between two
   Japanese characters closer than :data:`CJK_GAP_EM`, between Latin letters where the gap exceeds
   :data:`LATIN_GAP_EM`; spaces between a digit and 年/月/日 and letter-spacing runs are dropped;
5. running headers, footers and page numbers are set aside so they do not cut sentences;
6. each line break is classed as a wrap (the line is full and the next one starts at the margin)
   or a real break, for the text stage to join wrapped lines.

Every character of ``PageText.text`` keeps the box of the glyph it came from (``None`` for spaces
and line breaks the layout implied), like pdfplumber's ``TextMap``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from os import PathLike
from typing import Any

from .errors import ExtractionError

# Tolerances, in em (the font size of the glyphs concerned) unless named otherwise.
DUPLICATE_TOLERANCE_EM = 0.15  # fake bold: the same glyph redrawn within this distance
ROW_TOLERANCE_EM = 0.45  # glyphs whose vertical centres differ by less share a row
CJK_GAP_EM = 0.9  # a wider gap next to a Japanese character is a real (table/indent) space
LATIN_GAP_EM = 0.15  # a wider gap between Latin glyphs is a word space
INDENT_EM = 0.8  # a line starting this far right of its block is indented
FULL_LINE_EM = 2.5  # a line ending this close to its block's right edge is full (wraps); ragged Latin needs room
GUTTER_SEARCH = (0.28, 0.72)  # where a column gutter may lie, as fractions of the page width
GUTTER_DEPTH = 0.3  # a gutter is crossed by at most this share of the rows that flank it
COLUMN_EDGE_EM = 2.5  # a column's lines start within this of their margin
COLUMN_GAP_EM = 6.0  # the left column ends at most this far from the gutter's centre
MIN_COLUMN_EM = 12  # a column's lines are at least this long (a table's label column is not)
FURNITURE_BAND = 0.11  # running headers/footers live in this share of the page at top and bottom
CID_PAGE_LIMIT = 0.3  # a page with more unmapped glyphs than this share has no usable text
MAX_FILE_BYTES = 200 * 1024 * 1024

logging.getLogger("pdfminer").setLevel(logging.ERROR)

Box = tuple[float, float, float, float]

_CID = re.compile(r"^\(cid:\d+\)$")
_PAGE_NUMBER = re.compile(
    r"^(?:[-‐–—―ー－]\s*\d{1,4}\s*[-‐–—―ー－]|\d{1,4}\s*[/／]\s*\d{1,4}|(?:page|p\.)\s*\d{1,4}"
    r"|\d{1,4}\s*(?:ページ|頁)|\d{1,4}|[(（]\s*\d{1,4}\s*[)）])$",
    re.IGNORECASE,
)
_BULLET_START = re.compile(
    r"^(?:[■□◆◇●◎・※＊*【〔\[]|○(?![○、。，,）)」])|[（(]\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[）)]|[①-⑳]"
    r"|[0-9０-９]{1,2}\s*[．.、)）](?![0-9０-９])|[IVXⅠ-Ⅻ]{1,4}\s*[．.]|(?:\d{4}|[令平昭][和成]\d{1,2})年(?:\d{1,2}月)?(?:\d{1,2}日)?[\s\u3000]|[一二三四五六七八九十]{1,3}\s*[、．.]|[-‐－]\s)"
)


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def box(self) -> Box:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class Line:
    """One printed line: its glyphs in reading order and its place on the page."""

    glyphs: list[Glyph]
    block: int = 0  # lines of one block (a column of a region) share margins

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return self.glyphs[-1].x1

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def size(self) -> float:
        sizes = sorted(g.size for g in self.glyphs)
        return sizes[len(sizes) // 2]


@dataclass(frozen=True)
class PageText:
    """The text of one page and, for every character, the box it came from.

    ``wraps`` holds the offsets of the ``\\n`` characters that end a line wrapped by the layout
    (the text stage joins them); ``continues`` says the page's last line wraps onto the next page,
    ``wraps_in`` that its first line may go on from the previous page (it starts at the margin).
    """

    number: int
    text: str
    boxes: tuple[Box | None, ...]
    wraps: frozenset[int]
    width: float = 0.0
    height: float = 0.0
    continues: bool = False
    wraps_in: bool = False
    furniture: tuple[str, ...] = ()
    unusable: bool = False  # the glyphs have no Unicode mapping ((cid:N))
    image_only: bool = False  # no text but images: a scan


@dataclass
class Document:
    pages: list[PageText]
    page_count: int
    sha256: str
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Opening


def read_pdf(source: str | PathLike[str] | bytes, *, max_pages: int = 200) -> Document:
    """Read a PDF into page texts. Raises :class:`ExtractionError` with the reason it cannot."""
    data = _read_bytes(source)
    _check_is_pdf(data)
    sha256 = hashlib.sha256(data).hexdigest()
    warnings: list[str] = []
    pdf = _open(data)
    try:
        if _xref_was_recovered(pdf):
            warnings.append("damaged cross-reference table: the text was recovered by scanning the file")
        pages = _page_list(pdf)
        if len(pages) > max_pages:
            warnings.append(f"only the first {max_pages} of {len(pages)} pages were read (--max-pages)")
        page_texts = list(_read_pages(pages[:max_pages], warnings))
    finally:
        _close(pdf)
    _check_has_text(page_texts, warnings)
    return Document(pages=page_texts, page_count=len(pages), sha256=sha256, warnings=warnings)


def _read_bytes(source: str | PathLike[str] | bytes) -> bytes:
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        try:
            with open(source, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except IsADirectoryError as exc:
            raise ExtractionError("unknown_format", f"{source} is a directory, not a PDF") from exc
        except OSError as exc:
            raise ExtractionError("damaged", f"cannot read the file: {exc.strerror or exc}") from exc
    if len(data) > MAX_FILE_BYTES:
        raise ExtractionError("too_large", f"the file is over {MAX_FILE_BYTES // 2**20} MiB")
    return data


def _check_is_pdf(data: bytes) -> None:
    if not data:
        raise ExtractionError("empty_file")
    if b"%PDF-" not in data[:1024]:
        head = data[:16].lstrip().lower()
        what = (
            "HTML" if head.startswith((b"<!doctype", b"<html", b"<?xml")) else
            "a PNG image" if head.startswith(b"\x89png") else
            "a JPEG image" if head.startswith(b"\xff\xd8") else
            "a ZIP or Office file" if head.startswith(b"pk") else "not a PDF"
        )
        raise ExtractionError("unknown_format", f"the file is {what} (no %PDF- header): check its real type")


def _open(data: bytes) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfplumber wraps pdfminer's errors in PdfminerException
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if _is_memory_error(exc):
            raise ExtractionError("too_large", "the document does not fit the memory limit") from exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ExtractionError("encrypted") from exc
        if isinstance(cause, RecursionError):
            raise ExtractionError("damaged", "the PDF's object tree is nested too deeply") from exc
        raise ExtractionError("damaged", f"pdfminer cannot parse it ({type(cause).__name__}: {cause})") from exc


def _xref_was_recovered(pdf: Any) -> bool:
    from pdfminer.pdfdocument import PDFXRefFallback

    return any(isinstance(xref, PDFXRefFallback) for xref in getattr(pdf.doc, "xrefs", []))


def _page_list(pdf: Any) -> list[Any]:
    try:
        pages = list(pdf.pages)
    except RecursionError as exc:
        raise ExtractionError("damaged", "the page tree is nested too deeply") from exc
    except Exception as exc:
        raise ExtractionError("damaged", f"cannot list the pages ({type(exc).__name__}: {exc})") from exc
    if not pages:
        raise ExtractionError("damaged", "the PDF has no pages (broken page tree)")
    return pages


def _is_memory_error(exc: BaseException) -> bool:
    """pdfplumber wraps pdfminer's errors (a MemoryError included) in its own exception."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, MemoryError):
            return True
        inner = current.args[0] if current.args and isinstance(current.args[0], BaseException) else None
        current = inner or current.__cause__ or current.__context__
    return False


def _close(pdf: Any) -> None:
    try:
        pdf.close()
    except Exception:  # closing a half-broken file must not hide the real outcome
        pass


# ---------------------------------------------------------------------------------------------
# Pages


@dataclass
class _PageRows:
    number: int
    rows: list[list[Glyph]]
    width: float
    height: float
    images: int
    furniture: list[str]
    unusable: bool = False


def _read_pages(pages: Sequence[Any], warnings: list[str]) -> Iterable[PageText]:
    page_rows = [_page_rows(page, warnings) for page in pages]
    remove_running_rows(page_rows)
    texts = [_page_text(p) for p in page_rows]
    for i in range(len(texts) - 1):
        if texts[i].text and texts[i + 1].text and texts[i].continues and texts[i + 1].wraps_in:
            continue
        texts[i] = _replace_continues(texts[i], False)
    if texts:
        texts[-1] = _replace_continues(texts[-1], False)
    return texts


def _page_rows(page: Any, warnings: list[str]) -> _PageRows:
    number = int(page.page_number)
    try:
        raw = page.chars
        images = len(page.images)
        width, height = float(page.width), float(page.height)
    except RecursionError:
        warnings.append(f"page {number}: nested too deeply, skipped")
        raw, images, width, height = [], 0, 0.0, 0.0
    except Exception as exc:
        if _is_memory_error(exc):
            raise ExtractionError("too_large", f"page {number} does not fit the memory limit") from exc
        warnings.append(f"page {number}: unreadable ({type(exc).__name__}), skipped")
        raw, images, width, height = [], 0, 0.0, 0.0
    finally:
        page.close()  # pdfplumber keeps ~2 MB per page cached otherwise
    return page_rows_from_chars(number, raw, width, height, warnings, images=images)


def page_rows_from_chars(
    number: int,
    raw_chars: Sequence[dict[str, Any]],
    width: float,
    height: float,
    warnings: list[str],
    *,
    images: int = 0,
) -> _PageRows:
    glyphs, spaces, unmapped, vertical = _glyphs(raw_chars)
    total = len(glyphs) + unmapped
    if total and unmapped / total > CID_PAGE_LIMIT:
        return _PageRows(number, [], width, height, images, [], unusable=True)
    if unmapped:
        warnings.append(f"page {number}: {unmapped} glyphs without Unicode mapping ((cid:N)) dropped")
    if vertical > max(20, len(glyphs) // 2):
        warnings.append(f"page {number}: vertical (tategaki) text is not supported; its order may be wrong")
    rows = group_rows(drop_overprinted(glyphs))
    rows, furniture = split_off_page_numbers(rows, height)
    _place_spaces(rows, spaces)
    return _PageRows(number, rows, width, height, images, furniture)


def build_page_text(
    number: int, raw_chars: Sequence[dict[str, Any]], width: float, height: float
) -> PageText:
    """The text of one page from pdfplumber's char dicts (for a single page, e.g. in tests)."""
    return _page_text(page_rows_from_chars(number, raw_chars, width, height, []))


def _page_text(p: _PageRows) -> PageText:
    if p.unusable:
        return PageText(p.number, "", (), frozenset(), p.width, p.height, unusable=True)
    lines = read_in_column_order(p.rows, p.width)
    return _render(p.number, lines, p.width, p.height, p.furniture, has_images=p.images > 0)


def _replace_continues(page: PageText, value: bool) -> PageText:
    return dataclasses.replace(page, continues=value)


def _glyphs(raw_chars: Sequence[dict[str, Any]]) -> tuple[list[Glyph], list[Glyph], int, int]:
    """Visible glyphs, space glyphs (placed separately: producers draw them off the line), and the
    counts of unmapped and vertical glyphs."""
    glyphs: list[Glyph] = []
    spaces: list[Glyph] = []
    unmapped = vertical = 0
    for c in raw_chars:
        text = str(c.get("text") or "")
        if not text:
            continue
        if text.isspace():
            if text in (" ", "\u3000", "\u00a0"):
                size = float(c.get("size") or 0) or 1.0
                spaces.append(Glyph(" " if text == "\u00a0" else text, float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"]), size))
            continue
        if _CID.match(text) or all(_is_private_use(ch) for ch in text):
            unmapped += 1
            continue
        if not c.get("upright", True):
            vertical += 1
        size = float(c.get("size") or 0) or max(float(c["bottom"]) - float(c["top"]), 1.0)
        glyphs.append(Glyph(text, float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"]), size))
    return glyphs, spaces, unmapped, vertical


def _is_private_use(ch: str) -> bool:
    return unicodedata.category(ch) in ("Co", "Cc", "Cs")


def drop_overprinted(glyphs: list[Glyph]) -> list[Glyph]:
    """Keep one of each glyph drawn several times at almost the same place (fake bold).

    Glyphs are bucketed by text and a coarse grid cell, so the check is linear, not the
    quadratic scan of ``dedupe_chars``; stream order is kept.
    """
    seen: dict[tuple[str, int, int], list[Glyph]] = {}
    kept: list[Glyph] = []
    for g in glyphs:
        tol = DUPLICATE_TOLERANCE_EM * g.size
        cell = max(tol, 0.5)
        cx, cy = int(g.x0 // cell), int(g.top // cell)
        duplicate = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for other in seen.get((g.text, cx + dx, cy + dy), ()):
                    if abs(other.x0 - g.x0) <= tol and abs(other.top - g.top) <= tol:
                        duplicate = True
        if not duplicate:
            seen.setdefault((g.text, cx, cy), []).append(g)
            kept.append(g)
    return kept


def group_rows(glyphs: list[Glyph]) -> list[list[Glyph]]:  # visible glyphs only
    """Glyphs sharing a vertical centre (within :data:`ROW_TOLERANCE_EM`) form a row, left to right."""
    rows: list[list[Glyph]] = []
    anchor = 0.0
    for g in sorted(glyphs, key=lambda g: g.mid_y):
        if rows and abs(g.mid_y - anchor) <= ROW_TOLERANCE_EM * g.size:
            rows[-1].append(g)
        else:
            rows.append([g])
            anchor = g.mid_y
    for row in rows:
        row.sort(key=lambda g: g.x0)
    return rows


def _place_spaces(rows: list[list[Glyph]], spaces: list[Glyph]) -> None:
    """Put each space glyph in the gap it fills, in the nearest row whose gap holds it.

    Producers draw spaces with other fonts and baselines (a space a full line below its text is
    common), so their row is chosen by the gap they fit, not by their own position alone.
    """
    if not spaces or not rows:
        return
    mids = [sum(g.mid_y for g in r) / len(r) for r in rows]
    for sp in spaces:
        best: tuple[float, int, int] | None = None
        for i, row in enumerate(rows):
            distance = abs(mids[i] - sp.mid_y)
            if distance > 1.2 * max(sp.size, row[0].size):
                continue
            slot = _gap_slot(row, sp)
            if slot is not None and (best is None or distance < best[0]):
                best = (distance, i, slot)
        if best is not None:
            _, i, slot = best
            if not rows[i][slot].text.isspace() and not rows[i][slot - 1].text.isspace():
                rows[i].insert(slot, sp)


def _gap_slot(row: list[Glyph], sp: Glyph) -> int | None:
    """The index in a row before which the space falls inside a gap, if it does."""
    centre = (sp.x0 + sp.x1) / 2
    for j in range(1, len(row)):
        a, b = row[j - 1], row[j]
        if a.x1 - 0.5 <= centre <= b.x0 + 0.5 and a.x1 - 0.5 <= sp.x0 + 0.01 and not a.text.isspace():
            return j
    return None


# ---------------------------------------------------------------------------------------------
# Running headers, footers and page numbers


def _row_text(row: Sequence[Glyph]) -> str:
    return "".join(g.text for g in row)


def _in_band(row: Sequence[Glyph], height: float) -> bool:
    return height > 0 and (
        max(g.bottom for g in row) < height * FURNITURE_BAND or min(g.top for g in row) > height * (1 - FURNITURE_BAND)
    )


def split_off_page_numbers(rows: list[list[Glyph]], height: float) -> tuple[list[list[Glyph]], list[str]]:
    """Take page numbers (「- 1 -」, 「1 / 2」, 「Page 3」) out of the top and bottom bands."""
    kept: list[list[Glyph]] = []
    furniture: list[str] = []
    for row in rows:
        text = _row_text(row)
        if _in_band(row, height) and _PAGE_NUMBER.match(unicodedata.normalize("NFKC", text).strip()):
            furniture.append(text)
        else:
            kept.append(row)
    return kept, furniture


def remove_running_rows(pages: list[_PageRows]) -> None:
    """Drop rows in the top/bottom bands that repeat (digits aside) on most pages: running heads."""
    if len(pages) < 2:
        return
    shapes: Counter[str] = Counter()
    for page in pages:
        shapes.update({_shape(_row_text(r)) for r in page.rows if _in_band(r, page.height)})
    need = max(2, (len(pages) + 1) // 2)
    for page in pages:
        kept: list[list[Glyph]] = []
        dropped: list[list[Glyph]] = []
        for row in page.rows:
            if _in_band(row, page.height) and shapes[_shape(_row_text(row))] >= need and not _is_sentence(row):
                dropped.append(row)
            else:
                kept.append(row)
        if not kept:
            continue  # a page of nothing but "running" lines is content that happens to repeat
        page.rows = kept
        page.furniture.extend(_row_text(r) for r in dropped)


def _is_sentence(row: Sequence[Glyph]) -> bool:
    """Prose (ending in 。) is never a running head, however often its shape repeats."""
    return _row_text(row).rstrip().endswith("。")


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", unicodedata.normalize("NFKC", line)))


# ---------------------------------------------------------------------------------------------
# Columns


def read_in_column_order(rows: list[list[Glyph]], width: float) -> list[Line]:
    """Lines in reading order: two-column regions are read left column first, then right."""
    gutter = find_gutter(rows, width)
    if gutter is None:
        return [Line(row, block=0) for row in rows]
    lines: list[Line] = []
    block = 0
    region: list[tuple[list[Glyph], float]] = []

    def flush() -> None:
        nonlocal block
        if not region:
            return
        left = [_trim([g for g in r if g.x1 <= cut]) for r, cut in region]
        right = [_trim([g for g in r if g.x0 >= cut]) for r, cut in region]
        if _is_two_column(left, right, gutter):
            lines.extend(Line(r, block + 1) for r in left if r)
            lines.extend(Line(r, block + 2) for r in right if r)
            block += 2
        else:
            lines.extend(Line(r, block) for r, _ in region)
        region.clear()

    cuts = [_column_cut(row, gutter) for row in rows]
    right_start = _usual_right_column_start(rows, cuts)
    for row, cut in zip(rows, cuts, strict=True):
        if cut is None and right_start is not None:
            cut = _bracket_cut(row, gutter, right_start)
        if cut is None:
            flush()
            lines.append(Line(row, block))
        else:
            region.append((row, cut))
    flush()
    return lines


def _runs_on_unbroken(visible: list[Glyph], gutter: float, size: float) -> bool:
    """From the glyph that crosses the gutter to the row's end the text runs on with no gap: one
    line overflowing its column, not two columns."""
    first = next(i for i, g in enumerate(visible) if g.x1 > gutter)
    if first == 0:
        return False
    run = visible[first - 1 :]
    return all(b.x0 - a.x1 < 0.3 * size for a, b in zip(run, run[1:], strict=False))


def _usual_right_column_start(rows: list[list[Glyph]], cuts: list[float | None]) -> float | None:
    """Where the right-hand column's lines usually begin (the commonest start right of a cut)."""
    starts: Counter[int] = Counter()
    for row, cut in zip(rows, cuts, strict=True):
        if cut is None:
            continue
        right = [g for g in row if g.x0 >= cut and not g.text.isspace()]
        if right:
            starts[int(right[0].x0)] += 1
    if not starts:
        return None
    x, count = starts.most_common(1)[0]
    return float(x) if count >= 3 else None


def _bracket_cut(row: list[Glyph], gutter: float, right_start: float) -> float | None:
    """A column line that runs up to its neighbour: full-width brackets carry their white space
    inside their boxes, so 「（以下「本覚書」）（１）名称」 touch. Cut there only where the right-hand
    part starts where the right column's lines start."""
    visible = [g for g in row if not g.text.isspace()]
    for a, b in zip(visible, visible[1:], strict=False):
        if abs(b.x0 - right_start) <= 0.5 * b.size and (a.text[-1] in _CLOSING or b.text[0] in _OPENING):
            if b.x0 - a.x1 >= -0.5 * b.size and abs(b.x0 - gutter) <= 3 * b.size:
                return (a.x1 + b.x0) / 2
    return None


_CLOSING = frozenset("）」』】〕、。，．")
_OPENING = frozenset("（「『【〔")


def _column_cut(row: list[Glyph], gutter: float) -> float | None:
    """Where a row splits into its two columns: the widest gap near the gutter (a closing bracket
    may hang over the gutter's centre), or None when the row runs across it (a full-width line)."""
    visible = [g for g in row if not g.text.isspace()]
    if not visible or visible[-1].x1 <= gutter or visible[0].x0 >= gutter:
        return gutter
    size = sorted(g.size for g in visible)[len(visible) // 2]
    last = visible[-1]
    if last.x1 <= gutter + 4 * size and _runs_on_unbroken(visible, gutter, size):
        # a left-column line whose end hangs over the gutter (a bracket, an unbreakable Latin word)
        return last.x1 + 0.01
    best: tuple[float, float] | None = None
    for a, b in zip(visible, visible[1:], strict=False):
        if a.x1 <= gutter <= b.x0:
            return gutter if b.x0 - a.x1 >= 0.5 * size else None
        mid = (a.x1 + b.x0) / 2
        distance = abs(mid - gutter)
        if distance <= 2 * size and b.x0 - a.x1 >= 0.5 * size and (best is None or distance < best[0]):
            best = (distance, mid)
    return best[1] if best else None


def _trim(row: list[Glyph]) -> list[Glyph]:
    """A row without space glyphs at its ends (they must not move its edges)."""
    a, b = 0, len(row)
    while a < b and row[a].text.isspace():
        a += 1
    while b > a and row[b - 1].text.isspace():
        b -= 1
    return row[a:b]


def find_gutter(rows: list[list[Glyph]], width: float) -> float | None:
    """The x of a vertical valley in the middle of the page that few rows cross, if there is one.

    Coverage is counted in rows, not glyphs, so that the few full-width rows of a two-column page
    (headline, tables) leave the valley shallow while the columns' rows make its sides high.
    """
    if width <= 0 or len(rows) < 6:
        return None
    bins = int(width) + 1
    coverage = [0] * bins
    for row in rows:
        covered = bytearray(bins)
        for g in row:
            if g.text.isspace():
                continue
            covered[max(int(g.x0), 0) : min(int(g.x1) + 1, bins)] = b"\x01" * (
                min(int(g.x1) + 1, bins) - max(int(g.x0), 0)
            )
        for x in range(bins):
            coverage[x] += covered[x]
    lo, hi = int(width * GUTTER_SEARCH[0]), int(width * GUTTER_SEARCH[1])
    if hi <= lo:
        return None
    best = min(range(lo, hi), key=lambda x: (coverage[x], abs(x - width / 2)))
    # the valley: every bin as empty as its deepest point, however wide the gutter is
    left = best
    while left > 0 and coverage[left - 1] <= coverage[best]:
        left -= 1
    right = best
    while right < bins - 1 and coverage[right + 1] <= coverage[best]:
        right += 1
    span = max(int(width * 0.1), 10)
    left_side = sorted(coverage[max(left - span, 0) : left])
    right_side = sorted(coverage[right + 1 : right + 1 + span])
    if not left_side or not right_side or left <= 0 or right >= bins - 1:
        return None
    # both sides must hold text; the deeper side sets the depth (a short right column is fine)
    left_level, right_level = left_side[len(left_side) // 2], right_side[len(right_side) // 2]
    if min(left_level, right_level) < 3 or coverage[best] > GUTTER_DEPTH * max(left_level, right_level):
        return None
    return (left + right) / 2  # the centre of the valley, so that a gap of any width is cut in its middle


def _is_two_column(left: list[list[Glyph]], right: list[list[Glyph]], gutter: float) -> bool:
    """Text set in columns, not a table or a header: both sides have several lines, and most
    left-hand lines are full (they end at one right margin, as a column's lines do)."""
    left_rows = [r for r in left if r]
    right_rows = [r for r in right if r]
    if len(left_rows) < 3 or len(right_rows) < 2:
        return False
    ends = sorted(r[-1].x1 for r in left_rows)
    margin = ends[(len(ends) * 4) // 5]  # not the max: hanging punctuation pokes past the margin
    full = sum(1 for r in left_rows if r[-1].x1 >= margin - FULL_LINE_EM * r[-1].size)
    size = left_rows[0][-1].size
    near_gutter = gutter - margin <= COLUMN_GAP_EM * size  # the columns face each other across the gutter
    starts = sorted(r[0].x0 for r in right_rows)
    right_margin = starts[len(starts) // 5]
    right_starts = sum(1 for r in right_rows if abs(r[0].x0 - right_margin) <= COLUMN_EDGE_EM * r[0].size)
    widths = sorted((r[-1].x1 - r[0].x0) / r[0].size for r in left_rows)
    long_lines = widths[len(widths) // 2] >= MIN_COLUMN_EM  # a table's label column is narrow
    return near_gutter and long_lines and full * 3 >= len(left_rows) and full >= 3 and right_starts >= 2


# ---------------------------------------------------------------------------------------------
# Lines to text


def _render(
    number: int, lines: list[Line], width: float, height: float, furniture: list[str], *, has_images: bool
) -> PageText:
    chars: list[str] = []
    boxes: list[Box | None] = []
    wraps: set[int] = set()
    margins = _block_margins(lines)
    for i, line in enumerate(lines):
        left = margins[line.block][0]
        if line.x0 - left >= INDENT_EM * line.size:
            chars.append("\u3000")  # the printed indent: it marks a paragraph's start
            boxes.append(None)
        for text, box in line_text(line.glyphs):
            chars.append(text)
            boxes.append(box)
        if i + 1 < len(lines):
            if _wraps_onto(line, lines[i + 1], margins):
                wraps.add(len(chars))
            chars.append("\n")
            boxes.append(None)
    return PageText(
        number,
        "".join(chars),
        tuple(boxes),
        frozenset(wraps),
        width,
        height,
        continues=bool(lines) and _is_full(lines[-1], margins),
        wraps_in=bool(lines) and _starts_at_margin(lines[0], margins) and not _starts_with_bullet(lines[0]),
        furniture=tuple(furniture),
        image_only=not lines and has_images,
    )


def _block_margins(lines: list[Line]) -> dict[int, tuple[float, float, float, float]]:
    """Per block: left margin, right margin, and the usual space between its lines."""
    by_block: dict[int, list[Line]] = {}
    for line in lines:
        by_block.setdefault(line.block, []).append(line)
    margins: dict[int, tuple[float, float, float, float]] = {}
    for block, members in by_block.items():
        lefts = sorted(m.x0 for m in members)
        rights = sorted(m.x1 for m in members)
        gaps = sorted(b.top - a.bottom for a, b in zip(members, members[1:], strict=False) if b.top > a.bottom)
        # the margin is where most lines start and the farthest most lines reach: a few outliers
        # (a centred title, a right-aligned date) must not move it; likewise the usual line spacing
        gap = gaps[len(gaps) // 3] if gaps else 0.0
        counts = sorted(_line_ems(m) for m in members if len(m.glyphs) >= 10)
        typical = counts[(len(counts) * 4) // 5] if counts else 0.0
        right = _usual_right_edge(members) or rights[(len(rights) * 9) // 10]
        margins[block] = (lefts[len(lefts) // 5], right, gap, typical)
    return margins


def _line_ems(line: Line) -> float:
    """A line's length counted in characters (full-width 1, others 1/2), as text producers wrap."""
    return sum(1.0 if g.text == "\u3000" or _glyph_is_wide(g, g.text[0]) else 0.5 for g in line.glyphs)


def _usual_right_edge(lines: list[Line]) -> float | None:
    """Where most full lines end: the commonest right edge (to the em) of the longer lines, so that a
    wide headline above a narrow column does not set the column's margin."""
    counts: Counter[int] = Counter()
    edges: dict[int, float] = {}
    for line in lines:
        if len(line.glyphs) < 10:
            continue
        key = int(line.x1 // max(line.size, 1.0))
        counts[key] += 1
        edges[key] = max(edges.get(key, 0.0), line.x1)
    if not counts:
        return None
    best = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
    # a line ending one em further (hanging punctuation) belongs to the same margin
    return max(edges[best], edges.get(best + 1, 0.0)) if counts.get(best + 1, 0) * 3 >= counts[best] else edges[best]


def margins_gap(margins: dict[int, tuple[float, float, float, float]], block: int) -> float:
    return margins[block][2]


def _wraps_onto(line: Line, nxt: Line, margins: dict[int, tuple[float, float, float, float]]) -> bool:
    """A line wraps when it spans its block (margin to margin) and the next line goes on at the left
    margin, in the same block or at the top of the right-hand column of the same region."""
    if line.glyphs[-1].text in ("、", "(", "（", "「") and line.block == nxt.block and not _starts_with_bullet(nxt):
        return nxt.top - line.bottom <= margins_gap(margins, line.block) + 0.8 * line.size  # a comma never ends a paragraph
    if line.block != nxt.block:
        # odd blocks are left-hand columns, each followed by its right-hand partner
        if not (line.block % 2 == 1 and nxt.block == line.block + 1):
            return False
    elif nxt.top - line.bottom > margins_gap(margins, line.block) + 0.8 * line.size:
        return False  # more space than the block's usual line spacing: a new paragraph
    left = margins[line.block][0]
    spans_block = line.x0 - left < 1.5 * line.size  # a paragraph's first line may be indented
    # full by position, or by count: producers that wrap at a character count leave mixed-script
    # lines ragged by several ems
    full = _is_full(line, margins, slack=_first_word_width(nxt)) or _line_ems(line) >= margins[line.block][3] - 1.5
    return spans_block and full and _starts_at_margin(nxt, margins) and not _starts_with_bullet(nxt, line)


def _first_word_width(line: Line) -> float:
    """Room a line must lack for the next line's first Latin word to have been pushed down."""
    glyphs = [g for g in line.glyphs if not g.text.isspace()]
    if not glyphs or is_wide(glyphs[0].text[0]):
        return 0.0
    track = line_tracking(glyphs)
    end = glyphs[0].x1
    for a, b in zip(glyphs, glyphs[1:], strict=False):
        if is_wide(b.text[0]) or b.x0 - a.x1 - track > LATIN_GAP_EM * b.size:
            break
        end = b.x1
    return end - glyphs[0].x0 + 0.5 * glyphs[0].size


def _is_full(line: Line, margins: dict[int, tuple[float, float, float, float]], slack: float = 0.0) -> bool:
    right = margins[line.block][1]
    return line.x1 >= right - max(FULL_LINE_EM * line.size, slack)


def _starts_at_margin(line: Line, margins: dict[int, tuple[float, float, float, float]]) -> bool:
    left = margins[line.block][0]
    return line.x0 - left < INDENT_EM * line.size


def _starts_with_bullet(line: Line, prev: Line | None = None) -> bool:
    head = "".join(ch for ch, _ in line_text(line.glyphs[:14]))
    if prev is not None and head.startswith("○") and prev.glyphs[-1].text == "○":
        return False  # 「代表取締役：○\n○　○○」: a masked name broken by the line, not a bullet
    return bool(_BULLET_START.match(head))


def line_text(glyphs: Sequence[Glyph]) -> list[tuple[str, Box | None]]:
    """The characters of one line with the spaces its gaps call for (boxes None for added spaces)."""
    out: list[tuple[str, Box | None]] = []
    prev: Glyph | None = None
    literal: Glyph | None = None
    visible = [g for g in glyphs if not g.text.isspace()]
    track = line_tracking(visible)
    for g in glyphs:
        if g.text.isspace():
            literal = g
            continue
        if prev is not None:
            space = _literal_space(prev, g, literal) if literal is not None else _space_between(prev, g, track)
            if space:
                out.append((space, literal.box if literal is not None else None))
        for ch in g.text:
            out.append((ch, g.box))
        prev, literal = g, None
    return _drop_letter_spacing(out)


_DATE_UNIT = frozenset("年月日")


def _literal_space(a: Glyph, b: Glyph, space: Glyph) -> str:
    """A space the PDF draws is kept, but not inside a date (「2019 年 8 月」 reads 2019年8月)."""
    if (a.text[-1].isdigit() and b.text[0] in _DATE_UNIT) or (a.text[-1] in "年月" and b.text[0].isdigit()):
        return ""
    return space.text


def line_tracking(glyphs: Sequence[Glyph]) -> float:
    """The letter-spacing of a line, in points: the median gap between neighbouring glyphs. Word
    spaces are few, so they do not move it; a tracked heading has it at a third of an em or so."""
    gaps = sorted(max(b.x0 - a.x1, 0.0) for a, b in zip(glyphs, glyphs[1:], strict=False))
    if len(gaps) >= 4:
        return gaps[len(gaps) // 2]
    if len(gaps) >= 2 and gaps[0] > 0 and gaps[-1] <= 1.15 * gaps[0]:
        return gaps[0]  # 「岐　阜　県」: a short heading spread evenly is letter-spaced, not a table
    return 0.0


def _space_between(a: Glyph, b: Glyph, track: float = 0.0) -> str:
    em = max(a.size, b.size)
    gap = b.x0 - a.x1 - track
    a_wide, b_wide = _glyph_is_wide(a, a.text[-1]), _glyph_is_wide(b, b.text[0])
    if a_wide or b_wide:
        if gap < CJK_GAP_EM * em:
            return ""
        return "\u3000"
    if gap > LATIN_GAP_EM * em:
        return " "
    return ""


def _drop_letter_spacing(chars: list[tuple[str, Box | None]]) -> list[tuple[str, Box | None]]:
    """「株 式 会 社」 printed with a space after every character reads 「株式会社」."""
    text = "".join(c for c, _ in chars)
    keep = [True] * len(chars)
    for m in LETTER_SPACED.finditer(text):
        if sum(is_wide(ch) for ch in m.group()) >= 2:
            for i in range(m.start(), m.end()):
                if text[i] == " ":
                    keep[i] = False
    return [c for c, k in zip(chars, keep, strict=True) if k]


# four or more single characters, each followed by exactly one space
LETTER_SPACED = re.compile(r"(?<!\S)(?:\S )(?:\S ){2,}\S(?!\S)")


def _glyph_is_wide(g: Glyph, ch: str) -> bool:
    # ambiguous-width characters (○ ■ ※ ①) are full-width in Japanese fonts: ask the glyph
    if unicodedata.east_asian_width(ch) == "A":
        return g.x1 - g.x0 >= 0.7 * g.size
    return is_wide(ch)


def is_wide(ch: str) -> bool:
    """Japanese (or other full-width) characters, between which no space is written."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


# ---------------------------------------------------------------------------------------------
# Document-level checks


def _check_has_text(pages: list[PageText], warnings: list[str]) -> None:
    if any(p.text.strip() for p in pages):
        return
    if any(p.unusable for p in pages):
        raise ExtractionError("unmapped_font")
    if any(p.image_only for p in pages):
        raise ExtractionError("no_text_layer")
    raise ExtractionError("no_text_layer", "the PDF has no text layer (blank or image-only): run OCR first")
