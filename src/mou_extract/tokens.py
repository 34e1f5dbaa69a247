"""Tokens: fugashi + unidic-lite, one Tagger per process.

UniDic has no organisation class, so tokens serve as boundaries and hints for the organisation
matcher (where a name may start, which words are particles or verbs), not as entity labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Token:
    surface: str
    start: int
    end: int
    pos1: str  # 名詞, 助詞, 動詞 … ("" for unknown words' missing fields)
    pos2: str
    pos3: str
    unknown: bool
    pos4: str = ""
    cform: str = ""  # conjugation form of verbs and auxiliaries (連用形-一般, 連体形-一般 …)
    lemma: str = ""

    @property
    def is_particle(self) -> bool:
        return self.pos1 == "助詞"

    @property
    def is_nominal(self) -> bool:
        """Can be part of a name: nouns, prefixes, suffixes, unknown words, name symbols."""
        if self.pos1 in ("名詞", "接頭辞", "接尾辞") or self.unknown:
            return True
        return self.surface in NAME_SYMBOLS

    @property
    def is_number(self) -> bool:
        return self.pos2 == "数詞"


NAME_SYMBOLS = frozenset("・&＆-－.'’+＋")


@cache
def _tagger() -> Any:
    import fugashi

    return fugashi.Tagger()


def _field(feature: Any, name: str) -> str:
    value = getattr(feature, name, "") or ""
    return "" if value == "*" else str(value)


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with their offsets (MeCab skips spaces; surfaces are found in order)."""
    tokens: list[Token] = []
    pos = 0
    for word in _tagger()(text):
        surface = word.surface
        start = text.find(surface, pos)
        if start < 0:  # never expected: surfaces are substrings; skip rather than misplace
            continue
        end = start + len(surface)
        feature = word.feature
        tokens.append(
            Token(
                surface,
                start,
                end,
                getattr(feature, "pos1", "") or "",
                getattr(feature, "pos2", "") or "",
                getattr(feature, "pos3", "") or "",
                bool(word.is_unk),
                _field(feature, "pos4"),
                _field(feature, "cForm"),
                _field(feature, "lemma"),
            )
        )
        pos = end
    return tokens
