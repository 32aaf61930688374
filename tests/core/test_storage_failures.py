"""When the progress file cannot be written: a clear StorageError, nothing half-changed, and the
same answer can be submitted again once the cause is gone. Real SQLite files throughout; each
failure is a real SQLite condition (a full database, a read-only connection, another
connection's lock, a learner deleted by another connection)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from desktop_app.core import paths
from desktop_app.core.errors import StorageError
from desktop_app.core.learning.quiz import PRACTICE, TEST
from desktop_app.core.store.database import Store
from desktop_app.core.tutor import Tutor
from tests.core.test_learning import wrong_response


def answers_in_file(path: Path) -> list[tuple[str, int]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT question_id, try_number FROM answers ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.fixture
def setup(course, tmp_path: Path):
    path = tmp_path / "progress.sqlite3"
    store = Store.open(path, timeout=0.2)
    tutor = Tutor(course, store, paths.assets_dir())
    yield tutor, store, path
    store.close()


def fill_the_disk(store: Store) -> None:
    """The database may not grow by a single page, and its free space is used up: what a full
    disk looks like to SQLite (SQLITE_FULL, "database or disk is full")."""
    store.conn.execute("CREATE TABLE IF NOT EXISTS filler (x)")
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    for size in (50_000, 5_000, 500, 50, 5, 0):
        while True:
            try:
                store.conn.execute("INSERT INTO filler VALUES (?)", [b"x" * size])
            except sqlite3.OperationalError as exc:
                assert "full" in str(exc)
                break


def free_the_disk(store: Store) -> None:
    store.conn.execute("PRAGMA max_page_count = 1073741823")


def test_a_full_disk_keeps_the_answer_for_a_second_submit(setup) -> None:
    tutor, store, path = setup
    cloze = next(q for q in tutor.course.bank if q.type == "cloze")
    session = tutor.start_quiz(TEST, None, 1, question_ids=[cloze.id])
    item = session.current
    # A long typed answer needs a page of its own, and there is none left.
    response = ["a long answer typed by the learner " * 150] * len(cloze.blanks)
    fill_the_disk(store)
    with pytest.raises(StorageError) as info:
        session.submit(response, 3)
    assert info.value.kind == "full" and "Free some space" in info.value.advice
    assert item.grades == [] and item.responses == [] and item.confidence is None  # nothing counted
    assert answers_in_file(path) == []
    free_the_disk(store)
    outcome = session.submit(response, 3)  # the same answer, submitted again
    assert outcome.try_number == 1 and outcome.misconception and item.responses == [response]
    assert answers_in_file(path) == [(item.question.id, 1)]
    assert store.card(tutor.learner.id, item.question.id) is not None


def test_a_read_only_file_refuses_the_write_and_changes_nothing(setup) -> None:
    tutor, store, path = setup
    session = tutor.start_quiz(PRACTICE, ["car"], 2, seed=1)
    store.conn.execute("PRAGMA query_only = ON")  # as a file on a read-only mount behaves
    with pytest.raises(StorageError) as info:
        session.submit(wrong_response(session.current.question))
    assert info.value.kind == "read-only"
    with pytest.raises(StorageError):
        tutor.record_reading("car", "parts", 30, True)
    with pytest.raises(StorageError):
        tutor.update_setting("theme", "dark")
    assert tutor.settings.theme != "dark"  # the setting did not change in memory either
    store.conn.execute("PRAGMA query_only = OFF")
    session.submit(wrong_response(session.current.question))
    assert len(answers_in_file(path)) == 1


def test_a_file_locked_by_another_program_says_so_and_works_once_released(setup) -> None:
    tutor, _store, path = setup
    session = tutor.start_quiz(TEST, ["journey"], 2, seed=2)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError) as info:
            session.submit(wrong_response(session.current.question))
        assert info.value.kind == "locked" and "close any other copy" in info.value.advice
        assert session.current.grades == []
    finally:
        other.execute("ROLLBACK")
        other.close()
    session.submit(wrong_response(session.current.question))
    assert len(answers_in_file(path)) == 1


def test_a_learner_deleted_by_another_program(setup) -> None:
    tutor, store, path = setup
    gone = tutor.learner
    session = tutor.start_quiz(TEST, ["results"], 2, seed=3)
    other = sqlite3.connect(path)
    other.execute("PRAGMA foreign_keys = ON")
    other.execute("DELETE FROM learners WHERE id = ?", [gone.id])
    other.commit()
    other.close()
    with pytest.raises(StorageError) as info:
        session.submit(wrong_response(session.current.question))
    assert info.value.kind == "learner-gone"
    learner = tutor.recover_learner()
    assert learner.created_at > gone.created_at and [x.id for x in store.learners()] == [tutor.learner.id]
    with pytest.raises(StorageError):  # the old quiz went with the old learner
        session.submit(wrong_response(session.current.question))
    again = tutor.start_quiz(TEST, ["results"], 2, seed=3)
    again.submit(wrong_response(again.current.question))
    assert len(answers_in_file(path)) == 1


def test_finishing_a_quiz_that_cannot_be_saved_can_be_finished_later(setup) -> None:
    tutor, store, _path = setup
    session = tutor.start_quiz(TEST, ["access"], 2, seed=5)
    session.submit(wrong_response(session.current.question))
    store.conn.execute("PRAGMA query_only = ON")
    with pytest.raises(StorageError):
        session.finish()
    assert session.finished is None
    store.conn.execute("PRAGMA query_only = OFF")
    result = session.finish()
    assert result.answered == 1 and store.attempts(tutor.learner.id)[0].finished_at is not None


def test_an_unwritable_folder_at_start_is_read_only_not_damaged(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    Store.open(folder / "p.sqlite3").close()
    for leftover in folder.glob("p.sqlite3-*"):
        leftover.unlink()
    if os.geteuid() == 0:  # root ignores permissions; an immutable folder stops even root
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("cannot make a folder read-only here (no chattr on this filesystem)")
        undo = ["chattr", "-i", str(folder)]
    else:
        folder.chmod(0o555)
        undo = ["chmod", "755", str(folder)]
    try:
        with pytest.raises(StorageError) as info:
            Store.open(folder / "p.sqlite3")
        assert info.value.kind == "read-only"
        assert "Choose another folder" in info.value.advice
    finally:
        subprocess.run(undo, check=True)


def test_a_file_locked_at_start_is_locked_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    Store.open(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode = DELETE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("CREATE TABLE hold (x)")
    try:
        with pytest.raises(StorageError) as info:
            Store.open(path, timeout=0.1)
        assert info.value.kind == "locked"
    finally:
        other.execute("ROLLBACK")
        other.close()
