"""The Reports page: one item's use per week as a chart with its reorder suggestion, the top
items by use and by cost, and spending by supplier and category, for a period.

Everything shown is read from `core.shelf.usage` and `core.shelf.spending`; the one write
is "Apply" (the suggested reorder point, through `core.shelf.usage.apply_reorder_point`).
The workbooks, and the PDF that "Print…" (Ctrl+P) sends to a printer, are written in
the background.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.settings import office_settings
from inventory_app.core.shelf import spending, usage
from inventory_app.core.shelf.types import ReorderPointSuggestion
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.stock.use_rate import USE_WEEKS, per_week_text
from inventory_app.core.typed_dates import DateNotRead
from inventory_app.core.wording import counted
from inventory_app.errors import InventoryError, ValidationError
from inventory_app.ui.common.background_save import PDF_FILTER, XLSX_FILTER, BackgroundSaver, ask_path
from inventory_app.ui.common.date_field import DateField
from inventory_app.ui.common.forms import error_label
from inventory_app.ui.common.tables import RowTableModel
from inventory_app.ui.events import AppEvents
from inventory_app.ui.operations import Operation
from inventory_app.ui.shelf.report_tables import ItemUsageTableModel, SpendTableModel
from inventory_app.ui.shelf.usage_chart import UsageChart

TOP = 15


def _table(model: RowTableModel) -> QTableView:  # type: ignore[type-arg]
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(False)
    return view


class ReportsPage(QWidget):
    SHOWS = ("items", "catalog", "settings")  # use and spending, in the office currency (core.changes)

    def __init__(self, events: AppEvents, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.settings = settings
        self.suggestion: ReorderPointSuggestion | None = None
        self.saver = BackgroundSaver(self, events)

        title = QLabel(f"<h2>{self.tr('Usage and spending')}</h2>")
        today = date.today()
        self.start = DateField(optional=False)
        self.end = DateField(optional=False)
        self.start.set_date(today - timedelta(days=7 * 12))
        self.end.set_date(today)
        for field in (self.start, self.end):
            field.edit.setMinimumWidth(110)
            field.entered.connect(self.refresh)  # Enter, leaving the field, or the calendar
        self.period_error = error_label()  # a day that is not a date, or a period ending before it starts
        self.usage_export = QPushButton(self.tr("Export usage…"))
        self.usage_export.clicked.connect(self.export_usage)
        self.spending_export = QPushButton(self.tr("Export spending…"))
        self.spending_export.clicked.connect(self.export_spending)
        self.labels_button = QPushButton(self.tr("Print labels…"))
        self.labels_button.setToolTip(self.tr("Barcode labels for chosen items, as a PDF for label sheets"))
        self.labels_button.clicked.connect(self.print_labels)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setToolTip(
            self.tr("Print the period's figures, top items and spending on a printer you choose (Ctrl+P)")
        )
        self.print_button.clicked.connect(self.print_report)
        print_shortcut = QAction(self.tr("Print the report"), self)
        print_shortcut.setShortcut(QKeySequence.StandardKey.Print)
        print_shortcut.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        print_shortcut.triggered.connect(self.print_report)
        self.addAction(print_shortcut)
        self.saver.running_changed.connect(self._running)
        heading = QHBoxLayout()  # the buttons beside the title: the period's days need the room
        heading.addWidget(title)
        heading.addStretch(1)
        heading.addWidget(self.usage_export)
        heading.addWidget(self.spending_export)
        heading.addWidget(self.labels_button)
        heading.addWidget(self.print_button)
        period = QHBoxLayout()
        period.addWidget(QLabel(self.tr("From")))
        period.addWidget(self.start)
        period.addWidget(QLabel(self.tr("to")))
        period.addWidget(self.end)
        period.addStretch(1)

        # One item's use.
        self.item = QComboBox()
        self.item.setEditable(True)
        self.item.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.item.setMinimumWidth(380)
        self.item.currentIndexChanged.connect(self._show_item)
        self.chart = UsageChart()
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.apply_button = QPushButton(self.tr("Apply suggested reorder point"))
        self.apply_button.clicked.connect(self.apply_suggestion)
        item_row = QHBoxLayout()
        item_row.addWidget(QLabel(self.tr("Item:")))
        item_row.addWidget(self.item, 1)
        side = QVBoxLayout()
        side.addWidget(self.facts)
        side.addWidget(self.apply_button)
        side.addStretch(1)
        chart_row = QHBoxLayout()
        chart_row.addWidget(self.chart, 3)
        chart_row.addLayout(side, 1)
        item_box = QGroupBox(self.tr("Use per week"))
        item_layout = QVBoxLayout(item_box)
        item_layout.addLayout(item_row)
        item_layout.addLayout(chart_row, 1)

        self.by_use = ItemUsageTableModel(self)
        self.by_cost = ItemUsageTableModel(self)
        self.by_supplier = SpendTableModel(self)
        self.by_category = SpendTableModel(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(_table(self.by_use), self.tr("Top items by use"))
        self.tabs.addTab(_table(self.by_cost), self.tr("Top items by cost"))
        self.tabs.addTab(_table(self.by_supplier), self.tr("Spending by supplier"))
        self.tabs.addTab(_table(self.by_category), self.tr("Spending by category"))

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(item_box)
        splitter.addWidget(self.tabs)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([330, 300])
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(period)
        layout.addWidget(self.period_error)
        layout.addWidget(splitter, 1)

    # ---------------------------------------------------------------- showing

    def period(self) -> tuple[date, date]:
        """The days typed; raises ValidationError when one is not a date or the period ends
        before it starts (never a period other than the one typed)."""
        days: list[date] = []
        for name, field in ((self.tr("From"), self.start), (self.tr("To"), self.end)):
            try:
                day = field.value()
            except DateNotRead as exc:
                raise ValidationError(
                    "period", self.tr("{field}: {why}.").format(field=name, why=exc)
                ) from None
            assert day is not None  # the fields are not optional
            days.append(day)
        usage.check_period(days[0], days[1])
        return days[0], days[1]

    def _period_refused(self, message: str) -> None:
        """Say why under the period, and show no figures rather than another period's."""
        self.period_error.setText(message)
        self.period_error.show()
        self.events.status_message.emit(message)
        symbol = office_settings().currency_symbol
        for model in (self.by_use, self.by_cost, self.by_supplier, self.by_category):
            model.set_rows([], symbol)

    def refresh(self, *_args: object) -> None:
        current = self.item.currentData()
        self.item.blockSignals(True)
        self.item.clear()
        for row in sorted(stock_queries.list_items(), key=lambda r: r.name.casefold()):
            self.item.addItem(f"{row.name} · {row.sku}", row.id)
        self.item.blockSignals(False)
        if self.item.count():
            found = self.item.findData(current) if current is not None else -1
            self.item.setCurrentIndex(max(found, 0))
        try:
            start, end = self.period()
        except ValidationError as exc:
            self._period_refused(str(exc))
            self._show_item()
            return
        self.period_error.hide()
        symbol = office_settings().currency_symbol
        try:
            self.by_use.set_rows(usage.top_items(start, end, by="use", limit=TOP), symbol)
            self.by_cost.set_rows(usage.top_items(start, end, by="cost", limit=TOP), symbol)
            self.by_supplier.set_rows(spending.spending_by_supplier(start, end), symbol)
            self.by_category.set_rows(spending.spending_by_category(start, end), symbol)
        except InventoryError as exc:
            self.events.status_message.emit(str(exc))
        for index in range(self.tabs.count()):
            view = self.tabs.widget(index)
            assert isinstance(view, QTableView)
            view.resizeColumnsToContents()
            view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._show_item()

    def select_item(self, item_id: int) -> bool:
        index = self.item.findData(item_id)
        if index >= 0:
            self.item.setCurrentIndex(index)
        return index >= 0

    def _show_item(self, *_args: object) -> None:
        item_id = self.item.currentData()
        if item_id is None:
            self.chart.set_points([])
            self.facts.clear()
            self.apply_button.setEnabled(False)
            return
        try:
            start, end = self.period()
        except ValidationError:
            points = []  # the period's line says why
        else:
            try:
                points = usage.use_by_period(item_id, start, end, "week")
            except InventoryError as exc:
                self.events.status_message.emit(str(exc))
                points = []
        info = usage.item_usage(item_id)
        self.suggestion = usage.suggest_reorder_point(item_id)
        s = self.suggestion
        self.chart.set_points(points, info.unit, info.weekly_use)
        weeks_left = info.weeks_left
        lines = [
            self.tr("Average use: <b>{use}</b> per week, last {w} weeks").format(
                use=escape(per_week_text(info.weekly_use, info.unit)), w=USE_WEEKS
            ),
            escape(self.tr("On hand: {n}").format(n=counted(info.on_hand, info.unit))),
            self.tr("Weeks of supply: <b>{w}</b>").format(
                w="—" if weeks_left is None else f"{weeks_left:,.1f}"
            ),
            self.tr("Reorder point now: <b>{c}</b>; suggested: <b>{s}</b>").format(
                c=s.current, s=s.suggested
            ),
            self.tr("(lead time {lt} days + review {r} days, safety stock {ss:.0f})").format(
                lt=s.lead_time_days, r=s.review_days, ss=s.safety_stock
            ),
        ]
        self.facts.setText("<br>".join(lines))
        self.apply_button.setEnabled(s.changed)
        self.apply_button.setText(self.tr("Apply reorder point {n}").format(n=s.suggested))

    def apply_suggestion(self) -> None:
        s = self.suggestion
        if s is None or not s.changed:
            return
        if not Operation(
            self,
            self.events,
            lambda: usage.apply_reorder_point(s.item_id, s.suggested),
            refused=self.tr("Not applied"),
            initiator=self,
        ).run():
            return
        self.events.status_message.emit(
            self.tr("Reorder point of {sku} set to {n}").format(sku=s.sku, n=s.suggested)
        )
        self._show_item()

    # ---------------------------------------------------------------- exporting

    def _running(self, running: bool) -> None:
        self.usage_export.setEnabled(not running)
        self.spending_export.setEnabled(not running)
        self.labels_button.setEnabled(not running)
        self.print_button.setEnabled(not running)

    def print_report(self) -> None:
        """Make the PDF of what the page shows for the period (`documents.report_pdf`) in the
        printing folder and print it where the user chooses."""
        if self.saver.running:
            return
        try:
            start, end = self.period()
        except ValidationError as exc:
            self._period_refused(str(exc))
            return
        from inventory_app.documents.report_pdf import export_report_pdf

        self.saver.save_and_print(
            f"Usage and spending {start.isoformat()} to {end.isoformat()}.pdf",
            lambda path: export_report_pdf(path, start, end, top=TOP),
        )

    def print_labels(self) -> None:
        if self.saver.running:
            return
        from inventory_app.ui.catalog.labels_dialog import LabelsDialog

        current = self.item.currentData()
        choice = LabelsDialog.ask(self, [current] if current is not None else [])
        if choice is None:
            return
        name = f"Labels {date.today().isoformat()}.pdf"
        from inventory_app.documents.labels import export_labels

        if choice.to_printer:
            self.saver.save_and_print(
                name,
                lambda to: export_labels(to, choice.item_ids, layout=choice.layout, copies=choice.copies),
            )
            return
        path = ask_path(self, self.settings, self.tr("Save the labels"), name, [PDF_FILTER])
        if path is None:
            return
        self.saver.save(
            path, lambda: export_labels(path, choice.item_ids, layout=choice.layout, copies=choice.copies)
        )

    def export_usage(self) -> None:
        self._export("Usage", "usage")

    def export_spending(self) -> None:
        self._export("Spending", "spending")

    def _export(self, stem: str, kind: str) -> None:
        if self.saver.running:
            return
        try:
            start, end = self.period()
        except ValidationError as exc:
            self._period_refused(str(exc))
            return
        name = f"{stem} {start.isoformat()} to {end.isoformat()}.xlsx"
        path = ask_path(
            self, self.settings, self.tr("Export {what}").format(what=stem.lower()), name, [XLSX_FILTER]
        )
        if path is None:
            return
        from inventory_app.documents import shelf_reports

        if kind == "usage":
            self.saver.save(path, lambda: shelf_reports.export_usage_report(path, start, end))
        else:
            self.saver.save(path, lambda: shelf_reports.export_spending_report(path, start, end))
