"""The lesson reader: one section at a time, in the learner's track, with reading time kept."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.content.records import Module, Section
from desktop_app.core.errors import KnownError
from desktop_app.core.render.renderer import Renderer
from desktop_app.core.tutor import READ_SECONDS_TO_COMPLETE, Tutor
from desktop_app.core.wording import month_year
from desktop_app.gui.textview import CourseText

if TYPE_CHECKING:
    from collections.abc import Callable

VISIT_SECONDS = 1.0


class ReaderView(QWidget):
    section_shown = Signal(str, str)  # module id, section id
    progress_changed = Signal()
    track_changed = Signal(str)
    source_requested = Signal(str, str)
    term_requested = Signal(str)
    storage_failed = Signal(object)  # a KnownError: reading time is kept and saved again later

    def __init__(self, tutor: Tutor, renderer: Renderer, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.tutor = tutor
        self.renderer = renderer
        self.clock = clock
        self.module: Module | None = None
        self.section: Section | None = None
        self._shown_at = 0.0
        self._reached_end = False
        self._unmarked = False  # the learner unticked "Mark as read" during this visit
        self._visit_recorded = False
        # Reading time not saved yet because the progress file could not be written (disk full,
        # locked, ...): (module, section, seconds, completed), saved at the next chance.
        self.pending: list[tuple[str, str, float, bool]] = []
        # A section flipped past in under a second is not a visit: it is neither stored nor
        # remembered as the place to resume (and start-up writes nothing until then).
        self._visit_timer = QTimer(self)
        self._visit_timer.setSingleShot(True)
        self._visit_timer.setInterval(int(VISIT_SECONDS * 1000))
        self._visit_timer.timeout.connect(self._record_visit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        # Where the learner is, on its own line (it wraps, and never runs under "Show:" at 200%
        # text in a small window), then the track buttons.
        self.position_label = QLabel()
        self.position_label.setObjectName("disclaimer")
        self.position_label.setWordWrap(True)
        self.position_label.setContentsMargins(16, 8, 16, 2)
        layout.addWidget(self.position_label)
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 2, 16, 6)
        bar.addWidget(QLabel("Show:"))
        self.family_button = QPushButton("Plain words")
        self.student_button = QPushButton("Full lesson")
        self.family_button.setToolTip("Family track: the plain-language parts, key takeaways and family pages")
        self.student_button.setToolTip("Student track: everything, with sources")
        self.track_group = QButtonGroup(self)
        for b in (self.family_button, self.student_button):
            b.setCheckable(True)
            self.track_group.addButton(b)
            bar.addWidget(b)
        bar.addStretch(1)
        self.family_button.clicked.connect(lambda: self.on_track_chosen("family"))
        self.student_button.clicked.connect(lambda: self.on_track_chosen("student"))
        layout.addLayout(bar)
        # Shown under the header when a lesson is past the date its author set for a clinical review.
        self.review_note = QLabel("This section is due for clinical review; check with your care team.")
        self.review_note.setObjectName("reviewNote")
        self.review_note.setWordWrap(True)
        self.review_note.setContentsMargins(16, 0, 16, 6)
        self.review_note.hide()
        layout.addWidget(self.review_note)

        self.text = CourseText(self, term_lookup=self._term_lookup)
        self.text.setAccessibleName("Lesson text")
        self.text.set_allowed_roots(tutor.course.root, tutor.assets)
        self.text.source_clicked.connect(self.source_requested)
        self.text.term_clicked.connect(self.term_requested)
        self.text.verticalScrollBar().valueChanged.connect(self.on_scrolled)
        layout.addWidget(self.text, 1)

        nav = QHBoxLayout()
        nav.setContentsMargins(16, 6, 16, 10)
        self.prev_button = QPushButton("← Previous")
        self.prev_button.setToolTip("Previous section (Ctrl+Page Up or Alt+Left)")
        self.mark_button = QPushButton("Mark as read")
        self.mark_button.setCheckable(True)
        self.next_button = QPushButton("Next →")
        self.next_button.setObjectName("primary")
        self.next_button.setToolTip("Next section (Ctrl+Page Down or Alt+Right)")
        self.prev_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(lambda: self.go(+1))
        self.mark_button.clicked.connect(self.on_mark_clicked)
        nav.addWidget(self.prev_button)
        nav.addStretch(1)
        nav.addWidget(self.mark_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        layout.addLayout(nav)
        self._sync_track_buttons()

    def _term_lookup(self, term_id: str) -> tuple[str, str] | None:
        term = self.tutor.course.term(term_id)
        return (term.term, term.plain) if term else None

    def _sync_track_buttons(self) -> None:
        (self.family_button if self.tutor.track == "family" else self.student_button).setChecked(True)

    # ------------------------------------------------------------ showing

    def show_section(self, module: Module, section: Section) -> None:
        self.leave_section()
        self.module, self.section = module, section
        self._sync_track_buttons()
        self.text.show_html(self.renderer.section_html(module, section, self.tutor.track))
        self._shown_at = self.clock()
        self._reached_end = False
        self._unmarked = False
        try:
            read = self.tutor.section_read(module.id, section.id)
        except KnownError:
            read = None
        self.mark_button.setChecked(bool(read and read["completed"]))
        n = module.sections.index(section) + 1
        title = module.title_for(self.tutor.track)
        self.position_label.setText(f"{title} · section {n} of {len(module.sections)} · Reviewed {month_year(module.reviewed)}")
        self.review_note.setVisible(module.due_for_review())
        self.prev_button.setEnabled(self.tutor.neighbour(module, section, -1) is not None)
        self.next_button.setEnabled(self.tutor.neighbour(module, section, +1) is not None)
        self._visit_recorded = False
        self._visit_timer.start()
        self.on_scrolled()
        self.section_shown.emit(module.id, section.id)

    def refresh(self) -> None:
        """Re-render the current section (after a track, theme or text-size change)."""
        self._sync_track_buttons()
        if self.module and self.section:
            pos = self.text.verticalScrollBar().value()
            self.text.show_html(self.renderer.section_html(self.module, self.section, self.tutor.track))
            self.text.verticalScrollBar().setValue(pos)

    def leave_section(self) -> None:
        """Store the time spent on the section being left, and whether it now counts as read."""
        if not (self.module and self.section):
            return
        self._visit_timer.stop()
        seconds = max(0.0, self.clock() - self._shown_at)
        self._shown_at = self.clock()
        if seconds < VISIT_SECONDS and not self._visit_recorded:
            return
        mid, sid = self.module.id, self.section.id
        try:
            before = self.tutor.section_read(mid, sid)
        except KnownError:
            before = None
        waiting = sum(p[2] for p in self.pending if p[:2] == (mid, sid))
        total = seconds + waiting + (before["seconds"] if before else 0.0)
        # Read to the end long enough counts as read, unless the learner has just said otherwise.
        completed = self._reached_end and total >= READ_SECONDS_TO_COMPLETE and not self._unmarked
        self.pending.append((mid, sid, seconds, completed))
        if self.save_pending() and completed and not (before and before["completed"]):
            self.progress_changed.emit()

    def save_pending(self) -> bool:
        """Write the reading time not saved yet, oldest first; False (and a signal) if it still cannot be."""
        while self.pending:
            mid, sid, seconds, completed = self.pending[0]
            try:
                self.tutor.record_reading(mid, sid, seconds, completed)
            except KnownError as err:
                self.storage_failed.emit(err)
                return False
            self.pending.pop(0)
        return True

    def detach(self) -> None:
        """Save the section being read and stop: the window is being replaced (another course, or
        the same one rebuilt), and the progress file will soon be someone else's to write to, so
        nothing may be recorded from here any more (closing would otherwise record it again, under
        the new course)."""
        self.leave_section()
        self.save_pending()
        self._visit_timer.stop()
        self.module = self.section = None
        self.pending.clear()  # (only if the disk refused it: it would land in the wrong course)

    def discard_pending(self) -> None:
        """Forget reading time that belongs to a learner who is no longer in use."""
        self.pending.clear()

    def _record_visit(self) -> None:
        if self.module and self.section:
            self._visit_recorded = True  # from now on, leaving the section records its time
            self.pending.append((self.module.id, self.section.id, 0.0, False))
            self.save_pending()

    def go(self, step: int) -> None:
        if not (self.module and self.section):
            return
        target = self.tutor.neighbour(self.module, self.section, step)
        if target is not None:
            self.show_section(*target)

    # ------------------------------------------------------------ events

    def on_scrolled(self, *_args: object) -> None:
        bar = self.text.verticalScrollBar()
        if bar.maximum() == 0 or bar.value() >= bar.maximum() - 4:
            self._reached_end = True

    def on_mark_clicked(self, checked: bool) -> None:
        if not (self.module and self.section):
            return
        self._unmarked = not checked
        try:
            self.tutor.set_section_completed(self.module.id, self.section.id, checked)
        except KnownError as err:
            self.mark_button.setChecked(not checked)  # shows what is stored
            self.storage_failed.emit(err)
            return
        self.progress_changed.emit()

    def on_track_chosen(self, track: str) -> None:
        if track != self.tutor.track:
            try:
                self.tutor.set_track(track)
            except KnownError as err:
                self._sync_track_buttons()
                self.storage_failed.emit(err)
                return
            self.track_changed.emit(track)
        self.refresh()

    def keyPressEvent(self, event) -> None:
        from PySide6.QtCore import Qt  # not at start-up: see gui.qtconst

        if event.key() == Qt.Key.Key_Space and self.text.verticalScrollBar().value() >= self.text.verticalScrollBar().maximum():
            self.go(+1)
            return
        super().keyPressEvent(event)
