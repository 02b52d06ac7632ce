"""The flags panel: what the handler must know about a resident before saying a word.

Contact restrictions come first, heavy-bordered, each with what it means for this call (and
that it never stops a complaint being logged); then vulnerability and adjustments,
representatives whose authority is confirmed, open cases with their next due date, and the
last contacts. Every value is shown literally.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from complaints_tui.domain.restrictions import RESTRICTIONS_NEVER_STOP_LOGGING
from complaints_tui.widgets.safe import clean, shorten

if TYPE_CHECKING:
    from complaints_tui.services.people.types import ResidentFlags


def _date(day: date | None) -> str:
    return day.strftime("%a %-d %b %Y") if day is not None else "—"


def render_flags(flags: ResidentFlags, today: date) -> Text:
    resident = flags.resident
    out = Text()
    out.append(clean(resident.name), style="bold")
    out.append(f"  {clean(resident.reference)}\n", style="dim")
    out.append(clean(resident.address))
    if resident.postcode:
        out.append(f", {clean(resident.postcode)}")
    out.append("\n")
    if resident.phone:
        out.append(f"☎ {clean(resident.phone)}  ")
    out.append(f"Tenure {clean(resident.tenure)}\n")

    if flags.restricted:
        out.append("\n⛔ CONTACT RESTRICTIONS\n", style="bold reverse")
        if resident.unreasonable_reason:
            out.append("Why: ", style="bold")
            out.append(clean(resident.unreasonable_reason) + "\n")
        for restriction in flags.restrictions:
            out.append(f"• {restriction.label}", style="bold")
            if restriction.detail:
                out.append(f": {clean(restriction.detail)}")
            out.append("\n  ")
            out.append(restriction.meaning)
            out.append("\n")
        out.append(RESTRICTIONS_NEVER_STOP_LOGGING + "\n", style="italic")
        review = resident.unreasonable_review_on
        if review is not None:
            if review < today:
                out.append(f"Review overdue since {_date(review)}\n", style="bold")
            else:
                out.append(f"Review due {_date(review)}\n", style="dim")

    if resident.vulnerability or resident.support_needs or resident.adjustments:
        out.append("\n♥ VULNERABILITY AND ADJUSTMENTS\n", style="bold")
        for label, value in (
            ("Vulnerable", resident.vulnerability),
            ("Support needs", resident.support_needs),
            ("Adjustments", resident.adjustments),
        ):
            if value:
                out.append(f"{label}: ", style="bold")
                out.append(clean(value) + "\n")

    confirmed = [rep for rep in flags.representatives if rep.authority_confirmed_on is not None]
    if confirmed:
        out.append("\nREPRESENTATIVES (authority confirmed)\n", style="bold")
        for rep in confirmed:
            out.append(f"• {clean(rep.name)}", style="bold")
            out.append(f", {clean(rep.relation)}: {clean(rep.authority_how)}")
            out.append(f" ({_date(rep.authority_confirmed_on)})\n")

    out.append(f"\nOPEN CASES ({len(flags.open_cases)})\n", style="bold")
    if not flags.open_cases:
        out.append("None.\n", style="dim")
    for case in flags.open_cases:
        out.append(f"• {clean(case.reference)} ", style="bold")
        out.append(f"{case.stage_label}")
        if case.may_escalate_until is not None:
            out.append(f" · may take it further until {_date(case.may_escalate_until)}")
        if case.next_due_on is not None:
            late = case.next_due_on < today
            out.append(" · ")
            out.append(
                f"{'OVERDUE ' if late else ''}{clean(case.next_due_kind or 'due')} "
                f"{_date(case.next_due_on)}",
                style="bold" if late else "",
            )
        out.append("\n")

    out.append("\nLAST CONTACTS\n", style="bold")
    if not flags.last_contacts:
        out.append("None.\n", style="dim")
    for contact in flags.last_contacts:
        out.append(f"• {_date(contact.received_on)} {contact.kind_label}, {contact.channel_label}")
        if contact.summary:
            out.append(f": {shorten(contact.summary, 60)}")
        out.append("\n")
    return out


def render_compact_flags(flags: ResidentFlags, today: date) -> Text:
    """A few lines for a narrow terminal: every flag named, details behind F3."""
    resident = flags.resident
    out = Text()
    out.append(clean(resident.name), style="bold")
    out.append(f"  {clean(resident.reference)}  ", style="dim")
    out.append(clean(resident.address))
    if resident.postcode:
        out.append(f", {clean(resident.postcode)}")
    if resident.phone:
        out.append(f"  ☎ {clean(resident.phone)}")
    if flags.restricted:
        out.append("\n⛔ RESTRICTED: ", style="bold reverse")
        out.append(
            "; ".join(
                restriction.label + (f": {clean(restriction.detail)}" if restriction.detail else "")
                for restriction in flags.restrictions
            )
            or "unreasonable behaviour noted",
            style="bold",
        )
    if resident.vulnerability or resident.support_needs or resident.adjustments:
        out.append("\n♥ ", style="bold")
        out.append(
            " · ".join(
                clean(value)
                for value in (resident.vulnerability, resident.support_needs, resident.adjustments)
                if value
            )
        )
    confirmed = [rep for rep in flags.representatives if rep.authority_confirmed_on is not None]
    out.append("\n")
    if confirmed:
        out.append("Representatives: ", style="bold")
        out.append(", ".join(f"{clean(rep.name)} ({clean(rep.relation)})" for rep in confirmed))
        out.append(" · ")
    out.append(f"Open cases: {len(flags.open_cases)}", style="bold")
    overdue = [c for c in flags.open_cases if c.next_due_on is not None and c.next_due_on < today]
    if overdue:
        out.append(f" ({len(overdue)} overdue)", style="bold")
    out.append(f" · Last contacts: {len(flags.last_contacts)}")
    out.append("\nF3: all flags", style="dim")
    if flags.restricted:
        out.append(", and what each restriction means for this call", style="dim")
    return out


class FlagsPanel(Static):
    """Filled once the resident's flags arrive from the service; a few lines when `compact`."""

    compact: reactive[bool] = reactive(False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("Loading the resident's flags…"), id=id)
        self.border_title = "Resident"
        self.flags: ResidentFlags | None = None
        self.today: date | None = None

    def show_flags(self, flags: ResidentFlags, today: date) -> None:
        self.flags, self.today = flags, today
        self.set_class(flags.restricted, "-restricted")
        self.border_title = "Resident · RESTRICTED CONTACT" if flags.restricted else "Resident"
        self._render_flags()

    def watch_compact(self) -> None:
        self._render_flags()

    def _render_flags(self) -> None:
        if self.flags is None or self.today is None:
            return
        draw = render_compact_flags if self.compact else render_flags
        self.update(draw(self.flags, self.today))

    def show_anonymous(self) -> None:
        self.border_title = "Anonymous caller"
        self.update(
            Text(
                "The caller has not given a name. Capture what they tell you; the landlord's "
                "policy decides whether it can be a complaint."
            )
        )
