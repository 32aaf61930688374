"""Results files and class reports: exactly the stored answers, refused when damaged or hostile,
and item analysis checked against a hand-computed example."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

import pytest

from desktop_app.core import paths
from desktop_app.core.exchange.class_report import build_report, item_analysis, read_many, to_csv, to_moodle_gradebook_csv, to_xapi
from desktop_app.core.exchange.results import (
    Answer,
    ModuleInfo,
    ObjectiveLevel,
    Reading,
    Results,
    checksum,
    read_results,
    seal,
    write_results,
)
from desktop_app.core.learning.quiz import TEST
from desktop_app.core.store.database import Store
from desktop_app.core.tutor import Tutor
from tests.core.test_learning import wrong_response


def results(key: str, scores: dict[str, float], course: str = "org.example.c", version: str = "1", at: str = "2026-12-01") -> Results:
    answers = [Answer(q, "m", f"m.{q}", 1, s, 1000, None, 1_000_000.0 + i, 0 if s == 1 else 1) for i, (q, s) in enumerate(scores.items())]
    return Results(
        None, course, version, "A course", key, key.upper(), "", "student", at,
        [ObjectiveLevel(f"m.{q}", "m", "learning", 0, 1) for q in scores], [Reading("m", "s1", 30.0, True)], answers,
        [ModuleInfo("m", "Module M", 1)],
    )  # fmt: skip


def test_item_analysis_matches_a_hand_computed_example() -> None:
    # First tries of four learners on three questions (1 right, 0 wrong):
    #        q1  q2  q3
    #   A     1   1   1
    #   B     1   0   1
    #   C     0   0   1
    #   D     0   1   0
    # Facility: q1 50%, q2 50%, q3 75%. Discrimination = correlation of the item with the mean
    # of the learner's other items: q1 0.25 / sqrt(1 * 0.1875) = 0.577; q2 -0.25 / sqrt(1 * 0.6875)
    # = -0.302; q3: the rest scores are 1, .5, 0, .5 against 1, 1, 1, 0: covariance 0.
    data = {"a": (1, 1, 1), "b": (1, 0, 1), "c": (0, 0, 1), "d": (0, 1, 0)}
    stats = {s.question: s for s in item_analysis([results(k, dict(zip(("q1", "q2", "q3"), v, strict=True))) for k, v in data.items()])}
    assert [round(stats[q].facility, 1) for q in ("q1", "q2", "q3")] == [50.0, 50.0, 75.0]
    assert round(stats["q1"].discrimination, 1) == 57.7
    assert round(stats["q2"].discrimination, 1) == -30.2
    assert round(stats["q3"].discrimination, 1) == 0.0
    assert stats["q1"].common_wrong == 1 and stats["q1"].common_wrong_count == 2


def test_too_few_learners_or_no_spread_gives_no_discrimination() -> None:
    stats = item_analysis([results("a", {"q1": 1, "q2": 1}), results("b", {"q1": 1, "q2": 0})])
    assert all(s.discrimination is None for s in stats)


def answer_some(tutor: Tutor, ids: list[str], right: set[str]) -> None:
    from desktop_app.core.grading import correct_response

    session = tutor.start_quiz(TEST, None, len(ids), question_ids=ids)
    for item in session.items:
        q = item.question
        session.submit(correct_response(q) if q.id in right else wrong_response(q), 3)
        session.next()
    session.finish()


def test_a_results_file_holds_exactly_what_is_stored_and_nothing_else(course, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    tutor = Tutor(course, store, paths.assets_dir())
    ids = [q.id for q in course.bank.questions[:6]]
    answer_some(tutor, ids, set(ids[:3]))
    tutor.record_reading("all", course.modules[0].sections[0].id, 42, True)
    out = tmp_path / "ana.ctresults"
    write_results(tutor, out, "Ana S.", "ana@example.org")
    text = out.read_text(encoding="utf-8")
    assert str(tmp_path) not in text and "p.sqlite3" not in text  # nothing from the machine
    r = read_results(out)
    assert (r.course_id, r.course_version, r.learner_name, r.identifier) == (course.id, course.version, "Ana S.", "ana@example.org")
    stored = store.all_answers(tutor.learner.id)
    assert [(a.question, a.score, a.try_number, a.time_ms, a.confidence) for a in r.answers] == [
        (s["question_id"], s["score"], s["try_number"], s["time_ms"], s["confidence"]) for s in stored
    ]
    assert [(x.module, x.section, x.completed) for x in r.reading] == [("all", course.modules[0].sections[0].id, True)]
    assert {m.objective for m in r.mastery} == {o.id for m in course.modules for o in m.objectives}
    write_results(tutor, tmp_path / "again.ctresults", "Ana S.")
    assert read_results(tmp_path / "again.ctresults").learner_key == r.learner_key  # the same learner, every time
    store.close()


def good_body(tmp_path: Path) -> dict:
    r = tmp_path / "good.ctresults"
    body = {
        "format": "car-t-tutor-results",
        "version": 2,
        "course": {"id": "org.example.c", "version": "1", "title": "C", "modules": [{"id": "m", "title": "M", "sections": 1}]},
        "learner": {"key": "k1", "name": "Ana", "identifier": "", "track": "student"},
        "exported_at": "2026-12-01T10:00:00+00:00",
        "tool": "car-t-tutor test",
        "mastery": [{"objective": "m.o", "module": "m", "level": "learning", "right": 0, "answered": 1}],
        "reading": [{"module": "m", "section": "s", "seconds": 3.0, "completed": False}],
        "questions": [["q", "m", "m.o"]],
        "answer_fields": ["question", "try", "score", "time_ms", "confidence", "answered_at", "response"],
        "answers": [[0, 1, 0.0, 5, None, 1.0, 1]],
    }  # fmt: skip
    r.write_bytes(seal(body))
    return body


def v1(body: dict) -> dict:
    """The same results in format version 1 (answers as objects), as earlier releases wrote."""
    fields = body["answer_fields"]
    answers = []
    for row in body["answers"]:
        a = dict(zip(fields, row, strict=True))
        a["question"], a["module"], a["objective"] = body["questions"][a["question"]]
        answers.append(a)
    out = {k: v for k, v in body.items() if k not in ("questions", "answer_fields")}
    return {**out, "version": 1, "answers": answers}


def sealed_v1(body: dict) -> bytes:
    return json.dumps({**body, "checksum": checksum(body)}).encode()


def as_v1(body: dict) -> bytes:
    return sealed_v1(v1(body))


def reseal(data: bytes) -> bytes:
    """A version 2 file whose body was edited as bytes, with its checksum made to match again."""
    import hashlib

    rest = data.split(b"\n", 1)[1]
    return b'{"checksum":"' + hashlib.sha256(rest).hexdigest().encode() + b'",\n' + rest


def edited(change, write=seal):
    def make(body: dict) -> bytes:
        body = copy.deepcopy(body)
        change(body)
        return write(body)

    return make


def answer(field: str, value) -> object:
    """A change to the first answer's ``field``."""
    return lambda b: b["answers"][0].__setitem__(b["answer_fields"].index(field), value)


DEEP = json.loads("[" * 20 + "1" + "]" * 20)
HOSTILE = {
    "damaged-byte": (lambda b: seal(b).replace(b'"Ana"', b'"Anx"'), "its checksum does not match"),
    "truncated": (lambda b: seal(b)[:-40], "it is not complete JSON"),
    "not-json": (lambda b: b"hello", "it is not complete JSON"),
    "invalid-utf8": (lambda b: b"\xff\xfe" + seal(b), "it is not UTF-8 text"),
    "deeply-nested": (lambda b: b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "deeply-nested-sealed": (lambda b: reseal(seal(b).replace(b",1]]", b"," + b"[" * 99_999 + b"]" * 99_999 + b"]]")), "too deeply"),
    "nested-inside": (edited(lambda b: b.update(tool=DEEP)), "shape of a results file"),
    "nested-response": (edited(answer("response", DEEP)), "nested too deeply"),
    "bool-as-number": (edited(answer("time_ms", True)), "'time_ms' is not a number"),
    "another-program": (edited(lambda b: b.update(format="something-else")), "not a CAR-T Tutor results file"),
    "newer-format": (edited(lambda b: b.update(version=3)), "format version 3"),
    "wrong-type": (edited(answer("score", "high")), "'score' is not a number"),
    "missing-field": (edited(lambda b: b["learner"].pop("key")), "a field is missing"),
    "bad-id": (edited(lambda b: b["questions"][0].__setitem__(0, "../../etc")), "its question is not a valid id"),
    "bad-index": (edited(answer("question", 7)), "names a question that is not in its list"),
    "short-row": (edited(lambda b: b["answers"][0].pop()), "is not a row of the 7 fields"),
    "other-fields": (edited(lambda b: b.update(answer_fields=["question", "score"])), "its answers have the fields"),
    "huge-integer": (edited(answer("time_ms", 10**400)), "'time_ms' is not a number"),
    "v1-huge-integer": (edited(answer("time_ms", 10**400), as_v1), "'time_ms' is not a number"),
    "unknown-field": (edited(lambda b: b.update(extra=DEEP)), "shape of a results file"),
    "infinite-number": (lambda b: seal(b).replace(b",5,", b",1e999,"), "checksum does not match"),
    "infinite-sealed": (edited(answer("answered_at", float("inf"))), "'answered_at' is not a number"),
    # Files from earlier releases (version 1) are read, and refused, as carefully.
    "v1-damaged-byte": (lambda b: as_v1(b).replace(b'"Ana"', b'"Anx"'), "its checksum does not match"),
    "v1-nested-response": (edited(answer("response", DEEP), as_v1), "nested too deeply"),
    "v1-bool-as-number": (edited(answer("time_ms", True), as_v1), "'time_ms' is not a number"),
    "v1-bad-id": (edited(lambda b: b["questions"][0].__setitem__(0, "../.."), as_v1), "its question is not a valid id"),
    "v1-infinite-number": (lambda b: as_v1(b).replace(b'"time_ms": 5', b'"time_ms": 1e999'), "checksum does not match"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_damaged_or_hostile_results_file_is_refused_with_its_name(tmp_path: Path, name: str) -> None:
    make, message = HOSTILE[name]
    bad = tmp_path / f"{name}.ctresults"
    bad.write_bytes(make(good_body(tmp_path)))
    good, aside = read_many([tmp_path])
    assert [r.learner_name for r in good] == ["Ana"]  # the good file is still read
    [(path, reason)] = aside
    assert path == str(bad) and message in reason and reason.startswith(f"{bad.name} is not a results file")


def test_a_version_1_file_from_an_earlier_release_is_read_the_same(tmp_path: Path) -> None:
    body = good_body(tmp_path)
    (tmp_path / "old.ctresults").write_bytes(sealed_v1(v1(body)))
    new, old = read_results(tmp_path / "good.ctresults"), read_results(tmp_path / "old.ctresults")
    assert new._replace(path=None) == old._replace(path=None)
    assert new.answers == [Answer("q", "m", "m.o", 1, 0.0, 5, None, 1.0, 1)]


def test_the_fast_and_the_careful_reading_agree(course, tmp_path: Path) -> None:
    from desktop_app.core.exchange import results as module

    store = Store.open(tmp_path / "p.sqlite3")
    tutor = Tutor(course, store, paths.assets_dir())
    ids = [q.id for q in course.bank.questions]
    answer_some(tutor, ids, set(ids[::2]))
    out = tmp_path / "all.ctresults"
    write_results(tutor, out, "Ana")
    data = out.read_bytes()
    fast = module._fast(data, out)
    assert fast is not None  # a file the program wrote takes the fast path
    assert fast == module._careful(data, out) and len(fast.answers) == len(ids)
    assert {type(a.response) for a in fast.answers} >= {int, list, str}  # every kind of response went through
    store.close()


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    huge = tmp_path / "huge.ctresults"
    with open(huge, "wb") as f:
        f.truncate(30 * 2**20)
    _good, aside = read_many([huge])
    assert "larger than 20 MB" in aside[0].reason


def test_the_report_keeps_one_course_and_the_newest_file_per_learner(tmp_path: Path) -> None:
    files = [
        results("a", {"q1": 1}, at="2026-12-01"),
        results("a", {"q1": 0, "q2": 1}, at="2026-12-02"),  # newer from the same learner
        results("b", {"q1": 0}),
        results("c", {"q1": 1}, version="2"),  # another version
        results("d", {"q1": 1}, course="org.example.other"),
    ]
    report = build_report(files)
    assert [row.key for row in report.learners] == ["a", "b"]
    assert report.learners[0].answers == 2
    reasons = sorted(a.reason for a in report.set_aside)
    assert any("version 2 of the course (this report is for 1)" in r for r in reasons)
    assert any("another course" in r for r in reasons) and any("a newer file from A replaces it" in r for r in reasons)
    assert [row.key for row in build_report(files, exclude=["b"]).learners] == ["a"]  # the instructor removed a learner


def test_needs_help_after_four_wrong_first_tries_on_one_objective() -> None:
    r = results("a", {"q1": 0})
    wrong = [Answer(f"q{i}", "m", "m.hard", 1, 0.0, 1, None, float(i), 0) for i in range(4)]
    report = build_report([r._replace(answers=wrong)])
    assert report.learners[0].needs_help == ["m.hard"]


def test_exports_csv_moodle_gradebook_and_xapi(tmp_path: Path) -> None:
    report = build_report([results("a", {"q1": 1, "q2": 0}), results("b", {"q1": 1, "q2": 1})])
    rows = list(csv.reader(io.StringIO(to_csv(report))))
    assert rows[0][:3] == ["Learner", "Identifier", "Track"] and len(rows) == 3
    moodle = list(csv.reader(io.StringIO(to_moodle_gradebook_csv(report))))
    assert moodle[0] == ["Email address", "First name", "Module M"] and moodle[1][2] == "50.0" and moodle[2][2] == "100.0"
    statements = to_xapi(report)
    answered = [s for s in statements if s["verb"]["id"].endswith("/answered")]
    completed = [s for s in statements if s["verb"]["id"].endswith("/completed")]
    assert len(answered) == 4 and len(completed) == 2
    for s in statements:
        assert s["version"] == "1.0.3" and s["actor"]["account"]["name"] in ("a", "b") and s["object"]["id"].startswith("urn:car-t-tutor:")
    assert answered[0]["result"]["score"]["scaled"] in (0.0, 1.0) and answered[0]["timestamp"].endswith("+00:00")
    assert len({s["id"] for s in statements}) == len(statements)
