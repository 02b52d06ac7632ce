"""What a screen asks of the app: to move the user on (sign in, open a resident, start a new
call). Screens post these; the app decides which screens follow, so no screen imports the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from complaints_tui.services.people.types import UserInfo


class SignedIn(Message):
    """A user was picked (or made, on a first run): the lookup follows, then any draft."""

    def __init__(self, user: UserInfo) -> None:
        super().__init__()
        self.user = user


class OpenResident(Message):
    """Take a call from this resident (asks first if another call is being captured)."""

    def __init__(self, resident_id: int) -> None:
        super().__init__()
        self.resident_id = resident_id


class AnonymousCall(Message):
    """Take a call without a name."""


class CallFinished(Message):
    """The call was saved or thrown away: back to an empty lookup, without asking."""


class OpenCase(Message):
    """Show a case: its workspace for a case worker, its summary for a call handler."""

    def __init__(self, case_id: int, reference: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.reference = reference


class OpenQueue(Message):
    """Open a queue (a stage, whose), from the palette."""

    def __init__(self, stage: int, scope: str) -> None:
        super().__init__()
        self.stage = stage
        self.scope = scope


class QueueShown(Message):
    """The queue now shows this query: F12 comes back to it."""

    def __init__(self, query: object) -> None:
        super().__init__()
        self.query = query


class LookupReady(Message):
    """The lookup is drawn and ready for typing: the moment to open the store behind it."""
