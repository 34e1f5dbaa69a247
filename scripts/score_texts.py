"""Run extract_text over a folder of release texts and write JSONL (source.path = the .txt path).

Usage: python scripts/score_texts.py CASES_DIR OUT.jsonl
Then score with the project's scorer, which separates recognition errors from PDF-stage errors.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mou_extract import extract_text


def main() -> int:
    cases, out = Path(sys.argv[1]), Path(sys.argv[2])
    with out.open("w", encoding="utf-8") as handle:
        for txt in sorted(cases.glob("*.txt")):
            record = extract_text(txt.read_text(encoding="utf-8"), path=str(txt))
            handle.write(record.model_dump_json() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
