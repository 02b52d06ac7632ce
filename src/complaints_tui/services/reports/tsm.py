"""Statutory figures from the database: the Tenant Satisfaction Measures for complaints.

CH01's counts are one GROUP BY in SQL; CH02 reads only the stage responses sent in the period and
judges each against the statutory Code in `domain.reports` (the same dates recur, so the Code's
timescales are computed once per distinct date pair).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from complaints_tui.domain.calendar import calendar_for_profile
from complaints_tui.domain.kinds import ContactKind, Tenure
from complaints_tui.domain.policy import DEFAULT_PROFILE, load_profile
from complaints_tui.domain.reports import TSM_STAGES, StageRecord, TsmReport, tsm_report
from complaints_tui.locations import policies_dir
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

CODE_PROFILE = DEFAULT_PROFILE  # the statutory Code: the yardstick for CH02, whatever the landlord


def tenure_of(value: str | None) -> Tenure | None:
    try:
        return Tenure(value) if value is not None else None
    except ValueError:
        return None


def received_counts(
    session: Session, period_from: date, period_to: date
) -> dict[tuple[int, Tenure | None], int]:
    """Stage 1 and 2 complaints received in the period, by stage and the resident's tenure."""
    statement = received_joined(
        select(m.CaseStage.stage, m.Resident.tenure, func.count()), period_from, period_to
    ).group_by(m.CaseStage.stage, m.Resident.tenure)
    counts: dict[tuple[int, Tenure | None], int] = {}
    for stage, tenure, number in session.execute(statement):
        key = (int(stage), tenure_of(tenure))
        counts[key] = counts.get(key, 0) + int(number)
    return counts


_S = TypeVar("_S", bound=Select[*tuple[Any, ...]])


def received_joined(statement: _S, period_from: date, period_to: date) -> _S:
    """The stage 1 and 2 complaints received in the period, with their case and resident joined:
    what CH01 counts."""
    return (
        statement.join(m.Case, m.Case.id == m.CaseStage.case_id)
        .outerjoin(m.Resident, m.Resident.id == m.Case.resident_id)
        .where(
            m.CaseStage.stage.in_(TSM_STAGES),
            m.CaseStage.received_on.between(period_from, period_to),
            m.Case.kind == ContactKind.COMPLAINT.value,
        )
    )


def responses_joined(statement: _S, period_from: date, period_to: date) -> _S:
    """The stage 1 and 2 responses of complaints sent in the period, with their case, resident
    and respond deadline joined (`m.Deadline` is that deadline): what CH02 judges."""
    respond = m.Deadline
    return (
        statement.join(m.Case, m.Case.id == m.CaseStage.case_id)
        .outerjoin(m.Resident, m.Resident.id == m.Case.resident_id)
        .outerjoin(
            respond,
            and_(
                respond.case_id == m.CaseStage.case_id,
                respond.stage == m.CaseStage.stage,
                respond.kind == "respond",
            ),
        )
        .where(
            m.CaseStage.stage.in_(TSM_STAGES),
            m.CaseStage.responded_on.between(period_from, period_to),
            m.Case.kind == ContactKind.COMPLAINT.value,
        )
    )


def responses_in_period(
    session: Session, period_from: date, period_to: date
) -> Iterator[StageRecord]:
    """Every stage 1 and 2 response sent in the period, as the TSM sees it.

    extended_to: the respond deadline's current date when it was moved from the original.
    withdrawn: the complaint was withdrawn at this stage (its last).
    """
    respond = m.Deadline
    extended_to = case(
        (respond.due_on != respond.original_due_on, respond.due_on), else_=None
    ).label("extended_to")
    withdrawn = and_(m.Case.withdrawn_on.is_not(None), m.Case.stage == m.CaseStage.stage)
    chosen = select(
        m.CaseStage.stage,
        m.Resident.tenure,
        m.CaseStage.received_on,
        m.CaseStage.acknowledged_on,
        extended_to,
        m.CaseStage.responded_on,
        case((withdrawn, True), else_=False).label("withdrawn"),
        m.Case.reference,
    )
    statement = responses_joined(chosen, period_from, period_to).execution_options(yield_per=10_000)
    for row in session.execute(statement):
        yield StageRecord(
            tenure=tenure_of(row.tenure),
            stage=int(row.stage),
            received_on=row.received_on,
            acknowledged_on=row.acknowledged_on,
            extended_to=row.extended_to,
            responded_on=row.responded_on,
            withdrawn=bool(row.withdrawn),
            reference=row.reference,
        )


def tsm_figures(
    store: Store,
    period_from: date,
    period_to: date,
    *,
    homes_lcra: int | None,
    homes_lcho: int | None = None,
) -> TsmReport:
    """CH01 and CH02 for the period (both ends included), split LCRA / LCHO."""
    code = load_profile(CODE_PROFILE, policies_dir())
    calendar = calendar_for_profile(code)
    with store.reading() as session:
        counts = received_counts(session, period_from, period_to)
        return tsm_report(
            responses_in_period(session, period_from, period_to),
            period_from,
            period_to,
            homes_lcra=homes_lcra,
            homes_lcho=homes_lcho,
            code=code,
            calendar=calendar,
            received=counts,
        )
