"""The ``mou-extract`` command: PDFs or folders in, one record per document out.

Exit status: 0 every document was read, 1 some failed (their records are still written, with
``error`` set), 2 usage error (nothing was read), 130 interrupted by Ctrl-C (finished records kept).
``mou-extract query ...`` and ``mou-extract import ...`` are the database's commands (``store_cli``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .batch import (
    DEFAULT_MAX_MEMORY,
    DEFAULT_MAX_PAGES,
    DEFAULT_TIMEOUT,
    RunInterrupted,
    Summary,
    UsageError,
    run,
)
from .models import PressRelease

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

# Below this a forked Python interpreter cannot even start reading: every document would fail.
MIN_MAX_MEMORY = 64 << 20
_SIZE_UNITS = {"": 0, "K": 10, "M": 20, "G": 30, "T": 40}
_SIZE_PATTERN = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?", re.IGNORECASE)


def parse_size(text: str) -> int:
    """``1G``, ``512M``, ``1.5GiB``, ``800MB`` or plain bytes, in powers of 1024."""
    match = _SIZE_PATTERN.fullmatch(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (use e.g. 1G or 512M)")
    size = int(float(match.group(1)) * (1 << _SIZE_UNITS[match.group(2).upper()]))
    if size < MIN_MAX_MEMORY:
        raise argparse.ArgumentTypeError(f"{text!r} is too small: at least 64M")
    return size


def _positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text!r}")
    return seconds


def _positive_int(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {text!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mou-extract",
        description="Find partnership announcements in Japanese press-release PDFs.",
        epilog="Exit status: 0 all read, 1 some documents failed, 2 usage error, 130 interrupted.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="PDF, HTML or text files, or folders searched for *.pdf, *.html, *.htm and *.txt")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="output file; .jsonl (one document a line), .json (an array) or .csv (one row per "
        "partnership); JSONL on stdout when omitted",
    )
    parser.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds allowed per document (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--max-memory",
        type=parse_size,
        default=DEFAULT_MAX_MEMORY,
        metavar="SIZE",
        help="address space allowed per document worker, e.g. 1G or 512M (default 1G)",
    )
    parser.add_argument(
        "--max-pages",
        type=_positive_int,
        default=DEFAULT_MAX_PAGES,
        metavar="N",
        help=f"read at most N pages of a document, noting the rest in warnings (default {DEFAULT_MAX_PAGES})",
    )
    parser.add_argument(
        "--workers",
        type=_positive_int,
        metavar="N",
        help="documents read in parallel (default: one per CPU, fewer if memory is short)",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="skip documents already in OUT (.jsonl only) and repair a line cut off by a kill",
    )
    parser.add_argument(
        "--html",
        type=Path,
        metavar="REPORT",
        help="also write a self-contained HTML review report of the run's records (summary, table, "
        "highlighted page texts, network, timeline)",
    )
    parser.add_argument(
        "--db",
        type=Path,
        metavar="FILE",
        help="write into this SQLite database instead of -o (created when missing); documents it "
        "holds (same sha256) are skipped, so a rerun resumes",
    )
    parser.add_argument("--force", action="store_true", help="with --db: read again documents it holds")
    parser.add_argument("--quiet", action="store_true", help="no progress bar and no summary line")
    parser.add_argument("--schema", action="store_true", help="print the JSON Schema of a record and exit")
    return parser


def _print_schema() -> None:
    print(json.dumps(PressRelease.model_json_schema(), indent=2, ensure_ascii=False))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _summary_line(summary: Summary, *, interrupted: bool = False) -> str:
    counts = [
        _count(summary.documents, "document"),
        _count(summary.partnerships, "partnership"),
        _count(summary.errors, "error"),
    ]
    if summary.skipped:
        counts.append(f"{summary.skipped} skipped (already in the output)")
    return "mou-extract: " + ", ".join(counts) + (" (interrupted)" if interrupted else "")


def _silence_stdout() -> None:
    # the reader went away (e.g. `| head`): stop writing without a second error at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _report_problem(report: Path, output: Path | None) -> str | None:
    """Why the report cannot be written where asked, found before any document is read."""
    if not report.parent.is_dir():
        return f"the report's folder does not exist: {report.parent}"
    if report.is_dir():
        return f"the report is a folder, not a file: {report}"
    if output is not None and report.resolve() == output.resolve():
        return "the report and the output must be different files"
    return None


def _records_for_report(args: argparse.Namespace, collected: list[PressRelease]) -> list[PressRelease]:
    if not args.resume:
        return collected
    # resumed: the documents skipped this run are in OUT, so the report is OUT's records
    records = []
    with open(args.output, encoding="utf-8") as lines:
        for line in lines:
            with contextlib.suppress(ValueError):
                records.append(PressRelease.model_validate_json(line))
    return records


def _write_report(args: argparse.Namespace, collected: list[PressRelease]) -> int | None:
    """Write the HTML report; None when written, else the exit status to end with."""
    from .report import write_html

    try:
        write_html(
            _records_for_report(args, collected),
            args.html,
            timeout=args.timeout,
            max_memory=args.max_memory,
            max_pages=args.max_pages,
            workers=args.workers,
        )
    except OSError as error:
        print(f"mou-extract: error: cannot write the report {args.html}: {error}", file=sys.stderr)
        return EXIT_SOME_FAILED
    except KeyboardInterrupt:  # the records are all written; only the report is missing
        print("mou-extract: interrupted: the report was not written", file=sys.stderr)
        return EXIT_INTERRUPTED
    if not args.quiet:
        print(f"mou-extract: report written to {args.html}", file=sys.stderr)
    return None


# First words that name a command rather than a PATH (a folder of that name: ./query).
_COMMANDS = ("query", "import")


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in _COMMANDS:
        from . import store_cli

        return store_cli.query_main(argv[1:]) if argv[0] == "query" else store_cli.import_main(argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # argparse exits 2 on bad options, 0 after --help
        return exit_request.code if isinstance(exit_request.code, int) else EXIT_USAGE
    if args.schema:
        _print_schema()
        return EXIT_OK
    if not args.paths:
        parser.print_usage(sys.stderr)
        print("mou-extract: error: give at least one PDF or folder", file=sys.stderr)
        return EXIT_USAGE
    problem = _report_problem(args.html, args.output) if args.html is not None else None
    if problem is not None:
        print(f"mou-extract: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    collected: list[PressRelease] = []
    try:
        summary = run(
            args.paths,
            args.output,
            resume=args.resume,
            db=args.db,
            force=args.force,
            timeout=args.timeout,
            max_memory=args.max_memory,
            max_pages=args.max_pages,
            workers=args.workers,
            progress=sys.stderr.isatty() and not args.quiet,
            quiet=args.quiet,
            on_record=collected.append if args.html is not None else None,
        )
    except UsageError as error:
        print(f"mou-extract: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except RunInterrupted as interruption:
        if not args.quiet:
            print(_summary_line(interruption.summary, interrupted=True), file=sys.stderr)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_SOME_FAILED
    if not args.quiet:
        print(_summary_line(summary), file=sys.stderr)
    report_failed = _write_report(args, collected) if args.html is not None else None
    if report_failed is not None:
        return report_failed
    return EXIT_SOME_FAILED if summary.errors else EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
