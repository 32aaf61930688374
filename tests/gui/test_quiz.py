"""Quizzes in the real window: every question type answered by keyboard, feedback seen, answers stored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.learning.quiz import PRACTICE, TEST
from desktop_app.core.questions import QUESTION_TYPES
from tests.gui.keyboard import focused, press_enter, type_answer


def first_of_type(course, qtype: str):
    return next(q for q in course.bank if q.type == qtype)


def start_one(window, qtbot, question, mode=PRACTICE):
    page = window.quiz_page()
    window.show_view("quiz")
    session = window.tutor.start_quiz(mode, [question.module], 1, seed=1, question_ids=[question.id])
    window.stack.setCurrentWidget(page)
    page.setCurrentWidget(page.runner)
    page.runner.run(session)
    qtbot.waitUntil(lambda: page.runner.widget is not None and page.runner.widget.isVisible())
    return page, session


@pytest.mark.parametrize("qtype", sorted(QUESTION_TYPES))
@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
def test_each_type_by_keyboard_alone(open_window, qtbot, qtype: str, right: bool) -> None:
    w = open_window()
    question = first_of_type(w.tutor.course, qtype)
    page, session = start_one(w, qtbot, question)
    runner = page.runner
    type_answer(qtbot, runner, right)
    press_enter(qtbot)
    verdict = runner.verdict.text()
    if right:
        assert verdict.startswith("Right."), verdict
        assert runner.feedback.isVisible()
        shown = runner.feedback.toPlainText()
        assert "Right answer:" in shown and "Source:" in shown
    else:
        assert verdict.startswith(("Not quite.", "Partly right")), verdict
        assert runner.retry_button.isVisible()  # practice mode offers a second try
        press_enter(qtbot)  # ...or Enter shows the answer
        assert runner.feedback.isVisible() and "Right answer:" in runner.feedback.toPlainText()
    rows = w.tutor.store.attempt_answers(session.attempt_id)
    assert len(rows) == 1 and rows[0]["question_id"] == question.id
    assert (rows[0]["score"] == 1.0) == right
    press_enter(qtbot)  # Finish
    assert page.currentWidget() is page.review
    assert question.stem[:30] in page.review.text.toPlainText()


def test_second_try_with_keyboard(open_window, qtbot) -> None:
    w = open_window()
    question = first_of_type(w.tutor.course, "single_choice")
    page, session = start_one(w, qtbot, question)
    type_answer(qtbot, page.runner, right=False)
    press_enter(qtbot)
    assert page.runner.state == "offer-retry" and page.runner.retry_button.isVisible()
    qtbot.keyClick(focused(), Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # the key alone, sent where focus is
    # A mnemonic "animates" the click (the button shows pressed for a moment): wait for it, and
    # fail if the key did nothing.
    qtbot.waitUntil(lambda: page.runner.state == "answering", timeout=2000)
    assert not page.runner.retry_button.isVisible()
    type_answer(qtbot, page.runner, right=True)
    press_enter(qtbot)
    assert page.runner.verdict.text().startswith("Right.")
    rows = w.tutor.store.attempt_answers(session.attempt_id)
    assert [(r["try_number"], r["score"]) for r in rows] == [(1, 0.0), (2, 1.0)]


def test_confidence_buttons_store_a_misconception(open_window, qtbot) -> None:
    w = open_window()
    question = first_of_type(w.tutor.course, "true_false")
    page, _session = start_one(w, qtbot, question, mode=TEST)
    type_answer(qtbot, page.runner, right=False)
    qtbot.keyClick(focused(), Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # Alt+3: very sure (no menu opens)
    assert page.runner.confidence() == 3 and w.menuBar().activeAction() is None
    press_enter(qtbot)
    assert page.currentWidget() is page.review  # test mode: straight to the review at the end
    mis = w.tutor.store.open_misconceptions(w.tutor.learner.id)
    assert [m["question_id"] for m in mis] == [question.id]
    assert "you said: very sure" in page.review.text.toPlainText()


def test_test_mode_end_to_end_shows_a_review_of_every_answer(open_window, qtbot) -> None:
    w = open_window()
    w.show_view("quiz")
    page = w.quiz_page()
    setup = page.setup
    setup.mode.setCurrentIndex(setup.mode.findData(TEST))
    for mid, cb in setup.module_checks.items():
        cb.setChecked(mid in ("toxicity", "results"))
    setup.count.setValue(6)
    qtbot.mouseClick(setup.start_button, Qt.MouseButton.LeftButton)
    assert page.currentWidget() is page.runner
    runner = page.runner
    asked = []
    for n in range(6):
        asked.append(runner.widget.question)
        assert not runner.feedback.isVisible()  # no feedback until the end
        type_answer(qtbot, runner, right=n % 2 == 0)
        press_enter(qtbot)
    assert page.currentWidget() is page.review
    text = page.review.text.toPlainText()
    assert page.review.title.text().startswith("Your result: 50%")
    assert text.count("Your answer:") == 6 and text.count("Right answer:") == 6 and text.count("Source:") == 6
    for q in asked:
        assert q.module in ("toxicity", "results")
        assert q.explanation[:40].split("\n")[0] in text.replace("\n", " ") or q.explanation.split()[0] in text
    attempt = w.tutor.store.attempts(w.tutor.learner.id)[0]
    assert attempt.mode == TEST and attempt.finished_at is not None and attempt.score == pytest.approx(0.5)
    # the review offers to practise exactly the questions missed
    missed = [q.id for n, q in enumerate(asked) if n % 2 == 1]
    assert sorted(page.review.missed) == sorted(missed)
    qtbot.mouseClick(page.review.retry_button, Qt.MouseButton.LeftButton)
    assert page.currentWidget() is page.runner
    assert sorted(i.question.id for i in page.runner.session.items) == sorted(missed)


def test_quiz_results_survive_a_restart(open_window, qtbot) -> None:
    w = open_window()
    question = first_of_type(w.tutor.course, "numeric")
    page, session = start_one(w, qtbot, question)
    type_answer(qtbot, page.runner, right=True)
    press_enter(qtbot)
    learner = w.tutor.learner.id
    w.close()
    w2 = open_window()
    assert w2.tutor.learner.id == learner
    rows = w2.tutor.store.attempt_answers(session.attempt_id)
    assert rows[0]["question_id"] == question.id and rows[0]["score"] == 1.0
    assert w2.tutor.store.card(learner, question.id) is not None


def test_family_learner_gets_family_questions(open_window, qtbot) -> None:
    w = open_window()
    w.set_track("family")
    w.show_view("quiz")
    page = w.quiz_page()
    assert page.start(PRACTICE, ["toxicity"], 5)
    assert "family" in page.runner.widget.question.tracks
    page.setup.refresh()
    assert "family questions" in page.setup.due_label.text()


def test_review_with_nothing_due_says_so(open_window, qtbot) -> None:
    w = open_window()
    w.show_view("quiz")
    page = w.quiz_page()
    assert not page.start("review")
    assert "Nothing is due" in page.setup.message.text()


def test_many_quizzes_in_a_row_by_keyboard(open_window, qtbot) -> None:
    """Focus always lands in the new question, so Enter and typing never leak elsewhere."""
    w = open_window()
    w.show_view("quiz")
    page = w.quiz_page()
    for seed in range(8):
        session = w.tutor.start_quiz(TEST, ["toxicity", "results", "car"], 5, seed=seed)
        page.setCurrentWidget(page.runner)
        page.runner.run(session)
        for n in range(5):
            assert page.runner.widget.isAncestorOf(page.runner.focusWidget() or page.runner) or page.runner.widget.hasFocus()
            type_answer(qtbot, page.runner, right=n % 2 == 0)
            press_enter(qtbot)
        assert page.currentWidget() is page.review, seed
        assert w.stack.currentWidget() is page


def test_test_mode_time_limit_ends_the_quiz_with_a_review(open_window, qtbot) -> None:
    w = open_window()
    w.show_view("quiz")
    page = w.quiz_page()
    assert page.start(TEST, ["access"], 5, time_limit=60)
    runner = page.runner
    assert runner.clock.isActive() and runner.timer_label.text().startswith("Time left: 1:00")
    type_answer(qtbot, runner, right=True)
    press_enter(qtbot)
    runner.session.started -= 61  # a minute passes
    runner.on_tick()
    assert page.currentWidget() is page.review and not runner.clock.isActive()
    assert page.review.title.text().startswith("Your result: 20% (1 of 5 answered)")
    assert page.review.text.toPlainText().count("(no answer)") == 4


def test_ending_a_test_early_asks_first_and_keeps_the_answers(open_window, qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    w = open_window()
    w.show_view("quiz")
    page = w.quiz_page()
    assert page.start(TEST, ["car"], 4)
    type_answer(qtbot, page.runner, right=True)
    press_enter(qtbot)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    qtbot.mouseClick(page.runner.quit_button, Qt.MouseButton.LeftButton)
    assert "3 questions are not answered yet" in asked[0] and page.currentWidget() is page.runner
    w.close()  # closing the window asks too
    assert len(asked) == 2 and w.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.runner.quit_button, Qt.MouseButton.LeftButton)
    assert page.currentWidget() is page.review and page.review.title.text().startswith("Your result: 25% (1 of 4 answered)")
