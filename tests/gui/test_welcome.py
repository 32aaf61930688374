"""The first start asks who is learning and the text size, once, on one screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from desktop_app.core.store.database import Store
from desktop_app.gui import theme


def test_first_start_asks_once_and_applies_the_answers(open_window, qtbot, tmp_path) -> None:
    data = tmp_path / "fresh"
    w = open_window(data, first_start=True)
    page = w.welcome_page
    assert page is not None and w.stack.currentWidget() is page
    assert QApplication.focusWidget() is page.track_buttons["family"]  # focus starts in the content
    # A family member, large text, typed name; keys only.
    qtbot.mouseClick(page.size_buttons[150], Qt.MouseButton.LeftButton)
    assert QApplication.instance().font().pixelSize() == round(theme.BASE_UI_PX * 1.5)  # previewed at once
    qtbot.keyClicks(page.name, "Dana")
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert w.welcome_page is None and w.stack.currentWidget() is w.home
    assert w.tutor.track == "family" and w.tutor.learner.name == "Dana" and w.tutor.settings.text_scale == 150
    assert w.track_actions["family"].isChecked()
    # Stored: the next start goes straight to the course.
    store = Store.open(data / "progress.sqlite3")
    try:
        assert store.get_state("welcomed") == "1"
        learner = store.learners()[0]
        assert learner.name == "Dana" and learner.track == "family"
    finally:
        store.close()
    w.close()
    again = open_window(data, first_start=True)
    assert again.welcome_page is None


def test_a_student_keeps_the_full_lessons(open_window, qtbot, tmp_path) -> None:
    w = open_window(tmp_path / "s", first_start=True)
    page = w.welcome_page
    page.track_buttons["student"].setChecked(True)
    qtbot.keyClick(page.start_button, Qt.Key.Key_Space)
    assert w.tutor.track == "student" and w.tutor.learner.name == "Me"


def test_a_progress_file_with_history_never_asks(open_window, qtbot, tmp_path) -> None:
    data = tmp_path / "old"
    w = open_window(data)
    w.open_section(w.tutor.course.modules[0].id, w.tutor.course.modules[0].sections[0].id)
    w.tutor.record_reading(w.tutor.course.modules[0].id, w.tutor.course.modules[0].sections[0].id, 5, False)
    store = w.tutor.store
    with store._transaction("test") as conn:
        conn.execute("DELETE FROM app_state WHERE key = 'welcomed'")  # a file from before the question existed
    assert not w.tutor.is_first_start()


def test_the_first_screens_sentences_show_as_written(open_window) -> None:
    # They are set without declaring them plain text (gui.welcome_page._sentence), which is only
    # right while none of them could be read as markup.
    from PySide6.QtGui import Qt as GuiQt  # (QtGui adds mightBeRichText to the Qt namespace)

    from desktop_app.gui.pages import DISCLAIMER
    from desktop_app.gui.welcome_page import INTRO, TRACKS, WelcomePage

    for text in (INTRO, DISCLAIMER, *(help_text for _k, _l, help_text in TRACKS)):
        assert not GuiQt.mightBeRichText(text) and "&" not in text and "<" not in text, text
    page = WelcomePage()
    shown = {label.text() for label in page.findChildren(QLabel)}
    assert {INTRO, DISCLAIMER} <= shown
