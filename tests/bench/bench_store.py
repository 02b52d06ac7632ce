"""Store benchmark on the demo database: each query through SQLAlchemy beside raw sqlite3.

The database (1,000,000 cases unless BENCH_CASES says otherwise) is built once with
`complaints demo` into $COMPLAINTS_BENCH_DIR (default /tmp/complaints-bench) and reused while the
schema and the recipe stay the same. Each figure is the median of several runs after a warm-up;
the raw figure is the same SQL through the sqlite3 module, and the ratio is ours / raw.

Targets (issue 3): overdue counts by stage and handler < 200 ms; first 50 of a queue by due date
< 50 ms; resident search by name, postcode or reference < 30 ms; logging a contact < 20 ms.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.schema import CreateTable

from complaints_tui.services.demo import DemoRecipe, build_demo
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store, open_store

TODAY = date(2026, 3, 2)
RUNS = 15


def _bench_path(cases: int) -> Path:
    folder = Path(os.environ.get("COMPLAINTS_BENCH_DIR", "/tmp/complaints-bench"))
    folder.mkdir(parents=True, exist_ok=True)
    # A new schema or a new recipe means a new file.
    schema = "".join(str(CreateTable(t)) for t in m.Base.metadata.sorted_tables)
    recipe = Path(__file__).resolve().parents[2] / "src/complaints_tui/services/demo.py"
    digest = hashlib.sha256((schema + recipe.read_text(encoding="utf-8")).encode()).hexdigest()
    return folder / f"bench-{cases}-{digest[:10]}.sqlite3"


def _database(cases: int) -> tuple[Store, Path, float | None]:
    path = _bench_path(cases)
    built: float | None = None
    if not path.exists():
        partial = path.with_suffix(".building")
        for leftover in partial.parent.glob(partial.name + "*"):
            leftover.unlink()
        store = open_store(f"sqlite:///{partial}")
        store.upgrade()
        started = time.perf_counter()
        recipe = DemoRecipe(residents=max(50, cases // 10), cases=cases, seed=1, today=TODAY)
        last = [0.0]

        def progress(phase: str, done: int, total: int) -> None:
            now = time.perf_counter()
            if now - last[0] > 10 or done == total:
                print(f"  building bench database: {phase} {done:,}/{total:,}", flush=True)
                last[0] = now

        build_demo(store, recipe, progress)
        built = time.perf_counter() - started
        store.engine.dispose()
        with sqlite3.connect(partial) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        partial.replace(path)
        for suffix in ("-wal", "-shm"):
            Path(str(partial) + suffix).unlink(missing_ok=True)
    return open_store(f"sqlite:///{path}", create=False), path, built


def _median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    action()  # warm-up: caches, statement compilation
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _raw(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("busy_timeout = 5000", "journal_mode = WAL", "synchronous = NORMAL",
                   "foreign_keys = ON"):  # fmt: skip
        connection.execute(f"PRAGMA {pragma}")
    return connection


def _row(what: str, ours: float, raw: float, target: float) -> tuple[str, str]:
    verdict = "ok" if ours < target else f"OVER {target:.0f} ms"
    ratio = ours / raw if raw > 0 else float("inf")
    figure = (
        f"{ours:.2f} ms (raw sqlite3 {raw:.2f} ms, x{ratio:.2f}; "
        f"target < {target:.0f} ms: {verdict})"
    )
    print(f"{what}: {figure}", flush=True)
    return what, figure


def _log_contact(store: Store, resident_id: int, handler_id: int, number: int) -> None:
    """Log a complaint by phone: a reference from the counter, the case, its deadlines, an event.

    Stand-in for the service's `log a contact` until it exists (see the report).
    """
    now = datetime.now(UTC)
    with store.transaction() as session:
        year = TODAY.year
        session.execute(
            update(m.CaseCounter)
            .where(m.CaseCounter.year == year)
            .values(last_number=m.CaseCounter.last_number + 1)
        )
        last = session.execute(
            select(m.CaseCounter.last_number).where(m.CaseCounter.year == year)
        ).scalar_one()
        case = m.Case(
            reference=f"CMP-{year}-{last:06d}",
            kind="complaint",
            channel="phone",
            received_at=now,
            received_on=TODAY,
            description=f"Bench contact {number}",
            profile_id="hos-code",
            stage=1,
            status="new",
            handler_id=handler_id,
            resident_id=resident_id,
            next_due_on=date(2026, 3, 9),
            next_due_kind="acknowledge",
            created_at=now,
            updated_at=now,
        )
        session.add(case)
        session.flush()
        session.add(
            m.Event(
                case_id=case.id, actor_id=handler_id, at=now, action="logged", after={"n": number}
            )
        )


def _raw_log_contact(
    connection: sqlite3.Connection, resident_id: int, handler_id: int, number: int
) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    year = TODAY.year
    connection.execute("BEGIN")
    connection.execute(
        "UPDATE case_counters SET last_number = last_number + 1 WHERE year = ?", (year,)
    )
    (last,) = connection.execute(
        "SELECT last_number FROM case_counters WHERE year = ?", (year,)
    ).fetchone()
    cursor = connection.execute(
        "INSERT INTO cases (reference, kind, channel, received_at, received_on, description, "
        "desired_outcome, profile_id, stage, status, handler_id, resident_id, caller_name, "
        "complaint_offered, accepted, exclusion_reason, out_of_time_reason, next_due_on, "
        "next_due_kind, improvement, withdrawn_by, withdrawn_reason, created_at, updated_at, "
        "version) VALUES (?, 'complaint', 'phone', ?, ?, ?, '', 'hos-code', 1, 'new', ?, ?, '', "
        "0, 0, '', '', '2026-03-09', 'acknowledge', '', '', '', ?, ?, 1)",
        (f"CMP-{year}-{last:06d}", now, TODAY.isoformat(), f"Raw contact {number}", handler_id,
         resident_id, now, now),
    )  # fmt: skip
    connection.execute(
        "INSERT INTO events (case_id, actor_id, at, action, after) VALUES (?, ?, ?, 'logged', ?)",
        (cursor.lastrowid, handler_id, now, f'{{"n": {number}}}'),
    )
    connection.execute("COMMIT")


def run() -> list[tuple[str, str]]:
    cases = int(os.environ.get("BENCH_CASES", "1000000"))
    store, path, built = _database(cases)
    rows: list[tuple[str, str]] = [("database", f"{path} ({cases:,} cases)")]
    if built is not None:
        rows.append(("demo build (complaints demo)", f"{built:.1f} s"))
    raw = _raw(path)
    today = TODAY.isoformat()
    with store.reading() as session:

        def run_query(statement: Any, params: dict[str, Any] | None = None) -> list[Any]:
            return list(session.execute(statement, params or {}).all())

        # 1. Overdue counts by stage and handler.
        overdue = (
            select(m.Case.stage, m.Case.handler_id, func.count())
            .where(m.Case.next_due_on < TODAY)
            .group_by(m.Case.stage, m.Case.handler_id)
        )
        raw_overdue = (
            "SELECT stage, handler_id, count(*) FROM cases WHERE next_due_on < ? "
            "GROUP BY stage, handler_id"
        )
        assert len(run_query(overdue)) == len(raw.execute(raw_overdue, (today,)).fetchall())
        rows.append(
            _row(
                "overdue counts by stage and handler",
                _median_ms(lambda: run_query(overdue)),
                _median_ms(lambda: raw.execute(raw_overdue, (today,)).fetchall()),
                200,
            )
        )
        # 2. First 50 of a queue by due date: the busiest handler's, and everyone's.
        busiest = session.execute(
            select(m.Case.handler_id)
            .where(m.Case.next_due_on.is_not(None), m.Case.handler_id.is_not(None))
            .group_by(m.Case.handler_id)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar()
        queue = (
            select(
                m.Case.id, m.Case.reference, m.Case.stage, m.Case.next_due_on, m.Case.next_due_kind
            )
            .where(m.Case.handler_id == busiest, m.Case.next_due_on.is_not(None))
            .order_by(m.Case.next_due_on, m.Case.id)
            .limit(50)
        )
        raw_queue = (
            "SELECT id, reference, stage, next_due_on, next_due_kind FROM cases "
            "WHERE handler_id = ? AND next_due_on IS NOT NULL ORDER BY next_due_on, id LIMIT 50"
        )
        rows.append(
            _row(
                "first 50 of a handler's queue by due date",
                _median_ms(lambda: run_query(queue)),
                _median_ms(lambda: raw.execute(raw_queue, (busiest,)).fetchall()),
                50,
            )
        )
        everyone = (
            select(m.Case.id, m.Case.reference, m.Case.stage, m.Case.next_due_on, m.Case.handler_id)
            .where(m.Case.next_due_on.is_not(None))
            .order_by(m.Case.next_due_on, m.Case.id)
            .limit(50)
        )
        raw_everyone = (
            "SELECT id, reference, stage, next_due_on, handler_id FROM cases "
            "WHERE next_due_on IS NOT NULL ORDER BY next_due_on, id LIMIT 50"
        )
        rows.append(
            _row(
                "first 50 of the whole open queue by due date",
                _median_ms(lambda: run_query(everyone)),
                _median_ms(lambda: raw.execute(raw_everyone).fetchall()),
                50,
            )
        )
        # 3. Resident search: name prefix, postcode, reference.
        sample = session.execute(
            select(m.Resident.name, m.Resident.postcode, m.Resident.reference).where(
                m.Resident.id == max(1, cases // 20 // 2)
            )
        ).one()
        surname_prefix = sample.name.split()[-1].lower()[:3]
        postcode = sample.postcode.replace(" ", "").lower()
        terms = m.ResidentSearchTerm

        def by_term(low: str, high: str) -> Any:
            return (
                select(m.Resident.id, m.Resident.reference, m.Resident.name, m.Resident.postcode)
                .join(terms, terms.resident_id == m.Resident.id)
                .where(and_(terms.term >= low, terms.term < high))
                .order_by(m.Resident.name, m.Resident.id)
                .limit(50)
            )

        raw_by_term = (
            "SELECT r.id, r.reference, r.name, r.postcode FROM resident_search_terms t "
            "JOIN residents r ON r.id = t.resident_id WHERE t.term >= ? AND t.term < ? "
            "ORDER BY r.name, r.id LIMIT 50"
        )
        upper = surname_prefix[:-1] + chr(ord(surname_prefix[-1]) + 1)
        for what, low, high in (
            (f"resident search by name prefix {surname_prefix!r}", surname_prefix, upper),
            (f"resident search by postcode {sample.postcode!r}", postcode, postcode + "\x00"),
        ):
            statement = by_term(low, high)
            found = run_query(statement)
            assert found, what
            rows.append(
                _row(
                    what,
                    _median_ms(lambda statement=statement: run_query(statement)),
                    _median_ms(
                        lambda low=low, high=high: raw.execute(raw_by_term, (low, high)).fetchall()
                    ),
                    30,
                )
            )
        by_reference = select(m.Resident.id, m.Resident.name, m.Resident.postcode).where(
            m.Resident.reference == sample.reference
        )
        raw_reference = "SELECT id, name, postcode FROM residents WHERE reference = ?"
        rows.append(
            _row(
                "resident search by reference",
                _median_ms(lambda: run_query(by_reference)),
                _median_ms(lambda: raw.execute(raw_reference, (sample.reference,)).fetchall()),
                30,
            )
        )
        handler = busiest or 1
    # 4. Logging a contact (a write transaction each).
    numbers = iter(range(1, 10_000))
    ours = _median_ms(lambda: _log_contact(store, 1, handler, next(numbers)))
    raw_numbers = iter(range(1, 10_000))
    theirs = _median_ms(lambda: _raw_log_contact(raw, 1, handler, next(raw_numbers)))
    rows.append(_row("logging a contact (one transaction)", ours, theirs, 20))
    # Leave the database as built, so the next run measures the same thing.
    with store.transaction() as session:
        session.execute(
            m.Event.__table__.delete().where(
                m.Event.case_id.in_(select(m.Case.id).where(m.Case.description.like("% contact %")))
            )
        )
        removed = session.execute(
            m.Case.__table__.delete().where(
                m.Case.description.like("Bench contact %")
                | m.Case.description.like("Raw contact %")
            )
        ).rowcount
        session.execute(
            update(m.CaseCounter)
            .where(m.CaseCounter.year == TODAY.year)
            .values(last_number=m.CaseCounter.last_number - removed)
        )
    raw.close()
    store.close()
    return rows


if __name__ == "__main__":
    run()
