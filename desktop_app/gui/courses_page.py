"""The Courses page: every installed course, the learner's progress in each, and open or remove."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import KnownError
from desktop_app.gui.text import plain_label

if TYPE_CHECKING:
    from desktop_app.core.exchange.library import InstalledCourse
    from desktop_app.gui.main_window import MainWindow


class CoursesPage(QWidget):
    open_pack_requested = Signal()
    course_chosen = Signal(str)
    remove_requested = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        outer = QVBoxLayout(self)
        title = QLabel("Courses")
        title.setObjectName("pageTitle")
        outer.addWidget(title)
        intro = plain_label(
            "The courses on this computer. Progress is kept for each course separately, and stays even if a course is "
            "removed: installing it again brings it back. An instructor's course comes as a .ctpack file: open it "
            "here, or drop it on the window.",
            wrap=True,
        )
        outer.addWidget(intro)
        row = QHBoxLayout()
        self.open_button = QPushButton("&Open course pack…")
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(self.open_pack_requested)
        row.addWidget(self.open_button)
        row.addStretch(1)
        outer.addLayout(row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setColumnStretch(0, 1)
        scroll.setWidget(self.body)
        outer.addWidget(scroll, 1)
        self.rows: dict[str, tuple[QPushButton, QPushButton | None]] = {}

    def refresh(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows = {}
        shell = self.window_.shell
        try:
            courses = shell.library.installed() if shell is not None else []
        except KnownError as err:
            self.grid.addWidget(plain_label(str(err), wrap=True), 0, 0)
            return
        current = self.window_.tutor.course.id
        for n, course in enumerate(courses):
            self._add_row(n, course, course.id == current)

    def _add_row(self, n: int, course: InstalledCourse, current: bool) -> None:
        progress = self.window_.tutor.course_progress(course.id)
        reviewed = course.reviewed.strftime("%B %Y") if course.reviewed else "not given"
        origin = "Built into CAR-T Tutor" if course.builtin else f"Installed in {Path(course.root)}"
        info = plain_label(
            f"{course.title}{'  (open now)' if current else ''}\n"
            f"Version {course.version} · reviewed {reviewed} · {course.lessons} lessons, {course.questions} questions\n"
            f"Your progress: {progress.sections_read} sections read, {progress.answers} answers given\n{origin}",
            wrap=True,
        )
        info.setAccessibleName(f"Course {course.title}")
        self.grid.addWidget(info, n, 0)
        open_button = QPushButton("Open")
        open_button.setEnabled(not current)
        open_button.setAccessibleName(f"Open {course.title}")
        open_button.clicked.connect(lambda _=False, cid=course.id: self.course_chosen.emit(cid))
        self.grid.addWidget(open_button, n, 1)
        remove_button = None
        if not course.builtin:
            remove_button = QPushButton("Remove…")
            remove_button.setAccessibleName(f"Remove {course.title}")
            remove_button.clicked.connect(lambda _=False, cid=course.id: self.remove_requested.emit(cid))
            self.grid.addWidget(remove_button, n, 2)
        self.rows[course.id] = (open_button, remove_button)
