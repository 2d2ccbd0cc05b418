"""The idle lock (F3): after the idle time a lock screen hides every piece of data, only the
signed-in account's password unlocks it, and the page, selection, filter text and an open
dialog with what was typed in it are all there again afterwards."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableView,
    QToolBar,
    QWidget,
)

from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.context import current_actor
from inventory_app.core.catalog import items as catalog
from inventory_app.core.changes import Changes
from inventory_app.core.settings import office_settings, save_office_settings
from inventory_app.core.stock import queries as stock_queries
from inventory_app.ui.accounts.sign_in import SignInDialog
from inventory_app.ui.inventory.stock_dialog import StockAction, StockDialog
from inventory_app.ui.shell.main_window import NAV_SETTINGS, NAV_USERS, MainWindow
from tests.ui.conftest import ADMIN_PASSWORD, STAFF_NAME, STAFF_PASSWORD, drive

LEFT = Qt.MouseButton.LeftButton


def visible_texts() -> list[str]:
    """Every text a person could read on screen: visible labels, fields, buttons, list and table
    cells, and window titles of every visible window."""
    texts: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        texts.append(top.windowTitle())
        for widget in [top, *top.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            if isinstance(widget, QLabel):
                texts.append(widget.text())
            elif isinstance(widget, QLineEdit):
                texts.append(widget.text())
            elif isinstance(widget, QAbstractButton):
                texts.append(widget.text())
            elif isinstance(widget, QListWidget):
                texts.extend(widget.item(i).text() for i in range(widget.count()))
            elif isinstance(widget, QTableView) and widget.model() is not None:
                model = widget.model()
                texts.extend(
                    str(model.index(r, c).data() or "")
                    for r in range(model.rowCount())
                    for c in range(model.columnCount())
                )
    return texts


def item_words() -> list[str]:
    rows = stock_queries.list_items()
    return [r.name for r in rows] + [r.sku for r in rows]


def leaks(words: list[str]) -> list[str]:
    screen = "\n".join(visible_texts())
    return [w for w in words if w in screen]


def open_stock_dialog(window: MainWindow, qtbot) -> StockDialog:
    """A receive dialog opened as the Receive action opens it, with a note typed in."""
    dialog = StockDialog(StockAction.RECEIVE, catalog.item_detail(catalog.item_id_for("GLV-NIT-M")), window)
    dialog.open()  # window-modal, like exec() but without blocking the test
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.note, "box 3 torn, counted twice")
    return dialog


def test_idle_time_locks_and_no_item_is_readable(admin_window: MainWindow, qtbot) -> None:
    window = admin_window
    window.inventory_page.select_item(catalog.item_id_for("VAC-FLU-Q"))
    window.inventory_page.panel.setCurrentIndex(1)  # the History tab
    words = item_words()
    assert leaks(words), "the check must see item names while unlocked"
    window.session.idle.set_interval_ms(150)
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)
    assert leaks(words) == []
    assert not window.statusBar().isVisible()
    assert not any(bar.isVisible() for bar in window.findChildren(QToolBar))
    assert not window.menuBar().isEnabled()
    assert not window.add_action.isEnabled() and not window.receive_action.isEnabled()
    assert window.session.lock.screen.title.text() == "Locked — Ana"
    assert window.session.lock.screen.password.isVisible()
    locks = audit.events(action=Action.LOCK)
    assert len(locks) == 1 and locks[0].user == "Ana" and locks[0].detail == "idle"


def test_wrong_password_refused_right_one_brings_everything_back(admin_window: MainWindow, qtbot) -> None:
    window = admin_window
    page = window.inventory_page
    qtbot.keyClicks(page.search, "nitrile")
    target = catalog.item_id_for("GLV-NIT-M")
    assert page.select_item(target)
    dialog = open_stock_dialog(window, qtbot)
    window.session.lock_now()
    assert window.is_locked
    # The dialog is not closed (that would end it and lose the note) but shows nothing of it.
    assert dialog.isVisible() and not dialog.note.isVisible() and not dialog.quantity.isVisible()
    assert "Nitrile" not in dialog.windowTitle() and "GLV-NIT-M" not in "\n".join(visible_texts())
    cover = window.session.lock.screen
    covers = [c.cover for c in window.session.lock._covered]
    assert len(covers) == 1 and covers[0].isVisible()
    # Escape or closing would cancel the dialog: both are ignored while locked.
    qtbot.keyClick(covers[0].password, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible()
    # The dialog is modal: its own lock screen takes the password.
    qtbot.keyClicks(covers[0].password, "not my password")
    qtbot.mouseClick(covers[0].unlock_button, LEFT)
    assert window.is_locked
    assert covers[0].message.isVisible() and covers[0].message.text() == "Wrong password."
    assert cover.message.text() == "Wrong password."
    assert audit.events(action=Action.UNLOCK_FAILED)
    qtbot.keyClicks(covers[0].password, ADMIN_PASSWORD)
    qtbot.keyClick(covers[0].password, Qt.Key.Key_Return)
    assert not window.is_locked
    assert (
        dialog.isVisible() and dialog.note.isVisible() and dialog.note.text() == "box 3 torn, counted twice"
    )
    assert "Locked" not in dialog.windowTitle()
    dialog.reject()
    assert window.pages.currentWidget() is page
    assert page.search.text() == "nitrile"
    assert page.current_item_id() == target
    assert window.statusBar().isVisible() and window.menuBar().isEnabled()
    assert window.add_action.isEnabled() and window.receive_action.isEnabled()
    assert window.session.idle.running
    assert audit.events(action=Action.UNLOCK)[0].user == "Ana"


def test_the_main_lock_screen_unlocks_too(admin_window: MainWindow, qtbot) -> None:
    window = admin_window
    window.session.lock_action.trigger()  # File > Lock now (Ctrl+L)
    assert window.is_locked
    screen = window.session.lock.screen
    qtbot.keyClicks(screen.password, ADMIN_PASSWORD)
    qtbot.mouseClick(screen.unlock_button, LEFT)
    assert not window.is_locked
    assert audit.events(action=Action.LOCK)[0].detail == "locked by the user"


def test_shortcuts_do_nothing_while_locked(admin_window: MainWindow, qtbot, monkeypatch) -> None:
    window = admin_window
    window.inventory_page.select_item(catalog.item_id_for("GLV-NIT-M"))
    window.activateWindow()
    asked: list[str] = []
    monkeypatch.setattr(StockDialog, "ask", lambda *a: asked.append("receive"))
    qtbot.keyClick(window.inventory_page.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["receive"], "the shortcut must work while unlocked for this test to mean anything"
    window.session.lock_now()
    # Even an action enabled again meanwhile (a refresh while locked) does not fire on its key.
    window.receive_action.setEnabled(True)
    qtbot.keyClick(window.session.lock.screen.password, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["receive"]


def test_input_restarts_the_idle_time(admin_window: MainWindow, qtbot) -> None:
    window = admin_window
    watch = window.session.idle
    watch.set_interval_ms(60_000)
    qtbot.waitUntil(lambda: watch.idle_ms() >= 300, timeout=3000)
    qtbot.keyClick(window.inventory_page.search, Qt.Key.Key_A)
    assert watch.idle_ms() < 300
    assert watch.remaining_ms() > 60_000 - 300
    # Input keeps coming every 50 ms for half as long again as the idle time of 1 s: no lock.
    watch.set_interval_ms(1000)
    moves: list[int] = []

    def move() -> None:
        moves.append(1)
        qtbot.mouseMove(window.inventory_page.table.viewport(), QPoint(10 + len(moves) % 20, 10))

    timer = QTimer()
    timer.timeout.connect(move)
    timer.start(50)
    locked_meanwhile: list[bool] = []
    window.session.lock.locked.connect(lambda: locked_meanwhile.append(True))
    qtbot.waitUntil(lambda: len(moves) >= 30, timeout=15_000)
    timer.stop()
    assert locked_meanwhile == [] and not window.is_locked
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)  # and once input stops, it locks


def test_zero_minutes_never_locks_and_the_setting_is_read_again(admin_window: MainWindow, qtbot) -> None:
    window = admin_window
    assert window.session.idle.interval_ms == 10 * 60_000  # the default, 10 minutes
    save_office_settings(replace(office_settings(), idle_lock_minutes=0))
    window.events.changed.emit(Changes(settings=True, accounts=True), None)
    assert not window.session.idle.running
    save_office_settings(replace(office_settings(), idle_lock_minutes=3))
    window.events.changed.emit(Changes(settings=True, accounts=True), None)
    assert window.session.idle.running and window.session.idle.interval_ms == 3 * 60_000


def test_no_lock_without_accounts(window: MainWindow) -> None:
    window.session.lock_now()
    assert not window.is_locked and not window.session.idle.running
    assert not window.session.lock_action.isVisible()


def test_someone_else_signs_in_from_the_lock_screen(admin_window: MainWindow, qtbot, monkeypatch) -> None:
    window = admin_window
    window.nav.setCurrentRow(NAV_SETTINGS)
    window.session.lock_now()

    def steps(dialog: SignInDialog) -> None:
        qtbot.keyClicks(dialog.name, STAFF_NAME)
        qtbot.keyClicks(dialog.password, STAFF_PASSWORD)
        qtbot.mouseClick(dialog.sign_in_button, LEFT)

    drive(monkeypatch, qtbot, SignInDialog, steps)
    qtbot.mouseClick(window.session.lock.screen.switch_button, LEFT)
    assert not window.is_locked
    assert current_actor() is not None and current_actor().name == STAFF_NAME
    assert window.session.signed_in_label.text() == "Signed in as Sam (staff)"
    assert window.nav.item(NAV_SETTINGS).isHidden() and window.nav.item(NAV_USERS).isHidden()
    assert window.nav.currentRow() != NAV_SETTINGS


def test_a_small_message_box_grows_to_hold_its_lock_screen(admin_window: MainWindow, qtbot) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, "Archive item", "Archive GLV-NIT-M?", parent=admin_window)
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    box.open()
    qtbot.waitExposed(box)
    size = box.size()
    admin_window.session.lock_now()
    cover = admin_window.session.lock._covered[0].cover
    assert box.isVisible() and "GLV-NIT-M" not in "\n".join(visible_texts())
    for widget in (cover.password, cover.unlock_button):
        assert widget.isVisible()
        corner = widget.mapTo(box, widget.rect().bottomRight())
        assert box.rect().contains(corner), "the password field must be inside the message box"
        assert widget.height() >= widget.sizeHint().height(), "and not squeezed"
    qtbot.keyClicks(cover.password, ADMIN_PASSWORD)
    qtbot.mouseClick(cover.unlock_button, LEFT)
    assert not admin_window.is_locked and box.isVisible() and box.size() == size
    box.reject()


def test_a_dialog_running_exec_survives_the_lock_and_saves_after(admin_window: MainWindow, qtbot) -> None:
    """The Receive dialog as the toolbar opens it (a real exec() loop): locked and unlocked in the
    middle of typing, then Receive records exactly what had been typed."""
    window = admin_window
    item_id = next(r.id for r in stock_queries.list_items() if not r.tracks_expiry)
    window.inventory_page.select_item(item_id)
    before = catalog.item_detail(item_id).on_hand
    steps: list[str] = []

    def inside() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, StockDialog)
        try:
            dialog.quantity.setValue(7)
            qtbot.keyClicks(dialog.note, "left at the front desk")
            window.session.lock_now()
            steps.append("locked")
            assert dialog.isVisible() and not dialog.note.isVisible()
            cover = window.session.lock._covered[0].cover
            qtbot.keyClicks(cover.password, ADMIN_PASSWORD)
            qtbot.keyClick(cover.password, Qt.Key.Key_Return)
            assert not window.is_locked and dialog.isVisible()
            steps.append("unlocked")
            qtbot.mouseClick(dialog.ok_button, LEFT)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, inside)
    window.receive_action.trigger()  # returns when the dialog's exec() ends
    assert steps == ["locked", "unlocked"]
    assert catalog.item_detail(item_id).on_hand == before + 7
    latest = max(stock_queries.history(item_id), key=lambda m: m.id)
    assert (latest.quantity, latest.note) == (7, "left at the front desk")


def test_a_message_that_opens_while_locked_is_blank_until_unlocked(admin_window: MainWindow, qtbot) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = admin_window
    window.session.lock_now()
    # Work finished in the background reports, say, where it saved a file about an item.
    box = QMessageBox(
        QMessageBox.Icon.Information, "Saved", "Saved the shelf list of GLV-NIT-M", parent=window
    )
    box.open()
    qtbot.waitExposed(box)
    assert box.isVisible() and "GLV-NIT-M" not in "\n".join(visible_texts())
    cover = window.session.lock._covered[-1].cover
    assert cover.parent() is box and cover.password.isVisible()
    qtbot.keyClicks(cover.password, ADMIN_PASSWORD)
    qtbot.keyClick(cover.password, Qt.Key.Key_Return)
    assert not window.is_locked
    assert "Saved the shelf list of GLV-NIT-M" in visible_texts()
    box.reject()


def test_the_sign_in_dialog_opened_from_the_lock_screen_is_not_blanked(
    admin_window: MainWindow, qtbot, monkeypatch
) -> None:
    window = admin_window
    window.session.lock_now()
    seen: list[bool] = []

    def steps(dialog: SignInDialog) -> None:
        seen.append(dialog.name.isVisible() and dialog.password.isVisible())  # then left: cancelled

    drive(monkeypatch, qtbot, SignInDialog, steps)
    qtbot.mouseClick(window.session.lock.screen.switch_button, LEFT)
    assert seen == [True]
    assert window.is_locked  # cancelled: still locked
