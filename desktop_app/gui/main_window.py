"""The main window: navigation on the left, the current view on the right, menus on top."""

from __future__ import annotations

import base64
import contextlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import __version__
from desktop_app.core.content.cache import course_cache_dir
from desktop_app.core.errors import KnownError, StorageError
from desktop_app.core.learning import mastery as mastery_rules
from desktop_app.core.render.renderer import Renderer, sanitize
from desktop_app.core.store.migrations import BUILTIN_COURSE_ID
from desktop_app.core.tutor import Tutor
from desktop_app.gui import theme
from desktop_app.gui.nav import NavTree
from desktop_app.gui.pages import DISCLAIMER, ExtraPage, HomePage, HtmlPage, SourcesPage
from desktop_app.gui.raster_cache import RasterCache
from desktop_app.gui.reader import ReaderView
from desktop_app.gui.textview import CourseText

if TYPE_CHECKING:
    from collections.abc import Callable

    from desktop_app.gui.glossary_page import GlossaryPage
    from desktop_app.gui.shell import Shell

TRACK_NAMES = {"family": "Plain words (family track)", "student": "Full lesson (student track)"}


class MainWindow(QMainWindow):
    def __init__(self, tutor: Tutor, cache_dir: Path | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.tutor = tutor
        pages = course_cache_dir(cache_dir, tutor.course.root) / "pages" if cache_dir else None
        self.renderer = Renderer(tutor.course, tutor.assets, pages)
        self.setWindowTitle("CAR-T Tutor" if tutor.course.id == BUILTIN_COURSE_ID else f"{tutor.course.title} · CAR-T Tutor")
        self.setAcceptDrops(True)  # a .ctpack dropped on the window is offered for installing
        self.resize(1280, 820)
        self.colors = theme.apply(QApplication.instance(), tutor.settings.theme, tutor.settings.text_scale)  # type: ignore[arg-type]
        self._quiz_page = None
        self._dashboard = None
        self._courses = None
        self._report = None
        self._search_page = None
        self._browser = None
        self.welcome_page = None
        self.history: list[tuple] = []  # places to go Back to (Alt+Left)
        self.shell: Shell | None = None  # set by the Shell that made this window
        self.term_dialog: QWidget | None = None

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 8, 8, 4)
        outer.setSpacing(6)
        self.banner = self._build_banner()
        outer.addWidget(self.banner)

        split = QSplitter()  # horizontal by default
        self.nav = NavTree(tutor.course)
        self.nav.track = tutor.track
        split.addWidget(self.nav)
        self.stack = QStackedWidget()
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        split.setSizes([310, 970])
        self.split = split
        outer.addWidget(split, 1)

        self.disclaimer = QLabel(DISCLAIMER)
        self.disclaimer.setObjectName("disclaimer")
        self.disclaimer.setWordWrap(True)
        outer.addWidget(self.disclaimer)
        self.setCentralWidget(central)

        self.raster_cache = RasterCache(cache_dir / "diagrams") if cache_dir else None
        self.reader = ReaderView(tutor, self.renderer, clock)
        self.reader.text.set_raster_cache(self.raster_cache)
        self.stack.addWidget(self.reader)
        self._connect_links(self.reader.text)
        self._pages: dict[str, HtmlPage] = {}  # home, extra, sources: made when first shown
        self.glossary: GlossaryPage | None = None

        self.nav.section_chosen.connect(self.open_section)
        self.nav.itemActivated.connect(lambda *_: self.stack.currentWidget() is self.reader and self.reader.text.setFocus())
        self.nav.page_chosen.connect(self.show_page)
        self.nav.view_chosen.connect(self.show_view)
        self.reader.storage_failed.connect(self.report_reading_not_saved)
        self.reader.section_shown.connect(self.nav.select_section)
        self.reader.progress_changed.connect(self.refresh_progress)
        self.reader.track_changed.connect(self.on_track_changed)

        self._build_menus()
        # The reader is the only course text so far (findChildren would wrap every child widget,
        # and build the enums of their classes, at start-up).
        self.reader.text.set_css(self.document_css())
        self.refresh_progress()
        self.statusBar().showMessage(f"Learner: {tutor.learner.name} · {TRACK_NAMES[tutor.track]}")
        self.restore_geometry()
        self._first_show = True

    def showEvent(self, event) -> None:
        # The first lesson is laid out once the window has its real size: setting it earlier
        # would lay the whole text out twice.
        super().showEvent(event)
        if self._first_show:
            self._first_show = False
            self.fit_navigation()
            if self.tutor.is_first_start():
                self.show_welcome()
                return
            resume = self.tutor.resume_point()
            if resume is not None:
                self.open_section(resume[0].id, resume[1].id)
                self.reader.text.setFocus()  # PageDown scrolls the lesson at once
            else:
                self.show_view("home")
                self.home.text.setFocus()

    # ------------------------------------------------------------ building

    def _connect_links(self, view: CourseText) -> None:
        view.source_clicked.connect(lambda source, section: self.follow(self.show_source, source, section))
        view.term_clicked.connect(self.show_term_popup)
        view.section_clicked.connect(lambda target: self.follow(self.on_section_link, target))

    def _html_page(self, name: str) -> HtmlPage:
        page = self._pages.get(name)
        if page is None:
            page = {"home": HomePage, "extra": ExtraPage, "sources": SourcesPage}[name](self.tutor, self.renderer)
            page.text.set_css(self.document_css())
            page.text.set_raster_cache(self.raster_cache)
            if name != "sources":
                self._connect_links(page.text)
            self.stack.addWidget(page)
            self._pages[name] = page
        return page

    @property
    def home(self) -> HomePage:
        return self._html_page("home")  # type: ignore[return-value]

    @property
    def extra(self) -> ExtraPage:
        return self._html_page("extra")  # type: ignore[return-value]

    @property
    def sources(self) -> SourcesPage:
        return self._html_page("sources")  # type: ignore[return-value]

    def _build_banner(self) -> QFrame:
        problems = self.tutor.course.problems
        frame = QFrame()
        frame.setObjectName("banner")
        row = QHBoxLayout(frame)
        row.setContentsMargins(10, 6, 10, 6)
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        row.addWidget(self.banner_label, 1)
        details = QPushButton("Show all")
        details.clicked.connect(self.show_problems)
        row.addWidget(details)
        if problems:
            from html import escape

            from PySide6.QtCore import Qt  # not at start-up: see gui.qtconst

            self.banner_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            first = "<br>".join(escape(str(p)) for p in problems[:3])
            more = f"<br>… and {len(problems) - 3} more" if len(problems) > 3 else ""
            self.banner_label.setText(
                f"<b>{len(problems)} problem{'s' if len(problems) != 1 else ''} in the course files.</b> "
                f"Everything else has loaded.<br>{first}{more}"
            )
        else:
            frame.hide()
        return frame

    def _build_menus(self) -> None:
        # setShortcuts, not setShortcut: choosing among setShortcut's overloads builds the Qt
        # namespace's enums (see gui.qtconst).
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        open_pack = QAction("&Open course pack…", self)
        open_pack.setShortcuts([QKeySequence("Ctrl+O")])
        open_pack.triggered.connect(self.choose_pack)
        file_menu.addAction(open_pack)
        courses = QAction("&Courses…", self)
        courses.triggered.connect(lambda: self.show_view("courses"))
        file_menu.addAction(courses)
        restore = QAction("Restore from &backup…", self)
        restore.triggered.connect(self.restore_backup)
        file_menu.addAction(restore)
        export = QAction("&Export…", self)
        export.setShortcuts([QKeySequence("Ctrl+E")])
        export.triggered.connect(self.open_export)
        file_menu.addAction(export)
        class_report = QAction("Class &report…", self)
        class_report.triggered.connect(self.open_class_report)
        file_menu.addAction(class_report)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcuts([QKeySequence("Ctrl+Q")])
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        go = bar.addMenu("&Go")
        self.back_action = QAction("&Back", self)
        self.back_action.setShortcuts([QKeySequence("Alt+Left")])
        self.back_action.setToolTip("Back to where you were before following a link (else the previous section)")
        self.back_action.triggered.connect(self.go_back)
        go.addAction(self.back_action)
        self.prev_action = QAction("&Previous section", self)
        self.prev_action.setShortcuts([QKeySequence("Ctrl+PgUp")])
        self.prev_action.triggered.connect(lambda: self.step_section(-1))
        self.next_action = QAction("&Next section", self)
        self.next_action.setShortcuts([QKeySequence("Ctrl+PgDown"), QKeySequence("Alt+Right")])
        self.next_action.triggered.connect(lambda: self.step_section(+1))
        go.addActions([self.prev_action, self.next_action])
        go.addSeparator()
        for label, name, key in (
            ("&Home", "home", "Ctrl+H"),
            ("&Quizzes and review", "quiz", "Ctrl+T"),
            ("My &progress", "dashboard", "Ctrl+D"),
            ("&Glossary", "glossary", "Ctrl+G"),
            ("&Sources", "sources", None),
            ("Question &browser", "browser", "Ctrl+B"),
        ):
            a = QAction(label, self)
            if key:
                a.setShortcuts([QKeySequence(key)])
            a.triggered.connect(lambda _=False, n=name: self.show_view(n))
            go.addAction(a)

        search = QAction("Sear&ch…", self)
        search.setShortcuts([QKeySequence("Ctrl+K"), QKeySequence("Ctrl+F")])
        search.triggered.connect(self.focus_search)
        go.addAction(search)
        self.search_field = self._build_search_field()
        bar.setCornerWidget(self.search_field)

        self.learner_menu = bar.addMenu("&Learner")
        self.learner_menu.aboutToShow.connect(self._fill_learner_menu)  # (filled as it opens: never stale)

        view = bar.addMenu("&View")
        self.track_group = QActionGroup(self)
        self.track_actions = {}
        for track in ("family", "student"):
            a = QAction(TRACK_NAMES[track], self, checkable=True)
            a.setChecked(self.tutor.track == track)
            a.triggered.connect(lambda _=False, t=track: self.set_track(t))
            self.track_group.addAction(a)
            view.addAction(a)
            self.track_actions[track] = a
        view.addSeparator()
        settings_action = QAction("&Settings…", self)
        settings_action.setShortcuts([QKeySequence("Ctrl+,")])
        settings_action.triggered.connect(self.open_settings)
        view.addAction(settings_action)

        help_menu = bar.addMenu("&Help")
        mastery_help = QAction("How &mastery works", self)
        mastery_help.triggered.connect(self.show_mastery_help)
        about = QAction("&About CAR-T Tutor", self)
        about.triggered.connect(self.show_about)
        help_menu.addActions([mastery_help, about])

    def _build_search_field(self) -> QWidget:
        from desktop_app.gui.search_field import SearchField

        field = SearchField()
        field.setPlaceholderText("Search (Ctrl+K)")
        field.setAccessibleName("Search the lessons, glossary and questions you have answered")
        field.setMinimumWidth(240)
        field.textEdited.connect(self.run_search)
        field.returnPressed.connect(self.open_first_result)
        field.down_pressed.connect(lambda: self.search_page().focus_results())
        return field

    def _fill_learner_menu(self) -> None:
        menu = self.learner_menu
        menu.clear()
        group = QActionGroup(menu)
        for learner in self.tutor.learners():
            a = QAction(f"{learner.name} ({'family' if learner.track == 'family' else 'student'})", menu, checkable=True)
            a.setChecked(learner.id == self.tutor.learner.id)
            a.triggered.connect(lambda _=False, lid=learner.id: self.switch_learner(lid))
            group.addAction(a)
            menu.addAction(a)
        menu.addSeparator()
        for label, slot in (
            ("&New learner…", self.new_learner),
            ("&Rename…", self.rename_learner),
            ("&Delete…", self.delete_learner),
            ("&Send my results…", self.send_results),
        ):
            a = QAction(label, menu)
            a.triggered.connect(slot)
            menu.addAction(a)

    # ------------------------------------------------------------ navigation

    def open_section(self, module_id: str, section_id: str) -> None:
        module = self.tutor.course.module(module_id)
        section = module.section(section_id) if module else None
        if module is None or section is None:
            return
        self.stack.setCurrentWidget(self.reader)
        self.reader.show_section(module, section)

    # ------------------------------------------------------------ back, after following a link

    def here(self) -> tuple:
        """Where the learner is, so that Back (Alt+Left) can return to it after a link."""
        current = self.stack.currentWidget()
        if current is self.reader and self.reader.module and self.reader.section:
            return ("section", self.reader.module.id, self.reader.section.id, self.reader.text.verticalScrollBar().value())
        if current is self._pages.get("extra"):
            return ("page", self.extra.page_id)
        return ("widget", current)

    def follow(self, go: Callable[..., None], *args: object) -> None:
        """Follow a link (a citation, a section, a term opened in the glossary), remembering the way back."""
        before = self.here()
        go(*args)
        if self.here() != before:
            self.history.append(before)
            del self.history[:-50]

    def go_back(self) -> None:
        if not self.history:
            self.step_section(-1)  # nothing to go back to: Alt+Left stays "previous section"
            return
        place = self.history.pop()
        if place[0] == "section":
            _kind, module_id, section_id, scroll = place
            self.open_section(module_id, section_id)
            self.reader.text.verticalScrollBar().setValue(scroll)
            self.reader.text.setFocus()
        elif place[0] == "page":
            self.show_page(place[1])
        else:
            self.reader.leave_section()
            self.stack.setCurrentWidget(place[1])

    def on_section_link(self, target: str) -> None:
        module_id, _, section_id = target.partition("/")
        self.open_section(module_id, section_id)

    def step_section(self, step: int) -> None:
        if self.stack.currentWidget() is self.reader:
            self.reader.go(step)

    def show_page(self, page_id: str) -> None:
        self.reader.leave_section()
        if self.extra.show_page(page_id):
            self.stack.setCurrentWidget(self.extra)
            self.nav.select_view(page_id)

    def show_view(self, name: str) -> None:
        self.reader.leave_section()
        if name == "home":
            self.home.refresh(self.tutor.due_count())
            self.stack.setCurrentWidget(self.home)
        elif name == "sources":
            self.sources.refresh()
            self.stack.setCurrentWidget(self.sources)
        elif name == "glossary":
            self.stack.setCurrentWidget(self.glossary_page())
        elif name == "quiz":
            page = self.quiz_page()
            page.show_setup()
            self.stack.setCurrentWidget(page)
        elif name == "dashboard":
            page = self.dashboard()
            page.refresh()
            self.stack.setCurrentWidget(page)
        elif name == "report":
            self.stack.setCurrentWidget(self.report_page())
        elif name == "browser":
            browser = self.browser_page()
            browser.refresh()
            self.stack.setCurrentWidget(browser)
        elif name == "search":
            self.stack.setCurrentWidget(self.search_page())
        elif name == "courses":
            courses = self.courses_page()
            courses.refresh()
            self.stack.setCurrentWidget(courses)
        self.nav.select_view(name)

    # ------------------------------------------------------------ first start

    def show_welcome(self) -> None:
        from desktop_app.gui.welcome_page import WelcomePage

        page = WelcomePage(self.tutor.learner.name, self.tutor.settings.text_scale)
        page.finished.connect(self.finish_welcome)
        page.size_preview.connect(self.preview_text_size)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.welcome_page = page
        page.focus_first()

    def preview_text_size(self, pct: int) -> None:
        """The size a learner picks on the first screen shows at once, before they press Start."""
        self.colors = theme.apply(QApplication.instance(), self.tutor.settings.theme, pct)  # type: ignore[arg-type]

    def finish_welcome(self, name: str, track: str, text_scale: int) -> None:
        try:
            self.tutor.welcome(name, track, text_scale)
        except KnownError as err:
            self.report(err)
            return
        self.apply_theme()
        self.on_track_changed(self.tutor.track)
        page = self.welcome_page
        self.welcome_page = None
        self.show_view("home")
        self.stack.removeWidget(page)
        page.deleteLater()

    # ------------------------------------------------------------ search and the question browser

    def focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()
        self.run_search(self.search_field.text())

    def run_search(self, text: str) -> None:
        page = self.search_page()
        page.run(text)
        if self.stack.currentWidget() is not page:
            self.reader.leave_section()
            self.stack.setCurrentWidget(page)
            self.nav.select_view("search")

    def open_first_result(self) -> None:
        page = self.search_page()
        if page.query != self.search_field.text():
            self.run_search(self.search_field.text())
        page.open_current()

    def search_page(self):
        if self._search_page is None:
            from desktop_app.gui.search_page import SearchPage

            self._search_page = SearchPage(self.tutor)
            self._search_page.open_requested.connect(self.open_search_hit)
            self.stack.addWidget(self._search_page)
        return self._search_page

    def open_search_hit(self, kind: str, ref: str) -> None:
        from desktop_app.core.search.documents import PAGE, QUESTION, SECTION, TERM

        if kind == SECTION:
            self.on_section_link(ref)
            self.reader.text.setFocus()
        elif kind == PAGE:
            self.show_page(ref)
        elif kind == TERM:
            self.open_term_in_glossary(ref)
        elif kind == QUESTION:
            self.show_view("browser")
            self.browser_page().select_question(ref)
            self.browser_page().table.setFocus()

    def browser_page(self):
        if self._browser is None:
            from desktop_app.gui.browser_page import BrowserPage

            self._browser = BrowserPage(self.tutor, self.renderer)
            self._browser.detail.set_css(self.document_css())
            self._connect_links(self._browser.detail)
            self._browser.storage_failed.connect(self.report)
            self.stack.addWidget(self._browser)
        return self._browser

    def courses_page(self):
        if self._courses is None:
            from desktop_app.gui.courses_page import CoursesPage

            self._courses = CoursesPage(self)
            self._courses.open_pack_requested.connect(self.choose_pack)
            self._courses.course_chosen.connect(self.switch_course)
            self._courses.remove_requested.connect(self.remove_course)
            self.stack.addWidget(self._courses)
        return self._courses

    # ------------------------------------------------------------ results and reports

    def send_results(self) -> None:
        from PySide6.QtWidgets import QDialog, QFileDialog

        from desktop_app.core.exchange.results import write_results
        from desktop_app.gui.results_dialog import ResultsDialog

        answers = self.tutor.answer_count()
        dialog = ResultsDialog(self.tutor.learner.name, self.tutor.course.title, answers, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name = dialog.name.text().strip() or self.tutor.learner.name
        default = Path.home() / f"{name.replace(' ', '-').lower()}-results.ctresults"
        chosen, _f = QFileDialog.getSaveFileName(self, "Save my results", str(default), "Results files (*.ctresults)")
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix != ".ctresults":
            path = path.with_name(path.name + ".ctresults")
        try:
            write_results(self.tutor, path, name, dialog.identifier.text())
        except KnownError as err:
            self.report(err)
            return
        self.statusBar().showMessage(f"Saved {path}: send this file to your instructor.")

    def restore_backup(self) -> None:
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        from desktop_app.core.store.backup import list_backups

        found = list_backups(self.tutor.store.path)
        if not found:
            QMessageBox.information(self, "Restore from backup", "There are no backups yet. CAR-T Tutor makes one soon after it starts.")
            return
        labels = [
            f"{b.made:%d %B %Y, %H:%M} · {b.size / 2**20:.1f} MB{' · (kept before a restore)' if b.before_restore else ''}" for b in found
        ]
        choice, ok = QInputDialog.getItem(self, "Restore from backup", "Go back to the progress saved on:", labels, 0, False)
        if not ok:
            return
        chosen = found[labels.index(choice)]
        answer = QMessageBox.question(
            self,
            "Restore from backup",
            f"Replace all progress on this computer (every learner) with the backup of {chosen.made:%d %B %Y, %H:%M}?\n"
            "What is there now is backed up first, so this can be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.reader.leave_section()
        self.reader.discard_pending()
        try:
            kept = self.tutor.store.restore_from(chosen.path)
        except KnownError as err:
            self.report(err)
            return
        shell = self.shell
        if shell is not None:
            shell.reopen()
            if shell.window is not None:
                when = f"{chosen.made:%d %B %Y, %H:%M}"
                shell.window.statusBar().showMessage(f"Restored the backup of {when}; the previous state is kept as {kept.name}.")

    def open_export(self) -> None:
        from desktop_app.gui.export_dialog import ExportDialog

        dialog = ExportDialog(self.tutor, self)
        self.export_dialog = dialog  # kept: not modal, the learner may read on while it writes
        dialog.show()

    def open_class_report(self) -> None:
        self.show_view("report")

    def report_page(self):
        if self._report is None:
            from desktop_app.gui.report_page import ReportPage

            self._report = ReportPage(self)
            self.stack.addWidget(self._report)
        return self._report

    # ------------------------------------------------------------ courses and packs

    def choose_pack(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # dialogs are loaded when first opened

        name, _filter = QFileDialog.getOpenFileName(self, "Open course pack", str(Path.home()), "Course packs (*.ctpack)")
        if name:
            self.open_pack(Path(name))

    def open_pack(self, pack: Path) -> None:
        if self.shell is not None:
            self.shell.open_pack(pack)

    def switch_course(self, course_id: str) -> None:
        if self.shell is not None:
            self.shell.switch_course(course_id)

    def remove_course(self, course_id: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.shell is None:
            return
        answer = QMessageBox.question(
            self,
            "Remove course",
            "Remove this course from the computer?\nYour progress in it is kept: installing it again brings it back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes and self.shell.remove_course(course_id):
            window = self.shell.window
            if window is not None:
                window.show_view("courses")

    def dragEnterEvent(self, event) -> None:
        if _packs_in(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        packs = _packs_in(event.mimeData())
        shell = self.shell  # (each pack may replace this window: the shell carries on)
        if packs and shell is not None:
            event.acceptProposedAction()
            for pack in packs:
                shell.open_pack(pack)

    def glossary_page(self) -> GlossaryPage:
        if self.glossary is None:
            from desktop_app.gui.glossary_page import GlossaryPage

            self.glossary = GlossaryPage(self.tutor, self.renderer)
            self.glossary.detail.set_css(self.document_css())
            self.stack.addWidget(self.glossary)
        return self.glossary

    def quiz_page(self):
        if self._quiz_page is None:
            from desktop_app.gui.quiz_page import QuizPage

            self._quiz_page = QuizPage(self.tutor, self.renderer)
            self._quiz_page.set_css(self.document_css())
            self._quiz_page.progress_changed.connect(self.refresh_progress)
            # Citations and glossary terms in explanations and the results work as in lessons.
            for view in (self._quiz_page.runner.feedback, self._quiz_page.review.text):
                self._connect_links(view)
            self._quiz_page.runner.storage_failed.connect(self.report)
            self.stack.addWidget(self._quiz_page)
        return self._quiz_page

    def dashboard(self):
        if self._dashboard is None:
            from desktop_app.gui.dashboard import Dashboard

            self._dashboard = Dashboard(self.tutor, self.colors)
            self._dashboard.review_requested.connect(self.start_review)
            self.stack.addWidget(self._dashboard)
        return self._dashboard

    def start_review(self) -> None:
        page = self.quiz_page()
        self.stack.setCurrentWidget(page)
        page.start("review")
        self.nav.select_view("quiz")

    def show_source(self, source_id: str, _section: str = "") -> None:
        self.reader.leave_section()
        self.sources.refresh()
        self.stack.setCurrentWidget(self.sources)
        self.nav.select_view("sources")
        self.sources.show_source(source_id)

    def show_term_popup(self, term_id: str) -> None:
        """A small window with both definitions; it stays open beside the lesson (not modal)."""
        from PySide6.QtWidgets import QDialog, QDialogButtonBox  # dialogs are loaded when first opened

        from desktop_app.gui.glossary_page import term_html

        term = self.tutor.course.term(term_id)
        if term is None:
            return
        if self.term_dialog is None:
            dialog = QDialog(self)
            layout = QVBoxLayout(dialog)
            dialog.text = CourseText(dialog)  # type: ignore[attr-defined]
            dialog.text.setAccessibleName("Glossary definition")  # type: ignore[attr-defined]
            layout.addWidget(dialog.text)  # type: ignore[attr-defined]
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            dialog.open_button = buttons.addButton("Open in glossary", QDialogButtonBox.ButtonRole.ActionRole)  # type: ignore[attr-defined]
            buttons.rejected.connect(dialog.hide)
            layout.addWidget(buttons)
            self.term_dialog = dialog
        dialog = self.term_dialog
        dialog.setWindowTitle(term.term)
        scale = self.tutor.settings.text_scale / 100  # the pop-up grows with the text it holds
        dialog.resize(round(540 * scale), round(380 * scale))
        dialog.text.set_css(self.document_css())  # type: ignore[attr-defined]
        dialog.text.show_html(term_html(self.tutor, term_id))  # type: ignore[attr-defined]
        button = dialog.open_button  # type: ignore[attr-defined]
        with contextlib.suppress(RuntimeError, TypeError):  # nothing connected yet
            button.clicked.disconnect()
        button.clicked.connect(lambda: self.follow(self.open_term_in_glossary, term_id))
        dialog.show()
        dialog.raise_()

    def open_term_in_glossary(self, term_id: str) -> None:
        if self.term_dialog is not None:
            self.term_dialog.hide()
        self.show_view("glossary")
        self.glossary_page().show_term(term_id)

    # ------------------------------------------------------------ progress, learners, settings

    def refresh_progress(self) -> None:
        done = self.tutor.completed_sections()
        self.nav.update_progress(self.tutor.reading_progress(done), done, self.tutor.module_mastery())
        home = self._pages.get("home")
        if home is not None and self.stack.currentWidget() is home:
            home.refresh(self.tutor.due_count())

    def set_track(self, track: str) -> None:
        try:
            self.tutor.set_track(track)
        except KnownError as err:
            self.report(err)
            self.on_track_changed(self.tutor.track)  # the menu shows what is really in use
            return
        self.on_track_changed(track)
        self.reader.refresh()

    def on_track_changed(self, track: str) -> None:
        self.track_actions[track].setChecked(True)
        self.nav.set_track(track)
        self.statusBar().showMessage(f"Learner: {self.tutor.learner.name} · {TRACK_NAMES[track]}")
        if self._quiz_page is not None:
            self._quiz_page.show_setup()

    def switch_learner(self, learner_id: int, confirmed: bool = False) -> None:
        """``confirmed``: the learner already agreed to leave a test under way."""
        if learner_id != self.tutor.learner.id and not confirmed and not self.may_leave_quiz():
            return
        self.reader.leave_section()
        try:
            self.tutor.switch_learner(learner_id)
        except KnownError as err:
            self.report(err)
            return
        self.after_learner_change()

    def after_learner_change(self) -> None:
        self.reader.module = self.reader.section = None
        if self._quiz_page is not None and self._quiz_page.runner.session is not None:
            self._quiz_page.abandon()  # it was the other learner's (they chose to leave it)
        self.apply_theme()
        self.on_track_changed(self.tutor.track)
        self.refresh_progress()
        resume = self.tutor.resume_point()
        if resume is not None:
            self.open_section(resume[0].id, resume[1].id)

    def new_learner(self) -> None:
        from PySide6.QtWidgets import QInputDialog  # dialogs are loaded when first opened

        if not self.may_leave_quiz():  # asked first: the new learner takes over at once
            return
        name, ok = QInputDialog.getText(self, "New learner", "Name:")
        if not ok or not name.strip():
            return
        tracks = [TRACK_NAMES["family"], TRACK_NAMES["student"]]
        choice, ok = QInputDialog.getItem(self, "New learner", "Start with:", tracks, 1, False)
        if not ok:
            return
        try:
            learner = self.tutor.create_learner(name, "family" if choice == tracks[0] else "student")
        except KnownError as err:
            self.report(err)
            return
        self.switch_learner(learner.id, confirmed=True)

    def rename_learner(self) -> None:
        from PySide6.QtWidgets import QInputDialog  # dialogs are loaded when first opened

        name, ok = QInputDialog.getText(self, "Rename learner", "New name:", text=self.tutor.learner.name)
        if ok and name.strip():
            try:
                self.tutor.rename_learner(self.tutor.learner.id, name)
            except KnownError as err:
                self.report(err)
                return
            self.on_track_changed(self.tutor.track)

    def delete_learner(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # dialogs are loaded when first opened

        learner = self.tutor.learner
        if not self.may_leave_quiz():
            return
        answer = QMessageBox.warning(
            self,
            "Delete learner",
            f"Delete {learner.name} and all of their progress (reading, answers, reviews)?\nThis cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.reader.discard_pending()
            self.reader.module = self.reader.section = None
            try:
                self.tutor.delete_learner(learner.id)
            except KnownError as err:
                self.report(err)
            self.after_learner_change()

    def open_settings(self) -> None:
        from PySide6.QtWidgets import QDialog  # dialogs are loaded when first opened

        from desktop_app.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.tutor.settings, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            for key, value in dialog.values().items():
                try:
                    self.tutor.update_setting(key, value)
                except KnownError as err:
                    self.report(err)
                    break
            self.apply_theme()
            self.reader.refresh()

    def document_css(self) -> str:
        return theme.document_css(self.colors, self.tutor.settings.text_scale)

    def apply_theme(self) -> None:
        """The learner's theme and text size, on every screen made so far, at once: the palette
        and widget style sheet (for every widget), every course text laid out again, the
        dashboard's charts and the question on screen redrawn."""
        self.colors = theme.apply(QApplication.instance(), self.tutor.settings.theme, self.tutor.settings.text_scale)  # type: ignore[arg-type]
        self.fit_navigation()  # before the texts are laid out again at their new width
        self.nav.fit_to_font()
        self.apply_document_css()
        if self._dashboard is not None:
            self._dashboard.set_colors(self.colors)
        for widget in self.findChildren(QWidget):
            widget.update()

    def fit_navigation(self) -> None:
        """Widen the navigation with the text (up to 42% of the window), so that a long word in a
        module title ("lymphoblastic" at 200%) fits its line instead of being cut."""
        sizes = self.split.sizes()
        if len(sizes) != 2 or sum(sizes) <= 0:
            return
        want = min(round(230 * self.tutor.settings.text_scale / 100), round(sum(sizes) * 0.42))
        if sizes[0] < want:
            self.split.setSizes([want, sum(sizes) - want])

    def apply_document_css(self) -> None:
        # Every course text in the window and its dialogs, however and whenever it was made.
        css = self.document_css()
        for view in self.findChildren(CourseText):
            view.set_css(css)

    def show_mastery_help(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self, "How mastery works", mastery_rules.HELP)

    def show_problems(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # dialogs are loaded when first opened

        text = "\n".join(str(p) for p in self.tutor.course.problems) or "No problems."
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Problems in the course files",
            "These files have problems; the rest of the course loaded.",
            parent=self,
        )
        box.setDetailedText(text)
        box.exec()

    def show_about(self) -> None:
        from html import escape

        from PySide6.QtWidgets import QMessageBox  # dialogs are loaded when first opened

        page = self.tutor.course.page("about")
        body = self.renderer.page_html(page) if page else ""
        QMessageBox.about(
            self,
            "About CAR-T Tutor",
            sanitize(f"<p><b>CAR-T Tutor {__version__}</b></p><p><b>{escape(DISCLAIMER)}</b></p>") + body,
        )

    # ------------------------------------------------------------ when the environment fails

    def report(self, err: KnownError) -> None:
        """A message for something outside the program going wrong; the program carries on."""
        from PySide6.QtWidgets import QMessageBox  # dialogs are loaded when first opened

        title = err.title if isinstance(err, StorageError) else "CAR-T Tutor"
        QMessageBox.warning(self, title, f"{err.message}\n\n{err.advice}".strip())
        if isinstance(err, StorageError) and err.kind == "learner-gone":
            self.recover_learner()

    def recover_learner(self) -> None:
        self.reader.discard_pending()
        self.reader.module = self.reader.section = None
        try:
            self.tutor.recover_learner()
        except KnownError as err:
            self.statusBar().showMessage(str(err))
            return
        if self._quiz_page is not None:
            self._quiz_page.abandon()
        self.after_learner_change()

    def report_reading_not_saved(self, err: KnownError) -> None:
        # Reading is saved in the background of reading: say so where it does not interrupt, and
        # keep the time to save it later (the reader retries at every section change).
        if isinstance(err, StorageError) and err.kind == "learner-gone":
            self.report(err)
            return
        self.statusBar().showMessage(f"Reading progress not saved yet: {err.message} {err.advice}")

    def on_progress_file_damaged(self, problem: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(
            self,
            "The progress file is damaged",
            "A check of your progress file found damage (SQLite reports: "
            f"{problem[:300]}).\n\nWhat you do now may not be saved reliably. Quit CAR-T Tutor and "
            "start it again: it will offer to keep the damaged file aside and start a new one.",
        )

    def bring_forward(self) -> None:
        """Another copy was started on this data folder: show this one instead."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # ------------------------------------------------------------ window state

    def restore_geometry(self) -> None:
        saved = self.tutor.window_state()
        if saved:
            # Bytes, not QByteArray.fromBase64 (that class's enums would be built at start-up);
            # text that is not base64 is not a geometry we saved: the window keeps its default size.
            with contextlib.suppress(ValueError):
                self.restoreGeometry(base64.b64decode(saved, validate=True))

    def may_leave_quiz(self) -> bool:
        """True unless a test is under way and the learner chooses to stay in it (before the window
        closes or another course replaces it)."""
        if self._quiz_page is None or self._quiz_page.runner.session is None or not self.isVisible():
            return True
        runner = self._quiz_page.runner
        if not runner.confirm_leaving(then=""):
            return False
        session = runner.session
        if session is not None and session.spec.mode == "test" and session.finished is None:  # (quiz.TEST)
            # Ended here as by its End button: the score is kept with the learner's results
            # (unanswered questions count as wrong). A disk that refuses it has said so already.
            with contextlib.suppress(KnownError):
                session.finish()
        return True

    def closeEvent(self, event) -> None:
        if not self.may_leave_quiz():
            event.ignore()
            return
        if self._report is not None and self._report.job is not None:
            self._report.job.wait()  # a class's files being read: a few seconds at most
        self.reader.leave_section()
        if self.reader.pending:
            from PySide6.QtWidgets import QMessageBox

            minutes = round(sum(p[2] for p in self.reader.pending) / 60)
            QMessageBox.warning(
                self,
                "Reading progress not saved",
                f"About {minutes} minute{'s' if minutes != 1 else ''} of reading could not be saved, because the progress file "
                "cannot be written (see the message in the status bar). Your answers were saved as you gave them.",
            )
        if self._quiz_page is not None:
            self._quiz_page.stop_timer()
        geometry = bytes(self.saveGeometry().toBase64()).decode()
        with contextlib.suppress(KnownError):  # where the window was is not worth a message on the way out
            self.tutor.save_window_state(geometry)
        super().closeEvent(event)


def _packs_in(mime) -> list[Path]:
    """Course pack files among what is being dragged onto the window."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile().lower().endswith(".ctpack")]
