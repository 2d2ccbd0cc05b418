"""What the signed-in account may do, as the screens show it.

Buttons for administrators' actions are disabled for staff with the tooltip
"Administrators only"; the core refuses those actions anyway (a disabled button
is a courtesy, not the guard). Without accounts (a new office) everyone may.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget

from inventory_app.core.accounts.context import Actor, current_actor


def admin_only_text() -> str:
    return QApplication.translate("access", "Administrators only")


def is_admin() -> bool:
    actor = current_actor()
    return actor is None or actor.is_admin


def signed_in_text(actor: Actor | None) -> str:
    """'Signed in as Ana (administrator)', or '' when nobody is signed in."""
    if actor is None:
        return ""
    role = (
        QApplication.translate("access", "administrator")
        if actor.is_admin
        else QApplication.translate("access", "staff")
    )
    return QApplication.translate("access", "Signed in as {name} ({role})").format(name=actor.name, role=role)


def enable_for_admin(control: QWidget | QAction, enabled: bool, tip: str) -> None:
    """Enable `control` when `enabled` and the account is an administrator's; for staff it is
    disabled with the tooltip 'Administrators only'."""
    admin = is_admin()
    control.setEnabled(enabled and admin)
    control.setToolTip(tip if admin else f"{admin_only_text()}. {tip}")
