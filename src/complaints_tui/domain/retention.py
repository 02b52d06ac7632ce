"""Data retention: when a resident's personal data is past the profile's retention period.

A resident is past retention when they have at least one case and every one of their cases
ended (closed, withdrawn, or never a live complaint) more than `years` whole years before today:
kept through the anniversary itself, anonymised from the day after. A case still open, or
answered and still free to escalate without a closing date, keeps the resident's data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from complaints_tui.domain.kinds import CaseStatus

# A case in these states is finished once logged (nothing more is done on it).
_FINISHED_WHEN_LOGGED = frozenset({CaseStatus.LOGGED, CaseStatus.NOT_ACCEPTED})


@dataclass(frozen=True)
class CaseEnd:
    """What the rule needs of one case."""

    status: CaseStatus
    received_on: date
    closed_on: date | None = None
    withdrawn_on: date | None = None
    last_changed_on: date | None = None  # the day the case row last changed


def years_after(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def ended_on(case: CaseEnd) -> date | None:
    """The day the case ended, or None while it is live."""
    if case.closed_on is not None:
        return case.closed_on
    if case.status is CaseStatus.WITHDRAWN:
        return case.withdrawn_on or case.last_changed_on or case.received_on
    if case.status in _FINISHED_WHEN_LOGGED:
        return case.received_on
    if case.status is CaseStatus.RESPONDED:
        # Answered but never closed (a quick fix, a final response): over when last touched.
        return case.last_changed_on or case.received_on
    return None  # open


def kept_until(cases: Iterable[CaseEnd], years: int) -> date | None:
    """The last day the resident's data is kept, or None when it must be kept (no case yet, or
    a case still live)."""
    ends: list[date] = []
    for case in cases:
        end = ended_on(case)
        if end is None:
            return None
        ends.append(end)
    if not ends:
        return None
    return years_after(max(ends), years)


def past_retention(cases: Iterable[CaseEnd], years: int, today: date) -> bool:
    until = kept_until(cases, years)
    return until is not None and today > until
