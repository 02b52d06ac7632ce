"""One way in for every report a person reads: its kind and period in, the document out (for
the command line, the report screen and the exports alike)."""

from __future__ import annotations

from datetime import date

from complaints_tui.domain.annual_report import annual_document
from complaints_tui.domain.learning_report import (
    compliments_document,
    quarterly_document,
    satisfaction_document,
    trends_document,
)
from complaints_tui.domain.report_doc import Report
from complaints_tui.domain.report_periods import ReportKind, check_period
from complaints_tui.services.people.types import Actor
from complaints_tui.services.reports.access import Progress, Steps, require_report_reader
from complaints_tui.services.reports.annual import annual_figures
from complaints_tui.services.reports.learning import (
    compliments_in_period,
    learning_figures,
    satisfaction_in_period,
    trends_in_period,
)
from complaints_tui.store.engine import Store


def report_document(
    store: Store,
    kind: ReportKind,
    period_from: date,
    period_to: date,
    *,
    actor: Actor | None,
    progress: Progress | None = None,
) -> Report:
    """The report of `kind` for the period (both ends included).

    `actor`: the signed-in user (a team lead, service director or administrator, else
    PermissionDenied); None for the command line. Raises ReportError for a period no report
    can cover.
    """
    kind = ReportKind(kind)
    if kind is ReportKind.ANNUAL:
        figures = annual_figures(store, period_from, period_to, actor=actor, progress=progress)
        return annual_document(figures)
    if kind is ReportKind.QUARTERLY:
        learning = learning_figures(store, period_from, period_to, actor=actor, progress=progress)
        return quarterly_document(learning)
    check_period(period_from, period_to)
    step = Steps(progress, 1)
    with store.reading() as session:
        require_report_reader(session, actor)
        step(kind.label.lower())
        if kind is ReportKind.COMPLIMENTS:
            compliments = compliments_in_period(session, period_from, period_to)
            report = compliments_document(period_from, period_to, compliments)
        elif kind is ReportKind.SATISFACTION:
            satisfaction = satisfaction_in_period(session, period_from, period_to)
            report = satisfaction_document(period_from, period_to, satisfaction)
        else:
            trends = trends_in_period(session, period_from, period_to)
            report = trends_document(period_from, period_to, trends)
    step.finish()
    return report
