"""The reorder list: low items grouped by supplier, each with a check box and a quantity.

One flat table: a header row per supplier (spanning the table in the view)
followed by its lines. What the user changes (checked, quantity in purchase
units) lives here, keyed by item, and survives a reload as long as the item is
still suggested; the suggestions themselves are frozen core rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from inventory_app.core.purchasing.types import ReorderGroup, ReorderLine, ReorderState
from inventory_app.core.stock.use_rate import USE_WEEKS, per_week_text
from inventory_app.core.types import Status, stock_status
from inventory_app.core.wording import counted, money_text
from inventory_app.ui.common import theme
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.plain_text import tooltip
from inventory_app.ui.common.tables import LEFT, RIGHT
from inventory_app.ui.purchasing.reorder_choices import ReorderChoices

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_CHECK = Qt.ItemDataRole.CheckStateRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReorderTableModel", text)


@dataclass(frozen=True, slots=True)
class GroupRow:
    """The header row of one supplier's lines."""

    supplier_id: int | None
    supplier: str
    item_ids: tuple[int, ...]


def _pack_text(line: ReorderLine) -> str:
    if line.units_per_purchase_unit > 1:
        return f"{line.purchase_unit} of {counted(line.units_per_purchase_unit, line.unit)}"
    return line.purchase_unit


def short_reason(line: ReorderLine) -> str:
    """The reasoning from "need …" on (par, on hand and on order have their own columns);
    for a line already covered, just what covers it."""
    if line.state is not ReorderState.SUGGEST:
        return line.reason.rpartition(" → ")[2]
    _, arrow, rest = line.reason.partition(" → ")
    return rest if arrow else line.reason


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


class ReorderTableModel(QAbstractTableModel):
    ITEM, NAME, ON_HAND, ON_ORDER, REORDER, PAR, ORDER, PACK, TOTAL, USE, WHY = range(11)
    HEADERS = (
        (_tr("SKU"), _tr("Check the lines to order")),
        (_tr("Item"), ""),
        (_tr("On hand"), _tr("Usable stock in units of issue")),
        (_tr("On order"), _tr("Units of issue that open orders (and drafts) will still bring")),
        (_tr("Reorder at"), _tr("Reorder point: at or below this the item needs reordering")),
        (_tr("Par"), _tr("Par level: the level to order up to")),
        (_tr("Order"), _tr("How many purchase units to order (double-click or F2 to change)")),
        (_tr("Purchase unit"), _tr("What the supplier sells")),
        (_tr("Line total"), ""),
        (
            _tr("Use/wk · left"),
            _tr("Average use per week over the last {n} weeks · weeks of supply left at that rate").format(
                n=USE_WEEKS
            ),
        ),
        (
            _tr("Why"),
            _tr("How the suggested quantity was worked out (the whole reasoning is below the table)"),
        ),
    )
    NUMERIC = frozenset({ON_HAND, ON_ORDER, REORDER, PAR, ORDER, TOTAL, USE})

    # Emitted when a check box or a quantity changes (not on reload).
    choice_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[GroupRow | ReorderLine] = []
        self.choices = ReorderChoices()
        self.currency = "$"
        self._load_theme()

    # ---------------------------------------------------------------- data in

    def set_groups(self, groups: Sequence[ReorderGroup], currency: str = "$") -> None:
        """Show `groups`, keeping the user's choices for lines whose suggestion is unchanged."""
        self.beginResetModel()
        self.currency = currency
        self._load_theme()
        self.choices.load(groups)
        self._rows = []
        for group in groups:
            self._rows.append(
                GroupRow(group.supplier_id, group.supplier, tuple(x.item_id for x in group.lines))
            )
            self._rows.extend(group.lines)
        self.endResetModel()

    def _load_theme(self) -> None:
        palette = QApplication.palette() if QApplication.instance() else QPalette()
        highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(45)
        self._group_background = highlight
        self._muted = palette.color(QPalette.ColorRole.PlaceholderText)
        self._fg = {s: theme.status_color(s) for s in Status}
        self._icons = {s: icon(theme.STATUS_ICONS[s], self._fg[s]) for s in Status}
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    # ---------------------------------------------------------------- reading

    def row_at(self, row: int) -> GroupRow | ReorderLine | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def line_at(self, row: int) -> ReorderLine | None:
        entry = self.row_at(row)
        return entry if isinstance(entry, ReorderLine) else None

    def group_rows(self) -> list[int]:
        return [i for i, entry in enumerate(self._rows) if isinstance(entry, GroupRow)]

    def position_of(self, item_id: int) -> int:
        for position, entry in enumerate(self._rows):
            if isinstance(entry, ReorderLine) and entry.item_id == item_id:
                return position
        return -1

    def lines(self) -> list[ReorderLine]:
        return list(self.choices.lines.values())

    def is_checked(self, item_id: int) -> bool:
        return self.choices.is_checked(item_id)

    def quantity(self, item_id: int) -> int:
        return self.choices.quantity(item_id)

    def to_order_count(self) -> int:
        return self.choices.to_order_count()

    def selections(self) -> list[tuple[int, int]]:
        return self.choices.selections()

    def checked_summary(self) -> tuple[int, int, Decimal]:
        return self.choices.summary()

    def money(self, value: Decimal) -> str:
        return money_text(value, self.currency)

    # ---------------------------------------------------------------- changing

    def set_checked(self, item_id: int, checked: bool) -> bool:
        return self._changed(self.choices.set_checked(item_id, checked))

    def set_quantity(self, item_id: int, quantity: int) -> bool:
        return self._changed(self.choices.set_quantity(item_id, quantity))

    def check_all(self, checked: bool, suggested_only: bool = True) -> None:
        self._changed(bool(self.choices.check_all(checked, suggested_only)))

    def _changed(self, changed: bool) -> bool:
        """Repaint after a change of choices (few rows: all of them, headers included)."""
        if changed and self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.HEADERS) - 1))
            self.choice_changed.emit()
        return changed

    # ---------------------------------------------------------------- Qt model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == _DISPLAY:
            return self.HEADERS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADERS[section][1] or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if section in self.NUMERIC else LEFT)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        entry = self._rows[index.row()]
        column = index.column()
        if isinstance(entry, GroupRow):
            if column == self.ITEM and entry.supplier_id is not None:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            return flags
        if column == self.ITEM and entry.supplier_id is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if column == self.ORDER:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if isinstance(entry, GroupRow):
            value = self._group_data(entry, index.column(), role)
        else:
            value = self._line_data(entry, index.column(), role)
        # Tooltips quote names and pack sizes: shown literally, never as HTML.
        return tooltip(value) if role == _TOOLTIP and isinstance(value, str) else value

    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        if not index.isValid():
            return False
        entry = self._rows[index.row()]
        column = index.column()
        if role == _CHECK and column == self.ITEM:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            if isinstance(entry, GroupRow):
                return self._check_group(entry, checked)
            return self.set_checked(entry.item_id, checked)
        if role == _EDIT and column == self.ORDER and isinstance(entry, ReorderLine):
            try:
                quantity = int(value)
            except (TypeError, ValueError):
                return False
            return self.set_quantity(entry.item_id, quantity)
        return False

    def _check_group(self, group: GroupRow, checked: bool) -> bool:
        return self._changed(bool(self.choices.set_many(group.item_ids, checked)))

    # ---------------------------------------------------------------- cells

    def _group_state(self, group: GroupRow) -> Qt.CheckState:
        checked = sum(1 for i in group.item_ids if self.choices.is_checked(i))
        if checked == 0:
            return Qt.CheckState.Unchecked
        if checked == len(group.item_ids):
            return Qt.CheckState.Checked
        return Qt.CheckState.PartiallyChecked

    def group_text(self, group: GroupRow) -> str:
        lines = [self.choices.lines[i] for i in group.item_ids]
        if group.supplier_id is None:
            if len(lines) == 1:
                return _tr("{name} — 1 item: assign a supplier to order it").format(name=group.supplier)
            return _tr("{name} — {n} items: assign a supplier to order them").format(
                name=group.supplier, n=len(lines)
            )
        chosen = [
            line
            for line in lines
            if self.choices.is_checked(line.item_id) and self.choices.quantity(line.item_id)
        ]
        total = sum((self.choices.line_total(line) for line in chosen), Decimal("0.00"))
        suggested = sum(1 for line in lines if line.state is ReorderState.SUGGEST)
        parts = []
        if suggested:
            parts.append(_tr("{n} to order").format(n=suggested))
        covered = len(lines) - suggested
        if covered:
            parts.append(_tr("{n} already on an order").format(n=covered))
        if chosen:
            parts.append(_tr("{n} checked: {total}").format(n=len(chosen), total=self.money(total)))
        return f"{group.supplier} — " + " · ".join(parts)

    def _group_data(self, group: GroupRow, column: int, role: int) -> Any:
        if role == _DISPLAY:
            return self.group_text(group) if column == self.ITEM else None
        if role == _CHECK and column == self.ITEM and group.supplier_id is not None:
            return self._group_state(group)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._group_background
        if role == Qt.ItemDataRole.DecorationRole and column == self.ITEM and group.supplier_id is None:
            return self._icons[Status.LOW]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.ITEM:
            if group.supplier_id is None:
                return _tr("These items have no supplier. Select one and use “Assign supplier…”.")
            return _tr("Check or uncheck every line of {name}").format(name=group.supplier)
        return None

    def _state_word(self, line: ReorderLine) -> str:
        if line.supplier_id is None:
            return _tr("no supplier")
        return {
            ReorderState.SUGGEST: "",
            ReorderState.ON_ORDER: _tr("on order"),
            ReorderState.IN_DRAFT: _tr("in draft"),
            ReorderState.NO_TARGET: _tr("no target"),
        }[line.state]

    def _line_text(self, line: ReorderLine, column: int) -> str:
        quantity = self.choices.quantity(line.item_id)
        checked = self.choices.is_checked(line.item_id)
        if column == self.ITEM:
            return line.sku
        if column == self.NAME:
            return line.name
        if column == self.ON_HAND:
            return str(line.on_hand)
        if column == self.ON_ORDER:
            coming = line.on_order + line.in_draft
            return str(coming) if coming else ""
        if column == self.REORDER:
            return str(line.reorder_point)
        if column == self.PAR:
            return _number(line.par_level)
        if column == self.ORDER:
            if not checked and line.state is not ReorderState.SUGGEST:
                return "—"
            return str(quantity)
        if column == self.PACK:
            return _pack_text(line)
        if column == self.TOTAL:
            return self.money(self.choices.line_total(line)) if quantity and line.unit_cost else ""
        if column == self.USE:
            if line.weekly_use is None:
                return ""
            if line.weeks_left is None:
                return f"{line.weekly_use:.1f}"
            return _tr("{use:.1f} · {left:.1f} wk").format(use=line.weekly_use, left=line.weeks_left)
        if column == self.WHY:
            return short_reason(line)
        return ""

    def _line_data(self, line: ReorderLine, column: int, role: int) -> Any:
        if role == _DISPLAY:
            return self._line_text(line, column)
        if role == _EDIT:
            return (
                self.choices.quantity(line.item_id) if column == self.ORDER else self._line_text(line, column)
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if column in self.NUMERIC else LEFT)
        if role == _CHECK and column == self.ITEM:
            return Qt.CheckState.Checked if self.choices.is_checked(line.item_id) else Qt.CheckState.Unchecked
        status = stock_status(line.on_hand, line.reorder_point)
        if role == Qt.ItemDataRole.DecorationRole and column == self.NAME:
            return self._icons[status]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.ON_HAND:
                return self._fg[status]
            if line.state is not ReorderState.SUGGEST or line.supplier_id is None:
                return self._muted
            return None
        if role == Qt.ItemDataRole.FontRole:
            if column == self.WHY and line.state is not ReorderState.SUGGEST:
                return self._italic
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line, column, status)
        return None

    def _tooltip(self, line: ReorderLine, column: int, status: Status) -> str | None:
        if column == self.ITEM and line.supplier_id is None:
            return _tr("No supplier: assign one before ordering {sku}.").format(sku=line.sku)
        if column == self.NAME:
            word = theme.STATUS_WORDS[status]
            on_hand = counted(line.on_hand, line.unit)
            return f"{line.name}\n{word}: {on_hand} on hand, reorder at {line.reorder_point}"
        if column == self.ON_ORDER and (line.on_order or line.in_draft):
            return _tr("{o} on open orders, {d} on draft orders ({unit})").format(
                o=line.on_order, d=line.in_draft, unit=line.unit
            )
        if column == self.WHY:
            return line.reason
        if column == self.USE and line.weekly_use is not None:
            text = _tr("Uses {use} per week, last {n} weeks").format(
                use=per_week_text(line.weekly_use, line.unit), n=USE_WEEKS
            )
            if line.weeks_left is not None:
                text += _tr("; {left:.1f} weeks of supply left").format(left=line.weeks_left)
            return text
        if column == self.ORDER and line.state is not ReorderState.SUGGEST:
            return _tr("{state}: nothing more is suggested. Check the line to order more anyway.").format(
                state=self._state_word(line).capitalize()
            )
        if column == self.ORDER:
            return _tr("Suggested: {n} × {pack}").format(
                n=line.suggested_purchase_units, pack=_pack_text(line)
            )
        return None
