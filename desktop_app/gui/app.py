"""Start the GUI: open the progress file, load the course, show the window."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import __version__
from desktop_app.core import paths
from desktop_app.core.content.cache import load_course_cached
from desktop_app.core.content.records import Course
from desktop_app.core.store.database import Store, StoreError
from desktop_app.core.tutor import Tutor
from desktop_app.gui import theme

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow


def open_store(db_path: Path) -> Store | None:
    """Open the progress file, asking the user what to do if it cannot be used. None means quit."""
    try:
        return Store.open(db_path)
    except StoreError as err:
        if err.kind == "corrupt":
            aside = db_path.with_name(f"{db_path.stem}.damaged-{time.strftime('%Y%m%d-%H%M%S')}{db_path.suffix}")
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Progress file damaged",
                f"CAR-T Tutor cannot read your progress file:\n{db_path}\n\n{err.message}\n\n"
                f"You can keep the damaged file as\n{aside.name}\n(nothing is deleted) and start a new one, or quit.",
            )
            keep = box.addButton("Keep it aside and start fresh", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is keep:
                for suffix in ("", "-wal", "-shm"):
                    src = Path(str(db_path) + suffix)
                    if src.exists():
                        src.rename(Path(str(aside) + suffix))
                return Store.open(db_path)
            return None
        QMessageBox.critical(None, "Cannot open progress file", err.message)
        return None


def run(data_dir: str | None = None, content_root: str | None = None, exit_after_startup: bool = False) -> int:
    """Run the program until the window closes; does not return once the window has been shown."""
    app = QApplication.instance() or theme.create_application(sys.argv)
    app.setApplicationName("CAR-T Tutor")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("car-t-tutor")
    icon = paths.assets_dir() / "icons" / "car-t-tutor.svg"
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    store = open_store(paths.database_path(data_dir))
    if store is None:
        return 2
    window = build_window(store, Path(content_root) if content_root else None, paths.cache_dir(data_dir))
    window.show()
    if exit_after_startup:
        QTimer.singleShot(0, app.quit)
    code = app.exec()
    window.close()
    store.close()
    # Everything is saved and the database is closed. Tearing down thousands of Qt and Python
    # objects one by one does nothing for the user and takes about 25 ms, so leave at once.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def build_window(
    store: Store, content_root: Path | None = None, cache_dir: Path | None = None, clock: Callable[[], float] | None = None
) -> MainWindow:
    from desktop_app.gui.main_window import MainWindow

    course: Course = load_course_cached(content_root or paths.builtin_content_root(), paths.assets_dir(), cache_dir)
    tutor = Tutor(course, store, paths.assets_dir())
    return MainWindow(tutor, cache_dir, clock) if clock is not None else MainWindow(tutor, cache_dir)
