"""The vocabularies of a contact: kinds (SPEC §2), channels, stages, statuses and decisions."""

from __future__ import annotations

from enum import StrEnum


class ContactKind(StrEnum):
    COMPLAINT = "complaint"
    SERVICE_REQUEST = "service_request"
    COMMENT = "comment"
    ENQUIRY = "enquiry"
    COMPLIMENT = "compliment"
    MP_ENQUIRY = "mp_enquiry"
    ASB = "asb"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ContactKind.COMPLAINT: "Complaint",
    ContactKind.SERVICE_REQUEST: "Service request",
    ContactKind.COMMENT: "Comment / suggestion",
    ContactKind.ENQUIRY: "Enquiry",
    ContactKind.COMPLIMENT: "Compliment",
    ContactKind.MP_ENQUIRY: "MP / councillor enquiry",
    ContactKind.ASB: "ASB report / neighbour complaint",
}


class Channel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    WEB = "web"
    IN_PERSON = "in_person"
    SOCIAL_MEDIA = "social_media"
    FAX = "fax"
    TEXT_RELAY = "text_relay"

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    Channel.PHONE: "Phone",
    Channel.EMAIL: "Email",
    Channel.LETTER: "Letter",
    Channel.WEB: "Web form / portal",
    Channel.IN_PERSON: "In person",
    Channel.SOCIAL_MEDIA: "Social media",
    Channel.FAX: "Fax",
    Channel.TEXT_RELAY: "Type Talk / text relay",
}


class CaseStatus(StrEnum):
    OPEN = "open"  # a complaint waiting for the landlord: stage 0 (not yet formal) or a stage
    RESPONDED = "responded"  # the stage's response (or quick fix) is sent; may still escalate
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    NOT_ACCEPTED = "not_accepted"  # a complaint refused under an exclusion; the reason is kept
    LOGGED = "logged"  # not a complaint (service request, enquiry, compliment…): recorded only


def standing(status: CaseStatus, stage: int) -> str:
    """Where a case stands, in the words every screen uses: a complaint resolved by a quick fix
    is "resolved at the point of call", never "open" or "not yet formal"."""
    if status is CaseStatus.RESPONDED:
        return "Resolved at the point of call" if stage == 0 else f"Stage {stage} answered"
    if status is CaseStatus.OPEN:
        return "Accepted, not yet formal" if stage == 0 else f"Stage {stage}"
    return {
        CaseStatus.CLOSED: "Closed",
        CaseStatus.WITHDRAWN: "Withdrawn",
        CaseStatus.NOT_ACCEPTED: "Not accepted as a complaint",
        CaseStatus.LOGGED: "Logged",
    }[status]


class Decision(StrEnum):
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    NOT_UPHELD = "not_upheld"


class Outcome(StrEnum):
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    NOT_UPHELD = "not_upheld"
    WITHDRAWN = "withdrawn"


class Tenure(StrEnum):
    LCRA = "LCRA"  # low-cost rental accommodation
    LCHO = "LCHO"  # low-cost home ownership
