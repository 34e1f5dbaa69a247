"""The folder runner: many documents, each read in its own forked worker, results in input order.

Why a process per document: pdfminer/pdfplumber can hang, recurse or allocate without bound on a
hostile PDF, and only a process boundary can stop native code and give its memory back (a thread
timeout cannot). So for every document the parent

1. hashes the file in 1 MiB chunks (the only way the parent ever touches a PDF: its memory stays
   that of an idle interpreter whatever the documents do);
2. forks a fresh child, which sets ``RLIMIT_AS`` (``max_memory``), ``RLIMIT_CPU`` (a backstop a
   few seconds above ``timeout``) and ``RLIMIT_CORE`` = 0, reads the document with the
   per-document function and writes the record back over a pipe as JSON, never a pickle of
   anything that came out of a PDF;
3. waits on all pipes with a wall-clock deadline and SIGKILLs a child that passes it.

A fresh fork per document: measured on 2 vCPUs, the machinery (fork, pipe, JSON, reaping) costs
~4 ms, and a forked child reads a release ~10 ms slower than the parent would (copy-on-write
faults on the inherited heap): ~63 ms instead of ~48 ms for a 2-page devset release. In return
every document gets a clean heap, a fresh CPU-time budget and the whole ``max_memory``, and its
result cannot depend on what the documents before it left behind; a reused worker would save
those ~15 ms but carry leaks, caches and fragmentation from one document to the next. The parent
preloads what every worker needs (:func:`_preload_for_workers`), else each would pay ~70 ms more.

How a child's end is classified (the record always keeps ``source.path`` and the parent's hash):

* a complete JSON record on the pipe: that record, whatever the exit status;
* killed by the parent at the deadline, or by ``SIGXCPU``: ``timeout``;
* ``MemoryError`` it could not report, ``SIGKILL`` from someone else (the kernel's OOM killer),
  or ``SIGABRT`` after growing by more than half its headroom (native code such as
  pydantic-core's Rust aborts when an allocation fails): ``too_large``;
* any other signal, a non-zero exit or EOF without a record: ``internal``.

Parallelism: ``workers`` children run at once; the default is the number of CPUs, lowered so that
``workers * max_memory`` fits in half of the physical memory (each worker may legitimately use up
to ``max_memory``). Records are yielded in input order; at most ``_REORDER_WINDOW_PER_WORKER *
workers`` finished records wait behind a slow one, which bounds the parent's memory.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import dataclasses
import functools
import hashlib
import io
import json
import math
import mmap
import os
import resource
import selectors
import signal
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal, Protocol, cast

from .errors import ADVICE, ErrorKind, ExtractionError
from .models import ErrorInfo, Partnership, PressRelease, Source
from .readers import READABLE_SUFFIXES

if TYPE_CHECKING:  # store imports this module: at run time it is imported where used
    from .store import Store

__all__ = [
    "DEFAULT_MAX_MEMORY",
    "DEFAULT_MAX_PAGES",
    "DEFAULT_TIMEOUT",
    "ExtractFunction",
    "OutputFormat",
    "RunInterrupted",
    "Summary",
    "UsageError",
    "default_workers",
    "expand_paths",
    "extract_many",
    "output_format",
    "run",
]

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_MEMORY = 1 << 30
DEFAULT_MAX_PAGES = 200

# The CPU limit is only a backstop (for a child whose parent died): the wall clock fires first.
_CPU_LIMIT_SLACK_SECONDS = 5
# Freed on MemoryError so the child has room to report ``too_large`` itself.
_MEMORY_RESERVE_BYTES = 4 << 20
# Exit codes a child uses when it could not write its record.
_EXIT_OUT_OF_MEMORY = 86
_EXIT_CANNOT_REPORT = 87
# A record bigger than this is not a press release; refusing it keeps the parent small.
_MAX_RECORD_BYTES = 64 << 20
_PIPE_READ_CHUNK = 1 << 16
_HASH_CHUNK = 1 << 20
_REORDER_WINDOW_PER_WORKER = 32
# The longest the parent sleeps between checks (a child that closed its pipe but not yet exited).
_POLL_INTERVAL_SECONDS = 0.5
_REAP_INTERVAL_SECONDS = 0.005
# How often the JSONL output is fsync'ed. A killed run loses no flushed line; a power cut or
# an OS crash loses at most this many.
_FSYNC_EVERY_LINES = 8
_FSYNC_EVERY_SECONDS = 2.0
_MAX_MESSAGE_CHARS = 500

OutputFormat = Literal["jsonl", "json", "csv"]
_SUFFIX_FORMATS: dict[str, OutputFormat] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
}

CSV_COLUMNS: tuple[str, ...] = (
    "path",
    "sha256",
    "published_on",
    "issuer",
    "title",
    "parties",
    "agreement_type",
    "agreement_label",
    "signed_on",
    "role",
    "confidence",
    "evidence_page",
    "evidence_text",
    "error_kind",
    "error_message",
)


class ExtractFunction(Protocol):
    """The per-document function: :func:`mou_extract.api.extract` or a stand-in (tests)."""

    def __call__(self, source: str, /, *, max_pages: int) -> PressRelease: ...


class UsageError(ValueError):
    """The run cannot start as asked (missing path, unknown output suffix ...): exit code 2."""


@dataclasses.dataclass
class Summary:
    """What a run did: documents read this run, partnerships found, documents that failed, and
    documents skipped because ``--resume`` found them already in the output."""

    documents: int = 0
    partnerships: int = 0
    errors: int = 0
    skipped: int = 0

    def count(self, record: PressRelease) -> None:
        self.documents += 1
        self.partnerships += len(record.partnerships)
        self.errors += record.error is not None


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped :func:`run`; every finished document is in the output. ``summary`` says
    how far it got."""

    def __init__(self, summary: Summary) -> None:
        super().__init__("interrupted")
        self.summary = summary


@dataclasses.dataclass(frozen=True)
class _Limits:
    timeout: float | None
    max_memory: int | None
    max_pages: int


@dataclasses.dataclass(frozen=True)
class _Job:
    index: int
    path: str
    sha256: str | None


# --------------------------------------------------------------------------------------------
# records


def _failure_record(job: _Job, kind: ErrorKind, message: str) -> PressRelease:
    return PressRelease(
        source=Source(path=job.path, sha256=job.sha256),
        error=ErrorInfo(kind=kind, message=message[:_MAX_MESSAGE_CHARS]),
    )


def _describe_exception(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _too_large_message(limits: _Limits) -> str:
    advice: str = ADVICE["too_large"]
    if limits.max_memory is None:
        return advice
    return f"ran out of memory (limit {_format_size(limits.max_memory)}): {advice}"


def _format_size(size: int) -> str:
    for unit, shift in (("G", 30), ("M", 20), ("K", 10)):
        if size >= 1 << shift and size % (1 << shift) == 0:
            return f"{size >> shift}{unit}"
    return f"{size} bytes"


def _with_job_source(record: PressRelease, job: _Job) -> PressRelease:
    """Fill in the path and hash the extractor left empty, so every record can be matched on
    resume; what the extractor set itself is kept."""
    source = record.source
    if source.path is not None and source.sha256 is not None:
        return record
    filled = source.model_copy(
        update={"path": source.path or job.path, "sha256": source.sha256 or job.sha256}
    )
    return record.model_copy(update={"source": filled})


def _extract_one(job: _Job, extract: ExtractFunction, limits: _Limits) -> PressRelease:
    """Run the per-document function, turning every exception into a failure record."""
    out_of_memory = False
    try:
        record = extract(job.path, max_pages=limits.max_pages)
    except ExtractionError as exc:
        return _failure_record(job, exc.kind, exc.message)
    except MemoryError:
        # handled below, once the traceback (and the memory its frames hold) is released
        out_of_memory = True
    except Exception as exc:
        return _failure_record(job, "internal", _describe_exception(exc))
    if out_of_memory:
        return _failure_record(job, "too_large", _too_large_message(limits))
    if not isinstance(record, PressRelease):
        return _failure_record(job, "internal", f"extract returned {type(record).__name__}, not PressRelease")
    return _with_job_source(record, job)


# --------------------------------------------------------------------------------------------
# the child side of a worker


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """libc's prctl, looked up once in the parent (children inherit it); None off Linux."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return function


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this child when the runner dies (e.g. is SIGKILLed itself), so no
    orphan keeps reading a hostile PDF. Best effort: elsewhere the CPU limit is the backstop."""
    prctl = _prctl()
    if prctl is not None:
        pr_set_pdeathsig = 1
        prctl(pr_set_pdeathsig, signal.SIGKILL)


def _apply_child_limits(limits: _Limits) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash must not write a core file
    if limits.max_memory is not None:
        resource.setrlimit(resource.RLIMIT_AS, (limits.max_memory, limits.max_memory))
    if limits.timeout is not None:
        soft = math.ceil(limits.timeout) + _CPU_LIMIT_SLACK_SECONDS
        resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + _CPU_LIMIT_SLACK_SECONDS))


def _detach_child_from_terminal_signals() -> None:
    # Ctrl-C reaches the whole process group; the parent decides and kills its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _redirect_stdout_to_stderr() -> None:
    # JSONL may be going to stdout: a library printing in the child must not corrupt it.
    os.dup2(2, 1)
    sys.stdout = sys.stderr


def _statm_bytes(field: int) -> int | None:
    """Field of /proc/self/statm (0 = address space, 1 = resident) in bytes; None off Linux."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[field])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _record_json(record: PressRelease) -> bytes:
    """The record as JSON for the pipe. Not ``model_dump_json``: pydantic-core's Rust serialiser
    aborts the whole process (SIGABRT) when an allocation fails, where ``json`` raises the
    MemoryError we can still report."""
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False).encode()


def _child_main(write_fd: int, job: _Job, extract: ExtractFunction, limits: _Limits, parent_pid: int) -> None:
    """Body of a forked worker. Never returns: it always ends in ``os._exit`` so the parent's
    ``atexit`` handlers, ``finally`` blocks and stdio buffers are not run twice."""
    exit_code = _EXIT_CANNOT_REPORT
    try:
        _die_with_parent()
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os._exit(exit_code)
        _detach_child_from_terminal_signals()
        _redirect_stdout_to_stderr()
        _apply_child_limits(limits)
        # address space held back (mapped, never touched: free to take) for reporting MemoryError
        reserve = mmap.mmap(-1, _MEMORY_RESERVE_BYTES)
        fallback = _record_json(_failure_record(job, "too_large", _too_large_message(limits)))
        try:
            payload = _record_json(_extract_one(job, extract, limits))
        except MemoryError:
            reserve.close()  # room to send the prepared too_large record
            payload = fallback
        _write_all(write_fd, payload)
        exit_code = 0
    except MemoryError:
        exit_code = _EXIT_OUT_OF_MEMORY
    except BaseException:
        exit_code = _EXIT_CANNOT_REPORT
    finally:
        os._exit(exit_code)


# --------------------------------------------------------------------------------------------
# the parent side: a pool of forked workers


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold Ctrl-C back for a few statements that must not be cut in half (a fork and its
    bookkeeping, one output line): the signal stays pending and is delivered on exit."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


@dataclasses.dataclass
class _Worker:
    job: _Job
    pid: int
    fd: int
    deadline: float | None
    resident_at_fork: int | None  # bytes; the worker's peak is compared with it
    address_space_at_fork: int | None
    received: bytearray = dataclasses.field(default_factory=bytearray)
    pipe_closed: bool = False
    oversized: bool = False


class _WorkerPool:
    """Forked workers, one document each; :meth:`collect` waits for some to finish."""

    def __init__(self, extract: ExtractFunction, limits: _Limits) -> None:
        self._extract = extract
        self._limits = limits
        self._selector = selectors.PollSelector()  # poll keeps no kernel state a child inherits
        self._workers: dict[int, _Worker] = {}  # by pid

    def __len__(self) -> int:
        return len(self._workers)

    def start(self, job: _Job) -> None:
        with _sigint_deferred():
            # flushed so a child (which inherits the buffers) can never write them out again
            sys.stdout.flush()
            sys.stderr.flush()
            _prctl()  # loaded here once, not in every child
            read_fd, write_fd = os.pipe()
            parent_pid = os.getpid()
            resident, address_space = _statm_bytes(1), _statm_bytes(0)
            pid = os.fork()
            if pid == 0:
                os.close(read_fd)
                _child_main(write_fd, job, self._extract, self._limits, parent_pid)
            os.close(write_fd)
            os.set_blocking(read_fd, False)
            deadline = None if self._limits.timeout is None else time.monotonic() + self._limits.timeout
            worker = _Worker(job, pid, read_fd, deadline, resident, address_space)
            self._workers[pid] = worker
            self._selector.register(read_fd, selectors.EVENT_READ, worker)

    def collect(self) -> list[tuple[int, PressRelease]]:
        """Wait until at least one worker finished or a deadline passed; return (index, record)
        for each worker that is done."""
        for key, _ in self._selector.select(self._wait_seconds()):
            worker: _Worker = key.data
            self._read_available(worker)
        finished: list[tuple[int, PressRelease]] = []
        now = time.monotonic()
        for worker in list(self._workers.values()):
            record = self._finish_if_done(worker, now)
            if record is not None:
                finished.append((worker.job.index, record))
        return finished

    def kill_all(self) -> None:
        with _sigint_deferred():
            for worker in list(self._workers.values()):
                self._kill(worker)

    def _wait_seconds(self) -> float:
        if any(worker.pipe_closed for worker in self._workers.values()):
            return _REAP_INTERVAL_SECONDS
        deadlines = [w.deadline for w in self._workers.values() if w.deadline is not None]
        if not deadlines:
            return _POLL_INTERVAL_SECONDS
        return max(0.0, min(min(deadlines) - time.monotonic(), _POLL_INTERVAL_SECONDS))

    def _read_available(self, worker: _Worker) -> None:
        try:
            chunk = os.read(worker.fd, _PIPE_READ_CHUNK)
        except BlockingIOError:
            return
        if not chunk:
            self._close_pipe(worker)
        elif len(worker.received) + len(chunk) > _MAX_RECORD_BYTES:
            worker.oversized = True
            self._close_pipe(worker)
            os.kill(worker.pid, signal.SIGKILL)
        else:
            worker.received += chunk

    def _close_pipe(self, worker: _Worker) -> None:
        if not worker.pipe_closed:
            self._selector.unregister(worker.fd)
            os.close(worker.fd)
            worker.pipe_closed = True

    def _finish_if_done(self, worker: _Worker, now: float) -> PressRelease | None:
        if worker.pipe_closed:
            pid, status, usage = os.wait4(worker.pid, os.WNOHANG)
            if pid != 0:
                del self._workers[worker.pid]
                peak = usage.ru_maxrss * 1024  # KiB on Linux
                return self._record_from_exit(worker, os.waitstatus_to_exitcode(status), peak)
            # pipe closed, process still exiting: look again shortly (or kill it at the deadline)
        if worker.deadline is not None and now >= worker.deadline:
            self._kill(worker)
            return _failure_record(worker.job, "timeout", self._timeout_message())
        return None

    def _kill(self, worker: _Worker) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)
        os.waitpid(worker.pid, 0)
        self._close_pipe(worker)
        del self._workers[worker.pid]

    def _timeout_message(self) -> str:
        return f"no result after {self._limits.timeout:g} s: {ADVICE['timeout']}"

    def _record_from_exit(self, worker: _Worker, exit_code: int, peak_resident: int) -> PressRelease:
        job = worker.job
        if worker.oversized:
            return _failure_record(job, "too_large", f"the record exceeds {_MAX_RECORD_BYTES >> 20} MiB")
        record = self._parse_record(worker)
        if record is not None:
            return _with_job_source(record, job)
        if exit_code == -signal.SIGXCPU:
            return _failure_record(job, "timeout", f"CPU time limit reached: {ADVICE['timeout']}")
        if exit_code in (_EXIT_OUT_OF_MEMORY, -signal.SIGKILL):
            return _failure_record(job, "too_large", _too_large_message(self._limits))
        if exit_code == -signal.SIGABRT and self._used_most_of_its_memory(worker, peak_resident):
            # native code (pydantic-core's Rust, C++) aborts when an allocation fails
            return _failure_record(job, "too_large", _too_large_message(self._limits))
        if exit_code < 0:
            return _failure_record(job, "internal", f"the worker died of {signal.Signals(-exit_code).name}")
        return _failure_record(job, "internal", f"the worker exited with status {exit_code} without a result")

    def _used_most_of_its_memory(self, worker: _Worker, peak_resident: int) -> bool:
        """Did the worker grow by more than half of what its limit left it at the fork? An
        abort after that is almost surely a failed allocation, not an assertion."""
        limit = self._limits.max_memory
        if limit is None or worker.resident_at_fork is None or worker.address_space_at_fork is None:
            return False
        headroom = limit - worker.address_space_at_fork
        return peak_resident - worker.resident_at_fork > headroom / 2

    @staticmethod
    def _parse_record(worker: _Worker) -> PressRelease | None:
        if not worker.received:
            return None
        try:
            return PressRelease.model_validate_json(bytes(worker.received))
        except ValueError:
            return None  # cut short by a crash: classified by the exit status


# --------------------------------------------------------------------------------------------
# extract_many


def default_workers(max_memory: int | None = DEFAULT_MAX_MEMORY) -> int:
    """One worker per CPU, fewer when ``workers * max_memory`` would exceed half the RAM."""
    cpus = os.cpu_count() or 1
    if max_memory is None:
        return cpus
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return cpus
    return max(1, min(cpus, physical // 2 // max_memory))


def _sha256_of(path: str) -> str | None:
    """Hash in chunks; None when the file cannot be read (the worker then reports why)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # never block on a FIFO or a device
        digest = hashlib.sha256()
        with open(path, "rb") as stream:
            while chunk := stream.read(_HASH_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


# Predefined CMaps of Japanese PDFs (Shift-JIS and Unicode encodings, horizontal and vertical).
_JAPANESE_CMAPS = (
    "UniJIS-UCS2-H",
    "UniJIS-UCS2-V",
    "UniJIS-UTF16-H",
    "UniJIS-UTF16-V",
    "90ms-RKSJ-H",
    "90ms-RKSJ-V",
    "90msp-RKSJ-H",
    "90msp-RKSJ-V",
)


# A short release in text form: running it through the text stages once loads all they need.
_WARM_UP_RELEASE = (
    "2019年8月30日\n株式会社サンプル\n"
    "株式会社サンプル（以下「当社」）は、本日、横浜市と連携協定を締結しましたので、お知らせいたします。\n"
    "当社は、2018年4月に株式会社テストと業務提携契約を締結しております。\n"
)


def _load_default_extract() -> ExtractFunction:
    from . import api

    _preload_for_workers(api)
    function: ExtractFunction = api.extract
    return function


def _preload_for_workers(api: object) -> None:
    """Load in the parent, once, what every worker would otherwise load for itself: forked
    children start with it. pdfplumber is imported lazily (~60 ms) and pdfminer reads a
    predefined CMap and the Adobe-Japan1 Unicode map from disk the first time a document uses
    them (~25 ms); the text stages load their tokenizer, lexicons and patterns. Preloaded, a
    fresh worker costs ~15 ms more than reading in-process, instead of ~110 ms more. The parent
    never opens a PDF for this: ``api.warm_up()`` if the API offers one, else ``extract_text``
    on a short built-in release."""
    import pdfplumber  # noqa: F401  (imported for its side effect: loaded before the fork)
    from pdfminer.cmapdb import CMapDB

    for name in _JAPANESE_CMAPS:
        with contextlib.suppress(Exception):  # a pdfminer without it: a worker finds out itself
            CMapDB.get_cmap(name)
    for vertical in (False, True):
        with contextlib.suppress(Exception):
            CMapDB.get_unicode_map("Adobe-Japan1", vertical)
    warm_up = getattr(api, "warm_up", None)
    extract_text = getattr(api, "extract_text", None)
    # only an optimisation: a bug it hits is reported by each worker, document by document
    with contextlib.suppress(Exception):
        if callable(warm_up):
            warm_up()
        elif callable(extract_text):
            # the text stages load their tokenizer, lexicons and patterns on first use (~55 ms)
            extract_text(_WARM_UP_RELEASE)


def _check_limits(timeout: float | None, max_memory: int | None, max_pages: int, workers: int | None) -> None:
    if timeout is not None and not timeout > 0:
        raise ValueError(f"timeout must be positive, not {timeout!r}")
    if max_memory is not None and max_memory <= 0:
        raise ValueError(f"max_memory must be positive, not {max_memory!r}")
    if max_pages < 1:
        raise ValueError(f"max_pages must be at least 1, not {max_pages!r}")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers!r}")


def _finite_or_none(timeout: float | None) -> float | None:
    return None if timeout is None or math.isinf(timeout) else timeout


def extract_many(
    paths: Iterable[str | os.PathLike[str]],
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
    max_pages: int = DEFAULT_MAX_PAGES,
    workers: int | None = None,
    isolate: bool = True,
    extract: ExtractFunction | None = None,
) -> Iterator[PressRelease]:
    """Read every document, yielding one record each in input order; never raises for a
    document (a failure is a record with ``error`` set).

    ``timeout`` (seconds, wall clock) and ``max_memory`` (bytes of address space) bound each
    document; ``None`` disables a limit. ``isolate=False`` reads in this process, without
    limits (for debugging). ``extract`` replaces :func:`mou_extract.api.extract`.
    """
    _check_limits(timeout, max_memory, max_pages, workers)
    timeout = _finite_or_none(timeout)
    jobs = (_Job(index, os.fspath(path), _sha256_of(os.fspath(path))) for index, path in enumerate(paths))
    return _extract_jobs(
        jobs,
        _Limits(timeout, max_memory, max_pages),
        workers=workers or default_workers(max_memory),
        isolate=isolate,
        extract=extract,
    )


def _extract_jobs(
    jobs: Iterable[_Job], limits: _Limits, *, workers: int, isolate: bool, extract: ExtractFunction | None
) -> Generator[PressRelease, None, None]:
    function = extract if extract is not None else _load_default_extract()
    if isolate:
        yield from _extract_isolated(jobs, function, limits, workers)
    else:
        for job in jobs:
            yield _extract_one(job, function, limits)


def _extract_isolated(
    jobs: Iterable[_Job], extract: ExtractFunction, limits: _Limits, workers: int
) -> Generator[PressRelease, None, None]:
    """The parent's loop: keep ``workers`` children busy, yield finished records in order."""
    pool = _WorkerPool(extract, limits)
    waiting: dict[int, PressRelease] = {}  # finished, but behind an earlier document
    next_index = 0
    started = 0
    window = _REORDER_WINDOW_PER_WORKER * workers
    pending = iter(jobs)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pool) < workers and started - next_index < window:
                job = next(pending, None)
                if job is None:
                    exhausted = True
                else:
                    pool.start(dataclasses.replace(job, index=started))
                    started += 1
            if not len(pool):
                break
            waiting.update(pool.collect())
            while next_index in waiting:
                yield waiting.pop(next_index)
                next_index += 1
    finally:
        pool.kill_all()


# --------------------------------------------------------------------------------------------
# paths and output formats


def output_format(out: Path | None) -> OutputFormat:
    """The format an output path asks for by its suffix; stdout (None) is JSONL."""
    if out is None:
        return "jsonl"
    fmt = _SUFFIX_FORMATS.get(out.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(_SUFFIX_FORMATS))
        raise UsageError(f"unknown output suffix {out.suffix!r} in {out}: use one of {known}")
    return fmt


def _is_readable_name(name: str) -> bool:
    return name.lower().endswith(READABLE_SUFFIXES)


def expand_paths(paths_or_dirs: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files as given (whatever their suffix), folders as their ``*.pdf``, ``*.html``/``*.htm``
    and ``*.txt`` files (any case, recursively, sorted), each path once, in argument order."""
    found: dict[str, None] = {}  # ordered set
    for given in paths_or_dirs:
        path = os.fspath(given)
        if os.path.isdir(path):
            for file in _documents_under(path):
                found.setdefault(file)
        elif os.path.exists(path):
            found.setdefault(path)
        else:
            raise UsageError(f"no such file or folder: {path}")
    return list(found)


def _documents_under(folder: str) -> list[str]:
    files = [
        os.path.join(root, name)
        for root, _, names in os.walk(folder)  # symlinked folders are not followed: no cycles
        for name in names
        if _is_readable_name(name)
    ]
    return sorted(files)


def _document_row(record: PressRelease) -> dict[str, str]:
    return {
        "path": record.source.path or "",
        "sha256": record.source.sha256 or "",
        "published_on": record.published_on.value if record.published_on else "",
        "issuer": (record.issuer.name or "") if record.issuer else "",
        "title": record.title or "",
        "error_kind": record.error.kind if record.error else "",
        "error_message": record.error.message if record.error else "",
    }


def _party_name(partnership: Partnership, index: int) -> str:
    party = partnership.parties[index]
    return party.name or party.description or ""


def _partnership_columns(partnership: Partnership) -> dict[str, str]:
    evidence = partnership.evidence
    return {
        "parties": " / ".join(_party_name(partnership, i) for i in range(len(partnership.parties))),
        "agreement_type": partnership.agreement_type,
        "agreement_label": partnership.agreement_label,
        "signed_on": partnership.signed_on.value if partnership.signed_on else "",
        "role": partnership.role,
        "confidence": f"{partnership.confidence:g}",
        # a sentence over a page break has a span per page: the row shows where it starts
        "evidence_page": str(evidence[0].page) if evidence else "",
        "evidence_text": "".join(span.text for span in evidence),
    }


def csv_rows(record: PressRelease) -> list[dict[str, str]]:
    """One row per partnership; one row with empty partnership columns for a document that has
    none or failed, so no document vanishes from the table."""
    document = _document_row(record)
    empty = dict.fromkeys(CSV_COLUMNS, "")
    if not record.partnerships:
        return [{**empty, **document}]
    return [{**empty, **document, **_partnership_columns(p)} for p in record.partnerships]


class _Sink(Protocol):
    def write(self, record: PressRelease) -> None: ...

    def commit(self) -> None: ...

    def abort(self) -> None: ...


class _JsonlSink:
    """One complete line per record, appended, flushed at once and fsync'ed every few lines,
    so a kill loses at most the line being written (repaired by ``--resume``)."""

    def __init__(self, stream: IO[bytes], *, sync: bool) -> None:
        self._stream = stream
        self._sync = sync
        self._unsynced = 0
        self._last_sync = time.monotonic()

    def write(self, record: PressRelease) -> None:
        with _sigint_deferred():
            self._stream.write(record.model_dump_json().encode() + b"\n")
            self._stream.flush()
        self._unsynced += 1
        if self._unsynced >= _FSYNC_EVERY_LINES or time.monotonic() - self._last_sync > _FSYNC_EVERY_SECONDS:
            self._fsync()

    def _fsync(self) -> None:
        if self._sync:
            os.fsync(self._stream.fileno())
        self._unsynced = 0
        self._last_sync = time.monotonic()

    def commit(self) -> None:
        self._stream.flush()
        self._fsync()

    def abort(self) -> None:
        # every finished line is kept; a closed stdout (`| head`) must not hide the first error
        with contextlib.suppress(OSError, ValueError):
            self.commit()


class _AtomicSink:
    """JSON array or CSV written into a temporary file next to OUT and moved over OUT only
    when complete: OUT is either the old file or the whole new one, never a part."""

    def __init__(self, out: Path, fmt: OutputFormat) -> None:
        self._out = out
        self._fmt = fmt
        handle, temp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        self._temp = Path(temp_name)
        self._stream: IO[str] = open(handle, "w", encoding="utf-8", newline="")
        self._count = 0
        self._csv: csv.DictWriter[str] | None = None
        if fmt == "csv":
            self._csv = csv.DictWriter(self._stream, fieldnames=CSV_COLUMNS)
            self._csv.writeheader()
        else:
            self._stream.write("[")

    def write(self, record: PressRelease) -> None:
        if self._csv is not None:
            self._csv.writerows(csv_rows(record))
        else:
            self._stream.write(("\n" if self._count == 0 else ",\n") + record.model_dump_json())
        self._count += 1

    def commit(self) -> None:
        if self._csv is None:
            self._stream.write("\n]\n" if self._count else "]\n")
        self._stream.flush()
        os.fsync(self._stream.fileno())
        self._stream.close()
        # mkstemp makes the file private (0600): give OUT the mode it had, or a new file's
        os.chmod(self._temp, _mode_for(self._out))
        os.replace(self._temp, self._out)
        _fsync_directory(self._out.parent)

    def abort(self) -> None:
        self._stream.close()
        with contextlib.suppress(FileNotFoundError):
            self._temp.unlink()


def _mode_for(out: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(out).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_directory(folder: Path) -> None:
    # makes the rename itself durable
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class _StoreSink:
    """Each record in one transaction of its own, committed at once: a kill loses no finished
    document and leaves no half one."""

    def __init__(self, store: Store, *, replace: bool) -> None:
        self._store = store
        self._replace = replace

    def write(self, record: PressRelease) -> None:
        with _sigint_deferred():  # Ctrl-C waits for the commit
            self._store.add(record, replace=self._replace)

    def commit(self) -> None:
        pass  # every document is committed as it is written

    def abort(self) -> None:
        pass


def _check_db_options(db: str | os.PathLike[str] | None, out: Path | None, force: bool, resume: bool) -> None:
    if db is not None and out is not None:
        raise UsageError("give either -o OUT or --db FILE, not both")
    if db is not None and resume:
        raise UsageError("--db resumes by itself (documents it holds are skipped): drop --resume")
    if force and db is None:
        raise UsageError("--force needs --db FILE (it reads again documents the database holds)")


def _open_store(db: str | os.PathLike[str]) -> Store:
    from .store import open_store

    return open_store(db)


def _is_done(job: _Job, done: set[tuple[str, str | None]], store: Store | None, force: bool) -> bool:
    """Skip it? With a database: its content (sha256) is stored; else its line is in OUT."""
    if store is not None:
        return not force and job.sha256 is not None and store.has_document(job.sha256)
    return (job.path, job.sha256) in done


# --------------------------------------------------------------------------------------------
# resume


def _truncate_partial_tail(stream: IO[bytes]) -> int:
    """Cut a last line left without its newline (a run killed mid-write); return the bytes cut."""
    size = stream.seek(0, io.SEEK_END)
    end = size
    while end > 0:
        start = max(0, end - _PIPE_READ_CHUNK)
        stream.seek(start)
        block = stream.read(end - start)
        newline = block.rfind(b"\n")
        if newline >= 0:
            keep = start + newline + 1
            break
        end = start
    else:
        keep = 0
    if keep < size:
        stream.truncate(keep)
    return size - keep


def _key_of_line(line: bytes) -> tuple[str, str | None] | None:
    try:
        source = json.loads(line)["source"]
        path = source["path"]
        sha256 = source["sha256"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(path, str) or not (sha256 is None or isinstance(sha256, str)):
        return None
    return path, sha256


def _read_done_keys(out: Path, note: Callable[[str], None]) -> set[tuple[str, str | None]]:
    """Repair OUT's tail and return the (path, sha256) of every complete line in it."""
    if not out.exists():
        return set()
    done: set[tuple[str, str | None]] = set()
    with open(out, "r+b") as stream:
        cut = _truncate_partial_tail(stream)
        if cut:
            note(f"{out}: removed a last line cut off by an interrupted run ({cut} bytes)")
        stream.seek(0)
        for number, line in enumerate(stream, start=1):
            key = _key_of_line(line)
            if key is None:
                note(f"{out}:{number}: not a record, ignored (its document is read again)")
            else:
                done.add(key)
    return done


# --------------------------------------------------------------------------------------------
# run


def _binary_stdout() -> IO[bytes]:
    buffer: IO[bytes] | None = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        return buffer
    return cast(IO[bytes], _TextAsBinary(sys.stdout))  # a notebook's or a test's text-only stdout


class _TextAsBinary(io.RawIOBase):
    def __init__(self, text: IO[str]) -> None:
        super().__init__()
        self._text = text

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._text.write(bytes(data).decode("utf-8"))
        return len(data)

    def flush(self) -> None:
        self._text.flush()


@contextlib.contextmanager
def _open_sink(
    out: Path | None, fmt: OutputFormat, *, append: bool, store: Store | None = None, force: bool = False
) -> Iterator[_Sink]:
    if store is not None:
        with store:
            yield _StoreSink(store, replace=force)
        return
    if out is None:
        yield _JsonlSink(_binary_stdout(), sync=False)
        sys.stdout.flush()
        return
    if fmt == "jsonl":
        with open(out, "ab" if append else "wb") as stream:
            yield _JsonlSink(stream, sync=True)
        return
    yield _AtomicSink(out, fmt)


@contextlib.contextmanager
def _progress_bar(total: int, enabled: bool) -> Iterator[Callable[[int], object]]:
    if not enabled:
        yield lambda _: None
        return
    import tqdm

    # no monitor thread: forking a process that runs threads is unsafe
    tqdm.tqdm.monitor_interval = 0
    with tqdm.tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True) as bar:
        yield bar.update


def _note_to_stderr(quiet: bool) -> Callable[[str], None]:
    def note(message: str) -> None:
        if not quiet:
            print(f"mou-extract: {message}", file=sys.stderr, flush=True)

    return note


def run(
    paths_or_dirs: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str] | None = None,
    *,
    resume: bool = False,
    db: str | os.PathLike[str] | None = None,
    force: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
    max_pages: int = DEFAULT_MAX_PAGES,
    workers: int | None = None,
    progress: bool = False,
    quiet: bool = False,
    isolate: bool = True,
    extract: ExtractFunction | None = None,
    on_record: Callable[[PressRelease], object] | None = None,
) -> Summary:
    """Read every PDF under ``paths_or_dirs`` into ``out`` (format by suffix; JSONL to stdout
    when None). With ``resume`` (JSONL only) documents whose (path, sha256) already has a
    complete line in ``out`` are skipped and a cut-off last line is removed first. With ``db``
    (instead of ``out``) records go into that SQLite database (:mod:`mou_extract.store`), one
    transaction each, and documents whose sha256 it holds are skipped unless ``force``.
    ``on_record`` sees each record once it is written (the HTML report collects them so).

    Raises :class:`UsageError` before doing anything when the run cannot start, and
    :class:`RunInterrupted` after Ctrl-C, once the workers are killed and the output is closed
    (JSONL keeps every finished line; JSON and CSV leave ``out`` untouched).
    """
    out = None if out is None else Path(out)
    fmt = output_format(out)
    _check_db_options(db, out, force, resume)
    if resume and (out is None or fmt != "jsonl"):
        raise UsageError("--resume needs a .jsonl output file (-o OUT.jsonl)")
    _check_limits(timeout, max_memory, max_pages, workers)
    files = expand_paths(paths_or_dirs)
    if out is not None and not out.parent.is_dir():
        raise UsageError(f"the output folder does not exist: {out.parent}")
    if out is not None and out.is_dir():
        raise UsageError(f"the output is a folder, not a file: {out}")
    note = _note_to_stderr(quiet)
    done = _read_done_keys(out, note) if resume and out is not None else set()
    store = _open_store(db) if db is not None else None  # a refused file stops the run here
    summary = Summary()
    limits = _Limits(_finite_or_none(timeout), max_memory, max_pages)
    with (
        _progress_bar(len(files), progress and not quiet) as advance,
        _open_sink(out, fmt, append=resume, store=store, force=force) as sink,
    ):

        def jobs_to_do() -> Iterator[_Job]:
            for path in files:
                job = _Job(0, path, _sha256_of(path))  # the index is given when it starts
                if _is_done(job, done, store, force):
                    summary.skipped += 1
                    advance(1)
                else:
                    yield job

        records = _extract_jobs(
            jobs_to_do(),
            limits,
            workers=workers or default_workers(max_memory),
            isolate=isolate,
            extract=extract,
        )
        try:
            with contextlib.closing(records):
                for record in records:
                    sink.write(record)
                    summary.count(record)
                    if on_record is not None:
                        on_record(record)
                    advance(1)
        except KeyboardInterrupt:
            sink.abort()
            raise RunInterrupted(summary) from None
        except BaseException:
            sink.abort()
            raise
        sink.commit()
    return summary
