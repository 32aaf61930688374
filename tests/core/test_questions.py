"""The validator rejects every kind of broken question with file:line: message."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core import paths
from desktop_app.core.content.loader import load_course
from desktop_app.core.questions import Cloze, Hotspot, Numeric
from tests.conftest import write

HEAD = """- id: {qid}
  type: {qtype}
  module: mini
  objective: mini.one
  difficulty: 2
  tracks: [student]
  stem: A question?
  explanation: Why.
  sources:
    - {{source: xu2021, section: CD19}}
  reviewed: 2026-11-21
"""


def question(qid: str, qtype: str, body: str) -> str:
    return HEAD.format(qid=qid, qtype=qtype) + body


def problems_for(root: Path, text: str) -> list[str]:
    write(root, "questions/01-mini.yaml", text)
    course = load_course(root, paths.assets_dir())
    return [str(p) for p in course.problems]


CHOICES_OK = "  choices:\n    - {text: A, correct: true}\n    - {text: B}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (question("q-1", "essay", ""), "questions/01-mini.yaml:2: unknown question type 'essay'"),
        (
            question("q-1", "single_choice", CHOICES_OK).replace("  stem: A question?\n", ""),
            "questions/01-mini.yaml:1: missing field 'stem'",
        ),
        (
            question("q-1", "single_choice", CHOICES_OK) + question("q-1", "single_choice", CHOICES_OK),
            "questions/01-mini.yaml:15: duplicate question id 'q-1' (first used at questions/01-mini.yaml:1)",
        ),
        (
            question("q-1", "single_choice", "  choices:\n    - {text: A}\n    - {text: B}\n"),
            "questions/01-mini.yaml:12: no choice is marked 'correct: true'",
        ),
        (
            question("q-1", "multiple_response", "  choices:\n    - {text: A}\n    - {text: B}\n"),
            "questions/01-mini.yaml:12: no choice is marked 'correct: true'",
        ),
        (
            question("q-1", "single_choice", "  choices:\n    - {text: A, correct: true}\n    - {text: B, correct: true}\n"),
            "questions/01-mini.yaml:12: a single-choice question has exactly one right answer, this one has 2",
        ),
        (
            question("q-1", "hotspot", "  diagram: car-structure\n  answer: scfv\n  regions: [scfv, tail-fin]\n"),
            "questions/01-mini.yaml:14: diagram 'car-structure' has no region 'tail-fin'",
        ),
        (
            question("q-1", "hotspot", "  diagram: no-such-diagram\n  answer: a\n  regions: [a, b]\n"),
            "questions/01-mini.yaml:12: diagram 'no-such-diagram' not found",
        ),
        (
            question("q-1", "numeric", "  answer: 95\n  range: [70, 90]\n  unit: '%'\n"),
            "questions/01-mini.yaml:12: answer 95 lies outside its own range [70, 90]",
        ),
        (
            question("q-1", "single_choice", CHOICES_OK).replace("source: xu2021", "source: wikipedia"),
            "questions/01-mini.yaml:10: citation names unknown source 'wikipedia'",
        ),
        (
            question("q-1", "single_choice", CHOICES_OK).replace("objective: mini.one", "objective: mini.ten"),
            "questions/01-mini.yaml:4: objective 'mini.ten' is not defined by module 'mini'",
        ),
        (
            question("q-1", "single_choice", CHOICES_OK).replace("difficulty: 2", "difficulty: 5"),
            "questions/01-mini.yaml:5: field 'difficulty' must be 1, 2 or 3",
        ),
        (question("q-1", "single_choice", CHOICES_OK + "  colour: red\n"), "questions/01-mini.yaml:15: unknown field 'colour'"),
        (
            question("q-1", "cloze", "  text: 'The {{1}} and {{3}}'\n  blanks:\n    - accept: [a]\n    - accept: [b]\n"),
            "questions/01-mini.yaml:12: blanks must be numbered {{1}}, {{2}}, ... in order",
        ),
        (
            question("q-1", "cloze", "  text: 'The {{1}} and {{2}}'\n  blanks:\n    - accept: [a]\n    - accept: [b, '  ']\n"),
            "questions/01-mini.yaml:15: an accepted answer is empty",
        ),
        (
            question("q-1", "matching", "  pairs:\n    - {left: A, right: X}\n    - {left: B, right: Y}\n  distractors: [X]\n"),
            "questions/01-mini.yaml:15: distractor 'X' is also a right answer",
        ),
        (
            question("q-1", "numeric", "  answer: 5\n"),
            "questions/01-mini.yaml:1: a numeric question needs exactly one of 'tolerance' or 'range'",
        ),
        ("- id: [broken\n", "questions/01-mini.yaml:2: YAML syntax error"),
        ("id: not-a-list\n", "questions/01-mini.yaml:1: a question file is a YAML list of questions"),
    ],
)
def test_validator_rejects(mini_root: Path, text: str, expected: str) -> None:
    problems = problems_for(mini_root, text)
    assert any(p.startswith(expected) for p in problems), (expected, problems)


def test_every_type_parses(mini_root: Path) -> None:
    text = (
        question("q-sc", "single_choice", CHOICES_OK)
        + question(
            "q-mr", "multiple_response", "  choices:\n    - {text: A, correct: true}\n    - {text: B, correct: true}\n    - {text: C}\n"
        )
        + question("q-tf", "true_false", "  answer: false\n  feedback_true: No.\n  feedback_false: Yes.\n")
        + question("q-ma", "matching", "  pairs:\n    - {left: A, right: X}\n    - {left: B, right: Y}\n  distractors: [Z]\n")
        + question("q-or", "ordering", "  items: [one, two, three]\n")
        + question(
            "q-cl",
            "cloze",
            "  text: 'IL-6 is blocked by {{1}}; IFN is {{2}}.'\n  blanks:\n    - accept: [tocilizumab]\n    - accept: [IFN-γ]\n",
        )
        + question("q-nu", "numeric", "  answer: 81\n  tolerance: 2\n  unit: '%'\n")
        + question("q-hs", "hotspot", "  diagram: car-structure\n  answer: costim\n  regions: [scfv, hinge, costim]\n")
    )
    write(mini_root, "questions/01-mini.yaml", text)
    course = load_course(mini_root, paths.assets_dir())
    assert [str(p) for p in course.problems] == []
    assert len(course.bank) == 8
    numeric = course.bank.get("q-nu")
    assert isinstance(numeric, Numeric) and (numeric.low, numeric.high) == (79, 83)
    cloze = course.bank.get("q-cl")
    assert isinstance(cloze, Cloze) and cloze.parts() == ["IL-6 is blocked by ", 0, "; IFN is ", 1, "."]
    hotspot = course.bank.get("q-hs")
    assert isinstance(hotspot, Hotspot) and all(hotspot.region_titles)


def test_a_bad_question_does_not_hide_its_good_neighbours(mini_root: Path) -> None:
    text = question("q-good", "single_choice", CHOICES_OK) + question("q-bad", "single_choice", "  choices: []\n")
    write(mini_root, "questions/01-mini.yaml", text)
    course = load_course(mini_root, paths.assets_dir())
    assert course.bank.get("q-good") is not None
    assert course.bank.get("q-bad") is None
