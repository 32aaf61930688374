"""Every text colour against every background it is drawn on, in both themes: at least 4.5:1
(WCAG AA for body text), computed from the palette and the style sheets the program applies."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from desktop_app.gui import theme

AA = 4.5
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


def luminance(hex_color: str) -> float:
    h = hex_color.lstrip("#")
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def pairs_in_css(css: str, c: theme.Colors, default_text: str, backgrounds: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(where, text colour, background) for every rule: a rule's own colour on its own background,
    or on every background it may sit on when it sets none."""
    out = []
    for selector, body in RULE.findall(css):
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", body)
        bg = re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]{6})", body)
        if not fg and not bg:
            continue
        text = fg.group(1) if fg else default_text
        for back in (bg.group(1),) if bg else backgrounds:
            out.append((selector.strip(), text, back))
    return out


@pytest.mark.parametrize("colors", [theme.LIGHT, theme.DARK], ids=lambda c: c.name)
def test_every_text_colour_reads_on_its_background(colors: theme.Colors) -> None:
    c = colors
    pairs = [
        ("window text", c.text, c.window),
        ("text in fields and lists", c.text, c.base),
        ("selected text", c.accent_text, c.accent),
        ("placeholder", c.muted, c.base),
        ("link", c.accent, c.base),
        ("selected navigation item", c.text, c.highlight),
        ("checked button", c.text, c.highlight),
        ("disabled checked button", c.muted, c.highlight),
        ("in plain words box", c.text, c.plain_bg),
        ("note box", c.text, c.note_bg),
        ("muted in a note box", c.muted, c.note_bg),
    ]
    pairs += pairs_in_css(theme.widget_css(c, 100), c, c.text, (c.window, c.base))
    pairs += pairs_in_css(theme.document_css(c, 100), c, c.text, (c.base, c.note_bg, c.plain_bg))
    low = [(where, fg, bg, round(contrast(fg, bg), 2)) for where, fg, bg in pairs if contrast(fg, bg) < AA]
    assert low == [], low


def test_the_applied_palette_reads_too(qapp: QApplication, monkeypatch) -> None:
    saved_palette, saved_font, saved_sheet = qapp.palette(), qapp.font(), qapp.styleSheet()
    monkeypatch.setattr(theme, "_state", {"fusion": False, "palette_set": False})
    role = QPalette.ColorRole
    try:
        for name in ("light", "dark"):
            theme.apply(qapp, name, 100)
            pal = qapp.palette()
            for fg, bg in (
                (role.WindowText, role.Window),
                (role.Text, role.Base),
                (role.ButtonText, role.Button),
                (role.HighlightedText, role.Highlight),
                (role.ToolTipText, role.ToolTipBase),
                (role.PlaceholderText, role.Base),
                (role.Link, role.Base),
            ):
                ratio = contrast(pal.color(fg).name(), pal.color(bg).name())
                assert ratio >= AA, (name, fg, bg, ratio)
    finally:
        qapp.setPalette(saved_palette)
        qapp.setFont(saved_font)
        qapp.setStyleSheet(saved_sheet)
