"""Course text in Qt's labels and tooltips: always as text, never as markup.

Qt guesses whether a label or tooltip string is rich text. A course pack's option text, feedback,
term definition or diagram title that looks like HTML (``<img src="/home/...">``) would then be
drawn as HTML, loading a file from anywhere on the disk; and escaped text in a label that Qt
guesses is plain shows its ``&amp;`` literally. So labels with course text are set to plain
text, and tooltips (which cannot be) are wrapped as rich text with every character escaped.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def escape(text: str) -> str:
    # html.escape would import html.entities (a large table) on the start-up path.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def tooltip(text: str, bold_first_line: bool = False) -> str:
    """A tooltip that shows ``text`` exactly as written (line breaks kept)."""
    lines = [escape(line) for line in text.split("\n")]
    if bold_first_line and lines:
        lines[0] = f"<b>{lines[0]}</b>"
    return "<p>" + "<br>".join(lines) + "</p>"


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = False) -> QLabel:
    from PySide6.QtCore import Qt  # not at start-up: see gui.qtconst

    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    return label


def rich_label(html: str = "", parent: QWidget | None = None, *, wrap: bool = False) -> QLabel:
    """A label whose markup we wrote ourselves, around escaped course text."""
    from PySide6.QtCore import Qt  # not at start-up: see gui.qtconst

    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(html)
    label.setWordWrap(wrap)
    return label
