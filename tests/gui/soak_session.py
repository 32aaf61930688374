"""A long session on one process: thousands of real widget actions, as a learner would do them.

Run by tests/gui/test_soak.py in a child process, because what it guards against is an abort
of the whole interpreter (PySide6 6.12.0 on Python 3.11: "Fatal Python error: none_dealloc"
after a few hundred actions), which would otherwise take the test run down with it.

    QT_QPA_PLATFORM=offscreen python -m tests.gui.soak_session DATA_DIR [ACTIONS]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.core.store.database import Store
from desktop_app.gui import theme
from desktop_app.gui.app import build_window
from tests.gui.keyboard import type_answer


class _Keys:
    """The two qtbot methods tests/gui/keyboard.py uses, on plain QTest."""

    def __init__(self, fallback) -> None:
        self.fallback = fallback

    def keyClick(self, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        widget = widget or self.fallback
        if isinstance(key, str):
            QTest.keyClicks(widget, key)
        else:
            QTest.keyClick(widget, key, modifier)

    def keyClicks(self, widget, text: str) -> None:
        QTest.keyClicks(widget or self.fallback, text)


SOCKETS: list[str] = []


def _watch_sockets(event: str, args: tuple) -> None:
    # Every socket Python code creates or connects raises these audit events; the program must
    # never open one (it is offline by design).
    if event in ("socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo"):
        SOCKETS.append(f"{event}{args!r}"[:200])


def main(data_dir: Path, wanted: int) -> int:
    sys.addaudithook(_watch_sockets)
    app = theme.create_application(sys.argv[:1])
    store = Store.open(data_dir / "progress.sqlite3")
    w = build_window(store, None, data_dir / "cache")
    w.show()
    keys = _Keys(w)
    done = 0
    rounds = 0
    modules = w.tutor.course.modules
    while done < wanted:
        w.activateWindow()
        QTest.qWait(5)
        for _ in range(30):  # read on, section after section (wrapping around at the end)
            QTest.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
            done += 1
        m = modules[rounds % len(modules)]
        w.open_section(m.id, m.sections[0].id)
        for track in ("family", "student", "family", "student"):
            w.set_track(track)
            done += 1
        w.show_view("glossary")
        page = w.glossary_page()
        QTest.keyClicks(page.search, "cell")
        page.search.clear()
        done += 6
        term = w.tutor.course.glossary[rounds % len(w.tutor.course.glossary)]
        w.reader.text.on_link_hovered(QUrl(f"glossary:{term.id}"))
        w.show_term_popup(term.id)
        w.term_dialog.hide()
        done += 3
        for view in ("home", "dashboard", "sources", "home"):
            w.show_view(view)
            done += 1
        for p in w.tutor.course.pages:
            w.show_page(p.id)
            done += 1
        w.show_view("quiz")
        quiz = w.quiz_page()
        w.activateWindow()
        QTest.qWait(5)
        quiz.start("test", None, 6)
        for n in range(quiz.runner.session.total):
            type_answer(keys, quiz.runner, right=(n + rounds) % 2 == 0)
            QTest.keyClick(QApplication.focusWidget() or w, Qt.Key.Key_Return)
            done += 3
        quiz.show_setup()
        done += 1
        rounds += 1
    network = sorted(m for m in sys.modules if m.startswith("PySide6.QtNetwork") or m in ("ssl", "http.client", "urllib.request"))
    print(f"done {done} actions in {rounds} rounds; sockets: {len(SOCKETS)} {SOCKETS[:3]}; network modules: {network}", flush=True)
    w.close()
    store.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3000))
