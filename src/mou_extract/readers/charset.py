"""Japanese text in whatever charset it was saved in: UTF-8, Shift_JIS (cp932) or EUC-JP.

A BOM decides; else the charset the file declares (an HTML page's ``<meta charset>``), if it
decodes cleanly and reads as Japanese; else every candidate that decodes cleanly is read and
the one that looks most like Japanese text wins. Decoding is strict: a wrong charset fails
rather than giving mojibake, and Shift_JIS bytes that would also pass as EUC-JP (or the
other way round) are told apart by what the text then looks like (hiragana and common kanji
against half-width katakana and rare code points).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

CANDIDATES = ("utf-8", "cp932", "euc_jp")
ALIASES = {
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "windows-31j": "cp932",
    "ms932": "cp932", "cp932": "cp932", "euc-jp": "euc_jp", "eucjp": "euc_jp", "x-euc-jp": "euc_jp",
    "utf8": "utf-8", "utf-8": "utf-8", "iso-2022-jp": "iso2022_jp", "csshiftjis": "cp932",
}  # fmt: skip
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
SAMPLE_BYTES = 200_000  # enough to judge a charset; the whole file is then decoded with it


def decode(data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """(text, the encoding used, warnings). Raises ``ValueError`` when nothing decodes."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding, []
    warnings: list[str] = []
    wanted = ALIASES.get((declared or "").strip().lower())
    if declared and wanted is None:
        warnings.append(f"unknown declared charset {declared!r}: detected instead")
    if wanted is not None and wanted not in CANDIDATES:
        try:
            return data.decode(wanted), wanted, warnings
        except (UnicodeDecodeError, LookupError):
            warnings.append(f"the declared charset {declared} does not decode the file: detected instead")
    scored = []
    sample = data[:SAMPLE_BYTES]
    for encoding in CANDIDATES:
        text = _strict(sample, encoding)
        if text is not None:
            scored.append((japanese_score(text) + (0.02 if encoding == wanted else 0.0), encoding))
    if not scored:
        raise ValueError("no Japanese charset decodes the file")
    score, best = max(scored)
    if wanted is not None and wanted != best:
        warnings.append(f"the page declares {declared} but is {best}: read as {best}")
    return data.decode(best, errors="replace"), best, warnings


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if len(data) == SAMPLE_BYTES and exc.start >= len(data) - 4:
            return data[: exc.start].decode(encoding, errors="ignore")  # a character cut by the sample's end
        return None


_COMMON = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u3000-\u303f\uff01-\uff5e\u4e00-\u9fff\s\x20-\x7e]")


def japanese_score(text: str) -> float:
    """How much a text reads as Japanese: hiragana, katakana, kanji, ASCII and their punctuation
    count for it; half-width katakana, private-use and control characters against it."""
    if not text:
        return 0.0
    good = len(_COMMON.findall(text))
    bad = sum(1 for ch in text if "\uff61" <= ch <= "\uff9f" or unicodedata.category(ch) in ("Co", "Cc", "Cn") and ch not in "\n\r\t\f")
    return (good - 3 * bad) / len(text)


def looks_like_text(data: bytes) -> bool:
    """Bytes that decode as text in a Japanese charset and read as such (not a binary file)."""
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    try:
        text, _, _ = decode(sample)
    except ValueError:
        return False
    return japanese_score(text) > 0.8
