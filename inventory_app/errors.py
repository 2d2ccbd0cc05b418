"""Errors a user can read. Every layer raises these; the GUI and CLI show their text.

Kept outside `core` so the storage layer can raise them without depending on
the rules above it.
"""

from __future__ import annotations


class InventoryError(Exception):
    """Base of every refusal the app explains to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(InventoryError):
    """A value the user typed is not acceptable; `field` names where it goes."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFound(InventoryError):
    """An item, supplier, lot or movement that does not exist (any more)."""


class InsufficientStock(InventoryError):
    """A use, dispose or reversal would take stock below zero."""

    def __init__(self, message: str, available: int) -> None:
        super().__init__(message)
        self.available = available


class DatabaseProblem(InventoryError):
    """The database cannot do what was asked: busy, full, read-only, gone, too new."""


class DatabaseBusy(DatabaseProblem):
    """Another workstation holds the database longer than we wait; nothing was written."""


class DatabaseVersionError(DatabaseProblem):
    """The database was written by a newer program, or could not be upgraded."""


class ConcurrentChange(InventoryError):
    """Stock changed under us between reading and writing; the unit of work is retried."""


class ImportFileError(InventoryError):
    """A spreadsheet that cannot be imported as it is: not what it claims, unsafe, damaged,
    too big, or without a recognisable header. `row` and `column` (a letter) say where,
    when it is one place in the sheet."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None) -> None:
        super().__init__(message)
        self.row = row
        self.column = column


class OperationCancelled(InventoryError):
    """The user cancelled a long operation; whatever it was writing was rolled back."""


class PermissionDenied(InventoryError):
    """The signed-in account may not do this (staff asking for an administrator's action)."""


class SignInFailed(InventoryError):
    """A wrong name or password, a locked or disabled account. The same text for an unknown
    name and a wrong password, so the message does not tell which names exist."""


class DuplicateOperation(InventoryError):
    """The same request arrived again (a double-click, a retry after an unclear failure) and was
    already saved; nothing more was written."""
