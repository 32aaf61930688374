"""Results back to the instructor, in the real window: three learners answer and send their
results, and the class report shows exactly their stored answers."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog

from desktop_app.core import paths
from desktop_app.core.exchange.results import read_results
from desktop_app.gui.results_dialog import ResultsDialog
from tests.gui.test_packs import answer_in_window


def send(window, monkeypatch, target: Path, name: str, identifier: str = "") -> None:
    def accept(dialog: ResultsDialog) -> int:
        dialog.name.setText(name)
        dialog.identifier.setText(identifier)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ResultsDialog, "exec", accept)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    learner_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Learner")
    window._fill_learner_menu()
    next(a for a in learner_menu.actions() if a.text() == "&Send my results…").trigger()
    assert target.exists() and "Saved" in window.statusBar().currentMessage()


def stored_first_tries(db: Path, learner_id: int) -> list[tuple[str, float]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT question_id, score FROM answers WHERE learner_id = ? AND try_number = 1 ORDER BY answered_at, id", [learner_id]
        ).fetchall()
    finally:
        conn.close()


def test_three_learners_send_results_and_the_report_shows_their_answers(open_window, qtbot, tmp_path, monkeypatch) -> None:
    out = tmp_path / "handed-in"
    out.mkdir()
    w = open_window()
    bank = w.tutor.course.bank
    student_qs = [q.id for q in bank.questions if "family" not in q.tracks][:3]
    family_qs = [q.id for q in bank.questions if "family" in q.tracks][:2]

    # Learner 1, student track.
    for n, qid in enumerate(student_qs):
        answer_in_window(w, qtbot, qid, right=n != 1)
    ana = w.tutor.learner
    send(w, monkeypatch, out / "ana.ctresults", "Ana", "ana@school.example")

    # Learner 2, family track, on the same computer.
    ben = w.tutor.create_learner("Ben", "family")
    w.switch_learner(ben.id)
    for qid in family_qs:
        answer_in_window(w, qtbot, qid, right=False)
    send(w, monkeypatch, out / "ben.ctresults", "Ben")

    # Learner 3 has an older version of the course on another computer.
    old = tmp_path / "old-course"
    shutil.copytree(paths.builtin_content_root(), old)
    course_yaml = old / "course.yaml"
    course_yaml.write_text(course_yaml.read_text().replace("version: 1.0.0", "version: 0.9.0"))
    w3 = open_window(data_dir=tmp_path / "other-computer", content_root=old)
    answer_in_window(w3, qtbot, student_qs[0])
    send(w3, monkeypatch, out / "cleo.ctresults", "Cleo")

    # The instructor opens the three files.
    w.show_view("report")
    page = w.report_page()
    page.add([out])
    report = page.report
    assert report is not None and [r.name for r in report.learners] == ["Ana", "Ben"]
    assert [a.reason for a in report.set_aside] == [
        "it is for version 0.9.0 of the course (this report is for 1.0.0): CAR-T Tutor: CAR-T cell therapy for acute lymphoblastic leukemia"
    ]
    db = w.tutor.store.path
    for row, learner in zip(report.learners, (ana, ben), strict=True):
        file = read_results(out / f"{row.name.lower()}.ctresults")
        assert [(a.question, a.score) for a in file.first_tries] == stored_first_tries(db, learner.id)
        assert row.answers == len(stored_first_tries(db, learner.id))
    assert report.learners[0].identifier == "ana@school.example" and report.learners[1].track == "family"
    answered = {s.question: s for s in report.items}
    assert set(answered) == set(student_qs) | set(family_qs)
    assert answered[student_qs[1]].facility == 0.0 and answered[student_qs[0]].facility == 100.0
    # What the instructor sees on screen.
    grid = page.grid.model()
    assert grid.rowCount() == 2 and grid.index(0, 0).data() == "Ana"
    assert grid.index(0, 3).data().endswith(report.learners[0].levels[report.objectives[0][1]])
    assert page.items.rowCount() == 5
    assert "0.9.0" in page.aside_text.toPlainText()
    # Leaving a learner out of the report.
    page.grid.setCurrentIndex(grid.index(1, 0))
    page.remove_selected()
    assert [r.name for r in page.report.learners] == ["Ana"]


def test_the_report_exports_from_the_window(open_window, qtbot, tmp_path, monkeypatch) -> None:
    w = open_window()
    answer_in_window(w, qtbot, w.tutor.course.bank.questions[0].id)
    send(w, monkeypatch, tmp_path / "me.ctresults", "Me")
    w.show_view("report")
    page = w.report_page()
    page.add([tmp_path / "me.ctresults"])
    for name, slot in (("r.csv", page.export_csv), ("m.csv", page.export_moodle), ("x.json", page.export_xapi), ("r.pdf", page.export_pdf)):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, n=name, **k: (str(tmp_path / n), ""))
        slot()
        assert (tmp_path / name).stat().st_size > 0, name
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_a_class_of_files_is_read_in_the_background_and_then_shown(open_window, qtbot, tmp_path) -> None:
    import json

    from desktop_app.core.exchange.results import seal
    from desktop_app.gui.report_page import IN_THE_BACKGROUND_FROM

    w = open_window()
    answer_in_window(w, qtbot, w.tutor.course.bank.questions[0].id)
    out = tmp_path / "class"
    out.mkdir()
    from desktop_app.core.exchange.results import write_results

    write_results(w.tutor, out / "learner-00.ctresults", "Learner 0")
    body = json.loads((out / "learner-00.ctresults").read_text(encoding="utf-8"))
    count = IN_THE_BACKGROUND_FROM + 5
    for n in range(1, count):
        body["learner"].update(key=f"{n:032x}", name=f"Learner {n}")
        (out / f"learner-{n:02d}.ctresults").write_bytes(seal(body))
    (out / "broken.ctresults").write_text("{", encoding="utf-8")
    w.show_view("report")
    page = w.report_page()
    page.add([out])
    assert page.busy_box.isVisibleTo(page) and not page.add_button.isEnabled()  # busy, not frozen
    qtbot.waitUntil(lambda: page.job is None, timeout=20_000)
    assert not page.busy_box.isVisibleTo(page) and page.add_button.isEnabled()
    assert page.report is not None and len(page.report.learners) == count and page.grid.model().rowCount() == count
    assert [Path(a.path).name for a in page.report.set_aside] == ["broken.ctresults"]


def test_the_command_line_prints_the_report_as_a_pdf(open_window, qtbot, tmp_path) -> None:
    import json

    from pypdf import PdfReader

    from desktop_app.cli import main
    from desktop_app.core.exchange.results import seal, write_results

    w = open_window()
    answer_in_window(w, qtbot, w.tutor.course.bank.questions[0].id)
    write_results(w.tutor, tmp_path / "ana.ctresults", "Ana")
    body = json.loads((tmp_path / "ana.ctresults").read_text(encoding="utf-8"))
    body["learner"].update(key="b" * 32, name="Bo")
    (tmp_path / "bo.ctresults").write_bytes(seal(body))
    out = tmp_path / "class.pdf"
    assert main(["report", str(tmp_path), "--pdf", str(out)]) == 0
    pdf = PdfReader(out)
    text = " ".join("".join(page.extract_text() for page in pdf.pages).split())
    assert "Class report" in text and "Ana" in text and "Bo" in text and "Hardest questions" in text
    assert w.tutor.course.bank.questions[0].id in text  # the question both answered is in the item table
    assert sum(len(page.images) for page in pdf.pages) == 1  # the chart
