"""The side bar: one entry per page, each saying what needs attention there
("Inventory · 11 low · 4 out", "Reorder · 9 to order", "Orders · 2 overdue")."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from inventory_app.core.types import AttentionCounts, OrderStatus, Status
from inventory_app.core.wording import counted
from inventory_app.ui.common import theme
from inventory_app.ui.common.icons import icon

(
    NAV_INVENTORY,
    NAV_EXPIRING,
    NAV_REORDER,
    NAV_ORDERS,
    NAV_SUPPLIERS,
    NAV_COUNTS,
    NAV_REPORTS,
    NAV_SETTINGS,
    NAV_AUDIT,
    NAV_USERS,
) = range(10)


class SideBar(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reorder_count = 0
        self.order_counts = (0, 0, 0)  # overdue, waiting for delivery, drafts
        self.setIconSize(QSize(22, 22))
        self.setSpacing(2)
        self.setMinimumWidth(190)
        self.setMaximumWidth(260)
        for name, icon_name in (
            (self.tr("Inventory"), "inventory"),
            (self.tr("Expiring"), "expiring"),
            (self.tr("Reorder"), "low"),
            (self.tr("Orders"), "orders"),
            (self.tr("Suppliers"), "suppliers"),
            (self.tr("Counts"), "adjust"),
            (self.tr("Reports"), "reports"),
            (self.tr("Settings"), "settings"),
            (self.tr("Audit log"), "audit"),
            (self.tr("Users"), "users"),
        ):
            entry = QListWidgetItem(icon(icon_name), name)
            entry.setSizeHint(QSize(180, 48))
            self.addItem(entry)

    def show_counts(self, c: AttentionCounts, reorder_counts: tuple[int, int, int]) -> None:
        """Stock counts on Inventory and Expiring, then the order counts."""
        parts = []
        if c.low:
            parts.append(self.tr("{n} low").format(n=c.low))
        if c.out:
            parts.append(self.tr("{n} out").format(n=c.out))
        inventory = self.tr("Inventory")
        if not c.items:
            summary = self.tr("no items yet")
        else:
            summary = " · ".join(parts) if parts else self.tr("all stocked")
        self.item(NAV_INVENTORY).setText(f"{inventory}\n{summary}")
        expiring = []
        if c.expiring:
            expiring.append(self.tr("{n} soon").format(n=counted(c.expiring, self.tr("lot"))))
        if c.expired:
            expiring.append(self.tr("{n} expired").format(n=c.expired))
        label = self.tr("Expiring")
        self.item(NAV_EXPIRING).setText(f"{label}\n{' · '.join(expiring)}" if expiring else label)
        self.item(NAV_INVENTORY).setToolTip(
            self.tr("{i} items: {l} low, {o} out of stock").format(i=c.items, l=c.low, o=c.out)
        )
        self.show_order_counts(reorder_counts)

    def show_order_counts(self, reorder_counts: tuple[int, int, int]) -> None:
        """`reorder_counts`: (to order, covered only by drafts, low in all), from the core."""
        to_order, in_draft, low = reorder_counts
        self.reorder_count = to_order
        if to_order:
            summary = self.tr("{n} to order").format(n=to_order)
        elif in_draft:
            summary = self.tr("{n} in draft orders").format(n=in_draft)
        elif low:
            summary = self.tr("all on order")
        else:
            summary = self.tr("nothing to order")
        self.item(NAV_REORDER).setText(f"{self.tr('Reorder')}\n{summary}")
        self.item(NAV_REORDER).setToolTip(
            self.tr("{n} items need ordering; {m} low items in all").format(n=to_order, m=low)
        )
        from inventory_app.core.purchasing import orders as purchasing  # (after the first paint)

        orders = purchasing.list_orders()
        overdue = sum(1 for o in orders if o.overdue)
        drafts = sum(1 for o in orders if o.status is OrderStatus.DRAFT)
        waiting = sum(1 for o in orders if o.status in (OrderStatus.ORDERED, OrderStatus.PARTIAL))
        self.order_counts = (overdue, waiting, drafts)
        # What needs doing first (chase, send); "open" only when there is nothing else to say.
        parts = []
        if overdue:
            parts.append(self.tr("{n} overdue").format(n=overdue))
        if drafts:
            parts.append(self.tr("{n} drafts").format(n=drafts) if drafts > 1 else self.tr("1 draft"))
        if waiting and not parts:
            parts.append(self.tr("{n} open").format(n=waiting))
        label = self.tr("Orders")
        entry = self.item(NAV_ORDERS)
        entry.setText(f"{label}\n{' · '.join(parts)}" if parts else label)
        entry.setIcon(icon("orders", theme.status_color(Status.OUT)) if overdue else icon("orders"))
        entry.setToolTip(
            self.tr("{o} overdue, {w} waiting for delivery, {d} drafts").format(
                o=overdue, w=waiting, d=drafts
            )
        )
