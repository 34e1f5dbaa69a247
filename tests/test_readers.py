"""The readers beside the PDF stage: HTML pages and text files, in every Japanese charset, give
the records their text gives; a folder mixing PDFs, pages and text files gives one record per
file; broken, huge and odd files end in a typed error or their text.

Every page here is written for these tests; the organisations are invented.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import badfiles
import pytest

import mou_extract
from mou_extract import ExtractionError
from mou_extract.cli import main
from mou_extract.errors import ERROR_KINDS
from mou_extract.readers import read_input

ARTICLE = [
    "ミナトデンキ、ソラネットと資本業務提携",
    "2026年3月13日",
    "ミナトデンキは12日、ソラネット（SN）と資本業務提携契約を締結したと発表した。"
    "SNが第三者割当で発行する新株の一部を引き受け、配電設備の点検データを共同で解析する。",
    "両社は2024年10月に業務提携契約を結んでおり、今回の契約で関係を資本面にも広げる。",
]


def _records(release: mou_extract.PressRelease) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    return sorted(
        (p.role, p.agreement_type, p.signed_on.value if p.signed_on else None, tuple(sorted(x.name or "" for x in p.parties)))
        for p in release.partnerships
    )


def _page(charset: str, *, declare: bool = True, chrome: bool = True) -> str:
    meta = f'<meta charset="{charset}">' if declare else ""
    menu = (
        "<nav><ul><li>トップ</li><li>経済</li><li>政治</li><li>スポーツ</li></ul></nav>"
        "<aside><h2>関連記事</h2><ul><li>ハヤセ物流、北辰倉庫と業務提携を締結</li></ul></aside>"
        "<div class='ad'>広告：今だけ半額キャンペーン実施中</div>"
        if chrome
        else ""
    )
    body = "".join(f"<p>{p}</p>" for p in ARTICLE[2:])
    return (
        f"<!DOCTYPE html><html lang='ja'><head>{meta}<title>{ARTICLE[0]}</title>"
        '<meta property="article:published_time" content="2026-03-13T09:00:00+09:00"></head>'
        f"<body>{menu}<article><h1>{ARTICLE[0]}</h1><p>{ARTICLE[1]}</p>{body}</article>"
        "<footer>Copyright 2026 みなと経済新聞 All rights reserved.</footer></body></html>"
    )


EXPECTED = [
    ("announced", "capital_alliance", "2026-03-12", ("ソラネット", "ミナトデンキ")),
    ("prior", "business_alliance", "2024-10", ("ソラネット", "ミナトデンキ")),
]


def test_the_news_sentence_gives_its_record() -> None:
    got = mou_extract.extract_text("\n".join(ARTICLE) + "\n")
    assert _records(got) == EXPECTED
    alliance = next(p for p in got.partnerships if p.role == "announced")
    partner = next(x for x in alliance.parties if x.name == "ソラネット")
    assert "SN" in partner.aliases


def test_a_country_prefix_stays_out_of_the_name() -> None:
    text = "\n".join(ARTICLE[:2] + [ARTICLE[2].replace("ソラネット（SN）", "米ソラネット（SN）")]) + "\n"
    got = mou_extract.extract_text(text)
    names = {x.name for p in got.partnerships for x in p.parties}
    assert "ソラネット" in names and "米ソラネット" not in names


@pytest.mark.parametrize(("charset", "codec"), [("utf-8", "utf-8"), ("Shift_JIS", "cp932"), ("EUC-JP", "euc_jp")])
def test_a_page_and_its_text_give_the_same_records(tmp_path: Path, charset: str, codec: str) -> None:
    page = tmp_path / "article.html"
    page.write_bytes(_page(charset).encode(codec))
    text = tmp_path / "article.txt"
    text.write_bytes(("\n".join(ARTICLE) + "\n").encode(codec))
    from_page, from_text = mou_extract.extract(page), mou_extract.extract(text)
    assert _records(from_page) == _records(from_text) == EXPECTED
    assert from_page.source.format == "html" and from_text.source.format == "text"
    assert "ミナトデンキ" in (from_page.title or "")
    announced = next(p for p in from_page.partnerships if p.role == "announced")
    assert any("資本業務提携契約を締結" in e.text for e in announced.evidence)  # the sentence, not mojibake


def test_menus_and_advertisements_add_nothing() -> None:
    with_chrome = mou_extract.extract(_page("utf-8").encode("utf-8"))
    bare = mou_extract.extract(_page("utf-8", chrome=False).encode("utf-8"))
    assert _records(with_chrome) == _records(bare) == EXPECTED


def test_a_page_without_a_declaration_is_detected() -> None:
    got = mou_extract.extract(_page("", declare=False).encode("cp932"))
    assert _records(got) == EXPECTED


def test_a_mis_declared_page_is_read_by_what_it_is() -> None:
    got = mou_extract.extract(_page("utf-8").encode("euc_jp"))  # says UTF-8, is EUC-JP
    assert _records(got) == EXPECTED
    assert "�" not in " ".join(e.text for p in got.partnerships for e in p.evidence)


def test_the_date_comes_from_the_metadata_when_the_text_gives_none() -> None:
    page = _page("utf-8").replace(f"<p>{ARTICLE[1]}</p>", "")
    got = mou_extract.extract(page.encode("utf-8"))
    assert got.published_on is not None and got.published_on.value == "2026-03-13"
    assert _records(got)[0][2] == "2026-03-12"  # 12日 of the page's month


def test_a_folder_of_pdfs_pages_and_texts_gives_one_record_per_file(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    badfiles.write_release(folder, "release.pdf")
    (folder / "article.html").write_bytes(_page("Shift_JIS").encode("cp932"))
    (folder / "article.txt").write_bytes(("\n".join(ARTICLE) + "\n").encode("euc_jp"))
    (folder / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "notes.md").write_text("not read", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main([str(folder), "-o", str(out), "--quiet"]) in (0, 1)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_name = {Path(r["source"]["path"]).name: r for r in lines}
    assert sorted(by_name) == ["article.html", "article.txt", "broken.html", "release.pdf"]
    assert by_name["broken.html"]["error"]["kind"] == "unknown_format"
    assert by_name["release.pdf"]["error"] is None and by_name["release.pdf"]["partnerships"]
    for name in ("article.html", "article.txt"):
        got = sorted((p["role"], p["agreement_type"], (p["signed_on"] or {}).get("value")) for p in by_name[name]["partnerships"])
        assert got == [(r, t, d) for r, t, d, _ in EXPECTED]


def _nested(depth: int) -> bytes:
    return ("<!DOCTYPE html><html><body>" + "<div>" * depth + ARTICLE[2] + "</div>" * depth + "</body></html>").encode()


ODD_FILES = {
    "empty": b"",
    "whitespace_page": b"<!DOCTYPE html><html><head></head><body>   </body></html>",
    "binary": bytes(range(256)) * 64,
    "truncated_page": _page("utf-8").encode("utf-8")[:700],
    "deeply_nested": _nested(5000),
    "huge_page": b"<!DOCTYPE html><html><body>" + b"<p>" + "広告".encode() * (9 * 2**20) + b"</p></body></html>",
    "huge_text": "。".encode() * (17 * 2**20),
}


@pytest.mark.parametrize("name", sorted(ODD_FILES))
def test_odd_files_end_in_a_typed_error_or_their_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / (name + (".txt" if "text" in name or name == "binary" else ".html"))
    path.write_bytes(ODD_FILES[name])
    try:
        got = mou_extract.extract(path)
    except ExtractionError as exc:
        assert exc.kind in ERROR_KINDS
        return
    assert got.source.format in ("html", "text")
    if name == "truncated_page":
        assert any(p.agreement_type == "capital_alliance" for p in got.partnerships)


def test_the_reader_is_chosen_by_the_bytes_not_the_name(tmp_path: Path) -> None:
    path = tmp_path / "article.pdf"
    path.write_bytes(_page("utf-8").encode("utf-8"))
    document = read_input(path)
    assert document.format == "html" and any(".pdf" in w for w in document.warnings)


UNIVERSITY_NEWS = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8">
<title>ハヤト市と包括連携協定を締結しました | ニュース | 白峰学園大学</title>
<meta property="og:site_name" content="白峰学園大学">
</head><body>
<nav><a href="/">ホーム</a> <a href="/news/">ニュース</a></nav>
<main><article>
<h1>ハヤト市と包括連携協定を締結しました</h1>
<ul><li>投稿日</li><li>2025年4月18日</li></ul>
<p>カテゴリー：社会連携</p>
<p>2025年4月16日、白峰学園大学とハヤト市は、地域人材の育成を目的とした包括連携協定を締結しました。</p>
<p>本学はこれまでに、ミナギ町（2020年）とも連携協定を締結しています。</p>
</article></main></body></html>
"""


def test_a_university_page_that_speaks_as_itself_is_published_by_the_university(tmp_path: Path) -> None:
    # the first sentence's topic (「…とハヤト市は」) is not the publisher of a page that says 本学
    path = tmp_path / "news.html"
    path.write_text(UNIVERSITY_NEWS, encoding="utf-8")
    release = mou_extract.extract(path)
    assert release.issuer is not None and release.issuer.name == "白峰学園大学"
    assert release.title == "ハヤト市と包括連携協定を締結しました"
    assert ("announced", "partnership_agreement", "2025-04-16", ("ハヤト市", "白峰学園大学")) in _records(release)
    assert ("prior", "partnership_agreement", "2020", ("ミナギ町", "白峰学園大学")) in _records(release)


def _own_page(title: str, logo: str, body: str, sidebar_date: str = "2019-02-01") -> str:
    return "\n".join([
        f"<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'><title>{title}</title></head><body>",
        f"<header><a class='site-logo' href='/'><img src='/img/logo.png' alt='{logo}'></a>",
        "<nav><ul><li>大学案内</li><li>入試情報</li><li>研究</li><li>ニュース</li></ul></nav></header>",
        "<main><article><h1>萱野町と包括連携協定を締結しました</h1>",
        '<p class="date">公開日：<time datetime="2024-07-18">2024年07月18日</time></p>',
        body,
        "</article></main>",
        f"<aside><h2>過去のお知らせ</h2><ul><li><time datetime='{sidebar_date}'>2019.02.01</time> 学園祭を開催しました</li></ul></aside>",
        "<footer>お問い合わせ　広報課</footer></body></html>",
    ])


OWN_BODY = (
    "<p>本学と萱野町は、7月17日、地域の人材育成に関する包括連携協定を締結しました。</p>\n"
    "<p>締結式には学長と町長が出席し、協定書に署名しました。本協定に基づき、学生の地域実習や町の職員研修で協力していきます。</p>\n"
    "<p>本学が自治体と包括連携協定を締結するのは、2020年のミナギ町に続き2例目となります。</p>"
)


@pytest.mark.parametrize(
    ("title", "logo"),
    [
        ("萱野町と包括連携協定を締結しました｜ニュース｜ヒバリ学芸大学", "HIBARI"),  # the title's last part
        ("ヒバリ学芸大学／萱野町と包括連携協定を締結しました", "HIBARI"),  # the site first
        ("萱野町と包括連携協定を締結しました", "ヒバリ学芸大学 HIBARI GAKUGEI UNIVERSITY"),  # only the logo
    ],
    ids=["title-last", "title-first", "logo"],
)
def test_an_own_page_is_published_by_its_site_named_in_title_or_logo(tmp_path: Path, title: str, logo: str) -> None:
    # no og:site_name: the page's title or its logo names the site, and 本学 is the site
    path = tmp_path / "news.html"
    path.write_text(_own_page(title, logo, OWN_BODY), encoding="utf-8")
    release = mou_extract.extract(path)
    assert release.issuer is not None and release.issuer.name == "ヒバリ学芸大学"
    assert release.title == "萱野町と包括連携協定を締結しました"
    # the article's own <time>, not the oldest date of the sidebar's list
    assert release.published_on is not None and release.published_on.value == "2024-07-18"
    assert ("announced", "partnership_agreement", "2024-07-17", ("ヒバリ学芸大学", "萱野町")) in _records(release)


NEWS_TEXT = "\n".join([
    "ホクト経済ニュース　2025/02/05 08:12 配信",
    "",
    "米ルミナ、アサヒナ製薬に抗体薬の権利供与",
    "",
    "米バイオ医薬品のルミナ・セラピューティクスは4日、アサヒナ製薬と、同社が開発中の抗体医薬について"
    "日本での開発・販売権を供与するライセンス契約を結んだと発表した。",
    "ルミナは2023年にもアサヒナ製薬と共同研究契約を結んでいる。",
    "",
])


def test_a_news_text_names_its_outlet_and_date_in_the_masthead_line(tmp_path: Path) -> None:
    # 「<outlet>　<date> <time> 配信」: the outlet publishes the page, the organisations it reports do not;
    # 「同社が開発中の」 is the relative clause's subject, not the signing's
    path = tmp_path / "news.txt"
    path.write_text(NEWS_TEXT, encoding="utf-8")
    release = mou_extract.extract(path)
    assert release.published_on is not None and release.published_on.value == "2025-02-05"
    assert release.issuer is not None and release.issuer.name == "ホクト経済ニュース"
    records = _records(release)
    assert ("announced", "license", "2025-02-04", ("アサヒナ製薬", "ルミナ・セラピューティクス")) in records
    assert ("prior", "joint_research", "2023", ("アサヒナ製薬", "ルミナ・セラピューティクス")) in records


def test_a_clipped_news_item_is_dated_by_its_closing_credit(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(
        "【短信】ミサゴ技研、潮風水産大と共同研究契約\n\n"
        "ミサゴ技研（千葉県館山市）は20日、潮風水産大学と養殖の自動監視技術に関する共同研究契約を結んだと発表した。\n\n"
        "（週刊マリンテック　2024年6月21日号）\n",
        encoding="utf-8",
    )
    release = mou_extract.extract(path)
    assert release.published_on is not None and release.published_on.value == "2024-06-21"
    assert release.issuer is not None and release.issuer.name == "週刊マリンテック"
    assert ("announced", "joint_research", "2024-06-20", ("ミサゴ技研", "潮風水産大学")) in _records(release)


def test_the_rows_of_a_text_table_are_never_joined(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text(
        "\n".join([
            "ヒバリ学芸大学　国際交流センター",
            "",
            "海外協定校一覧",
            "掲載日：2024年4月5日",
            "",
            "本学は、海外の大学と大学間協定を締結し、学生交流や共同研究を行っています。",
            "",
            "国・地域　｜　協定校　｜　協定の種類　｜　締結年月",
            "韓国　｜　南海岸大学校　｜　大学間学術交流協定　｜　2015年3月",
            "台湾　｜　国立東嶺科技大学　｜　学生交流に関する覚書　｜　2017年9月",
            "タイ　｜　メコン工科大学　｜　大学間学術交流協定　｜　2018年11月",
            "",
        ]),
        encoding="utf-8",
    )
    records = _records(mou_extract.extract(path))
    assert sorted(r[1:3] for r in records) == [("mou", "2017-09"), ("partnership_agreement", "2015-03"), ("partnership_agreement", "2018-11")]


def test_a_city_page_that_says_only_shi_wa_is_published_by_the_city_its_masthead_names(tmp_path: Path) -> None:
    # the masthead over a breadcrumb trail names the site; a site named as an organisation speaks as
    # itself (「市は、」), so it is the party with each of the counted 事業者
    path = tmp_path / "city.txt"
    path.write_text(
        "\n".join([
            "鴨川台市ホームページ",
            "トップページ > 防災・安全 > 災害時応援協定 > 3事業者と災害時の支援協定を締結しました",
            "",
            "3事業者と災害時の支援協定を締結しました",
            "更新日：2023年9月1日",
            "",
            "　市は、8月30日（水曜日）、株式会社カモメ運輸、鴨川台石油株式会社、有限会社ナギサレンタルの3事業者と、"
            "それぞれ災害時における支援協力に関する協定を締結しました。",
            "",
        ]),
        encoding="utf-8",
    )
    release = mou_extract.extract(path)
    assert release.issuer is not None and release.issuer.name == "鴨川台市"
    records = _records(release)
    for partner in ("株式会社カモメ運輸", "鴨川台石油株式会社", "有限会社ナギサレンタル"):
        assert ("announced", "partnership_agreement", "2023-08-30", tuple(sorted((partner, "鴨川台市")))) in records, records


def test_a_text_saved_from_a_pdf_is_joined_though_most_of_its_lines_end_a_sentence(tmp_path: Path) -> None:
    # short paragraphs make most printed lines end in 。; the full-width lines that stop in the
    # middle of a bracket or a word are still the page's wraps
    path = tmp_path / "release.txt"
    path.write_text(
        "\n".join([
            "2024年2月20日",
            "報道関係各位",
            "学校法人ヒイラギ学園 ヒイラギ看護大学",
            "本学とミズホ市が包括連携協定を締結しました",
            "ヒイラギ看護大学（学長：森　花子、以下「本学」）は、2024年2月16日、ミズホ市と「包括",
            "連携に関する協定」を締結しました。",
            "本協定は、本学とミズホ市が相互に連携・協力し、地域を担う人材の育成を図ります。",
            "本学はこれまでに、カスミ町（2019年4月）、ナギ町（2021年11月）、ユウヒ町（2023年3月）",
            "と同様の包括連携協定を締結しており、ミズホ市は4例目の連携自治体となります。",
            "締結式はミズホ市役所で行われ、学長と市長が協定書に署名しました。",
            "以上",
            "",
        ]),
        encoding="utf-8",
    )
    records = {(role, kind, date, next(n for n in names if "ヒイラギ" not in n)) for role, kind, date, names in _records(mou_extract.extract(path))}
    assert ("announced", "partnership_agreement", "2024-02-16", "ミズホ市") in records, records
    assert ("prior", "partnership_agreement", "2023-03", "ユウヒ町") in records, records


LIST_PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8">
<title>包括連携協定締結企業等一覧 - 佐波県</title></head><body>
<header><div class="logo"><img src="/logo.png" alt="佐波県"></div></header>
<main>
<div id="tmp_pankuzu"><p><a href="/">ホーム</a> &gt; <a href="/kensei/">県政情報</a> &gt; <a href="/kensei/renkei/">企業・大学等との連携</a> &gt; 包括連携協定締結企業等一覧</p></div>
<p>県では、県民サービスの向上や地域の活性化を図るため、民間企業等と包括的な連携に関する協定を締結しています。
これまでに協定を締結した企業等は、以下のとおりです。</p>
<table>
<tr><th>No.</th><th>締結日</th><th>協定締結先</th><th>主な連携分野</th></tr>
<tr><td>1</td><td>2016/01/29</td><td>株式会社ハマユウ流通</td><td>県産品の販路拡大、高齢者の見守り</td></tr>
<tr><td>2</td><td>2017/03/22</td><td>株式会社アリアケフーズ</td><td>食育、県産農産物の利用拡大</td></tr>
<tr><td>3</td><td>2022/02/14</td><td>株式会社チズラボ</td><td>地図情報を活用した防災、観光振興</td></tr>
</table>
</main></body></html>
"""


def test_a_list_pages_title_that_only_ends_its_breadcrumb_is_still_its_headline(tmp_path: Path) -> None:
    path = tmp_path / "list.html"
    path.write_text(LIST_PAGE, encoding="utf-8")
    release = mou_extract.extract(path)
    assert release.issuer is not None and release.issuer.name == "佐波県"
    records = {(r[0], r[2], next(n for n in r[3] if n != "佐波県")) for r in _records(release)}
    assert records == {
        ("announced", "2016-01-29", "株式会社ハマユウ流通"),
        ("announced", "2017-03-22", "株式会社アリアケフーズ"),
        ("announced", "2022-02-14", "株式会社チズラボ"),
    }


def test_a_list_whose_cells_are_apart_by_slashes_gives_one_record_a_row(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text(
        "\n".join([
            "鴨川台市",
            "ホーム ＞ 防災・安全 ＞ 災害時応援協定",
            "",
            "災害時応援協定の締結状況（民間事業者等）",
            "",
            "公開日 2022年04月01日",
            "",
            "本市では、民間事業者や関係団体と災害時の応援に関する協定等を締結しています。主な協定等は次のとおりです。",
            "",
            "番号／締結日／協定等の名称／締結先",
            "1／平成16年度／災害時における燃料の優先供給に関する協定／鴨川台燃料商業協同組合",
            "2／令和元年8月30日／災害時における生活物資の供給に関する協定／株式会社カモメマート",
            "3／令和2年6月15日／災害時における無人航空機の運用に関する覚書／株式会社ナギサドローン",
            "",
        ]),
        encoding="utf-8",
    )
    records = {(r[1], r[2], next(n for n in r[3] if n != "鴨川台市")) for r in _records(mou_extract.extract(path))}
    assert records == {
        ("partnership_agreement", "2004", "鴨川台燃料商業協同組合"),
        ("partnership_agreement", "2019-08-30", "株式会社カモメマート"),
        ("mou", "2020-06-15", "株式会社ナギサドローン"),
    }


@pytest.mark.parametrize(
    ("lines", "outlet", "published"),
    [
        (["水素配管の劣化診断へ共同研究　奥羽パイプと東北理工大", "2025年3月4日　東北経済ウィークリー", ""], "東北経済ウィークリー", "2025-03-04"),
        (["ミナト精工、空ネット技研と資本業務提携", "2023年6月13日 5:00", ""], "北浜経済新聞", "2023-06-13"),
    ],
    ids=["dateline-then-outlet", "undated-closing-credit"],
)
def test_a_news_item_names_its_outlet_after_its_dateline_or_in_its_closing_credit(tmp_path: Path, lines: list[str], outlet: str, published: str) -> None:
    path = tmp_path / "news.txt"
    body = "　産業用ロボット部品のミナト精工〈6431〉は12日、空ネット技研と資本業務提携契約を結んだと発表した。"
    path.write_text("\n".join([*lines, body, "", "（北浜経済新聞）" if outlet == "北浜経済新聞" else "", ""]), encoding="utf-8")
    release = mou_extract.extract(path)
    assert release.issuer is not None and release.issuer.name == outlet
    assert release.published_on is not None and release.published_on.value == published


def test_the_page_named_at_a_breadcrumbs_end_is_not_its_issuer(tmp_path: Path) -> None:
    path = tmp_path / "own.txt"
    path.write_text(
        "\n".join([
            "ミドリホームテック",
            "ホーム ＞ ニュース ＞ 株式会社ことぶき住設との業務提携の検討開始に関するお知らせ",
            "",
            "株式会社ことぶき住設との業務提携の検討開始に関するお知らせ",
            "2024年5月10日",
            "",
            "　当社は、株式会社ことぶき住設との間で、業務提携の検討を開始することについて合意しましたのでお知らせいたします。",
            "",
            "株式会社ミドリホームテック　経営企画室",
        ]),
        encoding="utf-8",
    )
    release = mou_extract.extract(path)
    assert release.issuer is not None and release.issuer.name in ("株式会社ミドリホームテック", "ミドリホームテック")
    assert [p for p in release.partnerships if p.role == "announced"] == []


@pytest.mark.parametrize("first_line", ["ヤマト通信　国際経済", "建設技術ニュース|海外", "東海ふるさと新聞WEB 経済・産業", "薩摩みなと新聞"])
def test_a_news_page_opening_with_its_outlet_and_section_is_published_by_the_outlet(tmp_path: Path, first_line: str) -> None:
    path = tmp_path / "news.txt"
    path.write_text(
        "\n".join([first_line, "", "英分析会社とソラリス損保、気候リスク評価で覚書", "", "2025/06/19 07:15", "",
                   "英データ分析会社ケンブル・アナリティクスは18日、ソラリス損害保険と気候リスク評価に関する覚書を締結したと発表した。", ""]),
        encoding="utf-8",
    )
    release = mou_extract.extract(path)
    outlet = re.split(r"[\s|]+", first_line)[0].removesuffix("WEB")
    assert release.issuer is not None and release.issuer.name == outlet
    assert release.title == "英分析会社とソラリス損保、気候リスク評価で覚書"
    assert [(p.agreement_type, p.signed_on.value if p.signed_on else None) for p in release.partnerships] == [("mou", "2025-06-18")]


def test_a_date_line_with_the_pages_section_beside_it_is_the_pages_date(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_text(
        "ヒバリ女子大学\n\nトップ ＞ ニュース ＞ 地域連携\n\n食品メーカーと産学連携協定を締結しました\n\n2025.07.04　地域連携・社会貢献\n\n"
        "本学は、6月10日、株式会社ひまわり食品と産学連携に関する協定を締結しました。\n",
        encoding="utf-8",
    )
    release = mou_extract.extract(path)
    assert release.published_on is not None and release.published_on.value == "2025-07-04"
    assert ("announced", "partnership_agreement", "2025-06-10", ("ヒバリ女子大学", "株式会社ひまわり食品")) in _records(release)


@pytest.mark.parametrize(
    ("first_line", "outlet"),
    [("ジャパン・ビジネス・ワイヤ（JBW）　海外経済", "ジャパン・ビジネス・ワイヤ"), ("信濃中央大学医学部附属病院 ＞ ニュース・トピックス", "信濃中央大学医学部附属病院")],
    ids=["wire-with-acronym", "long-site-before-a-one-step-trail"],
)
def test_a_wire_or_a_site_with_a_long_name_opens_its_page(tmp_path: Path, first_line: str, outlet: str) -> None:
    path = tmp_path / "page.txt"
    path.write_text(
        "\n".join([first_line, "", "暁電子、英設計会社と覚書", "", "2024年11月20日", "",
                   "暁電子は19日、英半導体設計会社のブライト・シリコンとパワー半導体の共同開発に関する覚書を締結したと発表した。", ""]),
        encoding="utf-8",
    )
    release = mou_extract.extract(path)
    assert release.issuer is not None and release.issuer.name == outlet
