"""The PDF stage on glyphs laid out by hand: each case is a page of pdfplumber-style char dicts built
from lines of text, and the page text it must read as.

Layout helpers place characters the way producers do: full-width characters one em wide, Latin
half an em, with optional tracking (letter-spacing), drawn space glyphs, overprinting (fake bold)
and a second column.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

import pytest

from mou_extract.pdf import build_page_text
from mou_extract.text import reading_text

SIZE = 10.0
WIDTH, HEIGHT = 595.0, 842.0


@dataclass
class Run:
    text: str
    x: float
    y: float
    track: float = 0.0  # extra space after every glyph, in points
    overprint: int = 1  # how many times each glyph is drawn (fake bold)
    size: float = SIZE


def _glyph_width(ch: str, size: float) -> float:
    return size if unicodedata.east_asian_width(ch) in ("W", "F") else size / 2


def chars(*runs: Run) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for run in runs:
        x = run.x
        for ch in run.text:
            w = _glyph_width(ch, run.size)
            for k in range(run.overprint):
                out.append(
                    {"text": ch, "x0": x + 0.3 * k, "x1": x + w + 0.3 * k, "top": run.y, "bottom": run.y + run.size,
                     "size": run.size, "upright": True}
                )
            x += w + run.track
    return out


def page(*runs: Run) -> str:
    return build_page_text(1, chars(*runs), WIDTH, HEIGHT).text


CASES = [
    pytest.param([Run("2019 年 8 月 30 日", 450, 60)], "2019年8月30日", id="date-with-drawn-spaces"),
    pytest.param([Run("新日本科学", 100, 100, track=6)], "新日本科学", id="letter-spaced-japanese"),
    pytest.param([Run("株式会社", 100, 100, overprint=3)], "株式会社", id="fake-bold-overprint"),
    pytest.param([Run("Vazyme Biotech Co., Ltd.", 100, 100)], "Vazyme Biotech Co., Ltd.", id="latin-keeps-spaces"),
    pytest.param(
        [Run("名称", 60, 100), Run("三井化学株式会社", 120, 100)], "名称\u3000三井化学株式会社", id="table-gap-is-a-space"
    ),
    pytest.param(
        [Run("NEWS RELEASE", 60, 40), Run("本文です。", 60, 300), Run("- 1 -", 280, 800)],
        "NEWS RELEASE\n本文です。",
        id="page-number-in-footer-band-dropped",
    ),
]


@pytest.mark.parametrize(("runs", "expected"), CASES)
def test_page_text(runs: list[Run], expected: str) -> None:
    assert page(*runs) == expected


def test_two_columns_read_left_column_first() -> None:
    left = [Run("左段の一行目の本文がここまで続きます", 50, 200 + 15 * i) for i in range(6)]
    right = [Run("右段の一行目の本文がここまで続きます", 320, 200 + 15 * i) for i in range(6)]
    text = page(*left, *right)
    lines = text.split("\n")
    assert lines[:6] == ["左段の一行目の本文がここまで続きます"] * 6
    assert lines[6:] == ["右段の一行目の本文がここまで続きます"] * 6


def test_wrapped_lines_join_without_a_space_and_evidence_maps_back() -> None:
    runs = [
        Run("当社は、本日、株式会社サンプルと業務提携契約を締結いたしまし", 50, 200),
        Run("た。両社は今後、共同で製品を開発してまいります。", 50, 215),
    ]
    built = build_page_text(1, chars(*runs), WIDTH, HEIGHT)
    assert len(built.wraps) == 1
    reading = reading_text([(1, built.text, built.wraps, False)])
    assert "締結いたしました。" in reading.text
    start = reading.text.index("株式会社サンプル")
    span = reading.page_spans(start, start + len("株式会社サンプル"))[0]
    assert built.text[span.start : span.end] == "株式会社サンプル"
    # every character that came from a glyph keeps its box
    assert all(box is not None for ch, box in zip(built.text, built.boxes, strict=True) if ch not in "\n\u3000 ")


def test_unmapped_glyphs_on_a_readable_page_are_dropped_with_a_warning() -> None:
    raw = chars(Run("当社は本日覚書を締結しました。", 50, 200))
    raw.append({"text": "(cid:123)", "x0": 300.0, "x1": 310.0, "top": 200.0, "bottom": 210.0, "size": SIZE})
    assert build_page_text(1, raw, WIDTH, HEIGHT).text == "当社は本日覚書を締結しました。"


def test_orphaned_line_fragments_inside_a_paragraph_are_joined() -> None:
    # a page whose lines were hard-broken twice (a fragment of one or two characters on a line of
    # its own): the words still show the paragraph goes on, inside a parenthesis and before a particle
    page_text = (
        "当社はこれまで、2016年5月にカリフォルニアの団体BIOCOM（\n米\n国サンディエゴの団体）、2018年8\n月\n"
        "には川崎市と覚書を締結しており、今般の提携は3例目となります。\n"
        "短い見出し\n本文の段落です。"
    )
    geometric_wrap = page_text.index("2018年8\n") + len("2018年8")  # the full line's break, found by layout
    reading = reading_text([(1, page_text, [geometric_wrap], False)])
    assert "BIOCOM(米国サンディエゴの団体)、2018年8月には川崎市と覚書を締結しており" in reading.text
    assert "短い見出し\n本文の段落です。" in reading.text  # a short line on its own is still a heading


def test_latin_words_cut_by_a_japanese_line_rejoin_without_a_space() -> None:
    page_text = (
        "当社は、タイの設備販売会社であるSiam Kanok E\nngineering Co., Ltd.と契約を締結しました。\n"
        "米国のCenter for\nAdvanced Study of\nthe Pacific、Kyoto\nUniversityとも連携しています。"
    )
    breaks = [i for i, ch in enumerate(page_text) if ch == "\n"]
    wraps = [b for b in breaks if page_text[b - 1] != "。"]  # the layout's wraps; the paragraph ends at 。
    reading = reading_text([(1, page_text, wraps, False)])
    assert "Siam Kanok Engineering Co., Ltd." in reading.text
    assert "Center for Advanced Study of the Pacific" in reading.text  # small words keep their spaces
    assert "Kyoto University" in reading.text


def test_an_issuer_blocks_lines_stay_apart_from_the_headline_and_the_body() -> None:
    # a department ends its line, and a line that opens with a legal form names one organisation
    # whole: neither runs on into the line after it, though their letters would make one word
    from mou_extract.text import plain_reading_text

    text = "\n".join([
        "2024年12月17日",
        "報道関係各位",
        "株式会社カゼノミチ",
        "株式会社ポートレール",
        "ミナセ市市民生活部防災危機管理課",
        "カゼノミチとポートレール、EV充電スポットの共同運用で業務提携",
        "株式会社カゼノミチ（本社：福岡県福岡市、代表取締役：風野 翔、以下「カゼノミチ」",
        "）と株式会社ポートレール（本社：福岡県北九州市、代表取締役：港 里奈）は、本日、",
        "九州エリアにおけるEV充電スポットの共同運用に関する業務提携契約を締結しました。",
    ])
    lines = plain_reading_text(text).text.split("\n")
    assert lines[2:6] == ["株式会社カゼノミチ", "株式会社ポートレール", "ミナセ市市民生活部防災危機管理課", "カゼノミチとポートレール、EV充電スポットの共同運用で業務提携"]
    assert lines[6].startswith("株式会社カゼノミチ(本社") and lines[6].endswith("締結しました。")


def test_a_line_that_opens_by_closing_a_bracket_goes_on_from_the_line_before() -> None:
    # 「（以下「本契約」といいます。」 ends its line in 。, but the parenthesis closes on the next line
    from mou_extract.text import plain_reading_text, split_sentences

    text = "\n".join([
        "　当社は、本日開催の取締役会において、株式会社ミナトフーズ（以下「ミナトフーズ」といいます。",
        "）との間で、資本提携契約（以下「本契約」といいます。）を締結することについて決議しました。",
    ])
    reading = plain_reading_text(text)
    sentences = [s.text for s in split_sentences(reading.text)]
    assert len(sentences) == 1 and sentences[0].endswith("決議しました。")


def test_a_line_narrowed_by_half_width_digits_still_wraps() -> None:
    # 「2021年8月10日」 sets half-width digits: the printed line is as long as its neighbours, its
    # characters count a few ems less
    from mou_extract.text import plain_reading_text

    text = "\n".join([
        "当社は、2021年8月10日付で株式会社ミライ農産（以下「ミライ農産」）と締結した",
        "資本業務提携契約（以下「原契約」）について、本日開催の取締役会において、その一部を",
        "変更する変更契約（以下「本変更契約」）を締結することを決議し、同日付で締結い",
        "たしましたので、お知らせいたします。",
    ])
    assert plain_reading_text(text).text.count("\n") == 0
