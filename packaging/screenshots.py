"""Screenshots of every screen, in both themes, at 100% and 200% text, at 1280x820 and 1024x700.

    QT_QPA_PLATFORM=offscreen python packaging/screenshots.py [--out build/screenshots] [--docs]

Each screen is drawn by the real window on a fresh progress file with a little history (a lesson
read, a quiz taken), so the dashboard and the browser have something to show. ``--docs`` also
copies the most telling ones to docs/screenshots (the README shows them). Look at them: text
readable, nothing cut off or overlapping, the family track plain.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCS = {  # file in docs/screenshots: the shot it is a copy of
    "student-light.png": "light-100-1280x820-lesson-student.png",
    "family-dark.png": "dark-200-1024x700-lesson-family.png",
    "quiz-feedback.png": "light-100-1280x820-quiz-feedback.png",
    "dashboard.png": "light-100-1280x820-dashboard.png",
    "dashboard-dark-200.png": "dark-200-1024x700-dashboard.png",
    "search.png": "light-100-1280x820-search.png",
    "browser.png": "dark-100-1280x820-browser.png",
    "welcome.png": "light-125-1280x820-welcome.png",
    "hotspot-dark.png": "dark-100-1280x820-quiz-hotspot.png",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "build" / "screenshots"))
    parser.add_argument("--docs", action="store_true", help="copy the chosen ones to docs/screenshots")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from desktop_app.gui import theme

    app = theme.create_application(["car-t-tutor"])
    taken = []
    combos = [(t, s, size) for t in ("light", "dark") for s in (100, 200) for size in ((1280, 820), (1024, 700))]
    combos.append(("light", 125, (1280, 820)))  # the first-start screen as most will first see it
    for theme_name, scale, size in combos:
        taken += shoot_all(app, out, theme_name, scale, size)
    print(f"{len(taken)} screenshots in {out}")
    if args.docs:
        target = REPO / "docs" / "screenshots"
        target.mkdir(parents=True, exist_ok=True)
        for name, source in DOCS.items():
            shutil.copy(out / source, target / name)
        print(f"{len(DOCS)} copied to {target}")


def shoot_all(app, out: Path, theme_name: str, scale: int, size: tuple[int, int]) -> list[Path]:
    from desktop_app.core.grading import correct_response
    from desktop_app.core.learning.quiz import PRACTICE, TEST
    from desktop_app.core.store.database import Store
    from desktop_app.gui.app import build_window

    data = Path(tempfile.mkdtemp(prefix="cart-shots-"))
    store = Store.open(data / "progress.sqlite3")
    tag = f"{theme_name}-{scale}-{size[0]}x{size[1]}"
    shots: list[Path] = []

    def settle() -> None:
        for _ in range(6):
            app.processEvents()

    def shot(name: str, widget=None) -> None:
        settle()
        path = out / f"{tag}-{name}.png"
        (widget or w).grab().save(str(path))
        shots.append(path)

    w = build_window(store, None)
    w.resize(*size)
    if tag == "light-125-1280x820":
        w.tutor.update_setting("text_scale", scale)
        w.apply_theme()
        w.show()
        settle()
        shot("welcome")
        w.close()
        store.close()
        return shots
    store.set_state("welcomed", "1")
    w.tutor.update_setting("theme", theme_name)
    w.tutor.update_setting("text_scale", scale)
    w.apply_theme()
    w.show()
    settle()

    tutor = w.tutor
    toxicity = tutor.course.module("toxicity")
    # A little history: one quiz with right and wrong answers.
    session = tutor.start_quiz(TEST, None, 10, seed=7)
    for n, item in enumerate(session.items):
        session.submit(correct_response(item.question) if n % 3 else None, 2 + (n % 2))
        session.next()
    session.finish()

    steps: list[tuple[str, Callable[[], object]]] = [
        ("lesson-student", lambda: w.open_section(toxicity.id, toxicity.sections[1].id)),
        ("lesson-family", lambda: (w.set_track("family"), w.open_section(toxicity.id, toxicity.sections[1].id))),
        ("home-family", lambda: w.show_view("home")),
        ("lesson-objectives", lambda: (w.set_track("student"), w.open_section(toxicity.id, toxicity.sections[0].id))),
        ("home", lambda: w.show_view("home")),
        ("glossary", lambda: (w.show_view("glossary"), w.glossary_page().show_term("crs"))),
        ("sources", lambda: w.show_view("sources")),
        ("page-when-to-call", lambda: w.show_page("when-to-call")),
        ("quiz-setup", lambda: w.show_view("quiz")),
        ("dashboard", lambda: w.show_view("dashboard")),
        ("browser", lambda: w.show_view("browser")),
        ("search", lambda: (w.focus_search(), w.search_field.setText("tocilizumab dose"), w.run_search("tocilizumab dose"))),
        ("courses", lambda: w.show_view("courses")),
        ("class-report", lambda: w.show_view("report")),
    ]
    for name, step in steps:
        step()
        shot(name)

    page = w.quiz_page()
    w.stack.setCurrentWidget(page)
    for qtype in ("single_choice", "matching", "hotspot", "cloze"):
        q = next(q for q in tutor.bank if q.type == qtype)
        page.start(PRACTICE, None, 1, None, question_ids=[q.id])
        shot(f"quiz-{qtype.replace('_', '-')}")
        page.runner.session = None
    q = next(q for q in tutor.bank if q.type == "multiple_response")
    page.start(PRACTICE, None, 1, None, question_ids=[q.id])
    page.runner.submit()
    if page.runner.state == "offer-retry":
        page.runner.on_primary()
    shot("quiz-feedback")
    page.runner.on_primary()
    shot("quiz-results")

    w.open_export()
    shot("export-dialog", w.export_dialog)
    w.export_dialog.close()
    w.show_term_popup("icans")
    shot("term-popup", w.term_dialog)
    w.term_dialog.hide()

    w.hide()
    w.close()
    store.close()
    return shots


if __name__ == "__main__":
    main()
