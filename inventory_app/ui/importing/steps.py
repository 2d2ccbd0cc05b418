"""What the import wizard shows and passes between its steps, kept apart from its widgets.

Turning the sheet into column choices (synonyms, then the hand mapping
remembered for this header layout), the choices into the core's mapping, and
a plan or a result into sentences. The core decides; this only words it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from enum import IntEnum
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMimeData, Qt
from PySide6.QtWidgets import QApplication

from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.users import shown_user
from inventory_app.core.importing.columns import column_letter, header_key, layout_key, map_columns
from inventory_app.core.importing.rows import prepare
from inventory_app.core.importing.state import remember_mapping, saved_mapping
from inventory_app.core.importing.summary import ColumnRead, columns_read, item_counts
from inventory_app.core.importing.synonyms import CALCULATED
from inventory_app.core.importing.types import (
    ImportPlan,
    ImportResult,
    ImportSource,
    PreviousImport,
    SheetRows,
)
from inventory_app.core.types import Status
from inventory_app.errors import InventoryError
from inventory_app.ui.common import theme
from inventory_app.ui.importing.pages import SUFFIXES, PreviewPage
from inventory_app.ui.importing.sheet_table import ColumnChoice, build_choices, cell_text

log = logging.getLogger(__name__)
EXAMPLE_ROWS = 200  # rows below the header looked at for example values
EXAMPLES = 3


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportWizard", text)


def _plural(n: int, one: str, many: str) -> str:
    return (one if n == 1 else many).format(n=f"{n:,}")


class Step(IntEnum):
    FILE = 0
    SHEET = 1
    COLUMNS = 2
    PREVIEW = 3
    DONE = 4


STEP_NAMES = ("File", "Sheet and headings", "Columns", "Preview", "Done")


# ---------------------------------------------------------------- around the steps


def steps_html(current: int) -> str:
    """ "1. File › 2. Sheet and headings › …" with the current step in bold."""
    parts = []
    for number, name in enumerate(STEP_NAMES):
        text = escape(f"{number + 1}. {_tr(name)}")
        parts.append(f"<b>{text}</b>" if number == current else f"<span style='color:gray'>{text}</span>")
    return "&nbsp;&nbsp;›&nbsp;&nbsp;".join(parts)


def importable_path(mime: QMimeData) -> str | None:
    """The first local .xlsx/.xlsm/.csv file in dragged data, or None."""
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in SUFFIXES:
            return url.toLocalFile()
    return None


def file_stamp(path: Path) -> tuple[int, int] | None:
    """What tells that a file was saved again: its modification time and size."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


@contextmanager
def busy_cursor() -> Iterator[None]:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def unexpected_text(name: str, exc: BaseException) -> str:
    """A failure the core did not word (a bug, a driver error): still one plain sentence."""
    return _tr("{name} could not be read ({kind}: {text}).").format(
        name=name, kind=type(exc).__name__, text=exc
    )


# ---------------------------------------------------------------- sheet and header row


def header_text(sheet: SheetRows, number: int | None, guessed: bool) -> str:
    if not sheet.rows:
        return "<b>{}</b>".format(
            escape(_tr("Sheet “{sheet}” is empty: choose another sheet.").format(sheet=sheet.sheet))
        )
    if number is None:
        return "<b>{}</b> {}".format(
            escape(_tr("No row of column headings was recognised.")),
            escape(_tr("Click the row that holds the headings (SKU, Name, Quantity…).")),
        )
    above = sum(1 for r in sheet.rows if r.number < number)
    below = sum(1 for r in sheet.rows if r.number > number)
    where = (
        _tr("The headings were found on row {n}.") if guessed else _tr("The headings are on row {n}.")
    ).format(n=number)
    parts = [where]
    if above:
        parts.append(
            _plural(above, _tr("The row above it is left out."), _tr("The {n} rows above it are left out."))
        )
    parts.append(_plural(below, _tr("{n} row below it is read."), _tr("{n} rows below it are read.")))
    if guessed:
        parts.append(_tr("If the headings are elsewhere, click their row."))
    return escape(" ".join(parts))


# ---------------------------------------------------------------- columns


def column_choices(sheet: SheetRows, header_row: int, use_memory: bool) -> tuple[str, list[ColumnChoice]]:
    """(the header layout's key, one choice per column): synonyms, then the remembered hand mapping."""
    header = next(r for r in sheet.rows if r.number == header_row)
    columns = map_columns(header_row, header.values)
    below = [r for r in sheet.rows if r.number > header_row][:EXAMPLE_ROWS]
    width = max([len(columns.headers), *(len(r.values) for r in below)])
    examples: dict[int, tuple[str, ...]] = {}
    for index in range(width):
        seen: list[str] = []
        for row in below:
            text = cell_text(row.values[index]) if index < len(row.values) else ""
            if text and text not in seen:
                seen.append(text[:40])
                if len(seen) == EXAMPLES:
                    break
        examples[index] = tuple(seen)
    letters = {column_letter(i): i for i in range(width)}
    notes = {letters[letter]: why for letter, _header, why in columns.ignored if letter in letters}
    layout = layout_key(header.values)
    remembered: dict[int, str | None] = {}
    if use_memory:
        try:
            remembered = saved_mapping(layout)
        except InventoryError:
            log.warning("Could not read the remembered column mapping", exc_info=True)
    choices = build_choices(columns.headers, width, examples, columns.fields, notes, remembered)
    return layout, choices


def nothing_to_decide(choices: Sequence[ColumnChoice]) -> bool:
    """Whether the columns need no one to look at them: the SKU is among them, and every column
    is read as a field by its heading (or as chosen for these headings before), or is one the
    app works out itself (Status, Value…). A column nobody recognised, a heading repeated, or
    values without a heading all need a person."""
    calculated = {header_key(h) for h in CALCULATED}
    if not any(c.field == "sku" for c in choices):
        return False
    return all(c.field or c.remembered or (c.header and header_key(c.header) in calculated) for c in choices)


def remember(layout: str, hand: dict[int, str | None]) -> None:
    """Keep the hand mapping for this header layout (or forget an old one when there is none)."""
    if not layout:
        return
    try:
        if hand or saved_mapping(layout):
            remember_mapping(layout, hand)
    except InventoryError:  # remembering is a convenience; the import goes on without it
        log.warning("Could not remember the column mapping", exc_info=True)


def source(
    sheet: SheetRows, header_row: int, choices: Sequence[ColumnChoice], make_skus: bool = False
) -> ImportSource:
    """The core's view of the sheet with every column read as the wizard shows it (and, when
    `make_skus`, the SKUs made from the names)."""
    keys = [header_key(c.header) for c in choices]
    overrides: dict[str, str | None] = {}
    for choice, key in zip(choices, keys, strict=True):
        # A heading names its column unless it is blank or repeated; then the letter does.
        unique = bool(key) and keys.count(key) == 1
        overrides[choice.header if unique else choice.letter] = choice.field
    found = prepare(sheet, header_row, overrides, make_skus)
    # Every column is passed as chosen, so the core reads exactly what the wizard shows; what
    # was chosen by hand (or remembered), and why a heading was read as it was, the preview
    # says as the headings alone would have it.
    columns = found.columns
    hand = frozenset(c.field for c in choices if c.field and c.by_hand)
    reasons = tuple((f, why) for f, why in map_columns(header_row, columns.headers).reasons if f not in hand)
    return replace(found, columns=replace(columns, by_hand=hand, reasons=reasons))


# ---------------------------------------------------------------- preview


def format_when(at: str) -> str:
    """An ISO timestamp as a local date and time."""
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return at


def found_text(sheet: SheetRows, plan: ImportPlan) -> str:
    """What was taken as read when the sheet and columns steps were passed over."""
    columns = plan.source.columns
    count = _plural(
        len(columns.fields), _tr("its {n} column was recognised"), _tr("all {n} columns were recognised")
    )
    if len(sheet.sheet_names) > 1:
        where = _tr("Sheet “{sheet}”, headings on row {row}: {count}.").format(
            sheet=sheet.sheet, row=columns.header_row, count=count
        )
    else:
        where = _tr("Headings on row {row}: {count}.").format(row=columns.header_row, count=count)
    return escape(where + " " + _tr("To check or change them, go Back."))


def previous_text(plan: ImportPlan, previous: PreviousImport) -> str:
    when = format_when(previous.at)
    # Who imported it: an account's name; an import made without accounts recorded the
    # operating-system login, which names nobody here, so it is left out.
    who = shown_user(previous.user, accounts.account_keys())
    by = _tr(" by {who}").format(who=who) if who else ""
    if plan.changes_anything:
        return _tr(
            "This file was imported before, on {when}{by}. Importing it again sets the "
            "quantities back to what the file says, which undoes any stock used or received since."
        ).format(when=when, by=by)
    return _tr(
        "This file was imported before, on {when}{by}, and the inventory still matches it: "
        "there is nothing to import."
    ).format(when=when, by=by)


def counts_text(plan: ImportPlan) -> str:
    """Items and lots, as the result will count them ("14 items to create (1 with 2 lots)"), and
    the rows with errors."""
    counts = item_counts(plan)
    create = _plural(counts.create, _tr("{n} item to create"), _tr("{n} items to create"))
    several = ", ".join(
        _tr("{items} with {lots} lots").format(items=f"{items:,}", lots=lots)
        for lots, items in counts.lots_of_new
    )
    parts = [
        create + (f" ({several})" if several else ""),
        _plural(counts.update, _tr("{n} to update"), _tr("{n} to update")),
        _plural(counts.unchanged, _tr("{n} unchanged"), _tr("{n} unchanged")),
    ]
    if counts.new_lots:
        parts.append(_plural(counts.new_lots, _tr("{n} new lot"), _tr("{n} new lots")))
    html = [escape(p) for p in parts]
    errors = counts.error_rows
    if errors:
        color = theme.status_color(Status.OUT).name()
        text = _plural(errors, _tr("{n} row with errors"), _tr("{n} rows with errors"))
        html.append(f"<b style='color:{color}'>{escape(text)}</b>")
    total = _plural(len(plan.rows), _tr("{n} row"), _tr("{n} rows"))
    return f"<b>{escape(total)}:</b> " + " · ".join(html)


def _some(names: Sequence[str], shown: int = 8) -> str:
    """A list that stays short: the first names, then how many more."""
    if len(names) <= shown:
        return ", ".join(names)
    return ", ".join(names[:shown]) + " " + _tr("and {n} more").format(n=len(names) - shown)


def notes_html(plan: ImportPlan) -> str:
    lines: list[str] = [escape(sentence) for sentence in plan.readings.sentences()]
    new = [
        (_tr("suppliers"), plan.new_suppliers),
        (_tr("categories"), plan.new_categories),
        (_tr("locations"), plan.new_locations),
    ]
    named = [f"{escape(what)} <i>{escape(_some(names))}</i>" for what, names in new if names]
    if named:
        lines.append(escape(_tr("New in your lists:")) + " " + "; ".join(named))
    if plan.skipped:
        left = ", ".join(_tr("row {n} ({why})").format(n=s.row, why=s.reason) for s in plan.skipped[:5])
        if len(plan.skipped) > 5:
            left += ", …"
        lines.append(escape(_tr("Left out: {rows}").format(rows=left)))
    columns = plan.source.columns
    ignored = [f"{letter} “{header}”" for letter, header in columns.unknown]
    ignored += [f"{letter} “{header}”" for letter, header, _why in columns.ignored if header]
    if ignored:
        lines.append(escape(_tr("Columns not imported: {columns}").format(columns=_some(ignored))))
    return "<br>".join(lines)


def _column_text(read: ColumnRead) -> str:
    where = _tr("column {letter}").format(letter=read.column) + (f" ({read.header})" if read.header else "")
    if read.made_from_names:
        text = _tr("{field} ← made from the names in {where}").format(field=read.title, where=where)
    else:
        text = f"{read.title} ← {where}"
    if read.by_hand:
        text += _tr(", mapped by hand")
    return text + (f": {read.why}" if read.why else "")


def columns_html(plan: ImportPlan) -> str:
    """Which column became each field, one per line: "Name ← column H (fullproductname)"."""
    lines = [escape(_column_text(read)) for read in columns_read(plan.source.columns)]
    if plan.source.columns.made_skus:
        lines.append(
            "<i>" + escape(_tr("To give an item another SKU, double-click its SKU (or press F2).")) + "</i>"
        )
    return "<br>".join(lines)


def show_plan(page: PreviewPage, plan: ImportPlan) -> None:
    page.columns_label.setText(columns_html(plan))
    # What the price column is the price of (core.import_money), with the choice beside it.
    price = plan.price
    page.price_choice.show_reading(
        price.text(command_line=False) if price else None, price.per if price else ""
    )
    page.model.skus_editable = plan.source.columns.made_skus
    page.model.set_plan_rows(plan.rows)
    page.counts_label.setText(counts_text(plan))
    page.notes_label.setText(notes_html(plan))
    page.notes_label.setVisible(bool(page.notes_label.text()))
    previous = plan.previous_import
    page.previous_label.setVisible(previous is not None)
    if previous is not None:
        page.previous_label.setText("⚠ " + escape(previous_text(plan, previous)))
    errors = plan.counts["error"]
    page.only_valid.setVisible(errors > 0)
    kept = len(plan.kept_without_price)
    valid = sum(plan.counts[a] for a in ("create", "update")) + kept
    if kept:
        text = _tr(
            "Import only the valid rows ({valid} to write, {kept} of them without their price, which is "
            "not valid), leaving out {errors} with errors"
        ).format(
            valid=valid, kept=f"{kept:,}", errors=_plural(errors - kept, _tr("{n} row"), _tr("{n} rows"))
        )
    else:
        text = _tr("Import only the valid rows ({valid} to write), leaving out {errors} with errors").format(
            valid=valid, errors=_plural(errors, _tr("{n} row"), _tr("{n} rows"))
        )
    page.only_valid.setText(text)
    page.only_errors.setChecked(False)
    page.only_errors.setEnabled(errors > 0)
    if not plan.changes_anything and previous is None:
        page.notes_label.setVisible(True)
        nothing = escape(_tr("Nothing to import: no row adds or changes anything."))
        page.notes_label.setText(
            "<b>" + nothing + "</b>" + ("<br>" + page.notes_label.text() if page.notes_label.text() else "")
        )


def result_text(plan: ImportPlan, result: ImportResult) -> str:
    lines = [
        escape(
            _tr("From {file}: {created}, {updated}, {unchanged}.").format(
                file=plan.source.file_name,
                created=_plural(result.created, _tr("{n} new item"), _tr("{n} new items")),
                updated=_plural(result.updated, _tr("{n} updated"), _tr("{n} updated")),
                unchanged=_plural(result.unchanged, _tr("{n} unchanged"), _tr("{n} unchanged")),
            )
        ),
        escape(
            _plural(
                result.movements,
                _tr("{n} stock movement recorded (reason “import”)."),
                _tr("{n} stock movements recorded (reason “import”)."),
            )
        ),
    ]
    if result.new_lots:
        lines.append(escape(_plural(result.new_lots, _tr("{n} new lot."), _tr("{n} new lots."))))
    if result.without_price:
        lines.append(
            escape(
                _plural(
                    result.without_price,
                    _tr("{n} row was imported without its price (not valid); its stock was kept."),
                    _tr("{n} rows were imported without their price (not valid); their stock was kept."),
                )
            )
        )
    added = [
        _plural(n, one, many)
        for n, one, many in (
            (result.new_suppliers, _tr("{n} supplier"), _tr("{n} suppliers")),
            (result.new_categories, _tr("{n} category"), _tr("{n} categories")),
            (result.new_locations, _tr("{n} location"), _tr("{n} locations")),
        )
        if n
    ]
    if added:
        lines.append(escape(_tr("Added to your lists: {names}.").format(names=", ".join(added))))
    if result.not_imported:
        lines.append(
            "<b>"
            + escape(
                _plural(
                    result.not_imported,
                    _tr("{n} row with errors was left out; fix it in the file and import it again."),
                    _tr("{n} rows with errors were left out; fix them in the file and import it again."),
                )
            )
            + "</b>"
        )
    return "<br>".join(lines)
