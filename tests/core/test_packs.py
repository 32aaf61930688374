"""Course packs: build, inspect, install, update, remove; and hostile packs refused whole."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import warnings
import zipfile
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core import paths
from desktop_app.core.content.loader import load_course
from desktop_app.core.errors import PackError
from desktop_app.core.exchange.library import Library
from desktop_app.core.exchange.packs import MANIFEST, build_pack, open_pack
from desktop_app.core.exchange.scaffold import scaffold
from desktop_app.core.store.migrations import BUILTIN_COURSE_ID as BUILTIN


def new_course(folder: Path, title: str = "Heart basics", course_id: str = "org.example.heart") -> Path:
    scaffold(folder, title, course_id)
    return folder


def library(tmp_path: Path) -> Library:
    return Library(tmp_path / "data", paths.builtin_content_root(), paths.assets_dir())


def tree(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_new_course_is_valid_and_has_one_question_of_each_type(tmp_path: Path) -> None:
    root = new_course(tmp_path / "course")
    course = load_course(root, paths.assets_dir())
    assert course.problems == [] and course.id == "org.example.heart"
    from desktop_app.core.questions import QUESTION_TYPES

    assert sorted(q.type for q in course.bank) == sorted(QUESTION_TYPES)
    assert (root / "README.md").read_text().startswith("# Writing this course")
    with pytest.raises(PackError):
        scaffold(root, "Again")  # never over an existing course


@pytest.mark.parametrize("title", ["Notes\\", "C:\\temp\\x41", 'He said "hi"', "x: y #z", "Émile — “cours”", "[draft] {1}"])
def test_a_new_course_keeps_its_title_exactly_as_typed(tmp_path: Path, title: str) -> None:
    root = new_course(tmp_path / "course", title=title)
    course = load_course(root, paths.assets_dir())
    assert course.problems == [] and course.title == title


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"title": ""}, "The title '' cannot be used."),
        ({"title": "a" * 201}, "cannot be used."),
        ({"title": "Two\nlines"}, "cannot be used."),
        ({"course_id": "Org.Example.UP"}, "The course id 'Org.Example.UP' cannot be used."),
        ({"course_id": "has space"}, "cannot be used."),
        ({"course_id": "bad/../id"}, "cannot be used."),
        ({"course_id": "x #y"}, "cannot be used."),
    ],
)
def test_a_new_course_refuses_a_title_or_id_it_could_not_keep(tmp_path: Path, args: dict[str, str], message: str) -> None:
    with pytest.raises(PackError) as info:
        scaffold(tmp_path / "course", **args)
    assert message in info.value.message and not (tmp_path / "course").exists()


def test_a_new_course_is_written_only_into_a_new_or_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    for folder, message in (
        (tmp_path / "afile", "is a file, not a folder."),
        (tmp_path / "afile" / "sub", "could not be written to"),
        (new_course(tmp_path / "taken"), "is not empty."),
    ):
        with pytest.raises(PackError) as info:
            scaffold(folder, "Heart basics")
        assert message in info.value.message
    assert (tmp_path / "afile").read_text() == "x"


def test_build_writes_the_content_its_pictures_and_a_manifest(tmp_path: Path) -> None:
    root = new_course(tmp_path / "course")
    # A lesson may also use one of the program's own diagrams: it is copied into the pack.
    lesson = root / "modules" / "01-intro.md"
    heading = "## Why it matters {#why}"
    lesson.write_text(lesson.read_text().replace(heading, heading + "\n\n![CAR](diagrams/car-structure.svg)"))
    out = tmp_path / "heart.ctpack"
    manifest = build_pack(root, out, paths.assets_dir())
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        data = json.loads(z.read(MANIFEST))
        for name, meta in data["files"].items():
            assert hashlib.sha256(z.read(name)).hexdigest() == meta["sha256"] and len(z.read(name)) == meta["size"]
    assert {"course.yaml", "modules/01-intro.md", "questions/01-intro.yaml", "diagrams/parts.svg", "diagrams/car-structure.svg"} <= names
    assert data["course"] == {"id": "org.example.heart", "version": "1.0.0", "title": "Heart basics"}
    assert data["tool"].startswith("car-t-tutor ") and data["built_at"] and manifest.course_id == "org.example.heart"
    assert open_pack(out).manifest.files == manifest.files


def test_a_pack_that_cannot_be_written_is_a_message_and_leaves_no_part_file(tmp_path: Path, capsys) -> None:
    root = new_course(tmp_path / "course")
    (tmp_path / "not-a-folder").write_text("a file where the pack's folder should be")
    out = tmp_path / "not-a-folder" / "heart.ctpack"
    assert main(["pack", "build", str(root), "-o", str(out)]) == 1
    assert f"{out} could not be written: File exists." in capsys.readouterr().err
    full = tmp_path / "full" / "heart.ctpack"
    full.parent.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(zipfile.ZipFile, "writestr", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
        with pytest.raises(PackError) as info:
            build_pack(root, full, paths.assets_dir())
    assert info.value.message == f"{full} could not be written: No space left on device."
    assert list(full.parent.iterdir()) == []


def test_a_course_with_problems_is_not_built(tmp_path: Path) -> None:
    root = new_course(tmp_path / "course")
    questions = root / "questions" / "01-intro.yaml"
    questions.write_text(questions.read_text().replace("answer: true", "answer: yes"))
    out = tmp_path / "heart.ctpack"
    with pytest.raises(PackError) as info:
        build_pack(root, out, paths.assets_dir())
    assert "1 problem" in info.value.message and "'yes' is not true or false" in info.value.advice
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_install_list_and_remove(tmp_path: Path) -> None:
    pack = tmp_path / "heart.ctpack"
    build_pack(new_course(tmp_path / "course"), pack, paths.assets_dir())
    lib = library(tmp_path)
    change = lib.install(pack, confirm=lambda c: True)
    assert change is not None and not change.is_update and len(change.questions_added) == 8
    installed = {c.id: c for c in lib.installed()}
    assert set(installed) == {lib.builtin_id(), "org.example.heart"} and installed[lib.builtin_id()].builtin
    heart = installed["org.example.heart"]
    assert (heart.lessons, heart.questions, heart.version) == (1, 8, "1.0.0")
    assert lib.root_of("org.example.heart") == tmp_path / "data" / "courses" / "org.example.heart"
    lib.remove("org.example.heart")
    assert [c.id for c in lib.installed()] == [lib.builtin_id()]
    with pytest.raises(PackError):
        lib.remove(lib.builtin_id())
    assert [p.name for p in (tmp_path / "data" / "courses").iterdir()] == []  # nothing left behind


def expire(root: Path, review_by: str = "2026-01-01") -> None:
    """The lesson and its first question, last reviewed in January 2025, past the date their
    author set for the next clinical review."""
    import re

    module = next((root / "modules").glob("*.md"))
    text = re.sub(r"^reviewed: .*$", f"reviewed: 2025-01-06\nreview_by: {review_by}", module.read_text(), count=1, flags=re.M)
    module.write_text(text)
    questions = next((root / "questions").glob("*.yaml"))
    text = re.sub(r"^  reviewed: .*$", f"  reviewed: 2025-01-06\n  review_by: {review_by}", questions.read_text(), count=1, flags=re.M)
    questions.write_text(text)


def test_items_past_their_clinical_review_date_are_warned_about_but_not_refused(tmp_path: Path, capsys) -> None:
    root = new_course(tmp_path / "course")
    expire(root)
    warnings = [
        "modules/01-intro.md:12: warning: module 'intro' was due for clinical review on 2026-01-01",
        "questions/01-intro.yaml:1: warning: question 'intro-001' was due for clinical review on 2026-01-01",
    ]
    assert main(["validate", str(root)]) == 0
    out = capsys.readouterr().out
    assert all(w in out for w in warnings) and out.rstrip().endswith("0 problems, 2 warnings")
    assert main(["pack", "build", str(root), "-o", str(tmp_path / "heart.ctpack")]) == 0
    err = capsys.readouterr().err
    assert all(w in err for w in warnings)
    # A next review before the last one is a mistake, not a warning.
    expire(new_course(tmp_path / "wrong"), review_by="2024-01-01")
    assert main(["validate", str(tmp_path / "wrong")]) == 1
    assert "modules/01-intro.md:12: 'review_by' (2024-01-01) is before the 'reviewed' date (2025-01-06)" in capsys.readouterr().out


def version_two(root: Path) -> None:
    """Version 2: one question added, one changed, one renamed (declared), one removed; one
    section renamed (declared)."""
    course = root / "course.yaml"
    course.write_text(course.read_text().replace("version: 1.0.0", "version: 1.1.0"))
    lesson = root / "modules" / "01-intro.md"
    text = lesson.read_text().replace("## Why it matters {#why}", "## Why it matters {#why-it-matters}")
    lesson.write_text(text.replace("reviewed:", "section_replaces: {why-it-matters: [why]}\nreviewed:", 1))
    q = root / "questions" / "01-intro.yaml"
    text = q.read_text()
    text = text.replace("stem: Put the steps in order.", "stem: Put these steps in the right order.")  # changed
    text = text.replace("- id: intro-003\n", "- id: intro-030\n  replaces: [intro-003]\n")  # renamed
    start = text.index("- id: intro-007")
    end = text.index("- id: intro-008")
    text = text[:start] + text[end:]  # removed: intro-007 is retired
    added = text[text.index("- id: intro-001") : text.index("- id: intro-002")].replace("intro-001", "intro-009")
    q.write_text(text + "\n" + added)


def two_versions(tmp_path: Path) -> tuple[Path, Path]:
    """Packs of version 1 and of version 2 (see ``version_two``) of a new course in ``tmp_path/course``."""
    root = new_course(tmp_path / "course")
    v1, v2 = tmp_path / "v1.ctpack", tmp_path / "v2.ctpack"
    build_pack(root, v1, paths.assets_dir())
    version_two(root)
    build_pack(root, v2, paths.assets_dir())
    return v1, v2


def test_an_update_shows_what_changed_and_refuses_an_older_version(tmp_path: Path) -> None:
    v1, v2 = two_versions(tmp_path)
    lib = library(tmp_path)
    lib.install(v1)
    seen = []
    change = lib.install(v2, confirm=lambda c: seen.append(c) or True)
    assert change is seen[0] and change.is_update and not change.is_downgrade
    assert (change.old_version, change.new_version) == ("1.0.0", "1.1.0")
    assert change.questions_added == ["intro-009"]
    assert change.questions_changed == ["intro-005"]
    assert change.questions_retired == ["intro-007"]
    assert change.renamed == {"intro-003": "intro-030", "intro/why": "intro/why-it-matters"}
    assert change.lessons_changed == ["intro"]
    assert "Questions retired (their history is kept): 1 (intro-007)" in change.summary()
    before = tree(tmp_path / "data")
    with pytest.raises(PackError) as info:
        lib.install(v1)  # older than what is installed
    assert "older than the installed 1.1.0" in info.value.message
    assert tree(tmp_path / "data") == before
    assert lib.install(v1, allow_downgrade=True).is_downgrade  # ... unless the user confirms


def test_declining_an_update_changes_nothing(tmp_path: Path) -> None:
    two_versions(tmp_path)
    lib = library(tmp_path)
    lib.install(tmp_path / "v1.ctpack")
    before = tree(tmp_path / "data")
    assert lib.install(tmp_path / "v2.ctpack", confirm=lambda c: False) is None
    assert tree(tmp_path / "data") == before


def test_the_command_line(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "course"
    assert main(["pack", "new", str(folder), "--title", "Heart basics", "--id", "org.example.heart"]) == 0
    assert main(["pack", "build", str(folder), "-o", str(tmp_path / "heart.ctpack")]) == 0
    assert main(["--data-dir", str(tmp_path / "data"), "pack", "install", "--yes", str(tmp_path / "heart.ctpack")]) == 0
    assert main(["--data-dir", str(tmp_path / "data"), "pack", "list"]) == 0
    out = capsys.readouterr().out
    assert "Installed Heart basics version 1.0.0." in out and "org.example.heart\t1.0.0\tHeart basics" in out
    assert main(["--data-dir", str(tmp_path / "data"), "pack", "remove", "org.example.heart"]) == 0
    assert main(["--data-dir", str(tmp_path / "data"), "pack", "install", "--yes", str(tmp_path / "missing.ctpack")]) == 1
    assert "Cannot open" in capsys.readouterr().err


def test_the_command_line_installs_nothing_when_no_one_answers(tmp_path: Path, capsys, monkeypatch) -> None:
    import io

    build_pack(new_course(tmp_path / "course"), tmp_path / "heart.ctpack", paths.assets_dir())
    data = tmp_path / "data"
    for answer in ("", "n\n", "yes please\n"):  # no input at all (a script), no, and not a clear yes
        monkeypatch.setattr("sys.stdin", io.StringIO(answer))
        assert main(["--data-dir", str(data), "pack", "install", str(tmp_path / "heart.ctpack")]) == 1
        assert "Not installed." in capsys.readouterr().out
        assert [c.id for c in library(tmp_path).installed()] == [BUILTIN] and not any((data / "courses").iterdir())
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert main(["--data-dir", str(data), "pack", "install", str(tmp_path / "heart.ctpack")]) == 0
    assert main(["--data-dir", str(data), "pack", "list"]) == 0
    listed = capsys.readouterr().out
    assert "\tHeart basics\t1 lesson, 8 questions, reviewed " in listed


def test_a_course_left_half_updated_by_a_killed_process_comes_back(tmp_path: Path) -> None:
    import time

    root = new_course(tmp_path / "course")
    build_pack(root, tmp_path / "v1.ctpack", paths.assets_dir())
    lib = library(tmp_path)
    lib.install(tmp_path / "v1.ctpack")
    installed = lib.folder / "org.example.heart"
    before = tree(installed)
    # Killed between the update's two renames: the course is only in its ".replaced-" folder.
    installed.rename(lib.folder / f".replaced-org.example.heart-{time.time_ns()}")
    old_ns = time.time_ns() - 3600 * 10**9
    stale = [lib.folder / f".installing-org.example.heart-{old_ns}", lib.folder / f".removed-org.example.lung-{old_ns}"]
    fresh = lib.folder / f".installing-org.example.heart-{time.time_ns()}"  # another install, still at work
    for folder in (*stale, fresh):
        (folder / "modules").mkdir(parents=True)
    assert lib.root_of("org.example.heart") == installed  # found again where it belongs
    assert tree(installed) == before
    assert [c.id for c in lib.installed()] == [BUILTIN, "org.example.heart"]
    assert not any(f.exists() for f in stale) and fresh.is_dir()


# ---------------------------------------------------------------- hostile packs


def good_files(tmp_path: Path) -> dict[str, bytes]:
    root = new_course(tmp_path / "src")
    out = tmp_path / "good.ctpack"
    build_pack(root, out, paths.assets_dir())
    with zipfile.ZipFile(out) as z:
        return {n: z.read(n) for n in z.namelist() if n != MANIFEST}


def manifest_for(files: dict[str, bytes], course_id: str = "org.example.heart", version: str = "1.0.0") -> bytes:
    return json.dumps(
        {
            "format": 1,
            "course": {"id": course_id, "version": version, "title": "Heart basics"},
            "built_at": "2026-12-02T00:00:00+00:00",
            "tool": "car-t-tutor test",
            "files": {n: {"size": len(d), "sha256": hashlib.sha256(d).hexdigest()} for n, d in files.items()},
        }
    ).encode()


def write_zip(path: Path, entries: list[tuple[str, bytes, int | None]]) -> Path:
    """entries: (name, data, unix mode or None for a regular file)."""
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": that is the point of one case
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = ((mode if mode is not None else stat.S_IFREG | 0o644) & 0xFFFF) << 16
            z.writestr(info, data)
    return path


def pack_with(tmp_path: Path, change) -> Path:
    files = good_files(tmp_path)
    entries = change(files)
    return write_zip(tmp_path / "hostile.ctpack", entries)


def plain(files: dict[str, bytes], extra: list[tuple[str, bytes, int | None]] = (), manifest: bytes | None = None):
    head = [(MANIFEST, manifest if manifest is not None else manifest_for(files), None)]
    return head + [(n, d, None) for n, d in files.items()] + list(extra)


def with_extra(name: str, data: bytes, mode: int | None = None, listed: bool = True):
    def change(files):
        all_files = {**files, name: data}
        return (
            [(MANIFEST, manifest_for(all_files if listed else files), None)]
            + [(n, d, None) for n, d in files.items()]
            + [(name, data, mode)]
        )

    return change


def tampered(files):
    manifest = manifest_for(files)
    lesson = files["modules/01-intro.md"].replace(b"A first lesson", b"A false lesson")  # the same size, other bytes
    files = dict(files, **{"modules/01-intro.md": lesson})
    return plain(files, manifest=manifest)


def size_mismatch(files):
    manifest = json.loads(manifest_for(files))
    manifest["files"]["course.yaml"]["size"] += 1
    return plain(files, manifest=json.dumps(manifest).encode())


def html_in_course(files):
    files = dict(files)
    files["questions/01-intro.yaml"] = files["questions/01-intro.yaml"].replace(
        b"stem: Which option states the main idea?", b"stem: \"<img src='/etc/hostname'>\""
    )
    return plain(files)


def course_id_builtin(files):
    files = dict(files)
    files["course.yaml"] = files["course.yaml"].replace(b"id: org.example.heart", b"id: org.car-t-tutor.all")
    return plain(files, manifest=manifest_for(files, "org.car-t-tutor.all"))


def too_many(files):
    many = {f"pages/p{i}.txt": b"x" for i in range(3001)}
    return plain({**files, **many})


HOSTILE = {
    "zip-slip": (with_extra("../../evil.md", b"x"), "the entry '../../evil.md' points outside the pack"),
    "absolute-path": (with_extra("/etc/evil.md", b"x"), "the entry '/etc/evil.md' has an absolute or Windows path"),
    "windows-path": (with_extra("modules\\..\\..\\evil.md", b"x"), "has an absolute or Windows path"),
    "drive-letter": (with_extra("C:/evil.md", b"x"), "the entry 'C:/evil.md' has an absolute or Windows path"),
    "symlink": (
        with_extra("modules/02-link.md", b"/etc/passwd", stat.S_IFLNK | 0o777),
        "the entry 'modules/02-link.md' is a link or a device",
    ),
    "device": (with_extra("modules/02-dev.md", b"", stat.S_IFCHR | 0o644), "the entry 'modules/02-dev.md' is a link or a device"),
    "duplicate": (lambda f: plain(f, [("course.yaml", f["course.yaml"], None)]), "the entry 'course.yaml' appears twice"),
    "duplicate-by-case": (with_extra("Course.yaml", b"x"), "the entry 'Course.yaml' appears twice"),
    "program-file": (with_extra("run.exe", b"MZ"), "the entry 'run.exe' is a kind of file a course does not use"),
    "hidden-file": (with_extra(".hidden.md", b"x"), "the entry '.hidden.md' has a name a course does not use"),
    "oversized-file": (with_extra("pages/big.md", b"word " * 500_000), "the entry 'pages/big.md' is 2,500,000 bytes (at most 2,000,000)"),
    "zip-bomb": (with_extra("pages/bomb.md", b"\0" * 1_900_000), "the entry 'pages/bomb.md' expands more than 100 times (a zip bomb?)"),
    "too-many-files": (too_many, "files (at most 3000)"),
    "no-manifest": (lambda f: [(n, d, None) for n, d in f.items()], "it has no manifest.json"),
    "file-not-in-manifest": (with_extra("pages/extra.md", b"x", listed=False), "the entry 'pages/extra.md' is not in its manifest"),
    "manifest-lists-a-missing-file": (
        lambda f: plain({k: v for k, v in f.items() if k != "glossary.yaml"}, manifest=manifest_for(f)),
        "its manifest lists 'glossary.yaml', which is not in the pack",
    ),
    "changed-after-build": (tampered, "the entry 'modules/01-intro.md' does not match its manifest (it was changed or damaged)"),
    "size-mismatch": (size_mismatch, "the entry 'course.yaml' does not match its manifest (size)"),
    "manifest-not-json": (lambda f: plain(f, manifest=b"{not json"), "its manifest.json cannot be read"),
    "invalid-course-id": (lambda f: plain(f, manifest=manifest_for(f, "../../x")), "its course id '../../x' is not a valid id"),
    "course-with-problems": (html_in_course, "its course has 1 problem(s)"),
    "builtin-course-id": (course_id_builtin, "it uses the id of the course built into CAR-T Tutor"),
    "manifest-disagrees-with-course": (
        lambda f: plain(f, manifest=manifest_for(f, version="9.9.9")),
        "its manifest and its course.yaml disagree",
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_pack_is_refused_whole_and_the_data_folder_is_unchanged(tmp_path: Path, name: str) -> None:
    change, message = HOSTILE[name]
    lib = library(tmp_path)
    installed_pack = tmp_path / "installed.ctpack"
    build_pack(new_course(tmp_path / "other", "Other", "org.example.other"), installed_pack, paths.assets_dir())
    lib.install(installed_pack)
    before = tree(tmp_path / "data")
    pack = pack_with(tmp_path, change)
    with pytest.raises(PackError) as info:
        lib.install(pack, confirm=lambda c: True)
    assert message in info.value.message, info.value.message
    assert info.value.message.startswith("hostile.ctpack cannot be installed")
    assert tree(tmp_path / "data") == before  # nothing of it installed, nothing left behind
    assert not (tmp_path / "elsewhere").exists() and not Path("/etc/evil.md").exists()


def test_not_a_zip_at_all(tmp_path: Path) -> None:
    bad = tmp_path / "fake.ctpack"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(PackError) as info:
        library(tmp_path).install(bad)
    assert "not a course pack" in info.value.message
    fifo = tmp_path / "pipe.ctpack"
    os.mkfifo(fifo)
    with pytest.raises(PackError) as info:
        library(tmp_path).install(fifo)
    assert "it is not a file" in info.value.message


def test_a_downgrade_keeps_every_answer_and_an_update_again_brings_them_back(tmp_path: Path) -> None:
    import time

    from desktop_app.core.store.database import Store
    from desktop_app.core.tutor import Tutor
    from tests.core.test_learning import _answer_all

    v1, v2 = two_versions(tmp_path)
    lib = library(tmp_path)
    store = Store.open(tmp_path / "data" / "progress.sqlite3")
    later = time.time() + 60 * 86400

    def open_tutor() -> Tutor:
        course = load_course(lib.root_of("org.example.heart"), paths.assets_dir())
        tutor = Tutor(course, store, paths.assets_dir())
        assert tutor.bank  # progress follows renamed questions when the bank is first read
        return tutor

    lib.install(v2)
    _answer_all(open_tutor(), ["intro-030"])  # the renamed question, in the newer version
    _info, change, staging = lib.inspect(v2)
    lib.discard(staging)
    assert "Renamed (progress moves with them): 2 (intro-003 → intro-030, intro/why → intro/why-it-matters)" in change.summary()
    lib.install(v1, allow_downgrade=True)
    older = open_tutor()
    assert older.retired_history() == {"intro-030": 1}  # kept, shown as history, not asked
    assert "intro-030" not in {q.id for q in older.review_queue(None, now=later)}
    lib.install(v2)
    newer = open_tutor()
    assert newer.retired_history() == {} and store.answer_count(newer.learner.id) == 1
    assert "intro-030" in {q.id for q in newer.review_queue(None, now=later)} and newer.due_count(now=later) == 1
    store.close()


@pytest.mark.parametrize(
    ("error", "advice"),
    [
        (errno.ENOSPC, "Free some space on the disk and open the pack again."),
        (errno.EROFS, "cannot be written: choose a data folder you can write to."),
        (errno.EIO, "If the pack is on a USB stick or a network folder, copy it to this computer first."),
    ],
)
def test_a_disk_that_fails_while_a_pack_is_copied_in_leaves_the_installed_course_as_it_was(
    tmp_path: Path, monkeypatch, error: int, advice: str
) -> None:
    import builtins

    from desktop_app.core.exchange import packs

    two_versions(tmp_path)
    lib = library(tmp_path)
    lib.install(tmp_path / "v1.ctpack")
    before = tree(tmp_path / "data")
    written: list[str] = []

    def failing_open(file, mode="r", *args, **kwargs):
        if "x" in mode:
            written.append(str(file))
            if len(written) == 3:  # part of the pack is already copied
                raise OSError(error, os.strerror(error))
        return builtins.open(file, mode, *args, **kwargs)

    monkeypatch.setattr(packs, "open", failing_open, raising=False)
    with pytest.raises(PackError) as info:
        lib.install(tmp_path / "v2.ctpack", confirm=lambda c: True)
    assert info.value.message == f"v2.ctpack could not be installed: {os.strerror(error)}. Nothing was installed."
    assert advice in info.value.advice
    assert tree(tmp_path / "data") == before and [p.name for p in lib.folder.iterdir()] == ["org.example.heart"]


def test_the_command_line_says_how_to_downgrade_and_what_can_be_removed(tmp_path: Path, capsys) -> None:
    two_versions(tmp_path)
    data = ["--data-dir", str(tmp_path / "data")]
    assert main([*data, "pack", "install", "--yes", str(tmp_path / "v2.ctpack")]) == 0
    capsys.readouterr()
    assert main([*data, "pack", "install", "--yes", str(tmp_path / "v1.ctpack")]) == 1
    err = capsys.readouterr().err
    assert "older than the installed 1.1.0" in err and "Nothing was installed" in err and "--allow-downgrade" in err
    for course_id in (".", "..", "", "org.example.nothing"):
        assert main([*data, "pack", "remove", course_id]) == 1
        assert f"No course with the id '{course_id}' is installed." in capsys.readouterr().err
    assert [c.id for c in library(tmp_path).installed()] == [BUILTIN, "org.example.heart"]


def test_a_data_folder_that_cannot_hold_courses_is_named(tmp_path: Path, capsys) -> None:
    build_pack(new_course(tmp_path / "course"), tmp_path / "heart.ctpack", paths.assets_dir())
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "courses").write_text("a file where the courses folder should be")
    assert main(["--data-dir", str(tmp_path / "data"), "pack", "install", "--yes", str(tmp_path / "heart.ctpack")]) == 1
    err = capsys.readouterr().err
    assert f"the folder {tmp_path / 'data' / 'courses'} cannot be used" in err and "USB stick" not in err


def test_authors_hear_of_an_empty_module_and_a_pack_name_learners_cannot_open(tmp_path: Path, capsys) -> None:
    root = new_course(tmp_path / "course")
    (root / "questions" / "01-intro.yaml").write_text("")
    assert main(["validate", str(root)]) == 0
    assert "modules/01-intro.md:1: warning: module 'intro' has no questions yet: its quizzes will be empty" in capsys.readouterr().out
    assert main(["pack", "build", str(root), "-o", str(tmp_path / "heart.zip")]) == 0
    assert "heart.zip does not end in .ctpack" in capsys.readouterr().err
