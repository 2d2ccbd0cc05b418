"""Writing a report file in the background, for the shelf pages (expiry, counts, reports).

The same shape as File ▸ Export: ask where, write on the thread pool (the
database is only read there), say where it went in the status bar, and show
the core's own message when writing fails. `save_and_print` writes a PDF into the
printing folder and then asks for a printer (ui/printing.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from inventory_app.errors import InventoryError, OperationCancelled
from inventory_app.ui.common import printing, prompts
from inventory_app.ui.common.background_task import BackgroundTask
from inventory_app.ui.common.file_dialogs import last_folder, remember_folder
from inventory_app.ui.events import AppEvents

PDF_FILTER = "PDF document (*.pdf)"
XLSX_FILTER = "Excel workbook (*.xlsx)"


def ask_path(
    parent: QWidget | None, settings: QSettings, title: str, name: str, filters: list[str]
) -> Path | None:
    """A path to write to; its extension follows the filter chosen when it has none of them."""
    start = str(Path(last_folder(settings)) / name)
    chosen, selected = QFileDialog.getSaveFileName(parent, title, start, ";;".join(filters))
    if not chosen:
        return None
    remember_folder(settings, chosen)
    path = Path(chosen)
    suffixes = {f[f.index("*") + 1 : -1] for f in filters}
    if path.suffix.lower() in suffixes:
        return path
    wanted = selected[selected.index("*") + 1 : -1] if "*" in selected else sorted(suffixes)[0]
    return path.with_name(path.name + wanted)


def failure_message(path: Path, exc: BaseException) -> str:
    """Why writing `path` failed: the app's own refusal as it is, anything else named plainly."""
    if isinstance(exc, InventoryError):
        return str(exc)
    return QCoreApplication.translate(
        "BackgroundSaver", "{name} could not be written ({kind}: {text})."
    ).format(name=path.name, kind=type(exc).__name__, text=exc)


class BackgroundSaver(QObject):
    """Writes one file at a time in the background and reports how it went."""

    saved = Signal(str)  # path written
    failed = Signal(str)  # the message shown
    running_changed = Signal(bool)

    def __init__(self, owner: QWidget, events: AppEvents) -> None:
        super().__init__(owner)
        self.owner = owner
        self.events = events
        self.task = BackgroundTask(self)
        self.task.running_changed.connect(self.running_changed)

    @property
    def running(self) -> bool:
        return self.task.running

    def save(self, path: Path, write: Callable[[], Any], then: Callable[[Path], None] | None = None) -> None:
        """Write `path` with `write()` in the background; then call `then(path)`, if given."""
        self.events.status_message.emit(self.tr("Writing {name}…").format(name=path.name))

        def done(_result: object) -> None:
            self.events.status_message.emit(self.tr("Saved {path}").format(path=path))
            self.saved.emit(str(path))
            if then is not None:
                then(path)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, OperationCancelled):
                return
            message = failure_message(path, exc)
            self.events.status_message.emit(self.tr("Not saved: {name}").format(name=path.name))
            prompts.error(self.owner, self.tr("Not saved"), message)
            self.failed.emit(message)

        self.task.start(lambda _progress, _cancelled: write(), done, failed)

    def save_and_print(self, name: str, write: Callable[[Path], Any]) -> None:
        """Write the PDF `write(path)` makes into the printing folder as `name`, then print it
        on the printer the user chooses."""
        path = printing.printable_path(name)
        self.save(
            path,
            lambda: write(path),
            lambda written: printing.print_pdf(self.owner, written, self.events.status_message.emit),
        )
