"""Learners (profiles on one computer), their settings, and the program's own small state."""

from __future__ import annotations

import json
import time
from typing import Any

from desktop_app.core.store.base import QueryBase
from desktop_app.core.store.records import TRACKS, Learner

_LEARNER = "SELECT id, name, track, created_at, last_opened_at FROM learners"


class LearnerQueries(QueryBase):
    def learners(self) -> list[Learner]:
        return [Learner(*row) for row in self._rows(_LEARNER + " ORDER BY name COLLATE NOCASE, id", [])]

    def learner(self, learner_id: int) -> Learner | None:
        rows = self._rows(_LEARNER + " WHERE id = ?", [learner_id])
        return Learner(*rows[0]) if rows else None

    def create_learner(self, name: str, track: str = "student") -> Learner:
        name = name.strip()
        if not name:
            raise ValueError("A learner needs a name.")
        if track not in TRACKS:
            raise ValueError(f"Unknown track {track!r}.")
        now = time.time()
        with self._transaction("Adding a learner") as conn:
            cursor = conn.execute(
                "INSERT INTO learners (name, track, created_at, last_opened_at) VALUES (?, ?, ?, ?)", [name, track, now, now]
            )
            learner_id = int(cursor.lastrowid or 0)
        return Learner(learner_id, name, track, now, now)

    def rename_learner(self, learner_id: int, name: str) -> None:
        if not name.strip():
            raise ValueError("A learner needs a name.")
        with self._transaction("Renaming the learner") as conn:
            conn.execute("UPDATE learners SET name = ? WHERE id = ?", [name.strip(), learner_id])

    def set_track(self, learner_id: int, track: str) -> None:
        if track not in TRACKS:
            raise ValueError(f"Unknown track {track!r}.")
        with self._transaction("Saving the track") as conn:
            conn.execute("UPDATE learners SET track = ? WHERE id = ?", [track, learner_id])

    def delete_learner(self, learner_id: int) -> None:
        with self._transaction("Deleting the learner") as conn:
            conn.execute("DELETE FROM learners WHERE id = ?", [learner_id])
            conn.execute("DELETE FROM app_state WHERE key = 'last_learner_id' AND value = ?", [str(learner_id)])

    def open_learner(self, learner_id: int) -> None:
        """Mark a learner as the one in use, so the next start opens them."""
        with self._transaction("Remembering the learner") as conn:
            conn.execute("UPDATE learners SET last_opened_at = ? WHERE id = ?", [time.time(), learner_id])
            self._put_state(conn, "last_learner_id", str(learner_id))

    def last_or_default_learner(self, default_name: str = "Me", default_track: str = "student") -> Learner:
        last = self.get_state("last_learner_id")
        if last is not None and last.isdigit():
            learner = self.learner(int(last))
            if learner is not None:
                return learner
        rows = self._rows(_LEARNER + " ORDER BY last_opened_at DESC LIMIT 1", [])
        if rows:
            return Learner(*rows[0])
        learner = self.create_learner(default_name, default_track)
        self.open_learner(learner.id)
        return learner

    # ------------------------------------------------------------ settings and state

    def settings(self, learner_id: int) -> dict[str, Any]:
        out = {}
        for key, value in self._rows("SELECT key, value FROM learner_settings WHERE learner_id = ?", [learner_id]):
            try:
                out[key] = json.loads(value)
            except ValueError:
                continue  # a value some other program wrote: fall back to the default
        return out

    def set_setting(self, learner_id: int, key: str, value: Any) -> None:
        with self._transaction("Saving the setting") as conn:
            conn.execute(
                "INSERT INTO learner_settings (learner_id, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT (learner_id, key) DO UPDATE SET value = excluded.value",
                [learner_id, key, json.dumps(value)],
            )

    def get_state(self, key: str) -> str | None:
        rows = self._rows("SELECT value FROM app_state WHERE key = ?", [key])
        return str(rows[0][0]) if rows else None

    def set_state(self, key: str, value: str) -> None:
        with self._transaction("Saving the program's state") as conn:
            self._put_state(conn, key, value)

    @staticmethod
    def _put_state(conn: Any, key: str, value: str) -> None:
        conn.execute(
            "INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
