"""The welcome page (an empty database): office details typed there are kept without a Save
button, whichever way the office starts; the demo clinic brings its own details otherwise."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from inventory_app.core.settings import office_settings
from inventory_app.ui.importing.wizard import ImportWizard
from inventory_app.ui.shell.main_window import NAV_EXPIRING, MainWindow
from tests.ui.conftest import drive


@pytest.fixture
def page(window: MainWindow, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.pages.currentWidget() is window.welcome_page
    return window.welcome_page


def type_into(qtbot, field: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Click into the field, then type into whatever has the focus (it must be that field)."""
    target = field.viewport() if isinstance(field, QPlainTextEdit) else field
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(QApplication.focusWidget(), text)


def test_office_name_typed_then_load_demo_keeps_the_name(window, page, qtbot):
    type_into(qtbot, page.office_name, "Riverside Family Clinic")
    qtbot.mouseClick(page.demo_button, Qt.MouseButton.LeftButton)  # no Save pressed
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.inventory_page)
    office = office_settings()
    assert office.office_name == "Riverside Family Clinic"
    # The demo's made-up address is not printed under the office's real name.
    assert (office.address, office.phone, office.email) == ("", "", "")


def test_load_demo_untouched_gives_the_demo_clinics_details(window, page, qtbot):
    qtbot.mouseClick(page.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.inventory_page)
    office = office_settings()
    assert office.office_name == "Willamette Family Practice"
    assert office.phone and office.email and "Portland" in office.address


def test_typed_then_file_menu_load_demo_keeps_what_was_typed(window, page, qtbot):
    type_into(qtbot, page.office_name, "Riverside Family Clinic")
    assert office_settings().office_name == ""  # still typing: not saved yet
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_D)  # Load &demo data
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.inventory_page)
    office = office_settings()
    assert (office.office_name, office.address) == ("Riverside Family Clinic", "")


def test_every_detail_typed_then_import_keeps_them(window, page, qtbot, monkeypatch):
    type_into(qtbot, page.office_name, "Riverside Family Clinic")
    type_into(qtbot, page.address, "12 River Rd")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClicks(QApplication.focusWidget(), "Salem, OR 97301")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert page.phone.hasFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "(503) 555-0100")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert page.email.hasFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "office@riverside.example.com")
    seen = drive(monkeypatch, qtbot, ImportWizard, lambda wizard: wizard.reject())
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    office = office_settings()
    assert (office.office_name, office.address, office.phone, office.email) == (
        "Riverside Family Clinic",
        "12 River Rd\nSalem, OR 97301",
        "(503) 555-0100",
        "office@riverside.example.com",
    )


def test_leaving_a_field_saves_it(page, qtbot):
    type_into(qtbot, page.phone, "(503) 555-0100")
    assert office_settings().phone == ""
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert office_settings().phone == "(503) 555-0100"
    assert page.saved_label.text() == "Saved."


def test_a_pause_in_typing_saves_it(page, qtbot):
    type_into(qtbot, page.office_name, "Riverside Family Clinic")
    assert office_settings().office_name == ""
    qtbot.waitUntil(lambda: office_settings().office_name == "Riverside Family Clinic", timeout=5000)


def test_closing_the_window_keeps_what_was_typed(window, page, qtbot):
    type_into(qtbot, page.office_name, "Riverside Family Clinic")
    window.close()
    assert office_settings().office_name == "Riverside Family Clinic"


def test_a_wrong_email_is_named_and_the_other_details_are_saved(window, page, qtbot):
    type_into(qtbot, page.office_name, "Riverside Family Clinic")
    type_into(qtbot, page.email, "front desk")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert "does not look like an e-mail address" in page.saved_label.text()
    office = office_settings()
    assert (office.office_name, office.email) == ("Riverside Family Clinic", "")
    # The page reloads (Expiring, with no items, shows it again): the unsaved e-mail stays as typed.
    nav = window.nav
    rect = nav.visualItemRect(nav.item(NAV_EXPIRING))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert nav.currentRow() == NAV_EXPIRING and window.pages.currentWidget() is page
    assert page.email.text() == "front desk"
    type_into(qtbot, page.email, "")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(QApplication.focusWidget(), "office@riverside.example.com")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert office_settings().email == "office@riverside.example.com"
    assert page.saved_label.text() == "Saved."
