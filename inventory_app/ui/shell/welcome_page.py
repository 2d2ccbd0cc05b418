"""First run: what the app is for, and three ways to start, plus the office's details.

The office details are saved as they are typed (a moment after the last key, when the field is
left, and before any of the three ways to start), so nothing typed here is lost to a button
that was never pressed. Only the fields typed into are written: the demo clinic's details,
loaded meanwhile, are never overwritten with blanks.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.settings import OFFICE_DETAILS, OfficeSettings, office_settings, save_office_settings
from inventory_app.errors import InventoryError, ValidationError
from inventory_app.ui.common.access import admin_only_text, is_admin
from inventory_app.ui.common.icons import icon

SAVE_AFTER_MS = 1500  # quiet time after the last key before the details are saved
CONTENT_WIDTH = 720


def _big_button(icon_name: str, title: str, text: str) -> QToolButton:
    button = QToolButton()
    button.setIcon(icon(icon_name))
    button.setIconSize(button.iconSize() * 2)
    button.setText(f"{title}\n{text}")
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
    button.setMinimumSize(220, 110)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


class WelcomePage(QWidget):
    demo_requested = Signal()
    import_requested = Signal()
    add_item_requested = Signal()
    office_saved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dirty: set[str] = set()  # fields typed into since they were last loaded or saved
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_AFTER_MS)
        self._save_timer.timeout.connect(lambda: self.save_pending(quiet=True))

        # In a scroll area, so a small screen scrolls instead of clipping.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page_layout = QVBoxLayout(self)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(scroll)
        content = QWidget()
        content.setObjectName("welcomeContent")
        scroll.setWidget(content)
        centred = QHBoxLayout(content)
        centred.setContentsMargins(24, 24, 24, 24)
        column_widget = QWidget()
        column_widget.setMaximumWidth(CONTENT_WIDTH)
        column_widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        centred.addStretch(1)
        centred.addWidget(column_widget, 100)
        centred.addStretch(1)
        outer = QVBoxLayout(column_widget)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addStretch(1)

        title = QLabel(self.tr("Welcome to Supply Room"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        outer.addWidget(title)
        # No alignment flag on the item: a word-wrapped label only gets the height of all its
        # lines when the layout gives it the full width (with a flag it is sized to one line).
        self.intro = QLabel(
            self.tr(
                "Keep track of gloves, syringes, vaccines and paper; see what runs low "
                "and what expires; order it from your suppliers. How would you like to start?"
            )
        )
        self.intro.setWordWrap(True)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        outer.addWidget(self.intro)
        outer.addSpacing(12)

        row = QHBoxLayout()
        self.demo_button = _big_button(
            "inventory", self.tr("Load demo data"), self.tr("A sample clinic to try things out")
        )
        self.import_button = _big_button(
            "receive", self.tr("Import a spreadsheet"), self.tr("Your catalog in .xlsx or .csv")
        )
        self.add_button = _big_button(
            "add", self.tr("Add the first item"), self.tr("Start from an empty catalog")
        )
        # The office details typed so far are saved before any way to start is taken.
        self.demo_button.clicked.connect(lambda: self._start(self.demo_requested))
        self.import_button.clicked.connect(lambda: self._start(self.import_requested))
        self.add_button.clicked.connect(lambda: self._start(self.add_item_requested))
        for button in (self.demo_button, self.import_button, self.add_button):
            row.addWidget(button)
        outer.addLayout(row)
        outer.addSpacing(12)

        self.office_box = QGroupBox(self.tr("Your office (printed on order forms)"))
        form = QFormLayout(self.office_box)
        self.office_name = QLineEdit()
        self.office_name.setPlaceholderText(self.tr("e.g. Riverside Family Clinic"))
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 3 + 14)
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.email.setPlaceholderText(self.tr("Where suppliers reply to"))
        form.addRow(self.tr("Clinic &name:"), self.office_name)
        form.addRow(self.tr("&Address:"), self.address)
        form.addRow(self.tr("&Phone:"), self.phone)
        form.addRow(self.tr("&E-mail:"), self.email)
        self.saved_label = QLabel(self._hint())
        self.saved_label.setTextFormat(Qt.TextFormat.PlainText)  # may quote what was typed
        self.saved_label.setWordWrap(True)
        form.addRow(self.saved_label)
        outer.addWidget(self.office_box)
        outer.addStretch(2)

        self._editors: dict[str, QLineEdit | QPlainTextEdit] = {
            "office_name": self.office_name,
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
        }
        for name, editor in self._editors.items():
            editor.textChanged.connect(partial(self._edited, name))
            if isinstance(editor, QLineEdit):
                editor.returnPressed.connect(self.save_pending)
            # Leaving a field saves it, for whatever took the focus: another field, a menu
            # (File › Load demo data), a dialog (the import wizard, a new item).
            editor.installEventFilter(self)

    # ---------------------------------------------------------------- loading

    def refresh(self) -> None:
        """Show the stored details (anything typed is saved first; what could not be saved, such
        as a half-typed e-mail, stays as typed)."""
        self.save_pending(quiet=True)
        current = office_settings()
        for name, editor in self._editors.items():
            if name in self._dirty:
                continue
            value = getattr(current, name)
            editor.blockSignals(True)
            if isinstance(editor, QLineEdit):
                editor.setText(value)
            else:
                editor.setPlainText(value)
            editor.blockSignals(False)
        admin = is_admin()
        self.office_box.setEnabled(admin)
        self.office_box.setToolTip("" if admin else admin_only_text())
        self.saved_label.setText(self._hint())

    def _hint(self) -> str:
        return self.tr("Saved as you type; you can change them later in Settings.")

    # ---------------------------------------------------------------- saving

    def _edited(self, name: str, *_text: object) -> None:
        self._dirty.add(name)
        self.saved_label.clear()
        self._save_timer.start()

    def _start(self, request: Signal) -> None:
        self.save_pending()
        request.emit()

    def _text(self, name: str) -> str:
        editor = self._editors[name]
        return editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()

    def has_unsaved_details(self) -> bool:
        return bool(self._dirty)

    def save_pending(self, quiet: bool = False) -> bool:
        """Save the fields typed into since the last save; True when nothing is left unsaved.
        A field the core refuses (an e-mail without @) stays unsaved and is named under the form,
        unless `quiet` (still typing); the other fields are saved all the same."""
        self._save_timer.stop()
        pending = {name: self._text(name) for name in OFFICE_DETAILS if name in self._dirty}
        if not pending:
            return True
        refused: dict[str, str] = {}
        while pending:
            try:
                save_office_settings(_replaced(pending))
            except ValidationError as exc:
                if exc.field not in pending:
                    self._show_problem(str(exc), quiet)
                    return False
                refused[exc.field] = str(exc)
                del pending[exc.field]
                continue
            except InventoryError as exc:  # not allowed, or the database could not be written
                self._show_problem(str(exc), quiet)
                return False
            break
        self._dirty = set(refused)
        if refused:
            self._show_problem(" ".join(refused.values()), quiet)
            return False
        self.saved_label.setText(self.tr("Saved."))
        self.office_saved.emit()
        return True

    def save_office(self) -> bool:
        """Save every detail on the form as shown."""
        self._dirty.update(OFFICE_DETAILS)
        return self.save_pending()

    def _show_problem(self, text: str, quiet: bool) -> None:
        if quiet:
            self.saved_label.setText(self._hint())
        else:
            self.saved_label.setText(self.tr("Not saved: {reason}").format(reason=text))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in self._editors.values():
            self.save_pending()
        return super().eventFilter(watched, event)

    def hideEvent(self, event: QHideEvent) -> None:
        # Another page took the window (items were added, the window closes): keep what was typed.
        self.save_pending(quiet=True)
        super().hideEvent(event)


def _replaced(values: dict[str, str]) -> OfficeSettings:
    """The stored settings with `values` typed over them."""
    return replace(office_settings(), **values)  # type: ignore[arg-type]


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
