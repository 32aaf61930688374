"""Reading the files of a content root: text and YAML, with every failure as a problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.core.content import yamlsafe
from desktop_app.core.content.problems import ProblemList

MAX_FILE_BYTES = 2_000_000  # a lesson or question file larger than this is not a lesson


def read_text(path: Path, problems: ProblemList) -> str | None:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            problems.add(1, f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB; not loaded")
            return None
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.add(1, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        problems.add(1, f"cannot read file: {exc.strerror or exc}")
    return None


def load_yaml_file(path: Path, problems: ProblemList) -> Any:
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        return yamlsafe.load(text)
    except yamlsafe.YamlError as exc:
        problems.add(exc.line, exc.message)
        return None
