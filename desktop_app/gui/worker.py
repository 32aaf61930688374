"""Long work (an export, a class's results files) off the GUI thread, so the window never freezes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QWidget


class Job(QThread):
    """A Qt thread, not a Python one: laying out PDF pages uses Qt timers, which need the
    thread's own event dispatcher. The result reaches the window by a queued signal."""

    done = Signal(object)  # whatever the job returns (a report, or a KnownError it caught)

    def __init__(self, job: Callable[[], object], parent: QWidget) -> None:
        super().__init__(parent)
        self.job = job

    def run(self) -> None:
        self.done.emit(self.job())
