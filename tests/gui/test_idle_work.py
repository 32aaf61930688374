"""While the learner reads, the window prepares what later screens need, a step at a time."""

from __future__ import annotations

import threading

from desktop_app.gui import charts
from desktop_app.gui.app import idle_steps


def test_idle_work_makes_the_dashboards_charts_ahead_and_the_dashboard_uses_them(open_window, qtbot) -> None:
    w = open_window()
    charts._SPARE.clear()
    steps = idle_steps(w)
    for step in steps[:-6]:
        step()
    loader = next((t for t in threading.enumerate() if t.name == "import-charts"), None)
    if loader is not None:
        loader.join(20)
    for step in steps[-6:]:
        step()
    spare = list(charts._SPARE)
    assert len(spare) == 3  # three made, no more however many turns there are
    w.show_view("dashboard")
    page = w.dashboard()
    assert set(map(id, page.charts)) == set(map(id, spare)) and charts._SPARE == []
    assert [v.accessibleName() for v in page.charts] == [v.title for v in page.charts] and all(v.title for v in page.charts)
