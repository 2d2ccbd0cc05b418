"""The office server's password, kept in the operating system's credential store.

Windows Credential Manager, the macOS Keychain or the desktop's Secret Service hold it, through
`keyring`, when one is usable on this computer; the settings file never does. Where there is
none (no keyring package, or only its "fail"/"null" stand-ins), nothing is stored and the
password is asked for at each start. Tests put an in-memory store in place of `backend`.
"""

from __future__ import annotations

from typing import Protocol

from inventory_app import APP_NAME

SERVICE = f"{APP_NAME} database server"


class Store(Protocol):
    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...

    def delete_password(self, service: str, username: str) -> None: ...


def backend() -> Store | None:
    """The system's credential store, or None when this computer has no usable one."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        store = keyring.get_keyring()
    except Exception:  # a broken keyring configuration: as if there were none
        return None
    if isinstance(store, fail.Keyring) or type(store).__module__.endswith(("backends.null", ".fail")):
        return None
    return store


def usable() -> bool:
    return backend() is not None


def get(account: str) -> str | None:
    """The password saved for `account` (the server URL without password), or None."""
    store = backend()
    if store is None:
        return None
    try:
        return store.get_password(SERVICE, account)
    except Exception:  # a locked or refusing store: the password is asked for instead
        return None


def put(account: str, password: str) -> bool:
    """Save `password` for `account`; False when it could not be saved (then it is asked for)."""
    store = backend()
    if store is None:
        return False
    try:
        store.set_password(SERVICE, account, password)
    except Exception:
        return False
    return True


def forget(account: str) -> None:
    store = backend()
    if store is None:
        return
    try:
        store.delete_password(SERVICE, account)
    except Exception:  # nothing saved, or the store refuses: nothing to forget
        return
