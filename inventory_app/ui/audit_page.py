"""The Audit log page: who did what and when, filtered by user, action and days; export to Excel.

Read-only by design: the table cannot be edited and nothing on the page
deletes or changes an event (the log itself refuses it too). The newest
events come first; at most `audit_query.SHOWN_LIMIT` are shown, and the page
says so when more match. The export writes every matching event, in the
background like the other exports.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core import audit_query
from inventory_app.core.audit import LABELS, users_in_log
from inventory_app.core.audit_query import SHOWN_LIMIT, AuditFilter
from inventory_app.ui.background_save import XLSX_FILTER, BackgroundSaver, ask_path
from inventory_app.ui.events import AppEvents
from inventory_app.ui.forms import hint_label
from inventory_app.ui.icons import icon
from inventory_app.ui.models.audit_table import AuditTableModel

NO_DATE = QDate(2000, 1, 1)  # the date edits' "any day" value


class AuditPage(QWidget):
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
        for text, widget in (
            (self.tr("&User:"), self.user_filter),
            (self.tr("&Action:"), self.action_filter),
            (self.tr("&From:"), self.start_filter),
            (self.tr("&To:"), self.end_filter),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
            filters.addSpacing(8)
        filters.addWidget(self.clear_button)
        filters.addStretch(1)
        filters.addWidget(self.export_button)
        for combo in (self.user_filter, self.action_filter):
            combo.currentIndexChanged.connect(self._filters_changed)
        for edit in (self.start_filter, self.end_filter):
            edit.dateChanged.connect(self._filters_changed)

        self.count_label = QLabel()
        self.count_label.setWordWrap(True)

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
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        self._fill_users()

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("Any day"))
        edit.setDate(NO_DATE)
        edit.setMinimumWidth(120)
        return edit

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

    @staticmethod
    def _day(edit: QDateEdit) -> date | None:
        value = edit.date()
        return None if value == NO_DATE else value.toPython()  # type: ignore[return-value]

    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            user=self.user_filter.currentData() or "",
            action=self.action_filter.currentData() or "",
            start=self._day(self.start_filter),
            end=self._day(self.end_filter),
        )

    def set_filter(self, f: AuditFilter) -> None:
        """Show `f` in the filter fields (and the matching events)."""
        self._loading = True
        try:
            self.user_filter.setCurrentIndex(max(self.user_filter.findData(f.user), 0))
            self.action_filter.setCurrentIndex(max(self.action_filter.findData(f.action), 0))
            self.start_filter.setDate(QDate(f.start) if f.start else NO_DATE)
            self.end_filter.setDate(QDate(f.end) if f.end else NO_DATE)
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
        f = self.current_filter()
        name = f"Audit log {date.today().isoformat()}.xlsx"
        path = ask_path(self, self.settings, self.tr("Export the audit log"), name, [XLSX_FILTER])
        if path is None:
            return
        from inventory_app.documents.audit_export import export_audit_log

        self.saver.save(path, lambda: export_audit_log(path, f))
