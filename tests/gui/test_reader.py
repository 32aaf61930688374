"""Reading: the window opens on a lesson, tracks switch, terms explain themselves, progress is kept."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QToolTip

from desktop_app.core import paths
from desktop_app.core.store.database import Store
from desktop_app.gui.app import build_window
from desktop_app.gui.raster_cache import RasterCache
from tests.gui.conftest import FakeClock


def test_first_start_shows_the_first_lesson_and_the_disclaimer(open_window) -> None:
    w = open_window()
    assert w.stack.currentWidget() is w.reader
    assert w.reader.module.id == "all" and w.reader.section.id == w.tutor.course.modules[0].sections[0].id
    text = w.reader.text.toPlainText()
    assert "What ALL is" in text or w.reader.section.title in text
    assert "not medical advice" in w.disclaimer.text()
    assert not w.banner.isVisible()
    assert w.tutor.learner.name  # a default learner exists


def test_family_track_shows_plain_words_only(open_window, qtbot) -> None:
    w = open_window()
    student = w.reader.text.toPlainText()
    qtbot.mouseClick(w.reader.family_button, Qt.MouseButton.LeftButton)
    family = w.reader.text.toPlainText()
    assert w.tutor.track == "family"
    assert "In plain words" in family and len(family) < len(student) / 2
    assert "[xu2021" not in family and "[li:" not in family
    qtbot.mouseClick(w.reader.student_button, Qt.MouseButton.LeftButton)
    assert w.reader.text.toPlainText() == student


def test_keyboard_moves_between_sections(open_window, qtbot) -> None:
    w = open_window()
    first = w.reader.section.id
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    second = w.reader.section.id
    assert second != first
    qtbot.keyClick(w, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert w.reader.section.id not in (first, second)
    qtbot.keyClick(w, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(w, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert w.reader.section.id == first


def test_glossary_term_shows_definition_on_hover_and_click(open_window, qtbot) -> None:
    w = open_window()
    html = w.reader.text.toHtml()
    assert "glossary:" in html
    term = w.tutor.course.term("cytokine-release-syndrome") or w.tutor.course.glossary[0]
    w.reader.text.on_link_hovered(QUrl(f"glossary:{term.id}"))
    assert term.plain[:30] in QToolTip.text()
    with qtbot.waitSignal(w.reader.text.term_clicked) as blocker:
        w.reader.text.anchorClicked.emit(QUrl(f"glossary:{term.id}"))
    assert blocker.args == [term.id]
    assert w.term_dialog.isVisible() and w.term_dialog.windowTitle() == term.term
    shown = w.term_dialog.text.toPlainText()
    assert term.plain[:30] in shown and term.technical[:30] in shown
    qtbot.mouseClick(w.term_dialog.open_button, Qt.MouseButton.LeftButton)
    assert w.stack.currentWidget() is w.glossary_page() and not w.term_dialog.isVisible()


def test_citation_opens_the_sources_page(open_window, qtbot) -> None:
    w = open_window()
    w.reader.text.anchorClicked.emit(QUrl("source:xu2021#cd19"))
    assert w.stack.currentWidget() is w.sources
    text = w.sources.text.toPlainText()
    assert "Peer-reviewed journal review" in text and "Student paper (not peer-reviewed)" in text


def test_glossary_page_lists_and_finds_terms(open_window, qtbot) -> None:
    w = open_window()
    w.show_view("glossary")
    page = w.glossary_page()
    assert page.list.count() >= 80
    qtbot.keyClicks(page.search, "tocilizumab")
    visible = [page.list.item(i).text() for i in range(page.list.count()) if not page.list.item(i).isHidden()]
    assert any("ocilizumab" in v for v in visible)
    assert "Technical" in page.detail.toPlainText() and "In plain words" in page.detail.toPlainText()


def test_reading_progress_and_last_section_survive_a_restart(open_window, qtbot, tmp_path) -> None:
    clock = FakeClock()
    w = open_window(clock=clock)
    module = w.tutor.course.module("car")
    section = module.sections[1]
    w.open_section(module.id, section.id)
    bar = w.reader.text.verticalScrollBar()
    bar.setValue(bar.maximum())
    clock.advance(45)
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # leave it: read
    row = w.tutor.store.section_read(w.tutor.learner.id, "car", section.id)
    assert row["completed"] and row["seconds"] >= 45
    assert "1/" in w.nav.module_items["car"].text(1)
    last = w.reader.section.id
    clock.advance(2)  # stays on the next section long enough for it to count as a visit
    w.close()

    w2 = open_window()
    assert (w2.reader.module.id, w2.reader.section.id) == ("car", last)
    assert w2.nav.section_items[("car", section.id)].text(1) == "✓"


def test_a_glance_is_not_a_read(open_window, qtbot) -> None:
    clock = FakeClock()
    w = open_window(clock=clock)
    first = w.reader.section  # shown at start, timed by the fake clock from the first moment
    clock.advance(3)
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    row = w.tutor.store.section_read(w.tutor.learner.id, "all", first.id)
    assert row is not None and row["seconds"] == 3 and not row["completed"]
    clock.advance(0.2)
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # flipped past: not a visit
    second = w.tutor.course.modules[0].sections[1]
    assert w.tutor.store.section_read(w.tutor.learner.id, "all", second.id) is None


def test_mark_as_read_button(open_window, qtbot) -> None:
    w = open_window()
    qtbot.mouseClick(w.reader.mark_button, Qt.MouseButton.LeftButton)
    assert w.tutor.store.section_read(w.tutor.learner.id, "all", w.reader.section.id)["completed"]
    qtbot.mouseClick(w.reader.mark_button, Qt.MouseButton.LeftButton)
    assert not w.tutor.store.section_read(w.tutor.learner.id, "all", w.reader.section.id)["completed"]


def test_diagram_is_drawn_in_the_lesson(open_window) -> None:
    w = open_window()
    module = w.tutor.course.module("car")
    section = next(s for s in module.sections if "car-structure.svg" in s.markdown)
    w.open_section("car", section.id)
    html = w.reader.text.toHtml()
    assert "asset:" in html
    image = w.reader.text.loadResource(2, QUrl(next(part for part in html.split('"') if part.startswith("asset:"))))
    assert not image.isNull() and image.width() > 200


def test_outside_files_are_never_loaded(open_window, tmp_path) -> None:
    w = open_window()
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG")
    assert w.reader.text.loadResource(2, QUrl("asset:" + str(secret))).isNull()
    assert w.reader.text.loadResource(2, QUrl("https://example.org/x.png")) is None


def test_a_drawn_diagram_is_kept_on_disk_and_reused(qtbot, tmp_path) -> None:
    store = Store.open(tmp_path / "progress.sqlite3")
    w = build_window(store, None, tmp_path / "cache")
    qtbot.addWidget(w)
    w.show()
    module = w.tutor.course.module("car")
    section = next(s for s in module.sections if "car-structure.svg" in s.markdown)
    w.open_section("car", section.id)
    url = QUrl(next(part for part in w.reader.text.toHtml().split('"') if part.startswith("asset:")))
    for earlier in (tmp_path / "cache" / "diagrams").glob("*.argb"):  # this lesson and the first one
        earlier.unlink()
    drawn = w.reader.text.loadResource(2, url)
    [kept] = (tmp_path / "cache" / "diagrams").glob("*.argb")
    # What is on disk is what is shown next time: paint the kept pixels white and ask again.
    data = kept.read_bytes()
    kept.write_bytes(data[:8] + b"\xff" * (len(data) - 8))
    again = w.reader.text.loadResource(2, url)
    assert again.size() == drawn.size() and again.pixelColor(5, 5).name() == "#ffffff"
    # A file cut short is drawn again and replaced.
    kept.write_bytes(data[:100])
    redrawn = w.reader.text.loadResource(2, url)
    assert redrawn == drawn and kept.read_bytes() == data
    w.close()
    store.close()


def test_the_diagram_cache_keeps_only_the_newest_files_within_its_budget(qtbot, tmp_path) -> None:
    cache = RasterCache(tmp_path / "diagrams", budget=2 * (8 + 40 * 20 * 4))
    svg = paths.assets_dir() / "diagrams" / "car-structure.svg"
    image = QImage(bytes(40 * 20 * 4), 40, 20, 160, QImage.Format.Format_ARGB32_Premultiplied).copy()
    for width in (100, 200, 300):
        cache.put(svg, width, 1.0, image)
    assert len(list((tmp_path / "diagrams").glob("*.argb"))) == 2
    assert cache.get(svg, 100, 1.0) is None and cache.get(svg, 300, 1.0) == image


def test_unticking_mark_as_read_is_not_undone_by_leaving(open_window, qtbot) -> None:
    clock = FakeClock()
    w = open_window(clock=clock)
    section = w.tutor.course.module("car").sections[1]
    for untick in (False, True):
        w.open_section("car", section.id)
        bar = w.reader.text.verticalScrollBar()
        bar.setValue(bar.maximum())  # read to the end, long enough: it counts as read...
        clock.advance(45)
        if untick:  # ...unless the learner says it does not
            qtbot.mouseClick(w.reader.mark_button, Qt.MouseButton.LeftButton)
            assert not w.reader.mark_button.isChecked()
        qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        row = w.tutor.store.section_read(w.tutor.learner.id, "car", section.id)
        assert bool(row["completed"]) is not untick
    assert w.nav.module_items["car"].text(1).startswith("0/")


def test_opening_the_program_for_a_moment_is_not_a_day_of_study(open_window, qtbot) -> None:
    w = open_window()
    qtbot.wait(1300)  # the first section's visit is noted (it keeps the place to resume)
    assert w.tutor.resume_point() is not None
    w.show_view("dashboard")
    assert "Study streak: <b>0 days</b>" in w.dashboard().summary.text()
    w.show_view("courses")
    card = " ".join(label.text() for label in w.courses_page().cards[w.tutor.course.id].findChildren(QLabel))
    assert "Not started yet." in card
