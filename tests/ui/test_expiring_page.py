"""The Expiring page driven through its real widgets: list, dispose, recall search, waste log."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.modeltest import ModelTester

from inventory_app.core import expiry, stock_queries
from inventory_app.ui import prompts
from inventory_app.ui.main_window import NAV_EXPIRING
from inventory_app.ui.models.expiring_table import ExpiringTableModel, days_left_text


def open_page(window):  # noqa: ANN001
    window.nav.setCurrentRow(NAV_EXPIRING)
    page = window.expiring_page
    assert window.pages.currentWidget() is page
    return page


def test_side_bar_entry_opens_the_page_soonest_first(demo_window):  # noqa: ANN001
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


def test_dispose_of_the_selected_expired_lot(demo_window, qtbot, monkeypatch):  # noqa: ANN001
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


def test_dispose_cancelled_changes_nothing(demo_window, qtbot, monkeypatch):  # noqa: ANN001
    page = open_page(demo_window)
    before = page.model.rows()
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: False)
    qtbot.mouseClick(page.dispose_all_button, Qt.MouseButton.LeftButton)
    assert expiry.expiring_lots() == before


def test_dispose_of_all_expired(demo_window, qtbot, monkeypatch):  # noqa: ANN001
    page = open_page(demo_window)
    monkeypatch.setattr(prompts, "confirm", lambda *_a, **_k: True)
    qtbot.mouseClick(page.dispose_all_button, Qt.MouseButton.LeftButton)
    assert not any(r.expired for r in expiry.expiring_lots())
    assert page.model.rowCount() > 0 and not any(r.expired for r in page.model.rows())
    assert not page.dispose_all_button.isEnabled()
    assert "expired" not in demo_window.nav.item(NAV_EXPIRING).text()


def test_lot_search_shows_origin_and_what_is_left(demo_window, qtbot):  # noqa: ANN001
    page = open_page(demo_window)
    lot = page.model.rows()[0]
    qtbot.keyClicks(page.lot_search, lot.lot_number)
    qtbot.keyClick(page.lot_search, Qt.Key.Key_Return)
    text = page.trace_view.toPlainText()
    assert lot.sku in text and f"{lot.quantity:,} {lot.unit} left" in text
    page.lot_search.setText("NO-SUCH-LOT")
    page.trace()
    assert "No lot" in page.trace_view.toPlainText()


def test_waste_log_saved_in_the_background(demo_window, qtbot, monkeypatch, tmp_path):  # noqa: ANN001
    page = open_page(demo_window)
    target = tmp_path / "waste.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "Excel workbook (*.xlsx)")
    )
    with qtbot.waitSignal(page.saver.saved, timeout=10000) as blocker:
        qtbot.mouseClick(page.waste_log_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [str(target)] and target.stat().st_size > 0


def test_expiring_model_passes_the_model_tester(demo_window, qtbot):  # noqa: ANN001
    model = ExpiringTableModel()
    tester = ModelTester(qtbot._request.config)
    tester.check(model)
    model.set_rows(expiry.expiring_lots())
    tester.check(model)
