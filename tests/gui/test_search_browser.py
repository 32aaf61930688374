"""Search from the keyboard (Ctrl+K, type, Enter) and the question browser (filter, flag, suspend)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.core.grading import correct_response
from desktop_app.core.learning.quiz import TEST
from desktop_app.core.search.documents import QUESTION, SECTION, plain_text
from desktop_app.core.store.database import Store


def answer(tutor, ids: list[str]) -> None:
    session = tutor.start_quiz(TEST, None, len(ids), question_ids=ids)
    for item in session.items:
        session.submit(correct_response(item.question))
        session.next()
    session.finish()


def test_ctrl_k_type_and_enter_opens_the_lesson(open_window, qtbot) -> None:
    w = open_window()
    qtbot.keyClick(w, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is w.search_field
    qtbot.keyClicks(w.search_field, "tocilizumab dose")
    page = w.search_page()
    assert w.stack.currentWidget() is page
    assert page.results.count() == len(page.hits) > 0
    assert "result" in page.summary.text()
    # What a screen reader hears for a result: its title, kind, place and the snippet words.
    first = page.results.item(0)
    spoken = first.data(Qt.ItemDataRole.AccessibleTextRole)
    assert page.hits[0].title in spoken and "\x02" not in spoken
    top = page.hits[0]
    qtbot.keyClick(w.search_field, Qt.Key.Key_Return)
    if top.kind == SECTION:
        assert w.stack.currentWidget() is w.reader
        assert f"{w.reader.module.id}/{w.reader.section.id}" == top.ref
    else:
        assert w.stack.currentWidget() is not page


def test_down_moves_into_the_results_and_enter_opens_that_one(open_window, qtbot) -> None:
    w = open_window()
    w.focus_search()
    qtbot.keyClicks(w.search_field, "fever")
    page = w.search_page()
    qtbot.keyClick(w.search_field, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is page.results
    qtbot.keyClick(page.results, Qt.Key.Key_Down)
    second = page.hits[1]
    qtbot.keyClick(page.results, Qt.Key.Key_Return)
    assert w.stack.currentWidget() is not page
    if second.kind == "term":
        assert w.glossary_page().list.currentItem().data(Qt.ItemDataRole.UserRole) == second.ref


def test_a_question_is_searchable_only_after_it_was_answered_and_opens_in_the_browser(open_window, qtbot) -> None:
    w = open_window()
    q = next(q for q in w.tutor.bank if q.type == "single_choice" and "family" in q.tracks)
    words = " ".join(plain_text(q.stem).split()[:6])
    w.focus_search()
    qtbot.keyClicks(w.search_field, words)
    assert all(h.kind != QUESTION for h in w.search_page().hits)
    answer(w.tutor, [q.id])
    w.search_field.clear()
    qtbot.keyClicks(w.search_field, words)
    page = w.search_page()
    row = next(i for i, h in enumerate(page.hits) if h.kind == QUESTION)
    page.results.setCurrentRow(row)
    qtbot.keyClick(page.results, Qt.Key.Key_Return)
    browser = w.browser_page()
    assert w.stack.currentWidget() is browser
    assert browser.current_question_id() == q.id
    shown = browser.detail.toPlainText()
    assert "Right answer:" in shown and "Your answers (1)" in shown


def test_browser_filters_flags_and_suspends(open_window, qtbot, tmp_path) -> None:
    w = open_window()
    tutor = w.tutor
    module = tutor.course.modules[0].id
    ids = [q.id for q in tutor.bank.questions if q.module == module][:3] + [
        q.id for q in tutor.bank.questions if q.module == tutor.course.modules[1].id
    ][:2]
    answer(tutor, ids)
    w.show_view("browser")
    browser = w.browser_page()
    assert browser.table.rowCount() == 5
    browser.module_box.setCurrentIndex(browser.module_box.findData(module))
    assert browser.table.rowCount() == 3
    assert browser.objective_box.count() == 1 + len(tutor.course.modules[0].objectives)
    # Flag the first listed question with its button.
    browser.table.setCurrentCell(0, 0)
    flagged = browser.current_question_id()
    qtbot.mouseClick(browser.flag_button, Qt.MouseButton.LeftButton)
    assert "Unfl" in browser.flag_button.text() and browser.flag_button.isChecked()
    marks = browser.table.item(0, 6)
    assert "⚑" in marks.text() and "Flagged" in marks.toolTip() and "Flagged" in marks.data(Qt.ItemDataRole.AccessibleTextRole)
    browser.state_box.setCurrentIndex(browser.state_box.findData("flagged"))
    assert browser.table.rowCount() == 1 and browser.current_question_id() == flagged
    # Suspend it: Review no longer counts it.
    later = time.time() + 60 * 86400
    before = tutor.due_count(now=later)
    qtbot.mouseClick(browser.suspend_button, Qt.MouseButton.LeftButton)
    assert tutor.due_count(now=later) == before - 1
    assert browser.suspend_button.text() == "Res&ume"
    # Stored: a restart finds both marks.
    store = Store.open(tutor.store.path)
    try:
        store.use_course(tutor.course.id)
        row = next(c for c in store.met_cards(tutor.learner.id) if c["question_id"] == flagged)
        assert row["flagged"] == 1 and row["suspended"] == 1
    finally:
        store.close()
    # Words filter.
    browser.state_box.setCurrentIndex(0)
    browser.module_box.setCurrentIndex(0)
    qtbot.keyClicks(browser.words, "zzzz-not-a-word")
    assert browser.table.rowCount() == 0
    assert "No questions match" in browser.count_label.text()


def test_a_search_with_more_results_than_are_listed_says_so(open_window, qtbot) -> None:
    from desktop_app.gui.search_page import SHOWN

    w = open_window()
    w.show_view("search")
    page = w.search_page()
    page.run("cell")
    assert page.results.count() == SHOWN
    assert page.summary.text() == f"The best {SHOWN} results for “cell”; there are more: add a word to narrow them down."
    page.run("tocilizumab")
    assert page.summary.text() == f"{page.results.count()} results for “tocilizumab”" and page.results.count() < SHOWN
