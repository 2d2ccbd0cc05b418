"""How this computer keeps the inventory: asked on the first start, changed in Settings ▸ Database.

"This computer only" is the inventory file in the data folder; "Our office server" is a
PostgreSQL database several workstations share. The choice is kept in this workstation's
settings without any password; the password goes to the system's password store when there
is one, and is otherwise asked for at each start (`PasswordDialog`).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.database_choice import (
    DEFAULT_PORT,
    DatabaseChoice,
    Kind,
    ServerAddress,
    ServerCheck,
    can_save_passwords,
    check_server,
    forget_password,
    local_database_path,
    save_password,
    saved_password,
    server_url,
    split_server_url,
)
from inventory_app.core.types import Status
from inventory_app.ui.common import theme
from inventory_app.ui.common.busy_cursor import BusyCursor
from inventory_app.ui.common.forms import hint_label

KIND_KEY = "database/kind"
URL_KEY = "database/url"  # the server's URL without password
PASSWORD_KEY = "database/password"  # where the password is: SAVED, ASK or NONE (never the password)
SAVED, ASK, NONE = "saved", "ask", "none"


# ---------------------------------------------------------------- the workstation's choice


def saved_choice(settings: QSettings) -> DatabaseChoice | None:
    """The choice saved on this workstation, or None when none was made yet."""
    kind = str(settings.value(KIND_KEY, "") or "")
    if kind == Kind.LOCAL:
        return DatabaseChoice(Kind.LOCAL)
    url = str(settings.value(URL_KEY, "") or "")
    if kind == Kind.SERVER and url:
        return DatabaseChoice(Kind.SERVER, split_server_url(url))
    return None


def save_choice(settings: QSettings, choice: DatabaseChoice, password: str = "") -> None:
    """Keep `choice` for this workstation: its password in the password store when there is one."""
    old = saved_choice(settings)
    if old is not None and old.kind is Kind.SERVER and old.account != choice.account:
        forget_password(old)
    settings.setValue(KIND_KEY, str(choice.kind))
    if choice.kind is Kind.SERVER:
        settings.setValue(URL_KEY, choice.account)
        if not password:
            where = NONE
        else:
            where = SAVED if save_password(choice, password) else ASK
        settings.setValue(PASSWORD_KEY, where)
    else:
        settings.remove(URL_KEY)
        settings.remove(PASSWORD_KEY)
    settings.sync()


def password_for(parent: QWidget | None, settings: QSettings, choice: DatabaseChoice) -> str | None:
    """The server's password for this start: from the password store, else asked for; None when
    the person cancelled."""
    where = str(settings.value(PASSWORD_KEY, ASK) or ASK)
    if where == NONE:
        return ""
    if where == SAVED:
        stored = saved_password(choice)
        if stored:
            return stored
    return PasswordDialog.ask(parent, choice)


# ---------------------------------------------------------------- the dialogs


class DatabaseChoiceDialog(QDialog):
    """This computer only, or our office server (with a Test connection button)."""

    def __init__(
        self, parent: QWidget | None = None, current: DatabaseChoice | None = None, first_start: bool = False
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Where the inventory is kept"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Welcome. Before you start: how does this computer keep the inventory?")
            if first_start
            else self.tr("How does this computer keep the inventory?")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.local_button = QRadioButton(self.tr("This &computer only"))
        self.server_button = QRadioButton(self.tr("Our office &server"))
        group = QButtonGroup(self)
        group.addButton(self.local_button)
        group.addButton(self.server_button)
        layout.addWidget(self.local_button)
        local_hint = hint_label(
            self.tr("The inventory is a file on this computer: {path}").format(path=local_database_path())
        )
        local_hint.setContentsMargins(24, 0, 0, 6)
        layout.addWidget(local_hint)
        layout.addWidget(self.server_button)
        server_hint = hint_label(
            self.tr(
                "Several computers share one inventory on a PostgreSQL server. Whoever set up the "
                "server gives you these details (Help ▸ Set up the office server)."
            )
        )
        server_hint.setContentsMargins(24, 0, 0, 0)
        layout.addWidget(server_hint)

        self.server_fields = QWidget()
        form = QFormLayout(self.server_fields)
        form.setContentsMargins(24, 4, 0, 0)
        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("e.g. office-server or 192.168.1.10"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setMinimumWidth(100)
        self.database = QLineEdit()
        self.database.setPlaceholderText(self.tr("e.g. inventory"))
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Ser&ver name:"), self.host)
        form.addRow(self.tr("&Port:"), self.port)
        form.addRow(self.tr("&Database:"), self.database)
        form.addRow(self.tr("&User name:"), self.user)
        form.addRow(self.tr("Pass&word:"), self.password)
        self.password_note = hint_label(
            self.tr("The password is kept in this computer's password store, not in the settings.")
            if can_save_passwords()
            else self.tr(
                "This computer has no password store: the program asks for the password each time it starts."
            )
        )
        form.addRow("", self.password_note)
        self.test_button = QPushButton(self.tr("&Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        form.addRow("", self.test_button)
        layout.addWidget(self.server_fields)

        self.answer = QLabel()
        self.answer.setTextFormat(Qt.TextFormat.PlainText)  # it quotes what was typed
        self.answer.setWordWrap(True)
        self.answer.hide()
        layout.addWidget(self.answer)

        box = QDialogButtonBox(self)
        self.ok_button = QPushButton(self.tr("&Use this"))
        self.ok_button.setDefault(True)
        box.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(QDialogButtonBox.StandardButton.Cancel)
        box.rejected.connect(self.reject)
        self.ok_button.clicked.connect(self.submit)
        layout.addWidget(box)

        for field in (self.host, self.database, self.user, self.password):
            field.textEdited.connect(self.answer.hide)
        self.port.valueChanged.connect(self.answer.hide)
        self.server_button.toggled.connect(self._show_kind)
        if current is not None and current.kind is Kind.SERVER and current.address is not None:
            self.host.setText(current.address.host)
            self.port.setValue(current.address.port)
            self.database.setText(current.address.database)
            self.user.setText(current.address.user)
            self.password.setText(saved_password(current) or "")  # from the password store, if kept
            self.server_button.setChecked(True)
        else:
            self.local_button.setChecked(True)
        self._show_kind()
        (self.server_button if self.server_button.isChecked() else self.local_button).setFocus()

    def _show_kind(self) -> None:
        self.server_fields.setEnabled(self.server_button.isChecked())
        self.answer.hide()

    def address(self) -> ServerAddress:
        return ServerAddress(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
        )

    def choice(self) -> DatabaseChoice:
        if self.server_button.isChecked():
            return DatabaseChoice(Kind.SERVER, self.address())
        return DatabaseChoice(Kind.LOCAL)

    def _missing(self) -> QLineEdit | None:
        for field in (self.host, self.database, self.user):
            if not field.text().strip():
                return field
        return None

    def _show(self, ok: bool, text: str) -> None:
        color = theme.status_color(Status.OK if ok else "expired").name()
        self.answer.setStyleSheet(f"color: {color};")
        self.answer.setText(text)
        self.answer.show()

    def test_connection(self) -> ServerCheck | None:
        """Connect once and say plainly whether it works, and if not what is wrong."""
        missing = self._missing()
        if missing is not None:
            self._show(False, self.tr("Fill in the server name, the database and the user name."))
            missing.setFocus()
            return None
        with BusyCursor():
            outcome = check_server(server_url(self.address(), self.password.text()))
        self._show(outcome.ok, outcome.text)
        return outcome

    def submit(self) -> None:
        """Local: accepted. Server: accepted only once the connection works."""
        if self.server_button.isChecked():
            outcome = self.test_connection()
            if outcome is None or not outcome.ok:
                return
        self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        settings: QSettings,
        current: DatabaseChoice | None = None,
        first_start: bool = False,
    ) -> tuple[DatabaseChoice, str] | None:
        """Ask, and keep the answer for this workstation: the choice and the server's password
        typed (for this start); None when cancelled."""
        dialog = cls(parent, current, first_start)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            choice = dialog.choice()
            password = dialog.password.text() if choice.kind is Kind.SERVER else ""
            save_choice(settings, choice, password)
            return choice, password
        finally:
            dialog.deleteLater()


class PasswordDialog(QDialog):
    """The office server's password, asked at start where it is not kept on this computer."""

    def __init__(self, choice: DatabaseChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Password for the office server"))
        self.setMinimumWidth(400)
        layout = QVBoxLayout(self)
        address = choice.address or ServerAddress("")
        text = QLabel(
            self.tr('The password of the user "{user}" on the server {host} (database "{db}"):').format(
                user=address.user, host=address.host, db=address.database
            )
        )
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.password)
        box = QDialogButtonBox(self)
        self.ok_button = QPushButton(self.tr("OK"))
        self.ok_button.setDefault(True)
        box.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.password.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, choice: DatabaseChoice) -> str | None:
        dialog = cls(choice, parent)
        try:
            return dialog.password.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
