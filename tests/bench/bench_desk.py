"""Desk benchmark: the manager's desk services on the 1,000,000-case demo database that
`bench_store` builds and caches, each beside the same question asked in raw `sqlite3`.

Timed, as a screen calls them (`complaints_tui.services`' own functions, checked): a queue's first
page (`desk_queue`, 25 rows: mine, my team's, unassigned, everyone's), its next page, a filter
change (each deadline filter, vulnerability, area, category, a search by name and by reference,
the stage 2 queue), a case with 500 events opening (`get_case` then `case_timeline`) and the
change check (`change_mark`). Each includes the service's session, its actor and scope check,
its SQL through SQLAlchemy and the frozen rows it hands back (each row's deadline state).

"Raw" is one hand-written statement on a stdlib connection to the same file returning the same
rows (checked equal before anything is timed); for the case, the statements that read the same
rows (the case and its resident, stages, deadlines, extensions, components, remedies, redress,
actions, tags, quick fix, compliments, satisfaction, notes and users, then its events), fetched.

Timing as `bench_store`: `WARMUP` untimed calls each, then `RUNS` calls with ours and raw
alternating; the median is judged, the 95th percentile printed beside it. Targets (issue 9): a
first page < 100 ms, the next page < 50 ms, a filter change < 100 ms, a 500-event case opening
< 100 ms, the change check < 5 ms. The 500-event case is made with the real services (notes and
contacts on an open case) and put back afterwards (rows deleted, version restored), so repeated
runs measure the same database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from complaints_tui.domain.calendar import calendar_for_profile
from complaints_tui.domain.kinds import Channel
from complaints_tui.domain.roles import Role
from complaints_tui.services._core import profile_named
from complaints_tui.services.cases.case_view import case_timeline, get_case
from complaints_tui.services.cases.notes import add_note, log_case_contact
from complaints_tui.services.people.types import Actor
from complaints_tui.services.people.users import list_users, sign_in
from complaints_tui.services.queues.desk import change_mark, desk_queue, soon_until
from complaints_tui.services.queues.types import DeadlineFilter, DeskPage, DeskQuery, QueueScope
from complaints_tui.store.engine import Store
from complaints_tui.store.search import prefix_upper_bound, query_words
from tests.bench.bench_store import (
    RUNS,
    TODAY,
    WARMUP,
    Row,
    _compare,
    _iso,
    _row,
    _same,
    _staff,
    bench_database,
)

PAGE = 25
SOON_DAYS = 3
EVENTS = 500
TIMED = {
    "desk_queue": desk_queue,
    "change_mark": change_mark,
    "get_case": get_case,
    "case_timeline": case_timeline,
    "add_note": add_note,
    "log_case_contact": log_case_contact,
}

RAW_DESK = """
SELECT c.id, c.reference, c.resident_id, coalesce(nullif(r.name, ''), c.caller_name),
       r.vulnerability IS NOT NULL AND r.vulnerability != '',
       c.resident_id IS NOT NULL AND (r.unreasonable OR EXISTS (
           SELECT 1 FROM resident_restrictions AS x WHERE x.resident_id = c.resident_id)),
       c.stage, c.status, c.handler_id, u.name, a.name, g.name, c.received_on, c.next_due_on,
       c.next_due_kind,
       EXISTS (SELECT 1 FROM deadlines AS d WHERE d.case_id = c.id AND d.stage = c.stage
               AND d.kind = 'respond' AND (d.due_on != d.original_due_on OR EXISTS (
                   SELECT 1 FROM extensions AS e WHERE e.deadline_id = d.id))),
       c.version, substr(c.description, 1, 120)
FROM (SELECT c.id, c.next_due_on FROM cases AS c
      WHERE c.status = 'open' AND c.stage = ? {where}
      ORDER BY c.next_due_on, c.id LIMIT ? OFFSET ?) AS page
JOIN cases AS c ON c.id = page.id
LEFT JOIN residents AS r ON r.id = c.resident_id
LEFT JOIN users AS u ON u.id = c.handler_id
LEFT JOIN service_areas AS a ON a.id = c.service_area_id
LEFT JOIN categories AS g ON g.id = c.category_id
ORDER BY page.next_due_on, page.id
"""

EXTENDED = (
    "AND EXISTS (SELECT 1 FROM deadlines AS d WHERE d.case_id = c.id AND d.stage = c.stage "
    "AND d.kind = 'respond' AND (d.due_on != d.original_due_on OR EXISTS ("
    "SELECT 1 FROM extensions AS e WHERE e.deadline_id = d.id)))"
)
HAS_WORD = (
    "AND c.resident_id IN (SELECT resident_id FROM resident_search_terms "
    "WHERE term >= ? AND term < ?)"
)


def _desk_rows(page: DeskPage) -> list[tuple[Any, ...]]:
    return [
        (
            r.id,
            r.reference,
            r.resident_id,
            r.resident_name,
            r.vulnerable,
            r.restricted,
            r.stage,
            r.status.value,
            r.handler_id,
            r.handler_name,
            r.service_area,
            r.category,
            r.received_on.isoformat(),
            _iso(r.next_due_on),
            r.next_due_kind,
            r.extended,
            r.version,
            r.summary,
        )
        for r in page.rows
    ]


def _raw_rows(rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [
        (
            *r[:4],
            bool(r[4]),
            bool(r[5]),
            *r[6:9],
            r[9] or "",
            r[10] or "",
            r[11] or "",
            *r[12:15],
            bool(r[15]),
            r[16],
            r[17] or "",
        )
        for r in rows
    ]


class Desk:
    """One kind of desk page: the service call and its raw statement, checked to agree."""

    def __init__(
        self,
        store: Store,
        raw: sqlite3.Connection,
        actor: Actor,
        query: DeskQuery,
        where: str,
        params: tuple[Any, ...],
    ) -> None:
        self.store, self.raw, self.actor, self.query = store, raw, actor, query
        self.sql = RAW_DESK.format(where=where)
        self.params = params

    def ours(self, offset: int = 0) -> Callable[[], DeskPage]:
        def call() -> DeskPage:
            return desk_queue(
                self.store,
                self.actor,
                self.query,
                limit=PAGE,
                offset=offset,
                today=TODAY,
                soon_days=SOON_DAYS,
            )

        return call

    def theirs(self, offset: int = 0) -> Callable[[], list[Any]]:
        params = (self.query.stage, *self.params, PAGE + 1, offset)

        def call() -> list[Any]:
            return self.raw.execute(self.sql, params).fetchall()

        return call

    def checked(self, what: str, offset: int = 0) -> int:
        """How many rows the page has, after checking ours and raw agree."""
        page = self.ours(offset)()
        raw_rows = self.theirs(offset)()
        _same(what, _desk_rows(page), _raw_rows(raw_rows[:PAGE]))
        if page.has_more != (len(raw_rows) > PAGE):
            raise AssertionError(f"{what}: has_more disagrees")
        return len(page.rows)


def _open_count(raw: sqlite3.Connection, stage: int, where: str, params: tuple[Any, ...]) -> int:
    sql = f"SELECT count(*) FROM cases AS c WHERE c.status = 'open' AND c.stage = ? {where}"
    return int(raw.execute(sql, (stage, *params)).fetchone()[0])


def _bench_queues(store: Store, raw: sqlite3.Connection, lead: Actor, manager: Actor) -> list[Row]:
    rows: list[Row] = []
    team = "AND c.handler_id IN (SELECT id FROM users WHERE team = ?)"
    # The demo routes every stage 1 case to a manager; the unassigned queue that fills is the
    # reviews waiting for a reviewer, at stage 2.
    scopes = [
        ("mine", manager, 1, QueueScope.MINE, "AND c.handler_id = ?", (manager.id,)),
        ("my team's", manager, 1, QueueScope.TEAM, team, (manager.team,)),
        ("unassigned", lead, 2, QueueScope.UNASSIGNED, "AND c.handler_id IS NULL", ()),
        ("everyone's", lead, 1, QueueScope.ALL, "", ()),
    ]
    for label, actor, stage, scope, where, params in scopes:
        desk = Desk(store, raw, actor, DeskQuery(stage, scope), where, params)
        total = _open_count(raw, stage, where, params)
        what = f"desk: first page of stage {stage}, {label} ({total:,} open; {actor.name})"
        desk.checked(what)
        rows.append(_row(what, *_compare(desk.ours(), desk.theirs()), 100))
        if scope in (QueueScope.MINE, QueueScope.ALL):
            what = f"desk: next page of stage {stage}, {label} (rows {PAGE + 1}-{2 * PAGE})"
            desk.checked(what, PAGE)
            rows.append(_row(what, *_compare(desk.ours(PAGE), desk.theirs(PAGE)), 50))
    return rows


def _filters(raw: sqlite3.Connection) -> list[tuple[str, DeskQuery, str, tuple[Any, ...]]]:
    everyone = QueueScope.ALL
    profile_id = raw.execute("SELECT value FROM settings WHERE key = 'landlord_profile'").fetchone()
    calendar = calendar_for_profile(profile_named(profile_id[0] if profile_id else "hos-code"))
    soon = soon_until(TODAY, SOON_DAYS, calendar).isoformat()
    today = TODAY.isoformat()
    area, category = raw.execute(
        "SELECT service_area_id, category_id FROM cases WHERE status = 'open' AND stage = 1 "
        "AND category_id IS NOT NULL GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    surnames = raw.execute(
        "SELECT r.name FROM cases AS c JOIN residents AS r ON r.id = c.resident_id "
        "WHERE c.status = 'open' AND c.stage = 1 ORDER BY c.id LIMIT 500"
    ).fetchall()
    common = max(
        {name.split()[-1] for (name,) in surnames},
        key=lambda word: sum(n.endswith(word) for (n,) in surnames),
    )
    sample_name, sample_reference = raw.execute(
        "SELECT r.name, c.reference FROM cases AS c JOIN residents AS r ON r.id = c.resident_id "
        "WHERE c.status = 'open' AND c.stage = 1 ORDER BY c.id DESC LIMIT 1"
    ).fetchone()
    prefix = sample_reference[:-2]
    full = query_words(sample_name)

    def words(text: str) -> tuple[str, tuple[str, ...]]:
        found = query_words(text)
        params = tuple(v for word in found for v in (word, prefix_upper_bound(word)))
        return " ".join(HAS_WORD for _ in found), params

    def deadline(wanted: DeadlineFilter) -> DeskQuery:
        return DeskQuery(1, everyone, deadline=wanted)

    common_where, common_params = words(common)
    full_where, full_params = words(sample_name)
    return [
        ("overdue", deadline(DeadlineFilter.OVERDUE), "AND c.next_due_on < ?", (today,)),
        ("due today", deadline(DeadlineFilter.DUE_TODAY), "AND c.next_due_on = ?", (today,)),
        (
            f"due soon ({SOON_DAYS} WD)",
            deadline(DeadlineFilter.DUE_SOON),
            "AND c.next_due_on > ? AND c.next_due_on <= ?",
            (today, soon),
        ),
        ("on track", deadline(DeadlineFilter.ON_TRACK), "AND c.next_due_on > ?", (soon,)),
        ("extended", deadline(DeadlineFilter.EXTENDED), EXTENDED, ()),
        (
            "vulnerable only",
            DeskQuery(1, everyone, vulnerable_only=True),
            "AND EXISTS (SELECT 1 FROM residents AS r WHERE r.id = c.resident_id "
            "AND r.vulnerability != '')",
            (),
        ),
        (
            "one service area",
            DeskQuery(1, everyone, service_area_id=area),
            "AND c.service_area_id = ?",
            (area,),
        ),
        (
            "one category",
            DeskQuery(1, everyone, category_id=category),
            "AND c.category_id = ?",
            (category,),
        ),
        (
            f"search by a common surname {common!r}",
            DeskQuery(1, everyone, text=common.lower()),
            common_where,
            common_params,
        ),
        (
            f"search by a full name {sample_name!r} ({len(full)} words)",
            DeskQuery(1, everyone, text=sample_name),
            full_where,
            full_params,
        ),
        (
            f"search by a reference prefix {prefix.lower()!r}",
            DeskQuery(1, everyone, text=prefix.lower()),
            "AND c.id IN (SELECT id FROM cases WHERE reference >= ? AND reference < ?)",
            (prefix, prefix_upper_bound(prefix)),
        ),
        ("stage 2 instead of 1", DeskQuery(2, everyone), "", ()),
    ]


def _bench_filters(store: Store, raw: sqlite3.Connection, lead: Actor) -> list[Row]:
    rows: list[Row] = []
    for label, query, where, params in _filters(raw):
        desk = Desk(store, raw, lead, query, where, params)
        total = _open_count(raw, query.stage, where, params)
        what = f"desk: filter change, everyone's stage {query.stage}: {label} ({total:,} match)"
        found = desk.checked(what)
        if found == 0 and total:
            raise AssertionError(f"{what}: no rows")
        rows.append(_row(what, *_compare(desk.ours(), desk.theirs()), 100))
    return rows


# -- a case with 500 events -----------------------------------------------------------------

RAW_CASE = [
    ("SELECT * FROM cases WHERE id = ?", "case"),
    ("SELECT * FROM residents WHERE id = (SELECT resident_id FROM cases WHERE id = ?)", "case"),
    ("SELECT * FROM case_stages WHERE case_id = ? ORDER BY stage", "case"),
    ("SELECT * FROM deadlines WHERE case_id = ? ORDER BY stage, id", "case"),
    (
        "SELECT e.* FROM extensions AS e JOIN deadlines AS d ON d.id = e.deadline_id "
        "WHERE d.case_id = ? ORDER BY e.id",
        "case",
    ),
    ("SELECT * FROM components WHERE case_id = ? ORDER BY stage, id", "case"),
    ("SELECT * FROM remedies WHERE case_id = ? ORDER BY id", "case"),
    ("SELECT * FROM redress WHERE case_id = ? ORDER BY id DESC LIMIT 1", "case"),
    ("SELECT * FROM outstanding_actions WHERE case_id = ? ORDER BY id", "case"),
    ("SELECT tag FROM learning_tags WHERE case_id = ? ORDER BY tag", "case"),
    ("SELECT * FROM quick_fixes WHERE case_id = ?", "case"),
    ("SELECT * FROM compliments WHERE case_id = ? ORDER BY id", "case"),
    ("SELECT * FROM satisfaction WHERE case_id = ?", "case"),
    ("SELECT * FROM case_notes WHERE case_id = ? ORDER BY id DESC", "case"),
    ("SELECT * FROM events WHERE case_id = ? ORDER BY id", "case"),
    ("SELECT id, name FROM users", None),
]


def _raw_case(raw: sqlite3.Connection, case_id: int) -> dict[str, int]:
    counts = {}
    for sql, param in RAW_CASE:
        found = raw.execute(sql, (case_id,) if param else ()).fetchall()
        counts[sql.split(" FROM ")[1].split()[0]] = len(found)
    return counts


def _bench_case(store: Store, raw: sqlite3.Connection, manager: Actor) -> list[Row]:
    (case_id, version, updated_at) = raw.execute(
        "SELECT id, version, updated_at FROM cases WHERE status = 'open' AND stage = 1 "
        "AND handler_id = ? ORDER BY id LIMIT 1",
        (manager.id,),
    ).fetchone()
    (last_event,) = raw.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()
    (last_note,) = raw.execute("SELECT coalesce(max(id), 0) FROM case_notes").fetchone()
    (had,) = raw.execute("SELECT count(*) FROM events WHERE case_id = ?", (case_id,)).fetchone()
    at = datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=UTC)
    try:
        current = version
        for n in range(EVENTS - had):
            moment = at + timedelta(seconds=n)
            if n % 2:
                detail = log_case_contact(
                    store, manager, case_id, current, Channel.PHONE, f"Rang for news ({n})",
                    now=moment,
                )  # fmt: skip
            else:
                text = f"Spoke to the contractor; the damp survey is booked ({n})"
                detail = add_note(store, manager, case_id, current, text, now=moment)
            current = detail.version

        def ours() -> int:
            detail = get_case(store, case_id, today=TODAY)
            return len(case_timeline(store, case_id)) + len(detail.notes)

        def theirs() -> dict[str, int]:
            return _raw_case(raw, case_id)

        counts = theirs()
        if counts["events"] != EVENTS:
            raise AssertionError(f"the case has {counts['events']} events, not {EVENTS}")
        if ours() != counts["events"] + counts["case_notes"]:
            raise AssertionError("opening the case: the service and the raw reads disagree")
        what = (
            f"case with {EVENTS} events opening: get_case + case_timeline "
            f"({counts['case_notes']} notes and contacts)"
        )
        return [_row(what, *_compare(ours, theirs), 100)]
    finally:
        # Put the database back as built: the next run measures the same thing.
        raw.execute("BEGIN")
        raw.execute("DELETE FROM events WHERE id > ?", (last_event,))
        raw.execute("DELETE FROM case_notes WHERE id > ?", (last_note,))
        raw.execute(
            "UPDATE cases SET version = ?, updated_at = ? WHERE id = ?",
            (version, updated_at, case_id),
        )
        raw.execute("COMMIT")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _bench_change_mark(store: Store, raw: sqlite3.Connection) -> list[Row]:
    sql = (
        "SELECT coalesce((SELECT max(id) FROM events), 0) + (SELECT count(*) FROM events "
        "WHERE id > (SELECT max(id) FROM events) - 1000)"
    )

    def ours() -> int:
        return change_mark(store)

    def theirs() -> int:
        return int(raw.execute(sql).fetchone()[0])

    if ours() != theirs():
        raise AssertionError("change_mark and the raw statement disagree")
    (events,) = raw.execute("SELECT count(*) FROM events").fetchone()
    return [_row(f"change check: change_mark ({events:,} events)", *_compare(ours, theirs), 5)]


# -- the run ----------------------------------------------------------------------------------


def run() -> list[Row]:
    method = (
        f"median of {RUNS} after {WARMUP} warm-ups, ours and raw alternating; pages of {PAGE}; "
        f"due soon = {SOON_DAYS} working days; target judged on the median"
    )
    with bench_database(TIMED, method) as (store, raw, rows):
        # A complaints team lead sees every queue; the busiest investigating manager, their own.
        lead = next(user for user in list_users(store) if user.role is Role.TEAM_LEAD)
        _, manager = _staff(store, raw)
        rows += _bench_queues(store, raw, sign_in(store, lead.id), manager)
        rows += _bench_filters(store, raw, sign_in(store, lead.id))
        rows += _bench_case(store, raw, manager)
        rows += _bench_change_mark(store, raw)
    return rows


if __name__ == "__main__":
    from tests.bench.run_all import main

    raise SystemExit(main(["bench_desk"]))
