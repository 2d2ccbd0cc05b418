"""The audit log table: read-only, newest first, times on this computer's clock."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from inventory_app.core.accounts.audit import AuditRow
from inventory_app.core.accounts.audit_query import local_when
from inventory_app.ui.common.tables import Column, Index, RowTableModel, text_key


def _tr(text: str) -> str:
    return QCoreApplication.translate("AuditTableModel", text)


def _when(row: AuditRow) -> str:
    return local_when(row).strftime("%Y-%m-%d %H:%M:%S")


class AuditTableModel(RowTableModel[AuditRow]):
    """No cell can be edited: `flags` never includes ItemIsEditable and there is no setData."""

    WHEN, WHO, WHAT, OBJECT, DETAILS = range(5)
    columns = (
        Column(_tr("When"), _when, lambda r: r.id, tooltip=_tr("Local time on this computer")),
        Column(_tr("Who"), lambda r: r.user, lambda r: text_key(r.user)),
        Column(_tr("What"), lambda r: r.action_label, lambda r: text_key(r.action_label)),
        Column(_tr("Object"), lambda r: r.object, lambda r: text_key(r.object)),
        Column(_tr("Details"), lambda r: r.detail.replace("\n", " "), lambda r: text_key(r.detail)),
    )

    def extra_data(self, row: AuditRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole.value and column == self.DETAILS and len(row.detail) > 60:
            return row.detail
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
