"""A check box whose text wraps. QCheckBox draws its text on one line, so a long module title at
200% text would widen the whole window; here the text is a word-wrapped label beside the box."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QSizePolicy, QWidget

from desktop_app.gui.text import plain_label


class WrappingCheck(QWidget):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.box = QCheckBox()
        self.box.setAccessibleName(text)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        self.label = plain_label(text, wrap=True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row.addWidget(self.label, 1)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.box.setAccessibleName(text)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # Clicking the words toggles the box, as clicking a QCheckBox's own text does.
        if self.box.isEnabled():
            self.box.click()
            self.box.setFocus()
        super().mousePressEvent(event)
