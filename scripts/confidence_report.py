"""Does a record's confidence mean something? Compare it with right and wrong records.

Usage: python scripts/confidence_report.py GOLD_DIR OUT.jsonl [GOLD_DIR OUT.jsonl ...]

A predicted record is right when a gold record of the same document matches it exactly (parties,
type, date and role; see mou_extract.evaluation). Prints the mean confidence of right and of wrong
records, and the precision of records above and below 0.5.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mou_extract.evaluation import match_records
from mou_extract.models import PressRelease


def gold_for(gold_dir: Path, path: str) -> dict[str, object] | None:
    name = Path(path).name
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    for candidate in (stem, name.split(".")[0]):
        file = gold_dir / f"{candidate}.json"
        if file.exists():
            return json.loads(file.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    return None


def main(argv: list[str]) -> int:
    right: list[float] = []
    wrong: list[float] = []
    for gold_dir, out in zip(argv[::2], argv[1::2], strict=True):
        for line in Path(out).read_text(encoding="utf-8").splitlines():
            doc = PressRelease.model_validate_json(line)
            gold = gold_for(Path(gold_dir), doc.source.path or "")
            if gold is None or doc.error is not None:
                continue
            matched = {id(p) for _, p in match_records(list(gold["partnerships"]), doc.partnerships)}  # type: ignore[arg-type]
            for p in doc.partnerships:
                (right if id(p) in matched else wrong).append(p.confidence)

    def mean(xs: list[float]) -> float:
        return sum(xs) / len(xs) if xs else float("nan")

    high_r, high_w = sum(c >= 0.5 for c in right), sum(c >= 0.5 for c in wrong)
    low_r, low_w = len(right) - high_r, len(wrong) - high_w
    print(f"records: {len(right)} right, {len(wrong)} wrong")
    print(f"mean confidence: right {mean(right):.3f}, wrong {mean(wrong):.3f}")
    print(f"precision at confidence >= 0.5: {high_r / max(high_r + high_w, 1):.3f} ({high_r + high_w} records)")
    print(f"precision at confidence <  0.5: {low_r / max(low_r + low_w, 1):.3f} ({low_r + low_w} records)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
