"""Many terminals on one database: `python -m tests.soak.terminals [--backend sqlite|postgres]
[--processes 10] [--count 200]`.

Starts the writer processes, waits until every one has signed in, then lets them all go at
once; each logs `count` contacts through `services.log_contact`. Then checks every committed
case is there with its event, references are unique, and no lock error reached a caller, and
prints the throughput (commits per second of wall time from the go to the last commit).
PostgreSQL uses a scratch database on the server in COMPLAINTS_TEST_PG.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.pg_url import ENV as PG_ENV
from tests.soak.procs import Check, Writer, check_database, reported, wait_all
from tests.soak.seed import seed


@dataclass
class TerminalsResult:
    backend: str
    processes: int
    count: int
    seconds: float
    check: Check
    slowest: float  # the longest one contact took, its wait for the lock included (seconds)

    @property
    def per_second(self) -> float:
        return self.check.commits / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        c = self.check
        return (
            f"terminals on {self.backend}: {self.processes} processes x {self.count} contacts: "
            f"commits {c.commits}, found {c.found}, lost {len(c.lost)}, "
            f"duplicates {c.duplicates}, lock errors seen {len(c.lock_errors)}, "
            f"other errors {len(c.other_errors)}, integrity {c.integrity}; "
            f"{self.per_second:.1f} commits/s ({self.seconds:.2f} s), slowest contact "
            f"{self.slowest:.2f} s"
        )


@contextmanager
def database(backend: str) -> Iterator[str]:
    """A fresh database's URL on `backend`, removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="soak-terminals-") as folder:
            yield f"sqlite:///{Path(folder) / 'terminals.sqlite3'}"
        return
    if not os.environ.get(PG_ENV):
        raise SystemExit(f'{PG_ENV} is not set: run  export {PG_ENV}="$(bash .ci/pg.sh)"  first')
    from tests.pg_url import scratch_database

    with scratch_database("soak") as url:
        yield url


def run_terminals(
    url: str, processes: int, count: int, backend: str, *, stage1: bool = False
) -> TerminalsResult:
    """Seed `url`, run `processes` writers of `count` contacts at once, check the database.
    `stage1`: each also opens stage 1 on every other contact (round robin routing)."""
    seed(url)
    extra = ("--wait-go", "--stage1") if stage1 else ("--wait-go",)
    writers = [Writer(url, worker, count, *extra) for worker in range(processes)]
    try:
        for writer in writers:
            writer.ready.wait(120)
        started = time.perf_counter()
        for writer in writers:
            writer.go()
        wait_all(writers, 60 + count * processes * 0.5)
        seconds = time.perf_counter() - started
    finally:
        for writer in writers:
            writer.kill()
    for writer in writers:
        if writer.process.returncode not in (0, 1) or not any(
            line.startswith("DONE") for line in writer.lines
        ):
            tail = "\n".join(writer.stderr[-20:])
            raise RuntimeError(f"writer {writer.worker} did not finish:\n{tail}")
    slowest = max(float(line.split()[1]) for line in reported(writers, "DONE"))
    check = check_database(url, writers)
    return TerminalsResult(backend, processes, count, seconds, check, slowest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--processes", type=int, default=10)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--stage1", action="store_true", help="open stage 1 on every other one")
    args = parser.parse_args(argv)
    with database(args.backend) as url:
        result = run_terminals(url, args.processes, args.count, args.backend, stage1=args.stage1)
    print(result.summary())
    for line in [*result.check.lost, *result.check.lock_errors, *result.check.other_errors][:20]:
        print(f"  {line}")
    return 0 if result.check.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
