"""Backups with SQLite's backup API: consistent while the program writes, rotated like Anki's,
restored without losing the current file."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

import pytest

from desktop_app.core.errors import StorageError
from desktop_app.core.store.backup import changed_since_last_backup, list_backups, make_backup, rotate
from desktop_app.core.store.database import Store
from desktop_app.core.store.records import AnswerRecord


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_a_backup_is_a_sound_copy_even_while_answers_are_being_written(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    learner = store.last_or_default_learner()
    attempt = store.start_attempt(learner.id, "test", ["m"], 1, ["q"])
    for i in range(2000):
        store.record_answer(AnswerRecord(attempt, learner.id, f"q{i}", "m", "m.o", "x" * 100, 1.0))
    stop = threading.Event()

    def keep_writing() -> None:
        other = Store.open(tmp_path / "progress.sqlite3")
        n = 0
        while not stop.is_set():
            other.record_answer(AnswerRecord(attempt, learner.id, f"w{n}", "m", "m.o", "y", 0.0))
            n += 1
        other.close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        made = make_backup(store.path)
    finally:
        stop.set()
        writer.join()
    check = sqlite3.connect(made.path)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert check.execute("SELECT COUNT(*) FROM answers").fetchone()[0] >= 2000
    check.close()
    store.close()


def test_only_a_changed_file_needs_a_new_backup(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    store.last_or_default_learner()
    store.close()
    assert changed_since_last_backup(tmp_path / "progress.sqlite3")
    make_backup(tmp_path / "progress.sqlite3")
    assert not changed_since_last_backup(tmp_path / "progress.sqlite3")
    store = Store.open(tmp_path / "progress.sqlite3")
    store.create_learner("Ben")
    store.close()
    assert changed_since_last_backup(tmp_path / "progress.sqlite3")


def test_rotation_keeps_recent_daily_weekly_and_monthly_backups(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    Store.open(db).close()
    now = dt.datetime(2026, 12, 2, 12, 0, 0)
    # Every 6 hours for 400 days.
    stamps = [now - dt.timedelta(hours=6 * i) for i in range(1600)]
    for when in stamps:
        make_backup(db, now=when)
    rotate(db, now=now)
    kept = [b.made for b in list_backups(db)]
    assert kept[:4] == stamps[:4]  # the newest few
    days = {k.date() for k in kept if now - k <= dt.timedelta(days=7)}
    assert len(days) >= 7  # one a day for a week
    assert any(dt.timedelta(days=14) < now - k <= dt.timedelta(days=28) for k in kept)  # weekly
    assert any(dt.timedelta(days=150) < now - k <= dt.timedelta(days=200) for k in kept)  # monthly
    assert all(now - k <= dt.timedelta(days=31 * 12) for k in kept)  # nothing older than a year
    assert len(kept) <= 4 + 7 + 4 + 12


def test_restore_keeps_the_current_file_and_brings_back_the_backup(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    store.create_learner("Ana")
    first = make_backup(store.path, now=dt.datetime(2026, 12, 1, 9, 0, 0))
    store.create_learner("Ben")
    kept = store.restore_from(first.path)
    assert [x.name for x in store.learners()] == ["Ana"]
    assert count(kept, "learners") == 2 and kept.name.endswith("-before-restore.sqlite3")
    store.restore_from(kept)  # and back again
    assert [x.name for x in store.learners()] == ["Ana", "Ben"]
    store.close()


def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    store.create_learner("Ana")
    bad = tmp_path / "backups" / "progress-20261201-090000.sqlite3"
    bad.parent.mkdir()
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(StorageError) as info:
        store.restore_from(bad)
    assert info.value.kind == "corrupt" and "nothing was restored" in info.value.message
    assert [x.name for x in store.learners()] == ["Ana"]
    store.close()
