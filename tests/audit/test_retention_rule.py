"""Issue 12, data protection: who is past the retention period (a pure rule), across year ends
and 29 February."""

from __future__ import annotations

from datetime import date

import pytest

from complaints_tui.domain.kinds import CaseStatus
from complaints_tui.domain.retention import CaseEnd, ended_on, kept_until, past_retention

CLOSED = CaseStatus.CLOSED


def closed(on: date) -> CaseEnd:
    return CaseEnd(CLOSED, received_on=date(2019, 1, 7), closed_on=on)


@pytest.mark.parametrize(
    ("today", "past"),
    [
        (date(2025, 12, 31), False),  # the sixth anniversary itself: still kept
        (date(2026, 1, 1), True),  # the day after, across the year end
    ],
)
def test_six_years_after_a_new_years_eve_closure(today: date, past: bool) -> None:
    assert past_retention([closed(date(2019, 12, 31))], 6, today) is past


def test_the_latest_ending_case_counts() -> None:
    cases = [closed(date(2018, 3, 1)), closed(date(2020, 1, 2))]
    assert kept_until(cases, 6) == date(2026, 1, 2)
    assert not past_retention(cases, 6, date(2026, 1, 2))
    assert past_retention(cases, 6, date(2026, 1, 3))


def test_an_open_case_keeps_everything() -> None:
    cases = [closed(date(2010, 1, 4)), CaseEnd(CaseStatus.OPEN, received_on=date(2011, 5, 3))]
    assert kept_until(cases, 6) is None
    assert not past_retention(cases, 6, date(2040, 1, 1))


def test_a_resident_with_no_case_is_kept() -> None:
    assert not past_retention([], 6, date(2040, 1, 1))


def test_29_february_counts_to_28_february() -> None:
    assert kept_until([closed(date(2020, 2, 29))], 6) == date(2026, 2, 28)
    assert kept_until([closed(date(2020, 2, 29))], 4) == date(2024, 2, 29)


def test_how_each_kind_of_case_ends() -> None:
    received = date(2019, 12, 30)
    assert ended_on(CaseEnd(CaseStatus.LOGGED, received)) == received
    assert ended_on(CaseEnd(CaseStatus.NOT_ACCEPTED, received)) == received
    withdrawn = CaseEnd(CaseStatus.WITHDRAWN, received, withdrawn_on=date(2020, 1, 3))
    assert ended_on(withdrawn) == date(2020, 1, 3)
    answered = CaseEnd(CaseStatus.RESPONDED, received, last_changed_on=date(2020, 1, 13))
    assert ended_on(answered) == date(2020, 1, 13)
    assert ended_on(CaseEnd(CaseStatus.OPEN, received)) is None
