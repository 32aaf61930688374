"""PDF handouts: printed by Qt offscreen to real files, then read back with a PDF reader
(pypdf) for what a teacher or a family gets on paper."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from desktop_app.core import paths
from desktop_app.core.content.diagrams import diagram_path, masked_svg
from desktop_app.core.content.loader import load_course
from desktop_app.core.content.records import Course
from desktop_app.core.errors import KnownError
from desktop_app.core.exchange import handouts
from desktop_app.gui import pdf
from tests.conftest import REPO, write

PAPER_POINTS = {"a4": (595.3, 841.9), "letter": (612.0, 792.0)}
OPTIONS: dict[str, dict[str, Any]] = {
    "lesson": {"modules": ["car"], "track": "student"},
    "quiz": {"modules": None, "track": "student", "seed": 7},
    "when-to-call": {"track": "family"},
    "glossary": {"modules": ["toxicity"], "track": "family"},
}


def page_texts(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()).strip() for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def printed(qapp, course: Course, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("handouts")
    out = {}
    for handout, options in OPTIONS.items():
        for paper in PAPER_POINTS:
            path = folder / f"{handout}-{paper}.pdf"
            report = pdf.export(course, path, {**options, "handout": handout, "paper": paper})
            assert report.skipped == [], report.skipped
            assert "page(s)" in report.summary
            out[handout, paper] = path
    return out


@pytest.mark.parametrize("paper", sorted(PAPER_POINTS))
@pytest.mark.parametrize("handout", sorted(OPTIONS))
def test_every_handout_prints_on_both_papers_with_the_footer_on_every_page(
    printed: dict[tuple[str, str], Path], course: Course, handout: str, paper: str
) -> None:
    path = printed[handout, paper]
    reader = PdfReader(path)
    texts = page_texts(path)
    assert len(texts) > 0
    width, height = PAPER_POINTS[paper]
    for n, (page, text) in enumerate(zip(reader.pages, texts, strict=True), start=1):
        assert float(page.mediabox.width) == pytest.approx(width, abs=1.5)
        assert float(page.mediabox.height) == pytest.approx(height, abs=1.5)
        assert f"Page {n} of {len(texts)}" in text
        assert handouts.DISCLAIMER in text
        assert course.title in text
        assert re.search(r"[Rr]eviewed (?:between )?\d{1,2} [A-Z][a-z]+ 20\d\d", text)  # "Reviewed 2 December 2026"


def test_the_answer_key_starts_on_a_new_page_after_the_questions(printed: dict[tuple[str, str], Path], course: Course) -> None:
    texts = page_texts(printed["quiz", "a4"])
    key = [n for n, text in enumerate(texts) if "Answer key" in text]
    assert key, "no answer key"
    first = key[0]
    assert first > 0
    assert texts[first].startswith("Answer key")  # nothing of the questions above it on that page
    questions = handouts.draw_quiz(course, course.modules, "student", handouts.QUIZ_QUESTIONS, 7)
    before = " ".join(texts[:first])
    for n, q in enumerate(questions, start=1):
        assert re.search(rf"(?:^| ){n}\.", before), n
        assert not q.explanation[:40] or q.explanation[:40] not in before  # explanations only in the key
    after = " ".join(texts[first:])
    for n in range(1, len(questions) + 1):
        assert re.search(rf"(?:^| ){n}\. ", after), n
    assert "Name: ____" in texts[0]


def test_the_when_to_call_sheet_has_blank_lines_for_the_phone_numbers(printed: dict[tuple[str, str], Path], course: Course) -> None:
    for paper in PAPER_POINTS:
        texts = page_texts(printed["when-to-call", paper])
        first = texts[0]
        assert first.startswith("When to call the care team")
        for label in ("Care team, daytime", "Care team, nights and weekends", "Emergency services"):
            assert re.search(rf"{re.escape(label)} _{{20,}}", first), label
        assert "Call now, even if it is small" in " ".join(texts)


def test_lesson_diagrams_are_drawn_as_vectors(printed: dict[tuple[str, str], Path]) -> None:
    path = printed["lesson", "a4"]
    reader = PdfReader(path)
    assert all(len(page.images) == 0 for page in reader.pages)  # no raster picture anywhere
    # The diagram's own words are text in the PDF, which a picture of it would not be.
    assert any("The parts of a CAR (chimeric antigen receptor)" in t for t in page_texts(path))
    assert any("What you will learn" in t for t in page_texts(path))


def test_no_line_is_printed_twice_where_pages_break(printed: dict[tuple[str, str], Path], course: Course) -> None:
    # Qt draws the lines next to each page's edge too, clipped: invisible, but text in the PDF.
    module = course.module("car")
    assert module is not None
    blocks = sum(len(s.plain_blocks) for s in module.sections)
    for paper in PAPER_POINTS:
        assert " ".join(page_texts(printed["lesson", paper])).count("In plain words") == blocks


def test_the_family_track_prints_plain_words_and_explains_them(qapp, course: Course, tmp_path: Path) -> None:
    out = tmp_path / "family.pdf"
    pdf.export(course, out, {"handout": "lesson", "modules": ["journey"], "track": "family", "paper": "letter"})
    text = " ".join(page_texts(out))
    assert "In plain words" in text and "Words to know" in text
    assert "What you will learn" not in text  # the objectives are the student track's


def hidden_labels(svg_name: str) -> list[str]:
    assets = paths.assets_dir()
    path = diagram_path(svg_name, assets, assets)
    assert path is not None
    svg, ids = masked_svg(path, (assets,))
    root = ET.fromstring(svg)
    wanted = set(ids)
    return [" ".join("".join(el.itertext()).split()) for el in root.iter() if el.get("id") in wanted]


def test_a_diagram_question_hides_the_labels_even_from_the_pdf_text(qapp, mini_root: Path, tmp_path: Path) -> None:
    questions = (mini_root / "questions" / "01-mini.yaml").read_text(encoding="utf-8")
    write(
        mini_root,
        "questions/01-mini.yaml",
        questions
        + """
- id: mini-002
  type: hotspot
  module: mini
  objective: mini.two
  difficulty: 2
  tracks: [student]
  stem: Where is the part that gives the cell its second signal?
  diagram: car-structure
  answer: costim
  regions: [scfv, hinge, transmembrane, costim, cd3z]
  explanation: It sits inside the cell.
  sources:
    - {source: xu2021, section: CD19}
  reviewed: 2026-11-21
""",
    )
    course = load_course(mini_root, paths.assets_dir())
    assert not course.problems
    out = tmp_path / "quiz.pdf"
    pdf.export(course, out, {"handout": "quiz", "track": "student", "paper": "a4", "seed": 1})
    texts = page_texts(out)
    key = next(n for n, t in enumerate(texts) if t.startswith("Answer key"))
    asked = " ".join(texts[:key])
    assert "Where is the part that gives the cell its second signal?" in asked
    labels = [label for label in hidden_labels("car-structure") if len(label) > 6]
    assert labels
    for label in labels:
        assert label not in asked, label
    assert "Co-stimulatory domain" in " ".join(texts[key:])
    assert all(len(page.images) == 0 for page in PdfReader(out).pages)


def test_bad_options_and_unwritable_places_are_known_errors(qapp, course: Course, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="paper"):
        pdf.export(course, tmp_path / "x.pdf", {"handout": "glossary", "paper": "a5"})
    with pytest.raises(KnownError, match="handout"):
        pdf.export(course, tmp_path / "x.pdf", {"handout": "poster", "paper": "a4"})
    with pytest.raises(KnownError, match="no module"):
        pdf.export(course, tmp_path / "x.pdf", {"handout": "lesson", "modules": ["nope"], "paper": "a4"})
    with pytest.raises(KnownError, match="Cannot write"):
        pdf.export(course, tmp_path / "no-such-folder" / "x.pdf", {"handout": "when-to-call", "paper": "a4"})
    assert list(tmp_path.iterdir()) == []  # and nothing half-written is left behind


@pytest.mark.slow
def test_the_command_line_prints_without_a_window(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    out = tmp_path / "quiz.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "export", "pdf", "--handout", "quiz", "--paper", "letter", "--seed", "4", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout and "page(s)" in result.stdout
    reader = PdfReader(out)
    assert float(reader.pages[0].mediabox.width) == pytest.approx(612, abs=1.5)
    assert any(t.startswith("Answer key") for t in page_texts(out))
