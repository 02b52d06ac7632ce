"""The learning reports (SPEC §8), as figures and as documents: "you said, we did" (learning
tags with the improvements recorded), compliments by person or team, satisfaction with
complaint handling, and trends by category, service area, channel and month.

The services count; this module only lays the counts out (`domain.report_doc`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from complaints_tui.domain.report_doc import Cell, Lines, Report, Section, Table, percent

Counted = tuple[tuple[str, int], ...]  # (what, how many), biggest first


@dataclass(frozen=True)
class Satisfaction:
    """Scores (1 to 5) given at closure, counted by score."""

    by_score: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)
    by_area: tuple[tuple[str, int, int], ...] = ()  # (service area, answers, sum of scores)
    comments: tuple[tuple[date, int, str, str], ...] = ()  # (when, score, reference, comment)

    @property
    def answers(self) -> int:
        return sum(self.by_score)

    @property
    def satisfied(self) -> int:
        """Scores of 4 or 5."""
        return self.by_score[3] + self.by_score[4]

    @property
    def average(self) -> float | None:
        total = sum(score * count for score, count in enumerate(self.by_score, start=1))
        return None if not self.answers else total / self.answers


@dataclass(frozen=True)
class Theme:
    """A learning tag on complaints closed in the period, with the improvements recorded."""

    tag: str
    cases: int
    improvements: tuple[str, ...]  # the most recorded first
    without_improvement: int


@dataclass(frozen=True)
class MonthRow:
    month: str  # "YYYY-MM"
    contacts: int
    complaints: int
    stage1: int
    stage2: int


@dataclass(frozen=True)
class Trends:
    """Complaints received in the period by category, service area and channel; every contact
    and each stage by month."""

    by_category: Counted = ()
    by_area: Counted = ()
    by_channel: Counted = ()
    by_month: tuple[MonthRow, ...] = ()


@dataclass(frozen=True)
class ComplimentLine:
    routed_on: date
    person_or_team: str
    manager: str
    reference: str
    words: str


@dataclass(frozen=True)
class Compliments:
    by_team: tuple[tuple[str, str, int], ...] = ()  # (person or team, manager's team, count)
    listed: tuple[ComplimentLine, ...] = ()  # newest first, at most `LISTED`
    total: int = 0


@dataclass(frozen=True)
class LearningFigures:
    period_from: date
    period_to: date
    themes: tuple[Theme, ...]
    closed: int  # complaints closed in the period
    closed_with_improvement: int
    compliments: Compliments
    satisfaction: Satisfaction
    trends: Trends


# -- documents ----------------------------------------------------------------------------------


def joined(texts: tuple[str, ...], empty: str = "(none recorded)") -> str:
    """Sentences one after another; bare phrases separated by semicolons."""
    out = ""
    for text in texts:
        if out:
            out += " " if out.endswith((".", "!", "?")) else "; "
        out += text
    return out or empty


def counted_table(heading: str, counted: Counted, caption: str = "") -> Table:
    total = sum(n for _, n in counted)
    rows: list[tuple[Cell, ...]] = [(what, n, percent(n, total)) for what, n in counted]
    if counted:
        rows.append(("Total", total, percent(total, total)))
    return Table((heading, "Number", "Share"), tuple(rows), caption)


def you_said_we_did(figures: LearningFigures) -> Section:
    rows = tuple(
        (
            theme.tag,
            theme.cases,
            joined(theme.improvements),
            theme.without_improvement,
        )
        for theme in figures.themes
    )
    table = Table(
        ("You said (learning tag)", "Complaints", "We did (improvement made)", "No improvement"),
        rows,
        "Tags of complaints closed in the period; a complaint may carry several tags.",
    )
    summary = Lines(
        (
            f"{figures.closed:,} complaints were closed in the period; "
            f"{figures.closed_with_improvement:,} recorded an improvement made "
            f"({percent(figures.closed_with_improvement, figures.closed)}).",
        )
    )
    return Section("You said, we did: learning from complaints", (summary, table))


def satisfaction_section(satisfaction: Satisfaction, *, detail: bool = False) -> Section:
    average = satisfaction.average
    lines = Lines(
        (
            f"{satisfaction.answers:,} residents scored how their complaint was handled "
            "(1 very dissatisfied to 5 very satisfied).",
            f"Satisfied (4 or 5): {satisfaction.satisfied:,} "
            f"({percent(satisfaction.satisfied, satisfaction.answers)}); "
            f"average score {'n/a' if average is None else f'{average:.2f}'}.",
        )
    )
    scores = Table(
        ("Score", "Residents", "Share"),
        tuple(
            (f"{score}", count, percent(count, satisfaction.answers))
            for score, count in enumerate(satisfaction.by_score, start=1)
        ),
    )
    blocks: list[Lines | Table] = [lines, scores]
    if detail:
        blocks.append(
            Table(
                ("Service area", "Residents", "Average score"),
                tuple(
                    (area, answers, f"{total / answers:.2f}" if answers else "n/a")
                    for area, answers, total in satisfaction.by_area
                ),
            )
        )
        blocks.append(
            Table(
                ("Recorded", "Score", "Case", "What the resident said"),
                tuple(
                    (when.isoformat(), score, reference, comment)
                    for when, score, reference, comment in satisfaction.comments
                ),
                "The latest comments given with a score.",
            )
        )
    return Section("Satisfaction with complaint handling", tuple(blocks))


def compliments_section(compliments: Compliments, *, listing: bool = False) -> Section:
    blocks: list[Lines | Table] = [
        Lines((f"{compliments.total:,} compliments were passed on in the period.",)),
        Table(
            ("Person or team praised", "Manager's team", "Compliments"),
            tuple(compliments.by_team),
        ),
    ]
    if listing:
        shown = len(compliments.listed)
        more = compliments.total - shown
        blocks.append(
            Table(
                ("Passed on", "Person or team", "Manager", "Case", "What was said"),
                tuple(
                    (c.routed_on.isoformat(), c.person_or_team, c.manager, c.reference, c.words)
                    for c in compliments.listed
                ),
                f"The newest {shown:,}; {more:,} more in the period." if more > 0 else "",
            )
        )
    return Section("Compliments by person and team", tuple(blocks))


def trends_sections(trends: Trends) -> tuple[Section, ...]:
    month = Table(
        ("Month", "All contacts", "Complaints", "Stage 1", "Stage 2"),
        tuple(
            (row.month, row.contacts, row.complaints, row.stage1, row.stage2)
            for row in trends.by_month
        ),
        "Received in each month: contacts of every kind; complaints logged; stages opened.",
    )
    return (
        Section("Trends by month", (month,)),
        Section(
            "Complaints by category, service area and channel",
            (
                counted_table("Category", trends.by_category),
                counted_table("Service area", trends.by_area),
                counted_table("Channel", trends.by_channel),
            ),
        ),
    )


def quarterly_document(figures: LearningFigures) -> Report:
    return Report(
        "Learning from complaints: report to the board",
        figures.period_from,
        figures.period_to,
        (
            you_said_we_did(figures),
            compliments_section(figures.compliments),
            satisfaction_section(figures.satisfaction),
            *trends_sections(figures.trends),
        ),
    )


def compliments_document(period_from: date, period_to: date, compliments: Compliments) -> Report:
    return Report(
        "Compliments",
        period_from,
        period_to,
        (compliments_section(compliments, listing=True),),
    )


def satisfaction_document(period_from: date, period_to: date, satisfaction: Satisfaction) -> Report:
    return Report(
        "Satisfaction with complaint handling",
        period_from,
        period_to,
        (satisfaction_section(satisfaction, detail=True),),
    )


def trends_document(period_from: date, period_to: date, trends: Trends) -> Report:
    return Report("Complaint trends", period_from, period_to, trends_sections(trends))
