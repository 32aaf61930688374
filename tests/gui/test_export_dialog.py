"""File ▸ Export…: the window's way to the same exports as the command line."""

from __future__ import annotations

import zipfile

from PySide6.QtCore import Qt

from desktop_app.gui.export_dialog import ExportDialog


def run(dialog: ExportDialog, qtbot) -> None:
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.progress.isVisible() or dialog.report is not None or dialog.error is not None
    dialog.wait()
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=60_000)


def test_export_an_anki_deck_of_two_modules_from_the_window(open_window, qtbot, tmp_path) -> None:
    w = open_window()
    action = next(a for a in w.menuBar().actions()[0].menu().actions() if a.text() == "&Export…")
    action.trigger()
    dialog = w.export_dialog
    dialog.format.setCurrentIndex(dialog.format.findData("anki"))
    assert not dialog.paper.isEnabled()
    for mid, cb in dialog.module_checks.items():
        cb.setChecked(mid in ("toxicity", "relapse"))
    dialog.destination.setText(str(tmp_path / "deck.apkg"))
    run(dialog, qtbot)
    assert dialog.report is not None and "Saved" in dialog.message.text()
    with zipfile.ZipFile(tmp_path / "deck.apkg") as z:
        assert "media" in z.namelist()
    assert "2 module" in dialog.report.summary


def test_gift_lists_what_it_leaves_out_and_pdf_exports_off_the_window_thread(open_window, qtbot, tmp_path) -> None:
    w = open_window()
    w.open_export()
    dialog = w.export_dialog
    dialog.format.setCurrentIndex(dialog.format.findData("gift"))
    assert dialog.destination.text().endswith(".gift")
    dialog.destination.setText(str(tmp_path / "q.gift"))
    run(dialog, qtbot)
    assert "Left out" in dialog.message.text() and (tmp_path / "q.gift").stat().st_size > 10_000
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    dialog.handout.setCurrentIndex(dialog.handout.findData("when-to-call"))
    dialog.track.setCurrentIndex(dialog.track.findData("family"))
    assert dialog.destination.text().endswith("q.pdf")
    run(dialog, qtbot)
    assert dialog.report is not None, dialog.message.text()
    assert (tmp_path / "q.pdf").read_bytes()[:5] == b"%PDF-"


def test_a_folder_that_cannot_be_written_gets_a_message(open_window, qtbot, tmp_path) -> None:
    w = open_window()
    w.open_export()
    dialog = w.export_dialog
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    dialog.format.setCurrentIndex(dialog.format.findData("moodle-xml"))
    dialog.destination.setText(str(blocker / "out.xml"))
    run(dialog, qtbot)
    assert dialog.report is None and "Nothing was exported" in dialog.message.text()
