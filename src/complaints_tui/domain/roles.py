"""Who works in the tool (SPEC §9); what each may do is checked by the services."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CALL_HANDLER = "call_handler"
    INVESTIGATING_MANAGER = "investigating_manager"
    SERVICE_DIRECTOR = "service_director"  # head of service / director
    TEAM_LEAD = "team_lead"  # complaints team lead
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.CALL_HANDLER: "Call handler",
    Role.INVESTIGATING_MANAGER: "Investigating manager",
    Role.SERVICE_DIRECTOR: "Service director / head of service",
    Role.TEAM_LEAD: "Complaints team lead",
    Role.ADMIN: "Administrator",
}

# Who sees everyone's figures on the dashboard (their desk opens everyone's queue too).
DASHBOARD_ROLES = frozenset({Role.TEAM_LEAD, Role.SERVICE_DIRECTOR, Role.ADMIN})
