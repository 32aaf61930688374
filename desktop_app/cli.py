"""``car-t-tutor``: start the program, or run one of its subcommands."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app import __version__

if TYPE_CHECKING:
    import argparse
    from typing import TextIO

    from desktop_app.core.content.problems import Problem

# A plain start of the window is read by window_options, without argparse: building the parser
# and its translated messages (which load the locale module) cost every start about 2 ms. Anything
# else (a command, --help, --version, a mistake) goes to argparse, which also explains mistakes.
WindowOptions = tuple[str | None, str | None, bool]  # --data-dir, --content, --exit-after-startup


def window_options(argv: Sequence[str]) -> WindowOptions | None:
    """``--data-dir DIR``, ``--content DIR`` (or ``--name=value``) and ``--exit-after-startup``,
    each at most once, as argparse would read them; None if ``argv`` holds anything else."""
    values: dict[str, str] = {}
    i = 0
    while i < len(argv):
        name, eq, value = argv[i].partition("=")
        if name in values or name not in ("--data-dir", "--content", "--exit-after-startup"):
            return None
        if name == "--exit-after-startup":
            if eq:
                return None
        elif not eq:
            if i + 1 == len(argv) or argv[i + 1].startswith("-"):
                return None  # argparse says what is missing
            i += 1
            value = argv[i]
        if name != "--exit-after-startup" and not value.strip():
            return None  # argparse says an empty folder name is not one
        values[name] = value
        i += 1
    return values.get("--data-dir"), values.get("--content"), "--exit-after-startup" in values


def _given(value: str) -> str:
    """A folder or file name that is not empty: an empty --data-dir would quietly mean the
    default folder, and an empty -o the current folder."""
    import argparse

    if not value.strip():
        raise argparse.ArgumentTypeError("an empty name; give a folder or file name")
    return value


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="car-t-tutor",
        description="CAR-T Tutor: an offline course on CAR-T cell therapy for acute lymphoblastic leukemia.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", type=_given, help="keep progress in DIR instead of the user data folder")
    parser.add_argument("--content", metavar="CONTENT_ROOT", type=_given, help="use a different course (a content pack folder)")
    parser.add_argument("--exit-after-startup", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")
    validate = sub.add_parser("validate", help="check a content folder and list every problem as file:line: message")
    validate.add_argument("content_root", nargs="?", help="content folder (default: the built-in course)")
    pack = sub.add_parser("pack", help="build, install, list or remove course packs (.ctpack)")
    verbs = pack.add_subparsers(dest="verb", required=True)
    build = verbs.add_parser("build", help="check a course folder and write it as a .ctpack file")
    build.add_argument("content_root")
    build.add_argument("-o", "--output", required=True, metavar="FILE.ctpack")
    new = verbs.add_parser("new", help="write a small, valid course to start from (one lesson, one question of each type)")
    new.add_argument("folder")
    new.add_argument("--title", default="My course")
    new.add_argument("--id", dest="course_id", help="the course id (default: org.example.<title>)")
    install = verbs.add_parser("install", help="install or update a course from a .ctpack file")
    install.add_argument("file")
    install.add_argument("-y", "--yes", action="store_true", help="do not ask before installing or updating")
    install.add_argument("--allow-downgrade", action="store_true", help="replace an installed course with an older version")
    verbs.add_parser("list", help="list the installed courses")
    remove = verbs.add_parser("remove", help="remove an installed course (progress in it is kept)")
    remove.add_argument("course_id")
    results = sub.add_parser("results", help="write a learner's results file for their instructor")
    rverbs = results.add_subparsers(dest="verb", required=True)
    rexport = rverbs.add_parser("export", help="write the results of a learner in a course (.ctresults)")
    rexport.add_argument("-o", "--output", required=True, metavar="FILE.ctresults")
    rexport.add_argument("--learner", help="the learner's name in this program (default: the last one used)")
    rexport.add_argument("--name", help="the name to show the instructor (default: the learner's name)")
    rexport.add_argument("--identifier", default="", help="e.g. the e-mail address the school's gradebook knows the learner by")
    rexport.add_argument("--course-id", help="which installed course (default: the one in use)")
    report = sub.add_parser("report", help="a class report from students' results files")
    report.add_argument("files", nargs="+", metavar="FILE_OR_FOLDER")
    report.add_argument("--csv", metavar="FILE", help="learners and their mastery, for a spreadsheet")
    report.add_argument("--moodle-csv", metavar="FILE", help="for Moodle's gradebook CSV import: one column per module")
    report.add_argument("--xapi", metavar="FILE", help="xAPI 1.0.3 statements (JSON), for a learning record store")
    report.add_argument("--pdf", metavar="FILE", help="the report to print: chart, mastery grid, who needs help, hardest questions")
    report.add_argument("--exclude", action="append", default=[], metavar="NAME", help="leave this learner out (repeat)")
    export = sub.add_parser("export", help="write the course for another tool or for print")
    export.add_argument("format", choices=EXPORT_FORMATS, help="moodle-xml, gift, anki (.apkg) or pdf")
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.add_argument("--course", metavar="CONTENT_ROOT", help="the course folder (default: the built-in course)")
    export.add_argument("--module", action="append", metavar="ID", help="only these modules (repeat for several)")
    export.add_argument("--track", choices=("student", "family"), default="student", help="which questions or lesson text")
    export.add_argument(
        "--handout",
        choices=("lesson", "quiz", "when-to-call", "glossary"),
        default="lesson",
        help="pdf only: what to print (a quiz has its answer key on separate pages)",
    )
    export.add_argument("--paper", choices=("a4", "letter"), default="a4", help="pdf only")
    export.add_argument("--seed", type=int, default=1, help="pdf quiz only: the shuffle, so a class can share one version")
    return parser


EXPORT_FORMATS = ("moodle-xml", "gift", "anki", "pdf")  # = core.exchange.formats.FORMATS (not imported at start-up)


def run_results(args: argparse.Namespace) -> int:
    from desktop_app.core import paths
    from desktop_app.core.content.cache import load_course_cached
    from desktop_app.core.errors import KnownError
    from desktop_app.core.exchange.results import write_results
    from desktop_app.core.store.database import Store
    from desktop_app.core.tutor import Tutor

    try:
        store = Store.open(paths.database_path(args.data_dir))
        try:
            library = _library(args.data_dir)
            course_id = args.course_id or store.get_state("current_course") or library.builtin_id()
            root = library.root_of(course_id)
            if root is None:
                print(f"No course with the id {course_id} is installed.", file=sys.stderr)
                return 1
            course = load_course_cached(root, paths.assets_dir(), paths.cache_dir(args.data_dir))
            learner = None
            if args.learner:
                learner = next((x for x in store.learners() if x.name == args.learner), None)
                if learner is None:
                    print(f"No learner called {args.learner}.", file=sys.stderr)
                    return 1
            tutor = Tutor(course, store, paths.assets_dir(), learner)
            body = write_results(tutor, Path(args.output), args.name or tutor.learner.name, args.identifier)
        finally:
            store.close()
    except KnownError as err:
        print(f"{err.message}\n{err.advice}".strip(), file=sys.stderr)
        return 1
    print(f"{args.output}: {body['learner']['name']}, {course.title}, {len(body['answers'])} answers")
    return 0


def run_report(args: argparse.Namespace) -> int:
    import json

    from desktop_app.core.errors import KnownError
    from desktop_app.core.exchange.class_report import (
        build_report,
        list_results_files,
        read_many,
        to_csv,
        to_moodle_gradebook_csv,
        to_xapi,
        write_text,
    )
    from desktop_app.core.exchange.outputs import check_output
    from desktop_app.core.wording import counted

    results, aside = read_many(Path(f) for f in args.files)
    if not results:
        for a in aside:
            print(f"set aside: {a.path}: {a.reason}", file=sys.stderr)
        named = ", ".join(args.files)
        print(f"No results files could be read in {named}.", file=sys.stderr)
        print("Learners write them with Learner > Send my results… (files ending in .ctresults).", file=sys.stderr)
        return 1
    excluded = [r.learner_key for r in results if r.learner_name in set(args.exclude)]
    report = build_report(results, aside, exclude=excluded)
    print(f"{report.course_title} ({report.course_id}, version {report.course_version}): {counted(len(report.learners), 'learner')}")
    for row in report.learners:
        helps = f"; needs help with {', '.join(row.needs_help)}" if row.needs_help else ""
        score = round(100 * row.first_try_score)
        print(f"  {row.name}: {row.sections_read} sections read, {row.answers} answers, first tries {score}%{helps}")
    hardest = sorted(report.items, key=lambda s: s.facility)[:5]
    if hardest:
        print("Hardest questions (facility, discrimination):")
        for s in hardest:
            disc = "n/a" if s.discrimination is None else f"{s.discrimination:.0f}"
            print(f"  {s.question}: {s.facility:.0f}%, {disc}")
    for a in report.set_aside:
        print(f"set aside: {a.path}: {a.reason}", file=sys.stderr)
    try:
        inputs = list_results_files(Path(f) for f in args.files)
        for out in (args.csv, args.moodle_csv, args.xapi, args.pdf):
            if out is not None:
                check_output(Path(out), inputs)
        if args.csv:
            write_text(Path(args.csv), to_csv(report))
        if args.moodle_csv:
            write_text(Path(args.moodle_csv), to_moodle_gradebook_csv(report))
        if args.xapi:
            write_text(Path(args.xapi), json.dumps(to_xapi(report), indent=1, ensure_ascii=False))
        if args.pdf:
            from desktop_app.gui.pdf import ensure_app
            from desktop_app.gui.report_pdf import write_report_pdf

            ensure_app()  # windowless: the command line has no screen to draw on
            write_report_pdf(report, Path(args.pdf))
    except KnownError as err:
        print(err.message, file=sys.stderr)
        return 1
    return 0 if report.learners else 1


def run_export(args: argparse.Namespace) -> int:
    """Each format lives in its own module and takes (course, output, options)."""
    from desktop_app.core import paths
    from desktop_app.core.content.loader import load_course
    from desktop_app.core.errors import KnownError
    from desktop_app.core.wording import counted

    root = Path(args.course) if args.course else paths.builtin_content_root()
    course = load_course(root, paths.assets_dir())
    if course.problems:
        for problem in sorted(course.problems)[:5]:
            print(problem, file=sys.stderr)
        print(f"{root} has {counted(len(course.problems), 'problem')}; run 'car-t-tutor validate {root}' to see them all.", file=sys.stderr)
        return 1
    from desktop_app.core.exchange.formats import export

    options = {"modules": args.module, "track": args.track, "handout": args.handout, "paper": args.paper, "seed": args.seed}
    try:
        report = export(args.format, course, Path(args.output), options)
    except KnownError as err:
        print(f"{err.message}\n{err.advice}".strip(), file=sys.stderr)
        return 1
    for line in report.skipped:
        print(line, file=sys.stderr)
    print(f"{args.output}: {report.summary}")
    return 0


def _library(data_dir: str | None):
    from desktop_app.core import paths
    from desktop_app.core.exchange.library import Library

    return Library(paths.data_dir(data_dir), paths.builtin_content_root(), paths.assets_dir())


def run_pack(args: argparse.Namespace) -> int:
    from desktop_app.core import paths
    from desktop_app.core.errors import KnownError
    from desktop_app.core.wording import counted

    try:
        if args.verb == "build":
            from desktop_app.core.exchange.packs import build_pack

            out = Path(args.output)
            warnings: list[Problem] = []
            manifest = build_pack(Path(args.content_root), out, paths.assets_dir(), warnings)
            _print_warnings(warnings, sys.stderr)
            if out.suffix.lower() != ".ctpack":
                note = f"note: {out.name} does not end in .ctpack; learners' Open course pack dialog lists only such files."
                print(note, file=sys.stderr)
            print(f"{out}: {manifest.title} ({manifest.course_id}) version {manifest.version}, {len(manifest.files)} files")
        elif args.verb == "new":
            from desktop_app.core.exchange.scaffold import scaffold

            written = scaffold(Path(args.folder), args.title, args.course_id)
            print(f"{args.folder}: a new course with {len(written)} files; read {Path(args.folder) / 'README.md'} first")
        elif args.verb == "install":
            library = _library(args.data_dir)

            def confirm(change) -> bool:
                print(change.summary())
                if args.yes:
                    return True
                try:
                    return input("Install? [y/N] ").strip().lower() in ("y", "yes")
                except (EOFError, KeyboardInterrupt):  # no one to answer (a script, a pipe) or Ctrl+C: no
                    print()
                    return False

            change = library.install(Path(args.file), confirm, allow_downgrade=args.allow_downgrade)
            if change is None:
                print("Not installed.")
                return 1
            print(f"Installed {change.title} version {change.new_version}.")
        elif args.verb == "list":
            for c in _library(args.data_dir).installed():
                where = "built in" if c.builtin else str(c.root)
                sizes = f"{counted(c.lessons, 'lesson')}, {counted(c.questions, 'question')}"
                print(f"{c.id}\t{c.version}\t{c.title}\t{sizes}, reviewed {c.reviewed or 'not given'}\t{where}")
        elif args.verb == "remove":
            _library(args.data_dir).remove(args.course_id)
            print(f"Removed {args.course_id}; progress in it is kept and comes back if it is installed again.")
    except KnownError as err:
        print(f"{err.message}\n{err.advice}".strip(), file=sys.stderr)
        return 1
    return 0


def _print_warnings(warnings: Sequence[Problem], to: TextIO) -> None:
    for warning in warnings:
        print(f"{warning.path}:{warning.line}: warning: {warning.message}", file=to)


def run_validate(content_root: str | None) -> int:
    from desktop_app.core import paths
    from desktop_app.core.content.loader import load_course

    root = Path(content_root) if content_root else paths.builtin_content_root()
    from desktop_app.core.content.authoring import authoring_problems
    from desktop_app.core.wording import counted

    course = load_course(root, paths.assets_dir())
    course.problems.extend(authoring_problems(course))
    for problem in sorted(course.problems):
        print(problem)
    _print_warnings(sorted(course.warnings), sys.stdout)
    n = len(course.problems)
    summary = (
        f"{root}: {counted(len(course.modules), 'module')}, {counted(len(course.bank), 'question')}, "
        f"{counted(len(course.glossary), 'glossary term')}, {counted(len(course.pages), 'page')}; "
        f"{counted(n, 'problem')}" + (f", {counted(len(course.warnings), 'warning')}" if course.warnings else "")
    )
    print(summary, file=sys.stderr if n else sys.stdout)
    return 1 if n else 0


def _load_core_for_window() -> None:
    """The core modules the window opens with, imported before PySide6: PySide6 reads the source
    of every module imported after it (looking for its ``__feature__`` imports), which cost
    start-up about 5 ms for these, and they use no Qt."""
    import desktop_app.core.content.cache
    import desktop_app.core.exchange.library
    import desktop_app.core.learning.mastery
    import desktop_app.core.render.renderer
    import desktop_app.core.store.database
    import desktop_app.core.tutor  # noqa: F401


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # "car-t-tutor FILE.ctpack" opens the window and offers to install the pack (a file manager's
    # "open with" does exactly this).
    open_file = None
    if argv and argv[-1].lower().endswith(".ctpack") and window_options(argv[:-1]) is not None:
        open_file = argv.pop()  # (after a plain start's options only: "pack install X.ctpack" is a command)
    window = window_options(argv)
    if window is not None:
        return _run_window(window, open_file)
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return run_validate(args.content_root)
    if args.command == "pack":
        return run_pack(args)
    if args.command == "export":
        return run_export(args)
    if args.command == "results":
        return run_results(args)
    if args.command == "report":
        return run_report(args)
    return _run_window((args.data_dir, args.content, args.exit_after_startup), open_file)


def _run_window(options: WindowOptions, open_file: str | None) -> int:
    # Start-up makes tens of thousands of long-lived objects (modules, classes, enums, the
    # course) and no garbage: Python's cycle collector would scan them over and over (about 5 ms).
    # It is turned back on once the window is up.
    import gc

    gc.disable()
    _load_core_for_window()
    from desktop_app.gui.app import run

    data_dir, content, exit_after_startup = options
    return run(data_dir=data_dir, content_root=content, exit_after_startup=exit_after_startup, open_pack=open_file)
