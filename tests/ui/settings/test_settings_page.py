"""The Settings page driven through its real widgets: office values, categories, locations."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from inventory_app.core.catalog import items as catalog
from inventory_app.core.changes import Changes
from inventory_app.core.settings import office_settings
from inventory_app.core.types import NamedRow
from inventory_app.documents.demo_catalog import load_bundled_demo
from inventory_app.ui.catalog.name_dialog import NameDialog
from inventory_app.ui.catalog.named_manager import NamedManager
from inventory_app.ui.catalog.named_table import CategoryTableModel, NamedTableModel
from inventory_app.ui.common import prompts
from inventory_app.ui.settings.settings_page import SettingsPage
from inventory_app.ui.shell.main_window import NAV_INVENTORY, NAV_SETTINGS
from tests.ui.conftest import drive, told

LEFT = Qt.MouseButton.LeftButton


def type_name(qtbot, name: str, days: int | None = None) -> Callable[[NameDialog], None]:
    """Dialog steps: replace the name (and the category's expiry window), then Save."""

    def steps(dialog: NameDialog) -> None:
        dialog.name.clear()
        qtbot.keyClicks(dialog.name, name)
        if days is not None:
            assert dialog.warning_days is not None
            dialog.warning_days.setValue(days)
        qtbot.mouseClick(dialog.save_button, LEFT)

    return steps


@pytest.fixture
def page(sqlite_db, events, qtbot) -> Iterator[SettingsPage]:
    """The page on its own, over the demo clinic."""
    load_bundled_demo()
    widget = SettingsPage(events)
    qtbot.addWidget(widget)
    widget.resize(1150, 720)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    yield widget


def type_over(qtbot, field: QLineEdit, text: str) -> None:
    """Select what the field holds (Ctrl+A), then type `text` in its place."""
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)


def names(manager: NamedManager) -> list[str]:
    return [row.name for row in manager.model.rows()]


def select(manager: NamedManager, name: str) -> NamedRow:
    row = manager.row_named(name)
    assert row is not None, name
    assert manager.select(row.id)
    return row


# ---------------------------------------------------------------- table models


def test_named_models_pass_qtmodeltester(qtmodeltester) -> None:
    rows = [
        NamedRow(1, "Vaccines", item_count=11, expiry_warning_days=90),
        NamedRow(2, "Gloves", item_count=7),
        NamedRow(3, "Old shelf", active=False),
    ]
    for model in (CategoryTableModel(), NamedTableModel()):
        model.set_rows(rows)
        qtmodeltester.check(model)
        model.sort(0, Qt.SortOrder.AscendingOrder)
        assert [r.name for r in model.rows()] == ["Gloves", "Old shelf", "Vaccines"]
        qtmodeltester.check(model)
    category = CategoryTableModel()
    category.set_rows(rows)
    assert category.data(category.index(0, CategoryTableModel.WARNING)) == "90 days"
    assert category.data(category.index(1, CategoryTableModel.WARNING)) == "office default"
    assert category.data(category.index(2, CategoryTableModel.NAME)) == "Old shelf (archived)"


# ---------------------------------------------------------------- office settings


def test_office_settings_save_and_persist(demo_window, events, qtbot) -> None:
    demo_window.nav.setCurrentRow(NAV_SETTINGS)
    page = demo_window.settings_page
    assert demo_window.pages.currentWidget() is page
    assert page.expiry_days.value() == 60 and page.page_size.currentText() == "Letter"

    # Typed over the demo clinic's details.
    type_over(qtbot, page.office_name, "Riverside Family Clinic")
    type_over(qtbot, page.email, "office@riverside.example.com")
    page.expiry_days.setValue(45)
    page.page_size.setCurrentIndex(page.page_size.findData("A4"))
    page.currency_symbol.setText("€")  # QTest.keyClicks aborts on characters outside Latin-1
    assert page.dirty and page.saved_label.text() == "Unsaved changes"
    with told(qtbot, events, "settings"):
        qtbot.mouseClick(page.save_button, LEFT)
    assert page.saved_label.text() == "Saved." and page.saved_label.isVisible()
    assert not page.dirty

    stored = office_settings()
    assert stored.office_name == "Riverside Family Clinic"
    assert stored.email == "office@riverside.example.com"
    assert (stored.expiry_warning_days, stored.page_size, stored.currency_symbol) == (45, "A4", "€")

    demo_window.nav.setCurrentRow(NAV_INVENTORY)  # leave and come back: the page reloads
    demo_window.nav.setCurrentRow(NAV_SETTINGS)
    assert page.office_name.text() == "Riverside Family Clinic"
    assert page.expiry_days.value() == 45
    assert page.page_size.currentText() == "A4"

    fresh = SettingsPage(events)  # a page built from nothing reads the same values
    qtbot.addWidget(fresh)
    fresh.refresh()
    assert fresh.office_name.text() == "Riverside Family Clinic"
    assert (fresh.expiry_days.value(), fresh.page_size.currentData(), fresh.currency_symbol.text()) == (
        45,
        "A4",
        "€",
    )


def test_invalid_value_shows_inline_error_and_saves_nothing(page: SettingsPage, events, qtbot) -> None:
    emitted: list[object] = []
    events.changed.connect(lambda changes, _who: emitted.append(changes))
    before = office_settings()
    type_over(qtbot, page.office_name, "Riverside")
    page.currency_symbol.clear()
    qtbot.keyClicks(page.currency_symbol, "dollars")
    qtbot.mouseClick(page.save_button, LEFT)

    error = page.errors["currency_symbol"]
    assert error.isVisible()
    assert "longer than 5 characters" in error.text()
    assert error.parentWidget() is page.currency_symbol.parentWidget()
    assert error.geometry().top() >= page.currency_symbol.geometry().bottom()
    assert not any(label.isVisible() for field, label in page.errors.items() if field != "currency_symbol")
    assert office_settings() == before
    assert emitted == [] and page.dirty and page.saved_label.text() == "Unsaved changes"

    page.currency_symbol.clear()  # editing the field clears its message
    assert not error.isVisible()
    qtbot.keyClicks(page.currency_symbol, "CHF")
    qtbot.mouseClick(page.save_button, LEFT)
    assert office_settings().currency_symbol == "CHF" and emitted == [Changes(settings=True)]


def test_undo_changes_puts_back_the_saved_values(page: SettingsPage, qtbot) -> None:
    assert not page.revert_button.isEnabled()
    phone = page.phone.text()
    qtbot.keyClicks(page.phone, "555")
    page.expiry_days.setValue(10)
    assert page.revert_button.isEnabled()
    qtbot.mouseClick(page.revert_button, LEFT)
    assert page.phone.text() == phone and page.expiry_days.value() == 60 and not page.dirty


def test_catalog_change_does_not_wipe_unsaved_office_edits(demo_window, monkeypatch, qtbot) -> None:
    demo_window.nav.setCurrentRow(NAV_SETTINGS)
    page = demo_window.settings_page
    type_over(qtbot, page.office_name, "Half typed")
    drive(monkeypatch, qtbot, NameDialog, type_name(qtbot, "Dental"))
    with told(qtbot, demo_window.events, "catalog"):
        qtbot.mouseClick(page.categories.add_button, LEFT)  # the main window refreshes the page
    assert "Dental" in names(page.categories)
    assert page.office_name.text() == "Half typed" and page.dirty


# ---------------------------------------------------------------- categories


def test_add_edit_archive_and_restore_a_category(page: SettingsPage, events, monkeypatch, qtbot) -> None:
    manager = page.categories
    drive(monkeypatch, qtbot, NameDialog, type_name(qtbot, "Wound Closure", days=30))
    with told(qtbot, events, "catalog"):
        qtbot.mouseClick(manager.add_button, LEFT)
    added = next(r for r in catalog.categories() if r.name == "Wound Closure")
    assert added.expiry_warning_days == 30
    assert manager.current_id() == added.id
    position = manager.model.position_of(added.id)
    assert manager.model.data(manager.model.index(position, CategoryTableModel.WARNING)) == "30 days"

    seen = drive(monkeypatch, qtbot, NameDialog, type_name(qtbot, "Sutures", days=-1))  # -1: office default
    with told(qtbot, events, "catalog"):
        qtbot.mouseClick(manager.rename_button, LEFT)
    assert seen[0].name.text() == "Sutures" and seen[0].windowTitle() == "Edit category"
    renamed = next(r for r in catalog.categories() if r.id == added.id)
    assert (renamed.name, renamed.expiry_warning_days) == ("Sutures", None)
    assert "Sutures" in names(manager) and "Wound Closure" not in names(manager)

    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    with told(qtbot, events, "catalog"):
        qtbot.mouseClick(manager.archive_button, LEFT)
    assert "Sutures" not in names(manager)
    assert "Sutures" not in [r.name for r in catalog.categories()]

    qtbot.mouseClick(manager.show_archived, LEFT)
    assert manager.restore_button.isVisible()
    select(manager, "Sutures")
    assert manager.restore_button.isEnabled() and not manager.archive_button.isEnabled()
    qtbot.mouseClick(manager.restore_button, LEFT)
    assert "Sutures" in [r.name for r in catalog.categories()]


def test_archiving_a_category_in_use_asks_first(page: SettingsPage, monkeypatch, qtbot) -> None:
    row = select(page.categories, "Gloves")
    asked: list[str] = []

    def say_no(_parent, _title: str, text: str, yes: str = "OK") -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(prompts, "confirm", say_no)
    qtbot.mouseClick(page.categories.archive_button, LEFT)
    assert "Gloves" in asked[0] and f"{row.item_count} active items" in asked[0]
    assert "Gloves" in [r.name for r in catalog.categories()]


def test_duplicate_category_refused_with_the_core_message(page: SettingsPage, monkeypatch, qtbot) -> None:
    before = catalog.categories()
    errors: list[str] = []

    def steps(dialog: NameDialog) -> None:
        type_name(qtbot, "gloves")(dialog)
        assert dialog.isVisible()  # refused: the dialog stays open
        assert dialog.errors["name"].isVisible()
        errors.append(dialog.errors["name"].text())
        assert dialog.errors["name"].geometry().top() >= dialog.name.geometry().bottom()

    drive(monkeypatch, qtbot, NameDialog, steps)
    qtbot.mouseClick(page.categories.add_button, LEFT)
    assert errors == ["“gloves” already exists."]
    assert catalog.categories() == before

    select(page.categories, "Vaccines")  # renaming onto another name is refused the same way
    errors.clear()
    qtbot.mouseClick(page.categories.rename_button, LEFT)
    assert errors == ["“gloves” already exists."]
    assert catalog.categories() == before


# ---------------------------------------------------------------- storage locations


def test_add_rename_archive_a_location_and_duplicates_refused(
    page: SettingsPage,
    events,
    monkeypatch,
    qtbot,
) -> None:
    manager = page.locations
    seen = drive(monkeypatch, qtbot, NameDialog, type_name(qtbot, "Exam Room 2 Cabinet"))
    with told(qtbot, events, "catalog"):
        qtbot.mouseClick(manager.add_button, LEFT)
    assert seen[0].warning_days is None  # locations have no expiry window
    assert "Exam Room 2 Cabinet" in names(manager)
    assert manager.current_row() is not None and manager.current_row().name == "Exam Room 2 Cabinet"

    drive(monkeypatch, qtbot, NameDialog, type_name(qtbot, "Exam Room 2 Drawer"))
    qtbot.mouseClick(manager.rename_button, LEFT)
    assert "Exam Room 2 Drawer" in [r.name for r in catalog.locations()]

    refused: list[str] = []

    def duplicate(dialog: NameDialog) -> None:
        type_name(qtbot, "Supply Room A")(dialog)
        refused.append(dialog.errors["name"].text())

    drive(monkeypatch, qtbot, NameDialog, duplicate)
    qtbot.mouseClick(manager.add_button, LEFT)
    assert refused == ["“Supply Room A” already exists."]
    assert [r.name for r in catalog.locations()].count("Supply Room A") == 1

    select(manager, "Exam Room 2 Drawer")
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    with told(qtbot, events, "catalog"):
        qtbot.mouseClick(manager.archive_button, LEFT)
    assert "Exam Room 2 Drawer" not in [r.name for r in catalog.locations()]
    assert "Exam Room 2 Drawer" in [r.name for r in catalog.locations(include_archived=True)]


# ---------------------------------------------------------------- screen lock and backups


def test_lock_and_backup_fields_load_and_save(page: SettingsPage, sqlite_db, events, qtbot, tmp_path) -> None:
    assert page.idle_lock.value() == 10 and page.backups_to_keep.value() == 14
    assert page.backup_folder.text() == ""
    assert page.backup_folder.placeholderText() == str(tmp_path / "backups")  # beside the database
    assert page.backup_folder.isEnabled() and page.browse_button.isEnabled()
    folder = tmp_path / "elsewhere"
    folder.mkdir()

    page.idle_lock.setValue(0)
    assert page.idle_lock.text() == "Never"
    page.backups_to_keep.setValue(7)
    page.backup_folder.setText(str(folder))
    assert page.dirty
    with told(qtbot, events, "settings"):
        qtbot.mouseClick(page.save_button, LEFT)

    saved = office_settings()
    assert (saved.idle_lock_minutes, saved.backups_to_keep, saved.backup_folder) == (0, 7, str(folder))
    page.revert()
    assert page.idle_lock.value() == 0 and page.backup_folder.text() == str(folder)


def test_browse_fills_the_backup_folder(page: SettingsPage, monkeypatch, tmp_path) -> None:
    from PySide6.QtWidgets import QFileDialog

    chosen = tmp_path / "usb"
    chosen.mkdir()
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", lambda _p, _t, start: asked.append(start) or str(chosen)
    )
    page.browse_button.click()
    assert page.backup_folder.text() == str(chosen)
    assert asked == [""]  # the default folder does not exist yet: the dialog starts where it likes
    assert page.dirty


def test_missing_backup_folder_refused_next_to_the_field(page: SettingsPage, tmp_path) -> None:
    missing = tmp_path / "no such folder"
    page.backup_folder.setText(str(missing))
    page.idle_lock.setValue(3)

    assert not page.save()

    error = page.errors["backup_folder"]
    assert error.isVisible() and str(missing) in error.text() and "does not exist" in error.text()
    assert not page.general_error.isVisible()
    assert office_settings().backup_folder == "" and office_settings().idle_lock_minutes == 10
    page.backup_folder.setText("")  # typing hides the message; empty means the default folder
    assert not error.isVisible()
    assert page.save() and office_settings().idle_lock_minutes == 3


def test_backup_fields_disabled_on_postgresql(db, backend, events, qtbot) -> None:
    widget = SettingsPage(events)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    on_file = backend == "sqlite"
    assert widget.backup_folder.isEnabled() is on_file
    assert widget.browse_button.isEnabled() is on_file
    assert widget.backups_to_keep.isEnabled() is on_file
    assert widget.idle_lock.isEnabled()  # the screen lock works on both
    assert ("pg_dump" in widget.backup_note.text()) is not on_file
