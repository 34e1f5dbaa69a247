"""Text files: decoded from their charset; pages split at form feeds."""

from __future__ import annotations

from ..errors import ExtractionError
from . import charset

MAX_TEXT_CHARS = 1_000_000  # about 250 pages of Japanese; the rest is named in a warning


def read_text(data: bytes) -> tuple[str, list[str]]:
    try:
        text, _, warnings = charset.decode(data)
    except ValueError as exc:
        raise ExtractionError("unknown_format", "the file is not text in UTF-8, Shift_JIS or EUC-JP") from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_TEXT_CHARS:
        warnings.append(f"only the first {MAX_TEXT_CHARS:,} of {len(text):,} characters were read")
        text = text[:MAX_TEXT_CHARS]
    if not text.strip():
        raise ExtractionError("empty_file", "the file holds no text")
    return text, warnings
