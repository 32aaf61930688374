"""The courses installed on this computer: the built-in one, and packs under the data folder.

Each installed pack lives in its own folder, ``<data>/courses/<course id>/``, holding its content
and its manifest. Installing never touches the installed copy until the new one is complete and
checked: the pack is extracted into a temporary folder beside it, loaded and validated like any
content root, compared with what is installed, and only then put in place by renaming folders.
A refused pack leaves the data folder exactly as it was.

Progress is never stored in these folders (it is in the progress file, by course id), so
removing a course keeps its learners' progress, and installing it again brings it back.
"""

# (Annotations evaluated at load, for the NamedTuples' sake: see core/content/records.py.)

import datetime as dt
import errno
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from desktop_app.core.errors import PackError
from desktop_app.core.store.migrations import BUILTIN_COURSE_ID

if TYPE_CHECKING:
    from desktop_app.core.exchange.packs import PackInfo

# The pack reader (zip, hashlib, json) is imported when a pack is opened: opening the window on an
# installed course needs only to know where it is, and start-up is measured.
MANIFEST = "manifest.json"

COURSES_DIR = "courses"

# Folders an install or a removal leaves beside the courses while it works. One older than this
# was left by a process that was killed (an install of a 4,300-question pack takes seconds).
_WORK_PREFIXES = ("installing", "replaced", "removed")
_LEFTOVER_AGE = 600.0


class InstalledCourse(NamedTuple):
    id: str
    title: str
    version: str
    root: Path
    builtin: bool
    reviewed: dt.date | None  # the latest 'reviewed' date of its lessons
    lessons: int
    questions: int
    overdue_lessons: int = 0  # past the date set for their next clinical review
    sections: frozenset[tuple[str, str]] = frozenset()  # (module, section) ids it has


class Change(NamedTuple):
    """What installing a pack would do to what is installed."""

    course_id: str
    title: str
    old_version: str | None  # None: not installed yet
    new_version: str
    lessons_added: list[str]
    lessons_changed: list[str]
    lessons_retired: list[str]
    questions_added: list[str]
    questions_changed: list[str]
    questions_retired: list[str]
    renamed: dict[str, str]  # old id -> new id (questions, modules, objectives)
    overdue: tuple[int, int] = (0, 0)  # lessons, questions past the date set for their next clinical review

    @property
    def is_update(self) -> bool:
        return self.old_version is not None

    @property
    def is_downgrade(self) -> bool:
        from desktop_app.core.content.loader import version_key

        return self.old_version is not None and version_key(self.new_version) < version_key(self.old_version)

    @property
    def is_same_version(self) -> bool:
        return self.old_version == self.new_version

    def summary(self) -> str:
        from desktop_app.core.wording import counted

        lessons, questions = self.overdue
        overdue = (
            f"\n\nPast the date its author set for a clinical review: {counted(lessons, 'lesson')}, {counted(questions, 'question')}. "
            "They are shown with a note to check with the care team."
            if lessons or questions
            else ""
        )
        if not self.is_update:
            return f"Install “{self.title}” version {self.new_version}?{overdue}"
        lines = [f"“{self.title}”: version {self.old_version} is installed; this pack has version {self.new_version}."]
        for label, items in (
            ("Lessons added", self.lessons_added),
            ("Lessons changed", self.lessons_changed),
            ("Lessons retired", self.lessons_retired),
            ("Questions added", self.questions_added),
            ("Questions changed", self.questions_changed),
            ("Questions retired (their history is kept)", self.questions_retired),
        ):
            if items:
                shown = ", ".join(items[:8]) + (f" and {len(items) - 8} more" if len(items) > 8 else "")
                lines.append(f"{label}: {len(items)} ({shown})")
        if self.renamed:
            pairs = [f"{old} → {new}" for old, new in sorted(self.renamed.items())]
            shown = ", ".join(pairs[:8]) + (f" and {len(pairs) - 8} more" if len(pairs) > 8 else "")
            lines.append(f"Renamed (progress moves with them): {len(pairs)} ({shown})")
        if len(lines) == 1:
            lines.append("Nothing in the lessons or questions changed.")
        return "\n".join(lines) + overdue


class Library:
    def __init__(self, data_dir: Path, builtin_root: Path, assets: Path) -> None:
        self.folder = data_dir / COURSES_DIR
        self.builtin_root = builtin_root
        self.assets = assets

    # ------------------------------------------------------------ what is installed

    def _describe(self, root: Path, builtin: bool) -> InstalledCourse | None:
        from desktop_app.core.content.loader import load_course

        course = load_course(root, self.assets, with_questions=False)
        if not course.id:
            return None
        reviewed = max((m.reviewed for m in course.modules), default=None)
        questions = _count_questions(root)
        overdue = sum(m.due_for_review() for m in course.modules)
        sections = frozenset((m.id, s.id) for m in course.modules for s in m.sections)
        return InstalledCourse(
            course.id, course.title, course.version, root, builtin, reviewed, len(course.modules), questions, overdue, sections
        )

    def recover(self) -> None:
        """Finish what a process killed in the middle of an install or a removal left behind.

        Killed between its two renames, an update leaves the course only as ``.replaced-<id>-<time>``:
        that copy is put back (the course never disappears). Other leftovers are deleted once they
        are old enough that no running install can still be using them.
        """
        if not self.folder.is_dir():
            return
        leftovers = []
        for child in self.folder.iterdir():
            kind, _, rest = child.name[1:].partition("-") if child.name.startswith(".") else ("", "", "")
            course_id, _, stamp = rest.rpartition("-")
            if kind in _WORK_PREFIXES and course_id and stamp.isdigit():
                leftovers.append((int(stamp), kind, course_id, child))
        now = time.time()
        for made_ns, kind, folder_id, child in sorted(leftovers, reverse=True):  # the newest copy first
            final = self.folder / folder_id
            try:
                if kind == "replaced" and not final.exists():
                    child.rename(final)
                elif now - made_ns / 1e9 > _LEFTOVER_AGE:
                    shutil.rmtree(child, ignore_errors=True)
            except OSError:
                continue  # a read-only folder: the leftovers are harmless, and skipped when listing

    def installed(self) -> list[InstalledCourse]:
        """The built-in course first, then installed packs by title."""
        self.recover()
        out = []
        builtin = self._describe(self.builtin_root, True)
        if builtin is not None:
            out.append(builtin)
        packs = []
        if self.folder.is_dir():
            for child in sorted(self.folder.iterdir()):
                if child.is_dir() and not child.name.startswith(".") and (child / "course.yaml").is_file():
                    found = self._describe(child, False)
                    if found is not None and found.id == child.name:
                        packs.append(found)
        return out + sorted(packs, key=lambda c: c.title.casefold())

    def root_of(self, course_id: str) -> Path | None:
        """Where the course with this id is, or None if it is not installed."""
        if self.builtin_id() == course_id:
            return self.builtin_root
        root = self.folder / course_id
        if not (root / "course.yaml").is_file():
            self.recover()  # only when it is missing: the start-up path stays one check
        return root if (root / "course.yaml").is_file() and (root / MANIFEST).is_file() else None

    def builtin_id(self) -> str:
        # The built-in course's id is fixed for the program's life (the progress migrations move
        # old progress to it, and a test holds content/course.yaml to it), so opening an
        # installed course at start-up need not load PyYAML to read it again.
        return BUILTIN_COURSE_ID

    # ------------------------------------------------------------ installing

    def inspect(self, pack: Path) -> "tuple[PackInfo, Change, Path]":
        """Check a pack and extract it into a temporary folder; return what installing it would change.

        The temporary folder is left for ``commit`` (or ``discard``): nothing installed is touched.
        """
        from desktop_app.core.content.loader import load_course, renames
        from desktop_app.core.exchange.packs import extract_pack, open_pack

        info = open_pack(pack)
        staging = self.folder / f".installing-{info.manifest.course_id}-{time.time_ns()}"
        try:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # the data folder itself: a file in its place, a read-only drive
                raise PackError(
                    f"{pack.name} could not be installed: the folder {self.folder} cannot be used ({exc.strerror or exc}). "
                    "Nothing was installed.",
                    "Choose a data folder you can write to.",
                ) from exc
            try:
                self.recover()
                extract_pack(info, staging)
            except OSError as exc:
                raise _not_copied(pack, self.folder, exc) from exc
            course = load_course(staging, self.assets)
            if course.problems:
                first = "; ".join(str(p) for p in sorted(course.problems)[:3])
                raise PackError(
                    f"{pack.name} cannot be installed: its course has {len(course.problems)} problem(s), e.g. {first}.",
                    "Nothing was installed. Ask the person who made it to run 'car-t-tutor validate' and build it again.",
                )
            if course.id != info.manifest.course_id or course.version != info.manifest.version:
                raise PackError(
                    f"{pack.name} cannot be installed: its manifest and its course.yaml disagree about the course.",
                    "Nothing was installed. Ask the person who made it to build it again.",
                )
            if course.id == self.builtin_id():
                raise PackError(
                    f"{pack.name} cannot be installed: it uses the id of the course built into CAR-T Tutor ({course.id}).",
                    "Nothing was installed. Ask the person who made it to give the course its own id.",
                )
            old_root = self.root_of(course.id)
            old = load_course(old_root, self.assets) if old_root is not None else None
            change = _compare(old, course, renames(course))
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return info, change, staging

    def commit(self, course_id: str, staging: Path) -> Path:
        """Put a checked, extracted pack in place of what is installed under its id (two renames)."""
        final = self.folder / course_id
        old = self.folder / f".replaced-{course_id}-{time.time_ns()}"
        try:
            if final.exists():
                final.rename(old)
            staging.rename(final)
        except OSError as exc:
            if old.exists() and not final.exists():
                old.rename(final)
            shutil.rmtree(staging, ignore_errors=True)
            raise PackError(f"The course could not be put in place: {exc.strerror or exc}.", "Nothing was changed.") from exc
        shutil.rmtree(old, ignore_errors=True)
        return final

    def discard(self, staging: Path) -> None:
        shutil.rmtree(staging, ignore_errors=True)

    def install(self, pack: Path, confirm: Callable[[Change], bool] | None = None, allow_downgrade: bool = False) -> Change | None:
        """Install or update from a pack; None if the user (``confirm``) said no."""
        _info, change, staging = self.inspect(pack)
        if change.is_downgrade and not allow_downgrade:
            self.discard(staging)
            raise PackError(
                f"{pack.name} has version {change.new_version} of “{change.title}”, older than the installed {change.old_version}.",
                "Nothing was installed. To replace the newer one anyway, confirm the downgrade "
                "(on the command line: pack install --allow-downgrade).",
            )
        try:
            accepted = confirm is None or confirm(change)
        except BaseException:
            self.discard(staging)
            raise
        if not accepted:
            self.discard(staging)
            return None
        self.commit(change.course_id, staging)
        return change

    def remove(self, course_id: str) -> None:
        if course_id == self.builtin_id():
            raise PackError("The course built into CAR-T Tutor cannot be removed.")
        from desktop_app.core.content.loader import COURSE_ID

        root = self.folder / course_id
        if not COURSE_ID.match(course_id) or not root.is_dir():  # ("." or "" would name the courses folder itself)
            raise PackError(f"No course with the id '{course_id}' is installed.", "'car-t-tutor pack list' shows the installed courses.")
        trash = self.folder / f".removed-{course_id}-{time.time_ns()}"
        try:
            root.rename(trash)
        except OSError as exc:
            raise PackError(f"The course could not be removed: {exc.strerror or exc}.") from exc
        shutil.rmtree(trash, ignore_errors=True)


def _not_copied(pack: Path, folder: Path, exc: OSError) -> PackError:
    """The environment's fault while copying a pack in: what happened, and what to do."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        advice = "Free some space on the disk and open the pack again."
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        advice = f"The folder {folder} cannot be written: choose a data folder you can write to."
    else:
        advice = "If the pack is on a USB stick or a network folder, copy it to this computer first."
    return PackError(f"{pack.name} could not be installed: {exc.strerror or exc}. Nothing was installed.", advice)


def _count_questions(root: Path) -> int:
    """Questions in a course without parsing them (for the Courses page): '- id:' lines."""
    n = 0
    for path in sorted((root / "questions").glob("*.yaml")) if (root / "questions").is_dir() else []:
        try:
            n += sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("- id:"))
        except (OSError, UnicodeDecodeError):
            continue
    return n


def _compare(old, new, renamed_by_kind: dict[str, dict[str, str]]) -> Change:
    renamed = {o: n for mapping in renamed_by_kind.values() for o, n in mapping.items()}
    new_lessons = {m.id: m for m in new.modules}
    new_questions = {q.id: q for q in new.bank}
    overdue = (sum(m.due_for_review() for m in new.modules), sum(q.due_for_review() for q in new.bank))
    if old is None:
        return Change(new.id, new.title, None, new.version, sorted(new_lessons), [], [], sorted(new_questions), [], [], renamed, overdue)
    old_lessons = {renamed.get(m.id, m.id): m for m in old.modules}
    old_questions = {renamed.get(q.id, q.id): q for q in old.bank}

    def lesson_text(m) -> tuple:
        return (m.title, m.summary, tuple((s.id, s.title, s.markdown) for s in m.sections), m.objectives)

    def question_text(q) -> tuple:
        return tuple(v for k, v in q.__dict__.items() if k not in ("path", "line", "reviewed", "replaces", "review_by", "id"))

    return Change(
        new.id,
        new.title,
        old.version,
        new.version,
        sorted(set(new_lessons) - set(old_lessons)),
        sorted(i for i in set(new_lessons) & set(old_lessons) if lesson_text(new_lessons[i]) != lesson_text(old_lessons[i])),
        sorted(set(old_lessons) - set(new_lessons)),
        sorted(set(new_questions) - set(old_questions)),
        sorted(i for i in set(new_questions) & set(old_questions) if question_text(new_questions[i]) != question_text(old_questions[i])),
        sorted(set(old_questions) - set(new_questions)),
        renamed,
        overdue,
    )
