"""Search (FTS5 over the course) and the question browser (met questions, flag, suspend, history)."""

from __future__ import annotations

import time

import pytest

from desktop_app.core.errors import KnownError
from desktop_app.core.grading import correct_response
from desktop_app.core.learning.browser import DUE, FLAGGED, MISCONCEPTION, SUSPENDED, BrowserFilter
from desktop_app.core.learning.quiz import PRACTICE, TEST
from desktop_app.core.learning.scheduler import CONFIDENCE_HIGH
from desktop_app.core.search.documents import PAGE, QUESTION, SECTION, TERM, plain_text
from desktop_app.core.store.database import Store
from desktop_app.core.store.search_index import HIT_END, HIT_START, SearchIndex, match_expression
from desktop_app.core.tutor import Tutor
from tests.core.test_learning import wrong_response


def answer(tutor: Tutor, ids: list[str], right: bool = True, confidence: int | None = None) -> None:
    session = tutor.start_quiz(TEST, None, len(ids), question_ids=ids)
    for item in session.items:
        q = item.question
        session.submit(correct_response(q) if right else wrong_response(q), confidence)
        session.next()
    session.finish()


def test_plain_text_keeps_the_words_and_drops_markup() -> None:
    md = "**CRS** starts with *fever* [@xu2021: CRS]. See [the table](#x) and ![a diagram](diagrams/x.svg)\n\n| a | b |\n|---|---|\n"
    assert plain_text(md) == "CRS starts with fever . See the table and a diagram a b"


def test_what_is_typed_is_never_fts_syntax() -> None:
    assert match_expression('cd19 "OR" NOT (x*') == '"cd19" "or" "not" "x"'
    assert match_expression("tocilizumab dos") == '"tocilizumab" "dos"*'
    assert match_expression("  ,.;  ") is None
    index = SearchIndex()
    for nasty in ('"', "*", "NEAR(a b)", "a:b", "^x", "-", "'; DROP TABLE docs; --", "\x00"):
        assert index.search(nasty, "student") == []


def test_search_finds_sections_terms_and_pages_with_snippets(tutor: Tutor) -> None:
    hits = tutor.search("tocilizumab")
    kinds = {h.kind for h in hits}
    assert SECTION in kinds and TERM in kinds
    section = next(h for h in hits if h.kind == SECTION)
    module_id, _, section_id = section.ref.partition("/")
    assert tutor.course.module(module_id).section(section_id) is not None
    assert HIT_START in section.snippet and HIT_END in section.snippet
    assert "tocilizumab" in section.snippet.lower()
    term = next(h for h in hits if h.kind == TERM)
    assert tutor.course.term(term.ref) is not None
    assert any(h.kind == PAGE for h in tutor.search("call the care team"))


def test_search_ranks_and_matches_prefixes_and_stems(tutor: Tutor) -> None:
    # "relapsed" and "relapses" both reach the section on relapse; a prefix while typing works.
    assert any(h.ref.startswith("relapse/") for h in tutor.search("relapsed")[:5])
    assert tutor.search("cytok")
    assert tutor.search("Cytokine")[0].kind in (SECTION, TERM)


def test_search_follows_the_learners_track(tutor: Tutor) -> None:
    # A word only the full lessons use: found on the student track, not in plain words.
    student = {h.ref for h in tutor.search("immunophenotyping") if h.kind == SECTION}
    tutor.set_track("family")
    family = {h.ref for h in tutor.search("immunophenotyping") if h.kind == SECTION}
    assert student and not family


def test_questions_are_found_only_once_answered(tutor: Tutor) -> None:
    q = next(q for q in tutor.bank if q.type == "single_choice" and "family" in q.tracks)
    words = " ".join(plain_text(q.stem).split()[:6])
    assert all(h.kind != QUESTION for h in tutor.search(words, limit=200))
    answer(tutor, [q.id])
    found = [h for h in tutor.search(words, limit=200) if h.kind == QUESTION]
    assert [h.ref for h in found] == [q.id]
    # Another learner has not met it: search gives them nothing of it.
    other = tutor.create_learner("Sam", "student")
    tutor.switch_learner(other.id)
    assert all(h.kind != QUESTION for h in tutor.search(words, limit=200))


def test_the_index_builds_on_a_worker_thread(course, store: Store) -> None:
    from desktop_app.core import paths

    tutor = Tutor(course, store, paths.assets_dir())
    thread = tutor.prepare_search()
    thread.join(30)
    assert not thread.is_alive()
    assert tutor.search_index().count > 1000  # every section twice, every term twice, every question
    assert tutor.search("CD19")


# ---------------------------------------------------------------- the question browser


def test_the_browser_lists_only_met_questions_with_their_schedule(tutor: Tutor) -> None:
    assert tutor.browse() == []
    ids = [q.id for q in tutor.bank.questions[:6]]
    answer(tutor, ids[:3], right=True)
    answer(tutor, ids[3:], right=False, confidence=CONFIDENCE_HIGH)
    rows = {r.question.id: r for r in tutor.browse()}
    assert set(rows) == set(ids)
    assert all(r.reps == 1 for r in rows.values())
    assert {r.question.id for r in tutor.browse(BrowserFilter(state=MISCONCEPTION))} == set(ids[3:])
    later = time.time() + 40 * 86400
    assert {r.question.id for r in tutor.browse(BrowserFilter(state=DUE), now=later)} == set(ids)
    module = tutor.bank.questions[0].module
    assert all(r.question.module == module for r in tutor.browse(BrowserFilter(module=module)))
    qtype = tutor.bank.questions[0].type
    assert all(r.question.type == qtype for r in tutor.browse(BrowserFilter(type=qtype)))
    objective = tutor.bank.questions[0].objective
    assert {r.question.id for r in tutor.browse(BrowserFilter(objective=objective))} >= {ids[0]}
    first_words = tutor.bank.questions[0].stem.split()[:3]
    assert ids[0] in {r.question.id for r in tutor.browse(BrowserFilter(text=" ".join(first_words)))}


def test_flag_is_stored_and_filters(tutor: Tutor, store: Store) -> None:
    q = tutor.bank.questions[0]
    with pytest.raises(KnownError):
        tutor.mark_question(q.id, flagged=True)  # never met
    answer(tutor, [q.id])
    tutor.mark_question(q.id, flagged=True)
    assert [r.question.id for r in tutor.browse(BrowserFilter(state=FLAGGED))] == [q.id]
    # Stored in the file: a fresh start sees it.
    again = Store.open(store.path)
    try:
        again.use_course(tutor.course.id)
        assert [c["question_id"] for c in again.met_cards(tutor.learner.id) if c["flagged"]] == [q.id]
    finally:
        again.close()
    # Answering again keeps the flag (the schedule changes, the mark does not).
    answer(tutor, [q.id])
    assert tutor.browse(BrowserFilter(state=FLAGGED))[0].reps == 2


def test_a_suspended_question_is_never_asked_or_counted_until_resumed(tutor: Tutor) -> None:
    pool = [q for q in tutor.bank.questions if q.module == tutor.bank.questions[0].module][:5]
    ids = [q.id for q in pool]
    answer(tutor, ids, right=False)
    later = time.time() + 40 * 86400
    assert tutor.due_count(now=later) == 5
    tutor.mark_question(ids[0], suspended=True)
    assert tutor.due_count(now=later) == 4
    assert ids[0] not in {q.id for q in tutor.review_queue(None, now=later)}
    assert [r.question.id for r in tutor.browse(BrowserFilter(state=SUSPENDED))] == [ids[0]]
    assert ids[0] not in {r.question.id for r in tutor.browse(BrowserFilter(state=DUE), now=later)}
    module = [pool[0].module]
    for mode in (PRACTICE, TEST):
        for seed in range(5):
            drawn = tutor.draw_for(mode, module, 500, seed)
            assert ids[0] not in {q.id for q in drawn}
    assert tutor.start_quiz(TEST, None, 5, question_ids=[ids[0]]).total == 0
    tutor.mark_question(ids[0], suspended=False)
    assert tutor.due_count(now=later) == 5


def test_history_shows_every_answer_in_words_newest_first(tutor: Tutor) -> None:
    q = next(q for q in tutor.bank.questions if q.type == "single_choice")
    answer(tutor, [q.id], right=False, confidence=CONFIDENCE_HIGH)
    answer(tutor, [q.id], right=True)
    history = tutor.question_history(q.id)
    assert [h.score for h in history] == [1.0, 0.0]
    assert history[0].your_answer == tutor.right_answer(q)
    assert history[1].confidence == CONFIDENCE_HIGH and history[1].mode == "Test"
    assert history[1].your_answer != history[0].your_answer


def test_flags_follow_a_renamed_question(tutor: Tutor, store: Store) -> None:
    q = tutor.bank.questions[0]
    answer(tutor, [q.id])
    tutor.mark_question(q.id, flagged=True, suspended=True)
    store.rename_ids({"question": {q.id: "renamed-001"}})
    rows = {c["question_id"]: c for c in store.met_cards(tutor.learner.id)}
    assert rows["renamed-001"]["flagged"] == 1 and rows["renamed-001"]["suspended"] == 1
