"""Bad PDFs through the real extractor, isolated by the runner: every one ends in its expected
record or typed error, within its limits, without hurting the run or the parent's memory.

The files come from ``badfiles.py`` (written at test time); the fuzz test mutates a valid release.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import badfiles
import pytest
from procinfo import current_address_space

from mou_extract.batch import extract_many
from mou_extract.errors import ERROR_KINDS
from mou_extract.models import PressRelease

READ = "read"  # a record without error
RECOVERED = "read with a warning"
TIMEOUT_SECONDS = 30.0
MAX_MEMORY = 1 << 30

# What each bad file may end in.
EXPECTED: dict[str, set[str]] = {
    "zero_bytes": {"empty_file"},
    # read by what they are, not by their .pdf name (with a warning saying so)
    "plain_text": {RECOVERED},
    "html": {RECOVERED},
    "png": {"unknown_format"},
    "truncated_40": {"damaged", RECOVERED},
    "truncated_90": {"damaged", RECOVERED},
    "garbled_xref": {"damaged", RECOVERED},
    "user_password": {"encrypted"},
    "owner_password_only": {READ, RECOVERED},
    "image_only": {"no_text_layer"},
    "glyph_codes_only": {"unmapped_font"},
    # 300 MiB of spaces: either it fits in the limit (a blank page) or it is too large
    "flate_bomb": {"too_large", "no_text_layer", READ},
    "deep_page_tree": {"damaged"},
    "many_pages": {RECOVERED},  # the pages past --max-pages are named in a warning
}


def outcome(record: PressRelease) -> str:
    if record.error is not None:
        return record.error.kind
    return RECOVERED if record.warnings else READ




@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    started = time.monotonic()
    files = badfiles.write_all(folder)
    assert time.monotonic() - started < 5, "generating the bad files must stay fast"
    return files


@pytest.fixture(scope="module")
def outcomes(bad_folder: dict[str, Path]) -> dict[str, PressRelease]:
    names = list(bad_folder)
    records = extract_many(
        [bad_folder[name] for name in names], timeout=TIMEOUT_SECONDS, max_memory=MAX_MEMORY, workers=2
    )
    return dict(zip(names, records, strict=True))


def test_every_bad_kind_has_an_expectation() -> None:
    assert set(EXPECTED) == set(badfiles.BAD_FILE_WRITERS)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_bad_file_ends_as_expected(
    name: str, outcomes: dict[str, PressRelease], bad_folder: dict[str, Path]
) -> None:
    record = outcomes[name]
    assert outcome(record) in EXPECTED[name], record.model_dump_json(indent=1)
    assert record.source.path == str(bad_folder[name])
    if name != "zero_bytes":
        assert record.source.sha256 is not None and len(record.source.sha256) == 64
    if record.error is not None:
        assert record.error.message  # says what to do


def test_many_pages_are_read_up_to_max_pages_and_the_rest_named_in_warnings(
    outcomes: dict[str, PressRelease],
) -> None:
    record = outcomes["many_pages"]
    assert record.error is None
    assert any("200" in warning and "300" in warning for warning in record.warnings), record.warnings


@pytest.mark.parametrize("headroom_mib", [150, 250, 400])
def test_a_flate_bomb_over_the_memory_limit_is_too_large(
    bad_folder: dict[str, Path], headroom_mib: int
) -> None:
    # a worker starts with this process's address space; what is left cannot hold the 300 MiB
    # inflated stream and pdfminer's copies of it, wherever the allocation fails
    limit = current_address_space() + (headroom_mib << 20)
    (record,) = extract_many([bad_folder["flate_bomb"]], timeout=TIMEOUT_SECONDS, max_memory=limit)
    assert record.error is not None and record.error.kind == "too_large", record.error


# Reads a folder holding the flate bomb in a fresh interpreter and reports that parent's peak.
# The parent's peak is read from VmHWM, the high-water mark of this process's own memory map:
# getrusage's ru_maxrss survives execve on Linux, so a child of a big pytest process would report
# pytest's size as its own.
PARENT_PEAK = """
import json, resource, sys
from mou_extract.batch import extract_many
records = list(extract_many(sys.argv[1:], timeout=30.0, max_memory=2 << 30, workers=2))
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({
    "peak_kib": hwm,
    "children_peak_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    "outcomes": [r.error.kind if r.error else None for r in records],
}))
"""


def test_the_parent_stays_small_while_a_worker_inflates_a_flate_bomb(
    bad_folder: dict[str, Path], tmp_path: Path
) -> None:
    release = badfiles.write_release(tmp_path)
    paths = [str(release), str(bad_folder["flate_bomb"]), str(release)]
    finished = subprocess.run(
        [sys.executable, "-c", PARENT_PEAK, *paths], capture_output=True, text=True, timeout=120, check=True
    )
    report = json.loads(finished.stdout)
    assert report["outcomes"][0] is None and report["outcomes"][2] is None
    assert report["outcomes"][1] in ("too_large", "no_text_layer", None)
    assert report["peak_kib"] < 300 * 1024, report
    # the bomb really was inflated, in a worker
    assert report["children_peak_kib"] > report["peak_kib"] + 200 * 1024, report


def test_the_command_reports_every_bad_file_once_and_exits_1(
    bad_folder: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    folder = next(iter(bad_folder.values())).parent
    finished = subprocess.run(
        [sys.executable, "-m", "mou_extract.cli", str(folder), "-o", str(out), "--max-pages", "5"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert finished.returncode == 1, finished.stderr
    by_path = {
        r.source.path: r for r in map(PressRelease.model_validate_json, out.read_text("utf-8").splitlines())
    }
    assert set(by_path) == {str(path) for path in bad_folder.values()}
    for name, path in bad_folder.items():
        assert outcome(by_path[str(path)]) in EXPECTED[name], (name, by_path[str(path)].error)
    assert any("5" in w and "300" in w for w in by_path[str(bad_folder["many_pages"])].warnings)
    assert f"{len(bad_folder)} documents" in finished.stderr


# ---------------------------------------------------------------------------------------------
# fuzzing: mutants of a valid release


FUZZ_SEED = 20190830
FUZZ_MUTANTS = 500
FUZZ_TIMEOUT_SECONDS = 10.0

Mutation = Callable[[random.Random, bytes], bytes]


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    mutant = bytearray(data)
    for _ in range(rng.randint(1, 24)):
        mutant[rng.randrange(len(mutant))] = rng.randrange(256)
    return bytes(mutant)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, len(data))]


def delete_section(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 400) :]


def repeat_section(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data))
    section = data[start : start + rng.randint(1, 400)]
    at = rng.randrange(len(data))
    return data[:at] + section * rng.randint(1, 50) + data[at:]


def swap_sections(rng: random.Random, data: bytes) -> bytes:
    a, b = sorted(rng.sample(range(len(data)), 2))
    size = min(rng.randint(1, 200), b - a)
    return data[:a] + data[b : b + size] + data[a + size : b] + data[a : a + size] + data[b + size :]


def change_number(rng: random.Random, data: bytes) -> bytes:
    """A count, length or offset set to something hostile."""
    digits = [i for i in range(len(data) - 1) if data[i : i + 1].isdigit() and not data[i - 1 : i].isdigit()]
    at = rng.choice(digits)
    end = at
    while end < len(data) and data[end : end + 1].isdigit():
        end += 1
    value = rng.choice([b"0", b"-1", b"99999999", b"2147483648", b"1e308", b"3.5"])
    return data[:at] + value + data[end:]


MUTATIONS: tuple[Mutation, ...] = (
    flip_bytes,
    truncate,
    delete_section,
    repeat_section,
    swap_sections,
    change_number,
)


def write_mutants(folder: Path) -> list[Path]:
    rng = random.Random(FUZZ_SEED)
    bases = [badfiles.release_bytes(compress=True), badfiles.release_bytes(compress=False)]
    paths = []
    for number in range(FUZZ_MUTANTS):
        data = bases[number % len(bases)]
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            data = rng.choice(MUTATIONS)(rng, data)
        path = folder / f"mutant-{number:03d}.pdf"
        path.write_bytes(data)
        paths.append(path)
    return paths


def test_mutants_of_a_valid_release_end_in_a_record_or_a_typed_error(tmp_path: Path) -> None:
    paths = write_mutants(tmp_path)
    started = time.monotonic()
    records = list(extract_many(paths, timeout=FUZZ_TIMEOUT_SECONDS, max_memory=MAX_MEMORY, workers=2))
    elapsed = time.monotonic() - started

    assert [r.source.path for r in records] == [str(p) for p in paths]
    kinds = [r.error.kind if r.error else None for r in records]
    assert all(kind is None or kind in ERROR_KINDS for kind in kinds)
    # a bug is a crash of the extractor on bad input: it should say "damaged", not "internal"
    internal = {
        Path(r.source.path or "").name: r.error.message
        for r in records
        if r.error and r.error.kind == "internal"
    }
    assert not internal, internal
    timeouts = kinds.count("timeout")
    # every mutant got at most its limit: the run as a whole is bounded by it
    assert elapsed < (len(paths) * 0.5 + timeouts * FUZZ_TIMEOUT_SECONDS) / 2 + 30, (elapsed, timeouts)
    print(
        f"\n{len(paths)} mutants in {elapsed:.1f} s: "
        + json.dumps({str(k): kinds.count(k) for k in set(kinds)})
    )


def test_mutants_are_deterministic_and_distinct(tmp_path: Path) -> None:
    runs = []
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        runs.append([path.read_bytes() for path in write_mutants(tmp_path / name)])
    assert runs[0] == runs[1]
    assert len(set(runs[0])) > FUZZ_MUTANTS * 0.95
