"""The Help menu's windows: the daily tasks guide, the keyboard shortcuts and About.

The guide is a bundled HTML page read from disk into a QTextBrowser: it works offline, never
opens a web browser, and follows only links inside the guide. The shortcuts are handed in as
text already read from the window's actions, so this module knows nothing of where they come
from. About lists what someone helping over the phone asks first, as selectable text with a
Copy button."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inventory_app import APP_NAME
from inventory_app.resources import resource_path
from inventory_app.ui.common.icons import app_icon

GUIDE_FILE = ("help", "daily_tasks.html")
SERVER_GUIDE_FILE = ("help", "office_server.html")

# (group title, [(what it does, keys), ...]), e.g. ("Item", [("Receive", "Ctrl+R")])
ShortcutGroups = Sequence[tuple[str, Sequence[tuple[str, str]]]]


def guide_url(file: tuple[str, str] = GUIDE_FILE) -> QUrl:
    return QUrl.fromLocalFile(str(resource_path(*file)))


class GuideDialog(QDialog):
    """A bundled guide (the daily tasks guide unless `file` names another, with its `title`);
    it stays open beside the window while the task is done."""

    def __init__(
        self, parent: QWidget | None = None, file: tuple[str, str] = GUIDE_FILE, title: str | None = None
    ) -> None:
        super().__init__(parent)
        self.file = file
        self.setWindowTitle(title or self.tr("Daily tasks guide"))
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)  # links are followed by _follow: inside the guide only
        self.browser.anchorClicked.connect(self._follow)
        self.browser.setSource(guide_url(file))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(680, 720)

    def _follow(self, url: QUrl) -> None:
        here = guide_url(self.file).toLocalFile()
        inside = url.isRelative() or (url.isLocalFile() and url.toLocalFile() == here)
        if inside and url.fragment():
            self.browser.scrollToAnchor(url.fragment())


class ShortcutsDialog(QDialog):
    """Every shortcut, grouped as in the menu bar, with the page keys after."""

    def __init__(self, groups: ShortcutGroups, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Keys"), self.tr("What it does")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        bold = self.tree.font()
        bold.setBold(True)
        for title, rows in groups:
            group = QTreeWidgetItem(self.tree, [title])
            group.setFirstColumnSpanned(True)
            group.setFont(0, bold)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for text, keys in rows:
                QTreeWidgetItem(group, [keys, text])
        self.tree.expandAll()
        layout.addWidget(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 600)

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, keys, what it does) for each line shown, top to bottom."""
        found = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for i in range(group.childCount()):
                child = group.child(i)
                found.append((group.text(0), child.text(0), child.text(1)))
        return found


class AboutDialog(QDialog):
    """Version, database, data folder, Qt and Python: each line can be selected and copied."""

    def __init__(self, facts: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About {app}").format(app=APP_NAME))
        self.facts = list(facts)
        layout = QVBoxLayout(self)
        title = QLabel(APP_NAME)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(QLabel(self.tr("Supply room inventory for a medical office.")))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.value_labels: dict[str, QLabel] = {}
        for name, value in self.facts:
            label = QLabel(value)
            label.setTextFormat(Qt.TextFormat.PlainText)  # file names shown as they are
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            label.setWordWrap(True)
            form.addRow(f"{name}:", label)
            self.value_labels[name] = label
        layout.addLayout(form)
        layout.addSpacing(12)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(self.tr("&Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setToolTip(self.tr("Copy these lines, to paste into an e-mail to support"))
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def text(self) -> str:
        """The details as plain lines, "Name: value"."""
        return "\n".join([APP_NAME, *(f"{name}: {value}" for name, value in self.facts)])

    def copy(self) -> None:
        QApplication.clipboard().setText(self.text())
