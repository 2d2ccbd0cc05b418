"""The Audit log page: who did what and when, filtered by user, action and days; export to Excel.

Read-only by design: the table cannot be edited and nothing on the page
deletes or changes an event (the log itself refuses it too). The newest
events come first; at most `audit_query.SHOWN_LIMIT` are shown, and the page
says so when more match. The export writes every matching event, in the
background like the other exports.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.accounts import audit_query
from inventory_app.core.accounts.audit import LABELS, users_in_log
from inventory_app.core.accounts.audit_query import SHOWN_LIMIT, AuditFilter
from inventory_app.ui.accounts.audit_table import AuditTableModel
from inventory_app.ui.common.background_save import XLSX_FILTER, BackgroundSaver, ask_path
from inventory_app.ui.common.date_field import DateField
from inventory_app.ui.common.forms import hint_label
from inventory_app.ui.common.icons import icon
from inventory_app.ui.events import AppEvents


class AuditPage(QWidget):
    SHOWS = (
        "items",
        "catalog",
        "orders",
        "counts",
        "settings",
        "accounts",
    )  # every action is in the log (core.changes)

    def __init__(self, events: AppEvents, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.settings = settings
        self.saver = BackgroundSaver(self, events)
        self._loading = False
        self.total = 0  # events matching the filters

        title = QLabel(f"<h2>{self.tr('Audit log')}</h2>")
        hint = hint_label(
            self.tr(
                "Every sign-in, stock movement, import, order and settings change, with who did it "
                "and when. The log cannot be changed or deleted."
            )
        )

        self.user_filter = QComboBox()
        self.user_filter.setMinimumWidth(140)
        self.action_filter = QComboBox()
        self.action_filter.addItem(self.tr("All actions"), "")
        for code, label in sorted(LABELS.items(), key=lambda pair: pair[1].casefold()):
            self.action_filter.addItem(label, code)
        self.start_filter = self._date_edit()
        self.end_filter = self._date_edit()
        self.clear_button = QPushButton(self.tr("&Clear filters"))
        self.clear_button.clicked.connect(self.clear_filters)
        self.export_button = QPushButton(icon("reports"), self.tr("&Export to Excel…"))
        self.export_button.setToolTip(self.tr("Save the events matching the filters as an .xlsx workbook"))
        self.export_button.clicked.connect(self.export)
        self.saver.running_changed.connect(lambda running: self.export_button.setEnabled(not running))
        self.saver.saved.connect(lambda _path: self.refresh())

        filters = QHBoxLayout()
        days = QHBoxLayout()  # a row of their own: each shows what its text was read as
        for row, text, widget in (
            (filters, self.tr("&User:"), self.user_filter),
            (filters, self.tr("&Action:"), self.action_filter),
            (days, self.tr("&From:"), self.start_filter),
            (days, self.tr("&To:"), self.end_filter),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
            row.addSpacing(8)
        days.addStretch(1)
        filters.addWidget(self.clear_button)
        filters.addStretch(1)
        filters.addWidget(self.export_button)
        for combo in (self.user_filter, self.action_filter):
            combo.currentIndexChanged.connect(self._filters_changed)
        for field in (self.start_filter, self.end_filter):
            field.entered.connect(self._filters_changed)  # Enter, leaving the field, or the calendar

        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)  # it may quote what was typed

        self.model = AuditTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)  # newest first, as the log reads
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (
            (AuditTableModel.WHEN, 150),
            (AuditTableModel.WHO, 120),
            (AuditTableModel.WHAT, 170),
            (AuditTableModel.OBJECT, 260),
        ):
            self.table.setColumnWidth(column, width)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(filters)
        layout.addLayout(days)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        self._fill_users()

    def _date_edit(self) -> DateField:
        field = DateField(optional=True, placeholder=self.tr("Any day"))  # empty: no limit
        field.edit.setMinimumWidth(110)
        return field

    # ---------------------------------------------------------------- filters

    def _fill_users(self) -> None:
        current = self.user_filter.currentData() or ""
        self._loading = True
        try:
            self.user_filter.clear()
            self.user_filter.addItem(self.tr("All users"), "")
            for name in users_in_log():
                self.user_filter.addItem(name, name)
            index = self.user_filter.findData(current)
            self.user_filter.setCurrentIndex(max(index, 0))
        finally:
            self._loading = False

    def date_problem(self) -> str | None:
        """Why a typed day is not a date ("From: February 2027 has no day 31."), or None: a day
        that is not a date is refused, never left out or read as another day."""
        for name, field in ((self.tr("From"), self.start_filter), (self.tr("To"), self.end_filter)):
            why = field.problem()
            if why is not None:
                return self.tr("{field}: {why}.").format(field=name, why=why)
        start, end = self.start_filter.value(), self.end_filter.value()
        if start is not None and end is not None and start > end:
            return self.tr("The From day is after the To day.")
        return None

    def current_filter(self) -> AuditFilter:
        """The filters shown; call `date_problem()` first (a day that is not a date raises)."""
        return AuditFilter(
            user=self.user_filter.currentData() or "",
            action=self.action_filter.currentData() or "",
            start=self.start_filter.value(),
            end=self.end_filter.value(),
        )

    def set_filter(self, f: AuditFilter) -> None:
        """Show `f` in the filter fields (and the matching events)."""
        self._loading = True
        try:
            self.user_filter.setCurrentIndex(max(self.user_filter.findData(f.user), 0))
            self.action_filter.setCurrentIndex(max(self.action_filter.findData(f.action), 0))
            self.start_filter.set_date(f.start)
            self.end_filter.set_date(f.end)
        finally:
            self._loading = False
        self.reload()

    def clear_filters(self) -> None:
        self.set_filter(AuditFilter())

    def _filters_changed(self, *_args: object) -> None:
        if not self._loading:
            self.reload()

    # ---------------------------------------------------------------- showing

    def refresh(self) -> None:
        """New names may have appeared in the log: refill the user list, then reload."""
        self._fill_users()
        self.reload()

    def reload(self) -> None:
        problem = self.date_problem()
        if problem is not None:  # no events rather than events the filter did not choose
            self.model.set_rows([])
            self.count_label.setText(problem)
            self.total = 0
            return
        f = self.current_filter()
        rows = audit_query.find(f, limit=SHOWN_LIMIT)
        self.model.set_rows(rows)
        total = len(rows) if len(rows) < SHOWN_LIMIT else audit_query.count(f)
        if total > len(rows):
            text = self.tr(
                "{total} events; showing the newest {shown}. Narrow the filters, or export to Excel "
                "to see them all."
            ).format(total=f"{total:,}", shown=f"{len(rows):,}")
        elif total == 1:
            text = self.tr("1 event")
        else:
            text = self.tr("{n} events").format(n=f"{total:,}")
        self.count_label.setText(text)
        self.total = total

    # ---------------------------------------------------------------- export

    def export(self) -> None:
        if self.saver.running:
            return
        if self.date_problem() is not None:
            self.reload()  # says why on the count line, with no events
            return
        f = self.current_filter()
        name = f"Audit log {date.today().isoformat()}.xlsx"
        path = ask_path(self, self.settings, self.tr("Export the audit log"), name, [XLSX_FILTER])
        if path is None:
            return
        from inventory_app.documents.audit_export import export_audit_log

        self.saver.save(path, lambda: export_audit_log(path, f))
