"""What a learner sees when the progress file cannot be written, and that nothing submitted is lost.

Each failure is a real SQLite condition on the real file: full (no page left to grow into),
read-only (the connection refuses writes, as on a read-only mount), locked (another program's
exclusive lock), the learner deleted by another program; and at start-up, a read-only folder,
a locked file and a damaged one.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.core.errors import StorageError
from desktop_app.core.store.database import Store
from desktop_app.gui import app as gui_app
from tests.core.test_storage_failures import fill_the_disk, free_the_disk
from tests.gui.conftest import FakeClock
from tests.gui.keyboard import focused, press_enter, type_answer

REPO = Path(__file__).resolve().parents[2]


def answers(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT question_id, response FROM answers ORDER BY id").fetchall()
    finally:
        conn.close()


def start(window, qtbot, question_ids: list[str], mode: str = "practice"):
    window.show_view("quiz")
    page = window.quiz_page()
    assert page.start(mode, None, len(question_ids), None, question_ids=question_ids)
    qtbot.waitUntil(lambda: page.runner.widget is not None and page.runner.widget.isVisible())
    return page.runner


def test_full_disk_the_answer_stays_on_screen_and_is_saved_on_the_next_submit(open_window, qtbot, tmp_path) -> None:
    w = open_window()
    store = w.tutor.store
    cloze = next(q for q in w.tutor.course.bank if q.type == "cloze")
    runner = start(w, qtbot, [cloze.id])
    long_answer = "an answer the learner typed at length " * 120
    runner.widget.edits[0].setText(long_answer)
    fill_the_disk(store)
    press_enter(qtbot)
    shown = runner.verdict.text()
    assert shown.startswith("Your answer is not saved yet") and "Free some space" in shown and "press Submit (Enter) again" in shown
    assert runner.state == "answering" and runner.widget.edits[0].text() == long_answer  # nothing lost on screen
    assert answers(store.path) == []
    free_the_disk(store)
    press_enter(qtbot)
    assert runner.verdict.text().startswith(("Not quite.", "Partly right", "Right."))
    [(qid, response)] = answers(store.path)
    assert qid == cloze.id and long_answer in response


def test_read_only_file_reading_time_is_kept_and_saved_later(open_window, qtbot) -> None:
    clock = FakeClock()
    w = open_window(clock=clock)
    first = w.reader.section
    w.tutor.store.conn.execute("PRAGMA query_only = ON")
    clock.advance(40)
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert "Reading progress not saved yet" in w.statusBar().currentMessage()
    assert "cannot be written" in w.statusBar().currentMessage()
    assert [(p[0], p[1], p[2]) for p in w.reader.pending] == [("all", first.id, 40.0)]
    w.tutor.store.conn.execute("PRAGMA query_only = OFF")
    clock.advance(5)
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert w.reader.pending == []
    assert w.tutor.section_read("all", first.id)["seconds"] == 40.0  # the 40 s from while it was read-only


def test_read_only_file_marking_a_section_read_shows_what_is_stored(open_window, qtbot) -> None:
    w = open_window()
    w.tutor.store.conn.execute("PRAGMA query_only = ON")
    qtbot.mouseClick(w.reader.mark_button, Qt.MouseButton.LeftButton)
    assert not w.reader.mark_button.isChecked()
    assert "Reading progress not saved yet" in w.statusBar().currentMessage()


def test_locked_file_a_quiz_says_why_it_cannot_start_then_starts(open_window, qtbot, tmp_path) -> None:
    w = open_window()
    w.tutor.store.conn.execute("PRAGMA busy_timeout = 100")
    w.show_view("quiz")
    page = w.quiz_page()
    other = sqlite3.connect(w.tutor.store.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        qtbot.mouseClick(page.setup.start_button, Qt.MouseButton.LeftButton)
        assert page.currentWidget() is page.setup
        assert page.setup.message.text().startswith("The quiz could not start")
        assert "close any other copy of CAR-T Tutor" in page.setup.message.text()
    finally:
        other.execute("ROLLBACK")
        other.close()
    qtbot.mouseClick(page.setup.start_button, Qt.MouseButton.LeftButton)
    assert page.currentWidget() is page.runner


def test_locked_file_during_a_test_the_answer_waits_and_is_saved(open_window, qtbot) -> None:
    w = open_window()
    w.tutor.store.conn.execute("PRAGMA busy_timeout = 100")
    runner = start(w, qtbot, [q.id for q in w.tutor.course.bank.questions[:2]], mode="test")
    type_answer(qtbot, runner, right=True)
    other = sqlite3.connect(w.tutor.store.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        press_enter(qtbot)
        assert runner.session.index == 0 and "not saved yet" in runner.verdict.text()
    finally:
        other.execute("ROLLBACK")
        other.close()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert runner.session.index == 1  # saved, and on to the next question
    assert len(answers(w.tutor.store.path)) == 1


def test_a_learner_deleted_by_another_program(open_window, qtbot, monkeypatch) -> None:
    w = open_window()
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *a: seen.append(f"{title}: {text}"))
    gone = w.tutor.learner
    runner = start(w, qtbot, [w.tutor.course.bank.questions[0].id])
    type_answer(qtbot, runner, right=True)
    other = sqlite3.connect(w.tutor.store.path)
    other.execute("PRAGMA foreign_keys = ON")
    other.execute("DELETE FROM learners WHERE id = ?", [gone.id])
    other.commit()
    other.close()
    press_enter(qtbot)
    assert seen and seen[0].startswith("This learner no longer exists") and "Another program removed this learner" in seen[0]
    assert w.tutor.learner.created_at > gone.created_at  # another learner is open now
    assert w.quiz_page().currentWidget() is w.quiz_page().setup
    assert w.tutor.learner.name in w.statusBar().currentMessage()


# ---------------------------------------------------------------- at start


def test_locked_at_start_offers_try_again(qtbot, tmp_path, monkeypatch) -> None:
    db = tmp_path / "progress.sqlite3"
    Store.open(db).close()
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("PRAGMA journal_mode = DELETE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("CREATE TABLE hold (x)")
    shown: list[str] = []

    def click_try_again(box: QMessageBox) -> int:
        shown.append(box.text())
        other.execute("ROLLBACK")  # the other program lets go
        next(b for b in box.buttons() if b.text() == "Try again").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_try_again)
    store = gui_app.open_store(db)
    assert store is not None
    assert "close any other copy of CAR-T Tutor" in shown[0] and "damaged" not in shown[0]
    assert [p.name for p in tmp_path.iterdir() if "damaged" in p.name] == []  # a locked file is never moved away
    store.close()
    other.close()


def make_read_only(folder: Path):
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("cannot make a folder read-only here (no chattr on this filesystem)")
        return ["chattr", "-i", str(folder)]
    folder.chmod(0o555)
    return ["chmod", "755", str(folder)]


def test_read_only_folder_at_start_offers_another_folder(qtbot, tmp_path, monkeypatch) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    undo = make_read_only(folder)
    shown: list[str] = []

    def choose_another(box: QMessageBox) -> int:
        shown.append(box.text())
        next(b for b in box.buttons() if b.text() == "Choose another folder…").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_another)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(elsewhere))
    try:
        store = gui_app.open_store(folder / "progress.sqlite3")
    finally:
        subprocess.run(undo, check=True)
    assert store is not None and store.path == elsewhere / "progress.sqlite3"
    assert "cannot be written" in shown[0] and "damaged" not in shown[0]
    store.close()


def test_damaged_file_on_a_read_only_folder_is_not_lost_and_another_folder_is_offered(qtbot, tmp_path, monkeypatch) -> None:
    folder = tmp_path / "cd"
    folder.mkdir()
    db = folder / "progress.sqlite3"
    db.write_bytes(b"garbage" * 500)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    undo = make_read_only(folder)
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: (boxes.append(box.text()), box.buttons()[0].click(), 0)[-1])
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a: boxes.append(f"{title}: {text}"))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(elsewhere))
    try:
        store = gui_app.open_store(db)
    finally:
        subprocess.run(undo, check=True)
    assert "cannot read your progress file" in boxes[0]
    assert boxes[1].startswith("Cannot keep the file aside") and "read-only" in boxes[1]
    assert db.read_bytes() == b"garbage" * 500  # untouched where it was
    assert store is not None and store.path.parent == elsewhere
    store.close()


def test_damage_found_in_the_background_is_offered_at_the_next_start(qtbot, tmp_path, monkeypatch) -> None:
    db = tmp_path / "progress.sqlite3"
    Store.open(db).close()
    note = tmp_path / ("progress.sqlite3" + gui_app.DAMAGE_NOTE_SUFFIX)
    note.write_text("*** in database main ***\nPage 7: btreeInitPage() returns error")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: (shown.append(box.text()), box.buttons()[0].click(), 0)[-1])
    store = gui_app.open_store(db)
    assert "btreeInitPage" in shown[0]
    assert any(".damaged-" in p.name for p in tmp_path.iterdir())  # kept aside, nothing deleted
    assert store is not None and not (tmp_path / ("progress.sqlite3" + gui_app.DAMAGE_NOTE_SUFFIX)).exists()
    store.close()


def test_the_background_check_writes_the_note_when_it_finds_damage(qtbot, tmp_path) -> None:
    db = tmp_path / "progress.sqlite3"
    s = Store.open(db)
    learner = s.last_or_default_learner()
    attempt = s.start_attempt(learner.id, "test", ["m"], 1, ["q"])
    from desktop_app.core.store.records import AnswerRecord

    for i in range(400):
        s.record_answer(AnswerRecord(attempt, learner.id, f"q{i}", "m", "m.o", "x" * 200, 1.0))
    s.close()
    data = bytearray(db.read_bytes())
    data[5 * 4096 : 7 * 4096] = b"\xa5" * (2 * 4096)
    db.write_bytes(bytes(data))
    check = gui_app.BackgroundCheck(db)
    with qtbot.waitSignal(check.found_damage, timeout=10_000):
        check.start()
    assert (tmp_path / ("progress.sqlite3" + gui_app.DAMAGE_NOTE_SUFFIX)).read_text()


# ---------------------------------------------------------------- bugs and second copies


def test_a_bug_shows_a_crash_dialog_and_writes_a_log(qtbot, tmp_path, monkeypatch) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.windowTitle(), box.text())) or 0)
    old = sys.excepthook
    try:
        handler = gui_app.install_error_handler(tmp_path)
        try:
            raise RuntimeError("a bug of ours")
        except RuntimeError as exc:
            handler(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = old
    [(title, text)] = shown
    [log] = (tmp_path / "logs").glob("crash-*.log")
    assert title == "CAR-T Tutor hit a bug" and str(log) in text and "progress up to now is saved" in text
    assert "RuntimeError: a bug of ours" in log.read_text()


def test_a_known_error_is_a_message_not_a_crash(qtbot, tmp_path, monkeypatch) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a: warned.append(f"{title}: {text}"))
    old = sys.excepthook
    try:
        handler = gui_app.install_error_handler(tmp_path)
        err = StorageError("full", tmp_path / "p", "Saving failed: database or disk is full.", "Free some space.")
        handler(StorageError, err, None)
    finally:
        sys.excepthook = old
    assert warned == ["The disk is full: Saving failed: database or disk is full. Free some space."]
    assert not (tmp_path / "logs").exists()


def test_a_second_copy_on_the_same_folder_brings_the_first_forward_and_leaves(tmp_path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    data = tmp_path / "data"
    first = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(data)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while not (data / "progress.sqlite3").exists() or not (data / gui_app.LOCK_NAME).exists():
            assert first.poll() is None and time.monotonic() < deadline, first.communicate()[1][-2000:]
            time.sleep(0.1)
        time.sleep(1.0)  # the first copy watches the folder once its window is up
        second = subprocess.run(
            [sys.executable, "-m", "desktop_app", "--data-dir", str(data)], env=env, capture_output=True, text=True, timeout=60
        )
        assert second.returncode == 0 and "already open" in second.stderr
        # The first copy picked up the request (it removes it once it has come forward).
        deadline = time.monotonic() + 20
        while (data / gui_app.RAISE_REQUEST).exists():
            assert time.monotonic() < deadline, "the running copy did not answer"
            time.sleep(0.1)
        assert first.poll() is None  # still running
    finally:
        first.terminate()
        first.communicate(timeout=30)


def test_restore_from_a_backup_in_the_window(open_window, qtbot, monkeypatch) -> None:
    import datetime as dt

    from PySide6.QtWidgets import QInputDialog

    from desktop_app.core.store.backup import make_backup

    w = open_window()
    first = w.tutor.learner.name
    make_backup(w.tutor.store.path, now=dt.datetime(2026, 12, 1, 9, 0, 0))
    w.tutor.create_learner("Added later", "student")
    monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, items, *a: (items[0], True))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    restore = next(a for a in w.menuBar().actions()[0].menu().actions() if a.text() == "Restore from &backup…")
    restore.trigger()
    w2 = w.shell.window
    assert [x.name for x in w2.tutor.learners()] == [first]
    assert "Restored the backup of 01 December 2026, 09:00" in w2.statusBar().currentMessage()
    kept = [p for p in (w.tutor.store.path.parent / "backups").glob("*-before-restore.sqlite3")]
    assert len(kept) == 1


def test_a_data_folder_that_cannot_be_made_is_explained_not_taken_for_another_copy(qtbot, tmp_path, monkeypatch) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file where the data folder should be")
    lock = gui_app.acquire_instance_lock(not_a_folder)
    assert lock is not None and not lock.isLocked()  # None would mean "another copy is open"
    shown: list[str] = []

    def quit_(box: QMessageBox) -> int:
        shown.append(box.text())
        next(b for b in box.buttons() if b.text() == "Quit").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", quit_)
    assert gui_app.open_store(not_a_folder / "progress.sqlite3") is None
    assert str(not_a_folder) in shown[0] and "already open" not in shown[0]
