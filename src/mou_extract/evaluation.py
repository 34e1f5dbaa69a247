"""Checking records against hand-written expectations (gold records), as the dev set's scorer does.

A gold record is a dict: ``parties`` (each a list of acceptable names, full name first; an unnamed
party ``["<unnamed>"]``), ``agreement_type``, ``signed_on`` (``YYYY[-MM[-DD]]`` or None), ``role``.

Names are compared after NFKC, without spaces, punctuation or legal forms, case folded; a name also
matches one that contains it when the shorter has at least 3 characters and 40 % of the longer's
length (神奈川県横浜市 ⊃ 横浜市). References (当社, 本学) never decide a match. Expected parties are
tuples of acceptable names, ``("<unnamed>",)`` for an unnamed party.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

UNNAMED = "<unnamed>"

# --- name matching, as /work/shared/eval/score.py does it (lenient) --------------------------------

_LEGAL_FORMS = [
    "国立研究開発法人", "独立行政法人", "地方独立行政法人", "国立大学法人", "公立大学法人", "学校法人",
    "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "社会福祉法人", "医療法人社団",
    "医療法人財団", "医療法人", "特定非営利活動法人", "株式会社", "有限会社", "合同会社", "合資会社",
    "合名会社", "(株)", "㈱", "(有)", "㈲", "co.,ltd.", "co.,ltd", "co.ltd.", "co.ltd", "pte.ltd.",
    "pte.ltd", "sdn.bhd.", "inc.", "inc", "corporation", "corp.", "corp", "ltd.", "ltd", "llc",
    "gmbh", "s.a.s.", "s.a.", "ag", "plc", "limited", "b.v.", "n.v.", "co.",
]  # fmt: skip
_FORMS = sorted(
    {unicodedata.normalize("NFKC", f).lower().replace(" ", "") for f in _LEGAL_FORMS}, key=len, reverse=True
)
_PUNCT = re.compile(r"[\s・･‧·•,，.．、。「」『』\"'“”‘’()（）\[\]［］/／\-‐‑–—―ー~〜]")
# references are not names: they never make two parties the same
_REFERENCE = re.compile(
    r"^(当|同|本|弊|両|貴)(社|行|学|大学|市|県|町|村|区|法人|機構|財団|協会|会|グループ|社グループ|"
    r"研究所|センター|病院|庁|省|団体|組合|公社|金庫|各社|3社|三社|者)$"
)


def _norm_name(name: str) -> str:
    s = unicodedata.normalize("NFKC", name).lower().replace(" ", "").replace("\u3000", "")
    changed = True
    while changed:
        changed = False
        for f in _FORMS:
            if len(s) > len(f) and s.startswith(f):
                s, changed = s[len(f) :], True
            if len(s) > len(f) and s.endswith(f):
                s, changed = s[: -len(f)], True
    return _PUNCT.sub("", s)


def _names_match(expected: tuple[str, ...], predicted: list[str]) -> bool:
    g = {_norm_name(n) for n in expected if not _REFERENCE.match(n.strip())} - {""}
    p = {_norm_name(n) for n in predicted if not _REFERENCE.match(n.strip())} - {""}
    if g & p:
        return True
    for a in g:
        for b in p:
            short, long_ = sorted((a, b), key=len)
            if len(short) >= 3 and short in long_ and len(short) >= 0.4 * len(long_):
                return True
    return False


def party_names(party: Any) -> list[str]:
    """The names of a predicted party (an :class:`~mou_extract.models.Organization`)."""
    names = [party.name, *party.aliases]
    return [n for n in names if n]


def party_match(expected: tuple[str, ...], predicted: Any) -> bool:
    unnamed = not predicted.name
    if expected == (UNNAMED,):
        return unnamed
    return not unnamed and _names_match(expected, party_names(predicted))


def parties_match(expected: tuple[tuple[str, ...], ...], predicted: list[Any]) -> bool:
    """Same number of parties and a one-to-one matching between them."""
    if len(expected) != len(predicted):
        return False
    used: set[int] = set()

    def assign(i: int) -> bool:
        if i == len(expected):
            return True
        for j, pp in enumerate(predicted):
            if j not in used and party_match(expected[i], pp):
                used.add(j)
                if assign(i + 1):
                    return True
                used.discard(j)
        return False

    return assign(0)


def value_of_date(d: Any) -> str | None:
    if d is None:
        return None
    value = str(d.value)
    return value[:4] if d.precision == "year" else value[:7] if d.precision == "month" else value




def gold_parties(record: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
    """A gold record's parties as tuples of acceptable names."""
    return tuple(tuple(names) for names in record["parties"])


def record_matches(gold: dict[str, Any], predicted: Any) -> bool:
    """Same role, type, date and parties (the dev set's "exact" match)."""
    return (
        predicted.role == gold.get("role", "announced")
        and predicted.agreement_type == gold["agreement_type"]
        and value_of_date(predicted.signed_on) == gold["signed_on"]
        and parties_match(gold_parties(gold), list(predicted.parties))
    )


def show(records: list[Any]) -> str:
    def one(p: Any) -> str:
        names = " + ".join((party_names(x) or [UNNAMED])[0] for x in p.parties)
        return f"{p.role} {p.agreement_type} {value_of_date(p.signed_on)} [{names}]"

    return "\n  ".join(one(p) for p in records) or "none"


def match_records(gold: list[dict[str, Any]], predicted: list[Any]) -> list[tuple[dict[str, Any], Any]]:
    """Pairs of (gold, predicted) records that match exactly, each used once."""
    pairs: list[tuple[dict[str, Any], Any]] = []
    used: set[int] = set()
    for record in gold:
        hit = next((i for i, p in enumerate(predicted) if i not in used and record_matches(record, p)), None)
        if hit is not None:
            used.add(hit)
            pairs.append((record, predicted[hit]))
    return pairs


# --- dependency arcs against a hand-parsed table ----------------------------------------------------


def dependency_scores(gold: list[tuple[str, list[str], list[int]]], parsed: dict[str, list[Any]], text: dict[str, str]) -> dict[str, float]:
    """Chunk and arc agreement of the parser with hand-parsed sentences.

    ``gold`` rows are (source, chunks, heads); ``parsed[source]`` the parser's sentences of that
    document (:class:`~mou_extract.frames.ParsedSentence`), ``text[source]`` its normalised text.
    A gold chunk is found when a predicted chunk has its span; an arc is right when the chunk is
    found and its predicted head has the gold head's span (the root's head is not counted).
    """
    gold_chunks = found = arcs = right = 0
    sentences_exact = 0
    for source, chunks, heads in gold:
        sentence = "".join(chunks)
        candidates = [p for p in parsed[source] if p.sentence.text == sentence]
        if not candidates:
            gold_chunks += len(chunks)
            arcs += len(chunks) - 1
            continue
        ps = candidates[0]
        spans = []
        pos = ps.sentence.start
        for piece in chunks:
            spans.append((pos, pos + len(piece)))
            pos += len(piece)
        predicted = {(c.start, c.end): c for c in ps.chunks}
        exact = True
        for i, span in enumerate(spans):
            gold_chunks += 1
            c = predicted.get(span)
            found += c is not None
            if heads[i] == -1:
                exact = exact and c is not None and c.head == -1
                continue
            arcs += 1
            ok = c is not None and c.head >= 0 and (ps.chunks[c.head].start, ps.chunks[c.head].end) == spans[heads[i]]
            right += ok
            exact = exact and ok
        sentences_exact += exact and len(ps.chunks) == len(chunks)
    return {
        "sentences": len(gold),
        "chunks_found": found / gold_chunks if gold_chunks else 1.0,
        "arc_accuracy": right / arcs if arcs else 1.0,
        "sentences_exact": sentences_exact / len(gold) if gold else 1.0,
    }


def read_dependency_table(path: str) -> list[tuple[str, list[str], list[int]]]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            source, chunks, heads = line.rstrip("\n").split("\t")
            rows.append((source, chunks.split(" | "), [int(h) for h in heads.split()]))
    return rows
