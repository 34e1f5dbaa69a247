"""HTML pages: the main text without menus, sidebars and footers, the title, the date.

trafilatura (the field's standard for boilerplate removal: its own extractor with readability
and jusText as fallbacks) gives the article text and the page's metadata; the publication date
is taken only from the page's markup (``article:published_time``, JSON-LD ``datePublished``,
``<time datetime>``), never guessed from the text: the text's own date line, when it has one,
is read by the header stage like a release's. The charset comes from the BOM or the page's
declaration when they hold, else it is detected (:mod:`mou_extract.readers.charset`).
"""

from __future__ import annotations

import functools
import html as markup_text
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import ExtractionError
from . import charset

MAX_HTML_BYTES = 16 * 1024 * 1024  # a saved article is well under this; a bigger file is refused
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_TIME = re.compile(r"""<time[^>]*datetime\s*=\s*["'](\d{4}-\d{2}-\d{2})""", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
# 「見出し｜お知らせ｜北嶺大学」「見出し - 鷹見市ホームページ」「見出し／浜ノ宮市」: the site's name closes the title
_TITLE_SEPARATOR = re.compile(r"\s*[|｜／]\s*|\s+[-–—:：]\s+")
_IMG = re.compile(r"""<img\b[^>]*>""", re.IGNORECASE)
_ALT = re.compile(r"""\balt\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_SITE_SUFFIX = re.compile(r"\s*(?:公式)?(?:ホームページ|ウェブサイト|Webサイト|WEBサイト|サイト|HP)$")
_LATIN_TAIL = re.compile(r"(?<=[^\x00-\x7f])\s+[A-Za-z][A-Za-z .,&'-]*$")  # 「雲雀野大学 HIBARINO UNIVERSITY」


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
    segments = _title_segments(markup)
    title = _clean(_meta(markup, "og:title") or (max(segments, key=len) if segments else _first_h1(markup)))
    site = site_name(_meta(markup, "og:site_name"))
    if len(segments) >= 2:
        headline = max(segments, key=len)  # the site and its sections are short; 「長野県／見出し」 too
        if site is not None and site == site_name(headline):
            site = None  # the page's metadata took its headline for the site's name
        if site is None:
            site = site_name(segments[-1] if segments[-1] != headline else segments[0])
        if title and headline in title and len(title) > len(headline):
            title = headline  # the headline without the site's name and section
    if site is None:
        site = _logo_name(markup)
    text = (document.get("text") or "").strip()
    if not text:
        text = _visible_text(markup)
        if text:
            warnings.append("no main text found: the page's visible text was read instead")
    if not text and not title:
        raise ExtractionError("empty_file", "the page holds no text")
    if title and not any(line.strip() == title for line in text[: len(title) + 400].split("\n")):
        text = f"{title}\n\n{text}"  # the title is the headline, as a release prints it (not only a breadcrumb's end)
    published = _declared_date(markup)
    return Page(text, title, published if _iso_day(published) else None, warnings, site)


@functools.cache
def _config() -> Any:
    """trafilatura's settings, but a short article (a brief, a city's notice) is still its own
    extraction: below 250 characters trafilatura falls back to a baseline that runs every
    paragraph into one line, and a release read as one line has no header, no rows, no items."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "60")
    return config


def _extract(markup: str) -> dict[str, Any]:
    import trafilatura

    # the page's metadata (title, site, date) is read from its markup here: trafilatura's own
    # metadata pass (htmldate among it) costs a third of its time and its date search prefers the
    # oldest date on the page
    result = trafilatura.bare_extraction(
        markup,
        config=_config(),
        with_metadata=False,
        fast=True,
        include_comments=False,
        include_tables=True,
        include_links=False,
        deduplicate=False,
    )
    if result is None:
        return {}
    return result.as_dict() if hasattr(result, "as_dict") else dict(result)


def site_name(raw: Any) -> str | None:
    """A site's name as its pages give it, without 「ホームページ」 or the English name beside it."""
    name = _clean(markup_text.unescape(raw) if isinstance(raw, str) else raw)
    if name is None:
        return None
    name = _LATIN_TAIL.sub("", _SITE_SUFFIX.sub("", name) or name)
    return name if 2 <= len(name) <= 40 and "。" not in name else None


def _title_segments(markup: str) -> list[str]:
    m = _TITLE.search(markup[:65536])
    if not m:
        return []
    title = markup_text.unescape(re.sub(r"\s+", " ", m.group(1))).strip()
    return [part for part in _TITLE_SEPARATOR.split(title) if part.strip()]


def _logo_name(markup: str) -> str | None:
    """The site's logo image names it (「<img class="logo" alt="朝凪市">): for pages whose title does not."""
    for m in _IMG.finditer(markup, 0, 65536):
        if "logo" in m.group().lower() or "logo" in markup[max(0, m.start() - 120) : m.start()].lower():
            alt = _ALT.search(m.group())
            if alt:
                return site_name(alt.group(1))
    return None


def _visible_text(markup: str) -> str:
    """The text of the page's body, scripts and styles aside: for pages trafilatura finds no article in."""
    import trafilatura

    _, text, _ = trafilatura.baseline(markup)
    return str(text).strip()


_META_DATE = re.compile(
    r"""<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|datePublished|pubdate|date)["'][^>]*>""",
    re.IGNORECASE,
)
_CONTENT = re.compile(r"""content\s*=\s*["'](\d{4}-\d{2}-\d{2})""", re.IGNORECASE)
_POSTED_ON = re.compile(
    r"(?:投稿|公開|掲載|配信|発表|発行)日(?:時)?\s*[:：]?\s*(?:<[^>]{0,80}>\s*){0,3}"
    r"(?P<y>\d{4})\s*[./年-]\s*(?P<m>\d{1,2})\s*[./月-]\s*(?P<d>\d{1,2})"
)
_JSON_LD_DATE = re.compile(r""""datePublished"\s*:\s*"(\d{4}-\d{2}-\d{2})""")


_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def _meta(markup: str, name: str) -> str | None:
    """A <meta property|name=NAME content=…> value (og:title, og:site_name)."""
    for m in re.finditer(r"<meta\b[^>]*>", markup[:65536], re.IGNORECASE):
        tag = m.group()
        if re.search(r"""(?:property|name)\s*=\s*["']""" + re.escape(name) + r"""["']""", tag, re.IGNORECASE):
            content = re.search(r"""content\s*=\s*(["'])(.*?)\1""", tag, re.IGNORECASE | re.DOTALL)
            return markup_text.unescape(content.group(2)) if content and content.group(2).strip() else None
    return None


def _first_h1(markup: str) -> str | None:
    m = _H1.search(markup)
    return markup_text.unescape(_TAGS.sub("", m.group(1))) if m else None


def _declared_date(markup: str) -> str | None:
    """The date the page declares it was published: its meta or JSON-LD datePublished, else the
    first <time> (the article's own, above the sidebars' lists of older articles whose oldest date
    a search for the 'original' date would take)."""
    for m in _META_DATE.finditer(markup, 0, 65536):
        content = _CONTENT.search(m.group())
        if content:
            return content.group(1)
    ld = _JSON_LD_DATE.search(markup)
    if ld:
        return ld.group(1)
    posted = _POSTED_ON.search(markup, 0, 65536)  # 「<span>投稿日：2023.07.05</span>」
    if posted:
        return f"{int(posted['y']):04d}-{int(posted['m']):02d}-{int(posted['d']):02d}"
    time = _TIME.search(markup)
    return time.group(1) if time else None


def _iso_day(value: str | None) -> bool:
    return bool(value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def _clean(title: Any) -> str | None:
    if not isinstance(title, str) or not title.strip():
        return None
    return re.sub(r"\s+", " ", title).strip()
