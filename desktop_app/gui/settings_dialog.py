"""Settings for the current learner: text size, theme, desired retention, quiz length."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.learning.scheduler import MAX_RETENTION, MIN_RETENTION, RETENTION_HELP
from desktop_app.core.settings import QUIZ_LENGTH_MAX, QUIZ_LENGTH_MIN, TEXT_SCALE_MAX, TEXT_SCALE_MIN, Settings

THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.text_scale = QSpinBox()
        self.text_scale.setRange(TEXT_SCALE_MIN, TEXT_SCALE_MAX)
        self.text_scale.setSingleStep(10)
        self.text_scale.setSuffix(" %")
        self.text_scale.setValue(settings.text_scale)
        form.addRow("&Text size:", self.text_scale)
        self.theme = QComboBox()
        for key, label in THEME_LABELS.items():
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(list(THEME_LABELS).index(settings.theme))
        form.addRow("T&heme:", self.theme)
        self.retention = QDoubleSpinBox()
        self.retention.setRange(MIN_RETENTION, MAX_RETENTION)
        self.retention.setSingleStep(0.01)
        self.retention.setDecimals(2)
        self.retention.setValue(settings.desired_retention)
        form.addRow("Desired &retention:", self.retention)
        help_label = QLabel(RETENTION_HELP)
        help_label.setWordWrap(True)
        help_label.setObjectName("disclaimer")
        form.addRow("", help_label)
        self.quiz_length = QSpinBox()
        self.quiz_length.setRange(QUIZ_LENGTH_MIN, QUIZ_LENGTH_MAX)
        self.quiz_length.setValue(settings.quiz_length)
        form.addRow("Default &quiz length:", self.quiz_length)
        layout.addLayout(form)
        note = QLabel("These settings belong to the current learner.")
        note.setObjectName("disclaimer")
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def values(self) -> dict[str, Any]:
        return {
            "text_scale": self.text_scale.value(),
            "theme": self.theme.currentData(),
            "desired_retention": round(self.retention.value(), 2),
            "quiz_length": self.quiz_length.value(),
        }
