"""Course text reaches the screen as text: labels show '&' and '<' as written (never '&amp;'),
tooltips cannot load files, and a hotspot question hides the labels that would give it away."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt, QUrl
from PySide6.QtWidgets import QLabel, QToolTip

from desktop_app.core.content.diagrams import masked_svg
from desktop_app.gui.text import tooltip
from tests.conftest import write
from tests.gui.keyboard import press_enter, type_answer

TRICKY = 'IL-6 & IFN-γ < 5 > 3 "quoted"'

TRICKY_QUESTIONS = f"""- id: mini-001
  type: single_choice
  module: mini
  objective: mini.one
  difficulty: 1
  tracks: [family, student]
  stem: Pick the right one.
  choices:
    - {{text: '{TRICKY}', correct: true, feedback: 'Yes: {TRICKY}'}}
    - {{text: Wrong, feedback: 'No & never'}}
  explanation: Because.
  sources:
    - {{source: xu2021, section: CD19}}
  reviewed: 2026-11-21
- id: mini-002
  type: matching
  module: mini
  objective: mini.two
  difficulty: 1
  tracks: [family, student]
  stem: Match them.
  pairs:
    - {{left: 'A & B', right: One}}
    - {{left: 'C < D', right: Two}}
  explanation: Because.
  sources:
    - {{source: xu2021, section: CD19}}
  reviewed: 2026-11-21
"""


def shown_labels(widget) -> list[str]:
    """What the learner reads in every label (rich ones as their plain text)."""
    out = []
    for label in widget.findChildren(QLabel):
        if label.textFormat() == Qt.TextFormat.PlainText:
            out.append(label.text())
        else:
            from PySide6.QtGui import QTextDocument

            doc = QTextDocument()
            doc.setHtml(label.text())
            out.append(doc.toPlainText())
    return out


def test_option_text_and_feedback_show_exactly_as_written(open_window, qtbot, mini_root: Path) -> None:
    write(mini_root, "questions/01-mini.yaml", TRICKY_QUESTIONS)
    w = open_window(content_root=mini_root)
    assert w.tutor.course.problems == []
    page = w.quiz_page()
    w.show_view("quiz")
    assert page.start("practice", ["mini"], 1, None, question_ids=["mini-001"])
    runner = page.runner
    assert any(t.endswith(TRICKY) for t in shown_labels(runner.widget))
    type_answer(qtbot, runner, right=True)
    press_enter(qtbot)
    labels = shown_labels(runner.widget)
    assert f"✓ Yes: {TRICKY}" in labels
    assert not any("&amp;" in t or "&lt;" in t for t in labels)


def test_matching_labels_show_exactly_as_written(open_window, qtbot, mini_root: Path) -> None:
    write(mini_root, "questions/01-mini.yaml", TRICKY_QUESTIONS)
    w = open_window(content_root=mini_root)
    page = w.quiz_page()
    w.show_view("quiz")
    assert page.start("practice", ["mini"], 1, None, question_ids=["mini-002"])
    labels = shown_labels(page.runner.widget)
    assert "A & B" in labels and "C < D" in labels


def test_tooltips_escape_course_text() -> None:
    tip = tooltip('<img src="/etc/hostname"> & more')
    assert "<img" not in tip and "&lt;img src=&quot;/etc/hostname&quot;&gt; &amp; more" in tip


def test_glossary_hover_escapes_the_definition(open_window, mini_root: Path) -> None:
    write(mini_root, "glossary.yaml", "- {id: cd19, term: CD19, plain: 'A marker & a target < 5', technical: t, modules: [mini]}\n")
    w = open_window(content_root=mini_root)
    w.reader.text.on_link_hovered(QUrl("glossary:cd19"))
    assert QToolTip.text() == tooltip("CD19\nA marker & a target < 5", bold_first_line=True)


def first_hotspot(course):
    return next(q for q in course.bank if q.type == "hotspot")


def test_a_hotspot_question_hides_its_labels_until_the_answer_is_shown(open_window, qtbot) -> None:
    w = open_window()
    q = first_hotspot(w.tutor.course)
    page = w.quiz_page()
    w.show_view("quiz")
    assert page.start("practice", None, 1, None, question_ids=[q.id])
    canvas = page.runner.widget.canvas
    assert canvas.masked and len(canvas.masks) >= len(q.regions)  # every region's label is covered
    # Nothing on screen names a part while the question is asked: not the choice line, not a tooltip.
    wrong = next(r for r in q.regions if r != q.answer)
    canvas.choose(wrong)
    choice = page.runner.widget.choice_label.text()
    assert choice.startswith("Your choice: part ") and all(t not in choice for t in q.region_titles)
    box = canvas._to_widget(canvas._boxes[wrong]).center()
    canvas.mouseMoveEvent(_move(box))
    assert all(title not in canvas.toolTip() for title in q.region_titles)
    press_enter(qtbot)  # wrong: a second try is offered, still masked
    assert canvas.masked
    press_enter(qtbot)  # show the answer: labels come back
    assert not canvas.masked and q.title_of(wrong) in page.runner.widget.choice_label.text()


def _move(point: QPointF):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QMouseEvent

    none = Qt.MouseButton.NoButton
    return QMouseEvent(QEvent.Type.MouseMove, point, point, none, none, Qt.KeyboardModifier.NoModifier)


def test_every_shipped_diagram_masks_the_text_of_its_regions(course) -> None:
    from desktop_app.core import paths

    for svg in sorted((paths.assets_dir() / "diagrams").glob("*.svg")):
        data, masks = masked_svg(svg, (paths.assets_dir(),))
        text = data.decode()
        assert masks, svg.name
        for title in ("<title>", "<desc>"):
            assert title not in text.replace("<title />", "").replace("<desc />", ""), svg.name
