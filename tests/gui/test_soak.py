"""Thousands of real widget actions in one process, and the dependencies that make them safe."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

REPO = Path(__file__).resolve().parents[2]
BAD_PAIR = (Version("6.12.0"), "3.11")  # PySide6 6.12.0 on Python 3.11 aborts (none_dealloc)


@pytest.mark.slow
def test_a_long_session_in_one_process_does_not_abort(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-m", "tests.gui.soak_session", str(tmp_path), "3000"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert "Fatal Python error" not in result.stderr
    assert result.stdout.startswith("done "), result.stdout
    assert int(result.stdout.split()[1]) >= 3000
    # Offline by design: not one socket in thousands of actions, and no networking module loaded.
    assert "sockets: 0 []; network modules: []" in result.stdout, result.stdout


def test_no_install_can_get_the_pyside6_release_that_aborts_on_this_python() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # Essentials for the program; Addons (QtPdf) only for the tests that look at the PDFs.
    declared = project["dependencies"] + project["optional-dependencies"]["test"]
    requirements = [Requirement(r) for r in declared if r.startswith("PySide6")]
    assert {r.name for r in requirements} == {"PySide6-Essentials", "PySide6-Addons"}
    assert all(not r.startswith("PySide6-Addons") for r in project["dependencies"])
    version, python = BAD_PAIR
    env = {"python_version": python, "python_full_version": f"{python}.7"}
    for name in ("PySide6-Essentials", "PySide6-Addons"):
        applying = [r for r in requirements if r.name == name and (r.marker is None or r.marker.evaluate(env))]
        assert applying, name
        assert all(not r.specifier.contains(version) for r in applying), f"{name} {version} is allowed on Python {python}"
    # And the one installed here is not that pair.
    import PySide6

    if sys.version_info[:2] == (3, 11):
        assert Version(PySide6.__version__) < Version("6.12"), PySide6.__version__
