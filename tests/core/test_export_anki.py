"""The Anki export: real .apkg files, opened the way Anki opens them (a zip holding a SQLite
collection and a media map), and checked for what a learner importing them gets."""

from __future__ import annotations

import json
import re
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import genanki
import pytest

from desktop_app.cli import main
from desktop_app.core import paths
from desktop_app.core.content.loader import load_course
from desktop_app.core.content.records import Course
from desktop_app.core.errors import KnownError
from desktop_app.core.exchange import anki
from desktop_app.core.exchange.handouts import Links, exported_questions, portable_html
from desktop_app.core.render.renderer import Renderer
from tests.conftest import write

PRIVATE_LINK = re.compile(r"""(?:href|src)\s*=\s*["']?\s*(?:source|glossary|section|asset):""", re.I)
IMG_SRC = re.compile(r"""<img\b[^>]*\bsrc="([^"]+)\"""")


@dataclass
class Note:
    guid: str
    model_id: int
    deck: str
    tags: set[str]
    fields: dict[str, str]


@dataclass
class Apkg:
    notes: list[Note]
    decks: dict[int, str]  # id -> name
    models: dict[int, str]  # id -> name
    media: dict[str, bytes]  # file name as the cards use it -> content

    def deck(self, suffix: str) -> list[Note]:
        return [n for n in self.notes if n.deck.endswith(suffix)]

    def by_question(self) -> dict[str, Note]:
        return {n.fields["Question id"]: n for n in self.deck("::Questions")}


def open_apkg(path: Path, work: Path) -> Apkg:
    work.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        collection = "collection.anki21" if "collection.anki21" in names else "collection.anki2"
        z.extract(collection, work)
        media_map = json.loads(z.read("media"))
        media = {name: z.read(number) for number, name in media_map.items()}
    db = sqlite3.connect(work / collection)
    try:
        decks = {int(k): v["name"] for k, v in json.loads(db.execute("SELECT decks FROM col").fetchone()[0]).items()}
        raw_models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
        models = {int(k): v["name"] for k, v in raw_models.items()}
        field_names = {int(k): [f["name"] for f in v["flds"]] for k, v in raw_models.items()}
        rows = db.execute("SELECT n.guid, n.mid, n.tags, n.flds, c.did FROM notes n JOIN cards c ON c.nid = n.id").fetchall()
    finally:
        db.close()
    notes = [
        Note(guid, mid, decks[did], set(tags.split()), dict(zip(field_names[mid], flds.split("\x1f"), strict=True)))
        for guid, mid, tags, flds, did in rows
    ]
    return Apkg(notes, decks, models, media)


@pytest.fixture(scope="module")
def student(course: Course, tmp_path_factory: pytest.TempPathFactory) -> Apkg:
    folder = tmp_path_factory.mktemp("anki-student")
    report = anki.export(course, folder / "course.apkg", {"modules": None, "track": "student"})
    assert report.skipped == []
    return open_apkg(folder / "course.apkg", folder / "open")


def test_one_note_per_question_with_its_tags(course: Course, student: Apkg) -> None:
    notes = student.by_question()
    assert len(student.deck("::Questions")) == len(notes) == len(course.bank) > 400
    for q in course.bank:
        note = notes[q.id]
        expected = {q.module, q.objective, f"difficulty-{q.difficulty}", *(f"track-{t}" for t in q.tracks)}
        assert note.tags == expected, q.id


def test_fronts_and_backs_say_what_each_type_needs(course: Course, student: Apkg) -> None:
    notes = student.by_question()
    seen_types = set()
    for q in course.bank:
        note = notes[q.id]
        seen_types.add(q.type)
        back = note.fields["Answer"]
        if q.type == "single_choice":
            right = next(c for c in q.choices if c.correct)
            assert note.fields["Front"].count("<li>") == len(q.choices)
            assert re.search(rf"[A-Z]\. {re.escape(right.text.replace('&', '&amp;').replace('<', '&lt;'))}", back), q.id
        elif q.type == "cloze":
            assert note.fields["Front"].count("______]") == len(q.blanks), q.id
        elif q.type == "hotspot":
            assert "Which part of the diagram" in note.fields["Front"]
            assert IMG_SRC.search(note.fields["Front diagram"]) and IMG_SRC.search(note.fields["Answer diagram"])
            assert q.title_of(q.answer) in back.replace("&amp;", "&")
        assert note.fields["Explanation"].strip()
        for ref in q.sources:
            source = course.sources[ref.source]
            assert str(source.year) in note.fields["Sources"]
            assert ref.section.replace("&", "&amp;") in note.fields["Sources"]
    assert seen_types == {"single_choice", "multiple_response", "true_false", "matching", "ordering", "cloze", "numeric", "hotspot"}


def test_a_source_is_written_out_in_full(course: Course, student: Apkg) -> None:
    q = next(q for q in course.bank if q.sources[0].source == "xu2021")
    sources = student.by_question()[q.id].fields["Sources"]
    xu = course.sources["xu2021"]
    assert xu.authors in sources and "(2021)" in sources and xu.title[:40] in sources
    assert f"Section: “{q.sources[0].section}”" in sources.replace("&amp;", "&")


def test_the_glossary_deck_has_every_term_with_both_definitions(course: Course, student: Apkg) -> None:
    terms = {n.fields["Term id"]: n for n in student.deck("::Glossary")}
    assert len(terms) == len(course.glossary) > 100
    for term in course.glossary:
        note = terms[term.id]
        assert note.fields["Term"] == term.term.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert note.fields["In plain words"].replace("&amp;", "&") == term.plain
        assert note.fields["More detail"].replace("&amp;", "&") == term.technical
        for alias in term.aliases:
            assert alias in note.fields["Also called"].replace("&amp;", "&")
        assert "glossary" in note.tags
    assert len(student.decks) >= 3  # Anki's Default, and our two
    assert {n.model_id for n in student.deck("::Glossary")}.isdisjoint({n.model_id for n in student.deck("::Questions")})


def test_guids_are_stable_across_exports_and_differ_between_questions(course: Course, student: Apkg, tmp_path: Path) -> None:
    anki.export(course, tmp_path / "again.apkg", {"modules": None, "track": "student"})
    again = open_apkg(tmp_path / "again.apkg", tmp_path / "open")
    first, second = student.by_question(), again.by_question()
    assert {qid: n.guid for qid, n in first.items()} == {qid: n.guid for qid, n in second.items()}
    assert len({n.guid for n in student.notes}) == len(student.notes)  # questions and terms alike
    for qid, note in first.items():
        assert note.guid == genanki.guid_for(course.id, qid)
    assert student.decks == again.decks and student.models == again.models
    # The options on a card come in the same order every time: an import changes nothing it need not.
    assert {q: n.fields for q, n in first.items()} == {q: n.fields for q, n in second.items()}


def test_an_updated_course_updates_its_notes(mini_root: Path, tmp_path: Path) -> None:
    assets = paths.assets_dir()
    v1 = load_course(mini_root, assets)
    anki.export(v1, tmp_path / "v1.apkg", {"track": "student"})
    text = (mini_root / "questions" / "01-mini.yaml").read_text(encoding="utf-8")
    write(mini_root, "questions/01-mini.yaml", text.replace("stem: Pick the right one.", "stem: Pick the one that is right."))
    write(mini_root, "course.yaml", "id: org.example.mini\ntitle: Mini\nversion: 2\nmodules: [mini]\n")
    v2 = load_course(mini_root, assets)
    assert not v2.problems
    anki.export(v2, tmp_path / "v2.apkg", {"track": "student"})
    old = open_apkg(tmp_path / "v1.apkg", tmp_path / "o1").by_question()["mini-001"]
    new = open_apkg(tmp_path / "v2.apkg", tmp_path / "o2").by_question()["mini-001"]
    assert old.guid == new.guid and old.model_id == new.model_id
    assert "Pick the right one." in old.fields["Front"] and "Pick the one that is right." in new.fields["Front"]


def test_every_picture_a_card_shows_is_in_the_media(course: Course, student: Apkg) -> None:
    used: set[str] = set()
    for note in student.notes:
        for value in note.fields.values():
            used.update(IMG_SRC.findall(value))
    hotspots = [q for q in course.bank if q.type == "hotspot"]
    assert hotspots and used
    assert used == set(student.media)  # nothing missing, nothing unused
    for name, data in student.media.items():
        assert "/" not in name and name.startswith("org-car-t-tutor-all-") and name.endswith(".svg")
        assert ET.fromstring(data).tag.endswith("svg")
    # A diagram on the front hides its labels: no text naming a part is left in the file.
    q = hotspots[0]
    front = IMG_SRC.search(student.by_question()[q.id].fields["Front diagram"])
    assert front is not None
    texts = " ".join(ET.fromstring(student.media[front.group(1)]).itertext())
    assert q.title_of(q.answer) not in texts


def test_no_private_link_schemes_reach_anki(student: Apkg) -> None:
    for note in student.notes:
        for name, value in note.fields.items():
            assert not PRIVATE_LINK.search(value), (note.fields.get("Question id") or note.fields.get("Term id"), name)
            assert "asset:" not in value


def test_course_html_loses_its_private_links_but_keeps_their_text(course: Course) -> None:
    renderer = Renderer(course, paths.assets_dir())
    markdown = "Fever can mean CRS [@xu2021: Cytokine Release Syndrome].\n\n![The parts](diagrams/car-structure.svg)"
    rendered = renderer.markdown_html(markdown)
    assert PRIVATE_LINK.search(rendered)  # what the reader gets: links of its own
    seen: list[Path] = []
    links = Links()
    out = portable_html(rendered, image=lambda path: seen.append(path) or "media-name.svg", links=links)
    assert not PRIVATE_LINK.search(out) and "asset:" not in out
    assert "[Xu et al., 2021: Cytokine Release Syndrome]" in out
    assert '<span class="term"' in out and "CRS" in out
    assert 'src="media-name.svg"' in out and seen and seen[0].name == "car-structure.svg"
    assert links.sources == ["xu2021"] and links.terms


def test_the_family_track_exports_only_family_questions(course: Course, student: Apkg, tmp_path: Path) -> None:
    anki.export(course, tmp_path / "family.apkg", {"modules": None, "track": "family"})
    family = open_apkg(tmp_path / "family.apkg", tmp_path / "open")
    notes = family.by_question()
    expected = {q.id for q in course.bank if "family" in q.tracks}
    assert set(notes) == expected and 0 < len(expected) < len(course.bank)
    assert all("track-family" in n.tags for n in notes.values())
    assert all(n.guid == student.by_question()[qid].guid for qid, n in notes.items())


def test_chosen_modules_only(course: Course, tmp_path: Path) -> None:
    anki.export(course, tmp_path / "car.apkg", {"modules": ["car", "toxicity"], "track": "student"})
    pack = open_apkg(tmp_path / "car.apkg", tmp_path / "open")
    questions = exported_questions(course, [m for m in course.modules if m.id in ("car", "toxicity")], "student")
    assert set(pack.by_question()) == {q.id for q in questions}
    assert all({"car", "toxicity"} & n.tags for n in pack.deck("::Questions"))
    terms = pack.deck("::Glossary")
    assert 0 < len(terms) < len(course.glossary)
    with pytest.raises(KnownError, match="no module 'nope'"):
        anki.export(course, tmp_path / "x.apkg", {"modules": ["nope"], "track": "student"})
    assert not (tmp_path / "x.apkg").exists()


def test_the_command_line_writes_a_package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "course.apkg"
    assert main(["export", "anki", "--module", "relapse", "--track", "family", "-o", str(out)]) == 0
    assert "glossary terms" in capsys.readouterr().out
    pack = open_apkg(out, tmp_path / "open")
    assert pack.by_question() and all("relapse" in n.tags and "track-family" in n.tags for n in pack.by_question().values())
    assert not list(tmp_path.glob(".*.part"))


def test_an_unwritable_place_is_a_known_error(course: Course, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="Cannot write"):
        anki.export(course, tmp_path / "missing-folder" / "course.apkg", {"modules": ["car"], "track": "student"})
    (tmp_path / "a-file").write_text("where a folder should be")
    with pytest.raises(KnownError, match=r"Cannot write .*: Not a directory"):  # its .part cannot even be removed
        anki.export(course, tmp_path / "a-file" / "course.apkg", {"modules": ["car"], "track": "student"})
