"""No command writes over a file it reads, onto a folder, or to a name left empty: each is a
message naming the file, and what was there is unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop_app.cli import main
from tests.core.test_packs import new_course


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return new_course(tmp_path / "course")


@pytest.mark.parametrize(
    "command",
    [
        ["pack", "build", "{course}", "-o", "{course}/course.yaml"],
        ["export", "moodle-xml", "--course", "{course}", "-o", "{course}/course.yaml"],
        ["export", "gift", "--course", "{course}", "-o", "{course}/modules/01-intro.md"],
        ["export", "anki", "--course", "{course}", "-o", "{course}/questions/01-intro.yaml"],
        ["export", "pdf", "--course", "{course}", "-o", "{course}/glossary.yaml"],
    ],
)
def test_a_course_file_is_never_replaced_by_what_is_made_from_it(course: Path, command: list[str], capsys) -> None:
    argv = [a.format(course=course) for a in command]
    target = Path(argv[-1])
    before = target.read_bytes()
    assert main(argv) == 1
    assert f"{target} is a file this command reads: writing there would replace it." in capsys.readouterr().err
    assert target.read_bytes() == before


def test_a_pack_may_still_be_built_into_its_course_folder_again_and_again(course: Path) -> None:
    for _ in range(2):  # "cd my-course; car-t-tutor pack build . -o heart.ctpack", twice
        assert main(["pack", "build", str(course), "-o", str(course / "heart.ctpack")]) == 0


def test_results_never_replace_the_progress_file(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "results", "export", "-o", str(tmp_path / "me.ctresults")]) == 0
    db = data / "progress.sqlite3"
    before = db.read_bytes()
    assert main(["--data-dir", str(data), "results", "export", "-o", str(db)]) == 1
    assert "is a file this command reads" in capsys.readouterr().err
    assert db.read_bytes() == before and sqlite3.connect(db).execute("PRAGMA quick_check").fetchone() == ("ok",)


def test_a_report_never_replaces_a_students_results_file(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    student = folder / "ana.ctresults"
    assert main(["--data-dir", str(tmp_path / "data"), "results", "export", "-o", str(student), "--name", "Ana"]) == 0
    before = student.read_bytes()
    capsys.readouterr()
    for option in ("--csv", "--moodle-csv", "--xapi", "--pdf"):
        assert main(["report", str(folder), option, str(student)]) == 1
        assert f"{student} is a file this command reads" in capsys.readouterr().err
    assert main(["report", str(folder), "--csv", str(tmp_path / "other.ctresults")]) == 1  # a new name, but a results file's
    assert "is a results file: writing the report there would replace it." in capsys.readouterr().err
    assert student.read_bytes() == before and not (tmp_path / "other.ctresults").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["pack", "build", "{course}", "-o", "{out}"],
        ["export", "anki", "--course", "{course}", "-o", "{out}"],
        ["export", "pdf", "--course", "{course}", "-o", "{out}"],
        ["--data-dir", "{data}", "results", "export", "-o", "{out}"],
        ["report", "{data}", "--pdf", "{out}"],
    ],
)
def test_a_folder_or_an_empty_name_as_the_output_is_a_message(course: Path, tmp_path: Path, command: list[str], capsys) -> None:
    assert main(["--data-dir", str(tmp_path / "data"), "results", "export", "-o", str(tmp_path / "data" / "me.ctresults")]) == 0
    folder = tmp_path / "outdir"
    folder.mkdir()
    for out, message in ((folder, f"{folder} is a folder."), ("", "No file name was given to write to.")):
        argv = [a.format(course=course, out=out, data=tmp_path / "data") for a in command]
        assert main(argv) == 1
        assert message in capsys.readouterr().err
    assert list(folder.iterdir()) == [] and not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*.part"))


def test_a_report_reads_subfolders_and_says_when_it_found_nothing(tmp_path: Path, capsys) -> None:
    # Moodle's "Download all submissions": one folder per student.
    for name in ("Ana", "Ben"):
        out = tmp_path / "class" / f"{name}_1234_assignsubmission_file" / f"{name.lower()}.ctresults"
        out.parent.mkdir(parents=True)
        assert main(["--data-dir", str(tmp_path / name), "results", "export", "-o", str(out), "--name", name]) == 0
    capsys.readouterr()
    assert main(["report", str(tmp_path / "class")]) == 0
    assert ": 2 learners" in capsys.readouterr().out
    copy = tmp_path / "class" / "backup" / "ana.ctresults"  # the same file twice: counted once, and said so
    copy.parent.mkdir()
    copy.write_bytes(next((tmp_path / "class").glob("Ana_*/ana.ctresults")).read_bytes())
    assert main(["report", str(tmp_path / "class")]) == 0
    out = capsys.readouterr()
    assert ": 2 learners" in out.out and f"set aside: {copy}: the same results as " in out.err and "counted once" in out.err
    (tmp_path / "empty").mkdir()
    assert main(["report", str(tmp_path / "empty")]) == 1
    assert f"No results files could be read in {tmp_path / 'empty'}." in capsys.readouterr().err
