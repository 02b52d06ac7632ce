"""The learning reports' counts (SPEC §8), each a GROUP BY in SQL: learning themes of the
complaints closed in a period with the improvements made, compliments by person or team,
satisfaction with complaint handling, and trends by category, service area, channel and month.

Each `*_in_period` function reads through an open session; `learning_figures` is the quarterly
board report's whole set, for a signed-in team lead, service director or administrator.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import ColumnElement, and_, func, literal, select, union_all
from sqlalchemy.orm import Session

from complaints_tui.domain.kinds import CaseStatus, Channel, ContactKind
from complaints_tui.domain.learning_report import (
    ComplimentLine,
    Compliments,
    Counted,
    LearningFigures,
    MonthRow,
    Satisfaction,
    Theme,
    Trends,
)
from complaints_tui.domain.report_periods import check_period, months_of
from complaints_tui.services.people.types import Actor
from complaints_tui.services.reports.access import Progress, Steps, require_report_reader
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

IMPROVEMENTS_PER_THEME = 3
COMPLIMENTS_LISTED = 200
COMMENTS_LISTED = 20
WORDS = 160  # characters of a compliment's words listed
NO_CATEGORY = "(no category)"
NO_AREA = "(no service area)"


def _closed_complaints(period_from: date, period_to: date) -> ColumnElement[bool]:
    return and_(
        m.Case.kind == ContactKind.COMPLAINT.value,
        m.Case.status == CaseStatus.CLOSED.value,
        m.Case.closed_on.between(period_from, period_to),
    )


def themes_in_period(
    session: Session, period_from: date, period_to: date
) -> tuple[tuple[Theme, ...], int, int]:
    """(themes, complaints closed, of which with an improvement) for the period.

    The closed complaints are read once (a CTE used twice, so SQLite and PostgreSQL materialise
    it): counted by improvement made, and joined to their tags. Two separate queries looked up
    each closed case's row twice."""
    closed_cases = (
        select(m.Case.id, m.Case.improvement)
        .where(_closed_complaints(period_from, period_to))
        .cte("closed_cases")
    )
    no_tag = literal(None, m.LearningTag.tag.type).label("tag")
    totals = select(no_tag, closed_cases.c.improvement, func.count()).group_by(
        closed_cases.c.improvement
    )
    tagged = (
        select(m.LearningTag.tag, closed_cases.c.improvement, func.count())
        .join(closed_cases, closed_cases.c.id == m.LearningTag.case_id)
        .group_by(m.LearningTag.tag, closed_cases.c.improvement)
    )
    closed = improved = 0
    pairs: list[tuple[str, str, int]] = []
    for tag, improvement, number in session.execute(union_all(totals, tagged)):
        if tag is None:
            closed += number
            improved += number if improvement else 0  # as SQL: != '', NULL not
        else:
            pairs.append((tag, improvement, number))
    cases: dict[str, int] = defaultdict(int)
    without: dict[str, int] = defaultdict(int)
    made: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for tag, improvement, number in pairs:
        cases[tag] += number
        if improvement:
            made[tag].append((number, improvement))
        else:
            without[tag] += number
    themes = tuple(
        Theme(
            tag,
            cases[tag],
            tuple(text for _, text in sorted(made[tag], key=lambda p: (-p[0], p[1])))[
                :IMPROVEMENTS_PER_THEME
            ],
            without[tag],
        )
        for tag in sorted(cases, key=lambda t: (-cases[t], t))
    )
    return themes, int(closed), int(improved)


def compliments_in_period(session: Session, period_from: date, period_to: date) -> Compliments:
    in_period = m.Compliment.routed_on.between(period_from, period_to)
    team = func.coalesce(m.User.team, "")
    by_team = session.execute(
        select(m.Compliment.person_or_team, team, func.count())
        .outerjoin(m.User, m.User.id == m.Compliment.manager_id)
        .where(in_period)
        .group_by(m.Compliment.person_or_team, team)
        .order_by(func.count().desc(), m.Compliment.person_or_team, team)
    ).all()
    listed = session.execute(
        select(
            m.Compliment.routed_on,
            m.Compliment.person_or_team,
            func.coalesce(m.User.name, ""),
            m.Case.reference,
            func.substr(m.Case.description, 1, WORDS),
        )
        .join(m.Case, m.Case.id == m.Compliment.case_id)
        .outerjoin(m.User, m.User.id == m.Compliment.manager_id)
        .where(in_period)
        .order_by(m.Compliment.routed_on.desc(), m.Compliment.id.desc())
        .limit(COMPLIMENTS_LISTED)
    ).all()
    return Compliments(
        by_team=tuple((who, str(team or ""), int(n)) for who, team, n in by_team),
        listed=tuple(
            ComplimentLine(day, who, manager, reference, " ".join(str(words or "").split()))
            for day, who, manager, reference, words in listed
        ),
        total=sum(int(n) for _, _, n in by_team),
    )


def satisfaction_in_period(session: Session, period_from: date, period_to: date) -> Satisfaction:
    in_period = m.Satisfaction.recorded_on.between(period_from, period_to)
    counts = [0, 0, 0, 0, 0]
    for score, number in session.execute(
        select(m.Satisfaction.score, func.count()).where(in_period).group_by(m.Satisfaction.score)
    ):
        if 1 <= score <= 5:
            counts[score - 1] = int(number)
    area = func.coalesce(m.ServiceArea.name, NO_AREA)
    by_area = session.execute(
        select(area, func.count(), func.sum(m.Satisfaction.score))
        .join(m.Case, m.Case.id == m.Satisfaction.case_id)
        .outerjoin(m.ServiceArea, m.ServiceArea.id == m.Case.service_area_id)
        .where(in_period)
        .group_by(area)
        .order_by(area)
    ).all()
    comments = session.execute(
        select(
            m.Satisfaction.recorded_on,
            m.Satisfaction.score,
            m.Case.reference,
            m.Satisfaction.comment,
        )
        .join(m.Case, m.Case.id == m.Satisfaction.case_id)
        .where(in_period, m.Satisfaction.comment != "")
        .order_by(m.Satisfaction.recorded_on.desc(), m.Satisfaction.case_id.desc())
        .limit(COMMENTS_LISTED)
    ).all()
    return Satisfaction(
        by_score=(counts[0], counts[1], counts[2], counts[3], counts[4]),
        by_area=tuple((name, int(n), int(total or 0)) for name, n, total in by_area),
        comments=tuple((day, int(score), ref, text) for day, score, ref, text in comments),
    )


def _counted(rows: object) -> Counted:
    pairs = [(str(what), int(n)) for what, n in rows]  # type: ignore[attr-defined]
    return tuple(sorted(pairs, key=lambda p: (-p[1], p[0])))


def _channel_label(value: str) -> str:
    try:
        return Channel(value).label
    except ValueError:
        return value


def trends_in_period(session: Session, period_from: date, period_to: date) -> Trends:
    complaints = and_(
        m.Case.kind == ContactKind.COMPLAINT.value,
        m.Case.received_on.between(period_from, period_to),
    )
    category = func.coalesce(m.Category.name, NO_CATEGORY)
    by_category = session.execute(
        select(category, func.count())
        .select_from(m.Case)
        .outerjoin(m.Category, m.Category.id == m.Case.category_id)
        .where(complaints)
        .group_by(category)
    )
    area = func.coalesce(m.ServiceArea.name, NO_AREA)
    by_area = session.execute(
        select(area, func.count())
        .select_from(m.Case)
        .outerjoin(m.ServiceArea, m.ServiceArea.id == m.Case.service_area_id)
        .where(complaints)
        .group_by(area)
    )
    by_channel = session.execute(
        select(m.Case.channel, func.count()).where(complaints).group_by(m.Case.channel)
    )
    channels = _counted((_channel_label(c), n) for c, n in by_channel)
    # By day in SQL (a few hundred rows; the same on SQLite and PostgreSQL), by month here.
    contacts: dict[str, list[int]] = {
        month: [0, 0, 0, 0] for month in months_of(period_from, period_to)
    }
    for day, kind, number in session.execute(
        select(m.Case.received_on, m.Case.kind, func.count())
        .where(m.Case.received_on.between(period_from, period_to))
        .group_by(m.Case.received_on, m.Case.kind)
    ):
        row = contacts[f"{day.year:04d}-{day.month:02d}"]
        row[0] += number
        if kind == ContactKind.COMPLAINT.value:
            row[1] += number
    for day, stage, number in session.execute(
        select(m.CaseStage.received_on, m.CaseStage.stage, func.count())
        .join(m.Case, m.Case.id == m.CaseStage.case_id)
        .where(
            m.CaseStage.stage.in_((1, 2)),
            m.CaseStage.received_on.between(period_from, period_to),
            m.Case.kind == ContactKind.COMPLAINT.value,
        )
        .group_by(m.CaseStage.received_on, m.CaseStage.stage)
    ):
        contacts[f"{day.year:04d}-{day.month:02d}"][1 + int(stage)] += number
    return Trends(
        by_category=_counted(by_category),
        by_area=_counted(by_area),
        by_channel=channels,
        by_month=tuple(MonthRow(month, *counts) for month, counts in contacts.items()),
    )


def learning_figures(
    store: Store,
    period_from: date,
    period_to: date,
    *,
    actor: Actor | None,
    progress: Progress | None = None,
) -> LearningFigures:
    """The quarterly learning report's figures (any period, both ends included)."""
    check_period(period_from, period_to)
    step = Steps(progress, 4)
    with store.reading() as session:
        require_report_reader(session, actor)
        step("learning themes")
        themes, closed, improved = themes_in_period(session, period_from, period_to)
        step("compliments")
        compliments = compliments_in_period(session, period_from, period_to)
        step("satisfaction")
        satisfaction = satisfaction_in_period(session, period_from, period_to)
        step("trends")
        trends = trends_in_period(session, period_from, period_to)
    step.finish()
    return LearningFigures(
        period_from, period_to, themes, closed, improved, compliments, satisfaction, trends
    )
