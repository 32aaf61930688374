"""Problems found in content files, reported as ``file:line: message``."""

# (Annotations evaluated at load, for the NamedTuples' sake: see core/content/records.py.)

from pathlib import Path
from typing import NamedTuple


class Problem(NamedTuple):
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ProblemList:
    """Collects problems for one file so that loaders can report every one, not just the first."""

    def __init__(self, path: Path | str, root: Path | None = None) -> None:
        p = Path(path)
        try:
            shown = p.relative_to(root) if root else p
        except ValueError:
            shown = p
        self.path = str(shown)
        self.items: list[Problem] = []

    def add(self, line: int, message: str) -> None:
        problem = Problem(self.path, max(line, 1), message)
        if problem not in self.items[-8:]:  # the same value can be reached twice (an item and its part)
            self.items.append(problem)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)
