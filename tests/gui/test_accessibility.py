"""What a screen reader gets, read through Qt's accessibility interfaces: a name for every
control on every screen, descriptions where they help, and announcements when things happen."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QHeaderView,
    QLineEdit,
    QScrollBar,
    QTextBrowser,
    QWidget,
)

from desktop_app.core.grading import correct_response
from desktop_app.core.learning.quiz import PRACTICE
from desktop_app.gui import a11y
from desktop_app.gui.charts import ChartView, MasteryBars
from desktop_app.gui.question_widgets import HotspotCanvas
from tests.gui.keyboard import type_answer

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTextBrowser, QAbstractSlider, QGraphicsView)


def is_part_of_another(widget: QWidget) -> bool:
    """Scroll bars, table headers and a spin box's own line edit are read as parts of their owner."""
    return isinstance(widget, (QScrollBar, QHeaderView)) or widget.objectName().startswith("qt_")


def unnamed(window) -> list[str]:
    out = []
    for cls in (*INTERACTIVE, HotspotCanvas, MasteryBars):
        for widget in window.findChildren(cls):
            if not widget.isVisible() or is_part_of_another(widget):
                continue
            iface = QAccessible.queryAccessibleInterface(widget)
            assert iface is not None and iface.isValid(), widget
            if not iface.text(QAccessible.Text.Name).strip():
                out.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parent()).__name__}")
    return sorted(set(out))


def test_every_control_on_every_screen_has_a_name(open_window, qtbot) -> None:
    w = open_window()
    missing = {"lesson": unnamed(w)}
    for view in ("home", "glossary", "sources", "dashboard", "courses", "report", "browser", "search", "quiz"):
        w.show_view(view)
        missing[view] = unnamed(w)
    w.show_page(w.tutor.course.pages[0].id)
    missing["page"] = unnamed(w)
    page = w.quiz_page()
    for qtype in sorted({q.type for q in w.tutor.course.bank}):
        q = next(q for q in w.tutor.course.bank if q.type == qtype)
        assert page.start(PRACTICE, None, 1, None, question_ids=[q.id])
        missing[f"quiz {qtype}"] = unnamed(w)
        page.runner.session = None
    assert {screen: names for screen, names in missing.items() if names} == {}


def test_confidence_charts_and_options_are_described(open_window, qtbot) -> None:
    w = open_window()
    page = w.quiz_page()
    q = next(q for q in w.tutor.course.bank if q.type == "single_choice")
    assert page.start(PRACTICE, None, 1, None, question_ids=[q.id])
    for button in page.runner.conf_buttons.values():
        iface = QAccessible.queryAccessibleInterface(button)
        assert iface.text(QAccessible.Text.Name).startswith("I am")
        assert "misconception" in iface.text(QAccessible.Text.Description)
    options = [QAccessible.queryAccessibleInterface(r.button).text(QAccessible.Text.Name) for r in page.runner.widget.rows]
    assert sorted(o.split(": ", 1)[1] for o in options) == sorted(c.text for c in q.choices)
    assert all(o.startswith("Option ") for o in options)  # with its number, the key that picks it
    page.runner.session = None
    w.show_view("dashboard")
    for chart in [*w.dashboard().findChildren(ChartView), w.dashboard().mastery_view]:
        iface = QAccessible.queryAccessibleInterface(chart)
        assert iface.text(QAccessible.Text.Name) == chart.title
        assert iface.text(QAccessible.Text.Description), chart.title  # the numbers in words


def test_answering_announces_the_verdict_and_the_result(open_window, qtbot) -> None:
    w = open_window()
    a11y.ANNOUNCED.clear()
    page = w.quiz_page()
    q = next(q for q in w.tutor.course.bank if q.type == "true_false")
    assert page.start(PRACTICE, None, 1, None, question_ids=[q.id])
    page.runner.widget.setFocus()
    type_answer(qtbot, page.runner, right=True)
    page.runner.submit()
    assert ("Verdict", "Right.") in a11y.ANNOUNCED
    # The explanation is in view and readable as text.
    feedback = QAccessible.queryAccessibleInterface(page.runner.feedback)
    assert "Right answer" in page.runner.feedback.toPlainText() and feedback.text(QAccessible.Text.Name)
    page.runner.on_primary()  # Finish
    assert any(message.startswith("Your result: 100%") for _name, message in a11y.ANNOUNCED)


def test_choosing_a_diagram_part_is_announced_without_naming_hidden_labels(open_window, qtbot) -> None:
    w = open_window()
    page = w.quiz_page()
    q = next(q for q in w.tutor.course.bank if q.type == "hotspot")
    assert page.start(PRACTICE, None, 1, None, question_ids=[q.id])
    canvas = page.runner.widget.findChild(HotspotCanvas)
    a11y.ANNOUNCED.clear()
    canvas.choose(correct_response(q))
    (_name, message) = a11y.ANNOUNCED[-1]
    assert message.startswith("Chosen: part ") and " of " in message  # labels are masked: no answer given away
