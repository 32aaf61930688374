"""``car-t-tutor pack new DIR``: a minimal, valid course to start from, with a note for authors.

It has one lesson, one question of each of the eight types (including a diagram of its own for
the click-the-diagram question), one source, one glossary term and one page, so that an author
sees every format working before changing anything; ``validate`` reports 0 problems on it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from desktop_app.core.errors import PackError

MAX_TITLE = 200

README = """# Writing this course

This folder is a CAR-T Tutor course. Edit the files, then check and build it:

    car-t-tutor validate {folder}              # every problem as file:line: message
    car-t-tutor pack build {folder} -o {slug}.ctpack

Hand the .ctpack file to learners (a USB stick, a shared folder, e-mail). They open it with
File > Open course pack… (or drop it on the window). To update it, raise `version` in
course.yaml, build again and hand out the new pack: learners keep all their progress.

- course.yaml     the course id (never change it), version, title, the order of modules
- sources.yaml    what lessons and questions may cite, as [@id: Section]
- glossary.yaml   terms explained on hover in the lessons
- modules/        one lesson per file: NN-slug.md
- questions/      the questions for each module: NN-slug.yaml
- pages/          extra pages (for example for families)
- diagrams/       your own SVG diagrams, with clickable regions for hotspot questions

Ids (of the course, modules, sections, objectives and questions) are how learners' progress is
kept: never reuse one, and if you must rename one, list the old id under `replaces:` so that
progress moves with it. A question you remove is retired: learners keep its history.

The full guide is docs/authoring.md in the CAR-T Tutor source, also shown by `car-t-tutor --help`.
"""

COURSE = """# The id is this course's identity for ever: progress and updates follow it. Use a domain
# name you control, reversed (org.example.my-course), or a short slug.
id: {course_id}
title: {title}
version: 1.0.0
modules: [intro]
pages: [about]
"""

SOURCES = """- id: example-source
  authors: Author A, Author B
  title: The source your facts come from
  venue: Journal or book, volume and pages
  year: {year}
  kind: outside
  reliability: Say how much a learner can rely on it (peer-reviewed? a guideline? a textbook?).
  sections: [Introduction, Results]
"""

GLOSSARY = """- id: example-term
  term: Example term
  plain: What the term means, in everyday words.
  technical: What the term means, for students.
  modules: [intro]
"""

MODULE = """---
id: intro
title: A first lesson
summary: One or two sentences shown in the navigation pane and on the home page.
minutes: 10
objectives:
  - {{id: intro.recall, text: Recall the main idea of this lesson.}}
  - {{id: intro.explain, text: Explain why the main idea matters.}}
  - {{id: intro.apply, text: Use the idea in a short example.}}
sources: [example-source]
reviewed: {today}
---

## The main idea {{#main-idea}}

Write the student text here in your own words. Every factual paragraph ends with a citation of
the source it comes from [@example-source: Introduction]. An Example term in the text is
explained when the learner points at it.

!!! plain "In plain words"
    Write the same idea here for families. Use short sentences and everyday words.

## Why it matters {{#why}}

A second section, with its own plain-words block [@example-source: Results].

!!! plain "In plain words"
    Say why this matters, plainly.

## Key takeaways {{#takeaways}}

- The one thing to remember.
- The second thing to remember.
"""

QUESTIONS = """- id: intro-001
  type: single_choice
  module: intro
  objective: intro.recall
  difficulty: 1
  tracks: [family, student]
  stem: Which option states the main idea?
  choices:
    - text: The main idea, stated correctly
      correct: true
    - text: A common misunderstanding of it
      feedback: Say here why this is wrong; learners see it when they pick it.
    - text: A second plausible mistake
      feedback: And why this one is wrong.
  explanation: Why the right answer is right, in a sentence or two.
  sources:
    - {{source: example-source, section: Introduction}}
  reviewed: {today}

- id: intro-002
  type: multiple_response
  module: intro
  objective: intro.explain
  difficulty: 2
  tracks: [student]
  stem: Which of these are true? Choose all that apply.
  choices:
    - {{text: A true statement, correct: true}}
    - {{text: Another true statement, correct: true}}
    - {{text: A false one that sounds true, feedback: Why it is false.}}
  explanation: Partial credit is given for each right choice, less each wrong one.
  sources:
    - {{source: example-source, section: Results}}
  reviewed: {today}

- id: intro-003
  type: true_false
  module: intro
  objective: intro.recall
  difficulty: 1
  tracks: [family, student]
  stem: This statement about the main idea is true.
  answer: true
  feedback_true: Shown to a learner who answers true.
  feedback_false: Shown to a learner who answers false.
  explanation: Why the statement is true.
  sources:
    - {{source: example-source, section: Introduction}}
  reviewed: {today}

- id: intro-004
  type: matching
  module: intro
  objective: intro.explain
  difficulty: 2
  tracks: [student]
  stem: Match each term with what it means.
  pairs:
    - {{left: First term, right: Its meaning}}
    - {{left: Second term, right: Its meaning too}}
  distractors: [A meaning that fits neither]
  explanation: Each pair, explained.
  sources:
    - {{source: example-source, section: Results}}
  reviewed: {today}

- id: intro-005
  type: ordering
  module: intro
  objective: intro.apply
  difficulty: 2
  tracks: [student]
  stem: Put the steps in order.
  items:
    - First step
    - Second step
    - Third step
  explanation: The steps come in this order because each needs the one before.
  sources:
    - {{source: example-source, section: Results}}
  reviewed: {today}

- id: intro-006
  type: cloze
  module: intro
  objective: intro.recall
  difficulty: 2
  tracks: [student]
  stem: Fill in the blank.
  text: "The main idea is called {{{{1}}}}."
  blanks:
    - accept: [example term, the example term]
  explanation: Every accepted spelling is listed under accept; case and hyphens do not matter.
  sources:
    - {{source: example-source, section: Introduction}}
  reviewed: {today}

- id: intro-007
  type: numeric
  module: intro
  objective: intro.apply
  difficulty: 3
  tracks: [student]
  stem: In the example study, what share of people responded (in percent)?
  answer: 80
  tolerance: 2
  unit: "%"
  explanation: Give the figure and say which study it comes from.
  sources:
    - {{source: example-source, section: Results}}
  reviewed: {today}

- id: intro-008
  type: hotspot
  module: intro
  objective: intro.explain
  difficulty: 1
  tracks: [family, student]
  stem: Click the part that does the work.
  diagram: parts
  answer: worker
  regions: [worker, helper]
  explanation: The labels are hidden while the question is asked, and shown with the answer.
  sources:
    - {{source: example-source, section: Introduction}}
  reviewed: {today}
"""

PAGE = """---
id: about
title: About this course
tracks: [family, student]
reviewed: {today}
---

Who wrote this course, for whom, and when it was last checked. This course is for education;
it is not medical advice.
"""

DIAGRAM = """<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300" viewBox="0 0 600 300">
  <title>Two parts</title>
  <rect x="1" y="1" width="598" height="298" rx="12" fill="#ffffff" stroke="#c9ced6" stroke-width="2"/>
  <g id="worker" class="region">
    <title>The worker</title>
    <rect x="60" y="80" width="200" height="140" rx="10" fill="#d9ecf7" stroke="#2f6f97" stroke-width="2"/>
    <text x="160" y="158" font-size="20" text-anchor="middle" font-family="DejaVu Sans, sans-serif">Worker</text>
  </g>
  <g id="helper" class="region">
    <title>The helper</title>
    <rect x="340" y="80" width="200" height="140" rx="10" fill="#f6e6ef" stroke="#a3557f" stroke-width="2"/>
    <text x="440" y="158" font-size="20" text-anchor="middle" font-family="DejaVu Sans, sans-serif">Helper</text>
  </g>
</svg>
"""


def scaffold(folder: Path, title: str = "My course", course_id: str | None = None) -> list[Path]:
    """Write a new course into ``folder`` (which must be empty or new); the files written."""
    from desktop_app.core.content.loader import COURSE_ID
    from desktop_app.core.content.markup import RAW_HTML

    title = title.strip()
    if not title or "\n" in title or len(title) > MAX_TITLE or RAW_HTML.search(title):
        raise PackError(
            f"The title {title[:60]!r} cannot be used.", f"Give a title of one line, at most {MAX_TITLE} characters, with no HTML tags."
        )
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold())[:40].strip("-") or "my-course"
    course_id = course_id if course_id is not None else f"org.example.{slug}"
    if not COURSE_ID.match(course_id):
        raise PackError(
            f"The course id {course_id[:80]!r} cannot be used.",
            "Use lower-case letters, digits, hyphens and dots: a domain name you control, reversed (org.example.heart), "
            "or a short slug (heart-basics).",
        )
    if folder.exists() and not folder.is_dir():
        raise PackError(f"{folder} is a file, not a folder.", "Give the name of a new folder for the course.")
    if folder.is_dir() and any(folder.iterdir()):
        raise PackError(f"{folder} is not empty.", "Choose a new folder for the course.")
    today = dt.date.today().isoformat()
    files = {
        "README.md": README.format(folder=folder, slug=slug),
        # JSON's string syntax is YAML's double-quoted one: any title is kept exactly as typed.
        "course.yaml": COURSE.format(course_id=course_id, title=json.dumps(title, ensure_ascii=False)),
        "sources.yaml": SOURCES.format(year=dt.date.today().year),
        "glossary.yaml": GLOSSARY,
        "modules/01-intro.md": MODULE.format(today=today),
        "questions/01-intro.yaml": QUESTIONS.format(today=today),
        "pages/about.md": PAGE.format(today=today),
        "diagrams/parts.svg": DIAGRAM,
    }
    written = []
    try:
        for rel, text in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    except OSError as exc:
        why = exc.strerror or exc
        raise PackError(f"The course could not be written to {folder}: {why}.", "Choose a folder you can write to.") from exc
    return written
