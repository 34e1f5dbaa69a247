"""The release's own facts, from its header block: date line, issuer, headline, and the 日程 table.

A Japanese release opens with a date line, an addressee (報道関係各位, 各位), the issuer's block
(name, 会社名 / 代表者名 / コード番号 / 問合せ先 lines), then the headline; the body follows. The
header is read line by line on the normalised text; the body starts at the first line that reads
as prose (ends with 。 or is a long sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import find_dates
from .models import DateMention
from .orgs import DEPARTMENT_CHAIN, Mention, OrgIndex

_ADDRESSEE = re.compile(r"^(?:報道|関係|各|プレス|記者|メディア|機関|者|\s)*各\s*位\s*$|^(?:報道関係|報道機関)(?:各位|の皆様|者各位)?\s*$")
_LETTERHEAD = re.compile(r"^(?:NEWS\s*RELEASE|PRESS\s*RELEASE|ニュースリリース|プレスリリース|報道発表資料?)\b", re.I)
_LABEL = re.compile(
    r"^(?:会\s*社\s*名|代\s*表\s*者\s*名?|代表取締役|(?:\(|)?コード番号|問\s*合\s*(?:わ)?\s*せ\s*先?|問い合わせ先|"
    r"\(?\s*(?:TEL|Tel|電話)|FAX|担当|本店|本社|所在地|住所|URL|E-?mail|〒|上場|\(?本店|\(TEL|理事長|学長|市長|知事)"
)
_SUBTITLE = re.compile(r"^[〜\-―ー~]")
_SITE_SUFFIX = re.compile(r"\s*(?:公式)?(?:ホームページ|ウェブサイト|Webサイト|WEBサイト|サイト)$")


@dataclass(frozen=True)
class Header:
    published_on: DateMention | None
    issuer_mentions: list[Mention]  # organisations named in the header block, in order
    title: str | None
    title_span: tuple[int, int] | None
    body_start: int  # offset in the normalised text where the body begins
    masthead: str | None = None  # the name a web page opens with (its site), when no organisation stands there
    updated_on: DateMention | None = None  # a page's 更新日: no release date, but the year its dates are in
    masthead_dated: bool = False  # surely the site: with the page's date, over a breadcrumb trail, or an outlet's name


def _lines(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def read_header(text: str, orgs: OrgIndex) -> Header:
    """Date line, issuer mentions and headline of a release (normalised text).

    The body starts at the first line of prose; the headline is the block of lines just above it
    (a subtitle 〜…〜 aside); the date line and the issuer's block are above the headline.
    """
    lines = [(a, b) for a, b in _lines(text)[:60] if text[a:b].strip()]
    body = next((i for i, (a, b) in enumerate(lines) if i and _is_prose(text[a:b].strip())), len(lines))
    title_idx: list[int] = []
    subtitle_end = None
    for i in range(body - 1, -1, -1):
        line = text[lines[i][0] : lines[i][1]].strip()
        if _SUBTITLE.match(line) and not title_idx:
            subtitle_end = subtitle_end or lines[i][1]
            continue
        if not title_idx and (_date_line(line) is not None or is_page_chrome(line)) and i > 0:
            continue  # a web page's date line (or share buttons) between its headline and its text
        if _is_header_line(text, lines[i], orgs) or len(title_idx) >= 3 or is_page_chrome(line) or (i == 0 and _outlet(line)):
            break
        title_idx.insert(0, i)
    top = title_idx[0] if title_idx else body
    published: DateMention | None = None
    issuers: list[Mention] = []
    for a, b in lines[:top]:
        line = text[a:b].strip()
        date = _date_line(line)
        if date is not None:
            if published is None:
                published = _shift(date, a + text[a:b].index(line))
            continue
        in_line = [m for m in orgs.mentions if a <= m.start and m.end <= b and m.source != "reference"]
        if in_line and (not _LABEL.match(line) or re.match(r"^会\s*社\s*名", line)) and not _TELLS.search(line) and not _TRAIL_LINE.search(line):
            issuers.extend(in_line)
    if published is None:
        published = next((_shift(d, a + text[a:b].index(text[a:b].strip())) for a, b in lines[:body] if (d := _date_line(text[a:b].strip()))), None)
    credit = _closing_credit(text)
    if credit is not None and published is None:
        published = credit[1]
    title_spans = [lines[i] for i in title_idx]
    title = " ".join(text[a:b].strip() for a, b in title_spans) or None
    # the span covers a subtitle too: its words repeat the headline's agreement
    span = (title_spans[0][0], max(title_spans[-1][1], subtitle_end or 0)) if title_spans else None
    body_start = lines[body][0] if body < len(lines) else len(text)
    masthead, dated = None, False
    if not issuers and top > 0:
        first = text[lines[0][0] : lines[0][1]].strip()
        opening = masthead_date(first)
        if opening is not None:
            masthead, dated = opening[0], True
        elif (outlet := _outlet(first)) is not None:
            masthead, dated = outlet, True  # 「ヤマト通信　国際経済」「建設技術ニュース|海外」: the outlet, then its section
        elif len(first) <= 40 and "。" not in first and _date_line(first) is None and not _ADDRESSEE.match(first) and not _LETTERHEAD.match(first):
            trail = _BREADCRUMB.search(first) is not None and not _HOME.match(first)  # 「道経ニュース ＞ 経済 ＞ 物流」
            if trail or not is_page_chrome(first):
                name = re.split(r"\s*[|｜>＞›»]\s*", first)[0]  # a web page's site name (「中部経済ジャーナル 電子版」)
                parts = re.split(r"[\s\u3000]+", name, maxsplit=1)
                section = len(parts) == 2 and _CATEGORY.fullmatch(parts[1]) is not None
                if section:
                    name = parts[0]  # 「南湖中央病院　病院からのお知らせ」: the site, then its page of news
                name = _SITE_SUFFIX.sub("", name) or name  # 「真岡市公式ホームページ」 is 真岡市's
                if not _BARE_CATEGORY.fullmatch(name):  # 「ニュース　｜　研究・産学連携」 names a section, not a site
                    masthead = name
                    nxt = text[lines[1][0] : lines[1][1]].strip() if len(lines) > 1 else ""
                    dated = trail or section or bool(_MEDIA.search(name)) or bool(_BREADCRUMB.search(nxt))
    if masthead is None and not issuers:
        # 「見出し」 / 「2025年3月4日　東北経済ウィークリー」: the dateline under the headline names the outlet
        beside = next((m for a, b in lines[1:body] if (m := masthead_date(text[a:b].strip())) is not None), None)
        if beside is not None:
            masthead, dated = beside[0], True
    if masthead is None and credit is not None and not issuers:
        masthead, dated = credit[0], True
    updated = None
    if published is None:
        updated = next((_shift(d, a) for a, b in lines[:body] if _UPDATED_LINE.search(text[a:b]) for d in find_dates(text[a:b]) if d.precision == "day"), None)
    return Header(published, issuers, title, span, body_start, masthead, updated, dated)


_CREDIT = re.compile(r"^[(（]([^()（）]+)[)）]$")


def _closing_credit(text: str) -> tuple[str, DateMention | None] | None:
    """A clipped news item closes with its source and date: 「（週刊水産テック　2024年6月21日号）」."""
    end = len(text)
    for _ in range(4):
        start = text.rfind("\n", 0, max(end - 1, 0)) + 1
        line = text[start:end].strip()
        m = _CREDIT.match(line)
        found = masthead_date(m.group(1)) if m else None
        if found is not None:
            return found[0], _shift(found[1], start + text[start:end].index(line) + 1)
        outlet = re.sub(r"^(?:提供|出典|配信)[:：]\s*", "", m.group(1)).strip() if m else ""
        if outlet and _MEDIA.search(outlet) and len(outlet) <= 25 and not _NOT_A_SITE.search(outlet):
            return outlet, None  # 「（北浜経済新聞）」「（提供：マーケットアイ通信）」: the source, undated
        if start == 0:
            break
        end = start - 1
    return None


def _is_header_line(text: str, span: tuple[int, int], orgs: OrgIndex) -> bool:
    a, b = span
    line = text[a:b].strip()
    if _date_line(line) is not None or _ADDRESSEE.match(line) or _LETTERHEAD.match(line) or _LABEL.match(line):
        return True
    in_line = [m for m in orgs.mentions if a <= m.start and m.end <= b and m.source != "reference"]
    return bool(in_line) and _is_issuer_line(line, in_line)


# a line above the headline that tells an agreement is a page's title repeated, not its issuer
_TELLS = re.compile(r"(?:締結|調印|提携|合意)(?:し|いたし|する|のお知らせ|について)|(?:協定|契約|覚書)」?を")
_UPDATED_LINE = re.compile(r"(?:最終)?更新(?:日|日時)?\s*[:：]")
_UPDATED = re.compile(r"(?:最終)?更新(?:日|日時)?\s*[:：]?\s*$")
_POSTED = re.compile(r"(?:投稿|公開|掲載|配信|発表|発行|作成)(?:日|日時)?\s*[:：]?\s*$")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")


def _date_line(line: str) -> DateMention | None:
    """A line that is a date and little else (the release date, perhaps with a place, a weekday, a
    time of day, or a web page's 投稿日 label). A date labelled 更新日 is not when the page was
    published."""
    dates = [d for d in find_dates(line) if d.precision == "day" and d.kind == "absolute"]
    dates = [d for d in dates if not _UPDATED.search(line[: d.start])]
    if not dates:
        return None
    posted = next((d for d in dates if _POSTED.search(line[: d.start])), None)
    if posted is not None:
        return posted
    rest = _CLOCK.sub("", line.replace(dates[0].text, "")).strip(" /|・　")
    if len(rest) <= 8 or _UPDATED.search(rest) or _CATEGORY.fullmatch(rest) or _SECTION.fullmatch(rest):
        return dates[0]
    masthead = masthead_date(line)
    return masthead[1] if masthead else None


# 「2025.07.04　地域連携・社会貢献」: a page's section beside its date (a few nouns, no sentence)
_SECTION = re.compile(r"[^\s。、をがはにで]{1,8}(?:[・/／][^\s。、をがはにで]{1,8}){0,2}")
_CATEGORY = re.compile(r".{0,10}(?:お知らせ|ニュース|トピックス|NEWS|News|新着情報|プレスリリース|イベント|報道発表)")
_EDITION = re.compile(r"(?:[(（][月火水木金土日祝・]+[)）])?\s*(?:配信|掲載|公開|号|付|朝刊|夕刊|電子版|版)?(?:\s*[^\s。、「」]{1,4}面)?")
_NOT_A_SITE = re.compile(r"[。、「」]|締結|協定|提携|契約|覚書|更新|投稿|公開|掲載|[0-9０-９]{3}")


def names_an_outlet(name: str) -> bool:
    """「北浜経済新聞」「農機新報 Web版」「薩摩みなと新聞社」: a news outlet's name."""
    return bool(_MEDIA.search(name.strip()))


def _outlet(line: str) -> str | None:
    """A news outlet's name opening a page's first line, perhaps with its section after it."""
    first = re.split(r"[\s|｜]+", line.strip())[0]
    first = re.split(r"(?<=\S)(?:WEB|Web|web|ONLINE|Online)(?=[^A-Za-z]|$)", first)[0]  # 「…新聞WEB経済・産業」
    name = re.sub(r"(?:電子版|デジタル版|オンライン)$", "", first) or first
    name = re.sub(r"[(（][A-Za-z]{2,8}[)）]$", "", name) or name  # 「ジャパン・ビジネス・ワイヤ（JBW）」
    if 2 <= len(name) <= 25 and _MEDIA.search(name) and not _NOT_A_SITE.search(name) and not _BARE_CATEGORY.fullmatch(name):
        return name
    return None


def masthead_date(line: str) -> tuple[str, DateMention] | None:
    """A news page's masthead line: the outlet's name, then the date (and time, edition) the page
    was published on (「北日本経済新聞　2024年5月9日（木）朝刊　経済面」「NWAニュース 2025/02/05 08:12 配信」)."""
    dates = [d for d in find_dates(line) if d.precision == "day" and d.kind == "absolute"]
    if not dates:
        return None
    d = dates[0]
    site = line[: d.start].strip(" 　")
    edition = _CLOCK.sub("", line[d.end :]).strip(" 　")
    if not site and _MEDIA.search(edition) and 2 <= len(edition) <= 25 and not _NOT_A_SITE.search(edition):
        return edition, d  # 「2025年3月4日　東北経済ウィークリー」: the dateline, then the outlet
    if not 2 <= len(site) <= 25 or _NOT_A_SITE.search(site) or not _EDITION.fullmatch(edition):
        return None
    return site, d


_PAGE_FACTS = re.compile(
    r"^(?:[-・*]\s*)?(?:(?:最終)?更新日|投稿日|公開日|掲載日|ページ(?:ID|番号)|印刷|文字サイズ|シェア|この記事をシェア|ツイート|いいね|"
    r"カテゴリー?|タグ)(?:\s*[:：].*)?$"
)
_TRAIL_LINE = re.compile(r"[>＞›»]")  # a breadcrumb trail's page names are not the issuer's
_HOME = re.compile(r"^(?:ホーム|トップ|TOP|Top|HOME|Home)(?:ページ)?(?![^\s>＞›»])")
_BARE_CATEGORY = re.compile(r"(?:ニュース|お知らせ|NEWS|News|トピックス|新着情報|報道(?:発表|提供)資料|プレスリリース|ニュースリリース|活動報告|イベント|[・\s])+")
# a news outlet's name (「北信濃新報」「農機新報 Web版」「しずおか産業ナビ」)
_MEDIA = re.compile(r"(?:新聞|新報|日報|タイムズ|タイムス|ジャーナル|通信|ニュース|速報|ナビ|ウォッチ|プレス|ポスト|マガジン|オンライン|デジタル|ウィークリー|ウイークリー|ビジネス|ワイヤ|ワイヤー|ワイアー)社?(?:\s*(?:Web版?|WEB|電子版|オンライン|デジタル))?$|\s(?:Web版?|WEB|電子版)$")
_BREADCRUMB = re.compile(
    r"^(?:ホーム|トップ|TOP|Top|HOME|Home)\b|[^\s>＞›»]{1,20}\s*[>＞›»]\s*[^\s>＞›»]{1,20}\s*[>＞›»]"
    r"|^[^\s>＞›»。、]{1,20}\s*[>＞›»]\s*[^\s>＞›»。、]{1,20}$"  # 「ニュース ＞ 卸・薬局」
)
_MENU = re.compile(r"^(?:[^\s　。、]{1,8}[\s　]+){3,}[^\s　。、]{1,8}$")


def is_page_chrome(line: str) -> bool:
    """Breadcrumbs (「ホーム ＞ ニュース ＞ 産業」) and menus (「サービス　会社情報　ニュース　採用」) of a
    saved web page: neither headline nor issuer."""
    return bool(_BREADCRUMB.search(line) or _MENU.match(line) or _PAGE_FACTS.match(line))


def _shift(d: DateMention, offset: int) -> DateMention:
    return d.model_copy(update={"start": d.start + offset, "end": d.end + offset})


def _is_prose(line: str) -> bool:
    return line.endswith(("。", "。)")) or (len(line) > 60 and "、" in line and ("は、" in line or "が、" in line))


_UNIT = re.compile(r"[\u4e00-\u9fff]{1,12}(?:センター|事務局|本部|支店|支社|研究科|学部|研究所)")


def _is_issuer_line(line: str, mentions: list[Mention]) -> bool:
    """A line holding just organisation names (and perhaps a department or place in brackets)."""
    rest = line
    for m in mentions:
        rest = rest.replace(m.name, "")
    rest = re.sub(r"\([^)]*\)|[\s・、]|(?:本店|本社|本部)[:：].*", "", rest)
    if DEPARTMENT_CHAIN.fullmatch(rest) or _UNIT.fullmatch(rest):
        rest = ""  # 「長野県企画振興部地域振興課」「…大学　国際交流センター」: the body, then its unit
    return len(rest) <= 6
