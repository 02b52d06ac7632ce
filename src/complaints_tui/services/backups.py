"""The automatic SQLite backup: the first time a day that the app or a writing command opens the
database, a copy goes into the backups folder beside it, and only the newest `backups.keep`
(a shared setting, default 7) of these daily copies are kept. Backups taken by hand, before a
migration or before a restore are never removed here."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from complaints_tui.domain.roles import Role
from complaints_tui.services._core import command, uk_date, utc_now
from complaints_tui.services.errors import RuleViolation
from complaints_tui.services.people.types import Actor
from complaints_tui.services.settings import read_number, store_number
from complaints_tui.store.engine import Store, StoreError, backup_sqlite

KEEP_KEY = "backups.keep"
KEEP_DEFAULT = 7
KEEP_RANGE = range(1, 366)
_DAILY = "daily"


def backups_kept(store: Store) -> int:
    """How many daily copies to keep (the setting, else 7; nonsense in it counts as 7)."""
    with store.reading() as session:
        return read_number(session, KEEP_KEY, KEEP_DEFAULT, KEEP_RANGE)


def daily_name(live: Path, day: date) -> str:
    return f"{live.stem}-{day:%Y%m%d}-{_DAILY}{live.suffix}"


def daily_backups(folder: Path, live: Path) -> list[Path]:
    """The daily copies of `live` in `folder`, oldest first (the date in the name sorts)."""
    return sorted(folder.glob(f"{live.stem}-[0-9]*-{_DAILY}{live.suffix}"))


def back_up_daily(store: Store, *, now: datetime | None = None) -> Path | None:
    """Take today's copy if there is none yet (the new copy's path), and keep only the newest
    `backups.keep`; None when there was one already or the database is not a SQLite file."""
    live = store.sqlite_path
    if live is None or store.read_only:
        return None
    folder = live.parent / "backups"
    copy = folder / daily_name(live, uk_date(utc_now(now)))
    if copy.exists():
        return None
    # Written under a name of its own, then renamed: two terminals starting at once never leave
    # half a copy where a whole one is expected.
    partial = copy.with_name(f".{copy.name}.{os.getpid()}.partial")
    try:
        backup_sqlite(store, partial, label=_DAILY)
        partial.replace(copy)
    finally:
        partial.unlink(missing_ok=True)
    for old in daily_backups(folder, live)[: -backups_kept(store)]:
        old.unlink(missing_ok=True)
    return copy


def back_up_daily_quietly(store: Store, *, now: datetime | None = None) -> Path | None:
    """`back_up_daily`, where a copy that cannot be made (a full disk, a read-only folder) must
    not stop the office opening its database: None then."""
    try:
        return back_up_daily(store, now=now)
    except (StoreError, OSError):
        return None


def set_backups_kept(store: Store, actor: Actor, keep: int, *, now: datetime | None = None) -> int:
    """Change how many daily copies every terminal keeps (administrator); audited."""
    if keep not in KEEP_RANGE:
        raise RuleViolation(
            f"Keep {KEEP_RANGE.start} to {KEEP_RANGE.stop - 1} daily backups, not {keep}."
        )
    before = backups_kept(store)
    with command(store, actor, {Role.ADMIN}, "change how many daily backups are kept", now) as cmd:
        store_number(cmd.session, KEEP_KEY, keep)
        cmd.audit("setting_changed", before={KEEP_KEY: before}, after={KEEP_KEY: keep})
    return keep
