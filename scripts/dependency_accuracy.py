"""Chunk and arc accuracy of the dependency parser on the hand-parsed table (tests/data/dependencies.tsv).

Usage: python scripts/dependency_accuracy.py [TABLE] [--misses]
"""

from __future__ import annotations

import sys
from pathlib import Path

from mou_extract.api import parse
from mou_extract.evaluation import dependency_scores, read_dependency_table
from mou_extract.text import plain_reading_text

ROOT = Path(__file__).resolve().parent.parent


def source_text(source: str) -> str:
    for folder in (ROOT / "samples" / "texts", ROOT / "heldout" / "texts"):
        path = folder / f"{source}.txt"
        if path.exists():
            return plain_reading_text(path.read_text(encoding="utf-8")).text
    raise FileNotFoundError(source)


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    table = read_dependency_table(args[0] if args else str(ROOT / "tests" / "data" / "dependencies.tsv"))
    texts = {s: source_text(s) for s in {row[0] for row in table}}
    parsed = {s: parse(t) for s, t in texts.items()}
    for key, value in dependency_scores(table, parsed, texts).items():
        print(f"{key:16} {value:.3f}" if isinstance(value, float) else f"{key:16} {value}")
    if "--misses" in sys.argv:
        for source, chunks, heads in table:
            single = dependency_scores([(source, chunks, heads)], parsed, texts)
            if single["arc_accuracy"] < 1 or single["chunks_found"] < 1:
                ps = next((p for p in parsed[source] if p.sentence.text == "".join(chunks)), None)
                print(f"\n{source}  arcs {single['arc_accuracy']:.2f} chunks {single['chunks_found']:.2f}")
                print("  gold: " + " | ".join(f"{i}:{c}→{h}" for i, (c, h) in enumerate(zip(chunks, heads, strict=True))))
                if ps is not None:
                    print("  ours: " + " | ".join(f"{c.index}:{c.text(texts[source])}→{c.head}" for c in ps.chunks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
