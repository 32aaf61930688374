"""Changing the theme or text size redraws every screen at once, not only the next one shown."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from desktop_app.gui import theme
from desktop_app.gui.textview import CourseText


def visit_every_screen(w) -> None:
    w.show_view("home")
    w.show_view("glossary")
    w.glossary_page().show_term(w.tutor.course.glossary[0].id)
    w.show_view("sources")
    w.show_view("dashboard")
    w.show_view("browser")
    w.show_page(w.tutor.course.pages[0].id)
    w.show_term_popup(w.tutor.course.glossary[1].id)
    w.show_view("quiz")
    w.quiz_page().start("practice", None, 3)
    w.open_section(w.tutor.course.modules[0].id, w.tutor.course.modules[0].sections[0].id)


def shown_in(view: CourseText, colour: str, px: int) -> bool:
    html = view.document().toHtml().lower()
    return colour in html and f"font-size:{px}px" in html.replace(" ", "")


def test_dark_theme_and_large_text_reach_every_screen_made_before(open_window, qtbot) -> None:
    w = open_window()
    visit_every_screen(w)
    views = [v for v in w.findChildren(CourseText) if v.document().toPlainText().strip()]
    assert len(views) >= 6  # reader, home, glossary, sources, page, term pop-up, quiz feedback...
    w.tutor.update_setting("theme", "dark")
    w.tutor.update_setting("text_scale", 175)
    w.apply_theme()  # what Settings does after OK
    body_px = round(theme.BASE_TEXT_PX * 1.75)
    # The dashboard's list is drawn at the interface's size, every other text at the reader's.
    dashboard_view = w.dashboard().misconceptions
    stale = [v for v in views if not shown_in(v, theme.DARK.text, round(theme.BASE_UI_PX * 1.75) + 2 if v is dashboard_view else body_px)]
    assert stale == []
    app = QApplication.instance()
    assert app.palette().color(QPalette.ColorRole.Window).name() == theme.DARK.window
    assert app.font().pixelSize() == round(theme.BASE_UI_PX * 1.75)
    # And back: nothing keeps the dark colours.
    w.tutor.update_setting("theme", "light")
    w.tutor.update_setting("text_scale", 100)
    w.apply_theme()
    small = {v: theme.BASE_UI_PX + 2 if v is dashboard_view else theme.BASE_TEXT_PX for v in views}
    assert [v for v in views if not shown_in(v, theme.LIGHT.text, small[v])] == []


def test_the_place_in_a_long_lesson_is_kept_when_the_text_grows(open_window, qtbot) -> None:
    w = open_window()
    module = w.tutor.course.modules[5]
    w.open_section(module.id, module.sections[1].id)
    bar = w.reader.text.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    w.tutor.update_setting("text_scale", 150)
    w.apply_theme()
    assert bar.maximum() > 0 and 0.35 < bar.value() / bar.maximum() < 0.65
