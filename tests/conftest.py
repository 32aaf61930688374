"""Shared fixtures: the shipped course, real SQLite files in tmp_path, a Tutor per learner."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("CAR_T_TUTOR_DATA_DIR", None)

import pytest

from desktop_app.core import paths
from desktop_app.core.content.loader import load_course
from desktop_app.core.content.records import Course
from desktop_app.core.store.database import Store
from desktop_app.core.tutor import Tutor

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def course() -> Course:
    return load_course(paths.builtin_content_root(), paths.assets_dir())


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "progress.sqlite3")
    yield s
    s.close()


@pytest.fixture
def tutor(course: Course, store: Store) -> Tutor:
    return Tutor(course, store, paths.assets_dir())


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


MINI_MODULE = """---
id: mini
title: A small module
summary: For tests.
minutes: 5
objectives:
  - {id: mini.one, text: First objective}
  - {id: mini.two, text: Second objective}
  - {id: mini.three, text: Third objective}
sources: [xu2021]
reviewed: 2026-11-21
---

## First part {#first}

Facts about CD19 [@xu2021: CD19].

!!! plain "In plain words"
    A short plain sentence.

## Key takeaways {#takeaways}

- One thing to remember.
"""


@pytest.fixture
def mini_root(tmp_path: Path) -> Path:
    """A tiny valid content root that tests break on purpose."""
    root = tmp_path / "pack"
    write(root, "course.yaml", "id: org.example.mini\ntitle: Mini\nversion: 1\nmodules: [mini]\n")
    write(root, "sources.yaml", (REPO / "content" / "sources.yaml").read_text(encoding="utf-8"))
    write(root, "modules/01-mini.md", MINI_MODULE)
    write(
        root,
        "questions/01-mini.yaml",
        """- id: mini-001
  type: single_choice
  module: mini
  objective: mini.one
  difficulty: 1
  tracks: [family, student]
  stem: Pick the right one.
  choices:
    - {text: Right, correct: true}
    - {text: Wrong, feedback: Not this one.}
  explanation: Because.
  sources:
    - {source: xu2021, section: CD19}
  reviewed: 2026-11-21
""",
    )
    return root
