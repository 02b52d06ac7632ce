"""Dates as a call handler types them: 3/2/2026, 03/02/26, 2026-02-03 (UK order: day first)."""

from __future__ import annotations

import re
from datetime import date

_DMY = re.compile(r"^\s*(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{2}|\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


class DateUnreadable(ValueError):
    """The text is not a date; the message says what to type."""


def parse_day(text: str, today: date) -> date | None:
    """None for empty text; raises `DateUnreadable` for text that is not a real date."""
    if not text.strip():
        return None
    iso = _ISO.match(text)
    dmy = _DMY.match(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy:
            year = int(dmy[3])
            if year < 100:
                year += 2000 if 2000 + year <= today.year else 1900
            return date(year, int(dmy[2]), int(dmy[1]))
    except ValueError as error:
        raise DateUnreadable(f"{text.strip()} is not a real date.") from error
    raise DateUnreadable("Type the date as day/month/year, e.g. 3/2/2026.")


def show_day(day: date | None) -> str:
    return day.strftime("%a %-d %b %Y") if day is not None else "—"
