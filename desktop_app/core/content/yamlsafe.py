"""YAML for course files: plain data only, every mapping and key with its line, no surprises.

PyYAML (its C parser) reads the text into nodes; this module turns the nodes into Python values
itself, because PyYAML's own constructors crash on values an author can easily write
(``2026-13-45``, ``!!float abc``, a 4,301-digit number) and quietly turn ``yes`` into ``True``.
Here a value that cannot be read becomes an ``Invalid`` marker carrying its line and a message:
the loader reports it as ``file:line: message`` and leaves that item out, and the rest of the
file still loads. Only YAML's plain types exist (text, numbers, true/false, null, dates, lists
and mappings); any other tag is refused. Aliases are allowed within a budget, so a "billion
laughs" file costs no more than its own size, and nesting is limited.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import cache
from typing import Any, NamedTuple

TAG = "tag:yaml.org,2002:"
MAX_DEPTH = 64  # course files nest a few levels; anything deeper is not a course file
ALIAS_BUDGET = 10_000  # values that aliases may add beyond the file's own
MAX_NUMBER_DIGITS = 30
TRUE_FALSE = {"true": True, "false": False}
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_INT_OTHER = re.compile(r"^[-+]?0(?:x[0-9a-fA-F_]+|o?[0-7_]+|b[01_]+)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$")


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping from YAML that knows where it and each of its keys started (1-based)."""

    line: int = 1
    key_lines: dict[str, int]
    duplicate_keys: list[tuple[str, int]]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Invalid(NamedTuple):
    """A value that could not be read as written: reported, and its item left out."""

    line: int
    message: str

    def __str__(self) -> str:
        return self.message


class YamlError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@cache
def _loader_class() -> type:
    """PyYAML's C parser with YAML 1.1 tag resolution (loaded on first use: a course from the
    cache needs no YAML at all)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str, first_line: int = 1) -> Any:
    """Parse YAML text; raises YamlError (with a 1-based line) when the text is not YAML at all.

    ``first_line`` is the line of the text's first line in its file (front matter starts on 2).
    """
    import yaml

    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark is not None else first_line
        reason = exc.problem or str(exc)
        if exc.context:
            reason = f"{exc.context}: {reason}"
        raise YamlError(line, f"YAML syntax error: {reason}") from exc
    except yaml.YAMLError as exc:
        raise YamlError(first_line, f"YAML error: {exc}") from exc
    finally:
        loader.dispose()
    if node is None:
        return None
    return _Builder(first_line).build(node, 0)


class _Builder:
    def __init__(self, first_line: int) -> None:
        from yaml import MappingNode, ScalarNode, SequenceNode

        self.kinds = (ScalarNode, SequenceNode, MappingNode)
        self.offset = first_line
        self.done: dict[int, tuple[Any, int]] = {}  # node id -> (value, size in values)
        self.building: set[int] = set()
        self.expanded = 0

    def line(self, node: Any) -> int:
        return int(node.start_mark.line) + self.offset

    def build(self, node: Any, depth: int) -> Any:
        scalar_node, sequence_node, mapping_node = self.kinds
        key = id(node)
        if key in self.done:  # an alias: the same value again, paid for from the budget
            seen, size = self.done[key]
            self.expanded += size
            if self.expanded > ALIAS_BUDGET:
                raise YamlError(self.line(node), f"too many YAML aliases (they would expand to over {ALIAS_BUDGET:,} values)")
            return seen
        if key in self.building:
            raise YamlError(self.line(node), "a YAML alias refers to the value that contains it")
        if depth > MAX_DEPTH:
            raise YamlError(self.line(node), f"values are nested more than {MAX_DEPTH} levels deep")
        self.building.add(key)
        before = self.expanded
        count_before = len(self.done)
        if isinstance(node, scalar_node):
            value: Any = self.scalar(node)
        elif isinstance(node, sequence_node):
            value = self.sequence(node, depth)
        elif isinstance(node, mapping_node):
            value = self.mapping(node, depth)
        else:  # pragma: no cover - PyYAML has no other node kinds
            value = Invalid(self.line(node), "unreadable YAML value")
        self.building.discard(key)
        # The size of a value: itself, what it contains, and what its own aliases expanded to.
        size = 1 + (len(self.done) - count_before) + (self.expanded - before)
        self.done[key] = (value, size)
        return value

    # -- the kinds of node

    def scalar(self, node: Any) -> Any:
        tag, text, line = node.tag, node.value, self.line(node)
        if tag == TAG + "str":
            return text
        if tag == TAG + "null":
            return None
        if tag == TAG + "bool":
            if text.lower() in TRUE_FALSE:
                return TRUE_FALSE[text.lower()]
            # YAML 1.1 reads yes/no/on/off as true/false: an author writing `answer: no` or a
            # cloze answer `- no` almost never means that.
            return Invalid(line, f"'{text}' is not true or false here: write true or false, or put text in quotes ('{text}')")
        if tag == TAG + "int":
            return _int(text, line)
        if tag == TAG + "float":
            return _float(text, line)
        if tag == TAG + "timestamp":
            return _timestamp(text, line)
        if tag in (TAG + "seq", TAG + "map"):
            return Invalid(line, f"'{text}' is marked as a {tag[len(TAG) :]} but is a single value")
        shown = tag[len(TAG) :] if tag.startswith(TAG) else tag
        return Invalid(line, f"the YAML tag '{shown}' is not allowed in course files")

    def sequence(self, node: Any, depth: int) -> Any:
        if node.tag != TAG + "seq":
            return self.refuse_tag(node)
        return [self.build(child, depth + 1) for child in node.value]

    def mapping(self, node: Any, depth: int) -> Any:
        scalar_node = self.kinds[0]
        if node.tag != TAG + "map":
            return self.refuse_tag(node)
        result = LineDict()
        result.line = self.line(node)
        result.key_lines = {}
        result.duplicate_keys = []
        for key_node, value_node in node.value:
            key_line = self.line(key_node)
            if not isinstance(key_node, scalar_node):
                raise YamlError(key_line, "a mapping key must be plain text")
            if key_node.tag == TAG + "merge":
                raise YamlError(key_line, "YAML merge keys (<<) are not supported in course files")
            key = self.build(key_node, depth + 1)
            if isinstance(key, Invalid) or (not isinstance(key, (str, int, float, bool)) and key is not None):
                raise YamlError(key_line, "a mapping key must be plain text")
            name = str(key)
            if name in result.key_lines:
                result.duplicate_keys.append((name, key_line))
            result[key] = self.build(value_node, depth + 1)
            result.key_lines[name] = key_line
        return result

    def refuse_tag(self, node: Any) -> Invalid:
        tag = node.tag[len(TAG) :] if node.tag.startswith(TAG) else node.tag
        kind = "a list" if node.id == "sequence" else "a mapping"
        return Invalid(self.line(node), f"the YAML tag '{tag}' is not allowed here (the value is {kind})")


def _int(text: str, line: int) -> Any:
    digits = text.replace("_", "").lstrip("+-")
    if len(digits) > MAX_NUMBER_DIGITS:
        return Invalid(line, f"the number {text[:12]}… has {len(digits)} digits, more than any course value needs")
    try:
        if _INT.match(text):
            return int(text.replace("_", ""))
        if _INT_OTHER.match(text):
            return int(text.replace("_", ""), 0)
    except ValueError:
        pass
    return Invalid(line, f"'{text}' is not a whole number")


def _float(text: str, line: int) -> Any:
    lowered = text.lower().lstrip("+-")
    if lowered in (".nan", ".inf"):
        return Invalid(line, f"'{text}' is not a usable number (not a number or infinite)")
    if len(text) > MAX_NUMBER_DIGITS + 10 or not _FLOAT.match(text.replace(" ", "")):
        return Invalid(line, f"'{text}' is not a number")
    try:
        value = float(text.replace("_", ""))
    except ValueError:
        return Invalid(line, f"'{text}' is not a number")
    if not math.isfinite(value):
        return Invalid(line, f"'{text}' is too large to be a usable number")
    return value


_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _timestamp(text: str, line: int) -> Any:
    m = _DATE.match(text.strip())
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return dt.datetime.fromisoformat(text.strip().replace(" ", "T", 1).replace("Z", "+00:00"))
    except ValueError:
        return Invalid(line, f"'{text}' is not a real date (write it as YYYY-MM-DD, e.g. 2026-11-21)")


def invalid_values(data: Any) -> list[Invalid]:
    """Every Invalid marker inside a loaded value (each shared value visited once)."""
    found: list[Invalid] = []
    seen: set[int] = set()
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, Invalid):
            found.append(value)
        elif isinstance(value, (dict, list)):
            if id(value) in seen:
                continue
            seen.add(id(value))
            stack.extend(value.values() if isinstance(value, dict) else value)
    return sorted(found)
