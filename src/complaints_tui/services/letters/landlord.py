"""The landlord's details for letters (name, address, phones, signature block) and its own
template folder: settings in the database, so every terminal prints the same letterhead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from complaints_tui.domain.letters import Landlord
from complaints_tui.domain.policy import DEFAULT_PROFILE
from complaints_tui.services._core import (
    SUPERVISORS,
    command,
    landlord_profile_id,
    profile_named,
)
from complaints_tui.services.errors import RuleViolation
from complaints_tui.services.people.types import Actor
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

KEYS = {
    "name": "landlord.name",
    "address": "landlord.address",  # lines joined by "\n"
    "phone": "landlord.phone",
    "email": "landlord.email",
    "signature": "landlord.signature",
    "letters_folder": "letters.folder",
}


@dataclass(frozen=True)
class LetterSettings:
    landlord: Landlord
    letters_folder: Path | None  # the landlord's own templates, overriding the shipped ones


def layout_file(settings: LetterSettings) -> Path | None:
    """The landlord's own PDF layout (`letter.typ` in its folder), or None for the shipped one."""
    if settings.letters_folder is None:
        return None
    path = settings.letters_folder / "letter.typ"
    return path if path.is_file() else None


def _value(session: Session, key: str) -> str:
    row = session.get(m.Setting, KEYS[key])
    return row.value if row is not None else ""


def read_letter_settings(session: Session) -> LetterSettings:
    name = _value(session, "name")
    if not name:  # the statutory Code is not a landlord: its name would mislead on a letter
        profile_id = landlord_profile_id(session)
        name = "Your landlord" if profile_id == DEFAULT_PROFILE else profile_named(profile_id).name
    folder = _value(session, "letters_folder")
    return LetterSettings(
        Landlord(
            name=name,
            address=tuple(line for line in _value(session, "address").split("\n") if line.strip()),
            phone=_value(session, "phone"),
            email=_value(session, "email"),
            signature=_value(session, "signature"),
        ),
        Path(folder) if folder else None,
    )


def letter_settings(store: Store) -> LetterSettings:
    with store.reading() as session:
        return read_letter_settings(session)


def set_letter_settings(
    store: Store,
    actor: Actor,
    *,
    name: str | None = None,
    address: tuple[str, ...] | None = None,
    phone: str | None = None,
    email: str | None = None,
    signature: str | None = None,
    letters_folder: str | None = None,
    now: datetime | None = None,
) -> LetterSettings:
    """Change the letterhead or the template folder (team lead or administrator); audited."""
    wanted = {
        "name": name,
        "address": "\n".join(address) if address is not None else None,
        "phone": phone,
        "email": email,
        "signature": signature,
        "letters_folder": letters_folder,
    }
    with command(store, actor, SUPERVISORS, "change the letterhead", now=now) as cmd:
        session = cmd.session
        before: dict[str, object] = {}
        after: dict[str, object] = {}
        for field, value in wanted.items():
            if value is None:
                continue
            text = value.strip() if field != "address" else value
            if field == "letters_folder" and text and not Path(text).is_dir():
                raise RuleViolation(f"There is no folder {text} for the letter templates.")
            before[field] = _value(session, field)
            row = session.get(m.Setting, KEYS[field])
            if row is None:
                session.add(m.Setting(key=KEYS[field], value=text))
            else:
                row.value = text
            after[field] = text
        cmd.audit("letterhead_changed", before=before, after=after)
        session.flush()
        return read_letter_settings(session)
