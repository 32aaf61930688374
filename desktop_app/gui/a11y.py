"""What screen readers are told beyond names: announcements of things that happen (a verdict,
a result), sent as Qt accessibility events, and kept in a short log that tests and the About
box can read back."""

from __future__ import annotations

from collections import deque

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

ANNOUNCED: deque[tuple[str, str]] = deque(maxlen=50)  # (widget's accessible name, message)


def announce(widget: QWidget, message: str, assertive: bool = False) -> None:
    """Say ``message`` now (screen readers read it out without moving the focus)."""
    event = QAccessibleAnnouncementEvent(widget, message)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)
    ANNOUNCED.append((widget.accessibleName(), message))
