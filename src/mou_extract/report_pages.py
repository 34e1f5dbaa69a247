"""Page texts and the mentions to highlight in them, for the HTML report.

A record carries evidence offsets into each page's text but not the text itself (that would more
than double every output line). The report therefore reads each document's pages again. It does so
the way the folder runner reads documents: each in a forked child with a time and memory limit,
the result sent back as JSON, because the parent must never parse a hostile PDF itself. The child
also runs the public matchers (:func:`find_organizations`, :func:`find_dates`) and the agreement
lexicon over the pages, so all work on document content stays behind the process boundary.

A page text is only used when the file's hash is still the record's: otherwise the evidence
offsets may point anywhere.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import multiprocessing
import re
import time
from collections.abc import Iterable
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from .batch import (
    DEFAULT_MAX_MEMORY,
    DEFAULT_MAX_PAGES,
    DEFAULT_TIMEOUT,
    _apply_child_limits,
    _Limits,
    _preload_for_workers,
)
from .models import PressRelease

MarkKind = Literal["org", "date", "agreement"]

# A page view bigger than this is not a press release's text; refusing it keeps the parent small.
_MAX_PAYLOAD_BYTES = 64 << 20


class _View(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Mark(_View):
    """A mention to highlight: ``page.text[start:end]``, with what it was read as (for a tooltip)."""

    start: int
    end: int
    kind: MarkKind
    label: str


class PageView(_View):
    number: int
    text: str
    marks: list[Mark]


class DocumentPages(_View):
    """A document's pages with their marks, or ``note`` saying why there are none."""

    pages: list[PageView] = []
    note: str | None = None


@dataclasses.dataclass(frozen=True)
class PageJob:
    key: int  # the record's position in the report
    path: str
    sha256: str | None
    published: str | None  # the release date: resolves 本日 and year-less dates


def jobs_for(records: Iterable[PressRelease]) -> list[PageJob]:
    """One job per record that was read (a failed document has no pages to show)."""
    return [
        PageJob(i, r.source.path, r.source.sha256, r.published_on.value if r.published_on else None)
        for i, r in enumerate(records)
        if r.source.path is not None and r.error is None
    ]


# --------------------------------------------------------------------------------------------
# in the child: read the pages and find the mentions


@functools.cache
def _agreement_pattern() -> re.Pattern[str]:
    from .lexicon import load_table

    words = sorted({row[0] for row in load_table("agreements") if row and row[0]}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def _agreement_marks(text: str, labels: Iterable[str]) -> list[Mark]:
    # the records' own labels (本契約, 本覚書 …) are agreement words of this document too
    extra = sorted({label for label in labels if label}, key=len, reverse=True)
    patterns = [_agreement_pattern()] + ([re.compile("|".join(map(re.escape, extra)))] if extra else [])
    marks = [
        Mark(start=m.start(), end=m.end(), kind="agreement", label="agreement word")
        for pattern in patterns
        for m in pattern.finditer(text)
        if m.end() > m.start()
    ]
    return _without_overlaps(marks)


def _without_overlaps(marks: list[Mark]) -> list[Mark]:
    """Leftmost-longest: a lexicon word inside a longer label is not marked twice."""
    kept: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if not kept or mark.start >= kept[-1].end:
            kept.append(mark)
    return kept


def page_views(pages: list[tuple[int, str]], published: str | None, labels: Iterable[str] = ()) -> list[PageView]:
    """Pages with their organisation, date and agreement-word marks.

    The matchers see the whole document (pages joined by form feeds, as ``extract_text`` reads
    them), so an alias defined on page 1 is still recognised on page 2; marks are then cut back
    into per-page offsets.
    """
    from .api import find_dates, find_organizations

    joined = "\f".join(text for _, text in pages)
    found: list[Mark] = [
        Mark(start=m.start, end=m.end, kind="org", label=f"organisation: {m.name or m.text}")
        for m in find_organizations(joined)
    ]
    found += [
        Mark(start=d.start, end=d.end, kind="date", label=f"date: {d.value}")
        for d in (find_dates(joined, published) if published else find_dates(joined))
    ]
    labels = list(labels)
    views: list[PageView] = []
    offset = 0
    for number, text in pages:
        end = offset + len(text)
        marks = [
            m.model_copy(update={"start": m.start - offset, "end": m.end - offset})
            for m in found
            if offset <= m.start and m.end <= end
        ]
        marks += _agreement_marks(text, labels)
        views.append(PageView(number=number, text=text, marks=sorted(marks, key=lambda m: (m.start, m.end))))
        offset = end + 1  # the form feed
    return views


def _read_document(job: PageJob, max_pages: int, labels: list[str]) -> DocumentPages:
    from .readers import read_input

    document = read_input(job.path, max_pages=max_pages)
    if job.sha256 is not None and document.sha256 != job.sha256:
        return DocumentPages(note="the file changed since it was read: its page text is not shown")
    pages = [(number, text) for number, text, _, _ in document.pages]
    return DocumentPages(pages=page_views(pages, job.published, labels))


def _child(connection: Connection, job: PageJob, limits: _Limits, labels: list[str]) -> None:
    try:
        _apply_child_limits(limits)
        try:
            result = _read_document(job, limits.max_pages, labels)
        except Exception as exc:  # whatever stops the reader, the report shows the document without text
            result = DocumentPages(note=f"page text could not be read again ({type(exc).__name__}: {exc})"[:500])
        # JSON, not a pickle: nothing derived from a document is unpickled in the parent
        connection.send_bytes(result.model_dump_json().encode())
    except MemoryError:
        pass  # the parent sees EOF and notes it
    finally:
        connection.close()


# --------------------------------------------------------------------------------------------
# in the parent: a few children at a time


@dataclasses.dataclass
class _Running:
    job: PageJob
    process: BaseProcess
    connection: Connection
    deadline: float | None


def read_pages(
    records: list[PressRelease],
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
    max_pages: int = DEFAULT_MAX_PAGES,
    workers: int = 1,
) -> dict[int, DocumentPages]:
    """Page views of every record that was read, by the record's position in ``records``."""
    jobs = jobs_for(records)
    if not jobs:
        return {}
    from . import api

    _preload_for_workers(api)  # once here, as the runner does, so forked children start warm
    limits = _Limits(timeout, max_memory, max_pages)
    labels = {i: [p.agreement_label for p in r.partnerships] for i, r in enumerate(records)}
    results: dict[int, DocumentPages] = {}
    with _Pool(limits, max(1, workers)) as pool:
        for job in jobs:
            results.update(pool.submit(job, labels[job.key]))
        results.update(pool.drain())
    return results


class _Pool:
    def __init__(self, limits: _Limits, workers: int) -> None:
        self._limits = limits
        self._workers = workers
        self._context = multiprocessing.get_context("fork")  # children inherit the loaded lexicons
        self._running: dict[Connection, _Running] = {}

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        for running in list(self._running.values()):
            self._stop(running)

    def submit(self, job: PageJob, labels: list[str]) -> dict[int, DocumentPages]:
        """Start the job, first waiting for a free worker; return whatever finished meanwhile."""
        finished: dict[int, DocumentPages] = {}
        while len(self._running) >= self._workers:
            finished.update(self._collect())
        receive, send = self._context.Pipe(duplex=False)
        process = self._context.Process(target=_child, args=(send, job, self._limits, labels), daemon=True)
        process.start()
        send.close()
        timeout = self._limits.timeout
        self._running[receive] = _Running(job, process, receive, None if timeout is None else time.monotonic() + timeout)
        return finished

    def drain(self) -> dict[int, DocumentPages]:
        finished: dict[int, DocumentPages] = {}
        while self._running:
            finished.update(self._collect())
        return finished

    def _collect(self) -> dict[int, DocumentPages]:
        deadlines = [r.deadline for r in self._running.values() if r.deadline is not None]
        wait_for = None if not deadlines else max(0.0, min(deadlines) - time.monotonic())
        ready = wait(list(self._running), timeout=wait_for)
        finished: dict[int, DocumentPages] = {}
        for connection in ready:
            running = self._running[connection]  # type: ignore[index]
            finished[running.job.key] = _receive(running)
            self._stop(running)
        now = time.monotonic()
        for running in list(self._running.values()):
            if running.deadline is not None and now >= running.deadline:
                finished[running.job.key] = DocumentPages(note="page text not shown: reading it again timed out")
                self._stop(running)
        return finished

    def _stop(self, running: _Running) -> None:
        with contextlib.suppress(OSError, ValueError):
            running.process.kill()
        running.process.join()
        running.connection.close()
        self._running.pop(running.connection, None)


def _receive(running: _Running) -> DocumentPages:
    try:
        payload = running.connection.recv_bytes(_MAX_PAYLOAD_BYTES)
        return DocumentPages.model_validate(json.loads(payload))
    except (EOFError, OSError):
        return DocumentPages(note="page text not shown: the reader stopped before it could send it")
    except (ValueError, ValidationError):
        return DocumentPages(note="page text not shown: the reader sent something unreadable")

