"""Python's cycle collector, paused while the desktop app starts.

Start-up imports the program and reads every item into the table: some hundred thousand
objects that live as long as the window. With the collector on, making them runs it over
and over, each pass walking everything made so far (about 40 ms of a 0.3 s start on the
20,000-item benchmark database). So the launcher pauses it before the first import, and the
window resumes it once it has painted (`MainWindow.started`): what start-up left as garbage
(closed start-up dialogs) is collected once, and what it built is frozen, so that later
collections do not walk it again. Reference counting frees objects as usual all along; only
cycles wait. Qt-free."""

from __future__ import annotations

import gc


def pause() -> None:
    gc.disable()


def resume() -> None:
    """The collector back on after start-up (at most once; nothing when it was not paused)."""
    if gc.isenabled():
        return
    gc.collect()
    gc.freeze()
    gc.enable()
