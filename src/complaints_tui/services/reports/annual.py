"""The annual complaints performance and service improvement report's figures (the statutory
Code, section 8), each a GROUP BY in SQL.

Where it overlaps the TSM (complaints received per stage; responses within the Code's
timescales) it reads the same rows as `services.reports.tsm` and judges them with
`domain.reports.tsm_report`, so `report annual` and `report tsm` never disagree. The stages
received are read once, grouped by (stage, tenure, received, acknowledged) in SQL: CH01's
counts and the acknowledgements, each distinct date pair judged once against the Code
(`domain.reports.code_timescale`). The stages answered are read for CH02 (with their respond
deadlines) and once more for the outcomes and overturned parts; every one of these passes is
served from covering indexes (migration 0005).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from complaints_tui.domain.annual_report import (
    Acknowledgements,
    AnnualFigures,
    Extensions,
    Outcomes,
    RedressPaid,
    SelfAssessment,
)
from complaints_tui.domain.calendar import WorkingCalendar, calendar_for_profile
from complaints_tui.domain.code_check import code_notes, departures_from_code
from complaints_tui.domain.kinds import CaseStatus, ContactKind, Decision, Tenure
from complaints_tui.domain.learning_report import Counted
from complaints_tui.domain.policy import PolicyProfile, load_profile
from complaints_tui.domain.report_periods import check_period
from complaints_tui.domain.reports import (
    TSM_STAGES,
    StageRecord,
    TsmReport,
    code_timescale,
    on_time,
    tsm_report,
)
from complaints_tui.locations import policies_dir
from complaints_tui.services._core import landlord_profile_id, profile_named
from complaints_tui.services.people.types import Actor
from complaints_tui.services.reports.access import (
    Progress,
    Steps,
    require_report_reader,
    uk_day_bounds,
)
from complaints_tui.services.reports.learning import (
    satisfaction_in_period,
    themes_in_period,
)
from complaints_tui.services.reports.parallel import read_sections
from complaints_tui.services.reports.tsm import (
    CODE_PROFILE,
    received_joined,
    responses_joined,
    tenure_of,
)
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store


def _withdrawn_at_stage() -> ColumnElement[bool]:
    return and_(m.Case.withdrawn_on.is_not(None), m.Case.stage == m.CaseStage.stage)


def contacts_by_kind(session: Session, period_from: date, period_to: date) -> Counted:
    rows = session.execute(
        select(m.Case.kind, func.count())
        .where(m.Case.received_on.between(period_from, period_to))
        .group_by(m.Case.kind)
    )
    labelled: list[tuple[str, int]] = []
    for kind, number in rows:
        try:
            label = ContactKind(kind).label
        except ValueError:
            label = str(kind)
        labelled.append((label, int(number)))
    return tuple(sorted(labelled, key=lambda p: (-p[1], p[0])))


def service_requests(session: Session, period_from: date, period_to: date) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                m.Case.kind == ContactKind.SERVICE_REQUEST.value,
                m.Case.received_on.between(period_from, period_to),
            )
        )
        or 0
    )


def received_and_acknowledged(
    session: Session,
    period_from: date,
    period_to: date,
    code: PolicyProfile,
    calendar: WorkingCalendar,
) -> tuple[dict[tuple[int, Tenure | None], int], tuple[Acknowledgements, ...]]:
    """Stages 1 and 2 of complaints received in the period: CH01's counts by stage and tenure
    (the rows and the counting of `tsm.received_counts`), and each stage's acknowledgements
    judged against the Code's acknowledgement date. One pass over the stages received (their
    index carries the dates; the case's and the resident's indexes the rest): two passes read
    the same rows twice."""
    withdrawn = case((_withdrawn_at_stage(), True), else_=False)
    columns = (
        m.CaseStage.stage,
        m.Resident.tenure,
        m.CaseStage.received_on,
        m.CaseStage.acknowledged_on,
        withdrawn,
    )
    rows = session.execute(
        received_joined(select(*columns, func.count()), period_from, period_to).group_by(*columns)
    )
    received: dict[tuple[int, Tenure | None], int] = {}
    tally: dict[int, list[int]] = {stage: [0, 0, 0, 0, 0] for stage in TSM_STAGES}
    cache: dict[tuple[int, date, date | None], tuple[date, date, date, date | None]] = {}
    for stage, tenure, received_on, acknowledged_on, was_withdrawn, number in rows:
        key = (int(stage), tenure_of(tenure))
        received[key] = received.get(key, 0) + int(number)
        record = StageRecord(None, int(stage), received_on, acknowledged_on)
        due = code_timescale(record, code, calendar, cache).acknowledge_by
        counts = tally[int(stage)]
        if acknowledged_on is not None:
            counts[0 if acknowledged_on <= due else 1] += number
        elif was_withdrawn:
            counts[4] += number
        elif due <= period_to:
            counts[3] += number  # missed: the Code's date had passed by the period's end
        else:
            counts[2] += number
    acknowledged = tuple(
        Acknowledgements(stage, sum(c), c[0], c[1], c[2], c[3], c[4]) for stage, c in tally.items()
    )
    return received, acknowledged


def extensions(session: Session, period_from: date, period_to: date) -> tuple[Extensions, ...]:
    rows = session.execute(
        select(
            m.Deadline.stage, func.count(m.Extension.id), func.count(m.Deadline.case_id.distinct())
        )
        .join(m.Deadline, m.Deadline.id == m.Extension.deadline_id)
        .where(m.Extension.told_on.between(period_from, period_to))
        .group_by(m.Deadline.stage)
        .order_by(m.Deadline.stage)
    )
    return tuple(Extensions(int(stage), int(n), int(cases)) for stage, n, cases in rows)


def _answered_stages(period_from: date, period_to: date) -> ColumnElement[bool]:
    """The stage responses CH02 counts: sent in the period, complaints, not withdrawn there."""
    return and_(
        m.CaseStage.stage.in_(TSM_STAGES),
        m.CaseStage.responded_on.between(period_from, period_to),
        m.Case.kind == ContactKind.COMPLAINT.value,
        ~_withdrawn_at_stage(),
    )


def outcomes(
    session: Session, period_from: date, period_to: date
) -> tuple[tuple[Outcomes, ...], int]:
    """Each answered stage's outcome from its parts' decisions (as `closing.overall_outcome`),
    and the parts overturned on those stages: one pass over the answered stages and their parts
    (ix_components_case_stage_decision covers the parts)."""
    component = m.Component
    per_stage = (
        select(
            m.CaseStage.stage.label("stage"),
            func.count(component.decision).label("known"),
            func.sum(case((component.decision == Decision.UPHELD.value, 1), else_=0)).label("up"),
            func.sum(case((component.decision == Decision.NOT_UPHELD.value, 1), else_=0)).label(
                "down"
            ),
            func.sum(case((component.overturned.is_(True), 1), else_=0)).label("turned"),
        )
        .join(m.Case, m.Case.id == m.CaseStage.case_id)
        .outerjoin(
            component,
            and_(component.case_id == m.CaseStage.case_id, component.stage == m.CaseStage.stage),
        )
        .where(_answered_stages(period_from, period_to))
        .group_by(m.CaseStage.id, m.CaseStage.stage)
        .subquery()
    )
    outcome = case(
        (per_stage.c.known == 0, "none"),
        (per_stage.c.up == per_stage.c.known, "upheld"),
        (per_stage.c.down == per_stage.c.known, "not_upheld"),
        else_="partly",
    )
    tally: dict[int, dict[str, int]] = {stage: defaultdict(int) for stage in TSM_STAGES}
    turned = 0
    for stage, verdict, number, overturned in session.execute(
        select(per_stage.c.stage, outcome, func.count(), func.sum(per_stage.c.turned)).group_by(
            per_stage.c.stage, outcome
        )
    ):
        tally[int(stage)][verdict] += int(number)
        turned += int(overturned or 0)
    decided = tuple(
        Outcomes(stage, t["upheld"], t["partly"], t["not_upheld"], t["none"])
        for stage, t in tally.items()
    )
    return decided, turned


def not_accepted(
    session: Session, period_from: date, period_to: date, profile: PolicyProfile
) -> Counted:
    labels = {exclusion.code.value: exclusion.label for exclusion in profile.exclusions}
    rows = session.execute(
        select(m.Case.exclusion_code, func.count())
        .where(
            m.Case.status == CaseStatus.NOT_ACCEPTED.value,
            m.Case.received_on.between(period_from, period_to),
        )
        .group_by(m.Case.exclusion_code)
    )
    counted: dict[str, int] = defaultdict(int)  # two codes may say the same thing (legal action)
    for code, n in rows:
        counted[labels.get(code or "", (code or "no reason recorded").replace("_", " "))] += n
    return tuple(sorted(counted.items(), key=lambda p: (-p[1], p[0])))


def remedies(session: Session, period_from: date, period_to: date) -> tuple[int, int]:
    """(agreed, done) on the stage responses sent in the period."""
    agreed, done = session.execute(
        select(func.count(m.Remedy.id), func.count(m.Remedy.done_on))
        .join(
            m.CaseStage,
            and_(m.CaseStage.case_id == m.Remedy.case_id, m.CaseStage.stage == m.Remedy.stage),
        )
        .join(m.Case, m.Case.id == m.CaseStage.case_id)
        .where(_answered_stages(period_from, period_to))
    ).one()
    return int(agreed), int(done)


def redress(session: Session, period_from: date, period_to: date) -> tuple[RedressPaid, ...]:
    start, end = uk_day_bounds(period_from, period_to)
    rows = session.execute(
        select(
            m.Redress.stage,
            func.count(m.Redress.case_id.distinct()),
            func.sum(m.Redress.total_pence),
        )
        .where(m.Redress.at >= start, m.Redress.at < end)
        .group_by(m.Redress.stage)
        .order_by(m.Redress.stage)
    )
    return tuple(RedressPaid(int(stage), int(n), int(total or 0)) for stage, n, total in rows)


def self_assessment(profile: PolicyProfile) -> SelfAssessment:
    """`policy check`'s findings for the landlord's profile."""
    return SelfAssessment(
        profile.id,
        profile.name,
        profile.follows_code,
        tuple(departures_from_code(profile)),
        tuple(code_notes(profile)),
    )


def responses_judged(
    session: Session,
    period_from: date,
    period_to: date,
    code: PolicyProfile,
    calendar: WorkingCalendar,
    received: Mapping[tuple[int, Tenure | None], int],
) -> TsmReport:
    """CH01 and CH02 as `report tsm` counts them (`received`: its received counts, from
    `received_and_acknowledged`, or none yet: `TsmReport.count_received` adds them later; its
    judgement `on_time`), with the responses grouped by their dates in SQL and each distinct set
    judged once."""
    respond = m.Deadline
    extended_to = case((respond.due_on != respond.original_due_on, respond.due_on), else_=None)
    withdrawn = case((_withdrawn_at_stage(), True), else_=False)
    columns = (
        m.CaseStage.stage,
        m.Resident.tenure,
        m.CaseStage.received_on,
        m.CaseStage.acknowledged_on,
        extended_to,
        m.CaseStage.responded_on,
        withdrawn,
    )
    statement = responses_joined(select(*columns, func.count()), period_from, period_to).group_by(
        *columns
    )
    report = tsm_report(
        (),
        period_from,
        period_to,
        homes_lcra=None,
        code=code,
        calendar=calendar,
        received=received,
    )
    cache: dict[tuple[int, date, date | None], tuple[date, date, date, date | None]] = {}
    for (
        stage,
        tenure,
        received_on,
        acknowledged,
        extended,
        responded,
        was_withdrawn,
        n,
    ) in session.execute(statement):
        if was_withdrawn:
            report.withdrawn_responses[int(stage)] += n
            continue
        record = StageRecord(
            tenure_of(tenure), int(stage), received_on, acknowledged, extended, responded
        )
        count = report.responses[int(stage)][tenure if record.tenure is not None else "none"]
        count.responses += n
        if on_time(record, code, calendar, cache):
            count.on_time += n
    return report


def annual_figures(
    store: Store,
    period_from: date,
    period_to: date,
    *,
    actor: Actor | None,
    progress: Progress | None = None,
) -> AnnualFigures:
    """Every figure of the annual report for the period (both ends included); the sections are
    read by two workers at once (`read_sections`), the longest (CH02's judgement) first."""
    check_period(period_from, period_to)
    code = load_profile(CODE_PROFILE, policies_dir())
    calendar = calendar_for_profile(code)
    with store.reading() as session:
        require_report_reader(session, actor)
        landlord = profile_named(landlord_profile_id(session))

    def received(
        session: Session,
    ) -> tuple[dict[tuple[int, Tenure | None], int], tuple[Acknowledgements, ...]]:
        return received_and_acknowledged(session, period_from, period_to, code, calendar)

    def answered(session: Session) -> TsmReport:
        return responses_judged(session, period_from, period_to, code, calendar, {})

    def contacts(session: Session) -> tuple[Counted, int]:
        return (
            contacts_by_kind(session, period_from, period_to),
            service_requests(session, period_from, period_to),
        )

    def remedied(session: Session) -> tuple[tuple[int, int], tuple[RedressPaid, ...]]:
        return remedies(session, period_from, period_to), redress(session, period_from, period_to)

    def turned_away(session: Session) -> Counted:
        return not_accepted(session, period_from, period_to, landlord)

    step = Steps(progress, 10)
    (
        tsm,
        (counted, acknowledged),
        (themes, closed, improved),
        (decided, turned),
        (kinds, requests),
        refused,
        ((agreed, done), paid),
        satisfaction,
        extended,
    ) = read_sections(
        store,
        (
            ("responses within the Code's timescales", answered),
            ("complaints received and acknowledged", received),
            ("learning themes", lambda s: themes_in_period(s, period_from, period_to)),
            ("outcomes", lambda s: outcomes(s, period_from, period_to)),
            ("contacts received", contacts),
            ("complaints not accepted", turned_away),
            ("remedies and redress", remedied),
            ("satisfaction", lambda s: satisfaction_in_period(s, period_from, period_to)),
            ("extensions", lambda s: extensions(s, period_from, period_to)),
        ),
        step,
    )
    tsm.count_received(counted)
    step("self-assessment")
    assessment = self_assessment(landlord)
    step.finish()
    return AnnualFigures(
        period_from=period_from,
        period_to=period_to,
        contacts_by_kind=kinds,
        service_requests=requests,
        tsm=tsm,
        acknowledgements=acknowledged,
        extensions=extended,
        outcomes=decided,
        overturned=turned,
        not_accepted=refused,
        themes=themes,
        closed=closed,
        closed_with_improvement=improved,
        remedies_agreed=agreed,
        remedies_done=done,
        redress=paid,
        satisfaction=satisfaction,
        self_assessment=assessment,
    )
