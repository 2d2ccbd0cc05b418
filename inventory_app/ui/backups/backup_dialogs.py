"""File ▸ Back up now and Restore from backup…, and the automatic backups.

Backing up runs in the background (the SQLite online backup API copies the
open database safely) and the status bar says where the file went. Restore (restore_dialog) is
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

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QMainWindow,
)

from inventory_app.core.accounts.roles import require_admin
from inventory_app.core.backups import status as backup_status
from inventory_app.core.backups.status import Restored
from inventory_app.core.changes import Changes
from inventory_app.core.times import local_time
from inventory_app.errors import InventoryError, PermissionDenied
from inventory_app.ui.backups.backup_table import taken
from inventory_app.ui.backups.restore_watch import RestoreWatch
from inventory_app.ui.common import prompts
from inventory_app.ui.common.background_task import BackgroundTask
from inventory_app.ui.events import AppEvents

log = logging.getLogger(__name__)


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

        from inventory_app.core.backups import backup as backups

        self.task.start(lambda _progress, _cancelled: backups.backup_now(), done, failed)

    def restore(self) -> None:
        if self.task.running or self._explain_postgres(restoring=True):
            return
        try:
            require_admin("restore a backup")
        except PermissionDenied as exc:
            prompts.error(self.window, self.tr("Restore from backup"), str(exc))
            return
        from inventory_app.ui.backups.restore_dialog import RestoreDialog  # (loaded when asked for)

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

        from inventory_app.core.backups import backup as backups

        self.task.start(lambda _progress, _cancelled: backups.backup_if_due(), done, failed)

    def backup_on_exit(self) -> Path | None:
        """A quick backup as the window closes; failures are logged, never shown or raised."""
        if not self.automatic:
            return None
        try:
            if not backup_status.supported():
                return None
            from inventory_app.core.backups import backup as backups

            return backups.backup_now(kind="exit")
        except Exception:  # closing must never fail over a backup
            log.exception("backup on closing not made")
            return None
