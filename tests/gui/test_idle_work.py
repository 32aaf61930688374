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
    for thread in threading.enumerate():  # the imports and reads started on worker threads
        if thread.name in ("import-charts", "question-bank", "prepare-rendering"):
            thread.join(20)
    for step in steps[-6:]:
        step()
    spare = list(charts._SPARE)
    assert len(spare) == 3  # three made, no more however many turns there are
    w.show_view("dashboard")
    page = w.dashboard()
    assert set(map(id, page.charts)) == set(map(id, spare)) and charts._SPARE == []
    assert [v.accessibleName() for v in page.charts] == [v.title for v in page.charts] and all(v.title for v in page.charts)


def test_the_question_bank_is_read_on_a_worker_thread_while_the_learner_reads(open_window, qtbot) -> None:
    from desktop_app.gui.app import NOT_YET

    w = open_window()
    course = w.tutor.course
    course._bank = None  # as at start-up: the bank not read yet
    release = threading.Event()
    read_on: list[str] = []

    def slow_loader():
        read_on.append(threading.current_thread().name)
        release.wait(20)  # a bank parsed afresh takes a while: the window must not wait for it
        from desktop_app.core.content.cache import load_course

        return load_course(course.root, w.tutor.assets).bank

    course.bank_loader = slow_loader
    steps = {step.__name__: step for step in idle_steps(w)}
    steps["question-bank"]()
    assert steps["bank"]() is NOT_YET  # tried again after the next pause, not waited for
    release.set()
    qtbot.waitUntil(lambda: course.bank_loaded, timeout=20_000)
    # The thread may live a moment after the bank is in: the step waits for it to end.
    qtbot.waitUntil(lambda: steps["bank"]() is not NOT_YET, timeout=20_000)
    assert read_on == ["question-bank"]
    assert len(w.tutor.bank) > 400
