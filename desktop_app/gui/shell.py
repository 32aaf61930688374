"""The composition root's live part: which course is open, and switching or installing courses.

A window is built for one course (its navigation, lessons and quizzes all follow from it), so
switching courses builds a new window in the same place and closes the old one. Installing a
pack is checked completely (core.exchange.library) before anything installed changes, and an
update shows what will change first.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop_app.core import paths
from desktop_app.core.content.cache import load_course_cached
from desktop_app.core.errors import KnownError
from desktop_app.core.exchange.library import Change, Library
from desktop_app.core.store.database import Store
from desktop_app.core.tutor import Tutor

if TYPE_CHECKING:
    from collections.abc import Callable

    from desktop_app.core.questions import Bank
    from desktop_app.gui.main_window import MainWindow

CURRENT_COURSE = "current_course"


class Shell(QObject):
    window_replaced = Signal(object)  # the new MainWindow

    def __init__(
        self,
        store: Store,
        data_dir: Path,
        cache_dir: Path | None,
        content_root: Path | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.data_dir = data_dir
        self.cache_dir = cache_dir
        self.content_root = content_root  # --content DIR: that folder, whatever is installed
        self.clock = clock
        self.library = Library(data_dir, paths.builtin_content_root(), paths.assets_dir())
        self.window: MainWindow | None = None

    # ------------------------------------------------------------ windows

    def start(self) -> MainWindow:
        root = self.content_root
        if root is None:
            chosen = self.store.get_state(CURRENT_COURSE)
            root = (self.library.root_of(chosen) if chosen else None) or paths.builtin_content_root()
        self.window = self._make_window(root)
        return self.window

    def _make_window(self, root: Path) -> MainWindow:
        from desktop_app.gui.main_window import MainWindow

        course = load_course_cached(root, paths.assets_dir(), self.cache_dir)
        tutor = Tutor(course, self.store, paths.assets_dir())
        window = MainWindow(tutor, self.cache_dir, self.clock) if self.clock is not None else MainWindow(tutor, self.cache_dir)
        window.shell = self
        return window

    def questions_of(self, course_id: str) -> Bank | None:
        """The questions of an installed course, open or not (a class report may be for another
        course than the one being studied); None if it is not installed."""
        if self.window is not None and self.window.tutor.course.id == course_id:
            return self.window.tutor.bank
        root = self.library.root_of(course_id)
        if root is None:
            return None
        try:
            return load_course_cached(root, paths.assets_dir(), self.cache_dir).bank
        except KnownError:
            return None

    def switch_course(self, course_id: str, confirmed: bool = False) -> MainWindow | None:
        """Open another installed course in place of the current one; None if it is not there, or
        if the learner chose to stay in a test under way (``confirmed``: they were asked already)."""
        root = self.library.root_of(course_id)
        if root is None or self.window is None:
            return None
        old = self.window
        if old.tutor.course.id == course_id and old.tutor.course.root == root:
            return old
        if not confirmed and not old.may_leave_quiz():
            return None
        self._replace_window(root)
        try:
            self.store.set_state(CURRENT_COURSE, course_id)
        except KnownError as err:
            self.window.report(err)
        self.window_replaced.emit(self.window)
        return self.window

    # ------------------------------------------------------------ packs

    def open_pack(self, pack: Path, ask: Callable[[Change], bool] | None = None) -> str | None:
        """Check, confirm and install a pack, then open its course; the course id, or None.

        ``ask`` shows the learner what installing would do and returns their answer (the GUI's
        dialog unless a caller passes another).
        """
        assert self.window is not None
        ask = ask or self._ask
        try:
            _info, change, staging = self.library.inspect(pack)
        except KnownError as err:
            self.window.report(err)
            return None
        unchanged = change.is_update and change.is_same_version and not (change.questions_changed or change.lessons_changed)
        if unchanged and self.window.tutor.course.id == change.course_id:
            self.library.discard(staging)
            self.window.statusBar().showMessage(
                f"“{change.title}” version {change.new_version} is already installed and open: nothing to change.", 10_000
            )
            return change.course_id
        # Asked once the pack is known to be good, before anything is installed: "No" changes nothing.
        if not self.window.may_leave_quiz() or not (unchanged or ask(change)):
            self.library.discard(staging)
            return None
        if unchanged:
            self.library.discard(staging)
            return self._show_course(change.course_id, changed=False)
        try:
            self.library.commit(change.course_id, staging)
        except KnownError as err:
            self.window.report(err)
            return None
        return self._show_course(change.course_id, changed=True)

    def _show_course(self, course_id: str, changed: bool) -> str:
        assert self.window is not None
        if self.window.tutor.course.id == course_id and self.content_root is None:
            if changed:
                self.reopen()  # its files changed under the open window: build it again
        else:
            self.switch_course(course_id, confirmed=True)
        return course_id

    def reopen(self) -> None:
        """Build the window again on the same course (after a restore, or an update of the course
        that is open: what it shows changed under it)."""
        assert self.window is not None
        self._replace_window(self.window.tutor.course.root)
        self.window_replaced.emit(self.window)

    def _replace_window(self, root: Path) -> MainWindow:
        """A new window on the course at ``root``, where the old one was; the old one stops
        recording first (the progress file is about to be the new window's)."""
        assert self.window is not None
        old = self.window
        old.reader.detach()
        geometry = old.saveGeometry()
        self.window = self._make_window(root)
        self.window.restoreGeometry(geometry)
        self.window.show()
        self.window.activateWindow()
        old.hide()
        old.close()
        old.deleteLater()
        return self.window

    def _ask(self, change: Change) -> bool:
        from PySide6.QtWidgets import QMessageBox

        assert self.window is not None
        text = change.summary()
        if change.is_downgrade:
            text += (
                f"\n\nThis is an OLDER version than the one installed ({change.old_version}). "
                "Installing it replaces the newer one. All your answers are kept: those to questions this version "
                "does not have stay in your history, and count again if you install the newer version later."
            )
        elif change.is_update:
            text += "\n\nYour progress is kept: it follows the lessons and questions by their ids."
        box = QMessageBox(QMessageBox.Icon.Question, "Install course pack", text, parent=self.window)
        label = "Downgrade" if change.is_downgrade else ("Update" if change.is_update else "Install")
        yes = box.addButton(label, QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes

    def remove_course(self, course_id: str) -> bool:
        assert self.window is not None
        try:
            if self.window.tutor.course.id == course_id and self.switch_course(self.library.builtin_id()) is None:
                return False
            self.library.remove(course_id)
        except KnownError as err:
            self.window.report(err)
            return False
        return True
