"""Column types shared by the models: UTC timestamps and prefix-searchable text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, String
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp stored as UTC; naive datetimes are refused.

    SQLite has no time zones, so the value is stored as naive UTC there and made aware on the way
    back; PostgreSQL keeps `timestamp with time zone`.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: timestamps must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def search_term_type(length: int) -> String:
    """Text compared byte-wise on PostgreSQL, so `term >= 'smi' AND term < 'smj'` uses the index."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")  # type: ignore[return-value]
