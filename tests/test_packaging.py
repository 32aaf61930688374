"""An installed wheel carries the course and its diagrams and runs without the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_contains_content_and_runs_from_outside_the_source_tree(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(REPO)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    wheel = next(dist.glob("car_t_tutor-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for must in (
        "desktop_app/content/course.yaml",
        "desktop_app/content/sources.yaml",
        "desktop_app/content/glossary.yaml",
        "desktop_app/content/modules/01-all.md",
        "desktop_app/content/questions/06-toxicity.yaml",
        "desktop_app/content/pages/when-to-call.md",
        "desktop_app/assets/diagrams/car-structure.svg",
        "desktop_app/core/store/database.py",
        "desktop_app/gui/main_window.py",
    ):
        assert must in names, must
    for init in (REPO / "desktop_app").rglob("__init__.py"):  # every subpackage, however new
        assert init.relative_to(REPO).as_posix() in names, init
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    env = dict(os.environ, PYTHONPATH=str(target), QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [sys.executable, "-m", "desktop_app", "validate"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert str(target) in run.stdout and "0 problems" in run.stdout
    start = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(tmp_path / "data"), "--exit-after-startup"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert start.returncode == 0, start.stderr
