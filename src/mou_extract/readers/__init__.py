"""Readers: a PDF, an HTML page or a text file in, pages of text out, all in one shape.

Whatever the input, the rest of the pipeline sees an :class:`Input`: pages of text (number, text,
offsets of line breaks that are wraps, whether the page runs on into the next), the file's hash
and page count, warnings, and what the container says beside the text (an HTML page's title and
publication date). The reader is chosen by the file's first bytes, not its name: a page saved
with a .pdf name is still read as the page it is (with a warning).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import Literal

from ..errors import ExtractionError
from ..pdf import MAX_FILE_BYTES, read_pdf

Format = Literal["pdf", "html", "text"]
PageSource = tuple[int, str, frozenset[int] | None, bool]  # number, text, wrapped breaks (None: guess), runs on
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text")
READABLE_SUFFIXES = (".pdf", *HTML_SUFFIXES, *TEXT_SUFFIXES)


@dataclass
class Input:
    format: Format
    pages: list[PageSource]
    page_count: int
    sha256: str
    warnings: list[str] = field(default_factory=list)
    title: str | None = None  # an HTML page's own title
    published: str | None = None  # an HTML page's publication date from its metadata (ISO)
    site: str | None = None  # an HTML page's site name (a news outlet is the page's publisher)


def read_input(source: str | os.PathLike[str] | bytes, *, max_pages: int = 200) -> Input:
    """Read a PDF, an HTML page or a text file. Raises :class:`ExtractionError` with the reason."""
    data = _read_bytes(source)
    if not data:
        raise ExtractionError("empty_file")
    name = "" if isinstance(source, bytes | bytearray) else os.fspath(source).lower()
    kind = sniff(data)
    if kind == "pdf":
        document = read_pdf(data, max_pages=max_pages)
        pages: list[PageSource] = [(p.number, p.text, frozenset(p.wraps), p.continues) for p in document.pages]
        return Input("pdf", pages, document.page_count, document.sha256, list(document.warnings))
    from . import html, plain

    sha = hashlib.sha256(data).hexdigest()
    warnings = []
    if name.endswith(".pdf"):
        warnings.append(f"the file is named .pdf but is {'an HTML page' if kind == 'html' else 'a text file'}: read as such")
    if kind == "html":
        page = html.read_html(data)
        return Input("html", [(1, page.text, frozenset(), False)], 1, sha, warnings + page.warnings, page.title, page.published, page.site)
    text, text_warnings = plain.read_text(data)
    text_pages: list[PageSource] = [(i + 1, page, None, False) for i, page in enumerate(text.split("\f"))]
    return Input("text", text_pages, len(text_pages), sha, warnings + text_warnings)


def sniff(data: bytes) -> Format:
    """What the bytes are: a PDF (%PDF- near the start), an HTML page (markup first), or text.
    Anything else (images, archives, binaries) raises ``unknown_format``."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    from . import charset

    head = data[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<meta", b"<body", b"<!--")) or b"<html" in head[:1024]:
        return "html"
    if charset.looks_like_text(data):
        return "text"
    what = (
        "a PNG image" if data.startswith(b"\x89PNG") else
        "a JPEG image" if data.startswith(b"\xff\xd8") else
        "a ZIP or Office file" if data.startswith(b"PK") else "binary data"
    )  # fmt: skip
    raise ExtractionError("unknown_format", f"the file is {what}, not a PDF, an HTML page or a text file")


def _read_bytes(source: str | os.PathLike[str] | bytes) -> bytes:
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        try:
            with open(source, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except IsADirectoryError as exc:
            raise ExtractionError("unknown_format", f"{os.fspath(source)} is a directory, not a document") from exc
        except OSError as exc:
            raise ExtractionError("damaged", f"cannot read the file: {exc.strerror or exc}") from exc
    if len(data) > MAX_FILE_BYTES:
        raise ExtractionError("too_large", f"the file is over {MAX_FILE_BYTES // 2**20} MiB")
    return data
