"""Where a command may write its file: never over a file it reads, never onto a folder.

An author who types ``-o course.yaml`` or a learner who saves results over the progress file
would otherwise lose what the command was reading, with no message at all.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from desktop_app.core.errors import KnownError


def check_output(out: Path, reads: Iterable[Path] = ()) -> None:
    """KnownError if ``out`` has no name, is a folder, or is one of the files in ``reads``."""
    if not str(out) or not out.name or out.name in (".", ".."):
        raise KnownError("No file name was given to write to.", "Give one, for example -o course.ctpack.")
    if out.is_dir():
        raise KnownError(f"{out} is a folder.", f"Give the name of a file to write, for example {out / ('new' + (out.suffix or '-file'))}.")
    target = out.resolve()
    for path in reads:
        if target == path.resolve():
            raise KnownError(f"{out} is a file this command reads: writing there would replace it.", "Choose another file name.")


def course_files(root: Path) -> list[Path]:
    """Every file of the course in ``root``: lessons, questions, pictures (what a pack carries)."""
    from desktop_app.core.exchange.packs import PICTURE_SUFFIXES, TEXT_SUFFIXES

    out: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        out.extend(Path(folder, n) for n in names if Path(n).suffix.lower() in TEXT_SUFFIXES | PICTURE_SUFFIXES)
    return out


def store_files(db_path: Path) -> list[Path]:
    """The progress file and SQLite's files beside it."""
    return [db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"), Path(f"{db_path}-journal")]
