"""Reading the files of a content root: only regular files inside it, under a size cap.

A pack comes from someone else (an instructor's USB stick), so a "file" in it may be a link to
``/dev/zero``, a FIFO that never ends, a link to a file elsewhere on the learner's disk, or
simply enormous. Every read goes through ``open_inside``: the path must resolve inside the pack
(or the program's own assets), the opened descriptor must be a regular file, and no more than
the cap is ever read. Opening is non-blocking, so a FIFO cannot stall the program.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from desktop_app.core.content import yamlsafe
from desktop_app.core.content.problems import Problem, ProblemList

MAX_FILE_BYTES = 2_000_000  # a lesson or question file larger than this is not a lesson


class UnsafeFile(Exception):
    """The path is not a regular file inside the allowed folders, or is too large."""


def inside(path: Path, *bases: Path) -> Path | None:
    """The resolved path if it lies inside one of ``bases`` (links followed), else None."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a link loop on older Pythons
        return None
    for base in bases:
        try:
            if resolved.is_relative_to(base.resolve()):
                return resolved
        except (OSError, RuntimeError):
            continue
    return None


def read_bytes_inside(path: Path, bases: tuple[Path, ...], limit: int) -> bytes:
    """The bytes of a regular file inside ``bases``, at most ``limit`` of them; else UnsafeFile."""
    resolved = inside(path, *bases) if bases else path
    if resolved is None:
        raise UnsafeFile("it lies outside the course folder (a link to somewhere else?)")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(resolved, flags)
    except OSError as exc:
        raise UnsafeFile(f"cannot read it: {exc.strerror or exc}") from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFile("it is not a regular file (a device, a pipe or a folder)")
        if st.st_size > limit:
            raise UnsafeFile(f"it is larger than {_size(limit)}")
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise UnsafeFile(f"it is larger than {_size(limit)}")
        return b"".join(chunks)
    except OSError as exc:
        raise UnsafeFile(f"cannot read it: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} MB" if n >= 1_000_000 else f"{n / 1000:g} KB"


def read_text(path: Path, problems: ProblemList, bases: tuple[Path, ...] = (), limit: int = MAX_FILE_BYTES) -> str | None:
    try:
        data = read_bytes_inside(path, bases, limit)
    except UnsafeFile as exc:
        problems.add(1, f"not loaded: {exc}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.add(line, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        return None
    if "\x00" in text:
        problems.add(text[: text.index("\x00")].count("\n") + 1, "the file contains a NUL character: not a text file")
        return None
    return text.removeprefix("\ufeff")


def load_yaml_file(path: Path, problems: ProblemList, bases: tuple[Path, ...] = ()) -> Any:
    text = read_text(path, problems, bases)
    if text is None:
        return None
    try:
        return yamlsafe.load(text)
    except yamlsafe.YamlError as exc:
        problems.add(exc.line, exc.message)
        return None


def content_files(root: Path, folder: str, pattern: str, out: list[Problem]) -> list[Path]:
    """Files matching ``pattern`` in ``root/folder``, when that folder itself lies inside ``root``.

    A ``modules`` or ``questions`` folder that is a link to somewhere else yields nothing and is
    reported; links to single files are checked again when each is read.
    """
    path = root / folder
    if not path.is_dir():
        return []
    if inside(path, root) is None:
        out.append(Problem(f"{folder}/", 1, "this folder is a link to somewhere outside the course folder; not loaded"))
        return []
    return sorted(path.glob(pattern))
