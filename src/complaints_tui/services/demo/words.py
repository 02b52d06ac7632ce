"""The demo's fixed words and mixes: how contacts come in and what residents and staff say.

Phone numbers are Ofcom's drama ranges and e-mail domains the reserved examples, so nothing in a
demo reaches a real person.
"""

from __future__ import annotations

from complaints_tui.domain.kinds import Channel, ContactKind, Decision
from complaints_tui.services.demo.chance import Picker

KIND_MIX = Picker(
    [
        (ContactKind.COMPLAINT, 44),
        (ContactKind.SERVICE_REQUEST, 26),
        (ContactKind.ENQUIRY, 10),
        (ContactKind.ASB, 6),
        (ContactKind.COMPLIMENT, 6),
        (ContactKind.COMMENT, 4),
        (ContactKind.MP_ENQUIRY, 4),
    ]
)
CHANNEL_MIX = Picker(
    [
        (Channel.PHONE, 48),
        (Channel.EMAIL, 18),
        (Channel.WEB, 15),
        (Channel.IN_PERSON, 7),
        (Channel.LETTER, 6),
        (Channel.SOCIAL_MEDIA, 4),
        (Channel.TEXT_RELAY, 1.5),
        (Channel.FAX, 0.5),
    ]
)
DECISION_MIX = Picker(
    [(Decision.UPHELD, 34), (Decision.PARTLY_UPHELD, 26), (Decision.NOT_UPHELD, 40)]
)
# Ofcom's numbers for drama: they never ring anyone.
PHONE_RANGES = (
    "07700 900",
    "01632 960",
    "020 7946 0",
    "0113 496 0",
    "0114 496 0",
    "0115 496 0",
    "0116 496 0",
    "0117 496 0",
    "0121 496 0",
    "0161 496 0",
)
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
SUPPORT_NEEDS = (
    "Hearing impaired: use text relay or email",
    "Large print letters",
    "Needs an interpreter (Polish)",
    "Needs an interpreter (Urdu)",
    "Wheelchair user",
    "Visually impaired: phone rather than letters",
    "Dyslexia: explain letters by phone",
    "Learning disability: advocate to be present",
)
VULNERABILITIES = (
    "Lives alone, aged over 80",
    "Recent bereavement",
    "Mental health: call before visiting",
    "Domestic abuse survivor: never disclose address",
    "Serious illness in the household",
    "Young children and damp: health risk",
    "Care leaver",
)
LEARNING_TAGS = (
    "communication",
    "contractor management",
    "record keeping",
    "repairs scheduling",
    "missed appointment",
    "no follow-up",
    "policy unclear",
    "staff training",
    "damp and mould response",
    "complaint handling",
)
UNREASONABLE_REASONS = (
    "Over 60 calls in a month about the same closed complaint; abusive to staff.",
    "Repeated threats to contractors on site.",
    "Sends the same letter to many officers daily; insists on immediate replies.",
)
SAFE_TEXT_NAMES = ("Bob [/]", "[bold]x", "[@click=app.quit]x[/]")


CALL_TIMES = (
    "Tuesdays and Thursdays, 10:00 to 12:00",
    "Weekdays, 14:00 to 15:00",
    "Mondays only, 09:00 to 11:00",
)
WITHDRAWAL_REASONS = ("Problem fixed in the meantime", "Resident moved away", "Resolved informally")
IMPROVEMENTS = (
    "Contractor reminded to confirm appointments the day before.",
    "Repairs now call residents back within two working days.",
    "New checklist for damp and mould inspections.",
    "Staff briefing on keeping residents updated.",
    "",
)
REMEDIES = (
    "Complete the outstanding repair",
    "Reinspect and treat the affected rooms",
    "Written apology from the service manager",
    "Refund the charge made in error",
)
FINDING = "Records and the resident's account checked with the service."
