"""The search box in the menu bar. It is made at start-up, so it touches no Qt enum (the first
touch of ``Qt`` builds about 95 enum classes: see gui.qtconst)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

KEY_DOWN = 0x01000015  # Qt.Key.Key_Down


class SearchField(QLineEdit):
    """Down moves into the results; Enter (returnPressed) opens the first."""

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == KEY_DOWN:
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)
