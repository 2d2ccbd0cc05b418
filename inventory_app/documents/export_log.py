"""Every file the app writes out of the database is noted in the audit log (RELIABILITY F4).

`logged_export("inventory")` wraps an export function whose target is its `path`
argument: once the file is written, one "export" event names the file and what
it held ("inventory, 120 rows"). A failed export writes no file and no event.
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action

P = ParamSpec("P")
R = TypeVar("R")


def logged_export(what: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator: record the finished export of `what` with its file name."""

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(fn)

        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            result = fn(*args, **kwargs)
            target = signature.bind(*args, **kwargs).arguments["path"]
            rows = ""
            if isinstance(result, int) and not isinstance(result, bool):
                rows = f", {result} row{'' if result == 1 else 's'}"
            audit.record_now(Action.EXPORT, Path(os.fspath(target)).name, f"{what}{rows}")
            return result

        return wrapper

    return decorate
