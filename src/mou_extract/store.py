"""The results database: an embedded SQLite file (Python's own ``sqlite3``, no server) that
analysts can query with SQL, and that ``mou-extract PATH... --db FILE`` resumes from.

Tables (``PRAGMA foreign_keys`` on; deleting a document deletes its partnerships, parties and
evidence):

* ``documents``: path, sha256 (unique: one row per content), format, pages, published_on (+
  precision and the words it was read from), title, issuer (``issuer_id`` → organisations, and
  the issuer as written, JSON), warnings (JSON array), error_kind / error_message, stored_at.
* ``organisations``: one row per distinct organisation: identity_key (unique, see below),
  canonical name, legal_form, kind; ``organisation_aliases`` holds every other name it was
  written as or aliased by (with the alias's own key, indexed).
* ``partnerships``: document, position in the document, agreement_type, agreement_label,
  signed_on (+ signed_precision, signed_text), role, confidence.
* ``parties``: partnership × organisation (``organisation_id`` is NULL for an unnamed party),
  with the party as the document wrote it (name, aliases, legal_form, kind, description).
* ``evidence``: partnership, page, start, end, text.
* ``schema_version``: one row per schema version applied; :data:`SCHEMA_VERSION` is current.
  ``PRAGMA application_id`` marks the file as mou-extract's.

Organisation identity. Two names are one organisation when their :func:`identity_key` is equal,
and only then; a key is never matched by prefix or containment, so 横浜市 and 横浜市立大学, or
ソラミチ and ソラミチ物流, stay two organisations. The key is the name

1. NFKC-normalised: full-width Latin and digits become ASCII, half-width katakana full-width,
   ㈱ and （株） become (株);
2. without one legal form at its start and one at its end (``data/legal_forms.tsv``: 株式会社X,
   X株式会社, (株)X and X are one; a Latin form such as Inc. or GmbH only when a space or comma
   separates it from the name, so the "ag" of "Hag" stays);
3. without spaces, middle dots, commas and full stops, with dashes unified, case-folded;
4. without a prefecture in front of a city, ward, town or village (神奈川県横浜市 → 横浜市;
   長野県 and 長野県教育委員会 keep theirs).

Known limit: two towns of one name in different prefectures (府中市) written without their
prefecture are one row. References (当社, 本学 …) never name an organisation, so they are neither
aliases nor parties' organisations.

Writes: WAL mode (readers query while a run writes), each document in one transaction (a killed
run leaves no half document), a document whose sha256 is stored is skipped unless ``replace``.
A file that is not SQLite, is damaged, or belongs to another program is refused with a
:class:`StoreError` and never written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import json
import os
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Literal, get_args
from urllib.parse import quote

from .batch import UsageError
from .lexicon import load_table, load_words
from .models import (
    AgreementType,
    DateValue,
    ErrorInfo,
    Evidence,
    Organization,
    Partnership,
    PressRelease,
    Role,
    Source,
)

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "Found",
    "ImportSummary",
    "Store",
    "StoreError",
    "StoreErrorKind",
    "identity_key",
    "import_jsonl",
    "open_store",
]

SCHEMA_VERSION = 2
# "MOUX": marks the file as a mou-extract database, so another program's file is recognised.
APPLICATION_ID = 0x4D4F5558
_SQLITE_MAGIC = b"SQLite format 3\x00"
# Long enough to wait out a concurrent run's single-document transaction.
_BUSY_TIMEOUT_SECONDS = 30.0

StoreErrorKind = Literal["missing", "not_a_database", "corrupt", "foreign", "too_new", "read_only", "unavailable"]
STORE_ERROR_KINDS: tuple[StoreErrorKind, ...] = get_args(StoreErrorKind)


class StoreError(UsageError):
    """The database file cannot be used as asked; ``kind`` says why. Nothing was written."""

    def __init__(self, kind: StoreErrorKind, path: Path, message: str) -> None:
        self.kind: StoreErrorKind = kind
        self.path = path
        super().__init__(f"{path}: {message}")


# --------------------------------------------------------------------------------------------
# organisation identity


@functools.cache
def _legal_forms() -> tuple[tuple[str, bool, bool], ...]:
    """(normalised form, may stand first, may stand last), longest first."""
    forms: dict[str, tuple[bool, bool]] = {}
    for row in load_table("legal_forms"):
        form = unicodedata.normalize("NFKC", row[0]).casefold()
        where = row[1] if len(row) > 1 else "both"
        forms[form] = (where in ("prefix", "both"), where in ("suffix", "both"))
    return tuple((form, *places) for form, places in sorted(forms.items(), key=lambda kv: -len(kv[0])))


@functools.cache
def _references() -> frozenset[str]:
    return frozenset(unicodedata.normalize("NFKC", word) for word in load_words("org_references"))


_PREFECTURES = (
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県 "
    "新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 "
    "奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 "
    "熊本県 大分県 宮崎県 鹿児島県 沖縄県"
).split()
_PREFECTURE_BEFORE_MUNICIPALITY = re.compile(f"^(?:{'|'.join(_PREFECTURES)})(?=.+[市区町村]$)")
_SEPARATORS = re.compile(r"[\s・･·,.、。]+")
_DASHES = re.compile(r"[‐‑‒–—―−﹣]")
_LATIN = re.compile(r"[a-z]")


def _strip_legal_forms(name: str) -> str:
    """One legal form off the start and one off the end; a Latin form only at a word break."""
    for form, first, _ in _legal_forms():
        if first and name.startswith(form) and len(name) > len(form):
            rest = name[len(form) :]
            if not _LATIN.search(form) or rest[0] in " ,":
                name = rest.lstrip(" ,")
                break
    for form, _, last in _legal_forms():
        if last and name.endswith(form) and len(name) > len(form):
            rest = name[: -len(form)]
            if not _LATIN.search(form) or rest[-1] in " ,":
                name = rest.rstrip(" ,")
                break
    return name


def identity_key(name: str) -> str:
    """The key two names of one organisation share (the rule is in the module docstring)."""
    folded = unicodedata.normalize("NFKC", name).casefold().strip()
    folded = re.sub(r"\s+", " ", folded)
    key = _SEPARATORS.sub("", _DASHES.sub("-", _strip_legal_forms(folded)))
    return _PREFECTURE_BEFORE_MUNICIPALITY.sub("", key)


def _is_reference(name: str) -> bool:
    return unicodedata.normalize("NFKC", name).strip() in _references()


# --------------------------------------------------------------------------------------------
# schema and migrations

_SCHEMA = """
CREATE TABLE schema_version (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
);
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    identity_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    legal_form TEXT,
    kind TEXT NOT NULL
);
CREATE INDEX organisations_by_kind ON organisations(kind);
CREATE TABLE organisation_aliases (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    alias_key TEXT NOT NULL,
    PRIMARY KEY (organisation_id, alias)
) WITHOUT ROWID;
CREATE INDEX organisation_aliases_by_key ON organisation_aliases(alias_key);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT UNIQUE,
    format TEXT,
    pages INTEGER NOT NULL DEFAULT 0,
    published_on TEXT,
    published_precision TEXT,
    published_text TEXT,
    title TEXT,
    issuer_id INTEGER REFERENCES organisations(id),
    issuer TEXT,
    warnings TEXT NOT NULL DEFAULT '[]',
    error_kind TEXT,
    error_message TEXT,
    stored_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX documents_by_path ON documents(path);
CREATE INDEX documents_by_issuer ON documents(issuer_id);
CREATE INDEX documents_by_published_on ON documents(published_on);
CREATE TABLE partnerships (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    agreement_type TEXT NOT NULL,
    agreement_label TEXT NOT NULL,
    signed_on TEXT,
    signed_precision TEXT,
    signed_text TEXT,
    role TEXT NOT NULL,
    confidence REAL NOT NULL,
    UNIQUE (document_id, position)
);
CREATE INDEX partnerships_by_signed_on ON partnerships(signed_on);
CREATE INDEX partnerships_by_type ON partnerships(agreement_type, signed_on);
CREATE INDEX partnerships_by_role ON partnerships(role, signed_on);
CREATE TABLE parties (
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    organisation_id INTEGER REFERENCES organisations(id),
    name TEXT,
    aliases TEXT NOT NULL DEFAULT '[]',
    legal_form TEXT,
    kind TEXT NOT NULL,
    description TEXT,
    PRIMARY KEY (partnership_id, position)
) WITHOUT ROWID;
CREATE INDEX parties_by_organisation ON parties(organisation_id, partnership_id);
CREATE TABLE evidence (
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    page INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (partnership_id, position)
) WITHOUT ROWID;
"""


def _execute_script(conn: sqlite3.Connection, script: str) -> None:
    """The statements one by one: ``executescript`` would commit the open transaction first.
    (No statement here holds a semicolon inside.)"""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Version 1 kept an organisation's aliases as a JSON array in ``organisations.aliases``,
    which no index can search; version 2 gives them a table (with each alias's identity key),
    records when each document was stored, and adds the indexes for date and role questions."""
    _execute_script(
        conn,
        """
        CREATE TABLE organisation_aliases (
            organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            alias_key TEXT NOT NULL,
            PRIMARY KEY (organisation_id, alias)
        ) WITHOUT ROWID;
        CREATE INDEX organisation_aliases_by_key ON organisation_aliases(alias_key);
        """
    )
    for organisation_id, aliases in conn.execute("SELECT id, aliases FROM organisations").fetchall():
        for alias in json.loads(aliases or "[]"):
            conn.execute(
                "INSERT OR IGNORE INTO organisation_aliases VALUES (?, ?, ?)",
                (organisation_id, alias, identity_key(alias)),
            )
    # The table is rebuilt rather than ALTER ... DROP COLUMN, which needs SQLite 3.35.
    _execute_script(
        conn,
        """
        CREATE TABLE organisations_v2 (
            id INTEGER PRIMARY KEY,
            identity_key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            legal_form TEXT,
            kind TEXT NOT NULL
        );
        INSERT INTO organisations_v2 SELECT id, identity_key, name, legal_form, kind FROM organisations;
        DROP TABLE organisations;
        ALTER TABLE organisations_v2 RENAME TO organisations;
        CREATE INDEX organisations_by_kind ON organisations(kind);
        ALTER TABLE documents ADD COLUMN stored_at TEXT NOT NULL DEFAULT '';
        CREATE INDEX IF NOT EXISTS documents_by_published_on ON documents(published_on);
        CREATE INDEX IF NOT EXISTS partnerships_by_role ON partnerships(role, signed_on);
        """
    )


# MIGRATIONS[n] turns a version-n database into version n + 1; each runs in one transaction.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _migrate_1_to_2}


# --------------------------------------------------------------------------------------------
# opening


def _uri(path: Path, mode: str, immutable: bool) -> str:
    return f"file:{quote(str(path.absolute()))}?mode={mode}" + ("&immutable=1" if immutable else "")


def _nothing_beside(path: Path) -> bool:
    """No FILE-wal beside it: the file alone holds everything committed, and it can be read as
    immutable, which creates no FILE-wal / FILE-shm (a refused file gets nothing beside it; a
    database in a read-only location can still be queried)."""
    return not Path(f"{path}-wal").exists()


def _connect(path: Path, mode: Literal["ro", "rw", "rwc"], *, immutable: bool = False) -> sqlite3.Connection:
    # isolation_level None: transactions are begun and ended explicitly, one per document
    uri = _uri(path, mode, immutable)
    conn = sqlite3.connect(uri, uri=True, timeout=_BUSY_TIMEOUT_SECONDS, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _check_header(path: Path) -> bool:
    """True when the file is empty (a new database); refuse anything that is not SQLite before
    SQLite itself ever opens it."""
    try:
        with open(path, "rb") as stream:
            header = stream.read(len(_SQLITE_MAGIC))
    except PermissionError:
        raise StoreError("read_only", path, "cannot read the file (permission denied)") from None
    except OSError as error:
        raise StoreError("unavailable", path, f"cannot read the file: {error.strerror}") from None
    if not header:
        return True
    if header != _SQLITE_MAGIC:
        raise StoreError(
            "not_a_database",
            path,
            "not an SQLite database (is it the JSONL output? load that with `mou-extract import`); "
            "refusing to touch it, give another --db file",
        )
    return False


def _sqlite_error(path: Path, error: sqlite3.Error, *, writing: bool) -> StoreError:
    """Turn what sqlite3 raises into a StoreError that says what to do."""
    text = str(error)
    if "readonly" in text or not _writable_location(path):
        # even a reader of a WAL database needs to create FILE-shm beside it
        action = "write" if writing else "open"
        return StoreError("read_only", path, f"the location is read-only, cannot {action} the database ({text})")
    if isinstance(error, sqlite3.OperationalError) and "locked" not in text and "unable to open" in text:
        return StoreError("unavailable", path, f"cannot open the database ({text})")
    if isinstance(error, sqlite3.OperationalError):
        return StoreError("unavailable", path, f"the database cannot be used right now ({text})")
    return StoreError("corrupt", path, f"the database is damaged ({text}); it was not changed")


def _writable_location(path: Path) -> bool:
    """A WAL database needs its folder writable too (for the -wal and -shm files)."""
    folder = path.absolute().parent
    if not os.access(folder, os.W_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def _inspect(path: Path) -> int | None:
    """The schema version of an existing mou-extract database, None for an SQLite file without
    any table yet; refuse another program's database or a newer schema. Reads only."""
    try:
        conn = _connect(path, "ro", immutable=_nothing_beside(path))
        try:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables and application_id in (0, APPLICATION_ID):
                return None
            if application_id != APPLICATION_ID or "schema_version" not in tables:
                listed = ", ".join(sorted(tables)) or "none"
                raise StoreError(
                    "foreign",
                    path,
                    f"an SQLite database of another program (tables: {listed}); mou-extract will not "
                    "write into it, give another --db file",
                )
            version = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as error:
        raise _sqlite_error(path, error, writing=False) from None
    if not isinstance(version, int) or version < 1:
        raise StoreError("corrupt", path, "its schema_version table holds no version; it was not changed")
    if version > SCHEMA_VERSION:
        raise StoreError(
            "too_new",
            path,
            f"made by a newer mou-extract (schema version {version}, this one knows up to "
            f"{SCHEMA_VERSION}): upgrade mou-extract",
        )
    return version


def _initialise(conn: sqlite3.Connection) -> None:
    with _transaction(conn):
        # another process may have initialised it since we looked
        if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            return
        _execute_script(conn, _SCHEMA)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("INSERT INTO schema_version VALUES (?, ?)", (SCHEMA_VERSION, _now()))


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema to :data:`SCHEMA_VERSION`, all steps in one transaction."""
    # a table rebuild must not cascade deletes or fail the foreign-key check half-way
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with _transaction(conn):
            version = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](conn)
                version += 1
                conn.execute("INSERT INTO schema_version VALUES (?, ?)", (version, _now()))
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise sqlite3.DatabaseError(f"foreign keys broken by the migration: {problems[:3]}")
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    # IMMEDIATE takes the write lock at once: a concurrent writer waits instead of failing late
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def open_store(path: str | os.PathLike[str], *, read_only: bool = False) -> Store:
    """Open (creating or migrating it when writing) the database at ``path``.

    Raises :class:`StoreError` for a folder, a missing file (``read_only``), a file that is not
    SQLite, a damaged one, another program's database, a newer schema, or a location that cannot
    be written; the file is then left exactly as it was.
    """
    path = Path(path)
    if path.is_dir():
        raise StoreError("unavailable", path, "is a folder, not a database file")
    exists = path.exists()
    if read_only and not exists:
        raise StoreError("missing", path, "no such database (create it with `mou-extract PATH... --db FILE`)")
    if not read_only and not _writable_location(path):
        raise StoreError("read_only", path, "the location is read-only, cannot write the database here")
    version = None if not exists or _check_header(path) else _inspect(path)
    if read_only and version is None:
        raise StoreError("missing", path, "an empty file, not yet a mou-extract database")
    writing = not read_only or version != SCHEMA_VERSION  # an older schema is migrated first
    if writing and not _writable_location(path):
        raise StoreError("read_only", path, "an older schema to migrate, but the location is read-only")
    try:
        # a reader that could not create FILE-shm reads the file as it is (nothing is in a WAL)
        immutable = not writing and not _writable_location(path) and _nothing_beside(path)
        conn = _connect(path, "rwc" if writing else "ro", immutable=immutable)
        try:
            _prepare(conn, version, writing=writing)
        except BaseException:
            conn.close()
            raise
    except sqlite3.Error as error:
        raise _sqlite_error(path, error, writing=writing) from None
    return Store(conn, path)


def _prepare(conn: sqlite3.Connection, version: int | None, *, writing: bool) -> None:
    if not writing:
        return
    # WAL: a reader sees the last committed document while a run writes the next one; NORMAL
    # sync keeps every committed transaction across a kill (only a power cut may lose the last).
    if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
        raise sqlite3.OperationalError("readonly: cannot switch the database to WAL mode")
    conn.execute("PRAGMA synchronous = NORMAL")
    if version is None:
        _initialise(conn)
    elif version < SCHEMA_VERSION:
        _migrate(conn)


# --------------------------------------------------------------------------------------------
# the store


@dataclasses.dataclass(frozen=True)
class Found:
    """A partnership listed by :meth:`Store.query`, with the organisation asked for and the
    document it came from."""

    organisation: str
    path: str
    sha256: str | None
    published_on: str | None
    title: str | None
    partnership: Partnership
    partners: tuple[str, ...]  # the other parties, as written (an unnamed one by its description)


class Store:
    """An open results database. Use :func:`open_store`; close it (or use ``with``)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The sqlite3 connection, for one's own SQL."""
        return self._conn

    # writing ------------------------------------------------------------------------------

    def has_document(self, sha256: str) -> bool:
        row = self._conn.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return row is not None

    def add(self, record: PressRelease, *, replace: bool = False) -> bool:
        """Store one document in one transaction. A document whose sha256 is stored already is
        left alone (False) unless ``replace``; an earlier document of the same path (an older
        version of the file) is replaced."""
        try:
            with _transaction(self._conn):
                return self._add(record, replace=replace)
        except sqlite3.Error as error:
            raise _sqlite_error(self.path, error, writing=True) from None

    def _add(self, record: PressRelease, *, replace: bool) -> bool:
        source = record.source
        if source.sha256 is not None and self.has_document(source.sha256):
            if not replace:
                return False
            self._delete_documents("sha256 = ?", source.sha256)
        if source.path is not None:
            self._delete_documents("path = ?", source.path)
        document_id = self._insert_document(record)
        for position, partnership in enumerate(record.partnerships):
            self._insert_partnership(document_id, position, partnership)
        return True

    def _delete_documents(self, where: str, value: str) -> None:
        deleted = self._conn.execute(f"DELETE FROM documents WHERE {where}", (value,)).rowcount
        if deleted:
            # organisations only that document named are gone with it
            self._conn.execute(
                """DELETE FROM organisations WHERE id NOT IN
                   (SELECT organisation_id FROM parties WHERE organisation_id IS NOT NULL)
                   AND id NOT IN (SELECT issuer_id FROM documents WHERE issuer_id IS NOT NULL)"""
            )

    def _insert_document(self, record: PressRelease) -> int:
        source, published, issuer, error = record.source, record.published_on, record.issuer, record.error
        cursor = self._conn.execute(
            """INSERT INTO documents (path, sha256, format, pages, published_on, published_precision,
               published_text, title, issuer_id, issuer, warnings, error_kind, error_message, stored_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                source.path or "",
                source.sha256,
                source.format,
                source.pages,
                published.value if published else None,
                published.precision if published else None,
                published.text if published else None,
                record.title,
                self._organisation_id(issuer) if issuer else None,
                issuer.model_dump_json() if issuer else None,
                _json(record.warnings),
                error.kind if error else None,
                error.message if error else None,
                _now(),
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _insert_partnership(self, document_id: int, position: int, partnership: Partnership) -> None:
        signed = partnership.signed_on
        cursor = self._conn.execute(
            """INSERT INTO partnerships (document_id, position, agreement_type, agreement_label,
               signed_on, signed_precision, signed_text, role, confidence)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                document_id,
                position,
                partnership.agreement_type,
                partnership.agreement_label,
                signed.value if signed else None,
                signed.precision if signed else None,
                signed.text if signed else None,
                partnership.role,
                partnership.confidence,
            ),
        )
        partnership_id = cursor.lastrowid
        for index, party in enumerate(partnership.parties):
            self._conn.execute(
                "INSERT INTO parties VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    partnership_id,
                    index,
                    self._organisation_id(party),
                    party.name,
                    _json(party.aliases),
                    party.legal_form,
                    party.kind,
                    party.description,
                ),
            )
        self._conn.executemany(
            "INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?)",
            [(partnership_id, i, e.page, e.start, e.end, e.text) for i, e in enumerate(partnership.evidence)],
        )

    def _organisation_id(self, party: Organization) -> int | None:
        """The row of the organisation this party names (made or improved); None when unnamed."""
        if party.name is None or _is_reference(party.name):
            return None
        key = identity_key(party.name)
        if not key:
            return None
        row = self._conn.execute(
            "SELECT id, name, legal_form, kind FROM organisations WHERE identity_key = ?", (key,)
        ).fetchone()
        if row is None:
            cursor = self._conn.execute(
                "INSERT INTO organisations (identity_key, name, legal_form, kind) VALUES (?, ?, ?, ?)",
                (key, party.name, party.legal_form, party.kind),
            )
            assert cursor.lastrowid is not None
            organisation_id: int = cursor.lastrowid
        else:
            organisation_id = row[0]
            self._improve_organisation(row, party)
        self._add_aliases(organisation_id, [party.name, *party.aliases])
        return organisation_id

    def _improve_organisation(self, row: tuple[int, str, str | None, str], party: Organization) -> None:
        """The canonical name is the first full legal name seen (株式会社X over X); the kind the
        first that says more than ``other``."""
        organisation_id, old_name, legal_form, kind = row
        name = old_name
        if legal_form is None and party.legal_form is not None and party.name is not None:
            name, legal_form = party.name, party.legal_form
        if kind == "other":
            kind = party.kind
        self._conn.execute(
            "UPDATE organisations SET name = ?, legal_form = ?, kind = ? WHERE id = ?",
            (name, legal_form, kind, organisation_id),
        )
        if name != old_name:
            self._add_aliases(organisation_id, [old_name])  # the name it had stays findable

    def _add_aliases(self, organisation_id: int, names: Sequence[str]) -> None:
        canonical = self._conn.execute("SELECT name FROM organisations WHERE id = ?", (organisation_id,)).fetchone()
        self._conn.executemany(
            "INSERT OR IGNORE INTO organisation_aliases VALUES (?, ?, ?)",
            [
                (organisation_id, name, identity_key(name))
                for name in names
                if name != canonical[0] and not _is_reference(name) and name.strip()
            ],
        )

    # reading ------------------------------------------------------------------------------

    def records(self) -> Iterator[PressRelease]:
        """Every stored document as the record it was stored from, in storing order."""
        for row in self._conn.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY id").fetchall():
            yield self._record(row)

    def record(self, sha256: str) -> PressRelease | None:
        row = self._conn.execute(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return None if row is None else self._record(row)

    def _record(self, row: tuple[object, ...]) -> PressRelease:
        (document_id, path, sha256, fmt, pages, published, precision, published_text, title,
         issuer, warnings, error_kind, error_message) = row  # fmt: skip
        return PressRelease.model_validate(
            {
                "source": Source.model_validate({"path": path, "sha256": sha256, "pages": pages, "format": fmt}),
                "published_on": _date(published, precision, published_text),
                "issuer": None if issuer is None else Organization.model_validate_json(str(issuer)),
                "title": title,
                "partnerships": self._partnerships("p.document_id = ?", (document_id,)),
                "warnings": json.loads(str(warnings)),
                "error": None if error_kind is None else ErrorInfo.model_validate({"kind": error_kind, "message": error_message}),
            }
        )

    def _partnerships(self, where: str, parameters: Sequence[object] = ()) -> list[Partnership]:
        rows = self._conn.execute(
            f"""SELECT p.id, p.agreement_type, p.agreement_label, p.signed_on, p.signed_precision,
                p.signed_text, p.role, p.confidence FROM partnerships p WHERE {where}
                ORDER BY p.document_id, p.position""",
            parameters,
        ).fetchall()
        return [self._partnership(row) for row in rows]

    def _partnership(self, row: tuple[object, ...]) -> Partnership:
        partnership_id, agreement_type, label, signed, precision, signed_text, role, confidence = row
        parties = self._conn.execute(
            "SELECT name, aliases, legal_form, kind, description FROM parties WHERE partnership_id = ? ORDER BY position",
            (partnership_id,),
        ).fetchall()
        evidence = self._conn.execute(
            "SELECT page, start, end, text FROM evidence WHERE partnership_id = ? ORDER BY position",
            (partnership_id,),
        ).fetchall()
        return Partnership.model_validate(
            {
                "parties": [
                    {"name": n, "aliases": json.loads(a), "legal_form": f, "kind": k, "description": d}
                    for n, a, f, k, d in parties
                ],
                "agreement_type": agreement_type,
                "agreement_label": label,
                "signed_on": _date(signed, precision, signed_text),
                "role": role,
                "evidence": [Evidence(page=p, start=s, end=e, text=t) for p, s, e, t in evidence],
                "confidence": confidence,
            }
        )

    # querying -----------------------------------------------------------------------------

    def organisations_named(self, name: str) -> list[tuple[int, str]]:
        """(id, canonical name) of the organisations ``name`` identifies: by identity key, else
        by an alias with that key (an alias may be shared: then all of them)."""
        key = identity_key(name)
        rows = self._conn.execute("SELECT id, name FROM organisations WHERE identity_key = ?", (key,)).fetchall()
        if not rows:
            rows = self._conn.execute(
                """SELECT DISTINCT o.id, o.name FROM organisation_aliases a
                   JOIN organisations o ON o.id = a.organisation_id WHERE a.alias_key = ? ORDER BY o.id""",
                (key,),
            ).fetchall()
        return [(int(i), str(n)) for i, n in rows]

    def query(
        self,
        organisation: str,
        *,
        agreement_type: AgreementType | None = None,
        since: str | None = None,
        until: str | None = None,
        role: Role | None = None,
    ) -> list[Found]:
        """The partnerships of one organisation, oldest signing first (undated last).

        ``since`` / ``until`` (YYYY, YYYY-MM or YYYY-MM-DD, both ends included) keep partnerships
        whose signing date, at its own precision, overlaps the period: signed in "2023" is
        kept for ``since="2023-06"``; a partnership without a date is left out by either."""
        found: list[Found] = []
        for organisation_id, canonical in self.organisations_named(organisation):
            conditions = ["p.id IN (SELECT partnership_id FROM parties WHERE organisation_id = ?)"]
            parameters: list[object] = [organisation_id]
            for column, value in (("p.agreement_type", agreement_type), ("p.role", role)):
                if value is not None:
                    conditions.append(f"{column} = ?")
                    parameters.append(value)
            if since is not None:
                conditions.append(f"{_PERIOD_END} >= ?")
                parameters.append(_period_start(since))
            if until is not None:
                conditions.append(f"{_PERIOD_START} <= ?")
                parameters.append(_period_end(until))
            found.extend(self._found(organisation_id, canonical, " AND ".join(conditions), parameters))
        return found

    def _found(self, organisation_id: int, canonical: str, where: str, parameters: Sequence[object]) -> list[Found]:
        rows = self._conn.execute(
            f"""SELECT p.id, p.agreement_type, p.agreement_label, p.signed_on, p.signed_precision,
                p.signed_text, p.role, p.confidence, d.path, d.sha256, d.published_on, d.title
                FROM partnerships p JOIN documents d ON d.id = p.document_id WHERE {where}
                ORDER BY p.signed_on IS NULL, p.signed_on, d.path, p.position""",
            parameters,
        ).fetchall()
        return [
            Found(canonical, str(r[8]), r[9], r[10], r[11], self._partnership(r[:8]), self._partners(r[0], organisation_id))
            for r in rows
        ]

    def _partners(self, partnership_id: int, organisation_id: int) -> tuple[str, ...]:
        rows = self._conn.execute(
            """SELECT coalesce(name, description, '(unnamed)') FROM parties WHERE partnership_id = ?
               AND organisation_id IS NOT ? ORDER BY position""",
            (partnership_id, organisation_id),
        ).fetchall()
        return tuple(str(name) for (name,) in rows)


_DOCUMENT_COLUMNS = (
    "id, path, sha256, format, pages, published_on, published_precision, published_text, title, "
    "issuer, warnings, error_kind, error_message"
)
# A partial date as a period: 2023 → 2023-01-01 … 2023-12-31, 2023-02 → 2023-02-01 … 2023-02-31
# (dates are compared as text, so a month's end needs no calendar).
_PERIOD_START = "(p.signed_on || substr('-01-01', length(p.signed_on) - 3))"
_PERIOD_END = "(p.signed_on || substr('-12-31', length(p.signed_on) - 3))"


def _period_start(value: str) -> str:
    return value + "-01-01"[len(value) - 4 :]


def _period_end(value: str) -> str:
    return value + "-12-31"[len(value) - 4 :]


def _date(value: object, precision: object, text: object) -> DateValue | None:
    if value is None:
        return None
    return DateValue.model_validate({"value": value, "precision": precision, "text": text})


def _json(items: list[str]) -> str:
    return json.dumps(items, ensure_ascii=False)


# --------------------------------------------------------------------------------------------
# import


@dataclasses.dataclass
class ImportSummary:
    """What an import did: documents stored, skipped (their sha256 already stored), and lines
    that were not records (e.g. a line cut off by a killed run)."""

    documents: int = 0
    partnerships: int = 0
    skipped: int = 0
    bad_lines: int = 0


def import_jsonl(
    store: Store,
    jsonl: str | os.PathLike[str],
    *,
    replace: bool = False,
    note: Callable[[str], None] = lambda _: None,
) -> ImportSummary:
    """Load the records of an earlier JSONL run, one transaction per document."""
    summary = ImportSummary()
    try:
        stream = open(jsonl, "rb")
    except OSError as error:
        raise UsageError(f"cannot read {jsonl}: {error.strerror}") from None
    with stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = PressRelease.model_validate_json(line)
            except ValueError:
                summary.bad_lines += 1
                note(f"{jsonl}:{number}: not a record, skipped")
                continue
            if store.add(record, replace=replace):
                summary.documents += 1
                summary.partnerships += len(record.partnerships)
            else:
                summary.skipped += 1
    return summary
