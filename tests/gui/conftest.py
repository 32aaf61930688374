from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.core.store.database import Store
from desktop_app.gui.app import build_window
from desktop_app.gui.main_window import MainWindow


class FakeClock:
    """A monotonic clock that moves only when told: give it to the window before it opens,
    so that every reading time is measured by it alone."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def open_window(qtbot, tmp_path: Path) -> Iterator[Callable[..., MainWindow]]:
    """Open the real main window on a data folder; call again to 'restart' on the same folder."""
    opened: list[tuple[MainWindow, Store]] = []

    def _open(
        data_dir: Path | None = None, content_root: Path | None = None, clock: FakeClock | None = None, first_start: bool = False
    ) -> MainWindow:
        store = Store.open((data_dir or tmp_path / "data") / "progress.sqlite3")
        if not first_start and store.get_state("welcomed") is None:
            store.set_state("welcomed", "1")  # most tests start past the first-start screen
        window = build_window(store, content_root, clock=clock)
        with qtbot.waitExposed(window):
            window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        opened.append((window, store))
        return window

    yield _open
    import shiboken6

    for window, store in opened:
        # A course switch replaces the window (the old one is deleted): close whichever is current.
        for w in (window, getattr(window, "shell", None) and window.shell.window):
            if w is not None and shiboken6.isValid(w):
                w.hide()  # a closed test window does not ask about a quiz under way
                w.close()
                w.deleteLater()
        store.close()
