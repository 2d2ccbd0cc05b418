"""The cycle collector is held off only while an import builds its rows, and comes back as it was."""

from __future__ import annotations

import gc
import threading

import pytest

from inventory_app.core.importing.collector import collector_paused


def test_paused_inside_and_back_after_nested_blocks_and_errors() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with pytest.raises(ValueError), collector_paused():
            raise ValueError("a row failed")
        assert not gc.isenabled()  # the outer block still runs
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_blocks_in_two_threads_end_in_any_order() -> None:
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            inside.set()
            leave.wait(5)

    worker = threading.Thread(target=other)
    with collector_paused():
        worker.start()
        assert inside.wait(5)
    assert not gc.isenabled()  # the other thread's block is still open
    leave.set()
    worker.join(5)
    assert gc.isenabled()
