"""Settings: the office's details printed on order forms, the stock and order-form
choices, the screen lock and backups, and the lists of categories and storage locations.

Office values are saved together with one button (so half-typed values never
reach the order forms); categories and locations change one at a time. A
refresh never overwrites office values the user is still editing.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.database_choice import DatabaseChoice, database_in_use, split_server_url
from inventory_app.core.database_choice import Kind as KeptOn
from inventory_app.core.settings import (
    MAX_BACKUPS_TO_KEEP,
    MAX_IDLE_LOCK_MINUTES,
    PAGE_SIZES,
    OfficeSettings,
    office_settings,
    save_office_settings,
)
from inventory_app.core.types import Status
from inventory_app.errors import InventoryError, ValidationError
from inventory_app.ui.catalog.name_dialog import MAX_WARNING_DAYS, Kind
from inventory_app.ui.catalog.named_manager import NamedManager
from inventory_app.ui.common import access, prompts, theme
from inventory_app.ui.common.file_dialogs import ask_folder
from inventory_app.ui.common.forms import align_labels, error_label, hint_label
from inventory_app.ui.events import AppEvents
from inventory_app.ui.operations import Operation
from inventory_app.ui.settings.database_choice import DatabaseChoiceDialog, saved_choice

SAVED_MESSAGE_MS = 5000


class SettingsPage(QWidget):
    SHOWS = ("settings", "catalog")  # settings, categories and locations (core.changes)

    def __init__(
        self, events: AppEvents, parent: QWidget | None = None, workstation: QSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.events = events
        self.workstation = workstation if workstation is not None else QSettings()
        self.dirty = False
        self._loading = False
        self._loaded = OfficeSettings()
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        self.scroll = scroll
        content = QWidget()
        scroll.setWidget(content)
        columns = QHBoxLayout(content)
        columns.setContentsMargins(12, 12, 12, 12)
        columns.setSpacing(16)
        left = QVBoxLayout()
        right = QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        office = QGroupBox(self.tr("Office (printed on order forms)"))
        office_form = QFormLayout(office)
        self.office_name = QLineEdit()
        self.office_name.setPlaceholderText(self.tr("e.g. Riverside Family Clinic"))
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.email.setPlaceholderText(self.tr("Where suppliers reply to"))
        self._row(office_form, "office_name", self.tr("Clinic &name:"), self.office_name)
        self._row(office_form, "address", self.tr("&Address:"), self.address)
        self._row(office_form, "phone", self.tr("&Phone:"), self.phone)
        self._row(office_form, "email", self.tr("&E-mail:"), self.email)
        left.addWidget(office)

        stock = QGroupBox(self.tr("Stock"))
        stock_form = QFormLayout(stock)
        self.expiry_days = QSpinBox()
        self.expiry_days.setRange(0, MAX_WARNING_DAYS)
        self.expiry_days.setSuffix(self.tr(" days"))
        self.expiry_days.setMinimumWidth(110)
        self._row(
            stock_form, "expiry_warning_days", self.tr("E&xpiry warning:"), self.expiry_days, narrow=True
        )
        stock_form.addRow(
            "",
            hint_label(
                self.tr(
                    "Lots that expire within this many days count as expiring. "
                    "A category or an item can set its own window."
                )
            ),
        )
        left.addWidget(stock)

        forms = QGroupBox(self.tr("Order forms"))
        forms_form = QFormLayout(forms)
        self.currency_symbol = QLineEdit()
        self.currency_symbol.setMaximumWidth(90)
        self.page_size = QComboBox()
        for size in PAGE_SIZES:
            self.page_size.addItem(size, size)
        self.page_size.setMinimumWidth(110)
        self._row(
            forms_form, "currency_symbol", self.tr("&Currency symbol:"), self.currency_symbol, narrow=True
        )
        self._row(forms_form, "page_size", self.tr("Pa&ge size:"), self.page_size, narrow=True)
        left.addWidget(forms)

        safety = QGroupBox(self.tr("Screen lock and backups"))
        safety_form = QFormLayout(safety)
        self.idle_lock = QSpinBox()
        self.idle_lock.setRange(0, MAX_IDLE_LOCK_MINUTES)
        self.idle_lock.setSuffix(self.tr(" minutes"))
        self.idle_lock.setSpecialValueText(self.tr("Never"))
        self.idle_lock.setMinimumWidth(130)
        self._row(safety_form, "idle_lock_minutes", self.tr("&Lock after:"), self.idle_lock, narrow=True)
        safety_form.addRow(
            "",
            hint_label(
                self.tr(
                    "After this long without use the screen locks and asks for the password; "
                    "what was on screen stays."
                )
            ),
        )
        self.backup_folder = QLineEdit()
        self.browse_button = QPushButton(self.tr("Br&owse…"))
        self.browse_button.setToolTip(self.tr("Choose the folder backups are saved in"))
        self.browse_button.clicked.connect(self.browse_backup_folder)
        self._row(
            safety_form, "backup_folder", self.tr("&Backups folder:"), self.backup_folder, self.browse_button
        )
        self.backups_to_keep = QSpinBox()
        self.backups_to_keep.setRange(1, MAX_BACKUPS_TO_KEEP)
        self.backups_to_keep.setSuffix(self.tr(" days"))
        self.backups_to_keep.setMinimumWidth(110)
        self._row(
            safety_form, "backups_to_keep", self.tr("&Keep backups of:"), self.backups_to_keep, narrow=True
        )
        self.backup_note = hint_label("")  # filled by refresh: SQLite or PostgreSQL
        safety_form.addRow("", self.backup_note)
        left.addWidget(safety)

        database = QGroupBox(self.tr("Database (this computer)"))
        database_box = QVBoxLayout(database)
        self.database_label = QLabel()
        self.database_label.setTextFormat(Qt.TextFormat.PlainText)  # a file name or URL as it is
        self.database_label.setWordWrap(True)
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        database_box.addWidget(self.database_label)
        self.database_note = hint_label("")
        database_box.addWidget(self.database_note)
        self.database_button = QPushButton(self.tr("C&hange where the inventory is kept…"))
        self.database_button.clicked.connect(self.change_database)
        database_box.addWidget(self.database_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addWidget(database)

        # The error and the buttons stay below the scrolling fields: Save on screen at 1366×768.
        self.general_error = error_label()
        self.general_error.setContentsMargins(12, 0, 12, 0)
        outer.addWidget(self.general_error)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(12, 4, 12, 8)
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)
        self.revert_button = QPushButton(self.tr("&Undo changes"))
        self.revert_button.setToolTip(self.tr("Put back the saved values"))
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton(self.tr("&Save settings"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        left.addStretch(1)
        align_labels([office_form, stock_form, forms_form, safety_form])
        self._saved_timer = QTimer(self)
        self._saved_timer.setSingleShot(True)
        self._saved_timer.timeout.connect(self._fade_saved)

        self.categories = NamedManager(
            Kind.CATEGORY,
            self.tr("Categories"),
            self.tr("Group items for filtering and reports. Vaccines can warn earlier than paper."),
            self.events,
        )
        self.locations = NamedManager(
            Kind.LOCATION,
            self.tr("Storage locations"),
            self.tr("Where items are kept: rooms, cabinets, fridges."),
            self.events,
        )
        for manager in (self.categories, self.locations):
            right.addWidget(manager, 1)
        self._set_dirty(False)

    # ---------------------------------------------------------------- building

    def _row(
        self,
        form: QFormLayout,
        field: str,
        label: str,
        widget: QWidget,
        beside: QWidget | None = None,
        narrow: bool = False,
    ) -> None:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        if beside is not None:
            line = QHBoxLayout()
            line.setSpacing(6)
            line.addWidget(widget, 1)
            line.addWidget(beside)
            box.addLayout(line)
        elif narrow:
            box.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            box.addWidget(widget)
        error = error_label()
        box.addWidget(error)
        form.addRow(label, holder)
        form.labelForField(holder).setBuddy(widget)  # type: ignore[union-attr]
        self.errors[field] = error
        self.fields[field] = widget
        for signal_name in ("textChanged", "valueChanged", "currentIndexChanged"):
            signal = getattr(widget, signal_name, None)
            if signal is not None:
                signal.connect(lambda *_a, f=field: self._edited(f))
                break

    # ---------------------------------------------------------------- loading

    def refresh(self) -> None:
        """Reload the lists; office values too, unless the user is editing them."""
        if not self.dirty:
            self._load(office_settings())
        self._show_backup_place()
        self._show_database()
        self.categories.default_days = self._loaded.expiry_warning_days
        self.categories.refresh()
        self.locations.refresh()

    def _load(self, values: OfficeSettings) -> None:
        self._loading = True
        try:
            self._loaded = values
            self.office_name.setText(values.office_name)
            self.address.setPlainText(values.address)
            self.phone.setText(values.phone)
            self.email.setText(values.email)
            self.expiry_days.setValue(values.expiry_warning_days)
            self.currency_symbol.setText(values.currency_symbol)
            index = self.page_size.findData(values.page_size)
            self.page_size.setCurrentIndex(index if index >= 0 else 0)
            self.idle_lock.setValue(values.idle_lock_minutes)
            self.backup_folder.setText(values.backup_folder)
            self.backups_to_keep.setValue(values.backups_to_keep)
        finally:
            self._loading = False
        for label in self.errors.values():
            label.hide()
        self.general_error.hide()
        self._set_dirty(False)

    def _show_backup_place(self) -> None:
        """The default folder as the placeholder; on PostgreSQL the backup fields are off, with why."""
        from inventory_app.core.backups import status as backup_status

        supported = backup_status.supported()
        for widget in (self.backup_folder, self.browse_button, self.backups_to_keep):
            widget.setEnabled(supported)
        if supported:
            self.backup_folder.setPlaceholderText(str(backup_status.default_folder()))
            self.backup_note.setText(
                self.tr(
                    "Made on the first start of each day and on closing. Of each kind, the newest of "
                    "each of this many days and of the last 8 weeks are kept, and every copy made by "
                    "hand or before a restore for 90 days; older ones are removed. Empty folder: the "
                    "one shown in grey."
                )
            )
        else:
            self.backup_folder.setPlaceholderText("")
            self.backup_note.setText(
                self.tr(
                    "This inventory is kept on a PostgreSQL server: it is backed up with the "
                    "server's own tools (pg_dump), not by this program. File ▸ Back up now shows the command."
                )
            )

    def _show_database(self, just_saved: bool = False) -> None:
        """The database in use; the one chosen for the next start when that differs. Only an
        administrator may change it."""
        in_use = database_in_use()
        self.database_label.setText(self.tr("In use: {database}").format(database=in_use))
        chosen = saved_choice(self.workstation)
        if chosen is not None and chosen.describe() != in_use:
            note = self.tr(
                "From the next start this computer uses: {database}. Close the program and start it "
                "again to switch."
            ).format(database=chosen.describe())
            if just_saved:
                note = self.tr("Saved.") + " " + note
        elif just_saved:
            note = self.tr("Saved. This computer keeps using this database.")
        else:
            note = self.tr(
                "Where this computer keeps the inventory: a file on this computer, or the office "
                "server that several computers share."
            )
        self.database_note.setText(note)
        access.enable_for_admin(
            self.database_button, True, self.tr("Choose this computer only, or the office server")
        )

    def _current_choice(self) -> DatabaseChoice | None:
        chosen = saved_choice(self.workstation)
        if chosen is not None:
            return chosen
        in_use = database_in_use()
        if in_use.startswith(("postgresql://", "postgres://")):
            return DatabaseChoice(KeptOn.SERVER, split_server_url(in_use))
        return None

    def change_database(self) -> None:
        """The same question as on the first start; the answer counts from the next start."""
        if not access.is_admin():
            return
        if DatabaseChoiceDialog.ask(self, self.workstation, current=self._current_choice()) is not None:
            self._show_database(just_saved=True)

    def browse_backup_folder(self) -> None:
        start = self.backup_folder.text().strip() or self.backup_folder.placeholderText()
        chosen = ask_folder(self, self.tr("Folder for backups"), start)
        if chosen:
            self.backup_folder.setText(chosen)

    def revert(self) -> None:
        self._load(office_settings())
        self.saved_label.clear()

    # ---------------------------------------------------------------- editing and saving

    def _edited(self, field: str) -> None:
        if self._loading:
            return
        self.errors[field].hide()
        self._saved_timer.stop()
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.revert_button.setEnabled(dirty)
        if dirty:
            self.saved_label.setStyleSheet(f"color: {theme.status_color(Status.LOW).name()};")
            self.saved_label.setText(self.tr("Unsaved changes"))

    def collect(self) -> OfficeSettings:
        return replace(
            self._loaded,
            office_name=self.office_name.text(),
            address=self.address.toPlainText(),
            phone=self.phone.text(),
            email=self.email.text(),
            expiry_warning_days=self.expiry_days.value(),
            currency_symbol=self.currency_symbol.text(),
            page_size=self.page_size.currentData() or PAGE_SIZES[0],
            idle_lock_minutes=self.idle_lock.value(),
            backup_folder=self.backup_folder.text().strip(),
            backups_to_keep=self.backups_to_keep.value(),
        )

    def show_error(self, problem: ValidationError) -> None:
        for label in self.errors.values():
            label.hide()
        self.general_error.hide()
        label = self.errors.get(problem.field, self.general_error)
        label.setText(str(problem))
        label.show()
        widget = self.fields.get(problem.field)
        if widget is not None:
            widget.setFocus()
            QTimer.singleShot(0, lambda: self._scroll_to(widget))  # once the message is laid out

    def _scroll_to(self, widget: QWidget) -> None:
        """The refused field and the message under it in view (ensureWidgetVisible stops at a
        line edit's cursor)."""
        bottom = widget.mapTo(self.scroll.widget(), QPoint(0, widget.height()))
        self.scroll.ensureVisible(bottom.x(), bottom.y(), 50, 50)

    def save(self) -> bool:
        values = self.collect()

        def refused(exc: InventoryError) -> None:
            if isinstance(exc, ValidationError):
                self.show_error(exc)
            else:
                prompts.error(self, self.tr("Settings not saved"), str(exc))

        op = Operation(self, self.events, lambda: save_office_settings(values), initiator=self)
        if not op.failure(refused).run() or op.result is None:
            return False
        saved = op.result
        self._load(saved)
        self.saved_label.setStyleSheet(f"color: {theme.status_color(Status.OK).name()};")
        self.saved_label.setText(self.tr("Saved."))
        self._saved_timer.start(SAVED_MESSAGE_MS)
        self.categories.default_days = saved.expiry_warning_days
        self.events.status_message.emit(self.tr("Settings saved"))
        return True

    def _fade_saved(self) -> None:
        if not self.dirty:
            self.saved_label.clear()
