"""Categories and storage locations, for the small managers on the Settings page.

Archived rows stay in the list when asked for (so they can be restored), drawn
muted and in italics so they never pass for active ones.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from inventory_app.core.types import NamedRow
from inventory_app.ui.common.tables import Column, RowTableModel, optional_key


def _tr(text: str) -> str:
    return QCoreApplication.translate("NamedTableModel", text)


def muted_color() -> QColor:
    """The palette's disabled text colour: readable in light and dark mode."""
    app = QApplication.instance()
    palette = app.palette() if isinstance(app, QApplication) else QPalette()
    return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)


def archived_data(active: bool, role: int, tooltip: str) -> Any:
    """Foreground, font and tooltip that mark an archived row; None for active rows."""
    if active:
        return None
    if role == Qt.ItemDataRole.ForegroundRole:
        return muted_color()
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setItalic(True)
        return font
    if role == Qt.ItemDataRole.ToolTipRole:
        return tooltip
    return None


def _days(row: NamedRow) -> str:
    if row.expiry_warning_days is None:
        return _tr("office default")
    return _tr("{n} days").format(n=row.expiry_warning_days)


def _name(row: NamedRow) -> str:
    return row.name if row.active else _tr("{name} (archived)").format(name=row.name)


_NAME = Column(_tr("Name"), _name, lambda r: r.name.casefold())
_ITEMS = Column(
    _tr("Items"),
    lambda r: str(r.item_count),
    lambda r: r.item_count,
    numeric=True,
    tooltip=_tr("Active items that use it"),
)


class NamedTableModel(RowTableModel[NamedRow]):
    """Storage locations (and the base of categories): name and how many items use it."""

    NAME, ITEMS = range(2)
    columns = (_NAME, _ITEMS)

    def extra_data(self, row: NamedRow, column: int, role: int) -> Any:
        return archived_data(
            row.active, role, _tr("Archived: not offered for items; restore to use it again")
        )


class CategoryTableModel(NamedTableModel):
    """Categories, with their own expiry warning window where one is set."""

    NAME, WARNING, ITEMS = range(3)  # type: ignore[assignment]
    columns = (
        _NAME,
        Column(
            _tr("Expiry warning"),
            _days,
            lambda r: optional_key(r.expiry_warning_days),
            numeric=True,
            tooltip=_tr("How long before expiry lots of this category count as expiring"),
        ),
        _ITEMS,
    )

    def extra_data(self, row: NamedRow, column: int, role: int) -> Any:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == self.WARNING
            and row.expiry_warning_days is None
            and row.active
        ):
            return muted_color()
        return super().extra_data(row, column, role)
