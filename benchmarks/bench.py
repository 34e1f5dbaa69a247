"""Speed of mou-extract against plain pdfplumber text extraction, measured in the same run.

Usage: python benchmarks/bench.py [PDF_DIR ...] [--rounds N]

For every PDF (default: samples/), three things are timed in this process, interleaved round by
round so that machine noise hits all of them alike:

* ``baseline``: ``pdfplumber.open`` + ``page.extract_text()`` for every page (the floor a
  pdfplumber-based tool pays);
* ``pdf_stage``: mou_extract's PDF stage alone (``read_pdf``: lines, columns, spaces, wraps);
* ``extract``: the whole pipeline (``mou_extract.extract``: PDF stage + recognition).

It prints the medians per document and the ratios to the baseline (ratios are what to compare
between machines and runs, not seconds), and the throughput of ``mou-extract`` over the folder
with its isolated workers, also as a ratio to the baseline.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

from mou_extract import extract
from mou_extract.pdf import read_pdf


def baseline(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def timed(fn, path: Path) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn(path)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="*", type=Path, default=[Path("samples")])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    pdfs = sorted(p for d in args.dirs for p in d.rglob("*.pdf"))
    if not pdfs:
        print("no PDFs found", file=sys.stderr)
        return 2
    extract(pdfs[0])  # warm up: imports, tagger, CMaps
    runs: dict[str, list[float]] = {"baseline": [], "pdf_stage": [], "extract": []}
    for _ in range(args.rounds):
        for path in pdfs:
            runs["baseline"].append(timed(baseline, path))
            runs["pdf_stage"].append(timed(read_pdf, path))
            runs["extract"].append(timed(extract, path))
    base = statistics.median(runs["baseline"])
    print(f"{len(pdfs)} PDFs x {args.rounds} rounds (median seconds per document)")
    for name, values in runs.items():
        median = statistics.median(values)
        print(f"  {name:10s} {median * 1000:8.1f} ms   x{median / base:5.2f} of baseline")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mou_extract.cli", *map(str, args.dirs), "-o", str(Path(tmp) / "out.jsonl"), "--quiet"],
            check=False,
        )
        folder = time.perf_counter() - start
    serial_base = sum(runs["baseline"]) / args.rounds
    print(f"  mou-extract over the folder (isolated workers, process start included): {folder:.2f} s")
    print(f"  = x{folder / serial_base:.2f} of one serial baseline pass ({serial_base:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
