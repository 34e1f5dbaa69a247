"""The folder runner's mechanics, with stand-in per-document functions (no PDF is read here).

Each stand-in misbehaves the way a hostile PDF can make pdfminer misbehave (hang, spin, eat
memory, crash in native code, exit) and the runner must turn each into a typed record, replace
the worker and keep going, in input order. Then resume, Ctrl-C, kill -9 and the output formats.
"""

from __future__ import annotations

import csv
import ctypes
import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from procinfo import current_address_space

from mou_extract import batch
from mou_extract.batch import CSV_COLUMNS, RunInterrupted, UsageError, expand_paths, extract_many, run
from mou_extract.errors import ExtractionError
from mou_extract.models import DateValue, Evidence, Organization, Partnership, PressRelease, Source

# How late a result may come after its deadline: a loaded 2-core CI machine.
SLACK_SECONDS = 1.5




def memory_limit_with_headroom(headroom_mib: int = 256) -> int:
    return current_address_space() + (headroom_mib << 20)


# ---------------------------------------------------------------------------------------------
# stand-ins for mou_extract.api.extract; they run in the forked worker


def fine(path: str, *, max_pages: int) -> PressRelease:
    return PressRelease(source=Source(path=path, pages=1), title=Path(path).read_text(encoding="utf-8"))


def hangs(path: str, *, max_pages: int) -> PressRelease:
    time.sleep(3600)
    raise AssertionError("unreachable")


def spins(path: str, *, max_pages: int) -> PressRelease:
    while True:  # busy in the interpreter: only a signal stops it
        pass


def eats_memory(path: str, *, max_pages: int) -> PressRelease:
    hoard = []
    while True:
        hoard.append(bytearray(16 << 20))


HOARD: list[bytearray] = []


def eats_memory_and_keeps_it(path: str, *, max_pages: int) -> PressRelease:
    """MemoryError with the memory still referenced: the worker must still report too_large."""
    while True:
        HOARD.append(bytearray(16 << 20))


def too_big_to_serialise(path: str, *, max_pages: int) -> PressRelease:
    """A record that fits in memory once but not twice: MemoryError in model_dump_json."""
    return PressRelease(source=Source(path=path), warnings=["x" * (160 << 20)])


def exits(path: str, *, max_pages: int) -> PressRelease:
    os._exit(3)


def segfaults(path: str, *, max_pages: int) -> PressRelease:
    ctypes.string_at(0)  # reads address 0: SIGSEGV in native code
    raise AssertionError("unreachable")


def killed_like_by_oom_killer(path: str, *, max_pages: int) -> PressRelease:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


def raises_extraction_error(path: str, *, max_pages: int) -> PressRelease:
    raise ExtractionError("encrypted")


def raises_value_error(path: str, *, max_pages: int) -> PressRelease:
    raise ValueError("a bug in the pipeline")


def prints_to_stdout(path: str, *, max_pages: int) -> PressRelease:
    print("noise a library printed")
    return fine(path, max_pages=max_pages)


def sleeps_by_name(path: str, *, max_pages: int) -> PressRelease:
    """Sleeps for the number of milliseconds in the file: finishes out of order."""
    time.sleep(int(Path(path).read_text(encoding="utf-8")) / 1000)
    return fine(path, max_pages=max_pages)


BEHAVIOURS = {
    "fine": fine,
    "hangs": hangs,
    "spins": spins,
    "eats_memory": eats_memory,
    "exits": exits,
    "segfaults": segfaults,
    "killed": killed_like_by_oom_killer,
    "extraction_error": raises_extraction_error,
    "value_error": raises_value_error,
}


def by_name(path: str, *, max_pages: int) -> PressRelease:
    """Behaves as the file's name says (``03-hangs.pdf`` hangs)."""
    behaviour = Path(path).stem.split("-", 1)[1]
    return BEHAVIOURS[behaviour](path, max_pages=max_pages)


def make_files(folder: Path, names: list[str]) -> list[Path]:
    paths = []
    for number, name in enumerate(names):
        path = folder / f"{number:02d}-{name}.pdf"
        path.write_text(name, encoding="utf-8")
        paths.append(path)
    return paths


def read_jsonl(path: Path) -> list[PressRelease]:
    return [PressRelease.model_validate_json(line) for line in path.read_bytes().splitlines()]


# ---------------------------------------------------------------------------------------------
# isolation: each misbehaviour becomes a typed record, and the run goes on in order


def test_every_misbehaviour_becomes_a_typed_record_in_input_order(tmp_path: Path) -> None:
    names = ["fine", "hangs", "eats_memory", "exits", "segfaults", "killed", "extraction_error"]
    names += ["value_error", "spins", "fine"]
    paths = make_files(tmp_path, names)
    started = time.monotonic()
    records = list(
        extract_many(paths, timeout=2.0, max_memory=memory_limit_with_headroom(), workers=2, extract=by_name)
    )
    elapsed = time.monotonic() - started

    assert [r.source.path for r in records] == [str(p) for p in paths]
    kinds = [r.error.kind if r.error else None for r in records]
    assert kinds == [
        None,
        "timeout",
        "too_large",
        "internal",
        "internal",
        "too_large",
        "encrypted",
        "internal",
        "timeout",
        None,
    ]
    assert records[-1].title == "fine"
    assert all(r.source.sha256 and len(r.source.sha256) == 64 for r in records)
    assert "SIGSEGV" in records[4].error.message  # type: ignore[union-attr]
    assert "ValueError: a bug in the pipeline" in records[7].error.message  # type: ignore[union-attr]
    # two timeouts of 2 s on two workers overlap with the rest
    assert elapsed < 2 * 2.0 + SLACK_SECONDS


@pytest.mark.parametrize("stand_in", [hangs, spins], ids=["sleeping", "busy"])
def test_a_hanging_worker_is_killed_at_the_deadline(tmp_path: Path, stand_in: batch.ExtractFunction) -> None:
    (path,) = make_files(tmp_path, ["x"])
    started = time.monotonic()
    (record,) = extract_many([path], timeout=1.0, extract=stand_in)
    elapsed = time.monotonic() - started
    assert record.error is not None and record.error.kind == "timeout"
    assert "1 s" in record.error.message
    assert 1.0 <= elapsed < 1.0 + SLACK_SECONDS


@pytest.mark.parametrize(
    "stand_in",
    [eats_memory, eats_memory_and_keeps_it, too_big_to_serialise],
    ids=["freed", "kept", "serialising"],
)
def test_running_out_of_memory_is_too_large(tmp_path: Path, stand_in: batch.ExtractFunction) -> None:
    (path,) = make_files(tmp_path, ["x"])
    limit = memory_limit_with_headroom(200)
    (record,) = extract_many([path], timeout=30.0, max_memory=limit, extract=stand_in)
    assert record.error is not None and record.error.kind == "too_large", record.error
    assert record.source.path == str(path) and record.source.sha256


def test_a_result_is_sent_back_as_json_equal_to_what_the_worker_built(tmp_path: Path) -> None:
    (path,) = make_files(tmp_path, ["x"])
    built = PressRelease(
        source=Source(path=str(path), sha256="0" * 64, pages=2),
        published_on=DateValue(value="2019-08-30", precision="day", text="2019年8月30日"),
        issuer=Organization(name="株式会社サンプル", legal_form="株式会社", kind="company"),
        partnerships=[
            Partnership(
                parties=[Organization(name="A社"), Organization(name=None, description="某社")],
                agreement_type="mou",
                agreement_label="覚書",
                role="announced",
                evidence=[Evidence(page=1, start=0, end=2, text="覚書")],
                confidence=0.9,
            )
        ],
        warnings=["page 2: (cid:1) dropped"],
    )
    (record,) = extract_many([path], extract=lambda source, *, max_pages: built)
    assert record == built  # what the extractor set (even a sha256) is kept as it is


def test_stdout_printing_in_a_worker_does_not_reach_our_stdout(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    (path,) = make_files(tmp_path, ["x"])
    (record,) = extract_many([path], extract=prints_to_stdout)
    assert record.error is None
    captured = capfd.readouterr()
    assert "noise" not in captured.out and "noise" in captured.err


def test_results_come_in_input_order_whatever_order_they_finish(tmp_path: Path) -> None:
    delays = [300, 10, 200, 0, 150, 50, 0, 100, 20, 0]
    paths = []
    for number, delay in enumerate(delays):
        path = tmp_path / f"{number:02d}.pdf"
        path.write_text(str(delay), encoding="utf-8")
        paths.append(path)
    records = list(extract_many(paths, workers=3, extract=sleeps_by_name))
    assert [r.source.path for r in records] == [str(p) for p in paths]
    assert all(r.error is None for r in records)


def test_in_process_mode_maps_exceptions_too(tmp_path: Path) -> None:
    paths = make_files(tmp_path, ["fine", "extraction_error", "value_error"])
    records = list(extract_many(paths, isolate=False, extract=by_name))
    assert [r.error.kind if r.error else None for r in records] == [None, "encrypted", "internal"]


def test_bad_limits_are_refused_before_any_work(tmp_path: Path) -> None:
    for bad in ({"timeout": 0.0}, {"max_memory": 0}, {"max_pages": 0}, {"workers": 0}):
        with pytest.raises(ValueError):
            extract_many([tmp_path / "x.pdf"], extract=fine, **bad)  # type: ignore[arg-type]


def test_default_workers_fit_cpus_and_memory() -> None:
    assert 1 <= batch.default_workers() <= (os.cpu_count() or 1)
    assert batch.default_workers(max_memory=1 << 50) == 1


# ---------------------------------------------------------------------------------------------
# paths


def test_folders_expand_to_sorted_documents_of_any_case_and_files_are_taken_as_given(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    for name in ["b/2.pdf", "b/1.PDF", "a/deep/3.Pdf", "a/notes.txt", "a/0.pdf", "a/page.HTM", "a/image.png", "b/x.html"]:
        (tmp_path / name).write_bytes(b"%PDF-")
    explicit = tmp_path / "a" / "image.png"
    found = expand_paths([tmp_path, explicit, tmp_path / "b" / "2.pdf"])
    expected = ["a/0.pdf", "a/deep/3.Pdf", "a/notes.txt", "a/page.HTM", "b/1.PDF", "b/2.pdf", "b/x.html"]
    assert found == [str(tmp_path / n) for n in expected] + [str(explicit)]
    with pytest.raises(UsageError, match="no such file"):
        expand_paths([tmp_path / "missing.pdf"])


# ---------------------------------------------------------------------------------------------
# resume


def counting(log: Path) -> batch.ExtractFunction:
    """``fine``, noting each call in ``log`` (the calls happen in forked workers)."""

    def extract(path: str, *, max_pages: int) -> PressRelease:
        with open(log, "a", encoding="utf-8") as calls:
            calls.write(path + "\n")
        return fine(path, max_pages=max_pages)

    return extract


def calls_in(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_identical_files_under_two_names_are_two_documents_and_a_second_resume_does_nothing(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ["a.pdf", "b.pdf", "same-as-a.pdf"]:
        (folder / name).write_text("a" if name != "b.pdf" else "b", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    log = tmp_path / "calls.log"

    first = run([folder], out, resume=True, workers=2, extract=counting(log))
    records = read_jsonl(out)
    assert [Path(r.source.path or "").name for r in records] == ["a.pdf", "b.pdf", "same-as-a.pdf"]
    assert records[0].source.sha256 == records[2].source.sha256
    assert (first.documents, first.skipped) == (3, 0)

    second = run([folder], out, resume=True, workers=2, extract=counting(log))
    assert (second.documents, second.skipped) == (0, 3)
    assert len(calls_in(log)) == 3  # no worker ran the second time
    assert len(read_jsonl(out)) == 3


def test_resume_repairs_a_cut_last_line_and_redoes_only_what_is_missing(tmp_path: Path) -> None:
    paths = make_files(tmp_path, ["fine"] * 5)
    out = tmp_path / "out.jsonl"
    run(paths[:3], out, extract=fine)
    whole = out.read_bytes()
    out.write_bytes(whole[: len(whole) - 25])  # killed while writing the third line
    log = tmp_path / "calls.log"

    summary = run(paths, out, resume=True, quiet=True, extract=counting(log))

    assert sorted(calls_in(log)) == [str(p) for p in paths[2:]]  # workers run in parallel
    assert (summary.documents, summary.skipped) == (3, 2)
    assert [r.source.path for r in read_jsonl(out)] == [str(p) for p in paths]
    assert out.read_bytes().endswith(b"}\n")


def test_resume_reads_a_changed_file_again(tmp_path: Path) -> None:
    (path,) = make_files(tmp_path, ["fine"])
    out = tmp_path / "out.jsonl"
    run([path], out, extract=fine)
    path.write_text("changed", encoding="utf-8")
    summary = run([path], out, resume=True, extract=fine)
    assert summary.documents == 1
    assert [r.title for r in read_jsonl(out)] == ["fine", "changed"]


def test_resume_needs_a_jsonl_file(tmp_path: Path) -> None:
    paths = make_files(tmp_path, ["fine"])
    for out in (None, tmp_path / "out.json", tmp_path / "out.csv"):
        with pytest.raises(UsageError, match="--resume"):
            run(paths, out, resume=True, extract=fine)


# ---------------------------------------------------------------------------------------------
# Ctrl-C and kill -9


def interrupts_at_third(path: str, *, max_pages: int) -> PressRelease:
    """Press Ctrl-C (SIGINT to the runner) while reading the third document, then hang."""
    if Path(path).name.startswith("02-"):
        os.kill(os.getppid(), signal.SIGINT)
        time.sleep(3600)
    return fine(path, max_pages=max_pages)


def test_ctrl_c_keeps_every_finished_line_and_kills_the_workers(tmp_path: Path) -> None:
    paths = make_files(tmp_path, ["fine"] * 6)
    out = tmp_path / "out.jsonl"
    started = time.monotonic()
    with pytest.raises(RunInterrupted) as interruption:
        run(paths, out, workers=1, extract=interrupts_at_third)
    assert time.monotonic() - started < 10  # did not wait for the hanging worker
    assert [r.source.path for r in read_jsonl(out)] == [str(p) for p in paths[:2]]
    assert interruption.value.summary.documents == 2
    assert not _children_of(os.getpid()), "a worker outlived the run"


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_ctrl_c_leaves_a_json_or_csv_output_untouched(tmp_path: Path, suffix: str) -> None:
    paths = make_files(tmp_path, ["fine"] * 4)
    out = tmp_path / f"out{suffix}"
    out.write_text("previous run\n", encoding="utf-8")
    with pytest.raises(RunInterrupted):
        run(paths, out, workers=1, extract=interrupts_at_third)
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".pdf")) == [out.name]


def _children_of(pid: int) -> list[int]:
    """Live (not zombie) child processes of ``pid``."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, parent = fields[0], int(fields[1])
        if parent == pid and state != "Z":
            children.append(int(entry.name))
    return children


# The command, with a slow stand-in for the extractor (so it can be stopped half-way).
CLI_WITH_SLOW_EXTRACT = """
import os, sys, time
from pathlib import Path
import mou_extract.batch as batch
from mou_extract.cli import main
from mou_extract.models import PressRelease, Source

def slow(path, *, max_pages):
    with open(os.environ["CALLS_LOG"], "a") as log:
        log.write(f"{os.getpid()} {path}\\n")
    time.sleep(0.15)
    return PressRelease(source=Source(path=path, pages=1), title=Path(path).read_text())

batch._load_default_extract = lambda: slow
sys.exit(main(sys.argv[1:]))
"""


def start_cli(args: list[str], calls_log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CALLS_LOG": str(calls_log)}
    return subprocess.Popen(
        [sys.executable, "-c", CLI_WITH_SLOW_EXTRACT, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_for_lines(out: Path, count: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if out.exists() and out.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"{out} never reached {count} lines")


@pytest.fixture
def folder_of_twenty(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(20):
        (folder / f"{number:02d}.pdf").write_text(f"doc {number}", encoding="utf-8")
    yield folder


def test_kill_9_half_way_then_resume_gives_every_file_exactly_once(
    tmp_path: Path, folder_of_twenty: Path
) -> None:
    out = tmp_path / "out.jsonl"
    log = tmp_path / "calls.log"
    first = start_cli([str(folder_of_twenty), "-o", str(out), "--workers", "2", "--quiet"], log)
    wait_for_lines(out, 6)
    first.kill()
    first.wait()
    orphans = {int(line.split()[0]) for line in calls_in(log)}
    deadline = time.monotonic() + 5
    while any(_is_running(pid) for pid in orphans) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not [pid for pid in orphans if _is_running(pid)], "workers outlived their killed parent"
    with open(out, "ab") as stream:
        stream.write(b'{"source": {"path": "cut by the kil')  # as if killed mid-line

    second = start_cli([str(folder_of_twenty), "-o", str(out), "--resume", "--quiet"], log)
    _, stderr = second.communicate(timeout=60)
    assert second.returncode == 0, stderr

    paths = [r.source.path for r in read_jsonl(out)]
    expected = [str(folder_of_twenty / f"{n:02d}.pdf") for n in range(20)]
    assert sorted(paths) == expected  # each exactly once
    assert paths[:6] == expected[:6]


def test_sigint_to_the_command_keeps_finished_lines_and_exits_130(
    tmp_path: Path, folder_of_twenty: Path
) -> None:
    out = tmp_path / "out.jsonl"
    log = tmp_path / "calls.log"
    command = start_cli([str(folder_of_twenty), "-o", str(out), "--workers", "2"], log)
    wait_for_lines(out, 4)
    command.send_signal(signal.SIGINT)
    _, stderr = command.communicate(timeout=20)

    assert command.returncode == 130, stderr
    assert b"interrupted" in stderr and b"Traceback" not in stderr
    records = read_jsonl(out)  # every line complete
    assert 4 <= len(records) < 20
    assert [r.source.path for r in records] == [
        str(folder_of_twenty / f"{n:02d}.pdf") for n in range(len(records))
    ]
    worker_pids = {int(line.split()[0]) for line in calls_in(log)}
    assert not [pid for pid in worker_pids if _is_running(pid)], "a worker outlived the command"


def _is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# ---------------------------------------------------------------------------------------------
# output formats


def reads_the_output(out: Path) -> batch.ExtractFunction:
    """``fine``, but records what OUT holds while the run is still going."""

    def extract(path: str, *, max_pages: int) -> PressRelease:
        record = fine(path, max_pages=max_pages)
        record.warnings.append(out.read_text(encoding="utf-8") if out.exists() else "<no file>")
        return record

    return extract


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_json_and_csv_replace_the_output_only_when_complete(tmp_path: Path, suffix: str) -> None:
    paths = make_files(tmp_path, ["fine"] * 3)
    out = tmp_path / f"out{suffix}"
    out.write_text("previous run\n", encoding="utf-8")
    summary = run(paths, out, workers=1, extract=reads_the_output(out))
    assert summary.documents == 3
    # mid-run, OUT still held the previous file; now it holds the whole new one
    if suffix == ".json":
        records = [PressRelease.model_validate(item) for item in json.loads(out.read_text(encoding="utf-8"))]
        assert [r.warnings for r in records] == [["previous run\n"]] * 3
    else:
        rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
        assert len(rows) == 3
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".pdf")) == [out.name]


def test_an_empty_run_writes_an_empty_json_array(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    out = tmp_path / "out.json"
    assert run([tmp_path / "in"], out, extract=fine).documents == 0
    assert json.loads(out.read_text(encoding="utf-8")) == []


def with_partnerships(path: str, *, max_pages: int) -> PressRelease:
    count = int(Path(path).read_text(encoding="utf-8"))
    if count < 0:
        raise ExtractionError("no_text_layer")
    partnership = Partnership(
        parties=[
            Organization(name="株式会社サンプル"),
            Organization(name=None, description="米国の大手企業"),
        ],
        agreement_type="capital_alliance",
        agreement_label="資本業務提携契約",
        signed_on=DateValue(value="2024-04", precision="month"),
        role="announced",
        evidence=[
            Evidence(page=1, start=5, end=9, text="資本業務"),
            Evidence(page=2, start=0, end=4, text="提携契約"),
        ],
        confidence=0.75,
    )
    return PressRelease(
        source=Source(path=path, pages=2),
        published_on=DateValue(value="2024-04-01", precision="day"),
        issuer=Organization(name="株式会社サンプル"),
        title="資本業務提携のお知らせ",
        partnerships=[partnership] * count,
    )


def test_csv_has_a_row_per_partnership_and_one_for_each_document_without_any(tmp_path: Path) -> None:
    counts = {"two.pdf": "2", "none.pdf": "0", "failed.pdf": "-1"}
    for name, count in counts.items():
        (tmp_path / name).write_text(count, encoding="utf-8")
    out = tmp_path / "out.csv"
    summary = run([tmp_path / name for name in counts], out, extract=with_partnerships)
    assert (summary.documents, summary.partnerships, summary.errors) == (3, 2, 1)

    with out.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
        rows = list(reader)
    assert [Path(row["path"]).name for row in rows] == ["two.pdf", "two.pdf", "none.pdf", "failed.pdf"]
    first = rows[0]
    assert first["parties"] == "株式会社サンプル / 米国の大手企業"
    assert (first["agreement_type"], first["agreement_label"], first["signed_on"]) == (
        "capital_alliance",
        "資本業務提携契約",
        "2024-04",
    )
    assert (first["role"], first["confidence"], first["evidence_page"]) == ("announced", "0.75", "1")
    assert first["evidence_text"] == "資本業務提携契約"
    assert (first["published_on"], first["issuer"], first["error_kind"]) == (
        "2024-04-01",
        "株式会社サンプル",
        "",
    )
    assert rows[2]["agreement_type"] == "" and rows[2]["error_kind"] == ""
    assert rows[3]["error_kind"] == "no_text_layer" and rows[3]["error_message"]
    assert rows[3]["sha256"] and rows[3]["agreement_type"] == ""


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv"])
def test_a_run_writes_nothing_but_its_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    make_files(folder, ["fine", "segfaults", "value_error"])
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    before = sorted(tmp_path.rglob("*"))
    out = tmp_path / f"out{suffix}"
    run([folder], out, extract=by_name)
    assert sorted(tmp_path.rglob("*")) == sorted([*before, out])  # no core file, no temp file left


def test_jsonl_goes_to_stdout_without_an_output_file(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    paths = make_files(tmp_path, ["fine", "value_error"])
    summary = run(paths, None, extract=by_name)
    lines = capfd.readouterr().out.splitlines()
    assert [PressRelease.model_validate_json(line).source.path for line in lines] == [str(p) for p in paths]
    assert (summary.documents, summary.errors) == (2, 1)


def test_unknown_output_suffix_is_a_usage_error(tmp_path: Path) -> None:
    paths = make_files(tmp_path, ["fine"])
    with pytest.raises(UsageError, match="suffix"):
        run(paths, tmp_path / "out.txt", extract=fine)
    assert not (tmp_path / "out.txt").exists()


def test_jsonl_goes_to_a_text_only_stdout_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = make_files(tmp_path, ["fine"])
    text_only = io.StringIO()  # as in a notebook: no .buffer
    monkeypatch.setattr(sys, "stdout", text_only)
    run(paths, None, extract=fine)
    assert PressRelease.model_validate_json(text_only.getvalue()).source.path == str(paths[0])


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_an_atomic_output_gets_an_ordinary_file_mode(tmp_path: Path, suffix: str) -> None:
    paths = make_files(tmp_path, ["fine"])
    umask = os.umask(0o022)
    try:
        run(paths, tmp_path / f"new{suffix}", extract=fine)
        existing = tmp_path / f"existing{suffix}"
        existing.write_text("", encoding="utf-8")
        existing.chmod(0o640)
        run(paths, existing, extract=fine)
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / f"new{suffix}").stat().st_mode) == 0o644  # not mkstemp's 0600
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
