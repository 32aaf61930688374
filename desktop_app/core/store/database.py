"""The progress database: the one module that talks SQL.

One SQLite file per installation, in WAL mode with foreign keys on, managed with sqlite-utils:
the schema is a list of named sqlite-utils migrations recorded in the database, and every write
goes through a sqlite-utils transaction, so a killed process loses nothing already committed.
A file that records a migration this version does not know was written by a newer version and
is refused untouched.

sqlite-utils costs about 50 ms to import, a third of the program's whole start-up budget, so it
is imported on the first write or pending migration; start-up itself only reads, through the
same connection.

A full check of the file (PRAGMA quick_check) reads every page: 200 ms for a learner with a
million answers. So it runs when the program closes cleanly, which records the file's size and
time beside it (``progress.sqlite3.verified``), and at start only if the file is not exactly as
that clean close left it: after a crash, a kill, or a change by anything else.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

TRACKS = ("family", "student")
MIGRATION_SET = "car-t-tutor"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' own table


def _m0001(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE learners (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            track TEXT NOT NULL CHECK (track IN ('family', 'student')),
            created_at REAL NOT NULL,
            last_opened_at REAL NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE learner_settings (
            learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (learner_id, key)
        )"""
    )
    db.execute("CREATE TABLE app_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        """
        CREATE TABLE section_reads (
            learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            module_id TEXT NOT NULL,
            section_id TEXT NOT NULL,
            first_seen REAL NOT NULL,
            last_seen REAL NOT NULL,
            seconds REAL NOT NULL DEFAULT 0,
            completed INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (learner_id, module_id, section_id)
        )"""
    )
    db.execute(
        """
        CREATE TABLE quiz_attempts (
            id INTEGER PRIMARY KEY,
            learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            mode TEXT NOT NULL,
            modules TEXT NOT NULL,
            seed INTEGER NOT NULL,
            question_ids TEXT NOT NULL,
            time_limit_s INTEGER,
            started_at REAL NOT NULL,
            finished_at REAL,
            score REAL
        )"""
    )
    db.execute("CREATE INDEX quiz_attempts_learner ON quiz_attempts (learner_id, started_at)")
    db.execute(
        """
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            attempt_id INTEGER NOT NULL REFERENCES quiz_attempts(id) ON DELETE CASCADE,
            learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            module_id TEXT NOT NULL,
            objective_id TEXT NOT NULL,
            response TEXT NOT NULL,
            score REAL NOT NULL CHECK (score >= 0 AND score <= 1),
            correct INTEGER NOT NULL,
            try_number INTEGER NOT NULL DEFAULT 1,
            time_ms INTEGER NOT NULL,
            answered_at REAL NOT NULL
        )"""
    )
    db.execute("CREATE INDEX answers_attempt ON answers (attempt_id)")
    db.execute("CREATE INDEX answers_learner_time ON answers (learner_id, answered_at)")
    db.execute("CREATE INDEX answers_learner_objective ON answers (learner_id, objective_id, answered_at)")


def _m0002(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE answers ADD COLUMN confidence INTEGER")
    db.execute("ALTER TABLE answers ADD COLUMN misconception INTEGER NOT NULL DEFAULT 0")
    db.execute(
        """
        CREATE TABLE cards (
            learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            module_id TEXT NOT NULL,
            due REAL NOT NULL,
            state INTEGER NOT NULL,
            stability REAL,
            difficulty REAL,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            last_review REAL,
            card TEXT NOT NULL,
            PRIMARY KEY (learner_id, question_id)
        )"""
    )
    db.execute("CREATE INDEX cards_due ON cards (learner_id, due)")
    db.execute(
        """
        CREATE TABLE misconceptions (
            learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            module_id TEXT NOT NULL,
            objective_id TEXT NOT NULL,
            response TEXT NOT NULL,
            first_at REAL NOT NULL,
            last_at REAL NOT NULL,
            times INTEGER NOT NULL DEFAULT 1,
            resolved_at REAL,
            PRIMARY KEY (learner_id, question_id)
        )"""
    )
    db.execute("CREATE INDEX misconceptions_open ON misconceptions (learner_id, resolved_at, last_at)")


def _m0003(db: sqlite_utils.Database) -> None:
    # One row per learner per local day with any study: the streak then reads a few hundred
    # rows instead of scanning every answer ever given.
    db.execute(
        """
        CREATE TABLE study_days (
            learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            PRIMARY KEY (learner_id, day)
        ) WITHOUT ROWID"""
    )
    db.execute(
        "INSERT OR IGNORE INTO study_days (learner_id, day) "
        "SELECT DISTINCT learner_id, date(answered_at, 'unixepoch', 'localtime') FROM answers"
    )
    db.execute(
        "INSERT OR IGNORE INTO study_days (learner_id, day) "
        "SELECT DISTINCT learner_id, date(last_seen, 'unixepoch', 'localtime') FROM section_reads"
    )


MIGRATION_STEPS = [
    ("0001_learners_reading_quizzes", _m0001),
    ("0002_spaced_review_confidence", _m0002),
    ("0003_study_days", _m0003),
]
MIGRATION_NAMES = [name for name, _ in MIGRATION_STEPS]


def migration_set() -> Migrations:
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, step in MIGRATION_STEPS:
        migrations(name=name)(step)
    return migrations


class StoreError(Exception):
    """A problem with the progress file that the user must be told about.

    ``kind`` is ``newer`` (written by a newer version), ``corrupt`` (not a readable
    database) or ``unavailable`` (the folder or file cannot be opened: permissions, disk).
    """

    def __init__(self, kind: str, path: Path, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.path = path
        self.message = message


class Learner(NamedTuple):
    id: int
    name: str
    track: str
    created_at: float
    last_opened_at: float


class AnswerRecord(NamedTuple):
    attempt_id: int
    learner_id: int
    question_id: str
    module_id: str
    objective_id: str
    response: Any
    score: float
    try_number: int = 1
    time_ms: int = 0
    confidence: int | None = None
    answered_at: float | None = None

    @property
    def correct(self) -> bool:
        return self.score >= 0.999


class CardRow(NamedTuple):
    question_id: str
    module_id: str
    due: float
    state: int
    stability: float | None
    difficulty: float | None
    reps: int
    lapses: int
    last_review: float | None
    card: str


class Attempt(NamedTuple):
    id: int
    learner_id: int
    mode: str
    modules: tuple[str, ...]
    seed: int
    question_ids: tuple[str, ...]
    time_limit_s: int | None
    started_at: float
    finished_at: float | None
    score: float | None


class Store:
    """All reads and writes of learner progress."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of the connection, for writes and migrations."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path | str) -> Store:
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError("unavailable", path, f"Cannot create the folder {path.parent}: {exc.strerror or exc}") from exc
        try:
            conn = sqlite3.connect(str(path), timeout=5.0)
        except sqlite3.Error as exc:
            raise StoreError("unavailable", path, f"Cannot open {path}: {exc}") from exc
        store = cls(conn, path)
        try:
            store._check_readable()
            store._refuse_newer()
            conn.execute("PRAGMA foreign_keys = ON")
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            if store._applied() != MIGRATION_NAMES:
                migration_set().apply(store.db)
                conn.execute(f"PRAGMA user_version = {len(MIGRATION_NAMES)}")
        except StoreError:
            conn.close()
            raise
        except sqlite3.OperationalError as exc:
            conn.close()
            raise StoreError("unavailable", path, f"Cannot use {path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError("corrupt", path, f"{path} is not a readable progress file ({exc}).") from exc
        return store

    def _check_readable(self) -> None:
        try:
            if self._as_verified():
                self.conn.execute("PRAGMA schema_version").fetchone()  # still reads the header
                return
            result = self.conn.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError("corrupt", self.path, f"{self.path} is not a readable progress file ({exc}).") from exc
        if result != "ok":
            raise StoreError("corrupt", self.path, f"{self.path} is damaged: {result}")

    @property
    def _stamp(self) -> Path:
        return self.path.with_name(self.path.name + ".verified")

    def _file_state(self) -> str | None:
        """Size and time of the file, or None while a write-ahead log holds changes."""
        try:
            st = self.path.stat()
            wal = Path(f"{self.path}-wal")
            if wal.exists() and wal.stat().st_size > 0:
                return None
        except OSError:
            return None
        return f"{st.st_size} {st.st_mtime_ns}"

    def _as_verified(self) -> bool:
        """True if the file is exactly as a clean close that found it sound left it."""
        state = self._file_state()
        try:
            return state is not None and self._stamp.read_text(encoding="ascii") == state
        except (OSError, UnicodeDecodeError):
            return False

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
            raise StoreError(
                "newer",
                self.path,
                f"{self.path} was written by a newer version of CAR-T Tutor "
                f"(it has changes this version does not know: {', '.join(unknown) or f'schema {version}'}). "
                "It has been left untouched; please install the newer version to use it.",
            )

    def close(self) -> None:
        """Close the file, checking it once on the way out so that the next start need not."""
        try:
            sound = self.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        except sqlite3.Error:
            sound = False
        self.conn.close()  # checkpoints the log into the file: its size and time are final now
        state = self._file_state() if sound else None
        try:
            if state is None:
                self._stamp.unlink(missing_ok=True)
            else:
                tmp = self._stamp.with_suffix(".tmp")
                tmp.write_text(state, encoding="ascii")
                tmp.replace(self._stamp)
        except OSError:
            pass  # without the note, the next start checks the whole file: slower, never wrong

    def applied_migrations(self) -> list[str]:
        return self._applied()

    def _dicts(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    # ------------------------------------------------------------ learners

    def learners(self) -> list[Learner]:
        rows = self.conn.execute("SELECT id, name, track, created_at, last_opened_at FROM learners ORDER BY name COLLATE NOCASE, id")
        return [Learner(*row) for row in rows]

    def learner(self, learner_id: int) -> Learner | None:
        row = self.conn.execute("SELECT id, name, track, created_at, last_opened_at FROM learners WHERE id = ?", [learner_id]).fetchone()
        return Learner(*row) if row else None

    def create_learner(self, name: str, track: str = "student") -> Learner:
        name = name.strip()
        if not name:
            raise ValueError("A learner needs a name.")
        if track not in TRACKS:
            raise ValueError(f"Unknown track {track!r}.")
        now = time.time()
        with self.db.atomic():
            cursor = self.conn.execute(
                "INSERT INTO learners (name, track, created_at, last_opened_at) VALUES (?, ?, ?, ?)", [name, track, now, now]
            )
            learner_id = int(cursor.lastrowid or 0)
        learner = self.learner(learner_id)
        assert learner is not None
        return learner

    def rename_learner(self, learner_id: int, name: str) -> None:
        if not name.strip():
            raise ValueError("A learner needs a name.")
        with self.db.atomic():
            self.conn.execute("UPDATE learners SET name = ? WHERE id = ?", [name.strip(), learner_id])

    def set_track(self, learner_id: int, track: str) -> None:
        if track not in TRACKS:
            raise ValueError(f"Unknown track {track!r}.")
        with self.db.atomic():
            self.conn.execute("UPDATE learners SET track = ? WHERE id = ?", [track, learner_id])

    def delete_learner(self, learner_id: int) -> None:
        with self.db.atomic():
            self.conn.execute("DELETE FROM learners WHERE id = ?", [learner_id])
            if self.get_state("last_learner_id") == str(learner_id):
                self.conn.execute("DELETE FROM app_state WHERE key = 'last_learner_id'")

    def open_learner(self, learner_id: int) -> None:
        """Mark a learner as the one in use, so the next start opens them."""
        with self.db.atomic():
            self.conn.execute("UPDATE learners SET last_opened_at = ? WHERE id = ?", [time.time(), learner_id])
            self._set_state("last_learner_id", str(learner_id))

    def last_or_default_learner(self, default_name: str = "Me", default_track: str = "student") -> Learner:
        last = self.get_state("last_learner_id")
        if last is not None and last.isdigit():
            learner = self.learner(int(last))
            if learner is not None:
                return learner
        row = self.conn.execute("SELECT id FROM learners ORDER BY last_opened_at DESC LIMIT 1").fetchone()
        if row:
            learner = self.learner(row[0])
            assert learner is not None
            return learner
        learner = self.create_learner(default_name, default_track)
        self.open_learner(learner.id)
        return learner

    # ------------------------------------------------------------ settings and state

    def settings(self, learner_id: int) -> dict[str, Any]:
        rows = self.conn.execute("SELECT key, value FROM learner_settings WHERE learner_id = ?", [learner_id])
        return {key: json.loads(value) for key, value in rows}

    def set_setting(self, learner_id: int, key: str, value: Any) -> None:
        with self.db.atomic():
            self.conn.execute(
                "INSERT INTO learner_settings (learner_id, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT (learner_id, key) DO UPDATE SET value = excluded.value",
                [learner_id, key, json.dumps(value)],
            )

    def get_state(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM app_state WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_state(self, key: str, value: str) -> None:
        with self.db.atomic():
            self._set_state(key, value)

    def _set_state(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    # ------------------------------------------------------------ reading

    def record_reading(self, learner_id: int, module_id: str, section_id: str, seconds: float, completed: bool) -> None:
        now = time.time()
        with self.db.atomic():
            self.conn.execute(
                """
                INSERT INTO section_reads (learner_id, module_id, section_id, first_seen, last_seen, seconds, completed)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (learner_id, module_id, section_id) DO UPDATE SET
                    last_seen = excluded.last_seen,
                    seconds = section_reads.seconds + excluded.seconds,
                    completed = MAX(section_reads.completed, excluded.completed)
                """,
                [learner_id, module_id, section_id, now, now, max(0.0, seconds), int(completed)],
            )
            self._mark_study_day(learner_id, now)

    def set_section_completed(self, learner_id: int, module_id: str, section_id: str, completed: bool) -> None:
        self.record_reading(learner_id, module_id, section_id, 0.0, completed)
        if not completed:
            with self.db.atomic():
                self.conn.execute(
                    "UPDATE section_reads SET completed = 0 WHERE learner_id = ? AND module_id = ? AND section_id = ?",
                    [learner_id, module_id, section_id],
                )

    def completed_sections(self, learner_id: int) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        rows = self.conn.execute("SELECT module_id, section_id FROM section_reads WHERE learner_id = ? AND completed = 1", [learner_id])
        for module_id, section_id in rows:
            out.setdefault(module_id, set()).add(section_id)
        return out

    def section_read(self, learner_id: int, module_id: str, section_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT first_seen, last_seen, seconds, completed FROM section_reads WHERE learner_id = ? AND module_id = ? AND section_id = ?",
            [learner_id, module_id, section_id],
        ).fetchone()
        if not row:
            return None
        return {"first_seen": row[0], "last_seen": row[1], "seconds": row[2], "completed": bool(row[3])}

    def last_section(self, learner_id: int) -> tuple[str, str] | None:
        row = self.conn.execute(
            "SELECT module_id, section_id FROM section_reads WHERE learner_id = ? ORDER BY last_seen DESC LIMIT 1",
            [learner_id],
        ).fetchone()
        return (row[0], row[1]) if row else None

    def reading_seconds_by_day(self, learner_id: int, since: float) -> dict[str, float]:
        rows = self.conn.execute(
            "SELECT date(last_seen, 'unixepoch', 'localtime') AS day, SUM(seconds) FROM section_reads "
            "WHERE learner_id = ? AND last_seen >= ? GROUP BY day",
            [learner_id, since],
        )
        return {day: total for day, total in rows}

    # ------------------------------------------------------------ quizzes

    def start_attempt(
        self,
        learner_id: int,
        mode: str,
        modules: Sequence[str],
        seed: int,
        question_ids: Sequence[str],
        time_limit_s: int | None = None,
    ) -> int:
        with self.db.atomic():
            cursor = self.conn.execute(
                "INSERT INTO quiz_attempts (learner_id, mode, modules, seed, question_ids, time_limit_s, started_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [learner_id, mode, json.dumps(list(modules)), seed, json.dumps(list(question_ids)), time_limit_s, time.time()],
            )
            return int(cursor.lastrowid or 0)

    def finish_attempt(self, attempt_id: int, score: float) -> None:
        with self.db.atomic():
            self.conn.execute("UPDATE quiz_attempts SET finished_at = ?, score = ? WHERE id = ?", [time.time(), score, attempt_id])

    def attempts(self, learner_id: int, limit: int = 50) -> list[Attempt]:
        rows = self.conn.execute(
            "SELECT id, learner_id, mode, modules, seed, question_ids, time_limit_s, started_at, finished_at, score "
            "FROM quiz_attempts WHERE learner_id = ? ORDER BY started_at DESC, id DESC LIMIT ?",
            [learner_id, limit],
        )
        return [_attempt(row) for row in rows]

    def record_answer(self, answer: AnswerRecord, card: CardRow | None = None, misconception: bool = False) -> int:
        """Store one answer, and in the same transaction the rescheduled card and misconception."""
        at = answer.answered_at if answer.answered_at is not None else time.time()
        with self.db.atomic():
            cursor = self.conn.execute(
                "INSERT INTO answers (attempt_id, learner_id, question_id, module_id, objective_id, response, score, "
                "correct, try_number, time_ms, answered_at, confidence, misconception) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    answer.attempt_id,
                    answer.learner_id,
                    answer.question_id,
                    answer.module_id,
                    answer.objective_id,
                    json.dumps(answer.response),
                    float(answer.score),
                    int(answer.correct),
                    answer.try_number,
                    int(answer.time_ms),
                    at,
                    answer.confidence,
                    int(misconception),
                ],
            )
            self._mark_study_day(answer.learner_id, at)
            if card is not None:
                self._put_card(answer.learner_id, card)
            if misconception:
                self.conn.execute(
                    "INSERT INTO misconceptions (learner_id, question_id, module_id, objective_id, response, first_at, last_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (learner_id, question_id) DO UPDATE SET "
                    "response = excluded.response, last_at = excluded.last_at, times = misconceptions.times + 1, "
                    "resolved_at = NULL",
                    [answer.learner_id, answer.question_id, answer.module_id, answer.objective_id, json.dumps(answer.response), at, at],
                )
            elif answer.correct:
                self.conn.execute(
                    "UPDATE misconceptions SET resolved_at = ? WHERE learner_id = ? AND question_id = ? AND resolved_at IS NULL",
                    [at, answer.learner_id, answer.question_id],
                )
            return int(cursor.lastrowid or 0)

    def attempt_answers(self, attempt_id: int) -> list[dict[str, Any]]:
        rows = self._dicts(
            "SELECT id, question_id, module_id, objective_id, response, score, correct, try_number, time_ms, "
            "answered_at, confidence, misconception FROM answers WHERE attempt_id = ? ORDER BY id",
            [attempt_id],
        )
        return [dict(row, response=json.loads(row["response"])) for row in rows]

    def recent_question_ids(self, learner_id: int, attempts: int = 3) -> set[str]:
        rows = self.conn.execute(
            "SELECT question_ids FROM quiz_attempts WHERE learner_id = ? ORDER BY started_at DESC, id DESC LIMIT ?",
            [learner_id, attempts],
        )
        return {qid for (ids,) in rows for qid in json.loads(ids)}

    def answer_count(self, learner_id: int) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM answers WHERE learner_id = ?", [learner_id]).fetchone()[0])

    # ------------------------------------------------------------ spaced review

    def _put_card(self, learner_id: int, card: CardRow) -> None:
        self.conn.execute(
            "INSERT INTO cards (learner_id, question_id, module_id, due, state, stability, difficulty, reps, lapses, "
            "last_review, card) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (learner_id, question_id) DO UPDATE SET due = excluded.due, state = excluded.state, "
            "stability = excluded.stability, difficulty = excluded.difficulty, reps = excluded.reps, "
            "lapses = excluded.lapses, last_review = excluded.last_review, card = excluded.card",
            [
                learner_id,
                card.question_id,
                card.module_id,
                card.due,
                card.state,
                card.stability,
                card.difficulty,
                card.reps,
                card.lapses,
                card.last_review,
                card.card,
            ],
        )

    def card(self, learner_id: int, question_id: str) -> CardRow | None:
        row = self.conn.execute(
            "SELECT question_id, module_id, due, state, stability, difficulty, reps, lapses, last_review, card "
            "FROM cards WHERE learner_id = ? AND question_id = ?",
            [learner_id, question_id],
        ).fetchone()
        return CardRow(*row) if row else None

    def due_cards(self, learner_id: int, until: float, limit: int | None = None) -> list[CardRow]:
        sql = (
            "SELECT question_id, module_id, due, state, stability, difficulty, reps, lapses, last_review, card "
            "FROM cards WHERE learner_id = ? AND due <= ? ORDER BY due"
        )
        params: list[Any] = [learner_id, until]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [CardRow(*row) for row in self.conn.execute(sql, params)]

    def due_count(self, learner_id: int, until: float) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM cards WHERE learner_id = ? AND due <= ?", [learner_id, until]).fetchone()[0])

    def due_by_day(self, learner_id: int, start: float, end: float) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT date(due, 'unixepoch', 'localtime') AS day, COUNT(*) FROM cards WHERE learner_id = ? AND due < ? GROUP BY day",
            [learner_id, end],
        )
        start_day = time.strftime("%Y-%m-%d", time.localtime(start))
        out: dict[str, int] = {}
        for day, n in rows:
            key = max(day, start_day)  # overdue cards count as due today
            out[key] = out.get(key, 0) + n
        return out

    # ------------------------------------------------------------ misconceptions

    def open_misconceptions(self, learner_id: int, limit: int = 200) -> list[dict[str, Any]]:
        rows = self._dicts(
            "SELECT question_id, module_id, objective_id, response, first_at, last_at, times FROM misconceptions "
            "WHERE learner_id = ? AND resolved_at IS NULL ORDER BY last_at DESC LIMIT ?",
            [learner_id, limit],
        )
        return [dict(row, response=json.loads(row["response"])) for row in rows]

    # ------------------------------------------------------------ mastery and dashboard queries

    def recent_scores_by_objective(self, learner_id: int, objective_ids: Iterable[str], per_objective: int) -> dict[str, list[float]]:
        """The last ``per_objective`` first-try scores for each objective, newest first.

        One indexed lookup per objective: cheap however long the learner's history is.
        """
        out: dict[str, list[float]] = {}
        sql = (
            "SELECT score FROM answers WHERE learner_id = ? AND objective_id = ? AND try_number = 1 "
            "ORDER BY answered_at DESC, id DESC LIMIT ?"
        )
        for oid in objective_ids:
            scores = [row[0] for row in self.conn.execute(sql, [learner_id, oid, per_objective])]
            if scores:
                out[oid] = scores
        return out

    def accuracy_by_day(self, learner_id: int, since: float) -> list[tuple[str, int, float]]:
        rows = self.conn.execute(
            "SELECT date(answered_at, 'unixepoch', 'localtime') AS day, COUNT(*), AVG(score) FROM answers "
            "WHERE learner_id = ? AND answered_at >= ? AND try_number = 1 GROUP BY day ORDER BY day",
            [learner_id, since],
        )
        return [(day, n, avg) for day, n, avg in rows]

    def answer_seconds_by_day(self, learner_id: int, since: float) -> dict[str, float]:
        rows = self.conn.execute(
            "SELECT date(answered_at, 'unixepoch', 'localtime') AS day, SUM(time_ms) / 1000.0 FROM answers "
            "WHERE learner_id = ? AND answered_at >= ? GROUP BY day",
            [learner_id, since],
        )
        return {day: total for day, total in rows}

    def _mark_study_day(self, learner_id: int, when: float) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO study_days (learner_id, day) VALUES (?, date(?, 'unixepoch', 'localtime'))",
            [learner_id, when],
        )

    def active_days(self, learner_id: int, since: float) -> set[str]:
        rows = self.conn.execute(
            "SELECT day FROM study_days WHERE learner_id = ? AND day >= date(?, 'unixepoch', 'localtime')",
            [learner_id, since],
        )
        return {day for (day,) in rows}

    # ------------------------------------------------------------ bulk (benchmarks, imports)


def _attempt(row: Sequence[Any]) -> Attempt:
    return Attempt(
        id=row[0],
        learner_id=row[1],
        mode=row[2],
        modules=tuple(json.loads(row[3])),
        seed=row[4],
        question_ids=tuple(json.loads(row[5])),
        time_limit_s=row[6],
        started_at=row[7],
        finished_at=row[8],
        score=row[9],
    )
