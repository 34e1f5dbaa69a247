"""Partnerships: agreement frames → events → (:mod:`mou_extract.records`) one record per agreement.

Every conclusion predicate has a frame (:mod:`mou_extract.frames`): its agents, partners,
agreement phrases, dates, manner and clause. This module reads frames into :class:`Event` s:

* **agreement**: each agreement phrase is one agreement; its type is the head noun, the last
  agreement word (共同開発に関する覚書 → mou); a bare 契約 takes the type of the agreement word before
  it, else of what the contract grants (data/grants.tsv); 本契約 / 同協定 the agreement just told.
  An agreement whose chain says 協議 / 検討 / 解消 is a negotiation or a termination: no record.
* **role**: the words after the predicate (data/predicates.tsv: 締結しました → announced; 締結して
  おり → prior; 締結することを目指す → plan, dropped unless a date is scheduled), history words in the
  sentence (これまで, 以来), a date long before the release, and the clause (an agreement that
  today's one rests on, 「…に基づき」, is prior).
* **parties**: agents and partners, references resolved (当社 → issuer, 同社, 両社, 3社 → the group
  named with it); a frame with one named party is the issuer's; a partner given only by a
  descriptor (「国内の研究機関」) is unnamed.
* **spread**: 「それぞれ」 makes one event per partner; members dated on their own (「A(2016年)、
  B(2022年)と」, 「2016年5月にA、2017年6月にBと」) one event each with that date; several objects
  each after its own partners (「Aと…契約を、Bと…協定を、それぞれ」) one event each; coordinated
  agreements (「…契約及び…契約を」) one event each; precedents (「A、Bに続き」) one prior event each.
* **date**: the frame's date, else the signing date of a 日程 table, 同日 / 本日 resolved; a
  year-less date takes the year that fits the tense.

Agreements named without a conclusion predicate but told as history (「2019年の業務提携以来」,
「…との協定に続き」) or as standing (「…契約につきましては、引き続き継続」) are prior events too. What a
release says in its tables, lists, timetables and by being a correction is read afterwards by
:mod:`mou_extract.blocks`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from .dates import parse_number
from .frames import (
    AgreementWord,
    Frame,
    ParsedSentence,
    agreement_words,
    conclude_pattern,
    find_frames,
    manner_words,
    member_dates,
    parse_sentences,
    predicate_patterns,
)
from .lexicon import load_table
from .models import DateMention
from .orgs import Entity, Mention, OrgIndex, aliases_in_parenthesis, descriptors, is_short_form, name_key
from .text import Sentence, split_sentences
from .tokens import Token

__all__ = ["agreement_words", "find_events", "Context", "Event", "Party"]

FRESH_DAYS = 7  # a signing this close before the release is its news
PRIOR_AFTER_DAYS = 120  # an agreement signed this long before the release is history, not news
LIST_WINDOW = 1500  # how far after a count (「地元金融機関4行」) its members may be listed


@cache
def _grants() -> tuple[tuple[str, str], ...]:
    return tuple((r[0], r[1]) for r in load_table("grants"))


def _predicates() -> dict[str, tuple[re.Pattern[str], ...]]:
    return predicate_patterns()


# ---------------------------------------------------------------------------------------------
# Events


@dataclass
class Party:
    entity: int | None  # index into OrgIndex.entities; None for an unnamed party
    description: str | None = None
    row_date: DateMention | None = None  # the date on the party's own row of a list of partners


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
    separate: bool = False  # kept for records: the event is already one per partner
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
    last_date: DateMention | None = None  # the date of the agreement told last
    headline_date: DateMention | None = None  # a date the headline gives its agreement (「〜1月20日にソウルで合意〜」)
    last_topic: list[Party] = field(default_factory=list)  # the organisation the text spoke of last (Xは)
    date_starts: list[int] = field(default_factory=list)
    mention_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.date_starts = [d.start for d in self.dates]
        self.mention_starts = [m.start for m in self.orgs.mentions]

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        """The organisation mentions inside [start, end), found by offset."""
        i = bisect.bisect_left(self.mention_starts, start)
        j = bisect.bisect_left(self.mention_starts, end)
        return [m for m in self.orgs.mentions[i:j] if m.end <= end]

    def date_on_line_after(self, pos: int) -> DateMention | None:
        """The first date between ``pos`` and the end of its line (a row of a table or a list)."""
        line_end = self.text.find("\n", pos)
        i = bisect.bisect_left(self.date_starts, pos)
        if i < len(self.dates) and (line_end < 0 or self.dates[i].start < line_end):
            return self.dates[i]
        return None


@dataclass
class Told:
    """An agreement a sentence has told (concluded, resolved or planned), for a later verb of the
    same sentence that concludes it without naming it or its partners again."""

    label: str
    type: str
    explicit: bool
    parties: list[Party]


@dataclass
class Agreement:
    label: str
    type: str
    start: int
    end: int
    explicit: bool


def find_events(ctx: Context) -> list[Event]:
    events: list[Event] = []
    sentences = split_sentences(ctx.text)
    if ctx.title_span:
        a, b = ctx.title_span
        sentences = [s for s in sentences if not (s.start >= a and s.end <= b)]
        sentences[:0] = headline_parts(ctx.text, a, b)
    previous_parties: list[Party] = []
    for parsed in parse_sentences(ctx.text, ctx.tokens, sentences, ctx.orgs, ctx.dates):
        sentence = parsed.sentence
        in_title = bool(ctx.title_span and ctx.title_span[0] <= sentence.start < ctx.title_span[1])
        told: Told | None = None  # 「…決議し、同日付で締結」: the second verb concludes the same agreement
        frames = find_frames(ctx.text, parsed, headline=in_title)
        if in_title:
            ctx.headline_date = next(
                (
                    d for f in frames for d in ctx.dates
                    if (sentence.start <= d.start < f.pred_start or ctx.text[f.pred_end : d.start] in ("(", "（"))
                    and d.precision == "day" and not _is_other_date(ctx.text, d)
                ),  # 「…と覚書を締結」「…販売契約締結（9月2日付）のお知らせ」
                ctx.headline_date,
            )
        for frame in frames:
            found, told = _events_of(ctx, frame, in_title, previous_parties, told)
            if not found:
                continue
            ctx.last_type = found[-1].type
            ctx.last_date = found[-1].date or ctx.last_date
            main = found[0]
            if not previous_parties and not in_title and any(p.entity not in (None, ctx.issuer) for p in main.parties):
                previous_parties = list(main.parties)  # the main agreement's parties
            events.extend(found)
        if not in_title:
            events.extend(_precedent_events(ctx, parsed, frames))
            events.extend(_nominal_agreements(ctx, parsed, frames))
            topics = [k for k, c in enumerate(parsed.chunks) if c.role == "topic" and parsed.can_be_party(k)] or _main_subjects(parsed)
            if topics:
                ctx.last_topic = [p for k in parsed.members(topics[-1]) for p in _resolve(ctx, parsed, k)]
    return events


def _main_subjects(parsed: ParsedSentence) -> list[int]:
    """「カモシカ精工が急伸し、…をつけた。」: the main clause's が-subject, the organisation the next
    sentence goes on about when it names none (「前日、Xと…契約を締結したと発表し」)."""
    out = []
    for k, c in enumerate(parsed.chunks):
        if c.marker_text != "が" or not parsed.can_be_party(k) or c.head < 0:
            continue
        head = parsed.chunks[c.head]
        if head.kind == "pred" and head.form != "rentai" and all(parsed.chunks[j].form != "rentai" for j in parsed.ancestors(c.head)):
            out.append(k)
    return out[:1]


_SUBTITLE = re.compile(r"^[\s\u3000]*[〜～~―\-－]")


def headline_parts(text: str, start: int, end: int) -> list[Sentence]:
    """A headline's lines read as one statement, its subtitle (〜…〜) as another."""
    parts: list[Sentence] = []
    a = start
    pos = start
    for line in text[start:end].split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        if line_start > a and _SUBTITLE.match(line):
            parts.append(Sentence(a, line_start - 1, text[a : line_start - 1]))
            a = line_start
    parts.append(Sentence(a, end, text[a:end]))
    return [p for p in parts if p.text.strip()]


# ---------------------------------------------------------------------------------------------
# One frame → events


def _events_of(
    ctx: Context, frame: Frame, in_title: bool, previous_parties: list[Party], told: Told | None
) -> tuple[list[Event], Told | None]:
    text = ctx.text
    sentence = frame.parsed.sentence
    p0, p1 = frame.pred_start, frame.pred_end
    own = next((w for w in agreement_words(text, max(sentence.start, p0 - 12), p1 + 4) if w.start <= p0 < w.end), None)
    if own is not None:  # 「業務提携いたしました」: the agreement word is the verb
        p0, p1 = own.start, max(p1, own.end)
    tail = _tail(ctx, frame, p1)
    agreements = [a for a in (_agreement_of(ctx, frame, phrase) for phrase in frame.objects) if a is not None]
    if not agreements and told is not None and re.search(r"同日|同時|併せて|あわせて", text[sentence.start : p0]):
        agreements = [Agreement(told.label, told.type, p0, p0, told.explicit)]
    if not agreements:
        return [], told
    agents, partners, inferred = _parties(ctx, frame, previous_parties)
    if not partners and told is not None:
        # 「…締結することを決議し、同日付で本契約を締結」「Xとの間で締結した契約について、変更覚書を
        # 締結」: the parties of the agreement the sentence has just told
        agents, partners = list(told.parties), []
    elif agents or partners:
        told = Told(agreements[0].label, agreements[0].type, agreements[0].explicit, dedupe(agents + [p for _, p in partners]))
    ceremony = _CEREMONY_HELD.match(text, p1, sentence.end)
    if ceremony is not None:  # 「覚書の締結式を行いました」: holding the signing ceremony concludes it
        tail = "し" + text[ceremony.end() : min(sentence.end, ceremony.end() + 24)]
    elif re.match(r"(?:日|式|先|者|権|後|前|時|内容|条件|期間|事項)", text[p1 : p1 + 2]) and not in_title:
        return [], told  # 「契約締結日」「締結式」: a label or a noun, not a conclusion told (but its parties are)
    if not in_title and _is_caption(frame):
        return [], told
    if re.match(r"(?:する|す|した|いたす)?(?:のは|ことは|場合|際)", text[p1 : p1 + 6]):
        return [], told  # 「覚書を交わすのは今回が初めて」: the act as a topic, not an agreement told
    if any(_is_negotiation_or_termination(text, a.end, p0, tail) for a in agreements):
        return [], told
    if re.match(r"(?:に至った|に至りました|した|いたした)(?:ことから|ことを受け|ため|ので)", tail) and conclude_pattern().search(text, p1 + 8, sentence.end):
        return [], told  # 「…について合意に至ったことから、…契約を締結」: the reason for the agreement told next
    if re.search(r"(?:か|ですか|ますか)[。?？]?\s*$", sentence.text.rstrip()):
        return [], told  # 「ほかにも協定を結んでいますか。」: a question asks, it tells no agreement
    role = _role(ctx, sentence, p0, tail, in_title)
    if role is None:
        return [], told
    if not in_title and _in_cited_release_title(text, sentence.start, p0):
        role = "prior"  # 「7月15日付「…基本合意書締結のお知らせ」にて」: announced by an earlier release
    if not in_title and _nominal_end(tail) and not any(sentence.start <= d.start < p0 for d in ctx.dates):
        return [], told  # 「Ⅱ．業務提携基本契約の締結」: a section heading, not an agreement told
    resolution = bool(re.match(r"(?:する|いたす)こと(?:を|について)(?:決議|決定)", tail))
    base = Event(
        sentence, p0, p1, agreements[0].label, agreements[0].type, role, [], None,
        explicit_agreement=agreements[0].explicit, in_title=in_title, resolution=resolution, partners_inferred=inferred,
    )
    base.date = _date_of(ctx, frame, base, tail, in_title)
    if base.role == "plan":
        return [], told
    _apply_history(ctx, base, sentence.start, p0)
    # members dated on their own (「2019年に久慈市と、2022年に洋野町と」) are aged by their own dates
    return [_age(ctx, e) for e in _spread(ctx, frame, base, agreements, agents, partners)], told


_CEREMONY_HELD = re.compile(r"式(?:を|が)(?:執り)?(?:行い|行っ|行われ|開催し|開催され|開き|開い|実施し|実施され|挙行し|挙行され)")


def _is_caption(frame: Frame) -> bool:
    """「協定を締結した事業者（五十音順）」: a line that names what the list under it holds; its clause
    describes the list, it tells no agreement of its own."""
    parsed = frame.parsed
    last = len(parsed.chunks) - 1
    return (
        frame.clause == "relative"
        and frame.modified is not None and frame.modified >= last - 1
        and not parsed.sentence.text.rstrip().endswith(("。", "．"))
        and "\n" not in parsed.sentence.text.strip()
    )


def _tail(ctx: Context, frame: Frame, p1: int) -> str:
    """What follows the conclusion word, up to 24 characters: the chain its role is read from. A
    light verb's endings are read as those of する (行いました → しました, 行う → する)."""
    text = ctx.text
    end = min(frame.parsed.sentence.end, p1 + 24)
    if not frame.light:
        return text[p1:end]
    token = next((t for t in ctx.tokens[frame.chunk.tokens[0] : frame.chunk.tokens[1]] if t.start <= frame.pred_start < t.end), None)
    if token is None or token.pos1 != "動詞":
        return text[p1:end]  # 開始しました, 実施する: a verbal noun's own endings
    stem = "し" if token.cform.startswith("連用形") else "する"
    return stem + text[token.end : end]


def _spread(
    ctx: Context, frame: Frame, base: Event, agreements: list[Agreement], agents: list[Party], partners: list[tuple[int, Party]]
) -> list[Event]:
    """One event per agreement the frame concludes: per agreement phrase; per object when each
    follows its own partners; per partner for 「それぞれ」 or members dated on their own."""
    if frame.manner == "each" and len(partners) == 1 and len(agents) > 1:
        # 「A、B、Cの3社は、それぞれXと覚書を締結」: one agreement per agent
        return [e for agent in agents for e in _spread_one(ctx, frame, base, agreements, [agent], partners)]
    if frame.manner == "each" and not partners:
        # 「本学と3大学はそれぞれ覚書を取り交わし」: the group among the agents signs one by one with the rest
        groups = [(k, found) for k in frame.agents if len(found := _resolve(ctx, frame.parsed, k)) >= 2]
        if len(groups) == 1:
            k, members = groups[0]
            member_ids = {p.entity for p in members}
            rest = [p for p in agents if p.entity not in member_ids]
            if rest:
                return _spread_one(ctx, frame, base, agreements, rest, [(k, p) for p in members])
    return _spread_one(ctx, frame, base, agreements, agents, partners)


def _spread_one(
    ctx: Context,
    frame: Frame,
    base: Event,
    agreements: list[Agreement],
    agents: list[Party],
    partners: list[tuple[int, Party]],
    groups: list[tuple[Agreement, list[tuple[int, Party]]]] | None = None,
) -> list[Event]:
    groups = groups or _respective_groups(frame, partners, agreements)
    out: list[Event] = []
    for agreement, members in groups:
        own_dates = member_dates(frame)
        rows = [p.row_date for _, p in members if p.row_date is not None]
        if len(rows) == len(members) >= 2 and len({d.value for d in rows}) >= 2:
            # 「下表の3社と」 whose rows each give a signing date of their own: one agreement each
            return [_copy(base, agreement, _with_issuer(ctx, dedupe(agents + [p]), frame), _fit(ctx, p.row_date, base.role)) for _, p in members if p.row_date is not None]
        dated = [(k, p) for k, p in members if k in own_dates]
        listed = base.role == "prior" and len(members) >= 2 and any(p.search(frame.parsed.sentence.text) for p in _predicates()["past_list"])
        each = frame.manner == "each" or listed or (len(dated) >= 2 and len(groups) == 1)
        if each and members:
            one_each = frame.manner == "each" or listed
            undated = [p for k, p in members if k not in own_dates] if not one_each else []
            for k, party in members if one_each else dated:
                parties = _with_issuer(ctx, dedupe(agents + undated + [party]), frame)
                when = own_dates.get(k)
                event = _copy(base, agreement, parties, _fit(ctx, when, base.role) if when else base.date)
                out.append(event)
            continue
        if len(groups) > 1:
            dates = [own_dates[k] for k, _ in members if k in own_dates]
            when = _fit(ctx, dates[0], base.role) if dates else base.date
        else:
            when = base.date
        parties = _with_issuer(ctx, dedupe(agents + [p for _, p in members]), frame)
        out.append(_copy(base, agreement, parties, when))
    for e in out:
        e.issuer_added = ctx.issuer is not None and all(p.entity != ctx.issuer for p in agents + [p for _, p in partners]) and any(
            p.entity == ctx.issuer for p in e.parties
        )
    return [e for e in out if len({p.entity for p in e.parties}) >= 2 or any(p.entity is None for p in e.parties)]


def _copy(base: Event, agreement: Agreement, parties: list[Party], when: DateMention | None) -> Event:
    return Event(**{
        **base.__dict__, "label": agreement.label, "type": agreement.type, "parties": parties, "date": when,
        "explicit_agreement": agreement.explicit, "evidence": [],
    })


def _respective_groups(
    frame: Frame, partners: list[tuple[int, Party]], agreements: list[Agreement]
) -> list[tuple[Agreement, list[tuple[int, Party]]]]:
    """「Aと業務提携契約を、Bと連携協定を、それぞれ締結」: when agreements stand apart, each after
    its own partners, each takes the partners between the previous agreement and itself."""
    if len(agreements) < 2:
        return [(agreements[0], partners)]
    positions = [a.start for a in agreements]
    spread = [sum(1 for k, _ in partners if frame.parsed.chunks[k].start < pos and (i == 0 or frame.parsed.chunks[k].start > positions[i - 1])) for i, pos in enumerate(positions)]
    if all(n > 0 for n in spread):
        out = []
        for i, agreement in enumerate(agreements):
            lo = positions[i - 1] if i else -1
            mine = [(k, p) for k, p in partners if lo < frame.parsed.chunks[k].start < positions[i]]
            out.append((agreement, mine))
        return out
    return [(a, partners) for a in agreements]


def _with_issuer(ctx: Context, parties: list[Party], frame: Frame) -> list[Party]:
    """A frame that names one party only is the issuer's (「Xと協定を締結しました」)."""
    named = [p for p in parties if p.entity is not None]
    if ctx.issuer is None or any(p.entity == ctx.issuer for p in parties):
        return parties
    one_group = len(frame.partners) == 1 and len(named) >= 2  # 「市内の事業者5社と」: a group the headline's issuer signs with
    if len(parties) == 1 or (not frame.agents and (len(named) < 2 or one_group) and not _counted_all(ctx, frame, len(parties))):
        return [Party(ctx.issuer), *parties]
    return parties


def _fit(ctx: Context, d: DateMention, role: str) -> DateMention:
    return d if re.match(r"^同日", d.text) and d.kind == "relative" else fit_year(ctx, d, role)


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
# Agreement phrase and type


# 「契約の当事者として」: the agreement word names whose attribute follows, not the thing concluded
_ATTRIBUTE_OF = re.compile(r"の(?:当事者|相手方|相手先|内容|期間|条件|範囲|金額)")


def _in_alias_definition(text: str, pos: int) -> bool:
    """「業務提携契約(以下「本提携契約」)」: the word inside the alias is not another agreement."""
    return re.search(r"\((?:以下、?)?「[^」()]{0,12}$", text[max(0, pos - 16) : pos]) is not None


def _agreement_of(ctx: Context, frame: Frame, phrase: list[int]) -> Agreement | None:
    """The agreement of one phrase: its words up to the head chunk's end (or to the predicate when
    the predicate's own chunk holds them); the head noun is the last word."""
    text = ctx.text
    parsed = frame.parsed
    head_chunk = parsed.chunks[phrase[-1]] if phrase[-1] != frame.predicate else frame.chunk
    end = frame.pred_start if phrase[-1] == frame.predicate else head_chunk.content_end
    words: list[AgreementWord] = []
    for k in phrase:
        c = parsed.chunks[k]
        if c.kind == "pred" and k != frame.predicate:
            continue  # a relative clause inside the phrase tells what the agreement does
        if k == frame.predicate and phrase[-1] != frame.predicate:
            continue  # the relative clause's own verb
        stop = min(c.content_end, end) if k != frame.predicate else end
        for w in agreement_words(text, c.start, stop):
            if any(a <= w.start < b for a, b in c.brackets) or _in_alias_definition(text, w.start):
                continue
            if _ATTRIBUTE_OF.match(text, w.end) and k != frame.modified:
                continue  # (the agreement a relative clause describes is that agreement: 「締結した契約の内容」)
            words.append(w)
    own = next((w for w in agreement_words(text, max(0, frame.pred_start - 12), frame.pred_end + 4) if w.start <= frame.pred_start < w.end), None)
    if own is not None and phrase[-1] == frame.predicate:
        words = [w for w in words if w.end <= own.start] + [own]
    if not words:
        return None
    head = words[-1]
    a_type = _type_of(ctx, words, head, frame, phrase)
    label = _label(text, words, head)
    explicit = head.type != "inherit" or head.word in ("契約", "基本契約", "契約書")
    return Agreement(label, a_type, words[0].start, head.end, explicit)


def _type_of(ctx: Context, words: list[AgreementWord], head: AgreementWord, frame: Frame, phrase: list[int]) -> str:
    text = ctx.text
    a_type = ctx.agreement_aliases.get(head.word, head.type)
    alias_type = _alias_type(ctx, text, head)
    if alias_type:
        a_type = alias_type
    if a_type == "inherit" and re.search(r"(?:同|本|当該|前記|上記|前述の|今回の|今般の|この|その|変更)$", text[max(0, head.start - 4) : head.start]):
        a_type = ctx.last_type or "inherit"  # 「同契約」「本契約」「第1次変更契約」: the agreement just told
    if a_type == "inherit":
        a_type = next((w.type for w in reversed(words[:-1]) if w.type != "inherit"), "inherit")
    if a_type == "inherit":  # 「資本業務提携を行うことに関する契約」: what the clause before it names
        parsed = frame.parsed
        inner = [
            w for k in parsed.subtree(phrase[-1]) if k != frame.predicate
            for w in agreement_words(text, parsed.chunks[k].start, parsed.chunks[k].content_end)
            if w.end <= head.start and not _in_alias_definition(text, w.start)
        ]
        a_type = next((w.type for w in reversed(inner) if w.type != "inherit"), "inherit")
    if a_type == "inherit" and len(phrase) == 1 and not frame.partners and ctx.last_type:
        a_type = ctx.last_type  # 「…と資本業務提携すると発表した。同日付で契約を結んだ。」: the same agreement
    if a_type == "inherit":
        sentence = frame.parsed.sentence
        window = text[sentence.start : sentence.end]
        a_type = next((g_type for phrase, g_type in _grants() if phrase in window), "other")
    if head.word == "提携" and a_type == "other":
        a_type = "business_alliance"
    return a_type


def _alias_type(ctx: Context, text: str, head: AgreementWord) -> str | None:
    """本契約 / 同協定 / 本覚書 / 当該基本合意書: the type of the agreement the alias was defined for."""
    for alias in sorted(ctx.agreement_aliases, key=len, reverse=True):
        if len(alias) > len(head.word) and text[max(0, head.end - len(alias)) : head.end] == alias:
            return ctx.agreement_aliases[alias]
    return None


def _label(text: str, words: list[AgreementWord], head: AgreementWord) -> str:
    """The agreement's name as written: a quoted name ending at the head (「…連携協定」), else the
    agreement words with the short modifier before them (…に関する覚書)."""
    start = words[0].start
    m = re.search(r"[「『]([^」』]{2,60})[」』]$", text[max(0, start - 62) : head.end + 1])
    if m and head.end < len(text) and text[head.end : head.end + 1] in "」』":
        return m.group(1)
    left = start
    while left > 0 and left > start - 16 and text[left - 1] not in "、。をがは「」()\n" and text[left - 1] not in "るたし":
        left -= 1
    return text[left : head.end].strip()


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


def _role(ctx: Context, sentence: Sentence, p0: int, tail: str, in_title: bool) -> str | None:
    preds = _predicates()
    if in_title:
        if re.match(r"(?:に向け|の検討|に関する検討|の協議|に関する協議|交渉|を目指|式?の?(?:延期|中止|見送り|取りやめ|取り止め))", tail):
            return None  # 「…協定の締結に向けた調整について」「…締結式の延期について」: not concluded
        return "announced"
    if re.match(r"(?:し|いたし|致し)?(?:、|て(?!おり|い|以来))|(?:する|いたす)(?:とともに|と共に|と同時に|など)", tail):
        # 「…と契約を締結し、…を取得しております」: the sentence's last verb tells the time
        return "prior" if _ends_in_state(sentence.text) else "announced"
    if any(p.search(tail) for p in preds.get("negated", ())):
        return None  # 「契約等を締結したものではありません」
    if _DISCLOSED.match(tail):
        return "announced"  # 「…契約を12月20日に結んでいたことを明らかにした」: news disclosed now
    rest = sentence.text[p0 - sentence.start :]
    if re.match(r"(?:する|いたす)こと(?:、|及び|並びに)", tail) and re.search(r"こと(?:について|を)(?:決議|決定)", rest) and not (
        conclude_pattern().search(rest, 8)  # 「…決議し、同日付で締結」: the later verb tells it
    ):
        return "announced"  # 「…契約を締結すること、並びに…を行うことについて決議」: resolved with another act
    if any(p.search(tail) for p in preds["prior"]):
        return "prior"
    if any(p.search(tail) for p in preds["announce"]):
        return "announced"
    if any(p.search(tail) for p in preds["plan"]):
        return "plan"
    if _nominal_end(tail) and not tail.startswith("予定"):
        return "announced"  # 「2010年4月　資本提携を締結」 ending a table row (its date decides history)
    return None  # 「協定締結の経緯」: a noun phrase, no agreement told


_DISCLOSED = re.compile(r"(?:し|いたし|ん)?で?(?:い|おり)(?:た|ました)(?:こと|と)(?:を|が)?(?:明らかに|発表|公表|分かっ|わかっ)")


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
    if re.search(r"に基づ", text[event.pred_end : min(event.pred_end + 60, event.sentence.end)]) and re.match(r"(?:し|いたし)?た", text[event.pred_end :]):
        event.role = "prior"  # 「…と締結した協定に基づき」: what today's act rests on
    _age(ctx, event)
    if event.role == "announced" and (ctx.topic_is_termination or not ctx.topic_is_agreement) and not _fresh_signing(ctx, event):
        event.role = "prior"


def _age(ctx: Context, event: Event) -> Event:
    """An agreement signed long before the release is history, whatever verb tells it."""
    if event.date is not None and ctx.published is not None and event.role == "announced":
        signed = as_date(event.date)
        if signed is not None and (ctx.published - signed).days > PRIOR_AFTER_DAYS:
            event.role = "prior"
    return event


def _fresh_signing(ctx: Context, event: Event) -> bool:
    """A signing the release dates within days of itself is its news, whatever the headline says."""
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


def _parties(ctx: Context, frame: Frame, previous: list[Party]) -> tuple[list[Party], list[tuple[int, Party]], bool]:
    """(agents, partners with the chunk each comes from, partners inferred): the frame's groups
    resolved to organisations."""
    parsed = frame.parsed
    agents = [p for k in frame.agents for p in _resolve(ctx, parsed, k)]
    partners = [(k, p) for k in frame.partners for p in _resolve(ctx, parsed, k)]
    if frame.clause == "relative" and frame.modified is not None and parsed.categories[frame.modified] == "org":
        # 「本市と協定を結んでいる一般社団法人X」: the organisation the clause describes
        partners += [(frame.modified, p) for p in _resolve(ctx, parsed, frame.modified)]
    partners += [(k, p) for k in _slot_chunks(frame) for p in _unnamed(ctx, parsed, k)]
    inferred = not partners
    if not partners:
        partners = [(-1, p) for p in _brand_operator(ctx, frame) + _role_noun_partners(ctx, frame)]
    if not partners and not agents and previous:
        return list(previous), [], True  # a restatement (「同日、協定書に署名いたしました」)
    if not agents and partners and ctx.issuer is None and ctx.last_topic:
        # a page that nobody in it publishes (a news article): the subject left out is the one the
        # text was speaking of (「PSCは…急いでいる。2021年には富岳と技術協力協定を締結した」)
        agents = [p for p in ctx.last_topic if p.entity not in {q.entity for _, q in partners}]
    if agents and _counted_all(ctx, frame, len(dedupe([p for _, p in partners]))):
        agents = []  # 「当社は、子会社XとY及びZとの3社間で」: the three listed are the parties
    partner_ids = {p.entity for _, p in partners if p.entity is not None}
    agents = [p for p in agents if p.entity is None or p.entity not in partner_ids]
    return dedupe(agents), partners, inferred


def _slot_chunks(frame: Frame) -> list[int]:
    """Chunks in the partner slot that name no organisation (「国内の研究機関と」)."""
    parsed = frame.parsed
    return [
        k for k in parsed.children[frame.predicate]
        if parsed.categories[k] == "other" and parsed.chunks[k].role == "partner"
    ]


def _resolve(ctx: Context, parsed: ParsedSentence, k: int) -> list[Party]:
    """The organisations a chunk names: its last mention (a unit named after its parent, 「X大学Y
    研究センター」, is the unit), a reference resolved, a count (3社) read as the group named with it."""
    mentions = parsed.mentions[k]
    if not mentions:
        span = parsed.names[k]
        if span is None:
            return []
        entity = _entity_for_bare_name(ctx, ctx.text[span[0] : span[1]])
        for a, b in parsed.chunks[k].brackets[:1]:
            for alias in aliases_in_parenthesis(ctx.text[a + 1 : b - 1]):  # 「ソラネット(SN)」
                if alias not in ctx.orgs.entities[entity].all_names():
                    ctx.orgs.entities[entity].aliases.append(alias)
        return [Party(entity)]
    rest = ctx.text[mentions[-1].end : parsed.chunks[k].content_end]
    if rest and any(rest.endswith(d) for d in descriptors()):
        return _unnamed(ctx, parsed, k)  # 「当社連結子会社」: described by its relation to the one named
    groups = _count_group(ctx, parsed, k)
    if groups is not None:
        return groups
    return _party_of(ctx, mentions[-1]) or []


def _count_group(ctx: Context, parsed: ParsedSentence, k: int) -> list[Party] | None:
    """「X、Y及びZの3社と」「A及びBの2社は」: a count whose group is the の-list before it (the
    members are its own slot's members already; the count adds nobody)."""
    m = parsed.mentions[k][-1]
    if m.source != "reference" or m.reference != "all":
        return None
    listed = [j for j in parsed.children[k] if (parsed.categories[j] in ("org", "name") or parsed.names[j] is not None) and parsed.chunks[j].role == "adnominal"]
    if not listed:
        return _listed_in_brackets(ctx, parsed, k, m.end)
    out: list[Party] = []
    for j in listed:
        for member in parsed.members(j):
            out.extend(_resolve(ctx, parsed, member))
    return out


def _listed_in_brackets(ctx: Context, parsed: ParsedSentence, k: int, count_end: int) -> list[Party] | None:
    """「金融機関4行庫（A銀行、B銀行、C信用金庫、D信用組合）と」: the count's members in the
    parenthesis right after it."""
    for a, b in parsed.chunks[k].brackets:
        if a != count_end:
            continue
        found = [m for m in ctx.mentions_between(a, b) if m.entity >= 0 and m.source != "reference"]
        if len(found) >= 2:
            return [p for m in found for p in (_party_of(ctx, m) or [])]
    return None


def _counted_all(ctx: Context, frame: Frame, n: int) -> bool:
    """「…との3社間で」: the partners listed are all the parties."""
    text = ctx.text
    sentence = frame.parsed.sentence
    m = re.search(r"との?(\d|[一二三四五六七八九])(?:社|者)間", text[sentence.start : frame.pred_start + 10])
    return m is not None and parse_number(m.group(1)) == n


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
    if len(m.name) == 1 and (ctx.issuer is None or ctx.orgs.entities[ctx.issuer].kind != "government"):
        return None  # 「市では」 on a page that is not the city's own speaks of a city left unnamed
    return ctx.issuer


def _counted_group(ctx: Context, m: Mention) -> list[Party]:
    """3社 / 三者 / 地元金融機関4行 naming no one in their sentence: the first organisations the
    body named; or, when fewer were named before, those the release lists after it (a table of
    the signatories)."""
    digits = re.search(r"[0-9０-９]+|[二三四五六七八九十]+", m.name)
    if digits is None:
        return []  # 各社 / 各者
    n = parse_number(digits.group())
    described = not re.fullmatch(r"[0-9０-９一二三四五六七八九十]+(?:社|者)", m.name)  # 代理店3社, 地元金融機関4行
    line_start = max(ctx.text.rfind("。", 0, m.start), ctx.text.rfind("\n", 0, m.start)) + 1
    named_here = [x for x in ctx.orgs.mentions if line_start <= x.start < m.start and x.entity >= 0 and x.source != "reference"]
    if named_here and not described and _names_the_count(ctx.text[named_here[-1].end : m.start]):
        return []  # 「A、B及びCの3社は」: the group is the one named with it
    group: list[int] = []
    for x in ctx.orgs.mentions:
        if x.start >= m.start or len(group) == n:
            break
        if x.start >= ctx.body_start and x.entity >= 0 and x.source != "reference" and x.entity not in group:
            group.append(x.entity)
    if len(group) == n:
        return [Party(e) for e in group]
    sentence_end = ctx.text.find("。", m.end)
    listed: dict[int, Mention] = {}
    for x in ctx.orgs.mentions:
        if x.start <= max(sentence_end, m.end) or len(listed) == n or x.start > max(sentence_end, m.end) + LIST_WINDOW:
            continue
        if x.entity >= 0 and x.source != "reference" and x.entity != ctx.issuer and x.entity not in listed and m.kind in ("other", x.kind):
            # 3社 counts companies: the 岡山県真庭市 of a table row beside each is not one of them
            listed[x.entity] = x
    return [Party(e, row_date=ctx.date_on_line_after(x.end)) for e, x in listed.items()] if len(listed) == n and n > 1 else []


def _names_the_count(between: str) -> bool:
    """「A、B及びCの3社」「A及びBの大学2校」: the names stand in the count's own の-phrase; after a
    case particle or a comma (「市は、…事業者5社と」) they are another slot's."""
    return between == "" or re.fullmatch(r"[^、。はがとを]{0,12}の[^、。はがとを]{0,10}", between) is not None


def _both(ctx: Context, m: Mention) -> list[Party]:
    """両社 / 両者: the issuer and the organisation the text last named besides it."""
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


def _unnamed(ctx: Context, parsed: ParsedSentence, k: int) -> list[Party]:
    """「日本の製薬会社2社との間で」「国内の研究機関と」: partners described, not named."""
    text = ctx.text
    c = parsed.chunks[k]
    content = c.content(text)
    found = next((d for d in sorted(descriptors(), key=len, reverse=True) if re.search(re.escape(d) + r"(?:\d|[一二三])?(?:社|者)?$", content)), None)
    if found is None:
        return []
    start = min([c.start] + [parsed.chunks[j].start for j in parsed.subtree(k) if j != k and parsed.chunks[j].kind == "noun"])
    description = text[start : c.content_end]
    if re.search(r"(?:子会社|関連会社)$", content) and not re.search(r"の(?:子会社|関連会社)$", description):
        return []  # 「子会社と」 alone is someone's own subsidiary, named elsewhere
    if re.fullmatch(r"[当本同弊][^\s]{1,3}", description):
        return []
    count = re.search(r"(\d|[一二三])(?:社|者)$", content)
    n = (parse_number(count.group(1)) or 1) if count else 1
    return [Party(None, description) for _ in range(n)]


def _brand_operator(ctx: Context, frame: Frame) -> list[Party]:
    """「家計簿アプリ「ポケリス」と業務提携」: the partner is the organisation the text says runs the
    brand elsewhere (「※1 「ポケリス」は、株式会社X(…)が運営するサービスです」)."""
    text = ctx.text
    parsed = frame.parsed
    for k in parsed.children[frame.predicate] + [j for ph in frame.objects for j in ph]:
        c = parsed.chunks[k]
        if c.role != "partner" and not (c.marker and c.marker.text == "との"):
            continue
        marked = re.search(r"「([^」]{1,30})」", text[c.start : c.end])
        if marked is None:
            continue
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


_ROLE_NOUN = r"(?:共同開発先|共同研究先|提携先|契約先|契約相手先|相手先|締結先|連携先|導出先|導入先|販売先|割当先)"


def _role_noun_partners(ctx: Context, frame: Frame) -> list[Party]:
    """「それぞれの共同開発先との間で」: partners named in the release's own table of them
    (「(1)共同開発先　X」), one per row."""
    text = ctx.text
    sentence = frame.parsed.sentence
    m = re.search(r"(?:それぞれの|各)?(" + _ROLE_NOUN + r")との", text[sentence.start : frame.pred_start + 1])
    if not m:
        return []
    out: list[Party] = []
    for row in re.finditer(r"(?m)^[^\n]{0,8}" + re.escape(m.group(1)) + r"[\s:：]+([^\n]+)$", text):
        found = [x for x in ctx.orgs.mentions if row.start(1) <= x.start < row.end(1) and x.entity >= 0 and x.source != "reference"]
        if found:
            out.extend(_party_of(ctx, found[0]) or [])
    return out


def _entity_for_bare_name(ctx: Context, name: str) -> int:
    key = name_key(name)
    for i, ent in enumerate(ctx.orgs.entities):
        if key in (name_key(n) for n in ent.all_names()):
            return i
    for i, ent in enumerate(ctx.orgs.entities):
        if is_short_form(name, ent.name):  # 「サクラバイオ」 after サクラバイオファーマ
            ent.aliases.append(name)
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


# ---------------------------------------------------------------------------------------------
# Dates


def _date_of(ctx: Context, frame: Frame, event: Event, tail: str, in_title: bool) -> DateMention | None:
    """The frame's own date; else the date of the agreement just told (「あわせて…」), a 日程 table's
    signing date, or for a past agreement the last date before it in the sentence."""
    text = ctx.text
    sentence = frame.parsed.sentence
    role = event.role
    starts = frame.light and text.startswith("開始", frame.pred_start)
    # 「2015年から協定を結んでおり」: in place since then, so signed then
    since = starts or (role == "prior" and re.match(r"(?:んで|で|して|いたして)(?:おり|い)", tail) is not None)
    candidates = [
        d for k in frame.dates for d in frame.parsed.dates[k]
        if d.range_role != "end" and d.end <= frame.pred_end + 2
        and (not _is_other_date(text, d) or (since and re.match(r"(?:から|より)", text[d.end : d.end + 2])))
    ]
    # 「13日、…協定を3月24日に締結すると発表した」: the date the verb takes (に, 付) before the one
    # that opens the sentence (the day it was announced)
    own = {id(d) for k in frame.dates if frame.parsed.chunks[k].head == frame.predicate for d in frame.parsed.dates[k]}
    governed = [d for d in candidates if id(d) in own and re.match(r"(?:\([^)]*\))?(?:に|付)", text[d.end : d.end + 8])]
    chosen = (governed[-1] if len(candidates) > 1 and governed else candidates[0]) if candidates else None
    if chosen is not None and chosen.text.startswith("同日"):
        earlier = next((d for k in range(len(frame.parsed.chunks)) if frame.parsed.chunks[k].end <= chosen.start
                        for d in [_bare_day(ctx, frame.parsed, k, role)] if d is not None), None)
        if earlier is not None:
            chosen = earlier  # 「26日の取引終了後、…同日付で…締結」: the same day is the bare 26日 before it
        elif _bare_day_since(ctx, chosen):
            chosen = ctx.last_date  # 「Aは15日、…発表した。両行は同日、…」: the same day is the bare 15日
    if chosen is None:
        chosen = next((d for k in frame.dates if (d := _bare_day(ctx, frame.parsed, k, role)) is not None), None)
    if chosen is None and role == "prior":
        before = [d for d in ctx.dates if sentence.start <= d.start and d.end <= event.pred_start and d.range_role != "end" and not _is_other_date(text, d)]
        chosen = before[-1] if before else None
    if chosen is None and ctx.last_date is not None and re.match(r"(?:あわせて|併せて|同時に|また同日|同日)", sentence.text[:5]):
        chosen = ctx.last_date  # 「あわせて、…覚書を締結しました」: on the same occasion
    if chosen is None and role == "announced" and not in_title and ctx.headline_date is not None:
        chosen = ctx.headline_date  # the date is told only in the headline
    when = _fit(ctx, chosen, role) if chosen is not None else None
    if when is not None and re.match(r"(?:する|いたす)(?:運び|予定|こととなり|ことといたし|と(?:発表|公表))", tail):
        when = fit_year(ctx, when.model_copy(update={"scheduled": True}), "announced")  # a signing still to come
    table_date = _table_date_for(ctx, event.type)
    if table_date is not None and role != "prior" and (when is None or (event.resolution and not in_title)):
        # a board's resolution dates the board, the 日程 table the signing; a headline read
        # alone takes the table's date too
        if _FUTURE_TAIL.match(tail):
            table_date = table_date.model_copy(update={"scheduled": True})  # 「締結いたします」: the ceremony is to come
        when, event.date_from_table = fit_year(ctx, table_date, "announced" if table_date.scheduled else role), True
    if when is not None and role == "plan" and (when.scheduled or re.match(r"(?:する|いたす)予定|(?:し|いたし|致し)ます(?!た)", tail)):
        event.role = "announced"  # a signing scheduled for a stated date is news
        when = fit_year(ctx, when.model_copy(update={"scheduled": True}), "announced")
    return when


_FUTURE_TAIL = re.compile(r"(?:する|いたす|致す)(?:運び|予定|こととなり|ことといたし|と(?:発表|公表))|(?:し|いたし|致し)ます(?!た)")
_BARE_DAY = re.compile(r"(\d{1,2})日(?:付け?)?")


def _bare_day_since(ctx: Context, same_day: DateMention) -> bool:
    """The last date told before 「同日」 is a bare day of the month (read by the frames, not by the
    date matcher, so 同日 leaned on an earlier date)."""
    last = ctx.last_date
    if last is None or last.start >= same_day.start or not _BARE_DAY.fullmatch(last.text):
        return False
    i = bisect.bisect_left(ctx.date_starts, same_day.start)
    earlier = [d for d in ctx.dates[max(0, i - 8) : i] if d.precision == "day" and d.kind != "relative"]
    return not earlier or earlier[-1].start < last.start


def _bare_day(ctx: Context, parsed: ParsedSentence, k: int, role: str) -> DateMention | None:
    """「Aは28日、Bと…を締結したと発表した」: a day of the month alone, in a date slot, is a day of the
    page's month (of the month before, for a signing done, when the day has not come yet)."""
    c = parsed.chunks[k]
    m = _BARE_DAY.fullmatch(c.content(ctx.text))
    if m is None or ctx.published is None:
        return None
    day = int(m.group(1))
    year, month = ctx.published.year, ctx.published.month
    if role in ("announced", "prior") and day > ctx.published.day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return DateMention(start=c.start, end=c.start + m.end(), text=m.group(), value=value.isoformat(), precision="day", kind="relative")


def _is_other_date(text: str, d: DateMention) -> bool:
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


def _table_date_for(ctx: Context, a_type: str) -> DateMention | None:
    """The first labelled signing date whose label does not name an agreement of another kind
    (「本基本合意書締結日」 does not date the 業務提携契約)."""
    for label, signed in ctx.table_signing_dates:
        kinds = {w.type for w in agreement_words(label) if w.type != "inherit"}
        if not kinds or a_type in kinds:
            return signed
    return None


# ---------------------------------------------------------------------------------------------
# Agreements told without a conclusion predicate: precedents, 以来, standing


def _precedent_events(ctx: Context, parsed: ParsedSentence, frames: list[Frame]) -> Iterable[Event]:
    """「…と協定を締結するのは、A、B、Cに続き5件目」「A市に続き、B市と協定を締結」: the organisations
    named as precedents concluded an agreement of the same kind earlier, each with the agents."""
    text = ctx.text
    sentence = parsed.sentence
    for k, c in enumerate(parsed.chunks):
        if c.role != "precedent" or parsed.categories[k] != "org":
            continue
        frame = next((f for f in frames if f.predicate == c.head or c.head in parsed.ancestors(f.predicate) or f.predicate in parsed.ancestors(k)), frames[0] if frames else None)
        words = [w for w in agreement_words(text, sentence.start, sentence.end) if w.type != "inherit"]
        a_type, label = (words[-1].type, words[-1].word) if words else (ctx.last_type or "other", "")
        like = re.search(r"(?:このような|こうした|同様の|同種の|この)(?:契約|協定|提携)", sentence.text)
        if like or not words:
            a_type = ctx.last_type or a_type
        subject = _agents_of(ctx, frame) if frame is not None else []
        if not subject and ctx.issuer is not None:
            subject = [Party(ctx.issuer)]
        own = member_dates(Frame(parsed, k, c.start, c.end, precedents=parsed.members(k)))
        for member in parsed.members(k):
            for party in _resolve(ctx, parsed, member):
                parties = dedupe(subject + [party])
                if len(parties) >= 2:
                    when = own.get(member)
                    yield Event(sentence, c.start, c.end, label or a_type, a_type, "prior", parties, _fit(ctx, when, "prior") if when else None, from_list=True)


def _agents_of(ctx: Context, frame: Frame) -> list[Party]:
    return [p for k in frame.agents for p in _resolve(ctx, frame.parsed, k)]


_STANDING = re.compile(r"^(?:につきましては|については|は|も)、?(?:引き続き|今後も)?(?:継続|存続|有効)")


def _nominal_agreements(ctx: Context, parsed: ParsedSentence, frames: list[Frame]) -> Iterable[Event]:
    """Agreement chunks told as history or as standing, with no conclusion predicate of their own:
    「2019年の業務提携以来」, 「2018年の静岡県、2020年の袋井市との協定に続き」, 「…契約につきましては、
    引き続き継続」."""
    text = ctx.text
    sentence = parsed.sentence
    for k, c in enumerate(parsed.chunks):
        if parsed.categories[k] != "agreement" or conclude_pattern().search(text, c.start, c.end):
            continue
        standing = _STANDING.match(text[c.content_end : c.content_end + 20]) is not None
        if c.role not in ("precedent", "since") and not standing:
            continue
        phrase = _nominal_phrase(parsed, k)
        words = [w for j in phrase for w in agreement_words(text, parsed.chunks[j].start, parsed.chunks[j].content_end)]
        if not words or (words[-1].type == "inherit" and words[-1].word != "契約"):
            continue
        head = words[-1]
        a_type = head.type if head.type != "inherit" else next((w.type for w in reversed(words[:-1]) if w.type != "inherit"), "other")
        partners: list[tuple[int, Party]] = []
        for j in phrase:
            if parsed.categories[j] == "org" and j != k:
                partners += [(j, p) for p in _resolve(ctx, parsed, j)]
        pseudo = Frame(parsed, k, c.start, c.content_end, partners=[j for j, _ in partners])
        own = member_dates(pseudo)
        date_here = next((d for j in phrase if parsed.categories[j] == "date" for d in parsed.dates[j]), None)
        if not partners and c.role == "since" and ctx.issuer is not None:
            after = next((m for m in ctx.orgs.mentions if c.end <= m.start < sentence.end and m.entity >= 0 and m.source != "reference"), None)
            if after is not None and after.entity != ctx.issuer and date_here is not None:
                partners = [(-1, Party(after.entity))]  # 「2019年の業務提携以来、株式会社X(…)が…」
        if not partners:
            continue
        # whose earlier agreement it is: the sentence's signer (「同所が…締結するのは、…との協定に続き」)
        subject = next((a for f in frames if (a := _agents_of(ctx, f))), [Party(ctx.issuer)] if ctx.issuer is not None else [])
        dated = [(j, p) for j, p in partners if j in own]
        spread = [[item] for item in dated] if len(dated) >= 2 else [partners]
        for group in spread:
            when = own.get(group[0][0]) if len(spread) > 1 else date_here
            parties = dedupe(subject + [p for _, p in group])
            if len(parties) >= 2:
                yield Event(
                    sentence, c.start, c.content_end, _label(text, words, head), a_type, "prior", parties,
                    _fit(ctx, when, "prior") if when else None, partners_inferred=c.role == "since", from_list=len(spread) > 1,
                )


def _nominal_phrase(parsed: ParsedSentence, k: int) -> list[int]:
    """An agreement chunk and everything that modifies it (its partners' groups included)."""
    out = set(parsed.subtree(k))
    return sorted(out)


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
    about = bool(agreement_words(title) or re.search(r"締結|提携|協定|合意|合弁|連携", title))
    ending = bool(TERMINATION.search(title))
    return about, ending


_ = manner_words  # loaded with the frames; re-exported for warm-up
