"""Start-up of the command line as whole processes, against a bare Python start.

Each command runs N times after a warm-up, alternating with `python -c pass`; the medians
and their ratio are printed with the targets: `--version` under 100 ms, `items` and
`stock use` on the demo clinic under 300 ms (the demo has 85 specimen cups: at most
40 runs). Targets print PASS or MISS; a miss never
makes the exit status non-zero.

    python benchmarks/cli_start.py [--runs 11]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = [sys.executable, "-m", "inventory_app"]
BARE = [sys.executable, "-c", "pass"]


def _once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _median(command: list[str], runs: int) -> tuple[float, float]:
    """Medians of `command` and of the bare start, run in turn."""
    _once(command)
    _once(BARE)
    ours, bare = [], []
    for _ in range(runs):
        ours.append(_once(command))
        bare.append(_once(BARE))
    return statistics.median(ours), statistics.median(bare)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "demo.db")
        subprocess.run([*CLI, "--db", db, "--new", "demo"], stdout=subprocess.DEVNULL, check=True)
        cases = [
            ("inventory-app --version", [*CLI, "--version"], 0.100),
            ("inventory-app items (demo clinic)", [*CLI, "--db", db, "items"], 0.300),
            (
                "inventory-app stock use DX-SPC-CUP 1 (demo)",
                [*CLI, "--db", db, "stock", "use", "DX-SPC-CUP", "1"],
                0.300,
            ),
        ]
        print(f"{'command':48} {'median':>9} {'bare':>8} {'ratio':>7}  target")
        for name, command, target in cases:
            ours, bare = _median(command, args.runs)
            verdict = "PASS" if ours < target else "MISS"
            figures = f"{ours * 1000:7.0f}ms {bare * 1000:6.0f}ms {ours / bare:6.1f}x"
            print(f"{name:48} {figures}  < {target * 1000:.0f} ms {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
