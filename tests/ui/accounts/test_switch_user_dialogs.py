"""Someone else signs in from the lock screen (F3, F4): the previous user's open dialogs are closed
unsaved, so nothing they typed is shown to the new user or recorded under either name; the same
person signing in again gets their dialog back as it was."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.context import current_actor
from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import queries as stock_queries
from inventory_app.ui.accounts.sign_in import SignInDialog
from inventory_app.ui.inventory.stock_dialog import StockDialog
from inventory_app.ui.shell.main_window import MainWindow
from tests.ui.accounts.test_idle_lock import visible_texts
from tests.ui.conftest import ADMIN_NAME, ADMIN_PASSWORD, STAFF_NAME, STAFF_PASSWORD, click_item

LEFT = Qt.MouseButton.LeftButton
NOTE = "twelve boxes from the pharmacy"


def _item(window: MainWindow, qtbot) -> int:
    item_id = next(r.id for r in stock_queries.list_items() if not r.tracks_expiry)
    click_item(qtbot, window, item_id)
    return item_id


def _type_receipt(qtbot, dialog: StockDialog, quantity: str) -> None:
    dialog.quantity.setFocus()
    dialog.quantity.selectAll()
    qtbot.keyClicks(dialog.quantity, quantity)
    qtbot.keyClicks(dialog.note, NOTE)


def _sign_in_from_cover(qtbot, window: MainWindow, name: str, password: str) -> None:
    """Press "Sign in as someone else…" on the covered dialog and sign in there (a real exec())."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SignInDialog)
        qtbot.keyClicks(dialog.name, name)
        qtbot.keyClicks(dialog.password, password)
        qtbot.mouseClick(dialog.sign_in_button, LEFT)

    QTimer.singleShot(0, fill)
    cover = window.session.lock._covered[-1].cover
    qtbot.mouseClick(cover.switch_button, LEFT)  # returns when the sign-in dialog's exec() ends


def _receive(window: MainWindow, steps: Callable[[StockDialog], None]) -> list[StockDialog]:
    """The Receive action as the toolbar runs it (exec()), with `steps` done inside the dialog."""
    seen: list[StockDialog] = []

    def inside() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, StockDialog)
        seen.append(dialog)
        try:
            steps(dialog)
        finally:
            if dialog.isVisible() and not window.is_locked:
                dialog.reject()

    QTimer.singleShot(0, inside)
    window.receive_action.trigger()  # returns when the dialog's exec() ends
    return seen


def test_someone_else_signing_in_closes_the_previous_users_dialog_unsaved(
    admin_window: MainWindow, qtbot
) -> None:
    window = admin_window
    item_id = _item(window, qtbot)
    before = catalog.item_detail(item_id).on_hand
    movements = len(stock_queries.history(item_id))

    def ana_types_then_sam_signs_in(dialog: StockDialog) -> None:
        _type_receipt(qtbot, dialog, "12")
        assert dialog.quantity.value() == 12
        window.session.lock_now()
        assert window.is_locked and dialog.isVisible()
        _sign_in_from_cover(qtbot, window, STAFF_NAME, STAFF_PASSWORD)
        # Closed before Sam could see or press anything in it.
        assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Rejected

    seen = _receive(window, ana_types_then_sam_signs_in)
    assert len(seen) == 1
    dialog = seen[0]
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    assert dialog.result() == dialog.DialogCode.Rejected
    assert current_actor() is not None and current_actor().name == STAFF_NAME
    assert not window.is_locked
    # Nothing recorded, under either name, and nothing typed is on screen.
    assert catalog.item_detail(item_id).on_hand == before
    assert len(stock_queries.history(item_id)) == movements
    assert audit.events(action=Action.RECEIVE) == []
    screen = "\n".join(visible_texts())
    assert NOTE not in screen
    assert "previous user's open windows were closed" in window.statusBar().currentMessage()
    assert QApplication.activeModalWidget() is None

    # Sam's window works: his own receipt is recorded under his name.
    item_id = _item(window, qtbot)

    def sam_receives(dialog: StockDialog) -> None:
        assert dialog.note.text() == "" and dialog.note.isVisible()
        _type_receipt(qtbot, dialog, "3")
        qtbot.mouseClick(dialog.ok_button, LEFT)

    _receive(window, sam_receives)
    assert catalog.item_detail(item_id).on_hand == before + 3
    latest = max(stock_queries.history(item_id), key=lambda m: m.id)
    assert (latest.quantity, latest.note, latest.user) == (3, NOTE, STAFF_NAME)
    assert [e.user for e in audit.events(action=Action.RECEIVE)] == [STAFF_NAME]


def test_the_same_user_signing_in_again_keeps_the_dialog_and_what_was_typed(
    admin_window: MainWindow, qtbot
) -> None:
    window = admin_window
    item_id = _item(window, qtbot)
    before = catalog.item_detail(item_id).on_hand
    steps: list[str] = []

    def ana_locks_and_comes_back(dialog: StockDialog) -> None:
        _type_receipt(qtbot, dialog, "5")
        window.session.lock_now()
        _sign_in_from_cover(qtbot, window, ADMIN_NAME, ADMIN_PASSWORD)
        assert not window.is_locked and dialog.isVisible()
        assert dialog.note.isVisible() and dialog.note.text() == NOTE and dialog.quantity.value() == 5
        steps.append("back")
        qtbot.mouseClick(dialog.ok_button, LEFT)

    _receive(window, ana_locks_and_comes_back)
    assert steps == ["back"]
    assert current_actor() is not None and current_actor().name == ADMIN_NAME
    assert "previous user" not in window.statusBar().currentMessage()
    assert catalog.item_detail(item_id).on_hand == before + 5
    latest = max(stock_queries.history(item_id), key=lambda m: m.id)
    assert (latest.quantity, latest.note, latest.user) == (5, NOTE, ADMIN_NAME)
