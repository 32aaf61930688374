"""At 200% text in the dark theme, a 1024×700 window holds every screen: nothing needs a sideways
scroll bar, and no button or navigation title is narrower than its text."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QListWidget, QTreeWidgetItemIterator, QWidget


def screens(w):
    m = w.tutor.course.modules[0]
    yield "lesson", lambda: w.open_section(m.id, m.sections[0].id)
    yield "home", lambda: w.show_view("home")
    yield "glossary", lambda: w.show_view("glossary")
    yield "sources", lambda: w.show_view("sources")
    yield "dashboard", lambda: w.show_view("dashboard")
    yield "browser", lambda: w.show_view("browser")
    yield "courses", lambda: w.show_view("courses")
    yield "report", lambda: w.show_view("report")
    yield "quiz setup", lambda: w.show_view("quiz")
    yield "quiz", lambda: (w.show_view("quiz"), w.quiz_page().start("practice", None, 3))
    yield "family page", lambda: w.show_page(w.tutor.course.pages[0].id)


def cut_off(root: QWidget) -> list[str]:
    out = []
    for b in root.findChildren(QAbstractButton):
        hint = b.minimumSizeHint()
        if b.isVisible() and b.text() and (b.width() < hint.width() or b.height() < hint.height()):
            out.append(f"button {b.text()!r}: {b.width()}×{b.height()} < {hint.width()}×{hint.height()}")
    for area in root.findChildren(QAbstractScrollArea):
        bar = area.horizontalScrollBar()
        if area.isVisible() and bar.isVisible() and bar.maximum() > 0:
            out.append(f"{type(area).__name__} {area.objectName() or area.accessibleName()!r} scrolls sideways by {bar.maximum()}")
    return out


def cut_titles(w) -> list[str]:
    """Navigation titles wrap at spaces; a single word wider than its line would be cut."""
    tree, out = w.nav, []
    fm = tree.fontMetrics()
    it = QTreeWidgetItemIterator(tree)
    while it.value():
        item = it.value()
        depth, parent = 0, item.parent()
        while parent is not None:
            depth, parent = depth + 1, parent.parent()
        room = tree.columnWidth(0) - tree.indentation() * (depth + 1) - 12
        out += [f"navigation {item.text(0)!r}: {word!r}" for word in item.text(0).split() if fm.horizontalAdvance(word) > room]
        it += 1
    for lst in w.findChildren(QListWidget):
        if lst.isVisible():
            room = lst.viewport().width() - 8
            words = (word for i in range(lst.count()) for word in lst.item(i).text().split())
            out += [f"{lst.accessibleName()}: {word!r}" for word in words if lst.fontMetrics().horizontalAdvance(word) > room]
    return out


@pytest.mark.parametrize("theme_name", ["dark", "light"])
def test_200_percent_text_fits_a_1024_by_700_window(open_window, qtbot, theme_name) -> None:
    w = open_window()
    w.tutor.update_setting("theme", theme_name)
    w.tutor.update_setting("text_scale", 200)
    w.apply_theme()
    w.resize(1024, 700)
    problems = []
    for name, show in screens(w):
        show()

        def found(name: str = name) -> list[str]:
            need = w.minimumSizeHint().width()
            out = [f"{name}: window needs {need} px"] if need > 1024 or w.width() > 1024 else []
            return out + [f"{name}: {p}" for p in cut_off(w) + cut_titles(w)]

        # What the learner sees once the layout has settled (a busy machine may take a few turns).
        seen = found()
        for _ in range(20):
            if not seen:
                break
            QApplication.processEvents()
            qtbot.wait(25)
            seen = found()
        problems += seen
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("text_scale", [100, 125, 200])
def test_navigation_rows_are_as_tall_as_their_wrapped_titles_at_every_width(open_window, qtbot, text_scale) -> None:
    # Row heights are kept on the rows (gui.nav.NavTree.fit_rows), so they must follow every
    # change of the title column's width: a window resized, a scroll bar that came or went.
    from PySide6.QtCore import QRect

    from desktop_app.gui.qtconst import TEXT_WORD_WRAP

    w = open_window()
    w.tutor.update_setting("text_scale", text_scale)
    w.apply_theme()
    tree = w.nav
    w.open_section(w.tutor.course.modules[5].id, w.tutor.course.modules[5].sections[1].id)
    for width in (1280, 1024, 900, 1180):
        w.resize(width, 700)
        for _ in range(5):
            QApplication.processEvents()
        fm, short = tree.fontMetrics(), []
        for item, depth in tree._titled_items():
            room = tree.columnWidth(0) - tree.indentation() * (depth + 1) - 12
            lines = fm.boundingRect(QRect(0, 0, room, 10_000), TEXT_WORD_WRAP, item.text(0)).height()
            shown = tree.visualItemRect(item).height()
            if shown and shown < lines:
                short.append(f"{item.text(0)!r}: {shown} px for {lines} px of lines at {room} px")
        assert short == [], (width, short)
