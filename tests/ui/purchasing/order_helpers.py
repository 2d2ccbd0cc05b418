"""Helpers the reorder and purchase order GUI tests share: driving modal dialogs through
their real widgets, answering prompts, and reading the window's numbers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.types import ItemRow
from inventory_app.ui.common import prompts
from tests.ui.conftest import drive  # noqa: F401 - the order tests import it from here


def confirm_answers(monkeypatch, *answers: bool) -> list[str]:
    """Patch prompts.confirm to give `answers` in turn; returns the texts it was asked."""
    asked: list[str] = []
    queue = list(answers)

    def fake_confirm(_parent, _title: str, text: str, yes: str = "OK") -> bool:
        asked.append(text)
        return queue.pop(0)

    monkeypatch.setattr(prompts, "confirm", fake_confirm)
    return asked


def record_errors(monkeypatch) -> list[str]:
    """Patch prompts.error (and inform) to record their texts instead of showing a box."""
    shown: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(prompts, "inform", lambda _p, _t, text: shown.append(text))
    return shown


def inventory_row(window, sku: str) -> ItemRow:
    """The item as the inventory table shows it now."""
    item_id = catalog.item_id_for(sku)
    return next(r for r in window.inventory_page.model.all_rows if r.id == item_id)


def line_for(order_id: int, sku: str):
    return next(line for line in purchasing.order_detail(order_id).lines if line.sku == sku)


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def nav_text(window, row: int) -> str:
    return window.nav.item(row).text()
