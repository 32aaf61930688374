"""The Courses page: every installed course, the learner's progress in each, and open or remove."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import KnownError
from desktop_app.core.wording import counted, date_text, month_year
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
        outer.setContentsMargins(0, 0, 0, 0)
        # The whole page scrolls (not only the list): at 200% text the introduction alone can
        # fill a small window.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # everything wraps to the width
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        title = QLabel("Courses")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        intro = plain_label(
            "The courses on this computer. Progress is kept for each course separately, and stays even if a course is "
            "removed: installing it again brings it back. An instructor's course comes as a .ctpack file: open it "
            "here, or drop it on the window.",
            wrap=True,
        )
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.open_button = QPushButton("&Open course pack…")
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(self.open_pack_requested)
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.list = QVBoxLayout()
        layout.addLayout(self.list)
        layout.addStretch(1)  # the courses stay at the top however few there are
        self.rows: dict[str, tuple[QPushButton, QPushButton | None]] = {}
        self.cards: dict[str, QFrame] = {}

    def refresh(self) -> None:
        while self.list.count():
            item = self.list.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows = {}
        self.cards = {}
        shell = self.window_.shell
        try:
            courses = shell.library.installed() if shell is not None else []
        except KnownError as err:
            self.list.addWidget(plain_label(str(err), wrap=True))
            return
        current = self.window_.tutor.course.id
        for course in courses:
            self._add_card(course, course.id == current)

    def _add_card(self, course: InstalledCourse, current: bool) -> None:
        progress = self.window_.tutor.course_progress(course.id, course.sections)
        card = QFrame()
        card.setObjectName("card")
        card.setAccessibleName(f"Course {course.title}")
        box = QVBoxLayout(card)
        heading = plain_label(f"{course.title}{'  (open now)' if current else ''}", wrap=True)
        heading.setObjectName("chartTitle")
        box.addWidget(heading)
        reviewed = month_year(course.reviewed) if course.reviewed else "not given"
        if progress.last_studied is None:
            studied = "Not started yet."
        else:
            studied = (
                f"Your progress: {counted(progress.sections_read, 'section')} read, "
                f"{counted(progress.answers, 'answer')} given; last studied {date_text(progress.last_studied)}."
            )
        origin = "Built into CAR-T Tutor" if course.builtin else f"Installed in {Path(course.root)}"
        details = plain_label(
            f"Version {course.version} · clinical content reviewed {reviewed} · "
            f"{counted(course.lessons, 'lesson')}, {counted(course.questions, 'question')}\n{studied}\n{origin}",
            wrap=True,
        )
        box.addWidget(details)
        if course.overdue_lessons:
            note = plain_label(
                f"{counted(course.overdue_lessons, 'lesson is', 'lessons are')} due for clinical review; check with your care team.",
                wrap=True,
            )
            note.setObjectName("reviewNote")
            box.addWidget(note)
        # The buttons go under the text: beside it they would push the page sideways at 200%.
        buttons = QHBoxLayout()
        open_button = QPushButton("Open")
        open_button.setEnabled(not current)
        open_button.setAccessibleName(f"Open {course.title}")
        open_button.clicked.connect(lambda _=False, cid=course.id: self.course_chosen.emit(cid))
        buttons.addWidget(open_button)
        remove_button = None
        if not course.builtin:
            remove_button = QPushButton("Remove…")
            remove_button.setAccessibleName(f"Remove {course.title}")
            remove_button.clicked.connect(lambda _=False, cid=course.id: self.remove_requested.emit(cid))
            buttons.addWidget(remove_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.list.addWidget(card)
        self.rows[course.id] = (open_button, remove_button)
        self.cards[course.id] = card
