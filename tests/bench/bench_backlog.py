"""Dashboard benchmark: the team lead's dashboard on the 1,000,000-case demo database that
`bench_store` builds and caches, each beside the same question asked in raw `sqlite3`.

Timed, as the dashboard screen calls them (`complaints_tui.services`' own functions, checked):
`dashboard` (the counts per stage and deadline in view, per handler and team, the extensions in
use and the ten longest overdue, with the actor's role check), `trends` (received against closed a
week, on time a month, the top categories and areas), and a drill-down's first page
(`desk_queue` with `drill_down`'s query: a stage's overdue responses, one handler's overdue
cases, one team's due-soon cases). Raw is the hand-written SQL giving the same numbers, checked
equal before anything is timed. Targets (issue 11): the counts < 300 ms, a drill-down's first page
< 100 ms. Timing as `bench_store`: warm-ups, then ours and raw alternating; median judged.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from complaints_tui.domain.calendar import calendar_for_profile
from complaints_tui.domain.deadlines import DeadlineKind
from complaints_tui.services._core import profile_named
from complaints_tui.services.people.types import Actor
from complaints_tui.services.people.users import list_users, sign_in
from complaints_tui.services.queues.backlog import dashboard, drill_down
from complaints_tui.services.queues.desk import desk_queue, soon_until
from complaints_tui.services.queues.trends import month_starts, trends, week_starts
from complaints_tui.services.queues.types import Backlog, DeadlineFilter, DeskQuery
from complaints_tui.store.engine import Store
from tests.bench.bench_desk import PAGE, Desk
from tests.bench.bench_store import TODAY, Row, _compare, _row, _same, bench_database

SOON_DAYS = 3
TIMED = {"dashboard": dashboard, "trends": trends, "desk_queue": desk_queue}

RAW_GROUPS = """
SELECT stage, next_due_kind, handler_id, count(*),
       sum(next_due_on < :today), sum(next_due_on = :today),
       sum(next_due_on > :today AND next_due_on <= :soon)
FROM cases WHERE status = 'open' AND stage IN (1, 2, 3) AND received_on <= :today
GROUP BY stage, next_due_kind, handler_id
"""
RAW_EXTENDED = """
SELECT c.stage, count(*) FROM cases AS c
WHERE c.status = 'open' AND c.stage IN (1, 2, 3) AND c.received_on <= :today AND EXISTS (
    SELECT 1 FROM deadlines AS d WHERE d.case_id = c.id AND d.stage = c.stage
    AND d.kind = 'respond' AND (d.due_on != d.original_due_on OR EXISTS (
        SELECT 1 FROM extensions AS e WHERE e.deadline_id = d.id)))
GROUP BY c.stage
"""
RAW_OLDEST = """
SELECT id FROM cases WHERE status = 'open' AND next_due_on < :today AND stage IN (1, 2, 3)
ORDER BY next_due_on, id LIMIT 10
"""


def _raw_counts(raw: sqlite3.Connection, soon: date) -> dict[str, Any]:
    params = {"today": TODAY.isoformat(), "soon": soon.isoformat()}
    groups = raw.execute(RAW_GROUPS, params).fetchall()
    users = {
        uid: (name, team) for uid, name, team in raw.execute("SELECT id, name, team FROM users")
    }
    extended = dict(raw.execute(RAW_EXTENDED, params).fetchall())
    oldest = [row[0] for row in raw.execute(RAW_OLDEST, params)]
    return {"groups": groups, "users": users, "extended": extended, "oldest": oldest}


def _summary_of_raw(found: dict[str, Any]) -> dict[str, Any]:
    """What the dashboard shows, worked out from the raw rows: per (stage, kind) and per
    (stage, handler) sums, extensions per stage, the oldest ids."""
    rows: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    people: dict[tuple[int, int | None], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for stage, kind, handler, total, late, now, soon in found["groups"]:
        if kind in ("acknowledge", "respond"):
            for i, n in enumerate((late, now, soon)):
                rows[(stage, kind)][i] += n or 0
        for i, n in enumerate((total, late, now, soon)):
            people[(stage, handler)][i] += n or 0
    return {
        "rows": {key: tuple(value) for key, value in rows.items() if any(value)},
        "people": {key: tuple(value) for key, value in people.items()},
        "extended": {stage: n for stage, n in found["extended"].items() if n},
        "oldest": found["oldest"],
    }


def _summary_of_ours(found: Backlog) -> dict[str, Any]:
    rows = {
        (row.stage, row.deadline.value): (
            row.counts.overdue,
            row.counts.due_today,
            row.counts.due_soon,
        )
        for row in found.rows
        if row.counts.overdue or row.counts.due_today or row.counts.due_soon
    }
    people = {
        (row.stage, row.handler_id): (
            row.open_cases,
            row.counts.overdue,
            row.counts.due_today,
            row.counts.due_soon,
        )
        for row in found.handlers
    }
    return {
        "rows": rows,
        "people": people,
        "extended": {stage: n for stage, n in found.extended.items() if n},
        "oldest": [row.id for row in found.oldest_overdue],
    }


def _listed(value: Any) -> list[tuple[Any, ...]]:
    """A summary's part as sorted rows (the unassigned, handler None, as -1 so it sorts)."""
    if not isinstance(value, dict):
        return [tuple(value)]
    rows = []
    for key, counts in value.items():
        parts = key if isinstance(key, tuple) else (key,)
        rows.append((*(-1 if part is None else part for part in parts), counts))
    return sorted(rows)


def _bench_counts(store: Store, raw: sqlite3.Connection, lead: Actor, soon: date) -> list[Row]:
    ours = _summary_of_ours(dashboard(store, lead, today=TODAY, soon_days=SOON_DAYS))
    theirs = _summary_of_raw(_raw_counts(raw, soon))
    for key in ours:
        _same(f"dashboard {key}", _listed(ours[key]), _listed(theirs[key]))
    open_cases = sum(value[0] for value in ours["people"].values())
    what = f"dashboard: the counts ({open_cases:,} open cases; {len(ours['people'])} handler rows)"
    return [
        _row(
            what,
            *_compare(
                lambda: dashboard(store, lead, today=TODAY, soon_days=SOON_DAYS),
                lambda: _raw_counts(raw, soon),
            ),
            300,
        )
    ]


def _raw_trends(raw: sqlite3.Connection) -> tuple[list[int], list[int], list[int], list[int]]:
    mondays = week_starts(TODAY, 12)
    firsts = month_starts(TODAY, 12)

    def spans(starts: list[date]) -> list[tuple[str, str]]:
        ends = [s - timedelta(days=1) for s in starts[1:]] + [TODAY]
        return [(a.isoformat(), b.isoformat()) for a, b in zip(starts, ends, strict=True)]

    def weekly(sql: str) -> list[int]:
        counts = dict(raw.execute(sql, (mondays[0].isoformat(), TODAY.isoformat())).fetchall())
        return [sum(n for day, n in counts.items() if a <= day <= b) for a, b in spans(mondays)]

    received = weekly(
        "SELECT received_on, count(*) FROM case_stages WHERE stage = 1 "
        "AND received_on BETWEEN ? AND ? GROUP BY received_on"
    )
    closed = weekly(
        "SELECT closed_on, count(*) FROM cases WHERE closed_on BETWEEN ? AND ? GROUP BY closed_on"
    )
    sent = raw.execute(
        "SELECT met_on, count(*), sum(met_on <= due_on) FROM deadlines WHERE kind = 'respond' "
        "AND met_on BETWEEN ? AND ? GROUP BY met_on",
        (firsts[0].isoformat(), TODAY.isoformat()),
    ).fetchall()
    answered = [sum(n for day, n, _ in sent if a <= day <= b) for a, b in spans(firsts)]
    on_time = [sum(k for day, _, k in sent if a <= day <= b) for a, b in spans(firsts)]
    return received, closed, answered, on_time


def _bench_trends(store: Store, raw: sqlite3.Connection) -> list[Row]:
    ours = trends(store, today=TODAY)
    _same(
        "trends",
        [tuple(ours.received), tuple(ours.closed), tuple(ours.answered), tuple(ours.on_time)],
        [tuple(series) for series in _raw_trends(raw)],
    )
    what = f"dashboard: trends (12 weeks, 12 months; {sum(ours.received):,} received)"
    return [
        _row(what, *_compare(lambda: trends(store, today=TODAY), lambda: _raw_trends(raw)), 300)
    ]


def _bench_drill_downs(store: Store, raw: sqlite3.Connection, lead: Actor, soon: date) -> list[Row]:
    found = dashboard(store, lead, today=TODAY, soon_days=SOON_DAYS)
    busiest = max(found.handlers, key=lambda r: (r.counts.overdue, r.handler_id is not None))
    team = max(
        found.teams, key=lambda r: (r.counts.due_soon, r.handler_id is None and bool(r.team))
    )
    today = TODAY.isoformat()
    cases: list[tuple[str, DeskQuery, str, tuple[Any, ...], int]] = [
        (
            "stage 1 respond deadlines overdue",
            drill_down(1, DeadlineFilter.OVERDUE, due_kind=DeadlineKind.RESPOND),
            "AND c.next_due_on < ? AND c.next_due_kind = 'respond'",
            (today,),
            found.row(1, DeadlineKind.RESPOND).overdue,
        ),
        (
            f"{busiest.name}'s overdue at stage {busiest.stage}",
            drill_down(busiest.stage, DeadlineFilter.OVERDUE, worker=busiest),
            "AND c.next_due_on < ? AND c.handler_id = ?"
            if busiest.handler_id is not None
            else "AND c.next_due_on < ? AND c.handler_id IS NULL",
            (today, busiest.handler_id) if busiest.handler_id is not None else (today,),
            busiest.counts.overdue,
        ),
        (
            f"team {team.name}'s due soon at stage {team.stage}",
            drill_down(team.stage, DeadlineFilter.DUE_SOON, worker=team),
            "AND c.next_due_on > ? AND c.next_due_on <= ? "
            "AND c.handler_id IN (SELECT id FROM users WHERE team = ?)",
            (today, soon.isoformat(), team.team),
            team.counts.due_soon,
        ),
    ]
    rows: list[Row] = []
    for label, query, where, params, count in cases:
        desk = Desk(store, raw, lead, query, where, params)
        what = f"drill-down: first page of {label} ({count:,} cases)"
        shown = desk.checked(what)
        if shown != min(count, PAGE):
            raise AssertionError(f"{what}: {shown} rows on the first page")
        rows.append(_row(what, *_compare(desk.ours(), desk.theirs()), 100))
    return rows


def run() -> list[Row]:
    method = "median of runs after warm-ups, ours and raw alternating; target judged on the median"
    with bench_database(TIMED, method) as (store, raw, rows):
        people = list_users(store)
        lead = sign_in(store, next(u.id for u in people if u.role.value == "team_lead"))
        profile = raw.execute(
            "SELECT value FROM settings WHERE key = 'landlord_profile'"
        ).fetchone()
        calendar = calendar_for_profile(profile_named(profile[0] if profile else "hos-code"))
        soon = soon_until(TODAY, SOON_DAYS, calendar)
        rows += _bench_counts(store, raw, lead, soon)
        rows += _bench_drill_downs(store, raw, lead, soon)
        rows += _bench_trends(store, raw)
    return rows


if __name__ == "__main__":
    for what, figure in run():
        print(f"{what}: {figure}")
