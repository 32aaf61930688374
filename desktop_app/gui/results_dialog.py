"""Learner ▸ Send my results…: the learner sees what is sent and chooses the name shown."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.gui.text import plain_label


class ResultsDialog(QDialog):
    def __init__(self, learner_name: str, course_title: str, answers: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Send my results")
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                f"This saves a file for your instructor with your results in “{course_title}”: your mastery of each "
                f"objective, your {answers} answers (score, time, how sure you were, when), and which sections you read. "
                "Nothing else from this computer goes into it. Send the file to your instructor (e-mail, USB stick).",
                wrap=True,
            )
        )
        form = QFormLayout()
        self.name = QLineEdit(learner_name)
        self.name.setAccessibleName("Name your instructor sees")
        form.addRow("&Name shown:", self.name)
        self.identifier = QLineEdit()
        self.identifier.setPlaceholderText("optional, e.g. the e-mail address your school uses")
        self.identifier.setAccessibleName("Identifier for the school's gradebook (optional)")
        form.addRow("&Identifier:", self.identifier)
        layout.addLayout(form)
        note = QLabel("You can change the name; your instructor's report uses it.")
        note.setObjectName("disclaimer")
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
