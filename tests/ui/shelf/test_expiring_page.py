"""The Expiring page driven through its real widgets: list, dispose, recall search, waste log."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.modeltest import ModelTester

from inventory_app.core.shelf import expiry
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.wording import counted
from inventory_app.ui.common import prompts
from inventory_app.ui.shelf.expiring_table import ExpiringTableModel, days_left_text
from inventory_app.ui.shell.main_window import NAV_EXPIRING


def open_page(window):
    window.nav.setCurrentRow(NAV_EXPIRING)
    page = window.expiring_page
    assert window.pages.currentWidget() is page
    return page


def test_side_bar_entry_opens_the_page_soonest_first(demo_window):
    counts = stock_queries.attention_counts()
    assert f"{counts.expired} expired" in demo_window.nav.item(NAV_EXPIRING).text()
    page = open_page(demo_window)
    rows = page.model.rows()
    assert rows and [r.expires_on for r in rows] == sorted(r.expires_on for r in rows)
    assert any(r.expired for r in rows) and any(not r.expired for r in rows)
    expired_row = next(i for i, r in enumerate(rows) if r.expired)
    index = page.model.index(expired_row, ExpiringTableModel.DAYS)
    assert index.data().startswith("Expired")  # words, not colour alone
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None


def test_days_left_words():
    assert days_left_text(-3) == "Expired 3 days ago"
    assert days_left_text(-1) == "Expired yesterday"
    assert days_left_text(0) == "Expires today"
    assert days_left_text(12) == "12 days left"


def test_dispose_of_the_selected_expired_lot(demo_window, qtbot, monkeypatch):
    page = open_page(demo_window)
    lot = next(r for r in page.model.rows() if r.expired)
    asked = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, yes="OK": asked.append(text) or True)
    page.select_lot(lot.lot_id)
    assert page.dispose_button.isEnabled()
    qtbot.mouseClick(page.dispose_button, Qt.MouseButton.LeftButton)
    assert lot.lot_number in asked[0]
    assert lot.lot_id not in {r.lot_id for r in expiry.expiring_lots()}
    assert page.model.position_of(lot.lot_id) == -1
    disposed = [m for m in stock_queries.history(lot.item_id) if m.kind == "dispose"]
    assert [(m.quantity, m.reason) for m in disposed] == [(-lot.quantity, "expired")]


def test_dispose_cancelled_changes_nothing(demo_window, qtbot, monkeypatch):
    page = open_page(demo_window)
    before = page.model.rows()
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: False)
    qtbot.mouseClick(page.dispose_all_button, Qt.MouseButton.LeftButton)
    assert expiry.expiring_lots() == before


def test_dispose_of_all_expired(demo_window, qtbot, monkeypatch):
    page = open_page(demo_window)
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    qtbot.mouseClick(page.dispose_all_button, Qt.MouseButton.LeftButton)
    assert not any(r.expired for r in expiry.expiring_lots())
    assert page.model.rowCount() > 0 and not any(r.expired for r in page.model.rows())
    assert not page.dispose_all_button.isEnabled()
    assert "expired" not in demo_window.nav.item(NAV_EXPIRING).text()


def test_lot_search_shows_origin_and_what_is_left(demo_window, qtbot):
    page = open_page(demo_window)
    lot = page.model.rows()[0]
    qtbot.keyClicks(page.lot_search, lot.lot_number)
    qtbot.keyClick(page.lot_search, Qt.Key.Key_Return)
    text = page.trace_view.toPlainText()
    assert lot.sku in text and f"{counted(lot.quantity, lot.unit)} left" in text
    page.lot_search.setText("NO-SUCH-LOT")
    page.trace()
    assert "No lot" in page.trace_view.toPlainText()


def test_waste_log_saved_in_the_background(demo_window, qtbot, monkeypatch, tmp_path):
    page = open_page(demo_window)
    target = tmp_path / "waste.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "Excel workbook (*.xlsx)")
    )
    with qtbot.waitSignal(page.saver.saved, timeout=10000) as blocker:
        qtbot.mouseClick(page.waste_log_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [str(target)] and target.stat().st_size > 0


def test_expiring_model_passes_the_model_tester(demo_window, qtbot):
    model = ExpiringTableModel()
    tester = ModelTester(qtbot._request.config)
    tester.check(model)
    model.set_rows(expiry.expiring_lots())
    tester.check(model)


def _office_currency(symbol: str) -> None:
    from dataclasses import replace

    from inventory_app.core.settings import office_settings, save_office_settings

    save_office_settings(replace(office_settings(), currency_symbol=symbol))


def test_values_are_shown_with_the_office_currency_and_quantities_in_words(demo_window):
    _office_currency("€")
    page = open_page(demo_window)
    page.refresh()
    rows = page.model.rows()
    for position, lot in enumerate(rows):
        value = page.model.index(position, ExpiringTableModel.VALUE).data()
        assert value == f"€{lot.value:,.2f}"
        assert page.model.index(position, ExpiringTableModel.QUANTITY).data() == counted(
            lot.quantity, lot.unit
        )
    expired = [r for r in rows if r.expired]
    worth = sum(r.value for r in expired)
    assert f"{len(rows) - len(expired)} lots expiring" in page.summary.text()
    assert f"(worth €{worth:,.2f})" in page.summary.text()


def test_one_lot_and_one_syringe_in_the_singular(sqlite_db, qsettings, events, qtbot):
    from inventory_app.core.catalog import items as catalog
    from inventory_app.core.stock import movements as stock
    from inventory_app.core.types import ItemInput
    from tests.core.helpers import days
    from tests.ui.conftest import _shown_window

    item = catalog.create_item(
        ItemInput(sku="SYR", name="Syringe", unit="syringe", tracks_expiry=True, unit_cost=2)
    ).id  # fmt: skip
    stock.receive(item, 1, lot="L1", expires=days(-2))
    page = open_page(_shown_window(qsettings, events, qtbot))
    assert page.model.index(0, ExpiringTableModel.QUANTITY).data() == "1 syringe"
    assert page.summary.text() == "0 lots expiring within their warning window; 1 expired (worth $2.00)."


def test_a_recall_names_who_received_only_when_an_account_was_signed_in(demo_window, qtbot):
    """Without accounts the operating-system login is what was recorded: it is not shown."""
    from inventory_app.core.stock import queries as sq

    page = open_page(demo_window)
    lot = next(r for r in page.model.rows())
    receipts = [m for m in sq.history(lot.item_id) if m.kind == "receive" and m.lot_number == lot.lot_number]
    assert receipts and receipts[0].user  # the stored history keeps the login
    page.lot_search.setFocus()
    qtbot.keyClicks(page.lot_search, lot.lot_number)
    qtbot.keyClick(page.lot_search, Qt.Key.Key_Return)
    text = page.trace_view.toPlainText()
    assert "received" in text and " by " not in text and receipts[0].user not in text


def test_a_recall_names_the_account_that_received(admin_window, qtbot):
    from inventory_app.core.catalog import items as catalog
    from inventory_app.core.stock import movements as stock
    from inventory_app.core.types import ItemInput
    from tests.core.helpers import days

    item = catalog.create_item(ItemInput(sku="SYR", name="Syringe", unit="syringe", tracks_expiry=True)).id
    stock.receive(item, 3, lot="ANA-LOT", expires=days(10))
    page = open_page(admin_window)
    page.lot_search.setFocus()
    qtbot.keyClicks(page.lot_search, "ANA-LOT")
    qtbot.keyClick(page.lot_search, Qt.Key.Key_Return)
    assert ", by Ana" in page.trace_view.toPlainText()


def test_an_expired_lot_without_a_number_is_listed_and_disposed_of_itself(
    sqlite_db, qsettings, events, qtbot, monkeypatch
):
    """A lot without a number shows "no lot number"; disposing of it takes that lot, not the
    item's first-expired one."""
    from inventory_app.core.catalog import items as catalog
    from inventory_app.core.stock import movements as stock
    from inventory_app.core.types import ItemInput
    from tests.core.helpers import days
    from tests.ui.conftest import _shown_window, click_row, row_of

    item = catalog.create_item(ItemInput(sku="KIT", name="Strep kit", unit="kit", tracks_expiry=True)).id
    stock.receive(item, 2, lot="L1", expires=days(-9))
    stock.receive(item, 3, expires=days(-2))
    page = open_page(_shown_window(qsettings, events, qtbot))
    unnumbered = row_of(page.table, lambda r: not r.lot_number)
    assert page.model.index(unnumbered, ExpiringTableModel.LOT).data() == "no lot number"
    asked = []
    monkeypatch.setattr(prompts, "confirm", lambda _p, _t, text, yes="OK": asked.append(text) or True)
    click_row(qtbot, page.table, unnumbered)
    qtbot.mouseClick(page.dispose_button, Qt.MouseButton.LeftButton)
    assert "(no lot number)" in asked[0]
    left = {x.lot_number: x.quantity for x in stock_queries.lots(item, include_empty=True)}
    assert left == {"L1": 2, "": 0}
    (disposed,) = [m for m in stock_queries.history(item) if m.kind == "dispose"]
    assert (disposed.lot_number, disposed.expires_on, disposed.quantity) == ("", days(-2), -3)
