"""The services' vocabularies as the demo writes them: audit field sets, statuses, triage answers.

Every value here is the services' or the domain's own (`services.cases`, `domain.kinds`,
`domain.triage`), never a string of the demo's, so demo rows read like rows the services wrote.
"""

from __future__ import annotations

from typing import Any

from complaints_tui.domain.kinds import CaseStatus, ContactKind, Decision
from complaints_tui.domain.policy import ExclusionCode
from complaints_tui.domain.restrictions import RestrictionKind
from complaints_tui.domain.triage import LegalAction
from complaints_tui.services.cases.casework import CASE_FIELDS

# What `services.cases.closing` snapshots in its withdrawn / closed events (its `_CLOSE_FIELDS`).
CLOSE_FIELDS = (
    *CASE_FIELDS,
    "closed_on",
    "improvement",
    "withdrawn_by",
    "withdrawn_reason",
    "withdrawn_on",
)

# Public names callers of the demo have used: they are CaseStatus values.
# There is no "new" status: a complaint waiting to be acknowledged is open, like any other.
STATUS_OPEN = CaseStatus.OPEN.value
STATUS_NEW = CaseStatus.OPEN.value
STATUS_RESPONDED = CaseStatus.RESPONDED.value
STATUS_CLOSED = CaseStatus.CLOSED.value
STATUS_WITHDRAWN = CaseStatus.WITHDRAWN.value

RESTRICTION_KINDS = tuple(RestrictionKind)

# The triage answers that make each kind of contact (`domain.triage.classify_kind`).
KIND_ANSWERS: dict[ContactKind, dict[str, Any]] = {
    ContactKind.COMPLAINT: {"dissatisfied": True, "wants_response_or_action": True},
    ContactKind.SERVICE_REQUEST: {
        "dissatisfied": True,
        "first_time_reported": True,
        "wants_response_or_action": True,
    },
    ContactKind.ENQUIRY: {"is_question": True},
    ContactKind.COMMENT: {"is_suggestion": True},
    ContactKind.COMPLIMENT: {"is_praise": True},
    ContactKind.MP_ENQUIRY: {"from_mp_or_councillor": True},
    ContactKind.ASB: {"about_neighbour_behaviour": True},
}
# The answer that brings each complaint exclusion into play (out of time: the date).
EXCLUSION_ANSWERS: dict[ExclusionCode, dict[str, Any]] = {
    ExclusionCode.ANONYMOUS: {"anonymous": True},
    ExclusionCode.ALREADY_INVESTIGATED: {"already_investigated": True},
    ExclusionCode.LEGAL_ACTION_BY_LANDLORD: {
        "legal_action": LegalAction.BY_LANDLORD,
        "legal_claim_filed_at_court": True,
    },
    ExclusionCode.LEGAL_ACTION_BY_RESIDENT: {
        "legal_action": LegalAction.BY_RESIDENT,
        "legal_claim_filed_at_court": True,
    },
    ExclusionCode.NO_RELATIONSHIP_OR_REMIT: {"no_relationship_or_remit": True},
    ExclusionCode.OTHER_ORGANISATION: {"about_other_organisation": True},
    ExclusionCode.PERSONAL_INJURY: {"personal_injury_claim": True},
    ExclusionCode.OWN_APPEALS_PROCESS: {"has_own_appeals_process": True},
    ExclusionCode.DISAGREES_WITH_POLICY: {"disagrees_with_policy": True},
    ExclusionCode.OUT_OF_TIME: {},
}
EXCEPTIONAL_CIRCUMSTANCES = "Resident was in hospital for several months and could not write."

CASE_SET = frozenset(CASE_FIELDS)
CLOSE_SET = frozenset(CLOSE_FIELDS)
NO_FIELDS: frozenset[str] = frozenset()
AT_FAULT = (Decision.UPHELD, Decision.PARTLY_UPHELD)
# The statuses as stored (an enum's .value costs a property call; these are made millions of times).
OPEN = CaseStatus.OPEN.value
RESPONDED = CaseStatus.RESPONDED.value
CLOSED = CaseStatus.CLOSED.value
WITHDRAWN = CaseStatus.WITHDRAWN.value
LOGGED = CaseStatus.LOGGED.value
