"""One input widget per question type, each usable with the mouse or the keyboard alone.

Every widget turns what the learner did into a response in the question's own order
(see core.grading), and can mark its parts right or wrong once graded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.content.diagrams import DiagramError, diagram_path, masked_svg
from desktop_app.core.grading import Grade
from desktop_app.core.learning.quiz import Presentation
from desktop_app.core.questions import (
    Cloze,
    Hotspot,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
)
from desktop_app.gui import theme
from desktop_app.gui.a11y import announce
from desktop_app.gui.text import escape, plain_label, rich_label, tooltip


class QuestionWidget(QWidget):
    changed = Signal()

    def __init__(self, question: Question, presentation: Presentation) -> None:
        super().__init__()
        self.question = question
        self.presentation = presentation

    def response(self) -> Any:
        raise NotImplementedError

    def has_response(self) -> bool:
        return True

    def lock(self) -> None:
        self.setEnabled(False)

    def unlock(self) -> None:
        self.setEnabled(True)

    def show_grade(self, grade: Grade) -> None:
        """Mark parts right or wrong after grading (immediate-feedback modes)."""

    def pick_number(self, n: int) -> bool:
        """A digit key pressed (1-based); True if the widget used it."""
        return False

    def focus_first(self) -> None:
        self.setFocus()


class _OptionRow(QFrame):
    """A radio button or check box with a word-wrapped label; clicking the label toggles it."""

    def __init__(self, number: int, text: str, button: QAbstractButton) -> None:
        super().__init__()
        self.setObjectName("optionRow")
        self.button = button
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        button.setAccessibleName(f"Option {number}: {text}")
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.label = rich_label(f"<b>{number}.</b> {escape(text)}")
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row.addWidget(self.label, 1)
        self.feedback = plain_label(wrap=True)
        self.feedback.setObjectName("disclaimer")
        self.feedback.hide()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.button.isEnabled():
            self.button.click()
            self.button.setFocus()
        super().mousePressEvent(event)

    def mark(self, state: str) -> None:
        self.setProperty("state", state)
        self.style().unpolish(self)
        self.style().polish(self)


class ChoiceWidget(QuestionWidget):
    """single_choice (radio buttons) and multiple_response (check boxes)."""

    def __init__(self, question: SingleChoice | MultipleResponse, presentation: Presentation) -> None:
        super().__init__(question, presentation)
        self.multi = question.type == "multiple_response"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if self.multi:
            hint = QLabel("Choose all that apply.")
            hint.setObjectName("disclaimer")
            layout.addWidget(hint)
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multi)
        self.rows: list[_OptionRow] = []
        order = presentation.option_order or tuple(range(len(question.choices)))
        self.order = order
        for shown, original in enumerate(order, start=1):
            button: QAbstractButton = QCheckBox() if self.multi else QRadioButton()
            self.group.addButton(button, original)
            row = _OptionRow(shown, question.choices[original].text, button)
            self.rows.append(row)
            layout.addWidget(row)
            layout.addWidget(row.feedback)
        self.group.buttonToggled.connect(lambda *_: self.changed.emit())

    def response(self) -> Any:
        picked = [self.order[i] for i, r in enumerate(self.rows) if r.button.isChecked()]
        if self.multi:
            return sorted(picked)
        return picked[0] if picked else None

    def has_response(self) -> bool:
        return any(r.button.isChecked() for r in self.rows)

    def pick_number(self, n: int) -> bool:
        if not (1 <= n <= len(self.rows)) or not self.isEnabled():
            return False
        button = self.rows[n - 1].button
        if self.multi:
            button.setChecked(not button.isChecked())
        else:
            button.setChecked(True)
        button.setFocus()
        return True

    def show_grade(self, grade: Grade) -> None:
        q = self.question
        assert isinstance(q, (SingleChoice, MultipleResponse))
        for shown, original in enumerate(self.order):
            choice = q.choices[original]
            row = self.rows[shown]
            picked = row.button.isChecked()
            if choice.correct:
                row.mark("right")
            elif picked:
                row.mark("wrong")
            if choice.feedback and (picked or choice.correct):
                row.feedback.setText(("✓ " if choice.correct else "✗ ") + choice.feedback)
                row.feedback.show()

    def unlock(self) -> None:
        super().unlock()
        for row in self.rows:
            row.mark("")
            row.feedback.hide()

    def focus_first(self) -> None:
        if self.rows:
            self.rows[0].button.setFocus()


class TrueFalseWidget(QuestionWidget):
    def __init__(self, question: TrueFalse, presentation: Presentation) -> None:
        super().__init__(question, presentation)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.true_button, self.false_button = QRadioButton(), QRadioButton()
        self.rows = [_OptionRow(1, "True", self.true_button), _OptionRow(2, "False", self.false_button)]
        for row in self.rows:
            self.group.addButton(row.button)
            layout.addWidget(row)
        self.feedback = plain_label(wrap=True)
        self.feedback.hide()
        layout.addWidget(self.feedback)
        self.group.buttonToggled.connect(lambda *_: self.changed.emit())

    def response(self) -> Any:
        if self.true_button.isChecked():
            return True
        if self.false_button.isChecked():
            return False
        return None

    def has_response(self) -> bool:
        return self.response() is not None

    def pick_number(self, n: int) -> bool:
        if n in (1, 2) and self.isEnabled():
            self.rows[n - 1].button.setChecked(True)
            self.rows[n - 1].button.setFocus()
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_T:
            self.pick_number(1)
        elif event.key() == Qt.Key.Key_F:
            self.pick_number(2)
        else:
            super().keyPressEvent(event)

    def show_grade(self, grade: Grade) -> None:
        q = self.question
        assert isinstance(q, TrueFalse)
        self.rows[0 if q.answer else 1].mark("right")
        if self.response() is not None and self.response() != q.answer:
            self.rows[0 if self.response() else 1].mark("wrong")
        if grade.feedback:
            self.feedback.setText(grade.feedback[0])
            self.feedback.show()

    def unlock(self) -> None:
        super().unlock()
        for row in self.rows:
            row.mark("")
        self.feedback.hide()

    def focus_first(self) -> None:
        self.true_button.setFocus()


class MatchingWidget(QuestionWidget):
    PLACEHOLDER = "Choose…"

    def __init__(self, question: Matching, presentation: Presentation) -> None:
        super().__init__(question, presentation)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.rights = list(presentation.right_order or question.right_items)
        self.combos: list[QComboBox] = []
        self.marks: list[QLabel] = []
        for pair in question.pairs:
            combo = QComboBox()
            combo.addItem(self.PLACEHOLDER)
            combo.addItems(self.rights)
            combo.setAccessibleName(f"Match for {pair.left}")
            combo.currentIndexChanged.connect(lambda *_: self.changed.emit())
            label = plain_label(pair.left, wrap=True)
            row = QHBoxLayout()
            row.addWidget(combo, 1)
            mark = plain_label()
            row.addWidget(mark)
            self.marks.append(mark)
            form.addRow(label, row)
            label.setBuddy(combo)
            self.combos.append(combo)

    def response(self) -> Any:
        return [c.currentText() if c.currentIndex() > 0 else None for c in self.combos]

    def has_response(self) -> bool:
        return any(c.currentIndex() > 0 for c in self.combos)

    def show_grade(self, grade: Grade) -> None:
        q = self.question
        assert isinstance(q, Matching)
        for i, ok in enumerate(grade.parts):
            self.marks[i].setText("✓" if ok else f"✗ {q.pairs[i].right}")
            self.marks[i].setObjectName("verdictRight" if ok else "verdictWrong")
            self.marks[i].style().polish(self.marks[i])

    def unlock(self) -> None:
        super().unlock()
        for m in self.marks:
            m.setText("")

    def focus_first(self) -> None:
        if self.combos:
            self.combos[0].setFocus()


class OrderingWidget(QuestionWidget):
    """A list to reorder by dragging, with Move up/down buttons or Ctrl+Up / Ctrl+Down."""

    def __init__(self, question: Ordering, presentation: Presentation) -> None:
        super().__init__(question, presentation)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setWordWrap(True)
        self.list.setAccessibleName("Items to put in order; Ctrl+Up and Ctrl+Down move the selected item")
        order = presentation.option_order or tuple(range(len(question.items)))
        for original in order:
            item = QListWidgetItem(question.items[original])
            item.setData(Qt.ItemDataRole.UserRole, original)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.model().rowsMoved.connect(lambda *_: self.changed.emit())
        self.list.installEventFilter(self)
        layout.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.up = QPushButton("Move up")
        self.down = QPushButton("Move down")
        self.up.setToolTip("Ctrl+Up")
        self.down.setToolTip("Ctrl+Down")
        self.up.clicked.connect(lambda: self.move(-1))
        self.down.clicked.connect(lambda: self.move(+1))
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.list.setMinimumHeight(min(420, 44 * len(question.items) + 12))

    def eventFilter(self, obj: object, event: object) -> bool:
        moving = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        if (
            obj is self.list
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.modifiers() & moving
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self.move(-1 if event.key() == Qt.Key.Key_Up else +1)
            return True
        return False

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not (0 <= target < self.list.count()) or not self.isEnabled():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.changed.emit()

    def response(self) -> Any:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def show_grade(self, grade: Grade) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            original = item.data(Qt.ItemDataRole.UserRole)
            mark = "✓" if original == i else f"(belongs at {original + 1})"
            item.setText(f"{self.question.items[original]}   {mark}")  # type: ignore[attr-defined]

    def unlock(self) -> None:
        super().unlock()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setText(self.question.items[item.data(Qt.ItemDataRole.UserRole)])  # type: ignore[attr-defined]

    def focus_first(self) -> None:
        self.list.setFocus()


class ClozeWidget(QuestionWidget):
    def __init__(self, question: Cloze, presentation: Presentation) -> None:
        super().__init__(question, presentation)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        sentence = "".join(escape(part) if isinstance(part, str) else f" <b>[ {part + 1} ]</b> " for part in question.parts())
        text = rich_label(sentence)
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.edits: list[QLineEdit] = []
        self.marks: list[QLabel] = []
        for i in range(len(question.blanks)):
            edit = QLineEdit()
            edit.setAccessibleName(f"Blank {i + 1}")
            edit.textChanged.connect(lambda *_: self.changed.emit())
            mark = plain_label()
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(mark)
            form.addRow(f"Blank {i + 1}:", row)
            self.edits.append(edit)
            self.marks.append(mark)
        layout.addLayout(form)

    def response(self) -> Any:
        return [e.text() for e in self.edits]

    def has_response(self) -> bool:
        return any(e.text().strip() for e in self.edits)

    def show_grade(self, grade: Grade) -> None:
        q = self.question
        assert isinstance(q, Cloze)
        for i, ok in enumerate(grade.parts):
            self.marks[i].setText("✓" if ok else f"✗ {q.blanks[i][0]}")

    def unlock(self) -> None:
        super().unlock()
        for m in self.marks:
            m.setText("")

    def focus_first(self) -> None:
        if self.edits:
            self.edits[0].setFocus()


class NumericWidget(QuestionWidget):
    def __init__(self, question: Numeric, presentation: Presentation) -> None:
        super().__init__(question, presentation)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Type a number")
        self.edit.setAccessibleName("Your answer" + (f" in {question.unit}" if question.unit else ""))
        self.edit.setMaximumWidth(220)
        self.edit.textChanged.connect(lambda *_: self.changed.emit())
        row.addWidget(self.edit)
        row.addWidget(plain_label(question.unit))
        row.addStretch(1)

    def response(self) -> Any:
        return self.edit.text().strip()

    def has_response(self) -> bool:
        return bool(self.edit.text().strip())

    def focus_first(self) -> None:
        self.edit.setFocus()


class HotspotCanvas(QWidget):
    """Draws an SVG diagram and lets the learner choose one of its regions."""

    region_chosen = Signal(str)

    def __init__(
        self, svg_path: str, regions: tuple[str, ...], titles: tuple[str, ...], masked: tuple[bytes, list[str]] | None = None
    ) -> None:
        super().__init__()
        self.svg_path = svg_path
        self.regions = regions
        self.titles = titles
        # While the question is asked, the diagram is drawn with its labels hidden and a blank
        # tag painted over each one, in place (Anki's image occlusion); the learner must know
        # where the part is, not read its name. reveal() shows the labelled diagram.
        self.masks: list[QRectF] = []
        if masked is not None:
            self.renderer = QSvgRenderer(QByteArray(masked[0]))
            self.masks = [self._element_box(mid) for mid in masked[1] if self.renderer.elementExists(mid)]
        else:
            self.renderer = QSvgRenderer(svg_path)
        self.selected: str | None = None
        self.hovered: str | None = None
        self.focus_index = -1
        self.marks: dict[str, str] = {}
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(420, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Diagram: use Tab or the arrow keys to move between parts, Enter to choose")
        self._boxes = {r: self._element_box(r) for r in regions}

    @property
    def masked(self) -> bool:
        return bool(self.masks)

    def label_of(self, region: str) -> str:
        """What the learner is told about a region: its name once revealed, else only its number."""
        idx = self.regions.index(region)
        if self.masked or idx >= len(self.titles):
            return f"part {idx + 1} of {len(self.regions)}"
        return self.titles[idx]

    def reveal(self) -> None:
        if self.masked:
            self.renderer = QSvgRenderer(self.svg_path)
            self.masks = []
            self.update()

    def _element_box(self, element_id: str) -> QRectF:
        box = self.renderer.boundsOnElement(element_id)
        return self.renderer.transformForElement(element_id).mapRect(box)

    def sizeHint(self) -> QSize:
        size = self.renderer.defaultSize()
        return QSize(min(860, size.width()), round(min(860, size.width()) * size.height() / max(1, size.width())))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        size = self.renderer.defaultSize()
        return round(width * size.height() / max(1, size.width()))

    def _target(self) -> QRectF:
        vb = self.renderer.viewBoxF()
        scale = min(self.width() / vb.width(), self.height() / vb.height())
        w, h = vb.width() * scale, vb.height() * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def _to_widget(self, box: QRectF) -> QRectF:
        vb = self.renderer.viewBoxF()
        t = self._target()
        sx, sy = t.width() / vb.width(), t.height() / vb.height()
        return QRectF(t.left() + (box.left() - vb.left()) * sx, t.top() + (box.top() - vb.top()) * sy, box.width() * sx, box.height() * sy)

    def region_at(self, pos: QPointF) -> str | None:
        hits = [(r, self._to_widget(b)) for r, b in self._boxes.items() if self._to_widget(b).contains(pos)]
        if not hits:
            return None
        return min(hits, key=lambda h: h[1].width() * h[1].height())[0]  # the innermost region wins

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.renderer.render(p, self._target())
        c = theme.DIAGRAM
        if self.masks:
            p.setPen(QPen(QColor(c.border), 1.5))
            p.setBrush(QColor(c.mask))
            for box in self.masks:
                p.drawRoundedRect(self._to_widget(box).adjusted(-3, -2, 3, 2), 5, 5)
        for r in self.regions:
            rect = self._to_widget(self._boxes[r]).adjusted(-3, -3, 3, 3)
            color = None
            width = 3
            if r in self.marks:
                color = QColor(c.right) if self.marks[r] == "right" else QColor(c.wrong)
                width = 4
            elif r == self.selected:
                color = QColor(c.selected)
                width = 4
            elif r == self.hovered or (
                self.hasFocus() and 0 <= self.focus_index < len(self.regions) and self.regions[self.focus_index] == r
            ):
                color = QColor(c.focus)
                pen = QPen(color, 2, Qt.PenStyle.DashLine)
                p.setPen(pen)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(rect, 6, 6)
                continue
            if color is not None:
                p.setPen(QPen(color, width))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(rect, 6, 6)
        if self.selected:
            font = QFont(self.font())
            font.setBold(True)
            p.setFont(font)
        p.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        region = self.region_at(event.position())
        if region != self.hovered:
            self.hovered = region
            self.setToolTip(tooltip(self.label_of(region)) if region else "")
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.isEnabled():
            return
        region = self.region_at(event.position())
        if region is not None:
            self.choose(region)

    def choose(self, region: str) -> None:
        self.selected = region
        self.focus_index = self.regions.index(region)
        self.region_chosen.emit(region)
        # The part's name (or, while labels are hidden, "part 2 of 5") for a screen reader.
        self.setAccessibleDescription(f"Chosen: {self.label_of(region)}")
        announce(self, f"Chosen: {self.label_of(region)}")
        self.update()

    def _cycle(self, step: int) -> None:
        self.focus_index = (self.focus_index + step) % len(self.regions)
        self.choose(self.regions[self.focus_index])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self._cycle(+1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self._cycle(-1)
        else:  # Enter is the quiz's shortcut: it submits the chosen region
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next_: bool) -> bool:
        # Tab walks the regions first; after the last one it leaves the diagram as usual.
        step = 1 if next_ else -1
        nxt = self.focus_index + step
        if self.isEnabled() and 0 <= nxt < len(self.regions):
            self._cycle(step)
            return True
        return super().focusNextPrevChild(next_)

    def event(self, e: object) -> bool:
        # Keep Tab inside the diagram while regions remain (Qt handles Tab before keyPressEvent).
        if isinstance(e, QKeyEvent) and e.type() == QKeyEvent.Type.KeyPress and e.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            forward = e.key() == Qt.Key.Key_Tab and not (e.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            nxt = self.focus_index + (1 if forward else -1)
            if self.isEnabled() and 0 <= nxt < len(self.regions):
                self._cycle(1 if forward else -1)
                return True
        return super().event(e)  # type: ignore[arg-type]


class HotspotWidget(QuestionWidget):
    def __init__(self, question: Hotspot, presentation: Presentation, root, assets) -> None:
        super().__init__(question, presentation)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        path = diagram_path(question.diagram, root, assets)
        try:
            masked: tuple[bytes, list[str]] | None = masked_svg(path, (root, assets)) if path else None
        except DiagramError:
            masked = None
        self.canvas = HotspotCanvas(str(path), question.regions, question.region_titles or question.regions, masked)
        self.canvas.region_chosen.connect(self._on_chosen)
        layout.addWidget(self.canvas, 1)
        self.choice_label = plain_label("Click a part of the diagram (or press Tab / arrow keys, then Enter).", wrap=True)
        self.choice_label.setObjectName("disclaimer")
        layout.addWidget(self.choice_label)

    def _on_chosen(self, region: str) -> None:
        q = self.question
        assert isinstance(q, Hotspot)
        self.choice_label.setText(f"Your choice: {self.canvas.label_of(region)}")
        self.changed.emit()

    def response(self) -> Any:
        return self.canvas.selected

    def has_response(self) -> bool:
        return self.canvas.selected is not None

    def show_grade(self, grade: Grade) -> None:
        q = self.question
        assert isinstance(q, Hotspot)
        self.canvas.marks = {q.answer: "right"}
        if self.canvas.selected and self.canvas.selected != q.answer:
            self.canvas.marks[self.canvas.selected] = "wrong"
        self.canvas.reveal()
        if self.canvas.selected:
            self.choice_label.setText(f"Your choice: {self.canvas.label_of(self.canvas.selected)}")
        self.canvas.update()

    def unlock(self) -> None:
        super().unlock()
        self.canvas.marks = {}
        self.canvas.update()

    def focus_first(self) -> None:
        self.canvas.setFocus()


# One widget per question kind, by the kind's name (see core.kinds). A new kind adds its widget here.
WIDGETS: dict[str, Callable[..., QuestionWidget]] = {
    "single_choice": lambda q, p, root, assets: ChoiceWidget(q, p),
    "multiple_response": lambda q, p, root, assets: ChoiceWidget(q, p),
    "true_false": lambda q, p, root, assets: TrueFalseWidget(q, p),
    "matching": lambda q, p, root, assets: MatchingWidget(q, p),
    "ordering": lambda q, p, root, assets: OrderingWidget(q, p),
    "cloze": lambda q, p, root, assets: ClozeWidget(q, p),
    "numeric": lambda q, p, root, assets: NumericWidget(q, p),
    "hotspot": lambda q, p, root, assets: HotspotWidget(q, p, root, assets),
}


def make_widget(question: Question, presentation: Presentation, root, assets) -> QuestionWidget:
    return WIDGETS[question.type](question, presentation, root, assets)
