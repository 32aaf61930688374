"""Course packs in the real window: open by menu and by drop, switch courses, answer in both,
update to a new version, and every answer stays where it belongs."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from desktop_app.core import paths
from desktop_app.core.exchange.packs import build_pack
from desktop_app.core.store.migrations import BUILTIN_COURSE_ID
from tests.core.test_packs import new_course, two_versions
from tests.gui.keyboard import press_enter, type_answer

HEART = "org.example.heart"


def accept_dialogs(monkeypatch, seen: list[str]) -> None:
    """Answer the install/update question with its first button (Install/Update), noting the text."""

    def click_first(box: QMessageBox) -> int:
        seen.append(box.text())
        box.buttons()[0].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_first)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a: seen.append(f"{title}: {text}"))


def answer_in_window(window, qtbot, question_id: str, right: bool = True) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.show_view("quiz")
    page = window.quiz_page()
    assert page.start("practice", None, 1, None, question_ids=[question_id])
    qtbot.waitUntil(lambda: page.runner.widget is not None and page.runner.widget.isVisible())
    type_answer(qtbot, page.runner, right=right)
    press_enter(qtbot)


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def heart_pack(tmp_path: Path, change: Callable[[Path], None] | None = None) -> Path:
    """A pack of a new course, "Heart basics" (``change`` edits its files first)."""
    src = new_course(tmp_path / "heart")
    if change is not None:
        change(src)
    pack = tmp_path / "heart.ctpack"
    build_pack(src, pack, paths.assets_dir())
    return pack


def drop(window, pack: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pack))])
    event = QDropEvent(QPointF(QPoint(50, 50)), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_open_by_menu_switch_answer_in_both_and_update_without_loss(open_window, qtbot, tmp_path, monkeypatch) -> None:
    v1, v2 = two_versions(tmp_path)
    seen: list[str] = []
    accept_dialogs(monkeypatch, seen)

    w = open_window()
    shell = w.shell
    db = w.tutor.store.path
    builtin_q = w.tutor.course.bank.questions[0].id
    answer_in_window(w, qtbot, builtin_q)

    # File > Open course pack…
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(v1), "Course packs (*.ctpack)"))
    open_action = next(a for a in w.menuBar().actions()[0].menu().actions() if a.text() == "&Open course pack…")
    open_action.trigger()
    w2 = shell.window
    assert w2 is not w and w2.tutor.course.id == HEART and w2.isVisible()
    assert "Install “Heart basics” version 1.0.0?" in seen[0]
    assert w2.nav.module_items.keys() == {"intro"}
    for qid in ("intro-001", "intro-003", "intro-007"):
        answer_in_window(w2, qtbot, qid)
    # Read the lesson's second section to the end (its id is renamed in version 2).
    w2.open_section("intro", "why")
    qtbot.mouseClick(w2.reader.mark_button, Qt.MouseButton.LeftButton)
    assert w2.tutor.completed_sections() == {"intro": {"why"}}

    # Switch back on the Courses page, answer there, and the other course's answers stay apart.
    w2.show_view("courses")
    page = w2.courses_page()
    assert set(page.rows) == {BUILTIN_COURSE_ID, HEART} and not page.rows[HEART][0].isEnabled()
    qtbot.mouseClick(page.rows[BUILTIN_COURSE_ID][0], Qt.MouseButton.LeftButton)
    w3 = shell.window
    assert w3.tutor.course.id == BUILTIN_COURSE_ID
    assert w3.tutor.store.answer_count(w3.tutor.learner.id) == 1  # only the built-in course's answer
    by_course = dict(rows(db, "SELECT course_id, COUNT(*) FROM answers GROUP BY course_id"))
    assert by_course == {BUILTIN_COURSE_ID: 1, HEART: 3}

    # Update by dropping version 2 on the window: it switches to the course and shows what changes.
    drop(w3, v2)
    w4 = shell.window
    assert w4.tutor.course.id == HEART and w4.tutor.course.version == "1.1.0"
    update = seen[-1]
    assert "version 1.0.0 is installed; this pack has version 1.1.0" in update and "Questions retired (their history is kept): 1" in update
    # The renamed question's answer moved to its new id (when the questions are first read: the window
    # does that in idle time after it opens); the retired one's history is kept, never asked.
    assert w4.tutor.retired_history() == {"intro-007": 1}
    assert sorted(rows(db, f"SELECT question_id FROM answers WHERE course_id = '{HEART}'")) == [
        ("intro-001",),
        ("intro-007",),
        ("intro-030",),
    ]
    assert w4.tutor.retired_history() == {"intro-007": 1}
    later = __import__("time").time() + 60 * 86400
    queue = w4.tutor.review_queue(None, now=later)
    assert "intro-007" not in {q.id for q in queue} and w4.tutor.due_count(now=later) == len(queue)
    assert w4.tutor.store.card(w4.tutor.learner.id, "intro-030") is not None  # the card followed the rename
    # The renamed section is still read, under its new id, and the navigation shows it so.
    assert w4.tutor.completed_sections() == {"intro": {"why-it-matters"}}
    assert w4.tutor.reading_progress()["intro"] == (1, 3)
    w4.nav.select_section("intro", "why-it-matters")
    assert w4.nav.section_items[("intro", "why-it-matters")].text(1) == "✓"
    assert rows(db, f"SELECT section_id FROM section_reads WHERE course_id = '{HEART}' AND completed = 1") == [("why-it-matters",)]


def test_an_older_pack_is_refused_unless_the_learner_confirms(open_window, qtbot, tmp_path, monkeypatch) -> None:
    v1, v2 = two_versions(tmp_path)
    w = open_window()
    seen: list[str] = []
    accept_dialogs(monkeypatch, seen)
    w.shell.open_pack(v2)
    # Now offer the older one, and say Cancel.
    monkeypatch.setattr(QMessageBox, "exec", lambda box: (seen.append(box.text()), box.buttons()[1].click(), 0)[-1])
    assert w.shell.open_pack(v1) is None
    assert "OLDER version than the one installed (1.1.0)" in seen[-1] and seen[-1].count("Downgrade") == 0
    assert w.shell.library.installed()[1].version == "1.1.0"


def test_a_hostile_pack_dropped_on_the_window_is_refused_with_a_message(open_window, tmp_path, monkeypatch) -> None:
    bad = tmp_path / "bad.ctpack"
    bad.write_bytes(b"not a zip")
    w = open_window()
    seen: list[str] = []
    accept_dialogs(monkeypatch, seen)
    drop(w, bad)
    assert seen and "bad.ctpack cannot be installed" in seen[0] and w.shell.window is w
    assert not (w.shell.data_dir / "courses").exists() or list((w.shell.data_dir / "courses").iterdir()) == []


def test_the_window_accepts_only_packs_when_dragged_over(open_window, tmp_path) -> None:
    from desktop_app.gui.main_window import _packs_in

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "a.txt")), QUrl.fromLocalFile(str(tmp_path / "b.ctpack"))])
    assert _packs_in(mime) == [tmp_path / "b.ctpack"]
    assert open_window().acceptDrops()
    assert QApplication.instance() is not None


def test_the_courses_page_lists_each_course_with_the_learners_progress(open_window, qtbot, tmp_path, monkeypatch) -> None:
    import datetime as dt

    pack = heart_pack(tmp_path)
    seen: list[str] = []
    accept_dialogs(monkeypatch, seen)
    w = open_window()
    w.shell.open_pack(pack)
    w2 = w.shell.window
    answer_in_window(w2, qtbot, "intro-001")
    w2.show_view("courses")
    page = w2.courses_page()
    text = {cid: " ".join(label.text() for label in card.findChildren(QLabel)) for cid, card in page.cards.items()}
    today = dt.date.today()
    assert "Heart basics  (open now)" in text[HEART]
    assert "Version 1.0.0" in text[HEART] and "1 lesson, " in text[HEART]
    assert f"0 sections read, 1 answer given; last studied {today.day} {today:%B %Y}." in text[HEART]
    assert "Not started yet." in text[BUILTIN_COURSE_ID] and "Built into CAR-T Tutor" in text[BUILTIN_COURSE_ID]
    # The built-in course cannot be removed; the pack can. The list starts under the Open button,
    # not in the middle of an empty page.
    assert page.rows[BUILTIN_COURSE_ID][1] is None and page.rows[HEART][1] is not None
    qtbot.waitUntil(lambda: all(card.isVisible() for card in page.cards.values()))
    top = min(card.mapTo(page, QPoint(0, 0)).y() for card in page.cards.values())
    assert top < page.open_button.mapTo(page, QPoint(0, 0)).y() + 3 * page.open_button.height()


def test_changing_course_during_a_test_asks_first(open_window, qtbot, tmp_path, monkeypatch) -> None:
    pack, lung = heart_pack(tmp_path), tmp_path / "lung.ctpack"
    build_pack(new_course(tmp_path / "lung", "Lung basics", "org.example.lung"), lung, paths.assets_dir())
    seen: list[str] = []
    accept_dialogs(monkeypatch, seen)
    w = open_window()
    w.shell.open_pack(pack)
    w = w.shell.window
    w.show_view("quiz")
    page = w.quiz_page()
    assert page.start("test", None, 3)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    # "Open" on the Courses page, a pack dropped on the window, removing the course in use: each
    # asks, and "No" leaves the learner in their test with nothing changed.
    w.show_view("courses")
    qtbot.mouseClick(w.courses_page().rows[BUILTIN_COURSE_ID][0], Qt.MouseButton.LeftButton)
    drop(w, lung)
    assert w.shell.remove_course(HEART) is False
    # Not asked for what changes nothing: the pack of the course open, or a pack that is refused.
    drop(w, pack)
    (tmp_path / "bad.ctpack").write_bytes(b"not a zip")
    drop(w, tmp_path / "bad.ctpack")
    assert "already installed and open: nothing to change" in w.statusBar().currentMessage()
    assert len(asked) == 3 and all(a.startswith("3 questions are not answered yet. End the test now?") for a in asked)
    assert w.shell.window is w and page.runner.session is not None and w.shell.library.root_of(HEART) is not None
    assert w.shell.library.root_of("org.example.lung") is None  # "No" to leaving the test: nothing installed
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(w.courses_page().rows[BUILTIN_COURSE_ID][0], Qt.MouseButton.LeftButton)
    assert len(asked) == 4 and w.shell.window is not w and w.shell.window.tutor.course.id == BUILTIN_COURSE_ID
    # The test ended as by its End button: its score is kept (nothing answered: 0).
    ended = rows(w.tutor.store.path, f"SELECT mode, score, finished_at IS NOT NULL FROM quiz_attempts WHERE course_id = '{HEART}'")
    assert ended == [("test", 0.0, 1)]


def test_a_pack_given_to_a_second_copy_is_offered_in_the_running_window(open_window, qtbot, tmp_path, monkeypatch) -> None:
    from desktop_app.gui.app import ask_running_copy_to_come_forward, watch_for_second_copies

    pack = heart_pack(tmp_path)
    seen: list[str] = []
    accept_dialogs(monkeypatch, seen)
    w = open_window()
    watching = watch_for_second_copies(w.shell.data_dir, w.shell)
    # What "car-t-tutor heart.ctpack" does when a copy is already open on the folder:
    assert ask_running_copy_to_come_forward(w.shell.data_dir, str(pack))
    qtbot.waitUntil(lambda: w.shell.window.tutor.course.id == HEART, timeout=10000)
    assert seen == ["Install “Heart basics” version 1.0.0?"] and watching.shell is w.shell


def test_the_learner_sees_when_each_lesson_and_question_was_reviewed_and_when_it_is_overdue(
    open_window, qtbot, tmp_path, monkeypatch
) -> None:
    import datetime as dt

    from desktop_app.core.wording import month_year
    from tests.core.test_packs import expire

    pack = heart_pack(tmp_path, expire)  # the lesson and intro-001: reviewed January 2025, due again by 1 January 2026
    seen: list[str] = []
    accept_dialogs(monkeypatch, seen)
    w = open_window()
    builtin = w.tutor.course.modules[0]
    w.open_section(builtin.id, builtin.sections[0].id)
    shown = f"· Reviewed {month_year(builtin.reviewed)}"
    assert w.reader.position_label.text().endswith(shown) and not w.reader.review_note.isVisible()
    w.shell.open_pack(pack)
    assert "Past the date its author set for a clinical review: 1 lesson, 1 question." in seen[0]  # said before installing
    w = w.shell.window
    w.show_view("courses")
    card = " ".join(label.text() for label in w.courses_page().cards[HEART].findChildren(QLabel))
    assert "1 lesson is due for clinical review; check with your care team." in card
    w.open_section("intro", "why")
    assert w.reader.position_label.text().endswith("· Reviewed January 2025")
    assert w.reader.review_note.isVisible()
    assert w.reader.review_note.text() == "This section is due for clinical review; check with your care team."
    for qid, overdue in (("intro-001", True), ("intro-003", False)):
        answer_in_window(w, qtbot, qid)
        feedback = w.quiz_page().runner.feedback
        qtbot.waitUntil(feedback.isVisible)
        text = feedback.toPlainText()
        assert f"Reviewed {'January 2025' if overdue else month_year(dt.date.today())}" in text  # (the scaffold's: today)
        assert ("This question is due for clinical review; check with your care team." in text) is overdue


def test_removing_a_course_keeps_its_progress_for_when_it_comes_back(open_window, qtbot, tmp_path, monkeypatch) -> None:
    pack = heart_pack(tmp_path)
    seen: list[str] = []
    accept_dialogs(monkeypatch, seen)
    w = open_window()
    db = w.tutor.store.path
    w.shell.open_pack(pack)
    w = w.shell.window
    answer_in_window(w, qtbot, "intro-001")
    w.show_view("courses")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(w.courses_page().rows[HEART][1], Qt.MouseButton.LeftButton)
    assert asked == ["Remove this course from the computer?\nYour progress in it is kept: installing it again brings it back."]
    # The course in use was removed: the built-in one takes its place, and the list has only it.
    w = w.shell.window
    assert w.tutor.course.id == BUILTIN_COURSE_ID and w.stack.currentWidget() is w.courses_page()
    assert set(w.courses_page().rows) == {BUILTIN_COURSE_ID} and w.shell.library.root_of(HEART) is None
    assert rows(db, f"SELECT question_id FROM answers WHERE course_id = '{HEART}'") == [("intro-001",)]
    w.shell.open_pack(pack)
    w = w.shell.window
    w.show_view("courses")
    card = w.courses_page().cards[HEART]
    assert "0 sections read, 1 answer given" in " ".join(label.text() for label in card.findChildren(QLabel))


def test_reading_time_stays_with_the_course_it_was_spent_in(open_window, qtbot, tmp_path, monkeypatch) -> None:
    from tests.gui.conftest import FakeClock

    v1, v2 = two_versions(tmp_path)
    seen: list[str] = []
    accept_dialogs(monkeypatch, seen)
    clock = FakeClock()
    w = open_window(clock=clock)
    db = w.tutor.store.path
    w.open_section("car", "parts")
    qtbot.wait(1300)  # long enough to count as a visit
    clock.advance(30)
    drop(w, v1)  # another course replaces the window while a built-in section is open
    w = w.shell.window
    w.open_section("intro", "why")
    qtbot.wait(1300)
    clock.advance(30)
    drop(w, v2)  # an update of the open course, which renames the section being read
    w = w.shell.window
    reads = rows(db, "SELECT course_id, module_id, section_id FROM section_reads ORDER BY 1, 2, 3")
    assert reads == [(BUILTIN_COURSE_ID, "car", "parts"), (HEART, "intro", "why-it-matters")]
    assert w.tutor.resume_point() is not None and w.tutor.resume_point()[1].id == "why-it-matters"
    w.show_view("courses")
    qtbot.mouseClick(w.courses_page().rows[BUILTIN_COURSE_ID][0], Qt.MouseButton.LeftButton)
    back = w.shell.window
    assert back.tutor.resume_point() is not None and (back.tutor.resume_point()[0].id, back.tutor.resume_point()[1].id) == ("car", "parts")


def test_the_sources_page_describes_the_course_that_is_open(open_window, qtbot, tmp_path, monkeypatch) -> None:
    pack = heart_pack(tmp_path)
    seen: list[str] = []
    accept_dialogs(monkeypatch, seen)
    w = open_window()
    w.show_view("sources")
    text = w.sources.text.toPlainText()
    assert "The course is built on 5 reviews; only 1 of them is peer-reviewed." in text
    w.shell.open_pack(pack)
    w = w.shell.window
    w.show_view("sources")
    text = w.sources.text.toPlainText()
    assert "review" not in text.casefold().replace("peer-reviewed", "") and "Outside sources" in text
    assert "The source your facts come from" in text  # the pack's own source


def test_several_packs_dropped_at_once_are_each_offered(open_window, tmp_path, monkeypatch) -> None:
    packs = []
    for name in ("heart", "lung"):
        packs.append(tmp_path / f"{name}.ctpack")
        build_pack(new_course(tmp_path / name, f"{name.title()} basics", f"org.example.{name}"), packs[-1], paths.assets_dir())
    seen: list[str] = []
    accept_dialogs(monkeypatch, seen)
    w = open_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in packs])
    event = QDropEvent(QPointF(QPoint(50, 50)), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    w.dropEvent(event)
    assert seen == ["Install “Heart basics” version 1.0.0?", "Install “Lung basics” version 1.0.0?"]
    assert {c.id for c in w.shell.library.installed()} == {BUILTIN_COURSE_ID, HEART, "org.example.lung"}


def test_a_class_report_for_an_installed_course_describes_its_answers_while_another_is_open(
    open_window, qtbot, tmp_path, monkeypatch
) -> None:
    from desktop_app.core.exchange.results import write_results

    pack = heart_pack(tmp_path)
    seen: list[str] = []
    accept_dialogs(monkeypatch, seen)
    w = open_window()
    w.shell.open_pack(pack)
    w = w.shell.window
    answer_in_window(w, qtbot, "intro-001", right=False)
    (tmp_path / "class").mkdir()
    write_results(w.tutor, tmp_path / "class" / "ana.ctresults", "Ana")
    w.show_view("courses")
    qtbot.mouseClick(w.courses_page().rows[BUILTIN_COURSE_ID][0], Qt.MouseButton.LeftButton)
    w = w.shell.window  # the built-in course is open; the report is for Heart basics
    w.show_view("report")
    page = w.report_page()
    page.add([tmp_path / "class"])
    wrong = page.items.item(0, 5).text()
    question = w.shell.questions_of(HEART).get("intro-001")
    assert wrong.endswith("(1×)") and question is not None
    assert any(c.text in wrong for c in question.choices)  # the option's words, not its raw index
