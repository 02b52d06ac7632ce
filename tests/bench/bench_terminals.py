"""Many terminals benchmark (issue 12): ten processes logging contacts at once through
`services.log_contact` into one SQLite file, and into one PostgreSQL database when
COMPLAINTS_TEST_PG is set (else a row says it was skipped).

The figure is commits per second of wall time, from the moment every process has signed in
and is let go to the last commit (process start-up is not counted). Not judged against a
target: it depends on the machine. Judged: every commit is in the database once and no
"database is locked" (or lost race) reaches a caller; either failing says OVER.
`BENCH_TERMINALS_COUNT` sets the contacts per process (default 100; `make soak` runs 200).
"""

from __future__ import annotations

import os

from tests.pg_url import ENV as PG_ENV
from tests.soak.terminals import TerminalsResult, database, run_terminals

PROCESSES = 10
COUNT = int(os.environ.get("BENCH_TERMINALS_COUNT", "100"))


def _row(result: TerminalsResult) -> tuple[str, str]:
    check = result.check
    failures = len(check.lost) + check.duplicates + len(check.lock_errors)
    failures += len(check.other_errors) + (check.integrity not in ("ok", "not SQLite"))
    verdict = "PASS" if failures == 0 else "OVER"
    return (
        f"{PROCESSES} terminals x {COUNT} contacts on {result.backend}",
        f"{result.per_second:.1f} commits/s ({result.seconds:.1f} s); lost {len(check.lost)}, "
        f"duplicates {check.duplicates}, lock errors {len(check.lock_errors)}; "
        f"target 0 each: {verdict}",
    )


def run() -> list[tuple[str, str]]:
    rows = []
    for backend in ("sqlite", "postgres"):
        if backend == "postgres" and not os.environ.get(PG_ENV):
            rows.append((f"{PROCESSES} terminals on postgres", f"skipped ({PG_ENV} is not set)"))
            continue
        with database(backend) as url:
            result = run_terminals(url, PROCESSES, COUNT, backend)
        print(result.summary())
        rows.append(_row(result))
    return rows


if __name__ == "__main__":
    from tests.bench.run_all import main

    raise SystemExit(main(["bench_terminals"]))
