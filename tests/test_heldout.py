"""A regression guard on the held-out releases (heldout/): after each batch's first run its misses
were studied and fixed with general rules, and recognition on their texts must not fall back.
Per-record exactness is not asserted here (a new rule may trade one record for another); the
figures of each group of batches are, a little under what they reach now. The first-run figures,
the only honest measure of generalisation, are in heldout/README.md.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mou_extract import extract_text
from mou_extract.evaluation import match_records

HELDOUT = Path(__file__).resolve().parent.parent / "heldout"

# (first id, last id, announced F1, prior F1) the texts of each group must keep
GUARDS = [
    (1, 96, 0.95, 0.95),
    (97, 246, 0.70, 0.65),
    (247, 371, 0.92, 0.90),
    (372, 471, 0.81, 0.85),
]


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def _number(path: Path) -> int:
    m = re.match(r"h(\d+)_", path.stem)
    assert m, path
    return int(m.group(1))


@pytest.mark.parametrize(("first", "last", "announced_f1", "prior_f1"), GUARDS, ids=lambda v: str(v))
def test_heldout_releases_are_read_about_as_well_as_when_last_measured(first: int, last: int, announced_f1: float, prior_f1: float) -> None:
    counts = {"announced": [0, 0, 0], "prior": [0, 0, 0]}
    paths = [p for p in sorted((HELDOUT / "expected").glob("h*.json")) if first <= _number(p) <= last]
    assert paths, (first, last)
    for expected in paths:
        gold = json.loads(expected.read_text(encoding="utf-8"))
        text = (HELDOUT / "texts" / f"{expected.stem}.txt").read_text(encoding="utf-8")
        record = extract_text(text)
        for role, tally in counts.items():
            g = [r for r in gold["partnerships"] if r.get("role", "announced") == role]
            p = [r for r in record.partnerships if r.role == role]
            hits = len(match_records(g, p))
            tally[0] += hits
            tally[1] += len(p) - hits
            tally[2] += len(g) - hits
    assert _f1(*counts["announced"]) >= announced_f1, counts
    assert _f1(*counts["prior"]) >= prior_f1, counts
