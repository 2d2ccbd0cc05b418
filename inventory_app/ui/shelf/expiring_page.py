"""The Expiring page: lots to use first or throw out, disposal, the waste log, lot recalls.

The list comes from `core.shelf.expiry.expiring_lots` (each lot within its own
warning window, and the expired ones), soonest first. Disposing asks first
and writes through `core.shelf.expiry`; the waste log is written in the background.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal
from html import escape

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.users import shown_user
from inventory_app.core.changes import Changes
from inventory_app.core.settings import office_settings
from inventory_app.core.shelf import expiry
from inventory_app.core.shelf.types import ExpiringLot, LotTrace
from inventory_app.core.wording import counted, money_text
from inventory_app.errors import InventoryError
from inventory_app.ui.common import prompts
from inventory_app.ui.common.background_save import PDF_FILTER, XLSX_FILTER, BackgroundSaver, ask_path
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.table_selection import on_selection_changed, selected_row
from inventory_app.ui.events import AppEvents
from inventory_app.ui.operations import Operation
from inventory_app.ui.shelf.expiring_table import ExpiringTableModel


class ExpiringPage(QWidget):
    SHOWS = ("items", "catalog", "settings")  # lots, their items, the warning window (core.changes)

    def __init__(self, events: AppEvents, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.settings = settings
        self.saver = BackgroundSaver(self, events)
        self.currency = "$"

        title = QLabel(f"<h2>{self.tr('Expiring and expired lots')}</h2>")
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.dispose_button = QPushButton(icon("dispose"), self.tr("Dispose of expired lot"))
        self.dispose_button.setToolTip(self.tr("Throw away what is left of the selected expired lot"))
        self.dispose_button.clicked.connect(self.dispose_selected)
        self.dispose_all_button = QPushButton(self.tr("Dispose of all expired…"))
        self.dispose_all_button.clicked.connect(self.dispose_all)
        self.waste_log_button = QPushButton(self.tr("Save waste log…"))
        self.waste_log_button.setToolTip(self.tr("The expiry & waste log as a PDF or .xlsx"))
        self.waste_log_button.clicked.connect(self.save_waste_log)
        self.saver.running_changed.connect(lambda running: self.waste_log_button.setEnabled(not running))
        self.print_waste_log_button = QPushButton(self.tr("Print waste log…"))
        self.print_waste_log_button.setToolTip(
            self.tr("Print the expiry & waste log on a printer you choose (Ctrl+P)")
        )
        self.print_waste_log_button.clicked.connect(self.print_waste_log)
        self.saver.running_changed.connect(
            lambda running: self.print_waste_log_button.setEnabled(not running)
        )
        print_shortcut = QAction(self.tr("Print the waste log"), self)
        print_shortcut.setShortcut(QKeySequence.StandardKey.Print)
        print_shortcut.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        print_shortcut.triggered.connect(self.print_waste_log)
        self.addAction(print_shortcut)
        buttons = QHBoxLayout()
        for button in (self.dispose_button, self.dispose_all_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.waste_log_button)
        buttons.addWidget(self.print_waste_log_button)

        self.model = ExpiringTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        on_selection_changed(self.table, self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.trace_selected())

        # Recalls: where a lot came from and what is left of it.
        self.lot_search = QLineEdit()
        self.lot_search.setPlaceholderText(self.tr("Lot number, for a recall"))
        self.lot_search.setClearButtonEnabled(True)
        self.lot_search.returnPressed.connect(self.trace)
        self.trace_button = QPushButton(icon("search"), self.tr("Find lot"))
        self.trace_button.clicked.connect(self.trace)
        search_row = QHBoxLayout()
        search_row.addWidget(QLabel(self.tr("&Lot search:")))
        search_row.itemAt(0).widget().setBuddy(self.lot_search)  # type: ignore[union-attr]
        search_row.addWidget(self.lot_search, 1)
        search_row.addWidget(self.trace_button)
        self.trace_view = QTextBrowser()
        self.trace_view.setPlaceholderText(
            self.tr("Search a lot number to see where it came from (receipt, order) and what is left.")
        )
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(search_row)
        lower_layout.addWidget(self.trace_view)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([480, 180])

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        self._sized = False

    # ---------------------------------------------------------------- showing

    def refresh(self) -> None:
        current = self.current_lot()
        self.currency = office_settings().currency_symbol
        self.model.set_rows(expiry.expiring_lots(), self.currency)
        rows = self.model.rows()
        expired = [r for r in rows if r.expired]
        soon = len(rows) - len(expired)
        value = sum((r.value for r in expired), start=Decimal(0))
        if rows:
            self.summary.setText(
                self.tr("{soon} expiring within their warning window; {n} expired (worth {v}).").format(
                    soon=counted(soon, self.tr("lot")), n=len(expired), v=money_text(value, self.currency)
                )
            )
        else:
            self.summary.setText(self.tr("No lots are expiring soon or expired."))
        if not self._sized and rows:
            self.table.resizeColumnsToContents()
            self.table.setColumnWidth(ExpiringTableModel.ITEM, min(self.table.columnWidth(0), 340))
            self._sized = True
        if current is not None:
            self.select_lot(current.lot_id)
        self._selection_changed()

    def current_lot(self) -> ExpiringLot | None:
        return selected_row(self.table, self.model)

    def select_lot(self, lot_id: int) -> bool:
        position = self.model.position_of(lot_id)
        if position < 0:
            return False
        self.table.selectRow(position)
        self.table.setCurrentIndex(self.model.index(position, 0))
        return True

    def _selection_changed(self, *_args: object) -> None:
        lot = self.current_lot()
        self.dispose_button.setEnabled(lot is not None and lot.expired)
        self.dispose_all_button.setEnabled(any(r.expired for r in self.model.rows()))

    # ---------------------------------------------------------------- disposing

    def dispose_selected(self) -> None:
        lot = self.current_lot()
        if lot is None or not lot.expired:
            return
        text = self.tr(
            "Dispose of lot {lot} of {name} ({sku})?\n\n{qty} (worth {value}) expired on "
            "{date} and will be recorded as thrown away."
        ).format(
            lot=lot.lot_number or self.tr("(no lot number)"),
            name=lot.name,
            sku=lot.sku,
            qty=counted(lot.quantity, lot.unit),
            value=money_text(lot.value, self.currency),
            date=lot.expires_on.isoformat(),
        )
        if not prompts.confirm(self, self.tr("Dispose of expired lot"), text, yes=self.tr("Dispose")):
            return
        op = Operation(
            self,
            self.events,
            lambda: expiry.dispose_expired_lot(lot.lot_id),
            refused=self.tr("Not disposed"),
            initiator=self,
        )
        saved = op.reload_on_refusal(Changes.of_items([lot.item_id])).run()
        self.refresh()
        if saved:
            self.events.status_message.emit(
                self.tr("Disposed of lot {lot} of {sku}").format(
                    lot=lot.lot_number or self.tr("(no lot number)"), sku=lot.sku
                )
            )

    def dispose_all(self) -> None:
        expired = [r for r in self.model.rows() if r.expired]
        if not expired:
            return
        value = sum((r.value for r in expired), start=Decimal(0))
        text = self.tr(
            "Dispose of all {n} (worth {value})?\n\nEach is recorded as thrown away, "
            "all together or not at all."
        ).format(n=counted(len(expired), self.tr("expired lot")), value=money_text(value, self.currency))
        if not prompts.confirm(self, self.tr("Dispose of all expired"), text, yes=self.tr("Dispose of all")):
            return
        lot_ids = [r.lot_id for r in expired]
        saved = (
            Operation(
                self,
                self.events,
                lambda: expiry.dispose_expired(lot_ids),
                refused=self.tr("Not disposed"),
                initiator=self,
            )
            .reload_on_refusal(Changes.of_items(r.item_id for r in expired))
            .run()
        )
        self.refresh()
        if saved:
            self.events.status_message.emit(
                self.tr("Disposed of {n}").format(n=counted(len(expired), self.tr("expired lot")))
            )

    # ---------------------------------------------------------------- recalls and the log

    def trace_selected(self) -> None:
        lot = self.current_lot()
        if lot is not None and lot.lot_number:  # a recall names a lot number: none to trace
            self.lot_search.setText(lot.lot_number)
            self.trace()

    def trace(self) -> None:
        number = self.lot_search.text().strip()
        if not number:
            self.trace_view.clear()
            return
        try:
            found = expiry.trace_lot(number)
        except InventoryError as exc:
            self.trace_view.setHtml(f"<p>{escape(str(exc))}</p>")
            return
        if not found:
            self.trace_view.setHtml(
                "<p>" + escape(self.tr("No lot numbered “{n}”.").format(n=number)) + "</p>"
            )
            return
        keys = accounts.account_keys()
        self.trace_view.setHtml("".join(_trace_html(t, keys) for t in found))

    def save_waste_log(self) -> None:
        if self.saver.running:
            return
        name = f"Expiry and waste log {date.today().isoformat()}.pdf"
        path = ask_path(self, self.settings, self.tr("Save the waste log"), name, [PDF_FILTER, XLSX_FILTER])
        if path is None:
            return
        from inventory_app.documents.shelf_reports import export_waste_log

        self.saver.save(path, lambda: export_waste_log(path))

    def print_waste_log(self) -> None:
        """Make the waste log PDF in the printing folder and print it where the user chooses."""
        if self.saver.running:
            return
        from inventory_app.documents.shelf_reports import export_waste_log

        self.saver.save_and_print(f"Expiry and waste log {date.today().isoformat()}.pdf", export_waste_log)


def _trace_html(t: LotTrace, keys: Collection[str]) -> str:
    """One lot's trace; who received it only when an account was signed in (`shown_user`)."""
    state = "expired" if t.expired else f"expires {t.expires_on.isoformat()}" if t.expires_on else "no expiry"
    parts = [
        f"<h3>{escape(t.name)} ({escape(t.sku)}) · lot {escape(t.lot_number)}</h3>",
        f"<p><b>{escape(counted(t.quantity, t.unit))} left</b> in {escape(t.location or 'no location')}, "
        f"{escape(state)}. Received {t.received:,}, used {t.used:,}, disposed {t.disposed:,}, "
        f"adjusted {t.adjusted:+,}.</p>",
    ]
    if t.receipts:
        parts.append("<p>Came from:</p><ul>")
        for r in t.receipts:
            source = f"on order {r.order_number} ({r.supplier})" if r.order_number else "without an order"
            undone = " — reversed" if r.reversed else ""
            who = shown_user(r.user, keys)
            by = f", by {escape(who)}" if who else ""
            parts.append(
                f"<li>{r.when:%Y-%m-%d %H:%M}: {r.quantity:,} received {escape(source)}{undone}{by}</li>"
            )
        parts.append("</ul>")
    return "".join(parts)
