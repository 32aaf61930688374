"""The first start: who is learning (student or family) and how large the text should be, on one
small screen. Everything here can be changed later (View ▸ Settings, the View menu's tracks)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.pages import DISCLAIMER

TRACKS = (
    ("family", "A patient or a family member", "Plain words, short sentences and the signs to call the care team about."),
    ("student", "A student or health professional", "The full lessons with sources, figures from the trials, and harder questions."),
)
SIZES = (100, 125, 150, 200)
INTRO = "Two questions, so that the lessons suit you. You can change both later in the View menu."


def _sentence(text: str) -> QLabel:
    """A wrapped label for this screen's own sentences. They hold no markup (a test keeps them
    so), so Qt shows them as written without being told they are plain text: telling it
    (gui.text.plain_label) touches Qt's enum namespace, 20 ms on the very first screen."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class WelcomePage(QWidget):
    finished = Signal(str, str, int)  # name, track, text size (%)
    size_preview = Signal(int)  # text size chosen: shown at once, before Start

    def __init__(self, name: str = "", text_scale: int = 100) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("card")
        card.setMaximumWidth(760)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(10)
        title = QLabel("Welcome to CAR-T Tutor")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addWidget(_sentence(INTRO))

        who = QLabel("Who is learning?")
        who.setObjectName("stem")
        layout.addWidget(who)
        self.track_group = QButtonGroup(self)
        self.track_buttons: dict[str, QRadioButton] = {}
        for key, label, help_text in TRACKS:
            button = QRadioButton(label)
            button.setAccessibleDescription(help_text)
            self.track_group.addButton(button)
            self.track_buttons[key] = button
            layout.addWidget(button)
            hint = _sentence(help_text)
            hint.setObjectName("disclaimer")
            hint.setContentsMargins(28, 0, 0, 4)
            layout.addWidget(hint)
        self.track_buttons["family"].setChecked(True)

        size = QLabel("Text size")
        size.setObjectName("stem")
        layout.addWidget(size)
        row = QHBoxLayout()
        self.size_group = QButtonGroup(self)
        self.size_buttons: dict[int, QRadioButton] = {}
        for pct in SIZES:
            button = QRadioButton(f"{pct} %")
            button.setAccessibleName(f"Text size {pct} percent")
            self.size_group.addButton(button, pct)
            self.size_buttons[pct] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        closest = min(SIZES, key=lambda s: abs(s - text_scale))
        self.size_buttons[closest].setChecked(True)
        self.size_group.idToggled.connect(lambda pct, on: on and self.size_preview.emit(pct))

        name_row = QHBoxLayout()
        name_label = QLabel("Your &name (optional):")
        self.name = QLineEdit(name if name != "Me" else "")
        self.name.setPlaceholderText("Me")
        self.name.setAccessibleName("Your name (optional)")
        self.name.setMaxLength(80)
        name_label.setBuddy(self.name)
        name_row.addWidget(name_label)
        name_row.addWidget(self.name, 1)
        layout.addLayout(name_row)

        note = _sentence(DISCLAIMER)
        note.setObjectName("disclaimer")
        layout.addWidget(note)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.start_button = QPushButton("&Start learning")
        self.start_button.setObjectName("primary")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.finish)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)

        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card, 10)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)

    def chosen_track(self) -> str:
        return next(key for key, button in self.track_buttons.items() if button.isChecked())

    def chosen_size(self) -> int:
        return next(pct for pct, button in self.size_buttons.items() if button.isChecked())

    def finish(self) -> None:
        self.finished.emit(self.name.text().strip(), self.chosen_track(), self.chosen_size())

    def focus_first(self) -> None:
        self.track_buttons[self.chosen_track()].setFocus()  # no Qt enum on the first screen: see gui.qtconst
