"""Working days in England and Wales (SPEC §5).

A working day is Monday to Friday that is not a bank holiday in England and Wales, nor an office
closure day the calendar was built with. The working days of a wide range of years are kept as a
sorted list of ordinals, so every question is answered with `bisect` rather than a day-by-day loop.
The list grows on demand when a date falls outside it.

Counting follows SPEC §5: the day a thing happens is day 0, "within N working days" means by the
end of the Nth working day after it, and something received on a non-working day counts as received
on the next working day.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

from complaints_tui.domain.policy import DayUnit, PolicyProfile

# The years whose working days are precomputed. Callers taking dates from people (the CLI, forms)
# accept these years only; a count that runs past the edge makes the calendar grow, lazily.
FIRST_YEAR = 1990
LAST_YEAR = 2080
# The calendar grows lazily up to these years; further out there is nothing sensible to say.
MIN_YEAR = 1900
MAX_YEAR = 2999

_WEEKDAY_NAMES = ("Saturday", "Sunday")


class DateOutOfRange(ValueError):
    """A date (or a count from it) outside the years the calendar can be built for."""


@dataclass(frozen=True)
class SkippedDay:
    """A day the clock did not count, and why."""

    day: date
    reason: str


@dataclass(frozen=True)
class _Span:
    """The working days of the years first..last, as ordinals (replaced whole when it grows)."""

    first_year: int
    last_year: int
    lo: int  # ordinal of 1 January of first_year
    hi: int  # ordinal of 31 December of last_year
    working: list[int]


def _holiday_name(raw: str) -> str:
    # `holidays` calls a substitute weekday "(observed)"; UK usage is "substitute day".
    return raw.replace("(observed)", "(substitute day)")


class WorkingCalendar:
    """Working days in England and Wales, with optional office closure days that stop the clock."""

    def __init__(
        self,
        closures: Mapping[date, str] | None = None,
        *,
        first_year: int = FIRST_YEAR,
        last_year: int = LAST_YEAR,
    ) -> None:
        self._closures: dict[date, str] = dict(closures or {})
        self._holidays: dict[date, str] = {}
        self._lock = threading.Lock()
        self._span = self._build(first_year, last_year)

    # -- building -------------------------------------------------------------------------------

    @property
    def closures(self) -> Mapping[date, str]:
        return dict(self._closures)

    def _build(self, first_year: int, last_year: int) -> _Span:
        bank = holidays.country_holidays(
            "GB", subdiv="ENG", years=range(first_year, last_year + 1), language="en_GB"
        )
        names = {day: _holiday_name(str(name)) for day, name in bank.items()}
        closed = {day.toordinal() for day in names} | {day.toordinal() for day in self._closures}
        lo = date(first_year, 1, 1).toordinal()
        hi = date(last_year, 12, 31).toordinal()
        # Ordinal 1 (0001-01-01) was a Monday, so (ordinal - 1) % 7 is the weekday.
        working = [o for o in range(lo, hi + 1) if (o - 1) % 7 < 5 and o not in closed]
        self._holidays = names | self._holidays
        return _Span(first_year, last_year, lo, hi, working)

    def _grow(self, year_low: int, year_high: int) -> _Span:
        """Cover the years year_low..year_high too; returns the span to use."""
        if year_low < MIN_YEAR or year_high > MAX_YEAR:
            raise DateOutOfRange(f"dates outside {MIN_YEAR}–{MAX_YEAR} are not supported")
        with self._lock:
            span = self._span
            if span.first_year <= year_low and year_high <= span.last_year:
                return span
            # Pad the side that grows, so dates near the new edge do not rebuild again at once.
            first = span.first_year if year_low >= span.first_year else year_low - 5
            last = span.last_year if year_high <= span.last_year else year_high + 10
            span = self._build(max(first, MIN_YEAR), min(last, MAX_YEAR))
            self._span = span
            return span

    def _span_covering(self, o_low: int, o_high: int) -> _Span:
        """A span holding every ordinal in o_low..o_high."""
        span = self._span
        if span.lo <= o_low and o_high <= span.hi:
            return span
        low = date.fromordinal(max(o_low, 1)).year
        high = date.fromordinal(min(max(o_high, 1), date.max.toordinal())).year
        return self._grow(low, high)

    def _working_ordinal(self, o: int, offset: int, *, strictly_after: bool) -> int:
        """The working day `offset` places on from the first working day on/after (or after) `o`."""
        span = self._span_covering(o, o)
        while True:
            working = span.working
            find = bisect_right if strictly_after else bisect_left
            i = find(working, o) + offset
            if i < len(working):
                return working[i]
            # Not enough working days left in the span: about 250 a year, so grow by enough years.
            span = self._grow(span.first_year, span.last_year + (i - len(working)) // 200 + 1)

    # -- questions about one day ----------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        o = d.toordinal()
        working = self._span_covering(o, o).working
        i = bisect_left(working, o)
        return i < len(working) and working[i] == o

    def non_working_reason(self, d: date) -> str | None:
        """Why `d` is not a working day, or None if it is one.

        Weekends read "Saturday" / "Sunday"; a bank holiday on a weekend adds its name in brackets
        ("Saturday (Boxing Day)") so the substitute weekday that follows makes sense. A bank holiday
        beats an office closure on the same day.
        """
        if self.is_working_day(d):
            return None
        holiday = self._holidays.get(d)
        closure = self._closures.get(d)
        extra = holiday or (f"office closure: {closure}" if closure is not None else None)
        if d.weekday() >= 5:
            weekday = _WEEKDAY_NAMES[d.weekday() - 5]
            return f"{weekday} ({extra})" if extra else weekday
        return extra or "not a working day"

    def next_working_day(self, d: date) -> date:
        """`d` itself if it is a working day, else the first working day after it."""
        return date.fromordinal(self._working_ordinal(d.toordinal(), 0, strictly_after=False))

    def effective_receipt(self, d: date) -> date:
        """Something received on a non-working day counts as received on the next working day."""
        return self.next_working_day(d)

    # -- counting -------------------------------------------------------------------------------

    def add_working_days(self, start: date, n: int) -> date:
        """The nth working day strictly after `start` (whatever `start` is, it is never counted).

        n == 0 is "no time at all": `start` if it is a working day, else the next working day.
        """
        if n < 0:
            raise ValueError("n must be 0 or more")
        o = start.toordinal()
        span = self._span  # the hot path, as in due_date: one bisect, no calls
        if span.lo <= o <= span.hi:
            working = span.working
            i = bisect_left(working, o) if n == 0 else bisect_right(working, o) + n - 1
            if i < len(working):
                return date.fromordinal(working[i])
        if n == 0:
            return date.fromordinal(self._working_ordinal(o, 0, strictly_after=False))
        return date.fromordinal(self._working_ordinal(o, n - 1, strictly_after=True))

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall in (start, end]; the negated mirror count if end < start."""
        s, e = start.toordinal(), end.toordinal()
        span = self._span
        if not (span.lo <= s <= span.hi and span.lo <= e <= span.hi):
            span = self._span_covering(min(s, e), max(s, e))
        working = span.working
        return bisect_right(working, e) - bisect_right(working, s)

    def due_date(self, start: date, length: int, unit: DayUnit) -> date:
        """When a period of `length` days from `start` ends.

        WORKING: the `length`th working day after the effective receipt of `start` (a non-working
        `start` counts as the next working day). CALENDAR: `start + length` days exactly, with no
        adjustment even if that lands on a weekend or bank holiday ("N days" without "working"
        means calendar days, SPEC §5).
        """
        if unit is DayUnit.CALENDAR:
            return start + timedelta(days=length)
        if length < 0:
            raise ValueError("length must be 0 or more")
        o = start.toordinal()
        span = self._span  # the hot path: one bisect, no calls
        if span.lo <= o <= span.hi:
            working = span.working
            # working[i] is the effective receipt; the due date is `length` working days after it.
            i = bisect_left(working, o) + length
            if i < len(working):
                return date.fromordinal(working[i])
        return date.fromordinal(self._working_ordinal(o, length, strictly_after=False))

    def explain(self, start: date, due: date) -> list[SkippedDay]:
        """Every non-working day in [start, due], in order, with its reason.

        `start` is the day a thing arrived. A working `start` is day 0 and so is never listed;
        a non-working one is (SPEC §5: it counts as received on the next working day, so the
        clock skipped it too). The days from `start` to `due`, less those listed, are day 0 and
        the `length` working days of `due_date(start, length, WORKING)`.
        """
        skipped: list[SkippedDay] = []
        day = start
        while day <= due:
            reason = self.non_working_reason(day)
            if reason is not None:
                skipped.append(SkippedDay(day, reason))
            day += timedelta(days=1)
        return skipped


@lru_cache(maxsize=16)
def _cached_calendar(closures: frozenset[tuple[date, str]]) -> WorkingCalendar:
    return WorkingCalendar(dict(closures))


def calendar_for(closures: Mapping[date, str] | None = None) -> WorkingCalendar:
    """A shared calendar for these closure days (building one is the expensive part)."""
    return _cached_calendar(frozenset((closures or {}).items()))


def calendar_for_profile(profile: PolicyProfile) -> WorkingCalendar:
    """The calendar for a profile's deadlines (closures only where they stop the clock)."""
    return calendar_for(profile.closure_dates())
