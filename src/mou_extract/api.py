"""The public functions: PDFs or text in, validated :class:`~mou_extract.models.PressRelease` out.

``extract`` reads one PDF and raises :class:`~mou_extract.errors.ExtractionError`; ``extract_many``
reads many, each in an isolated worker, and never raises for a document; ``extract_text`` runs the
recognition on a text; ``find_dates`` and ``find_organizations`` expose the matchers.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
from collections.abc import Iterable, Iterator

from .blocks import document_events
from .dates import find_dates
from .errors import ExtractionError
from .frames import ParsedSentence, parse_sentences
from .header import Header, names_an_outlet, read_header
from .models import (
    DateMention,
    DateValue,
    Evidence,
    Organization,
    Partnership,
    PressRelease,
    Source,
)
from .orgs import Entity, OrgIndex, analyse, find_organizations, name_key, names_an_organisation, references
from .partnerships import (
    Context,
    Party,
    agreement_aliases,
    find_events,
    signing_dates_in_table,
    topic_flags,
)
from .readers import read_input
from .records import Record, merge_events
from .text import (
    ReadingText,
    display_width,
    ends_full,
    guess_wraps,
    plain_reading_text,
    reading_text,
    split_sentences,
)
from .tokens import tokenize

__all__ = ["extract", "extract_text", "extract_many", "find_dates", "find_organizations", "parse", "warm_up"]


def warm_up() -> None:
    """Load what every document needs (lexicons, patterns, the tokenizer) without reading much text.

    The folder runner calls it once in the parent so that forked workers start with it. The
    tokenizer itself is left to the workers: MeCab maps its dictionary (~250 MB) and, when the
    file is in the page cache, the whole mapping counts towards the process's resident memory, so
    the parent stays small by never opening it (a worker opens it in ~1 ms from the cache).
    """
    import fugashi  # noqa: F401  (the module, not a Tagger)

    from . import dates, orgs, partnerships, text

    text.normalise("株式会社")
    dates.find_dates("2019年8月30日")
    orgs.legal_forms()
    orgs.org_heads()
    orgs.references()
    partnerships.agreement_words("覚書")
    partnerships._predicates()


def extract(source: str | os.PathLike[str] | bytes, *, max_pages: int = 200) -> PressRelease:
    """Read one announcement: a PDF, an HTML page or a text file (a path or its bytes), whatever
    its name says. Raises :class:`ExtractionError`."""
    document = read_input(source, max_pages=max_pages)
    path = None if isinstance(source, bytes | bytearray) else str(source)
    paragraphs = document.format == "html" or (document.format == "text" and all(_paragraph_lines(t) for _, t, _, _ in document.pages))
    reading = reading_text(
        [
            (number, text, wraps if wraps is not None else (frozenset() if paragraphs else guess_wraps(text)), continues if wraps is not None else ends_full(text))
            for number, text, wraps, continues in document.pages
        ],
        wrapped=not paragraphs,
    )
    try:
        return analyse_reading(
            reading,
            Source(path=path, sha256=document.sha256, pages=document.page_count, format=document.format),
            warnings=list(document.warnings),
            metadata_date=document.published,
            site=document.site,
        )
    except ExtractionError:
        raise
    except RecursionError as exc:
        raise ExtractionError("internal", f"recognition recursed too deeply: {exc}") from exc


def extract_text(text: str, published_on: str | dt.date | None = None, *, path: str | None = None) -> PressRelease:
    """Recognise partnerships in a release given as text (pages may be split by form feeds).

    ``published_on`` overrides the release date read from the text (it anchors 本日 and year-less
    dates). Evidence offsets index the text of each page (page 1 if there is no form feed).
    """
    reading = plain_reading_text(text)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return analyse_reading(
        reading, Source(path=path, sha256=sha, pages=len(reading.page_numbers)), published_on=published_on
    )


def extract_many(
    paths: Iterable[str | os.PathLike[str]],
    *,
    timeout: float = 60.0,
    max_memory: int = 1 << 30,
    max_pages: int = 200,
    workers: int | None = None,
) -> Iterator[PressRelease]:
    """Read many PDFs, each in its own worker with a time and memory limit; never raises for a
    document: a failed one comes back with ``error`` set."""
    from .batch import extract_many as _extract_many

    yield from _extract_many(paths, timeout=timeout, max_memory=max_memory, max_pages=max_pages, workers=workers)


def parse(text: str) -> list[ParsedSentence]:
    """The chunks of every sentence of a normalised text and their dependencies, with the
    organisation and date mentions the parser kept whole (for inspecting what the reader saw)."""
    tokens = tokenize(text)
    orgs = analyse(text, tokens)
    header = read_header(text, orgs)
    published = _published(header.published_on, None)
    reference = published or _published(header.updated_on, None)  # a page's 更新日 still tells the year
    dates = find_dates(text, reference) if reference else find_dates(text)
    return parse_sentences(text, tokens, split_sentences(text), orgs, dates)


# ---------------------------------------------------------------------------------------------
# The recognition pipeline on a reading text


def analyse_reading(
    reading: ReadingText,
    source: Source,
    *,
    warnings: list[str] | None = None,
    published_on: str | dt.date | None = None,
    metadata_date: str | None = None,
    site: str | None = None,
) -> PressRelease:
    """``published_on`` overrides the date the text gives; ``metadata_date`` (an HTML page's) only
    stands in when the text gives none; ``site`` (an HTML page's site name) is the publisher when
    the text names none."""
    text = reading.text
    tokens = tokenize(text)
    orgs = analyse(text, tokens)
    header = read_header(text, orgs)
    published = _published(header.published_on, published_on)
    if published is None and metadata_date is not None:
        published = _published(None, metadata_date)
    reference = published or _published(header.updated_on, None)  # a page's 更新日 still tells the year
    dates = find_dates(text, reference) if reference else find_dates(text)
    issuer = _issuer(orgs, header)
    if issuer is None:
        issuer = _speaker(text, orgs, header, site or header.masthead, sure=site is not None or header.masthead_dated)
    about, ending = topic_flags(header.title)
    ctx = Context(
        text=text,
        orgs=orgs,
        issuer=issuer,
        published=reference,
        dates=dates,
        title_span=header.title_span,
        body_start=header.body_start,
        agreement_aliases=agreement_aliases(text),
        tokens=tokens,
        table_signing_dates=signing_dates_in_table(text, dates, header.body_start),
        topic_is_agreement=about,
        topic_is_termination=ending,
    )
    records = merge_events(ctx, document_events(ctx, find_events(ctx)))
    return PressRelease(
        source=source,
        published_on=_date_value(header.published_on, published),
        issuer=_organization(orgs, issuer, text) if issuer is not None else _publisher(site or header.masthead),
        title=header.title,
        partnerships=[p for r in records if (p := _partnership(ctx, reading, r)) is not None],
        warnings=warnings or [],
    )


PARAGRAPH_LINE_CHARS = 55  # ems (half-width letters count half): no A4 page sets a line this wide


def _paragraph_lines(text: str) -> bool:
    """A text saved from a web page or an editor has a paragraph a line (no wraps); a text saved
    from a PDF breaks its lines where the page did (guessed from line widths)."""
    lines = [line.strip() for line in text.split("\n") if len(line.strip()) > 20]
    if not lines:
        return False
    if any(display_width(line) > PARAGRAPH_LINE_CHARS for line in lines):
        return True
    widths = sorted(display_width(line) for line in lines)
    full = 0.85 * widths[(len(widths) * 4) // 5]
    every = [line.strip() for line in text.split("\n") if line.strip()]
    cut = sum(
        display_width(line) >= full and (not line.endswith(_SENTENCE_ENDS) or nxt.startswith(_PARTICLES))
        for line, nxt in zip(every, [*every[1:], ""], strict=True)
        if len(line) > 20
    )
    if cut >= 2 and cut >= 0.25 * len(lines):
        return False  # lines as wide as the page's that stop mid-sentence are a printed page's wraps
    ended = sum(line.endswith(_SENTENCE_ENDS) for line in lines)
    return ended >= 0.5 * len(lines)  # printed lines mostly stop mid-sentence


_SENTENCE_ENDS = ("。", "」", "）", ")")
_PARTICLES = ("と", "を", "に", "の", "は", "が", "で", "へ", "や")  # no line of a paragraph opens with one


def _publisher(name: str | None) -> Organization | None:
    """A page's site (a news outlet) publishes it; it is never a party to what the page reports."""
    return Organization(name=name, kind="company") if name else None


def _published(found: DateMention | None, given: str | dt.date | None) -> dt.date | None:
    if given is not None:
        return given if isinstance(given, dt.date) else dt.date.fromisoformat(str(given))
    if found is None:
        return None
    try:
        return dt.date.fromisoformat(found.value)
    except ValueError:
        return None


def _date_value(found: DateMention | None, published: dt.date | None) -> DateValue | None:
    if published is None:
        return None
    return DateValue(value=published.isoformat(), precision="day", text=found.text if found else None)


def _issuer(orgs: OrgIndex, header_found: Header) -> int | None:
    """The first organisation of the header block; else whoever the body calls 当社 / 本学.

    An issuer block may set a unit under its parent on the next line (「国立大学法人東雲大学」 /
    「医学部附属病院」): when the two together name an organisation the text knows, that is the issuer.
    """
    found = [m for m in header_found.issuer_mentions if m.entity >= 0]
    if len(found) >= 2 and found[1].source == "head":
        joined = name_key(found[0].name + found[1].name)
        for i, ent in enumerate(orgs.entities):
            if joined.endswith(name_key(ent.name)) and name_key(ent.name) != name_key(found[0].name) and len(name_key(ent.name)) > len(name_key(found[1].name)):
                full = found[0].name + found[1].name
                if full not in ent.aliases and full != ent.name:
                    ent.aliases.insert(0, ent.name)
                    ent.name = full
                return i
    for m in found:
        if m.entity >= 0:
            return m.entity
    for i, ent in enumerate(orgs.entities):
        if any(a in _self_words() for a in ent.aliases):
            return i
    return None


def _is_organisation_name(site: str) -> bool:
    """「焼津市」「株式会社フジミ精工」: a site named as an organisation is that organisation's own
    (「市は、…」 speaks as it); a news outlet's name (…新聞社) is not."""
    return names_an_organisation(site) and not names_an_outlet(site)


@functools.cache
def _self_words() -> frozenset[str]:
    """当社, 本学, 当院, 本市 …: the words a text uses for whoever publishes it (org_references)."""
    return frozenset(w for w, (ref, _) in references().items() if ref == "self")


@functools.cache
def _self_reference() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(_self_words(), key=len, reverse=True))))


def _speaker(text: str, orgs: OrgIndex, header: Header, site: str | None, *, sure: bool = True) -> int | None:
    """Who publishes a page without a release's issuer block: the organisation its first sentence
    is about (「浜田市では、…協定を締結しています」), or, on a page that speaks as 当社 / 本市, the site
    whose page it is. A news site speaks of others: it is never made a party."""
    speaks_as_self = bool(site and (_self_reference().search(text, header.body_start) or _is_organisation_name(site)))
    if site:  # 「北嶺大学と名寄市は…」 on the university's own page
        key = name_key(site)
        found = next((i for i, ent in enumerate(orgs.entities) if key in (name_key(n) for n in ent.all_names())), None)
        if found is not None:
            return found
        if sure and not speaks_as_self:
            return None  # a news site's page: the site publishes it, the organisations it names do not
        if sure:
            orgs.entities.append(Entity(site, None, "company"))  # 「本学と白樺台町は」: 本学 is the site's
            return len(orgs.entities) - 1
    first_end = text.find("。", header.body_start)
    for m in orgs.mentions:
        if m.start < header.body_start or (first_end >= 0 and m.start > first_end):
            continue
        if m.entity >= 0 and m.source != "reference" and re.match(r"(?:\([^()]*\))?(?:では|は)", text[m.end : m.end + 40]):
            return m.entity
    if site and speaks_as_self:  # a text's first line (「ニュース　｜　研究」) only when no sentence names one
        orgs.entities.append(Entity(site, None, "company"))
        return len(orgs.entities) - 1
    return None


def _organization(orgs: OrgIndex, entity: int | None, text: str) -> Organization:
    ent = orgs.entities[entity] if entity is not None else None
    if ent is None:
        return Organization(name=None)
    aliases = [a for a in dict.fromkeys(ent.aliases) if a != ent.name]
    return Organization(name=ent.name, aliases=aliases, legal_form=ent.legal_form, kind=ent.kind)  # type: ignore[arg-type]


def _party(ctx: Context, party: Party) -> Organization:
    if party.entity is None:
        return Organization(name=None, description=party.description, kind="other")
    return _organization(ctx.orgs, party.entity, ctx.text)


def _partnership(ctx: Context, reading: ReadingText, r: Record) -> Partnership | None:
    parties = [_party(ctx, p) for p in r.parties]
    if len(parties) < 2:
        return None
    evidence = []
    seen: set[tuple[int, int, int]] = set()
    for e in r.events:
        for span in reading.page_spans(e.sentence.start, e.sentence.end):
            key = (span.page, span.start, span.end)
            if key in seen:
                continue
            seen.add(key)
            page_text = reading.page_text(span.page)
            evidence.append(Evidence(page=span.page, start=span.start, end=span.end, text=page_text[span.start : span.end]))
    signed = None
    if r.date is not None:
        signed = DateValue(value=r.date.value, precision=r.date.precision, text=r.date.text)
    return Partnership(
        parties=parties,
        agreement_type=r.type,  # type: ignore[arg-type]
        agreement_label=r.label,
        signed_on=signed,
        role=r.role,  # type: ignore[arg-type]
        evidence=evidence,
        confidence=r.confidence,
    )
