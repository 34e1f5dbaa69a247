"""End to end on the project's own sample releases: PDF in, records out, against expectations
written by hand from each text (samples/expected/*.json, gold format).

Every sample must get its release date, its issuer and exactly its announced records; prior
records are held to precision and recall over the whole set. Every evidence span must be the page
text it points into.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from mou_extract import PressRelease, extract
from mou_extract.evaluation import UNNAMED, party_match, record_matches, show
from mou_extract.pdf import read_pdf

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
EXPECTED = sorted((SAMPLES / "expected").glob("*.json"))
PRIOR_PRECISION = 0.8
PRIOR_RECALL = 0.8


def _gold(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@cache
def _extracted(sample_id: str) -> PressRelease:
    return extract(SAMPLES / f"{sample_id}.pdf")


def test_there_are_enough_samples() -> None:
    assert len(EXPECTED) >= 10
    for path in EXPECTED:
        assert (SAMPLES / f"{path.stem}.pdf").exists(), f"{path.stem}.pdf missing: run scripts/make_samples.py"


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_release_date_and_issuer(path: Path) -> None:
    gold = _gold(path)
    got = _extracted(path.stem)
    published = got.published_on.value if got.published_on else None
    assert published == gold["published_on"]
    if gold.get("issuer"):
        assert got.issuer is not None and party_match(tuple(gold["issuer"]), got.issuer), got.issuer


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_announced_records(path: Path) -> None:
    gold = _gold(path)
    got = [p for p in _extracted(path.stem).partnerships if p.role == "announced"]
    expected = [r for r in gold["partnerships"] if r.get("role", "announced") == "announced"]
    matched: set[int] = set()
    for record in expected:
        hits = [i for i, p in enumerate(got) if i not in matched and record_matches(record, p)]
        names = [n[0] if n else UNNAMED for n in record["parties"]]
        assert hits, f"missed {record['agreement_type']} {record['signed_on']} {names}; got\n  {show(got)}"
        matched.add(hits[0])
    extra = [p for i, p in enumerate(got) if i not in matched]
    assert not extra, f"unexpected announced records:\n  {show(extra)}"


def test_prior_records_over_all_samples() -> None:
    tp = fp = fn = 0
    misses: list[str] = []
    for path in EXPECTED:
        gold = [r for r in _gold(path)["partnerships"] if r.get("role") == "prior"]
        got = [p for p in _extracted(path.stem).partnerships if p.role == "prior"]
        used: set[int] = set()
        for record in gold:
            hit = next((i for i, p in enumerate(got) if i not in used and record_matches(record, p)), None)
            if hit is None:
                fn += 1
                misses.append(f"{path.stem}: missed {record['agreement_type']} {record['signed_on']} {record['parties']}")
            else:
                used.add(hit)
                tp += 1
        fp += len(got) - len(used)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    assert precision >= PRIOR_PRECISION and recall >= PRIOR_RECALL, "\n".join(
        [f"precision {precision:.2f} recall {recall:.2f}", *misses]
    )


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_evidence_is_the_page_text(path: Path) -> None:
    pages = {p.number: p.text for p in read_pdf(SAMPLES / f"{path.stem}.pdf").pages}
    for record in _extracted(path.stem).partnerships:
        assert record.evidence, f"a record without evidence: {record}"
        for ev in record.evidence:
            assert pages[ev.page][ev.start : ev.end] == ev.text
            assert ev.text.strip()
