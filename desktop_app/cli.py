"""``car-t-tutor``: start the program, or run one of its subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop_app import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="car-t-tutor",
        description="CAR-T Tutor: an offline course on CAR-T cell therapy for acute lymphoblastic leukemia.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="keep progress in DIR instead of the user data folder")
    parser.add_argument("--content", metavar="CONTENT_ROOT", help="use a different course (a content pack folder)")
    parser.add_argument("--exit-after-startup", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")
    validate = sub.add_parser("validate", help="check a content folder and list every problem as file:line: message")
    validate.add_argument("content_root", nargs="?", help="content folder (default: the built-in course)")
    return parser


def run_validate(content_root: str | None) -> int:
    from desktop_app.core import paths
    from desktop_app.core.content import load_course

    root = Path(content_root) if content_root else paths.builtin_content_root()
    course = load_course(root, paths.assets_dir())
    for problem in sorted(course.problems):
        print(problem)
    n = len(course.problems)
    summary = (
        f"{root}: {len(course.modules)} modules, {len(course.bank)} questions, "
        f"{len(course.glossary)} glossary terms, {len(course.pages)} pages; "
        f"{n} problem{'s' if n != 1 else ''}"
    )
    print(summary, file=sys.stderr if n else sys.stdout)
    return 1 if n else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return run_validate(args.content_root)
    from desktop_app.gui.app import run

    return run(data_dir=args.data_dir, content_root=args.content, exit_after_startup=args.exit_after_startup)
