"""The command line: a plain start of the window is read without argparse, and exactly as
argparse reads it; anything else is left to argparse."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop_app.cli import build_parser, window_options
from tests.conftest import REPO


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--exit-after-startup"],
        ["--data-dir", "/tmp/x"],
        ["--data-dir=/tmp/x", "--exit-after-startup"],
        ["--content", "my course", "--data-dir", "d"],
        ["--data-dir=-odd", "--exit-after-startup"],
        ["--data-dir", "validate"],  # a folder that happens to be named like a command
    ],
)
def test_a_plain_start_is_read_as_argparse_reads_it(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert args.command is None
    assert window_options(argv) == (args.data_dir, args.content, args.exit_after_startup)


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["pack", "list"],
        ["--version"],
        ["-h"],
        ["--data"],  # argparse's abbreviations, and its messages, are argparse's
        ["--data-dir"],
        ["--data-dir", "--exit-after-startup"],
        ["--data-dir", "a", "--data-dir", "b"],
        ["--exit-after-startup=1"],
        ["--bogus"],
        ["stray"],
        ["--data-dir=", "--content=c"],  # an empty name: argparse refuses it
        ["--data-dir", ""],
    ],
)
def test_anything_else_is_left_to_argparse(argv: list[str]) -> None:
    assert window_options(argv) is None


@pytest.mark.slow
def test_a_plain_start_of_the_window_does_not_use_argparse(tmp_path) -> None:
    code = (
        "import sys, desktop_app.cli as cli; "
        "cli._run_window = lambda options, pack: print(options, 'argparse' in sys.modules) or 0; "
        f"sys.exit(cli.main(['--data-dir', {str(tmp_path)!r}, '--exit-after-startup']))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.strip() == f"({str(tmp_path)!r}, None, True) False"


@pytest.mark.parametrize(
    ("argv", "opened"),
    [
        (["heart.ctpack"], "heart.ctpack"),
        (["--data-dir", "d", "My Heart.CTPACK"], "My Heart.CTPACK"),
        (["--data-dir", "pack", "heart.ctpack"], "heart.ctpack"),  # a data folder named "pack"
        (["pack", "install", "heart.ctpack"], None),  # a command, not a window
        (["pack", "build", "course", "-o", "heart.ctpack"], None),
    ],
)
def test_a_pack_named_on_the_command_line_is_opened_in_the_window(argv: list[str], opened: str | None, monkeypatch) -> None:
    import desktop_app.cli as cli

    calls: list[tuple[object, object]] = []
    monkeypatch.setattr(cli, "_run_window", lambda options, pack: calls.append((options, pack)) or 0)
    monkeypatch.setattr(cli, "run_pack", lambda args: calls.append(("pack", args.verb)) or 0)
    assert cli.main(argv) == 0
    assert calls[0][1] == opened if opened else calls[0][0] == "pack"


@pytest.mark.parametrize("argv", [["--data-dir="], ["--data-dir", " "], ["--content", ""], ["--data-dir", "", "pack", "list"]])
def test_an_empty_folder_name_is_refused_not_taken_for_the_default_folder(argv: list[str], capsys) -> None:
    from desktop_app.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2 and "an empty name; give a folder or file name" in capsys.readouterr().err
