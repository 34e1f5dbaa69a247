"""Organisations: mentions in normalised text, grouped into entities with their aliases.

UniDic has no organisation class, so names are found from their structure:

1. anchors: legal forms before or after a name (株式会社X, X株式会社, (株)X, X Inc.), heads that end
   a name without one (X大学, X市, X研究所, X信用金庫), katakana or Latin names with 社 (ヴァゼム社);
2. from an anchor the name reaches over name-like tokens (nouns, prefixes, suffixes, unknown
   words, ・ & -) and stops at particles, verbs, punctuation, spaces and descriptive nouns
   (「農薬会社ニューファーム」 names ニューファーム);
3. the parenthesis after a name defines aliases (以下「Y」, 英名: Y, 現、Y, or a reading / acronym);
4. later bare uses of an alias, or of a name without its legal form, are mentions of the same
   entity; reference words (当社, 本学, 同社, 両社) are kept as references for the partnership rules.

Addresses after 本社: / 所在地 are not organisations, nor are 「6市町村」 or the 市 of 市場.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from .lexicon import load_table, load_words
from .models import OrgMention
from .text import plain_reading_text
from .tokens import Token, tokenize

MAX_NAME_TOKENS = 14
MAX_NAME_CHARS = 48
MAX_LATIN_NAME_CHARS = 100



@dataclass(frozen=True)
class LegalForm:
    form: str
    position: str  # prefix | suffix | both
    kind: str


@dataclass
class Mention:
    """One stretch of text naming (or referring to) an organisation; offsets in normalised text."""

    start: int
    end: int
    name: str
    legal_form: str | None
    kind: str
    source: str  # legal | head | sha | latin | alias | reference
    entity: int = -1
    reference: str | None = None  # self | previous | both | all, for reference words


@dataclass
class Entity:
    name: str
    legal_form: str | None
    kind: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    place_prefix: str | None = None  # 神奈川県 of 神奈川県横浜市

    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class OrgIndex:
    mentions: list[Mention]
    entities: list[Entity]
    # names the text gives to several organisations at once (「XとYを併せて「Zグループ」」)
    collectives: dict[str, list[int]] = field(default_factory=dict)


def find_organizations(text: str) -> list[OrgMention]:
    """Organisation mentions in a text: offsets index ``text`` as given; ``name`` is the normalised
    full name (an alias use is named by the organisation it stands for)."""
    reading = plain_reading_text(text)
    index = analyse(reading.text)
    out: list[OrgMention] = []
    for m in index.mentions:
        if m.source == "reference" or m.entity < 0:
            continue
        ent = index.entities[m.entity]
        a, b = reading.raw_span(m.start, m.end)
        name = ent.name  # a shorter or aliased use is named by the organisation it stands for
        out.append(
            OrgMention(start=a, end=b, text=text[a:b], name=name, legal_form=m.legal_form or None, kind=m.kind)  # type: ignore[arg-type]
        )
    return out


# ---------------------------------------------------------------------------------------------
# Lexicons


@cache
def legal_forms() -> tuple[LegalForm, ...]:
    forms = [LegalForm(r[0], r[1], r[2]) for r in load_table("legal_forms")]
    return tuple(sorted(forms, key=lambda f: -len(f.form)))


@cache
def org_heads() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((r[0], r[1]) for r in load_table("org_heads")), key=lambda h: -len(h[0])))


@cache
def descriptors() -> frozenset[str]:
    return frozenset(load_words("org_descriptors"))


@cache
def country_prefixes() -> tuple[str, ...]:
    return tuple(sorted(load_words("country_prefixes"), key=len, reverse=True))


@cache
def name_endings() -> tuple[str, ...]:
    return tuple(sorted(load_words("name_endings"), key=len, reverse=True))


@cache
def person_titles() -> tuple[str, ...]:
    return tuple(sorted(load_words("person_titles"), key=len, reverse=True))


@cache
def references() -> dict[str, tuple[str, str]]:
    return {r[0]: (r[1], r[2]) for r in load_table("org_references")}


@cache
def _japanese_form_pattern() -> re.Pattern[str]:
    forms = [re.escape(f.form) for f in legal_forms() if not f.form.isascii()]
    return re.compile("|".join(forms))


@cache
def _latin_form_pattern() -> re.Pattern[str]:
    forms = [re.escape(f.form).replace(r"\ ", r"\s?") for f in legal_forms() if f.form.isascii()]
    return re.compile(r"(?<=[A-Za-z0-9\u00c0-\u024f.,)&] )(?:" + "|".join(forms) + r")(?![A-Za-z0-9\u00c0-\u024f])", re.IGNORECASE)


@cache
def _head_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(h) for h, _ in org_heads() if not h.isascii()))


@cache
def _latin_head_pattern() -> re.Pattern[str]:
    """「Universitas Cendana Nusantara」「Kyoto Medical Foundation」「University of Leeds」."""
    heads = "|".join(re.escape(h) for h, _ in org_heads() if h.isascii())
    word = r"[A-Z\u00c0-\u00de][A-Za-z\u00c0-\u024f'’\-]*"
    return re.compile(
        rf"(?<![A-Za-z])(?:(?:{word}\s){{1,5}}(?:{heads})(?:\s(?:of|for)\s{word}(?:\s{word}){{0,3}})?"
        rf"|(?:{heads})\s(?:(?:of|for|de|del|des|du|di|für)\s)?{word}(?:\s(?:(?:de|del|la|des|du|di|y|and|of|for)\s)?{word}){{0,4}})(?![A-Za-z])"
    )


def _form_info(form: str) -> LegalForm | None:
    low = form.lower().replace(" ", "")
    for f in legal_forms():
        if f.form.lower().replace(" ", "") == low:
            return f
    return None


def _head_kind(head: str) -> str:
    for h, kind in org_heads():
        if h == head:
            return kind
    return "other"


# ---------------------------------------------------------------------------------------------
# Character classes


def is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in "々〆ヶ"


def is_kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff"


_ADDRESS_LABEL = re.compile(r"(?:本社|本部|本店|所在地|住所|所在|本拠地?|事務所|キャンパス)\s*(?:所在地)?\s*[:：\s]")
_PAREN_ADDRESS = re.compile(r"\(([^()]{0,40}?[都道府県市区町村州省](?:[^()、]{0,30})?)[、)]")


# ---------------------------------------------------------------------------------------------
# Finding mentions


def analyse(text: str, tokens: list[Token] | None = None) -> OrgIndex:
    """All organisation mentions of a normalised text, grouped into entities."""
    tokens = tokens if tokens is not None else tokenize(text)
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    blocked = _address_zones(text)
    found: list[Mention] = []
    found += _prefix_form_mentions(text, tokens, starts)
    found += _suffix_form_mentions(text, tokens, ends)
    found += _latin_form_mentions(text)
    found += _latin_prefix_form_mentions(text)
    found += _head_mentions(text, tokens, ends)
    found += _latin_head_mentions(text)
    found += _sha_mentions(text)
    found = [m for m in found if not _inside(m, blocked) and _plausible(m)]
    mentions = _join_operator_and_facility(text, _drop_parenthesised_places(text, _resolve_overlaps(found)))
    mentions = _merge_place_prefixes(text, mentions)
    entities = _group_entities(mentions)
    _read_alias_definitions(text, mentions, entities)
    entities = _merge_short_forms(text, mentions, _merge_alias_entities(mentions, entities))
    mentions += _alias_uses(text, mentions, entities, blocked)
    mentions += _reference_mentions(text, mentions)
    collectives = _collectives(text, mentions)
    mentions += _collective_uses(text, mentions, collectives)
    mentions.sort(key=lambda m: (m.start, -m.end))
    return OrgIndex(mentions, entities, collectives)


def _collective_uses(text: str, mentions: list[Mention], collectives: dict[str, list[int]]) -> list[Mention]:
    """Later uses of a name given to several organisations at once (「杏林堂グループとの間で」)."""
    covered = [(m.start, m.end) for m in mentions]
    found: list[Mention] = []
    for name in collectives:
        for occ in re.finditer(re.escape(name), text):
            a, b = occ.start(), occ.end()
            if text[a - 1 : a] == "「" or any(not (b <= s or a >= e) for s, e in covered):
                continue  # the definition itself, or inside another name
            found.append(Mention(a, b, name, None, "other", "reference", reference="collective"))
            covered.append((a, b))
    return found


_COLLECTIVE_DEF = re.compile(r"([^、()「」]{2,40}?)(?:と|を)(?:併せて|あわせて|合わせて|総称して)、?[「『]([^」』]{1,30})[」』]")


def _collectives(text: str, mentions: list[Mention]) -> dict[str, list[int]]:
    """「杏林堂HD(…杏林堂薬局と併せて「杏林堂グループ」といいます。)」: a name for both organisations."""
    out: dict[str, list[int]] = {}
    for m in mentions:
        if m.entity < 0 or m.source == "reference":
            continue
        body, _ = _parenthesis_after(text, m.end)
        if body is None:
            continue
        for c in _COLLECTIVE_DEF.finditer(body):
            other = c.group(1).split("、")[-1].replace("といい", "").strip()
            others = [x.entity for x in mentions if x.entity >= 0 and x.entity != m.entity and (x.name == other or other.endswith(x.name))]
            if others:
                out[c.group(2)] = [others[0], m.entity]
    return out


def _address_zones(text: str) -> list[tuple[int, int]]:
    """Spans holding addresses (本社:東京都港区…), where place names are not organisations."""
    zones = []
    for m in _ADDRESS_LABEL.finditer(text):
        end = m.end()
        while end < len(text) and text[end] not in "、,)\n":
            end += 1
        zones.append((m.start(), end))
    return zones


def _inside(m: Mention, zones: list[tuple[int, int]]) -> bool:
    return any(a <= m.start and m.end <= b for a, b in zones)


def _plausible(m: Mention) -> bool:
    core = _strip_form(m.name, m.legal_form)
    if len(core) < 2 and not (m.source == "head" and len(m.name) >= 2 and m.kind == "government"):
        return len(core) >= 1 and m.source in ("legal", "latin") and core.isascii()
    limit = MAX_LATIN_NAME_CHARS if m.name.isascii() else MAX_NAME_CHARS
    return len(m.name) <= limit and not core.isdigit()


def _prefix_form_mentions(text: str, tokens: list[Token], starts: dict[int, int]) -> Iterable[Mention]:
    for m in _japanese_form_pattern().finditer(text):
        info = _form_info(m.group())
        if info is None or info.position == "suffix":
            continue
        if info.position == "both" and _extend_left(text, tokens, m.start()) < m.start():
            continue  # X株式会社: a suffix here, handled below
        end = _extend_right(text, tokens, m.end())
        second = next((f for f in _japanese_form_pattern().finditer(text, m.end(), end) if f.end() == end), None)
        joint = text.find("・", m.end(), second.start()) if second is not None else -1
        if joint >= 0:
            end = joint  # 「株式会社いるまガス・入間ケーブルテレビ株式会社」: two companies, each with its form
        if end > m.end():
            name = text[m.start() : end]
            yield Mention(m.start(), end, name, m.group(), _kind_of(name, info.kind, from_form=True), "legal")


def _opens_with_form(text: str, joint: int) -> bool:
    """The name run that ends at ``joint`` opens with a legal form (「株式会社いるまガス」・…)."""
    for f in _japanese_form_pattern().finditer(text, max(0, joint - MAX_NAME_CHARS), joint):
        if not re.search(r"[、。,.「」()（）\sとはがをにでや]", text[f.end() : joint]) and f.end() < joint:
            return True
    return False


def _suffix_form_mentions(text: str, tokens: list[Token], ends: dict[int, int]) -> Iterable[Mention]:
    for m in _japanese_form_pattern().finditer(text):
        info = _form_info(m.group())
        if info is None or info.position == "prefix":
            continue
        start = _extend_left(text, tokens, m.start())
        if m.group().endswith("公司"):
            start = min(start, _han_name_start(text, m.start()))
        joint = text.rfind("・", start, m.start())
        if joint >= 0 and _opens_with_form(text, joint):
            start = joint + 1  # 「株式会社いるまガス・入間ケーブルテレビ株式会社」: two companies, each with its form
        if start < m.start():
            name = text[start : m.end()]
            yield Mention(start, m.end(), name, m.group(), _kind_of(name, info.kind, from_form=True), "legal")


_TIME_WORDS = ("本日", "同日", "今般", "今回", "本年")


def _han_name_start(text: str, pos: int) -> int:
    """A Chinese company name is a run of hanzi that MeCab cuts into odd pieces (「南通江海電容器」
    comes back as a suffix and a prefix): it reaches back over every kanji to the punctuation or
    kana before it."""
    start = pos
    while start > 0 and pos - start < MAX_NAME_CHARS and is_kanji(text[start - 1]):
        start -= 1
    for word in (*_TIME_WORDS, *references(), *_STOP_WORDS):  # 「本日南通…」「当社と」 are not the name's
        if text.startswith(word, start):
            start += len(word)
    return start


_LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f&.'’\-]*,?$")
_LATIN_JOINERS = frozenset({"and", "of", "the", "de", "del", "la", "des", "du", "di", "y", "&", "-", "für", "for", "z", "o.o."})


def _is_latin_letter(ch: str) -> bool:
    """Letters and digits of the Latin script, accents included (Sjøvind, MedWisła, Müller)."""
    return ch.isalnum() and (ch.isascii() or "\u00c0" <= ch <= "\u024f")


def _latin_form_mentions(text: str) -> Iterable[Mention]:
    for m in _latin_form_pattern().finditer(text):
        start = m.start()
        words_start = start
        # walk back over Latin words separated by single spaces
        pos = start - 1  # the space before the form
        while pos > 0 and text[pos] == " ":
            j = pos
            while j > 0 and (_is_latin_letter(text[j - 1]) or text[j - 1] in "&.'’,-"):
                j -= 1
            word = text[j:pos]
            if not word or not (_LATIN_WORD.match(word) and (word[0].isupper() or word[0].isdigit() or word.lower() in _LATIN_JOINERS)):
                break
            words_start = j
            pos = j - 1
        if words_start < start:
            while text[words_start : start].split(" ", 1)[0].lower() in _LATIN_JOINERS:
                words_start += len(text[words_start:start].split(" ", 1)[0]) + 1
            name = text[words_start : m.end()]
            yield Mention(words_start, m.end(), name, m.group(), "company", "latin")


_LATIN_PREFIX_FORM = re.compile(r"(?<![A-Za-z0-9])(PT\.?|P\.T\.|CV\.?|PJSC|OOO|JSC)\s((?:[A-Z0-9][A-Za-z0-9&.'\-]*)(?:\s(?:[A-Z0-9][A-Za-z0-9&.'\-]*|and|of|&))*)")


def _latin_prefix_form_mentions(text: str) -> Iterable[Mention]:
    """Forms written before a Latin name: PT Nusantara Energi (Indonesia), JSC …"""
    for m in _LATIN_PREFIX_FORM.finditer(text):
        yield Mention(m.start(), m.end(), m.group(), m.group(1), "company", "latin")


def _head_mentions(text: str, tokens: list[Token], ends: dict[int, int]) -> Iterable[Mention]:
    for m in _head_pattern().finditer(text):
        head = m.group()
        if len(head) == 1 and not _single_char_head_ok(text, tokens, m.start(), m.end()):
            continue
        if len(head) == 1 and m.end() < len(text) and (is_kanji(text[m.end()]) or "\u30a1" <= text[m.end()] <= "\u30fa"):
            if not _head_can_end_before(text, m.end()):
                continue  # 「市場」「県内」: the head is part of a longer word
        if len(head) > 1 and text.startswith("長", m.end()) and not (m.end() + 1 < len(text) and is_kanji(text[m.end() + 1])):
            continue  # 「福留 康弘組合長」「研究所長」: the head of the organisation, a person
        if head in _WEAK_HEADS and not _has_proper_part(tokens, _extend_left(text, tokens, m.start()), m.start()):
            continue  # 「研究グループ」: a common noun before the head names nobody
        whole = _token_ending_at(tokens, m.end())
        whole = whole if whole is not None and whole.start < m.start() else None
        start = _extend_left(text, tokens, whole.start) if whole is not None and len(head) == 1 else _extend_left(text, tokens, m.start())
        if whole is not None and len(head) == 1 and start > whole.start:
            start = whole.start
        if start >= m.start() or _counted(text, tokens, start, m.start()) or re.search(r"\d" + re.escape(head) + "$", text[start : m.end()]):
            continue
        end = _extend_sub_unit(text, tokens, m.end()) if head in ("大学", "大学院大学") else m.end()
        opening = _DATELINE.match(text, start, m.start())
        if opening is not None and opening.end() < m.start():
            start = opening.end()  # 「このたび長野県南佐久郡小海町」「【高岡】高岡信用金庫」
        country = next((c for c in country_prefixes() if text.startswith(c + "・", start)), None)
        if country is not None and start + len(country) + 1 < m.start():
            start += len(country) + 1  # 「韓国・セビョク大学校」「台湾・国立中嶺科技大学」: the country is not in the name
        name = text[start:end]
        if name in references():
            continue  # 「本町」「当市」 refer to an organisation; they are not one
        kind = _kind_of(name, _head_kind(head))
        form = head if head in _HEADS_THAT_ARE_FORMS else None
        yield Mention(start, end, name, form, kind, "head")


_WEAK_HEADS = frozenset({"グループ", "本部", "ホールディングス", "機構", "協議会", "委員会"})


def _has_proper_part(tokens: list[Token], start: int, end: int) -> bool:
    """Some word before the head is a name: a proper noun, an unknown word, katakana or Latin."""
    return any(
        t.pos2 == "固有名詞" or t.unknown or _latin_or_katakana(t.surface)
        for t in tokens
        if start <= t.start and t.end <= end
    )


_HEADS_THAT_ARE_FORMS = frozenset({"信用金庫", "信用組合", "労働金庫"})  # corporate forms by statute


def _counted(text: str, tokens: list[Token], start: int, head_start: int) -> bool:
    """「26大学」「6市町村」「三市町」: a number right before the head counts organisations, it names
    none; a numeral inside a name (五戸町, 八戸市, 四日市市) is followed by more of the name."""
    i = bisect.bisect_left(_starts_cache(tokens), start)
    if not (i < len(tokens) and tokens[i].start == start and tokens[i].is_number):
        return False
    between = text[tokens[i].end : head_start]
    return re.fullmatch(r"[市区町村県都道府・]*", between) is not None


def _latin_head_mentions(text: str) -> Iterable[Mention]:
    for m in _latin_head_pattern().finditer(text):
        name = m.group()
        kind = next((k for h, k in org_heads() if h.isascii() and re.search(rf"\b{h}\b", name)), "other")
        yield Mention(m.start(), m.end(), name, None, kind, "latin")


def _head_can_end_before(text: str, pos: int) -> bool:
    # an organisation name may be followed directly by these (教育委員会 is matched as a head itself)
    if text[pos : pos + 2] in ("理事", "市長", "知事", "学長", "総長", "所長", "院長", "会長", "町長", "村長", "及び", "並び") or text[pos] in "等":
        return True
    if re.match(r"(?:記者発表|報道発表|報道提供|広報)資料|記者発表|プレスリリース", text[pos : pos + 6]):
        return True  # 「郡上市記者発表資料」: the publisher, then the kind of paper
    chain = DEPARTMENT_CHAIN.match(text, pos)
    return chain is not None and (chain.end() == len(text) or text[chain.end()] in " \u3000\n")


# 「山梨県産業政策部産業政策課」「総務課企画広報係」: departments, each a kanji run ending in its unit
DEPARTMENT_CHAIN = re.compile(r"(?:[\u4e00-\u9fff]{1,12}?(?:部|局|課|室|係|班))+")


_NOT_PLACE_BEFORE = frozenset("都市場内外立営民長議政役庁制")


def _single_char_head_ok(text: str, tokens: list[Token], start: int, end: int) -> bool:
    """市 町 村 区 県 都 府 道 省 庁 end a name only as a word of their own after a proper name."""
    i = bisect.bisect_right(_starts_cache(tokens), start) - 1  # the token holding start
    tok = tokens[i] if i >= 0 and start < tokens[i].end else None
    if tok is None or tok.end != end:
        return False
    if tok.start < start:  # 「原村」「富士見町」 as one word: a place name ending in the head
        if tok.pos3 == "人名" and _person_follows(text, tokens, i + 1):
            return False  # 「高村　英明」「中村学長」: a surname, then the given name or a title
        return tok.pos2 == "固有名詞" or tok.pos3 == "地名"
    prev = _token_ending_at(tokens, start)
    if prev is None:
        return False
    if prev.is_number or prev.surface in descriptors() or not prev.is_nominal:
        # 「うきは市」: a kana name MeCab splits into a particle is still a name before 市
        return _kana_place_name(text, start)
    if end < len(text) and text[end] in _NOT_PLACE_BEFORE and not _OWN_OFFICE.match(text, end - 1):
        return False
    return True


# 「筑西市市民生活部」「長野県県民文化部」「富士見町町長」: the place, then its own office or people
_OWN_OFFICE = re.compile(r"(市市民|市市長|市市役所|市市議会|市市立|県県民|県県立|県県庁|町町長|町町民|町町役場|村村長|村村民|区区民|区区長)")


def _person_follows(text: str, tokens: list[Token], i: int) -> bool:
    """The token at i (spaces aside) is a given name or a person's title."""
    spaced = False
    while i < len(tokens) and not tokens[i].surface.strip():
        i, spaced = i + 1, True
    if i >= len(tokens):
        return False
    nxt = tokens[i]
    if spaced and nxt.pos1 == "名詞" and text[tokens[i - 1].end - 1 : nxt.start].strip() == "":
        return True  # 「高村　英明」: a surname, a space, a given name
    return nxt.pos3 == "人名" or any(text.startswith(t, nxt.start) for t in person_titles())


def _kana_place_name(text: str, start: int) -> bool:
    j = start
    while j > 0 and is_kana(text[j - 1]) and start - j < 6:
        j -= 1
    return start - j >= 2 and (j == 0 or text[j - 1] in "、,・ (「\n及び")


def _extend_sub_unit(text: str, tokens: list[Token], pos: int) -> int:
    """カリフォルニア大学サンディエゴ校, 大分大学医学部, 慶應義塾大学先端生命科学研究所."""
    m = re.match(r"[\u4e00-\u9fff\u30a0-\u30ffー・]{1,14}?(?:学部|研究科|研究所|研究院|短期大学部|附属病院|病院|校)", text[pos:])
    if not m:
        return pos
    inner = [t for t in tokens if pos <= t.start < pos + m.end()]
    if any(t.is_particle or t.pos1 in ("動詞", "助動詞", "形容詞") for t in inner):
        return pos
    return pos + m.end()


def _sha_mentions(text: str) -> Iterable[Mention]:
    """Katakana or Latin names with 社: ヴァゼム社, Heptares社."""
    for m in re.finditer(r"(?<![\u30a0-\u30ffA-Za-z0-9ー・])([\u30a1-\u30faー][\u30a1-\u30faー・]{1,30}|[A-Za-z][A-Za-z0-9&.\-]{1,40})社(?![長員会内外名是風屋宅])", text):
        yield Mention(m.start(), m.end(), m.group(), None, "company", "sha")


# ---------------------------------------------------------------------------------------------
# Name boundaries


_STOP_WORDS = frozenset(
    {"及び", "並びに", "および", "ならびに", "又は", "または", "等", "など", "ら", "それぞれ", "各々", "おのおの", "ともに", "共に"}
)


def _extend_left(text: str, tokens: list[Token], pos: int) -> int:
    """Where a name ending at ``pos`` starts: over name-like tokens, never over particles, verbs,
    punctuation, spaces, conjunctions or descriptive nouns."""
    if _LABEL_BEFORE.search(text, max(0, pos - 10), pos):
        return pos  # 「会社名株式会社X」 when the layout lost the space after the label
    idx: int | None = bisect.bisect_right(_ends_cache(tokens), pos) - 1  # the last token ending by pos
    start = pos
    count = 0
    while idx is not None and idx >= 0 and count < MAX_NAME_TOKENS:
        tok = tokens[idx]
        if tok.end != start:  # a space (or other skipped text) between: names stop there
            if not (text[tok.end : start] == " " and _latin_or_katakana(tok.surface) and _latin_or_katakana(text[start : start + 1])):
                break
        if not _name_token(tok) and count == 0 and is_kana(tok.surface[0]):
            run = _kana_run_before(tokens, idx)
            if run is not None:  # 「出雲ひかわ病院」: kana inside a name that MeCab read as particles
                start = tokens[run].start
                count += idx - run + 1
                idx = run - 1
                continue
        if not _name_token(tok) or tok.surface in _STOP_WORDS or _is_descriptor(tok, tokens, idx):
            break
        if tok.pos3 == "副詞可能" and all("\u3041" <= c <= "\u309f" for c in tok.surface):
            break  # 「それぞれ寒河江市」: an adverbial noun in kana before a name is not part of it
        if tok.surface in references() or tok.surface in ("同", "当", "本", "弊", "両", "各", "旧"):
            break
        if tok.pos3 == "人名" and tok.pos4 == "名" and idx > 0 and tokens[idx - 1].pos4 == "姓" and tokens[idx - 1].end == tok.start and all(is_kanji(c) for c in tok.surface):
            # 「上田実名古屋大学名誉教授」: a person's given name ends the reach; a word in kana that
            # reads as one (「天竜みどり農業協同組合」「五島なぎさ漁協」) is the name's own
            break
        if count and (_is_department(tok.surface) or tok.surface in ("課", "係", "室")):
            break  # 「事務局三井不動産」: a department of the line before, not part of the name
        start = tok.start
        count += 1
        idx -= 1
    start = _reach_over_kana(text, start, pos)
    label = _LABEL_PREFIX.match(text, start, pos)
    if label:
        start = label.end()
    while start < pos and text[start] in "・&-.'":
        start += 1
    return start


_LABELS = r"(?:会社名|名称|社名|商号|法人名|団体名|機関名|相手先|契約先|提携先|発行者|発表者)"
_LABEL_PREFIX = re.compile(_LABELS + r"[:：\s]*")
_LABEL_BEFORE = re.compile(_LABELS + r"[:：\s]*$")


def _kana_run_before(tokens: list[Token], idx: int) -> int | None:
    """The first index of a short run of kana tokens ending at idx, if a proper noun precedes it."""
    j = idx
    while j >= 0 and all("\u3041" <= c <= "\u309f" for c in tokens[j].surface) and idx - j < 4:
        if j < idx and tokens[j].end != tokens[j + 1].start:
            return None
        j -= 1
    if j < 0 or j == idx or tokens[j].end != tokens[j + 1].start:
        return None
    if tokens[idx].end - tokens[j + 1].start < 2:
        return None  # a lone particle (と, の) is a particle
    return j + 1 if tokens[j].pos2 == "固有名詞" or tokens[j].unknown else None


_DEPARTMENT_ENDS = ("部", "室", "課", "事務局", "係", "担当")
_NOT_DEPARTMENTS = frozenset({"北部", "南部", "東部", "西部", "中部", "本部", "学部", "外部", "内部", "全部", "一部", "医学部"})


def _is_department(word: str) -> bool:
    """総務部, 広報室, 事務局: a unit of an organisation, which ends (or precedes) its name."""
    return len(word) >= 2 and word.endswith(_DEPARTMENT_ENDS) and word not in _NOT_DEPARTMENTS


_KANA_ADVERBS = ("このうち", "そのうち", "うち", "なかでも", "とりわけ", "とくに", "このほど", "これまで", "それぞれ", "おのおの", "ともに", "さらに", "また", "なお", "すでに", "かつて", "このたび", "いずれも", "あわせて", "および", "ならびに", "または")


def _reach_over_kana(text: str, start: int, pos: int) -> int:
    """「そーせいグループ」: MeCab cuts kana names into particles; a short kana run that begins at a
    delimiter still belongs to the name."""
    j = start
    while j > 0 and ("\u3041" <= text[j - 1] <= "\u309f" or text[j - 1] == "ー") and start - j < 8:
        j -= 1
    if j < start and (j == 0 or text[j - 1] in " \u3000\n、,(「:") and start - j <= 6:
        run = text[j:start]
        after_label = j > 0 and text[j - 1] in "、:：「" and len(run) >= 2  # 「締結先：はが生活協同組合」: no particle opens a cell
        if (after_label or not all(c in "にはがをのでとへもやか" for c in run)) and not run.startswith(_KANA_ADVERBS):
            return j  # not 「には川崎市」 (particles) nor 「それぞれ寒河江市」 (an adverb)
    return start


def _extend_right(text: str, tokens: list[Token], pos: int) -> int:
    """Where a name starting at ``pos`` (after a prefix legal form) ends."""
    kana = re.match(r"[\u3041-\u3096ー]{2,6}(?=[\u4e00-\u9fff\u30a1-\u30faA-Za-z])", text[pos:])
    if kana:  # 「株式会社みどりバイオ」: a hiragana start MeCab reads as other words
        inner = _extend_right(text, tokens, pos + kana.end())
        return inner if inner > pos + kana.end() else pos + kana.end()
    idx: int | None = bisect.bisect_left(_starts_cache(tokens), pos)  # the first token starting at or after pos
    end = pos
    count = 0
    while idx is not None and idx < len(tokens) and count < MAX_NAME_TOKENS:
        tok = tokens[idx]
        if tok.start != end:
            if not (text[end : tok.start] == " " and _latin_or_katakana(text[end - 1 : end]) and _latin_or_katakana(tok.surface)):
                break
        if (tok.is_particle or tok.pos1 in ("助動詞",)) and not _latin_or_katakana(tok.surface):
            kana_run = _KANA_INSIDE.match(text, tok.start)
            mid_word = tok.start > 0 and "\u3041" <= text[tok.start - 1] <= "\u3096"
            grammatical = ("格助詞", "係助詞", "接続助詞", "準体助詞") if mid_word else ("格助詞", "係助詞", "副助詞", "接続助詞", "準体助詞")
            if count and kana_run and tok.pos2 not in grammatical:
                # 「一般社団法人南砺さとやま観光推進機構」: kana inside a name, read as particles
                while idx < len(tokens) and tokens[idx].end <= kana_run.end():
                    idx += 1
                end = kana_run.end()
                count += 1
                continue
            nxt = text[tok.end : tok.end + 1]
            if count and len(tok.surface) == 1 and tok.surface not in _CASE_PARTICLES and nxt in ("(", "", "\n", " ", "、", ")", "」"):
                end = tok.end  # 株式会社鯖や(…): a kana name's last letter read as a particle
            break
        if not _name_token(tok) or tok.surface in _STOP_WORDS or tok.surface in _NOT_IN_A_NAME:
            break
        if count and tok.pos1 == "接尾辞" and all("\u3041" <= c <= "\u309f" for c in tok.surface):
            break  # 「アカボシ文具とも」: a particle MeCab took for a kana suffix ends the name
        if count and _is_department(tok.surface):
            break  # 株式会社X研究所 総務部: a department, not part of the name
        end = tok.end
        count += 1
        idx += 1
    if end == pos:
        end = _kana_name_after(text, pos)
    while end > pos and text[end - 1] in "・&-":
        end -= 1
    return end


_CASE_PARTICLES = frozenset("はがをにとのでもへ")
_KANA_INSIDE = re.compile(r"[\u3041-\u3096]{2,5}(?=[\u4e00-\u9fff\u30a1-\u30fa])")
# words that end a name written after a legal form: the agreement it signs is not part of it
_NOT_IN_A_NAME = frozenset({"契約", "協定", "覚書", "締結", "提携"})


def _kana_name_after(text: str, pos: int) -> int:
    """「株式会社よこまち」: a kana name MeCab reads as other words, up to the next delimiter."""
    m = re.match(r"[\u3040-\u30ffー]{2,10}?(?=[\s(、)「」]|と(?:[\u4e00-\u9fff\u30a0-\u30ff]|の)|$)", text[pos:])
    return pos + m.end() if m else pos


def _latin_or_katakana(s: str) -> bool:
    return bool(s) and all(c.isascii() and (c.isalnum() or c in "&.-'") or "\u30a0" <= c <= "\u30ff" for c in s)


def _name_token(tok: Token) -> bool:
    if _latin_or_katakana(tok.surface) and tok.surface not in ("-", ".", "&"):
        return True
    if tok.surface in ("(", ")", "「", "」", "、", "。", ",", ":", "/", "〜"):
        return False
    if tok.pos1 == "補助記号" and tok.surface not in ("・", "&", "-", "."):
        return False
    if tok.pos1 == "形状詞" and all(is_kanji(c) for c in tok.surface):
        return True  # 「国立高等専門学校」: a kanji adjectival noun inside a compound name
    return tok.is_nominal and tok.pos2 not in ("代名詞",)


def _is_descriptor(tok: Token, tokens: list[Token], idx: int) -> bool:
    if tok.surface in descriptors():
        return True
    # compounds like 製薬会社, 農薬会社: a descriptor word at the end of the token
    return any(tok.surface.endswith(d) and len(d) >= 2 for d in ("会社", "企業", "団体", "機関"))


def _strip_form(name: str, form: str | None) -> str:
    if form and name.startswith(form):
        return name[len(form) :].strip()
    if form and name.lower().endswith(form.lower()):
        return name[: -len(form)].strip(" ,")
    return name


def _kind_of(name: str, default: str, *, from_form: bool = False) -> str:
    """The head a name ends with says more than its legal form (学校法人X大学 is a university,
    X大学医学部附属病院 a hospital), except that a company form keeps a company a company."""
    ending = next((kind for head, kind in org_heads() if name.endswith(head)), None)
    if ending is None and re.search(r"大学(?:院)?(?:[^\s]{0,12}(?:学部|研究科|校))?$", name):
        ending = "university"
    if default == "company" and ending not in ("university", "hospital"):
        return "company"
    if ending in ("university", "hospital", "research_institute", "government"):
        return ending
    return default if from_form or default != "other" else (ending or default)


# ---------------------------------------------------------------------------------------------
# Overlaps, places, entities


_SOURCE_RANK = {"legal": 0, "latin": 0, "head": 1, "sha": 2, "alias": 3, "reference": 4}


def _resolve_overlaps(found: list[Mention]) -> list[Mention]:
    """Keep the longest, best-anchored mention where several overlap."""
    ranked = sorted(found, key=lambda m: (-(m.end - m.start), _SOURCE_RANK[m.source], m.start))
    kept: list[Mention] = []
    for m in ranked:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _join_operator_and_facility(text: str, mentions: list[Mention]) -> list[Mention]:
    """「医療法人社団清流会 出雲ひかわ病院」「学校法人X学園 Y大学」: the operating corporation and the
    hospital or school it runs, written together, name one party."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.source == "legal"
            and text[prev.end : m.start] in (" ", "\u3000")
            and m.source == "head"
            and m.kind in ("hospital", "university")
        ):
            out[-1] = Mention(prev.start, m.end, text[prev.start : m.end], prev.legal_form, m.kind, "legal")
            continue
        out.append(m)
    return out


def _drop_parenthesised_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """「九州産業大学(福岡市東区、学長:…)」: the place in an organisation's parenthesis is its address."""
    drop: set[int] = set()
    for m in mentions:
        body, _ = _parenthesis_after(text, m.end)
        if body is None:
            continue
        first = _split_fields(body)[0]
        if _looks_like_place(first.strip()):
            a, b = m.end + 1, m.end + 1 + len(first)
            drop.update(id(x) for x in mentions if a <= x.start and x.end <= b and x.kind == "government")
    return [m for m in mentions if id(m) not in drop]


# the prefecture's own name holds no 都道府県 (宮崎県都城市 is 都城市 of 宮崎県), but for 京都府 and 東京都
_PREFECTURE = re.compile(r"^((?:京都府|東京都|[^都道府県\s]{2,3}[都道府県])?[ \u3000]?(?:.{1,4}郡)?)[ \u3000]?(.{1,6}[市町村区])$")


def _merge_place_prefixes(text: str, mentions: list[Mention]) -> list[Mention]:
    """神奈川県横浜市 is the city of 横浜 (named 横浜市, with its prefecture as an alias)."""
    out: list[Mention] = []
    for m in mentions:
        gap = text[out[-1].end : m.start] if out else "x"
        if out and gap in ("", " ", "\u3000") and out[-1].kind == m.kind == "government" and re.search(r"[都道府県]$", out[-1].name):
            prev = out.pop()
            merged = Mention(prev.start, m.end, prev.name + gap + m.name, None, "government", "head")
            out.append(merged)
            continue
        out.append(m)
    return out


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Names compared: NFKC, lower case, no spaces or punctuation, no legal form (cached: the
    same names are compared again and again)."""
    s = unicodedata.normalize("NFKC", name).lower()
    s = re.sub(r"[\s・･,.、()「」'’\-]", "", s)
    for f in legal_forms():
        form = re.sub(r"[\s・･,.、()「」'’\-]", "", unicodedata.normalize("NFKC", f.form).lower())
        if form and len(s) > len(form):
            if s.startswith(form):
                s = s[len(form) :]
            elif s.endswith(form):
                s = s[: -len(form)]
    return s


def display_name(m: Mention) -> tuple[str, str | None]:
    """(name, place) for a mention: 神奈川県横浜市 → (横浜市, 神奈川県)."""
    if m.kind == "government":
        p = _PREFECTURE.match(m.name)
        if p and p.group(1) and not p.group(2).startswith(("市", "町", "村")):
            return p.group(2), p.group(1)  # 神奈川県横浜市, 高岡郡佐川町: the city, its prefecture or district
    return m.name, None


def _group_entities(mentions: list[Mention]) -> list[Entity]:
    entities: list[Entity] = []
    by_key: dict[str, int] = {}
    for m in mentions:
        name, place = display_name(m)
        key = name_key(name)
        if key in by_key:
            ent = entities[by_key[key]]
            if name != ent.name and name not in ent.aliases:
                if m.legal_form and (not ent.legal_form or len(m.legal_form) > len(ent.legal_form)):
                    # the form spelled out (株式会社) names it better than an abbreviation ((株))
                    ent.aliases.append(ent.name)
                    ent.name, ent.legal_form = name, m.legal_form
                else:
                    ent.aliases.append(name)
        else:
            by_key[key] = len(entities)
            entities.append(Entity(name, m.legal_form, m.kind, place_prefix=place))
            if place:
                entities[-1].aliases.append(m.name)
        m.entity = by_key[key]
        entities[m.entity].mentions.append(m)
    return entities


# ---------------------------------------------------------------------------------------------
# Aliases


_ALIAS_QUOTE = re.compile(r"以下(?:、|,)?\s*(?:単に)?\s*[「『\"“]([^」』\"”]{1,40})[」』\"”]")
_LABELLED = re.compile(r"^(中国語名|英名|英文名|英語名|英文社名|英文表記|略称|通称|旧社名|旧名称|新社名|現|正式名称)\s*[:、]?\s*(.+)$")
_COLLECTIVE = re.compile(r"(?:と|を)?(?:併せて|あわせて|合わせて|総称して|まとめて)")


def _read_alias_definitions(text: str, mentions: list[Mention], entities: list[Entity]) -> None:
    for m in mentions:
        if m.entity < 0:
            continue
        ent = entities[m.entity]
        body, _close = _parenthesis_after(text, m.end)
        if body is None:
            continue
        for alias in aliases_in_parenthesis(body):
            if alias != ent.name and alias not in ent.aliases:
                ent.aliases.append(alias)


def _merge_alias_entities(mentions: list[Mention], entities: list[Entity]) -> list[Entity]:
    """An entity whose name another entity lists as an alias is that entity (Heptares社 is the
    Heptares Therapeutics Ltd. that defined it; the new name in 「現:…」 is the old one's)."""
    target = list(range(len(entities)))

    def find(i: int) -> int:
        while target[i] != i:
            i = target[i]
        return i

    keys = {name_key(e.name): i for i, e in enumerate(entities)}
    for i, ent in enumerate(entities):
        for alias in list(ent.aliases):
            j = keys.get(name_key(alias))
            if j is not None and find(j) != find(i) and not entities[j].legal_form or (
                j is not None and find(j) != find(i) and _defined_inside(entities[j], ent)
            ):
                target[find(j)] = find(i)
    kept = [i for i in range(len(entities)) if find(i) == i]
    new_id = {old: n for n, old in enumerate(kept)}
    for i, ent in enumerate(entities):
        root = find(i)
        if root != i:
            owner = entities[root]
            for name in ent.all_names():
                if name != owner.name and name not in owner.aliases:
                    owner.aliases.append(name)
            owner.mentions.extend(ent.mentions)
    for m in mentions:
        if m.entity >= 0:
            m.entity = new_id[find(m.entity)]
    return [entities[i] for i in kept]


@cache
def _head_abbreviations() -> tuple[tuple[str, str], ...]:
    return tuple((r[0], r[1]) for r in load_table("head_abbreviations"))


_NAME_TAIL = re.compile(r"[・\u30a1-\u30ffA-Za-z][・\u30a1-\u30ffA-Za-z\s]*")


def names_an_organisation(name: str) -> bool:
    """The name carries an organisation's legal form or ends in an organisation's head (焼津市,
    株式会社フジミ精工, 北嶺大学): a cheap test on a name alone, no text around it."""
    name = name.strip()
    if _japanese_form_pattern().search(name):
        return True
    head = _head_pattern().search(name[-8:])
    return head is not None and head.end() == len(name[-8:]) and len(name) > len(head.group())


def is_short_form(short: str, full: str) -> bool:
    """「越中信金」 is 越中信用金庫 and 「房総水産大」 房総水産大学 (the head shortened); 「サクラバイオ」 is
    サクラバイオファーマ and 「ベルトリクス」 ベルトリクス・セラピューティクス (a katakana or Latin word
    dropped from the end). The stem kept must be a name of its own (three characters at least)."""
    if len(short) >= len(full):
        return False
    for head, abbreviation in _head_abbreviations():
        if short.endswith(abbreviation) and full.endswith(head):
            stem = short[: -len(abbreviation)]
            if len(stem) >= 2 and full[: -len(head)] == stem:
                return True
    if len(short) < 3 or not full.startswith(short) or not re.search(r"[\u30a1-\u30ffA-Za-z]$", short):
        return False
    return bool(_NAME_TAIL.fullmatch(full[len(short) :]))


def _merge_short_forms(text: str, mentions: list[Mention], entities: list[Entity]) -> list[Entity]:
    """An entity named only by another's short form is that one; a short form of a name the text
    uses (「越中信金は」) is an alias of that name, so its uses are found as the organisation's."""
    for ent in entities:
        for head, abbreviation in _head_abbreviations():
            if ent.name.endswith(head) and len(ent.name) > len(head) + 1:
                short = ent.name[: -len(head)] + abbreviation
                if short not in ent.aliases and re.search(re.escape(short) + r"(?![\u4e00-\u9fff])", text):
                    ent.aliases.append(short)
    for i, ent in enumerate(entities):
        if ent.legal_form:
            continue
        owner = next((j for j, other in enumerate(entities) if j != i and is_short_form(ent.name, other.name)), None)
        if owner is not None:
            ent.aliases.insert(0, entities[owner].name)  # the alias merge below folds it into its owner
    return _merge_alias_entities(mentions, entities)


def _defined_inside(candidate: Entity, owner: Entity) -> bool:
    """The candidate's first mention sits in the parenthesis right after one of the owner's."""
    first = min(candidate.mentions, key=lambda m: m.start, default=None)
    return first is not None and any(0 < first.start - m.end <= 3 or (m.end < first.start < m.end + 120) for m in owner.mentions)


def _parenthesis_after(text: str, pos: int) -> tuple[str | None, int]:
    if pos >= len(text) or text[pos] != "(":
        return None, pos
    depth = 0
    for i in range(pos, min(len(text), pos + 240)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return text[pos + 1 : i], i + 1
    return None, pos


def aliases_in_parenthesis(body: str) -> list[str]:
    """Aliases an organisation's parenthesis defines: 以下「Y」, 英名: Y, 現、Y, or a reading/acronym."""
    aliases: list[str] = []
    for q in _ALIAS_QUOTE.finditer(body):
        before = body[max(0, q.start() - 12) : q.start()]
        tail = body[q.end() : q.end() + 12]
        if _COLLECTIVE.search(tail[:8]) and not before.endswith(("以下", "以下、")):
            continue
        aliases.append(q.group(1).strip())
    fields = _split_fields(re.sub(r"^(現|旧)、", r"\1:", body))
    for i, f in enumerate(fields):
        f = f.strip()
        if not f or f.startswith("以下"):
            continue
        lab = _LABELLED.match(f)
        if lab:
            value = lab.group(2).strip()
            if value and _looks_like_name(value):
                aliases.append(value)
            continue
        if ":" in f:
            continue  # 本社:… 代表:… — facts, not names
        if i == 0 and _looks_like_name(f) and not _looks_like_place(f) and not _names_a_person(f):
            aliases.append(f)
    # 「併せて「杏林堂グループ」」: a name for several organisations is nobody's alias
    return [a for a in aliases if a and not re.search(r"と併せて|総称", a)]


def _names_a_person(field: str) -> bool:
    """「（頭取　工藤　正博）」「（理事長 丸山淳）」: the parenthesis gives who heads the organisation."""
    return any(field.startswith(t) and len(field) > len(t) and field[len(t)] not in "部課室局会" for t in person_titles())


def _split_fields(body: str) -> list[str]:
    fields: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in body:
        if ch in "(「":
            depth += 1
        elif ch in ")」":
            depth -= 1
        if ch == "、" and depth <= 0:
            fields.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    fields.append("".join(cur))
    return fields


_NOT_ALIASES = re.compile(r"東証|名証|札証|福証|JASDAQ|ジャスダック|マザーズ|プライム|スタンダード|グロース|コード|証券コード|一部|二部|TEL|電話")


def _looks_like_name(s: str) -> bool:
    if len(s) > 60 or "の" in s and not s.isascii() or _NOT_ALIASES.search(s):
        return False
    if re.search(r"\d\s*[年月日]|締結|設立|予定|出資|代表|社長", s):
        return False
    if _japanese_form_pattern().search(s) or _head_pattern().search(s[-4:]):
        return True
    if re.search(r"[はがをにでへ]|です|ます|など|より", s) and not re.fullmatch(r"[\u30a0-\u30ffA-Za-z0-9・ー\s&.\-]+", s):
        return False
    if s.isascii():
        return bool(re.search(r"[A-Za-z]{2}", s))
    if re.fullmatch(r"[\u30a0-\u30ffー・\s]+", s):
        return len(s.replace(" ", "")) >= 2
    return bool(re.search(r"[A-Za-z]", s)) or len(s) <= 16


def _looks_like_place(s: str) -> bool:
    return bool(re.search(r"[都道府県市区町村州]$", s)) or bool(re.match(r"^(東京|大阪|京都|米国|中国|台湾|韓国|英国|日本)", s) and len(s) <= 8)


def _alias_uses(text: str, mentions: list[Mention], entities: list[Entity], blocked: list[tuple[int, int]]) -> list[Mention]:
    """Bare uses of aliases and of names without their legal form, after their first mention."""
    covered = [(m.start, m.end) for m in mentions]
    found: list[Mention] = []
    candidates: list[tuple[str, int]] = []
    for i, ent in enumerate(entities):
        names = [a for a in ent.aliases if a not in references()]
        stem = _strip_form(ent.name, ent.legal_form)
        if stem != ent.name and ent.legal_form not in _HEADS_THAT_ARE_FORMS and _distinctive(stem):
            names.append(stem)  # 「三井化学株式会社」 later written 「三井化学」
        for n in names:
            if len(n) >= 2:
                candidates.append((n, i))
    candidates.sort(key=lambda c: -len(c[0]))
    for name, i in candidates:
        first = min((m.start for m in entities[i].mentions), default=0)
        for occ in re.finditer(re.escape(name), text):
            a, b = occ.start(), occ.end()
            if a < first or any(not (b <= s or a >= e) for s, e in covered):
                continue
            if not _word_boundary(text, a, b):
                continue
            m = Mention(a, b, name, None, entities[i].kind, "alias", entity=i)
            found.append(m)
            covered.append((a, b))
            entities[i].mentions.append(m)
    return found


def _distinctive(stem: str) -> bool:
    """A stem specific enough to stand for its organisation alone: not a bare place (福岡)."""
    if len(stem) >= 3:
        return True
    return len(stem) == 2 and bool(re.search(r"[\u30a0-\u30ffA-Za-z]", stem))


def _word_boundary(text: str, a: int, b: int) -> bool:
    before = text[a - 1] if a > 0 else ""
    after = text[b] if b < len(text) else ""
    if text[a:b].isascii():
        return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())
    if before and (is_kanji(before) and is_kanji(text[a])) and before not in "当本同両各":
        return False  # 「日本市場」 does not contain an alias 「本市」
    return not (after and _continues_name(text[b - 1], after))


def _continues_name(last: str, after: str) -> bool:
    if "\u30a0" <= last <= "\u30ff" and "\u30a0" <= after <= "\u30ff":
        return True  # ゼンリン inside ゼンリンデータコム
    return last.isascii() and last.isalnum() and after.isascii() and after.isalnum()


def _reference_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    covered = [(m.start, m.end) for m in mentions]
    found: list[Mention] = []
    for word, (ref, kind) in references().items():
        for occ in re.finditer(re.escape(word), text):
            a, b = occ.start(), occ.end()
            if any(not (b <= s or a >= e) for s, e in covered):
                continue
            before = text[a - 1] if a else ""
            after = text[b] if b < len(text) else ""
            if before and (is_kanji(before) or "\u30a0" <= before <= "\u30ff"):
                continue
            if after and is_kanji(after) and word not in ("当社", "本学") and not text.startswith(("及び", "並びに", "等"), b):
                continue
            found.append(Mention(a, b, word, None, kind, "reference", reference=ref))
            covered.append((a, b))
    for occ in _BARE_SELF.finditer(text):
        a, b = occ.start(1), occ.end(1)
        if not any(not (b <= s or a >= e) for s, e in covered):
            found.append(Mention(a, b, occ.group(1), None, "government", "reference", reference="self"))
            covered.append((a, b))
    for occ in _COUNTED_GROUP.finditer(text):
        a, b = occ.start(), occ.end()
        if any(not (b <= s or a >= e) for s, e in covered) or (b < len(text) and is_kanji(text[b]) and text[b] not in "間と"):
            continue  # 「5者間」 stays a count of the parties; 「3社目」「4行政」 are no groups
        found.append(Mention(a, b, occ.group(), None, _counter_kinds()[occ.group("counter")], "reference", reference="all"))
        covered.append((a, b))
    return found


# 「市では…」「町は、」: a municipality's page speaks of itself by its bare kind, at the head of a
# sentence or clause
_BARE_SELF = re.compile(r"(?:^|(?<=[。\n、「]))[\s\u3000]*(市|町|村|県|府|都|道)(?=では|は、|は|が、|としても|と)(?![\u3040-\u309f]{0,1}じめ)")


# 「5者」「地元金融機関4行」「3大学」: a count of organisations, named elsewhere in the text
@cache
def _counter_kinds() -> dict[str, str]:
    return {counter: kind for counter, kind in load_table("org_counters")}


_COUNTED_GROUP = re.compile(
    r"(?<![0-9０-９])(?:[0-9０-９]{1,2}|[二三四五六七八九十]{1,2})(?P<counter>"
    + "|".join(sorted(map(re.escape, _counter_kinds()), key=len, reverse=True))
    + r")(?![0-9０-９])"
)


# ---------------------------------------------------------------------------------------------
# Names without a legal form or head, from where they stand


_LATIN_TAIL = re.compile(r"[A-Z][A-Za-z0-9&.'’\-]*(?: (?:[A-Z0-9][A-Za-z0-9&.'’\-]*|of|and|for|de|&))*[A-Za-z0-9.]$")
_NOT_NAMES = re.compile(r"^(?:[\d\s年月日時分度号回件社者名人目例番校]+|当.*|同.*|本.*|両.*|各.*|弊.*|[ぁ-ん]+|.*(?:など|等|ら))$")


def bare_name(text: str, start: int, end: int, tokens: list[Token], *, strict: bool) -> tuple[int, int] | None:
    """The span of an organisation's name in a noun phrase that carries no legal form or head.

    Real text names companies by their short names (ミナトデンキ, 米ブライトパス, 家電大手ソラネット,
    ライフサイエンス団体MedCity): a country prefix and the descriptive nouns before the name are not
    part of it. ``strict`` asks for a sign of a proper name as well (Latin or katakana letters, a
    proper or unknown word), for a phrase that is not known to stand where an organisation goes.
    """
    phrase = text[start:end]
    if not phrase.strip():
        return None
    latin = _LATIN_TAIL.search(phrase)
    if latin and sum(ch.isalpha() for ch in latin.group()) >= 2 and (latin.start() == 0 or not phrase[latin.start() - 1].isascii()):
        return start + latin.start(), end
    dateline = _DATELINE.match(phrase)  # 「【ジャカルタ=本誌】なぎさエナジー」「・聯華精密」: not the name's
    if dateline:
        start, phrase = start + dateline.end(), phrase[dateline.end() :]
    lead = _LEADING_WORDS.match(phrase)
    a = start + (lead.end() if lead else 0)  # 「このうちX大学とは」: the words that pick it out of a group
    for prefix in country_prefixes():
        if text.startswith(prefix, a) and end - a - len(prefix) >= 2 and _token_starts_at(tokens, a + len(prefix)):
            a += len(prefix)
            break
    rest = text[a:end]
    cut = 0
    for d in sorted(descriptors(), key=len, reverse=True):
        at = rest.rfind(d)
        if at >= 0 and at + len(d) < len(rest) and at + len(d) > cut and _token_starts_at(tokens, a + at + len(d)):
            cut = at + len(d)  # 「家電大手ミナトデンキ」: the name begins after the description
    a += cut
    name = text[a:end]
    if len(name) < 2 or _NOT_NAMES.match(name) or any(name.endswith(d) for d in descriptors()) or name in references():
        return None
    if "○" in name or name.endswith(person_titles()) or (re.search(r"[式会]$", name) and not name.endswith(name_endings())) or re.search(r"\d\s*[年月日]", name):
        return None  # 「○○社長」「締結式」: a person who signs, an occasion
    if _one_abstract_word(tokens, a, end):
        return None  # 「推進と」「交流」: a verbal noun, not a name
    if not re.search(r"[\u4e00-\u9fff\u30a0-\u30ffA-Za-z]", name):
        return None
    if not _proper_sign(text, a, end, tokens) and (strict or not (name.endswith(name_endings()) and len(name) > 2)):
        return None  # 「目的と」「内容」: a common noun is no name; 「東邦精機」 is, by its ending
    return a, end


_DATELINE = re.compile(r"(?:【[^】]{0,30}】|このたび|この度|今般)+\s*")
_LEADING_WORDS = re.compile("(?:" + "|".join(map(re.escape, (*_KANA_ADVERBS, "中でも", "特に"))) + ")、?")


def _one_abstract_word(tokens: list[Token], start: int, end: int) -> bool:
    i = bisect.bisect_left(_starts_cache(tokens), start)
    inside = []
    while i < len(tokens) and tokens[i].start < end:
        inside.append(tokens[i])
        i += 1
    return all(t.pos3 == "サ変可能" or t.pos3 == "副詞可能" for t in inside) and not any(t.unknown for t in inside)


def _token_starts_at(tokens: list[Token], pos: int) -> bool:
    i = bisect.bisect_left(_starts_cache(tokens), pos)
    return i < len(tokens) and tokens[i].start == pos


def _starts_cache(tokens: list[Token]) -> list[int]:
    return _token_offsets(tokens)[0]


def _ends_cache(tokens: list[Token]) -> list[int]:
    return _token_offsets(tokens)[1]


def _token_offsets(tokens: list[Token]) -> tuple[list[int], list[int]]:
    """The tokens' start and end offsets, for bisection; kept for the document being read."""
    cached = _TOKEN_OFFSETS.get(id(tokens))
    if cached is None or cached[0] is not tokens:
        _TOKEN_OFFSETS.clear()
        cached = (tokens, [t.start for t in tokens], [t.end for t in tokens])
        _TOKEN_OFFSETS[id(tokens)] = cached
    return cached[1], cached[2]


_TOKEN_OFFSETS: dict[int, tuple[list[Token], list[int], list[int]]] = {}


def _token_ending_at(tokens: list[Token], pos: int) -> Token | None:
    i = bisect.bisect_left(_ends_cache(tokens), pos)
    return tokens[i] if i < len(tokens) and tokens[i].end == pos else None


def _proper_sign(text: str, start: int, end: int, tokens: list[Token]) -> bool:
    """Some sign of a proper name: Latin or katakana letters, a proper noun that is not a place, or
    a word the dictionary does not know."""
    if re.search(r"[A-Za-z]{2}|[\u30a1-\u30fa][\u30a1-\u30fc]", text[start:end]):
        return True
    i = bisect.bisect_left(_starts_cache(tokens), start)
    while i < len(tokens) and tokens[i].start < end:
        t = tokens[i]
        if (t.unknown and t.pos2 != "数詞") or (t.pos2 == "固有名詞" and t.pos3 != "地名"):
            return True
        i += 1
    return False
