"""Document rules: what a release says outside its sentences, read after the sentence rules.

The sentence rules (:mod:`mou_extract.partnerships`) turn each sentence into events; a release also
speaks through its blocks and its kind:

* a correction notice (「…のお知らせ」の一部訂正について) retells an agreement: what it quotes as
  訂正前 no longer holds, and what stands is an earlier agreement;
* a 日程 row can schedule a further agreement between the same parties (統合契約締結 … (予定));
* a table (締結年月 / 相手先) or a bulleted list after 「以下の…と…を締結しています」 gives one
  earlier agreement per row;
* in a release with news of its own, a bulleted item or a table row that names a partner, an
  agreement and its date (「・X大学（韓国）　学術交流協定（2016年5月）」) is an earlier agreement, of the
  issuer, or of the counterparty when it stands under the counterparty's own block;
* a counterparty block's 「当社との関係」 row names that counterparty;
* a headline may shorten the body's agreement (包括的業務提携 for …包括的業務提携協定).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .models import DateMention
from .partnerships import (
    FRESH_DAYS,
    TERMINATION,
    Context,
    Event,
    Party,
    agreement_words,
    as_date,
    dedupe,
    fit_year,
)
from .text import Sentence


def document_events(ctx: Context, events: list[Event]) -> list[Event]:
    """The sentence events, completed and corrected by what the release's blocks and kind say."""
    for event in events:
        _add_described_counterparty(ctx, event)
    events = [e for e in events if not _headline_shortens(e, events)]
    events.extend(_scheduled_in_timetable(ctx, events))
    listed = _list_page_agreements(ctx, events)
    events.extend(listed if listed else _partners_table(ctx, events))
    events.extend(_listed_earlier(ctx, events))
    return _as_corrected(ctx, events)


_RELATION_ROW = re.compile(r"(?:当社|上場会社|当行|当法人)(?:と(?:の|当該会社との間の))?(?:関係|取引関係)|取引関係")
_NAME_ROW = re.compile(r"(?m)^[^\n]{0,8}(?:名\s*称|商\s*号|会\s*社\s*名)[\s:：]+([^\n]+)$")


def _add_described_counterparty(ctx: Context, event: Event) -> None:
    """「相手先の概要」's row 「(4)当社との関係　2019年に締結した取引基本契約」: the agreement is
    between the issuer and the organisation the block describes (its 名称 row)."""
    if ctx.issuer is None or any(p.entity not in (None, ctx.issuer) for p in event.parties):
        return
    text = ctx.text
    line_start = text.rfind("\n", 0, event.pred_start) + 1
    if not _RELATION_ROW.search(text, line_start, event.pred_start):
        return
    rows = [m for m in _NAME_ROW.finditer(text, max(0, line_start - 800), line_start)]
    if not rows:
        return
    row = rows[-1]
    named = [m for m in ctx.orgs.mentions if row.start(1) <= m.start < row.end(1) and m.entity >= 0 and m.entity != ctx.issuer and m.source != "reference"]
    if named:
        event.parties = dedupe([Party(ctx.issuer), Party(named[0].entity)])


def _headline_shortens(event: Event, events: list[Event]) -> bool:
    """The headline's 「包括的業務提携を締結」 for the body's 「…包括的業務提携協定」を締結: the same
    agreement, whose full name (and so its kind) the body gives."""
    if not event.in_title:
        return False
    words = agreement_words(event.label)
    if not words:
        return False
    longer = re.compile(re.escape(words[-1].word) + r"(?:協定|契約|覚書|合意書)")
    parties = {p.entity for p in event.parties}
    return any(
        not other.in_title and other.role == event.role and {p.entity for p in other.parties} == parties
        and other.type != event.type and longer.search(other.label)
        for other in events
    )


_TIMETABLE_SIGNING = re.compile(
    r"^[\s　]*(?:[(]?\d+[)]|[①-⑳])?[\s　]*([^\s　。、()]{1,12}?(?:契約|協定|覚書|合意書))(?:の)?(?:締結|調印)(?![日式])"
)


def _scheduled_in_timetable(ctx: Context, events: list[Event]) -> list[Event]:
    """「統合契約締結　2026年5月中旬(予定)」: a row of the release's 日程 that schedules a further
    agreement between the same parties, at a stated date, is an announced signing of its own."""
    main = next((e for e in events if e.role == "announced" and not e.in_title and sum(p.entity is not None for p in e.parties) >= 2), None)
    if main is None:
        return []
    told = {e.label for e in events}
    out: list[Event] = []
    pos = ctx.body_start
    for line in ctx.text[ctx.body_start :].split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        m = _TIMETABLE_SIGNING.match(line)
        if m is None or "予定" not in line or TERMINATION.search(line):
            continue
        label = m.group(1)
        if label[0] in "本同当" or any(label in t for t in told):
            continue  # the agreement this release announces (本契約締結日)
        date = next((d for d in ctx.dates if line_start + m.end() <= d.start < line_start + len(line)), None)
        if date is None:
            continue
        words = agreement_words(label)
        a_type = words[-1].type if words and words[-1].type != "inherit" else "other"
        scheduled = fit_year(ctx, date.model_copy(update={"scheduled": True}), "announced")
        out.append(Event(**{**main.__dict__, "label": label, "type": a_type, "date": scheduled, "pred_start": line_start + m.start(1), "pred_end": line_start + m.end(), "evidence": []}))
        told.add(label)
    return out


_TABLE_HEAD = re.compile(r"(?:締結|調印|協定|契約)?(?:年月日|年月|日付|日|時期)[\s　]+(?:相手先|締結先|連携先|協定先|提携先|契約先|締結相手)")
# 「当社はこれまでに、以下の自治体等と同様の連携協定を締結しています。」 and a bulleted list after it
_LIST_INTRO = re.compile(r"(?:以下|下記|次)の[^。\n]{0,20}?と[^。]{0,40}?締結(?:し|いたし)て(?:います|おります|きました|まいりました)。")
_BULLET = "・‐-–●○◦▪■□◆◇※*"
# 「■本学の海外協定校（締結順）」「【これまでの提携先】」: a heading over the list of earlier partners
_PARTNERS_HEADING = re.compile(r"(?m)^[\s\u3000]*[■□◆◇●○【]?[^\n。]{0,20}(?:協定校|協定先|提携先|締結先|連携先|提携校|姉妹校)[^\n。]{0,12}$")
_DATE_LAST = re.compile(r"[\s\u3000]*(?:締結|調印|提携|~|〜)?[)）]?[\s\u3000]*")


def _partners_table(ctx: Context, events: list[Event]) -> list[Event]:
    """「締結年月　相手先」 with a row per earlier agreement (「平成30年6月　株式会社X」), or a bulleted
    list after 「以下の…と…協定を締結しています。」: each row is an agreement between the issuer and
    the partners it names, of the kind the heading or the sentence names."""
    text = ctx.text
    if ctx.issuer is None:
        return []
    head = _TABLE_HEAD.search(text, ctx.body_start)
    if head is not None:
        heading_start = text.rfind("\n", 0, text.rfind("\n", 0, head.start())) + 1
        words_from = (heading_start, head.start())
    else:
        head = _LIST_INTRO.search(text, ctx.body_start) or _PARTNERS_HEADING.search(text, ctx.body_start)
        if head is None:
            return []
        words_from = (head.start(), head.end())
    words = [w for w in agreement_words(text, *words_from) if w.type != "inherit"]
    a_type = words[-1].type if words else (ctx.last_type or "other")
    label = words[-1].word if words else "契約"
    announced = {(p.entity, e.date.value if e.date else None) for e in events if e.role == "announced" for p in e.parties}
    role = "prior" if any(e.role == "announced" and not e.in_title for e in events) else "announced"
    out: list[Event] = []
    pos = text.find("\n", head.end() - 1) + 1
    while 0 < pos < len(text):
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        line = text[pos:line_end].strip(" \u3000")
        if out and line.startswith("(") and line.endswith(")"):
            pos = line_end + 1
            continue  # 「(2025年3月の協定期間満了をもって終了)」: a note under the row above
        date = next((d for d in ctx.dates if pos <= d.start < line_end), None)
        orgs = [m for m in ctx.orgs.mentions if date is not None and date.end <= m.start and m.end <= line_end and m.entity >= 0 and m.source != "reference"]
        if date is not None and not orgs:  # 「・清雲大学校（大韓民国）　2012年4月締結」: the partner, then its date
            named = [m for m in ctx.mentions_between(pos, date.start) if m.entity >= 0 and m.source != "reference"]
            if named and not text[pos : named[0].start].strip(" \u3000" + _BULLET) and _DATE_LAST.fullmatch(text[date.end : line_end]):
                orgs = named[:1]
        elif date is not None and text[pos : date.start].strip(" \u3000" + _BULLET):
            orgs = []
        if date is None or not orgs:
            break  # the table ends at the first line that is not 「date　partner」 or 「partner　date」
        listed_now = any(e == orgs[0].entity and v is not None and (v.startswith(date.value) or date.value.startswith(v)) for e, v in announced)
        if not re.search(r"\((?:今回|本件|本協定|本契約)\)", text[orgs[0].end : line_end]) and not listed_now:
            sentence = Sentence(pos, line_end, text[pos:line_end])
            parties = dedupe([Party(ctx.issuer)] + [Party(m.entity) for m in orgs])
            # a page that is the list (no news of its own) announces what it lists, by the gold rules
            own = [w for w in agreement_words(text, pos, line_end) if w.type != "inherit"]  # 「学生交流に関する覚書（2018年9月）」
            row_type, row_label = (own[-1].type, own[-1].word) if own else (a_type, label)
            out.append(Event(sentence, date.start, date.end, row_label, row_type, role, parties, fit_year(ctx, date, "prior")))
        pos = line_end + 1
    return out


# a page whose subject is the agreements its publisher has signed (「包括連携協定締結企業等一覧」,
# 「災害時応援協定の締結状況」, 「本市が締結している主な連携協定」)
_LIST_PAGE = re.compile(r"一覧|締結状況|締結している|締結先|締結実績|主な(?:連携)?協定|協定(?:等)?の(?:状況|一覧)|(?:協定|連携)(?:について)?$")
_ROW_SEPARATOR = re.compile(r"\s*[|｜\t]\s*")
_ITEM = re.compile(r"^[\s\u3000]*(?:[・●○◆◇■□▪‐\-–]|\(?\d{1,2}[).．]|\d{1,2}[\s\u3000]+(?=[^\s\u3000\d])|[①-⑳])")


def _list_page_agreements(ctx: Context, events: list[Event]) -> list[Event]:
    """A page listing the agreements its publisher has signed: one agreement per table row or list
    item that names a partner and a date (its kind from the item, else from the heading above it or
    the page's title), announced as the page's news. An item goes on over the indented lines under
    it (「■X」 / 「　締結先：…」 / 「　締結日：…」 / a sentence that ends with the date)."""
    text = ctx.text
    title = text[ctx.title_span[0] : ctx.title_span[1]] if ctx.title_span else ""
    if ctx.issuer is None or not _LIST_PAGE.search(title.strip()):
        return []
    page_words = [w for w in agreement_words(title) if w.type != "inherit"]
    mention_starts = [m.start for m in ctx.orgs.mentions]
    out: list[Event] = []
    heading_type: str | None = None
    for start, end, is_item in _list_items(text, ctx.body_start):
        orgs = [
            m for m in ctx.orgs.mentions[bisect_left(mention_starts, start) : bisect_left(mention_starts, end)]
            if m.end <= end and m.entity >= 0 and m.source != "reference"
        ]
        item = text[start:end]
        words = [w for w in agreement_words(text, start, end) if w.type != "inherit"]
        date = _signing_date_in(ctx, start, end)
        if not is_item:
            if words and not orgs and date is None:
                heading_type = words[-1].type  # a heading over the items below it
            continue
        cells_orgs = [m for m in orgs if m.entity != ctx.issuer] or _bare_cells(ctx, item.split("\n")[0], start)
        if date is None or not cells_orgs or re.search(r"終了|解消|解約|廃止|満了", item):
            continue
        a_type = words[-1].type if words else heading_type or (page_words[-1].type if page_words else "other")
        label = words[-1].word if words else (page_words[-1].word if page_words else "協定")
        parties = dedupe([Party(ctx.issuer)] + [p if isinstance(p, Party) else Party(p.entity) for p in cells_orgs])
        sentence = Sentence(start, end, item)
        out.append(Event(sentence, start, end, label, a_type, "announced", parties, fit_year(ctx, date, "prior"), from_list=True))
    return out if len(out) >= 2 else []


_ITEM_LABEL = re.compile(r"^[\s\u3000]*(?:協定先|締結先|相手先|連携先|締結者|締結日|協定名|締結年月日|分野|内容)[:：]")
_SIGNED_LABEL = re.compile(r"締結(?:年月)?日[:：]")
MAX_ITEM_LINES = 6


# 「1／平成16年度／…に関する協定／倉敷燃料商業協同組合」: cells apart by slashes (not a date's 2016/01/29)
_SLASH_CELL = re.compile(r"(?<![0-9])/|/(?![0-9])")


def _list_items(text: str, body_start: int) -> list[tuple[int, int, bool]]:
    """The body's lines grouped into (start, end, is an item): an item is a row or a bulleted or
    numbered line with the indented or labelled lines under it; any other line stands alone."""
    lines: list[tuple[int, int]] = []
    pos = body_start
    for line in text[body_start:].split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    out: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(lines):
        a, b = lines[i]
        line = text[a:b]
        is_row = "|" in line or "｜" in line or "\t" in line or len(_SLASH_CELL.findall(line)) >= 2
        if not (is_row or _ITEM.match(line)):
            out.append((a, b, False))
            i += 1
            continue
        j = i + 1
        heading = "。" not in line  # 「■X」: the item's text follows on the lines under it
        while not is_row and j < len(lines) and j - i < MAX_ITEM_LINES:
            nxt = text[lines[j][0] : lines[j][1]]
            if not nxt.strip() or _ITEM.match(nxt) or not (heading or nxt[:1] in " \u3000" or _ITEM_LABEL.match(nxt)):
                break
            j += 1
        out.append((a, lines[j - 1][1], True))
        i = j
    return out


def _signing_date_in(ctx: Context, start: int, end: int) -> DateMention | None:
    """An item's signing date: the one its 締結日 label gives, else its first date that starts nothing
    (not 「…をもって終了」, not the end of a term)."""
    first = bisect_left(ctx.date_starts, start)
    found = [d for d in ctx.dates[first : bisect_left(ctx.date_starts, end)] if d.range_role != "end"]
    labelled = [d for d in found if _SIGNED_LABEL.search(ctx.text, max(start, d.start - 8), d.start)]
    chosen = labelled or found
    return chosen[0] if chosen else None


def _bare_cells(ctx: Context, line: str, start: int) -> list[Party]:
    """Table cells that hold only a name the matcher did not know (「奥津川町建設業協会」 is known;
    「ハマナス流通」 in a 協定先 column is not)."""
    from .orgs import bare_name
    from .partnerships import _entity_for_bare_name

    out: list[Party] = []
    pos = start
    for cell in _ROW_SEPARATOR.split(line):
        at = ctx.text.find(cell, pos) if cell else -1
        if at < 0 or not cell.strip():
            continue
        pos = at + len(cell)
        if any(ch.isdigit() for ch in cell) or agreement_words(cell) or len(cell) > 30:
            continue
        span = bare_name(ctx.text, at, at + len(cell.rstrip()), ctx.tokens, strict=True)
        if span is not None:
            out.append(Party(_entity_for_bare_name(ctx, ctx.text[span[0] : span[1]])))
    return out[:1]


_CORRECTION_TITLE = re.compile(r"訂正(?:について|のお知らせ|に関する)|[(【]訂正[)】]|一部訂正")
_SUPERSEDED = re.compile(r"[(【\[<＜〈]?(?:訂正|変更)前[)】\]>＞〉]?")
_REPLACING = re.compile(r"[(【\[<＜〈]?(?:訂正|変更)後[)】\]>＞〉]?")


def _as_corrected(ctx: Context, events: list[Event]) -> list[Event]:
    """A correction notice (「…のお知らせ」の一部訂正について) retells an agreement announced
    before: what it quotes as 訂正前 no longer holds, and what stands is an earlier agreement."""
    if ctx.title_span is None or not _CORRECTION_TITLE.search(ctx.text[ctx.title_span[0] : ctx.title_span[1]]):
        return events
    superseded = []
    for before in _SUPERSEDED.finditer(ctx.text, ctx.body_start):
        after = _REPLACING.search(ctx.text, before.end())
        superseded.append((before.start(), after.start() if after else len(ctx.text)))
    kept = [e for e in events if not any(a <= e.pred_start < b for a, b in superseded)]
    for event in kept:
        if event.role == "announced":
            event.role = "prior"
    return kept


_CELL_GAP = re.compile(r"\S[\u3000 ]{2,}\S")  # 「久慈市（2019年協定締結）　　　塩うに…」: cells set apart by spaces
_ITEM_CONTINUES = re.compile(r"^[\u3000 ]{4,}(?![・●○◆◇■□▪‐\-–])\S")  # an item's wrapped line, indented under it
_NOT_EARLIER = re.compile(r"今回|本件|本協定|本契約|本日|終了|解消|解約|廃止|予定")
_COUNTERPARTY_HEADING = re.compile(r"相手先|提携先|締結先|当該会社")


def _listed_earlier(ctx: Context, events: list[Event]) -> list[Event]:
    """Items and rows naming a partner, an agreement and its date, in a release whose news is told
    in its sentences: each an earlier agreement of the issuer (or of the described counterparty,
    under its block), unless the item marks it as today's."""
    if ctx.issuer is None or not any(e.role == "announced" and not e.in_title and not e.from_list for e in events):
        return []
    text = ctx.text
    told = [(e.sentence.start, e.sentence.end) for e in events]
    mention_starts = [m.start for m in ctx.orgs.mentions]  # both in text order: a line's share by bisection
    date_starts = [d.start for d in ctx.dates]
    lines = text[ctx.body_start :].split("\n")
    starts = [ctx.body_start]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    out: list[Event] = []
    for i, line in enumerate(lines):
        start = starts[i]
        if "。" in line or not (_ITEM.match(line) or _CELL_GAP.search(line.strip())):
            continue
        end = starts[i] + len(line)
        while i + 1 < len(lines) and _ITEM_CONTINUES.match(lines[i + 1]) and "。" not in lines[i + 1] and not _ITEM.match(lines[i + 1]):
            i += 1
            end = starts[i] + len(lines[i])
        if any(a <= start < b for a, b in told) or _NOT_EARLIER.search(text, start, end):
            continue
        words = [w for w in agreement_words(text, start, end) if w.type != "inherit"]
        in_line = ctx.dates[bisect_left(date_starts, start) : bisect_left(date_starts, end)]
        date = next((d for d in in_line if d.range_role != "end"), None)
        if not words or date is None:
            continue
        signed = as_date(date)
        if signed is not None and ctx.published is not None and (ctx.published - signed).days <= FRESH_DAYS:
            continue  # today's agreement set out in a row of its own
        owner = _owner_of_list(ctx, start)
        named = ctx.orgs.mentions[bisect_left(mention_starts, start) : bisect_left(mention_starts, end)]
        orgs = [m for m in named if m.end <= end and m.entity >= 0 and m.source != "reference" and m.entity != owner]
        if not orgs:
            continue
        parties = dedupe([Party(owner), Party(orgs[0].entity)])
        sentence = Sentence(start, end, text[start:end])
        out.append(Event(sentence, words[-1].start, words[-1].end, words[-1].word, words[-1].type, "prior", parties, fit_year(ctx, date, "prior"), from_list=True))
    return out


def _owner_of_list(ctx: Context, pos: int) -> int:
    """The issuer, or the counterparty whose block (its 名称 row, then 「相手先の主な提携実績」) the
    list stands under."""
    assert ctx.issuer is not None
    text = ctx.text
    heading_end = pos
    for _ in range(3):
        heading_start = text.rfind("\n", 0, max(0, heading_end - 1)) + 1
        heading = text[heading_start:heading_end]
        if not _ITEM.match(heading) or "(" in heading[:4]:
            break
        heading_end = heading_start
    if not _COUNTERPARTY_HEADING.search(text, heading_start, heading_end):
        return ctx.issuer
    rows = list(_NAME_ROW.finditer(text, max(0, heading_start - 1200), heading_start))
    if not rows:
        return ctx.issuer
    named = [m for m in ctx.orgs.mentions if rows[-1].start(1) <= m.start < rows[-1].end(1) and m.entity >= 0 and m.entity != ctx.issuer]
    return named[0].entity if named else ctx.issuer
