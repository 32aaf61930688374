"""A class report from the results files students hand back: who has mastered what, who needs
help, and which questions mislead the class (item analysis in Moodle's terms).

Everything comes from the files themselves: nothing is read from or written to this computer's
progress file, and the students' files are never changed.

- **One course.** A report is for one course id and version (the one most files are for, unless
  chosen); files for another course or version are set aside, with the reason. Two files from
  the same learner (same key) keep the newest.
- **Grid.** Each learner's mastery level for each objective, as their own program computed it.
- **Needs help** (Kolibri's rule): 4 or more wrong first tries on one objective.
- **Item analysis** (Moodle's quiz statistics, on first tries):
  - *facility index*: the mean score on the question, as a percentage;
  - *discrimination index*: the correlation (×100) between learners' scores on the question and
    their scores on the rest of what they answered; high means the question separates those who
    know the subject from those who do not, near 0 or negative means it does not;
  - the wrong option chosen most often, for choice questions.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections import Counter
from collections.abc import Iterable
from operator import mul
from pathlib import Path
from typing import Any, NamedTuple

from desktop_app.core.errors import KnownError
from desktop_app.core.exchange.results import SUFFIX, Answer, Results, read_results

NEEDS_HELP_WRONG = 4  # wrong first tries on one objective (Kolibri's "struggling" rule)


class SetAside(NamedTuple):
    path: str
    reason: str


class ItemStats(NamedTuple):
    question: str
    module: str
    objective: str
    answers: int  # first tries
    facility: float  # 0..100
    discrimination: float | None  # -100..100, None when it cannot be computed (fewer than 3 learners, no spread)
    common_wrong: str | None  # the wrong response given most often, as the learner's program stored it
    common_wrong_count: int


class LearnerRow(NamedTuple):
    key: str
    name: str
    identifier: str
    track: str
    exported_at: str
    levels: dict[str, str]  # objective -> level
    sections_read: int
    answers: int
    first_try_score: float  # mean, 0..1
    module_scores: dict[str, float]  # module -> mean first-try score 0..100
    needs_help: list[str]  # objectives with 4+ wrong first tries


class ClassReport(NamedTuple):
    course_id: str
    course_version: str
    course_title: str
    learners: list[LearnerRow]
    objectives: list[tuple[str, str]]  # (module, objective) in a stable order
    modules: list[str]
    items: list[ItemStats]
    set_aside: list[SetAside]
    sources: list[Results]

    def module_titles(self) -> dict[str, str]:
        return {m.id: m.title for r in self.sources for m in r.modules}

    def mastered_by_module(self, row: LearnerRow) -> dict[str, tuple[int, int]]:
        """A learner's objectives mastered, and the module's objectives, per module."""
        out = {}
        for module in self.modules:
            objectives = [o for m, o in self.objectives if m == module]
            out[module] = (sum(row.levels.get(o) == "mastered" for o in objectives), len(objectives))
        return out

    def module_mastery(self) -> dict[str, float]:
        """The class's share of mastered objectives per module, 0..100 (for the chart)."""
        out = {}
        for module in self.modules:
            cells = [row.levels.get(o, "not started") for row in self.learners for m, o in self.objectives if m == module]
            out[module] = 100.0 * sum(c == "mastered" for c in cells) / len(cells) if cells else 0.0
        return out


def list_results_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, with a folder standing for the .ctresults files in it and in its
    subfolders (Moodle's "Download all submissions" gives one subfolder per student). Links to
    folders are not followed: a loop of them must not hang the report."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            for folder, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files.extend(Path(folder, n) for n in sorted(names) if n.lower().endswith(SUFFIX))
        else:
            files.append(p)
    return files


def read_many(paths: Iterable[Path]) -> tuple[list[Results], list[SetAside]]:
    """Read every file (a folder means its .ctresults files); unreadable ones are set aside."""
    results, aside = [], []
    for f in list_results_files(paths):
        try:
            results.append(read_results(f))
        except KnownError as err:
            aside.append(SetAside(str(f), err.message))
    return results, aside


def build_report(
    results: list[Results], set_aside: list[SetAside] | None = None, course: tuple[str, str] | None = None, exclude: Iterable[str] = ()
) -> ClassReport:
    """The report for ``course`` (id, version), or for the one most files are for."""
    aside = list(set_aside or [])
    excluded = set(exclude)
    if course is None:
        counts = Counter((r.course_id, r.course_version) for r in results)
        course = counts.most_common(1)[0][0] if counts else ("", "")
    chosen: dict[str, Results] = {}
    for r in results:
        where = str(r.path) if r.path else r.learner_name
        if (r.course_id, r.course_version) != course:
            why = (
                "another course"
                if r.course_id != course[0]
                else f"version {r.course_version} of the course (this report is for {course[1]})"
            )
            aside.append(SetAside(where, f"it is for {why}: {r.course_title}"))
            continue
        if r.learner_key in excluded:
            continue
        old = chosen.get(r.learner_key)
        if old is None or r.exported_at > old.exported_at:
            if old is not None:
                aside.append(SetAside(str(old.path) if old.path else old.learner_name, f"a newer file from {r.learner_name} replaces it"))
            chosen[r.learner_key] = r
        elif r.exported_at == old.exported_at:  # the same file twice (a copy in another folder)
            aside.append(SetAside(where, f"the same results as {old.path or old.learner_name}, counted once"))
        else:
            aside.append(SetAside(where, f"an older file from {r.learner_name} (a newer one is in the report)"))
    kept = sorted(chosen.values(), key=lambda r: (r.learner_name.casefold(), r.learner_key))
    objectives: list[tuple[str, str]] = []
    for r in kept:
        for m in r.mastery:
            if (m.module, m.objective) not in objectives:
                objectives.append((m.module, m.objective))
    modules = list(dict.fromkeys(m for m, _o in objectives))
    firsts = [r.first_tries for r in kept]  # each learner's first tries, found once for both uses
    rows = [_learner_row(r, first, modules) for r, first in zip(kept, firsts, strict=True)]
    title = kept[0].course_title if kept else ""
    items = _item_analysis([(r.learner_key, first) for r, first in zip(kept, firsts, strict=True)])
    return ClassReport(course[0], course[1], title, rows, objectives, modules, items, aside, kept)


def _learner_row(r: Results, first: list[Answer], modules: list[str]) -> LearnerRow:
    wrong: Counter[str] = Counter()
    by_module: dict[str, list[float]] = {}
    for a in first:
        if a.score < 0.5:
            wrong[a.objective] += 1
        scores = by_module.get(a.module)
        if scores is None:
            scores = by_module[a.module] = []
        scores.append(a.score)
    return LearnerRow(
        r.learner_key,
        r.learner_name,
        r.identifier,
        r.track,
        r.exported_at,
        {m.objective: m.level for m in r.mastery},
        sum(1 for x in r.reading if x.completed),
        len(r.answers),
        sum(a.score for a in first) / len(first) if first else 0.0,
        {m: 100.0 * sum(by_module[m]) / len(by_module[m]) for m in modules if by_module.get(m)},
        sorted(o for o, n in wrong.items() if n >= NEEDS_HELP_WRONG),
    )


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    # Sums of products in C (map over two lists): a class of 500 has ~225,000 pairs per report.
    sxx = sum(map(mul, xs, xs)) - n * mx * mx
    syy = sum(map(mul, ys, ys)) - n * my * my
    if sxx <= 1e-9 * n or syy <= 1e-9 * n:  # no spread (what is left is rounding)
        return None
    return (sum(map(mul, xs, ys)) - n * mx * my) / math.sqrt(sxx * syy)


_PLAIN = (int, str, float, bool)


def _response_key(response: Any) -> Any:
    """A response as something to count by: itself when plain (most are an option number),
    a tuple when a list of plain values, else its JSON (a class of 500 gives about 100,000
    wrong answers to count)."""
    if type(response) in _PLAIN:
        return (type(response), response)  # True and 1 are different answers
    if type(response) is list and all(type(x) in _PLAIN or x is None for x in response):
        return (list, tuple((type(x), x) for x in response))
    return ("json", json.dumps(response, sort_keys=True))


def item_analysis(results: list[Results]) -> list[ItemStats]:
    """Facility and discrimination per question, from each learner's first try at it."""
    return _item_analysis([(r.learner_key, r.first_tries) for r in results])


def _item_analysis(learners: list[tuple[str, list[Answer]]]) -> list[ItemStats]:
    # Each learner's latest first try per question (a question asked again in Review is a new first try).
    per_learner = []
    for _key, first in learners:
        latest: dict[str, Answer] = {}
        for a in first:
            old = latest.get(a.question)
            if old is None or a.answered_at >= old.answered_at:
                latest[a.question] = a
        per_learner.append(latest)
    # A learner's score on "the rest" is their total less this question: kept once per learner,
    # so the analysis grows with learners × questions, not with learners × questions².
    takers_of: dict[str, tuple[list[float], list[float], list[Any], Answer]] = {}
    for latest in per_learner:
        n = len(latest)
        total = sum(a.score for a in latest.values())
        for q, a in latest.items():
            entry = takers_of.get(q)
            if entry is None:
                entry = takers_of[q] = ([], [], [], a)
            score = a.score
            entry[0].append(score)
            entry[1].append((total - score) / (n - 1) if n > 1 else 0.0)
            if score < 0.999 and a.response is not None:
                entry[2].append(a.response)
    out = []
    for q in sorted(takers_of):
        scores, rest, wrong_given, sample = takers_of[q]
        corr = _pearson(scores, rest)
        wrong: Counter[Any] = Counter()
        given: dict[Any, Any] = {}
        for response in wrong_given:
            k = _response_key(response)
            wrong[k] += 1
            if k not in given:
                given[k] = response
        common_key, count = wrong.most_common(1)[0] if wrong else (None, 0)
        out.append(
            ItemStats(
                q,
                sample.module,
                sample.objective,
                len(scores),
                100.0 * sum(scores) / len(scores),
                None if corr is None else 100.0 * corr,
                given.get(common_key),
                count,
            )
        )
    return out


# ---------------------------------------------------------------- exports


def to_csv(report: ClassReport) -> str:
    """One row per learner: progress, then one column per objective (its mastery level)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(
        [
            "Learner",
            "Identifier",
            "Track",
            "Sections read",
            "Answers",
            "First-try score %",
            "Needs help with",
            *[o for _m, o in report.objectives],
        ]
    )
    for row in report.learners:
        w.writerow(
            [
                row.name,
                row.identifier,
                row.track,
                row.sections_read,
                row.answers,
                round(100 * row.first_try_score),
                " ".join(row.needs_help),
                *[row.levels.get(o, "not started") for _m, o in report.objectives],
            ]
        )
    return buf.getvalue()


def to_moodle_gradebook_csv(report: ClassReport) -> str:
    """Moodle's gradebook CSV import: an identifier column to map users by (the e-mail or ID
    number the learner gave, else their name), then one grade column (0-100) per module."""
    titles = report.module_titles()
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["Email address", "First name", *[titles.get(m, m) for m in report.modules]])
    for row in report.learners:
        w.writerow([row.identifier or row.name, row.name, *[_grade(row.module_scores.get(m)) for m in report.modules]])
    return buf.getvalue()


def _grade(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


XAPI_VERSION = "1.0.3"
VERB_ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"


def activity_iri(course_id: str, kind: str, item: str) -> str:
    return f"urn:car-t-tutor:course:{course_id}:{kind}:{item}"


def to_xapi(report: ClassReport) -> list[dict[str, Any]]:
    """xAPI 1.0.3 statements: one per answer, one per module whose sections a learner all read."""
    import datetime as dt
    import uuid

    statements: list[dict[str, Any]] = []
    course_iri = activity_iri(report.course_id, "course", report.course_version)
    for r in report.sources:
        actor = {"objectType": "Agent", "name": r.learner_name, "account": {"homePage": "urn:car-t-tutor:learners", "name": r.learner_key}}
        for a in r.answers:
            stamp = dt.datetime.fromtimestamp(a.answered_at, dt.UTC).isoformat()
            statements.append(
                {
                    "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{r.learner_key}/{a.question}/{a.answered_at}/{a.try_number}")),
                    "version": XAPI_VERSION,
                    "actor": actor,
                    "verb": {"id": VERB_ANSWERED, "display": {"en-US": "answered"}},
                    "object": {
                        "objectType": "Activity",
                        "id": activity_iri(report.course_id, "question", a.question),
                        "definition": {"type": "http://adlnet.gov/expapi/activities/cmi.interaction"},
                    },
                    "result": {
                        "score": {"scaled": round(a.score, 4), "raw": round(a.score, 4), "min": 0, "max": 1},
                        "success": a.score >= 0.999,
                        "duration": f"PT{a.time_ms / 1000:.1f}S",
                        "extensions": {"urn:car-t-tutor:try": a.try_number, "urn:car-t-tutor:confidence": a.confidence},
                    },
                    "context": {
                        "contextActivities": {
                            "parent": [{"id": activity_iri(report.course_id, "module", a.module)}],
                            "grouping": [{"id": course_iri}],
                        }
                    },
                    "timestamp": stamp,
                }
            )
        done_by_module: dict[str, int] = Counter(x.module for x in r.reading if x.completed)
        totals = {m.id: m.sections for m in r.modules}
        for module, done in done_by_module.items():
            if done and done >= totals.get(module, 10**9):
                statements.append(
                    {
                        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{r.learner_key}/module/{module}")),
                        "version": XAPI_VERSION,
                        "actor": actor,
                        "verb": {"id": VERB_COMPLETED, "display": {"en-US": "completed"}},
                        "object": {"objectType": "Activity", "id": activity_iri(report.course_id, "module", module)},
                        "context": {"contextActivities": {"grouping": [{"id": course_iri}]}},
                        "timestamp": r.exported_at,
                    }
                )
    return statements


def write_text(path: Path, text: str) -> None:
    from desktop_app.core.exchange.outputs import check_output

    check_output(path)
    if path.suffix.lower() == SUFFIX:  # a report written there would replace a student's results
        raise KnownError(f"{path} is a results file: writing the report there would replace it.", "Choose another file name.")
    try:
        path.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise KnownError(f"{path} could not be written: {exc.strerror or exc}.", "Choose another folder.") from exc
