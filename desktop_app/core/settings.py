"""Per-learner settings: their defaults, their limits, and how a stored value is read back."""

# (Annotations evaluated at load, for the NamedTuples' sake: see core/content/records.py.)

from typing import Any, NamedTuple

from desktop_app.core.learning.scheduler import DEFAULT_RETENTION, clamp_retention

THEMES = ("system", "light", "dark")
TEXT_SCALE_MIN, TEXT_SCALE_MAX = 100, 200
QUIZ_LENGTH_MIN, QUIZ_LENGTH_MAX = 3, 50


class Settings(NamedTuple):
    text_scale: int = 100  # percent
    theme: str = "system"
    desired_retention: float = DEFAULT_RETENTION
    quiz_length: int = 10

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> "Settings":
        """Read what the database holds, falling back to defaults for anything missing or odd."""
        s = cls()
        for name in cls._fields:
            if name in stored:
                try:
                    s = s.with_value(name, stored[name])
                except (TypeError, ValueError):
                    continue
        return s

    def with_value(self, key: str, value: Any) -> "Settings":
        if key == "text_scale":
            value = min(TEXT_SCALE_MAX, max(TEXT_SCALE_MIN, int(value)))
        elif key == "theme":
            if value not in THEMES:
                raise ValueError(f"theme must be one of {THEMES}")
        elif key == "desired_retention":
            value = clamp_retention(float(value))
        elif key == "quiz_length":
            value = min(QUIZ_LENGTH_MAX, max(QUIZ_LENGTH_MIN, int(value)))
        else:
            raise KeyError(key)
        return self._replace(**{key: value})
