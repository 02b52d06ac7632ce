"""The office's shared settings by name, for `complaints config`: each is read and changed through
the service that owns it (with its permission check and its audit event), so the command line
cannot set what the app would refuse. Per-terminal settings (theme, key map) live in the user's
config folder instead (`complaints_tui.terminal_config`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from complaints_tui.domain.policy import DEFAULT_PROFILE
from complaints_tui.services._core import LANDLORD_PROFILE_KEY, landlord_profile_id
from complaints_tui.services.backups import KEEP_DEFAULT, KEEP_KEY, KEEP_RANGE, set_backups_kept
from complaints_tui.services.errors import RuleViolation
from complaints_tui.services.letters.landlord import KEYS as LETTER_KEYS
from complaints_tui.services.letters.landlord import set_letter_settings
from complaints_tui.services.people.passwords import (
    IDLE_LOCK_KEY,
    IDLE_LOCK_RANGE,
    read_idle_lock_minutes,
    set_idle_lock_minutes,
)
from complaints_tui.services.people.types import Actor
from complaints_tui.services.people.users import set_landlord_profile
from complaints_tui.services.settings import (
    DUE_SOON_KEY,
    DUE_SOON_RANGE,
    read_due_soon_days,
    set_due_soon_days,
)
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

# Each shared setting and what it is for (shown by `config show`), in the order shown.
_LEADS = "team lead or administrator"
SHARED: dict[str, str] = {
    LANDLORD_PROFILE_KEY: "the policy profile new cases follow (administrator)",
    DUE_SOON_KEY: (
        f"working days after today that still count as due soon, "
        f"{DUE_SOON_RANGE.start}-{DUE_SOON_RANGE.stop - 1} ({_LEADS})"
    ),
    KEEP_KEY: f"how many daily SQLite backups are kept, {KEEP_RANGE.start}-{KEEP_RANGE.stop - 1} "
    "(administrator)",
    IDLE_LOCK_KEY: (
        f"minutes without a key before a terminal locks, {IDLE_LOCK_RANGE.start}-"
        f"{IDLE_LOCK_RANGE.stop - 1}, 0 never ({_LEADS})"
    ),
    "landlord.name": f"the landlord's name on letters ({_LEADS})",
    "landlord.address": f"the letterhead's address, lines separated by | ({_LEADS})",
    "landlord.phone": f"the letterhead's phone ({_LEADS})",
    "landlord.email": f"the letterhead's email ({_LEADS})",
    "landlord.signature": f"the signature block on letters ({_LEADS})",
    "letters.folder": f"a folder of the landlord's own letter templates ({_LEADS})",
    "letters.ombudsman": (
        "each ombudsman's contact details on letters, as Name = details, several separated by | "
        f"(empty: the profile's) ({_LEADS})"
    ),
}
_LETTER_FIELDS = {key: field for field, key in LETTER_KEYS.items()}


@dataclass(frozen=True)
class ConfigEntry:
    key: str
    value: str
    is_default: bool  # nothing stored: the value shown is what applies without one
    about: str


def _entry(session: Session, key: str) -> ConfigEntry:
    row = session.get(m.Setting, key)
    if key == LANDLORD_PROFILE_KEY:
        value = landlord_profile_id(session)
    elif key == DUE_SOON_KEY:
        value = str(read_due_soon_days(session))
    elif key == KEEP_KEY:
        value = row.value if row is not None else str(KEEP_DEFAULT)
    elif key == IDLE_LOCK_KEY:
        value = str(read_idle_lock_minutes(session))
    else:
        value = row.value.replace("\n", " | ") if row is not None else ""
    return ConfigEntry(key, value, row is None, SHARED[key])


def config_entries(store: Store) -> list[ConfigEntry]:
    """Every shared setting with the value that applies now."""
    with store.reading() as session:
        return [_entry(session, key) for key in SHARED]


def config_entry(store: Store, key: str) -> ConfigEntry:
    _known(key)
    with store.reading() as session:
        return _entry(session, key)


def _known(key: str) -> None:
    if key not in SHARED:
        raise RuleViolation(
            f"There is no shared setting {key!r}; the shared settings are {', '.join(SHARED)}."
        )


def set_config(
    store: Store, actor: Actor, key: str, value: str, *, now: datetime | None = None
) -> ConfigEntry:
    """Change one shared setting through its own service (its roles and audit event)."""
    _known(key)
    text = value.strip()
    if key == LANDLORD_PROFILE_KEY:
        set_landlord_profile(store, actor, text or DEFAULT_PROFILE, now=now)
    elif key == DUE_SOON_KEY:
        try:
            days = int(text)
        except ValueError:
            raise RuleViolation(
                f"Due soon is a number of working days, {DUE_SOON_RANGE.start} to "
                f"{DUE_SOON_RANGE.stop - 1}, not {value!r}."
            ) from None
        set_due_soon_days(store, actor, days, now=now)
    elif key == KEEP_KEY:
        if not text.isdigit():
            raise RuleViolation(f"Keep a number of daily backups, not {value!r}.")
        set_backups_kept(store, actor, int(text), now=now)
    elif key == IDLE_LOCK_KEY:
        try:
            minutes = int(text)
        except ValueError:
            raise RuleViolation(
                f"The idle lock is a number of minutes, {IDLE_LOCK_RANGE.start} to "
                f"{IDLE_LOCK_RANGE.stop - 1} (0: never), not {value!r}."
            ) from None
        set_idle_lock_minutes(store, actor, minutes, now=now)
    else:
        field = _LETTER_FIELDS[key]
        if field == "address":
            lines = tuple(line.strip() for line in text.replace("\n", "|").split("|"))
            set_letter_settings(store, actor, address=tuple(x for x in lines if x), now=now)
        elif field == "name":
            set_letter_settings(store, actor, name=text, now=now)
        elif field == "phone":
            set_letter_settings(store, actor, phone=text, now=now)
        elif field == "email":
            set_letter_settings(store, actor, email=text, now=now)
        elif field == "signature":
            set_letter_settings(store, actor, signature=text, now=now)
        elif field == "ombudsman":
            set_letter_settings(store, actor, ombudsman=text, now=now)
        else:
            set_letter_settings(store, actor, letters_folder=text, now=now)
    return config_entry(store, key)
