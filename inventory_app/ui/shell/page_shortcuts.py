"""Ctrl+1 … Ctrl+9 go to the side bar's pages in the order they are shown.

The numbers count the rows a person sees: rows hidden from the signed-in role (staff have no
Settings, Audit log or Users) are skipped, so Ctrl+7 is always the seventh row on the screen.
Nothing is stored about which row has which number; it is worked out when a key is pressed or a
tool tip is shown, so a role change or a row hidden later cannot leave a stale number behind.
Each row's tool tip names its shortcut."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QHelpEvent, QKeySequence
from PySide6.QtWidgets import QListWidget, QToolTip, QWidget

PAGE_KEYS = 9  # Ctrl+1 … Ctrl+9


def page_keys(number: int) -> QKeySequence:
    """The shortcut for the `number`-th shown page (1 … 9)."""
    return QKeySequence(f"Ctrl+{number}")


class PageShortcuts(QObject):
    """The nine page actions of `window` (children of it, so locking the window disables them)
    and the side bar tool tips that name them."""

    def __init__(self, window: QWidget, nav: QListWidget) -> None:
        super().__init__(window)
        self.nav = nav
        self.actions: list[QAction] = []
        for number in range(1, PAGE_KEYS + 1):
            action = QAction(self.tr("Go to page {n}").format(n=number), window)
            action.setObjectName(f"page_shortcut_{number}")
            action.setShortcut(page_keys(number))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, n=number: self.go_to(n))
            window.addAction(action)
            self.actions.append(action)
        nav.viewport().installEventFilter(self)

    def shown_rows(self) -> list[int]:
        """The side bar rows on screen, top to bottom."""
        return [row for row in range(self.nav.count()) if not self.nav.isRowHidden(row)]

    def row_for(self, number: int) -> int | None:
        """The side bar row that Ctrl+`number` goes to, or None when fewer rows are shown."""
        rows = self.shown_rows()[:PAGE_KEYS]
        return rows[number - 1] if 1 <= number <= len(rows) else None

    def keys_for_row(self, row: int) -> str:
        """The keys for `row`: "Ctrl+3" for the third shown row; "" for a hidden row or one past
        the ninth."""
        rows = self.shown_rows()[:PAGE_KEYS]
        if row not in rows:
            return ""
        return page_keys(rows.index(row) + 1).toString(QKeySequence.SequenceFormat.NativeText)

    def page_name(self, row: int) -> str:
        """The row's page name, without the counts shown under it ("Inventory", not
        "Inventory\\n11 low")."""
        return self.nav.item(row).text().split("\n", 1)[0]

    def entries(self) -> list[tuple[str, str]]:
        """(keys, page name) for each page that has a shortcut now, in side bar order."""
        return [(self.keys_for_row(row), self.page_name(row)) for row in self.shown_rows()[:PAGE_KEYS]]

    def go_to(self, number: int) -> None:
        """Show the `number`-th shown page; nothing when there are fewer shown rows."""
        row = self.row_for(number)
        if row is not None:
            self.nav.setCurrentRow(row)

    def tooltip(self, row: int) -> str:
        """The row's own tool tip (its counts, when it has one) under "Name (Ctrl+N)"."""
        keys = self.keys_for_row(row)
        own = self.nav.item(row).toolTip()
        if not keys:
            return own
        heading = self.tr("{page} ({keys})").format(page=self.page_name(row), keys=keys)
        return f"{heading}\n{own}" if own else heading

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        index = self.nav.indexAt(event.pos())
        if not index.isValid():
            return False
        text = self.tooltip(index.row())
        if not text:
            return False
        QToolTip.showText(event.globalPos(), text, self.nav.viewport(), self.nav.visualRect(index))
        return True
