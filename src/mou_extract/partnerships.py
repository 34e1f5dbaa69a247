"""Partnership rules: agreement sentences → events → one record per agreement.

For each sentence, every conclusion predicate (締結, 合意, 提携する, 結ぶ, 調印 …; data/predicates.tsv)
becomes an :class:`Event`:

* **agreement**: the agreement words (data/agreements.tsv) of its object; the type is the head noun,
  the last agreement word (共同開発に関する覚書 → mou); a bare 契約 takes the type of the agreement word
  before it, else of what the contract grants (data/grants.tsv). An object ending in 協議 / 検討 /
  解消 is a negotiation or a termination: no partnership.
* **role**: the words after the predicate (締結しました → announced; 締結しており → prior; 締結する
  ことを目指す → plan, dropped unless a date is scheduled), history words in the clause (これまで,
  以来, に続き), and the date: a signing long before the release is history.
* **parties**: the topic (X は), the partners marked by と / との (lists joined by 、 及び 並びに),
  references resolved (当社 → issuer), organisations that only modify a partner (Xの子会社である) left
  out; 「それぞれ」 makes one record per partner; a partner given only as 「国内の研究機関」 is unnamed.
* **date**: the nearest date before the predicate in its clause (同日付 and 本日 resolved), else the
  signing date of a 日程 table; a year-less date takes the year that fits the tense.

Lists of earlier partners (「2016年5月にA、2017年6月にB…と締結しており」, 「A、B、Cに続き5例目」) give
one prior record per partner. Events with the same parties and type merge into one record
(:mod:`mou_extract.records`). What a release says in its tables, lists, timetables and by being a
correction is read afterwards by :mod:`mou_extract.blocks`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from .dates import parse_number
from .lexicon import load_table
from .models import DateMention
from .orgs import Entity, Mention, OrgIndex, descriptors, is_kanji, name_key
from .text import Sentence, split_sentences
from .tokens import Token

FRESH_DAYS = 7  # a signing this close before the release is its news
PRIOR_AFTER_DAYS = 120  # an agreement signed this long before the release is history, not news
CLAUSE_BREAK = re.compile(r"(?:し|いたし|致し|結び|ており|ましたが|であり|ですが|した上で)、")


# ---------------------------------------------------------------------------------------------
# Lexicons


@dataclass(frozen=True)
class AgreementWord:
    start: int
    end: int
    word: str
    type: str  # taxonomy value or "inherit"


@cache
def _agreement_table() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((r[0], r[1]) for r in load_table("agreements")), key=lambda r: -len(r[0])))


@cache
def _agreement_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w, _ in _agreement_table()))


@cache
def _agreement_types() -> dict[str, str]:
    return {w.lower(): t for w, t in _agreement_table()}


@cache
def _grants() -> tuple[tuple[str, str], ...]:
    return tuple((r[0], r[1]) for r in load_table("grants"))


@cache
def _predicates() -> dict[str, tuple[re.Pattern[str], ...]]:
    table: dict[str, list[re.Pattern[str]]] = {}
    for kind, pattern in load_table("predicates"):
        table.setdefault(kind, []).append(re.compile(pattern))
    return {k: tuple(v) for k, v in table.items()}


@cache
def _conclude_pattern() -> re.Pattern[str]:
    return re.compile("|".join(p.pattern for p in _predicates()["conclude"]))


def agreement_words(text: str, start: int = 0, end: int | None = None) -> list[AgreementWord]:
    end = len(text) if end is None else end
    types = _agreement_types()
    return [
        AgreementWord(m.start(), m.end(), m.group(), types[m.group().lower()])
        for m in _agreement_pattern().finditer(text, start, end)
    ]


# ---------------------------------------------------------------------------------------------
# Events


@dataclass
class Party:
    entity: int | None  # index into OrgIndex.entities; None for an unnamed party
    description: str | None = None


@dataclass
class Event:
    sentence: Sentence
    pred_start: int
    pred_end: int
    label: str
    type: str
    role: str  # announced | prior | plan
    parties: list[Party]
    date: DateMention | None
    separate: bool = False  # 「それぞれ」: one record per partner
    explicit_agreement: bool = True
    date_from_table: bool = False
    in_title: bool = False
    issuer_added: bool = False
    resolution: bool = False  # 「締結することを決議」: the board resolved to conclude it
    partners_inferred: bool = False  # partners not marked in the sentence (earlier agreement, bare phrase)
    from_list: bool = False
    evidence: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Context:
    """What the rules need to know about the document."""

    text: str
    orgs: OrgIndex
    issuer: int | None
    published: date | None
    dates: list[DateMention]
    title_span: tuple[int, int] | None
    body_start: int
    agreement_aliases: dict[str, str]
    tokens: list[Token]
    table_signing_dates: list[tuple[str, DateMention]]  # (the row's label, its date), in text order
    topic_is_agreement: bool
    topic_is_termination: bool
    last_type: str | None = None  # the type of the agreement told last, for 「同契約」
    partners_inferred: bool = False  # set by the party search for the event being built
    issuer_added: bool = False
    previous_separate: bool = False
    last_date: DateMention | None = None  # the date of the agreement told last


def find_events(ctx: Context) -> list[Event]:
    events: list[Event] = []
    sentences = split_sentences(ctx.text)
    if ctx.title_span:
        sentences = [s for s in sentences if not (s.start >= ctx.title_span[0] and s.end <= ctx.title_span[1])]
        a, b = ctx.title_span
        sentences.insert(0, Sentence(a, b, ctx.text[a:b]))
    previous_partners: list[Party] = []
    for sentence in sentences:
        in_title = bool(ctx.title_span and sentence.start == ctx.title_span[0])
        listed = list(_listed_prior_events(ctx, sentence))
        events.extend(listed)
        if not in_title:
            events.extend(_standing_agreements(ctx, sentence, previous_partners))
            events.extend(_agreements_since(ctx, sentence))
        told: Event | None = None  # the agreement this sentence told already, for 「…決議し、同日付で締結」
        for m in _conclude_pattern().finditer(ctx.text, sentence.start, sentence.end):
            event = _event_at(ctx, sentence, m.start(), m.end(), in_title, previous_partners, told)
            told = event or told
            if event is None:
                continue
            if listed and _covered_by_list(event, listed):
                continue
            respective = _respective_objects(ctx, sentence, event)
            if respective:
                events.extend(respective)
                ctx.last_type, ctx.last_date = respective[-1].type, respective[-1].date or ctx.last_date
                continue
            for other in _coordinated_agreements(ctx, sentence, event):
                events.append(other)
            dated = _partners_with_own_dates(ctx, event)
            if dated:
                events.extend(dated)
                continue
            ctx.last_type = event.type
            ctx.last_date = event.date or ctx.last_date
            if not previous_partners and not in_title and any(p.entity is not None and p.entity != ctx.issuer for p in event.parties):
                previous_partners = list(event.parties)  # the main agreement's parties
                ctx.previous_separate = event.separate
            events.append(event)
    return events


_STANDING = re.compile(r"^(?:につきましては|については|は|も)、?(?:引き続き|今後も)?(?:継続|存続|有効)")


def _standing_agreements(ctx: Context, sentence: Sentence, previous_partners: list[Party]) -> Iterable[Event]:
    """「…販売代理店契約につきましては、引き続き継続いたします」: an agreement said to stay in force
    is one already in place, though no verb concludes it."""
    text = ctx.text
    for w in agreement_words(text, sentence.start, sentence.end):
        if w.type == "inherit" and w.word != "契約" or not _STANDING.match(text[w.end : w.end + 20]):
            continue
        clause0 = _clause_start(text, sentence.start, w.start)
        a_type = w.type if w.type != "inherit" else _inherited_type(ctx, [w], clause0, w.start, sentence.end)
        parties, _ = _parties(ctx, sentence, clause0, w.start, previous_partners, w.start, w.end)
        if len({p.entity for p in parties}) >= 2:
            date = _date_of(ctx, sentence, clause0, w.start, "prior")
            yield Event(sentence, w.start, w.end, _label(text, [w], w), a_type, "prior", parties, date)


def _coordinated_agreements(ctx: Context, sentence: Sentence, event: Event) -> list[Event]:
    """「「大学間学術交流協定」及び「学生交流に関する覚書」に調印」: two agreements concluded by one
    verb; the event has the last one, this adds the others (same parties, date and role)."""
    text = ctx.text
    words = [w for w in agreement_words(text, sentence.start, event.pred_start) if w.type not in ("inherit",)]
    out: list[Event] = []
    for a, b in zip(words, words[1:], strict=False):
        joint = text[a.end : b.start]
        if not re.match(r"^[」』)]?(?:及び|および|並びに|ならびに|と)[「『(]?", joint) or len(joint) > 30:
            continue
        if a.type == event.type or re.search(r"[、。をがは]", joint[3:]):
            continue
        if not re.search(r"[」』]?(?:に|を)$", text[b.end : event.pred_start][:3] or "を"):
            continue
        out.append(Event(**{**event.__dict__, "label": a.word, "type": a.type, "evidence": []}))
    return out


def _respective_objects(ctx: Context, sentence: Sentence, event: Event) -> list[Event]:
    """「9月26日にAと業務提携契約を、10月3日にBと連携協定を、それぞれ締結」: one verb concludes
    several agreements, each with its own partner, date and kind, told as 「…を、…を、それぞれ」."""
    text = ctx.text
    if not re.search(r"を、?それぞれ", text[max(sentence.start, event.pred_start - 12) : event.pred_start]):
        return []
    cuts = [m.end() for m in re.finditer(r"を、", text[sentence.start : event.pred_start])]
    if len(cuts) < 2:
        return []
    topic = re.search(r"^.*(?:は|が)、", text[sentence.start : sentence.start + cuts[0]])
    bounds = [sentence.start + (topic.end() if topic else 0)] + [sentence.start + c for c in cuts]
    segments = list(zip(bounds, bounds[1:], strict=False))
    out: list[Event] = []
    in_segments: set[int | None] = set()
    for a, b in segments:
        words = [w for w in agreement_words(text, a, b) if w.type != "inherit"]
        partners = [
            Party(m.entity) for m in ctx.orgs.mentions
            if a <= m.start and m.end <= b and m.entity >= 0 and m.source != "reference"
            and not _in_parenthesis(text, a, m.start) and re.match(r"^(?:\s*\([^()]*(?:\([^()]*\))?[^()]*\))?\s*と", text[m.end : b])
        ]
        if not words or not partners:
            return []
        date = next((d for d in ctx.dates if a <= d.start and d.end <= b and not _is_other_date(text, d, b)), None)
        in_segments.update(p.entity for p in partners)
        out.append(Event(**{
            **event.__dict__, "label": words[-1].word, "type": words[-1].type, "parties": partners,
            "date": fit_year(ctx, date, event.role) if date else event.date, "separate": False, "evidence": [],
        }))
    signers = [p for p in event.parties if p.entity not in in_segments] or ([Party(ctx.issuer)] if ctx.issuer is not None else [])
    for e in out:
        e.parties = dedupe(signers + e.parties)
    return out


def _partners_with_own_dates(ctx: Context, event: Event) -> list[Event]:
    """「A(2016年)、B(2022年)と協定を締結しており」: partners of past agreements, each dated in its
    own parenthesis, are one record each with that date (the undated parties sign each of them)."""
    if event.role != "prior" or len(event.parties) < 3:
        return []
    own: list[tuple[Party, DateMention]] = []
    signers: list[Party] = []
    for party in event.parties:
        date = _date_in_own_parenthesis(ctx, event, party)
        if date is None:
            signers.append(party)
        else:
            own.append((party, date))
    if len(own) < 2 or not signers:
        return []
    return [Event(**{**event.__dict__, "parties": signers + [party], "date": date, "separate": False}) for party, date in own]


def _date_in_own_parenthesis(ctx: Context, event: Event, party: Party) -> DateMention | None:
    text = ctx.text
    for m in ctx.orgs.mentions:
        if m.entity == party.entity and party.entity is not None and event.sentence.start <= m.start < event.pred_start:
            if text.startswith("(", m.end):
                close = text.find(")", m.end)
                return next((d for d in ctx.dates if m.end < d.start and d.end <= close), None)
    return None


def _agreements_since(ctx: Context, sentence: Sentence) -> Iterable[Event]:
    """「2019年の業務提携以来、株式会社X(…)が…」: an agreement named as the start of a relationship
    is a past one, dated by the date before it; the partner is the organisation named after it."""
    text = ctx.text
    for w in agreement_words(text, sentence.start, sentence.end):
        if w.type == "inherit" or not text.startswith("以来", w.end):
            continue
        date = next((d for d in ctx.dates if d.end <= w.start and w.start - d.end <= 2 and sentence.start <= d.start), None)
        partner = next(
            (m for m in ctx.orgs.mentions if w.end < m.start < sentence.end and m.entity >= 0 and m.source != "reference"), None
        )
        if date is None or partner is None or ctx.issuer is None or partner.entity == ctx.issuer:
            continue
        parties = [Party(ctx.issuer), *(_party_of(ctx, partner) or [])]
        if len(parties) == 2:
            yield Event(sentence, w.start, w.end, w.word, w.type, "prior", parties, date, partners_inferred=True)


def _covered_by_list(event: Event, listed: list[Event]) -> bool:
    return any(e.sentence.start == event.sentence.start for e in listed)


def _event_at(
    ctx: Context,
    sentence: Sentence,
    p0: int,
    p1: int,
    in_title: bool,
    previous_partners: list[Party],
    told: Event | None = None,
) -> Event | None:
    text = ctx.text
    if re.match(r"(?:日|式|先|者|権|済|後|前|時|内容|条件|期間|事項)", text[p1 : p1 + 2]) and not in_title:
        return None  # 「契約締結日」「締結式」: a label or a noun, not a conclusion told
    if re.match(r"(?:する|す|した|いたす)?(?:のは|ことは|場合|際)", text[p1 : p1 + 6]):
        return None  # 「覚書を交わすのは今回が初めて」: the act as a topic, not an agreement told
    own = next((w for w in agreement_words(text, max(sentence.start, p0 - 12), p1 + 4) if w.start <= p0 < w.end), None)
    if own is not None:  # 「業務提携いたしました」「業務提携を開始しました」: the agreement word is the verb
        p0, p1 = own.start, max(p1, own.end)
    clause0 = _clause_start(text, sentence.start, p0)
    tail = text[p1 : min(sentence.end, p1 + 24)]
    agreement = _agreement_of(ctx, clause0, p0, p1, sentence.end, own)
    if agreement is None and told is not None and re.search(r"同日|同時|併せて|あわせて", text[clause0:p0]):
        # 「締結することを決議し、同日付で締結いたしました」: the second verb concludes the same agreement
        agreement = (told.label, told.type, p0, p0, told.explicit_agreement)
    if agreement is None:
        return None
    label, a_type, a_start, a_end, explicit = agreement
    if _is_negotiation_or_termination(text, a_end, p0, tail):
        return None
    if re.match(r"(?:に至った|に至りました|した|いたした)(?:ことから|ことを受け|ため|ので)", tail) and _conclude_pattern().search(text, p1 + 8, sentence.end):
        return None  # 「…について合意に至ったことから、…契約を締結」: the reason for the agreement told next
    if re.search(r"(?:か|ですか|ますか)[。?？]?\s*$", text[sentence.start : sentence.end].rstrip()):
        return None  # 「ほかにも協定を結んでいますか。」: a question asks, it tells no agreement
    role = _role(ctx, sentence, clause0, p0, tail, in_title)
    if role is None:
        return None
    if not in_title and _in_cited_release_title(text, sentence.start, p0):
        role = "prior"  # 「7月15日付「…基本合意書締結のお知らせ」にて」: announced by an earlier release
    if not in_title and _nominal_end(tail) and not any(sentence.start <= d.start < p0 for d in ctx.dates):
        return None  # 「Ⅱ．業務提携基本契約の締結」: a section heading, not an agreement told
    parties, separate = _parties(ctx, sentence, clause0, min(p0, a_start), previous_partners, p0, p1)
    event = Event(sentence, p0, p1, label, a_type, role, parties, None, separate, explicit, in_title=in_title)
    event.partners_inferred, event.issuer_added = ctx.partners_inferred, ctx.issuer_added
    event.resolution = bool(re.match(r"(?:する|いたす)こと(?:を|について)(?:決議|決定)", tail))
    event.date = _date_of(ctx, sentence, clause0, p0, role)
    if event.date is None and ctx.last_date is not None and re.match(r"(?:あわせて|併せて|同時に|また同日|同日)", text[sentence.start : sentence.start + 5]):
        event.date = ctx.last_date  # 「あわせて、…覚書を締結しました」: on the same occasion
    if event.date is not None and re.match(r"(?:する|いたす)(?:運び|予定|こととなり|ことといたし)", tail):
        # 「4月1日付で締結する運びとなりました」: a signing still to come
        event.date = fit_year(ctx, event.date.model_copy(update={"scheduled": True}), "announced")
    table_date = _table_date_for(ctx, event.type)
    if table_date is not None and role != "prior" and not in_title and (event.date is None or event.resolution):
        # a board's resolution dates the board, the 日程 table the signing
        event.date, event.date_from_table = fit_year(ctx, table_date, role), True
    if event.date is not None and role == "plan" and (event.date.scheduled or re.match(r"(?:する|いたす)予定|(?:し|いたし|致し)ます(?!た)", tail)):
        event.role = "announced"  # a signing scheduled for a stated date is news
        event.date = fit_year(ctx, event.date.model_copy(update={"scheduled": True}), "announced")
    if event.role == "plan":
        return None
    _apply_history(ctx, event, clause0, p0)
    return event


def _clause_start(text: str, sentence_start: int, p0: int) -> int:
    """Where the clause of the predicate at p0 begins: after the previous predicate's 「し、」."""
    start = sentence_start
    for m in CLAUSE_BREAK.finditer(text, sentence_start, p0):
        before = text[max(sentence_start, m.start() - 6) : m.start() + 1]
        if _conclude_pattern().search(before) or re.search(r"決議|行い|行っ", before):
            start = m.end()
    return start


# ---------------------------------------------------------------------------------------------
# Agreement phrase and type


# 「契約の当事者として」: the agreement word names whose attribute follows, not the thing concluded
_ATTRIBUTE_OF = re.compile(r"の(?:当事者|相手方|相手先|内容|期間|条件|範囲|金額)")


def _in_alias_definition(text: str, pos: int) -> bool:
    """「業務提携契約(以下「本提携契約」)」: the word inside the alias is not another agreement."""
    return re.search(r"\((?:以下、?)?「[^」()]{0,12}$", text[max(0, pos - 16) : pos]) is not None


def _agreement_of(
    ctx: Context, clause0: int, p0: int, p1: int, sentence_end: int, own: AgreementWord | None = None
) -> tuple[str, str, int, int, bool] | None:
    """(label, type, start, end, explicit) of the agreement the predicate concludes."""
    text = ctx.text
    after = None if own else _agreement_after(ctx, p1, sentence_end)
    before = [
        w for w in agreement_words(text, clause0, p0)
        if _close_enough(text, w, p0) and not _in_alias_definition(text, w.start) and not _ATTRIBUTE_OF.match(text, w.end)
    ]
    if own is not None:
        before.append(own)
    if after is not None:
        words = [after]
    elif before:
        words = before
    else:
        return None
    head = words[-1]
    a_type = ctx.agreement_aliases.get(head.word, head.type) if head.word in ctx.agreement_aliases else head.type
    alias_type = _alias_type(ctx, text, head)
    if alias_type:
        a_type = alias_type
    if a_type == "inherit" and re.search(r"(?:同|本|当該|前記|上記|前述の|今回の|今般の|この|その|変更)$", text[max(0, head.start - 4) : head.start]):
        a_type = ctx.last_type or "inherit"  # 「同契約」「本契約」「第1次変更契約」: the agreement just told
    if a_type == "inherit":
        a_type = _inherited_type(ctx, words, clause0, p0, sentence_end)
    if head.word == "提携" and a_type == "inherit":
        a_type = "business_alliance"
    label = _label(text, words, head)
    explicit = head.type != "inherit" or head.word in ("契約", "基本契約", "契約書")
    return label, a_type, words[0].start, head.end, explicit


def _agreement_after(ctx: Context, p1: int, end: int) -> AgreementWord | None:
    """「締結しておりました共同開発契約を解消」: a relative clause, the agreement follows the verb."""
    m = re.match(r"(?:し|いたし)?(?:てい|ており|ておりま|てお)?(?:た|る|す|ました|した|ている)?", ctx.text[p1:end])
    pos = p1 + (m.end() if m else 0)
    if pos == p1 or ctx.text[pos - 1 : pos] not in ("た", "る"):
        return None  # only an adnominal form (締結した / 締結している) modifies a following noun
    if ctx.text[pos : pos + 1] == "、":
        pos += 1  # 「締結した、同社製の…販売代理店契約」
    words = agreement_words(ctx.text, pos, min(end, pos + 50))
    if not words or words[0].start - pos > 40:
        return None
    between = ctx.text[pos : words[0].start]
    if re.search(r"[、。をがは]|(?<![にて])で(?!の)", between.replace("「", "")):
        return None  # another clause starts before the agreement word
    # the phrase runs over adjacent agreement words (…提携に関する基本合意書)
    last = words[0]
    for w in words[1:]:
        gap = ctx.text[last.end : w.start]
        if len(gap) > 12 or re.search(r"[、。をがはで]", gap) or _in_alias_definition(ctx.text, w.start):
            break
        last = w
    return last


def _close_enough(text: str, w: AgreementWord, p0: int) -> bool:
    """Agreement words far before the predicate, across another verb, belong to another phrase."""
    between = text[w.end : p0]
    if len(between) > 90:
        return False
    return not re.search(r"(?:を行う|を実施し|を取得し|を開始し|を設立し)", between)


def _alias_type(ctx: Context, text: str, head: AgreementWord) -> str | None:
    """本契約 / 同協定 / 本覚書 / 当該基本合意書: the type of the agreement the alias was defined for."""
    for alias in sorted(ctx.agreement_aliases, key=len, reverse=True):
        # 本契約, 同協定 and longer ones such as 本変更契約 that end in the head word
        if len(alias) > len(head.word) and text[max(0, head.end - len(alias)) : head.end] == alias:
            return ctx.agreement_aliases[alias]
    return None


def _inherited_type(ctx: Context, words: list[AgreementWord], clause0: int, p0: int, sentence_end: int) -> str:
    for w in reversed(words[:-1]):
        if w.type != "inherit":
            return w.type
    window = ctx.text[clause0:sentence_end]
    for phrase, g_type in _grants():
        if phrase in window:
            return g_type
    return "other"


def _label(text: str, words: list[AgreementWord], head: AgreementWord) -> str:
    """The agreement's name as written: a quoted name ending at the head (「…連携協定」), else the
    agreement words with the short modifier before them (…に関する覚書)."""
    start = words[0].start
    m = re.search(r"[「『]([^」』]{2,60})[」』]$", text[max(0, start - 62) : head.end + 1])
    if m and head.end < len(text) and text[head.end : head.end + 1] in "」』":
        return m.group(1)
    left = start
    while left > 0 and left > start - 16 and text[left - 1] not in "、。をがは「」()\n" and not _verbish(text, left - 1):
        left -= 1
    return text[left : head.end].strip()


def _verbish(text: str, i: int) -> bool:
    return text[i] in "るたし"


def _is_negotiation_or_termination(text: str, a_end: int, p0: int, tail: str) -> bool:
    """協議を開始することで合意 / 解消について合意 / 解約する: no partnership is concluded."""
    between = text[a_end:p0]
    if re.search(r"協議|検討|交渉|解消|解約|終了|破棄|打ち切|中止|見直", between):
        return True
    if re.search(r"(?:解消|解約|終了|打ち切り)(?:に関する|についての|に係る|の)(?:基本)?(?:合意書?|覚書|契約書?|協定書?)$", text[max(0, a_end - 20) : a_end]):
        return True  # 「…の解約に関する合意書を締結」: a document that ends an agreement
    if re.match(r"(?:に|について|についても|に向け)[^。]{0,24}?(?:協議|検討|交渉)", tail):
        return True  # 「共同開発契約の締結についても、今後、両社で協議してまいります」
    return bool(re.match(r"(?:を|の)?(?:解消|解約)", tail))


# ---------------------------------------------------------------------------------------------
# Role


def _role(ctx: Context, sentence: Sentence, clause0: int, p0: int, tail: str, in_title: bool) -> str | None:
    preds = _predicates()
    if in_title:
        if re.match(r"(?:に向け|の検討|に関する検討|の協議|に関する協議|交渉|を目指|式?の?(?:延期|中止|見送り|取りやめ|取り止め))", tail):
            return None  # 「…協定の締結に向けた調整について」「…締結式の延期について」: not concluded
        return "announced"
    if re.match(r"(?:し|いたし|致し)?(?:、|て(?!おり|い|以来))|(?:する|いたす)(?:とともに|と共に|と同時に|など)", tail):
        # 「…と契約を締結し、…を取得しております」: the sentence's last verb tells the time
        return "prior" if _ends_in_state(ctx.text[sentence.start : sentence.end]) else "announced"
    if any(p.search(tail) for p in preds.get("negated", ())):
        return None  # 「契約等を締結したものではありません」
    if any(p.search(tail) for p in preds["prior"]):
        return "prior"
    if any(p.search(tail) for p in preds["announce"]):
        return "announced"
    if any(p.search(tail) for p in preds["plan"]):
        return "plan"
    if _nominal_end(tail) and not tail.startswith("予定"):
        return "announced"  # 「2010年4月　資本提携を締結」 ending a table row (its date decides history)
    return None  # 「協定締結の経緯」: a noun phrase, no agreement told


def _in_cited_release_title(text: str, start: int, pos: int) -> bool:
    """The position is inside 「…のお知らせ」 / 「…について」: the title of a release quoted by this one."""
    open_at = text.rfind("「", start, pos)
    if open_at < 0 or text.rfind("」", open_at, pos) >= 0:
        return False
    close = text.find("」", pos, pos + 80)
    return close >= 0 and bool(re.search(r"(?:お知らせ|について|のご案内)$", text[open_at + 1 : close]))


def _nominal_end(tail: str) -> bool:
    """The predicate ends its line or phrase as a noun (体言止め): nothing after it, or the next thing
    is not kana (a row that ran into the next sentence in a narrow column)."""
    return not tail.strip() or not ("\u3040" <= tail[0] <= "\u309f" or tail[0] in "、。)」』")


_HEADING = re.compile(r"(?m)^(?:[■□◆◇●○◎【]|[0-9]{1,2}[.．]|[(（][0-9一二三四五六七八九十]{1,2}[)）])[^\n。]{0,40}$")


def _under_history_heading(text: str, pos: int) -> bool:
    """「■Xとのこれまでの提携」「沿革」: a section that tells the past."""
    last = None
    for m in _HEADING.finditer(text, 0, pos):
        last = m
    return last is not None and bool(re.search(r"これまで|沿革|経緯|実績|過去", last.group()))


def _ends_in_state(sentence: str) -> bool:
    return bool(re.search(r"(?:て|で)(?:おります|おりました|います|いました|いる|きました|まいりました)[。]?$", sentence))


def _apply_history(ctx: Context, event: Event, clause0: int, p0: int) -> None:
    """History words, an old date, or a release about something else make an agreement prior."""
    text = ctx.text
    clause = text[clause0:p0]
    news = re.search(r"今般|今回|このたび|この度", clause[-40:])  # 「…これまで…進めてきましたが、今般のMOU締結に至りました」
    if (any(p.search(clause) for p in _predicates()["context_prior"]) and not news) or _under_history_heading(text, event.sentence.start):
        event.role = "prior"
    if event.role == "prior" and re.search(r"これまで|(?:件|例|番|社|者)目", text[event.sentence.start : event.sentence.end]):
        event.separate = True  # 「これまでにA及びBと協定を締結しており」: a list of past partners
    if re.search(r"に基づ", text[event.pred_end : event.pred_end + 60]) and re.match(r"(?:し|いたし)?た", text[event.pred_end :]):
        event.role = "prior"
    if event.date is not None and ctx.published is not None and event.role == "announced":
        signed = as_date(event.date)
        if signed is not None and (ctx.published - signed).days > PRIOR_AFTER_DAYS:
            event.role = "prior"
    if event.role == "announced" and (ctx.topic_is_termination or not ctx.topic_is_agreement) and not _fresh_signing(ctx, event):
        event.role = "prior"


def _fresh_signing(ctx: Context, event: Event) -> bool:
    """「3月3日(月)、ネーミングライツ契約を締結しました」 in a release titled by what it brings: a
    signing the release dates within days of itself is its news, whatever the headline says."""
    if event.date is None or ctx.published is None or event.date.precision != "day" or ctx.topic_is_termination:
        return False
    signed = as_date(event.date)
    return signed is not None and 0 <= (ctx.published - signed).days <= FRESH_DAYS


def as_date(d: DateMention) -> date | None:
    parts = [int(x) for x in d.value.split("-")]
    try:
        return date(parts[0], parts[1] if len(parts) > 1 else 12, parts[2] if len(parts) > 2 else 28)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Parties


_PARTNER_MARK = re.compile(
    r"^(?:\s*\([^()]*(?:\([^()]*\))?[^()]*\))?\s*(?:と(?:の|も|、|共同|は)?|との間|及び|および|並びに|、"
    r"|の(?:\d|[一二三四五六七八九十])+(?:社|者|団体|機関)(?:\([^()]*\))?と)"
)
_MODIFIER_AFTER = re.compile(r"^(?:\s*\([^()]*(?:\([^()]*\))?[^()]*\))?\s*(?:の(?:完全|連結)?(?:子会社|親会社|関連会社|グループ会社|持株会社|傘下)|が(?:共同で)?出資|を割当|から|より|に対し|において)")
TOPIC_MARK = re.compile(r"^(?:\s*\([^()]*(?:\([^()]*\))?[^()]*\))?\s*(?:は|が|、(?=[^、]*を締結$)|の(?:\d|[一二三四五六七八九十])+(?:社|者|団体|機関)(?:\([^()]*\))?は)")


def _parties(
    ctx: Context,
    sentence: Sentence,
    clause0: int,
    obj_start: int,
    previous_partners: list[Party],
    pred_start: int,
    pred_end: int,
) -> tuple[list[Party], bool]:
    text = ctx.text
    mentions = [m for m in ctx.orgs.mentions if sentence.start <= m.start and m.end <= obj_start]
    partners: list[Party] = []
    topic: list[Party] = []
    for m in mentions:
        if _in_parenthesis(text, sentence.start, m.start):
            continue
        after = text[m.end : obj_start + 1]
        if _MODIFIER_AFTER.match(after) or _is_place_of_action(m, after) or _OPERATED_LIST.match(after):
            continue
        party = _party_of(ctx, m)
        if party is None:
            continue
        if (TOPIC_MARK.match(after) and not _ga_of_relative_clause(after)) or _is_topic_list_member(text, m, obj_start):
            topic.extend(party)
            continue
        if _PARTNER_MARK.match(after) and m.end <= obj_start:
            partners.extend(party)
    ctx.partners_inferred = not partners
    if not partners:
        partners += _role_noun_partners(ctx, clause0, obj_start)
    partners += _relative_clause_partners(ctx, pred_end, sentence.end)
    if not partners:
        partners += _bare_partners(ctx, sentence, clause0, obj_start)
    if not partners:
        partners += _operator_of_brand(ctx, clause0, obj_start)
    partners += _unnamed_partners(ctx, sentence, clause0, obj_start)
    if not partners and clause0 > sentence.start:
        partners = _unnamed_partners(ctx, sentence, sentence.start, clause0)
    separate = "それぞれ" in text[sentence.start : pred_start]
    if not partners and not topic and previous_partners:
        # a restatement (「同日、協定書に署名いたしました」): the parties of the agreement just told
        return list(previous_partners), separate or ctx.previous_separate
    if topic and _counted_all(text, sentence, obj_start, len(dedupe(partners))):
        topic = []  # 「当社は、子会社XとY及びZとの3社間で…」: the three listed are the parties
    parties = dedupe(topic + partners)
    named = [p for p in parties if p.entity is not None]
    ctx.issuer_added = False
    if ctx.issuer is not None and len(parties) == 1 or (not topic and ctx.issuer is not None and len(named) < 2):
        if ctx.issuer not in [p.entity for p in parties] and not _counted_all(text, sentence, obj_start, len(parties)):
            parties.insert(0, Party(ctx.issuer))
            ctx.issuer_added = True
    return parties, separate


# 「急性期病院、回復期リハビリテーション病院及び介護老人保健施設を運営する」: facilities someone runs
_OPERATED_LIST = re.compile(r"^(?:(?:、|・|及び|および|並びに|や)[^、。はがをとにで]{1,30}?)*を(?:運営|展開|経営|保有)(?:する|し|している)")
_PLACE_NAME = re.compile(r"[都道府県市区町村州]$")
_AND_PLACE_LOCATIVE = re.compile(
    r"^と[^、。\s()]{1,15}?(?:[都道府県市区町村州]|地域|地方|[東西南北中]部|全域|一帯|周辺)(?:の(?!間)[^、。]{0,6}?)?(?:で|から|において|にて|にある)"
)


def _is_place_of_action(m: Mention, after: str) -> bool:
    """「埼玉県と東京都多摩地域で…を運営する」「寒河江市とケベック市の拠点から」: a place joined to
    another place where something happens is a location, not a partner."""
    return bool(_PLACE_NAME.search(m.name) and _AND_PLACE_LOCATIVE.match(after))


def _operator_of_brand(ctx: Context, clause0: int, obj_start: int) -> list[Party]:
    """「家計簿アプリ「ポケリス」と業務提携」: the partner is the organisation the text says runs the
    brand elsewhere (「※1 「ポケリス」は、株式会社X(…)が運営するサービスです」)."""
    text = ctx.text
    marked = re.search(r"「([^」]{1,30})」(?:※\d*)?との?(?:間で)?", text[clause0 : obj_start + 1])
    if marked is None:
        return []
    brand = marked.group(1)
    for told in re.finditer(r"「" + re.escape(brand) + r"」は、?", text):
        window_end = text.find("。", told.end())
        window_end = len(text) if window_end < 0 else window_end
        if not re.search(r"が(?:運営|提供|開発|展開|所有|保有)", text[told.end() : window_end]):
            continue
        first = next((m for m in ctx.orgs.mentions if told.end() <= m.start < window_end and m.entity >= 0 and m.source != "reference"), None)
        if first is not None:
            entity = ctx.orgs.entities[first.entity]
            if brand not in entity.aliases:
                entity.aliases.append(brand)
            return [Party(first.entity)]
    return []


def _ga_of_relative_clause(after: str) -> bool:
    """「XがYとして運営するZ」: X is the subject of a clause that only describes Z."""
    m = re.match(r"^(?:\s*\([^()]*\))?\s*が", after)
    if m is None:
        return False
    return bool(re.search(r"(?:する|した|している|される)(?=[\u4e00-\u9fff\u30a0-\u30ffA-Za-z])", after[m.end() : m.end() + 40]))


def _counted_all(text: str, sentence: Sentence, obj_start: int, n: int) -> bool:
    """「…との3社間で」: the partners listed are all the parties."""
    m = re.search(r"との?(\d|[一二三四五六七八九])(?:社|者)間", text[sentence.start : obj_start + 10])
    if not m:
        return False
    return parse_number(m.group(1)) == n


def _is_topic_list_member(text: str, m: Mention, obj_start: int) -> bool:
    """X、Y及びZの3社は / XとYは: members of a topic list, marked only at its end."""
    rest = text[m.end : obj_start]
    mm = re.match(r"^(?:\s*\([^()]*(?:\([^()]*\))?[^()]*\))?\s*(?:と|、|及び|および|並びに)", rest)
    if not mm:
        return False
    # the list ends with は before any と-partner or verb
    window = rest[: 200]
    topic_end = re.search(r"(?:の(?:\d|[一二三四五六七八九])+(?:社|者|団体|機関)(?:\([^()]*\))?)?は、", window)
    partner_end = re.search(r"(?:との間|と、|と(?:\d|本日|同日))", window)
    if topic_end is None:
        return False
    return partner_end is None or topic_end.start() < partner_end.start()


def _in_parenthesis(text: str, start: int, pos: int) -> bool:
    depth = 0
    for ch in text[start:pos]:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
    return depth > 0


def _party_of(ctx: Context, m: Mention) -> list[Party] | None:
    if ctx.text[m.start : m.start + 1] == "某":
        return [Party(None, ctx.text[m.start : m.end])]  # 「某大学」: a partner the text will not name
    members = ctx.orgs.collectives.get(ctx.text[m.start : m.end])
    if members:
        return [Party(e) for e in members]
    if m.source == "reference":
        if m.reference == "self":
            owner = _self_owner(ctx, m)
            return [Party(owner)] if owner is not None else None
        if m.reference == "previous":
            prev = _previous_entity(ctx, m)
            return [Party(prev)] if prev is not None else None
        if m.reference == "both":
            return _both(ctx, m)
        return _counted_group(ctx, m)
    return [Party(m.entity)] if m.entity >= 0 else None


def _self_owner(ctx: Context, m: Mention) -> int | None:
    """当社 / 本学: whoever the text defined it for (以下「当社」), else the issuer."""
    for i, ent in enumerate(ctx.orgs.entities):
        if m.name in ent.aliases:
            return i
    return ctx.issuer


def _counted_group(ctx: Context, m: Mention) -> list[Party]:
    """3社 / 三者: the group is named in the sentence itself (nothing to add), or, when the sentence
    names none of it, the first three organisations the body named (「3社は、…秘密保持契約を締結し」)."""
    digits = re.search(r"\d|[二三四五六七八九]", m.name)
    if digits is None:
        return []  # 各社 / 各者
    n = parse_number(digits.group())
    line_start = max(ctx.text.rfind("。", 0, m.start), ctx.text.rfind("\n", 0, m.start)) + 1
    named_here = [x for x in ctx.orgs.mentions if line_start <= x.start < m.start and x.entity >= 0 and x.source != "reference"]
    if named_here:
        return []
    group: list[int] = []
    for x in ctx.orgs.mentions:
        if x.start >= m.start or len(group) == n:
            break
        if x.start >= ctx.body_start and x.entity >= 0 and x.source != "reference" and x.entity not in group:
            group.append(x.entity)
    return [Party(e) for e in group] if len(group) == n else []


def _both(ctx: Context, m: Mention) -> list[Party]:
    """両社 / 両者: the issuer and the organisation the text last named besides it (of the kind
    the word names: 両社 companies, 両大学 universities)."""
    other = None
    for x in ctx.orgs.mentions:
        if x.start >= m.start:
            break
        if x.entity >= 0 and x.source != "reference" and x.entity != ctx.issuer and (m.kind == "other" or x.kind == m.kind):
            other = x.entity
    if ctx.issuer is None or other is None:
        return []
    return [Party(ctx.issuer), Party(other)]


def _previous_entity(ctx: Context, m: Mention) -> int | None:
    """同社 / 同大学: the last organisation of that kind named before the reference, but not one
    named beside it in the same phrase (「ヤマセミ精機と同社は」 means someone else)."""
    kind = m.kind
    best = None
    line_start = max(ctx.text.rfind("。", 0, m.start), ctx.text.rfind("\n", 0, m.start)) + 1
    for other in ctx.orgs.mentions:
        if other.end > m.start:
            break
        if other.start >= line_start and m.start - other.end <= 3:
            continue
        if other.entity >= 0 and other.source != "reference" and (other.kind == kind or kind == "other"):
            if other.entity != ctx.issuer or kind != "company":
                best = other.entity
    return best


_ROLE_NOUN = r"(?:共同開発先|共同研究先|提携先|契約先|契約相手先|相手先|締結先|連携先|導出先|導入先|販売先|割当先)"


def _role_noun_partners(ctx: Context, clause0: int, obj_start: int) -> list[Party]:
    """「それぞれの共同開発先との間で」: partners named in the release's own table of them
    (「(1)共同開発先　X」), one per row."""
    text = ctx.text
    m = re.search(r"(?:それぞれの|各)?(" + _ROLE_NOUN + r")との", text[clause0 : obj_start + 1])
    if not m:
        return []
    out: list[Party] = []
    for row in re.finditer(r"(?m)^[^\n]{0,8}" + re.escape(m.group(1)) + r"[\s:：]+([^\n]+)$", text):
        found = [x for x in ctx.orgs.mentions if row.start(1) <= x.start < row.end(1) and x.entity >= 0 and x.source != "reference"]
        if found:
            out.extend(_party_of(ctx, found[0]) or [])
    return out


def _relative_clause_partners(ctx: Context, pred_end: int, end: int) -> list[Party]:
    """「本市と協定を結んでいる一般社団法人X」「当社が業務提携した株式会社Y」: the organisation the
    relative clause describes."""
    text = ctx.text
    m = re.match(r"(?:し|いたし|ん|ばれ)?(?:て|で)?(?:いる|おります|おり|いた|た)", text[pred_end : pred_end + 8])
    if not m:
        return []
    pos = pred_end + m.end()
    found = [x for x in ctx.orgs.mentions if pos <= x.start <= pos + 2 and x.entity >= 0 and x.source != "reference"]
    return (_party_of(ctx, found[0]) or []) if found else []


def _bare_partners(ctx: Context, sentence: Sentence, clause0: int, obj_start: int) -> list[Party]:
    """「…を運営する中央スーパーとの間で」: a partner named without a legal form or a known head is
    the noun phrase before と / との間で (name words only, as the organisation matcher reads them)."""
    from .orgs import _extend_left

    text = ctx.text
    out: list[Party] = []
    for m in re.finditer(r"(?:との間で|との間において)", text[clause0 : obj_start + 1]):
        end = clause0 + m.start()
        if any(x.start < end <= x.end for x in ctx.orgs.mentions):
            continue
        start = _extend_left(text, ctx.tokens, end)
        name = text[start:end]
        group = next((g for g in ctx.orgs.collectives if text[:end].endswith(g)), None)
        if group:
            out.extend(Party(e) for e in ctx.orgs.collectives[group])
            continue
        if len(name) < 2 or name in descriptors() or re.search(r"(?:会社|企業|団体|機関|先|者|各社|両社)$", name) or name.isdigit():
            continue
        out.append(Party(_entity_for_bare_name(ctx, name)))
    return out


def _unnamed_partners(ctx: Context, sentence: Sentence, clause0: int, obj_start: int) -> list[Party]:
    """「日本の製薬会社2社との間で」「国内の研究機関と」: partners the text does not name."""
    text = ctx.text
    window = text[clause0:obj_start]
    out: list[Party] = []
    for m in re.finditer(r"([^、。()「」はがをで\n及並]{0,20}?(?:" + "|".join(sorted(descriptors(), key=len, reverse=True)) + r")(?:(\d|[一二三])(?:社|者))?)(?:\([^()]*\))?との?(?:間)?(?!な[るりっ]|して|い[うっ]|する)", window):
        desc = m.group(1)
        start = clause0 + m.start(1)
        if any(x.start <= start + len(desc) and x.end >= start for x in ctx.orgs.mentions if x.start >= clause0 and x.source != "reference" and x.end > start + len(desc) - 3):
            continue
        if re.search(r"(?:当社|本学|当会|同社)$", desc) or re.fullmatch(r"[当本同弊][^\s]{1,3}", desc.strip("のにでと")):
            continue  # 当法人, 本校, 同機構: the text's own references, not unnamed partners
        if re.search(r"(?:子会社|関連会社)$", desc) and not re.search(r"の(?:子会社|関連会社)$", desc):
            continue
        count = 1
        if m.group(2):
            count = parse_number(m.group(2)) or 1
        out.extend(Party(None, desc.strip("のにでと")) for _ in range(count))
    return out


def dedupe(parties: list[Party]) -> list[Party]:
    seen: set[int] = set()
    out: list[Party] = []
    for p in parties:
        if p.entity is None:
            out.append(p)
        elif p.entity not in seen:
            seen.add(p.entity)
            out.append(p)
    return out


# ---------------------------------------------------------------------------------------------
# Dates


def _date_of(ctx: Context, sentence: Sentence, clause0: int, p0: int, role: str) -> DateMention | None:
    # 「本日より…業務提携を開始しました」: for a partnership that starts, its start is its date
    starts = re.match(r"[^、。]{0,8}を開始", ctx.text[p0 : p0 + 16]) is not None
    candidates = [
        d
        for d in ctx.dates
        if clause0 <= d.start and d.end <= p0 and d.range_role != "end"
        and (not _is_other_date(ctx.text, d, p0) or (starts and re.match(r"(?:から|より)", ctx.text[d.end : d.end + 2])))
    ]
    if not candidates:
        candidates = [
            d for d in ctx.dates
            if sentence.start <= d.start and d.end <= p0 and d.range_role != "end" and not _is_other_date(ctx.text, d, p0)
        ]
        candidates = candidates[-1:] if candidates and role == "prior" else []
    if not candidates:
        return None
    chosen = _own_date(ctx, candidates, p0)
    if chosen is None:
        return None
    if re.match(r"^同日", chosen.text) and chosen.kind == "relative":
        return chosen
    return fit_year(ctx, chosen, role)


def _own_date(ctx: Context, candidates: list[DateMention], p0: int) -> DateMention | None:
    """The date that belongs to the predicate at p0: the nearest one with no other conclusion verb
    between them; else a date set off by a comma (「当社は、7月1日、…」), which dates the main verb.
    In 「…との間で2018年6月15日に締結した契約について、変更覚書を締結」 the 2018 date is the first
    verb's."""
    text = ctx.text
    own = [d for d in candidates if not _another_conclusion(text, d.end, p0)]
    if own:
        return own[-1]
    adverbial = [d for d in candidates if re.match(r"^(?:\([^)]*\))?(?:付で|付けで|に)?、", text[d.end : d.end + 8])]
    return adverbial[-1] if adverbial else None


def _another_conclusion(text: str, start: int, end: int) -> bool:
    """A conclusion verb between a date and the predicate; 締結式 / 調印日 are nouns, not verbs."""
    return any(not re.match(r"(?:式|日)", text[m.end() : m.end() + 1]) for m in _conclude_pattern().finditer(text, start, end))


def _is_other_date(text: str, d: DateMention, p0: int) -> bool:
    after = text[d.end : d.end + 8]
    if re.match(r"^(?:\([^)]*\))?\s*(?:開催|現在|から|より|まで|以降|を目途|頃|までに|期|に設立|設立|をもって|をもち|に満了|満了|に終了|終了)", after):
        return True
    return d.kind == "fiscal_year" and bool(re.match(r"^\s*(?:以降|から)", after))


def fit_year(ctx: Context, d: DateMention, role: str) -> DateMention:
    """A year-less date takes the year that fits: a done signing is not after the release, a
    scheduled one not before it."""
    if d.kind != "year_inferred" or ctx.published is None:
        return d
    signed = as_date(d)
    if signed is None:
        return d
    year = signed.year
    if role in ("announced", "prior") and not d.scheduled and signed > ctx.published:
        year -= 1
    elif d.scheduled and signed < ctx.published:
        year += 1
    if year == signed.year:
        return d
    return d.model_copy(update={"value": f"{year:04d}" + d.value[4:]})


# ---------------------------------------------------------------------------------------------
# Lists of earlier partners


@dataclass(frozen=True)
class _DatedItem:
    date: DateMention
    item_end: int

    def start(self) -> int:
        return self.date.start

    def end(self) -> int:
        return self.item_end


def _dated_items(ctx: Context, start: int, end: int) -> list[_DatedItem]:
    """The dates that open the items of a list (「2016年5月にA、同年8月にB…」): a date of any form
    followed by に / には / 、."""
    items = []
    for d in ctx.dates:
        if start <= d.start and d.end <= end and d.range_role != "end":
            m = re.match(r"(?:\d{1,2}日)?(?:には|に|、)", ctx.text[d.end : d.end + 4])
            if m:
                items.append(_DatedItem(d, d.end + m.end()))
    return items


def _listed_prior_events(ctx: Context, sentence: Sentence) -> Iterable[Event]:
    yield from _dated_list(ctx, sentence)
    yield from _follows_list(ctx, sentence)


def _dated_list(ctx: Context, sentence: Sentence) -> Iterable[Event]:
    """「…はこれまで、2016年5月にA、2017年6月にB及びC…と覚書を締結しており」."""
    text = ctx.text
    pred = None
    for m in _conclude_pattern().finditer(text, sentence.start, sentence.end):
        pred = m
        break
    if pred is None:
        return
    items = _dated_items(ctx, sentence.start, pred.start())
    if len(items) < 2:
        return
    end_of_list = _list_end(text, items[-1].end(), pred.start())
    if end_of_list is None:
        return
    agreement = _agreement_of(ctx, items[-1].end(), pred.start(), pred.end(), sentence.end)
    if agreement is None:
        return
    label, a_type, *_ = agreement
    tail = text[pred.end() : pred.end() + 24]
    role = "prior" if any(p.search(tail) for p in _predicates()["prior"]) or "これまで" in text[sentence.start : items[0].start()] else "announced"
    subject = _list_subject(ctx, sentence, items[0].start())
    for i, item in enumerate(items):
        seg_end = items[i + 1].start() if i + 1 < len(items) else end_of_list
        d = item.date
        for party in _segment_parties(ctx, item.end(), seg_end):
            parties = dedupe([Party(subject)] + [party]) if subject is not None else [party]
            yield Event(sentence, pred.start(), pred.end(), label, a_type, role, parties, d, explicit_agreement=True, from_list=True)


def _list_end(text: str, start: int, pred: int) -> int | None:
    """The と that closes a list of partners before the agreement phrase."""
    closing = re.search(r"と(?=[^、]{0,60}(?:を|に)(?:締結|結|交わ|取り交わ))", text[start : pred + 4])
    if closing:
        return start + closing.start()
    between = re.search(r"と(?:の間で|、)", text[start:pred])
    return start + between.start() if between else None


def _list_subject(ctx: Context, sentence: Sentence, before: int) -> int | None:
    """Who concluded the listed agreements: the sentence's topic (Xは), else the issuer."""
    for m in ctx.orgs.mentions:
        if sentence.start <= m.start < before and TOPIC_MARK.match(ctx.text[m.end : before + 1]):
            parties = _party_of(ctx, m)
            if parties:
                return parties[0].entity
    return ctx.issuer


def _segment_parties(ctx: Context, start: int, end: int) -> list[Party]:
    """The partners named in one segment of a list: mentions, else the trimmed noun phrases."""
    text = ctx.text
    out: list[Party] = []
    for piece in _split_list(text, start, end):
        a, b = piece
        found = [m for m in ctx.orgs.mentions if a <= m.start and m.end <= b and m.source != "reference" and not _in_parenthesis(text, a, m.start)]
        found = [m for m in found if not (m.end < b and is_kanji(text[m.end]) or "\u30a1" <= text[m.end : m.end + 1] <= "\u30fa")]
        if found:
            out.append(Party(found[0].entity))
            continue
        name = _bare_name(text[a:b])
        if name:
            ent = _entity_for_bare_name(ctx, name)
            out.append(Party(ent))
    return out


def _split_list(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    depth = 0
    cur = start
    i = start
    while i < end:
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            sep = re.match(r"、(?:そして|および|及び|並びに)?|および|及び|並びに|ならびに", text[i:end])
            if sep:
                pieces.append((cur, i))
                i += sep.end()
                cur = i
                continue
        i += 1
    pieces.append((cur, end))
    return [(a, b) for a, b in pieces if text[a:b].strip()]


def _bare_name(segment: str) -> str | None:
    """「英国のライフサイエンス産業化推進団体MedCity」→ MedCity; 「京都リサーチパーク(…)」→ 京都リサーチパーク."""
    s = re.sub(r"\([^()]*\)", "", segment).strip(" 、")
    s = re.sub(r"^(?:には|は|に)", "", s)
    if not s or re.search(r"[「」『』]|した|する|して|おり|いる|ほか|ます", s):
        return None  # a quoted product or a clause is not an organisation
    latin = re.search(r"[A-Za-z][A-Za-z0-9&.\- ]*$", s)
    if latin and len(latin.group().strip()) >= 2:
        return latin.group().strip()
    s = re.split(r"[のでにはがを]", s)[-1]
    for d in sorted(descriptors(), key=len, reverse=True):
        if d in s and not s.endswith(d):
            s = s.split(d)[-1]
    if re.fullmatch(r"(?:これ|それ|あれ|こちら|そちら)ら?|同.{0,3}|本.{0,3}|両.{0,3}", s):
        return None  # 「これらに続く」: a pronoun refers back, it names nobody
    return s if len(s) >= 2 and not re.fullmatch(r"[\d年月日]+", s) else None


def _entity_for_bare_name(ctx: Context, name: str) -> int:
    key = name_key(name)
    for i, ent in enumerate(ctx.orgs.entities):
        if key in (name_key(n) for n in ent.all_names()):
            return i
    ctx.orgs.entities.append(Entity(name, None, _guess_kind(name)))
    return len(ctx.orgs.entities) - 1


def _guess_kind(name: str) -> str:
    if re.search(r"[市町村県]$", name):
        return "government"
    if "大学" in name:
        return "university"
    if "病院" in name:
        return "hospital"
    if re.search(r"研究所|研究機構", name):
        return "research_institute"
    return "other"


_FOLLOWS = re.compile(r"(?:に続き|に続く|に次いで|に続いて)")


def _follows_list(ctx: Context, sentence: Sentence) -> Iterable[Event]:
    """「…と協定を締結するのは、A、B、Cに続き5件目」: one prior record per listed partner."""
    text = ctx.text
    m = _FOLLOWS.search(text, sentence.start, sentence.end)
    if not m or not re.search(r"締結|提携|協定|覚書|結ん|結ぶ|契約", text[sentence.start : sentence.end]):
        return
    words = agreement_words(text, sentence.start, sentence.end)
    if not words:
        return
    head = next((w for w in reversed(words) if w.end <= m.start() and w.type != "inherit"), words[0])
    a_type = head.type
    if a_type == "inherit" and re.search(r"(?:このような|こうした|同様の|同種の|この)$", text[max(0, head.start - 6) : head.start]):
        a_type = ctx.last_type or "other"  # 「このような契約を結ぶのは…」: the kind just told
    if a_type == "inherit":
        a_type = "other"
    list_start = _follows_list_start(text, sentence.start, m.start())
    subject = _list_subject(ctx, sentence, list_start)
    for a, b in _split_list(text, list_start, m.start()):
        found = [x for x in ctx.orgs.mentions if a <= x.start and x.end <= b and x.source != "reference"]
        d = next((x for x in ctx.dates if a <= x.start and x.end <= b), None)
        if found:
            party = Party(found[0].entity)
        else:
            name = _bare_name(text[a:b])
            if not name:
                continue
            party = Party(_entity_for_bare_name(ctx, name))
        parties = dedupe([Party(subject), party]) if subject is not None else [party]
        if len(parties) < 2:
            continue
        yield Event(sentence, m.start(), m.end(), head.word, a_type, "prior", parties, d, from_list=True)


def _follows_list_start(text: str, start: int, end: int) -> int:
    """The list before 「に続き」 starts after 「は、」, or after the last clause mark."""
    seg = text[start:end]
    for pat in (r"のは、", r"は、"):
        found = [mm.end() for mm in re.finditer(pat, seg)]
        if found:
            return start + found[-1]
    # no topic: the list runs back over 「、」-separated items to the clause start
    m = re.search(r"[^。はがを]*$", seg)
    return start + (m.start() if m else 0)


# ---------------------------------------------------------------------------------------------
# Document context helpers


TERMINATION = re.compile(r"解消|解約|終了|打ち切り")


def agreement_aliases(text: str) -> dict[str, str]:
    """「…契約(以下「本契約」)」: what 本契約 / 本協定 / 本提携 stand for."""
    out: dict[str, str] = {}
    for m in re.finditer(r"\((?:以下、?)「([^」]{1,20})」", text):
        alias = m.group(1)
        before = text[max(0, m.start() - 80) : m.start()]
        words = agreement_words(before)
        if not words or words[-1].end < len(before) - 2:
            continue
        t = words[-1].type
        if t == "inherit":
            prev = [w for w in words[:-1] if w.type != "inherit"]
            t = prev[-1].type if prev else "inherit"
        if t != "inherit":
            out[alias] = t
    return out


def signing_dates_in_table(text: str, dates: list[DateMention], body_start: int) -> list[tuple[str, DateMention]]:
    """The signing dates a 日程 table or a sentence labels as such (契約締結日, 協定締結日, 締結式 …
    日時, 本契約の締結日は…), each with the words of its label: the first day-precision date after
    each label."""
    found: list[tuple[str, DateMention]] = []
    for label in re.finditer(r"(?:締結|調印)(?:日|式)", text[body_start:]):
        at = body_start + label.end()
        line_start = text.rfind("\n", 0, at) + 1
        line = text[line_start : text.find("\n", at) if text.find("\n", at) >= 0 else len(text)]
        if "解消" in line or "最終契約" in line:
            continue
        after = [d for d in dates if at <= d.start <= at + 60 and d.precision == "day"]
        if after:
            found.append((text[line_start:at], after[0]))
    if not found:
        told = _signing_told_of_this_agreement(text, dates, body_start)
        found = [("", told)] if told is not None else []
    return found


def _table_date_for(ctx: Context, a_type: str) -> DateMention | None:
    """The first labelled signing date whose label does not name an agreement of another kind
    (「本基本合意書締結日」 does not date the 業務提携契約)."""
    for label, signed in ctx.table_signing_dates:
        kinds = {w.type for w in agreement_words(label) if w.type != "inherit"}
        if not kinds or a_type in kinds:
            return signed
    return None


_THIS_AGREEMENT_SIGNED = re.compile(r"(?:^|[。\n]\s*)(本|同)(?:契約|協定|覚書|合意書|提携)(?:書)?は、?([^。]{0,160}?)(?:調印|締結|署名)(?:し|いたし|され|を行い)")


def _signing_told_of_this_agreement(text: str, dates: list[DateMention], body_start: int) -> DateMention | None:
    """「本契約は、…11月26日(水)、…会場において…が調印したものです」: a later sentence about the
    agreement just announced gives the day it was signed."""
    for m in _THIS_AGREEMENT_SIGNED.finditer(text, body_start):
        inside = [d for d in dates if m.start(2) <= d.start and d.end <= m.end(2) and d.precision == "day"]
        if inside and not inside[-1].scheduled:
            return inside[-1]
    return None


def topic_flags(title: str | None) -> tuple[bool, bool]:
    """(the release is about an agreement, the release is about ending one)."""
    if not title:
        return True, False
    about = bool(_agreement_pattern().search(title) or re.search(r"締結|提携|協定|合意|合弁|連携", title))
    ending = bool(TERMINATION.search(title))
    return about, ending
