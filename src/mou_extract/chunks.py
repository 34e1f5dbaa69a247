"""Chunks: bunsetsu over the tokens of a sentence, and the head-final dependencies between them.

A chunk (文節) is a run of content words and the function words after it, as CaboCha and KNP
segment Japanese:

* content words are nouns (a run of nouns, prefixes, suffixes, numbers and Latin words is one
  compound: 株式会社ゼンリン, 2019年8月30日付, 包括連携協定書), verbs, adjectives, adverbs, adnominals;
* function words are particles, auxiliaries, the non-independent verbs of 締結しております, and the
  compound markers of ``data/case_markers.tsv`` (との間で, について, に基づき …), so that 「Bとの間で」
  is one chunk with the marker との間で;
* 、 and 。 close the chunk before them; a parenthesis stays attached to the chunk before it (the
  alias or address of a name), a quotation 「…」 is part of the chunk it stands in;
* spans the caller protects (organisation and date mentions) are never cut.

Each chunk attaches to one chunk on its right (:func:`attach`), without crossing arcs: the
candidates of chunk *i* are the chunks on the right spine (i+1, its head, that head's head …).
What a chunk looks for is set by its marker (``case_markers.tsv``: the nearest predicate, the main
predicate for a topic, the next noun for an adnominal, the next chunk of its kind for 、 及び
並びに) and by its kind (a relative-clause predicate modifies the noun after it; 連用 and
quotation forms join the next predicate). The categories the caller gives (organisation, date,
agreement …) decide what a coordination joins: 「A、B及びCと」 is a group of three, and in
「2016年5月にA、2017年6月にBと」 each date stays with the item it opens.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from .lexicon import load_table
from .tokens import Token

MAX_BRACKET_CHARS = 400  # an unclosed bracket is given up after this many characters
MAX_SPINE = 80  # candidates looked at per chunk: keeps a run-on "sentence" linear

OPENING = {"(": ")", "「": "」", "『": "』", "【": "】", "[": "]", "〔": "〕", "<": ">", "＜": "＞", "〈": "〉", "《": "》"}
COORDINATING_CONJUNCTIONS = frozenset({"及び", "および", "並びに", "ならびに", "又は", "または", "かつ"})
COMMA = frozenset("、,，")
FULL_STOP = frozenset("。!?！？")
NAME_SYMBOLS = frozenset("・&＆-－.'’+＋〜~/")
NON_INDEPENDENT = "非自立可能"
DEMONSTRATIVE_NOUNS = frozenset({"たび", "度", "ほど", "程", "頃", "際"})
# nouns that a clause modifies without being its argument (締結する|ことを|決議, 締結する|運びと|なりました)
FORMAL_NOUNS = frozenset({"こと", "事", "運び", "予定", "もの", "方針", "旨", "見込み", "ところ", "所", "方向", "ため", "よう", "の", "次第", "とおり"})
CONJUNCTIVE_ENDINGS = ("ので", "ため", "が", "けれども", "けれど", "ながら", "つつ", "ば", "たら", "なら", "から")


@dataclass(frozen=True)
class Marker:
    text: str
    role: str
    attach: str  # pred | main | noun | next


@cache
def markers() -> dict[str, Marker]:
    return {r[0]: Marker(r[0], r[1], r[2]) for r in load_table("case_markers")}


@cache
def _multi_word_markers() -> tuple[str, ...]:
    """Markers that are more than one particle (との間で, に基づき, 以来): kept whole by the chunker."""
    return tuple(sorted((m for m in markers() if len(m) > 1 and m not in COMMA), key=len, reverse=True))


@dataclass
class Chunk:
    index: int
    start: int
    end: int  # after its function words, brackets and punctuation
    content_end: int  # where its function words begin
    tokens: tuple[int, int]  # token indices [first, last)
    function: str  # the function words as written (no spaces)
    marker: Marker | None
    punct: str  # 、 or 。 or ""
    kind: str  # noun | pred | adverb | adnominal | conjunction | bracket
    form: str  # predicates: renyo | te | conj | quote | rentai | final | nominal | topic; else ""
    brackets: tuple[tuple[int, int], ...] = ()
    copula: bool = False  # a noun with the copula (「…企業である」): a predicate that still names something
    head_word: str = ""  # the last content word
    head: int = -1
    relation: str = ""  # how it attaches: dep | coord (a member of a group) | item (a date opening a list item)

    @property
    def role(self) -> str:
        return self.marker.role if self.marker else ""

    @property
    def marker_text(self) -> str:
        return self.marker.text if self.marker else ""

    @property
    def attaches(self) -> str:
        """What the chunk's marker attaches it to (pred, main, noun, next), "" without a marker."""
        return self.marker.attach if self.marker else ""

    def text(self, source: str) -> str:
        return source[self.start : self.end]

    def content(self, source: str) -> str:
        """The content words, without brackets."""
        out = source[self.start : self.content_end]
        for a, b in reversed(self.brackets):
            if self.start <= a and b <= self.content_end:
                out = out[: a - self.start] + out[b - self.start :]
        return out


@dataclass
class _Building:
    start: int
    first_token: int
    content_end: int
    last_token: int
    function: list[Token]
    content: list[Token]
    brackets: list[tuple[int, int]]
    end: int
    quoted: bool = False  # the content holds a 「…」
    named: set[int] = field(default_factory=set)  # ids of tokens inside a protected name (whatever MeCab calls them)


def chunk_sentence(
    text: str,
    tokens: Sequence[Token],
    first: int,
    last: int,
    end: int,
    protected: Mapping[int, int] | None = None,
) -> list[Chunk]:
    """The chunks of the sentence whose tokens are ``tokens[first:last]`` and which ends at ``end``.

    ``protected`` maps the start of a span that must stay in one chunk (an organisation or date
    mention) to its end.
    """
    protected = protected or {}
    chunks: list[Chunk] = []
    cur: _Building | None = None

    def close() -> None:
        nonlocal cur
        if cur is not None:
            chunks.append(_finish(text, tokens, cur, len(chunks)))
            cur = None

    i = first
    prev_end = tokens[first].start if first < last else 0
    while i < last:
        tok = tokens[i]
        if tok.start >= end:
            break
        if cur is not None and tok.start > prev_end and not _joins_over_gap(text, prev_end, tok.start):
            close()
        span_end = protected.get(tok.start)
        if span_end is not None and span_end > tok.start:
            if cur is not None and (cur.function or cur.end > cur.content_end or _starts_new_chunk(tok, cur)):
                close()
            j = i
            while j < last and tokens[j].start < span_end:
                j += 1
            cur = _extend_content(cur, tokens, i, j)
            cur.named.update(id(t) for t in tokens[i:j])
            i, prev_end = j, tokens[j - 1].end
            continue
        surface = tok.surface
        if not surface.strip() or tok.pos1 == "空白":
            if cur is not None:  # a space ends the chunk before it and stays with it
                cur.end, cur.last_token = tok.end, i + 1
                close()
            i, prev_end = i + 1, tok.end
            continue
        if surface in OPENING:
            close_at = _matching_close(text, tok.start, end, surface)
            cur = _take_bracket(text, cur, tokens, i, close_at, chunks, close)
            j = i
            while j < last and tokens[j].start < close_at:
                j += 1
            i, prev_end = j, max(close_at, tokens[j - 1].end)
            continue
        if surface in COMMA or surface in FULL_STOP:
            if cur is not None:
                cur.end = tok.end
                cur.last_token = i + 1
                if surface in COMMA and i + 1 < last and tokens[i + 1].surface in COORDINATING_CONJUNCTIONS:
                    i += 1  # 「…こと、及び」: the conjunction joins the chunk before the comma
                    cur.function.append(tokens[i])
                    cur.end, cur.last_token = tokens[i].end, i + 1
                close()
            i, prev_end = i + 1, tokens[i].end
            continue
        if cur is not None and cur.content:
            compound = _compound_marker_at(text, tokens, i, last)
            if compound > i:
                cur.function.extend(tokens[i:compound])
                cur.end = tokens[compound - 1].end
                cur.last_token = compound
                i, prev_end = compound, tokens[compound - 1].end
                continue
        if _is_function(tok, cur, tokens, i):
            if cur is None:
                cur = _Building(tok.start, i, tok.start, i + 1, [], [], [], tok.end)
            cur.function.append(tok)
            cur.end, cur.last_token = tok.end, i + 1
            if surface in COORDINATING_CONJUNCTIONS:
                close()
            i, prev_end = i + 1, tok.end
            continue
        if cur is not None and (cur.function or cur.end > cur.content_end or _starts_new_chunk(tok, cur)):
            close()
        cur = _extend_content(cur, tokens, i, i + 1)
        i, prev_end = i + 1, tok.end
    close()
    _mark_sentence_end(chunks)
    return chunks


def _joins_over_gap(text: str, a: int, b: int) -> bool:
    """A space between two Latin words stays inside a name (Gangotri Water Solutions)."""
    gap = text[a:b]
    if gap.strip(" \u3000\n\t"):
        return True  # skipped text that is not blank: not a gap
    before, after = text[a - 1 : a], text[b : b + 1]
    return gap == " " and _latin(before) and _latin(after)


def _latin(ch: str) -> bool:
    return bool(ch) and (ch.isascii() and (ch.isalnum() or ch in "&.,'-)") or "\u00c0" <= ch <= "\u024f")


def _matching_close(text: str, start: int, end: int, opening: str) -> int:
    closing = OPENING[opening]
    depth = 0
    limit = min(end, start + MAX_BRACKET_CHARS)
    for k in range(start, limit):
        ch = text[k]
        if ch == opening:
            depth += 1
        elif ch == closing:
            depth -= 1
            if depth == 0:
                return k + 1
    return start + 1  # unclosed: the bracket alone


def _take_bracket(
    text: str,
    cur: _Building | None,
    tokens: Sequence[Token],
    i: int,
    close_at: int,
    chunks: list[Chunk],
    close: object,
) -> _Building:
    """A parenthesis joins the chunk before it; a quotation joins its content, or opens a chunk."""
    tok = tokens[i]
    opening = tok.surface
    j = i
    while j < len(tokens) and tokens[j].start < close_at:
        j += 1
    if opening in "(<＜〈[〔" and cur is not None:
        cur.brackets.append((tok.start, close_at))
        cur.end, cur.last_token = close_at, j
        if not cur.function:
            cur.content_end = close_at
        return cur
    if cur is not None and (cur.function or opening == "【" or (cur.content and _adverbial(cur.content[-1]))):
        assert callable(close)
        close()
        cur = None
    if cur is None:
        cur = _Building(tok.start, i, close_at, j, [], [], [], close_at)
    cur.content.extend(tokens[i:j])
    cur.content_end = cur.end = close_at
    cur.last_token = j
    cur.quoted = True
    if opening in "(<＜〈[〔":
        cur.brackets.append((tok.start, close_at))
    return cur


def _adverbial(tok: Token) -> bool:
    """それぞれ, 各々, 本日 …: an adverb or an adverbial noun in kana, which a quotation does not join."""
    return tok.pos1 == "副詞" or (tok.pos3 == "副詞可能" and all("\u3041" <= ch <= "\u309f" for ch in tok.surface))


def _extend_content(cur: _Building | None, tokens: Sequence[Token], i: int, j: int) -> _Building:
    if cur is None:
        cur = _Building(tokens[i].start, i, tokens[i].start, i, [], [], [], tokens[i].start)
    cur.content.extend(tokens[i:j])
    cur.content_end = cur.end = tokens[j - 1].end
    cur.last_token = j
    return cur


def _compound_marker_at(text: str, tokens: Sequence[Token], i: int, last: int) -> int:
    """The token index after a multi-word marker starting at token i (i if there is none)."""
    tok = tokens[i]
    if not (tok.pos1 in ("助詞", "助動詞") or tok.surface in ("付", "付け", "以来", "間")):
        if not any(text.startswith(m, tok.start) for m in ("以来", "付で", "付け")):
            return i
    for m in _multi_word_markers():
        if not text.startswith(m, tok.start):
            continue
        stop = tok.start + len(m)
        j = i
        while j < last and tokens[j].end <= stop:
            j += 1
        if j > i and tokens[j - 1].end == stop:
            return j
    return i


def _is_function(tok: Token, cur: _Building | None, tokens: Sequence[Token], i: int) -> bool:
    if tok.pos1 in ("助詞", "助動詞"):
        return cur is not None or tok.pos1 == "助動詞"
    if cur is None:
        return False
    if tok.surface in COORDINATING_CONJUNCTIONS and tok.pos1 == "接続詞":
        return bool(cur.content)
    if tok.pos1 == "接尾辞" and cur.function:
        return True  # 「…3社目です」 never: a suffix after a particle belongs to the words before
    if tok.surface == "とも" and tok.pos1 == "接尾辞" and cur.content and cur.content[-1].pos1 == "名詞":
        return True  # 「北越市とも協定を」 is the particle; 「両社とも」「3社とも」 (after a counter) are not
    if tok.pos1 in ("動詞", "形容詞") and tok.pos2 == NON_INDEPENDENT and i > 0:
        prev = tokens[i - 1]
        if prev.pos1 == "助詞":
            return prev.pos2 == "接続助詞"  # 締結して|おり, but 協議を|する
        return True  # 締結|し, 取り|交わし, 明らかに|し
    return False


def _starts_new_chunk(tok: Token, cur: _Building) -> bool:
    """A content word that does not continue the compound before it."""
    last = cur.content[-1] if cur.content else None
    if last is None:
        return False
    if last.pos1 == "連体詞" and (tok.surface in DEMONSTRATIVE_NOUNS or tok.pos2 == "助動詞語幹"):
        return False  # 「このたび」「このほど」「このような」
    if len(cur.content) == 2 and cur.content[0].pos1 == "連体詞" and last.surface in DEMONSTRATIVE_NOUNS and tok.pos1 != "助詞":
        return True  # 「このたび|長野県小海町と」: the adverb ends before the name
    if tok.pos1 in ("副詞", "連体詞", "接続詞", "感動詞") or last.pos1 in ("副詞", "連体詞", "接続詞", "感動詞"):
        return True
    if tok.pos1 == "接頭辞" and tok.surface in ("お", "ご", "御"):
        return True  # 「とおり|お知らせ」: an honorific prefix opens a word of its own
    if last.pos3 == "副詞可能" and all("\u3041" <= ch <= "\u309f" for ch in last.surface):
        return True  # 「それぞれ協定書を」: the adverbial noun is a chunk of its own
    if tok.pos1 in ("動詞", "形容詞") and tok.pos2 != NON_INDEPENDENT and last.pos1 not in ("動詞", "接頭辞"):
        return True
    if tok.pos1 == "名詞" and last.pos1 in ("動詞", "形容詞") and last.cform.startswith(("連体形", "終止形")):
        return True
    return False


def _finish(text: str, tokens: Sequence[Token], b: _Building, index: int) -> Chunk:
    function_text = "".join(t.surface for t in b.function)
    punct = ""
    tail = text[b.content_end : b.end].rstrip(" \u3000")
    if tail and tail[-1] in COMMA:
        punct = "、"
    elif tail and tail[-1] in FULL_STOP:
        punct = "。"
    kind = _kind(b)
    marker = _marker(text, b, kind)
    form = _form(b, kind) if kind == "pred" else ""
    if kind == "pred" and form == "nominalised":
        marker = _marker_after_nominaliser(b)  # 「締結するのは」: a clause made a noun takes a case
    if kind == "noun" and marker is None and punct == "、":
        marker = markers().get("、")
    copula = kind == "pred" and bool(b.function) and b.function[0].pos1 == "助動詞" and b.content[-1].pos1 in ("名詞", "接尾辞")
    return Chunk(
        index,
        b.start,
        b.end,
        b.content_end,
        (b.first_token, b.last_token),
        function_text,
        marker,
        punct,
        kind,
        form,
        tuple(b.brackets),
        copula,
        head_word=next((t.surface for t in reversed(b.content) if t.pos1 != "補助記号"), ""),
    )


def _kind(b: _Building) -> str:
    named = b.named
    content = [t for t in b.content if t.surface not in OPENING and t.pos1 != "補助記号"]
    if named and all(id(t) in named or t.pos1 == "補助記号" for t in b.content) and not (b.function and b.function[0].pos1 in ("動詞", "形容詞")):
        content = [t for t in content if id(t) not in named] or [Token("名", 0, 0, "名詞", "固有名詞", "組織", False)]
    if not content:
        return "bracket" if b.quoted is False and b.brackets else "noun"
    head = content[0]
    if any(t.pos1 in ("動詞", "形容詞") for t in content) and not b.quoted:
        return "pred"
    if b.function and b.function[0].pos1 in ("動詞", "形容詞"):
        return "pred"  # 締結|しました: a サ変 noun with its verb
    words = "".join(t.surface for t in b.function)
    if b.function and b.function[0].pos1 == "助動詞" and b.function[0].surface not in ("に", "な", "の") and words not in ("で", "では", "でも"):
        return "pred"  # 「3社目です」「…であり」: the copula (a bare 「で」 is the particle: 「3者で」)
    if head.pos1 == "副詞" or (head.pos1 == "名詞" and head.pos3 == "副詞可能" and len(content) == 1 and not b.function):
        return "adverb"
    if head.pos1 == "連体詞":
        return "adnominal"
    if head.pos1 == "接続詞":
        return "conjunction"
    if head.pos1 == "形状詞" and b.function and b.function[0].surface == "な":
        return "adnominal"
    return "noun"


def _marker(text: str, b: _Building, kind: str) -> Marker | None:
    if kind not in ("noun", "adverb"):
        return None
    table = markers()
    function = "".join(t.surface for t in b.function)
    content = text[b.start : b.content_end]
    for suffix in ("付け", "付"):  # 「8月30日付で」: 付 is a suffix of the date, 付で the marker
        if content.endswith(suffix) and suffix + function in table:
            return table[suffix + function]
    for etc in ("など", "等"):
        if function.startswith(etc) and function[len(etc) :] and function[len(etc) :] not in COMMA:
            function = function[len(etc) :]  # 「…事業などを」: など leaves the case after it
            break
    for k in range(len(function), 0, -1):
        found = table.get(function[:k])
        if found is not None:
            return found
    return None


def _marker_after_nominaliser(b: _Building) -> Marker | None:
    """「締結するのは」「締結したことを」: a clause made a noun by の takes the particle after it."""
    table = markers()
    seen = False
    rest = ""
    for t in b.function:
        if seen:
            rest += t.surface
        elif t.pos2 == "準体助詞":
            seen = True
    return table.get(rest) or table.get(rest[:1]) if rest else None


def _form(b: _Building, kind: str) -> str:
    function = [t for t in b.function]
    words = "".join(t.surface for t in function)
    if any(t.pos2 == "準体助詞" for t in function):
        if words.endswith(("ので", "のでは")):
            return "conj"
        return "nominalised"
    if not function:
        last = b.content[-1]
        if last.pos1 in ("動詞", "形容詞", "助動詞"):
            return _by_conjugation(last)
        return "nominal"
    last = function[-1]
    if last.pos1 == "助詞":
        if last.pos2 == "接続助詞":
            return "te" if last.surface in ("て", "で") else "conj"
        if last.surface == "と" and last.pos2 == "格助詞":
            return "quote"
        if last.pos2 in ("係助詞", "副助詞"):
            return "topic" if last.surface in ("は", "も") else "renyo"
        if words.endswith(CONJUNCTIVE_ENDINGS):
            return "conj"
        return "conj"
    return _by_conjugation(last)


def _by_conjugation(tok: Token) -> str:
    if tok.cform.startswith("連用形"):
        return "renyo"
    if tok.cform.startswith("連体形"):
        return "rentai"
    if tok.cform.startswith("仮定形"):
        return "conj"
    return "final"


def _mark_sentence_end(chunks: list[Chunk]) -> None:
    """The last chunk is the root; a noun there is a nominal predicate (体言止め: 「…を締結」)."""
    if not chunks:
        return
    last = chunks[-1]
    if last.kind == "noun" and (last.marker is None or last.punct == "。"):
        last.kind, last.form = "pred", "nominal"
    elif last.kind == "pred" and last.form in ("rentai", "renyo"):
        last.form = "final"
    for c in chunks[:-1]:
        if c.kind == "pred" and c.form in ("final",) and c.punct == "":
            c.form = "rentai"  # MeCab reads 締結した before a noun as 終止形 at times


# ---------------------------------------------------------------------------------------------
# Dependencies


def attach(chunks: list[Chunk], categories: Sequence[str]) -> None:
    """Set every chunk's ``head`` (index of the chunk it modifies; -1 for the root) and how it
    attaches (``relation``).

    ``categories`` gives each chunk's class (``org``, ``date``, ``agreement``, ``other``):
    coordination joins chunks of one class.
    """
    n = len(chunks)
    for c in chunks:
        c.head, c.relation = -1, ""
    items = _list_items(chunks, categories)
    for i in range(n - 2, -1, -1):
        spine: list[int] = []
        j = i + 1
        while j != -1 and len(spine) < MAX_SPINE:
            spine.append(j)
            j = chunks[j].head
        head, relation = _choose_head(chunks, categories, i, spine, items)
        chunks[i].head, chunks[i].relation = head, relation


def _is_predicate(c: Chunk) -> bool:
    return c.kind == "pred"


def _is_nominal(c: Chunk) -> bool:
    return c.kind in ("noun", "bracket") or (c.kind == "pred" and (c.form == "nominal" or c.copula))


def _first(chunks: list[Chunk], spine: list[int], test: Callable[[Chunk], bool]) -> int | None:
    return next((j for j in spine if test(chunks[j])), None)


def _clause_predicate(chunks: list[Chunk], j: int) -> bool:
    """A predicate that ends a clause, not a relative clause's (「当社が開発し承認を取得した機器」: 開発し
    joins 取得した, which modifies 機器)."""
    c = chunks[j]
    if c.kind != "pred" or c.form == "rentai":
        return False
    k, steps = j, 0
    while chunks[k].kind == "pred" and chunks[k].form in ("renyo", "te", "conj") and chunks[k].head > k and steps < 20:
        k, steps = chunks[k].head, steps + 1
    return not (chunks[k].kind == "pred" and chunks[k].form == "rentai")


def _choose_head(
    chunks: list[Chunk], categories: Sequence[str], i: int, spine: list[int], items: set[int]
) -> tuple[int, str]:
    c = chunks[i]
    nearest_pred = _first(chunks, spine, _is_predicate)
    category = categories[i]
    if c.punct == "、" and c.kind != "pred" and (category == "date" or c.role in FAR_ROLES):
        # a comma sends its chunk past the relative clauses that follow (読点のある文節は遠くに係る):
        # in 「川崎市と、…を目的とした提携に関する覚書を締結」 the partner is the signing's
        nearest_pred = next((j for j in spine if _clause_predicate(chunks, j)), nearest_pred)
    last_pred = next((j for j in reversed(spine) if _is_predicate(chunks[j])), None)
    to_pred = (nearest_pred if nearest_pred is not None else spine[-1]), "dep"
    to_main = (last_pred if last_pred is not None else spine[-1]), "dep"
    if i in items:
        return i + 1 + _modifiers_before(chunks, i + 1), "item"  # 「2016年5月にA、2017年6月にBと」
    if c.kind == "pred":
        if c.form == "rentai":
            # 「締結した資本業務提携に関する基本合意書」: the clause modifies the phrase's head noun
            k = _first(chunks, spine, _is_nominal)
            while k is not None and chunks[k].role == "adnominal" and chunks[k].marker_text != "の" and chunks[k].head > k:
                k = chunks[k].head
            return (k if k is not None else _noun_head(chunks, spine)), "dep"
        if c.form == "nominalised" and c.marker is not None:
            return to_main if c.marker.attach == "main" else to_pred
        return to_main if c.form == "topic" else to_pred
    if c.kind == "adnominal":
        return _noun_head(chunks, spine, categories), "dep"
    if c.kind == "conjunction":
        if i > 0:  # 「…川崎市、そして2019年6月にはUCLAと」: a conjunction inside a list joins what follows
            nxt = next((j for j in spine if chunks[j].relation != "item" and _is_nominal(chunks[j])), None)
            if nxt is not None and nxt < (nearest_pred if nearest_pred is not None else len(chunks)):
                return nxt, "dep"
        return to_main
    if c.kind == "adverb" and (c.marker is None or c.marker.role == "coord"):
        return to_pred
    if c.kind == "bracket":
        return spine[0], "dep"
    marker = c.marker
    if marker is None:
        return (nearest_pred if nearest_pred is not None else spine[0]), "dep"
    if category == "date" and c.punct == "、" and c.head_word in _OCCASION_DAYS:
        return to_pred  # 「また同日、2020年6月に締結した…に署名」: the day of the sentence, not one of a list of dates
    if marker.attach == "next" or (marker.text == "と" and _and_joins(chunks, categories, i, spine, items)):
        joined = _conjunct(chunks, categories, i, spine)
        if joined is not None:
            return joined, "coord"
        return (nearest_pred if nearest_pred is not None else spine[0]), "dep"
    if marker.attach == "noun":
        return _noun_head(chunks, spine, categories), "dep"
    if marker.text == "が" and _progressive_noun(chunks[spine[0]]):
        return spine[0], "dep"  # 「同社が開発中の候補薬」: 開発中 is the subject's predicate
    if marker.attach == "main":
        return to_main
    return to_pred


def _progressive_noun(c: Chunk) -> bool:
    """「開発中の」「販売中の」: a verbal noun with 中 that predicates of a が-subject."""
    return c.kind == "noun" and c.marker_text == "の" and c.head_word in ("中", "済み", "済")


_OCCASION_DAYS = frozenset({"同日", "本日", "当日", "同時", "翌日", "前日"})


# roles whose chunk, followed by a comma, skips the relative clauses after it
FAR_ROLES = frozenset({"partner", "date", "subject", "goal", "means"})


def _noun_head(chunks: list[Chunk], spine: list[int], categories: Sequence[str] = ()) -> int:
    """The noun an adnominal modifies: the first on the spine; when that noun is a conjunct whose
    partners have no modifiers of their own, the group's last conjunct (a shared modifier, as in
    「水田用の管理機や小型コンバイン」; not in a list of organisations, each named on its own)."""
    k = _first(chunks, spine, _is_nominal)
    if k is None:
        return spine[0]
    if categories and categories[k] in ("org", "name"):
        return k
    while chunks[k].relation == "coord" and chunks[k].head > k:
        h = chunks[k].head
        if any(chunks[j].head == h and chunks[j].relation == "dep" for j in range(k + 1, h)):
            break  # 「地域産業の振興及び人材の育成」: the last conjunct has its own modifier
        k = h
    return k


def _modifiers_before(chunks: list[Chunk], j: int) -> int:
    """How many adnominal chunks stand between a list item's date and its name (「英国の」)."""
    k = j
    while k < len(chunks) - 1 and (chunks[k].kind == "adnominal" or chunks[k].marker_text == "の"):
        k += 1
    return k - j


def _list_items(chunks: list[Chunk], categories: Sequence[str]) -> set[int]:
    """Dates that open the items of a list: 「2016年5月にA、2017年6月にB及びCと」 — a date with に
    before a name that goes on with 、 及び or と, at least twice in the sentence."""
    found: list[int] = []
    for i, c in enumerate(chunks[:-1]):
        if categories[i] != "date" or c.punct or c.marker is None or c.marker.text not in ("に", "には"):
            continue
        j = i + 1 + _modifiers_before(chunks, i + 1)
        if j >= len(chunks) or categories[j] not in ("org", "name", "other") or chunks[j].kind != "noun":
            continue
        m = chunks[j].marker
        if m is not None and (m.attach == "next" or m.text == "と"):
            found.append(i)
    return set(found) if len(found) >= 2 else set()


def _kin(a: str, b: str) -> bool:
    """Two chunk classes that coordinate: the same, or an organisation and a bare name."""
    return a == b or {a, b} == {"org", "name"}


def _and_joins(chunks: list[Chunk], categories: Sequence[str], i: int, spine: list[int], items: set[int]) -> bool:
    """「AとBは」「鉄道とバスを」: と joins two nouns of one class; 「Bと協定を」 marks a partner; 「A
    と、2021年にBと」 joins two items of a list."""
    category = categories[i]
    j = i + 1
    if j in items:
        j = j + 1 + _modifiers_before(chunks, j + 1)
    elif chunks[i].punct:
        return False
    if category in ("org", "name"):
        while j < len(chunks) - 1 and categories[j] not in ("org", "name") and (chunks[j].kind == "adnominal" or chunks[j].copula or chunks[j].attaches == "noun"):
            j += 1  # 「Aと、インドネシアの B大学は」
    if j >= len(chunks):
        return False
    nxt = chunks[j]
    if category == "other" and nxt.kind in ("adnominal",):
        return True
    return _kin(categories[j], category) and category != "date" and nxt.kind == "noun"


def _conjunct(chunks: list[Chunk], categories: Sequence[str], i: int, spine: list[int]) -> int | None:
    """The next member of the group a coordinating chunk belongs to: the first chunk of its class
    on the spine before a predicate (dates opening list items and modifiers in between skipped)."""
    category = categories[i]
    for j in spine:
        cj = chunks[j]
        if cj.relation == "item" or cj.kind in ("adnominal", "conjunction") or (cj.kind == "pred" and cj.form == "rentai") or cj.copula:
            continue
        if _is_predicate(cj) and not (cj.form == "nominal" and j == spine[-1]):
            return None
        if _kin(categories[j], category) and cj.kind in ("noun", "pred"):
            return j
        if categories[j] != category and cj.marker is not None and cj.marker.attach == "noun":
            continue
        return None
    return None
