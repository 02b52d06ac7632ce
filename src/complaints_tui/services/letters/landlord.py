"""The landlord's details for letters (name, address, phones, signature block, the ombudsman's
contact details) and its own template folder: settings in the database, so every terminal prints
the same letterhead.

The ombudsmen a letter names, and when a resident may go to each, are the policy profile's; the
landlord may give each one's contact details as it wants them printed (`letters.ombudsman`: lines
`Name = details`), for instance the Housing Ombudsman's address as well as its phone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from complaints_tui.domain.letters import Landlord
from complaints_tui.domain.policy import DEFAULT_PROFILE, Ombudsman
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
    "ombudsman": "letters.ombudsman",  # lines "Name = contact details"
}


@dataclass(frozen=True)
class LetterSettings:
    landlord: Landlord
    letters_folder: Path | None  # the landlord's own templates, overriding the shipped ones
    ombudsman_contacts: Mapping[str, str] = field(default_factory=dict)  # by ombudsman's name

    def ombudsman_contact(self, ombudsman: Ombudsman) -> str:
        """The contact details printed for one of the profile's ombudsmen."""
        return self.ombudsman_contacts.get(ombudsman.name.casefold(), ombudsman.contact)


def ombudsman_lines(text: str) -> dict[str, str]:
    """`Name = details` lines (or `|`-separated) as {name folded: details}; a line without
    ` = ` is refused in a sentence."""
    contacts: dict[str, str] = {}
    for line in text.replace("|", "\n").split("\n"):
        if not line.strip():
            continue
        name, equals, details = line.partition("=")
        if not equals or not name.strip() or not details.strip():
            raise RuleViolation(
                f"Give each ombudsman's details as 'Name = details', not {line.strip()!r}."
            )
        contacts[" ".join(name.split()).casefold()] = details.strip()
    return contacts


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
        ombudsman_lines(_value(session, "ombudsman")),
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
    ombudsman: str | None = None,
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
        "ombudsman": ombudsman,
    }
    with command(store, actor, SUPERVISORS, "change the letterhead", now=now) as cmd:
        session = cmd.session
        before: dict[str, object] = {}
        after: dict[str, object] = {}
        for name, value in wanted.items():
            if value is None:
                continue
            text = value.strip() if name != "address" else value
            if name == "letters_folder" and text and not Path(text).is_dir():
                raise RuleViolation(f"There is no folder {text} for the letter templates.")
            if name == "ombudsman":
                text = _checked_ombudsman(session, text)
            before[name] = _value(session, name)
            row = session.get(m.Setting, KEYS[name])
            if row is None:
                session.add(m.Setting(key=KEYS[name], value=text))
            else:
                row.value = text
            after[name] = text
        cmd.audit("letterhead_changed", before=before, after=after)
        session.flush()
        return read_letter_settings(session)


def _checked_ombudsman(session: Session, text: str) -> str:
    """The lines as stored (one per ombudsman, names as the profile spells them); a name the
    landlord's profile does not list is refused, naming the ones it does."""
    profile = profile_named(landlord_profile_id(session))
    known = {o.name.casefold(): o.name for o in profile.ombudsman}
    lines = []
    for folded, details in ombudsman_lines(text).items():
        if folded not in known:
            names = "; ".join(o.name for o in profile.ombudsman) or "none"
            raise RuleViolation(
                f"{profile.name}'s letters name no ombudsman called {folded!r}; they name: {names}."
            )
        lines.append(f"{known[folded]} = {details}")
    return "\n".join(lines)
