"""The lock screen, and locking a window without losing what was on it.

Locking swaps the window's central area (side bar and pages) for a lock page,
hides the tool bars and the status bar, disables the menus and the actions,
and blanks every open dialog: its contents are hidden under a small lock
screen of its own and its title is replaced. A dialog is not hidden itself,
because hiding a dialog ends its `exec()` and would throw away what was typed;
and a modal dialog keeps the main window from taking input, so each covered
dialog carries its own password field. Unlocking puts everything back as it
was: page, selection, typed text, focus. When someone else signs in instead, the
open dialogs belong to the person who locked: they are closed unsaved (rejected),
never uncovered for the new user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from inventory_app import APP_NAME
from inventory_app.core.accounts import audit
from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.context import Actor, current_actor, set_current_actor
from inventory_app.errors import InventoryError
from inventory_app.ui.accounts.account_form import password_field, plain_error_label
from inventory_app.ui.accounts.sign_in import SignInDialog, ask_sign_in
from inventory_app.ui.common.icons import icon

QWIDGETSIZE_MAX = 16_777_215

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow


def _alive(widget: QWidget | None) -> bool:
    """False for None and for a widget Qt has deleted meanwhile (a dialog closed by its owner)."""
    return widget is not None and shiboken6.isValid(widget)


class LockScreen(QFrame):
    """ "Locked — Ana", a password field, Unlock and Sign in as someone else."""

    unlock_requested = Signal(str)
    switch_requested = Signal()

    def __init__(self, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 16, 16, 16)
        outer.addStretch(1)
        panel = QWidget()
        panel.setMaximumWidth(420)
        box = QVBoxLayout(panel)
        box.setSpacing(8)
        self.icon_label = QLabel()  # the lock, drawn when the screen first shows (see showEvent)
        size = 32 if compact else 64
        self.icon_label.setFixedSize(size, size)
        box.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * (1.2 if compact else 1.6))
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.title)
        self.hint = QLabel(self.tr("Type your password to go back to where you were."))
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.hint)
        self.password = password_field(self.tr("Password"))
        # Return is taken here, never passed on: in a covered dialog it would press the
        # dialog's own default button the moment the dialog is back.
        self.password.installEventFilter(self)
        box.addWidget(self.password)
        self.message = plain_error_label()
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.message)
        row = QHBoxLayout()
        self.switch_button = QPushButton(self.tr("Sign in as someone else…"))
        self.switch_button.clicked.connect(self.switch_requested)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        for button in (self.switch_button, self.unlock_button):
            button.setAutoDefault(False)
        self.unlock_button.clicked.connect(self._submit)
        row.addWidget(self.switch_button)
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        box.addLayout(row)
        holder = QHBoxLayout()
        holder.addStretch(1)
        holder.addWidget(panel, 1)
        holder.addStretch(1)
        outer.addLayout(holder)
        outer.addStretch(1 if compact else 2)

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        if self.icon_label.pixmap().isNull():
            size = self.icon_label.size()
            self.icon_label.setPixmap(icon("lock").pixmap(size, self.devicePixelRatioF()))
        super().showEvent(event)

    def set_name(self, name: str, signed_out: bool = False) -> None:
        if signed_out:
            self.title.setText(self.tr("Signed out"))
            self.hint.setText(self.tr("Sign in to use {app}.").format(app=APP_NAME))
        else:
            self.title.setText(self.tr("Locked — {name}").format(name=name))
            self.hint.setText(self.tr("Type your password to go back to where you were."))
        for widget in (self.password, self.unlock_button):
            widget.setVisible(not signed_out)
        self.switch_button.setText(self.tr("Sign in…") if signed_out else self.tr("Sign in as someone else…"))
        self.message.hide()
        self.password.clear()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.password.clear()
        self.password.setFocus()

    def _submit(self) -> None:
        self.unlock_requested.emit(self.password.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if (
            watched is self.password
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # type: ignore[attr-defined]
        ):
            self._submit()
            return True
        return super().eventFilter(watched, event)


class _Covered(NamedTuple):
    """An open dialog while locked: its title and the contents hidden under the cover."""

    dialog: QWidget
    title: str
    hidden: list[QWidget]
    focus: QWidget | None
    cover: LockScreen
    geometry: tuple[QSize, QSize, QSize]  # minimum, maximum and actual size before locking


class WindowLock(QObject):
    """Locks `window` (a QMainWindow whose central widget is moved into a stack here)."""

    locked = Signal()
    unlocked = Signal()
    actor_changed = Signal(int)  # someone else signed in; how many of the previous user's windows were closed

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.is_locked = False
        self.signed_out = False
        content = window.takeCentralWidget()
        self.stack = QStackedWidget()
        self.stack.addWidget(content)
        self.content = content
        self.screen = LockScreen()
        self.screen.unlock_requested.connect(self.unlock)
        self.screen.switch_requested.connect(self.switch_user)
        self.stack.addWidget(self.screen)
        window.setCentralWidget(self.stack)
        self._covered: list[_Covered] = []
        self._disabled_actions: list[QAction] = []
        self._hidden_bars: list[QWidget] = []
        self._focus: QWidget | None = None
        self._name = ""
        self._owner = ""  # who locked: only they get the covered dialogs back

    # ---------------------------------------------------------------- locking

    def lock(self, reason: str = "locked") -> bool:
        """Hide the data until the password is typed again; False when nobody is signed in."""
        actor = current_actor()
        if self.is_locked or actor is None:
            return False
        self._cover(actor.name, signed_out=False)
        self._owner = actor.name
        try:
            audit.record_now(Action.LOCK, actor.name, reason)
        except InventoryError:
            pass  # a busy or unreachable database must not keep the screen open
        return True

    def cover_signed_out(self, owner: str = "") -> None:
        """The window blanked after signing out (by `owner`), until someone signs in."""
        if self.is_locked:
            self.screen.set_name("", signed_out=True)
            self.signed_out = True
            for covered in self._covered:
                covered.cover.set_name("", signed_out=True)
            return
        self._cover("", signed_out=True)
        self._owner = owner

    def _cover(self, name: str, signed_out: bool) -> None:
        self.is_locked = True
        self.signed_out = signed_out
        window = self.window
        self._focus = QApplication.focusWidget()
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        QToolTip.hideText()
        self.screen.set_name(name, signed_out)
        self.stack.setCurrentWidget(self.screen)
        self._hidden_bars = [
            bar
            for bar in [*window.findChildren(QToolBar), window.statusBar()]
            if bar.parent() is window and bar.isVisible()
        ]
        for bar in self._hidden_bars:
            bar.hide()
        window.menuBar().setEnabled(False)
        self._disabled_actions = [a for a in window.findChildren(QAction) if a.isEnabled()]
        for action in self._disabled_actions:
            action.setEnabled(False)
        self._name = name
        self._covered = [self._cover_dialog(w, name, signed_out) for w in self._open_dialogs()]
        QApplication.instance().installEventFilter(self)
        self.screen.password.setFocus()
        if self._covered:
            self._covered[-1].cover.password.setFocus()
        self.locked.emit()

    def _open_dialogs(self) -> list[QWidget]:
        """Visible windows other than the main one, the active (topmost) last."""
        active = QApplication.activeWindow()
        dialogs = [w for w in QApplication.topLevelWidgets() if w.isVisible() and self._to_cover(w)]
        dialogs.sort(key=lambda w: (w is active, w.isModal()))
        return dialogs

    def _cover_dialog(self, dialog: QWidget, name: str, signed_out: bool) -> _Covered:
        focus = dialog.focusWidget()
        hidden = [
            child
            for child in dialog.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if not child.isWindow() and child.isVisible()
        ]
        for child in hidden:
            child.hide()
        title = dialog.windowTitle()
        dialog.setWindowTitle(self.tr("{app}: locked").format(app=APP_NAME))
        cover = LockScreen(compact=True, parent=dialog)
        cover.set_name(name, signed_out)
        cover.unlock_requested.connect(self.unlock)
        cover.switch_requested.connect(self.switch_user)
        # A small dialog (a message box) grows until its lock screen fits: a modal dialog is the
        # only place the password can be typed while it is open.
        geometry = (dialog.minimumSize(), dialog.maximumSize(), dialog.size())
        needed = dialog.size().expandedTo(cover.sizeHint())
        if needed != dialog.size():
            dialog.setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX)
            dialog.resize(needed)
        cover.setGeometry(dialog.rect())
        cover.show()
        cover.raise_()
        return _Covered(dialog, title, hidden, focus, cover, geometry)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        """While locked (installed on the application): covered dialogs keep their lock screen
        sized and cannot be cancelled; a window that opens meanwhile is covered too."""
        kind = event.type()
        covered = next((c for c in self._covered if c.dialog is watched), None)
        if covered is not None:
            if kind == QEvent.Type.Resize:
                covered.cover.setGeometry(covered.dialog.rect())
            elif kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:  # type: ignore[attr-defined]
                return True  # Escape would cancel the covered dialog and lose what was typed
            elif kind == QEvent.Type.Close:
                event.ignore()  # so would closing it
                return True
        elif kind == QEvent.Type.Show and self.is_locked and self._to_cover(watched):
            # A message from work finished in the background, say: shown, but blank.
            self._covered.append(self._cover_dialog(watched, self._name, self.signed_out))  # type: ignore[arg-type]
        return False

    def _to_cover(self, widget: QObject) -> bool:
        return (
            isinstance(widget, QWidget)
            and widget.isWindow()
            and widget is not self.window
            and not isinstance(widget, (LockScreen, SignInDialog))
            and widget.windowType() not in (Qt.WindowType.ToolTip, Qt.WindowType.Popup)
        )

    def shut_down(self) -> None:
        """The window is closing: stop watching the application's windows."""
        QApplication.instance().removeEventFilter(self)

    # ---------------------------------------------------------------- unlocking

    def unlock(self, password: str) -> bool:
        """Check the signed-in account's password; True when the window is back."""
        actor = current_actor()
        if not self.is_locked or actor is None or self.signed_out:
            return False
        try:
            accounts.unlock(actor, password)
        except InventoryError as exc:
            self._show_message(str(exc))
            return False
        self._uncover()
        return True

    def switch_user(self) -> bool:
        """Someone else signs in from the lock screen: the new account, its role, the same screen."""
        parent = self._covered[-1].dialog if self._covered else self.window
        new = ask_sign_in(parent, cancel_text=self.tr("Cancel"))
        if new is None:
            return False
        self.sign_in_as(new)
        return True

    def sign_in_as(self, actor: Actor) -> None:
        """`actor` signed in on the lock screen. The same person gets everything back; anyone else
        finds the previous user's dialogs closed unsaved, so nothing typed there is theirs."""
        closed = 0 if actor.name == self._owner else self._close_covered()
        set_current_actor(actor)
        self._uncover()
        self._owner = ""
        self.actor_changed.emit(closed)

    def _close_covered(self) -> int:
        """Reject every covered dialog, topmost first, still covered (its contents never shown
        again); the number closed."""
        covered, self._covered = self._covered, []  # no longer kept from closing
        closed = 0
        for entry in reversed(covered):
            dialog = entry.dialog
            if not _alive(dialog):
                continue
            if isinstance(dialog, QDialog):
                dialog.reject()
            else:
                dialog.close()
            closed += 1
        return closed

    def _show_message(self, text: str) -> None:
        screens = [self.screen, *(c.cover for c in self._covered)]
        focused = QApplication.focusWidget()
        target = next((s for s in screens if s.isAncestorOf(focused)), None) if focused else None
        for screen in screens:
            screen.message.setText(text)
            screen.message.show()
            screen.password.clear()
        (target or (self._covered[-1].cover if self._covered else self.screen)).password.setFocus()

    def _uncover(self) -> None:
        for covered in reversed(self._covered):
            dialog = covered.dialog
            if not _alive(dialog):
                continue
            covered.cover.hide()
            covered.cover.deleteLater()
            for child in covered.hidden:
                if _alive(child):
                    child.show()
            dialog.setWindowTitle(covered.title)
            minimum, maximum, size = covered.geometry
            if dialog.size() != size:
                dialog.setMinimumSize(minimum)
                dialog.setMaximumSize(maximum)
                dialog.resize(size)
            if _alive(covered.focus):
                covered.focus.setFocus()  # type: ignore[union-attr]
        self._covered = []
        QApplication.instance().removeEventFilter(self)
        self.window.menuBar().setEnabled(True)
        for action in self._disabled_actions:
            action.setEnabled(True)
        self._disabled_actions = []
        for bar in self._hidden_bars:
            bar.show()
        self._hidden_bars = []
        self.stack.setCurrentWidget(self.content)
        self.is_locked = False
        self.signed_out = False
        self.screen.password.clear()
        if _alive(self._focus) and self._focus.isVisible():  # type: ignore[union-attr]
            self._focus.setFocus()  # type: ignore[union-attr]
        self._focus = None
        self.unlocked.emit()
