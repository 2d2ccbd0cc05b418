"""The import wizard: the office's own spreadsheet in, seen row by row before anything is written.

Steps: the file (chosen or dropped) → the sheet and the header row (found,
changeable) → what each column holds (matched by heading, editable, the hand
choices remembered per header layout) → the preview (every row's action and
errors, counts, new names, a warning for a file imported before) → Import →
what was done. When the headings are found and every column is recognised,
there is nothing to decide in steps 2 and 3: a newly read file goes straight
on to the preview, which says so, and Back still shows them. Enter presses
the step's main button (Next, Import, Done), never Cancel. Reading and
checking run on the thread pool with a progress bar and a working Cancel;
the import itself is one transaction on the GUI thread, under a busy cursor.
Every refusal is one plain message. On the preview the person can read the
price column the other way (per unit of issue or per purchase unit) and type
over a SKU made from a name; each choice checks the file again with it.
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.importing.apply import apply_import, existing_items_changed
from inventory_app.core.importing.columns import guess_header_row
from inventory_app.core.importing.money import PricePer
from inventory_app.core.importing.plan import plan_import
from inventory_app.core.importing.reading import DatesUnclear
from inventory_app.core.importing.readings import DateOrder
from inventory_app.core.importing.types import ImportPlan, ImportResult, SheetRows
from inventory_app.documents.importing import read_sheet
from inventory_app.errors import ImportFileError, InventoryError, OperationCancelled
from inventory_app.ui.common import prompts
from inventory_app.ui.common.access import admin_only_text, is_admin
from inventory_app.ui.common.background_task import BackgroundTask
from inventory_app.ui.common.file_dialogs import ask_open_file
from inventory_app.ui.events import AppEvents
from inventory_app.ui.importing import steps as import_steps
from inventory_app.ui.importing.dates import DatesQuestion
from inventory_app.ui.importing.pages import (
    ButtonRow,
    FilePage,
    MappingPage,
    PreviewPage,
    ResultPage,
    SheetPage,
)
from inventory_app.ui.importing.steps import Step, importable_path
from inventory_app.ui.operations import Operation

log = logging.getLogger(__name__)
__all__ = ["ImportWizard", "Step", "importable_path"]
SHOWN_ROWS = 200  # rows of the sheet shown to pick the header row from


class ImportWizard(QDialog):
    imported = Signal(object)  # ImportResult

    def __init__(self, events: AppEvents, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.settings = settings
        self.path: Path | None = None
        self.stamp: tuple[int, int] | None = None
        self.sheet: SheetRows | None = None
        self.header_row: int | None = None
        self.layout_key = ""
        self.plan: ImportPlan | None = None
        self.import_result: ImportResult | None = None
        self._mapped_for: tuple[str, str, int] | None = None
        self.skipped_to_preview = False  # steps 2 and 3 had nothing to decide: passed over
        self.date_order: DateOrder | None = None  # the answer to the preview's question about dates
        self.price_per: PricePer | None = None  # what the price column is the price of, when chosen
        self.sku_choices: dict[int, str] = {}  # SKUs typed over made ones: row number → SKU
        self.setWindowTitle(self.tr("Import a spreadsheet"))
        self.setAcceptDrops(True)
        self.setMinimumSize(820, 560)
        self.resize(1040, 700)

        self.task = BackgroundTask(self)
        self.task.progress.connect(self._progress)
        self.task.running_changed.connect(self._running_changed)

        self.steps_label = QLabel()
        self.steps_label.setTextFormat(Qt.TextFormat.RichText)
        self.file_page = FilePage()
        self.sheet_page = SheetPage()
        self.mapping_page = MappingPage()
        self.preview_page = PreviewPage()
        self.dates_question = DatesQuestion()
        self.preview_page.layout().insertWidget(1, self.dates_question)
        self.result_page = ResultPage()
        self.stack = QStackedWidget()
        for page in (self.file_page, self.sheet_page, self.mapping_page, self.preview_page, self.result_page):
            self.stack.addWidget(page)

        row = ButtonRow()
        self.progress_label, self.progress_bar = row.progress_label, row.progress_bar
        self.back_button, self.next_button = row.back_button, row.next_button
        self.import_button, self.cancel_button = row.import_button, row.cancel_button
        self.finish_button = row.finish_button
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(row)

        self.file_page.choose_requested.connect(self.choose_file)
        self.file_page.template_requested.connect(self._save_template)
        self.sheet_page.sheet_chosen.connect(self._sheet_chosen)
        self.sheet_page.header_chosen.connect(self.set_header_row)
        self.mapping_page.model.choices_changed.connect(self._update_buttons)
        self.mapping_page.reset_requested.connect(lambda: self._build_mapping(use_memory=False))
        self.preview_page.only_valid_changed.connect(self._update_buttons)
        self.dates_question.chosen.connect(self._dates_chosen)
        self.preview_page.price_choice.chosen.connect(self._price_chosen)
        self.preview_page.model.sku_typed.connect(self._sku_typed)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.import_button.clicked.connect(self.import_now)
        self.finish_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self._go(Step.FILE)

    @classmethod
    def ask(
        cls, parent: QWidget | None, events: AppEvents, settings: QSettings, path: str | None = None
    ) -> ImportResult | None:
        """Run the wizard (reading `path` straight away when given); what was imported, if anything."""
        wizard = cls(events, settings, parent)
        if path:
            wizard.open_file(path)
        wizard.exec()
        return wizard.import_result

    # ---------------------------------------------------------------- steps

    @property
    def step(self) -> Step:
        return Step(self.stack.currentIndex())

    def _go(self, step: Step) -> None:
        self.stack.setCurrentIndex(step)
        self.steps_label.setText(import_steps.steps_html(step))
        self._update_buttons()
        # The focus goes where this step is worked (never left on a button of a hidden page,
        # from where Qt would pass it on to whatever comes next, Cancel included).
        focus = {
            Step.FILE: self.file_page.choose_button,
            Step.SHEET: self.sheet_page.table,
            Step.COLUMNS: self.mapping_page.table,
            Step.PREVIEW: self.preview_page.table,
            Step.DONE: self.finish_button,
        }[step]
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self, *_args: object) -> None:
        step, running = self.step, self.task.running
        done = step is Step.DONE
        self.back_button.setVisible(not done)
        self.back_button.setEnabled(not running and step is not Step.FILE)
        self.next_button.setVisible(step < Step.PREVIEW)
        ready = {
            Step.FILE: self.sheet is not None,
            Step.SHEET: self.header_row is not None,
            Step.COLUMNS: self.mapping_page.can_continue(),
        }.get(step, False)
        self.next_button.setEnabled(ready and not running)
        self.import_button.setVisible(step is Step.PREVIEW)
        self.import_button.setEnabled(not running and self.can_import())
        self.finish_button.setVisible(done)
        self.cancel_button.setVisible(not done)
        # Enter presses the step's main button: on the first step, before a file is read,
        # that is "Choose a file…".
        main = {
            Step.FILE: self.next_button if self.sheet is not None else self.file_page.choose_button,
            Step.PREVIEW: self.import_button,
            Step.DONE: self.finish_button,
        }.get(step, self.next_button)
        for button in (
            self.file_page.choose_button,
            self.next_button,
            self.import_button,
            self.finish_button,
        ):
            button.setDefault(button is main)
        self._staff_may_not_overwrite()
        self.file_page.setEnabled(not running)

    def _staff_may_not_overwrite(self) -> None:
        """Staff import new items only: a plan that changes existing items is for administrators
        (the core refuses it for staff as well)."""
        changed = existing_items_changed(self.plan) if self.plan is not None and not is_admin() else 0
        if changed:
            self.import_button.setEnabled(False)
            items = (
                self.tr("1 existing item")
                if changed == 1
                else self.tr("{n:,} existing items").format(n=changed)
            )
            self.import_button.setToolTip(
                self.tr("{only}. This file changes {items}; staff may import new items only.").format(
                    only=admin_only_text(), items=items
                )
            )
        else:
            self.import_button.setToolTip("")

    def can_import(self) -> bool:
        plan = self.plan
        if plan is None or not plan.changes_anything:
            return False
        return not plan.has_errors or self.preview_page.only_valid.isChecked()

    def back(self) -> None:
        if self.step > Step.FILE and not self.task.running:
            self._go(Step(self.step - 1))

    def next(self) -> None:
        if not self.next_button.isEnabled():
            return
        if self.step is Step.FILE:
            self._go(Step.SHEET)
        elif self.step is Step.SHEET:
            self._build_mapping()
            self._go(Step.COLUMNS)
        elif self.step is Step.COLUMNS:
            self.skipped_to_preview = False
            self.check_rows()

    # ---------------------------------------------------------------- background work

    def _running_changed(self, running: bool) -> None:
        self.progress_bar.setVisible(running)
        if running:
            self.progress_bar.setRange(0, 0)
        self._update_buttons()

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))

    def _start(self, message: str, work: Any, on_done: Any) -> None:
        self.progress_label.setText(message)
        self.task.start(work, on_done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        if self.sheet is not None:  # a sheet that failed or was cancelled: the one shown stays
            self.sheet_page.sheet_combo.setCurrentText(self.sheet.sheet)
        if isinstance(exc, OperationCancelled):
            self.progress_label.setText(self.tr("Cancelled; nothing was imported."))
            return
        if isinstance(exc, DatesUnclear):
            self._ask_dates(exc)
            return
        self.progress_label.clear()
        if isinstance(exc, InventoryError):
            prompts.error(self, self.tr("Cannot import this file"), str(exc))
        else:
            log.error("Import failed", exc_info=exc)
            name = self.path.name if self.path else ""
            prompts.error(self, self.tr("Cannot import this file"), import_steps.unexpected_text(name, exc))
        if isinstance(exc, ImportFileError) and self.step is Step.PREVIEW:
            self._go(Step.SHEET)  # the file changed shape under the preview

    # ---------------------------------------------------------------- 1. the file

    def choose_file(self) -> None:
        chosen = ask_open_file(
            self,
            self.settings,
            self.tr("Import a spreadsheet"),
            self.tr("Spreadsheets (*.xlsx *.xlsm *.csv);;All files (*)"),
        )
        if chosen:
            self.open_file(chosen)

    def open_file(self, path: str, sheet: str | None = None) -> None:
        """Read `path` (its first sheet unless `sheet`) in the background, then show the sheet step,
        or (a new file whose headings and columns are all recognised) check it and show the preview."""
        file = Path(path)
        self.path = file
        self.plan = None
        self.date_order = None
        self.price_per = None
        self.sku_choices = {}
        self.skipped_to_preview = False
        self.file_page.show_path(str(file))
        self._start(
            self.tr("Reading {name}…").format(name=file.name),
            lambda progress, cancelled: read_sheet(file, sheet, progress=progress, cancelled=cancelled),
            lambda rows: self._sheet_read(rows, may_skip=sheet is None),
        )

    def _sheet_read(self, rows: SheetRows, may_skip: bool = False) -> None:
        assert self.path is not None
        self.progress_label.clear()
        if not rows.rows and len(rows.sheet_names) < 2:
            self.sheet = None
            prompts.error(
                self,
                self.tr("Cannot import this file"),
                self.tr("{name} is empty: there is nothing to import.").format(name=rows.file_name),
            )
            self._go(Step.FILE)
            return
        self.sheet = rows
        self.stamp = import_steps.file_stamp(self.path)
        self.sheet_page.show_sheet(rows, SHOWN_ROWS)
        found = guess_header_row([(r.number, r.values) for r in rows.rows])
        self.header_row = None
        self.set_header_row(rows.rows[found].number if found is not None else None, guessed=True)
        self._go(Step.SHEET)
        if may_skip and self.header_row is not None:
            self._build_mapping()
            if import_steps.nothing_to_decide(self.mapping_page.model.choices()):
                self.skipped_to_preview = True
                self.check_rows()

    # ---------------------------------------------------------------- 2. sheet and header row

    def _sheet_chosen(self, name: str) -> None:
        if self.path is not None and self.sheet is not None and name != self.sheet.sheet:
            self.open_file(str(self.path), name)

    def set_header_row(self, number: int | None, guessed: bool = False) -> None:
        """Take row `number` of the file as the headings (None: not found)."""
        sheet = self.sheet
        if sheet is None:
            return
        rows = {r.number for r in sheet.rows}
        if number is not None and number not in rows:
            self.sheet_page.info_label.setText(
                escape(self.tr("Row {n} is empty, so it cannot hold the headings.").format(n=number))
            )
            self.sheet_page.show_header(self.header_row)
            return
        self.header_row = number
        self.sheet_page.show_header(number)
        self.sheet_page.info_label.setText(import_steps.header_text(sheet, number, guessed))
        self._update_buttons()

    # ---------------------------------------------------------------- 3. columns

    def _build_mapping(self, use_memory: bool = True) -> None:
        sheet, header_row = self.sheet, self.header_row
        if sheet is None or header_row is None:
            return
        key = (sheet.checksum, sheet.sheet, header_row)
        if key == self._mapped_for and use_memory:
            return  # back and forth: keep the choices made
        self._mapped_for = key
        self.sku_choices = {}  # typed for the rows of another reading of the sheet
        self.layout_key, choices = import_steps.column_choices(sheet, header_row, use_memory)
        self.mapping_page.model.set_choices(choices)

    def check_rows(self) -> None:
        """Remember the hand mapping, then check every row in the background."""
        sheet, header_row = self.sheet, self.header_row
        if sheet is None or header_row is None:
            return
        model = self.mapping_page.model
        import_steps.remember(self.layout_key, model.hand_choices())
        try:
            source = import_steps.source(sheet, header_row, model.choices(), self.mapping_page.makes_skus())
        except InventoryError as exc:
            prompts.error(self, self.tr("Cannot import this file"), str(exc))
            return
        dates, price_per, skus = self.date_order, self.price_per, self._skus()
        self._start(
            self.tr("Checking {n} rows…").format(n=len(source.rows)),
            lambda progress, cancelled: plan_import(
                source, progress=progress, cancelled=cancelled, dates=dates, price_per=price_per, skus=skus
            ),
            self._planned,
        )

    def _skus(self) -> dict[int, str]:
        """The SKUs typed over made ones, while the SKUs are made from the names."""
        return dict(self.sku_choices) if self.mapping_page.makes_skus() else {}

    def _price_chosen(self, per: str) -> None:
        if self.task.running or per == (self.plan.price.per if self.plan and self.plan.price else None):
            return
        self.price_per = per  # type: ignore[assignment]
        self.check_rows()

    def _sku_typed(self, row: int, sku: str) -> None:
        """A SKU typed over a made one (empty: the made one again); checked with the whole file."""
        if self.task.running:
            return
        if sku:
            self.sku_choices[row] = sku
        else:
            self.sku_choices.pop(row, None)
        self.check_rows()

    def _ask_dates(self, unclear: DatesUnclear) -> None:
        """The file cannot tell how its dates are written: the preview asks, and shows nothing
        to import until answered."""
        self.progress_label.clear()
        self.plan = None
        page = self.preview_page
        page.model.set_plan_rows(())
        page.counts_label.setText(escape(self.tr("Nothing is imported until the dates are read as meant.")))
        page.notes_label.hide()
        page.previous_label.hide()
        page.only_valid.hide()
        self.dates_question.ask(unclear)
        self._go(Step.PREVIEW)
        self.dates_question.day_first_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _dates_chosen(self, order: str) -> None:
        if self.task.running:
            return
        self.date_order = order  # type: ignore[assignment]
        if self.step is Step.PREVIEW:
            self.check_rows()

    def recheck(self) -> None:
        """Read the file again and check it with the same sheet, headings and columns."""
        if self.path is None or self.sheet is None or self.header_row is None:
            return
        path, sheet_name, header_row = self.path, self.sheet.sheet, self.header_row
        choices = self.mapping_page.model.choices()
        make_skus = self.mapping_page.makes_skus()
        dates, price_per, skus = self.date_order, self.price_per, self._skus()

        def work(progress: Any, cancelled: Any) -> tuple[SheetRows, ImportPlan]:
            rows = read_sheet(path, sheet_name, progress=progress, cancelled=cancelled)
            source = import_steps.source(rows, header_row, choices, make_skus)
            plan = plan_import(
                source, progress=progress, cancelled=cancelled, dates=dates, price_per=price_per, skus=skus
            )
            return rows, plan

        def done(found: tuple[SheetRows, ImportPlan]) -> None:
            self.sheet = found[0]
            self.stamp = import_steps.file_stamp(path)
            self._mapped_for = (self.sheet.checksum, self.sheet.sheet, header_row)
            self._planned(found[1])

        self._start(self.tr("Checking {name} again…").format(name=path.name), work, done)

    # ---------------------------------------------------------------- 4. preview and import

    def _planned(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.progress_label.clear()
        page = self.preview_page
        page.only_valid.setChecked(False)
        import_steps.show_plan(page, plan)
        self.dates_question.show_reading(plan.readings)
        page.found_label.setVisible(self.skipped_to_preview)
        if self.skipped_to_preview and self.sheet is not None:
            page.found_label.setText(import_steps.found_text(self.sheet, plan))
        self._go(Step.PREVIEW)

    def import_now(self) -> None:
        plan = self.plan
        if plan is None or not self.can_import() or self.task.running:
            return
        previous = plan.previous_import
        if previous is not None and not prompts.confirm(
            self,
            self.tr("Import again?"),
            import_steps.previous_text(plan, previous) + "\n\n" + self.tr("Import it again anyway?"),
            yes=self.tr("Import again"),
        ):
            return
        if self.path is not None and import_steps.file_stamp(self.path) != self.stamp:
            prompts.error(
                self,
                self.tr("Nothing was imported"),
                self.tr("{name} was changed after it was checked; it is checked again now.").format(
                    name=self.path.name
                ),
            )
            self.recheck()
            return
        only_valid = plan.has_errors and self.preview_page.only_valid.isChecked()

        def refused(exc: InventoryError) -> None:
            prompts.error(self, self.tr("Nothing was imported"), str(exc))
            if not isinstance(exc, ImportFileError):
                self.recheck()  # the inventory changed meanwhile: show the plan as it is now

        Operation(
            self,
            self.events,
            work=lambda progress, cancelled: apply_import(
                plan, progress=progress, cancelled=cancelled, only_valid=only_valid
            ),
            initiator=self,
        ).success(lambda result: self._imported(plan, result)).failure(refused).run_in_background(
            self.tr("Importing {file}…").format(file=plan.source.file_name), cancellable=True
        )

    def _imported(self, plan: ImportPlan, result: ImportResult) -> None:
        self.import_result = result
        self.result_page.summary_label.setText(import_steps.result_text(plan, result))
        self._go(Step.DONE)
        self.events.status_message.emit(
            self.tr("Imported {file}: {new} new, {updated} updated").format(
                file=plan.source.file_name, new=result.created, updated=result.updated
            )
        )
        self.imported.emit(result)

    # ---------------------------------------------------------------- closing, dropping

    def reject(self) -> None:
        """Cancel stops the work while it runs; otherwise it closes the wizard."""
        if self.task.running:
            self.task.cancel()
            return
        if self.import_result is not None:
            self.accept()
            return
        super().reject()

    def done(self, code: int) -> None:
        self.task.abandon()
        super().done(code)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.task.abandon()
        super().closeEvent(event)

    def _save_template(self) -> None:
        from inventory_app.ui.importing.export_menu import save_template

        save_template(self, self.settings, self.events)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.step in (Step.FILE, Step.SHEET) and importable_path(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = importable_path(event.mimeData())
        if path and not self.task.running:
            event.acceptProposedAction()
            self.open_file(path)
