"""The progress database: migrations, refusal of newer files, damage, durability, profiles."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desktop_app.core.errors import StorageError as StoreError
from desktop_app.core.store.database import Store
from desktop_app.core.store.migrations import MIGRATION_NAMES
from desktop_app.core.store.records import AnswerRecord


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_migrations_are_recorded_and_pragmas_set(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "p.sqlite3")
    assert s.applied_migrations() == MIGRATION_NAMES
    assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert s.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATION_NAMES)
    s.close()
    again = Store.open(tmp_path / "p.sqlite3")  # re-opening applies nothing twice
    assert again.applied_migrations() == MIGRATION_NAMES
    again.close()


def test_a_file_from_a_newer_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    s = Store.open(path)
    s.create_learner("Ana")
    s.db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('car-t-tutor', '0099_from_the_future', 'x')")
    s.close()
    before = digest(path)
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert info.value.kind == "newer"
    assert "newer version" in info.value.message and "0099_from_the_future" in info.value.message
    assert digest(path) == before


def test_higher_user_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert info.value.kind == "newer"


def test_a_damaged_file_is_reported_and_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    before = digest(path)
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert info.value.kind == "corrupt"
    assert str(path) in info.value.message
    assert digest(path) == before


def _statements_while(action, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real_connect = sqlite3.connect

    def traced(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)
    try:
        action()
    finally:
        monkeypatch.setattr(sqlite3, "connect", real_connect)
    return seen


def _with_answers(path: Path, n: int) -> None:
    s = Store.open(path)
    learner = s.last_or_default_learner()
    attempt = s.start_attempt(learner.id, "practice", ["all"], 1, ["q"] * n)
    for i in range(n):
        s.record_answer(AnswerRecord(attempt, learner.id, f"q{i}", "all", "all.what", "x" * 200, 1.0))
    s.close()


def test_neither_opening_nor_closing_reads_the_whole_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full check of a million answers takes 200 ms: it runs in the background (gui.app), never here."""
    path = tmp_path / "p.sqlite3"
    _with_answers(path, 50)
    opened: list[Store] = []
    sql = _statements_while(lambda: opened.append(Store.open(path)), monkeypatch)
    sql += _statements_while(lambda: opened[0].close(), monkeypatch)
    assert sql and not any("quick_check" in s or "integrity_check" in s for s in sql)
    assert Store.verify(path) is None  # ... and the check, run on its own, finds the file sound


def test_a_damaged_file_is_caught_by_the_check_and_by_reading(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    _with_answers(path, 400)
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    data[5 * page : 7 * page] = b"\xa5" * (2 * page)  # two pages of the answers table, same size
    path.write_bytes(bytes(data))
    before = digest(path)
    assert Store.verify(path)  # what SQLite found wrong
    s = Store.open(path)  # the header is fine, so it opens ...
    with pytest.raises(StoreError) as info:  # ... and the first read of a damaged page says so
        s.answer_count(s.last_or_default_learner().id)
        s.attempt_answers(1)
    assert info.value.kind == "corrupt"
    s.close()
    assert digest(path) == before


def test_unwritable_folder_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError) as info:
        Store.open(blocker / "sub" / "p.sqlite3")
    assert info.value.kind == "unavailable"


def test_default_learner_created_once_and_remembered(store: Store) -> None:
    first = store.last_or_default_learner()
    assert [learner.name for learner in store.learners()] == [first.name]
    other = store.create_learner("Ben", "family")
    store.open_learner(other.id)
    assert store.last_or_default_learner().id == other.id


def test_profiles_never_see_each_others_progress(store: Store) -> None:
    a = store.create_learner("Ana", "student")
    b = store.create_learner("Ben", "family")
    store.record_reading(a.id, "all", "what-is-all", 30, True)
    attempt = store.start_attempt(a.id, "practice", ["all"], 1, ["all-001"])
    store.record_answer(AnswerRecord(attempt, a.id, "all-001", "all", "all.basics", 0, 1.0), misconception=False)
    store.set_setting(a.id, "theme", "dark")
    assert store.completed_sections(b.id) == {}
    assert store.answer_count(b.id) == 0
    assert store.attempts(b.id) == []
    assert store.settings(b.id) == {}
    assert store.recent_scores_by_objective(b.id, ["all.basics"], 5) == {}
    assert store.completed_sections(a.id) == {"all": {"what-is-all"}}


def test_deleting_a_learner_removes_all_their_rows(store: Store) -> None:
    a = store.create_learner("Ana")
    attempt = store.start_attempt(a.id, "test", ["all"], 1, ["q"])
    store.record_answer(AnswerRecord(attempt, a.id, "q", "all", "all.basics", 1, 0.0, confidence=3), misconception=True)
    store.record_reading(a.id, "all", "x", 5, False)
    store.delete_learner(a.id)
    for table in ("answers", "quiz_attempts", "section_reads", "misconceptions", "learner_settings", "cards"):
        assert store.db.execute(f"SELECT COUNT(*) FROM {table} WHERE learner_id = ?", [a.id]).fetchone()[0] == 0, table


def test_reading_accumulates_and_completion_sticks(store: Store) -> None:
    a = store.create_learner("Ana")
    store.record_reading(a.id, "m", "s", 10, False)
    store.record_reading(a.id, "m", "s", 15, True)
    store.record_reading(a.id, "m", "s", 5, False)
    row = store.section_read(a.id, "m", "s")
    assert row is not None and row["seconds"] == 30 and row["completed"]
    assert store.last_section(a.id) == ("m", "s")
    store.set_section_completed(a.id, "m", "s", False)
    assert not store.section_read(a.id, "m", "s")["completed"]


def test_answers_survive_a_killed_process(tmp_path: Path) -> None:
    """Kill -9 in the middle of a quiz: every answer submitted before is on disk."""
    db = tmp_path / "p.sqlite3"
    script = textwrap.dedent(
        f"""
        import os, signal
        from desktop_app.core.store.database import Store
        from desktop_app.core.store.records import AnswerRecord
        s = Store.open({str(db)!r})
        learner = s.last_or_default_learner()
        attempt = s.start_attempt(learner.id, "test", ["all"], 7, ["q1", "q2", "q3", "q4"])
        for n in (1, 2, 3):
            s.record_answer(AnswerRecord(attempt, learner.id, f"q{{n}}", "all", "all.basics", n, 1.0))
        print("answered", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert "answered" in result.stdout
    assert result.returncode != 0
    s = Store.open(db)
    learner = s.last_or_default_learner()
    attempt = s.attempts(learner.id)[0]
    assert attempt.finished_at is None
    assert [a["question_id"] for a in s.attempt_answers(attempt.id)] == ["q1", "q2", "q3"]
    s.close()


def test_settings_round_trip(store: Store) -> None:
    a = store.create_learner("Ana")
    store.set_setting(a.id, "desired_retention", 0.93)
    store.set_setting(a.id, "desired_retention", 0.95)
    assert store.settings(a.id) == {"desired_retention": 0.95}


def test_bad_learner_input(store: Store) -> None:
    with pytest.raises(ValueError):
        store.create_learner("   ")
    with pytest.raises(ValueError):
        store.create_learner("X", "teacher")


def test_an_older_file_is_migrated_forward_and_backfilled(tmp_path: Path) -> None:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from desktop_app.core.store.migrations import MIGRATION_SET, MIGRATION_STEPS

    path = tmp_path / "old.sqlite3"
    db = Database(path)
    older = Migrations(MIGRATION_SET)
    for name, step in MIGRATION_STEPS[:2]:  # what version 1.0 of the schema had
        older(name=name)(step)
    older.apply(db)
    db.execute("INSERT INTO learners (id, name, track, created_at, last_opened_at) VALUES (1, 'Ana', 'student', 0, 0)")
    db.execute(
        "INSERT INTO quiz_attempts (id, learner_id, mode, modules, seed, question_ids, started_at) VALUES (1, 1, 'test', '[]', 0, '[]', 0)"
    )
    db.execute(
        "INSERT INTO answers (attempt_id, learner_id, question_id, module_id, objective_id, response, score, correct, "
        "time_ms, answered_at) VALUES (1, 1, 'q', 'm', 'm.o', '0', 1, 1, 100, 1700000000)"
    )
    db.conn.commit()
    db.close()
    s = Store.open(path)
    assert s.applied_migrations() == MIGRATION_NAMES
    assert s.active_days(1, 0) == {time.strftime("%Y-%m-%d", time.localtime(1700000000))}
    s.use_course("org.car-t-tutor.all")  # what 0004 gave the old progress
    assert s.answer_count(1) == 1 and s.accuracy_by_day(1, 0)[0][1:] == (1, 1.0)  # 0005 summed the old answers
    s.close()


def test_answers_by_day_always_match_the_answers_themselves(store: Store) -> None:
    a = store.create_learner("Ana")
    attempt = store.start_attempt(a.id, "practice", ["all"], 1, ["q1", "q2"])
    for qid, try_number, score, ms in (("q1", 1, 0.0, 4000), ("q1", 2, 1.0, 2000), ("q2", 1, 0.5, 3000)):
        store.record_answer(AnswerRecord(attempt, a.id, qid, "all", "all.basics", 0, score, try_number=try_number, time_ms=ms))
    direct = store.conn.execute(
        "SELECT COUNT(*), SUM(try_number = 1), SUM(CASE WHEN try_number = 1 THEN score END), SUM(time_ms) / 1000.0 "
        "FROM answers WHERE learner_id = ?",
        [a.id],
    ).fetchone()
    assert direct == (3, 2, 0.5, 9.0)
    assert store.answer_count(a.id) == 3
    [(_day, first_tries, mean)] = store.accuracy_by_day(a.id, 0)
    assert (first_tries, mean) == (2, 0.25)
    assert list(store.answer_seconds_by_day(a.id, 0).values()) == [9.0]


def test_sections_an_update_removed_no_longer_count_as_read(tmp_path) -> None:
    from desktop_app.core.store.database import Store

    store = Store.open(tmp_path / "p.sqlite3")
    store.use_course("org.example.heart")
    learner = store.last_or_default_learner()
    for section in ("main-idea", "why"):
        store.record_reading(learner.id, "intro", section, 30, True)
    assert store.course_progress(learner.id, "org.example.heart").sections_read == 2
    now = {("intro", "main-idea"), ("intro", "key-takeaways")}  # version 1.2.0 dropped "why"
    assert store.course_progress(learner.id, "org.example.heart", now).sections_read == 1
    store.close()
