"""Undo for a slip just made: after a stock action the status bar offers Undo (Ctrl+Z) for a
short while. The core reverses the action's movements in the ledger (allowed to the person
who recorded them, staff included) and audits it; a refusal is shown in words."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QStatusBar, QWidget

from inventory_app.core.catalog import items as catalog
from inventory_app.core.changes import Changes
from inventory_app.core.types import MovementRow
from inventory_app.core.wording import counted
from inventory_app.ui.common.icons import icon
from inventory_app.ui.events import AppEvents
from inventory_app.ui.operations import Operation

OFFER_SECONDS = 120  # how long the status bar offers Undo after a stock action


@dataclass(frozen=True, slots=True)
class StockRecorded:
    """One stock action just saved: its movements and what it did, in words."""

    item_id: int
    movement_ids: tuple[int, ...]
    text: str

    @classmethod
    def of(cls, item_id: int, rows: list[MovementRow], text: str) -> StockRecorded:
        return cls(item_id, tuple(r.id for r in rows), text)


class UndoOffer(QObject):
    """The Undo button in the status bar and its Ctrl+Z action, for the last stock action."""

    def __init__(self, parent: QWidget, status_bar: QStatusBar, events: AppEvents) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.events = events
        self.last: StockRecorded | None = None
        self.action = QAction(icon("reverse"), self.tr("&Undo last stock action"), parent)
        self.action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setStatusTip(self.tr("Take back the stock action just recorded"))
        self.action.triggered.connect(self.undo)
        self.action.setEnabled(False)
        parent.addAction(self.action)
        keys = self.action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.button = QPushButton(icon("reverse"), self.tr("Undo ({keys})").format(keys=keys))
        self.button.setFlat(True)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.undo)
        self.button.hide()
        status_bar.insertPermanentWidget(0, self.button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(OFFER_SECONDS * 1000)
        self.timer.timeout.connect(self.withdraw)
        events.stock_recorded.connect(self.offer)

    def offer(self, recorded: StockRecorded) -> None:
        if not recorded.movement_ids:
            return
        self.last = recorded
        self.button.setToolTip(self.tr("Undo: {what}").format(what=recorded.text))
        self.button.show()
        self.action.setEnabled(True)
        self.timer.start()

    def withdraw(self) -> None:
        self.last = None
        self.button.hide()
        self.action.setEnabled(False)
        self.timer.stop()

    def undo(self) -> None:
        recorded = self.last
        if recorded is None:
            return
        self.withdraw()
        from inventory_app.core import corrections  # (loaded when first needed)

        def undone(rows: list[MovementRow]) -> None:
            item = catalog.item_detail(recorded.item_id)
            change = sum(r.quantity for r in rows)
            self.events.status_message.emit(
                self.tr("Undone: {what} Now {n} on hand ({change:+d}).").format(
                    what=recorded.text, n=counted(item.on_hand, item.unit), change=change
                )
            )

        Operation(
            self.parent_widget,
            self.events,
            lambda: corrections.undo(list(recorded.movement_ids)),
            refused=self.tr("Cannot undo"),
        ).success(undone).reload_on_refusal(Changes.of_items([recorded.item_id])).run()
