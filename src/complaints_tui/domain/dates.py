"""Reading a date someone typed: YYYY-MM-DD, and a day the calendar has."""

from __future__ import annotations

import calendar
import re
from datetime import date

_SHAPE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def date_problem(value: str) -> str | None:
    """None when `value` is a real day written YYYY-MM-DD; else the end of a sentence that says
    what is wrong with it ("is not a real date: February 2026 has 28 days")."""
    shape = _SHAPE.fullmatch(value)
    if shape is None:
        return "is not a date in the form YYYY-MM-DD"
    year, month, day = (int(part) for part in shape.groups())
    if not 1 <= month <= 12:
        return f"is not a real date: there is no month {month}"
    if year < 1:
        return "is not a real date: there is no year 0"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"is not a real date: {calendar.month_name[month]} {year} has {days} days"
    return None


def read_date(value: str) -> date:
    """The day `value` names; ValueError says what is wrong with it, as `date_problem` does."""
    problem = date_problem(value)
    if problem is not None:
        raise ValueError(f"{value!r} {problem}")
    return date.fromisoformat(value)
