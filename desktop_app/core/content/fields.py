"""Fields of YAML mappings and front matter, checked one by one with the line they came from."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from desktop_app.core.content import yamlsafe
from desktop_app.core.content.problems import ProblemList

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


OBJECTIVE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$")


def check_mapping(data: yamlsafe.LineDict, problems: ProblemList) -> None:
    """Report what is wrong with a mapping as YAML: keys given twice, values that could not be read.

    Call it once per item (a question, a glossary entry, front matter): the field checks below
    then stay quiet about unreadable values, so each problem is reported once, at its line.
    """
    for key, line in data.duplicate_keys:
        problems.add(line, f"key '{key}' appears twice")
    for bad in yamlsafe.invalid_values(data):
        problems.add(bad.line, bad.message)


def is_text(value: Any) -> bool:
    """Plain text in YAML: a string, or a number written where text is expected (never true/false)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def need_str(data: yamlsafe.LineDict, key: str, problems: ProblemList, *, what: str = "") -> str:
    value = data.get(key)
    where = f" in {what}" if what else ""
    if isinstance(value, yamlsafe.Invalid):
        return ""  # reported by check_mapping
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.add(data.line_of(key), f"missing field '{key}'{where}")
        return ""
    if not is_text(value):
        problems.add(data.line_of(key), f"field '{key}'{where} must be text")
        return ""
    return str(value).strip()


def need_text(data: yamlsafe.LineDict, key: str, problems: ProblemList, *, what: str = "") -> str:
    """A field shown to learners as plain text: present, text, and free of markup that would show."""
    from desktop_app.core.content.markup import check_plain

    value = need_str(data, key, problems, what=what)
    if value:
        check_plain(value, data.line_of(key), problems, f"field '{key}'")
    return value


def need_str_list(data: yamlsafe.LineDict, key: str, problems: ProblemList, *, required: bool = True) -> list[str]:
    value = data.get(key)
    if value is None:
        if required:
            problems.add(data.line_of(key), f"missing field '{key}'")
        return []
    if isinstance(value, yamlsafe.Invalid) or (isinstance(value, list) and any(isinstance(v, yamlsafe.Invalid) for v in value)):
        return []  # reported by check_mapping
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        problems.add(data.line_of(key), f"field '{key}' must be a list of text items")
        return []
    return [str(v).strip() for v in value]


def need_date(data: yamlsafe.LineDict, key: str, problems: ProblemList) -> dt.date | None:
    value = data.get(key)
    if isinstance(value, yamlsafe.Invalid):
        return None  # reported by check_mapping
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    if value is None:
        problems.add(data.line_of(key), f"missing field '{key}' (a date such as 2026-11-21)")
    else:
        problems.add(data.line_of(key), f"field '{key}' must be a date such as 2026-11-21")
    return None


def optional_date(data: yamlsafe.LineDict, key: str, problems: ProblemList, after: dt.date | None = None) -> dt.date | None:
    """A date that may be left out (``review_by``); when given, it must come after ``after``."""
    if key not in data or data.get(key) is None:
        return None
    value = need_date(data, key, problems)
    if value is not None and after is not None and value < after:
        problems.add(data.line_of(key), f"'{key}' ({value}) is before the 'reviewed' date ({after})")
        return None
    return value


def need_id_list(data: yamlsafe.LineDict, key: str, problems: ProblemList, pattern: re.Pattern[str], what: str) -> list[str]:
    """An optional list of ids (``replaces: [old-id]``), each of the right shape."""
    ids = need_str_list(data, key, problems, required=False)
    for value in ids:
        if not pattern.match(value):
            problems.add(data.line_of(key), f"'{value}' in '{key}' is not a valid {what}")
    return [v for v in ids if pattern.match(v)]


def split_front_matter(text: str, problems: ProblemList) -> tuple[yamlsafe.LineDict | None, str, int]:
    """Return (front matter, body, line number where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.add(1, "file must start with YAML front matter between '---' lines")
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            front = "\n".join(lines[1:i])
            try:
                data = yamlsafe.load(front, first_line=2)
            except yamlsafe.YamlError as exc:
                problems.add(exc.line, exc.message)
                return None, "", i + 2
            if not isinstance(data, yamlsafe.LineDict):
                problems.add(2, "front matter must be a YAML mapping (key: value lines)")
                return None, "", i + 2
            return data, "\n".join(lines[i + 1 :]), i + 2
    problems.add(1, "front matter is not closed by a '---' line")
    return None, "", 1
