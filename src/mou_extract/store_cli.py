"""``mou-extract query`` and ``mou-extract import``: the commands on the results database.

``cli.main`` hands argv over when its first word is ``query`` or ``import`` (a folder of that
name is still read as ``./query``). Exit status as the main command's: 0 done, 1 nothing found
(query) or some lines were not records (import), 2 usage error (the database is left as it was).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import get_args

from .batch import UsageError
from .models import AgreementType, Role
from .store import Found, Store, import_jsonl, open_store

EXIT_OK = 0
EXIT_NOTHING = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

QUERY_FORMATS = ("table", "jsonl", "csv")
QUERY_CSV_COLUMNS = (
    "organisation",
    "signed_on",
    "signed_precision",
    "role",
    "agreement_type",
    "agreement_label",
    "parties",
    "partners",
    "confidence",
    "path",
    "sha256",
    "published_on",
    "evidence_page",
    "evidence_text",
)
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# A table cell longer than this is cut with "…" (the jsonl and csv formats keep everything).
_MAX_CELL_WIDTH = 48


def _date(text: str) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD, a real date."""
    if _DATE.fullmatch(text) is None:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (text.split("-") + ["01", "01"])[:3]
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r}") from None
    return text


def build_query_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mou-extract query",
        description="List one organisation's partnerships from a results database.",
        epilog="Exit status: 0 some listed, 1 none found, 2 usage error.",
    )
    parser.add_argument("--db", required=True, metavar="FILE", help="the database a run wrote (--db FILE)")
    parser.add_argument(
        "--org",
        required=True,
        metavar="NAME",
        help="the organisation, written any way (株式会社X, X, ㈱X, full-width …) or by an alias",
    )
    parser.add_argument("--type", choices=get_args(AgreementType), help="only agreements of this type")
    parser.add_argument("--since", type=_date, metavar="DATE", help="signed in or after DATE (YYYY[-MM[-DD]])")
    parser.add_argument("--until", type=_date, metavar="DATE", help="signed in or before DATE (YYYY[-MM[-DD]])")
    parser.add_argument("--role", choices=get_args(Role), help="announced by the release, or prior")
    parser.add_argument("--format", choices=QUERY_FORMATS, default="table", help="output format (default table)")
    return parser


def build_import_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mou-extract import",
        description="Load the records of earlier JSONL runs into a results database.",
        epilog="Exit status: 0 all loaded, 1 some lines were not records, 2 usage error.",
    )
    parser.add_argument("jsonl", nargs="+", metavar="OUT.jsonl", help="JSONL written by mou-extract")
    parser.add_argument("--db", required=True, metavar="FILE", help="the database (created when missing)")
    parser.add_argument("--force", action="store_true", help="replace documents already stored (same sha256)")
    parser.add_argument("--quiet", action="store_true", help="no notes and no summary line")
    return parser


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace | int:
    try:
        return parser.parse_args(argv)
    except SystemExit as exit_request:  # argparse exits 2 on bad options, 0 after --help
        return exit_request.code if isinstance(exit_request.code, int) else EXIT_USAGE


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _error(message: object) -> int:
    print(f"mou-extract: error: {message}", file=sys.stderr)
    return EXIT_USAGE


# --------------------------------------------------------------------------------------------
# query


def query_main(argv: Sequence[str]) -> int:
    args = _parse(build_query_parser(), argv)
    if isinstance(args, int):
        return args
    try:
        with open_store(args.db, read_only=True) as store:
            found = _find(store, args)
    except UsageError as error:
        return _error(error)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    if not found:
        return EXIT_NOTHING
    try:
        _WRITERS[args.format](found)
        sys.stdout.flush()
    except BrokenPipeError:
        return EXIT_OK  # the reader (`| head`) has what it wanted
    return EXIT_OK


def _find(store: Store, args: argparse.Namespace) -> list[Found]:
    """The partnerships asked for; says on stderr why there are none."""
    if not store.organisations_named(args.org):
        print(f"mou-extract: no organisation {args.org!r} in {args.db}", file=sys.stderr)
        return []
    found = store.query(args.org, agreement_type=args.type, since=args.since, until=args.until, role=args.role)
    if not found:
        print(f"mou-extract: no partnerships of {args.org!r} match in {args.db}", file=sys.stderr)
    return found


def _parties(found: Found) -> str:
    return " / ".join(p.name or p.description or "(unnamed)" for p in found.partnership.parties)


def _row(found: Found) -> dict[str, str]:
    p = found.partnership
    return {
        "organisation": found.organisation,
        "signed_on": p.signed_on.value if p.signed_on else "",
        "signed_precision": p.signed_on.precision if p.signed_on else "",
        "role": p.role,
        "agreement_type": p.agreement_type,
        "agreement_label": p.agreement_label,
        "parties": _parties(found),
        "partners": " / ".join(found.partners),
        "confidence": f"{p.confidence:g}",
        "path": found.path,
        "sha256": found.sha256 or "",
        "published_on": found.published_on or "",
        "evidence_page": str(p.evidence[0].page) if p.evidence else "",
        "evidence_text": "".join(e.text for e in p.evidence),
    }


def _write_jsonl(found: list[Found]) -> None:
    for item in found:
        line = {
            "organisation": item.organisation,
            "document": {
                "path": item.path,
                "sha256": item.sha256,
                "published_on": item.published_on,
                "title": item.title,
            },
            **item.partnership.model_dump(mode="json"),
        }
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")


def _write_csv(found: list[Found]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=QUERY_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_row(item) for item in found)


_TABLE_COLUMNS = (
    ("signed_on", "signed"),
    ("role", "role"),
    ("agreement_type", "type"),
    ("agreement_label", "agreement"),
    ("partners", "partners"),
    ("confidence", "conf"),
    ("path", "document"),
)


def _width(text: str) -> int:
    # a wide (CJK) character takes two columns of a terminal
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(text: str) -> str:
    if _width(text) <= _MAX_CELL_WIDTH:
        return text
    while _width(text) > _MAX_CELL_WIDTH - 1:
        text = text[:-1]
    return text + "…"


def _write_table(found: list[Found]) -> None:
    names = {item.organisation for item in found}
    sys.stdout.write(f"{len(found)} partnerships of {' / '.join(sorted(names))}\n")
    rows = [[title for _, title in _TABLE_COLUMNS]]
    # the document comes last and is never cut: its file name is what one looks for
    rows += [[_cut(_row(item)[key]) if key != "path" else item.path for key, _ in _TABLE_COLUMNS] for item in found]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(_TABLE_COLUMNS))]
    rows.insert(1, ["-" * w for w in widths])
    for row in rows:
        cells = [cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)]
        sys.stdout.write("  ".join(cells).rstrip() + "\n")


_WRITERS: dict[str, Callable[[list[Found]], None]] = {
    "table": _write_table,
    "jsonl": _write_jsonl,
    "csv": _write_csv,
}


# --------------------------------------------------------------------------------------------
# import


def import_main(argv: Sequence[str]) -> int:
    args = _parse(build_import_parser(), argv)
    if isinstance(args, int):
        return args

    def note(message: str) -> None:
        if not args.quiet:
            print(f"mou-extract: {message}", file=sys.stderr)

    documents = partnerships = skipped = bad_lines = 0
    try:
        with open_store(args.db) as store:
            for jsonl in args.jsonl:
                summary = import_jsonl(store, jsonl, replace=args.force, note=note)
                documents += summary.documents
                partnerships += summary.partnerships
                skipped += summary.skipped
                bad_lines += summary.bad_lines
    except UsageError as error:
        return _error(error)
    except KeyboardInterrupt:  # every document imported so far is committed
        return EXIT_INTERRUPTED
    note(
        f"imported {_count(documents, 'document')} ({_count(partnerships, 'partnership')}), "
        f"{skipped} skipped (already in the database), {_count(bad_lines, 'line')} not records"
    )
    return EXIT_NOTHING if bad_lines else EXIT_OK
