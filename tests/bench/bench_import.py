"""Import benchmark (issue 18.10): `complaints import residents` of 100,000 and 1,000,000 rows.

Each size is a fresh CSV (about 120 bytes a row, like a landlord's spreadsheet export) imported
into a fresh, migrated SQLite database by the real command in a child process, so that the figure
is what an officer waits for: the interpreter starting, checking every row, writing them, their
search terms and audit events, and the commit. Peak memory is the child's own `ru_maxrss` (from
`os.wait4`), so the bench's own memory never counts.

Targets: under 200 MB of memory at any size, and at least 10,000 rows a second. Each figure says
PASS or OVER beside its target; `run_all` exits nonzero on an OVER. BENCH_IMPORT_ROWS (e.g.
"100000") runs other sizes. Files go to $COMPLAINTS_BENCH_DIR (default /tmp/complaints-bench) and
are removed afterwards.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = [int(n) for n in os.environ.get("BENCH_IMPORT_ROWS", "100000,1000000").split(",")]
MEMORY_TARGET_MB = 200
RATE_TARGET = 10_000  # rows a second
COMPLAINTS = str(Path(sys.executable).parent / "complaints")
STREETS = ["Mill Lane", "Station Road", "Church Street", "High Street", "Park Avenue"]


def write_residents(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["reference", "name", "address", "postcode", "phone", "email", "tenure"])
        for n in range(rows):
            writer.writerow(
                [
                    f"R{n:07d}",
                    f"Resident Number{n} Smith",
                    f"Flat {n % 90 + 1}, {n % 300 + 1} {STREETS[n % 5]}, Derby",
                    f"DE{n % 20 + 1} {n % 9 + 1}AB",
                    f"07700 {n % 1_000_000:06d}",
                    f"r{n}@example.org",
                    "LCRA" if n % 3 else "LCHO",
                ]
            )


def import_once(folder: Path, rows: int) -> tuple[float, float]:
    """Seconds and peak megabytes of one `complaints import residents` of `rows` rows."""
    url = f"sqlite:///{folder / f'bench-{rows}.sqlite3'}"
    subprocess.run([COMPLAINTS, "--db", url, "db", "upgrade"], check=True, capture_output=True)
    path = folder / f"residents-{rows}.csv"
    write_residents(path, rows)
    started = time.perf_counter()
    child = subprocess.Popen(
        [COMPLAINTS, "--db", url, "import", "residents", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    out, err = child.communicate()
    if os.waitstatus_to_exitcode(status) != 0 or f"Imported {rows:,}".encode() not in out:
        raise RuntimeError(f"import of {rows:,} rows failed: {err.decode()[-500:]}")
    return elapsed, usage.ru_maxrss / 1024  # kilobytes on Linux


def run() -> list[tuple[str, str]]:
    base = Path(os.environ.get("COMPLAINTS_BENCH_DIR", "/tmp/complaints-bench"))
    base.mkdir(parents=True, exist_ok=True)
    rows_out: list[tuple[str, str]] = []
    for rows in SIZES:
        folder = Path(tempfile.mkdtemp(prefix="import-", dir=base))
        try:
            seconds, megabytes = import_once(folder, rows)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        rate = rows / seconds
        speed = "PASS" if rate >= RATE_TARGET else "OVER"
        memory = "PASS" if megabytes < MEMORY_TARGET_MB else "OVER"
        print(f"import x {rows:,}: {seconds:.1f} s, {rate:,.0f} rows/s, {megabytes:.0f} MB")
        rows_out += [
            (
                f"import residents x {rows:,}: time",
                f"{seconds:.1f} s ({rate:,.0f} rows/s); target >= {RATE_TARGET:,} rows/s: {speed}",
            ),
            (
                f"import residents x {rows:,}: peak memory",
                f"{megabytes:.0f} MB; target < {MEMORY_TARGET_MB} MB: {memory}",
            ),
        ]
    return rows_out


if __name__ == "__main__":
    from tests.bench.run_all import main

    raise SystemExit(main(["bench_import"]))
