"""Notice a restore made by another program (another window on the same file, the command
line): the window then reloads everything it shows and says what happened."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from inventory_app.core.backups import status as backup_status
from inventory_app.core.backups.status import Restored
from inventory_app.errors import InventoryError

log = logging.getLogger(__name__)

CHECK_MS = 5_000


class RestoreWatch(QObject):
    """Looks at the newest restore in the audit log every few seconds (one indexed read)."""

    restored_elsewhere = Signal(object)  # backup_status.Restored

    def __init__(self, parent: QObject | None = None, busy: Callable[[], bool] = lambda: False) -> None:
        """`busy()` is True while this window writes in the background: the check waits."""
        super().__init__(parent)
        self.busy = busy
        self.known: Restored | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.remember()
        self.timer.start()

    def remember(self) -> None:
        """Take the newest restore as known (at the start, and after this window's own restore)."""
        try:
            self.known = backup_status.latest_restore()
        except InventoryError:
            log.debug("restore watch: database not readable now", exc_info=True)

    def check(self) -> None:
        if self.busy():
            return  # (a restore of this window's own may be under way)
        try:
            latest = backup_status.latest_restore()
        except InventoryError:
            return  # an unreachable database is reported by whatever the user does next
        if latest is not None and latest != self.known:
            self.known = latest
            self.restored_elsewhere.emit(latest)
