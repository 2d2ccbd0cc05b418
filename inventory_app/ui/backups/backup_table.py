"""The backups offered for restore: when, what kind, items, last movement, size, any problem."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from inventory_app.core.backups.files import BACKUP_NAME, BackupInfo
from inventory_app.core.times import local_time
from inventory_app.ui.common import theme
from inventory_app.ui.common.tables import Column, Index, RowTableModel, optional_key


def _tr(text: str) -> str:
    return QCoreApplication.translate("BackupTableModel", text)


KIND_LABELS = {
    "manual": _tr("Backed up by hand"),
    "daily": _tr("Daily"),
    "exit": _tr("On closing"),
    "before-restore": _tr("Before a restore"),
    "file": _tr("To a file"),
}


def kind_label(info: BackupInfo) -> str:
    found = BACKUP_NAME.match(info.path.name)
    kind = (found.group("kind") if found else None) or ""
    return KIND_LABELS.get(kind, kind)


def taken(info: BackupInfo) -> str:
    return f"{info.taken_at:%Y-%m-%d %H:%M}" if info.taken_at else _tr("unknown")


def _last_movement(info: BackupInfo) -> str:
    if info.last_movement is None:
        return "" if info.problem else _tr("none")
    return f"{local_time(info.last_movement):%Y-%m-%d %H:%M}"


def _problem_or_note(info: BackupInfo) -> str:
    text = info.problem or info.note  # a note: a name dated after now, which the clean-up leaves alone
    return text[:1].upper() + text[1:]


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):,.1f} MB"
    return f"{max(1, round(size / 1024)):,} KB"


class BackupTableModel(RowTableModel[BackupInfo]):
    TAKEN, KIND, ITEMS, LAST, SIZE, PROBLEM = range(6)
    columns = (
        Column(_tr("Taken"), taken, lambda r: optional_key(r.taken_at)),
        Column(_tr("Kind"), kind_label, kind_label),
        Column(
            _tr("Items"),
            lambda r: "" if r.item_count is None else f"{r.item_count:,}",
            lambda r: optional_key(r.item_count),
            numeric=True,
        ),
        Column(
            _tr("Last movement"),
            _last_movement,
            lambda r: optional_key(r.last_movement),
            tooltip=_tr("The newest stock movement recorded in the backup"),
        ),
        Column(_tr("Size"), lambda r: size_text(r.size_bytes), lambda r: r.size_bytes, numeric=True),
        Column(_tr("Problem"), lambda r: _problem_or_note(r), lambda r: r.problem or r.note),
    )

    def row_id(self, row: BackupInfo) -> Any:
        return str(row.path)

    def extra_data(self, row: BackupInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole.value and row.problem:
            return theme.status_color("expired") if column == self.PROBLEM else None
        if role == Qt.ItemDataRole.ToolTipRole.value:
            said = row.problem or row.note
            return f"{row.path}\n{said}" if said else str(row.path)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
