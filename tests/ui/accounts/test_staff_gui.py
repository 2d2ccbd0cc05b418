"""Staff in the desktop app (F5): administrators' actions are hidden or disabled with
"Administrators only", and when a staff user reaches one through the screens anyway the
core refuses it and its message is shown plainly, with nothing changed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.context import current_actor
from inventory_app.core.catalog import items as catalog
from inventory_app.core.changes import Changes
from inventory_app.core.settings import office_settings
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.ui.accounts.sign_in import SignInDialog
from inventory_app.ui.accounts.users_page import UsersPage
from inventory_app.ui.common import prompts
from inventory_app.ui.settings.settings_page import SettingsPage
from inventory_app.ui.shell.main_window import NAV_COUNTS, NAV_SETTINGS, NAV_USERS, MainWindow
from tests.ui.conftest import STAFF_NAME, STAFF_PASSWORD, drive

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    return shown


def select_history(window: MainWindow, sku: str) -> int:
    """The item's latest movement selected on its History tab; returns the item id."""
    item_id = catalog.item_id_for(sku)
    stock.receive(item_id, 5, note="for the test")  # receiving is allowed to staff too
    window.events.changed.emit(Changes.of_items([item_id]), None)
    panel = window.inventory_page.panel
    panel.setCurrentIndex(1)
    panel.history_view.selectRow(0)
    movement = panel.selected_movement()
    assert movement is not None and movement.can_reverse
    return item_id


def test_staff_do_not_see_users_or_settings(staff_window: MainWindow) -> None:
    window = staff_window
    assert window.session.signed_in_label.text() == "Signed in as Sam (staff)"
    assert window.nav.item(NAV_USERS).isHidden()
    assert window.nav.item(NAV_SETTINGS).isHidden()
    assert not window.nav.item(NAV_COUNTS).isHidden()
    assert window.session.sign_out_action.isVisible() and window.session.lock_action.isVisible()


def test_administrators_see_them(admin_window: MainWindow) -> None:
    window = admin_window
    assert window.session.signed_in_label.text() == "Signed in as Ana (administrator)"
    assert not window.nav.item(NAV_USERS).isHidden()
    assert not window.nav.item(NAV_SETTINGS).isHidden()


def test_reverse_is_disabled_for_staff_and_refused_by_the_core(staff_window: MainWindow, errors) -> None:
    window = staff_window
    item_id = select_history(window, "GLV-NIT-M")
    panel = window.inventory_page.panel
    assert not panel.reverse_button.isEnabled()
    assert panel.reverse_button.toolTip().startswith("Administrators only")
    before = stock_queries.history(item_id)
    panel.reverse_selected()  # the screen's own path, as if the button had been pressed
    assert len(errors) == 1
    assert errors[0].startswith("Only an administrator can reverse") and "Sam (staff)" in errors[0]
    assert stock_queries.history(item_id) == before
    assert not audit.events(action=Action.REVERSE)


def test_reverse_works_for_an_administrator(admin_window: MainWindow, errors) -> None:
    window = admin_window
    item_id = select_history(window, "GLV-NIT-M")
    panel = window.inventory_page.panel
    assert panel.reverse_button.isEnabled()
    assert not panel.reverse_button.toolTip().startswith("Administrators only")
    before = len(stock_queries.history(item_id))
    panel.reverse_selected()
    assert errors == []
    assert len(stock_queries.history(item_id)) == before + 1


def test_post_count_is_disabled_for_staff_and_refused_by_the_core(
    staff_window: MainWindow, errors, qtbot
) -> None:
    window = staff_window
    window.nav.setCurrentRow(NAV_COUNTS)
    page = window.counts_page
    page.start_button.click()
    assert page.detail is not None
    assert not page.post_button.isEnabled()
    assert page.post_button.toolTip().startswith("Administrators only")
    page.post()
    assert len(errors) == 1 and errors[0].startswith("Only an administrator can post a count")
    assert page.detail is not None  # the count is still open


def test_settings_saved_by_staff_are_refused(staff_window: MainWindow, errors, events) -> None:
    before = office_settings()
    page = SettingsPage(events)  # the page itself, as if it were reached
    page.refresh()
    page.office_name.setText("Renamed by staff")
    assert page.save() is False
    assert len(errors) == 1 and errors[0].startswith("Only an administrator can change the settings")
    assert office_settings() == before


def test_users_page_reached_by_staff_shows_the_refusal(staff_window: MainWindow, events) -> None:
    page = UsersPage(events)
    page.refresh()
    assert page.rows == [] and page.table.rowCount() == 0
    assert page.message.text().startswith("Only an administrator can see the user accounts")


def test_sign_out_then_staff_signs_in(admin_window: MainWindow, monkeypatch, qtbot) -> None:
    window = admin_window
    window.nav.setCurrentRow(NAV_USERS)
    seen: list[str] = []

    def steps(dialog: SignInDialog) -> None:
        # While the dialog asks, the window behind it shows nothing of the clinic.
        seen.append(window.session.lock.screen.title.text())
        assert window.is_locked and not window.nav.isVisible()
        qtbot.keyClicks(dialog.name, STAFF_NAME)
        qtbot.keyClicks(dialog.password, STAFF_PASSWORD)
        qtbot.mouseClick(dialog.sign_in_button, LEFT)

    drive(monkeypatch, qtbot, SignInDialog, steps)
    window.session.sign_out_action.trigger()
    assert seen == ["Signed out"]
    assert current_actor() is not None and current_actor().name == STAFF_NAME
    assert not window.is_locked
    assert window.nav.item(NAV_USERS).isHidden() and window.nav.currentRow() != NAV_USERS
    assert window.session.signed_in_label.text() == "Signed in as Sam (staff)"
    assert audit.events(action=Action.SIGN_OUT)[0].user == "Ana"


def test_quit_at_sign_out_closes_the_window(admin_window: MainWindow, monkeypatch) -> None:
    monkeypatch.setattr(SignInDialog, "exec", lambda dialog: dialog.DialogCode.Rejected)
    admin_window.session.sign_out()
    assert not admin_window.isVisible()
    assert current_actor() is None


def test_staff_import_new_items_only(staff_window: MainWindow, qtbot, tmp_path, monkeypatch) -> None:
    from tests.ui.importing.test_import_wizard import Step, to_preview, wait_step, wizard_for, workbook

    shown: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: shown.append(text))
    existing = ["GLV-NIT-M", "Nitrile exam gloves, medium", 99, 6, 20, "Northgate Medical Supply", "6.45"]
    new = ["NEW-TEST-1", "Tongue depressors, 500/box", 4, 1, 6, "Northgate Medical Supply", "3.10"]
    on_hand = catalog.item_detail(catalog.item_id_for("GLV-NIT-M")).on_hand

    wizard = wizard_for(staff_window, qtbot, workbook(tmp_path / "both.xlsx", [existing, new]))
    to_preview(qtbot, wizard)
    wait_step(qtbot, wizard, Step.PREVIEW)
    assert not wizard.import_button.isEnabled()
    assert wizard.import_button.toolTip().startswith("Administrators only. This file changes 1 existing item")
    wizard.import_now()  # the wizard's own path: the core refuses it for staff
    assert len(shown) == 1 and shown[0].startswith("Only an administrator can import both.xlsx")
    assert catalog.item_detail(catalog.item_id_for("GLV-NIT-M")).on_hand == on_hand
    wizard.reject()

    wizard = wizard_for(staff_window, qtbot, workbook(tmp_path / "new.xlsx", [new]))
    to_preview(qtbot, wizard)
    wait_step(qtbot, wizard, Step.PREVIEW)
    assert wizard.import_button.isEnabled() and wizard.import_button.toolTip() == ""
    wizard.import_button.click()
    wait_step(qtbot, wizard, Step.DONE)
    assert catalog.item_id_for("NEW-TEST-1")


def test_switching_to_staff_hides_every_administrator_entry(
    admin_window: MainWindow, monkeypatch, qtbot
) -> None:
    from inventory_app.ui.shell.main_window import NAV_AUDIT

    window = admin_window
    assert not window.nav.item(NAV_AUDIT).isHidden()
    assert window.backup_actions.restore_action.isVisible()

    def steps(dialog: SignInDialog) -> None:
        qtbot.keyClicks(dialog.name, STAFF_NAME)
        qtbot.keyClicks(dialog.password, STAFF_PASSWORD)
        qtbot.mouseClick(dialog.sign_in_button, LEFT)

    drive(monkeypatch, qtbot, SignInDialog, steps)
    window.session.sign_out()
    hidden = [window.nav.item(row).isHidden() for row in (NAV_AUDIT, NAV_USERS, NAV_SETTINGS)]
    assert hidden == [True, True, True]
    assert not window.backup_actions.restore_action.isVisible()
