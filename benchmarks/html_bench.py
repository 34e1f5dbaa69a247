"""Speed of the HTML path against the text path on the same articles, measured in the same run.

Usage: python benchmarks/html_bench.py [HTML_DIR ...] [--rounds N]

For every saved page (default: the web pages under heldout/web/texts/), the main text the HTML
reader finds is written once to a UTF-8 text file beside a copy of the page; then, interleaved
round by round so that machine noise hits both alike:

* ``text``: ``mou_extract.extract`` on the text file (text reader + recognition);
* ``html``: ``mou_extract.extract`` on the page (charset, trafilatura, metadata + recognition).

It prints the medians per document and the ratio html / text (the figure to compare between
machines and runs, not seconds). The issue's bound is 1.2.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from mou_extract import extract
from mou_extract.readers import read_input


def timed(path: Path) -> float:
    start = time.perf_counter()
    extract(path)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="*", type=Path, default=[Path("heldout/web/texts")])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    pages = sorted(p for d in args.dirs for p in d.rglob("*.htm*"))
    if not pages:
        print("no HTML pages found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        pairs = []
        for i, page in enumerate(pages):
            text = Path(tmp) / f"{i:04d}.txt"
            text.write_text("\n".join(t for _, t, _, _ in read_input(page).pages), encoding="utf-8")
            pairs.append((page, text))
        timed(pairs[0][0])  # warm up: imports, tagger, trafilatura
        runs: dict[str, list[float]] = {"text": [], "html": []}
        for _ in range(args.rounds):
            for page, text in pairs:
                runs["text"].append(timed(text))
                runs["html"].append(timed(page))
    text_median = statistics.median(runs["text"])
    html_median = statistics.median(runs["html"])
    print(f"{len(pages)} pages, {args.rounds} rounds")
    print(f"text path  median {text_median * 1000:8.1f} ms/document")
    print(f"html path  median {html_median * 1000:8.1f} ms/document")
    print(f"ratio html / text  {html_median / text_median:.2f}  (bound 1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
