"""Run every benchmark: `python -m tests.bench.run_all` (what `make bench` calls).

Each `tests/bench/bench_*.py` module that defines `run() -> list[tuple[str, str]]` is run in
name order; its (what, figure) rows are gathered into one table at the end. A figure that misses
its target says so with the word OVER (each bench writes "PASS" or "OVER" beside its target).

The exit code is 0 only when every module ran and no figure is OVER; a module that fails or a
figure over its target makes it 1 (the other modules still run, so every figure is printed).
"""

from __future__ import annotations

import importlib
import re
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
OVER = re.compile(r"\bOVER\b")


def bench_modules() -> list[str]:
    return sorted(path.stem for path in BENCH_DIR.glob("bench_*.py"))


def run_all(names: list[str] | None = None) -> tuple[list[tuple[str, str, str]], bool]:
    """(module, what, figure) rows, and whether every module ran cleanly."""
    rows: list[tuple[str, str, str]] = []
    ok = True
    for name in names if names is not None else bench_modules():
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"{__package__ or 'tests.bench'}.{name}")
            run: Callable[[], list[tuple[str, str]]] | None = getattr(module, "run", None)
            if run is None:
                rows.append((name, "(no run() function)", "skipped"))
                continue
            for what, figure in run():
                rows.append((name, str(what), str(figure)))
        except Exception as error:  # one broken bench must not hide the others' figures
            traceback.print_exc()
            rows.append((name, "FAILED", f"{type(error).__name__}: {error}"))
            ok = False
        rows.append((name, "(module wall time)", f"{time.perf_counter() - started:.2f} s"))
    return rows, ok


def format_table(rows: list[tuple[str, str, str]]) -> str:
    header = ("module", "what", "figure")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    line = "  ".join("-" * width for width in widths)
    out = ["  ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(out)


def over_target(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The rows whose figure is over its target."""
    return [row for row in rows if OVER.search(row[2])]


def main(argv: list[str] | None = None) -> int:
    """Run all benches, or only those named on the command line (`bench_domain`)."""
    names = list(argv if argv is not None else sys.argv[1:]) or None
    rows, ok = run_all(names)
    print()
    print(format_table(rows))
    over = over_target(rows)
    failed = [row for row in rows if row[1] == "FAILED"]
    print()
    for module, what, figure in over:
        print(f"OVER TARGET: {module}: {what}: {figure}")
    for module, _, error in failed:
        print(f"FAILED: {module}: {error}")
    if over or failed or not ok:
        print(f"bench: {len(over)} figure(s) over target, {len(failed)} module(s) failed: exit 1")
        return 1
    print("bench: every figure within its target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
