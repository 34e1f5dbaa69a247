"""Lexicons as data: every table lives in ``data/<name>.tsv``, one entry a line, so users can read and
extend them without touching code.

File format: UTF-8, tab-separated columns, ``#`` starts a comment line, blank lines are ignored.
The first non-comment line is NOT a header: column meanings are documented in each file's comments.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of ``data/<name>.tsv`` as tuples of stripped cells (cached: tables are read once)."""
    text = resources.files("mou_extract").joinpath("data").joinpath(f"{name}.tsv").read_text(encoding="utf-8")
    rows: list[tuple[str, ...]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


def load_words(name: str) -> tuple[str, ...]:
    """The first column of a table: for plain word lists."""
    return tuple(row[0] for row in load_table(name))
