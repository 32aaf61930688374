"""``car-t-tutor``: start the program, or run one of its subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop_app import __version__


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, with the terminal width read from os: argparse's own default
    imports shutil just for that, which every start of the window would pay for."""

    def __init__(self, prog: str) -> None:
        try:
            width = int(os.environ["COLUMNS"])
        except (KeyError, ValueError):
            try:
                width = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 80
            except (OSError, ValueError):
                width = 80
        super().__init__(prog, width=max(width, 40) - 2)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="car-t-tutor",
        formatter_class=_HelpFormatter,
        description="CAR-T Tutor: an offline course on CAR-T cell therapy for acute lymphoblastic leukemia.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="keep progress in DIR instead of the user data folder")
    parser.add_argument("--content", metavar="CONTENT_ROOT", help="use a different course (a content pack folder)")
    parser.add_argument("--exit-after-startup", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")
    validate = sub.add_parser(
        "validate", formatter_class=_HelpFormatter, help="check a content folder and list every problem as file:line: message"
    )
    validate.add_argument("content_root", nargs="?", help="content folder (default: the built-in course)")
    return parser


def run_validate(content_root: str | None) -> int:
    from desktop_app.core import paths
    from desktop_app.core.content.loader import load_course

    root = Path(content_root) if content_root else paths.builtin_content_root()
    course = load_course(root, paths.assets_dir())
    for problem in sorted(course.problems):
        print(problem)
    for warning in sorted(course.warnings):
        print(f"{warning.path}:{warning.line}: warning: {warning.message}")
    n = len(course.problems)
    summary = (
        f"{root}: {len(course.modules)} modules, {len(course.bank)} questions, "
        f"{len(course.glossary)} glossary terms, {len(course.pages)} pages; "
        f"{n} problem{'s' if n != 1 else ''}"
        + (f", {len(course.warnings)} warning{'s' if len(course.warnings) != 1 else ''}" if course.warnings else "")
    )
    print(summary, file=sys.stderr if n else sys.stdout)
    return 1 if n else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return run_validate(args.content_root)
    from desktop_app.gui.app import run

    return run(data_dir=args.data_dir, content_root=args.content, exit_after_startup=args.exit_after_startup)
