"""Text stage: page texts → one normalised reading text with an offset map back to the pages.

Recognition runs on :class:`ReadingText.text`, which differs from what was printed:

* lines wrapped by the layout are joined (no space between Japanese characters, one space between
  Latin words, none after a hyphen);
* NFKC where it is safe (full-width ASCII and digits, ㈱ → (株)), radical look-alikes (⽉ → 月) to
  the ideograph they stand for, dashes and wave dashes to one form each; circled numbers and the
  ideographic space are kept, they mark lists and table cells;
* a space between a Japanese character and anything else is dropped (「2019 年 8 月」, 「LINK-J と」),
  letter-spaced runs are closed up (「株 式 会 社」), other runs of spaces become one.

``origin[i]`` is the offset, in the raw text (the page texts joined by ``\\n``), of the character that
produced ``text[i]``, so that every span found can be reported against its page (ja-timex's lesson:
offsets must survive every rewrite).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from .lexicon import load_table

# a line this close (in em) to the widest lines of a plain text is full, so it wraps
PLAIN_FULL_LINE_SLACK_EM = 4.0
# lines starting with this many spaces are centred or right-aligned (dates, titles), never wrapped
ALIGNED_INDENT = 4

_DASHES = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d\ufe63", "-")
_WAVES = dict.fromkeys("~\u301c\uff5e\u223c\u02dc", "〜")
_KEEP = set("\u3000") | {chr(c) for c in range(0x2460, 0x2474)} | {chr(c) for c in range(0x2776, 0x2794)}
_BULLET = re.compile(
    r"^(?:[■□◆◇●◎・※＊*【〔\[▼▽►]|○(?![○、。，,）)」])|[（(]\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[）)]|[①-⑳]"
    r"|[0-9０-９]{1,2}\s*[．.、)）](?![0-9０-９])|[IVXⅠ-Ⅻ]{1,4}\s*[．.]|(?:\d{4}|[令平昭][和成]\d{1,2})年(?:\d{1,2}月)?(?:\d{1,2}日)?[\s\u3000]|[一二三四五六七八九十]{1,3}\s*[、．.])"
)
_LETTER_SPACED = re.compile(r"(?<![^\s\u3000])(?:\S )(?:\S ){2,}\S(?![^\s\u3000])|(?<![\x21-\x7e ])(?:[A-Za-z0-9] ){2,}[A-Za-z0-9](?![\x21-\x7e])")


@cache
def _radicals() -> dict[str, str]:
    return {row[0]: row[1] for row in load_table("radicals")}


def fold_char(ch: str) -> str:
    """The normalised form of one character (may be several characters, e.g. ㈱ → (株))."""
    if ch in _KEEP:
        return ch
    if ch in _DASHES:
        return _DASHES[ch]
    if ch in _WAVES:
        return _WAVES[ch]
    radical = _radicals().get(ch)
    if radical:
        return radical
    if ord(ch) < 0x80:
        return ch
    folded = unicodedata.normalize("NFKC", ch)
    return _DASHES.get(folded, _WAVES.get(folded, folded))


def is_wide(ch: str) -> bool:
    """Japanese and other full-width characters (no spaces are written between them)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def is_katakana(ch: str) -> bool:
    return "\u30a0" <= ch <= "\u30ff"


@dataclass(frozen=True)
class PageSpan:
    page: int
    start: int
    end: int


@dataclass(frozen=True)
class ReadingText:
    """Normalised text for recognition, and the way back to each page's text."""

    text: str
    origin: tuple[int, ...]
    raw: str
    page_numbers: tuple[int, ...]
    page_starts: tuple[int, ...]  # raw offset where each page's text begins

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw offsets [a, b) that the normalised span [start, end) was made from."""
        if end <= start:
            a = self.origin[start] if start < len(self.origin) else len(self.raw)
            return a, a
        return self.origin[start], self.origin[end - 1] + 1

    def page_spans(self, start: int, end: int) -> list[PageSpan]:
        """The span as one piece per page (a sentence over a page break has two)."""
        a, b = self.raw_span(start, end)
        spans: list[PageSpan] = []
        first = bisect_right(self.page_starts, a) - 1
        for i in range(max(first, 0), len(self.page_starts)):
            p_start = self.page_starts[i]
            p_end = self.page_starts[i + 1] - 1 if i + 1 < len(self.page_starts) else len(self.raw)
            lo, hi = max(a, p_start), min(b, p_end)
            if lo < hi:
                spans.append(PageSpan(self.page_numbers[i], lo - p_start, hi - p_start))
            if p_end >= b:
                break
        return spans

    def page_text(self, page: int) -> str:
        i = self.page_numbers.index(page)
        p_start = self.page_starts[i]
        p_end = self.page_starts[i + 1] - 1 if i + 1 < len(self.page_starts) else len(self.raw)
        return self.raw[p_start:p_end]


def reading_text(pages: Sequence[tuple[int, str, Iterable[int], bool]], *, wrapped: bool = True) -> ReadingText:
    """Join pages (number, text, offsets of wrapped line breaks, continues on next page) and normalise.

    Wrap offsets are per page; a page that ``continues`` has its break to the next page joined.
    """
    raw_parts: list[str] = []
    wraps: set[int] = set()
    starts: list[int] = []
    numbers: list[int] = []
    offset = 0
    for i, (number, text, page_wraps, continues) in enumerate(pages):
        starts.append(offset)
        numbers.append(number)
        raw_parts.append(text)
        wraps.update(offset + w for w in page_wraps)
        offset += len(text)
        if i + 1 < len(pages):
            if continues:
                wraps.add(offset)
            raw_parts.append("\n")
            offset += 1
    raw = "".join(raw_parts)
    if wrapped:  # lines broken by a page's width: a break inside a word is a wrap too
        wraps |= _wraps_by_words(raw, wraps)
    text, origin = normalise(raw, wraps)
    return ReadingText(text, tuple(origin), raw, tuple(numbers), tuple(starts))


def _wraps_by_words(raw: str, wraps: set[int]) -> set[int]:
    """Line breaks the layout left that the words show to be wraps, whatever the geometry said:
    the next line goes on with a particle or okurigana (「…「KB-214」\nについて」), or the break
    falls inside a word (「沿岸域\n環境研究機構」)."""
    found: set[int] = set()
    paragraph_start = 0  # after the last break that is not a wrap
    pos = raw.find("\n")
    while pos >= 0:
        if pos not in wraps and 0 < pos < len(raw) - 1:
            line_start = raw.rfind("\n", 0, pos) + 1
            line = raw[line_start:pos]
            nxt_end = raw.find("\n", pos + 1)
            nxt = raw[pos + 1 : nxt_end if nxt_end >= 0 else len(raw)]
            paragraph = raw[max(paragraph_start, pos - 400) : pos].replace("\n", "")
            continued = line_start - 1 in wraps or line_start - 1 in found
            if not _table_rows(line, nxt) and _continues_line(line, nxt, paragraph, continued):
                found.add(pos)
        if pos not in wraps and pos not in found:
            paragraph_start = pos + 1
        pos = raw.find("\n", pos + 1)
    return found


def _continues_line(line: str, nxt: str, paragraph: str, continued: bool = False) -> bool:
    """Whether the break after ``line`` is a wrap. ``paragraph``: the text since the last real break,
    ``line`` included; ``continued``: ``line`` itself goes on from a wrapped line, so being short
    does not make it a heading (「…2018年8\n月\nには川崎市」)."""
    body, head = line.rstrip(), nxt.lstrip(" ")
    if body and head and head[0] in ")）」』" and _unclosed(paragraph):
        return True  # 「…といいます。\n）及び…」: a line never opens by closing a bracket the paragraph opened
    if not body or not head or body.endswith(("。", "！", "？")) or _TRAIL.search(body):
        return False
    if _unclosed(body) and len(body.strip()) >= 12:
        return True  # 「…(本社:高知市、代表取締役:○○\n　○○、以下…)」: no paragraph starts inside a parenthesis
    if head[0] == "\u3000":
        return False
    if _unclosed(paragraph) and len(paragraph) >= 12:
        return True  # a parenthesis opened earlier in the paragraph still runs on (「BIOCOM(\n米\n国…)」)
    if (len(body.strip()) < 12 and not continued) or _starts_item(body, head) or _LABEL_START.match(head):
        return False  # short lines are headings, titles and header lines
    if "\u3041" <= head[0] <= "\u3093" and head[0] not in "こそあどまなさ":
        return True  # a line never starts with a particle (demonstratives and conjunctions can)
    if is_katakana(body[-1]) and is_katakana(head[0]) and body[-1] != "ー" or body[-1] == "ー" and is_katakana(head[0]):
        return True  # 「ライフ\nサイエンス」: a katakana word cut by the line
    return _breaks_a_word(line, nxt)


def _unclosed(line: str) -> bool:
    depth = 0
    for ch in line:
        if ch in "(（「『":
            depth += 1
        elif ch in ")）」』" and depth:
            depth -= 1
    return depth > 0


def plain_reading_text(text: str) -> ReadingText:
    """A plain text (pages split at form feeds) with its wrapped lines guessed from line widths."""
    pages = text.split("\f")
    return reading_text([(i + 1, page, guess_wraps(page), ends_full(page)) for i, page in enumerate(pages)])


def normalise(raw: str, wraps: set[int] | frozenset[int] = frozenset()) -> tuple[str, list[int]]:
    """Normalised text and, for each of its characters, the raw offset it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(raw):
        if ch == "\n" and i in wraps:
            if chars and _needs_space_at_join(chars[-1], raw[i + 1 : i + 2]) and not _word_cut(raw, i):
                chars.append(" ")
                origin.append(i)
            continue
        if ch in "\r\f\v":
            ch = "\n"
        elif ch == "\t" or (ch.isspace() and ch not in "\n\u3000"):
            ch = " "
        for out in fold_char(ch):
            chars.append(out)
            origin.append(i)
    return _tidy_spaces(chars, origin)


_LATIN_FRAGMENT_BEFORE = re.compile(r"(?:^|[^A-Za-z])([A-Za-z]+)$")
_LATIN_WORD_AFTER = re.compile(r"[a-z]+")
_LATIN_SMALL_WORDS = frozenset({"of", "for", "and", "the", "de", "del", "la", "des", "du", "di", "y", "und", "für", "et", "in", "on", "at", "to", "a"})


def _word_cut(raw: str, i: int) -> bool:
    """「Siam Kanok E\nngineering」: a line of Japanese typesetting cut a Latin word; the next line
    goes on in lower case, and neither piece is a small word that stands alone."""
    before = _LATIN_FRAGMENT_BEFORE.search(raw, max(0, i - 40), i)
    after = _LATIN_WORD_AFTER.match(raw, i + 1)
    if before is None or after is None:
        return False
    return before.group(1).lower() not in _LATIN_SMALL_WORDS and after.group().lower() not in _LATIN_SMALL_WORDS


def _needs_space_at_join(before: str, after: str) -> bool:
    """Latin words wrapped at a line end keep a space between them; Japanese and hyphenated do not."""
    return bool(after) and before.isascii() and before not in "-/ " and after.isascii() and after.isalnum()


def _tidy_spaces(chars: list[str], origin: list[int]) -> tuple[str, list[int]]:
    text = "".join(chars)
    keep = [True] * len(chars)
    for m in _LETTER_SPACED.finditer(text):
        if sum(is_wide(c) for c in m.group()) >= 2 or _touches_wide(text, m.start(), m.end()):
            for i in range(m.start(), m.end()):
                if text[i] == " ":
                    keep[i] = False
    for a, b in _spread_words(text):
        first = next((i for i in range(a, b) if not text[i].isspace()), a)
        last = max((i for i in range(a, b) if not text[i].isspace()), default=b)
        for i in range(first, last):
            if text[i] in " \u3000":
                keep[i] = False
    for i, ch in enumerate(chars):
        if not keep[i] or ch not in " \u3000":
            continue
        prev = _neighbour(chars, keep, i, -1)
        nxt = _neighbour(chars, keep, i, 1)
        if prev in ("", "\n") or nxt in ("", "\n"):
            keep[i] = False  # spaces at line ends and starts carry no meaning once lines are read
        elif ch == " " and is_wide(prev) != is_wide(nxt):
            keep[i] = False  # 「2019 年」「LINK-J と」: a space where the script changes is layout
        elif prev in " \u3000":
            keep[i] = False  # runs of spaces become one
        elif ch == "\u3000" and prev.isascii() and nxt.isascii():
            chars[i] = " "  # 「ＳＫＹ　ＷＡＶＥ」: a full-width space between Latin words is a word space
    out_chars = [c for c, k in zip(chars, keep, strict=True) if k]
    out_origin = [o for o, k in zip(origin, keep, strict=True) if k]
    return "".join(out_chars), out_origin


_SPREAD_LINE = re.compile(r"(?m)^[ \u3000]*(?:[^\s][ \u3000]){1,6}[^\s][ \u3000]*$")


def _spread_words(text: str) -> list[tuple[int, int]]:
    """Lines of single Japanese characters set apart (「岐　阜　県」): spans to close up."""
    return [m.span() for m in _SPREAD_LINE.finditer(text) if all(is_wide(c) for c in m.group() if not c.isspace())]


def _touches_wide(text: str, start: int, end: int) -> bool:
    """「D N Aチップ」: a letter-spaced Latin run glued to Japanese is part of the same word."""
    return (start > 0 and is_wide(text[start - 1])) or (end < len(text) and is_wide(text[end]))


def _neighbour(chars: list[str], keep: list[bool], i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(chars):
        if keep[j]:
            return chars[j]
        j += step
    return ""


# ---------------------------------------------------------------------------------------------
# Guessing wrapped lines in plain text


def display_width(line: str) -> float:
    """Width in em: full-width characters count 1 (○ ■ ※ too, as Japanese fonts set them), others
    1/2, letter-spacing spaces not at all."""
    line = _LETTER_SPACED.sub(lambda m: m.group().replace(" ", ""), line)
    return sum(1.0 if unicodedata.east_asian_width(c) in ("W", "F", "A") else 0.5 for c in line)


def guess_wraps(text: str) -> set[int]:
    """Offsets of the ``\\n`` that end lines wrapped by the layout, judged by line widths.

    A line wraps onto the next non-blank line when it is about as wide as the text's widest lines,
    does not end a sentence, is not centred or right-aligned, and the next line does not start a
    paragraph (indent) or a list item. Blank lines between them are allowed: some text layers put
    one after every printed line.
    """
    lines = text.split("\n")
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    wraps: set[int] = set()
    i = 0
    while i < len(lines) - 1:
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and not _table_rows(lines[i], lines[j]) and not (j > i + 1 and _TITLE_END.search(lines[i].rstrip())) and (
            _wraps_onto(lines[i], lines[j], _local_full_width(lines, i))
            or (j == i + 1 and _breaks_a_word(lines[i], lines[j]))
        ):
            wraps.update(starts[k] + len(lines[k]) for k in range(i, j))
        i = j
    return wraps


def _latin_word_end(s: str) -> bool:
    return bool(s) and s[-1].isascii() and (s[-1].isalnum() or s[-1] in ",.&")


def _breaks_a_word(line: str, nxt: str) -> bool:
    """「株式会\n社」「ハヤテ精\n工株式会社」: the break falls inside a word, so it is a wrap, however
    short the line (a dictionary word of the tokenizer spans it)."""
    from .tokens import tokenize  # a leaf utility; only this guess needs words

    left, right = line.rstrip()[-6:], nxt.lstrip(" \u3000")[:6]
    if _indent(nxt) > _indent(line) or (_COLUMN_GAP.search(line.strip()) and _COLUMN_GAP.search(nxt.strip())):
        return False  # an indented line starts a paragraph; rows of a table (columns apart) never wrap
    if not left or not right or not (is_wide(left[-1]) and is_wide(right[0])):
        return False
    if left[-1] in "。、」）)" or _BULLET.match(right) or _LABEL_START.match(right):
        return False
    if _COMPLETE_UNIT.search(left) or (line.strip().startswith(_name_ends()) and len(line.strip()) <= 20 and not right.startswith(_name_ends())):
        return False  # 「…防災危機管理課」「株式会社ポートレール」: an issuer block's line names one whole
    end = next((w for w in _name_ends() if right.startswith(w)), None)
    if end is not None and left[-1] >= "\u30a0" and len(line.strip()) >= 15 and _ends_a_name(nxt.lstrip(" \u3000")[len(end) :]):
        return True  # 「学校法人瀬戸内医療\n大学」: the rest of a name (its head or legal form) on the next line
    joined = left + right
    return any(t.start < len(left) < t.end and len(t.surface) >= 2 and t.pos1 == "名詞" for t in tokenize(joined))


def _ends_a_name(rest: str) -> bool:
    """What follows a head or legal form that ends a name (a bracket, a particle, the line's end),
    not a name it opens (「株式会社カゼノミチ(本社…」 is a new name, not the end of the last line's)."""
    return not rest or rest[0] in "(（「、。はとがのをにでも)）" or rest[0].isspace()


# 「…に関するお知らせ」「…を締結しました」 then a blank line: a headline ends there, whatever its width
_TITLE_END = re.compile(r"(?:お知らせ|について|のご案内|ご報告|しました|いたしました|します|いたします)$")
_COMPLETE_UNIT = re.compile(r"(?:部|課|室|局|係|事務局|センター)$")
_COLUMN_GAP = re.compile(r"\u3000{2,}| {3,}")
_CELL_SEPARATOR = re.compile(r"[|｜\t]")


_SLASH_CELL = re.compile(r"(?<![0-9０-９])[/／]|[/／](?![0-9０-９])")  # not a date's 2019/08/30


def _table_rows(line: str, nxt: str) -> bool:
    """「韓国　｜　慶南海洋大学校　｜　…　｜　2015年3月」「1／平成16年度／…／締結先」: two rows of a
    table, each a line of its own."""
    return _is_row(line) and _is_row(nxt)


def _is_row(line: str) -> bool:
    return bool(_CELL_SEPARATOR.search(line)) or len(_SLASH_CELL.findall(line)) >= 2


def _indent(line: str) -> float:
    return display_width(line) - display_width(line.lstrip(" \u3000"))


@cache
def _name_ends() -> tuple[str, ...]:
    """Words that end organisation names (heads and legal forms of two characters or more)."""
    heads = [row[0] for row in load_table("org_heads")] + [row[0] for row in load_table("legal_forms")]
    return tuple(w for w in heads if len(w) >= 2 and not w.isascii())


def _local_full_width(lines: list[str], i: int) -> float:
    """The width of a full line at line i: as wide as its neighbours (paragraphs differ in width),
    and not much narrower than the text's widest lines."""
    neighbours = [display_width(lines[k].rstrip()) for k in _neighbour_lines(lines, i)]
    return max([*neighbours, 0.8 * _full_width(lines)])


def _neighbour_lines(lines: list[str], i: int) -> list[int]:
    found = []
    for step in (-1, 1):
        k = i + step
        while 0 <= k < len(lines) and not lines[k].strip():
            k += step
        if 0 <= k < len(lines) and len(lines[k]) - len(lines[k].lstrip(" ")) < ALIGNED_INDENT:
            found.append(k)
    return found


def _full_width(lines: list[str]) -> float:
    widths = sorted(display_width(line.rstrip()) for line in lines if len(line.strip()) >= 10)
    if not widths:
        return float("inf")
    return widths[(len(widths) * 4) // 5]


# 「トップ > 市政情報 > 官民連携」: a page's breadcrumb trail is a line of its own
_TRAIL = re.compile(r"\S\s*[>＞›»]\s*\S+\s*[>＞›»]\s*\S")


def _wraps_onto(line: str, nxt: str, full: float) -> bool:
    body = line.rstrip()
    if _TRAIL.search(body):
        return False
    head = nxt.lstrip(" \u3000")
    if body.endswith(("、", "(", "（", "「")) and head and not _starts_item(body, head):
        return True  # a comma or an open bracket never ends a paragraph, whatever the indents
    if not body or len(line) - len(line.lstrip(" ")) >= ALIGNED_INDENT:
        return False
    if _latin_word_end(body) and _latin_word_end(head[:1]) and display_width(body) >= 0.6 * full:
        return True  # 「…(CAPITAL\nALLIANCE AGREEMENT)」: Latin words run on, paragraphs end in 。
    if body.endswith(("。", "！", "？")):
        return False  # a sentence ends with the line (「という。）」 closes only a parenthesis)
    first_word = re.match(r"[\x21-\x7e]*", nxt.lstrip(" "))
    slack = max(PLAIN_FULL_LINE_SLACK_EM, display_width(first_word.group()) + 0.5 if first_word else 0.0)
    if display_width(body) < full - slack:
        return False
    head = nxt.lstrip(" ")
    if nxt.startswith("\u3000") or len(nxt) - len(head) >= 2:
        return False
    return not _starts_item(body, head) and not _LABEL_START.match(head)


def _starts_item(prev: str, head: str) -> bool:
    """A list item or bullet starts the line (「○ 項目」), unless it goes on a masked name that the
    previous line broke (「代表取締役：○\n○　○○」)."""
    return bool(_BULLET.match(head)) and not (head.startswith("○") and prev.endswith("○"))


_LABEL_START = re.compile(r"(?:会\s*社\s*名|代\s*表\s*者|問\s*合|問い合わせ|TEL|電話|所在地|住所|担当)")


def ends_full(page: str) -> bool:
    lines = [line for line in page.split("\n") if line.strip()]
    return bool(lines) and display_width(lines[-1].rstrip()) >= _full_width(lines) - PLAIN_FULL_LINE_SLACK_EM


# ---------------------------------------------------------------------------------------------
# Sentences


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


_OPEN = "(「『[{【〔"
_CLOSE = ")」』]}】〕"
MAX_BRACKET_SPAN = 400  # an unclosed bracket stops protecting full stops after this many characters


def split_sentences(text: str) -> list[Sentence]:
    """Sentences end at 。！？ outside brackets (「以下「X」といいます。」 does not end one), together
    with any closing brackets that follow, and at the line breaks left after joining wrapped lines."""
    sentences: list[Sentence] = []
    start = 0
    depth = 0
    opened_at = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _OPEN:
            if depth == 0:
                opened_at = i
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif depth and i - opened_at > MAX_BRACKET_SPAN:
            depth = 0
        if ch == "\n":
            _add_sentence(sentences, text, start, i)
            start, depth = i + 1, 0
        elif ch in "。！？!?" and depth == 0:
            end = i + 1
            while end < len(text) and text[end] in _CLOSE:
                end += 1
            _add_sentence(sentences, text, start, end)
            start = i = end
            continue
        i += 1
    _add_sentence(sentences, text, start, len(text))
    return sentences


def _add_sentence(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start] in " \u3000\n":
        start += 1
    while end > start and text[end - 1] in " \u3000\n":
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end]))
