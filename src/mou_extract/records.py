"""Records: the events that tell one agreement merged into one record, with a confidence.

The same agreement is told several times — headline, body, 日程 table, a restatement (「同日、協定書
に署名」): events with the same parties and type (and no conflicting date) are one record; an event
marked 「それぞれ」 becomes one record per partner; a headline's own reading is dropped once the body
tells an agreement of its kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import DateMention
from .partnerships import PRIOR_AFTER_DAYS, Context, Event, Party, as_date


@dataclass
class Record:
    """Events about one agreement merged: the parts of a :class:`~mou_extract.models.Partnership`."""

    parties: list[Party]
    type: str
    label: str
    role: str
    date: DateMention | None
    events: list[Event]
    confidence: float = 0.0


def merge_events(ctx: Context, events: list[Event]) -> list[Record]:
    """One record per agreement: events with the same parties and type are one agreement told
    several times (headline, body, 日程); 「それぞれ」 splits one event into a record per partner."""
    split = [e for e in events if len({p.entity for p in e.parties}) >= 2 or any(p.entity is None for p in e.parties)]
    records: list[Record] = []
    for e in split:
        target = next((r for r in records if _same_agreement(r, e)), None)
        if target is None:
            records.append(Record(list(e.parties), e.type, e.label, e.role, e.date, [e]))
            continue
        target.events.append(e)
        if target.date is None or (target.events[0].date_from_table and e.date is not None and not e.date_from_table):
            target.date = e.date or target.date
        elif e.date is not None and all(x.resolution for x in target.events[:-1]) and not e.resolution:
            target.date = e.date  # the signing date, not the date of the board that resolved it
        if e.role == "announced" and not e.in_title and target.role == "prior" and target.events[0].in_title:
            target.role = "announced"
        if target.events[0].in_title and not e.in_title:
            target.label = e.label
    records = _collective_told_one_by_one(records)
    headline_types = {e.type for e in events if e.in_title and e.role == "announced"}
    records = _headline_news_told_as_done(ctx, records, headline_types)
    records = [r for r in records if not _title_only_duplicate(r, records)]
    for r in records:
        r.confidence = _confidence(ctx, r)
    records.sort(key=lambda r: min(ev.sentence.start if not ev.in_title else 10**9 for ev in r.events))
    return records


def _collective_told_one_by_one(records: list[Record]) -> list[Record]:
    """「3大学と覚書の締結式を行いました。本学と3大学はそれぞれ覚書を取り交わし」: the group's record
    and the members' own are the same agreements; the members' records stand, dated by the group's."""
    out = []
    for r in records:
        mine = {p.entity for p in r.parties}
        if None in mine or len(mine) < 3:
            out.append(r)
            continue
        parts = [o for o in records if o is not r and o.type == r.type and o.role == r.role and len({p.entity for p in o.parties}) == 2 and {p.entity for p in o.parties} < mine]
        covered = set().union(*({p.entity for p in o.parties} for o in parts)) if parts else set()
        common = set.intersection(*({p.entity for p in o.parties} for o in parts)) if parts else set()
        if len(parts) >= 2 and covered == mine and len(common) == 1:
            for o in parts:
                if o.date is None:
                    o.date = r.date
                o.events.extend(r.events)
            continue
        out.append(r)
    return out


def _undated_news_and_dated_history(r: Record, e: Event) -> bool:
    """An announced agreement with no date and a dated one in place before it (第2次変更契約 and the
    第1次変更契約 of 2023): two agreements of one kind, not one told twice."""
    if r.role == "announced":
        return r.date is None and e.date is not None and e.role == "prior"
    return e.role == "announced" and e.date is None and r.date is not None


def _same_agreement(r: Record, e: Event) -> bool:
    if r.type != e.type:
        return False
    resolved = e.resolution or any(x.resolution for x in r.events)
    if r.date is not None and e.date is not None and r.date.value != e.date.value and not e.date_from_table and not resolved:
        return False  # two agreements of one kind with the same partner, signed at different times
    if any(p.entity is None for p in r.parties) or any(p.entity is None for p in e.parties):
        return False
    if r.role != e.role:
        if _undated_news_and_dated_history(r, e):
            return False  # the earlier agreement's date must not become the news's date
        if r.events[0].in_title or e.in_title:
            if "prior" in (r.role, e.role) and not all(x.in_title for x in r.events):
                pass
            elif e.role == "prior" or r.role == "prior":
                return False  # a headline tells news, never an agreement of the past
        elif r.date is not None and e.date is not None and r.date.value != e.date.value:
            return False
    return {p.entity for p in r.parties} == {p.entity for p in e.parties}


def _headline_news_told_as_done(ctx: Context, records: list[Record], headline_types: set[str]) -> list[Record]:
    """Headline 「…と共同研究契約を締結」, body 「2025年6月に共同研究契約を締結しています」: the body
    tells the headline's news in the perfect; a recent date makes it this release's agreement."""
    for a_type in headline_types:
        if any(r.role == "announced" and r.type == a_type and any(not e.in_title for e in r.events) for r in records):
            continue
        told = [
            r for r in records
            if r.role == "prior" and r.type == a_type and r.date is not None and _recent(ctx, r.date)
            and not any(e.from_list for e in r.events)
        ]
        if len(told) == 1:
            told[0].role = "announced"
    return records


def _recent(ctx: Context, d: DateMention) -> bool:
    signed = as_date(d)
    return ctx.published is not None and signed is not None and 0 <= (ctx.published - signed).days <= PRIOR_AFTER_DAYS


def _title_only_duplicate(r: Record, records: list[Record]) -> bool:
    """A headline tells the body's agreement in short: once the body tells an agreement of the same
    type, the headline's own reading of it (often with fewer or vaguer parties) is not another."""
    if not all(e.in_title for e in r.events):
        return False
    mine = {p.entity for p in r.parties}
    generic = r.type == "other" or not any(e.explicit_agreement for e in r.events)  # 「…と提携いたしました」
    return any(
        o is not r
        and any(not e.in_title for e in o.events)
        and (o.type == r.type or (generic and mine <= {p.entity for p in o.parties}))
        for o in records
    )


def _confidence(ctx: Context, r: Record) -> float:
    """How sure the rules are, from what they saw.

    Up: every party named, and named with a legal form or an organisation head; an explicit date
    (less if only from a 日程 table); an explicit agreement word; a body sentence, and more than one
    telling. Down: partners the sentence did not mark (taken from an earlier agreement, a bare
    phrase or a table), the issuer added because nobody else signs, a record read off a list.
    """
    score = 0.3
    named = [p for p in r.parties if p.entity is not None]
    if len(named) == len(r.parties):
        score += 0.15
    anchored = [p for p in named if p.entity is not None and p.entity < len(ctx.orgs.entities) and ctx.orgs.entities[p.entity].mentions]
    if named and len(anchored) == len(named):
        score += 0.1
    if r.date is not None:
        score += 0.1 if not all(e.date_from_table for e in r.events if e.date is not None) else 0.05
    if all(e.explicit_agreement for e in r.events):
        score += 0.1
    if any(not e.in_title for e in r.events):
        score += 0.1
    if len(r.events) > 1:
        score += 0.05
    if all(e.partners_inferred for e in r.events):
        score -= 0.15
    if all(e.issuer_added for e in r.events):
        score -= 0.1
    if all(e.from_list for e in r.events):
        score -= 0.05
    return round(max(0.05, min(score, 0.99)), 2)
