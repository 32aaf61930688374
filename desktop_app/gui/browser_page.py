"""The question browser (as Anki's): the questions a learner has met, filtered; flag or suspend
one; its answer, explanation and every earlier answer given to it."""

from __future__ import annotations

import datetime as dt
import html
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import KnownError
from desktop_app.core.learning.browser import STATES, TYPE_NAMES, BrowserFilter, BrowserRow
from desktop_app.core.learning.scheduler import CONFIDENCE_LABELS
from desktop_app.core.render.renderer import Renderer, sanitize
from desktop_app.core.search.documents import plain_text
from desktop_app.core.tutor import Tutor
from desktop_app.gui.flow import FlowLayout
from desktop_app.gui.text import plain_label
from desktop_app.gui.textview import CourseText

COLUMNS = ("Question", "Module", "Type", "Due", "Reviews", "Lapses", "Marks")
# When the table is too narrow for every column (200% text, a small window), these give way
# first, in this order; the history under the table still shows reviews and lapses.
DROP_WHEN_NARROW = (5, 4, 2, 1)
MARK_SIGNS = {"Flagged": "⚑", "Sure but wrong": "⚠"}


class BrowserPage(QWidget):
    storage_failed = Signal(object)  # KnownError

    def __init__(self, tutor: Tutor, renderer: Renderer, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.tutor = tutor
        self.renderer = renderer
        self.clock = clock
        self.rows: list[BrowserRow] = []
        # At large text in a small window the page scrolls down as a whole rather than squeeze
        # the table and the buttons under it below their height.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        title = QLabel("My questions")
        title.setObjectName("pageTitle")
        layout.addWidget(title)

        filter_box = QWidget()
        filters = FlowLayout(filter_box, spacing=12)  # side by side when there is room, else wrapped
        self.module_box = self._combo("Module", filters)
        self.module_box.addItem("All modules", None)
        for m in tutor.course.modules:
            self.module_box.addItem(f"{m.number}. {m.title}", m.id)
        self.objective_box = self._combo("Objective", filters)
        self.type_box = self._combo("Type", filters)
        self.type_box.addItem("All types", None)
        for name, label in TYPE_NAMES.items():
            self.type_box.addItem(label, name)
        self.state_box = self._combo("Show", filters)
        for key, label in STATES.items():
            self.state_box.addItem(label, key)
        words = QLabel("&Words")
        self.words = QLineEdit()
        self.words.setPlaceholderText("Words in the question")
        self.words.setClearButtonEnabled(True)
        self.words.setAccessibleName("Words in the question")
        words.setBuddy(self.words)
        layout.addWidget(filter_box)
        words_row = QHBoxLayout()
        words_row.addWidget(words)
        words_row.addWidget(self.words, 1)
        layout.addLayout(words_row)
        self.count_label = plain_label(wrap=True)
        self.count_label.setObjectName("disclaimer")
        layout.addWidget(self.count_label)

        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setAccessibleName("Questions you have met")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(COLUMNS)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.currentCellChanged.connect(lambda row, *_: self.show_row(row))
        split.addWidget(self.table)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.flag_button = QPushButton("Fl&ag")
        self.flag_button.setCheckable(True)
        self.flag_button.setToolTip("Mark this question to come back to it (Show: Flagged)")
        self.flag_button.clicked.connect(self.toggle_flag)
        self.suspend_button = QPushButton("S&uspend")
        self.suspend_button.setCheckable(True)
        self.suspend_button.setToolTip("No quiz or review asks a suspended question until you resume it")
        self.suspend_button.clicked.connect(self.toggle_suspend)
        buttons.addWidget(self.flag_button)
        buttons.addWidget(self.suspend_button)
        buttons.addStretch(1)
        detail_layout.addLayout(buttons)
        self.detail = CourseText(self)
        self.detail.setAccessibleName("The question, its answer and your history")
        detail_layout.addWidget(self.detail, 1)
        split.addWidget(detail)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)

        self.module_box.currentIndexChanged.connect(self._module_changed)
        for box in (self.objective_box, self.type_box, self.state_box):
            box.currentIndexChanged.connect(self.refresh)
        self.words.textChanged.connect(self.refresh)
        self._fill_objectives()
        self._set_buttons(None)
        self.set_min_heights()

    def set_min_heights(self) -> None:
        line = self.fontMetrics().height()
        self.table.setMinimumHeight(line * 7)  # the header and about five rows
        self.detail.setMinimumHeight(line * 6)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self.set_min_heights()

    def fit_columns(self) -> None:
        """Hide the least needed columns until the rest fit beside a readable question column."""
        header = self.table.horizontalHeader()
        room = self.table.viewport().width()
        stem_room = self.fontMetrics().averageCharWidth() * 22
        for c in range(1, len(COLUMNS)):
            self.table.setColumnHidden(c, False)

        def needed() -> int:
            shown = [c for c in range(1, len(COLUMNS)) if not self.table.isColumnHidden(c)]
            widths = [max(header.sectionSizeHint(c), self.table.sizeHintForColumn(c)) for c in shown]
            return stem_room + sum(widths)

        for c in DROP_WHEN_NARROW:
            if needed() <= room:
                break
            self.table.setColumnHidden(c, True)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def _combo(self, label: str, flow: FlowLayout) -> QComboBox:
        pair = QWidget()
        row = QHBoxLayout(pair)
        row.setContentsMargins(0, 0, 0, 0)
        name = QLabel(label)
        box = QComboBox()
        box.setAccessibleName(label)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(14)
        name.setBuddy(box)
        row.addWidget(name)
        row.addWidget(box)
        flow.addWidget(pair)
        return box

    def _module_changed(self) -> None:
        self._fill_objectives()
        self.refresh()

    def _fill_objectives(self) -> None:
        module_id = self.module_box.currentData()
        self.objective_box.blockSignals(True)
        self.objective_box.clear()
        self.objective_box.addItem("All objectives", None)
        for m in self.tutor.course.modules:
            if module_id is None or m.id == module_id:
                for o in m.objectives:
                    self.objective_box.addItem(o.text, o.id)
                    self.objective_box.setItemData(self.objective_box.count() - 1, o.text, Qt.ItemDataRole.ToolTipRole)
        self.objective_box.blockSignals(False)

    def current_filter(self) -> BrowserFilter:
        return BrowserFilter(
            module=self.module_box.currentData(),
            objective=self.objective_box.currentData(),
            type=self.type_box.currentData(),
            state=self.state_box.currentData(),
            text=self.words.text().strip(),
        )

    def refresh(self, *_args: object, select: str | None = None) -> None:
        keep = select or (self.current_question_id() if self.rows else None)
        now = self.clock()
        try:
            self.rows = self.tutor.browse(self.current_filter(), now)
        except KnownError as err:
            self.storage_failed.emit(err)
            return
        modules = {m.id: m.number for m in self.tutor.course.modules}
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            q = row.question
            # Marks as signs, so the column stays narrow; the words are in the tooltip and for screen readers.
            words = [m for m, on in (("Flagged", row.flagged), ("Sure but wrong", row.misconception)) if on]
            marks = " ".join(MARK_SIGNS[m] for m in words)
            cells = (
                plain_text(q.stem),
                str(modules.get(q.module, "")),
                TYPE_NAMES.get(q.type, q.type),
                row.due_text(now),
                str(row.reps),
                str(row.lapses),
                marks,
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setToolTip(text)
                elif c == len(COLUMNS) - 1 and words:
                    item.setToolTip(", ".join(words))
                    item.setData(Qt.ItemDataRole.AccessibleTextRole, ", ".join(words))
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        self.fit_columns()
        total = len(self.rows)
        self.count_label.setText(
            f"{total} question{'s' if total != 1 else ''}. Only questions you have answered are listed. Marks: ⚑ flagged, ⚠ sure but wrong."
            if total
            else "No questions match. Questions appear here once you have answered them in a quiz."
        )
        target = next((i for i, row in enumerate(self.rows) if row.question.id == keep), 0) if keep else 0
        if self.rows:
            self.table.setCurrentCell(target, 0)
            self.show_row(target)
        else:
            self.detail.show_html("")
            self._set_buttons(None)

    def select_question(self, question_id: str) -> None:
        """Show one question (from search): clear the filters that would hide it first."""
        for box in (self.module_box, self.type_box, self.state_box):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.words.blockSignals(True)
        self.words.clear()
        self.words.blockSignals(False)
        self._fill_objectives()
        self.refresh(select=question_id)

    def current_question_id(self) -> str | None:
        row = self.table.currentRow()
        return self.rows[row].question.id if 0 <= row < len(self.rows) else None

    def _set_buttons(self, row: BrowserRow | None) -> None:
        for button, on in ((self.flag_button, row.flagged if row else False), (self.suspend_button, row.suspended if row else False)):
            button.setEnabled(row is not None)
            button.setChecked(on)
        self.flag_button.setText("Unfl&ag" if row and row.flagged else "Fl&ag")
        self.suspend_button.setText("Res&ume" if row and row.suspended else "S&uspend")

    def show_row(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        row = self.rows[index]
        self._set_buttons(row)
        try:
            history = self.tutor.question_history(row.question.id)
        except KnownError as err:
            self.storage_failed.emit(err)
            history = []
        self.detail.show_html(question_html(self.tutor, self.renderer, row, history))

    def _mark(self, **change: bool) -> None:
        qid = self.current_question_id()
        if qid is None:
            return
        try:
            self.tutor.mark_question(qid, **change)
        except KnownError as err:
            self.storage_failed.emit(err)
        self.refresh(select=qid)

    def toggle_flag(self) -> None:
        row = self.rows[self.table.currentRow()] if self.rows else None
        if row is not None:
            self._mark(flagged=not row.flagged)

    def toggle_suspend(self) -> None:
        row = self.rows[self.table.currentRow()] if self.rows else None
        if row is not None:
            self._mark(suspended=not row.suspended)


def question_html(tutor: Tutor, renderer: Renderer, row: BrowserRow, history: list) -> str:
    q = row.question
    module = tutor.course.module(q.module)
    objective = module.objective(q.objective) if module else None
    parts = [
        f"<p class='muted'>{html.escape(module.title if module else q.module)} · {html.escape(TYPE_NAMES.get(q.type, q.type))}"
        + (f"<br>Objective: {html.escape(objective.text)}" if objective else "")
        + "</p>"
    ]
    body = sanitize("".join(parts))
    body += renderer.markdown_html(q.stem, link_terms=False)
    body += sanitize(f"<p><b>Right answer:</b> {html.escape(tutor.right_answer(q))}</p>")
    body += renderer.markdown_html(q.explanation, link_terms=True)
    body += sanitize(f"<p class='muted'>Source: {html.escape(tutor.cite(q))}</p>")
    if history:
        lines = []
        for h in history:
            when = dt.datetime.fromtimestamp(h.answered_at).strftime("%d %b %Y %H:%M")
            verdict = "Right" if h.score >= 0.999 else (f"Partly right ({round(h.score * 100)}%)" if h.score > 0 else "Wrong")
            conf = CONFIDENCE_LABELS.get(h.confidence, "") if h.confidence else ""
            attempt = "" if h.try_number == 1 else f" (try {h.try_number})"
            lines.append(
                f"<tr><td>{when}</td><td>{html.escape(h.mode)}</td><td>{verdict}{attempt}</td>"
                f"<td>{html.escape(conf)}</td><td>{html.escape(h.your_answer)}</td></tr>"
            )
        body += sanitize(
            f"<h3>Your answers ({len(history)})</h3><table><tr><th>When</th><th>Quiz</th><th>Result</th><th>You said</th>"
            f"<th>Your answer</th></tr>{''.join(lines)}</table>"
        )
    return body
