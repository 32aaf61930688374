"""Numeric answers as people type them (a table of inputs and what they mean)."""

from __future__ import annotations

import pytest

from desktop_app.core.kinds.typed_numbers import read_typed_number

CASES = [
    ("40", "", 40),
    (" 40 ", "", 40),
    ("about 40", "%", 40),
    ("About 40%", "%", 40),
    ("40%", "%", 40),
    ("40 %", "%", 40),
    ("40 percent", "%", 40),
    ("40 per cent", "%", 40),
    ("~40", "", 40),
    ("≈ 40", "", 40),
    ("roughly 81.5", "%", 81.5),
    ("81,5", "%", 81.5),
    ("forty", "", 40),
    ("Forty-five", "%", 45),
    ("forty five percent", "%", 45),
    ("one hundred and twenty", "", 120),
    ("a thousand", "patients", 1000),
    ("twelve days", "days", 12),
    ("12 days", "days", 12),
    ("1 day", "days", 1),
    ("14d", "days", 14),
    ("3 weeks", "weeks", 3),
    ("1,000", "", 1000),
    ("1 000", "", 1000),
    ("2,500", "", 2500),
    ("1,000.5", "", 1000.5),
    ("-5", "", -5),
    ("−5", "", -5),
    ("minus five", "", -5),
    (".5", "", 0.5),
    ("half", "", 0.5),
    ("38.0 °C", "°C", 38.0),
    ("38 degrees", "°C", 38),
    ("97 patients", "patients", 97),
    ("40.", "", 40),
    (40, "", 40),
    (2.5, "", 2.5),
]

NOT_ONE_NUMBER = [
    ("", ""),
    ("   ", ""),
    ("about", "%"),
    ("40-50", "%"),
    ("40 to 50", "%"),
    ("40 50", ""),
    ("40 weeks", "days"),  # a different unit is not silently accepted
    ("forty apples", ""),
    ("1,000,5", ""),
    ("nan", ""),
    ("inf", ""),
    ("1e400", ""),
    ("x" * 200, ""),
    (True, ""),
    (None, ""),
    (["40"], ""),
]


@pytest.mark.parametrize(("typed", "unit", "meant"), CASES)
def test_what_a_person_types_is_read_as_they_mean_it(typed, unit, meant) -> None:
    assert read_typed_number(typed, unit) == pytest.approx(meant)


@pytest.mark.parametrize(("typed", "unit"), NOT_ONE_NUMBER)
def test_what_is_not_one_number_is_not_guessed(typed, unit) -> None:
    assert read_typed_number(typed, unit) is None


def test_numeric_questions_grade_what_the_learner_meant(course) -> None:
    from desktop_app.core.grading import grade

    numeric = [q for q in course.bank if q.type == "numeric"]
    assert numeric
    for q in numeric:
        unit = q.unit or ""
        value = f"{q.answer:g}"
        for typed in (value, f"about {value}", f"{value} {unit}".strip(), f"~{value}{unit}"):
            assert grade(q, typed).score == 1.0, (q.id, typed)
        assert grade(q, f"{q.high + abs(q.high) + 1000:g}").score == 0.0
        bad = grade(q, f"{value}-{value}")
        assert bad.score == 0.0 and "one number" in bad.feedback[0]
