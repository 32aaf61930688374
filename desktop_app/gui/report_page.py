"""The class report: students' results files in, a grid of mastery, who needs help, item analysis,
a chart of the class by module, and exports (CSV, Moodle gradebook CSV, PDF, xAPI)."""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import KnownError
from desktop_app.core.exchange.class_report import (
    ClassReport,
    build_report,
    list_results_files,
    read_many,
    to_csv,
    to_moodle_gradebook_csv,
    to_xapi,
    write_text,
)
from desktop_app.gui.charts import MasteryBars
from desktop_app.gui.flow import FlowLayout
from desktop_app.gui.nav import LEVEL_MARK
from desktop_app.gui.report_pdf import write_report_pdf
from desktop_app.gui.text import plain_label
from desktop_app.gui.worker import Job

if TYPE_CHECKING:
    from desktop_app.core.exchange.results import Results
    from desktop_app.core.questions import Bank
    from desktop_app.gui.main_window import MainWindow

IN_THE_BACKGROUND_FROM = 20  # files; fewer are read at once (well under a second)


def text_view(name: str) -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setAccessibleName(name)
    return view


def scrolled(widget: QWidget) -> QScrollArea:
    """A tab's page in its own scroll area, so that its height never becomes the tab widget's
    (and the grid's) height."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


class MasteryGridModel(QAbstractTableModel):
    """Learners down, objectives across: each cell the learner's level, as their program saw it."""

    labels = {level: f"{mark} {level}" for level, mark in LEVEL_MARK.items()}

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.report: ClassReport | None = None

    def show(self, report: ClassReport | None) -> None:
        self.beginResetModel()
        self.report = report
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return len(self.report.learners) if self.report is not None and not parent.isValid() else 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 3 + len(self.report.objectives) if self.report is not None and not parent.isValid() else 0

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.report is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        row = self.report.learners[index.row()]
        c = index.column()
        if c == 0:
            return row.name
        if c == 1:
            return str(row.sections_read)
        if c == 2:
            return f"{round(100 * row.first_try_score)}%"
        objective = self.report.objectives[c - 3][1]
        return self.labels.get(row.levels.get(objective, "not started"), "")

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.report is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        fixed = ("Learner", "Sections read", "First tries")
        return fixed[section] if section < 3 else self.report.objectives[section - 3][1]


class ReportPage(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.results: list[Results] = []
        self.aside: list = []
        self.excluded: set[str] = set()
        self.report: ClassReport | None = None
        self._bank: tuple[str, Bank | None] | None = None  # the questions of the report's course
        layout = QVBoxLayout(self)
        title = QLabel("Class report")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.summary = plain_label(wrap=True)
        layout.addWidget(self.summary)
        row_box = QWidget()
        row = FlowLayout(row_box)  # buttons wrap at 200% text rather than widen the window
        self.add_button = QPushButton("Add results file&s…")
        self.add_button.clicked.connect(self.choose_files)
        self.folder_button = QPushButton("Add a fol&der…")
        self.folder_button.clicked.connect(self.choose_folder)
        self.remove_button = QPushButton("Leave the selected learner ou&t")
        self.remove_button.clicked.connect(self.remove_selected)
        for b in (self.add_button, self.folder_button, self.remove_button):
            row.addWidget(b)
        layout.addWidget(row_box)
        self.job: Job | None = None
        self.busy_box = QWidget()
        busy_row = QVBoxLayout(self.busy_box)
        busy_row.setContentsMargins(0, 0, 0, 0)
        self.busy = plain_label(wrap=True)
        busy_row.addWidget(self.busy)
        bar = QProgressBar()
        bar.setRange(0, 0)  # busy: the files are read in one go
        bar.setAccessibleName("Reading the results files")
        busy_row.addWidget(bar)
        self.busy_box.hide()
        layout.addWidget(self.busy_box)
        self.tabs = QTabWidget()
        # A model, not 30,000 table items: a class of 500 appears at once and only what is on
        # screen is ever drawn.
        self.grid = QTableView()
        self.grid_model = MasteryGridModel(self.grid)
        self.grid.setModel(self.grid_model)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setAccessibleName("Mastery of each learner by objective")
        self.items = QTableWidget()
        self.items.setAccessibleName("Item analysis: facility and discrimination of each question")
        # Plain text views, not labels: a class of 500 may list hundreds of lines, which a label
        # lays out in full (0.7 s) and a text view only as far as it is seen.
        self.help_text = text_view("Learners who need help")
        self.chart = MasteryBars("Share of objectives mastered, by module (whole class)")
        self.aside_text = text_view("Files set aside, and why")
        self.tabs.addTab(self.grid, "&Mastery grid")
        self.tabs.addTab(self.help_text, "Needs h&elp")
        self.tabs.addTab(self.items, "&Item analysis")
        self.tabs.addTab(scrolled(self.chart), "By mod&ule")
        self.tabs.addTab(self.aside_text, "Set aside")
        layout.addWidget(self.tabs, 1)
        out_box = QWidget()
        out = FlowLayout(out_box)
        out.addWidget(QLabel("Export:"))
        for label, slot in (
            ("CSV…", self.export_csv),
            ("Moodle gradebook CSV…", self.export_moodle),
            ("PDF…", self.export_pdf),
            ("xAPI statements…", self.export_xapi),
        ):
            b = QPushButton(label)
            b.clicked.connect(slot)
            out.addWidget(b)
        layout.addWidget(out_box)
        self.refresh()

    # ------------------------------------------------------------ files in

    def add(self, paths: list[Path]) -> None:
        """Read the files: a few at once, a class's worth on a worker thread behind a busy bar
        (500 files take several seconds to read and check, and the window stays usable)."""
        if self.job is not None:
            return
        files = list_results_files(paths)
        if len(files) <= IN_THE_BACKGROUND_FROM:
            self._added(read_many(files), None)
            return
        results, aside, excluded = list(self.results), list(self.aside), set(self.excluded)

        def work() -> object:
            # A class's files make millions of small objects; each of Python's full cycle
            # collections would scan them all with the GIL held (about a second: the window
            # froze). None of them form cycles, so collection waits, and what was made is then
            # left out of later scans (refcounting still frees it when the report is closed).
            gc.disable()
            try:
                new, new_aside = read_many(files)
                everything = results + new
                report = build_report(everything, aside + new_aside, exclude=excluded) if everything else None
            finally:
                gc.freeze()
                gc.enable()
            return (new, new_aside), report

        self.busy.setText(f"Reading and checking {len(files)} results files…")
        self.busy_box.show()
        for b in (self.add_button, self.folder_button, self.remove_button):
            b.setEnabled(False)
        self.job = Job(work, self)
        self.job.done.connect(lambda out: self._added(*out))  # type: ignore[misc]
        self.job.start()

    def _added(self, read: tuple[list[Results], list], report: ClassReport | None) -> None:
        if self.job is not None:
            self.job.wait()
            self.job = None
        self.busy_box.hide()
        for b in (self.add_button, self.folder_button, self.remove_button):
            b.setEnabled(True)
        self.results.extend(read[0])
        self.aside.extend(read[1])
        self.refresh(report)

    def choose_files(self) -> None:
        names, _f = QFileDialog.getOpenFileNames(self, "Students' results files", str(Path.home()), "Results files (*.ctresults)")
        if names:
            self.add([Path(n) for n in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "A folder of results files", str(Path.home()))
        if folder:
            self.add([Path(folder)])

    def remove_selected(self) -> None:
        row = self.grid.currentIndex().row()
        if self.report is not None and 0 <= row < len(self.report.learners):
            self.excluded.add(self.report.learners[row].key)
            self.refresh()

    # ------------------------------------------------------------ showing

    def refresh(self, report: ClassReport | None = None) -> None:
        if report is None and self.results:
            report = build_report(self.results, self.aside, exclude=self.excluded)
        self.report = report
        if report is None or not report.learners:
            self.summary.setText("Add the results files your students sent you (Learner ▸ Send my results… in their program).")
            self.grid_model.show(None)
            self.items.setRowCount(0)
            self.help_text.setPlainText("")
        else:
            self.summary.setText(
                f"{report.course_title}, version {report.course_version}: {len(report.learners)} learners, "
                f"{len(report.items)} questions answered. Only what the files contain is shown; the files are not changed."
            )
            self._grid(report)
            self._items(report)
            self._help(report)
            self._chart(report)
        aside = report.set_aside if report is not None else self.aside
        self.aside_text.setPlainText("\n".join(f"{a.path}: {a.reason}" for a in aside) or "No file was set aside.")

    def _grid(self, report: ClassReport) -> None:
        self.grid_model.show(report)
        # Widths from the few texts a column can hold, not by measuring 30,000 cells (a class of
        # 500): resizeColumnsToContents took most of the time the report needed to appear.
        g, labels = self.grid, self.grid_model.labels
        fm, pad = g.fontMetrics(), 24
        header = g.horizontalHeader()
        level_width = max(fm.horizontalAdvance(t) for t in labels.values()) + pad
        g.setColumnWidth(0, min(320, max([fm.horizontalAdvance(row.name) for row in report.learners] + [80]) + pad))
        for c in range(1, self.grid_model.columnCount()):
            g.setColumnWidth(c, max(header.sectionSizeHint(c), level_width if c >= 3 else fm.horizontalAdvance("100%") + pad))

    def _items(self, report: ClassReport) -> None:
        t = self.items
        t.clear()
        rows = sorted(report.items, key=lambda s: s.facility)
        t.setRowCount(len(rows))
        t.setColumnCount(6)
        t.setHorizontalHeaderLabels(
            ["Question", "Objective", "Learners (first tries)", "Facility %", "Discrimination", "Wrong answer given most often"]
        )
        for r, s in enumerate(rows):
            cells = [
                s.question,
                s.objective,
                str(s.answers),
                f"{s.facility:.0f}",
                "—" if s.discrimination is None else f"{s.discrimination:.0f}",
                self._describe(s.question, s.common_wrong, s.common_wrong_count),
            ]
            for c, text in enumerate(cells):
                t.setItem(r, c, QTableWidgetItem(text))
        t.resizeColumnsToContents()  # a few hundred questions: cheap enough to measure

    def _describe(self, qid: str, response: object, n: int) -> str:
        if response is None:
            return ""
        course_id = self.report.course_id if self.report else ""
        if self._bank is None or self._bank[0] != course_id:  # the report's course, open or only installed
            shell = self.window_.shell
            tutor = self.window_.tutor
            bank = shell.questions_of(course_id) if shell is not None else (tutor.bank if tutor.course.id == course_id else None)
            self._bank = (course_id, bank)
        q = self._bank[1].get(qid) if self._bank[1] is not None else None
        if q is None:
            return f"{json.dumps(response)} ({n}×)"
        from desktop_app.core.grading import describe_response

        return f"{describe_response(q, response)} ({n}×)"

    def _help(self, report: ClassReport) -> None:
        lines = [f"{row.name}: {', '.join(row.needs_help)}" for row in report.learners if row.needs_help]
        self.help_text.setPlainText(
            "Learners with 4 or more wrong first tries on one objective:\n" + "\n".join(lines) if lines else "Nobody needs help yet."
        )

    def _chart(self, report: ClassReport) -> None:
        data = report.module_mastery()
        titles = report.module_titles()
        font_px = self.font().pixelSize() if self.font().pixelSize() > 0 else 15
        self.chart.draw([titles.get(m, m) for m in report.modules], [round(data[m]) for m in report.modules], self.window_.colors, font_px)
        self.chart.describe("; ".join(f"{titles.get(m, m)}: {data[m]:.0f}% mastered" for m in report.modules))

    # ------------------------------------------------------------ files out

    def _save(self, title: str, pattern: str, suffix: str) -> Path | None:
        name, _f = QFileDialog.getSaveFileName(self, title, str(Path.home() / f"class-report{suffix}"), pattern)
        return Path(name) if name else None

    def _write(self, path: Path | None, text: str) -> None:
        if path is None:
            return
        try:
            write_text(path, text)
        except KnownError as err:
            self.window_.report(err)
            return
        self.window_.statusBar().showMessage(f"Saved {path}")

    def export_csv(self) -> None:
        if self.report:
            self._write(self._save("Save the report as CSV", "CSV (*.csv)", ".csv"), to_csv(self.report))

    def export_moodle(self) -> None:
        if self.report:
            self._write(self._save("Save for Moodle's gradebook", "CSV (*.csv)", "-moodle.csv"), to_moodle_gradebook_csv(self.report))

    def export_xapi(self) -> None:
        if self.report:
            self._write(self._save("Save xAPI statements", "JSON (*.json)", "-xapi.json"), json.dumps(to_xapi(self.report), indent=1))

    def export_pdf(self) -> None:
        if self.report:
            path = self._save("Save the report as PDF", "PDF (*.pdf)", ".pdf")
            if path is not None:
                try:
                    write_report_pdf(self.report, path)
                except KnownError as err:
                    self.window_.report(err)
                    return
                self.window_.statusBar().showMessage(f"Saved {path}")
