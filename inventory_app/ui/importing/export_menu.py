"""File ▸ Export: the inventory, what needs reordering, movements for a period, lots with expiry,
and the blank import template, each as .xlsx or .csv (by the filter chosen).

Each export asks where (a dated default name, in the last folder used), then
writes in the background: the database is only read there, the window stays
usable, and a busy cursor and a progress bar in the status bar show it is
working. Where the file went is said in the status bar; a failure shows the
core's own message. The writers (openpyxl) are imported on first use, not at
start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMenu, QProgressBar, QWidget

from inventory_app.errors import InventoryError, OperationCancelled
from inventory_app.ui.common import prompts
from inventory_app.ui.common.background_task import BackgroundTask
from inventory_app.ui.common.date_range_dialog import DateRangeDialog
from inventory_app.ui.common.file_dialogs import last_folder, remember_folder
from inventory_app.ui.events import AppEvents

XLSX_FILTER = "Excel workbook (*.xlsx)"
CSV_FILTER = "CSV, opens in Excel (*.csv)"
SUFFIXES = (".xlsx", ".csv")
TEMPLATE = "template"
TEMPLATE_NAME = "Import template.xlsx"


@dataclass(frozen=True)
class ExportKind:
    key: str  # EXPORTS key, or TEMPLATE
    menu_text: str
    file_stem: str


KINDS = (
    ExportKind("inventory", "&Inventory…", "Inventory"),
    ExportKind("low-stock", "&Needs reorder…", "Needs reorder"),
    ExportKind("movements", "&Movements…", "Movements"),
    ExportKind("lots", "&Lots with expiry…", "Lots with expiry"),
)


def ask_save_path(
    parent: QWidget | None, settings: QSettings, title: str, file_name: str, csv_too: bool = True
) -> Path | None:
    """A path to write to, starting in the last folder used; its extension follows the filter
    chosen (.xlsx or .csv), added when the name has none."""
    filters = f"{XLSX_FILTER};;{CSV_FILTER}" if csv_too else XLSX_FILTER
    start = str(Path(last_folder(settings)) / file_name)
    chosen, selected = QFileDialog.getSaveFileName(parent, title, start, filters)
    if not chosen:
        return None
    remember_folder(settings, chosen)
    path = Path(chosen)
    suffix = path.suffix.lower()
    if selected == CSV_FILTER and csv_too:
        wanted = ".csv"
    elif selected == XLSX_FILTER or not csv_too:
        wanted = ".xlsx"
    else:
        wanted = suffix if suffix in SUFFIXES else ".xlsx"
    if suffix in SUFFIXES and suffix != wanted:
        return path.with_suffix(wanted)
    return path if suffix == wanted else path.with_name(path.name + wanted)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportMenu", text)


def save_template(parent: QWidget | None, settings: QSettings, events: AppEvents) -> Path | None:
    """Ask where, and save the blank import template there (a small file: written at once)."""
    path = ask_save_path(parent, settings, _tr("Save the import template"), TEMPLATE_NAME, csv_too=False)
    if path is None:
        return None
    from inventory_app.documents.template import write_template

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        write_template(path)
    except InventoryError as exc:
        QApplication.restoreOverrideCursor()
        prompts.error(parent, _tr("Not saved"), str(exc))
        return None
    QApplication.restoreOverrideCursor()
    events.status_message.emit(_tr("Saved the import template to {path}").format(path=path))
    return path


class ExportMenu(QObject):
    """The Export submenu and the background writing behind it."""

    exported = Signal(str)  # path written
    failed = Signal(str)  # the message shown

    def __init__(self, window: QMainWindow, events: AppEvents, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.events = events
        self.settings = settings
        self.menu = QMenu(self.tr("&Export"), window)
        self.menu.setToolTipsVisible(True)
        self.actions: dict[str, Any] = {}
        tips = {
            "inventory": self.tr("Every item with on hand and status; can be edited and imported back"),
            "low-stock": self.tr("Items at or below their reorder point, by supplier"),
            "movements": self.tr("Every stock movement in a period you choose"),
            "lots": self.tr("Lots holding stock, soonest expiry first"),
        }
        for kind in KINDS:
            action = self.menu.addAction(self.tr(kind.menu_text), lambda k=kind: self.export(k))
            action.setToolTip(tips[kind.key])
            action.setStatusTip(tips[kind.key])
            self.actions[kind.key] = action
        self.menu.addSeparator()
        template = self.menu.addAction(self.tr("Download import &template…"), self.save_template)
        template.setStatusTip(self.tr("A blank workbook with the headings the import reads"))
        self.actions[TEMPLATE] = template

        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(160)
        self.progress_bar.setMaximumHeight(16)
        self.progress_bar.hide()
        window.statusBar().addPermanentWidget(self.progress_bar)
        self.task = BackgroundTask(self)
        self.task.progress.connect(self._progress)
        self.task.running_changed.connect(self._running_changed)

    # ---------------------------------------------------------------- asking

    def default_name(self, kind: ExportKind, period: tuple[date, date] | None = None) -> str:
        if period is not None:
            return f"{kind.file_stem} {period[0].isoformat()} to {period[1].isoformat()}.xlsx"
        return f"{kind.file_stem} {date.today().isoformat()}.xlsx"

    def export(self, kind: ExportKind) -> None:
        if self.task.running:
            return
        period = None
        if kind.key == "movements":
            period = DateRangeDialog.ask(self.window, self.tr("Export movements"))
            if period is None:
                return
        title = self.tr("Export {what}").format(what=kind.file_stem.lower())
        path = ask_save_path(self.window, self.settings, title, self.default_name(kind, period))
        if path is None:
            return
        from inventory_app.documents.exports import EXPORTS

        write = EXPORTS[kind.key]
        if period is not None:
            start, end = period

            def work(progress: Any, cancelled: Any) -> int:
                return write(path, start, end, progress=progress, cancelled=cancelled)
        else:

            def work(progress: Any, cancelled: Any) -> int:
                return write(path, progress=progress, cancelled=cancelled)

        self._run(path, work)

    def save_template(self) -> None:
        if self.task.running:
            return
        path = ask_save_path(
            self.window, self.settings, self.tr("Save the import template"), TEMPLATE_NAME, csv_too=False
        )
        if path is not None:
            from inventory_app.documents.template import write_template

            self._run(path, lambda _progress, _cancelled: write_template(path))

    # ---------------------------------------------------------------- writing

    def _run(self, path: Path, work: Callable[[Any, Any], Any]) -> None:
        self.events.status_message.emit(self.tr("Writing {name}…").format(name=path.name))

        def done(rows: object) -> None:
            if isinstance(rows, int):
                text = self.tr("Saved {n} rows to {path}").format(n=f"{rows:,}", path=path)
            else:
                text = self.tr("Saved {path}").format(path=path)
            self.events.status_message.emit(text)
            self.exported.emit(str(path))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, OperationCancelled):
                self.events.status_message.emit(self.tr("Export cancelled; nothing was written."))
                return
            # Imported here: background_save brings the printing support, not needed to start.
            from inventory_app.ui.common.background_save import failure_message

            message = failure_message(path, exc)
            self.events.status_message.emit(self.tr("Not exported: {name}").format(name=path.name))
            prompts.error(self.window, self.tr("Not exported"), message)
            self.failed.emit(message)

        self.task.start(work, done, failed)

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))

    def _running_changed(self, running: bool) -> None:
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setVisible(running)
        for action in self.actions.values():
            action.setEnabled(not running)
        if running:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()
