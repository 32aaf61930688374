"""The schema as named migrations, applied in order at start (sqlite-utils' migrations).

A migration is never edited once released: a change to the schema is a new step. Each step runs
in a transaction with the record of it, so a start that is killed half-way leaves the file as it
was before that step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "car-t-tutor"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' own table
# Progress recorded before courses had ids belongs to the course that shipped with the program.
BUILTIN_COURSE_ID = "org.car-t-tutor.all"
RECENT_SCORES = 10  # first-try scores kept per objective (mastery looks at the last 5)


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


def _m0004(db: sqlite_utils.Database) -> None:
    """Scope all progress by course: two courses with a module 'intro' never share progress."""
    course = BUILTIN_COURSE_ID
    db.execute(
        """
        CREATE TABLE section_reads_new (
            learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            course_id TEXT NOT NULL,
            module_id TEXT NOT NULL,
            section_id TEXT NOT NULL,
            first_seen REAL NOT NULL,
            last_seen REAL NOT NULL,
            seconds REAL NOT NULL DEFAULT 0,
            completed INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (learner_id, course_id, module_id, section_id)
        )"""
    )
    db.execute(
        "INSERT INTO section_reads_new SELECT learner_id, ?, module_id, section_id, first_seen, last_seen, seconds, completed "
        "FROM section_reads",
        [course],
    )
    db.execute("DROP TABLE section_reads")
    db.execute("ALTER TABLE section_reads_new RENAME TO section_reads")
    db.execute("CREATE INDEX section_reads_last ON section_reads (learner_id, course_id, last_seen)")

    db.execute(f"ALTER TABLE quiz_attempts ADD COLUMN course_id TEXT NOT NULL DEFAULT '{course}'")
    db.execute("DROP INDEX quiz_attempts_learner")
    db.execute("CREATE INDEX quiz_attempts_learner ON quiz_attempts (learner_id, course_id, started_at)")

    db.execute(f"ALTER TABLE answers ADD COLUMN course_id TEXT NOT NULL DEFAULT '{course}'")
    db.execute("DROP INDEX answers_learner_time")
    db.execute("DROP INDEX answers_learner_objective")
    db.execute("CREATE INDEX answers_learner_time ON answers (learner_id, course_id, answered_at)")
    db.execute("CREATE INDEX answers_learner_objective ON answers (learner_id, course_id, objective_id, answered_at)")
    db.execute("CREATE INDEX answers_learner_question ON answers (learner_id, course_id, question_id)")

    db.execute(
        """
        CREATE TABLE cards_new (
            learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            course_id TEXT NOT NULL,
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
            PRIMARY KEY (learner_id, course_id, question_id)
        )"""
    )
    db.execute(
        "INSERT INTO cards_new SELECT learner_id, ?, question_id, module_id, due, state, stability, difficulty, reps, lapses, "
        "last_review, card FROM cards",
        [course],
    )
    db.execute("DROP TABLE cards")
    db.execute("ALTER TABLE cards_new RENAME TO cards")
    db.execute("CREATE INDEX cards_due ON cards (learner_id, course_id, due)")

    db.execute(
        """
        CREATE TABLE misconceptions_new (
            learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            course_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            module_id TEXT NOT NULL,
            objective_id TEXT NOT NULL,
            response TEXT NOT NULL,
            first_at REAL NOT NULL,
            last_at REAL NOT NULL,
            times INTEGER NOT NULL DEFAULT 1,
            resolved_at REAL,
            PRIMARY KEY (learner_id, course_id, question_id)
        )"""
    )
    db.execute(
        "INSERT INTO misconceptions_new SELECT learner_id, ?, question_id, module_id, objective_id, response, first_at, last_at, "
        "times, resolved_at FROM misconceptions",
        [course],
    )
    db.execute("DROP TABLE misconceptions")
    db.execute("ALTER TABLE misconceptions_new RENAME TO misconceptions")
    db.execute("CREATE INDEX misconceptions_open ON misconceptions (learner_id, course_id, resolved_at, last_at)")


def _m0005(db: sqlite_utils.Database) -> None:
    """Answers summed per learner, course and local day, kept up to date with every answer: the
    dashboard reads a few dozen rows instead of counting a million answers (114 ms, measured)."""
    db.execute(
        """
        CREATE TABLE answer_days (
            learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            course_id TEXT NOT NULL,
            day TEXT NOT NULL,
            answers INTEGER NOT NULL DEFAULT 0,
            first_tries INTEGER NOT NULL DEFAULT 0,
            first_try_score REAL NOT NULL DEFAULT 0,
            seconds REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (learner_id, course_id, day)
        ) WITHOUT ROWID"""
    )
    db.execute(
        "INSERT INTO answer_days (learner_id, course_id, day, answers, first_tries, first_try_score, seconds) "
        "SELECT learner_id, course_id, date(answered_at, 'unixepoch', 'localtime'), COUNT(*), "
        "SUM(try_number = 1), SUM(CASE WHEN try_number = 1 THEN score ELSE 0 END), SUM(time_ms) / 1000.0 "
        "FROM answers GROUP BY 1, 2, 3"
    )


def _m0006(db: sqlite_utils.Database) -> None:
    """The last few first-try scores per objective, kept with every answer: mastery of a course
    with 600 objectives is one query, not 600 (15-20 ms at every start, measured)."""
    db.execute(
        """
        CREATE TABLE objective_recent (
            learner_id INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
            course_id TEXT NOT NULL,
            objective_id TEXT NOT NULL,
            scores TEXT NOT NULL,
            PRIMARY KEY (learner_id, course_id, objective_id)
        ) WITHOUT ROWID"""
    )
    db.execute(
        f"""
        INSERT INTO objective_recent (learner_id, course_id, objective_id, scores)
        SELECT learner_id, course_id, objective_id, json_group_array(score) FROM (
            SELECT learner_id, course_id, objective_id, score,
                   ROW_NUMBER() OVER (PARTITION BY learner_id, course_id, objective_id ORDER BY answered_at DESC, id DESC) AS n
            FROM answers WHERE try_number = 1 ORDER BY learner_id, course_id, objective_id, answered_at DESC, id DESC
        ) WHERE n <= {RECENT_SCORES} GROUP BY learner_id, course_id, objective_id"""
    )


def _m0007(db: sqlite_utils.Database) -> None:
    """A learner may flag a question to come back to, or suspend one so that no quiz asks it
    (as in Anki's browser). Kept on the card, which exists for every question met, so a flag
    follows the question when a pack renames it."""
    db.execute("ALTER TABLE cards ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE cards ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0")


def _m0008(db: sqlite_utils.Database) -> None:
    """Faster counts and draws for a learner with many cards (100,000 in the benchmark).

    - Which questions are suspended is asked by every count and draw: a partial index holds
      only those, instead of reading every card (20 ms).
    - What is due is read as (question, due) pairs: with the question id in the index, SQLite
      reads the index alone instead of one table page per card (54,000 due cards: 290 ms).
    """
    db.execute("CREATE INDEX cards_suspended ON cards (learner_id, course_id) WHERE suspended = 1")
    db.execute("DROP INDEX IF EXISTS cards_due")
    db.execute("CREATE INDEX cards_due ON cards (learner_id, course_id, due, question_id)")


MIGRATION_STEPS = [
    ("0001_learners_reading_quizzes", _m0001),
    ("0002_spaced_review_confidence", _m0002),
    ("0003_study_days", _m0003),
    ("0004_progress_by_course", _m0004),
    ("0005_answers_by_day", _m0005),
    ("0006_recent_scores_by_objective", _m0006),
    ("0007_flag_and_suspend", _m0007),
    ("0008_suspended_index", _m0008),
]
MIGRATION_NAMES = [name for name, _ in MIGRATION_STEPS]


def migration_set() -> Migrations:
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, step in MIGRATION_STEPS:
        migrations(name=name)(step)
    return migrations
