"""The theme: the system's light or dark scheme is followed, the palettes are applied."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop_app.gui import theme


def test_system_theme_follows_a_dark_platform_palette_at_start(qapp: QApplication, monkeypatch) -> None:
    saved = qapp.palette()
    monkeypatch.setattr(theme, "_state", {"fusion": True, "palette_set": False})
    try:
        dark = QPalette()
        dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
        qapp.setPalette(dark)
        assert theme.resolve("system", qapp) is theme.DARK
        light = QPalette()
        light.setColor(QPalette.ColorRole.Window, QColor("#f5f5f5"))
        qapp.setPalette(light)
        assert theme.resolve("system", qapp) is theme.LIGHT
        assert theme.resolve("dark", qapp) is theme.DARK
    finally:
        qapp.setPalette(saved)


def test_applying_a_theme_sets_its_palette_and_text_size(qapp: QApplication, monkeypatch) -> None:
    saved_palette, saved_font, saved_sheet = qapp.palette(), qapp.font(), qapp.styleSheet()
    monkeypatch.setattr(theme, "_state", {"fusion": False, "palette_set": False})
    try:
        colors = theme.apply(qapp, "dark", 150)
        assert colors is theme.DARK
        assert qapp.palette().color(QPalette.ColorRole.Window).name() == theme.DARK.window
        assert qapp.font().pixelSize() == round(theme.BASE_UI_PX * 1.5)
        # Once our palette is set, "system" asks Qt for the scheme instead of reading it back.
        assert theme.resolve("system", qapp) in (theme.LIGHT, theme.DARK)
    finally:
        qapp.setPalette(saved_palette)
        qapp.setFont(saved_font)
        qapp.setStyleSheet(saved_sheet)


def test_a_primary_button_that_cannot_be_used_looks_it(open_window, qtbot) -> None:
    from PySide6.QtWidgets import QPushButton

    w = open_window()
    w.show_view("dashboard")
    button = w.dashboard().review_button
    assert isinstance(button, QPushButton) and button.objectName() == "primary" and not button.isEnabled()  # nothing due
    enabled = QPushButton("Start review")
    enabled.setObjectName("primary")
    w.dashboard().layout().addWidget(enabled)
    qtbot.waitUntil(enabled.isVisible)
    # The disabled one is drawn on the page's colour; the usable one on the accent.
    centre = button.rect().center()
    assert button.grab().toImage().pixelColor(centre.x() - 40, 4) != enabled.grab().toImage().pixelColor(centre.x() - 40, 4)
