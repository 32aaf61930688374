from __future__ import annotations

import pytest

from desktop_app.core.content import yamlsafe


def test_mappings_remember_their_lines_and_duplicate_keys() -> None:
    data = yamlsafe.load("- id: a\n  x: 1\n- id: b\n  id: c\n")
    assert data[0].line == 1 and data[1].line == 3
    assert data[1].line_of("id") == 4
    assert data[1].duplicate_keys == [("id", 4)]


def test_syntax_error_names_the_line() -> None:
    with pytest.raises(yamlsafe.YamlError) as info:
        yamlsafe.load("a: 1\nb: [1, 2\nc: 3\n")
    assert info.value.line in (2, 3)
    assert "YAML syntax error" in info.value.message


def test_unsafe_tags_are_refused() -> None:
    with pytest.raises(yamlsafe.YamlError):
        yamlsafe.load("x: !!python/object/apply:os.system ['echo hi']\n")
