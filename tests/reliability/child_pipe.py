"""Talking to a child process line by line, with a timeout instead of a hang."""

from __future__ import annotations

import os
import select
import subprocess
import time

import pytest


class LineReader:
    """Lines from a child's stdout (opened unbuffered, in bytes); fails the test after `timeout` s."""

    def __init__(self, process: subprocess.Popen[bytes], timeout: float) -> None:
        self.process = process
        self.timeout = timeout
        self.buffer = b""

    def read_line(self) -> str:
        stdout = self.process.stdout
        assert stdout is not None
        deadline = time.monotonic() + self.timeout
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([stdout], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                self.process.kill()
                pytest.fail(f"the child said nothing for {self.timeout:.0f} s")
            chunk = os.read(stdout.fileno(), 1 << 16)
            if not chunk:
                self.process.wait(timeout=self.timeout)
                error = self.process.stderr.read().decode() if self.process.stderr else ""
                pytest.fail(f"the child ended ({self.process.returncode}): {error}")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()
