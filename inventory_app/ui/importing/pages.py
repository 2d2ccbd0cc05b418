"""The steps of the import wizard, as widgets: file, sheet and header row, columns, preview, result.

Each page only shows and collects; `import_wizard.ImportWizard` decides what
happens between them (reading in the background, planning, applying). Widgets
a test clicks are attributes.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.importing.columns import FIELD_HEADERS, FIELDS
from inventory_app.core.importing.types import RowAction, SheetRows
from inventory_app.ui.common.plain_text import plain_label
from inventory_app.ui.importing.preview_table import ImportPreviewModel, details
from inventory_app.ui.importing.sheet_table import (
    FIELD_ROLE,
    ColumnMappingModel,
    SheetRowsModel,
    field_title,
)

Index = QModelIndex | QPersistentModelIndex
SUFFIXES = (".xlsx", ".xlsm", ".csv")


def _label(text: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def _table(model: QAbstractItemModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons, as in a form
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    return table


def _title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    return label


class FilePage(QWidget):
    choose_requested = Signal()
    template_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(self.tr("Which spreadsheet holds your supplies?")))
        layout.addWidget(
            _label(
                self.tr(
                    "Choose an Excel workbook (.xlsx, .xlsm) or a CSV file (.csv), or drag it onto "
                    "this window. It can stay as it is: title rows above the headings, your own "
                    "column names (Item #, Qty, Vendor…), numbers typed as text."
                )
            )
        )
        layout.addWidget(
            _label(
                self.tr(
                    "Nothing is written until you have seen, row by row, what the import will do "
                    "and clicked <b>Import</b>."
                )
            )
        )
        drop = QFrame()
        drop.setFrameShape(QFrame.Shape.StyledPanel)
        drop.setMinimumHeight(150)
        inner = QVBoxLayout(drop)
        inner.addStretch(1)
        self.choose_button = QPushButton(self.tr("Choose a file…"))
        self.choose_button.setMinimumWidth(200)
        self.choose_button.setAutoDefault(False)  # the wizard makes it the default until a file is read
        self.choose_button.clicked.connect(self.choose_requested)
        inner.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.path_label = plain_label(self.tr("or drop a spreadsheet here"))  # then a file path
        self.path_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.path_label.setWordWrap(True)
        inner.addWidget(self.path_label)
        inner.addStretch(1)
        layout.addWidget(drop)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(_label(self.tr("Starting from scratch? Fill in the blank template in Excel:")), 1)
        self.template_button = QPushButton(self.tr("Save the import template…"))
        self.template_button.setAutoDefault(False)
        self.template_button.clicked.connect(self.template_requested)
        row.addWidget(self.template_button)
        layout.addLayout(row)

    def show_path(self, path: str) -> None:
        self.path_label.setText(path)


class SheetPage(QWidget):
    sheet_chosen = Signal(str)
    header_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(self.tr("Where are the column headings?")))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Sheet:")))
        self.sheet_combo = QComboBox()
        self.sheet_combo.setMinimumWidth(180)
        self.sheet_combo.activated.connect(lambda i: self.sheet_chosen.emit(self.sheet_combo.itemText(i)))
        row.addWidget(self.sheet_combo)
        row.addSpacing(24)
        row.addWidget(QLabel(self.tr("Headings on row:")))
        self.header_spin = QSpinBox()
        # 0 shows as "none" (no row of headings found); the row found shows as its number.
        self.header_spin.setRange(0, 1_000_000)
        self.header_spin.setSpecialValueText(self.tr("none"))
        self.header_spin.setMinimumWidth(80)
        self.header_spin.editingFinished.connect(self._spin_chosen)
        row.addWidget(self.header_spin)
        row.addStretch(1)
        layout.addLayout(row)
        self.info_label = _label()
        layout.addWidget(self.info_label)
        self.model = SheetRowsModel(self)
        self.table = _table(self.model)
        self.table.horizontalHeader().setDefaultSectionSize(120)
        self.table.clicked.connect(self._clicked)
        layout.addWidget(self.table, 1)

    def _spin_chosen(self) -> None:
        if self.header_spin.value() > 0:
            self.header_chosen.emit(self.header_spin.value())

    def _clicked(self, index: QModelIndex) -> None:
        number = self.model.row_number(index.row())
        if number is not None:
            self.header_chosen.emit(number)

    def show_sheet(self, sheet: SheetRows, shown_rows: int) -> None:
        """The sheet's first rows, and the workbook's sheets to choose from."""
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(sheet.sheet_names))
        self.sheet_combo.setCurrentText(sheet.sheet)
        self.sheet_combo.setEnabled(len(sheet.sheet_names) > 1)
        self.model.set_rows(sheet.rows[:shown_rows], None)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Columns as wide as their text, within reason (a merged title would make one huge)."""
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.resizeSection(column, min(max(header.sectionSize(column), 60), 240))

    def show_header(self, number: int | None) -> None:
        self.model.set_header_row(number)
        self.header_spin.blockSignals(True)
        self.header_spin.setValue(number or 0)
        self.header_spin.blockSignals(False)
        position = self.model.position_of(number)
        if position >= 0:
            self.table.selectRow(position)
            self.table.scrollTo(self.model.index(position, 0))
        else:
            self.table.clearSelection()


class FieldDelegate(QStyledItemDelegate):
    """A drop-down of the fields a column can be imported as, committed on choice."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(field_title(None), "")
        for field in FIELDS:
            combo.addItem(FIELD_HEADERS[field], field)
        combo.setMaxVisibleItems(len(FIELDS) + 1)
        combo.currentIndexChanged.connect(lambda _i, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.blockSignals(True)
        editor.setCurrentIndex(max(editor.findData(index.data(FIELD_ROLE) or ""), 0))
        editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class MappingPage(QWidget):
    reset_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(self.tr("What does each column hold?")))
        layout.addWidget(
            _label(
                self.tr(
                    "Columns were matched by their headings. Change any that is wrong, or set it to "
                    "“— ignore —”. Your choices are remembered for the next file with the same headings."
                )
            )
        )
        self.model = ColumnMappingModel(self)
        self.table = _table(self.model)
        self.table.setItemDelegateForColumn(ColumnMappingModel.FIELD, FieldDelegate(self.table))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 16)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ColumnMappingModel.LETTER, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(ColumnMappingModel.HEADER, 180)
        header.setSectionResizeMode(ColumnMappingModel.EXAMPLES, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(ColumnMappingModel.FIELD, 210)
        header.setSectionResizeMode(ColumnMappingModel.NOTE, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.summary_label = _label()
        row.addWidget(self.summary_label, 1)
        self.reset_button = QPushButton(self.tr("Match by headings again"))
        self.reset_button.setToolTip(self.tr("Forget the choices made by hand"))
        self.reset_button.setAutoDefault(False)
        self.reset_button.clicked.connect(self.reset_requested)
        row.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        # A list of names without item codes (a formulary): each SKU made from the item's name.
        self.make_skus = QCheckBox(self.tr("This list has no item codes: make each SKU from the item's name"))
        self.make_skus.setToolTip(
            self.tr(
                "Each name becomes a code such as WRIST-BRACE-SMALL, shown in the preview before importing"
            )
        )
        self.make_skus.toggled.connect(lambda _on: self.model.choices_changed.emit())
        layout.addWidget(self.make_skus)
        self.model.modelReset.connect(self._open_editors)
        self.model.choices_changed.connect(self._summarise)

    def _open_editors(self) -> None:
        for position in range(self.model.rowCount()):
            self.table.openPersistentEditor(self.model.index(position, ColumnMappingModel.FIELD))

    def _summarise(self) -> None:
        fields = self.model.fields()
        self.make_skus.setEnabled("sku" not in fields)
        if "sku" not in fields and self.makes_skus():
            text = self.tr("The SKUs will be made from the names in column {letter}; the preview shows them.")
            self.summary_label.setText(escape(text.format(letter=self.model.letter_of("name"))))
            return
        if "sku" not in fields:
            self.summary_label.setText(
                "<b>"
                + escape(self.tr("Choose the column that holds the SKU (your own code for each item)."))
                + "</b>"
            )
            return
        ignored = [c for c in self.model.choices() if not c.field]
        text = self.tr("{n} columns will be imported").format(n=len(fields))
        if ignored:
            text += self.tr("; ignored: {columns}").format(
                columns=", ".join(f"{c.letter} {c.header}".strip() for c in ignored)
            )
        if "name" not in fields:
            text += ". " + self.tr("Without a Name column only existing items can be updated.")
        self.summary_label.setText(escape(text))

    def makes_skus(self) -> bool:
        """Whether the SKUs are to be made from the names: asked, with no SKU column."""
        fields = self.model.fields()
        return self.make_skus.isChecked() and "sku" not in fields and "name" in fields

    def can_continue(self) -> bool:
        return "sku" in self.model.fields() or self.makes_skus()


class PriceChoice(QWidget):
    """What the price column was read as, and beside it the choice to read it the other way:
    the price of one unit of issue (multiplied by the pack size) or of one purchase unit."""

    chosen = Signal(str)  # "unit" or "purchase_unit"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.reading_label = _label()
        layout.addWidget(self.reading_label, 1)
        layout.addWidget(QLabel(self.tr("Prices are per:")), 0, Qt.AlignmentFlag.AlignTop)
        self.group = QButtonGroup(self)
        self.unit_button = QRadioButton(self.tr("unit of issue"))
        self.purchase_unit_button = QRadioButton(self.tr("purchase unit"))
        for per, button in (("unit", self.unit_button), ("purchase_unit", self.purchase_unit_button)):
            self.group.addButton(button)
            button.clicked.connect(lambda _checked=False, p=per: self.chosen.emit(p))
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_reading(self, text: str | None, per: str = "") -> None:
        """The sentence of `import_money.PriceReading` and its meaning checked; hidden for a file
        without a price column."""
        self.setVisible(text is not None)
        self.reading_label.setText(escape(text or ""))
        self.unit_button.setChecked(per == "unit")
        self.purchase_unit_button.setChecked(per == "purchase_unit")


class PreviewPage(QWidget):
    only_valid_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(self.tr("What the import will do")))
        # Which column became each field ("Name ← column H (fullproductname)"): the first thing
        # to check; Back leads to the columns step to change any of them.
        self.columns_label = _label()
        self.columns_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.columns_label)
        self.price_choice = PriceChoice()
        layout.addWidget(self.price_choice)
        # When the headings and every column were recognised, steps 2 and 3 are passed over:
        # this says what was read, and that Back shows them.
        self.found_label = _label()
        self.found_label.hide()
        layout.addWidget(self.found_label)
        self.previous_label = _label()
        self.previous_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.previous_label.setMargin(6)
        self.previous_label.hide()
        layout.addWidget(self.previous_label)
        row = QHBoxLayout()
        self.counts_label = _label()
        row.addWidget(self.counts_label, 1)
        self.only_errors = QCheckBox(self.tr("Show only rows with errors"))
        row.addWidget(self.only_errors)
        layout.addLayout(row)
        self.model = ImportPreviewModel(self)
        self.table = _table(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ImportPreviewModel.ROW, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.resizeSection(ImportPreviewModel.ROW, 56)
        header.resizeSection(ImportPreviewModel.ACTION, 90)
        header.resizeSection(ImportPreviewModel.SKU, 120)
        header.resizeSection(ImportPreviewModel.NAME, 230)
        header.setStretchLastSection(True)
        self.only_errors.toggled.connect(self.model.set_only_errors)
        layout.addWidget(self.table, 1)
        # The whole of the selected row's reasons: a long one does not fit its cell.
        self.row_label = _label()
        self.row_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.row_label)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.model.modelReset.connect(self._select_first_error)
        self.notes_label = _label()
        self.notes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.notes_label)
        self.only_valid = QCheckBox()
        self.only_valid.toggled.connect(self.only_valid_changed)
        layout.addWidget(self.only_valid)

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row()) if current.isValid() else None
        if row is None:
            self.row_label.clear()
            return
        where = escape(self.tr("Row {n}").format(n=row.row) + (f" · {row.sku}" if row.sku else ""))
        self.row_label.setText(f"<b>{where}:</b> " + escape(details(row)))

    def _select_first_error(self) -> None:
        rows = self.model.rows()
        first = next((i for i, r in enumerate(rows) if r.action is RowAction.ERROR), 0 if rows else -1)
        if first >= 0:
            self.table.setCurrentIndex(self.model.index(first, ImportPreviewModel.DETAILS))
        else:
            self.row_label.clear()


class ResultPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title_label = _title(self.tr("Import finished"))
        layout.addWidget(self.title_label)
        self.summary_label = _label()
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary_label)
        layout.addSpacing(12)
        layout.addWidget(
            _label(
                self.tr(
                    "Opening stock and changed counts are in each item's history as “import” "
                    "adjustments. Should this file be imported again later, the preview says so first."
                )
            )
        )
        layout.addStretch(1)


class ButtonRow(QWidget):
    """The work under way (what, how far) on the left; Back, Next, Import, Done, Cancel on the right.

    No button becomes the default by having the focus (autoDefault off): Enter always presses
    the step's main button (Next, Import or Done) that the wizard makes the default, never
    Cancel or Back, wherever the focus is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress_label = plain_label()  # may name the file being read
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(260)
        self.progress_bar.hide()
        self.back_button = QPushButton(self.tr("< Back"))
        self.next_button = QPushButton(self.tr("Next >"))
        self.import_button = QPushButton(self.tr("Import"))
        self.finish_button = QPushButton(self.tr("Done"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress_label, 1)
        layout.addWidget(self.progress_bar)
        for button in (
            self.back_button,
            self.next_button,
            self.import_button,
            self.finish_button,
            self.cancel_button,
        ):
            button.setAutoDefault(False)
            layout.addWidget(button)
