"""Run the UI and snapshot suites N times while other processes keep every CPU busy, and say how
many runs failed: `python -m tests.repeat --runs 10` (what `make test-repeat N=10` calls).

A test that waits a fixed time instead of for the state it checks passes alone and fails now
and then on a loaded machine; this is where that shows. Exit code 1 if any run failed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

BUSY = "while True: pass"
SUITES = ("tests/ui", "tests/snapshots")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--busy", type=int, default=os.cpu_count() or 2, help="busy processes")
    parser.add_argument("suites", nargs="*", default=list(SUITES))
    args = parser.parse_args(argv)
    loads = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(args.busy)]
    failed: list[int] = []
    try:
        for run in range(1, args.runs + 1):
            started = time.perf_counter()
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pytest",
                    "-q",
                    "-x",
                    "-p",
                    "no:cacheprovider",
                    *args.suites,
                ],
                capture_output=True,
                text=True,
            )
            took = time.perf_counter() - started
            last = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
            verdict = "ok" if done.returncode == 0 else "FAILED"
            print(f"run {run}/{args.runs}: {verdict} in {took:.0f} s: {last}", flush=True)
            if done.returncode != 0:
                failed.append(run)
                print(done.stdout[-4000:], flush=True)
    finally:
        for load in loads:
            load.kill()
    print(f"{len(failed)} of {args.runs} runs failed under {args.busy} busy processes")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
