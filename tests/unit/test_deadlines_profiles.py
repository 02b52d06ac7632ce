"""Every profile's stage deadlines for the same receipts, table-driven (SPEC §4, §5).

Receipts: a Saturday; Good Friday 2026 and Easter Monday 2027; 24 December 2026; 23 December
2027; and late-December receipts whose deadlines cross the year end (on Christmas Day, on a
Saturday Boxing Day, on a substitute day, on New Year's Eve, on a Saturday New Year's Day).

Every expected date below was counted by hand on a calendar, working day by working day, from
the effective receipt (the receipt day, or the next working day if it is not one). They were
not produced by the code under test. The bank holidays relied on (checked against the
`holidays` package, GB subdivision ENG):
  2026: Good Friday 3 Apr, Easter Monday 6 Apr, May Day 4 May, Spring 25 May, Christmas Fri
        25 Dec, Boxing Day Sat 26 Dec (substitute Mon 28 Dec); 1 Jan 2027 is a Friday.
  2027: Good Friday 26 Mar, Easter Monday 29 Mar, May Day 3 May, Christmas Sat 25 Dec and
        Boxing Day Sun 26 Dec (substitutes Mon 27 and Tue 28 Dec).
  2028: New Year's Day Sat 1 Jan (substitute Mon 3 Jan); 2028 is a leap year (Tue 29 Feb).

Each receipt holds `wd`: the Nth working day after its effective receipt, for the N the four
profiles need. Each profile then says which N its deadlines land on (from SPEC §4):
  hos-code, derby-homes  stage 1: acknowledge 5 WD from receipt; respond 10 WD from the
                         acknowledgement, projected from the acknowledge-by date until it is
                         sent (5 + 10 = the 15th); extension cap 10 more WD (the 25th).
                         Acknowledged on the effective receipt: respond by the 10th, cap the
                         20th. No escalation window.
                         stage 2: acknowledge 5; respond 20 from acknowledgement (the 25th,
                         projected); cap 20 more (the 45th).
  derive                 stages 1 and 2: acknowledge 2 WD, respond 10 WD, both from receipt;
                         no extension rule. Stage 1 escalation window: 10 calendar days from the
                         response, never moved off a weekend.
  derwent-living         stages 1 and 2: acknowledge 2 WD, respond 10 WD, both from receipt;
                         extension agreed by phone (no cap). Escalation window 20 WD from the
                         response: responded on the 10th, the 30th.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from complaints_tui.commands.deadlines import register
from complaints_tui.domain.calendar import SkippedDay, WorkingCalendar, calendar_for_profile
from complaints_tui.domain.deadlines import (
    Deadline,
    DeadlineKind,
    DeadlineState,
    StageEvents,
    extension_limit,
    stage_deadlines,
)
from complaints_tui.domain.policy import DayUnit, PolicyProfile, load_profile
from complaints_tui.locations import policies_dir


@dataclass(frozen=True)
class Receipt:
    id: str
    received: date
    effective: date
    wd: Mapping[int, date]  # the Nth working day after the effective receipt
    derive_escalate: date  # responded on wd[10], plus 10 calendar days
    # The non-working days from the receipt day to the effective receipt, receipt day first.
    arrival_skipped: tuple[SkippedDay, ...] = ()


RECEIPTS = [
    # (a) Saturday 16 May 2026: Sun 17, effective Mon 18 May. Then Tue 19 (1), Wed 20 (2),
    # Thu 21 (3), Fri 22 (4); Sat 23, Sun 24, Mon 25 Spring bank holiday off; Tue 26 (5).
    # From there five a week, Tuesday to Tuesday: 2 Jun (10), 9 (15), 16 (20), 23 (25), 30 (30).
    # Derive: Tue 2 Jun + 10 days = Fri 12 Jun.
    Receipt(
        "saturday-2026-05-16",
        date(2026, 5, 16),
        date(2026, 5, 18),
        {
            2: date(2026, 5, 20),
            5: date(2026, 5, 26),
            10: date(2026, 6, 2),
            15: date(2026, 6, 9),
            20: date(2026, 6, 16),
            25: date(2026, 6, 23),
            30: date(2026, 6, 30),
        },
        date(2026, 6, 12),
        (SkippedDay(date(2026, 5, 16), "Saturday"), SkippedDay(date(2026, 5, 17), "Sunday")),
    ),
    # (b) Good Friday 3 April 2026: Sat 4, Sun 5, Easter Monday 6 off; effective Tue 7 April.
    # Wed 8 (1), Thu 9 (2), Fri 10 (3), Mon 13 (4), Tue 14 (5), Tue 21 (10), Tue 28 (15),
    # Wed 29 (16), Thu 30 (17), Fri 1 May (18), May Day Mon 4 off, Tue 5 (19), Wed 6 (20),
    # Wed 13 (25), Wed 20 (30), Thu 21 (31), Fri 22 (32), Spring bank holiday Mon 25 off,
    # Tue 26 (33) .. Fri 29 (36), Mon 1 Jun (37) .. Fri 5 (41), Mon 8 (42) .. Thu 11 (45).
    # Derive: Tue 21 April + 10 days = Fri 1 May.
    Receipt(
        "good-friday-2026",
        date(2026, 4, 3),
        date(2026, 4, 7),
        {
            2: date(2026, 4, 9),
            5: date(2026, 4, 14),
            10: date(2026, 4, 21),
            15: date(2026, 4, 28),
            20: date(2026, 5, 6),
            25: date(2026, 5, 13),
            30: date(2026, 5, 20),
            45: date(2026, 6, 11),
        },
        date(2026, 5, 1),
        (
            SkippedDay(date(2026, 4, 3), "Good Friday"),
            SkippedDay(date(2026, 4, 4), "Saturday"),
            SkippedDay(date(2026, 4, 5), "Sunday"),
            SkippedDay(date(2026, 4, 6), "Easter Monday"),
        ),
    ),
    # (b) Easter Monday 29 March 2027: effective Tue 30 March. Wed 31 (1), Thu 1 Apr (2),
    # Fri 2 (3), Mon 5 (4), Tue 6 (5), Tue 13 (10), Tue 20 (15), Tue 27 (20), Wed 28 (21),
    # Thu 29 (22), Fri 30 (23), May Day Mon 3 May off, Tue 4 (24), Wed 5 (25), Wed 12 (30).
    # Derive: Tue 13 April + 10 days = Fri 23 April.
    Receipt(
        "easter-monday-2027",
        date(2027, 3, 29),
        date(2027, 3, 30),
        {
            2: date(2027, 4, 1),
            5: date(2027, 4, 6),
            10: date(2027, 4, 13),
            15: date(2027, 4, 20),
            20: date(2027, 4, 27),
            25: date(2027, 5, 5),
            30: date(2027, 5, 12),
        },
        date(2027, 4, 23),
        (SkippedDay(date(2027, 3, 29), "Easter Monday"),),
    ),
    # (c) Thursday 24 December 2026, a working day. Fri 25 Christmas, Sat 26 Boxing Day, Sun 27,
    # Mon 28 substitute off; Tue 29 (1), Wed 30 (2), Thu 31 (3); Fri 1 Jan 2027 off, weekend;
    # Mon 4 (4), Tue 5 (5), Tue 12 (10), Tue 19 (15), Tue 26 (20), Tue 2 Feb (25), Tue 9 (30).
    # Derive: Tue 12 January + 10 days = Fri 22 January.
    Receipt(
        "christmas-eve-2026",
        date(2026, 12, 24),
        date(2026, 12, 24),
        {
            2: date(2026, 12, 30),
            5: date(2027, 1, 5),
            10: date(2027, 1, 12),
            15: date(2027, 1, 19),
            20: date(2027, 1, 26),
            25: date(2027, 2, 2),
            30: date(2027, 2, 9),
        },
        date(2027, 1, 22),
    ),
    # (e) Christmas Day 2026 (Friday): Sat 26, Sun 27, Mon 28 substitute off; effective Tue 29.
    # Wed 30 (1), Thu 31 (2), Fri 1 Jan off, Mon 4 (3), Tue 5 (4), Wed 6 (5), Wed 13 (10),
    # Wed 20 (15), Wed 27 (20), Wed 3 Feb (25), Wed 10 Feb (30).
    # Derive: Wed 13 January + 10 days = Saturday 23 January (calendar days: not moved).
    Receipt(
        "christmas-day-2026",
        date(2026, 12, 25),
        date(2026, 12, 29),
        {
            2: date(2026, 12, 31),
            5: date(2027, 1, 6),
            10: date(2027, 1, 13),
            15: date(2027, 1, 20),
            20: date(2027, 1, 27),
            25: date(2027, 2, 3),
            30: date(2027, 2, 10),
        },
        date(2027, 1, 23),
        (
            SkippedDay(date(2026, 12, 25), "Christmas Day"),
            SkippedDay(date(2026, 12, 26), "Saturday (Boxing Day)"),
            SkippedDay(date(2026, 12, 27), "Sunday"),
            SkippedDay(date(2026, 12, 28), "Boxing Day (substitute day)"),
        ),
    ),
    # (a, e) Boxing Day 2026 is a Saturday: same effective receipt and counts as Christmas Day.
    Receipt(
        "boxing-day-saturday-2026",
        date(2026, 12, 26),
        date(2026, 12, 29),
        {
            2: date(2026, 12, 31),
            5: date(2027, 1, 6),
            10: date(2027, 1, 13),
            15: date(2027, 1, 20),
            20: date(2027, 1, 27),
            25: date(2027, 2, 3),
            30: date(2027, 2, 10),
        },
        date(2027, 1, 23),
        (
            SkippedDay(date(2026, 12, 26), "Saturday (Boxing Day)"),
            SkippedDay(date(2026, 12, 27), "Sunday"),
            SkippedDay(date(2026, 12, 28), "Boxing Day (substitute day)"),
        ),
    ),
    # (d) Thursday 23 December 2027, a working day. Fri 24 (1); Sat 25, Sun 26, Mon 27 and
    # Tue 28 (substitutes) off; Wed 29 (2), Thu 30 (3), Fri 31 (4); Sat 1 Jan 2028, Sun 2,
    # Mon 3 (substitute) off; Tue 4 (5), Tue 11 (10), Tue 18 (15), Tue 25 (20), Tue 1 Feb (25),
    # Tue 8 (30), Tue 15 (35), Tue 22 (40), Tue 29 February, the leap day (45).
    # Derive: Tue 11 January + 10 days = Fri 21 January.
    Receipt(
        "2027-12-23",
        date(2027, 12, 23),
        date(2027, 12, 23),
        {
            2: date(2027, 12, 29),
            5: date(2028, 1, 4),
            10: date(2028, 1, 11),
            15: date(2028, 1, 18),
            20: date(2028, 1, 25),
            25: date(2028, 2, 1),
            30: date(2028, 2, 8),
            45: date(2028, 2, 29),
        },
        date(2028, 1, 21),
    ),
    # (a, e) Christmas Day 2027 is a Saturday: Sun 26, Mon 27 and Tue 28 off; effective Wed 29.
    # Thu 30 (1), Fri 31 (2), Tue 4 Jan (3), Wed 5 (4), Thu 6 (5), Thu 13 (10), Thu 20 (15),
    # Thu 27 (20), Thu 3 Feb (25), Thu 10 Feb (30).
    # Derive: Thu 13 January + 10 days = Sunday 23 January.
    Receipt(
        "christmas-day-saturday-2027",
        date(2027, 12, 25),
        date(2027, 12, 29),
        {
            2: date(2027, 12, 31),
            5: date(2028, 1, 6),
            10: date(2028, 1, 13),
            15: date(2028, 1, 20),
            20: date(2028, 1, 27),
            25: date(2028, 2, 3),
            30: date(2028, 2, 10),
        },
        date(2028, 1, 23),
        (
            SkippedDay(date(2027, 12, 25), "Saturday (Christmas Day)"),
            SkippedDay(date(2027, 12, 26), "Sunday (Boxing Day)"),
            SkippedDay(date(2027, 12, 27), "Christmas Day (substitute day)"),
            SkippedDay(date(2027, 12, 28), "Boxing Day (substitute day)"),
        ),
    ),
    # (e) Tuesday 28 December 2027, the Boxing Day substitute: effective Wed 29, as above.
    Receipt(
        "boxing-day-substitute-2027",
        date(2027, 12, 28),
        date(2027, 12, 29),
        {
            2: date(2027, 12, 31),
            5: date(2028, 1, 6),
            10: date(2028, 1, 13),
            15: date(2028, 1, 20),
            20: date(2028, 1, 27),
            25: date(2028, 2, 3),
            30: date(2028, 2, 10),
        },
        date(2028, 1, 23),
        (SkippedDay(date(2027, 12, 28), "Boxing Day (substitute day)"),),
    ),
    # (e) Friday 31 December 2027, a working day. Sat 1 Jan, Sun 2, Mon 3 off; Tue 4 (1),
    # Wed 5 (2), Thu 6 (3), Fri 7 (4), Mon 10 (5), Mon 17 (10), Mon 24 (15), Mon 31 (20),
    # Mon 7 Feb (25), Mon 14 Feb (30). Derive: Mon 17 January + 10 days = Thu 27 January.
    Receipt(
        "new-years-eve-2027",
        date(2027, 12, 31),
        date(2027, 12, 31),
        {
            2: date(2028, 1, 5),
            5: date(2028, 1, 10),
            10: date(2028, 1, 17),
            15: date(2028, 1, 24),
            20: date(2028, 1, 31),
            25: date(2028, 2, 7),
            30: date(2028, 2, 14),
        },
        date(2028, 1, 27),
    ),
    # (a, e) New Year's Day 2028 is a Saturday: Sun 2, Mon 3 (substitute) off; effective Tue 4.
    # Wed 5 (1), Thu 6 (2), Fri 7 (3), Mon 10 (4), Tue 11 (5), Tue 18 (10), Tue 25 (15),
    # Tue 1 Feb (20), Tue 8 (25), Tue 15 Feb (30). Derive: Tue 18 Jan + 10 days = Fri 28 Jan.
    Receipt(
        "new-years-day-saturday-2028",
        date(2028, 1, 1),
        date(2028, 1, 4),
        {
            2: date(2028, 1, 6),
            5: date(2028, 1, 11),
            10: date(2028, 1, 18),
            15: date(2028, 1, 25),
            20: date(2028, 2, 1),
            25: date(2028, 2, 8),
            30: date(2028, 2, 15),
        },
        date(2028, 1, 28),
        (
            SkippedDay(date(2028, 1, 1), "Saturday (New Year's Day)"),
            SkippedDay(date(2028, 1, 2), "Sunday"),
            SkippedDay(date(2028, 1, 3), "New Year's Day (substitute day)"),
        ),
    ),
]


@dataclass(frozen=True)
class Expect:
    """Which working day (N after the effective receipt) each stage 1 deadline lands on."""

    acknowledge: int
    respond: int  # not yet acknowledged
    projected: bool
    extension_cap: int | None  # not yet acknowledged
    respond_if_acknowledged: int  # acknowledged on the effective receipt
    extension_cap_if_acknowledged: int | None
    escalate: str | int | None  # "calendar" (derive), an N (derwent), or no window


STAGE_1 = {
    "hos-code": Expect(5, 15, True, 25, 10, 20, None),
    "derby-homes": Expect(5, 15, True, 25, 10, 20, None),
    "derive": Expect(2, 10, False, None, 10, None, "calendar"),
    "derwent-living": Expect(2, 10, False, None, 10, None, 30),
}
PROFILES = list(STAGE_1)
CASES = [pytest.param(p, r, id=f"{p}-{r.id}") for p in PROFILES for r in RECEIPTS]


def _profile(name: str) -> PolicyProfile:
    return load_profile(name, policies_dir())


def _setup(name: str) -> tuple[PolicyProfile, WorkingCalendar]:
    profile = _profile(name)
    return profile, calendar_for_profile(profile)


def _by_kind(deadlines: list[Deadline]) -> dict[DeadlineKind, Deadline]:
    return {d.kind: d for d in deadlines}


@pytest.mark.parametrize(("name", "receipt"), CASES)
def test_stage1_before_acknowledgement(name: str, receipt: Receipt) -> None:
    profile, cal = _setup(name)
    expect = STAGE_1[name]
    events = StageEvents(receipt.received)
    deadlines = _by_kind(stage_deadlines(profile, 1, events, cal))
    assert set(deadlines) == {DeadlineKind.ACKNOWLEDGE, DeadlineKind.RESPOND}
    ack, respond = deadlines[DeadlineKind.ACKNOWLEDGE], deadlines[DeadlineKind.RESPOND]
    assert ack.event_on == receipt.received
    assert ack.clock_started_on == receipt.effective
    assert ack.due_on == receipt.wd[expect.acknowledge]
    assert respond.due_on == receipt.wd[expect.respond]
    assert respond.projected is expect.projected
    cap = extension_limit(profile, 1, events, cal)
    assert cap == (receipt.wd[expect.extension_cap] if expect.extension_cap else None)


@pytest.mark.parametrize(("name", "receipt"), CASES)
def test_stage1_acknowledged_and_answered_on_time(name: str, receipt: Receipt) -> None:
    profile, cal = _setup(name)
    expect = STAGE_1[name]
    responded = receipt.wd[10]
    events = StageEvents(
        receipt.received, acknowledged_on=receipt.effective, responded_on=responded
    )
    deadlines = _by_kind(stage_deadlines(profile, 1, events, cal))
    respond = deadlines[DeadlineKind.RESPOND]
    assert not respond.projected
    assert respond.due_on == receipt.wd[expect.respond_if_acknowledged]
    assert respond.state(responded, cal) is DeadlineState.MET
    assert deadlines[DeadlineKind.ACKNOWLEDGE].state(responded, cal) is DeadlineState.MET
    cap = extension_limit(profile, 1, events, cal)
    wanted_cap = expect.extension_cap_if_acknowledged
    assert cap == (receipt.wd[wanted_cap] if wanted_cap else None)
    escalate = deadlines.get(DeadlineKind.ESCALATE)
    if expect.escalate is None:
        assert escalate is None
    elif expect.escalate == "calendar":
        assert escalate is not None
        assert escalate.unit is DayUnit.CALENDAR
        assert escalate.due_on == receipt.derive_escalate
    else:
        assert isinstance(expect.escalate, int)
        assert escalate is not None
        assert escalate.unit is DayUnit.WORKING
        assert escalate.due_on == receipt.wd[expect.escalate]


@pytest.mark.parametrize(("name", "receipt"), CASES)
def test_receipt_day_and_the_days_to_the_effective_receipt_are_explained(
    name: str, receipt: Receipt
) -> None:
    profile, cal = _setup(name)
    ack = _by_kind(stage_deadlines(profile, 1, StageEvents(receipt.received), cal))[
        DeadlineKind.ACKNOWLEDGE
    ]
    explained = ack.explain(cal)
    arrival = [s for s in explained if s.day < receipt.effective]
    assert arrival == list(receipt.arrival_skipped)
    if receipt.received == receipt.effective:
        assert all(s.day != receipt.received for s in explained)
    else:
        assert explained[0] == SkippedDay(receipt.received, receipt.arrival_skipped[0].reason)


# Two acknowledge explanations in full, from the arrival day to the acknowledge-by date.
def test_hos_code_acknowledgement_explained_across_new_year_2028() -> None:
    profile, cal = _setup("hos-code")
    ack = _by_kind(stage_deadlines(profile, 1, StageEvents(date(2027, 12, 23)), cal))[
        DeadlineKind.ACKNOWLEDGE
    ]
    assert ack.due_on == date(2028, 1, 4)
    assert ack.explain(cal) == [
        SkippedDay(date(2027, 12, 25), "Saturday (Christmas Day)"),
        SkippedDay(date(2027, 12, 26), "Sunday (Boxing Day)"),
        SkippedDay(date(2027, 12, 27), "Christmas Day (substitute day)"),
        SkippedDay(date(2027, 12, 28), "Boxing Day (substitute day)"),
        SkippedDay(date(2028, 1, 1), "Saturday (New Year's Day)"),
        SkippedDay(date(2028, 1, 2), "Sunday"),
        SkippedDay(date(2028, 1, 3), "New Year's Day (substitute day)"),
    ]


def test_derive_acknowledgement_explained_from_a_saturday_boxing_day() -> None:
    profile, cal = _setup("derive")
    ack = _by_kind(stage_deadlines(profile, 1, StageEvents(date(2026, 12, 26)), cal))[
        DeadlineKind.ACKNOWLEDGE
    ]
    # Effective Tue 29 Dec; Wed 30 (1), Thu 31 (2).
    assert ack.due_on == date(2026, 12, 31)
    assert ack.explain(cal) == [
        SkippedDay(date(2026, 12, 26), "Saturday (Boxing Day)"),
        SkippedDay(date(2026, 12, 27), "Sunday"),
        SkippedDay(date(2026, 12, 28), "Boxing Day (substitute day)"),
    ]


# -- stage 2 (the escalation request is the receipt) ---------------------------------------------

STAGE_2 = {
    # acknowledge, respond (projected where it runs from acknowledgement), extension cap
    "hos-code": (5, 25, True, 45),
    "derby-homes": (5, 25, True, 45),
    "derive": (2, 10, False, None),
    "derwent-living": (2, 10, False, None),
}
STAGE_2_RECEIPTS = [r for r in RECEIPTS if 45 in r.wd]


@pytest.mark.parametrize(
    ("name", "receipt"),
    [pytest.param(p, r, id=f"{p}-{r.id}") for p in PROFILES for r in STAGE_2_RECEIPTS],
)
def test_stage2_before_acknowledgement(name: str, receipt: Receipt) -> None:
    profile, cal = _setup(name)
    ack_n, respond_n, projected, cap_n = STAGE_2[name]
    events = StageEvents(receipt.received)
    deadlines = _by_kind(stage_deadlines(profile, 2, events, cal))
    assert deadlines[DeadlineKind.ACKNOWLEDGE].due_on == receipt.wd[ack_n]
    assert deadlines[DeadlineKind.RESPOND].due_on == receipt.wd[respond_n]
    assert deadlines[DeadlineKind.RESPOND].projected is projected
    cap = extension_limit(profile, 2, events, cal)
    assert cap == (receipt.wd[cap_n] if cap_n else None)


def test_derwent_final_stage_request_window_after_stage2() -> None:
    # Stage 2 received Thu 24 Dec 2026, answered on its 10th WD, Tue 12 Jan 2027: the final
    # stage must be asked for by the 30th WD, Tue 9 Feb 2027 (counted in RECEIPTS above).
    profile, cal = _setup("derwent-living")
    events = StageEvents(date(2026, 12, 24), responded_on=date(2027, 1, 12))
    deadlines = _by_kind(stage_deadlines(profile, 2, events, cal))
    assert deadlines[DeadlineKind.ESCALATE].due_on == date(2027, 2, 9)
    assert deadlines[DeadlineKind.ESCALATE].state(date(2027, 2, 10), cal) is (
        DeadlineState.WINDOW_CLOSED
    )


# -- the same table through `complaints deadlines --json` -----------------------------------------


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """A group, so the command is called by name as in the real CLI."""

    register(app)
    return app


def _json(app: typer.Typer, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["deadlines", *args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _iso(receipt: Receipt, n: int | None) -> str | None:
    return receipt.wd[n].isoformat() if n is not None else None


@pytest.mark.parametrize(("name", "receipt"), CASES)
def test_cli_matches_the_table(app: typer.Typer, name: str, receipt: Receipt) -> None:
    expect = STAGE_1[name]
    data = _json(app, "--policy", name, "--received", receipt.received.isoformat())
    assert data["effective_receipt"] == receipt.effective.isoformat()
    assert data["acknowledge_by"] == _iso(receipt, expect.acknowledge)
    assert data["respond_by"] == _iso(receipt, expect.respond)
    assert data["extended_respond_by"] == _iso(receipt, expect.extension_cap)
    assert data["escalate_by"] is None
    arrival = [{"date": s.day.isoformat(), "reason": s.reason} for s in receipt.arrival_skipped]
    assert data["skipped"][: len(arrival)] == arrival
    if not arrival:
        assert all(s["date"] != receipt.received.isoformat() for s in data["skipped"])


@pytest.mark.parametrize(("name", "receipt"), CASES)
def test_cli_escalate_by_once_responded(app: typer.Typer, name: str, receipt: Receipt) -> None:
    expect = STAGE_1[name]
    data = _json(
        app,
        "--policy",
        name,
        "--received",
        receipt.received.isoformat(),
        "--acknowledged",
        receipt.effective.isoformat(),
        "--responded",
        receipt.wd[10].isoformat(),
    )
    assert data["respond_by"] == _iso(receipt, expect.respond_if_acknowledged)
    if expect.escalate is None:
        assert data["escalate_by"] is None
    elif expect.escalate == "calendar":
        assert data["escalate_by"] == receipt.derive_escalate.isoformat()
    else:
        assert isinstance(expect.escalate, int)
        assert data["escalate_by"] == _iso(receipt, expect.escalate)
