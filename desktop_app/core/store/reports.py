"""Queries behind mastery and the dashboard: recent scores, accuracy and time by day, streaks."""

from __future__ import annotations

from collections.abc import Iterable

from desktop_app.core.store.base import QueryBase


class ReportQueries(QueryBase):
    def recent_scores_by_objective(self, learner_id: int, objective_ids: Iterable[str], per_objective: int) -> dict[str, list[float]]:
        """The last ``per_objective`` first-try scores for each objective, newest first.

        One indexed lookup per objective: cheap however long the learner's history is.
        """
        out: dict[str, list[float]] = {}
        sql = (
            "SELECT score FROM answers WHERE learner_id = ? AND course_id = ? AND objective_id = ? AND try_number = 1 "
            "ORDER BY answered_at DESC, id DESC LIMIT ?"
        )
        for oid in objective_ids:
            scores = [row[0] for row in self._rows(sql, [learner_id, self.course_id, oid, per_objective])]
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
