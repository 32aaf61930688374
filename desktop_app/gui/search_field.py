"""The search box in the menu bar. It is made at start-up, so it touches no Qt enum (the first
touch of ``Qt`` builds about 95 enum classes: see gui.qtconst)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent  # (QEvent's 179 enum members are built on first touch)

KEY_DOWN = 0x01000015  # Qt.Key.Key_Down


class SearchField(QLineEdit):
    """Down moves into the results; Enter (returnPressed) opens the first."""

    down_pressed = Signal()

    def __init__(self) -> None:
        super().__init__()
        # The clear button shows only over some text, so it is made with the first text: making
        # it loads the style's icon (most of the field's start-up cost).
        self.textChanged.connect(self._offer_clearing)

    def _offer_clearing(self, text: str) -> None:
        if text:
            self.textChanged.disconnect(self._offer_clearing)
            self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == KEY_DOWN:
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)
