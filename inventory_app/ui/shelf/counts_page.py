"""The Counts page: start a count, type what is on the shelves, review, post or abandon.

Counted quantities are saved as they are typed (`core.shelf.counts.enter_count`), so a
count can be left and continued another day. Entry is blind: expected
quantities, differences and their value appear only in the review. Posting and
abandoning ask first; the count sheet PDF is written in the background.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.users import shown_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.settings import office_settings
from inventory_app.core.shelf import counts
from inventory_app.core.shelf.count_types import CountDetail, CountPosting, CountStatus, CountSummary
from inventory_app.core.wording import counted
from inventory_app.ui.common import prompts
from inventory_app.ui.common.access import enable_for_admin
from inventory_app.ui.common.background_save import PDF_FILTER, BackgroundSaver, ask_path
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.priced import money_cell
from inventory_app.ui.events import AppEvents
from inventory_app.ui.operations import Operation
from inventory_app.ui.shelf.count_line_table import CountLineTableModel

ALL, LOCATION, CATEGORY = "all", "location", "category"


class CountsPage(QWidget):
    SHOWS = ("items", "counts", "catalog", "settings")  # counts against the stock, valued (core.changes)

    def __init__(self, events: AppEvents, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.settings = settings
        self.detail: CountDetail | None = None
        self.saver = BackgroundSaver(self, events)

        title = QLabel(f"<h2>{self.tr('Shelf counts')}</h2>")
        # Starting or continuing.
        self.scope = QComboBox()
        self.scope.addItem(self.tr("All items"), ALL)
        self.scope.addItem(self.tr("One location"), LOCATION)
        self.scope.addItem(self.tr("One category"), CATEGORY)
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self.which = QComboBox()
        self.which.setMinimumWidth(200)
        self.start_button = QPushButton(icon("add"), self.tr("Start count"))
        self.start_button.clicked.connect(self.start)
        self.open_counts = QComboBox()
        # As wide as its longest entry, so "… 0 of 153 counted" is never cut to "… 0 of 15"; on
        # its own row, so the row has that room; never narrower than about 32 characters.
        self.open_counts.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.open_counts.setMinimumContentsLength(32)
        self.continue_button = QPushButton(self.tr("Continue"))
        self.continue_button.clicked.connect(self.continue_selected)
        start_row = QHBoxLayout()
        start_row.addWidget(QLabel(self.tr("New count of")))
        start_row.addWidget(self.scope)
        start_row.addWidget(self.which)
        start_row.addWidget(self.start_button)
        start_row.addStretch(1)
        open_row = QHBoxLayout()
        open_row.addWidget(QLabel(self.tr("Open counts:")))
        open_row.addWidget(self.open_counts)
        open_row.addWidget(self.continue_button)
        open_row.addStretch(1)

        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)  # the title in bold; names escaped
        self.heading.setWordWrap(True)
        self.scan_field = QLineEdit()
        self.scan_field.setPlaceholderText(self.tr("Scan or type a SKU to go to its line"))
        self.scan_field.setClearButtonEnabled(True)
        self.scan_field.returnPressed.connect(self.scan)
        self.model = CountLineTableModel(self)
        self.model.counted_entered.connect(self._counted_entered)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.clicked.connect(self._to_counted)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # quotes what was typed or scanned
        self.message.setWordWrap(True)

        self.review_button = QPushButton(self.tr("&Review"))
        self.review_button.setCheckable(True)
        self.review_button.setToolTip(self.tr("Show expected quantities, differences and their value"))
        self.review_button.toggled.connect(self._show_review)
        self.post_button = QPushButton(icon("ok"), self.tr("&Post count…"))
        self.post_button.clicked.connect(self.post)
        self.abandon_button = QPushButton(self.tr("&Abandon…"))
        self.abandon_button.clicked.connect(self.abandon)
        self.close_button = QPushButton(self.tr("Save and close"))
        self.close_button.setToolTip(self.tr("Counts are saved as you type; continue another day"))
        self.close_button.clicked.connect(lambda: self.show_count(None))
        self.sheet_button = QPushButton(self.tr("Save count sheet…"))
        self.sheet_button.setToolTip(self.tr("Save the count sheet as a PDF"))
        self.sheet_button.clicked.connect(self.print_sheet)
        self.print_sheet_button = QPushButton(self.tr("Print count sheet…"))
        self.print_sheet_button.setToolTip(self.tr("Print the count sheet on a printer you choose (Ctrl+P)"))
        self.print_sheet_button.clicked.connect(self.print_sheet_on_paper)
        print_shortcut = QAction(self.tr("Print the count sheet"), self)
        print_shortcut.setShortcut(QKeySequence.StandardKey.Print)
        print_shortcut.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        print_shortcut.triggered.connect(self.print_sheet_on_paper)
        self.addAction(print_shortcut)
        self.show_expected = QCheckBox(self.tr("with expected quantities"))
        buttons = QHBoxLayout()
        for widget in (self.review_button, self.post_button, self.abandon_button, self.close_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.sheet_button)
        buttons.addWidget(self.print_sheet_button)
        buttons.addWidget(self.show_expected)

        self.count_area = QWidget()
        area = QVBoxLayout(self.count_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.addWidget(self.heading)
        area.addWidget(self.scan_field)
        area.addWidget(self.table, 1)
        area.addWidget(self.message)
        area.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(start_row)
        layout.addLayout(open_row)
        layout.addWidget(self.count_area, 1)
        self._scope_changed()
        self.show_count(None)
        self.apply_role()

    def apply_role(self) -> None:
        """Posting changes stock for everyone: administrators only (the core refuses staff too)."""
        enable_for_admin(self.post_button, True, self.tr("Turn the differences into adjustments"))

    # ---------------------------------------------------------------- choosing a count

    def refresh(self) -> None:
        self._scope_changed()
        self.open_counts.clear()
        for summary in counts.list_counts(CountStatus.OPEN):
            self.open_counts.addItem(
                self._open_count_text(summary, summary.counted, summary.lines), summary.id
            )
        self.continue_button.setEnabled(self.open_counts.count() > 0)
        if self.detail is not None:
            self.show_count(self.detail.summary.id)

    def _open_count_text(self, summary: CountSummary, done: int, lines: int) -> str:
        return self.tr("{title} · started {when:%Y-%m-%d} · {done} of {n} counted").format(
            title=summary.title, when=summary.started_local, done=done, n=lines
        )

    def _show_in_open_counts(self, done: int, lines: int) -> None:
        """The shown count's entry in "Open counts" says how many lines are counted now, as the
        heading does, and is the one chosen there."""
        if self.detail is None:
            return
        summary = self.detail.summary
        index = self.open_counts.findData(summary.id)
        if index >= 0:
            self.open_counts.setItemText(index, self._open_count_text(summary, done, lines))
            self.open_counts.setCurrentIndex(index)

    def _scope_changed(self, *_args: object) -> None:
        scope = self.scope.currentData()
        current = self.which.currentData()
        self.which.clear()
        rows = catalog.locations() if scope == LOCATION else catalog.categories() if scope == CATEGORY else []
        for row in rows:
            self.which.addItem(row.name, row.id)
        if current is not None and self.which.findData(current) >= 0:
            self.which.setCurrentIndex(self.which.findData(current))
        self.which.setEnabled(scope != ALL)

    def start(self) -> None:
        scope = self.scope.currentData()
        chosen = self.which.currentData()
        op = Operation(
            self,
            self.events,
            lambda: counts.start_count(
                location_id=chosen if scope == LOCATION else None,
                category_id=chosen if scope == CATEGORY else None,
            ),
            refused=self.tr("Count not started"),
            initiator=self,
        )
        if not op.run() or op.result is None:
            return
        detail = op.result
        self.events.status_message.emit(self.tr("Started: {title}").format(title=detail.summary.title))
        self.refresh()
        self.show_count(detail.summary.id)

    def continue_selected(self) -> None:
        count_id = self.open_counts.currentData()
        if count_id is not None:
            self.show_count(count_id)

    def show_count(self, count_id: int | None) -> None:
        self.detail = counts.count_detail(count_id) if count_id is not None else None
        self.count_area.setVisible(self.detail is not None)
        if self.detail is None:
            self.model.set_rows([])
            self.review_button.setChecked(False)
            return
        if self.detail.summary.status is not CountStatus.OPEN:
            self.detail = None
            self.show_count(None)
            return
        current = self.table.currentIndex()
        self._account_keys = accounts.account_keys()
        self.model.set_rows(self.detail.lines, office_settings().currency_symbol)
        if current.isValid():
            self.table.setCurrentIndex(self.model.index(current.row(), current.column()))
        self.table.resizeColumnsToContents()
        for column, widest in ((CountLineTableModel.ITEM, 300), (CountLineTableModel.LOT, 220)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        self._show_review(self.review_button.isChecked())

    def _update_heading(self) -> None:
        if self.detail is None:
            return
        lines = self.model.rows()
        done = sum(1 for line in lines if line.is_counted)
        self._show_in_open_counts(done, len(lines))
        summary = self.detail.summary
        who = shown_user(summary.started_by, getattr(self, "_account_keys", frozenset()))
        text = self.tr("<b>{title}</b> · started {when:%Y-%m-%d %H:%M}{by} · {done} of {n} counted").format(
            title=escape(summary.title),
            when=summary.started_local,
            by=escape(self.tr(" by {who}").format(who=who)) if who else "",
            done=done,
            n=counted(len(lines), self.tr("line")),
        )
        if self.review_button.isChecked():
            differences = [line for line in lines if line.difference]
            total = sum((line.value or 0 for line in lines), start=Decimal(0))
            text += self.tr(" · {n}, net value {v}").format(
                n=counted(len(differences), self.tr("difference")),
                v=escape(money_cell(total, self.model.currency, signed=True)),
            )
        self.heading.setText(text)

    def _show_review(self, review: bool) -> None:
        for column in CountLineTableModel.REVIEW_ONLY:
            self.table.setColumnHidden(column, not review)
            if review:
                self.table.resizeColumnToContents(column)
        self._update_heading()

    # ---------------------------------------------------------------- entering

    def _counted_entered(self, line_id: int, text: str) -> None:
        if text and not text.replace(",", "").isdigit():
            self.message.setText(self.tr("“{text}” is not a whole number of units.").format(text=text))
            return
        position = self.model.position_of(line_id)
        shown = self.model.row_at(position)
        quantity = int(text.replace(",", "")) if text else None
        if shown is None or shown.counted != quantity:  # an editor closed unchanged keeps the time counted
            op = Operation(self, self.events, lambda: counts.enter_count(line_id, quantity), initiator=self)
            if not op.failure(lambda exc: self.message.setText(str(exc))).run() or op.result is None:
                return
            self.model.replace_row(op.result)
        self.message.clear()
        self._update_heading()
        QTimer.singleShot(0, lambda: self._next_line(position))

    def _next_line(self, position: int) -> None:
        """After Enter, the next line's Counted cell; not when the person clicked elsewhere (the
        editor then saves as it closes) or left the page."""
        if self.table.isVisible() and self.table.currentIndex().row() == position:
            self.edit_line(position + 1)

    def _to_counted(self, index: QModelIndex) -> None:
        """A click anywhere on a line leaves the keyboard on its Counted cell: a number typed next
        is that line's count."""
        if index.column() != CountLineTableModel.COUNTED:
            self.table.setCurrentIndex(index.siblingAtColumn(CountLineTableModel.COUNTED))

    def edit_line(self, position: int) -> None:
        """Put the cursor in the Counted cell of line `position` (Enter moves down the list)."""
        if not 0 <= position < self.model.rowCount():
            return
        index = self.model.index(position, CountLineTableModel.COUNTED)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.table.edit(index)

    def scan(self) -> None:
        if self.detail is None:
            return
        code = self.scan_field.text().strip()
        found = counts.lines_for_code(self.detail.summary.id, code)
        self.scan_field.clear()
        if not found:
            self.message.setText(self.tr("“{code}” is not on this count.").format(code=code))
            return
        self.message.clear()
        self.table.setFocus()
        self.edit_line(self.model.position_of(found[0].id))

    # ---------------------------------------------------------------- finishing

    def post(self) -> None:
        if self.detail is None:
            return
        detail = counts.count_detail(self.detail.summary.id)
        uncounted = len(detail.uncounted)
        differ = len(detail.differences)
        text = self.tr(
            "Post this count?\n\n{n} {differ} (net value {v}); each becomes an adjustment "
            "with the reason “count”."
        ).format(
            n=counted(differ, self.tr("line")),
            differ=self.tr("differs") if differ == 1 else self.tr("differ"),
            v=money_cell(detail.total_value, office_settings().currency_symbol, signed=True),
        )
        if uncounted:
            text += self.tr("\n{n} {were} not counted: {its} stock stays as it is.").format(
                n=counted(uncounted, self.tr("line")),
                were=self.tr("was") if uncounted == 1 else self.tr("were"),
                its=self.tr("its") if uncounted == 1 else self.tr("their"),
            )
        if not prompts.confirm(self, self.tr("Post count"), text, yes=self.tr("Post")):
            return
        count_id = detail.summary.id
        Operation(
            self,
            self.events,
            lambda: counts.post_count(count_id),
            refused=self.tr("Count not posted"),
            initiator=self,
        ).success(self._posted).run_in_background(self.tr("Posting the count…"))

    def _posted(self, posting: CountPosting) -> None:
        if posting.notes:
            prompts.inform(self, self.tr("Count posted"), "\n".join(posting.notes))
        self.events.status_message.emit(
            self.tr("Posted the count: {n}").format(n=counted(len(posting.movements), self.tr("adjustment")))
        )
        self.detail = None
        self.show_count(None)
        self.refresh()

    def abandon(self) -> None:
        if self.detail is None:
            return
        text = self.tr("Abandon this count? What was typed is kept on record but no stock changes.")
        if not prompts.confirm(self, self.tr("Abandon count"), text, yes=self.tr("Abandon")):
            return
        count_id = self.detail.summary.id
        if not Operation(
            self,
            self.events,
            lambda: counts.abandon_count(count_id),
            refused=self.tr("Count not abandoned"),
            initiator=self,
        ).run():
            return
        self.events.status_message.emit(self.tr("Abandoned the count"))
        self.show_count(None)
        self.refresh()

    def print_sheet(self) -> None:
        if self.detail is None or self.saver.running:
            return
        count_id = self.detail.summary.id
        name = f"Count sheet {self.detail.summary.title.replace(':', '')}.pdf"
        path = ask_path(self, self.settings, self.tr("Save the count sheet"), name, [PDF_FILTER])
        if path is None:
            return
        from inventory_app.documents.count_sheet import export_count_sheet

        show_expected = self.show_expected.isChecked()
        self.saver.save(path, lambda: export_count_sheet(count_id, path, show_expected=show_expected))

    def print_sheet_on_paper(self) -> None:
        """Make the count sheet PDF in the printing folder and print it where the user chooses."""
        if self.detail is None or self.saver.running:
            return
        count_id = self.detail.summary.id
        name = f"Count sheet {self.detail.summary.title.replace(':', '')}.pdf"
        from inventory_app.documents.count_sheet import export_count_sheet

        show_expected = self.show_expected.isChecked()
        self.saver.save_and_print(
            name, lambda path: export_count_sheet(count_id, path, show_expected=show_expected)
        )
