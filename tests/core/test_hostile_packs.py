"""Hostile and broken packs, case by case: each gets its exact ``file:line: message``, is left
out, and the rest of the course still loads — quickly, whatever the input.

Every case runs under a 2-second alarm. That is a hang guard for inputs that used to take
seconds to minutes (a 60 KB line of ``[@a:`` took over 90 s), not a speed measurement.
"""

from __future__ import annotations

import os
import signal
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.core import paths
from desktop_app.core.content.loader import load_course
from desktop_app.core.render.renderer import Renderer
from tests.conftest import MINI_MODULE, write

GOOD_QUESTION = """- id: mini-001
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
"""

# The question under test: line 1 is "- id: mini-002"; the field a case breaks is on the line shown.
CASE_QUESTION = """- id: mini-002
  type: {type}
  module: mini
  objective: mini.two
  difficulty: 1
  tracks: [family, student]
  stem: Which one?
{fields}
  explanation: Because.
  sources:
    - {source: xu2021, section: CD19}
  reviewed: 2026-11-21
"""

EXTRA_MODULE = MINI_MODULE.replace("id: mini", "id: extra").replace("mini.", "extra.").replace("A small module", "Another module")


def question(qtype: str, fields: str) -> str:
    return CASE_QUESTION.replace("{type}", qtype).replace("{fields}", fields.rstrip("\n"))


def png(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))


def lesson_with(body: str) -> str:
    """The mini module with ``body`` as the text of its first section (starting on line 16)."""
    return MINI_MODULE.replace("Facts about CD19 [@xu2021: CD19].", body)


Case = tuple[Callable[[Path], None], str, str]  # (break the pack, expected message, what must still load)


def set_file(rel: str, text: str) -> Callable[[Path], None]:
    return lambda root: write(root, rel, text)


def set_question(qtype: str, fields: str) -> Callable[[Path], None]:
    return set_file("questions/02-case.yaml", question(qtype, fields))


def set_lesson(body: str) -> Callable[[Path], None]:
    return set_file("modules/01-mini.md", lesson_with(body))


def symlink(rel: str, target: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        if path.exists() or path.is_symlink():
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)

    return apply


def fifo(rel: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        path.unlink()
        os.mkfifo(path)

    return apply


def outside_folder(name: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        elsewhere = root.parent / f"elsewhere-{name}"
        elsewhere.mkdir()
        (root / name).rename(elsewhere / name)
        (root / name).symlink_to(elsewhere / name, target_is_directory=True)

    return apply


def with_asset(rel: str, data: bytes, then: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
        then(root)

    return apply


def huge_svg(root: Path) -> None:
    path = root / "diagrams" / "huge.svg"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:  # 200 MB, sparse: nothing is written, the size is what counts
        f.write(b"<svg xmlns='http://www.w3.org/2000/svg'>")
        f.truncate(200 * 2**20)
    write(root, "modules/01-mini.md", lesson_with("A huge picture [@xu2021: CD19].\n\n![Huge](diagrams/huge.svg)"))


BOMB = "[" + ", ".join(["*b"] * 9) + "]"
BOMB_ANCHORS = "  x: &a [no-op, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"  x{i}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)
Q = "questions/02-case.yaml"
M = "modules/01-mini.md"
SVG_HEAD = "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' width='100' height='100'>"

CASES: dict[str, Case] = {
    # -- 3. values YAML cannot give as written
    "impossible-date": (
        set_file(Q, question("true_false", "  answer: true").replace("reviewed: 2026-11-21", "reviewed: 2026-13-45")),
        f"{Q}:12: '2026-13-45' is not a real date (write it as YYYY-MM-DD, e.g. 2026-11-21)",
        "questions",
    ),
    "impossible-date-in-a-lesson": (
        set_file(M, MINI_MODULE.replace("reviewed: 2026-11-21", "reviewed: 2026-13-45")),
        f"{M}:11: '2026-13-45' is not a real date (write it as YYYY-MM-DD, e.g. 2026-11-21)",
        "extra-module",
    ),
    "float-tag": (
        set_question("numeric", "  answer: !!float abc\n  tolerance: 1"),
        f"{Q}:8: 'abc' is not a number",
        "questions",
    ),
    "bool-tag": (
        set_question("true_false", "  answer: !!bool maybe"),
        f"{Q}:8: 'maybe' is not true or false here: write true or false, or put text in quotes ('maybe')",
        "questions",
    ),
    "timestamp-tag": (
        set_file(Q, question("true_false", "  answer: true").replace("reviewed: 2026-11-21", "reviewed: !!timestamp x")),
        f"{Q}:12: 'x' is not a real date (write it as YYYY-MM-DD, e.g. 2026-11-21)",
        "questions",
    ),
    "map-tag-on-a-list": (
        set_question("single_choice", "  choices:\n    - !!map [1]\n    - {text: B, correct: true}"),
        f"{Q}:9: the YAML tag 'map' is not allowed here (the value is a list)",
        "questions",
    ),
    "4301-digit-integer": (
        set_file(Q, question("true_false", "  answer: true").replace("difficulty: 1", "difficulty: " + "9" * 4301)),
        f"{Q}:5: the number 999999999999… has 4301 digits, more than any course value needs",
        "questions",
    ),
    "nan-answer": (
        set_question("numeric", "  answer: .nan\n  tolerance: 1"),
        f"{Q}:8: '.nan' is not a usable number (not a number or infinite)",
        "questions",
    ),
    "10-to-the-400": (
        set_question("numeric", "  answer: 1" + "0" * 400 + "\n  tolerance: 1"),
        f"{Q}:8: the number 100000000000… has 401 digits, more than any course value needs",
        "questions",
    ),
    "yes-for-true": (
        set_question("true_false", "  answer: yes"),
        f"{Q}:8: 'yes' is not true or false here: write true or false, or put text in quotes ('yes')",
        "questions",
    ),
    "cloze-answer-no": (
        set_question("cloze", "  text: Is it {{1}}?\n  blanks:\n    - accept: [no]"),
        f"{Q}:10: 'no' is not true or false here: write true or false, or put text in quotes ('no')",
        "questions",
    ),
    # -- 4. inputs that used to hang, explode or recurse
    "10KB-line-of-open-citations": (
        set_lesson("[@a: " * 2000),
        f"{M}:16: one paragraph has 10,000 characters (at most 8,000); split it up",
        "extra-module",
    ),
    "60KB-line-of-open-citations": (
        set_lesson("[@a: " * 12000),
        f"{M}:16: a line of 60,000 characters is too long (at most 20,000)",
        "extra-module",
    ),
    "open-citations-under-the-size-cap": (
        set_lesson("[@a: " * 1500),
        f"{M}:16: one paragraph has 1,500 '[' brackets (at most 60); split it up",
        "extra-module",
    ),
    "billion-laughs-in-cloze-accept": (
        set_question("cloze", BOMB_ANCHORS + "  text: Is it {{1}}?\n  blanks:\n    - accept: " + BOMB),
        f"{Q}:11: too many YAML aliases (they would expand to over 10,000 values)",  # where the budget runs out
        "questions-file-1",
    ),
    "symlink-to-dev-zero": (
        symlink(Q, "/dev/zero"),
        f"{Q}:1: not loaded: it lies outside the course folder (a link to somewhere else?)",
        "questions-file-1",
    ),
    "fifo-as-a-question-file": (
        fifo("questions/01-mini.yaml"),
        "questions/01-mini.yaml:1: not loaded: it is not a regular file (a device, a pipe or a folder)",
        "module",
    ),
    "900-nested-lists": (
        set_lesson("Nested [@xu2021: CD19].\n\n" + "\n".join("    " * i + "- x" for i in range(900))),
        f"{M}:24: lists are nested too deeply (at most 6 levels)",  # the seventh level
        "extra-module",
    ),
    "50000-nested-emphasis": (
        set_lesson("*" * 50_000 + "x" + "*" * 50_000),
        f"{M}:16: a line of 100,001 characters is too long (at most 20,000)",
        "extra-module",
    ),
    "2000-nested-emphasis": (
        set_lesson("*a " * 1000 + "b" + " a*" * 1000),
        f"{M}:16: one paragraph has 2,000 '*' or '_' marks (at most 300); split it up",
        "extra-module",
    ),
    "50000-nested-links": (
        set_lesson("[" * 5000 + "a" + "](b)" * 5000),
        f"{M}:16: a line of 25,001 characters is too long (at most 20,000)",
        "extra-module",
    ),
    "1000-nested-links": (
        set_lesson("[" * 1000 + "a" + "](b)" * 1000),
        f"{M}:16: one paragraph has 1,000 '[' brackets (at most 60); split it up",
        "extra-module",
    ),
    "200MB-svg": (huge_svg, f"{M}:18: image 'diagrams/huge.svg' cannot be shown: it is larger than 1 MB", "extra-module"),
    "png-claiming-50000-pixels": (
        with_asset("pics/big.png", png(50_000, 50_000), set_lesson("A picture [@xu2021: CD19].\n\n![Big](pics/big.png)")),
        f"{M}:18: image 'pics/big.png' cannot be shown: it is 50000 × 50000 pixels; pictures may be at most 4096 pixels on a side",
        "extra-module",
    ),
    "quotes-nested-with-spaces": (
        set_lesson("A fact [@xu2021: CD19].\n\n" + "> " * 1500 + "deep"),
        f"{M}:18: block quotes are nested 1500 deep (at most 4)",
        "extra-module",
    ),
    "deep-yaml": (
        set_question("true_false", "  answer: true\n  feedback_true: " + "[" * 100 + "]" * 100),
        f"{Q}:9: values are nested more than 64 levels deep",
        "questions-file-1",
    ),
    "empty-course-yaml": (
        set_file("course.yaml", ""),
        "course.yaml:1: course.yaml is empty: it needs id, title, version and modules",
        "module",
    ),
    "course-yaml-only-comments": (
        set_file("course.yaml", "# to do\n"),
        "course.yaml:1: course.yaml is empty: it needs id, title, version and modules",
        "module",
    ),
    "module-listed-twice": (
        set_file("course.yaml", "id: org.example.mini\ntitle: Mini\nversion: 1\nmodules: [mini, extra, mini]\n"),
        "course.yaml:4: course.yaml lists module 'mini' twice",
        "module",
    ),
    # -- 5. reading outside the pack
    "page-id-with-dot-dot": (
        set_file("course.yaml", "title: Mini\nversion: 1\nmodules: [mini, extra]\npages: [../../../../etc/passwd]\nid: org.example.mini\n"),
        "course.yaml:4: page id '../../../../etc/passwd' must be lower-case letters, digits and hyphens",
        "module",
    ),
    "modules-folder-linked-elsewhere": (
        outside_folder("modules"),
        "modules/:1: this folder is a link to somewhere outside the course folder; not loaded",
        "nothing",
    ),
    "question-file-linked-to-a-file-elsewhere": (
        symlink(Q, "/etc/hostname"),
        f"{Q}:1: not loaded: it lies outside the course folder (a link to somewhere else?)",
        "questions-file-1",
    ),
    "svg-image-href-file": (
        with_asset(
            "diagrams/peek.svg",
            (SVG_HEAD + "<image xlink:href='file:///etc/hostname' width='10' height='10'/></svg>").encode(),
            set_lesson("A picture [@xu2021: CD19].\n\n![Peek](diagrams/peek.svg)"),
        ),
        f"{M}:18: image 'diagrams/peek.svg' cannot be shown: it embeds or links another picture (<image>); draw the diagram in SVG alone",
        "extra-module",
    ),
    "svg-use-href-outside": (
        with_asset(
            "diagrams/use.svg",
            (SVG_HEAD + "<use href='/home/someone/other.svg#x'/></svg>").encode(),
            set_lesson("A picture [@xu2021: CD19].\n\n![Use](diagrams/use.svg)"),
        ),
        f"{M}:18: image 'diagrams/use.svg' cannot be shown: it links to '/home/someone/other.svg#x' outside the drawing; "
        "only links inside it (#id) are allowed",
        "extra-module",
    ),
    "svg-style-url-outside": (
        with_asset(
            "diagrams/fill.svg",
            (SVG_HEAD + "<rect width='5' height='5' fill='url(file:///etc/x#p)'/></svg>").encode(),
            set_lesson("A picture [@xu2021: CD19].\n\n![Fill](diagrams/fill.svg)"),
        ),
        f"{M}:18: image 'diagrams/fill.svg' cannot be shown: its attribute fill refers to something outside the drawing",
        "extra-module",
    ),
    "html-in-choice-feedback": (
        set_question(
            "single_choice", "  choices:\n    - {text: A, correct: true}\n    - {text: B, feedback: '<img src=\"/etc/hostname\">'}"
        ),
        f"{Q}:10: 'feedback' may not contain HTML tags",
        "questions",
    ),
    "html-in-a-matching-label": (
        set_question("matching", "  pairs:\n    - {left: '<b>A</b>', right: B}\n    - {left: C, right: D}"),
        f"{Q}:9: 'left' may not contain HTML tags",
        "questions",
    ),
    "html-in-cloze-text": (
        set_question("cloze", "  text: \"<img src='x'> {{1}}\"\n  blanks:\n    - accept: [a]"),
        f"{Q}:8: 'text' may not contain HTML tags",
        "questions",
    ),
    "html-in-a-glossary-tooltip": (
        set_file("glossary.yaml", "- {id: cd19, term: CD19, plain: '<img src=\"/etc/hostname\">', technical: t, modules: [mini]}\n"),
        "glossary.yaml:1: field 'plain' may not contain HTML tags",
        "module",
    ),
    "raw-html-split-over-lines": (
        set_lesson("Text [@xu2021: CD19] <img\nsrc='/etc/hostname'\n>"),
        f"{M}:16: raw HTML '<img src='/etc/hostname' >' is not allowed; use Markdown",
        "extra-module",
    ),
    "reference-style-link-outside": (
        set_lesson("Read [this][1] [@xu2021: CD19].\n\n[1]: https://example.org/"),
        f"{M}:18: external link 'https://example.org/' is not allowed (the program works offline)",
        "extra-module",
    ),
    "reference-style-image-outside-the-pack": (
        set_lesson("See ![this][pic] [@xu2021: CD19].\n\n[pic]: ../../../etc/hostname"),
        f"{M}:18: reference [pic] points at '../../../etc/hostname', which is not in the course",
        "extra-module",
    ),
    "autolink": (
        set_lesson("Go to <https://example.org> [@xu2021: CD19]."),
        f"{M}:16: automatic link <https://example.org> is not allowed (the program works offline)",
        "extra-module",
    ),
    "html-in-a-stem": (
        set_file(Q, question("true_false", "  answer: true").replace("stem: Which one?", "stem: \"<iframe src='x'></iframe>\"")),
        f"{Q}:7: raw HTML '<iframe src='x'>' is not allowed; use Markdown in 'stem'",
        "questions",
    ),
}


@pytest.fixture
def base(mini_root: Path) -> Path:
    write(mini_root, "course.yaml", "id: org.example.mini\ntitle: Mini\nversion: 1\nmodules: [mini, extra]\n")
    write(mini_root, "modules/02-extra.md", EXTRA_MODULE)
    write(mini_root, "questions/01-mini.yaml", GOOD_QUESTION)
    write(mini_root, Q, question("true_false", "  answer: true"))
    return mini_root


def test_the_base_pack_is_valid(base: Path) -> None:
    course = load_course(base, paths.assets_dir())
    assert course.problems == [] and [m.id for m in course.modules] == ["mini", "extra"]
    assert [q.id for q in course.bank] == ["mini-001", "mini-002"]


@pytest.fixture
def hang_guard():
    def alarm(_sig, _frame):
        raise TimeoutError("took more than 2 s: a check is not linear in its input")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, 2.0)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_pack_is_reported_and_the_rest_loads(base: Path, name: str, hang_guard) -> None:
    breaker, message, still = CASES[name]
    breaker(base)
    course = load_course(base, paths.assets_dir())
    shown = [str(p) for p in course.problems]
    assert message in shown, "\n".join(shown)
    modules = [m.id for m in course.modules]
    questions = [q.id for q in course.bank]
    if still == "questions":  # the broken question is left out; the good one in the other file stays
        assert "mini-002" not in questions and "mini-001" in questions and modules == ["mini", "extra"]
    elif still == "questions-file-1":
        assert questions == ["mini-001"] and modules == ["mini", "extra"]
    elif still == "extra-module":  # the broken lesson is left out, the other one stays
        assert modules == ["extra"]
    elif still == "module":
        assert "mini" in modules and "extra" in modules
    # Whatever loaded renders without trouble.
    renderer = Renderer(course, paths.assets_dir())
    for m in course.modules:
        for s in m.sections:
            for track in ("student", "family"):
                assert renderer.section_html(m, s, track)
