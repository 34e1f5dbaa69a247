"""The results database (``mou_extract.store``, ``--db``, ``query``, ``import``).

Most tests use the command in this process with a stand-in extractor; three run the real
pipeline in a subprocess: the acceptance run over ``samples/`` (shared by the tests that need
real records), SIGKILL half-way through a run over copies of the sample PDFs, and the README's
SQL examples against the acceptance database.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from mou_extract import batch
from mou_extract.cli import main
from mou_extract.models import DateValue, ErrorInfo, Evidence, Organization, Partnership, PressRelease, Source
from mou_extract.store import SCHEMA_VERSION, StoreError, identity_key, open_store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


# --------------------------------------------------------------------------------------------
# helpers


def partnership(*names: str, kind: str = "partnership_agreement", signed: str | None = "2019-08-30") -> Partnership:
    precision = {4: "year", 7: "month", 10: "day"}
    return Partnership(
        parties=[Organization(name=name) for name in names],
        agreement_type=kind,  # type: ignore[arg-type]
        agreement_label="連携協定",
        signed_on=None if signed is None else DateValue(value=signed, precision=precision[len(signed)]),  # type: ignore[arg-type]
        role="announced",
        confidence=0.9,
    )


def stand_in(path: str, *, max_pages: int) -> PressRelease:
    """A document's text is the number of partnerships it announces between A株式会社 and B大学."""
    count = int(Path(path).read_text(encoding="utf-8").split()[0])
    return PressRelease(source=Source(path=path, pages=1), partnerships=[partnership("A株式会社", "B大学")] * count)


@pytest.fixture(autouse=True)
def use_stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "_load_default_extract", lambda: stand_in)


def make_folder(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def siblings(db: Path) -> set[str]:
    return {p.name for p in db.parent.iterdir() if p.name.startswith(db.name) and p != db}


def run_real(args: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it: a fresh interpreter, the real extractor."""
    command = [sys.executable, "-m", "mou_extract.cli", *args]
    result: subprocess.CompletedProcess[str] = subprocess.run(
        command, capture_output=True, text=True, timeout=120, **options
    )
    return result


# --------------------------------------------------------------------------------------------
# organisation identity

SAME = [
    ("株式会社ソラミチ", "ソラミチ株式会社"),
    ("株式会社ソラミチ", "㈱ソラミチ"),
    ("株式会社ソラミチ", "（株）ソラミチ"),
    ("株式会社ソラミチ", "ソラミチ"),
    ("ソラミチ", "ｿﾗﾐﾁ"),  # half-width katakana
    ("ＡＢＣ株式会社", "ABC株式会社"),  # full-width Latin
    ("神奈川県横浜市", "横浜市"),
    ("東京都千代田区", "千代田区"),
    ("新潟県長岡市", "長岡市"),
    ("Kestrel Biologics, Inc.", "KESTREL BIOLOGICS INC"),
    ("Kestrel Biologics, Inc.", "Ｋｅｓｔｒｅｌ　Ｂｉｏｌｏｇｉｃｓ"),
    ("Hanbit Foods Co., Ltd.", "Hanbit Foods"),
    ("Bergfeld Messtechnik GmbH", "Bergfeld Messtechnik"),
    ("ミルヴァ・ダイアグノスティクス株式会社", "ミルヴァダイアグノスティクス"),
    ("学校法人北辰学園\u3000北辰工科大学", "学校法人北辰学園 北辰工科大学"),
    ("国立大学法人信濃医科大学", "信濃医科大学"),
    ("一般社団法人ライフサイエンス・イノベーション・ネットワーク・ジャパン", "ライフサイエンスイノベーションネットワークジャパン"),
]
DIFFERENT = [
    ("横浜市", "横浜市立大学"),  # a prefix is not an identity
    ("株式会社ソラミチ", "株式会社ソラミチ物流"),
    ("北辰工科大学", "北辰工科大学病院"),
    ("京都大学", "京都府"),
    ("京都府", "京都市"),
    ("長野県", "長野県教育委員会"),  # a prefecture is dropped only before a municipality
    ("長野県", "長野市"),
    ("静岡県海洋産業技術センター", "海洋産業技術センター"),
    ("Kestrel Biologics, Inc.", "Kestrel Inc."),
    ("Hag", "H"),  # "ag" is a legal form only after a space
    ("ABC Holdings", "ABC"),
    ("敦賀工業大学", "敦賀工業大学工学部"),
    ("大阪市港区", "港区"),  # only a prefecture goes, not a city before its ward
]


@pytest.mark.parametrize(("one", "other"), SAME)
def test_names_of_one_organisation_share_a_key(one: str, other: str) -> None:
    assert identity_key(one) == identity_key(other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_distinct_organisations_keep_their_own_keys(one: str, other: str) -> None:
    assert identity_key(one) != identity_key(other)


def test_the_store_makes_one_row_per_organisation_and_keeps_how_each_was_written(tmp_path: Path) -> None:
    records = [
        PressRelease(source=Source(path="a", sha256="1"), partnerships=[partnership("ソラミチ", "神奈川県横浜市")]),
        PressRelease(source=Source(path="b", sha256="2"), partnerships=[partnership("㈱ソラミチ", "横浜市")]),
        PressRelease(source=Source(path="c", sha256="3"), partnerships=[partnership("株式会社ソラミチ物流", "横浜市立大学")]),
    ]
    records[1].partnerships[0].parties[0].legal_form = "(株)"
    with open_store(tmp_path / "r.sqlite") as store:
        for record in records:
            assert store.add(record)
        rows = store.connection.execute("SELECT identity_key, name FROM organisations ORDER BY id").fetchall()
        aliases = store.connection.execute("SELECT alias FROM organisation_aliases ORDER BY alias").fetchall()
        assert [f.path for f in store.query("株式会社ソラミチ")] == ["a", "b"]
        assert [f.path for f in store.query("ソラミチ物流")] == ["c"]
    # the first name written with a legal form is the canonical one
    assert rows == [
        ("ソラミチ", "㈱ソラミチ"),
        ("横浜市", "神奈川県横浜市"),
        ("ソラミチ物流", "株式会社ソラミチ物流"),
        ("横浜市立大学", "横浜市立大学"),
    ]
    assert [a for (a,) in aliases] == ["ソラミチ", "横浜市"]


# --------------------------------------------------------------------------------------------
# round trip


def rich_records() -> list[PressRelease]:
    issuer = Organization(name="株式会社ゼンリン", aliases=["当社", "ゼンリン"], legal_form="株式会社", kind="company")
    announced = Partnership(
        parties=[issuer, Organization(name="横浜市", kind="government"), Organization(name=None, description="某社")],
        agreement_type="mou",
        agreement_label="覚書",
        signed_on=DateValue(value="2019-08", precision="month", text="令和元年8月"),
        role="announced",
        evidence=[Evidence(page=1, start=10, end=20, text="覚書を締結"), Evidence(page=2, start=0, end=3, text="した。")],
        confidence=0.87,
    )
    prior = partnership("株式会社ゼンリン", "Kestrel Biologics, Inc.", kind="license", signed=None)
    return [
        PressRelease(
            source=Source(path="in/a.pdf", sha256="a" * 64, pages=2, format="pdf"),
            published_on=DateValue(value="2019-08-30", precision="day", text="2019年8月30日"),
            issuer=issuer,
            title="連携協定締結のお知らせ",
            partnerships=[announced, prior],
            warnings=["page 3 was not read"],
        ),
        PressRelease(source=Source(path="in/b.html", sha256="b" * 64, pages=1, format="html")),
        PressRelease(
            source=Source(path="in/c.pdf", sha256=None),
            error=ErrorInfo(kind="encrypted", message="the PDF needs a password to open: decrypt it first"),
        ),
    ]


def write_jsonl(path: Path, records: list[PressRelease]) -> None:
    path.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")


def test_jsonl_imported_into_the_database_comes_back_equal(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    jsonl, db = tmp_path / "out.jsonl", tmp_path / "r.sqlite"
    records = rich_records()
    write_jsonl(jsonl, records)
    assert main(["import", str(jsonl), "--db", str(db)]) == 0
    with open_store(db, read_only=True) as store:
        back = list(store.records())
    assert "".join(r.model_dump_json() + "\n" for r in back) == jsonl.read_text(encoding="utf-8")
    capfd.readouterr()
    assert main(["import", str(jsonl), "--db", str(db)]) == 0  # a second import changes nothing
    # a.pdf and b.pdf are skipped; c.pdf, which could not be hashed, replaces its earlier row
    assert "imported 1 document (0 partnerships), 2 skipped" in capfd.readouterr().err


def test_a_run_into_the_database_stores_what_jsonl_would_hold(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "in", {"a.pdf": "1", "b.pdf": "0", "c.txt": "3"})
    assert main([str(folder), "-o", str(tmp_path / "out.jsonl"), "--quiet"]) == 0
    assert main([str(folder), "--db", str(tmp_path / "r.sqlite"), "--quiet"]) == 0
    with open_store(tmp_path / "r.sqlite", read_only=True) as store:
        stored = [r.model_dump() for r in store.records()]
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert stored == [PressRelease.model_validate_json(line).model_dump() for line in lines]


def test_import_skips_lines_that_are_not_records_and_says_so(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    jsonl = tmp_path / "out.jsonl"
    write_jsonl(jsonl, rich_records()[:2])
    with open(jsonl, "a", encoding="utf-8") as stream:
        stream.write('{"source": {"path": "cut by a ki')
    assert main(["import", str(jsonl), "--db", str(tmp_path / "r.sqlite")]) == 1
    err = capfd.readouterr().err
    assert f"{jsonl}:3: not a record, skipped" in err and "imported 2 documents" in err


# --------------------------------------------------------------------------------------------
# resume, --force, changed files


def test_documents_stored_are_skipped_unless_forced(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    folder = make_folder(tmp_path / "in", {"a.pdf": "1", "b.pdf": "2"})
    db = str(tmp_path / "r.sqlite")
    assert main([str(folder), "--db", db]) == 0
    (folder / "c.pdf").write_text("1 c", encoding="utf-8")
    (folder / "a.pdf").write_text("3 changed", encoding="utf-8")  # new content at an old path
    capfd.readouterr()
    assert main([str(folder), "--db", db]) == 0
    assert "2 documents, 4 partnerships, 0 errors, 1 skipped" in capfd.readouterr().err
    assert main([str(folder), "--db", db, "--force"]) == 0
    assert "3 documents, 6 partnerships, 0 errors" in capfd.readouterr().err
    with open_store(db, read_only=True) as store:
        paths = sorted(r.source.path or "" for r in store.records())
        counts = store.connection.execute("SELECT count(*) FROM partnerships").fetchone()
    assert paths == [str(folder / n) for n in ("a.pdf", "b.pdf", "c.pdf")]  # the old a.pdf is gone
    assert counts == (6,)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--db", "r.sqlite", "-o", "out.jsonl"], "either -o OUT or --db FILE"),
        (["--force"], "--force needs --db"),
        (["--db", "r.sqlite", "--resume"], "drop --resume"),
    ],
)
def test_database_options_that_cannot_go_together_are_usage_errors(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    folder = make_folder(tmp_path / "in", {"a.pdf": "1"})
    arguments = [str(tmp_path / a) if a.endswith((".sqlite", ".jsonl")) else a for a in arguments]
    assert main([str(folder), *arguments]) == 2
    assert message in capfd.readouterr().err
    assert not (tmp_path / "r.sqlite").exists()


def test_a_folder_named_query_is_read_when_written_as_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    make_folder(tmp_path / "query", {"a.pdf": "1"})
    monkeypatch.chdir(tmp_path)
    assert main(["./query", "--db", "r.sqlite"]) == 0
    assert main(["query", "--db", "r.sqlite", "--org", "B大学", "--format", "jsonl"]) == 0
    found = [json.loads(line) for line in capfd.readouterr().out.splitlines()]
    assert [f["document"]["path"] for f in found] == ["./query/a.pdf"]
    assert main(["query"]) == 2  # the command, not the folder: its options are asked for


# --------------------------------------------------------------------------------------------
# query


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    db = tmp_path / "r.sqlite"
    records = [
        PressRelease(source=Source(path="y2023", sha256="1"), partnerships=[partnership("A株式会社", "B大学", signed="2023")]),
        PressRelease(
            source=Source(path="d2024", sha256="2"),
            partnerships=[partnership("A株式会社", "C市", kind="mou", signed="2024-03-05"), partnership("D", "E", signed="2024")],
        ),
        PressRelease(source=Source(path="undated", sha256="3"), partnerships=[partnership("㈱A", "F", signed=None)]),
    ]
    records[1].partnerships[0].role = "prior"
    with open_store(db) as store:
        for record in records:
            store.add(record)
    return db


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], ["y2023", "d2024", "undated"]),  # oldest first, undated last
        (["--type", "mou"], ["d2024"]),
        (["--role", "announced"], ["y2023", "undated"]),
        (["--since", "2023-06"], ["y2023", "d2024"]),  # "2023" overlaps June 2023 onwards
        (["--since", "2024-03-06"], []),
        (["--until", "2023-12-31"], ["y2023"]),
        (["--since", "2024", "--until", "2024-03"], ["d2024"]),
    ],
)
def test_query_filters(
    filled: Path, capfd: pytest.CaptureFixture[str], options: list[str], expected: list[str]
) -> None:
    status = main(["query", "--db", str(filled), "--org", "Ａ", "--format", "jsonl", *options])
    found = [json.loads(line) for line in capfd.readouterr().out.splitlines()]
    assert [f["document"]["path"] for f in found] == expected
    assert status == (0 if expected else 1)


def test_query_prints_a_table_or_csv(filled: Path, capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "--db", str(filled), "--org", "A株式会社"]) == 0
    table = capfd.readouterr().out.splitlines()
    assert table[0] == "3 partnerships of A株式会社"
    assert table[1].split() == ["signed", "role", "type", "agreement", "partners", "conf", "document"]
    assert table[3].split() == ["2023", "announced", "partnership_agreement", "連携協定", "B大学", "0.9", "y2023"]
    assert main(["query", "--db", str(filled), "--org", "A", "--format", "csv"]) == 0
    rows = capfd.readouterr().out.splitlines()
    assert rows[0].startswith("organisation,signed_on,") and len(rows) == 4
    assert main(["query", "--db", str(filled), "--org", "Z"]) == 1
    assert "no organisation 'Z'" in capfd.readouterr().err


# --------------------------------------------------------------------------------------------
# files that are not ours, and where nothing can be written


def foreign_database(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO users VALUES (1, 'alice')")
    conn.close()


def newer_database(path: Path) -> None:
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'later')")
    conn.close()


def damaged_database(path: Path) -> None:
    open_store(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page overwritten
    path.write_bytes(bytes(data))


BAD_FILES = {
    "not_a_database": lambda p: p.write_text('{"source": {"path": "a.pdf"}}\n', encoding="utf-8"),
    "corrupt": damaged_database,
    "foreign": foreign_database,
    "too_new": newer_database,
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_file_that_is_not_our_database_is_refused_and_left_as_it_was(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], kind: str
) -> None:
    db = tmp_path / "r.sqlite"
    BAD_FILES[kind](db)
    for suffix in ("-wal", "-shm"):  # what making the file left beside it
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    before = db.read_bytes()
    folder = make_folder(tmp_path / "in", {"a.pdf": "1"})
    jsonl = tmp_path / "out.jsonl"
    write_jsonl(jsonl, rich_records())
    capfd.readouterr()
    for command in ([str(folder), "--db", str(db)], ["import", str(jsonl), "--db", str(db)], ["query", "--db", str(db), "--org", "A"]):
        assert main(command) == 2
        err = capfd.readouterr().err
        assert err.startswith(f"mou-extract: error: {db}: ") and "Traceback" not in err
    with pytest.raises(StoreError) as refused:
        open_store(db)
    assert refused.value.kind == kind
    assert db.read_bytes() == before
    assert siblings(db) == set()


_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _drop_root_file_powers() -> None:
    """In the child before exec: root without these capabilities obeys file modes like anyone."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop a capability")


def run_as_ordinary_user(args: list[str]) -> subprocess.CompletedProcess[str]:
    """The command as an ordinary user: root would write into a read-only folder anyway."""
    if os.geteuid() != 0:
        return run_real(args)
    return run_real(args, preexec_fn=_drop_root_file_powers)


@pytest.mark.parametrize("existing", [False, True])
def test_a_read_only_location_is_reported_not_a_traceback(tmp_path: Path, existing: bool) -> None:
    folder = make_folder(tmp_path / "in", {"a.pdf": "1"})
    locked = tmp_path / "locked"
    locked.mkdir()
    db = locked / "r.sqlite"
    if existing:
        assert main([str(folder), "--db", str(db), "--quiet"]) == 0
        db.chmod(0o444)
    before = db.read_bytes() if existing else None
    locked.chmod(0o555)
    try:
        result = run_as_ordinary_user([str(folder), "--db", str(db)])
        assert result.returncode == 2, result.stderr
        assert "read-only" in result.stderr and "Traceback" not in result.stderr
        assert (db.read_bytes() if existing else None) == before and siblings(db) == set()
        if existing:  # reading needs no write: the database can still be queried
            found = run_as_ordinary_user(["query", "--db", str(db), "--org", "B大学", "--format", "csv"])
            assert found.returncode == 0, found.stderr
            assert len(found.stdout.splitlines()) == 2 and siblings(db) == set()
    finally:
        locked.chmod(0o755)


# --------------------------------------------------------------------------------------------
# migration

VERSION_1 = """
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY, identity_key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, legal_form TEXT,
    kind TEXT NOT NULL, aliases TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT UNIQUE, format TEXT, pages INTEGER NOT NULL DEFAULT 0,
    published_on TEXT, published_precision TEXT, published_text TEXT, title TEXT,
    issuer_id INTEGER REFERENCES organisations(id), issuer TEXT, warnings TEXT NOT NULL DEFAULT '[]',
    error_kind TEXT, error_message TEXT
);
CREATE INDEX documents_by_path ON documents(path);
CREATE INDEX documents_by_issuer ON documents(issuer_id);
CREATE TABLE partnerships (
    id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, agreement_type TEXT NOT NULL, agreement_label TEXT NOT NULL, signed_on TEXT,
    signed_precision TEXT, signed_text TEXT, role TEXT NOT NULL, confidence REAL NOT NULL,
    UNIQUE (document_id, position)
);
CREATE INDEX partnerships_by_signed_on ON partnerships(signed_on);
CREATE INDEX partnerships_by_type ON partnerships(agreement_type, signed_on);
CREATE TABLE parties (
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE, position INTEGER NOT NULL,
    organisation_id INTEGER REFERENCES organisations(id), name TEXT, aliases TEXT NOT NULL DEFAULT '[]',
    legal_form TEXT, kind TEXT NOT NULL, description TEXT, PRIMARY KEY (partnership_id, position)
) WITHOUT ROWID;
CREATE INDEX parties_by_organisation ON parties(organisation_id, partnership_id);
CREATE TABLE evidence (
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE, position INTEGER NOT NULL,
    page INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (partnership_id, position)
) WITHOUT ROWID;
PRAGMA application_id = 1297044824;
INSERT INTO schema_version VALUES (1, '2024-01-01T00:00:00+00:00');
INSERT INTO organisations VALUES (1, 'ゼンリン', '株式会社ゼンリン', '株式会社', 'company', '["ゼンリン社", "ZENRIN"]');
INSERT INTO organisations VALUES (2, '横浜市', '横浜市', NULL, 'government', '[]');
INSERT INTO documents VALUES (1, 'in/a.pdf', 'abc', 'pdf', 1, '2019-08-30', 'day', NULL, '連携協定のお知らせ',
    1, '{"name":"株式会社ゼンリン","aliases":[],"legal_form":"株式会社","kind":"company","description":null}',
    '[]', NULL, NULL);
INSERT INTO partnerships VALUES (1, 1, 0, 'partnership_agreement', '連携協定', '2019-08-30', 'day', NULL, 'announced', 0.9);
INSERT INTO parties VALUES (1, 0, 1, '株式会社ゼンリン', '["ゼンリン社"]', '株式会社', 'company', NULL);
INSERT INTO parties VALUES (1, 1, 2, '横浜市', '[]', NULL, 'government', NULL);
INSERT INTO evidence VALUES (1, 0, 1, 5, 9, '連携協定');
"""


def schema_of(conn: sqlite3.Connection) -> dict[str, object]:
    tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    indexes = conn.execute(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
    ).fetchall()
    columns = {t: conn.execute(f"PRAGMA table_info({t})").fetchall() for t in tables}
    keys = {t: conn.execute(f"PRAGMA foreign_key_list({t})").fetchall() for t in tables}
    return {"tables": tables, "indexes": indexes, "columns": columns, "foreign keys": keys}


def test_a_version_1_database_is_migrated_keeping_its_data(tmp_path: Path) -> None:
    old = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(old)
    conn.executescript(VERSION_1)
    conn.close()
    with open_store(old) as store:
        versions = store.connection.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
        aliases = store.connection.execute("SELECT alias, alias_key FROM organisation_aliases ORDER BY alias").fetchall()
        (record,) = store.records()
        by_alias = store.query("ZENRIN")
        migrated = schema_of(store.connection)
        assert store.connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert store.connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with open_store(tmp_path / "fresh.sqlite") as fresh:
        assert migrated == schema_of(fresh.connection)
    assert versions == [(1,), (SCHEMA_VERSION,)]
    assert aliases == [("ZENRIN", "zenrin"), ("ゼンリン社", "ゼンリン社")]
    assert record.partnerships[0].parties[0].aliases == ["ゼンリン社"]
    assert record.partnerships[0].evidence[0].text == "連携協定"
    assert [f.path for f in by_alias] == ["in/a.pdf"]


# --------------------------------------------------------------------------------------------
# a reader while a run writes

CLI_WITH_SLOW_STAND_IN = """
import sys, time
from pathlib import Path
import mou_extract.batch as batch
from mou_extract.cli import main
from mou_extract.models import DateValue, Organization, Partnership, PressRelease, Source

def slow(path, *, max_pages):
    time.sleep(0.04)
    partnership = Partnership(
        parties=[Organization(name="A株式会社"), Organization(name="B大学")], agreement_type="mou",
        agreement_label="覚書", signed_on=DateValue(value="2020", precision="year"), role="announced",
        confidence=0.9,
    )
    return PressRelease(source=Source(path=path, pages=1), partnerships=[partnership] * 3)

batch._load_default_extract = lambda: slow
sys.exit(main(sys.argv[1:]))
"""


def snapshot_held_while_the_run_goes_on(db: Path) -> tuple[int, int, int]:
    """Documents seen by a reader at the start and the end of a read transaction of 0.4 s, and
    by another reader at its end: in WAL mode the run commits meanwhile (a rollback journal
    would make it wait for the reader)."""
    count = "SELECT count(*) FROM documents"
    with open_store(db, read_only=True) as reader, open_store(db, read_only=True) as other:
        assert reader.connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        reader.connection.execute("BEGIN")
        before = reader.connection.execute(count).fetchone()[0]
        time.sleep(0.4)
        during = reader.connection.execute(count).fetchone()[0]
        outside = other.connection.execute(count).fetchone()[0]
        reader.connection.execute("COMMIT")
    return before, during, outside


def test_a_reader_queries_while_a_run_writes(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "in", {f"{n:02d}.pdf": f"{n}" for n in range(60)})
    db = tmp_path / "r.sqlite"
    writer = subprocess.Popen(
        [sys.executable, "-c", CLI_WITH_SLOW_STAND_IN, str(folder), "--db", str(db), "--workers", "2", "--quiet"],
        stderr=subprocess.PIPE,
    )
    seen: list[int] = []
    held: tuple[int, int, int] | None = None
    try:
        while writer.poll() is None:
            try:
                store = open_store(db, read_only=True)
            except StoreError:
                time.sleep(0.01)  # not created yet
                continue
            with store:
                store.connection.execute("BEGIN")  # one snapshot for both counts
                documents = store.connection.execute("SELECT count(*) FROM documents").fetchone()[0]
                found = store.query("A株式会社")
                store.connection.execute("COMMIT")
            assert len(found) == 3 * documents  # never half a document
            seen.append(documents)
            if 5 <= documents < 40 and not held:
                held = snapshot_held_while_the_run_goes_on(db)
            time.sleep(0.01)
    finally:
        if writer.poll() is None:
            writer.kill()
        _, err = writer.communicate(timeout=30)
    assert writer.returncode == 0, err
    assert seen == sorted(seen) and len({n for n in seen if 0 < n < 60}) >= 3, seen  # it read while writing
    assert held is not None
    before, during, outside = held
    assert before == during < outside  # the reader kept its snapshot and did not hold the run up
    with open_store(db, read_only=True) as store:
        assert len(store.query("B大学")) == 180


# --------------------------------------------------------------------------------------------
# the real pipeline: acceptance, kill -9, the README's SQL


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("samples") / "r.sqlite"
    result = run_real([str(SAMPLES), "--db", str(db), "--quiet"], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return db


@pytest.mark.parametrize("name", ["ソラトス製薬", "新潟県長岡市", "ＬＩＮＫ－Ｊ", "横浜市", "Kestrel Biologics Inc"])
def test_query_lists_exactly_the_partnerships_of_a_sample_party(samples_db: Path, name: str) -> None:
    result = run_real(["query", "--db", str(samples_db), "--org", name, "--format", "jsonl"])
    assert result.returncode == 0, result.stderr
    listed = sorted(
        json.dumps({"path": f.pop("document")["path"], "organisation": f.pop("organisation"), **f}, ensure_ascii=False)
        for f in map(json.loads, result.stdout.splitlines())
    )
    with open_store(samples_db, read_only=True) as store:
        ((_, canonical),) = store.organisations_named(name)
        key = identity_key(canonical)
        expected = sorted(
            json.dumps({"path": r.source.path, "organisation": canonical, **p.model_dump(mode="json")}, ensure_ascii=False)
            for r in store.records()
            for p in r.partnerships
            if any(party.name and identity_key(party.name) == key for party in p.parties)
        )
    assert listed and listed == expected


def test_every_sample_is_stored_once(samples_db: Path) -> None:
    files = batch.expand_paths([SAMPLES])
    with open_store(samples_db, read_only=True) as store:
        paths = [p for (p,) in store.connection.execute("SELECT path FROM documents")]
    assert sorted(paths) == sorted(files)


def readme_sql() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sql\n(.*?)```", readme, flags=re.DOTALL)


def test_the_readme_sql_examples_run_as_printed(samples_db: Path) -> None:
    examples = readme_sql()
    assert len(examples) == 3
    conn = sqlite3.connect(f"file:{samples_db}?mode=ro", uri=True)
    for example in examples:
        assert conn.execute(example).fetchall(), example
    conn.close()


def stored_count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created yet


def by_content(db: Path) -> dict[str | None, str]:
    """Each stored record without its path, by sha256."""
    with open_store(db, read_only=True) as store:
        records = list(store.records())
    assert len({r.source.sha256 for r in records}) == len(records)
    return {r.source.sha256: r.model_copy(update={"source": r.source.model_copy(update={"path": None})}).model_dump_json() for r in records}


def test_kill_9_mid_run_then_rerun_leaves_every_document_once(tmp_path: Path, samples_db: Path) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        shutil.copy(pdf, folder / pdf.name)
    total = len(list(folder.iterdir()))
    db = tmp_path / "k.sqlite"
    first = subprocess.Popen(
        [sys.executable, "-m", "mou_extract.cli", str(folder), "--db", str(db), "--workers", "2", "--quiet"],
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while stored_count(db) < 3 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    first.send_signal(signal.SIGKILL)
    first.wait()
    stored = stored_count(db)
    assert 3 <= stored < total, "the run was not killed half-way"
    reference = by_content(samples_db)
    killed = by_content(db)
    assert all(killed[sha] == reference[sha] for sha in killed)  # whole documents only

    second = run_real([str(folder), "--db", str(db)])
    assert second.returncode == 0, second.stderr
    assert f"{total - stored} documents" in second.stderr and f"{stored} skipped" in second.stderr
    final = by_content(db)
    assert len(final) == total and all(final[sha] == reference[sha] for sha in final)
    with open_store(db, read_only=True) as store:
        paths = sorted(p for (p,) in store.connection.execute("SELECT path FROM documents"))
        assert store.connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert paths == sorted(str(p) for p in folder.iterdir())
