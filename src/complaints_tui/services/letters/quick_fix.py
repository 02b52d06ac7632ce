"""Plain-text letters the services build and keep on the case (the confirmation of a quick fix)."""

from __future__ import annotations

from datetime import date

from complaints_tui.domain.deadlines import describe_date
from complaints_tui.domain.policy import PolicyProfile


def quick_fix_letter(
    *,
    profile: PolicyProfile,
    reference: str,
    resident_name: str,
    received_on: date,
    problem: str,
    agreed_fix: str,
    follow_up: str,
    escalate_by: date | None,
    handler_name: str,
) -> str:
    """The confirmation a quick fix needs: the reference, the problem and the agreed fix."""
    lines = [
        f"Our reference: {reference}",
        "",
        f"Dear {resident_name or 'resident'},",
        "",
        f"Thank you for contacting us on {describe_date(received_on)}. You told us:",
        "",
        f"  {problem.strip()}",
        "",
        "We agreed to put this right as follows:",
        "",
        f"  {agreed_fix.strip()}",
    ]
    if follow_up.strip():
        lines += ["", "What happens next:", "", f"  {follow_up.strip()}"]
    lines += ["", "If you are not happy with this, you can ask us to take your complaint further"]
    if escalate_by is not None:
        lines[-1] += f" as a formal stage 1 complaint by {describe_date(escalate_by)}."
    else:
        lines[-1] += " as a formal stage 1 complaint."
    lines += ["", "Yours sincerely,", "", handler_name, f"On behalf of {profile.name}"]
    return "\n".join(lines)
