"""Light and dark palettes, the widget style sheet and the reader's document style sheet."""

# (Annotations evaluated at load, for the NamedTuples' sake: see core/content/records.py.)

from typing import NamedTuple

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

BASE_TEXT_PX = 17  # reader body text at 100%; the interface uses BASE_UI_PX
BASE_UI_PX = 15
READING_WIDTH_EM = 44  # about 75 characters per line


class Colors(NamedTuple):
    name: str
    window: str
    base: str
    text: str
    muted: str
    accent: str
    accent_text: str
    border: str
    plain_bg: str
    plain_border: str
    note_bg: str
    right: str
    wrong: str
    partial: str
    warn_bg: str
    warn_text: str
    highlight: str


LIGHT = Colors(
    name="light",
    window="#f4f2ee",
    base="#fffdf9",
    text="#1d232a",
    muted="#56606b",
    accent="#0b6394",
    accent_text="#ffffff",
    border="#cfd6dd",
    plain_bg="#e9f4ec",
    plain_border="#4f8f63",
    note_bg="#eef3f8",
    right="#17703a",
    wrong="#b3261e",
    partial="#845800",
    warn_bg="#fff4d6",
    warn_text="#4a3500",
    highlight="#d6e9f7",
)
DARK = Colors(
    name="dark",
    window="#1b1f24",
    base="#22272e",
    text="#e8eaed",
    muted="#b4bec8",
    accent="#7cc4f2",
    accent_text="#0d1117",
    border="#3d454f",
    plain_bg="#1f3327",
    plain_border="#6fbf87",
    note_bg="#243240",
    right="#6fd38b",
    wrong="#ff8a80",
    partial="#f2c46d",
    warn_bg="#3d3214",
    warn_text="#ffe6a6",
    highlight="#2c4a63",
)


class DiagramColors(NamedTuple):
    """Marks drawn on a diagram. Every diagram sits on its own light card (so that it reads the
    same in both themes), so its marks contrast with that card, not with the window."""

    right: str
    wrong: str
    selected: str
    focus: str
    mask: str  # the boxes hiding a part's label until the answer is shown
    border: str


DIAGRAM = DiagramColors(right=LIGHT.right, wrong=LIGHT.wrong, selected=LIGHT.accent, focus="#3b82c4", mask="#e3e8ee", border="#6b7580")

_state = {"fusion": False, "palette_set": False}


def create_application(argv: list[str]) -> QApplication:
    """The QApplication, in the Fusion style that the palettes below are made for.

    Asking for the style on the command line (a user's own ``-style`` still wins) spares
    start-up the QStyle enums that ``setStyle`` would build (see gui.qtconst).
    """
    app = QApplication([*argv[:1], "-style", "fusion", *argv[1:]])
    _state["fusion"] = True
    return app


def system_is_dark(app: QApplication) -> bool:
    if not _state["palette_set"]:
        # Until we set our own, the palette is the platform's (Fusion follows the system's
        # light or dark scheme), and reading it does not build the Qt namespace's enums.
        return app.palette().window().color().lightness() < 128
    from PySide6.QtCore import Qt

    hints = QGuiApplication.styleHints()
    return hasattr(hints, "colorScheme") and hints.colorScheme() == Qt.ColorScheme.Dark


def resolve(theme: str, app: QApplication) -> Colors:
    if theme == "dark":
        return DARK
    if theme == "light":
        return LIGHT
    return DARK if system_is_dark(app) else LIGHT


def apply(app: QApplication, theme: str, text_scale: int) -> Colors:
    c = resolve(theme, app)
    if not _state["fusion"]:
        if app.style().name().lower() != "fusion":
            app.setStyle("Fusion")
        _state["fusion"] = True
    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Window, QColor(c.window))
    pal.setColor(QPalette.ColorRole.WindowText, QColor(c.text))
    pal.setColor(QPalette.ColorRole.Base, QColor(c.base))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor(c.window))
    pal.setColor(QPalette.ColorRole.Text, QColor(c.text))
    pal.setColor(QPalette.ColorRole.Button, QColor(c.base))
    pal.setColor(QPalette.ColorRole.ButtonText, QColor(c.text))
    pal.setColor(QPalette.ColorRole.Highlight, QColor(c.accent))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor(c.accent_text))
    pal.setColor(QPalette.ColorRole.ToolTipBase, QColor(c.base))
    pal.setColor(QPalette.ColorRole.ToolTipText, QColor(c.text))
    pal.setColor(QPalette.ColorRole.Link, QColor(c.accent))
    pal.setColor(QPalette.ColorRole.PlaceholderText, QColor(c.muted))
    app.setPalette(pal)
    _state["palette_set"] = True
    font = app.font()
    font.setPixelSize(round(BASE_UI_PX * text_scale / 100))
    app.setFont(font)
    app.setStyleSheet(widget_css(c, text_scale))
    return c


def widget_css(c: Colors, scale: int) -> str:
    px = round(BASE_UI_PX * scale / 100)
    big = round(px * 1.35)
    return f"""
    QToolTip {{ color: {c.text}; background: {c.base}; border: 1px solid {c.border}; padding: 6px; }}
    QTreeWidget {{ background: {c.base}; border: none; }}
    QTreeWidget::item {{ padding: 4px 2px; }}
    QTreeWidget::item:selected {{ background: {c.highlight}; color: {c.text}; }}
    QFrame#banner {{ background: {c.warn_bg}; border: 1px solid {c.border}; border-radius: 6px; }}
    QFrame#banner QLabel {{ color: {c.warn_text}; }}
    QLabel#disclaimer {{ color: {c.muted}; }}
    QLabel#reviewNote {{ color: {c.warn_text}; background: {c.warn_bg}; border-radius: 4px; padding: 4px 8px; font-weight: 600; }}
    QLabel#pageTitle {{ font-size: {big}px; font-weight: 600; }}
    QLabel#chartTitle {{ font-size: {round(px * 1.1)}px; font-weight: 600; margin-top: 10px; }}
    QLabel#stem {{ font-size: {round(px * 1.15)}px; }}
    QLabel#verdictRight {{ color: {c.right}; font-weight: 700; }}
    QLabel#verdictWrong {{ color: {c.wrong}; font-weight: 700; }}
    QLabel#verdictPartial {{ color: {c.partial}; font-weight: 700; }}
    QPushButton {{ padding: 6px 14px; border: 1px solid {c.border}; border-radius: 6px; background: {c.base}; }}
    QPushButton:hover {{ border-color: {c.accent}; }}
    QPushButton:focus {{ border: 2px solid {c.accent}; }}
    QPushButton:checked {{ background: {c.highlight}; border-color: {c.accent}; }}
    QPushButton#primary {{ background: {c.accent}; color: {c.accent_text}; border-color: {c.accent}; font-weight: 600; }}
    QPushButton:disabled {{ color: {c.muted}; }}
    QPushButton#primary:disabled {{ background: {c.base}; color: {c.muted}; border-color: {c.border}; font-weight: 400; }}
    QFrame#card {{ background: {c.base}; border: 1px solid {c.border}; border-radius: 8px; }}
    QFrame#optionRow {{ border: 1px solid transparent; border-radius: 6px; }}
    QFrame#optionRow[state="right"] {{ border-color: {c.right}; }}
    QFrame#optionRow[state="wrong"] {{ border-color: {c.wrong}; }}
    QFrame#optionRow:hover {{ border-color: {c.border}; }}
    {indicators(c, px)}
    """


def indicators(c: Colors, px: int) -> str:
    """Check boxes and radio buttons drawn at the text's size, with a border that shows on both
    themes (Fusion's own are 13 pixels at any size, and faint on dark), and a focus ring."""
    from desktop_app.core import paths

    size = max(14, round(px * 1.05))
    check = (paths.assets_dir() / "icons" / f"check-on-{c.name}.svg").as_posix()
    dot = (
        f"qradialgradient(cx:0.5, cy:0.5, radius:0.5, fx:0.5, fy:0.5, stop:0 {c.accent_text}, stop:0.38 {c.accent_text}, "
        f"stop:0.45 {c.accent}, stop:1 {c.accent})"
    )
    return f"""
    QCheckBox::indicator, QRadioButton::indicator {{ width: {size}px; height: {size}px; border: 2px solid {c.muted};
        background: {c.base}; }}
    QCheckBox::indicator {{ border-radius: 3px; }}
    QRadioButton::indicator {{ border-radius: {size // 2 + 1}px; }}
    QCheckBox::indicator:checked {{ color: {c.accent_text}; background: {c.accent}; border-color: {c.accent}; image: url({check}); }}
    QRadioButton::indicator:checked {{ background: {dot}; border-color: {c.accent}; }}
    QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{ border-color: {c.border}; }}
    QCheckBox:focus, QRadioButton:focus {{ border: 2px solid {c.accent}; border-radius: 4px; padding: 1px 4px; }}
    QCheckBox, QRadioButton {{ border: 2px solid transparent; padding: 1px 4px; spacing: {round(px * 0.5)}px; }}
    """


def document_css(c: Colors, scale: int) -> str:
    """For QTextDocument (a CSS subset): the reader, pages and quiz feedback."""
    px = round(BASE_TEXT_PX * scale / 100)
    return f"""
    body {{ font-size: {px}px; color: {c.text}; }}
    p, li {{ line-height: 150%; margin-top: 0px; margin-bottom: {round(px * 0.7)}px; }}
    h1 {{ font-size: {round(px * 1.7)}px; font-weight: 600; margin-bottom: {px}px; }}
    h2 {{ font-size: {round(px * 1.45)}px; font-weight: 600; margin-top: {px // 2}px; margin-bottom: {px}px; }}
    h3 {{ font-size: {round(px * 1.2)}px; font-weight: 600; margin-top: {px}px; }}
    p.kicker {{ color: {c.muted}; font-size: {round(px * 0.85)}px; margin-bottom: 2px; }}
    a {{ color: {c.accent}; text-decoration: none; }}
    a.term {{ color: {c.text}; text-decoration: underline; }}
    a.cite {{ color: {c.muted}; font-size: {round(px * 0.8)}px; }}
    table.callout {{ border-width: 1px; border-style: solid; border-color: {c.plain_border}; border-collapse: collapse;
                     background-color: {c.plain_bg}; margin-top: 6px; margin-bottom: {px}px; }}
    table.note, table.warning, table.tip {{ border-color: {c.border}; background-color: {c.note_bg}; }}
    td.callout-body {{ font-size: {round(px * 1.05)}px; }}
    p.admonition-title {{ font-weight: 700; margin-bottom: 4px; }}
    table {{ border-color: {c.border}; }}
    th {{ background-color: {c.note_bg}; font-weight: 600; padding: 6px; }}
    td {{ padding: 6px; }}
    code {{ font-family: monospace; }}
    .missing-image {{ color: {c.wrong}; }}
    .right {{ color: {c.right}; font-weight: 600; }}
    .wrong {{ color: {c.wrong}; font-weight: 600; }}
    .partial {{ color: {c.partial}; font-weight: 600; }}
    .muted {{ color: {c.muted}; }}
    .warn {{ color: {c.warn_text}; background-color: {c.warn_bg}; }}
    """
