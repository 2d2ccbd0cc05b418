"""Where this workstation keeps the inventory: a file on this computer, or the office server.

The choice itself is kept by the screens (per workstation, without any password); this module
is what they need of the database layer: the default file, the server URL built from its
parts and back, the check of a server, and the database in use, each named without password.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from inventory_app.core import password_store
from inventory_app.db import connection
from inventory_app.db.connection import current_database, describe_target
from inventory_app.db.server_check import (
    DEFAULT_PORT,
    Problem,
    ServerAddress,
    ServerCheck,
    check_server,
    server_url,
    split_server_url,
)

__all__ = [
    "DEFAULT_PORT",
    "DatabaseChoice",
    "Kind",
    "Problem",
    "ServerAddress",
    "ServerCheck",
    "can_save_passwords",
    "check_server",
    "database_in_use",
    "forget_password",
    "local_database_path",
    "save_password",
    "saved_password",
    "server_url",
    "split_server_url",
]


class Kind(StrEnum):
    LOCAL = "local"
    SERVER = "server"


@dataclass(frozen=True, slots=True)
class DatabaseChoice:
    """This computer's file (`LOCAL`), or the office server at `address`."""

    kind: Kind
    address: ServerAddress | None = None

    @property
    def account(self) -> str:
        """The server URL without password: the name its password is saved under."""
        return server_url(self.address) if self.address is not None else ""

    def target(self, password: str = "") -> str:
        """The database string to open: the default file, or the server URL with `password`."""
        if self.kind is Kind.LOCAL or self.address is None:
            return str(local_database_path())
        return server_url(self.address, password)

    def describe(self) -> str:
        return self.target() if self.kind is Kind.LOCAL else self.account


def local_database_path() -> Path:
    """The inventory file of "This computer only", in the data folder."""
    return connection.default_database_path()


def database_in_use() -> str:
    """The open database as the user reads it: its file, or its server URL without password."""
    return describe_target(str(current_database().database))


def saved_password(choice: DatabaseChoice) -> str | None:
    return password_store.get(choice.account) if choice.kind is Kind.SERVER else None


def save_password(choice: DatabaseChoice, password: str) -> bool:
    """Keep the server's password in the system's credential store; False where there is none."""
    if choice.kind is not Kind.SERVER or not password:
        return False
    return password_store.put(choice.account, password)


def forget_password(choice: DatabaseChoice) -> None:
    if choice.kind is Kind.SERVER:
        password_store.forget(choice.account)


def can_save_passwords() -> bool:
    return password_store.usable()
