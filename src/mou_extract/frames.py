"""Frames: one per conclusion predicate, read from the chunks that depend on it.

Every sentence is chunked and parsed (:mod:`mou_extract.chunks`) with organisation and date
mentions kept whole; each chunk gets a category from what it holds (``org``, ``date``,
``agreement``, ``other``). A *conclusion predicate* is a chunk holding a word of
``data/predicates.tsv`` (締結, 調印, 結ぶ, 合意 …); its frame is a small case analysis in the manner
of KNP's case frames:

* **agents**: organisation groups marked as topic or subject (Xは, Xが, Xも), else the topic of the
  predicate the clause depends on (「Aは…と締結したと発表した」, 「Aは…と締結した協定に基づき…」);
* **partners**: groups marked と / との間で / とともに on the predicate, and との groups anywhere in
  the agreement phrase (「Bとの業務提携契約を」);
* **objects**: the agreement phrases (Xを, Xに署名, Xで合意, the noun a relative clause modifies,
  the agreement word of the predicate itself in 業務提携いたしました); every coordinated head is
  an agreement of its own;
* **dates**: date chunks on the predicate or in the agreement phrase; a date opening a list item
  (「2016年5月にA、2017年6月にB」) or in a member's parenthesis dates that member only;
* **manner**: the distribution words of ``data/manner_words.tsv`` (それぞれ → one agreement per
  partner; 共同で / 三者で → one agreement binding all);
* **precedents**: groups marked に続き / に次いで (earlier agreements of the same kind);
* **clause**: how the predicate's chunk attaches (main, relative, quote, subordinate, topic …).

A group is a chunk with the chunks coordinated into it (「A、B及びC」). Nothing here decides roles
or parties: :mod:`mou_extract.partnerships` reads frames into records.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from .chunks import FORMAL_NOUNS, Chunk, attach, chunk_sentence
from .lexicon import load_table
from .models import DateMention
from .orgs import Mention, OrgIndex, bare_name
from .text import Sentence
from .tokens import Token

# markers (case_markers.tsv text) after which an organisation is the other side of an agreement
PARTNER_MARKERS = frozenset({"との", "との間の", "との共同の"})
AGENT_ROLES = frozenset({"topic", "subject", "also"})



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


def agreement_words(text: str, start: int = 0, end: int | None = None) -> list[AgreementWord]:
    end = len(text) if end is None else end
    types = _agreement_types()
    return [
        AgreementWord(m.start(), m.end(), m.group(), types[m.group().lower()])
        for m in _agreement_pattern().finditer(text, start, end)
    ]


@cache
def predicate_patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    table: dict[str, list[re.Pattern[str]]] = {}
    for kind, pattern in load_table("predicates"):
        table.setdefault(kind, []).append(re.compile(pattern))
    return {k: tuple(v) for k, v in table.items()}


@cache
def conclude_pattern() -> re.Pattern[str]:
    return re.compile("|".join(p.pattern for p in predicate_patterns()["conclude"]))


@cache
def grant_pattern() -> re.Pattern[str]:
    return re.compile("|".join(p.pattern for p in predicate_patterns()["grant"]))


@cache
def light_pattern() -> re.Pattern[str]:
    return re.compile("|".join(p.pattern for p in predicate_patterns()["light"]))


ALLIANCE_TYPES = frozenset({"business_alliance", "capital_alliance", "partnership_agreement"})


@cache
def manner_words() -> dict[str, str]:
    """Distribution words (それぞれ → each, 共同で → joint)."""
    return {r[0]: r[1] for r in load_table("manner_words")}


# ---------------------------------------------------------------------------------------------
# Parsed sentences


@dataclass
class ParsedSentence:
    sentence: Sentence
    chunks: list[Chunk]
    categories: list[str]
    children: list[list[int]]
    mentions: list[list[Mention]]  # the organisation mentions of each chunk's content (brackets aside)
    dates: list[list[DateMention]]  # the date mentions of each chunk (its brackets included)
    names: list[tuple[int, int] | None]  # a name without legal form or head in the chunk, if it may be one

    def can_be_party(self, k: int) -> bool:
        """An organisation mention, a proper name, or a bare name standing in a party slot."""
        role = self.chunks[k].role
        if self.chunks[k].marker_text.startswith("に対し"):  # 「Xに対し…権利を付与する契約」, not 「標的に対して活性」
            return self.categories[k] == "org"
        return self.categories[k] in ("org", "name") or (
            self.names[k] is not None and (role in AGENT_ROLES or role == "partner" or self.chunks[k].marker_text in PARTNER_MARKERS)
        )

    def members(self, k: int) -> list[int]:
        """The chunk k and the chunks coordinated into it, in text order (「A、B及びC」)."""
        out = [k]
        stack = [k]
        while stack:
            j = stack.pop()
            for c in self.children[j]:
                if self.chunks[c].relation == "coord":
                    out.append(c)
                    stack.append(c)
        return sorted(out)

    def subtree(self, k: int, limit: int = 60) -> list[int]:
        out: list[int] = []
        stack = [k]
        while stack and len(out) < limit:
            j = stack.pop()
            out.append(j)
            stack.extend(self.children[j])
        return sorted(out)

    def ancestors(self, k: int) -> Iterable[int]:
        j = self.chunks[k].head
        seen = 0
        while j != -1 and seen < 80:
            yield j
            j = self.chunks[j].head
            seen += 1


def parse_sentences(
    text: str,
    tokens: list[Token],
    sentences: list[Sentence],
    orgs: OrgIndex,
    dates: list[DateMention],
) -> list[ParsedSentence]:
    """Chunk and parse every sentence, each offset index built once for the whole document."""
    token_starts = [t.start for t in tokens]
    protected: dict[int, int] = {}
    for m in orgs.mentions:
        protected[m.start] = max(protected.get(m.start, 0), m.end)
    for d in dates:
        if d.end - d.start > 1:
            protected[d.start] = max(protected.get(d.start, 0), d.end)
    mention_starts = [m.start for m in orgs.mentions]
    date_starts = [d.start for d in dates]
    parsed: list[ParsedSentence] = []
    known: set[str] = set()  # names the document has shown to be proper names: they stay names
    for sentence in sentences:
        a = bisect.bisect_left(token_starts, sentence.start)
        b = bisect.bisect_left(token_starts, sentence.end)
        chunks = chunk_sentence(text, tokens, a, b, sentence.end, protected)
        mentions = [_mentions_in(orgs.mentions, mention_starts, c) for c in chunks]
        in_dates = [_dates_in(dates, date_starts, c) for c in chunks]
        names = [_name_in(text, tokens, c) if not m else None for c, m in zip(chunks, mentions, strict=True)]
        categories = [_category(text, c, m, d) for c, m, d in zip(chunks, mentions, in_dates, strict=True)]
        for i, c in enumerate(chunks):
            span = names[i]
            if categories[i] == "other" and span is not None and c.kind == "noun" and _may_name_a_party(c) and (
                text[span[0] : span[1]] in known or _strict_name(text, tokens, span, c)
            ):
                categories[i] = "name"  # a proper name the matcher did not know: an organisation, perhaps
                known.add(text[span[0] : span[1]])
        attach(chunks, categories)
        children: list[list[int]] = [[] for _ in chunks]
        for c in chunks:
            if c.head >= 0:
                children[c.head].append(c.index)
        parsed.append(ParsedSentence(sentence, chunks, categories, children, mentions, in_dates, names))
    return parsed


def _in_brackets(c: Chunk, pos: int) -> bool:
    return any(a <= pos < b for a, b in c.brackets)


def _content_span(c: Chunk) -> tuple[int, int]:
    """The chunk's own words: up to its first bracket or its function words."""
    end = c.content_end
    for a, _ in c.brackets:
        if c.start <= a < end:
            end = a
            break
    return c.start, end


def _name_in(text: str, tokens: list[Token], c: Chunk) -> tuple[int, int] | None:
    if c.kind != "noun":
        return None
    a, b = _content_span(c)
    if "「" in text[a:b]:
        return None
    return bare_name(text, a, b, tokens, strict=False)


def _may_name_a_party(c: Chunk) -> bool:
    """A chunk that can stand where a party does: a case or a list marker, not 「…の」 or 「…を」."""
    return c.marker is not None and c.marker.role in ("coord", "partner", "topic", "subject", "also", "precedent")


_LISTING = re.compile(r"^[<＜〈(（]\s*(?:\d{4}[A-Z]?|[^<>()〈〉]{0,12}(?:東証|名証|札証|福証|JASDAQ|ジャスダック|プライム|スタンダード|グロース|NASDAQ|NYSE|コード)[^<>()〈〉]{0,12})\s*[>＞〉)）]$")


# 「葡萄屋商会（神戸市）は」: news set a company's seat after its name
_SEAT = re.compile(r"^[(（](?:本社[:：])?[^()（）、。]{0,10}(?:都|道|府|県|市|区|町|村)(?:[、,][^()（）]{0,30})?[)）]$")


def _strict_name(text: str, tokens: list[Token], span: tuple[int, int], c: Chunk | None = None) -> bool:
    """A proper name by its own letters, or by the listing or the seat after it (「桑名精機<6487>」,
    「葡萄屋商会(神戸市)」)."""
    if c is not None and any(_LISTING.match(text[a:b]) or (a == span[1] and _SEAT.match(text[a:b])) for a, b in c.brackets):
        return True
    return bare_name(text, span[0], span[1], tokens, strict=True) is not None


def _names_an_agreement(content: str) -> bool:
    stripped = content.rstrip("」』 ")
    if stripped == content or not stripped:
        return False
    words = agreement_words(stripped)
    return bool(words) and words[-1].end == len(stripped)


def _mentions_in(mentions: list[Mention], starts: list[int], c: Chunk) -> list[Mention]:
    i = bisect.bisect_left(starts, c.start)
    out = []
    while i < len(mentions) and mentions[i].start < c.content_end:
        m = mentions[i]
        if m.end <= c.content_end and not _in_brackets(c, m.start):
            out.append(m)
        i += 1
    return out


def _dates_in(dates: list[DateMention], starts: list[int], c: Chunk) -> list[DateMention]:
    i = bisect.bisect_left(starts, c.start)
    out = []
    while i < len(dates) and dates[i].start < c.end:
        out.append(dates[i])
        i += 1
    return out


def _category(text: str, c: Chunk, mentions: list[Mention], dates: list[DateMention]) -> str:
    content = c.content(text)
    if _names_an_agreement(content):
        return "agreement"  # 「「A大学とB社との…に関する協定」を」: a quoted name whose head is an agreement
    if mentions:
        return "org"
    if agreement_words(content):
        return "agreement"
    if any(not _in_brackets(c, d.start) and d.start < c.content_end for d in dates):
        return "date"
    if re.fullmatch(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})日(?:付け?)?", content):
        return "date"  # a bare day of the month (「12日、」), dated by the release
    return "other"


# ---------------------------------------------------------------------------------------------
# Frames


@dataclass
class Frame:
    parsed: ParsedSentence
    predicate: int  # chunk index
    pred_start: int  # the conclusion word's span
    pred_end: int
    agents: list[int] = field(default_factory=list)  # organisation chunks
    agents_inherited: bool = False
    partners: list[int] = field(default_factory=list)
    objects: list[list[int]] = field(default_factory=list)  # each: the chunks of one agreement phrase
    own_object: bool = False  # the predicate's own chunk holds the agreement word (業務提携いたします)
    dates: list[int] = field(default_factory=list)
    manner: str = ""  # each | joint | ""
    precedents: list[int] = field(default_factory=list)
    clause: str = "main"  # main | relative | quote | subordinate | topic | nominal | adnominal
    modified: int | None = None  # the chunk a relative clause modifies
    light: bool = False  # a light verb (行う, 実施する) concluding the alliance it takes as object

    @property
    def chunk(self) -> Chunk:
        return self.parsed.chunks[self.predicate]


def find_frames(text: str, parsed: ParsedSentence, *, headline: bool = False) -> list[Frame]:
    """One frame per conclusion word; in a headline the opening 「X、」 is the subject (headlines
    write 「LINK-J、川崎市と覚書を締結」 for 「LINK-Jは川崎市と…」)."""
    frames: list[Frame] = []
    for c in parsed.chunks:
        span_end = c.end
        for m in conclude_pattern().finditer(text, c.start, span_end):
            if _in_brackets(c, m.start()) or _in_quote(text, c, m.start()):
                continue
            frame = read_frame(text, parsed, c.index, m.start(), m.end())
            if headline:
                _headline_subject(frame)
            frames.append(frame)
        for m in light_pattern().finditer(text, c.start, c.end):
            if m.start() >= c.content_end:
                continue
            frame = read_frame(text, parsed, c.index, m.start(), m.end())
            frame.light = True
            if any(w.type in ALLIANCE_TYPES and "提携" in w.word for ph in frame.objects for j in ph for w in agreement_words(text, parsed.chunks[j].start, parsed.chunks[j].content_end)):
                frames.append(frame)  # 「業務提携及び資本提携を行う」: the alliance is concluded
    return frames


def _headline_subject(frame: Frame) -> None:
    first = frame.parsed.chunks[0]
    if frame.agents or first.punct != "、" or frame.parsed.categories[0] != "org":
        return
    if 0 in frame.partners and len(frame.partners) >= 2:
        frame.partners.remove(0)
        frame.agents.append(0)


def _in_quote(text: str, c: Chunk, pos: int) -> bool:
    open_at = text.rfind("「", c.start, pos)
    return open_at >= 0 and text.find("」", open_at, pos) < 0


def read_frame(text: str, parsed: ParsedSentence, p: int, pred_start: int, pred_end: int) -> Frame:
    frame = Frame(parsed, p, pred_start, pred_end)
    chunk = parsed.chunks[p]
    frame.clause = _clause(parsed, p)
    if frame.clause == "relative":
        frame.modified = chunk.head
    for k in parsed.children[p]:
        _fill_slot(text, frame, k)
    if chunk.relation == "coord" and chunk.kind == "noun":
        # 「資本業務提携契約の締結及び第三者割当による…」: a modifier before a group of nouns hangs on
        # the group's last member, and may be the conclusion noun's
        last = chunk.head
        while parsed.chunks[last].relation == "coord":
            last = parsed.chunks[last].head
        for k in parsed.children[last]:
            if k < p and parsed.categories[k] == "agreement":
                _fill_slot(text, frame, k)
    _own_agreement(text, frame)
    if any(d.start < pred_start for d in parsed.dates[p]) and p not in frame.dates:
        frame.dates.append(p)  # 「…を本日締結いたしました」: a date in the predicate's own compound
    if frame.modified is not None and not frame.objects:
        # 「2022年12月に締結した水産物の輸入に関する取引基本契約」: the clause describes the phrase whose
        # head is the agreement
        k = frame.modified
        while parsed.categories[k] != "agreement" and parsed.chunks[k].attaches == "noun" and parsed.chunks[k].head > k:
            k = parsed.chunks[k].head
        if parsed.categories[k] == "agreement":
            frame.modified = k
            frame.objects.append(_phrase(parsed, k))
    _partners_in_phrases(frame)
    if not frame.agents:
        frame.agents = _inherited_agents(frame)
        frame.agents_inherited = bool(frame.agents)
    if not frame.partners:
        frame.partners = _unclaimed_partners(frame)
    if not frame.dates and (frame.clause in ("subordinate", "quote") or _fills_formal_noun(parsed, p) or _argument_of_verb(parsed, p)):
        frame.dates = _inherited_dates(frame)
    if not frame.dates:
        frame.dates = _shared_dates(frame)
    return frame


def _clause(parsed: ParsedSentence, p: int) -> str:
    c = parsed.chunks[p]
    if c.head == -1:
        return "main" if c.kind == "pred" else "nominal"
    if c.kind == "noun":
        return "adnominal" if c.marker and c.marker.attach == "noun" else "nominal"
    return {"rentai": "relative", "quote": "quote", "te": "subordinate", "renyo": "subordinate", "conj": "subordinate", "topic": "topic"}.get(
        c.form, "main"
    )


def _fill_slot(text: str, frame: Frame, k: int) -> None:
    parsed = frame.parsed
    c = parsed.chunks[k]
    category = parsed.categories[k]
    role = c.role
    word = manner_words().get(c.content(text))
    if word is None and c.kind == "adverb":
        word = manner_words().get(c.text(text).rstrip("、 "))
    if word is not None:
        frame.manner = word
        return
    if role == "partner" and any(manner_words().get(parsed.chunks[j].content(text)) == "each" for j in parsed.children[k]):
        frame.manner = "each"  # 「それぞれの共同開発先との間で」
    if category == "date" or (parsed.dates[k] and category == "other" and role in ("date", "goal", "coord", "")):
        frame.dates.append(k)
        return
    if parsed.can_be_party(k):
        group = [j for j in parsed.members(k) if parsed.categories[j] in ("org", "name") or parsed.names[j] is not None]
        if role in AGENT_ROLES:
            frame.agents.extend(group)
        elif role == "partner" or (c.marker is not None and c.marker.text in PARTNER_MARKERS):
            frame.partners.extend(group)
        elif role == "precedent":
            frame.precedents.extend(group)
        elif role == "means" and _COUNTED.search(c.content(text)):
            frame.manner = "joint"  # 「A及びBとの3者で」: all of them, together; those listed are partners
            for j in parsed.children[k]:
                if parsed.categories[j] == "org" and parsed.chunks[j].role in ("adnominal", "partner"):
                    frame.partners.extend(parsed.members(j))
        return
    topic_like = c.marker is not None and c.marker.text in ("につきましては", "については")
    of_noun = role == "adnominal" and frame.chunk.kind == "noun" and c.marker is not None and c.marker.text == "の"
    as_what = c.marker_text.startswith("として")  # 「最終契約として…業務提携契約を」: what the object is, not another
    if category == "agreement" and not as_what and (role in ("object", "goal", "means", "topic", "also", "partner", "coord", "") or topic_like or of_noun):
        group = parsed.members(k)
        if len(group) > 1 and _names_group(text, c):
            group = [k]  # 「業務提携及び資本提携(以下「本業務・資本提携」)」: one agreement, named as one
        for member in group:
            frame.objects.append(_phrase(parsed, member))
        return
    if category == "other" and role in ("means", "partner") and _COUNTED.search(c.content(text)):
        frame.manner = "joint"  # 「…との3社間で」
        for j in parsed.children[k]:
            if parsed.categories[j] == "org" and parsed.chunks[j].role in ("adnominal", "partner"):
                frame.partners.extend(parsed.members(j))
        return
    if category == "other" and role == "precedent":
        frame.precedents.extend(parsed.members(k))
    if role == "means" and re.fullmatch(r"(?:共同|\d者|[二三四五六七八九十]者|\d社|[二三四五六七八九十]社)で", c.text(text).rstrip("、")):
        frame.manner = "joint"


def _names_group(text: str, c: Chunk) -> bool:
    """The last member of a coordinated group defines one alias for all of it."""
    return any(re.match(r"\((?:以下、?)?「", text[a:b]) for a, b in c.brackets)


_COUNTED = re.compile(r"(?:\d|[二三四五六七八九十])(?:社|者|団体|機関)(?:間)?$")


def _phrase(parsed: ParsedSentence, k: int) -> list[int]:
    """An agreement phrase: its head chunk and the adnominal chunks that modify it."""
    out = [k]
    stack = [k]
    while stack:
        j = stack.pop()
        for c in parsed.children[j]:
            cc = parsed.chunks[c]
            if cc.relation == "coord":
                continue
            if cc.kind in ("noun", "adnominal") and cc.marker is not None and cc.marker.attach == "noun":
                out.append(c)
                stack.append(c)
            elif cc.kind == "pred" and cc.form == "rentai":
                out.append(c)  # 「…を共同で推進する連携協定」: the clause, not what it holds
    return sorted(out)


def _own_agreement(text: str, frame: Frame) -> None:
    """「業務提携いたしました」「包括連携協定締結のお知らせ」: the agreement word in the predicate's
    own chunk, before the conclusion word."""
    c = frame.chunk
    words = [w for w in agreement_words(text, c.start, frame.pred_start) if not _in_brackets(c, w.start)]
    own = [w for w in agreement_words(text, c.start, min(c.content_end, frame.pred_end + 4)) if w.start <= frame.pred_start < w.end]
    if words or own:
        frame.own_object = True
        if not frame.objects:
            frame.objects.append(_phrase(frame.parsed, frame.predicate))


def _partners_in_phrases(frame: Frame) -> None:
    """「Bとの業務提携契約を」「Bとの間の契約」: との groups inside an agreement phrase are partners;
    a date inside it (「2019年の業務提携」) dates it."""
    parsed = frame.parsed
    seen = set(frame.partners) | set(frame.agents)
    for phrase in frame.objects:
        for j in phrase:
            for k in parsed.children[j]:
                c = parsed.chunks[k]
                if parsed.can_be_party(k) and (c.marker_text in PARTNER_MARKERS or c.role == "partner"):
                    for member in parsed.members(k):
                        if member not in seen:
                            frame.partners.append(member)
                            seen.add(member)
                elif parsed.categories[k] == "date" and k not in frame.dates:
                    frame.dates.append(k)
    if not frame.partners:
        for k in _grantees(parsed, frame):
            if k not in seen:
                frame.partners.append(k)
    frame.partners.sort()


def _grantees(parsed: ParsedSentence, frame: Frame) -> list[int]:
    """「Xに…販売権を供与するライセンス契約を」: who the agreement's own clause gives the rights to."""
    offset = parsed.sentence.start
    out: list[int] = []
    for phrase in frame.objects:
        for j in phrase:
            c = parsed.chunks[j]
            if c.kind != "pred" or c.form != "rentai" or not grant_pattern().search(parsed.sentence.text[c.start - offset : c.end - offset]):
                continue
            out.extend(
                k for k in parsed.children[j]
                if parsed.chunks[k].marker_text == "に" and (parsed.categories[k] in ("org", "name") or parsed.names[k] is not None)
            )
    return out


def _unclaimed_partners(frame: Frame) -> list[int]:
    """「福島市は、愛知県豊橋市と、様々な分野において相互に協力し、…協定を締結することとなりました」,
    「Bとの間で、…契約を締結する運びとなりました」: an organisation marked と that the parse gave to
    a verb of the agreement's purpose clause, or to the verb its clause fills, is the partner of
    the agreement when the agreement has none of its own."""
    parsed = frame.parsed
    p = frame.predicate
    out: list[int] = []
    for k, c in enumerate(parsed.chunks[:p]):
        if parsed.categories[k] != "org" or c.role != "partner" or c.relation == "coord" or k in frame.agents:
            continue
        h = c.head
        if h == p or parsed.chunks[h].kind != "pred":
            continue
        below = h < p and p in parsed.ancestors(h)  # a clause inside the agreement's phrase
        above = h > p and h in parsed.ancestors(p)  # the verb the agreement's clause fills
        if (below and not _concludes(parsed, h)) or above:
            out.extend(parsed.members(k))
    return out


def _concludes(parsed: ParsedSentence, k: int) -> bool:
    c = parsed.chunks[k]
    offset = parsed.sentence.start
    return conclude_pattern().search(parsed.sentence.text[c.start - offset : c.end - offset]) is not None


def _inherited_agents(frame: Frame) -> list[int]:
    """The topic of the predicate this clause depends on, when it precedes the clause."""
    parsed = frame.parsed
    p = frame.predicate
    for a in parsed.ancestors(p):
        if parsed.chunks[a].kind != "pred":
            continue
        for k in parsed.children[a]:
            c = parsed.chunks[k]
            if k < p and parsed.can_be_party(k) and c.role in AGENT_ROLES:
                return parsed.members(k)
    return []


def _argument_of_verb(parsed: ParsedSentence, p: int) -> bool:
    """「9月26日、…基本合意に至りました」「本日、…協定の調印を行いました」: a conclusion noun that is
    an argument of a verb; the verb's adjuncts date it."""
    c = parsed.chunks[p]
    return c.kind == "noun" and c.head >= 0 and parsed.chunks[c.head].kind == "pred" and c.role in ("goal", "object")


def _fills_formal_noun(parsed: ParsedSentence, p: int) -> bool:
    c = parsed.chunks[p]
    return c.form == "rentai" and c.head >= 0 and parsed.chunks[c.head].head_word in FORMAL_NOUNS


def _inherited_dates(frame: Frame) -> list[int]:
    """「10月30日、A大学はB社と覚書を締結し、調印式を行いました」: a date set before the topic dates
    the clauses the main predicate joins; 「2014年12月2日開催の取締役会において…行うことを決議」:
    the board's date dates what it resolved."""
    parsed = frame.parsed
    p = frame.predicate
    for a in parsed.ancestors(p):
        if parsed.chunks[a].kind != "pred":
            continue
        found = [k for k in parsed.children[a] if k < p and parsed.categories[k] == "date"]
        for k in parsed.children[a]:
            if k < p and parsed.chunks[k].role == "means":
                found += [j for j in parsed.children[k] if parsed.categories[j] == "date"]
        if found:
            return sorted(found)
        if parsed.chunks[a].form not in ("te", "renyo", "quote", "conj"):
            break
    return []


def _shared_dates(frame: Frame) -> list[int]:
    """「本日、本学において、B大学との協定の締結式を行い、同協定を締結しました」: a date that opens the
    first of two joined clauses dates the second too."""
    parsed = frame.parsed
    for q in parsed.children[frame.predicate]:
        cq = parsed.chunks[q]
        if cq.kind != "pred" or cq.form not in ("renyo", "te"):
            continue
        args = [k for k in parsed.children[q] if parsed.categories[k] in ("org", "agreement")]
        first_arg = min(args, default=q)
        found = [k for k in parsed.children[q] if parsed.categories[k] == "date" and k < first_arg]
        if found:
            return found
    return []


def member_dates(frame: Frame) -> dict[int, DateMention]:
    """Dates that belong to single members of the partner group: a date in the member's own
    parenthesis (「A(2016年5月)、B(2017年1月)と」) or a date opening its list item (「2016年5月にA、
    2017年6月にB及びCと」: B and C share the second)."""
    parsed = frame.parsed
    own: dict[int, DateMention] = {}
    for k in frame.partners + frame.precedents:
        c = parsed.chunks[k]
        bracketed = [d for d in parsed.dates[k] if _in_brackets(c, d.start) and d.range_role != "end"]
        if bracketed:
            own[k] = bracketed[0]
            continue
        for j in parsed.children[k]:
            if parsed.chunks[j].relation == "item" and parsed.dates[j]:
                own[k] = parsed.dates[j][0]
        if k not in own:
            modifiers = [j for j in parsed.children[k] if parsed.categories[j] == "date" and parsed.chunks[j].role == "adnominal"]
            if modifiers and parsed.dates[modifiers[-1]]:
                own[k] = parsed.dates[modifiers[-1]][0]  # 「2018年の静岡県、2020年の袋井市との協定」
    members = sorted(frame.partners + frame.precedents)
    if any(parsed.chunks[j].relation == "item" for k in members for j in parsed.children[k]):
        current = None
        for k in members:  # an item's date covers the members after it up to the next item
            if k in own:
                current = own[k]
            elif current is not None:
                own[k] = current
    return own
