from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.core.content import yamlsafe
from desktop_app.core.content.yamlsafe import Invalid


def test_mappings_remember_their_lines_and_duplicate_keys() -> None:
    data = yamlsafe.load("- id: a\n  x: 1\n- id: b\n  id: c\n")
    assert data[0].line == 1 and data[1].line == 3
    assert data[1].line_of("id") == 4
    assert data[1].duplicate_keys == [("id", 4)]


def test_lines_count_from_where_the_text_starts_in_its_file() -> None:
    data = yamlsafe.load("id: a\nreviewed: 2026-13-45\n", first_line=2)
    assert data.line_of("reviewed") == 3 and data["reviewed"] == Invalid(3, data["reviewed"].message)


def test_syntax_error_names_the_line() -> None:
    with pytest.raises(yamlsafe.YamlError) as info:
        yamlsafe.load("a: 1\nb: [1, 2\nc: 3\n")
    assert info.value.line in (2, 3)
    assert "YAML syntax error" in info.value.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("reviewed: 2026-13-45", "'2026-13-45' is not a real date (write it as YYYY-MM-DD, e.g. 2026-11-21)"),
        ("x: !!timestamp x", "'x' is not a real date (write it as YYYY-MM-DD, e.g. 2026-11-21)"),
        ("x: !!float abc", "'abc' is not a number"),
        ("x: !!int abc", "'abc' is not a whole number"),
        ("x: !!bool maybe", "'maybe' is not true or false here: write true or false, or put text in quotes ('maybe')"),
        ("answer: yes", "'yes' is not true or false here: write true or false, or put text in quotes ('yes')"),
        ("accept: [no]", "'no' is not true or false here: write true or false, or put text in quotes ('no')"),
        ("answer: .nan", "'.nan' is not a usable number (not a number or infinite)"),
        ("answer: -.inf", "'-.inf' is not a usable number (not a number or infinite)"),
        ("answer: 1.0e+400", "'1.0e+400' is too large to be a usable number"),
        ("x: " + "1" * 4301, "the number 111111111111… has 4301 digits, more than any course value needs"),
        ("answer: 1" + "0" * 400, "the number 100000000000… has 401 digits, more than any course value needs"),
        ("x: !!map [1]", "the YAML tag 'map' is not allowed here (the value is a list)"),
        ("x: !!set [1]", "the YAML tag 'set' is not allowed here (the value is a list)"),
        ("x: !!seq {a: 1}", "the YAML tag 'seq' is not allowed here (the value is a mapping)"),
        ("x: !!binary aGk=", "the YAML tag 'binary' is not allowed in course files"),
        (
            "x: !!python/object/apply:os.system ['echo hi']",
            "the YAML tag 'python/object/apply:os.system' is not allowed here (the value is a list)",
        ),
        ("x: !local text", "the YAML tag '!local' is not allowed in course files"),
    ],
)
def test_values_that_cannot_be_read_become_invalid_markers_with_their_line(text: str, message: str) -> None:
    data = yamlsafe.load("ok: 1\n" + text + "\n")
    [bad] = yamlsafe.invalid_values(data)
    assert bad == Invalid(2, message)
    assert data["ok"] == 1  # the rest of the file is read


def test_plain_values_read_as_yaml_1_1_would_except_yes_and_no() -> None:
    data = yamlsafe.load("a: true\nb: False\nc: 12\nd: 0.5\ne: 2026-11-21\nf: ~\ng: 1_000\nh: 0x1f\ni: 'yes'\nj: [on]\n")
    assert [data[k] for k in "abcdefghi"] == [True, False, 12, 0.5, dt.date(2026, 11, 21), None, 1000, 31, "yes"]
    assert data["j"] == [Invalid(10, "'on' is not true or false here: write true or false, or put text in quotes ('on')")]


def test_aliases_within_the_budget_work_and_a_bomb_is_refused() -> None:
    assert yamlsafe.load("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
    )
    with pytest.raises(yamlsafe.YamlError) as info:
        yamlsafe.load(bomb)
    assert "too many YAML aliases" in info.value.message and info.value.line == 4


def test_deep_nesting_and_merge_keys_are_refused_with_their_line() -> None:
    with pytest.raises(yamlsafe.YamlError) as info:
        yamlsafe.load("x:\n  y: " + "[" * 200 + "]" * 200 + "\n")
    assert info.value.line == 2
    with pytest.raises(yamlsafe.YamlError) as info:
        yamlsafe.load("a: &a {b: 1}\nc:\n  <<: *a\n")
    assert info.value.line == 3 and "merge keys" in info.value.message
