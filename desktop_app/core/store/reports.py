"""Queries behind mastery and the dashboard: recent scores, accuracy and time by day, streaks."""

from __future__ import annotations

import json
from collections.abc import Iterable

from desktop_app.core.store.base import QueryBase


class ReportQueries(QueryBase):
    def recent_scores_by_objective(self, learner_id: int, objective_ids: Iterable[str], per_objective: int) -> dict[str, list[float]]:
        """The last ``per_objective`` first-try scores for each objective, newest first.

        One query for the whole course, however long the learner's history (objective_recent is
        kept up to date with every answer).
        """
        wanted = set(objective_ids)
        out: dict[str, list[float]] = {}
        rows = self._rows(
            "SELECT objective_id, scores FROM objective_recent WHERE learner_id = ? AND course_id = ?", [learner_id, self.course_id]
        )
        for oid, text in rows:
            if oid not in wanted:
                continue
            try:
                scores = [float(s) for s in json.loads(text)][:per_objective]
            except (TypeError, ValueError):
                continue  # written by something else: as if no answers
            if scores:
                out[oid] = scores
        return out

    def accuracy_by_day(self, learner_id: int, since: float) -> list[tuple[str, int, float]]:
        rows = self._rows(
            "SELECT day, first_tries, first_try_score / first_tries FROM answer_days "
            "WHERE learner_id = ? AND course_id = ? AND day >= date(?, 'unixepoch', 'localtime') AND first_tries > 0 ORDER BY day",
            [learner_id, self.course_id, since],
        )
        return [(day, n, avg) for day, n, avg in rows]

    def answer_seconds_by_day(self, learner_id: int, since: float) -> dict[str, float]:
        rows = self._rows(
            "SELECT day, seconds FROM answer_days WHERE learner_id = ? AND course_id = ? AND day >= date(?, 'unixepoch', 'localtime')",
            [learner_id, self.course_id, since],
        )
        return {day: total for day, total in rows}

    def active_days(self, learner_id: int, since: float) -> set[str]:
        """Days with any study, in any course: a streak is the learner's, not a course's."""
        rows = self._rows(
            "SELECT day FROM study_days WHERE learner_id = ? AND day >= date(?, 'unixepoch', 'localtime')",
            [learner_id, since],
        )
        return {day for (day,) in rows}
