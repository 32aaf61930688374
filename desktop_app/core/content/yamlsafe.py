"""Safe YAML loading that remembers the line of every mapping and key.

Content errors must name a file and line, and PyYAML forgets positions once it has built
Python objects; this loader keeps them on the dicts it returns.
"""

from __future__ import annotations

from functools import cache
from typing import Any


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping from YAML that knows where it and each of its keys started (1-based)."""

    line: int = 1
    key_lines: dict[str, int]
    duplicate_keys: list[tuple[str, int]]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


@cache
def _loader() -> type:
    """The line-keeping loader, built on first use: PyYAML is not needed when the course comes from cache."""
    import yaml

    base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class LineLoader(base):  # type: ignore[misc, valid-type]
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
            result = LineDict()
            result.line = node.start_mark.line + 1
            result.key_lines = {}
            result.duplicate_keys = []
            self.flatten_mapping(node)
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    raise yaml.constructor.ConstructorError(None, None, "a mapping key must be plain text", key_node.start_mark)
                key_line = key_node.start_mark.line + 1
                if key in result:
                    result.duplicate_keys.append((str(key), key_line))
                result[key] = self.construct_object(value_node, deep=deep)
                result.key_lines[str(key)] = key_line
            return result

    LineLoader.add_constructor("tag:yaml.org,2002:map", LineLoader.construct_mapping)
    return LineLoader


class YamlError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load(text: str) -> Any:
    """Parse YAML text; raises YamlError with a 1-based line on malformed input."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        reason = exc.problem or str(exc)
        if exc.context:
            reason = f"{exc.context}: {reason}"
        raise YamlError(line, f"YAML syntax error: {reason}") from exc
    except yaml.YAMLError as exc:
        raise YamlError(1, f"YAML error: {exc}") from exc
