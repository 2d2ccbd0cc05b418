"""The Reports page: the usage chart, the suggested reorder point applied, the tables, exports."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog
from pytestqt.modeltest import ModelTester

from inventory_app.core.catalog import items as catalog
from inventory_app.core.shelf import spending, usage
from inventory_app.ui.purchasing.reorder_table import ReorderTableModel
from inventory_app.ui.shelf.report_tables import ItemUsageTableModel, SpendTableModel
from inventory_app.ui.shell.main_window import NAV_REORDER, NAV_REPORTS
from tests.ui.conftest import active, type_date


def open_page(window):
    window.nav.setCurrentRow(NAV_REPORTS)
    page = window.reports_page
    assert window.pages.currentWidget() is page
    return page


def used_item_with_new_point(page) -> int:
    for s in usage.suggest_reorder_points():
        if s.changed and s.used:
            return s.item_id
    raise AssertionError("the demo has no item whose suggestion differs")


def test_chart_shows_use_per_week_and_apply_sets_the_reorder_point(demo_window, qtbot):
    page = open_page(demo_window)
    item_id = used_item_with_new_point(page)
    assert page.select_item(item_id)
    start, end = page.period()
    assert page.chart.points == usage.use_by_period(item_id, start, end, "week")
    assert sum(p.used for p in page.chart.points) > 0
    image = page.chart.grab().toImage()  # bars are drawn in the highlight colour
    highlight = page.chart.palette().highlight().color()
    assert _has_colour(image, highlight)
    suggested = usage.suggest_reorder_point(item_id).suggested
    assert "Weeks of supply" in page.facts.text() and "Average use" in page.facts.text()
    assert page.apply_button.isEnabled() and str(suggested) in page.apply_button.text()
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert catalog.item_detail(item_id).reorder_point == suggested
    assert not page.apply_button.isEnabled()


def _has_colour(image: QImage, colour: QColor) -> bool:
    return any(
        image.pixelColor(x, y) == colour
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
    )


def test_top_items_and_spending_for_the_period(demo_window):
    page = open_page(demo_window)
    start, end = page.period()
    assert page.by_use.rows() == usage.top_items(start, end, by="use", limit=15)
    uses = [r.used for r in page.by_use.rows()]
    assert uses and uses == sorted(uses, reverse=True)
    assert page.by_supplier.rows() == spending.spending_by_supplier(start, end)
    assert page.by_category.rows() == spending.spending_by_category(start, end)


def test_usage_report_exported_in_the_background(demo_window, qtbot, monkeypatch, tmp_path):
    import openpyxl

    page = open_page(demo_window)
    target = tmp_path / "usage"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "Excel workbook (*.xlsx)")
    )
    with qtbot.waitSignal(page.saver.saved, timeout=15000) as blocker:
        page.usage_export.click()
    assert blocker.args == [str(tmp_path / "usage.xlsx")]
    assert openpyxl.load_workbook(tmp_path / "usage.xlsx", read_only=True).sheetnames


def test_report_models_pass_the_model_tester(demo_window, qtbot):
    page = open_page(demo_window)
    tester = ModelTester(qtbot._request.config)
    for model, rows in (
        (ItemUsageTableModel(), page.by_use.rows()),
        (SpendTableModel(), page.by_supplier.rows()),
    ):
        tester.check(model)
        model.set_rows(rows)
        tester.check(model)


def test_labels_for_chosen_items_and_layout(demo_window, qtbot, monkeypatch, tmp_path):
    from pypdf import PdfReader

    from inventory_app.ui.catalog.labels_dialog import LabelsDialog
    from tests.ui.conftest import drive

    page = open_page(demo_window)
    page.select_item(catalog.item_id_for("VAC-FLU-Q"))

    def fill(dialog: LabelsDialog) -> None:
        assert dialog.checked_ids() == [catalog.item_id_for("VAC-FLU-Q")]  # the item shown is ticked
        dialog.layout_choice.setCurrentIndex(dialog.layout_choice.findData("a4-24"))
        dialog.copies.setValue(2)
        dialog.submit()

    drive(monkeypatch, qtbot, LabelsDialog, fill)
    target = tmp_path / "labels.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "PDF document (*.pdf)")
    )
    with qtbot.waitSignal(page.saver.saved, timeout=15000):
        page.labels_button.click()
    text = PdfReader(target).pages[0].extract_text()
    assert text.count("VAC-FLU-Q") >= 2


def test_the_reports_and_reorder_pages_show_one_weekly_use_and_one_weeks_of_supply(window, qtbot):
    """The figures of `tests/test_weekly_use_agrees.py` where a person reads them: the Reports
    page's facts, chart line and table (for a period of its own), the Reorder page's table."""
    from tests.test_weekly_use_agrees import WEEKLY, WEEKS_LEFT, syringe_ledger
    from tests.ui.conftest import click_row, row_of

    item = syringe_ledger()
    window.refresh()
    page = open_page(window)
    assert page.select_item(item)
    facts = page.facts.text()
    assert f"<b>{WEEKLY} syringes</b> per week, last 8 weeks" in facts
    assert f"Weeks of supply: <b>{WEEKS_LEFT}</b>" in facts
    assert page.chart.average() == WEEKLY
    table = page.tabs.widget(0)
    model = page.by_use
    position = row_of(table, lambda r: r.item_id == item)
    assert model.headerData(model.PER_WEEK, Qt.Orientation.Horizontal) == "Per week, last 8 weeks"
    assert model.index(position, model.PER_WEEK).data() == f"{WEEKLY}"
    assert model.index(position, model.WEEKS_LEFT).data() == f"{WEEKS_LEFT}"

    window.nav.setCurrentRow(NAV_REORDER)
    reorder = window.reorder_page
    position = reorder.model.position_of(item)
    assert reorder.model.index(position, ReorderTableModel.USE).data() == f"{WEEKLY} · {WEEKS_LEFT} wk"
    click_row(qtbot, reorder.table, position, ReorderTableModel.NAME)
    assert f"Uses {WEEKLY} syringes per week (last 8 weeks): about {WEEKS_LEFT} weeks left." in (
        reorder.why_label.text()
    )


def test_the_period_is_typed_as_a_day_or_a_month_and_a_non_date_is_refused(demo_window, qtbot):
    page = open_page(demo_window)
    active(qtbot, demo_window)
    item_id = used_item_with_new_point(page)
    assert page.select_item(item_id)
    today = date.today()
    start = today - timedelta(days=7 * 4)
    last_month = today.replace(day=1) - timedelta(days=1)

    type_date(qtbot, page.start, start.isoformat())
    type_date(qtbot, page.end, f"{last_month:%m/%Y}")  # a month: to its last day
    assert page.end.reading.text() == f"= {last_month:%d %b %Y}"
    assert page.period() == (start, last_month) and not page.period_error.isVisible()
    assert page.by_use.rows() == usage.top_items(start, last_month, by="use", limit=15)
    assert page.by_supplier.rows() == spending.spending_by_supplier(start, last_month)
    assert page.chart.points == usage.use_by_period(item_id, start, last_month, "week")

    type_date(qtbot, page.end, "2027-02-30")  # not a date: said under the period, no figures
    assert page.period_error.isVisible() and page.period_error.text() == "To: February 2027 has no day 30."
    assert page.end.reading.text() == "not a date yet"
    assert page.by_use.rows() == [] and page.by_category.rows() == [] and page.chart.points == []

    type_date(qtbot, page.end, (start - timedelta(days=1)).isoformat())  # ends before it starts
    assert page.period_error.isVisible() and "after it ends" in page.period_error.text()
    assert page.by_use.rows() == []

    type_date(qtbot, page.end, f"{today:%m/%Y}")
    assert not page.period_error.isVisible() and page.by_use.rows()
