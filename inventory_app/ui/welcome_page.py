"""First run: what the app is for, and three ways to start, plus the office's details."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.settings import office_settings, save_office_settings
from inventory_app.errors import InventoryError
from inventory_app.ui import prompts
from inventory_app.ui.icons import icon


def _big_button(icon_name: str, title: str, text: str) -> QToolButton:
    button = QToolButton()
    button.setIcon(icon(icon_name))
    button.setIconSize(button.iconSize() * 2)
    button.setText(f"{title}\n{text}")
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
    button.setMinimumSize(220, 120)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


class WelcomePage(QWidget):
    demo_requested = Signal()
    import_requested = Signal()
    add_item_requested = Signal()
    office_saved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 32, 40, 32)
        outer.addStretch(1)
        title = QLabel(self.tr("Welcome to Supply Room"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        outer.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        intro = QLabel(
            self.tr(
                "Keep track of gloves, syringes, vaccines and paper; see what runs low "
                "and what expires; order it from your suppliers. How would you like to start?"
            )
        )
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        intro.setFixedWidth(680)
        outer.addWidget(intro, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addSpacing(16)

        row = QHBoxLayout()
        row.addStretch(1)
        self.demo_button = _big_button(
            "inventory", self.tr("Load demo data"), self.tr("A sample clinic to try things out")
        )
        self.import_button = _big_button(
            "receive", self.tr("Import a spreadsheet"), self.tr("Your catalog in .xlsx or .csv")
        )
        self.add_button = _big_button(
            "add", self.tr("Add the first item"), self.tr("Start from an empty catalog")
        )
        self.demo_button.clicked.connect(self.demo_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.add_button.clicked.connect(self.add_item_requested)
        for button in (self.demo_button, self.import_button, self.add_button):
            row.addWidget(button)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addSpacing(16)

        office = QGroupBox(self.tr("Your office (printed on order forms)"))
        office.setMaximumWidth(720)
        form = QFormLayout(office)
        self.office_name = QLineEdit()
        self.office_name.setPlaceholderText(self.tr("e.g. Riverside Family Clinic"))
        self.address = QPlainTextEdit()
        self.address.setFixedHeight(60)
        self.phone = QLineEdit()
        form.addRow(self.tr("Clinic &name:"), self.office_name)
        form.addRow(self.tr("&Address:"), self.address)
        form.addRow(self.tr("&Phone:"), self.phone)
        self.save_button = QPushButton(self.tr("Save office details"))
        self.save_button.clicked.connect(self.save_office)
        self.saved_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        holder = QHBoxLayout()
        holder.addStretch(1)
        holder.addWidget(office, 3)
        holder.addStretch(1)
        outer.addLayout(holder)
        outer.addStretch(2)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(line)

    def refresh(self) -> None:
        current = office_settings()
        self.office_name.setText(current.office_name)
        self.address.setPlainText(current.address)
        self.phone.setText(current.phone)

    def save_office(self) -> None:
        from dataclasses import replace

        try:
            save_office_settings(
                replace(
                    office_settings(),
                    office_name=self.office_name.text(),
                    address=self.address.toPlainText(),
                    phone=self.phone.text(),
                )
            )
        except InventoryError as exc:
            prompts.error(self, self.tr("Office details not saved"), str(exc))
            return
        self.saved_label.setText(self.tr("Saved."))
        self.office_saved.emit()


class ComingPage(QWidget):
    """A page that a later version fills: says what it will hold."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        heading = QLabel(title)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        body = QLabel(text)
        body.setWordWrap(True)
        layout.addWidget(body)
        layout.addStretch(1)

    def refresh(self) -> None:
        """Nothing to load yet."""
