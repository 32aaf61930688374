"""The dashboard, several learners on one machine, and per-learner settings, in the real window."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop_app.core.grading import correct_response
from desktop_app.core.learning.quiz import TEST
from desktop_app.core.learning.scheduler import CONFIDENCE_HIGH
from desktop_app.gui.charts import ChartView, MasteryBars
from desktop_app.gui.settings_dialog import SettingsDialog
from tests.core.test_learning import wrong_response


def test_dashboard_draws_charts_and_lists_misconceptions(open_window, qtbot) -> None:
    w = open_window()
    s = w.tutor.start_quiz(TEST, ["relapse"], 3, seed=5)
    s.submit(wrong_response(s.current.question), confidence=CONFIDENCE_HIGH)
    s.next()
    s.submit(correct_response(s.current.question), confidence=2)
    w.show_view("dashboard")
    page = w.dashboard()
    assert w.stack.currentWidget() is page
    views = page.findChildren(ChartView)
    assert len(views) == 3
    for view in views:
        assert view.plotItem.listDataItems() or view.plotItem.items, view.title
        assert view.accessibleName() == view.title and view.accessibleDescription(), view.title
    bars = page.mastery_view
    assert isinstance(bars, MasteryBars) and len(bars.rows) == len(w.tutor.course.modules)
    # Each module's title in full, never cut: it wraps.
    label, _bar = bars.rows[5]
    assert label.text() == f"6. {w.tutor.course.modules[5].title}" and label.wordWrap()
    assert "relapse" in bars.accessibleDescription().lower() or "Resistance" in bars.accessibleDescription()
    assert "Study streak: <b>1 day</b>" in page.summary.text()
    text = page.misconceptions.toPlainText()
    assert s.items[0].question.explanation[:40] in text.replace("\n", " ")
    assert page.review_button.isEnabled()
    page.review_button.click()
    quiz = w.quiz_page()
    assert w.stack.currentWidget() is quiz and quiz.runner.widget.question.id == s.items[0].question.id


def test_dashboard_reads_well_in_dark_theme_at_large_text(open_window, qtbot, monkeypatch) -> None:
    w = open_window()
    w.tutor.update_setting("theme", "dark")
    w.tutor.update_setting("text_scale", 180)
    w.after_learner_change()
    w.show_view("dashboard")
    page = w.dashboard()
    chart = page.findChildren(ChartView)[0]
    assert chart.backgroundBrush().color().name() == w.colors.base
    assert chart.getAxis("left").textPen().color().name() == w.colors.text
    assert w.colors.name == "dark"
    assert w.reader.text.document().defaultStyleSheet().count("font-size: 31px") >= 1  # 17 px x 180%


def test_profiles_create_switch_rename_delete(open_window, qtbot, monkeypatch) -> None:
    w = open_window()
    first = w.tutor.learner
    w.tutor.record_reading("all", "what-is-all", 60, True)
    answers = iter([("Grandma", True), ("Plain words (family track)", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: next(answers))
    w.new_learner()
    assert w.tutor.learner.name == "Grandma" and w.tutor.track == "family"
    assert w.tutor.completed_sections() == {}
    assert w.reader.family_button.isChecked()
    assert "Grandma" in w.statusBar().currentMessage()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Nana", True))
    w.rename_learner()
    assert w.tutor.learner.name == "Nana"
    w._fill_learner_menu()
    labels = [a.text() for a in w.learner_menu.actions() if a.isCheckable()]
    assert any(label.startswith("Nana") for label in labels) and any(label.startswith(first.name) for label in labels)
    w.switch_learner(first.id)
    assert w.tutor.completed_sections() == {"all": {"what-is-all"}}
    w.switch_learner(next(lr.id for lr in w.tutor.learners() if lr.name == "Nana"))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    w.delete_learner()
    assert [lr.name for lr in w.tutor.learners()] == [first.name]
    assert w.tutor.learner.id == first.id


def test_delete_is_cancelled_without_confirmation(open_window, monkeypatch) -> None:
    w = open_window()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    w.delete_learner()
    assert len(w.tutor.learners()) == 1


def test_last_learner_opens_by_default(open_window, monkeypatch) -> None:
    w = open_window()
    other = w.tutor.create_learner("Sam", "family")
    w.switch_learner(other.id)
    w.close()
    w2 = open_window()
    assert w2.tutor.learner.name == "Sam" and w2.tutor.track == "family"


def test_settings_dialog_applies_and_stores_per_learner(open_window, monkeypatch) -> None:
    w = open_window()

    def fake_exec(dialog: SettingsDialog) -> int:
        dialog.text_scale.setValue(150)
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
        dialog.retention.setValue(0.95)
        dialog.quiz_length.setValue(20)
        return 1  # Accepted

    monkeypatch.setattr(SettingsDialog, "exec", fake_exec)
    w.open_settings()
    assert w.tutor.store.settings(w.tutor.learner.id) == {
        "text_scale": 150,
        "theme": "dark",
        "desired_retention": 0.95,
        "quiz_length": 20,
    }
    assert w.colors.name == "dark"
    assert w.tutor.scheduler.desired_retention == 0.95
    assert "font-size: 26px" in w.reader.text.document().defaultStyleSheet()  # 17 px x 150%


def test_the_dashboard_prints_as_vectors(open_window, qtbot, tmp_path) -> None:
    from pypdf import PdfReader

    w = open_window()
    s = w.tutor.start_quiz(TEST, ["relapse"], 2, seed=5)
    s.submit(correct_response(s.current.question), confidence=2)
    w.show_view("dashboard")
    page = w.dashboard()
    out = tmp_path / "progress.pdf"
    page.write_pdf(out)
    reader = PdfReader(out)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Progress for" in text and "days from today" in text  # axis words are text, not pixels
    assert all(not p.images for p in reader.pages)


def test_the_dashboard_offers_review_only_when_review_has_something_to_ask(open_window, qtbot) -> None:
    from desktop_app.core.learning.quiz import REVIEW

    w = open_window()
    s = w.tutor.start_quiz(TEST, ["relapse"], 1, seed=5)
    s.submit(wrong_response(s.current.question), confidence=1)  # due again in minutes: later today, not now
    s.finish()
    w.show_view("dashboard")
    page = w.dashboard()
    assert "due now: <b>0</b>" in page.summary.text() and not page.review_button.isEnabled()  # ("1 more later today", but for at midnight)
    assert w.tutor.due_count() == 0 and w.tutor.start_quiz(REVIEW, None, 20).total == 0
    w.tutor.store.conn.execute("UPDATE cards SET due = due - 86400")  # a day later, as it were
    w.show_view("home")
    w.show_view("dashboard")
    assert "due now: <b>1</b> ·" in page.summary.text() and page.review_button.isEnabled()
    page.review_button.click()
    assert w.quiz_page().runner.session is not None and w.quiz_page().runner.session.total == 1


def test_a_quiz_belongs_to_its_learner_and_ends_when_the_learner_changes(open_window, qtbot, monkeypatch) -> None:
    w = open_window()
    me = w.tutor.learner
    bea = w.tutor.create_learner("Bea", "family")
    w.switch_learner(bea.id)
    w.show_view("quiz")
    page = w.quiz_page()
    assert page.start(TEST, None, 3)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    w.switch_learner(me.id)  # a test under way: asked first, and "No" keeps it
    assert asked and w.tutor.learner.id == bea.id and page.runner.session is not None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    w.switch_learner(me.id)
    assert w.tutor.learner.id == me.id and page.runner.session is None and page.currentWidget() is page.setup
    # Deleting the learner whose practice is on screen ends it too: no answer can reach a learner who is gone.
    w.switch_learner(bea.id)
    w.show_view("quiz")
    assert page.start("practice", None, 3)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    w.delete_learner()
    assert w.tutor.learner.id == me.id and page.runner.session is None
    assert w.tutor.store.answer_count(me.id) == 0


def test_every_open_misconception_is_counted_and_only_the_learners_own_track_is_listed(open_window, qtbot) -> None:
    w = open_window()
    family = [q.id for q in w.tutor.course.bank if "family" in q.tracks][:3]
    student_only = [q.id for q in w.tutor.course.bank if "family" not in q.tracks][:55]
    for ids in (family, student_only):  # the family ones first: the student ones are more recent
        s = w.tutor.start_quiz(TEST, None, len(ids), question_ids=ids)
        for item in s.items:
            s.submit(wrong_response(item.question), confidence=CONFIDENCE_HIGH)
            s.next()
        s.finish()
    w.show_view("dashboard")
    page = w.dashboard()
    assert "open misconceptions: <b>58</b>" in page.summary.text()
    assert "The 50 most recent of 58." in page.misconceptions.toPlainText()
    w.tutor.set_track("family")
    w.show_view("home")
    w.show_view("dashboard")
    assert "open misconceptions: <b>3</b>" in page.summary.text() and w.tutor.due_count() >= 3
    assert page.misconceptions.toPlainText().count("You answered:") == 3
