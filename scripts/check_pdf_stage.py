"""Measure the PDF stage alone: page text of each layout against the release's text.

Usage: python scripts/check_pdf_stage.py CASES_DIR PDF_DIR [--show ID.LAYOUT]

For every PDF named <id>.<layout>.pdf whose <id>.txt exists in CASES_DIR, compare the characters
(all whitespace removed) of the PDF's page text with the text's, and print per-layout similarity,
the number of exactly matching documents, and the differing fragments of the worst ones.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections import defaultdict
from pathlib import Path

from mou_extract.errors import ExtractionError
from mou_extract.pdf import read_pdf


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("cases", type=Path)
    ap.add_argument("pdfs", type=Path)
    ap.add_argument("--show", default=None)
    ap.add_argument("--worst", type=int, default=3)
    a = ap.parse_args()
    by_layout: dict[str, list[tuple[float, str, list[str]]]] = defaultdict(list)
    for pdf in sorted(a.pdfs.glob("*.pdf")):
        case_id, layout = pdf.name.split(".")[:2]
        txt = a.cases / f"{case_id}.txt"
        if not txt.exists():
            continue
        try:
            doc = read_pdf(pdf)
        except ExtractionError as exc:
            by_layout[layout].append((0.0, pdf.name, [f"error {exc.kind}"]))
            continue
        got = "".join(p.text for p in doc.pages)
        if a.show == f"{case_id}.{layout}":
            for p in doc.pages:
                print(f"--- page {p.number} wraps={len(p.wraps)} continues={p.continues} furniture={p.furniture}")
                print(p.text)
        want, have = squash(txt.read_text(encoding="utf-8")), squash(got)
        have = re.sub(r"^NEWSRELEASE(?:[^年]{0,8}年[^日]{0,6}日)?", "", have)  # the letterhead the layouts add
        sm = difflib.SequenceMatcher(None, want, have, autojunk=False)
        diffs = [f"{op}: {want[i1:i2]!r} -> {have[j1:j2]!r}" for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"]
        by_layout[layout].append((sm.ratio(), pdf.name, diffs))
    for layout, rows in sorted(by_layout.items()):
        exact = sum(1 for r, _, d in rows if not d)
        print(f"{layout:8s} docs={len(rows)} exact={exact} mean_ratio={sum(r for r, _, _ in rows) / len(rows):.4f}")
        for ratio, name, diffs in sorted(rows)[: a.worst]:
            if diffs:
                print(f"   {name} {ratio:.4f}: " + " | ".join(diffs[:6]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
