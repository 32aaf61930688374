"""Exports read back by the real consumers: GIFT by a published GIFT parser (pygiftparser), the
.apkg by Anki's own library (imported into a fresh collection, then updated by a re-export)."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from desktop_app.core import paths
from desktop_app.core.content.loader import load_course
from desktop_app.core.exchange import anki as anki_export
from desktop_app.core.exchange import gift

pygift = pytest.importorskip("pygiftparser.parser", reason="installed by make test (pip --no-deps: it pins an old Markdown)")
anki_collection = pytest.importorskip("anki.collection", reason="the anki library is a test extra")


def unescape(text: str) -> str:
    """pygiftparser keeps GIFT's escapes (\\: \\= \\~ \\# \\{ \\}) in the text; Moodle drops them."""
    return re.sub(r"\\([~=#{}:\\])", r"\1", text).strip()


def test_every_gift_question_reads_back_with_the_same_answers(course, tmp_path: Path) -> None:
    out = tmp_path / "course.gift"
    report = gift.export(course, out, {"modules": None, "track": "student"})
    with open(out, encoding="utf-8") as f:
        parsed = pygift.parseFile(f)
    by_id = {q.title: q for q in parsed}
    skipped = {s.split(":")[0].strip() for s in report.skipped} if report.skipped else set()
    exported = [q for q in course.bank if q.id not in skipped and q.id in by_id]
    assert len(parsed) == len(exported) == len(course.bank) - len(report.skipped)
    assert all(q.valid for q in parsed)
    kinds = {
        "single_choice": "SelectSet",
        "multiple_response": "MultipleChoicesSet",
        "true_false": "TrueFalseSet",
        "matching": "MatchingSet",
        "numeric": "NumericAnswerSet",
        "cloze": "ShortSet",
    }
    for q in exported:
        got = by_id[q.id].answers
        assert type(got).__name__ == kinds[q.type], q.id
        if q.type == "single_choice":
            right = [unescape(a.answer) for a in got.answers if a.fraction == 100]
            assert right == [c.text.strip() for c in q.choices if c.correct], q.id
            assert len(got.answers) == len(q.choices)
        elif q.type == "multiple_response":
            right = {unescape(a.answer) for a in got.answers if a.fraction > 0}
            assert right == {c.text.strip() for c in q.choices if c.correct}, q.id
            assert sum(a.fraction for a in got.answers if a.fraction > 0) == pytest.approx(100, abs=0.01)
        elif q.type == "true_false":
            assert got.answer is q.answer, q.id
        elif q.type == "matching":
            pairs = {a.question.strip(): unescape(a.answer) for a in got.answers if unescape(a.question)}
            assert pairs == {p.left.strip(): p.right.strip() for p in q.pairs}, q.id
        elif q.type == "numeric":
            (a,) = got.answers
            low = getattr(a, "mini", None)
            if low is not None:
                assert (float(a.mini), float(a.maxi)) == pytest.approx((q.low, q.high)), q.id
            else:
                assert (a.value - a.tolerance, a.value + a.tolerance) == pytest.approx((q.low, q.high)), q.id
        elif q.type == "cloze":
            accepted = {unescape(a.answer) for a in got.answers}
            assert set(q.blanks[0]) <= accepted, q.id


def _import(col, package: Path):
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    return col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=False))
    )


def test_anki_imports_the_deck_and_a_reexport_updates_the_note(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "course"
    shutil.copytree(paths.builtin_content_root(), root)
    course = load_course(root, paths.assets_dir())
    first = tmp_path / "first.apkg"
    anki_export.export(course, first, {"modules": None, "track": "student"})
    col = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        _import(col, first)
        questions, terms = len(course.bank), len(course.glossary)
        assert col.note_count() == questions + terms
        assert col.card_count() == questions + terms
        media = os.listdir(col.media.dir())
        assert len(media) >= len({q.diagram for q in course.bank if q.type == "hotspot"})  # type: ignore[attr-defined]
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert any(n.endswith("::Questions") for n in names) and any(n.endswith("::Glossary") for n in names)

        # The author rewords one question and ships a new version: the same note changes.
        target = next(q for q in course.bank if q.type == "single_choice")
        path = root / target.path if not Path(target.path).is_absolute() else Path(target.path)
        text = path.read_text(encoding="utf-8")
        old_words = target.stem.split("\n")[0][:40]
        assert old_words in text
        path.write_text(text.replace(old_words, "Reworded for the new version, " + old_words, 1), encoding="utf-8")
        (root / "course.yaml").write_text(
            (root / "course.yaml").read_text(encoding="utf-8").replace("version: ", "version: 9", 1), encoding="utf-8"
        )
        updated = load_course(root, paths.assets_dir())
        assert not updated.problems
        second = tmp_path / "second.apkg"
        # Anki updates a note only from a newer one, to the second: a new version is shipped
        # later than the first (both exports falling in one second made this test flaky).
        now = time.time()
        with monkeypatch.context() as later:
            later.setattr(time, "time", lambda: now + 60)
            anki_export.export(updated, second, {"modules": None, "track": "student"})
        _import(col, second)
        assert col.note_count() == questions + terms  # updated in place, not duplicated
        found = col.find_notes('"Reworded for the new version"')
        assert len(found) == 1
    finally:
        col.close()
