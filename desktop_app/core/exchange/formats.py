"""The export formats, for the command line and the window alike: each lives in its own module
with ``export(course, output, options) -> ExportReport``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from desktop_app.core.content.records import Course
    from desktop_app.core.exchange.report import ExportReport


class ExportFormat(NamedTuple):
    name: str
    label: str
    suffix: str
    module: str  # imported when used; the PDF writer is in the GUI because Qt lays out the pages


FORMATS = {
    f.name: f
    for f in (
        ExportFormat("moodle-xml", "Moodle XML (every question type)", ".xml", "desktop_app.core.exchange.moodle_xml"),
        ExportFormat("gift", "GIFT for Moodle (the types GIFT can carry)", ".gift", "desktop_app.core.exchange.gift"),
        ExportFormat("anki", "Anki deck (.apkg)", ".apkg", "desktop_app.core.exchange.anki"),
        ExportFormat("pdf", "PDF handout for printing", ".pdf", "desktop_app.gui.pdf"),
    )
}
HANDOUTS = {
    "lesson": "Lessons",
    "quiz": "A quiz, answer key on separate pages",
    "when-to-call": "When to call the care team",
    "glossary": "Glossary",
}
PAPERS = {"a4": "A4", "letter": "US Letter"}


def export(name: str, course: Course, out: Path, options: dict[str, Any]) -> ExportReport:
    """Write ``course`` in the format ``name``; KnownError if ``out`` would replace one of the
    course's own files (or is a folder), or if the file cannot be written."""
    import importlib

    from desktop_app.core.exchange.outputs import check_output, course_files

    check_output(out, course_files(course.root))
    return importlib.import_module(FORMATS[name].module).export(course, out, options)
