"""The Housing Ombudsman Code's annual complaints performance and service improvement report,
as figures and as a document.

What the Code asks the report to carry (Complaint Handling Code 2024, section 8): the annual
self-assessment against the Code; a quantitative and qualitative analysis of complaint handling
performance, with a summary of the complaints the landlord refused to accept; the service
improvements made from learning; and (from outside this tool) any Ombudsman findings and reports,
and the governing body's response. The timeliness figures here are the TSM's CH02 (the same
records, the same judgement in `domain.reports`), so the two reports agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from complaints_tui.domain.code_check import CodeDeparture, CodeNote
from complaints_tui.domain.learning_report import (
    Counted,
    Satisfaction,
    Theme,
    counted_table,
    joined,
    satisfaction_section,
)
from complaints_tui.domain.redress import format_pence
from complaints_tui.domain.report_doc import Cell, Lines, Report, Section, Table, percent
from complaints_tui.domain.reports import TENURES, TSM_STAGES, TsmReport


@dataclass(frozen=True)
class Acknowledgements:
    """Stages received in the period, judged against the Code's acknowledgement timescale."""

    stage: int
    received: int
    on_time: int
    late: int
    waiting: int  # not acknowledged yet, still within the timescale at the period's end
    missed: int  # not acknowledged, and the timescale ended within the period
    withdrawn: int  # withdrawn before it was acknowledged


@dataclass(frozen=True)
class Outcomes:
    """Stage responses sent in the period, by the decisions recorded on their parts."""

    stage: int
    upheld: int
    partly_upheld: int
    not_upheld: int
    no_decision: int

    @property
    def total(self) -> int:
        return self.upheld + self.partly_upheld + self.not_upheld + self.no_decision


@dataclass(frozen=True)
class Extensions:
    stage: int
    extensions: int  # extensions recorded (told to the resident) in the period
    cases: int


@dataclass(frozen=True)
class RedressPaid:
    stage: int
    cases: int
    total_pence: int


@dataclass(frozen=True)
class SelfAssessment:
    profile_id: str
    profile_name: str
    follows_code: bool
    departures: tuple[CodeDeparture, ...]
    notes: tuple[CodeNote, ...]


@dataclass(frozen=True)
class AnnualFigures:
    period_from: date
    period_to: date
    contacts_by_kind: Counted
    service_requests: int
    tsm: TsmReport  # CH01 counts and CH02 judgements for stages 1 and 2
    acknowledgements: tuple[Acknowledgements, ...]
    extensions: tuple[Extensions, ...]
    outcomes: tuple[Outcomes, ...]
    overturned: int  # stage 1 decisions overturned at a review answered in the period
    not_accepted: Counted  # by exclusion
    themes: tuple[Theme, ...]
    closed: int
    closed_with_improvement: int
    remedies_agreed: int  # on stages answered in the period
    remedies_done: int
    redress: tuple[RedressPaid, ...]
    satisfaction: Satisfaction
    self_assessment: SelfAssessment

    def received(self, stage: int) -> int:
        """Stage `stage` complaints received in the period, every tenure (CH01's counts)."""
        return sum(self.tsm.received[stage].values())

    def responses(self, stage: int) -> tuple[int, int]:
        """(on time, answered) for CH02 at `stage`, every tenure, withdrawn left out."""
        counts = self.tsm.responses[stage].values()
        return sum(c.on_time for c in counts), sum(c.responses for c in counts)


def _volumes(figures: AnnualFigures) -> Section:
    stage1, stage2 = figures.received(1), figures.received(2)
    table = Table(
        ("Received in the period", "Number"),
        (
            ("Service requests", figures.service_requests),
            ("Stage 1 complaints", stage1),
            ("Stage 2 complaints (escalations)", stage2),
        ),
    )
    by_tenure = Table(
        ("Complaints received", *(t.value for t in TENURES), "Tenure not recorded"),
        tuple(
            (
                f"Stage {stage}",
                *(figures.tsm.received[stage][t.value] for t in TENURES),
                figures.tsm.received[stage]["none"],
            )
            for stage in TSM_STAGES
        ),
    )
    return Section(
        "Volumes",
        (table, by_tenure, counted_table("Every contact, by kind", figures.contacts_by_kind)),
    )


def _timeliness(figures: AnnualFigures) -> Section:
    acknowledged = Table(
        (
            "Stage",
            "Received",
            "Acknowledged on time",
            "Late",
            "Missed",
            "Not yet due",
            "Withdrawn",
            "On time",
        ),
        tuple(
            (
                f"Stage {a.stage}",
                a.received,
                a.on_time,
                a.late,
                a.missed,
                a.waiting,
                a.withdrawn,
                percent(a.on_time, a.on_time + a.late + a.missed),
            )
            for a in figures.acknowledgements
        ),
        "Acknowledged within the Code's timescale (5 working days), of the stages received in the "
        "period; missed: not acknowledged and the timescale has passed.",
    )
    rows: list[tuple[Cell, ...]] = []
    for stage in TSM_STAGES:
        on_time, answered = figures.responses(stage)
        rows.append(
            (
                f"Stage {stage}",
                answered,
                on_time,
                answered - on_time,
                percent(on_time, answered),
                figures.tsm.withdrawn_responses[stage],
            )
        )
    answered_table = Table(
        ("Stage", "Responses sent", "On time", "Late", "On time %", "Withdrawn (left out)"),
        tuple(rows),
        "As TSM CH02: responses sent in the period within the Code's timescales, extensions "
        "within the Code's limit counted.",
    )
    extensions = Table(
        ("Stage", "Extensions recorded", "Complaints extended"),
        tuple((f"Stage {e.stage}", e.extensions, e.cases) for e in figures.extensions),
    )
    return Section(
        "Complaint handling within the Code's timescales",
        (acknowledged, answered_table, extensions),
    )


def _outcomes(figures: AnnualFigures) -> Section:
    table = Table(
        ("Stage", "Answered", "Upheld", "Partly upheld", "Not upheld", "No decision recorded"),
        tuple(
            (f"Stage {o.stage}", o.total, o.upheld, o.partly_upheld, o.not_upheld, o.no_decision)
            for o in figures.outcomes
        ),
        "Each stage response's outcome from the decisions on its parts: all upheld, upheld; none "
        "upheld, not upheld; otherwise partly upheld.",
    )
    stage1_answered = figures.responses(1)[1]
    lines = Lines(
        (
            f"Escalations: {figures.received(2):,} stage 2 requests were received in the period "
            f"({percent(figures.received(2), stage1_answered)} of the stage 1 responses sent).",
            f"Stage 1 decisions overturned at review: {figures.overturned:,}.",
        )
    )
    return Section("Outcomes and escalations", (table, lines))


def _not_accepted(figures: AnnualFigures) -> Section:
    return Section(
        "Complaints not accepted",
        (
            counted_table(
                "Reason (exclusion)",
                figures.not_accepted,
                "Dissatisfaction logged in the period and refused under the policy's exclusions; "
                "each resident was told why and that they may go to the Ombudsman.",
            ),
        ),
    )


def _learning(figures: AnnualFigures) -> Section:
    themes = Table(
        ("Learning theme (tag)", "Complaints", "Improvements made"),
        tuple((t.tag, t.cases, joined(t.improvements)) for t in figures.themes),
        "Tags of complaints closed in the period.",
    )
    lines = Lines(
        (
            f"{figures.closed:,} complaints closed; {figures.closed_with_improvement:,} recorded "
            f"an improvement made ({percent(figures.closed_with_improvement, figures.closed)}).",
            f"Remedies on responses sent in the period: {figures.remedies_agreed:,} agreed, "
            f"{figures.remedies_done:,} done.",
        )
    )
    return Section("Learning and service improvement", (lines, themes))


def _redress(figures: AnnualFigures) -> Section:
    cases = sum(r.cases for r in figures.redress)
    total = sum(r.total_pence for r in figures.redress)
    rows: list[tuple[Cell, ...]] = [
        (f"Stage {r.stage}", r.cases, format_pence(r.total_pence)) for r in figures.redress
    ]
    if figures.redress:
        rows.append(("Total", cases, format_pence(total)))
    return Section(
        "Redress",
        (
            Table(
                ("Stage", "Complaints", "Redress"),
                tuple(rows),
                "Redress recorded on complaints in the period (financial loss, time and trouble, "
                "missed appointments).",
            ),
        ),
    )


def _self_assessment(figures: AnnualFigures) -> Section:
    sa = figures.self_assessment
    count = len(sa.departures)
    verdict = (
        "no departures from the Code."
        if not count
        else f"{count} departure{'s' if count != 1 else ''} from the Code."
    )
    blocks: list[Lines | Table] = [
        Lines((f"Policy profile {sa.profile_name} ({sa.profile_id}): {verdict}",)),
    ]
    if sa.departures:
        blocks.append(
            Table(
                ("Rule", "The Code requires", "Our policy"),
                tuple((d.key, d.requirement, d.finding) for d in sa.departures),
            )
        )
    if sa.notes:
        blocks.append(Table(("Rule", "Note"), tuple((n.key, n.finding) for n in sa.notes)))
    return Section("Self-assessment against the Complaint Handling Code", tuple(blocks))


def annual_document(figures: AnnualFigures) -> Report:
    return Report(
        "Annual complaints performance and service improvement report",
        figures.period_from,
        figures.period_to,
        (
            _self_assessment(figures),
            _volumes(figures),
            _timeliness(figures),
            _outcomes(figures),
            _not_accepted(figures),
            _learning(figures),
            _redress(figures),
            satisfaction_section(figures.satisfaction),
            Section(
                "For the governing body",
                (
                    Lines(
                        (
                            "Add before publishing: any findings of non-compliance by the "
                            "Housing Ombudsman, the Ombudsman's annual letter or reports about "
                            "the landlord, and the governing body's response to this report.",
                        )
                    ),
                ),
            ),
        ),
    )
