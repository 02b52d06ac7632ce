"""The periods reports cover: the last full financial year (April to March), the last full
quarter, and the check every report makes of a period it is given."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from complaints_tui.domain.reports import ReportError


class ReportKind(StrEnum):
    ANNUAL = "annual"
    QUARTERLY = "quarterly"
    COMPLIMENTS = "compliments"
    SATISFACTION = "satisfaction"
    TRENDS = "trends"

    @property
    def label(self) -> str:
        return _LABELS[self]

    def default_period(self, today: date) -> tuple[date, date]:
        """The annual report: the last full financial year; the others: the last full quarter."""
        if self is ReportKind.ANNUAL:
            return last_financial_year(today)
        return last_full_quarter(today)


_LABELS = {
    ReportKind.ANNUAL: "Annual complaints performance and service improvement report",
    ReportKind.QUARTERLY: "Quarterly learning report for the board",
    ReportKind.COMPLIMENTS: "Compliments",
    ReportKind.SATISFACTION: "Satisfaction with complaint handling",
    ReportKind.TRENDS: "Trends by category, service area, channel and month",
}

LONGEST_PERIOD_DAYS = 366 * 5  # a report of more than five years is a typing slip


def last_financial_year(today: date) -> tuple[date, date]:
    """1 April to 31 March of the last financial year that has ended by `today`."""
    end_year = today.year if today.month >= 4 else today.year - 1
    return date(end_year - 1, 4, 1), date(end_year, 3, 31)


def last_full_quarter(today: date) -> tuple[date, date]:
    """The last calendar quarter (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec) that has ended."""
    this_quarter_starts = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = this_quarter_starts - timedelta(days=1)
    return date(end.year, end.month - 2, 1), end


def check_period(period_from: date, period_to: date) -> None:
    """Raise ReportError, in one sentence, for a period no report can cover."""
    if period_to < period_from:
        raise ReportError(
            f"The period ends ({period_to.isoformat()}) before it starts "
            f"({period_from.isoformat()})."
        )
    if (period_to - period_from).days > LONGEST_PERIOD_DAYS:
        raise ReportError(
            f"The period {period_from.isoformat()} to {period_to.isoformat()} is longer than "
            "five years; report a year or a quarter at a time."
        )


def months_of(period_from: date, period_to: date) -> list[str]:
    """Every month the period touches, as "YYYY-MM", in order."""
    months: list[str] = []
    year, month = period_from.year, period_from.month
    while (year, month) <= (period_to.year, period_to.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
