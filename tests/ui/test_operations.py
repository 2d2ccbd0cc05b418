"""The operation runner: one path from a user action to the core and back. A refusal is shown
in one place, what changed is told once with who made it, a request key saves once, and a long
write runs off the GUI thread while the window keeps working, one write at a time."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from inventory_app.core.catalog import items as catalog
from inventory_app.core.changes import Changes
from inventory_app.core.stock import movements as stock
from inventory_app.documents.demo_catalog import load_bundled_demo
from inventory_app.errors import InsufficientStock, OperationCancelled
from inventory_app.ui.common import prompts
from inventory_app.ui.events import AppEvents
from inventory_app.ui.operations import Operation


@pytest.fixture
def owner(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def told(events: AppEvents) -> list[tuple[Changes, object]]:
    seen: list[tuple[Changes, object]] = []
    events.changed.connect(lambda changes, who: seen.append((changes, who)))
    return seen


@pytest.fixture
def boxes(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(prompts, "error", lambda _parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(prompts, "inform", lambda _parent, title, text: shown.append((title, text)))
    return shown


@pytest.fixture
def gloves(sqlite_db) -> int:
    load_bundled_demo()
    return catalog.item_id_for("GLV-NIT-M")


def test_a_saved_action_tells_once_what_its_services_changed_and_who_made_it(
    owner, events, told, boxes, gloves
) -> None:
    results: list[object] = []
    op = Operation(owner, events, lambda: stock.use(gloves, 2), refused="Not used", initiator=owner)
    assert op.success(results.append).run()
    assert told == [(Changes.of_items([gloves]), owner)]
    assert len(results) == 1 and op.result is results[0] and boxes == []


def test_a_refusal_is_shown_in_one_box_titled_with_what_was_not_done(
    owner, events, told, boxes, gloves
) -> None:
    before = catalog.item_detail(gloves).on_hand
    op = Operation(owner, events, lambda: stock.use(gloves, before + 1), refused="Not used")
    assert not op.reload_on_refusal(lambda exc: Changes.of_items([gloves])).run()
    assert [title for title, _ in boxes] == ["Not used"] and "on hand" in boxes[0][1].lower()
    assert told == [(Changes.of_items([gloves]), None)]  # what may be out of date is shown again
    assert catalog.item_detail(gloves).on_hand == before


def test_an_action_may_show_its_refusal_itself(owner, events, told, boxes, gloves) -> None:
    said: list[Exception] = []
    Operation(owner, events, lambda: stock.use(gloves, 10**6)).failure(said.append).run()
    assert boxes == [] and len(said) == 1 and isinstance(said[0], InsufficientStock)
    assert told == []


def test_the_same_request_key_saves_once(owner, events, told, boxes, gloves) -> None:
    before = catalog.item_detail(gloves).on_hand
    first = Operation(owner, events, lambda: stock.use(gloves, 1), request_key="press-1")
    again = Operation(owner, events, lambda: stock.use(gloves, 1), request_key="press-1")
    assert first.run()
    assert not again.run()  # the second press of the same OK
    assert catalog.item_detail(gloves).on_hand == before - 1
    assert boxes == []  # not an error: said in the status bar


def test_a_long_write_runs_off_the_gui_thread_while_the_window_keeps_working(
    owner, events, told, boxes, gloves, qtbot
) -> None:
    release = threading.Event()
    threads: list[threading.Thread] = []
    ticks: list[int] = []
    second: list[bool] = []

    def long_use() -> object:
        threads.append(threading.current_thread())
        assert release.wait(10)
        return stock.use(gloves, 1)

    def tick() -> None:
        ticks.append(1)
        if len(ticks) == 3:  # the event loop runs while the write waits on the thread pool
            assert events.write_in_progress == "Using gloves…"
            # A second write from this window waits its turn: refused in words, nothing saved.
            second.append(Operation(owner, events, lambda: stock.use(gloves, 5), refused="Not used").run())
            release.set()

    before = catalog.item_detail(gloves).on_hand
    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)
    saved = Operation(owner, events, long_use, refused="Not used").run_in_background("Using gloves…")
    timer.stop()
    assert saved and second == [False]
    assert boxes and "Using gloves" in boxes[-1][1]
    assert threads[0] is not threading.main_thread()
    assert told == [(Changes.of_items([gloves]), None)]
    assert events.write_in_progress is None
    assert catalog.item_detail(gloves).on_hand == before - 1


def test_a_cancelled_long_write_saves_nothing_and_says_so(owner, events, told, boxes, gloves, qtbot) -> None:
    before = catalog.item_detail(gloves).on_hand
    messages: list[str] = []
    events.status_message.connect(messages.append)
    owner.show()
    qtbot.waitExposed(owner)

    def careful(progress, cancelled) -> object:
        progress(1, 2)
        while not cancelled():
            threading.Event().wait(0.01)
        raise OperationCancelled("Cancelled; nothing was saved.")

    def press_cancel() -> None:
        dialog = owner.findChild(QProgressDialog)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, press_cancel)  # it shows once the write took a moment
            return
        assert dialog.labelText() == "Working…" and dialog.maximum() == 2
        cancel = dialog.findChild(QPushButton)
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press_cancel)
    saved = Operation(owner, events, work=careful).run_in_background("Working…", cancellable=True)
    assert not saved and boxes == [] and told == []
    assert messages == ["Cancelled; nothing was saved."]
    assert catalog.item_detail(gloves).on_hand == before


def test_the_progress_dialog_stays_until_the_write_ends_and_a_quit_does_not_hang_it(
    owner, events, told, boxes, gloves, qtbot
) -> None:
    """Escape does not hide a write's progress dialog (the window would take input mid-write),
    and the app being asked to quit meanwhile does not stop the wait for the write's outcome."""
    from PySide6.QtWidgets import QApplication

    owner.show()
    qtbot.waitExposed(owner)
    release = threading.Event()
    seen: list[bool] = []

    def slow_use() -> object:
        assert release.wait(10)
        return stock.use(gloves, 1)

    def press_escape() -> None:
        dialog = owner.findChild(QProgressDialog)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, press_escape)
            return
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        seen.append(dialog.isVisible())
        QApplication.quit()  # e.g. the session ends: the wait must still see the write through
        release.set()

    QTimer.singleShot(0, press_escape)
    saved = Operation(owner, events, slow_use, refused="Not used").run_in_background("Using gloves…")
    assert seen == [True] and saved
    assert told == [(Changes.of_items([gloves]), None)]
    assert owner.findChild(QProgressDialog) is None or not owner.findChild(QProgressDialog).isVisible()


def test_a_write_refused_while_another_runs_goes_to_the_actions_own_refusal(
    owner, events, boxes, gloves
) -> None:
    """The scan box shows its refusals in its own line: "wait" goes there too, not taken as a
    second press of something already saved."""
    from inventory_app.ui.operations import WriteInProgress

    said: list[Exception] = []
    events.write_in_progress = "Posting the count…"
    before = catalog.item_detail(gloves).on_hand
    assert not Operation(owner, events, lambda: stock.use(gloves, 1)).failure(said.append).run()
    events.write_in_progress = None
    assert boxes == [] and len(said) == 1 and isinstance(said[0], WriteInProgress)
    assert "Posting the count" in str(said[0]) and catalog.item_detail(gloves).on_hand == before
