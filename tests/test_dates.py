"""find_dates: a table of real press-release constructions, things that must not be dates, and
round-trip properties over every supported way of writing a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mou_extract.dates import find_dates, parse_number

REF = "2019-08-30"

# (text, reference, expected mentions as (value, precision) or (value, precision, kind))
POSITIVE: list[tuple[str, str | None, list[tuple[str, ...]]]] = [
    # --- western calendar, as PDFs extract it
    ("2019年8月30日", None, [("2019-08-30", "day")]),
    ("  2019 年 8 月 30 日 \n報道関係各位", None, [("2019-08-30", "day")]),
    ("2023 年1月 24 日\n各　位", None, [("2023-01-24", "day")]),
    ("２０１９年８月３０日", None, [("2019-08-30", "day")]),
    ("　契約締結日　　２０２３年３月６日\n\n４．今後の見通し", None, [("2023-03-06", "day")]),
    ("公開日：2019/8/30", None, [("2019-08-30", "day")]),
    ("Date: 2019.8.30", None, [("2019-08-30", "day")]),
    ("2019-08-30 更新", None, [("2019-08-30", "day")]),
    ("２０１９／０８／３０", None, [("2019-08-30", "day")]),
    ("2024年6月26日（水）、北海道医療大学（以下「本学」）は", None, [("2024-06-26", "day")]),
    ("当社は、2016年1月21日付で、JR西日本を割当予定先とする", None, [("2016-01-21", "day")]),
    ("2014年12月2日開催の取締役会において", None, [("2014-12-02", "day")]),
    ("西暦2019年", None, [("2019", "year")]),
    ("2025年（令和7年）5月19日（月）に締結", None, [("2025-05-19", "day")]),
    ("令和7年(2025年)5月21日", None, [("2025-05-21", "day")]),
    # --- kanji numerals
    ("二〇一九年八月三十日", None, [("2019-08-30", "day")]),
    ("二○一九年", None, [("2019", "year")]),
    ("二千十九年十二月", None, [("2019-12", "month")]),
    ("平成二十七年七月十日\n報道関係各位", None, [("2015-07-10", "day")]),
    ("平成三十一年四月一日", None, [("2019-04-01", "day")]),
    ("令和二年十二月一日", None, [("2020-12-01", "day")]),
    ("十二月に開催", REF, [("2019-12", "month", "year_inferred")]),
    # --- eras
    ("令和元年6月17日", None, [("2019-06-17", "day")]),
    ("令和元年５月１日", None, [("2019-05-01", "day")]),
    ("平成 28 年 11 月 11 日\n各　位", None, [("2016-11-11", "day")]),
    ("令和４年３月２５日", None, [("2022-03-25", "day")]),
    ("明治45年7月29日", None, [("1912-07-29", "day")]),
    ("大正元年", None, [("1912", "year")]),
    ("大正15年12月24日", None, [("1926-12-24", "day")]),
    ("昭和64年1月7日", None, [("1989-01-07", "day")]),
    ("㍻31年4月1日", None, [("2019-04-01", "day")]),
    ("（１）割当日　　　　　　　平成27年9月", None, [("2015-09", "month")]),
    ("当社と同社との取引は昭和60年に始まり、平成5年以降", None, [("1985", "year"), ("1993", "year")]),
    ("研究に取り組んでおり、昭和45\n年には世界で初めて", None, [("1970", "year")]),
    ("締結いたしました。平\n成26年10月7日には、この協定を", None, [("2014-10-07", "day")]),
    ("令和4年3月25日(金)", None, [("2022-03-25", "day")]),
    # --- era abbreviations, only in full date shape
    ("R3.4.1", None, [("2021-04-01", "day")]),
    ("有効期限 H29.3.31", None, [("2017-03-31", "day")]),
    ("R1/8/30", None, [("2019-08-30", "day")]),
    ("S60.4.1入社", None, [("1985-04-01", "day")]),
    # --- month and year precision
    ("LINK-J はこれまで、2016 年 5 月にカリフォルニア大学", None, [("2016-05", "month")]),
    ("本学は2023年10月、北広島市及び株式会社ファイターズ", None, [("2023-10", "month")]),
    ("紛争の後、2019年に自治政府として", None, [("2019", "year")]),
    ("2027年秋をめどに整備する計画です", None, [("2027", "year")]),
    ("平成26年春を目途に", None, [("2014", "year")]),
    ("設　　立　　1962年\n資 本 金", None, [("1962", "year")]),
    ("1781年創業", None, [("1781", "year")]),
    ("遠賀信用金庫（2021年8月締結）に次いで", None, [("2021-08", "month")]),
    ("2009年12月　ニューファーム株式の20％を取得", None, [("2009-12", "month")]),
    # --- parts of a month
    ("2019年8月下旬", None, [("2019-08", "month")]),
    ("2021年6月下旬開催予定の当行定時株主総会", None, [("2021-06", "month")]),
    ("12月中旬", REF, [("2019-12", "month", "year_inferred")]),
    ("平成18年3月末日をもって同提携を解消", None, [("2006-03-31", "day")]),
    ("2020年3月末までに", None, [("2020-03-31", "day")]),
    ("令和2年2月末日", None, [("2020-02-29", "day")]),
    ("設立時期　2020年1月中（予定）", None, [("2020-01", "month")]),
    # --- year-less: the reference's year
    ("川崎市と、8月30日、ライフサイエンス", REF, [("2019-08-30", "day", "year_inferred")]),
    ("神奈川県横浜市と 8 月 30 日、ライフ", REF, [("2019-08-30", "day", "year_inferred")]),
    ("当金庫）は、7月9日、諏訪地方の6市町村", "2015-07-10", [("2015-07-09", "day", "year_inferred")]),
    ("短期大学部」）は、4月12日付で、福岡信用金庫", "2022-04-12", [("2022-04-12", "day", "year_inferred")]),
    ("すべての農業用製品を、8月1日から販売します", REF, [("2019-08-01", "day", "year_inferred")]),
    # --- relative
    ("本日、業務提携いたしました", REF, [("2019-08-30", "day", "relative")]),
    ("今日の医療", REF, [("2019-08-30", "day", "relative")]),
    ("本日付で公表しております", REF, [("2019-08-30", "day", "relative")]),
    (
        "2014年12月2日開催の取締役会において決議し、同日付で本業務・資本提携に関する契約を締結",
        REF,
        [("2014-12-02", "day"), ("2014-12-02", "day", "relative")],
    ),
    (
        "当社は、本日開催の取締役会において決議し、同日、スルガ銀行との間で",
        "2022-03-08",
        [("2022-03-08", "day", "relative"), ("2022-03-08", "day", "relative")],
    ),
    ("同日付で", REF, [("2019-08-30", "day", "relative")]),
    (
        "2024年3月15日に覚書を締結し、同年8月1日には次世代",
        None,
        [("2024-03-15", "day"), ("2024-08-01", "day", "relative")],
    ),
    (
        "2019年7月には泉州タオルを、同年11月にはヘルスケア",
        None,
        [("2019-07", "month"), ("2019-11", "month", "relative")],
    ),
    ("2020年3月10日に合意し、同月末までに", None, [("2020-03-10", "day"), ("2020-03-31", "day", "relative")]),
    ("当社が先月7日付で杏林堂グループとの間", "2017-09-07", [("2017-08-07", "day", "relative")]),
    ("本年9月を目途に正式な業務提携を", "2019-06-17", [("2019-09", "month", "relative")]),
    ("78店舗（本年9月6日現在）", "2017-09-07", [("2017-09-06", "day", "relative")]),
    ("今年は創業100周年", REF, [("2019", "year", "relative")]),
    ("昨年12月に締結した", REF, [("2018-12", "month", "relative")]),
    ("一昨年", REF, [("2017", "year", "relative")]),
    ("協定が来年3月31日をもって満了となる", "2017-11-07", [("2018-03-31", "day", "relative")]),
    ("本剤を来年以降日本へ輸出する", "2012-10-16", [("2013", "year", "relative")]),
    ("2018年に設立し、翌年4月に", None, [("2018", "year"), ("2019-04", "month", "relative")]),
    ("調印式の翌日", REF, [("2019-08-31", "day", "relative")]),
    (
        "本日（令和4年3月25日（金））、香川",
        "2022-03-25",
        [("2022-03-25", "day", "relative"), ("2022-03-25", "day")],
    ),
    (
        "１．締結日時　　本日（8月23日（火））午後3時から",
        "2022-08-23",
        [("2022-08-23", "day", "relative"), ("2022-08-23", "day", "year_inferred")],
    ),
    # --- fiscal years and periods
    ("本学と大鵬薬品は、平成16年度に", None, [("2004", "year", "fiscal_year")]),
    ("2019年度", None, [("2019", "year", "fiscal_year")]),
    ("令和3年度から始めております", None, [("2021", "year", "fiscal_year")]),
    ("令和元年度", None, [("2019", "year", "fiscal_year")]),
    ("2023年3月期第3四半期", None, [("2023-03", "month", "fiscal_year")]),
    ("2019年5月期に2,000店舗、売上高7,000億円", None, [("2019-05", "month", "fiscal_year")]),
    # --- ranges
    ("2021年4月1日〜2026年3月31日", None, [("2021-04-01", "day"), ("2026-03-31", "day")]),
    ("（2022年4月1日～2022年12月31日）の連結決算", None, [("2022-04-01", "day"), ("2022-12-31", "day")]),
    (
        "令和7年12月1日（月）から令和8年2月28日（土）まで",
        None,
        [("2025-12-01", "day"), ("2026-02-28", "day")],
    ),
    (
        "期間中の12月10日から16日までは",
        "2025-11-27",
        [("2025-12-10", "day", "year_inferred"), ("2025-12-16", "day", "year_inferred")],
    ),
    ("平成26年4月1日から2年間", None, [("2014-04-01", "day")]),
    ("2019/8/1-2019/8/31", None, [("2019-08-01", "day"), ("2019-08-31", "day")]),
    # news date by the day alone: of the page's month, or of the month before when it has not come yet
    ("ハコビは12日、資金調達を発表した", "2024-11-13", [("2024-11-12", "day", "relative")]),
    ("26日の取引終了後、同日付で締結", "2024-11-13", [("2024-10-26", "day", "relative"), ("2024-10-26", "day", "relative")]),
    ("アルデンは21年に韓国の企業と", "2024-10-16", [("2021", "year")]),
    ("23年10月に業務提携", "2024-10-16", [("2023-10", "month")]),
]

NEGATIVE: list[str] = [
    "売上高は従来の1.2倍",
    "13/13",
    "協定期間を3年間延長する",
    "今後 5 年間にわたり",
    "およそ2年前から続いており",
    "TEL：03-5443-7489",
    "045-470-7252",
    "4565",
    "（コード番号：4569　東証第一部）",
    "42,850,000株程度",
    "18.49％",
    "version 3.1.0",
    "9月期",
    "約174億円",
    "2,000店舗",
    "360以上",
    "11例目",
    "東京都中央区日本橋本町1-15-1",
    "令和0年",
    "平成32年",
    "2019年8月32日",
    "2019年13月",
    "13月",
    "2000年以上の歴史",
    "1990年代",
    "統一月額",
    "同日本法人",
    "前年同期比12%増",
    "30日間",
    "3か月",
    "R3",
    "毎月第1月曜日",
    "2019.13.01",
    "3日間の日程で",
    "5日後に",
    "毎月10日に",
    "創業30年の",
    "10年にわたり",
]

NEEDS_REFERENCE: list[str] = ["8月30日", "十二月", "本日", "昨年12月", "先月7日", "同日付で", "来年3月31日"]


def _summary(text: str, reference: str | None) -> list[tuple[str, ...]]:
    return [(m.value, m.precision, m.kind) for m in find_dates(text, reference)]


def _expand(expected: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    return [e if len(e) == 3 else (*e, "absolute") for e in expected]


def test_there_are_enough_cases() -> None:
    assert len(POSITIVE) >= 60 and len(NEGATIVE) >= 15
    assert len({text for text, _, _ in POSITIVE}) == len(POSITIVE)


@pytest.mark.parametrize(("text", "reference", "expected"), POSITIVE, ids=[c[0][:24] for c in POSITIVE])
def test_finds(text: str, reference: str | None, expected: list[tuple[str, ...]]) -> None:
    assert _summary(text, reference) == _expand(expected)
    for mention in find_dates(text, reference):
        assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_a_date(text: str) -> None:
    assert find_dates(text, REF) == []


@pytest.mark.parametrize("text", NEEDS_REFERENCE)
def test_year_less_and_relative_need_a_reference(text: str) -> None:
    assert find_dates(text) == []
    assert find_dates(text, REF) != []


@pytest.mark.parametrize(
    ("text", "span", "mention_text"),
    [
        ("発表日：2019 年 8 月 30 日（金）", (4, 19), "2019 年 8 月 30 日"),
        ("　令和４年３月２５日\n", (1, 10), "令和４年３月２５日"),
        ("・２０１９年８月３０日", (1, 11), "２０１９年８月３０日"),
        ("平成 28 年 11 月 11 日", (0, 17), "平成 28 年 11 月 11 日"),
        ("決議し、同日付で", (4, 6), "同日"),
        ("2016年1月21日付で", (0, 10), "2016年1月21日"),
        ("平成18年3月末日をもって", (0, 9), "平成18年3月末日"),
        ("12月10日から16日まで", (8, 11), "16日"),
        ("昭和45\n年には", (0, 6), "昭和45\n年"),
    ],
)
def test_offsets(text: str, span: tuple[int, int], mention_text: str) -> None:
    (mention,) = [m for m in find_dates(text, REF) if m.text == mention_text]
    assert (mention.start, mention.end) == span
    assert text[mention.start : mention.end] == mention_text


@pytest.mark.parametrize(
    ("text", "scheduled"),
    [
        ("協定締結日　2022年3月15日（火）（予定）", [True]),
        ("日時　2月9日（木）（予定）", [True]),
        ("2022年3月15日（火）午後3時から(予定)", [True]),
        ("株式取得日　　　　2017年9月29日（予定）", [True]),
        ("2022年3月9日に締結する予定です", [True]),
        ("2020年1月中（予定）", [True]),
        ("2021年6月下旬開催予定", [True]),
        ("2017年9月7日付で締結いたしました", [False]),
        ("2023年1月24日開催の取締役会", [False]),
        ("2022年4月1日～2022年12月31日（予定）", [False, True]),
    ],
)
def test_scheduled(text: str, scheduled: list[bool]) -> None:
    assert [m.scheduled for m in find_dates(text, REF)] == scheduled


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("2021年4月1日〜2026年3月31日", [("2021-04-01", "start"), ("2026-03-31", "end")]),
        (
            "令和7年12月1日（月）から令和8年2月28日（土）まで",
            [("2025-12-01", "start"), ("2026-02-28", "end")],
        ),
        ("2020年12月28日から1月5日まで", [("2020-12-28", "start"), ("2021-01-05", "end")]),
        ("2020年12月28日から3日まで", [("2020-12-28", "start"), ("2021-01-03", "end")]),
        ("2019年4月〜6月", [("2019-04", "start"), ("2019-06", "end")]),
        ("平成26年4月1日から2年間", [("2014-04-01", None)]),
        ("2019年8月30日、2019年9月1日", [("2019-08-30", None), ("2019-09-01", None)]),
    ],
)
def test_ranges(text: str, roles: list[tuple[str, str | None]]) -> None:
    assert [(m.value, m.range_role) for m in find_dates(text)] == roles


def test_range_end_without_year_needs_no_reference() -> None:
    assert [m.value for m in find_dates("2021年12月10日から16日まで")] == ["2021-12-10", "2021-12-16"]


def test_reference_forms() -> None:
    as_date = find_dates("本日", dt.date(2019, 8, 30))
    as_datetime = find_dates("本日", dt.datetime(2019, 8, 30, 12, 0))
    assert as_date == as_datetime == find_dates("本日", "2019-08-30")
    with pytest.raises(ValueError):
        find_dates("本日", "yesterday")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二〇一九", 2019),
        ("三十一", 31),
        ("十", 10),
        ("二千十九", 2019),
        ("元", 1),
        ("１２", 12),
        ("x", None),
    ],
)
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


# --- properties -------------------------------------------------------------------------------

_KANJI_DIGITS = "〇一二三四五六七八九"
_ERAS = [("令和", "R", dt.date(2019, 5, 1)), ("平成", "H", dt.date(1989, 1, 8)), ("昭和", "S", dt.date(1926, 12, 25)),
         ("大正", "T", dt.date(1912, 7, 30)), ("明治", "M", dt.date(1868, 1, 25))]  # fmt: skip


def _positional_kanji(n: int) -> str:
    return "".join(_KANJI_DIGITS[int(c)] for c in str(n))


def _additive_kanji(n: int) -> str:
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _KANJI_DIGITS[tens] + "十")
    return head + ("" if ones == 0 else _KANJI_DIGITS[ones])


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def _era(date: dt.date) -> tuple[str, str, int]:
    name, letter, first = next(e for e in _ERAS if e[2] <= date)
    return name, letter, date.year - first.year + 1


def _era_year(n: int, kanji: bool = False) -> str:
    return "元" if n == 1 else _additive_kanji(n) if kanji else str(n)


def _ymd(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _era_ymd(d: dt.date, sep: str = "") -> str:
    name, _, year = _era(d)
    return sep.join([name, _era_year(year), "年", str(d.month), "月", str(d.day), "日"])


def _era_kanji(d: dt.date) -> str:
    name, _, year = _era(d)
    return f"{name}{_era_year(year, kanji=True)}年{_additive_kanji(d.month)}月{_additive_kanji(d.day)}日"


def _western_kanji(d: dt.date) -> str:
    return f"{_positional_kanji(d.year)}年{_additive_kanji(d.month)}月{_additive_kanji(d.day)}日"


def _era_letter(d: dt.date, sep: str) -> str:
    _, letter, year = _era(d)
    return sep.join([f"{letter}{year}", str(d.month), str(d.day)])


FORMS: dict[str, Callable[[dt.date], str]] = {
    "western": _ymd,
    "western_spaced": lambda d: f"{d.year} 年 {d.month} 月 {d.day} 日",
    "western_full_width": lambda d: _full_width(_ymd(d)),
    "western_kanji": _western_kanji,
    "slash": lambda d: f"{d.year}/{d.month}/{d.day}",
    "dot": lambda d: f"{d.year}.{d.month}.{d.day}",
    "iso": lambda d: d.isoformat(),
    "era": _era_ymd,
    "era_spaced": lambda d: _era_ymd(d, " "),
    "era_full_width": lambda d: _full_width(_era_ymd(d)),
    "era_kanji": _era_kanji,
    "era_letter_dot": lambda d: _era_letter(d, "."),
    "era_letter_slash": lambda d: _era_letter(d, "/"),
}

CONTEXTS = ["{}", "当社は、{}に締結しました。", "　{}\n報道関係各位", "（{}（水））", "契約締結日　{}付で"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    date=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
    form=st.sampled_from(sorted(FORMS)),
    context=st.sampled_from(CONTEXTS),
)
@example(date=dt.date(2019, 5, 1), form="era", context="{}")  # 令和元年
@example(date=dt.date(1926, 12, 25), form="era_kanji", context="{}")  # 昭和元年
@example(date=dt.date(1989, 1, 8), form="era_full_width", context="{}")  # 平成元年
@example(date=dt.date(1912, 7, 30), form="era_spaced", context="{}")  # 大正元年
def test_every_form_round_trips(date: dt.date, form: str, context: str) -> None:
    written = FORMS[form](date)
    text = context.format(written)
    mentions = find_dates(text)
    assert [(m.value, m.precision) for m in mentions] == [(date.isoformat(), "day")], written
    assert mentions[0].text == written
    assert text[mentions[0].start : mentions[0].end] == written


_DATE_ALPHABET = "0123456789０１２３年月日度期平成令和元二十〇/.-〜から同本昨来先翌予定（）() \n末旬上下RH間"


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(st.text(), st.text(alphabet=_DATE_ALPHABET, max_size=40)),
    reference=st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1))),
)
def test_never_raises_and_offsets_slice(text: str, reference: dt.date | None) -> None:
    mentions = find_dates(text, reference)
    last_end = 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert last_end <= mention.start < mention.end
        last_end = mention.end
