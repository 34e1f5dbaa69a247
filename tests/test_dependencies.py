"""The chunker and the dependency parser against sentences parsed by hand.

tests/data/dependencies.tsv holds 90 sentences of the project's own releases (samples/, heldout/
h01–h96), each split into bunsetsu with the head of every chunk, parsed by hand under the
conventions in its header. The parser must find the chunks and the arcs about as well as it does
now; the figures are reported by ``scripts/dependency_accuracy.py``. The table tests below pin the
structures the frame reader relies on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mou_extract.api import parse
from mou_extract.evaluation import dependency_scores, read_dependency_table
from mou_extract.text import plain_reading_text

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tests" / "data" / "dependencies.tsv"
CHUNKS_FOUND = 0.97
ARC_ACCURACY = 0.85


def _source_text(source: str) -> str:
    for folder in (ROOT / "samples" / "texts", ROOT / "heldout" / "texts"):
        path = folder / f"{source}.txt"
        if path.exists():
            return plain_reading_text(path.read_text(encoding="utf-8")).text
    raise FileNotFoundError(source)


def test_the_table_is_large_and_well_formed() -> None:
    rows = read_dependency_table(str(TABLE))
    assert len(rows) >= 60
    for source, chunks, heads in rows:
        assert len(chunks) == len(heads), source
        assert heads[-1] == -1, source
        for i, h in enumerate(heads[:-1]):
            assert i < h < len(chunks), (source, i, h)
            # projective: no arc from between i and h reaches past h
            assert all(heads[j] <= h for j in range(i + 1, h)), (source, i)


def test_parser_agrees_with_the_hand_parsed_table() -> None:
    rows = read_dependency_table(str(TABLE))
    texts = {s: _source_text(s) for s in {r[0] for r in rows}}
    parsed = {s: parse(t) for s, t in texts.items()}
    scores = dependency_scores(rows, parsed, texts)
    assert scores["chunks_found"] >= CHUNKS_FOUND, scores
    assert scores["arc_accuracy"] >= ARC_ACCURACY, scores


def _chunks(sentence: str) -> list[tuple[str, int, str]]:
    """(chunk text, head, relation) of the one sentence given."""
    parsed = parse(sentence)
    assert len(parsed) == 1, [p.sentence.text for p in parsed]
    return [(c.text(sentence), c.head, c.relation) for c in parsed[0].chunks]


CASES = [
    pytest.param(
        "当社は、株式会社ミナト電機(本社:東京都港区、以下「ミナト電機」)との間で業務提携契約を締結しました。",
        [("当社は、", 3, "dep"), ("株式会社ミナト電機(本社:東京都港区、以下「ミナト電機」)との間で", 3, "dep"), ("業務提携契約を", 3, "dep"), ("締結しました。", -1, "")],
        id="compound-marker-and-parenthesis-stay-with-the-name",
    ),
    pytest.param(
        "A市及びB町は、株式会社カゼノ、株式会社ソラノ及び株式会社ウミノの3社と、それぞれ協定を締結しました。",
        [
            ("A市及び", 1, "coord"), ("B町は、", 8, "dep"), ("株式会社カゼノ、", 3, "coord"), ("株式会社ソラノ及び", 4, "coord"),
            ("株式会社ウミノの", 5, "dep"), ("3社と、", 8, "dep"), ("それぞれ", 8, "dep"), ("協定を", 8, "dep"), ("締結しました。", -1, ""),
        ],
        id="coordinated-agents-and-a-counted-partner-group",
    ),
    pytest.param(
        "当社はこれまで、2019年に小諸市、2021年に東御市と協定を締結しております。",
        [
            ("当社は", 7, "dep"), ("これまで、", 7, "dep"), ("2019年に", 3, "item"), ("小諸市、", 5, "coord"), ("2021年に", 5, "item"),
            ("東御市と", 7, "dep"), ("協定を", 7, "dep"), ("締結しております。", -1, ""),
        ],
        id="dates-open-the-items-of-a-list",
    ),
    pytest.param(
        "当社は、2023年に株式会社ハナノと締結した基本合意書に基づき、本日、最終契約を締結しました。",
        [
            ("当社は、", 7, "dep"), ("2023年に", 3, "dep"), ("株式会社ハナノと", 3, "dep"), ("締結した", 4, "dep"),
            ("基本合意書に基づき、", 7, "dep"), ("本日、", 7, "dep"), ("最終契約を", 7, "dep"), ("締結しました。", -1, ""),
        ],
        id="a-relative-clause-modifies-the-agreement-after-it",
    ),
    pytest.param(
        "ミナトデンキは、ソラネットと資本業務提携契約を締結したと発表した。",
        [("ミナトデンキは、", 4, "dep"), ("ソラネットと", 3, "dep"), ("資本業務提携契約を", 3, "dep"), ("締結したと", 4, "dep"), ("発表した。", -1, "")],
        id="a-reported-signing-depends-on-the-reporting-verb",
    ),
    pytest.param(
        "本市は、株式会社アオバと、地域の活性化を目的とした連携協定を締結しました。",
        [
            ("本市は、", 7, "dep"), ("株式会社アオバと、", 7, "dep"), ("地域の", 3, "dep"), ("活性化を", 5, "dep"), ("目的と", 5, "dep"),
            ("した", 6, "dep"), ("連携協定を", 7, "dep"), ("締結しました。", -1, ""),
        ],
        id="a-comma-sends-the-partner-past-a-relative-clause",
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_chunks_and_heads(sentence: str, expected: list[tuple[str, int, str]]) -> None:
    got = _chunks(sentence)
    assert [g[0] for g in got] == [e[0] for e in expected]
    assert [(g[1], g[2] or "dep") for g in got[:-1]] == [(e[1], e[2]) for e in expected[:-1]]
