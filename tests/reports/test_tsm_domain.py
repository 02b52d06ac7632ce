"""TSM CH01/CH02 on a small data set whose figures were worked out by hand.

Every expected date below was counted on paper against the England and Wales bank holidays:
Christmas 2025 (25, 26 Dec), New Year 2026 (1 Jan), Easter 2025 (18, 21 Apr), Early May 2025
(5 May), Spring 2025 (26 May), Summer 2025 (25 Aug), Easter 2026 (3, 6 Apr), Early May 2026
(4 May), Spring 2026 (25 May).
"""

from __future__ import annotations

from datetime import date

import pytest

from complaints_tui.domain.calendar import WorkingCalendar, calendar_for_profile
from complaints_tui.domain.kinds import Tenure
from complaints_tui.domain.policy import PolicyProfile, load_profile
from complaints_tui.domain.reports import (
    ReportError,
    StageRecord,
    code_timescale,
    format_report,
    on_time,
    tsm_report,
)
from complaints_tui.locations import policies_dir

LCRA, LCHO = Tenure.LCRA, Tenure.LCHO


@pytest.fixture(scope="module")
def code() -> PolicyProfile:
    return load_profile("hos-code", policies_dir())


@pytest.fixture(scope="module")
def calendar(code: PolicyProfile) -> WorkingCalendar:
    return calendar_for_profile(code)


# name -> (record, on time?)  Period for the report: 1 April 2025 to 31 March 2026 (a TSM year).
RECORDS: dict[str, tuple[StageRecord, bool | None]] = {
    # Received Thu 18 Dec 2025: acknowledge by Mon 29 Dec. Acknowledged late on Fri 2 Jan, so the
    # clock runs from 29 Dec: 30, 31 Dec, 2, 5, 6, 7, 8, 9, 12, 13 Jan -> respond by Tue 13 Jan.
    "A": (
        StageRecord(LCRA, 1, date(2025, 12, 18), date(2026, 1, 2), None, date(2026, 1, 13)),
        True,
    ),
    # Same, sent Thu 15 Jan: late (from the actual acknowledgement it would have been 16 Jan).
    "B": (
        StageRecord(LCRA, 1, date(2025, 12, 18), date(2026, 1, 2), None, date(2026, 1, 15)),
        False,
    ),
    # Received Sat 23 Aug 2025 = Tue 26 Aug (25th summer bank holiday); acknowledged early on
    # Wed 27 Aug, so 10 WD from 27 Aug: respond by Wed 10 Sep.
    "C": (
        StageRecord(LCRA, 1, date(2025, 8, 23), date(2025, 8, 27), None, date(2025, 9, 10)),
        True,
    ),
    "D": (
        StageRecord(LCRA, 1, date(2025, 8, 23), date(2025, 8, 27), None, date(2025, 9, 11)),
        False,
    ),
    # Acknowledged Mon 5 Jan 2026 (SPEC §5): respond by Mon 19 Jan, extension cap Mon 2 Feb.
    "E": (
        StageRecord(
            LCRA, 1, date(2025, 12, 29), date(2026, 1, 5), date(2026, 2, 2), date(2026, 2, 2)
        ),
        True,
    ),
    # Extended to Tue 3 Feb, beyond the cap: the extension does not count, 30 Jan is late.
    "F": (
        StageRecord(
            LCRA, 1, date(2025, 12, 29), date(2026, 1, 5), date(2026, 2, 3), date(2026, 1, 30)
        ),
        False,
    ),
    # Received on the last day of the period; not answered yet.
    "G": (StageRecord(LCHO, 1, date(2026, 3, 31)), None),
    # Received the day after the period ends: not counted anywhere.
    "H": (StageRecord(LCHO, 1, date(2026, 4, 1)), None),
    # Received Mon 31 Mar 2025 (before the period), acknowledged on its due day Mon 7 Apr; 10 WD
    # across Easter 2025: 8, 9, 10, 11, 14, 15, 16, 17, 22, 23 Apr -> Wed 23 Apr. The response is
    # in the period, so it counts in CH02 although the complaint counts in last year's CH01.
    "I": (StageRecord(LCHO, 1, date(2025, 3, 31), date(2025, 4, 7), None, date(2025, 4, 23)), True),
    # Withdrawn: in CH01, never in CH02. Acknowledged Tue 3 Jun 2025, due Tue 17 Jun, sent
    # Fri 20 Jun: late, yet it must not pull the LCHO figure below 100 %.
    "J": (
        StageRecord(LCHO, 1, date(2025, 6, 2), date(2025, 6, 3), None, date(2025, 6, 20), True),
        False,
    ),
    # Stage 2 asked for Mon 22 Dec 2025: acknowledge by 23, 24, 29, 30, 31 Dec -> Wed 31 Dec.
    # Acknowledged late (7 Jan) so 20 WD from 31 Dec -> Thu 29 Jan 2026.
    "K": (
        StageRecord(LCRA, 2, date(2025, 12, 22), date(2026, 1, 7), None, date(2026, 1, 29)),
        True,
    ),
    # Sent Tue 3 Feb: late (from the actual acknowledgement, 20 WD would reach Wed 4 Feb).
    "K2": (
        StageRecord(LCRA, 2, date(2025, 12, 22), date(2026, 1, 7), None, date(2026, 2, 3)),
        False,
    ),
    # Stage 2 asked for Thu 1 May 2025, acknowledged Fri 2 May; 20 WD across 5 and 26 May ->
    # Tue 3 Jun; cap 20 WD more -> Tue 1 Jul. Extended to Fri 20 Jun and sent that day: on time.
    "L": (
        StageRecord(
            LCHO, 2, date(2025, 5, 1), date(2025, 5, 2), date(2025, 6, 20), date(2025, 6, 20)
        ),
        True,
    ),
    # No tenure recorded: kept apart from both figures.
    "M": (StageRecord(None, 1, date(2025, 7, 1)), None),
    # A third stage (another landlord's panel) is not a TSM stage: ignored.
    "N": (StageRecord(LCRA, 3, date(2025, 7, 1), None, None, date(2025, 7, 20)), None),
}


@pytest.mark.parametrize("name", [n for n, (_, ok) in RECORDS.items() if ok is not None])
def test_each_record_is_judged_as_worked_out_by_hand(
    name: str, code: PolicyProfile, calendar: WorkingCalendar
) -> None:
    record, expected = RECORDS[name]
    assert on_time(record, code, calendar) is expected


def test_unanswered_record_has_no_verdict(code: PolicyProfile, calendar: WorkingCalendar) -> None:
    assert on_time(RECORDS["G"][0], code, calendar) is None


def test_timescale_dates(code: PolicyProfile, calendar: WorkingCalendar) -> None:
    a = code_timescale(RECORDS["A"][0], code, calendar)
    assert (a.acknowledge_by, a.clock_from, a.respond_by) == (
        date(2025, 12, 29),
        date(2025, 12, 29),
        date(2026, 1, 13),
    )
    e = code_timescale(RECORDS["E"][0], code, calendar)
    assert (e.clock_from, e.respond_by, e.extension_cap) == (
        date(2026, 1, 5),
        date(2026, 1, 19),
        date(2026, 2, 2),
    )
    assert e.extension_counts
    assert not code_timescale(RECORDS["F"][0], code, calendar).extension_counts
    k = code_timescale(RECORDS["K"][0], code, calendar)
    assert (k.acknowledge_by, k.respond_by) == (date(2025, 12, 31), date(2026, 1, 29))
    lr = code_timescale(RECORDS["L"][0], code, calendar)
    assert (lr.acknowledge_by, lr.respond_by, lr.extension_cap) == (
        date(2025, 5, 9),
        date(2025, 6, 3),
        date(2025, 7, 1),
    )
    # Stage 2 asked for on Thu 2 Apr 2026: acknowledge across Easter (3 and 6 Apr) by Mon 13 Apr;
    # respond 20 WD later across 4 May -> Tue 12 May; cap across 25 May -> Wed 10 Jun.
    easter = code_timescale(StageRecord(LCRA, 2, date(2026, 4, 2)), code, calendar)
    assert (easter.acknowledge_by, easter.respond_by, easter.extension_cap) == (
        date(2026, 4, 13),
        date(2026, 5, 12),
        date(2026, 6, 10),
    )


def test_extension_inside_cap_but_response_after_it_is_late(
    code: PolicyProfile, calendar: WorkingCalendar
) -> None:
    record = StageRecord(
        LCRA, 1, date(2025, 12, 29), date(2026, 1, 5), date(2026, 1, 26), date(2026, 1, 27)
    )
    assert on_time(record, code, calendar) is False


def _report(code: PolicyProfile, calendar: WorkingCalendar, homes_lcho: int | None = 400):
    return tsm_report(
        [record for record, _ in RECORDS.values()],
        date(2025, 4, 1),
        date(2026, 3, 31),
        homes_lcra=2000,
        homes_lcho=homes_lcho,
        code=code,
        calendar=calendar,
    )


def test_figures_and_counts(code: PolicyProfile, calendar: WorkingCalendar) -> None:
    report = _report(code, calendar)
    # CH01 stage 1: LCRA A-F = 6 of 2,000 homes; LCHO G and J (withdrawn still counts) of 400.
    assert report.received[1] == {"LCRA": 6, "LCHO": 2, "none": 1}
    assert report.ch01(1, LCRA) == pytest.approx(3.0)
    assert report.ch01(1, LCHO) == pytest.approx(5.0)
    # CH01 stage 2: K, K2 (LCRA); L (LCHO).
    assert report.received[2] == {"LCRA": 2, "LCHO": 1, "none": 0}
    assert report.ch01(2, LCRA) == pytest.approx(1.0)
    assert report.ch01(2, LCHO) == pytest.approx(2.5)
    # CH02 stage 1: A, C, E on time; B, D, F late. LCHO: I on time, J withdrawn (left out).
    s1 = report.responses[1]
    assert (s1["LCRA"].on_time, s1["LCRA"].responses) == (3, 6)
    assert (s1["LCHO"].on_time, s1["LCHO"].responses) == (1, 1)
    assert report.ch02(1, LCRA) == pytest.approx(50.0)
    assert report.ch02(1, LCHO) == pytest.approx(100.0)
    assert report.withdrawn_responses == {1: 1, 2: 0}
    # CH02 stage 2: K on time, K2 late; L on time.
    assert report.ch02(2, LCRA) == pytest.approx(50.0)
    assert report.ch02(2, LCHO) == pytest.approx(100.0)
    assert sorted(report.late_references[1]) == []  # no references given in this data set


def test_json_shape(code: PolicyProfile, calendar: WorkingCalendar) -> None:
    data = _report(code, calendar, homes_lcho=None).as_dict()
    assert data["ch01_stage1"] == {"LCRA": 3.0, "LCHO": None}
    assert data["ch01_stage2"] == {"LCRA": 1.0, "LCHO": None}
    assert data["ch02_stage1"] == {"LCRA": 50.0, "LCHO": 100.0}
    assert data["ch02_stage2"] == {"LCRA": 50.0, "LCHO": 100.0}
    assert data["counts"]["ch01_stage1"]["LCHO"] == {"received": 2}
    assert data["counts"]["ch02_stage1"]["LCRA"] == {"on_time": 3, "late": 3, "responses": 6}
    assert data["counts"]["ch02_stage1"]["withdrawn_excluded"] == 1
    assert data["homes"] == {"LCRA": 2000, "LCHO": None}
    assert data["period"] == {"from": "2025-04-01", "to": "2026-03-31"}


def test_one_third_rounds(code: PolicyProfile, calendar: WorkingCalendar) -> None:
    records = [
        StageRecord(LCRA, 1, date(2025, 12, 18), date(2026, 1, 2), None, date(2026, 1, 13)),
        StageRecord(LCRA, 1, date(2025, 12, 18), date(2026, 1, 2), None, date(2026, 1, 14)),
        StageRecord(LCRA, 1, date(2025, 12, 18), date(2026, 1, 2), None, date(2026, 1, 15)),
    ]
    report = tsm_report(
        records,
        date(2026, 1, 1),
        date(2026, 1, 31),
        homes_lcra=3,
        code=code,
        calendar=calendar,
    )
    assert report.as_dict()["ch02_stage1"]["LCRA"] == 33.33
    # All three were received in December, outside January's CH01.
    assert report.as_dict()["ch01_stage1"]["LCRA"] == 0.0


def test_bad_inputs_are_refused(code: PolicyProfile, calendar: WorkingCalendar) -> None:
    with pytest.raises(ReportError, match="ends"):
        tsm_report(
            [], date(2026, 1, 2), date(2026, 1, 1), homes_lcra=1, code=code, calendar=calendar
        )
    with pytest.raises(ReportError, match="negative"):
        tsm_report(
            [], date(2026, 1, 1), date(2026, 1, 2), homes_lcra=-1, code=code, calendar=calendar
        )


def test_format_report_mentions_every_figure(
    code: PolicyProfile, calendar: WorkingCalendar
) -> None:
    text = "\n".join(format_report(_report(code, calendar)))
    assert "stage 1 LCRA:     3.00  (6 received)" in text
    assert "stage 2 LCHO:   100.0%  (1 of 1 on time)" in text
    assert "1 record(s) had no tenure" in text
    assert "1 response(s) to withdrawn complaints" in text
