"""Mastery per learning objective, rolled up per module (Kolibri's m-of-n rule).

An objective is *mastered* when at least MASTERY_M of the learner's last MASTERY_N first-try
answers on it are fully right. Fewer right answers give *familiar* (at least FAMILIAR_M right)
or *learning*; no answers yet is *not started*.
"""

# (Annotations evaluated at load, for the NamedTuples' sake: see core/content/records.py.)

from collections.abc import Iterable, Mapping
from typing import NamedTuple

MASTERY_M = 4
MASTERY_N = 5
FAMILIAR_M = 2

NOT_STARTED, LEARNING, FAMILIAR, MASTERED = "not started", "learning", "familiar", "mastered"
LEVELS = (NOT_STARTED, LEARNING, FAMILIAR, MASTERED)
LEVEL_VALUE = {NOT_STARTED: 0, LEARNING: 1, FAMILIAR: 2, MASTERED: 3}

HELP = (
    f"An objective counts as mastered when at least {MASTERY_M} of your last {MASTERY_N} first tries "
    f"at its questions were fully right. With {FAMILIAR_M} or {MASTERY_M - 1} right it is 'familiar'; "
    "with fewer it is 'learning'. Second tries in Practice mode help you learn but do not count "
    "towards mastery."
)


class ObjectiveMastery(NamedTuple):
    objective_id: str
    level: str
    right: int
    answered: int


class ModuleMastery(NamedTuple):
    module_id: str
    level: str
    mastered: int
    objectives: int
    fraction: float  # 0..1, mean level of its objectives


def objective_level(recent_scores: Iterable[float]) -> ObjectiveMastery:
    """recent_scores: newest first; only the last MASTERY_N count."""
    window = list(recent_scores)[:MASTERY_N]
    right = sum(1 for s in window if s >= 0.999)
    if not window:
        level = NOT_STARTED
    elif right >= MASTERY_M:
        level = MASTERED
    elif right >= FAMILIAR_M:
        level = FAMILIAR
    else:
        level = LEARNING
    return ObjectiveMastery("", level, right, len(window))


def objectives_mastery(objective_ids: Iterable[str], scores: Mapping[str, list[float]]) -> dict[str, ObjectiveMastery]:
    out = {}
    for oid in objective_ids:
        recent = scores.get(oid)
        if not recent:  # (most objectives, most of the time: a large course has hundreds)
            out[oid] = ObjectiveMastery(oid, NOT_STARTED, 0, 0)
            continue
        m = objective_level(recent)
        out[oid] = ObjectiveMastery(oid, m.level, m.right, m.answered)
    return out


def module_mastery(module_id: str, objectives: Iterable[ObjectiveMastery]) -> ModuleMastery:
    objs = list(objectives)
    if not objs:
        return ModuleMastery(module_id, NOT_STARTED, 0, 0, 0.0)
    mastered = sum(1 for o in objs if o.level == MASTERED)
    fraction = sum(LEVEL_VALUE[o.level] for o in objs) / (3 * len(objs))
    if mastered == len(objs):
        level = MASTERED
    elif all(o.level == NOT_STARTED for o in objs):
        level = NOT_STARTED
    elif fraction >= 2 / 3 * 0.75:
        level = FAMILIAR
    else:
        level = LEARNING
    return ModuleMastery(module_id, level, mastered, len(objs), fraction)
