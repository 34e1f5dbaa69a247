"""The ``mou-extract`` command: exit codes, output formats, --schema, --quiet, the summary line.

Most tests call ``main()`` in this process with a stand-in extractor (patched where the runner
loads :func:`mou_extract.api.extract`), so they test the command, not the PDF pipeline; the
end-to-end runs over real PDFs are in ``test_robustness.py``.
"""

from __future__ import annotations

import csv
import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from mou_extract import batch
from mou_extract.cli import main, parse_size
from mou_extract.errors import ExtractionError
from mou_extract.models import DateValue, Organization, Partnership, PressRelease, Source


def stand_in(path: str, *, max_pages: int) -> PressRelease:
    """Reads the file's text: ``bad`` fails, a number gives that many partnerships."""
    text = Path(path).read_text(encoding="utf-8")
    if text == "bad":
        raise ExtractionError("no_text_layer")
    partnership = Partnership(
        parties=[Organization(name="A株式会社"), Organization(name="B大学")],
        agreement_type="partnership_agreement",
        agreement_label="連携協定",
        signed_on=DateValue(value="2019-08-30", precision="day"),
        role="announced",
        confidence=0.9,
    )
    return PressRelease(source=Source(path=path, pages=1), partnerships=[partnership] * int(text))


@pytest.fixture(autouse=True)
def use_stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "_load_default_extract", lambda: stand_in)


@pytest.fixture
def good_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in [("a.pdf", "1"), ("b.pdf", "0"), ("c.pdf", "2")]:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def mixed_folder(good_folder: Path) -> Path:
    (good_folder / "d.pdf").write_text("bad", encoding="utf-8")
    return good_folder


def test_schema_prints_the_record_schema(capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["--schema"]) == 0
    assert json.loads(capfd.readouterr().out) == PressRelease.model_json_schema()


def test_all_documents_read_exits_0_with_jsonl_on_stdout_and_a_summary(
    good_folder: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert main([str(good_folder)]) == 0
    captured = capfd.readouterr()
    records = [PressRelease.model_validate_json(line) for line in captured.out.splitlines()]
    assert [Path(r.source.path or "").name for r in records] == ["a.pdf", "b.pdf", "c.pdf"]
    assert captured.err.strip() == "mou-extract: 3 documents, 3 partnerships, 0 errors"


def test_some_documents_failing_exits_1_and_still_writes_their_lines(
    mixed_folder: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert main([str(mixed_folder)]) == 1
    captured = capfd.readouterr()
    records = [PressRelease.model_validate_json(line) for line in captured.out.splitlines()]
    assert [r.error.kind if r.error else None for r in records] == [None, None, None, "no_text_layer"]
    assert "4 documents, 3 partnerships, 1 error" in captured.err


def test_quiet_writes_nothing_on_stderr(mixed_folder: Path, capfd: pytest.CaptureFixture[str]) -> None:
    assert main([str(mixed_folder), "--quiet"]) == 1
    captured = capfd.readouterr()
    assert captured.err == ""
    assert len(captured.out.splitlines()) == 4


def test_output_formats_follow_the_suffix(
    mixed_folder: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    for suffix in (".jsonl", ".json", ".csv"):
        assert main([str(mixed_folder), "-o", str(tmp_path / f"out{suffix}"), "--quiet"]) == 1
    assert capfd.readouterr().out == ""  # nothing on stdout when writing a file

    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and all(PressRelease.model_validate_json(line) for line in lines)
    array = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [PressRelease.model_validate(item) for item in array] == [
        PressRelease.model_validate_json(line) for line in lines
    ]
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    # a: 1 partnership, b: none (1 row), c: 2, d: failed (1 row)
    assert [Path(row["path"]).name for row in rows] == ["a.pdf", "b.pdf", "c.pdf", "c.pdf", "d.pdf"]
    assert rows[0]["parties"] == "A株式会社 / B大学" and rows[4]["error_kind"] == "no_text_layer"


def test_resume_skips_what_is_done_and_says_so(
    good_folder: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    assert main([str(good_folder), "-o", str(out)]) == 0
    (good_folder / "new.pdf").write_text("0", encoding="utf-8")
    capfd.readouterr()
    assert main([str(good_folder), "-o", str(out), "--resume"]) == 0
    assert "1 document, 0 partnerships, 0 errors, 3 skipped" in capfd.readouterr().err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["{missing}"],
        ["{folder}", "--timeout", "0"],
        ["{folder}", "--timeout", "soon"],
        ["{folder}", "--max-memory", "12Q"],
        ["{folder}", "--max-memory", "1K"],
        ["{folder}", "--max-pages", "0"],
        ["{folder}", "--workers", "0"],
        ["{folder}", "-o", "{tmp}/out.txt"],
        ["{folder}", "-o", "{tmp}/no-such-folder/out.jsonl"],
        ["{folder}", "-o", "{tmp}/out.json", "--resume"],
        ["{folder}", "--resume"],
        ["{folder}", "--no-such-option"],
    ],
    ids=lambda arguments: " ".join(arguments) or "no paths",
)
def test_usage_errors_exit_2_and_write_nothing(
    arguments: list[str], good_folder: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    before = sorted(tmp_path.rglob("*"))
    filled = [a.format(folder=good_folder, missing=tmp_path / "missing.pdf", tmp=tmp_path) for a in arguments]
    assert main(filled) == 2
    captured = capfd.readouterr()
    assert captured.out == ""
    assert "error" in captured.err
    assert sorted(tmp_path.rglob("*")) == before


@pytest.mark.parametrize(
    ("text", "size"),
    [("1G", 1 << 30), ("512M", 512 << 20), ("1.5G", 3 << 29), ("800MB", 800 << 20), ("2GiB", 2 << 30)],
)
def test_sizes_are_read_in_powers_of_1024(text: str, size: int) -> None:
    assert parse_size(text) == size
    assert parse_size(str(size)) == size


# The command in a subprocess, with the stand-in above, for what needs a real terminal.
CLI_WITH_STAND_IN = """
import sys
import termios
from pathlib import Path
import mou_extract.batch as batch
from mou_extract.cli import main
from mou_extract.models import PressRelease, Source
batch._load_default_extract = lambda: lambda path, *, max_pages: PressRelease(source=Source(path=path))
sys.exit(main(sys.argv[1:]))
"""


def run_with_stderr_on_a_terminal(arguments: list[str]) -> tuple[int, str]:
    controller, terminal = pty.openpty()
    # a new pty is 0 columns wide, where tqdm draws nothing
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    command = subprocess.Popen(
        [sys.executable, "-c", CLI_WITH_STAND_IN, *arguments],
        stdout=subprocess.DEVNULL,
        stderr=terminal,
    )
    os.close(terminal)
    seen = b""
    while True:
        ready, _, _ = select.select([controller], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # EIO: the command closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(controller)
    return command.wait(timeout=30), seen.decode("utf-8", "replace")


def test_a_progress_bar_is_drawn_only_on_a_terminal_and_not_when_quiet(good_folder: Path) -> None:
    code, terminal = run_with_stderr_on_a_terminal([str(good_folder)])
    assert code == 0
    assert "3/3" in terminal and "doc" in terminal  # tqdm's counter and unit
    assert "3 documents, 0 partnerships, 0 errors" in terminal

    code, terminal = run_with_stderr_on_a_terminal([str(good_folder), "--quiet"])
    assert code == 0
    assert terminal == ""
