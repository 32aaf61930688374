"""Keyboard flow: focus starts in the content, Back (Alt+Left) returns after a link, explanations
come into view after Submit, and glossary links in explanations work."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication

from desktop_app.core.learning.quiz import PRACTICE
from tests.gui.keyboard import type_answer


def test_focus_starts_in_the_lesson_so_pagedown_scrolls_it(open_window, qtbot, tmp_path) -> None:
    data = tmp_path / "d"
    w = open_window(data)
    module = w.tutor.course.modules[5]
    w.open_section(module.id, module.sections[1].id)
    w.reader.leave_section()
    w.close()
    again = open_window(data)  # reopens at the last section read
    text = again.reader.text
    qtbot.waitUntil(lambda: QApplication.focusWidget() is text)
    qtbot.waitUntil(lambda: text.verticalScrollBar().maximum() > 0)
    before = text.verticalScrollBar().value()
    qtbot.keyClick(text, Qt.Key.Key_PageDown)
    assert text.verticalScrollBar().value() > before


def test_back_returns_to_the_place_in_the_lesson_after_a_citation(open_window, qtbot) -> None:
    w = open_window()
    module = w.tutor.course.modules[5]
    w.open_section(module.id, module.sections[2].id)
    bar = w.reader.text.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 3)
    where = bar.value()
    w.reader.text.anchorClicked.emit(QUrl("source:xu2021#cytokine-release-syndrome"))  # a citation followed
    assert w.stack.currentWidget() is w.sources
    qtbot.keyClick(w, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert w.stack.currentWidget() is w.reader and w.reader.section.id == module.sections[2].id
    assert bar.value() == where
    # With nothing to go back to, Alt+Left is still "previous section".
    qtbot.keyClick(w, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert w.reader.section.id == module.sections[1].id


def test_back_after_opening_a_term_in_the_glossary(open_window, qtbot) -> None:
    w = open_window()
    module = w.tutor.course.modules[5]
    w.open_section(module.id, module.sections[0].id)
    w.reader.text.anchorClicked.emit(QUrl("glossary:crs"))
    w.term_dialog.open_button.click()
    assert w.stack.currentWidget() is w.glossary_page()
    w.back_action.trigger()
    assert w.stack.currentWidget() is w.reader and w.reader.section.id == module.sections[0].id


def test_after_submit_the_explanation_is_in_view_and_its_terms_open(open_window, qtbot) -> None:
    w = open_window()
    w.resize(1024, 700)
    page = w.quiz_page()
    w.tutor.update_setting("text_scale", 200)
    w.apply_theme()
    q = next(q for q in w.tutor.course.bank if q.type == "multiple_response" and len(q.explanation) > 200)
    w.stack.setCurrentWidget(page)
    assert page.start(PRACTICE, None, 2, None, question_ids=[q.id, w.tutor.course.bank.questions[0].id])
    runner = page.runner
    assert runner.scroll.verticalScrollBar().value() == 0
    type_answer(qtbot, runner, right=False)
    runner.submit()
    if runner.state == "offer-retry":
        runner.on_primary()  # Show answer
    qtbot.waitUntil(lambda: runner.feedback.isVisible())
    qtbot.wait(20)
    viewport = runner.scroll.viewport()
    top = runner.feedback.mapTo(viewport, runner.feedback.rect().topLeft()).y()
    assert 0 <= top < viewport.height(), "the explanation did not come into view"
    assert runner.verdict.wordWrap()
    # The next question opens scrolled to its stem.
    runner.on_primary()
    assert runner.scroll.verticalScrollBar().value() == 0
    # A glossary link in an explanation opens the term, as in a lesson.
    runner.feedback.anchorClicked.emit(QUrl("glossary:crs"))
    assert w.term_dialog is not None and w.term_dialog.isVisible()


def test_a_view_without_a_row_leaves_no_row_looking_current(open_window) -> None:
    w = open_window()
    w.open_section("car", "parts")
    assert w.nav.selectedItems()
    for view in ("report", "search"):
        w.show_view(view)
        assert w.nav.selectedItems() == [] and w.nav.currentItem() is None, view
    w.show_view("courses")
    assert [i.text(0) for i in w.nav.selectedItems()] == ["Courses"]
