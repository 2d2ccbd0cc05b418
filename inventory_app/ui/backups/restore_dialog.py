"""Restore from backup…: the backups in the backup folder, newest first, with what each holds;
it asks before replacing anything, says a safety copy of the current state is saved first, and
restores in the background (administrators only; File ▸ Restore from backup… opens it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.backups import backup as backups
from inventory_app.core.backups.files import BackupInfo
from inventory_app.errors import InventoryError
from inventory_app.ui.backups.backup_table import BackupTableModel, taken
from inventory_app.ui.common import prompts
from inventory_app.ui.common.plain_text import tooltip
from inventory_app.ui.common.table_selection import on_selection_changed, selected_row
from inventory_app.ui.events import AppEvents
from inventory_app.ui.operations import Operation


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
