"""Printing the PDFs the app makes, and opening written files, through the system.

Every document is drawn by the app itself as a PDF (reportlab), so printing is only
choosing a printer and handing the file over, and the page comes out exactly as the
PDF shows it. The system print dialog (`QPrintDialog`) chooses the printer, the
copies and the pages; then:

- Linux and macOS: `lp -d <printer> [-n copies] [-P pages] <file>` (CUPS) prints the
  PDF as it is; its refusal ("No default destination", an unknown printer) is shown.
- Windows: the shell's "print" verb (`os.startfile(path, "print")`) hands the file to
  the PDF viewer registered for printing, which prints to the *default* printer: the
  printer and copies chosen in the dialog cannot be passed on that way. The dialog
  is still shown, so the steps are the same everywhere, and the status line says
  the job went to the default printer.

"Print to file" in the dialog copies the PDF to the file named there. The files made
for printing go to a "Printing" folder in the data folder (beside the database),
where each print overwrites its own name and files older than a day are removed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from inventory_app.core.backups import status as backup_status
from inventory_app.ui.common import prompts

KEEP_SECONDS = 24 * 3600
LP_TIMEOUT = 60


def _tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


@dataclass(frozen=True)
class PrintChoice:
    """What the print dialog chose."""

    printer: str  # "" for the system's default printer
    copies: int = 1
    pages: tuple[int, int] | None = None  # first and last page, 1-based; None for all
    to_file: str = ""  # "Print to file": where the PDF goes instead


def print_folder() -> Path:
    """Where PDFs made only to be printed are written: "Printing" in the data folder."""
    return backup_status.default_folder().parent / "Printing"


def printable_path(name: str) -> Path:
    """A path in the printing folder for a PDF called `name` (old prints cleared away)."""
    folder = print_folder()
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in folder.glob("*.pdf"):
        try:
            if now - old.stat().st_mtime > KEEP_SECONDS:
                old.unlink()
        except OSError:
            pass  # in use (a spooler still reading it): next time
    return folder / name


def lp_command(path: Path, choice: PrintChoice) -> list[str]:
    """The `lp` command line that prints `path` as chosen."""
    command = ["lp"]
    if choice.printer:
        command += ["-d", choice.printer]
    if choice.copies > 1:
        command += ["-n", str(choice.copies)]
    if choice.pages is not None:
        command += ["-P", f"{choice.pages[0]}-{choice.pages[1]}"]
    return [*command, "--", str(path)]


def lp_available() -> bool:
    """Whether the `lp` command (CUPS) is on this computer."""
    return shutil.which("lp") is not None


def send_to_printer(path: Path, choice: PrintChoice) -> str | None:
    """Hand the PDF to the system for printing; None when it took it, else why not."""
    if choice.to_file:
        try:
            shutil.copyfile(path, choice.to_file)
        except OSError as exc:
            return _tr("The PDF could not be saved as {target}: {why}").format(
                target=choice.to_file, why=exc.strerror or exc
            )
        return None
    if sys.platform == "win32":
        try:
            os.startfile(str(path), "print")  # type: ignore[attr-defined]
        except OSError as exc:
            return _tr(
                "Windows has no program set up to print PDF files ({why}). Open the PDF and print it "
                "from the viewer: {path}"
            ).format(why=exc.strerror or exc, path=path)
        return None
    if not lp_available():
        return _tr(
            "Printing needs the “lp” command (CUPS), which is not installed on this computer. "
            "Open the PDF and print it from the viewer: {path}"
        ).format(path=path)
    try:
        done = subprocess.run(  # a fixed program, no shell
            lp_command(path, choice), capture_output=True, text=True, timeout=LP_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return _tr("The printing system could not be reached ({why}).").format(why=exc)
    if done.returncode != 0:
        said = (done.stderr or done.stdout or "").strip() or _tr("exit status {n}").format(n=done.returncode)
        return _tr("The printing system refused the job: {said}").format(said=said)
    return None


def _choice_of(printer: QPrinter) -> PrintChoice:
    pages = None
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        pages = (printer.fromPage(), max(printer.toPage(), printer.fromPage()))
    to_file = ""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        to_file = printer.outputFileName()
    return PrintChoice(printer.printerName(), max(printer.copyCount(), 1), pages, to_file)


def print_pdf(parent: QWidget | None, path: Path | str, on_sent: Callable[[str], None] | None = None) -> bool:
    """Ask for a printer in the system print dialog and print the PDF at `path` there.
    True when the job was handed over; a failure is shown to the user (with where the
    PDF is, to print it by hand). `on_sent` hears a line for the status bar."""
    path = Path(path)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(path.stem)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("Print {name}").format(name=path.stem))
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        choice = _choice_of(printer)
    finally:
        dialog.deleteLater()
    problem = send_to_printer(path, choice)
    if problem is not None:
        prompts.error(parent, _tr("Not printed"), problem)
        return False
    if on_sent is not None:
        if choice.to_file:
            on_sent(_tr("Saved {path}").format(path=choice.to_file))
        else:
            where = _tr("the default printer")
            if choice.printer and sys.platform != "win32":
                where = choice.printer
            on_sent(_tr("Sent {name} to {printer}").format(name=path.name, printer=where))
    return True


def open_file(parent: QWidget | None, path: Path | str) -> bool:
    """Open a written file in the program the system has for it; when that fails, say so
    and name the file and its folder, so the user can open it by hand."""
    path = Path(path)
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    text = _tr(
        "No program on this computer opened “{name}”.\n\nIt is saved in this folder:\n{folder}"
    ).format(name=path.name, folder=path.parent)
    if path.suffix.lower() == ".pdf":
        text += "\n\n" + _tr("Open it from there, or install a PDF viewer.")
    prompts.warn(parent, _tr("Could not open the file"), text)
    return False
