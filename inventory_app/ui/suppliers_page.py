"""Suppliers: placeholder until the page is built."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from inventory_app.ui.events import AppEvents
from inventory_app.ui.welcome_page import ComingPage


class SuppliersPage(ComingPage):
    def __init__(self, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__("Suppliers", "", parent)
        self.events = events
