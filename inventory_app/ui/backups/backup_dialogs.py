"""File ▸ Back up now and Restore from backup…, and the automatic backups.

Backing up runs in the background (the SQLite online backup API copies the
open database safely) and the status bar says where the file went. Restore is
for administrators: a list of the backups, newest first, with what each holds;
it asks before replacing anything and says a safety copy of the current state
is saved first. After a restore every page reloads from the restored database.
Automatic backups: the first start of a day (in the background, once the
window shows) and on closing (quick; a failure is logged, never blocks the
exit). On PostgreSQL both actions explain the server's own tools instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.accounts.roles import require_admin
from inventory_app.core.backups import backup as backups
from inventory_app.core.backups import status as backup_status
from inventory_app.core.backups.files import BackupInfo
from inventory_app.core.backups.status import Restored
from inventory_app.core.changes import Changes
from inventory_app.core.times import local_time
from inventory_app.errors import InventoryError, PermissionDenied
from inventory_app.ui.backups.backup_table import BackupTableModel, taken
from inventory_app.ui.backups.restore_watch import RestoreWatch
from inventory_app.ui.common import prompts
from inventory_app.ui.common.background_task import BackgroundTask
from inventory_app.ui.common.plain_text import tooltip
from inventory_app.ui.common.table_selection import on_selection_changed, selected_row
from inventory_app.ui.events import AppEvents
from inventory_app.ui.operations import Operation

log = logging.getLogger(__name__)


class RestoreDialog(QDialog):
    """The backups in the backup folder; Restore… replaces the database with the chosen one."""

    def __init__(self, parent: QWidget | None = None, events: AppEvents | None = None) -> None:
        super().__init__(parent)
        self.events = events if events is not None else AppEvents()  # (alone: nobody to tell)
        self.setWindowTitle(self.tr("Restore from backup"))
        self.safety_copy: Path | None = None
        self.restored: BackupInfo | None = None
        self._sign_in_off_confirmed = False
        self.folder = backups.backup_folder()

        intro = QLabel()
        intro.setTextFormat(Qt.TextFormat.PlainText)  # the folder is shown as it is named
        intro.setText(
            self.tr(
                "Backups in {folder}, newest first. Restoring puts the whole inventory back as it was "
                "when the backup was taken; a safety copy of the current state is saved first."
            ).format(folder=self.folder)
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = BackupTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.empty_label = QLabel(self.tr("There are no backups in this folder yet. Use File ▸ Back up now."))
        self.empty_label.setWordWrap(True)

        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(self.tr("&Restore…"))
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAutoDefault(False)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(buttons)
        self.resize(820, 420)
        on_selection_changed(self.table, self._selection_changed)
        self.load()

    def load(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            rows = backups.list_backups(self.folder)
        finally:
            QApplication.restoreOverrideCursor()
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        for col in range(self.model.columnCount() - 1):
            self.table.setColumnWidth(col, self.table.columnWidth(col) + 18)
        self.empty_label.setVisible(not rows)
        # A backup named with a time after now sorts first but is rarely the one wanted.
        good = [i for i, r in enumerate(rows) if r.ok]
        first_good = next((i for i in good if not rows[i].note), good[0] if good else -1)
        if first_good >= 0:
            self.table.selectRow(first_good)
        self._selection_changed()

    def selected(self) -> BackupInfo | None:
        return selected_row(self.table, self.model)

    def _selection_changed(self, *_args: object) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and info.ok)
        if info is not None and not info.ok:
            self.restore_button.setToolTip(tooltip(info.problem))
        else:
            self.restore_button.setToolTip("")

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None or not info.ok:
            return
        items = "" if info.item_count is None else self.tr(" ({n} items)").format(n=f"{info.item_count:,}")
        text = self.tr(
            "Restore the backup taken {when}{items}?\n\n"
            "The inventory goes back to how it was then: everything recorded after that is replaced. "
            "A safety copy of the current state is saved first, so you can go back to it."
        ).format(when=taken(info), items=items)
        if not prompts.confirm(self, self.tr("Restore from backup"), text, yes=self.tr("Restore")):
            return
        self._restore(info, allow_no_accounts=False)

    def _restore(self, info: BackupInfo, *, allow_no_accounts: bool) -> None:
        """Restore `info` in the background; the dialog closes when it is done. A backup without
        accounts asks first whether sign-in may be turned off; other refusals are said."""

        def restored(safety: Path) -> None:
            self.safety_copy = safety
            self.restored = info
            self.accept()

        def refused(exc: InventoryError) -> None:
            if isinstance(exc, backups.NoAccountsInBackup) and not allow_no_accounts:
                text = self.tr(
                    "This backup has no user accounts. After restoring it, sign-in is off: the program "
                    "opens without a password and anyone can make themselves administrator.\n\n"
                    "Restore it anyway, with sign-in off?"
                )
                if prompts.confirm(
                    self, self.tr("Restore without accounts"), text, yes=self.tr("Restore with sign-in off")
                ):
                    self._restore(info, allow_no_accounts=True)
                return
            prompts.error(self, self.tr("Not restored"), str(exc))

        Operation(
            self, self.events, lambda: backups.restore(info.path, allow_no_accounts=allow_no_accounts)
        ).success(restored).failure(refused).run_in_background(
            self.tr("Restoring the backup taken {when}…").format(when=taken(info))
        )


class BackupActions(QObject):
    """The two File menu actions and the automatic backups, for the main window."""

    backed_up = Signal(str)  # path written
    restored = Signal(str)  # the safety copy of the state before

    def __init__(
        self, window: QMainWindow, events: AppEvents, reload_hidden_pages: Callable[[], None]
    ) -> None:
        super().__init__(window)
        self.window = window
        self.events = events
        self.reload_hidden_pages = reload_hidden_pages
        self.automatic = False
        self.backup_action = QAction(self.tr("&Back up now"), window)
        self.backup_action.setStatusTip(self.tr("Save a copy of the whole inventory in the backups folder"))
        self.backup_action.triggered.connect(self.backup_now)
        self.restore_action = QAction(self.tr("&Restore from backup…"), window)
        self.restore_action.setStatusTip(
            self.tr("Put the inventory back as it was in a backup (administrators)")
        )
        self.restore_action.triggered.connect(self.restore)
        self.task = BackgroundTask(self)
        self.task.running_changed.connect(lambda running: self.backup_action.setEnabled(not running))
        self.watch = RestoreWatch(self, busy=lambda: events.write_in_progress is not None)
        self.watch.restored_elsewhere.connect(self._restored_elsewhere)

    # ---------------------------------------------------------------- by hand

    def _explain_postgres(self, restoring: bool) -> bool:
        """On PostgreSQL: say which server tool to use (the command can be copied); True when shown."""
        problem = backup_status.unsupported(restoring)
        if problem is None:
            return False
        title = self.tr("Restore from backup") if restoring else self.tr("Back up")
        prompts.inform_selectable(self.window, title, str(problem))
        return True

    def backup_now(self) -> None:
        if self.task.running or self._explain_postgres(restoring=False):
            return
        self.events.status_message.emit(self.tr("Backing up…"))

        def done(path: object) -> None:
            self.events.status_message.emit(self.tr("Backup saved: {path}").format(path=path))
            self.backed_up.emit(str(path))

        def failed(exc: BaseException) -> None:
            message = str(exc) if isinstance(exc, InventoryError) else self._unexpected(exc)
            self.events.status_message.emit(self.tr("No backup was made."))
            prompts.error(self.window, self.tr("Backup not made"), message)

        self.task.start(lambda _progress, _cancelled: backups.backup_now(), done, failed)

    def restore(self) -> None:
        if self.task.running or self._explain_postgres(restoring=True):
            return
        try:
            require_admin("restore a backup")
        except PermissionDenied as exc:
            prompts.error(self.window, self.tr("Restore from backup"), str(exc))
            return
        dialog = RestoreDialog(self.window, self.events)
        dialog.exec()
        if dialog.safety_copy is None or dialog.restored is None:
            return
        self.watch.remember()  # our own restore: nothing to tell
        self.reload_hidden_pages()  # (the window and the page on screen were told by the restore)
        self.events.status_message.emit(
            self.tr(
                "Restored the backup taken {when}. The inventory as it was before is saved as {path}"
            ).format(when=taken(dialog.restored), path=dialog.safety_copy)
        )
        self.restored.emit(str(dialog.safety_copy))

    def _reload(self) -> None:
        """Every page shows the database anew (after a restore in another program)."""
        self.events.changed.emit(Changes.everything(), None)
        self.reload_hidden_pages()

    def _restored_elsewhere(self, restored: Restored) -> None:
        """Another program restored a backup into this database: reload, and say so."""
        self._reload()
        when = f"{local_time(restored.at):%H:%M}"
        self.events.status_message.emit(
            self.tr("The inventory was restored from a backup at {when}.").format(when=when)
        )
        prompts.inform(
            self.window,
            self.tr("Restored from a backup"),
            self.tr(
                "At {when} {user} restored the inventory from the backup {backup} (in another "
                "window or on the command line). Everything on screen now shows the restored "
                "records. What was saved before the restore is kept in a copy in the backups folder."
            ).format(when=when, user=restored.user or self.tr("someone"), backup=Path(restored.backup).name),
        )

    def _unexpected(self, exc: BaseException) -> str:
        log.error("backup failed", exc_info=exc)
        return self.tr("The backup could not be written ({kind}: {text}).").format(
            kind=type(exc).__name__, text=exc
        )

    # ---------------------------------------------------------------- automatic

    def start_automatic(self) -> None:
        """Turn on the automatic backups (called once the window shows): one now in the
        background if none was taken today, and one each time the window closes."""
        self.automatic = True
        self.backup_if_due()
        if backup_status.supported():
            self.watch.start()

    def backup_if_due(self) -> None:
        if self.task.running:
            return

        def done(path: object) -> None:
            if path is not None:
                self.events.status_message.emit(self.tr("Daily backup saved: {path}").format(path=path))
                self.backed_up.emit(str(path))

        def failed(exc: BaseException) -> None:
            log.warning("daily backup not made: %s", exc, exc_info=not isinstance(exc, InventoryError))
            self.events.status_message.emit(self.tr("The daily backup was not made: {text}").format(text=exc))

        self.task.start(lambda _progress, _cancelled: backups.backup_if_due(), done, failed)

    def backup_on_exit(self) -> Path | None:
        """A quick backup as the window closes; failures are logged, never shown or raised."""
        if not self.automatic:
            return None
        try:
            if not backup_status.supported():
                return None
            return backups.backup_now(kind="exit")
        except Exception:  # closing must never fail over a backup
            log.exception("backup on closing not made")
            return None
