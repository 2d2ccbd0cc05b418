"""Built before the window shows, the inventory paints its table first: the category and
location lists hold "All" until then and are filled in the event loop turn after the first
paint, or at once when something needs them sooner."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.stock.item_filter import ItemFilter, View
from inventory_app.documents.demo_catalog import load_bundled_demo
from inventory_app.ui.shell.main_window import MainWindow
from tests.ui.conftest import choose_in_combo


def _choices(combo: QComboBox) -> list[str]:
    return [combo.itemData(i) for i in range(combo.count())]


def _built(sqlite_db, qsettings, events, qtbot) -> MainWindow:
    load_bundled_demo()
    window = MainWindow(events, qsettings, "test.db")
    qtbot.addWidget(window)
    return window


def test_the_filter_lists_are_filled_in_the_turn_after_the_first_paint(sqlite_db, qsettings, events, qtbot):
    window = _built(sqlite_db, qsettings, events, qtbot)
    page = window.inventory_page
    assert _choices(page.category_filter) == [""] and _choices(page.location_filter) == [""]
    assert page.category_filter.currentText() == "All categories"
    assert page.model.rowCount() == len(stock_queries.list_items())

    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: page.category_filter.count() > 1)
    assert _choices(page.category_filter) == ["", *(row.name for row in catalog.categories())]
    assert _choices(page.location_filter) == ["", *(row.name for row in catalog.locations())]
    assert page.category_filter.currentIndex() == 0

    qtbot.keyClicks(page.search, "vacc")  # the search works on what the paint left for later
    assert page.model.rowCount() > 0
    assert page.model.rows() == ItemFilter(text="vacc").apply(page.model.rows(), page.model.today)


def test_a_filter_asked_for_before_the_first_paint_fills_the_lists_at_once(
    sqlite_db, qsettings, events, qtbot
):
    window = _built(sqlite_db, qsettings, events, qtbot)
    page = window.inventory_page
    page.set_view(View.OUT)
    assert _choices(page.category_filter) == ["", *(row.name for row in catalog.categories())]
    assert all(row.status.value == "out" for row in page.model.rows())
    choose_in_combo(qtbot, page.category_filter, "Vaccines")
    assert all(row.category == "Vaccines" for row in page.model.rows())


def test_the_side_bar_figures_follow_the_first_paint(sqlite_db, qsettings, events, qtbot):
    """Start-up reads the items once; the table paints, then the side bar counts from the same
    rows (and the orders): a moment later, and the same figures as a full count."""
    from inventory_app.ui.shell.side_bar import NAV_INVENTORY, NAV_REORDER

    window = _built(sqlite_db, qsettings, events, qtbot)
    assert window.counts_pending and window.counts.items == len(stock_queries.list_items())
    assert window.pages.currentWidget() is window.inventory_page  # not the welcome page
    assert window.nav.item(NAV_REORDER).text() == "Reorder"

    window.show()
    qtbot.waitUntil(lambda: not window.counts_pending)
    assert window.counts == stock_queries.attention_counts()
    assert "to order" in window.nav.item(NAV_REORDER).text()
    assert f"{window.counts.low} low" in window.nav.item(NAV_INVENTORY).text()


def test_after_start_up_a_hidden_window_counts_at_once(sqlite_db, qsettings, events, qtbot):
    """Only start-up leaves the figures for after a paint: a window hidden later (in the tray,
    say) that reads every item again counts them then, not at a paint that may not come."""
    from inventory_app.core.types import ItemInput

    window = _built(sqlite_db, qsettings, events, qtbot)
    window.show()
    qtbot.waitUntil(lambda: not window.counts_pending)
    window.hide()
    catalog.create_item(ItemInput(sku="NEW-1", name="Gauze, new", reorder_point=5))  # none on hand: out
    window.refresh()
    assert not window.counts_pending
    assert window.counts == stock_queries.attention_counts()
