"""One way for a user action to reach the core, and for what it changed to come back.

    Operation(self, events, lambda: catalog.archive_item(item_id), refused=self.tr("Not archived"))
        .success(lambda _none: events.status_message.emit(...))
        .run()

- The change set the services record while the call runs (core.changes) is sent once, on
  `events.changed(changes, initiator)`; each page redraws what it shows.
- A refusal (any InventoryError) is shown in one place: a message box titled `refused`, unless
  the action handles it itself (`failure`, e.g. a dialog's own error line). What may be out of
  date after a refusal is reloaded (`reload_on_refusal`).
- With a request key (one press of OK), the write is saved at most once: the same key again is
  DuplicateOperation, taken as done with a word in the status bar (RELIABILITY B4).
- `run()` works on the GUI thread under the busy cursor: a stock action's write takes a
  fraction of a millisecond. `run_in_background(label)` runs a long service (an import, a large
  order received, a count posted, a restore) on the thread pool and waits for it in a local
  event loop, behind a window-modal progress dialog when it takes a moment: the window keeps
  painting, Cancel works, and no second write from this window starts meanwhile. The caller
  reads on as if the call were direct (no callbacks to thread through a dialog's steps).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget
from shiboken6 import isValid

from inventory_app.core.accounts.context import one_request
from inventory_app.core.changes import Changes
from inventory_app.core.worker import on_worker_thread, run_collecting
from inventory_app.errors import DuplicateOperation, InventoryError, OperationCancelled
from inventory_app.ui.common import prompts
from inventory_app.ui.common.workers import run_in_background
from inventory_app.ui.events import AppEvents

T = TypeVar("T")
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

PROGRESS_AFTER_MS = 400  # a write that ends sooner shows no progress dialog at all


def _tr(text: str) -> str:
    return QCoreApplication.translate("Operation", text)


class Operation(Generic[T]):
    """One user action: a core call, what to do when it succeeds, how a refusal is shown."""

    def __init__(
        self,
        parent: QWidget,
        events: AppEvents,
        call: Callable[[], T] | None = None,
        *,
        refused: str = "",
        request_key: str | None = None,
        initiator: object = None,
        work: Callable[[Progress, Cancelled], T] | None = None,
    ) -> None:
        """`call()` does the work; or `work(progress, cancelled)` for a long service that reports
        progress and stops when asked. `refused` titles the refusal's message box."""
        if (call is None) == (work is None):
            raise TypeError("give call or work")
        self.parent = parent
        self.events = events
        self.work: Callable[[Progress, Cancelled], T] = work or (lambda _p, _c: call())  # type: ignore[misc]
        self.refused = refused or _tr("Not done")
        self.request_key = request_key
        self.initiator = initiator
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[InventoryError], None] | None = None
        self._on_duplicate: Callable[[], None] | None = None
        self._after_refusal: Callable[[InventoryError], None] | None = None
        self._stale: Changes | Callable[[InventoryError], Changes] = Changes()
        self.result: T | None = None  # what the call returned, once saved

    # ---------------------------------------------------------------- shaping

    def success(self, fn: Callable[[T], None]) -> Operation[T]:
        """`fn(result)` after the change was saved, before the pages redraw."""
        self._on_success = fn
        return self

    def failure(self, fn: Callable[[InventoryError], None]) -> Operation[T]:
        """`fn(refusal)` instead of the message box (a dialog that shows it on its own line)."""
        self._on_failure = fn
        return self

    def after_refusal(self, fn: Callable[[InventoryError], None]) -> Operation[T]:
        """`fn(refusal)` after the refusal's message box (e.g. empty the field it is about)."""
        self._after_refusal = fn
        return self

    def already_saved(self, fn: Callable[[], None]) -> Operation[T]:
        """`fn()` when the request key was saved before (the first press got through after all),
        instead of the words in the status bar."""
        self._on_duplicate = fn
        return self

    def reload_on_refusal(self, changes: Changes | Callable[[InventoryError], Changes]) -> Operation[T]:
        """What may be out of date when the core refused (another workstation changed it),
        or a function of the refusal saying so."""
        self._stale = changes
        return self

    # ---------------------------------------------------------------- running

    def run(self) -> bool:
        """Do it now, on the GUI thread; True when it was saved."""
        return self._run_here(busy_cursor=True)

    def run_dialog(self) -> bool:
        """`call` is a dialog that saves when its OK is pressed (an item, a supplier): what it
        saved is gathered as it goes, and a refusal that ends the dialog is shown here."""
        return self._run_here(busy_cursor=False)

    def _run_here(self, *, busy_cursor: bool) -> bool:
        if self._refused_while_busy():
            return False
        if busy_cursor:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            outcome: tuple[T, Changes] | BaseException = run_collecting(self._call_once)
        except InventoryError as exc:
            outcome = exc
        finally:
            if busy_cursor:
                QApplication.restoreOverrideCursor()
        return self._finish(outcome)

    def run_in_background(self, label: str, *, cancellable: bool = False) -> bool:
        """Do it on the thread pool and wait for it here, the window painting meanwhile; True
        when it was saved. `label` ("Importing stock.xlsx…") shows in a progress dialog if it
        takes a moment (with Cancel when `cancellable`).

        Until that dialog shows, keys and clicks wait (they reach the window once the write
        ended: a second Enter cannot start a second write); once it shows, it takes them."""
        if self._refused_while_busy():
            return False
        stop = threading.Event()
        dialog = _ProgressDialog(label, stop if cancellable else None, self.parent)
        outcome: list[tuple[T, Changes] | BaseException] = []

        def report(done: int, total: int) -> None:
            dialog.progress.emit(done, total)  # queued to the GUI thread

        def background() -> tuple[T, Changes]:
            return on_worker_thread(lambda: run_collecting(lambda: self._call_once(report, stop.is_set)))

        def ended(result: Any) -> None:
            outcome.append(result)

        def show_progress() -> None:
            if not outcome:
                dialog.show()  # from now on user input goes to the dialog (the window is blocked)

        self.events.write_in_progress = label
        try:
            run_in_background(background, ended, ended)
            QTimer.singleShot(PROGRESS_AFTER_MS, dialog, show_progress)
            # Events are handled here until the write ends, even when the app is quitting (a
            # nested QEventLoop would return at once then, and the result would never come).
            wait = QEventLoop.ProcessEventsFlag.WaitForMoreEvents
            held = wait | QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
            while not outcome:
                QCoreApplication.processEvents(wait if dialog.isVisible() else held)
        finally:
            self.events.write_in_progress = None
            dialog.hide()  # (its closeEvent refuses until now)
            dialog.deleteLater()
        return self._finish(outcome[0])

    # ---------------------------------------------------------------- inside

    def _call_once(self, progress: Progress | None = None, cancelled: Cancelled | None = None) -> T:
        report = progress or (lambda _done, _total: None)
        asked = cancelled or (lambda: False)
        if self.request_key is None:
            return self.work(report, asked)
        with one_request(self.request_key):
            return self.work(report, asked)

    def _refused_while_busy(self) -> bool:
        """Another write of this window is under way: refused in words (through the action's own
        refusal handler when it has one), nothing done."""
        busy = self.events.write_in_progress
        if busy is None:
            return False
        refusal = WriteInProgress(_tr("Wait until this has finished: {work}").format(work=busy))
        if self._on_failure is not None:
            self._on_failure(refusal)
        else:
            prompts.inform(self.parent, self.refused, str(refusal))
        return True

    def _finish(self, outcome: tuple[T, Changes] | BaseException) -> bool:
        """Say how it went and send what changed; True when saved."""
        if isinstance(outcome, DuplicateOperation):
            # The first press was saved after all: nothing more was recorded; show what is there.
            if self._on_duplicate is not None:
                self._on_duplicate()
            else:
                self.events.status_message.emit(str(outcome))
            self._send(self._stale_after(outcome))
            return False
        if isinstance(outcome, OperationCancelled):
            self.events.status_message.emit(str(outcome))
            return False
        if isinstance(outcome, InventoryError):
            if self._on_failure is not None:
                self._on_failure(outcome)
            else:
                prompts.error(self.parent if isValid(self.parent) else None, self.refused, str(outcome))
                if self._after_refusal is not None:
                    self._after_refusal(outcome)
            self._send(self._stale_after(outcome))
            return False
        if isinstance(outcome, BaseException):
            raise outcome  # a bug, not a refusal: the app's error handler reports it
        result, changes = outcome
        self.result = result
        if self._on_success is not None:
            self._on_success(result)
        self._send(changes)
        return True

    def _stale_after(self, refusal: InventoryError) -> Changes:
        return self._stale if isinstance(self._stale, Changes) else self._stale(refusal)

    def _send(self, changes: Changes) -> None:
        if changes:
            self.events.changed.emit(changes, self.initiator)


class WriteInProgress(InventoryError):
    """Another write of the same window has not finished yet."""


class _ProgressDialog(QProgressDialog):
    """Progress of one long write. It stays up until the write ends: Escape, the window's close
    button and Cancel do not hide it; Cancel (when offered) asks the work to stop and says so."""

    progress = Signal(int, int)  # done, total: sent from the worker, shown on the GUI thread

    def __init__(self, label: str, stop: threading.Event | None, parent: QWidget) -> None:
        super().__init__(label, _tr("Cancel") if stop is not None else "", 0, 0, parent)
        self.setWindowTitle(label.rstrip("…. "))
        self.stop = stop
        if stop is None:
            self.setCancelButton(None)  # type: ignore[arg-type]
        self.canceled.disconnect(self.cancel)  # (Qt's own Cancel hides the dialog at once)
        self.canceled.connect(self._cancel_asked)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(2**30)  # shown by the operation, when the write takes a moment
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.progress.connect(self._show_progress)

    def _cancel_asked(self) -> None:
        if self.stop is not None and not self.stop.is_set():
            self.stop.set()
            self.setLabelText(_tr("Cancelling…"))

    def reject(self) -> None:  # Escape
        self._cancel_asked()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()  # it closes when the write has ended
        self._cancel_asked()

    def _show_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.setRange(0, total)
            self.setValue(min(done, total))
