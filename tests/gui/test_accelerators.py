"""Every Alt+letter does one thing on every screen: no two visible accelerators share a letter,
and none clashes with a menu."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QLabel, QTabWidget

from desktop_app.core.learning.quiz import PRACTICE, TEST

MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def accelerators(window) -> list[tuple[str, str]]:
    """(letter, where) for every visible accelerator: menus, buttons, labels with buddies, tabs."""
    found = []
    for action in window.menuBar().actions():
        m = MNEMONIC.search(action.text())
        if m:
            found.append((m.group(1).lower(), f"menu {action.text()}"))
    for button in window.findChildren(QAbstractButton):
        m = MNEMONIC.search(button.text())
        if m and button.isVisible() and button.isEnabled():
            found.append((m.group(1).lower(), f"button {button.text()}"))
    for label in window.findChildren(QLabel):
        m = MNEMONIC.search(label.text())
        if m and label.isVisible() and label.buddy() is not None:
            found.append((m.group(1).lower(), f"label {label.text()}"))
    for tabs in window.findChildren(QTabWidget):
        if tabs.isVisible():
            for i in range(tabs.count()):
                m = MNEMONIC.search(tabs.tabText(i))
                if m:
                    found.append((m.group(1).lower(), f"tab {tabs.tabText(i)}"))
    return found


def assert_unique(window, screen: str) -> None:
    seen: dict[str, str] = {}
    for letter, where in accelerators(window):
        assert letter not in seen, f"{screen}: Alt+{letter} is both {seen[letter]} and {where}"
        seen[letter] = where


def test_no_two_accelerators_share_a_letter_on_any_screen(open_window, qtbot) -> None:
    w = open_window()
    assert_unique(w, "lesson")
    for view in ("home", "glossary", "sources", "dashboard", "courses", "report", "browser", "search", "quiz"):
        w.show_view(view)
        assert_unique(w, view)
    page = w.quiz_page()
    for qtype in sorted({q.type for q in w.tutor.course.bank}):
        q = next(q for q in w.tutor.course.bank if q.type == qtype)
        for mode in (PRACTICE, TEST):
            assert page.start(mode, None, 1, None, question_ids=[q.id])
            assert_unique(w, f"{mode} {qtype}")
            page.runner.session = None
    w.show_view("quiz")
    assert_unique(w, "quiz set-up")
