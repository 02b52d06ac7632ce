"""Reports benchmark: the annual Code report for a financial year and the quarterly learning
report, on the 1,000,000-case demo database `bench_store` builds and caches, beside a raw
`sqlite3` statement set giving the same headline counts (contacts by kind, stage 1 and 2
received, responses sent in the period), checked equal before anything is timed.

Timed: `services.reports.documents.report_document` as the CLI and the screen call it (its
session, every GROUP BY, the CH02 judgement of each response, the document built). Targets: the
annual report for a year < 3 s; the quarterly < 3 s. Median of `RUNS` after one warm-up.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from complaints_tui.domain.report_periods import ReportKind
from complaints_tui.services.reports.annual import annual_figures
from complaints_tui.services.reports.documents import report_document
from complaints_tui.store.engine import Store
from tests.bench.bench_store import Row, _compare, _row, bench_database

RUNS = 3
YEAR = (
    date(2024, 4, 1),
    date(2025, 3, 31),
)  # the demo's last full financial year (today 2 Mar 2026)
QUARTER = (date(2025, 10, 1), date(2025, 12, 31))
TARGET_MS = 3000.0

RAW_HEADLINES = (
    "SELECT kind, count(*) FROM cases WHERE received_on BETWEEN ? AND ? GROUP BY kind",
    "SELECT s.stage, count(*) FROM case_stages AS s JOIN cases AS c ON c.id = s.case_id "
    "WHERE s.stage IN (1, 2) AND s.received_on BETWEEN ? AND ? AND c.kind = 'complaint' "
    "GROUP BY s.stage",
    "SELECT s.stage, count(*) FROM case_stages AS s JOIN cases AS c ON c.id = s.case_id "
    "WHERE s.stage IN (1, 2) AND s.responded_on BETWEEN ? AND ? AND c.kind = 'complaint' "
    "AND NOT (c.withdrawn_on IS NOT NULL AND c.stage = s.stage) GROUP BY s.stage",
)


def _raw_headlines(
    raw: sqlite3.Connection, period: tuple[date, date]
) -> list[list[tuple[object, ...]]]:
    days = (period[0].isoformat(), period[1].isoformat())
    return [sorted(raw.execute(sql, days).fetchall()) for sql in RAW_HEADLINES]


def _check(store: Store, raw: sqlite3.Connection) -> None:
    figures = annual_figures(store, *YEAR, actor=None)
    kinds, received, answered = _raw_headlines(raw, YEAR)
    assert sum(n for _, n in kinds) == sum(n for _, n in figures.contacts_by_kind), kinds
    assert dict(received) == {1: figures.received(1), 2: figures.received(2)}, received
    assert dict(answered) == {s: figures.responses(s)[1] for s in (1, 2)}, answered


def run() -> list[Row]:
    method = f"median of {RUNS} after 1 warm-up, ours and raw alternating"
    with bench_database({}, method) as (store, raw, rows):
        _check(store, raw)
        for what, kind, period in (
            ("annual report, a financial year", ReportKind.ANNUAL, YEAR),
            ("quarterly learning report, a quarter", ReportKind.QUARTERLY, QUARTER),
        ):

            def ours(kind: ReportKind = kind, period: tuple[date, date] = period) -> object:
                return report_document(store, kind, *period, actor=None)

            def theirs(period: tuple[date, date] = period) -> object:
                return _raw_headlines(raw, period)

            mine, bare = _compare(ours, theirs, runs=RUNS, warmup=1)
            rows.append(_row(what, mine, bare, TARGET_MS))
    return rows


if __name__ == "__main__":
    from tests.bench.run_all import main

    raise SystemExit(main(["bench_reports"]))
