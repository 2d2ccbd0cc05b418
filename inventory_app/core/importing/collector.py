"""Holding off Python's cycle collector while an import builds its rows.

Reading and checking a large list makes a few small objects per row (a row's
values, its cleaned cells, what it would write), none of them in a reference
cycle. Every so often the collector walks all the objects built so far,
looking for cycles that are not there: at 20,000 rows that is about a third
of the check's time. Reference counting frees everything as usual
meanwhile; the collector runs again as soon as the last paused block ends
(nested and concurrent blocks are counted), and is left off if it was off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
