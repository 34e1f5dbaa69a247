"""HTML pages: the main text without menus, sidebars and footers, the title, the date.

trafilatura (the field's standard for boilerplate removal: its own extractor with readability
and jusText as fallbacks) gives the article text and the page's metadata; the publication date
is taken only from the page's markup (``article:published_time``, JSON-LD ``datePublished``,
``<time datetime>``), never guessed from the text: the text's own date line, when it has one,
is read by the header stage like a release's. The charset comes from the BOM or the page's
declaration when they hold, else it is detected (:mod:`mou_extract.readers.charset`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import ExtractionError
from . import charset

MAX_HTML_BYTES = 16 * 1024 * 1024  # a saved article is well under this; a bigger file is refused
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_TIME = re.compile(r"""<time[^>]*datetime\s*=\s*["'](\d{4}-\d{2}-\d{2})""", re.IGNORECASE)


@dataclass
class Page:
    text: str
    title: str | None
    published: str | None
    warnings: list[str] = field(default_factory=list)
    site: str | None = None  # the site's own name (a news outlet), from the page's metadata


def read_html(data: bytes) -> Page:
    if len(data) > MAX_HTML_BYTES:
        raise ExtractionError("too_large", f"the page is over {MAX_HTML_BYTES // 2**20} MiB")
    declared = _META_CHARSET.search(data[:8192])
    try:
        markup, _, warnings = charset.decode(data, declared.group(1).decode("ascii", "ignore") if declared else None)
    except ValueError as exc:
        raise ExtractionError("unknown_format", "the page is not in UTF-8, Shift_JIS or EUC-JP") from exc
    try:
        document = _extract(markup)
    except (RecursionError, ValueError, TypeError, AttributeError) as exc:
        raise ExtractionError("damaged", f"the page cannot be parsed: {type(exc).__name__}") from exc
    title = _clean(document.get("title"))
    text = (document.get("text") or "").strip()
    if not text:
        text = _visible_text(markup)
        if text:
            warnings.append("no main text found: the page's visible text was read instead")
    if not text and not title:
        raise ExtractionError("empty_file", "the page holds no text")
    if title and title not in text[: len(title) + 200]:
        text = f"{title}\n\n{text}"  # the title is the headline, as a release prints it
    published = document.get("date") or _time_element(markup)
    return Page(text, title, published if _iso_day(published) else None, warnings, _clean(document.get("sitename")))


def _extract(markup: str) -> dict[str, Any]:
    import trafilatura

    result = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_links=False,
        deduplicate=False,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    if result is None:
        return {}
    return result.as_dict() if hasattr(result, "as_dict") else dict(result)


def _visible_text(markup: str) -> str:
    """The text of the page's body, scripts and styles aside: for pages trafilatura finds no article in."""
    import trafilatura

    _, text, _ = trafilatura.baseline(markup)
    return str(text).strip()


def _time_element(markup: str) -> str | None:
    m = _TIME.search(markup)
    return m.group(1) if m else None


def _iso_day(value: str | None) -> bool:
    return bool(value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def _clean(title: Any) -> str | None:
    if not isinstance(title, str) or not title.strip():
        return None
    return re.sub(r"\s+", " ", title).strip()
