"""Find dates in Japanese press-release text: what the text writes, at the precision it writes it.

How it works, in three steps:

1. **Scan.** Every pattern of :data:`PATTERNS` (a regex template assembled from the small named parts
   of :func:`_parts`) is run over the text. A match is *read* into a :class:`_Reading`: the year,
   month and day the text gives, plus what they are relative to. A match that is shaped like a date
   but names an impossible one (2019年8月32日, 令和0年, 平成32年, 13月) is kept as *void*: it still
   claims its span, so no shorter date is read out of it, and it yields nothing.
2. **Select.** Overlapping matches are settled leftmost-longest (令和元年6月17日 beats 6月17日).
3. **Resolve, in text order.** Year-less and relative dates take what they lack from the reference
   date (the release date) or from the dates before them (同日 is the last day-precision date,
   同年 the last year). Two dates joined by 〜 / から are marked as a range; a date followed by
   （予定） is marked as scheduled.

The pattern text works on the raw text (no normalisation), so offsets never need mapping back:
full-width digits, PDF spacing (2019 年 8 月 30 日) and a line break between a number and its unit
are part of the patterns. Words (eras, kanji numerals, relative words, markers) come from the
``data/*.tsv`` tables.

Decisions worth knowing:

* ``2023年3月期`` (a fiscal period ending March 2023) is a mention with kind ``fiscal_year``, value
  ``2023-03``, precision month; ``9月期`` without a year is no date. ``2019年度`` / ``平成16年度`` are
  kind ``fiscal_year`` at year precision, the first calendar year.
* ``3月末`` / ``3月末日`` is the month's last day at day precision; 上旬 / 中旬 / 下旬 keep month precision.
* ``同日`` / ``同月`` / ``同年`` / ``翌年`` / ``前年`` / ``翌日`` look back at the dates before them in the
  text, and fall back to the reference; so they resolve without a reference when the text has an
  earlier date. ``本日`` / ``昨年`` / ``来年`` / ``先月`` need the reference.
* Era years are checked at year level only (平成32年 is rejected, 平成31年5月1日 is accepted):
  documents written before an era change date future events in the old era.
* ``本年度`` / ``今年度`` (fiscal years relative to the release) are not read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal

from .lexicon import load_table
from .models import DateMention, Precision

Kind = Literal["absolute", "year_inferred", "relative", "fiscal_year"]
Unit = Literal["day", "month", "year"]
Anchor = Literal["reference", "previous"]

#: Western years outside this span are not read as years (4565年 is more likely a count).
MIN_YEAR = 1600
MAX_YEAR = 2199

# ---------------------------------------------------------------------------------------------
# Tables (data/*.tsv), loaded once.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Era:
    name: str
    abbreviation: str
    ligature: str
    first_day: dt.date
    last_year: int | None  # the calendar year the next era starts in; None for the current era

    def western_year(self, era_year: int) -> int | None:
        """The calendar year of ``era_year`` of this era, or None if the era had no such year."""
        year = self.first_day.year + era_year - 1
        if era_year < 1 or (self.last_year is not None and year > self.last_year):
            return None
        return year


@dataclass(frozen=True)
class RelativeWord:
    word: str
    unit: Unit
    anchor: Anchor
    offset: int
    not_before: tuple[str, ...]


@cache
def eras() -> tuple[Era, ...]:
    rows = sorted(load_table("eras"), key=lambda row: row[3])
    starts = [dt.date.fromisoformat(row[3]) for row in rows]
    return tuple(
        Era(row[0], row[1], row[2], start, starts[i + 1].year if i + 1 < len(starts) else None)
        for i, (row, start) in enumerate(zip(rows, starts, strict=True))
    )


@cache
def _eras_by_spelling() -> dict[str, Era]:
    """Every way an era is written (平成, ㍻, H, Ｈ) → the era."""
    spellings: dict[str, Era] = {}
    for era in eras():
        for spelling in (era.name, era.ligature, era.abbreviation, _full_width(era.abbreviation)):
            if spelling:
                spellings[spelling] = era
    return spellings


@cache
def kanji_numerals() -> dict[str, tuple[int, str]]:
    """Kanji numeral → (value, kind) with kind digit, unit or first (元)."""
    return {row[0]: (int(row[1]), row[2]) for row in load_table("kanji_numerals")}


@cache
def relative_words() -> dict[str, RelativeWord]:
    words: dict[str, RelativeWord] = {}
    for row in load_table("date_relative"):
        word, unit, anchor, offset = row[:4]
        not_before = tuple(s for s in (row[4] if len(row) > 4 else "").split("|") if s)
        words[word] = RelativeWord(word, _as_unit(unit), _as_anchor(anchor), int(offset), not_before)
    return words


_UNITS: dict[str, Unit] = {"day": "day", "month": "month", "year": "year"}
_ANCHORS: dict[str, Anchor] = {"reference": "reference", "previous": "previous"}


def _as_unit(text: str) -> Unit:
    if text not in _UNITS:
        raise ValueError(f"date_relative.tsv: unknown unit {text!r}")
    return _UNITS[text]


def _as_anchor(text: str) -> Anchor:
    if text not in _ANCHORS:
        raise ValueError(f"date_relative.tsv: unknown anchor {text!r}")
    return _ANCHORS[text]


@cache
def markers(role: str) -> tuple[tuple[str, str], ...]:
    """(word, value) rows of ``data/date_markers.tsv`` with this role, longest word first."""
    rows = [(row[0], row[2] if len(row) > 2 else "") for row in load_table("date_markers") if row[1] == role]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def _full_width(ascii_text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in ascii_text)


# ---------------------------------------------------------------------------------------------
# Named regex parts and the pattern table.
# ---------------------------------------------------------------------------------------------

_KANJI_IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆〇○"
_DIGIT = "[0-9０-９]"
_SPACE = "[ \\t\\u3000\\xa0]"
#: At most this many spaces between the parts of one date (2019 年 8 月 30 日 has one).
MAX_GAP_SPACES = 4


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first so the longest one wins."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _marker_words(role: str) -> str:
    return _alternation([word for word, _ in markers(role)])


def _relative_alternation(unit: Unit) -> str:
    """Relative words of one unit, each with its own 'not followed by' guard (同日本 is not 同日)."""
    words = sorted((w for w in relative_words().values() if w.unit == unit), key=lambda w: -len(w.word))
    return "|".join(
        re.escape(w.word) + (f"(?!{_alternation(w.not_before)})" if w.not_before else "") for w in words
    )


@cache
def _parts() -> dict[str, str]:
    """The named building blocks patterns are written with; ``{name}`` in a template is one."""
    numerals = kanji_numerals()
    kanji_digits = "".join(c for c, (_, kind) in numerals.items() if kind == "digit")
    kanji_all = "".join(c for c, (_, kind) in numerals.items() if kind in ("digit", "unit"))
    kanji_first = _alternation([c for c, (_, kind) in numerals.items() if kind == "first"])
    # A line may break inside an era name (平\n成26年): each gap may hold one line break.
    era_names = "|".join(
        "(?:\\r?\\n)?".join(re.escape(c) for c in s)
        for s in sorted((s for era in eras() for s in (era.name, era.ligature) if s), key=len, reverse=True)
    )
    era_letters = "".join(
        re.escape(s) for era in eras() for s in (era.abbreviation, _full_width(era.abbreviation)) if s
    )
    p: dict[str, str] = {}
    # PDF text puts spaces between numbers and units, and may break a line between them; a few
    # spaces at most, so that words far apart in a layout (1962　　　　　　年) stay apart.
    p["sp"] = f"{_SPACE}{{0,{MAX_GAP_SPACES}}}(?:\\r?\\n{_SPACE}{{0,{MAX_GAP_SPACES}}})?"
    p["digits12"] = f"{_DIGIT}{{1,2}}"
    p["kanji_number"] = f"[{kanji_all}]{{1,4}}"
    # A kanji month must start a word (統一月額 is not 一月), but may follow a year (二〇一九年八月).
    p["kanji_start"] = f"(?:(?<=年)|(?<![{_KANJI_IDEOGRAPH}]))"
    p["western_year"] = (
        f"(?<![0-9０-９.．,，])(?P<western>{_DIGIT}{{4}})(?!{_DIGIT})"
        f"|(?<![{kanji_all}])(?P<western_kanji>[{kanji_digits}]{{4}}|[{kanji_digits}]?千[{kanji_all}]{{0,4}})"
    )
    p["era_year"] = (
        f"(?P<era>{era_names}){{sp}}(?P<era_year>{kanji_first}|(?<!{_DIGIT}){_DIGIT}{{1,2}}(?!{_DIGIT})"
        f"|{{kanji_number}})"
    )
    p["year"] = "(?:{western_year}|{era_year})"
    p["not_after_year"] = _marker_words("not_after_year")
    p["not_after_month"] = _marker_words("not_after_month")
    p["not_after_day"] = _marker_words("not_after_day")
    p["month_part"] = _marker_words("month_part")
    p["range_connector"] = _marker_words("range")
    p["schedule"] = _marker_words("schedule")
    p["schedule_event"] = _marker_words("schedule_event")
    p["weekday_char"] = "[" + "".join(re.escape(w) for w, _ in markers("weekday")) + "]"
    p["month_number"] = f"(?:(?<!{_DIGIT}){{digits12}}|{{kanji_start}}{{kanji_number}})"
    p["day_tail"] = "{sp}(?P<day>{digits12}|{kanji_number}){sp}日(?!{sp}(?:{not_after_day}))"
    p["part_tail"] = "{sp}(?P<part>{month_part})"
    p["month_end"] = "(?!{sp}(?:{not_after_month}))"
    # A month, then a day, a part of the month (下旬, 末日), or nothing that makes it a non-date.
    p["month_and_rest"] = "(?P<month>{month_number}){sp}月(?:{day_tail}|{part_tail}|{month_end})"
    # 「2025年(令和7年)5月19日」: the year glossed in the other calendar before the month
    p["month_tail"] = "{sp}(?:[(（][^()（）\\n]{1,8}年[)）]{sp})?{month_and_rest}"
    p["year_end"] = "(?!{sp}(?:{not_after_year}))"
    p["relative_start"] = f"(?<![{_KANJI_IDEOGRAPH}])"
    p["relative_year"] = f"(?P<relative_year>{_relative_alternation('year')})"
    p["relative_month"] = f"(?P<relative_month>{_relative_alternation('month')})"
    p["relative_day"] = f"(?P<relative_day>{_relative_alternation('day')})"
    # 2019/8/30, 2019.8.30, 2019-08-30: one separator used twice, not inside a longer run of numbers
    # (3.1.0.2019.8.30, a path). A hyphen may come before: 2019/8/1-2019/8/31 is a range.
    p["numeric_start"] = "(?<![0-9０-９A-Za-zＡ-Ｚａ-ｚ.．/／])"
    p["separator"] = "[/／.．\\-－]"
    p["numeric_end"] = f"(?!{_DIGIT}|(?P=sep){_DIGIT}|[/／.．]{_DIGIT})"
    p["era_letter"] = f"(?P<era>[{era_letters}])"
    p["weekday"] = "[（(]{sp}{weekday_char}(?:{sp}[・･、,]{sp}{weekday_char})*(?:曜日?)?{sp}[）)]"
    p["time"] = (
        "(?:(?:午前|午後){sp})?{digits12}{sp}(?:時(?:{sp}{digits12}{sp}分|半)?|[:：]{sp}"
        + _DIGIT
        + "{2})(?:{sp}(?:{range_connector}))?"
    )
    return p


def _expand(template: str, parts: Mapping[str, str]) -> str:
    """Replace ``{name}`` by its part, recursively (regex quantifiers like ``{1,2}`` are left alone)."""
    for _ in range(10):
        expanded = re.sub(r"\{([a-z_0-9]+)\}", lambda m: parts.get(m[1], m[0]), template)
        if expanded == template:
            break
        template = expanded
    return template


@dataclass(frozen=True)
class DatePattern:
    """One construction: a regex template over the named parts, and what its matches mean.

    Group names are shared across patterns (year, month, day, part, relative_*), so one reader
    serves them all. A ``date`` group, when present, is the mention; the rest is context.
    """

    name: str
    template: str
    kind: Kind = "absolute"
    range_end_only: bool = False  # a bare day (16日) counts only as the end of a range
    day_of_reference_month: bool = False  # a bare day in a date's place (「12日、」): of the reference's month


PATTERNS: tuple[DatePattern, ...] = (
    # 2019年8月30日, 平成 28 年 11 月 11 日, 令和元年6月17日, 二〇一九年八月三十日, 2016年5月, 2019年, 平成18年3月末日
    DatePattern("calendar", "(?:{year}){sp}年(?:{month_tail}|{year_end})"),
    # 平成16年度, 2019年度: a fiscal year, read as its first calendar year
    DatePattern("fiscal_year", "(?:{year}){sp}年{sp}度", kind="fiscal_year"),
    # 2023年3月期: the fiscal period ending in that month
    DatePattern(
        "fiscal_period", "(?:{year}){sp}年{sp}(?P<month>{month_number}){sp}月{sp}期", kind="fiscal_year"
    ),
    # 2019/8/30, 2019.8.30, 2019-08-30, ２０１９／８／３０
    DatePattern(
        "numeric",
        "{numeric_start}(?P<western>" + _DIGIT + "{4})(?P<sep>{separator})(?P<month>{digits12})(?P=sep)"
        "(?P<day>{digits12}){numeric_end}",
    ),
    # R3.4.1, H29.3.31, R1/8/30: only in full date shape, never a bare R3
    DatePattern(
        "era_abbreviation",
        "(?<![0-9０-９A-Za-zＡ-Ｚａ-ｚ]){era_letter}(?P<era_year>{digits12})(?P<sep>[./／．])"
        "(?P<month>{digits12})(?P=sep)(?P<day>{digits12}){numeric_end}",
    ),
    # 21年に, 23年10月: news write the year of this century in two digits; a duration (10年間,
    # 創業30年, 10年にわたり) is no date
    DatePattern(
        "short_year",
        "(?<![0-9０-９.．,，])(?<!創業)(?<!約)(?<!過去)(?<!築)(?<!設立)(?P<short_year>[0-9]{2})年"
        "(?:{month_tail}|(?=に(?!わた)|、|から|以降))",
    ),
    # 8月30日, 十二月, 6月下旬: no year; takes the reference's year
    DatePattern("month_first", "{month_and_rest}"),
    # 同年8月1日, 昨年12月, 来年3月31日, 本年9月, 翌年
    DatePattern("relative_year", "{relative_start}{relative_year}(?:{month_tail})?", kind="relative"),
    # 先月7日, 同月末, 同月
    DatePattern(
        "relative_month", "{relative_start}{relative_month}(?:{day_tail}|{part_tail})?", kind="relative"
    ),
    # 本日, 同日, 翌日
    DatePattern("relative_day", "{relative_start}{relative_day}", kind="relative"),
    # 「Aは12日、…と発表した」「26日の取引終了後」「15日付で」: news date by the day alone, of the
    # page's month (of the month before when the day has not come yet); never 3日間, 5日後, 毎月10日
    DatePattern(
        "bare_day",
        "(?<![0-9０-９月/／.．〜~～\\-－])(?P<date>(?P<day>{digits12})日)"
        "(?=、|の(?:取引|午|夜|朝|会見|記者|発表)|に(?:発表|締結|開か|行わ|東京|都内)|付|夜|朝|午前|午後|(?:[(（][月火水木金土日][)）]))",
        kind="relative",
        day_of_reference_month=True,
    ),
    # 12月10日から16日まで: the 16日
    DatePattern(
        "range_end_day",
        "(?:{range_connector}){sp}(?P<date>(?P<day>{digits12}|{kanji_number}){sp}日(?!{sp}(?:{not_after_day})))",
        range_end_only=True,
    ),
)


@cache
def _compiled() -> tuple[tuple[DatePattern, re.Pattern[str]], ...]:
    parts = _parts()
    return tuple((pattern, re.compile(_expand(pattern.template, parts))) for pattern in PATTERNS)


@cache
def _range_gap() -> re.Pattern[str]:
    """What may stand between the two ends of a range: an optional weekday, then 〜 or から."""
    return re.compile(_expand("{sp}(?:{weekday}{sp})?(?:{range_connector}){sp}", _parts()))


@cache
def _schedule_tail() -> re.Pattern[str]:
    """（予定） after a date, possibly after its weekday, a time, 中 / 頃, or 締結 (する)."""
    # Each optional piece carries its own leading space and a required word after it, so a long
    # run of spaces is tried in linear time (no two bare {sp} can split the same run).
    template = (
        "(?:{sp}{weekday})?(?:{sp}{time})?(?:{sp}(?:中|頃|ごろ))?(?:{sp}[にを])?"
        "(?:{sp}(?:{schedule_event}))?(?:する|の)?{sp}(?:{schedule})"
    )
    return re.compile(_expand(template, _parts()))


# ---------------------------------------------------------------------------------------------
# Reading one match.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    """What one match says, before anything is taken from the reference or earlier dates."""

    year: int | None
    month: int | None
    day: int | None
    month_end: bool  # 末 / 末日: the last day of the month
    relative: RelativeWord | None
    kind: Kind
    range_end_only: bool
    day_of_reference_month: bool = False


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    order: int  # the pattern's place in PATTERNS, to break ties
    reading: _Reading | None  # None: shaped like a date but impossible (void)


def parse_number(text: str) -> int | None:
    """An integer written in ASCII, full-width or kanji digits (2019, ２０１９, 二〇一九, 三十一, 元)."""
    text = text.strip()
    if not text:
        return None
    if all(c in "0123456789０１２３４５６７８９" for c in text):
        return int(text)
    numerals = kanji_numerals()
    if any(c not in numerals for c in text):
        return None
    if len(text) == 1:
        return numerals[text][0]
    if all(numerals[c][1] == "digit" for c in text):  # positional: 二〇一九
        return int("".join(str(numerals[c][0]) for c in text))
    total, current = 0, 0
    for c in text:  # additive: 二千十九, 三十一
        value, kind = numerals[c]
        if kind == "digit":
            current = current * 10 + value
        elif kind == "unit":
            total += (current or 1) * value
            current = 0
        else:
            return None
    return total + current


def _group(match: re.Match[str], name: str) -> str | None:
    """A named group's text, or None when the pattern has no such group or it did not take part."""
    if name not in match.re.groupindex:
        return None
    return match.group(name)


def _read_year(match: re.Match[str]) -> tuple[bool, int | None]:
    """(the match names a year, that year or None if impossible)."""
    short = _group(match, "short_year")
    if short is not None:
        return True, 2000 + int(short)
    western = _group(match, "western") or _group(match, "western_kanji")
    if western is not None:
        year = parse_number(western)
        return True, year if year is not None and MIN_YEAR <= year <= MAX_YEAR else None
    era_spelling = _group(match, "era")
    if era_spelling is None:
        return False, None
    era = _eras_by_spelling().get(re.sub(r"\s", "", era_spelling))
    era_year = parse_number(_group(match, "era_year") or "")
    if era is None or era_year is None:
        return True, None
    return True, era.western_year(era_year)


def _read_relative(match: re.Match[str]) -> RelativeWord | None:
    for unit in ("year", "month", "day"):
        word = _group(match, f"relative_{unit}")
        if word is not None:
            return relative_words().get(word)
    return None


def _day_exists(year: int | None, month: int | None, day: int | None) -> bool:
    """Is this (partial) date possible? A year-less 2月29日 is (leap years have it)."""
    if month is not None and not 1 <= month <= 12:
        return False
    if day is None:
        return True
    if month is None:
        return 1 <= day <= 31
    return 1 <= day <= calendar.monthrange(year if year is not None else 2000, month)[1]


def _read(match: re.Match[str], pattern: DatePattern) -> _Reading | None:
    """The match as a reading, or None if it names an impossible date."""
    has_year, year = _read_year(match)
    if has_year and year is None:
        return None
    month_text, day_text = _group(match, "month"), _group(match, "day")
    month = parse_number(month_text) if month_text is not None else None
    day = parse_number(day_text) if day_text is not None else None
    if (month_text is not None and month is None) or (day_text is not None and day is None):
        return None
    if not _day_exists(year, month, day):
        return None
    part = _group(match, "part")
    month_end = part is not None and dict(markers("month_part")).get(part) == "end"
    return _Reading(year, month, day, month_end, _read_relative(match), pattern.kind, pattern.range_end_only, pattern.day_of_reference_month)


def _span(match: re.Match[str]) -> tuple[int, int]:
    if "date" in match.re.groupindex and match.group("date") is not None:
        return match.span("date")
    return match.span()


def _candidates(text: str) -> Iterator[_Candidate]:
    for order, (pattern, regex) in enumerate(_compiled()):
        for match in regex.finditer(text):
            start, end = _span(match)
            if end > start:
                yield _Candidate(start, end, order, _read(match, pattern))


def _leftmost_longest(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates: at each position the longest match wins (令和元年6月17日 over 6月17日)."""
    chosen: list[_Candidate] = []
    last_end = -1
    for candidate in sorted(candidates, key=lambda c: (c.start, c.start - c.end, c.order)):
        if candidate.start >= last_end:
            chosen.append(candidate)
            last_end = candidate.end
    return chosen


# ---------------------------------------------------------------------------------------------
# Resolving readings into dates, in text order.
# ---------------------------------------------------------------------------------------------


@dataclass
class _Found:
    start: int
    end: int
    year: int
    month: int | None
    day: int | None
    kind: Kind
    range_role: Literal["start", "end"] | None = None
    scheduled: bool = False

    @property
    def precision(self) -> Precision:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    @property
    def value(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{n:02d}" for n in (self.month, self.day) if n is not None]
        return "-".join(parts)


def _found_from_date(start: int, end: int, date: dt.date | None, kind: Kind) -> _Found | None:
    return None if date is None else _Found(start, end, date.year, date.month, date.day, kind)


def _shift_days(date: dt.date, days: int) -> dt.date | None:
    try:
        return date + dt.timedelta(days=days)
    except OverflowError:
        return None


def _shift_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _complete(
    start: int, end: int, year: int, month: int | None, reading: _Reading, kind: Kind
) -> _Found | None:
    """A date from a known year (and maybe month) plus the reading's own month, day and 末."""
    month = reading.month if reading.month is not None else month
    day = reading.day
    if not MIN_YEAR - 100 <= year <= MAX_YEAR + 100:  # relative words may step outside a little
        return None
    if month is not None and reading.month_end:
        day = calendar.monthrange(year, month)[1]
    if not _day_exists(year, month, day):
        return None
    return _Found(start, end, year, month, day, kind)


def _last(found: list[_Found], unit: Unit) -> _Found | None:
    """The nearest earlier date precise to at least ``unit``."""
    for earlier in reversed(found):
        if unit == "year" or (unit == "month" and earlier.month is not None) or earlier.day is not None:
            return earlier
    return None


def _resolve_relative(
    candidate: _Candidate, word: RelativeWord, found: list[_Found], reference: dt.date | None
) -> _Found | None:
    reading = candidate.reading
    assert reading is not None
    base = _last(found, word.unit) if word.anchor == "previous" else None
    if base is None and reference is None:
        return None
    if base is None:
        assert reference is not None
        base = _Found(0, 0, reference.year, reference.month, reference.day, "relative")
    if word.unit == "day" and base.month is not None and base.day is not None:
        shifted = _shift_days(dt.date(base.year, base.month, base.day), word.offset)
        return _found_from_date(candidate.start, candidate.end, shifted, "relative")
    if word.unit == "month" and base.month is not None:
        year, month = _shift_months(base.year, base.month, word.offset)
        return _complete(candidate.start, candidate.end, year, month, reading, "relative")
    if word.unit == "year":
        return _complete(candidate.start, candidate.end, base.year + word.offset, None, reading, "relative")
    return None


def _resolve_range_end(candidate: _Candidate, start: _Found) -> _Found | None:
    """A range end that leaves out the year (and maybe the month) takes them from the range start."""
    reading = candidate.reading
    assert reading is not None
    kind: Kind = start.kind if start.kind in ("year_inferred", "relative") else "absolute"
    if reading.month is None:  # 12月10日から16日まで
        if start.month is None or reading.day is None:
            return None
        year, month = start.year, start.month
        if start.day is not None and reading.day < start.day:  # 12月28日から3日まで: next month
            year, month = _shift_months(year, month, 1)
        return _complete(candidate.start, candidate.end, year, month, reading, kind)
    year = start.year
    if start.month is not None and (reading.month, reading.day or 0) < (start.month, start.day or 0):
        year += 1  # 2020年12月1日から1月31日まで ends in the next year
    return _complete(candidate.start, candidate.end, year, None, reading, kind)


def _resolve(
    candidate: _Candidate, found: list[_Found], reference: dt.date | None, range_start: _Found | None
) -> _Found | None:
    """The candidate's date, given the reference and the dates before it; None if it has none."""
    reading = candidate.reading
    if reading is None:
        return None
    if reading.relative is not None:
        return _resolve_relative(candidate, reading.relative, found, reference)
    if reading.year is None and range_start is not None:
        return _resolve_range_end(candidate, range_start)
    if reading.range_end_only:
        return None
    if reading.day_of_reference_month:
        if reference is None or reading.day is None:
            return None
        year, month = reference.year, reference.month
        if reading.day > reference.day:  # 28日 on a page of the 3rd: the month before
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return _complete(candidate.start, candidate.end, year, month, reading, "relative")
    if reading.year is not None:
        return _complete(candidate.start, candidate.end, reading.year, None, reading, reading.kind)
    if reference is None:  # 8月30日 with nothing to take a year from
        return None
    return _complete(candidate.start, candidate.end, reference.year, None, reading, "year_inferred")


def _range_start(text: str, found: list[_Found], start: int) -> _Found | None:
    """The previous date, if it and the date at ``start`` are joined as a range (〜, から)."""
    if not found or found[-1].range_role is not None:
        return None
    previous = found[-1]
    return previous if _range_gap().fullmatch(text, previous.end, start) else None


def _as_reference(reference: dt.date | str | None) -> dt.date | None:
    if reference is None:
        return None
    if isinstance(reference, dt.datetime):
        return reference.date()
    if isinstance(reference, dt.date):
        return reference
    try:
        return dt.date.fromisoformat(reference.strip())
    except ValueError:
        raise ValueError(
            f"reference must be a date or an ISO date string (YYYY-MM-DD), got {reference!r}"
        ) from None


def find_dates(text: str, reference: dt.date | str | None = None) -> list[DateMention]:
    """Every date in ``text``, in text order, non-overlapping; offsets index ``text`` as given.

    ``reference`` (the release date) resolves year-less dates (kind ``year_inferred``: the caller
    adjusts the year by tense) and relative ones (本日, 昨年12月; kind ``relative``); without it
    those are left out, except 同日 / 同年 / 翌年 … that can lean on an earlier date in the text.
    """
    ref = _as_reference(reference)
    found: list[_Found] = []
    for candidate in _leftmost_longest(list(_candidates(text))):
        range_start = _range_start(text, found, candidate.start)
        resolved = _resolve(candidate, found, ref, range_start)
        if resolved is None:
            continue
        if range_start is not None:
            range_start.range_role, resolved.range_role = "start", "end"
        resolved.scheduled = _schedule_tail().match(text, resolved.end) is not None
        found.append(resolved)
    return [
        DateMention(
            start=f.start,
            end=f.end,
            text=text[f.start : f.end],
            value=f.value,
            precision=f.precision,
            kind=f.kind,
            scheduled=f.scheduled,
            range_role=f.range_role,
        )
        for f in found
    ]
