"""One facade over the course and the progress store for one learner at a time.

The GUI talks to this object only (as Anki's GUI talks to its collection): it asks for what to
show and reports what the learner did; everything is computed and stored here. Every change is
written first and takes effect in memory only once the write succeeded, so a full disk or a
locked file (a StorageError, with a message for the user) never leaves the program believing
something the progress file does not hold.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.content.records import Course, Module, Section
from desktop_app.core.learning import mastery as mastery_rules
from desktop_app.core.learning.scheduler import ReviewScheduler
from desktop_app.core.settings import Settings
from desktop_app.core.store.database import Store
from desktop_app.core.store.records import Learner

if TYPE_CHECKING:
    from desktop_app.core.learning.browser import BrowserFilter, BrowserRow, HistoryEntry
    from desktop_app.core.learning.eligibility import Eligibility
    from desktop_app.core.learning.quiz import QuizSpec, StrataIndex
    from desktop_app.core.learning.session import QuizSession, ReviewRow
    from desktop_app.core.questions import Bank, Question
    from desktop_app.core.store.courses import CourseProgress
    from desktop_app.core.store.search_index import SearchHit, SearchIndex

# Quizzes, grading and the question bank are imported when first used: reading a lesson needs
# none of them, and start-up is measured.

READ_SECONDS_TO_COMPLETE = 20.0  # a section counts as read after this long on it, scrolled to the end
GLANCE_SECONDS = 10.0  # less on a section (opening the program, flipping past) is not a day of study


class Tutor:
    def __init__(self, course: Course, store: Store, assets: Path, learner: Learner | None = None) -> None:
        self.course = course
        self.store = store
        self.assets = assets
        store.use_course(course.id)
        self._strata: StrataIndex | None = None
        self._rule: Eligibility | None = None
        self._disallowed: tuple[Eligibility, int, frozenset[str]] | None = None
        self._search: SearchIndex | None = None
        self._search_lock = threading.Lock()
        self._questions_followed = False
        self._follow_renames()
        self.learner = learner or store.last_or_default_learner()
        if store.get_state("last_learner_id") != str(self.learner.id):
            store.open_learner(self.learner.id)
        self._scheduler: ReviewScheduler | None = None
        self._load_settings()

    def _follow_renames(self, questions: bool = False) -> None:
        """When a course arrives in a new version, move progress from ids its author renamed
        (``replaces: [old-id]``) to the new ids, once, for every learner.

        Lessons and objectives are followed at once; questions when the bank is first needed,
        so that opening a large course for the first time does not wait for all its questions.
        """
        key = f"course_{'questions_' if questions else ''}version:{self.course.id}"
        if questions and self._questions_followed:
            return
        if self.store.get_state(key) != self.course.version:
            from desktop_app.core.content.loader import renames

            found = {k: v for k, v in renames(self.course, with_questions=questions).items() if v}
            if found:
                self.store.rename_ids(found)
            self.store.set_state(key, self.course.version)
        if questions:
            self._questions_followed = True

    @property
    def bank(self) -> Bank:
        """The course's questions, with progress already following any renamed ones."""
        self._follow_renames(questions=True)
        return self.course.bank

    def retired_history(self) -> dict[str, int]:
        """Questions this learner answered that the course no longer has, with how many answers:
        never asked or counted again, but their history is kept (and shown on the dashboard)."""
        bank = self.bank
        return {qid: n for qid, n in self.store.answered_question_ids(self.learner.id).items() if bank.get(qid) is None}

    def answer_count(self) -> int:
        return self.store.answer_count(self.learner.id)

    def results_key(self) -> str:
        """A random id for this learner's results files, made once: a newer file replaces an
        older one in the instructor's report, and nothing about the learner or computer is in it."""
        stored = self.store.settings(self.learner.id).get("results_key")
        if isinstance(stored, str) and stored:
            return stored
        import uuid

        key = uuid.uuid4().hex
        self.store.set_setting(self.learner.id, "results_key", key)
        return key

    def course_progress(self, course_id: str, sections: Collection[tuple[str, str]] | None = None) -> CourseProgress:
        """This learner's progress in any installed course (for the Courses page); ``sections``:
        the (module, section) ids that course has now."""
        return self.store.course_progress(self.learner.id, course_id, sections, GLANCE_SECONDS)

    def eligibility(self) -> Eligibility:
        """The one rule for what this learner may be asked now (see learning.eligibility)."""
        from desktop_app.core.learning.eligibility import Eligibility

        suspended = self.store.suspended_ids(self.learner.id)
        rule = self._rule
        # Kept while nothing it depends on changes (the same bank object, track and suspensions).
        if rule is None or rule.bank is not self.bank or rule.track != self.track or rule.suspended != suspended:
            rule = self._rule = Eligibility(self.bank, self.track, suspended)
        return rule

    @property
    def strata(self) -> StrataIndex:
        if self._strata is None:
            from desktop_app.core.learning.quiz import StrataIndex

            self._strata = StrataIndex(self.bank)
        return self._strata

    # ------------------------------------------------------------ learners

    def _load_settings(self) -> None:
        self.settings = Settings.from_stored(self.store.settings(self.learner.id))
        self._scheduler = None

    @property
    def scheduler(self) -> ReviewScheduler:
        if self._scheduler is None or self._scheduler.desired_retention != self.settings.desired_retention:
            self._scheduler = ReviewScheduler(self.settings.desired_retention)
        return self._scheduler

    def learners(self) -> list[Learner]:
        return self.store.learners()

    def switch_learner(self, learner_id: int) -> Learner:
        learner = self.store.learner(learner_id)
        if learner is None:
            raise KeyError(learner_id)
        self.store.open_learner(learner_id)
        self.learner = learner
        self._load_settings()
        return learner

    def recover_learner(self) -> Learner:
        """After another program removed the current learner: open another one (or a new one)."""
        self.learner = self.store.last_or_default_learner()
        self.store.open_learner(self.learner.id)
        self._load_settings()
        return self.learner

    def create_learner(self, name: str, track: str) -> Learner:
        return self.store.create_learner(name, track)

    def rename_learner(self, learner_id: int, name: str) -> None:
        self.store.rename_learner(learner_id, name)
        if learner_id == self.learner.id:
            self.learner = self.store.learner(learner_id) or self.learner

    def delete_learner(self, learner_id: int) -> None:
        """Delete a learner and all their progress; the current learner moves to another one."""
        self.store.delete_learner(learner_id)
        if learner_id == self.learner.id:
            self.recover_learner()

    def set_track(self, track: str) -> None:
        self.store.set_track(self.learner.id, track)
        self.learner = self.store.learner(self.learner.id) or self.learner

    @property
    def track(self) -> str:
        return self.learner.track

    def update_setting(self, key: str, value: Any) -> Settings:
        changed = self.settings.with_value(key, value)
        self.store.set_setting(self.learner.id, key, getattr(changed, key))
        self.settings = changed
        return self.settings

    # ------------------------------------------------------------ first start

    def is_first_start(self) -> bool:
        """True until someone has said who is learning: a new progress file with one learner who
        has read and answered nothing (a file from before this question was asked never asks)."""
        if self.store.get_state("welcomed") is not None:
            return False
        learner = self.learner.id
        return len(self.store.learners()) == 1 and not self.store.has_answers(learner) and not self.store.last_section(learner)

    def welcome(self, name: str, track: str, text_scale: int) -> None:
        """The first start's answers: who is learning, on which track, at what text size."""
        name = " ".join(name.split())
        if name and name != self.learner.name:
            self.rename_learner(self.learner.id, name)
        if track != self.track:
            self.set_track(track)
        if text_scale != self.settings.text_scale:
            self.update_setting("text_scale", text_scale)
        self.store.set_state("welcomed", "1")

    # ------------------------------------------------------------ the program's own state

    def window_state(self) -> str | None:
        return self.store.get_state("window_geometry")

    def save_window_state(self, value: str) -> None:
        if value != self.store.get_state("window_geometry"):
            self.store.set_state("window_geometry", value)

    # ------------------------------------------------------------ reading

    def record_reading(self, module_id: str, section_id: str, seconds: float, completed: bool) -> None:
        studied = completed or seconds >= GLANCE_SECONDS
        self.store.record_reading(self.learner.id, module_id, section_id, seconds, completed, studied)

    def set_section_completed(self, module_id: str, section_id: str, completed: bool) -> None:
        self.store.set_section_completed(self.learner.id, module_id, section_id, completed)

    def reading_progress(self, done: dict[str, set[str]] | None = None) -> dict[str, tuple[int, int]]:
        """(read, all) sections per module; ``done`` is completed_sections() when the caller has it."""
        done = self.store.completed_sections(self.learner.id) if done is None else done
        return {m.id: (len(done.get(m.id, set()) & {s.id for s in m.sections}), len(m.sections)) for m in self.course.modules}

    def completed_sections(self) -> dict[str, set[str]]:
        return self.store.completed_sections(self.learner.id)

    def section_read(self, module_id: str, section_id: str) -> dict[str, Any] | None:
        """Time spent and whether it counts as read, or None if never opened."""
        return self.store.section_read(self.learner.id, module_id, section_id)

    def resume_point(self) -> tuple[Module, Section] | None:
        last = self.store.last_section(self.learner.id)
        if last is not None:
            module = self.course.module(last[0])
            section = module.section(last[1]) if module else None
            if module and section:
                return module, section
        if self.course.modules and self.course.modules[0].sections:
            return self.course.modules[0], self.course.modules[0].sections[0]
        return None

    def neighbour(self, module: Module, section: Section, step: int) -> tuple[Module, Section] | None:
        """The section before (-1) or after (+1) across module boundaries."""
        flat = [(m, s) for m in self.course.modules for s in m.sections]
        for i, (m, s) in enumerate(flat):
            if m.id == module.id and s.id == section.id:
                j = i + step
                return flat[j] if 0 <= j < len(flat) else None
        return None

    # ------------------------------------------------------------ quizzes

    def start_quiz(
        self,
        mode: str,
        modules: Sequence[str] | None = None,
        count: int | None = None,
        time_limit_s: int | None = None,
        seed: int | None = None,
        question_ids: Sequence[str] | None = None,
    ) -> QuizSession:
        """Draw and start a quiz; with ``question_ids`` (e.g. "retry my mistakes") use exactly those."""
        from desktop_app.core.learning.quiz import TEST, QuizSpec
        from desktop_app.core.learning.session import QuizSession

        count = count or self.settings.quiz_length
        seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
        module_ids = tuple(modules) if modules else tuple(m.id for m in self.course.modules)
        spec = QuizSpec(mode, module_ids, count, self.track, seed, time_limit_s if mode == TEST else None)
        if question_ids is not None:
            rule = self.eligibility()
            questions = [q for qid in question_ids if (q := rule.question(qid)) is not None]
        else:
            questions = self.draw(spec)
        attempt_id = self.store.start_attempt(self.learner.id, mode, module_ids, seed, [q.id for q in questions], spec.time_limit_s)
        return QuizSession(self, spec, questions, attempt_id)

    def draw_for(self, mode: str, modules: Sequence[str] | None, count: int, seed: int) -> list[Question]:
        """The questions a quiz would draw, without starting it."""
        from desktop_app.core.learning.quiz import QuizSpec

        module_ids = tuple(modules) if modules else tuple(m.id for m in self.course.modules)
        return self.draw(QuizSpec(mode, module_ids, count, self.track, seed))

    def draw(self, spec: QuizSpec) -> list[Question]:
        from desktop_app.core.learning.quiz import PRACTICE, RECENT_ATTEMPTS, REVIEW, TEST, WEAK, draw_stratified

        strata = self.strata.strata(spec.modules, spec.track)
        recent = self.store.recent_question_ids(self.learner.id, RECENT_ATTEMPTS)
        suspended = self.store.suspended_ids(self.learner.id)
        if spec.mode in (PRACTICE, TEST):
            return draw_stratified(strata, spec.count, spec.seed, recent, exclude=suspended)
        if spec.mode == REVIEW:
            return self.review_queue(spec.modules, spec.count)
        if spec.mode == WEAK:
            weak = self.weak_objectives(spec.modules)
            return draw_stratified(strata, spec.count, spec.seed, recent, objectives=weak, exclude=suspended)
        raise ValueError(f"unknown quiz mode {spec.mode!r}")

    def review_queue(self, modules: Sequence[str] | None, limit: int | None = None, now: float | None = None) -> list[Question]:
        """What Review asks: confident mistakes first, then due cards, most overdue first.

        Every candidate passes the eligibility rule, so this is exactly what ``due_count`` counts.
        """
        allowed = self.eligibility().allowed_ids(modules or None)
        out: list[Question] = []
        seen: set[str] = set()
        for qid in self._review_candidates(now):
            if limit is not None and len(out) >= limit:
                break
            if qid in seen or qid not in allowed:
                continue
            q = self.bank.get(qid)
            if q is not None:
                out.append(q)
                seen.add(qid)
        return out

    def _review_candidates(self, now: float | None) -> list[str]:
        candidates = [row["question_id"] for row in self.store.open_misconceptions(self.learner.id, limit=10_000)]
        candidates += [qid for qid, _due in self.store.due_question_ids(self.learner.id, now if now is not None else time.time())]
        return candidates

    def due_count(self, modules: Sequence[str] | None = None, now: float | None = None) -> int:
        """How many questions Review would ask now: exactly what ``review_queue`` would return
        (the same candidates and the same rule), counted without making the list."""
        allowed = self.eligibility().allowed_ids(modules or None)
        return len(allowed.intersection(self._review_candidates(now)))

    def open_misconceptions(self, limit: int = 200) -> list[dict[str, Any]]:
        """The wrong answers given as "very sure" and not yet put right, that may still be asked."""
        rule = self.eligibility()
        # Filtered before the limit: the learner's own ones may lie past the first ``limit`` rows.
        rows = self.store.open_misconceptions(self.learner.id, limit=10_000)
        return [row for row in rows if rule.question(row["question_id"])][:limit]

    def due_by_day(self, start_day: str, end: float) -> dict[str, int]:
        """Questions falling due per local day until ``end`` (overdue ones count on ``start_day``)."""
        import bisect
        import datetime as dt

        day = dt.date.fromisoformat(start_day)
        days, starts = [start_day], [time.mktime(day.timetuple())]
        while starts[-1] < end:  # local midnights, so that days are the learner's own
            day += dt.timedelta(days=1)
            days.append(day.isoformat())
            starts.append(time.mktime(day.timetuple()))
        bounds = [*starts[1:-1], end]  # overdue cards count on start_day, as Review asks them first
        counts = self.store.due_counts(self.learner.id, bounds)
        # Counted in SQL over all cards, less the cards the rule does not allow (retired, another
        # track, suspended): usually few, so 100,000 cards never come into Python.
        for _qid, due in self.store.card_dues(self.learner.id, sorted(self._disallowed_cards())):
            if due < end:
                counts[max(0, bisect.bisect_right(starts, due) - 1)] -= 1
        return {days[i]: n for i, n in enumerate(counts) if n > 0}

    def _disallowed_cards(self) -> frozenset[str]:
        """Questions with a card that the eligibility rule does not allow, kept with the rule
        (a new card is always for a question the rule allowed, since only those are asked)."""
        rule = self.eligibility()
        kept = self._disallowed
        if kept is None or kept[0] is not rule or kept[1] != self.learner.id:
            allowed = rule.allowed_ids()
            cards = self.store.card_question_ids(self.learner.id)
            kept = self._disallowed = (rule, self.learner.id, frozenset(q for q in cards if q not in allowed))
        return kept[2]

    def review_row(self, q: Question, response: Any, score: float, confidence: int | None) -> ReviewRow:
        from desktop_app.core.grading import describe_correct, describe_response
        from desktop_app.core.learning.session import ReviewRow

        return ReviewRow(
            question=q,
            your_answer=describe_response(q, response),
            right_answer=describe_correct(q),
            score=score,
            explanation=q.explanation,
            sources=self.cite(q),
            confidence=confidence,
        )

    def cite(self, q: Question) -> str:
        parts = []
        for ref in q.sources:
            source = self.course.sources.get(ref.source)
            name = source.short_name if source else ref.source
            parts.append(f"{name}, “{ref.section}”")
        return "; ".join(parts)

    # ------------------------------------------------------------ the question browser

    def browse(self, f: BrowserFilter | None = None, now: float | None = None) -> list[BrowserRow]:
        """The questions this learner has met that the course still asks on their track."""
        from desktop_app.core.learning.browser import BrowserFilter, browser_rows, matches

        f = f or BrowserFilter()
        now = now if now is not None else time.time()
        bank = self.bank
        allowed = {q.id for q in bank.questions if self.track != "family" or "family" in q.tracks}
        rows = browser_rows(self.store.met_cards(self.learner.id), bank.by_id, allowed)
        return [r for r in rows if matches(r, f, now)]

    def mark_question(self, question_id: str, *, flagged: bool | None = None, suspended: bool | None = None) -> None:
        """Flag a question, or suspend it so that no quiz and no review asks it until resumed."""
        from desktop_app.core.errors import KnownError

        if not self.store.mark_card(self.learner.id, question_id, flagged=flagged, suspended=suspended):
            raise KnownError("Only a question you have answered can be flagged or suspended.", "Answer it once in a quiz first.")

    def question_history(self, question_id: str) -> list[HistoryEntry]:
        from desktop_app.core.grading import describe_response
        from desktop_app.core.learning.browser import MODE_NAMES, HistoryEntry

        q = self.bank.get(question_id)
        out = []
        for row in self.store.question_history(self.learner.id, question_id):
            answer = "(not readable)" if q is None or row["response"] is None else _safe_describe(describe_response, q, row["response"])
            out.append(
                HistoryEntry(
                    answered_at=float(row["answered_at"]),
                    mode=MODE_NAMES.get(row["mode"] or "", row["mode"] or ""),
                    your_answer=answer,
                    score=float(row["score"]),
                    try_number=int(row["try_number"]),
                    seconds=(row["time_ms"] or 0) / 1000,
                    confidence=row["confidence"],
                )
            )
        return out

    def right_answer(self, q: Question) -> str:
        from desktop_app.core.grading import describe_correct

        return describe_correct(q)

    # ------------------------------------------------------------ search

    def search_index(self) -> SearchIndex:
        """The course's search index, built when first needed (or beforehand by ``prepare_search``)."""
        with self._search_lock:
            if self._search is None:
                self._search = _build_search_index(self.course, self.bank)
            return self._search

    def prepare_search(self) -> threading.Thread:
        """Build the search index on a worker thread (a 10x course takes about a second of
        text work, which must not freeze the window). The bank is fetched here, on the caller's
        thread, because following renamed questions writes to the progress file."""
        bank = self.bank

        def work() -> None:
            with self._search_lock:
                if self._search is None:
                    self._search = _build_search_index(self.course, bank)

        thread = threading.Thread(target=work, name="search-index", daemon=True)
        thread.start()
        return thread

    def search(self, text: str, limit: int = 40) -> list[SearchHit]:
        """Sections, pages and glossary terms in the learner's track, and the questions they have
        already answered (never one they have not: search must not give answers away)."""
        met = self.store.met_question_ids(self.learner.id) if text.strip() else []
        return self.search_index().search(text, self.track, met, limit)

    # ------------------------------------------------------------ mastery

    def objective_mastery(self) -> dict[str, mastery_rules.ObjectiveMastery]:
        ids = [o.id for m in self.course.modules for o in m.objectives]
        scores = self.store.recent_scores_by_objective(self.learner.id, ids, mastery_rules.MASTERY_N)
        return mastery_rules.objectives_mastery(ids, scores)

    def module_mastery(
        self, objective_levels: dict[str, mastery_rules.ObjectiveMastery] | None = None
    ) -> dict[str, mastery_rules.ModuleMastery]:
        levels = objective_levels if objective_levels is not None else self.objective_mastery()
        return {
            m.id: mastery_rules.module_mastery(m.id, [levels[o.id] for o in m.objectives if o.id in levels]) for m in self.course.modules
        }

    def weak_objectives(self, modules: Sequence[str] | None = None) -> list[str]:
        """Objectives below mastery: ones being learned first, then ones not started."""
        levels = self.objective_mastery()
        allowed = set(modules) if modules else None
        # Only objectives with a question this learner may be asked (their track, not suspended):
        # otherwise Weak spots would find nothing while unmastered objectives remain.
        bank = self.bank
        askable = {q.objective for qid in self.eligibility().allowed_ids(modules or None) if (q := bank.get(qid)) is not None}
        started, fresh = [], []
        for m in self.course.modules:
            if allowed is not None and m.id not in allowed:
                continue
            for o in m.objectives:
                if o.id not in askable:
                    continue
                level = levels[o.id].level
                if level in (mastery_rules.LEARNING, mastery_rules.FAMILIAR):
                    started.append(o.id)
                elif level == mastery_rules.NOT_STARTED:
                    fresh.append(o.id)
        return started or fresh


def _build_search_index(course: Course, bank: Bank) -> SearchIndex:
    from desktop_app.core.search.documents import lesson_documents, question_documents
    from desktop_app.core.store.search_index import SearchIndex

    index = SearchIndex(lesson_documents(course))
    index.add(question_documents(bank, {m.id: f"{m.number}. {m.title}" for m in course.modules}))
    return index


def _safe_describe(describe: Any, q: Question, response: Any) -> str:
    """An old answer in words; one stored before the question changed shape may not fit it now."""
    try:
        return str(describe(q, response))
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return "(an answer to an earlier version of this question)"
