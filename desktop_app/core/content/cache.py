"""A cache of the loaded course, so that a normal start does not parse every YAML file again.

The cache file is named by a fingerprint of every content file's path, size and modification time and
of the program version: any change to the course, or a new version, makes a new cache. Only the
course's own data classes and plain built-in values may come out of the file (a restricted
unpickler), so a tampered cache cannot run code; anything odd simply means parsing afresh.
"""

from __future__ import annotations

# The C unpickler itself: the pickle module around it costs about 2 ms of every start, and
# this module only needs Unpickler, dumps and the error type.
import _pickle as pickle
import io
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app import __version__
from desktop_app.core.content.loader import load_course
from desktop_app.core.content.records import Course
from desktop_app.core.digest import fingerprint

if TYPE_CHECKING:
    from desktop_app.core.questions import Bank

_BROKEN = (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError, IndexError)

CACHE_FORMAT = "3"  # bump when what is pickled changes shape
_ALLOWED_MODULES = {"desktop_app.core.content.records", "desktop_app.core.questions", "desktop_app.core.content.problems"}
_ALLOWED_BUILTINS = {
    ("builtins", "frozenset"),
    ("builtins", "set"),
    ("builtins", "dict"),
    ("builtins", "list"),
    ("builtins", "tuple"),
    ("datetime", "date"),
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
    ("pathlib", "Path"),
    ("copyreg", "_reconstructor"),
    ("builtins", "object"),
}


class _CourseUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        if module in _ALLOWED_MODULES or (module, name) in _ALLOWED_BUILTINS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the course cache")


def content_key(root: Path, assets: Path) -> str:
    parts = [__version__, CACHE_FORMAT, str(root.resolve())]
    for base, pattern in ((root, "*"), (assets / "diagrams", "*.svg")):
        if not base.is_dir():
            continue
        for path in sorted(base.rglob(pattern)):
            if path.is_file() and path.suffix in (".yaml", ".yml", ".md", ".svg"):
                st = path.stat()
                parts.append(f"{path.relative_to(base)}\0{st.st_size}\0{st.st_mtime_ns}")
    return fingerprint("\n".join(parts))


def _load(path: Path) -> object:
    return _CourseUnpickler(io.BytesIO(path.read_bytes())).load()


def _save(path: Path, obj: object) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(obj, protocol=5))
    tmp.replace(path)


def load_course_cached(root: Path, assets: Path, cache_dir: Path | None) -> Course:
    """The course from cache when nothing changed; its question bank is read on first use."""
    if cache_dir is None:
        return load_course(root, assets)
    key = content_key(root, assets)
    course_path, bank_path = cache_dir / f"course-{key}.pickle", cache_dir / f"bank-{key}.pickle"

    def bank_from_cache() -> Bank:
        from desktop_app.core.questions import Bank

        try:
            bank = _load(bank_path)
            if isinstance(bank, Bank):
                return bank
        except (OSError, *_BROKEN):
            pass
        return load_course(root, assets).bank  # the cache went missing: parse again

    try:
        course = _load(course_path)
        if isinstance(course, Course):
            course.bank_loader = bank_from_cache
            return course
    except (OSError, *_BROKEN):
        pass
    course = load_course(root, assets)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        # The course changed (or this is a new version): drop the old course and its rendered pages.
        for old in [*cache_dir.glob("course-*.pickle"), *cache_dir.glob("bank-*.pickle"), *cache_dir.glob("pages/*.html")]:
            old.unlink(missing_ok=True)
        _save(bank_path, course.bank)
        _save(course_path, course.without_bank())
    except OSError:
        pass  # a cache that cannot be written only costs speed
    return course
