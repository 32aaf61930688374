"""The one rule for what a learner may be asked, used by every count and every draw.

A question may be asked when it is in the course's current bank (a question a newer version of
a pack removed is *retired*: its history stays, but it is never asked or counted), when it is
on the learner's track (the family track asks only family questions; the student track asks
all of them), when the learner has not suspended it (in the question browser), and, for a
quiz on chosen modules, when it belongs to one of them.

Home, the dashboard and the quiz set-up count with this rule, and Practice, Test, Review and
Weak spots draw with it, so "5 due" always means Review finds those 5.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.questions import Bank, Question


class Eligibility:
    def __init__(self, bank: Bank, track: str, suspended: Collection[str] = frozenset()) -> None:
        self.bank = bank
        self.track = track
        self.suspended = frozenset(suspended)
        self._allowed: dict[frozenset[str] | None, frozenset[str]] = {}

    def allowed_ids(self, modules: Collection[str] | None = None) -> frozenset[str]:
        """The ids the rule allows (in these modules), made once per rule: counting 100,000 due
        cards is then one set lookup each instead of a question lookup and three tests."""
        key = None if modules is None else frozenset(modules)
        found = self._allowed.get(key)
        if found is None:
            found = self._allowed[key] = frozenset(q.id for q in self.pool(key))
        return found

    def allows(self, question: Question, modules: Collection[str] | None = None) -> bool:
        if self.track == "family" and "family" not in question.tracks:
            return False
        if question.id in self.suspended:
            return False
        return modules is None or question.module in modules

    def question(self, question_id: str, modules: Collection[str] | None = None) -> Question | None:
        """The question if it may be asked, else None (retired, other track, other module)."""
        q = self.bank.get(question_id)
        return q if q is not None and self.allows(q, modules) else None

    def pool(self, modules: Iterable[str] | None = None) -> list[Question]:
        chosen = None if modules is None else set(modules)
        source = self.bank.questions if chosen is None else [q for m in chosen for q in self.bank.by_module.get(m, ())]
        return [q for q in source if self.allows(q)]
