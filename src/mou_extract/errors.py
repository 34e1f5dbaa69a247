"""Typed failures: every way a document can fail has a kind, and a message that says what to do."""

from __future__ import annotations

from typing import Literal, get_args

ErrorKind = Literal[
    "unknown_format",
    "empty_file",
    "encrypted",
    "damaged",
    "no_text_layer",
    "unmapped_font",
    "too_large",
    "timeout",
    "internal",
]

ERROR_KINDS: tuple[ErrorKind, ...] = get_args(ErrorKind)

# What the user should do about each kind; messages start from these.
ADVICE: dict[ErrorKind, str] = {
    "unknown_format": "the file is not a PDF, an HTML page or a text file (check its real type: an image, an archive?)",
    "empty_file": "the file is empty (zero bytes): download it again",
    "encrypted": "the PDF needs a password to open: decrypt it first",
    "damaged": "the PDF is damaged beyond repair: download it again or repair it (e.g. with qpdf)",
    "no_text_layer": "image-only PDF with no text layer: run OCR first (e.g. ocrmypdf -l jpn)",
    "unmapped_font": "the PDF's fonts carry no Unicode mapping, text comes back as (cid:N) codes: "
    "run OCR on it or get a better-made PDF",
    "too_large": "the document exceeds the size or memory limit: raise --max-memory or split it",
    "timeout": "reading the document exceeded the time limit: raise --timeout or check the file",
    "internal": "a bug in mou-extract: please report it with the file",
}


class ExtractionError(Exception):
    """A document could not be read. ``kind`` is one of :data:`ERROR_KINDS`."""

    def __init__(self, kind: ErrorKind, message: str | None = None) -> None:
        self.kind: ErrorKind = kind
        self.message: str = message or ADVICE[kind]
        super().__init__(f"{kind}: {self.message}")

    def __reduce__(self) -> tuple[type[ExtractionError], tuple[ErrorKind, str]]:
        # keeps the exception picklable across worker processes
        return (ExtractionError, (self.kind, self.message))
