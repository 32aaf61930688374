"""Progress across courses: a summary of each for the Courses page, and ids an update renamed."""

# (Annotations evaluated at load, for the NamedTuples' sake: see core/content/records.py.)

import datetime as dt
from collections.abc import Collection, Mapping
from typing import NamedTuple

from desktop_app.core.store.base import QueryBase

# Where each kind of id is kept, table by table.
_RENAME_COLUMNS = {
    "question": [("answers", "question_id"), ("cards", "question_id"), ("misconceptions", "question_id")],
    "module": [
        ("answers", "module_id"),
        ("cards", "module_id"),
        ("misconceptions", "module_id"),
        ("section_reads", "module_id"),
    ],
    "objective": [("answers", "objective_id"), ("misconceptions", "objective_id"), ("objective_recent", "objective_id")],
}


class CourseProgress(NamedTuple):
    sections_read: int
    answers: int
    last_studied: dt.date | None  # the last day a section was open or a question answered


class CourseQueries(QueryBase):
    def course_progress(
        self, learner_id: int, course_id: str, sections: Collection[tuple[str, str]] | None = None, glance: float = 0.0
    ) -> CourseProgress:
        """How far a learner got in any installed course (not only the one in use); ``sections``:
        the (module, section) ids the course has now, so that sections an update removed do not count;
        reading shorter than ``glance`` seconds is not study."""
        done = self._rows(
            "SELECT module_id, section_id FROM section_reads WHERE learner_id = ? AND course_id = ? AND completed = 1",
            [learner_id, course_id],
        )
        read = sum(1 for m, sec in done if sections is None or (m, sec) in sections)
        answered = self._rows("SELECT SUM(answers) FROM answer_days WHERE learner_id = ? AND course_id = ?", [learner_id, course_id])[0][0]
        last = self._rows(
            "SELECT MAX(day) FROM ("
            "SELECT date(MAX(last_seen), 'unixepoch', 'localtime') AS day FROM section_reads "
            "WHERE learner_id = ? AND course_id = ? AND (seconds >= ? OR completed = 1) "
            "UNION ALL SELECT MAX(day) FROM answer_days WHERE learner_id = ? AND course_id = ?)",
            [learner_id, course_id, glance, learner_id, course_id],
        )[0][0]
        return CourseProgress(int(read or 0), int(answered or 0), dt.date.fromisoformat(last) if last else None)

    def answered_question_ids(self, learner_id: int) -> dict[str, int]:
        """Every question this learner ever answered in the course in use, with how often."""
        rows = self._rows(
            "SELECT question_id, COUNT(*) FROM answers WHERE learner_id = ? AND course_id = ? GROUP BY question_id",
            [learner_id, self.course_id],
        )
        return {qid: n for qid, n in rows}

    def rename_ids(self, renames: Mapping[str, Mapping[str, str]]) -> int:
        """Move progress recorded under old ids to the ids that replaced them, for every learner,
        in the course in use. One transaction: all of it moves, or none. Returns the rows moved."""
        moved = 0
        with self._transaction("Moving your progress to renamed lessons and questions") as conn:
            # Modules first: a renamed section is named under its module's new id.
            for kind, mapping in sorted(renames.items(), key=lambda km: km[0] == "section"):
                for old, new in mapping.items():
                    if kind == "section":  # "module/old" -> "module/new": reading progress only
                        module_id, old_section = old.split("/", 1)
                        cursor = conn.execute(
                            "UPDATE OR IGNORE section_reads SET section_id = ? WHERE course_id = ? AND module_id = ? AND section_id = ?",
                            [new.split("/", 1)[1], self.course_id, module_id, old_section],
                        )
                        moved += cursor.rowcount
                        continue
                    for table, column in _RENAME_COLUMNS[kind]:
                        # OR IGNORE: a row already under the new id (progress made after the rename) wins.
                        cursor = conn.execute(
                            f"UPDATE OR IGNORE {table} SET {column} = ? WHERE course_id = ? AND {column} = ?",
                            [new, self.course_id, old],
                        )
                        moved += cursor.rowcount
        return moved

    # ------------------------------------------------------------ for a results file

    def all_answers(self, learner_id: int) -> list[dict[str, object]]:
        """Every answer this learner gave in the course in use, oldest first."""
        return self._dicts(
            "SELECT question_id, module_id, objective_id, response, score, try_number, time_ms, confidence, answered_at "
            "FROM answers WHERE learner_id = ? AND course_id = ? ORDER BY answered_at, id",
            [learner_id, self.course_id],
        )

    def all_reading(self, learner_id: int) -> list[dict[str, object]]:
        return self._dicts(
            "SELECT module_id, section_id, seconds, completed, last_seen FROM section_reads "
            "WHERE learner_id = ? AND course_id = ? ORDER BY module_id, section_id",
            [learner_id, self.course_id],
        )
