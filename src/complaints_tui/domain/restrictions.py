"""Restrictions on a resident who behaves unreasonably (SPEC §7) and what each means on a call."""

from __future__ import annotations

from enum import StrEnum


class RestrictionKind(StrEnum):
    SINGLE_POINT_OF_CONTACT = "single_point_of_contact"
    SET_CALL_TIMES = "set_call_times"
    WRITING_ONLY = "writing_only"
    VISITS_BY_APPOINTMENT = "visits_by_appointment"
    NO_OFFICE_ATTENDANCE = "no_office_attendance"
    RETURN_DOCUMENTS = "return_documents"

    @property
    def label(self) -> str:
        return _RESTRICTION_TEXT[self][0]

    @property
    def meaning(self) -> str:
        """What the restriction means for the call in progress."""
        return _RESTRICTION_TEXT[self][1]


_RESTRICTION_TEXT = {
    RestrictionKind.SINGLE_POINT_OF_CONTACT: (
        "Single point of contact",
        "Take the details and pass them to the named contact; do not promise a call back "
        "from anyone else.",
    ),
    RestrictionKind.SET_CALL_TIMES: (
        "Calls only at set times",
        "Outside the agreed times, take the details and end the call politely.",
    ),
    RestrictionKind.WRITING_ONLY: (
        "Contact in writing only",
        "Note what is said and reply in writing, not by phone.",
    ),
    RestrictionKind.VISITS_BY_APPOINTMENT: (
        "Visits by appointment only",
        "Do not arrange an unannounced visit.",
    ),
    RestrictionKind.NO_OFFICE_ATTENDANCE: (
        "No implied licence to attend our offices",
        "Offer phone or writing instead of a visit to the office.",
    ),
    RestrictionKind.RETURN_DOCUMENTS: (
        "Irrelevant documents returned",
        "Documents sent in that are not about the complaint are returned.",
    ),
}

RESTRICTIONS_NEVER_STOP_LOGGING = "A restriction never stops a complaint being logged."
