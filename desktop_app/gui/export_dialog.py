"""File ▸ Export…: the course for Moodle, Anki or paper, with the same choices as
``car-t-tutor export`` (format, modules, track, handout, paper, destination). The export runs on
a worker thread behind a progress bar, so a long PDF never freezes the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import KnownError
from desktop_app.core.exchange.formats import FORMATS, HANDOUTS, PAPERS, export
from desktop_app.core.exchange.report import ExportReport
from desktop_app.core.tutor import Tutor
from desktop_app.gui.text import plain_label
from desktop_app.gui.worker import Job
from desktop_app.gui.wrapping import WrappingCheck


class ExportDialog(QDialog):
    def __init__(self, tutor: Tutor, parent: QWidget | None = None, start_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.tutor = tutor
        self.start_dir = start_dir or Path.home()
        self.setWindowTitle("Export the course")
        self.worker: Job | None = None
        self.report: ExportReport | None = None
        self.error: KnownError | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.format = QComboBox()
        for f in FORMATS.values():
            self.format.addItem(f.label, f.name)
        form.addRow("&Format:", self.format)
        self.handout = QComboBox()
        for key, label in HANDOUTS.items():
            self.handout.addItem(label, key)
        form.addRow("&Handout:", self.handout)
        self.paper = QComboBox()
        for key, label in PAPERS.items():
            self.paper.addItem(label, key)
        form.addRow("&Paper:", self.paper)
        self.track = QComboBox()
        self.track.addItem("Student track (all questions, full lessons)", "student")
        self.track.addItem("Family track (plain words, family questions)", "family")
        self.track.setCurrentIndex(0 if tutor.track == "student" else 1)
        form.addRow("&Track:", self.track)
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.module_checks: dict[str, QCheckBox] = {}
        for i, m in enumerate(tutor.course.modules):
            row = WrappingCheck(f"{m.number}. {m.title}")
            row.box.setChecked(True)
            self.module_checks[m.id] = row.box
            grid.addWidget(row, i // 2, i % 2)
        form.addRow("Modules:", box)
        dest = QHBoxLayout()
        self.destination = QLineEdit()
        self.destination.setAccessibleName("Save to")
        choose = QPushButton("C&hoose…")
        choose.clicked.connect(self.choose_destination)
        dest.addWidget(self.destination, 1)
        dest.addWidget(choose)
        form.addRow("&Save to:", dest)
        layout.addLayout(form)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the exporters write in one go
        self.progress.setAccessibleName("Exporting")
        self.progress.hide()
        layout.addWidget(self.progress)
        self.message = plain_label(wrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("&Export", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setObjectName("primary")
        self.export_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.format.currentIndexChanged.connect(self.on_format)
        self.handout.currentIndexChanged.connect(self.on_format)
        self.on_format()
        self.resize(640, 520)

    def chosen_format(self) -> str:
        return str(self.format.currentData())

    def on_format(self) -> None:
        pdf = self.chosen_format() == "pdf"
        self.handout.setEnabled(pdf)
        self.paper.setEnabled(pdf)
        suffix = FORMATS[self.chosen_format()].suffix
        current = self.destination.text().strip()
        name = Path(current).stem if current else "car-t-course"
        folder = Path(current).parent if current else self.start_dir
        self.destination.setText(str(folder / f"{name}{suffix}"))

    def choose_destination(self) -> None:
        f = FORMATS[self.chosen_format()]
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.destination.text(), f"{f.label} (*{f.suffix})")
        if path:
            self.destination.setText(path if path.endswith(f.suffix) else path + f.suffix)

    def options(self) -> dict[str, Any]:
        modules = [mid for mid, cb in self.module_checks.items() if cb.isChecked()]
        return {
            "modules": None if len(modules) == len(self.module_checks) else modules,
            "track": self.track.currentData(),
            "handout": self.handout.currentData(),
            "paper": self.paper.currentData(),
            "seed": 1,
        }

    def start(self) -> None:
        out = Path(self.destination.text().strip()).expanduser()
        if not self.destination.text().strip():
            self.message.setText("Choose where to save the file first.")
            return
        options = self.options()
        if options["modules"] == []:
            self.message.setText("Choose at least one module.")
            return
        try:
            _ = self.tutor.bank.questions  # read here, on the window's thread (it may write to the progress file)
        except KnownError as err:
            self.message.setText(f"{err.message} {err.advice}")
            return
        course, name = self.tutor.course, self.chosen_format()
        self.export_button.setEnabled(False)
        self.progress.show()
        self.message.setText(f"Exporting to {out} …")

        def work() -> object:
            try:
                return export(name, course, out, options)
            except KnownError as err:
                return err
            except OSError as exc:  # a full disk, a folder that cannot be written
                return KnownError(f"The file could not be written: {exc.strerror or exc}.", f"Choose another place than {out}.")

        self.worker = Job(work, self)
        self.worker.done.connect(self.finished_export)
        self.worker.start()

    def finished_export(self, result: object) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)
        if isinstance(result, KnownError):
            self.error = result
            self.message.setText(f"Nothing was exported. {result.message} {result.advice}".strip())
            return
        assert isinstance(result, ExportReport)
        self.report = result
        left_out = ""
        if result.skipped:
            shown = "\n".join(result.skipped[:8])
            more = f"\n… and {len(result.skipped) - 8} more" if len(result.skipped) > 8 else ""
            left_out = f"\n\nLeft out ({len(result.skipped)}), because this format cannot carry them:\n{shown}{more}"
        self.message.setText(f"Saved {self.destination.text()}: {result.summary}.{left_out}")

    def wait(self, timeout: float = 60.0) -> None:
        """For tests and for closing: let a running export finish."""
        if self.worker is not None:
            self.worker.wait(int(timeout * 1000))
