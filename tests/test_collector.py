"""The cycle collector paused during the desktop app's start-up: resuming collects what start-up
left as cyclic garbage, freezes what it built, and is done once."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from inventory_app import collector


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


@pytest.fixture
def restored_collector() -> Iterator[None]:
    yield
    gc.enable()
    gc.unfreeze()


def test_a_cycle_dropped_while_paused_waits_and_is_collected_on_resume(restored_collector) -> None:
    collector.pause()
    assert not gc.isenabled()
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    del a, b
    _ = [[n] for n in range(10_000)]  # allocations that would have run the collector several times
    assert gone() is not None  # only cycles wait: reference counting frees everything else
    collector.resume()
    assert gc.isenabled()
    assert gone() is None
    assert gc.get_freeze_count() > 0  # what start-up built is left out of later collections


def test_resuming_a_collector_that_was_never_paused_changes_nothing(restored_collector) -> None:
    frozen = gc.get_freeze_count()
    collector.resume()
    assert gc.isenabled() and gc.get_freeze_count() == frozen
