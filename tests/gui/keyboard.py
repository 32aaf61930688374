"""Answer any question on screen with the keyboard alone, right or wrong, as a learner would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.core.grading import GREEK
from desktop_app.core.questions import Cloze, Hotspot, Matching, MultipleResponse, Numeric, Ordering, SingleChoice, TrueFalse
from desktop_app.gui.question_widgets import (
    ChoiceWidget,
    ClozeWidget,
    HotspotWidget,
    MatchingWidget,
    NumericWidget,
    OrderingWidget,
    TrueFalseWidget,
)


def focused():
    return QApplication.focusWidget()


def type_answer(qtbot, runner, right: bool) -> None:
    """Enter an answer in the current question's widget using keys only (no Submit)."""
    w = runner.widget
    q = w.question
    if isinstance(w, ChoiceWidget):
        assert isinstance(q, (SingleChoice, MultipleResponse))
        wanted = [i for i, c in enumerate(q.choices) if c.correct == right]
        if isinstance(q, SingleChoice):
            wanted = wanted[:1]
        for original in wanted:
            shown = w.order.index(original) + 1
            qtbot.keyClick(focused(), str(shown))
            assert w.rows[shown - 1].button.isChecked(), "the digit key did not pick its option"
    elif isinstance(w, TrueFalseWidget):
        assert isinstance(q, TrueFalse)
        value = q.answer if right else not q.answer
        qtbot.keyClick(focused(), "1" if value else "2")
        assert w.response() is value, "the digit key did not pick True or False"
    elif isinstance(w, MatchingWidget):
        assert isinstance(q, Matching)
        for i, combo in enumerate(w.combos):
            combo.setFocus()
            target = q.pairs[i].right if right else next(r for r in w.rights if r != q.pairs[i].right)
            steps = w.rights.index(target) + 1  # item 0 is "Choose…"
            for _ in range(steps):
                qtbot.keyClick(combo, Qt.Key.Key_Down)
            assert combo.currentText() == target
    elif isinstance(w, OrderingWidget):
        assert isinstance(q, Ordering)
        wanted = list(range(len(q.items))) if right else list(reversed(range(len(q.items))))
        lst = w.list
        lst.setFocus()
        for pos, original in enumerate(wanted):
            row = next(r for r in range(lst.count()) if lst.item(r).data(Qt.ItemDataRole.UserRole) == original)
            lst.setCurrentRow(row)
            for _ in range(row - pos):
                qtbot.keyClick(lst, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
        assert w.response() == wanted
    elif isinstance(w, ClozeWidget):
        assert isinstance(q, Cloze)
        w.edits[0].setFocus()
        for i, accepted in enumerate(q.blanks):
            # A keyboard types Greek letters by name, which the grader accepts (IFN-gamma for IFN-γ).
            text = "".join(GREEK.get(ch, ch) for ch in accepted[0]) if right else "nothing like it"
            if right and i % 2 == 1:
                text = text.upper()  # case does not matter
            qtbot.keyClicks(focused(), text)
            assert w.edits[i].text() == text, "typing did not reach the blank"
            if i < len(q.blanks) - 1:
                qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    elif isinstance(w, NumericWidget):
        assert isinstance(q, Numeric)
        value = q.answer if right else q.high + abs(q.high) + 100
        qtbot.keyClicks(focused(), f"{value:g}")
        assert w.edit.text() == f"{value:g}", "typing did not reach the answer field"
    elif isinstance(w, HotspotWidget):
        assert isinstance(q, Hotspot)
        canvas = w.canvas
        canvas.setFocus()
        target = q.answer if right else next(r for r in q.regions if r != q.answer)
        for _ in range(len(q.regions) + 1):
            qtbot.keyClick(canvas, Qt.Key.Key_Right)
            if canvas.selected == target:
                break
        assert canvas.selected == target
    else:
        raise TypeError(type(w).__name__)


def press_enter(qtbot) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
