"""Quizzes: choose a mode, answer one question at a time, see feedback, review every answer."""

from __future__ import annotations

import html
import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import KnownError, StorageError
from desktop_app.core.learning.quiz import MODE_LABELS, PRACTICE, REVIEW, TEST, WEAK, Outcome
from desktop_app.core.learning.scheduler import CONFIDENCE_HIGH, CONFIDENCE_LABELS, CONFIDENCE_LOW, CONFIDENCE_MEDIUM
from desktop_app.core.learning.session import QuizResult, QuizSession, ReviewRow
from desktop_app.core.questions import TYPE_LABELS
from desktop_app.core.render.renderer import Renderer, sanitize
from desktop_app.core.tutor import Tutor
from desktop_app.core.wording import month_year
from desktop_app.gui.a11y import announce
from desktop_app.gui.flow import FlowLayout
from desktop_app.gui.question_widgets import QuestionWidget, make_widget
from desktop_app.gui.text import plain_label
from desktop_app.gui.textview import CourseText
from desktop_app.gui.wrapping import WrappingCheck

MODE_HELP = {
    PRACTICE: "One module. You see right or wrong at once, with the explanation, and may try a wrong answer once more.",
    TEST: "Mixed questions from the modules you pick. No feedback until the end, then a review of every answer.",
    REVIEW: "The questions due now for spaced review, mistakes you were sure of first.",
    WEAK: "Questions on the learning objectives you have not mastered yet.",
}


class QuizSetup(QWidget):
    start_requested = Signal(str, object, int, object)  # mode, modules, count, time limit (s) or None

    def __init__(self, tutor: Tutor) -> None:
        super().__init__()
        self.tutor = tutor
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        title = QLabel("Quizzes and review")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.due_label = QLabel()
        self.due_label.setWordWrap(True)
        layout.addWidget(self.due_label)

        form = QFormLayout()
        self.mode = QComboBox()
        for mode in (PRACTICE, TEST, REVIEW, WEAK):
            self.mode.addItem(MODE_LABELS[mode], mode)
        self.mode.currentIndexChanged.connect(self.on_mode_changed)
        form.addRow("&Mode:", self.mode)
        self.mode_help = QLabel()
        self.mode_help.setWordWrap(True)
        self.mode_help.setObjectName("disclaimer")
        form.addRow("", self.mode_help)

        self.module_combo = QComboBox()
        for n, m in enumerate(tutor.course.modules, start=1):
            self.module_combo.addItem(f"{n}. {m.title}", m.id)
        self.module_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.module_combo.setMinimumContentsLength(16)  # long titles are elided, not widening the page
        form.addRow("M&odule:", self.module_combo)

        self.module_checks: dict[str, QCheckBox] = {}
        self.module_rows: dict[str, WrappingCheck] = {}
        box = QFrame()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, m in enumerate(tutor.course.modules):
            row = WrappingCheck(m.title)
            row.box.setChecked(True)
            self.module_rows[m.id] = row
            self.module_checks[m.id] = row.box
            grid.addWidget(row, i, 0)
        self.modules_box = box
        form.addRow("Modules:", box)

        self.count = QSpinBox()
        self.count.setRange(3, 50)
        self.count.setValue(tutor.settings.quiz_length)
        form.addRow("&Questions:", self.count)
        self.time_limit = QSpinBox()
        self.time_limit.setRange(0, 120)
        self.time_limit.setSuffix(" min")
        self.time_limit.setSpecialValueText("No time limit")
        form.addRow("&Time limit:", self.time_limit)
        layout.addLayout(form)

        self.start_button = QPushButton("&Start")
        self.start_button.setObjectName("primary")
        self.start_button.clicked.connect(self.on_start)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = plain_label(wrap=True)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.on_mode_changed()

    def refresh(self) -> None:
        due = self.tutor.due_count()
        misc = len(self.tutor.open_misconceptions())
        track = "family questions" if self.tutor.track == "family" else "all questions"
        self.due_label.setText(
            f"<b>{due}</b> question{'s' if due != 1 else ''} due for review now"
            + (f", including <b>{misc}</b> mistake{'s' if misc != 1 else ''} you were sure of" if misc else "")
            + f". Quizzes draw from {track} for {html.escape(self.tutor.learner.name)}."
        )
        self.count.setValue(self.tutor.settings.quiz_length)
        self.message.setText("")
        track = self.tutor.track
        for i, m in enumerate(self.tutor.course.modules):
            self.module_combo.setItemText(i, f"{m.number}. {m.title_for(track)}")
            self.module_rows[m.id].set_text(m.title_for(track))

    def on_mode_changed(self, *_args: object) -> None:
        mode = self.mode.currentData()
        self.mode_help.setText(MODE_HELP[mode])
        self.module_combo.setEnabled(mode == PRACTICE)
        self.modules_box.setEnabled(mode in (TEST, REVIEW, WEAK))
        self.time_limit.setEnabled(mode == TEST)

    def on_start(self) -> None:
        mode = self.mode.currentData()
        if mode == PRACTICE:
            modules = [self.module_combo.currentData()]
        else:
            modules = [mid for mid, cb in self.module_checks.items() if cb.isChecked()]
            if not modules:
                self.message.setText("Pick at least one module.")
                return
        limit = self.time_limit.value() * 60 if mode == TEST and self.time_limit.value() else None
        self.start_requested.emit(mode, modules, self.count.value(), limit)


class QuizRunner(QWidget):
    finished = Signal(object)  # QuizResult
    answered = Signal()
    storage_failed = Signal(object)  # a KnownError the window should explain (e.g. learner gone)

    def __init__(self, tutor: Tutor, renderer: Renderer) -> None:
        super().__init__()
        self.tutor = tutor
        self.renderer = renderer
        self.session: QuizSession | None = None
        self.widget: QuestionWidget | None = None
        self.state = "idle"  # answering | feedback | retry

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.progress = QLabel()
        self.progress.setObjectName("disclaimer")
        self.progress.setWordWrap(True)
        top.addWidget(self.progress, 1)
        self.timer_label = QLabel()
        top.addWidget(self.timer_label)
        layout.addLayout(top)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.stem = QLabel()
        self.stem.setObjectName("stem")
        self.stem.setWordWrap(True)
        self.stem.setTextFormat(Qt.TextFormat.RichText)
        self.body_layout.addWidget(self.stem)
        self.widget_holder = QVBoxLayout()
        self.body_layout.addLayout(self.widget_holder)
        self.verdict = plain_label(wrap=True)  # may quote a file path or an error message
        self.verdict.setAccessibleName("Verdict")
        self.verdict.hide()
        self.body_layout.addWidget(self.verdict)
        self.feedback = CourseText(self)
        self.feedback.setAccessibleName("The right answer and its explanation")
        self.feedback.setMinimumHeight(120)
        self.feedback.hide()
        self.body_layout.addWidget(self.feedback)
        self.body_layout.addStretch(1)
        self.scroll.setWidget(self.body)
        layout.addWidget(self.scroll, 1)

        conf_box = QWidget()
        conf_row = FlowLayout(conf_box)  # wraps at 200% text instead of widening the window
        self.conf_label = QLabel("How sure are you?")
        conf_row.addWidget(self.conf_label)
        self.conf_group = QButtonGroup(self)
        self.conf_group.setExclusive(False)
        self.conf_buttons: dict[int, QPushButton] = {}
        # Alt+1/2/3, not letters: Alt+letter opens the menus (Alt+F, Alt+V were File and View).
        for key, level in (("1", CONFIDENCE_LOW), ("2", CONFIDENCE_MEDIUM), ("3", CONFIDENCE_HIGH)):
            b = QPushButton(f"{CONFIDENCE_LABELS[level]}  (Alt+{key})")
            b.setCheckable(True)
            b.setAccessibleName(f"I am {CONFIDENCE_LABELS[level].lower()}")
            b.setAccessibleDescription("Optional. A wrong answer you were very sure of is kept as a misconception and comes back first.")
            b.setToolTip(
                f"{CONFIDENCE_LABELS[level]} (optional, Alt+{key}). A wrong answer you were very sure of "
                "is kept as a misconception and comes back first."
            )
            b.clicked.connect(lambda checked, lv=level: self.on_confidence(lv, checked))
            shortcut = QShortcut(QKeySequence(f"Alt+{key}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda lv=level: self.toggle_confidence(lv))
            self.conf_buttons[level] = b
            conf_row.addWidget(b)
        layout.addWidget(conf_box)

        buttons = QHBoxLayout()
        self.quit_button = QPushButton("End quiz")
        self.quit_button.clicked.connect(self.end_now)
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        self.retry_button = QPushButton("&Try again")
        self.retry_button.clicked.connect(self.retry)
        self.retry_button.hide()
        buttons.addWidget(self.retry_button)
        self.primary = QPushButton("Submit")
        self.primary.setObjectName("primary")
        self.primary.setToolTip("Enter")
        self.primary.clicked.connect(self.on_primary)
        buttons.addWidget(self.primary)
        layout.addLayout(buttons)

        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.on_primary)
        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self.on_tick)

    # ------------------------------------------------------------ running

    def run(self, session: QuizSession) -> None:
        self.session = session
        self.clock.start() if session.spec.time_limit_s else self.clock.stop()
        self.show_current()

    def show_current(self) -> None:
        assert self.session is not None
        item = self.session.current
        q = item.question
        if self.widget is not None:
            self.widget.setParent(None)
            self.widget.deleteLater()
        self.widget = make_widget(q, item.presentation, self.tutor.course.root, self.tutor.assets)
        self.widget_holder.addWidget(self.widget)
        self.widget.show()  # a layout shows new children only later; focus needs it visible now
        mode = MODE_LABELS[self.session.spec.mode]
        self.progress.setText(
            f"{mode} · question {self.session.index + 1} of {self.session.total} · {TYPE_LABELS[q.type]} · difficulty {q.difficulty} of 3"
        )
        self.stem.setText(self.renderer.markdown_html(q.stem, link_terms=False))
        self.stem.setAccessibleName(f"Question {self.session.index + 1}")
        self.scroll.verticalScrollBar().setValue(0)  # a new question opens at its stem
        self.verdict.hide()
        self.feedback.hide()
        self.retry_button.hide()
        for b in self.conf_buttons.values():
            b.setChecked(False)
            b.setEnabled(True)
        self.state = "answering"
        self.primary.setText("Submit")
        self.on_tick()
        self.widget.focus_first()

    def show_not_saved(self, err: KnownError, what: str, then: str) -> None:
        self.verdict.setObjectName("verdictWrong")
        self.verdict.setText(f"{what}: {err.message} {err.advice} When that is done, {then}.")
        self.verdict.setWordWrap(True)
        self.verdict.style().polish(self.verdict)
        self.verdict.show()
        if isinstance(err, StorageError) and err.kind == "learner-gone":
            self.storage_failed.emit(err)

    def on_confidence(self, level: int, checked: bool) -> None:
        for lv, b in self.conf_buttons.items():
            if lv != level:
                b.setChecked(False)
        self.conf_buttons[level].setChecked(checked)

    def toggle_confidence(self, level: int) -> None:
        button = self.conf_buttons[level]
        if self.state == "answering" and button.isEnabled():
            self.on_confidence(level, not button.isChecked())

    def confidence(self) -> int | None:
        return next((lv for lv, b in self.conf_buttons.items() if b.isChecked()), None)

    def on_primary(self) -> None:
        """Enter or the main button: submit, then show the answer, then move on."""
        if self.session is None or self.widget is None:
            return
        if self.state == "answering":
            self.submit()
        elif self.state == "offer-retry":
            self.reveal()
        elif self.state == "feedback":
            self.advance()

    def submit(self) -> None:
        assert self.session is not None and self.widget is not None
        if not self.widget.has_response():
            self.verdict.setObjectName("verdictPartial")
            self.verdict.setText("Choose or type an answer first (or press End quiz to stop).")
            self.verdict.style().polish(self.verdict)
            self.verdict.show()
            return
        try:
            outcome = self.session.submit(self.widget.response(), self.confidence())
        except KnownError as err:
            # Not stored, so not answered: the learner's answer stays on screen to submit again.
            self.show_not_saved(err, "Your answer is not saved yet", "press Submit (Enter) again")
            return
        self.answered.emit()
        for b in self.conf_buttons.values():
            b.setEnabled(False)
        if not outcome.show_feedback:
            self.advance()
            return
        self.show_feedback(outcome)

    def show_feedback(self, outcome: Outcome) -> None:
        assert self.widget is not None
        g = outcome.grade
        self.widget.lock()
        if not outcome.can_retry:
            self.widget.show_grade(g)
        if g.correct:
            self.verdict.setObjectName("verdictRight")
            text = "Right."
        elif g.score > 0:
            self.verdict.setObjectName("verdictPartial")
            text = f"Partly right ({round(g.score * 100)}%)."
        else:
            self.verdict.setObjectName("verdictWrong")
            text = "Not quite."
        if outcome.misconception:
            text += " You were very sure of this one, so it is saved as a misconception and will come back first in Review."
        if outcome.can_retry:
            text += " Press Try again (Alt+T) for a second go, or Enter to see the answer."
        self.verdict.setText(text)
        self.verdict.style().polish(self.verdict)
        self.verdict.show()
        announce(self.verdict, text, assertive=True)
        self._scroll_to(self.verdict)
        if outcome.can_retry:
            self.state = "offer-retry"
            self.retry_button.show()
            self.primary.setText("Show answer")
            self.primary.setFocus()  # the answer widget is locked now; Enter must still work
            return
        self.reveal()

    def retry(self) -> None:
        assert self.widget is not None
        if self.state != "offer-retry":
            return
        self.retry_button.hide()
        self.widget.unlock()
        self.verdict.hide()
        self.state = "answering"
        self.primary.setText("Submit")
        self.widget.focus_first()

    def reveal(self) -> None:
        assert self.session is not None and self.widget is not None
        self.retry_button.hide()
        item = self.session.current
        q = item.question
        if item.final_grade is not None:
            self.widget.show_grade(item.final_grade)
        row = self.tutor.review_row(
            q, item.responses[-1] if item.responses else None, item.final_grade.score if item.final_grade else 0, item.confidence
        )
        extra = "".join(f"<p>{html.escape(f)}</p>" for f in (item.final_grade.feedback if item.final_grade else ()) if f)
        self.feedback.show_html(
            sanitize(f"<p><b>Right answer:</b> {html.escape(row.right_answer)}</p>{extra}")
            + self.renderer.markdown_html(q.explanation)
            + sanitize(f"<p class='muted'>Source: {html.escape(row.sources)} · Reviewed {month_year(q.reviewed)}</p>")
            + (
                "<p class='warn'><b>This question is due for clinical review; check with your care team.</b></p>"
                if q.due_for_review()
                else ""
            )
        )
        self._fit_feedback()
        self.feedback.show()
        self._scroll_to(self.feedback)
        self.state = "feedback"
        self.primary.setText("Finish" if self.session.is_last else "Next")
        self.primary.setFocus()

    def _fit_feedback(self) -> None:
        """As tall as its text, so the page scrolls once rather than a box inside a box."""
        doc = self.feedback.document()
        doc.setTextWidth(max(200, self.scroll.viewport().width() - 40))
        self.feedback.setFixedHeight(min(4000, int(doc.size().height()) + 24))

    def _scroll_to(self, widget: QWidget) -> None:
        # After the layout has placed it: the feedback and explanation come into view after Submit.
        QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(widget, 0, 40))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Digits pick options; they arrive here when the focused option does not use them.
        text = event.text()
        if text.isdigit() and self.widget is not None and self.state == "answering" and self.widget.pick_number(int(text)):
            return
        super().keyPressEvent(event)

    def advance(self) -> None:
        assert self.session is not None
        if self.session.next():
            self.show_current()
        else:
            self.finish()

    def end_now(self) -> None:
        if self.session is not None and self.confirm_leaving():
            self.finish()

    def confirm_leaving(self, then: str = " and see your result") -> bool:
        """Ask before ending a Test with questions still unanswered (answers given are kept);
        ``then`` says what follows (nothing, when the window closes or changes course)."""
        if self.session is None or self.session.spec.mode != TEST:
            return True
        left = sum(1 for i in self.session.items if not i.grades)
        if left == 0:
            return True
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            "End the test?",
            f"{left} question{'s are' if left != 1 else ' is'} not answered yet. End the test now{then}?\n"
            "The answers you gave are saved either way.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def finish(self) -> None:
        assert self.session is not None
        try:
            result = self.session.finish()
        except KnownError as err:
            self.show_not_saved(err, "The quiz result is not saved yet", "press Finish again")
            self.primary.setText("Finish")
            self.state = "feedback"
            self.session.index = len(self.session.items) - 1  # Finish again, not the next question
            return
        self.clock.stop()
        self.session = None
        self.state = "idle"
        self.finished.emit(result)

    def on_tick(self) -> None:
        if self.session is None:
            return
        left = self.session.seconds_left()
        if left is None:
            self.timer_label.setText("")
            return
        whole = math.ceil(left)
        self.timer_label.setText(f"Time left: {whole // 60}:{whole % 60:02d}")
        if left <= 0:
            self.finish()


class QuizReview(QWidget):
    again_requested = Signal()
    retry_requested = Signal(list)  # question ids answered wrongly

    def __init__(self, tutor: Tutor, renderer: Renderer) -> None:
        super().__init__()
        self.tutor = tutor
        self.renderer = renderer
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        layout.addWidget(self.title)
        self.text = CourseText(self)
        self.text.setAccessibleName("Your answers, the right answers and their explanations")
        layout.addWidget(self.text, 1)
        row = QHBoxLayout()
        self.retry_button = QPushButton("&Practise the ones I missed")
        self.retry_button.clicked.connect(lambda: self.retry_requested.emit(self.missed))
        again = QPushButton("New quiz")
        again.setObjectName("primary")
        again.clicked.connect(self.again_requested)
        row.addWidget(self.retry_button)
        row.addStretch(1)
        row.addWidget(again)
        layout.addLayout(row)
        self.missed: list[str] = []

    def show_result(self, result: QuizResult) -> None:
        self.title.setText(f"Your result: {round(result.score * 100)}% ({result.answered} of {result.total} answered)")
        announce(self.title, self.title.text())
        self.text.show_html(review_html(self.renderer, list(result.rows)))
        self.missed = [row.question.id for row in result.rows if row.score < 0.999]
        self.retry_button.setVisible(bool(self.missed))


def review_html(renderer: Renderer, rows: list[ReviewRow]) -> str:
    parts = []
    for n, row in enumerate(rows, start=1):
        cls = "right" if row.score >= 0.999 else ("partial" if row.score > 0 else "wrong")
        verdict = {"right": "Right", "partial": f"Partly right ({round(row.score * 100)}%)", "wrong": "Wrong"}[cls]
        conf = f" · you said: {CONFIDENCE_LABELS[row.confidence].lower()}" if row.confidence else ""
        module = renderer.course.module(row.question.module)
        objective = module.objective(row.question.objective) if module else None
        goal = sanitize(f"<p class='muted'>Objective: {html.escape(objective.text)}</p>") if objective else ""
        parts.append(
            f"<h3>{n}. <span class='{cls}'>{verdict}</span><span class='muted'>{conf}</span></h3>"
            + goal
            + renderer.markdown_html(row.question.stem, link_terms=False)
            + sanitize(f"<p><b>Your answer:</b> {html.escape(row.your_answer)}<br><b>Right answer:</b> {html.escape(row.right_answer)}</p>")
            + renderer.markdown_html(row.explanation, link_terms=False)
            + sanitize(f"<p class='muted'>Source: {html.escape(row.sources)}</p><hr>")
        )
    return "".join(parts)


class QuizPage(QStackedWidget):
    progress_changed = Signal()

    def __init__(self, tutor: Tutor, renderer: Renderer) -> None:
        super().__init__()
        self.tutor = tutor
        self.setup = QuizSetup(tutor)
        self.runner = QuizRunner(tutor, renderer)
        self.review = QuizReview(tutor, renderer)
        for w in (self.setup, self.runner, self.review):
            self.addWidget(w)
        self.setup.start_requested.connect(self.on_start)
        self.runner.finished.connect(self.on_finished)
        self.runner.answered.connect(self.progress_changed)
        self.review.again_requested.connect(self.show_setup)
        self.review.retry_requested.connect(lambda ids: self.start(PRACTICE, None, len(ids), None, question_ids=ids))
        self.empty_message = ""

    def set_css(self, css: str) -> None:
        for view in (self.runner.feedback, self.review.text):
            view.set_css(css)

    def show_setup(self) -> None:
        if self.runner.session is not None and self.currentWidget() is self.runner:
            return  # a quiz is under way: keep it
        self.setup.refresh()
        self.setCurrentWidget(self.setup)

    def start(
        self,
        mode: str,
        modules: list[str] | None = None,
        count: int | None = None,
        time_limit: int | None = None,
        question_ids: list[str] | None = None,
    ) -> bool:
        try:
            session = self.tutor.start_quiz(mode, modules, count, time_limit, question_ids=question_ids)
        except KnownError as err:
            self.setup.refresh()
            self.setup.message.setText(f"The quiz could not start: {err.message} {err.advice}")
            self.setCurrentWidget(self.setup)
            if isinstance(err, StorageError) and err.kind == "learner-gone":
                self.runner.storage_failed.emit(err)
            return False
        if session.total == 0:
            self.setup.refresh()
            self.setup.message.setText("Nothing is due for review right now." if mode == REVIEW else "No questions match this choice yet.")
            self.setCurrentWidget(self.setup)
            return False
        self.setCurrentWidget(self.runner)
        self.runner.run(session)
        return True

    def on_start(self, mode: str, modules: list[str], count: int, limit: int | None) -> None:
        self.start(mode, modules, count, limit)

    def on_finished(self, result: QuizResult) -> None:
        self.review.show_result(result)
        self.setCurrentWidget(self.review)
        self.progress_changed.emit()

    def stop_timer(self) -> None:
        self.runner.clock.stop()

    def abandon(self) -> None:
        """Drop the quiz under way (its learner is gone) and go back to the set-up."""
        self.runner.clock.stop()
        self.runner.session = None
        self.runner.state = "idle"
        self.setup.refresh()
        self.setCurrentWidget(self.setup)
