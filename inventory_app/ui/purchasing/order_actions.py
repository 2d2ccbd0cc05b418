"""What can be done to a purchase order, shared by the Orders page and the PO editor:
mark as ordered, receive, cancel, save as PDF or Excel, open the PDF, print it, and
send it to the supplier (saved where it can be attached, and a new e-mail to them).

Each action asks what it must (confirmation, file name), calls the core, shows a
refusal with the core's own message, and tells the rest of the window through
the app events. Exports render in a worker thread; the database is only read there.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, QUrl, QUrlQuery, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing.types import OPEN_STATUSES, OrderStatus, OrderSummary
from inventory_app.core.wording import counted
from inventory_app.errors import InventoryError
from inventory_app.ui.common import printing, prompts
from inventory_app.ui.common.file_dialogs import ask_save_file
from inventory_app.ui.common.workers import run_in_background
from inventory_app.ui.events import AppEvents
from inventory_app.ui.operations import Operation
from inventory_app.ui.purchasing.receive_order_dialog import ReceiveOrderDialog

FILTERS = {".pdf": "PDF form (*.pdf)", ".xlsx": "Excel workbook (*.xlsx)"}

Then = Callable[[QWidget | None, Path], None]  # what to do with the written file


def _query_value(text: str) -> str:
    """`text` for QUrlQuery.addQueryItem, which leaves "%", "&" and "+" as they are (a mail
    program would read "+" as a space and "&" as the next field)."""
    return text.replace("%", "%25").replace("&", "%26").replace("+", "%2B")


def can_mark_ordered(summary: OrderSummary | None) -> bool:
    return summary is not None and summary.status is OrderStatus.DRAFT


def can_receive(summary: OrderSummary | None) -> bool:
    return summary is not None and summary.status in OPEN_STATUSES


def can_cancel(summary: OrderSummary | None) -> bool:
    return summary is not None and summary.status in (OrderStatus.DRAFT, OrderStatus.ORDERED)


def _order_forms() -> Any:
    """The documents module that writes order forms, or None where it is not installed."""
    try:
        from inventory_app.documents import order_forms
    except ImportError:
        return None
    return order_forms


def exports_available() -> bool:
    """Whether order forms can be written, without importing reportlab and openpyxl yet."""
    from importlib.util import find_spec

    return find_spec("inventory_app.documents.order_forms") is not None


class OrderActions(QObject):
    changed = Signal(int)  # order id whose status, lines or receipts changed
    busy_changed = Signal(bool)  # an export started or finished
    exported = Signal(str)  # path written

    def __init__(self, events: AppEvents, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.settings = settings
        self.running = 0

    # ---------------------------------------------------------------- status changes

    def mark_ordered(self, parent: QWidget, summary: OrderSummary) -> bool:
        if not can_mark_ordered(summary):
            return False
        try:
            lead = catalog.supplier(summary.supplier_id).lead_time_days
        except InventoryError:
            lead = None
        text = self.tr("Mark {number} as ordered today?").format(number=summary.number)
        if lead is not None:
            text += "\n\n" + self.tr(
                "It is expected in {n} days ({supplier}'s lead time). Its lines can no longer be "
                "changed; what it brings counts as on order."
            ).format(n=lead, supplier=summary.supplier)
        if not prompts.confirm(parent, self.tr("Mark as ordered"), text, yes=self.tr("Mark as ordered")):
            return False
        op = Operation(
            parent,
            self.events,
            lambda: purchasing.mark_ordered(summary.id),
            refused=self.tr("Not marked as ordered"),
            initiator=parent,
        )
        if not op.run() or op.result is None:
            return False
        done = op.result
        expected = done.expected_on.isoformat() if done.expected_on else "?"
        self._done(
            summary.id, self.tr("{number} ordered; expected {date}").format(number=done.number, date=expected)
        )
        return True

    def cancel(self, parent: QWidget, summary: OrderSummary) -> bool:
        if not can_cancel(summary):
            return False
        text = self.tr(
            "Cancel {number} ({supplier}, {lines})?\n\nIt stays in the list as cancelled; "
            "nothing on it counts as on order any more. This cannot be undone."
        ).format(
            number=summary.number,
            supplier=summary.supplier,
            lines=counted(summary.line_count, self.tr("line")),
        )
        if not prompts.confirm(parent, self.tr("Cancel order"), text, yes=self.tr("Cancel order")):
            return False
        if not Operation(
            parent,
            self.events,
            lambda: purchasing.cancel(summary.id),
            refused=self.tr("Not cancelled"),
            initiator=parent,
        ).run():
            return False
        self._done(summary.id, self.tr("Cancelled {number}").format(number=summary.number))
        return True

    def receive(self, parent: QWidget, summary: OrderSummary) -> bool:
        if not can_receive(summary):
            return False
        op = Operation(
            parent,
            self.events,
            lambda: ReceiveOrderDialog.ask(parent, summary.id, self.events),
            refused=self.tr("Cannot receive"),
            initiator=parent,
        )
        if not op.run_dialog():
            return False
        rows = op.result
        if rows is None:
            return False
        if not rows:
            self._done(
                summary.id,
                self.tr("The receipt on {number} was already saved; nothing more was booked").format(
                    number=summary.number
                ),
            )
            return True
        items = len({row.item_id for row in rows})
        self._done(
            summary.id,
            self.tr("Received {n} on {number}").format(
                n=counted(items, self.tr("item")), number=summary.number
            ),
        )
        return True

    def _done(self, order_id: int, message: str) -> None:
        self.events.status_message.emit(message)
        self.changed.emit(order_id)  # the open order editor shows it (the runner told the window)

    # ---------------------------------------------------------------- documents

    def save_as(self, parent: QWidget, summary: OrderSummary, extension: str) -> bool:
        """Ask where, then write the order form there in the background."""
        forms = _order_forms()
        if forms is None:
            return False
        title = self.tr("Save {number} as {kind}").format(
            number=summary.number, kind="PDF" if extension == ".pdf" else "Excel"
        )
        path = self._ask_path(parent, summary, extension, title)
        if path is None:
            return False
        self._export(parent, summary, path, None)
        return True

    def _ask_path(self, parent: QWidget, summary: OrderSummary, extension: str, title: str) -> Path | None:
        forms = _order_forms()
        chosen = ask_save_file(
            parent, self.settings, title, forms.default_file_name(summary, extension), FILTERS[extension]
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix else path.with_suffix(extension)

    def open_document(self, parent: QWidget, summary: OrderSummary) -> bool:
        """Write the PDF to a temporary folder and open it in the system viewer."""
        forms = _order_forms()
        if forms is None:
            return False
        folder = Path(tempfile.mkdtemp(prefix="supply-room-"))

        def opened(owner: QWidget | None, written: Path) -> None:
            if printing.open_file(owner, written):
                self.events.status_message.emit(self.tr("Opened {name}").format(name=written.name))

        self._export(parent, summary, folder / forms.default_file_name(summary, ".pdf"), opened)
        return True

    def print_order(self, parent: QWidget, summary: OrderSummary) -> bool:
        """Write the PDF to the printing folder, then print it on the printer the user chooses."""
        forms = _order_forms()
        if forms is None:
            return False

        def printed(owner: QWidget | None, written: Path) -> None:
            printing.print_pdf(owner, written, self.events.status_message.emit)

        self._export(
            parent, summary, printing.printable_path(forms.default_file_name(summary, ".pdf")), printed
        )
        return True

    def send_to_supplier(self, parent: QWidget, summary: OrderSummary) -> bool:
        """Save the PDF where the user chooses (to attach it), then open a new e-mail to the
        supplier that names the file: a mailto: link cannot carry an attachment."""
        forms = _order_forms()
        if forms is None:
            return False
        try:
            supplier = catalog.supplier(summary.supplier_id)
        except InventoryError as exc:
            prompts.error(parent, self.tr("Cannot send"), str(exc))
            return False
        title = self.tr("Save {number} to attach to the e-mail").format(number=summary.number)
        path = self._ask_path(parent, summary, ".pdf", title)
        if path is None:
            return False
        email = supplier.email.strip()

        def mail(owner: QWidget | None, written: Path) -> None:
            if not email:
                prompts.inform(
                    owner,
                    self.tr("No e-mail address"),
                    self.tr(
                        "{supplier} has no e-mail address on file, so no message was started.\n\n"
                        "The purchase order is saved as:\n{path}\n\nAdd their address under Suppliers, "
                        "or attach the file to a message yourself."
                    ).format(supplier=supplier.name, path=written),
                )
                return
            if QDesktopServices.openUrl(self.mail_link(email, summary.number, written)):
                self.events.status_message.emit(
                    self.tr("Saved {path}; attach it to the new e-mail to {email}").format(
                        path=written, email=email
                    )
                )
                return
            prompts.warn(
                owner,
                self.tr("No e-mail program"),
                self.tr(
                    "Your e-mail program could not be opened.\n\nThe purchase order is saved as:\n{path}\n\n"
                    "Attach it to a message to {email}."
                ).format(path=written, email=email),
            )

        self._export(parent, summary, path, mail)
        return True

    def mail_link(self, email: str, number: str, attachment: Path) -> QUrl:
        """A mailto: link to `email` with the subject and a body that names the file to attach."""
        url = QUrl(f"mailto:{email}")
        query = QUrlQuery()
        query.addQueryItem("subject", _query_value(self.tr("Purchase order {number}").format(number=number)))
        body = self.tr(
            "Hello,\n\nPlease find attached our purchase order {number}.\n\n"
            "(Attach this file before sending: {path})\n"
        ).format(number=number, path=attachment)
        query.addQueryItem("body", _query_value(body))
        url.setQuery(query)
        return url

    def _export(self, parent: QWidget, summary: OrderSummary, path: Path, then: Then | None) -> None:
        forms = _order_forms()
        warnings: list[str] = []
        self._busy(True)
        self.events.status_message.emit(self.tr("Writing {name}…").format(name=path.name))

        def work() -> Path:
            return forms.export_order(summary.id, path, on_warning=warnings.append)

        def owner() -> QWidget | None:
            # The editor that asked may have been closed while the worker wrote.
            return parent if isValid(parent) else None

        def done(written: Path) -> None:
            self._busy(False)
            if then is None:
                self.events.status_message.emit(self.tr("Saved {path}").format(path=written))
            if warnings:
                prompts.warn(owner(), self.tr("Saved, with a warning"), "\n".join(warnings))
            if then is not None:
                then(owner(), written)
            self.exported.emit(str(written))

        def failed(exc: BaseException) -> None:
            self._busy(False)
            message = (
                str(exc)
                if isinstance(exc, InventoryError)
                else self.tr("{kind}: {text}").format(kind=type(exc).__name__, text=exc)
            )
            prompts.error(owner(), self.tr("Not saved"), message)

        run_in_background(work, done, failed)

    def _busy(self, started: bool) -> None:
        self.running += 1 if started else -1
        if started:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()
        self.busy_changed.emit(self.running > 0)
