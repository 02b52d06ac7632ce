"""Letters (SPEC §3–§4): which letter a case has reached, and a letter as words.

A `Letter` is what was written, independent of how it is shown: the landlord's letterhead, the
date and reference, the addressee, a subject, the body's paragraphs and the signature. The text
file, the preview on screen and the PDF are three forms of one `Letter` and say the same words
(the PDF adds page numbers). Every field is plain text: a resident's name like `Bob [/] {{ 7*7 }}`
is data in every form, never markup.

A stored letter is its `to_dict()`, so re-opening one shows exactly what was sent even after a
template changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from complaints_tui.domain.deadlines import describe_date


class LetterKind(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    EXTENSION = "extension"
    RESPONSE = "response"
    FINAL_RESPONSE = "final-response"
    QUICK_FIX = "quick-fix"
    DECLINE = "decline"
    NOT_ACCEPTED = "not-accepted"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    LetterKind.ACKNOWLEDGEMENT: "Acknowledgement",
    LetterKind.EXTENSION: "Extension of the response date",
    LetterKind.RESPONSE: "Stage response",
    LetterKind.FINAL_RESPONSE: "Final response",
    LetterKind.QUICK_FIX: "Quick fix confirmation",
    LetterKind.DECLINE: "Review declined",
    LetterKind.NOT_ACCEPTED: "Complaint not accepted",
}


class LetterChannel(StrEnum):
    """How a letter went to the resident."""

    POST = "post"
    EMAIL = "email"
    BY_HAND = "by_hand"
    PORTAL = "portal"

    @property
    def label(self) -> str:
        return {"post": "Post", "email": "Email", "by_hand": "By hand", "portal": "Online account"}[
            self.value
        ]


@dataclass(frozen=True)
class Landlord:
    """The letterhead and the signature block (from the database's settings)."""

    name: str
    address: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    signature: str = ""  # the line under the signer, e.g. "Customer Relations Team"

    def contact_line(self) -> str:
        parts = [f"Phone {self.phone}" if self.phone else "", self.email]
        return " · ".join(part for part in parts if part)


@dataclass(frozen=True)
class Letter:
    kind: LetterKind
    reference: str
    dated: date
    landlord: Landlord
    addressee: tuple[str, ...]  # the name, then the address lines
    salutation: str  # "Dear Ms Jones,"
    subject: str
    body: tuple[str, ...]  # paragraphs; a paragraph's own lines are joined by "\n"
    closing: str = "Yours sincerely,"
    signer: str = ""
    signer_role: str = ""
    stage: int = 0
    extra: dict[str, str] = field(default_factory=dict)  # room for later fields, kept on store

    def head_lines(self) -> list[str]:
        """The letterhead: the landlord's name, address and how to reach them."""
        lines = [self.landlord.name, *self.landlord.address]
        contact = self.landlord.contact_line()
        return [*lines, contact] if contact else lines

    def signature_lines(self) -> list[str]:
        lines = [self.signer] if self.signer else []
        if self.signer_role:
            lines.append(self.signer_role)
        if self.landlord.signature:
            lines.append(self.landlord.signature)
        lines.append(f"On behalf of {self.landlord.name}")
        return lines

    def as_text(self) -> str:
        """The text form: what the preview shows and the text file holds."""
        lines = [*self.head_lines(), ""]
        lines += [f"Our reference: {self.reference}", f"Date: {describe_date(self.dated)}", ""]
        lines += [*self.addressee, ""]
        lines += [self.salutation, ""]
        if self.subject:
            lines += [self.subject, ""]
        for paragraph in self.body:
            lines += [*paragraph.split("\n"), ""]
        lines += [self.closing, "", *self.signature_lines()]
        return "\n".join(lines) + "\n"

    def words(self) -> list[str]:
        """Every word of the letter in order (what a PDF's extracted text must equal)."""
        return self.as_text().split()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "reference": self.reference,
            "dated": self.dated.isoformat(),
            "landlord": {
                "name": self.landlord.name,
                "address": list(self.landlord.address),
                "phone": self.landlord.phone,
                "email": self.landlord.email,
                "signature": self.landlord.signature,
            },
            "addressee": list(self.addressee),
            "salutation": self.salutation,
            "subject": self.subject,
            "body": list(self.body),
            "closing": self.closing,
            "signer": self.signer,
            "signer_role": self.signer_role,
            "stage": self.stage,
            "extra": dict(self.extra),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Letter:
        head = data["landlord"]
        return cls(
            kind=LetterKind(data["kind"]),
            reference=str(data["reference"]),
            dated=date.fromisoformat(data["dated"]),
            landlord=Landlord(
                str(head["name"]),
                tuple(str(line) for line in head.get("address", ())),
                str(head.get("phone", "")),
                str(head.get("email", "")),
                str(head.get("signature", "")),
            ),
            addressee=tuple(str(line) for line in data["addressee"]),
            salutation=str(data["salutation"]),
            subject=str(data["subject"]),
            body=tuple(str(p) for p in data["body"]),
            closing=str(data.get("closing", "Yours sincerely,")),
            signer=str(data.get("signer", "")),
            signer_role=str(data.get("signer_role", "")),
            stage=int(data.get("stage", 0)),
            extra={str(k): str(v) for k, v in dict(data.get("extra", {})).items()},
        )


def paragraphs(text: str) -> tuple[str, ...]:
    """A template's output as paragraphs: blank lines separate them; lines inside a paragraph
    keep their breaks (a list of items), trailing spaces go."""
    found: list[str] = []
    current: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if line.strip():
            current.append(line)
        elif current:
            found.append("\n".join(current))
            current = []
    if current:
        found.append("\n".join(current))
    return tuple(found)


@dataclass(frozen=True)
class LetterFacts:
    """What decides which letters a case has reached."""

    reference: str
    is_complaint: bool
    kind_label: str  # "Service request", for the refusal sentence
    stage: int  # 0 before the formal stages
    last_stage: int
    stage_name: str
    acknowledges: bool  # the stage's rules ask for an acknowledgement
    extended: bool  # the stage's response date was extended
    quick_fix: bool
    declined: bool  # the review at this stage was declined
    not_accepted: bool  # a complaint turned away with an exclusion


def refusal(kind: LetterKind, facts: LetterFacts) -> str | None:
    """Why the case has not reached this letter (a sentence), or None when it has."""
    ref = facts.reference
    if kind is LetterKind.QUICK_FIX:
        return None if facts.quick_fix else f"{ref} was not resolved as a quick fix."
    if kind is LetterKind.NOT_ACCEPTED:
        if facts.not_accepted:
            return None
        return f"{ref} was not turned away with an exclusion, so it has no 'not accepted' letter."
    if not facts.is_complaint:
        what = facts.kind_label.lower()
        return f"{ref} is a {what}, not a complaint: it has no {kind.value} letter."
    if facts.stage < 1:
        return f"{ref} has not reached a formal stage yet."
    if kind is LetterKind.ACKNOWLEDGEMENT:
        if facts.acknowledges:
            return None
        return f"{facts.stage_name} of {ref} has no acknowledgement under its policy."
    if kind is LetterKind.EXTENSION:
        return None if facts.extended else f"{facts.stage_name} of {ref} has not been extended."
    if kind is LetterKind.DECLINE:
        return None if facts.declined else f"The review of {ref} was not declined."
    last = facts.stage >= facts.last_stage
    if kind is LetterKind.RESPONSE and last:
        return (
            f"{facts.stage_name} is the last stage for {ref}: its answer is the final response "
            "(final-response)."
        )
    if kind is LetterKind.FINAL_RESPONSE and not last:
        return (
            f"{ref} is at {facts.stage_name.lower()}, not the last stage: its answer is a stage "
            "response (response)."
        )
    return None


def reached(facts: LetterFacts) -> tuple[LetterKind, ...]:
    """The letters the case has reached, in the order of the lifecycle."""
    return tuple(kind for kind in LetterKind if refusal(kind, facts) is None)
