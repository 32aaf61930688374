"""The progress database: one SQLite file per installation, and the only place SQL is written.

WAL mode, foreign keys on, ``synchronous=FULL``; the schema is a list of named sqlite-utils
migrations (store.migrations) recorded in the database. A file that records a migration this
version does not know was written by a newer version and is refused untouched.

Every write is one ``BEGIN IMMEDIATE … COMMIT`` transaction (``_transaction``), so a killed
process loses nothing already committed and a failed write changes nothing. A failure is turned
into a ``StorageError`` that says what happened and what the user can do (disk full, read-only,
locked by another program, damaged); only a file that SQLite itself reports as damaged is ever
called damaged. sqlite-utils is imported only when migrations are pending (about 50 ms of
imports, and a stall on the GUI thread at the first write when it was used for transactions).

Progress is kept per course: the store works on one course at a time (``use_course``), and
every query of reading, answers, cards and misconceptions is scoped to it.

A full check of the file (PRAGMA quick_check) reads every page: 200 ms for a learner with a
million answers. It never runs at start or at close, where the whole process is measured; the
GUI runs ``verify`` on its own connection in a background thread (see gui.app), and a damaged
file met by any read or write is reported as such at once.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.errors import ADVICE, StorageError, storage_error
from desktop_app.core.store.base import QueryBase
from desktop_app.core.store.courses import CourseQueries
from desktop_app.core.store.learners import LearnerQueries
from desktop_app.core.store.migrations import BUILTIN_COURSE_ID, MIGRATION_NAMES, MIGRATION_SET, MIGRATIONS_TABLE, migration_set
from desktop_app.core.store.progress import ProgressQueries
from desktop_app.core.store.reports import ReportQueries
from desktop_app.core.store.review import ReviewQueries

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_S = 2.0  # how long a write waits for another program's lock before saying so


def _open_error(exc: sqlite3.Error, path: Path) -> StorageError:
    err = storage_error(exc, path, "Opening the progress file")
    if err.kind == "unavailable" and not _folder_writable(path.parent):
        # SQLite says only "unable to open": a folder that takes no new file is the usual reason.
        return StorageError("read-only", path, err.message, ADVICE["read-only"])
    return err


def _folder_writable(folder: Path) -> bool:
    """Whether a file can be made in ``folder`` (SQLite needs its -wal and -shm files there)."""
    import tempfile

    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


class Store(LearnerQueries, ProgressQueries, ReviewQueries, ReportQueries, CourseQueries, QueryBase):
    """All reads and writes of learner progress."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.course_id = BUILTIN_COURSE_ID
        self._db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of the connection, for migrations."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    def use_course(self, course_id: str) -> None:
        """Scope every later progress query to this course."""
        self.course_id = course_id

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path | str, timeout: float = BUSY_TIMEOUT_S) -> Store:
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            kind = "read-only" if isinstance(exc, PermissionError) or exc.errno == 30 else "unavailable"
            raise StorageError(kind, path, f"Cannot create the folder {path.parent}: {exc.strerror or exc}.", ADVICE[kind]) from exc
        try:
            # Autocommit: transactions are begun and ended explicitly (_transaction).
            conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise _open_error(exc, path) from exc
        store = cls(conn, path)
        try:
            conn.execute("PRAGMA schema_version").fetchone()  # reads the header: is it a database at all?
            store._refuse_newer()
            conn.execute("PRAGMA foreign_keys = ON")
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            if store._applied() != MIGRATION_NAMES:
                migration_set().apply(store.db)
                conn.execute(f"PRAGMA user_version = {len(MIGRATION_NAMES)}")
        except StorageError:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            raise _open_error(exc, path) from exc
        return store

    def _applied(self) -> list[str]:
        exists = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]).fetchone()
        if not exists:
            return []
        rows = self.conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET])
        return [name for (name,) in rows]

    def _refuse_newer(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        unknown = [name for name in self._applied() if name not in MIGRATION_NAMES]
        if unknown or version > len(MIGRATION_NAMES):
            raise StorageError(
                "newer",
                self.path,
                f"{self.path} was written by a newer version of CAR-T Tutor "
                f"(it has changes this version does not know: {', '.join(unknown) or f'schema {version}'}). "
                "It has been left untouched.",
                "Please install the newer version to use it.",
            )

    def restore_from(self, backup: Path) -> Path:
        """Replace this file's contents with a backup's (the current contents are backed up
        first); a backup from an older version is brought up to date. Returns the kept copy."""
        from desktop_app.core.store.backup import restore

        kept = restore(self.conn, self.path, backup).path
        try:
            self._refuse_newer()
            if self._applied() != MIGRATION_NAMES:
                migration_set().apply(self.db)
                self.conn.execute(f"PRAGMA user_version = {len(MIGRATION_NAMES)}")
        except sqlite3.Error as exc:
            raise _open_error(exc, self.path) from exc
        return kept

    def applied_migrations(self) -> list[str]:
        return self._applied()

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------ checking

    @staticmethod
    def verify(path: Path) -> str | None:
        """Read the whole file on a connection of its own (PRAGMA quick_check).

        None if it is sound (or cannot be checked right now: locked, missing); otherwise what
        SQLite found wrong. Safe to run in another thread while the program works.
        """
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.5)
        except sqlite3.Error:
            return None
        try:
            result = str(conn.execute("PRAGMA quick_check").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
            return str(exc) if code in (11, 26) else None  # CORRUPT, NOTADB; anything else is not damage
        finally:
            conn.close()
        return None if result == "ok" else result
