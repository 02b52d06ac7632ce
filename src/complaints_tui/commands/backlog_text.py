"""`complaints report backlog` as text: aligned tables a terminal or a pasted e-mail keeps."""

from __future__ import annotations

from collections.abc import Sequence

from complaints_tui.services.queues.types import Backlog, DueCounts

STAGE_NAMES = {1: "stage 1", 2: "stage 2", 3: "final stage"}


def _table(header: Sequence[str], rows: list[list[str]], numeric_from: int) -> list[str]:
    widths = [max(len(row[i]) for row in [list(header), *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.rjust(width) if i >= numeric_from else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(header), line(["-" * width for width in widths]), *map(line, rows)]


def _counts(counts: DueCounts) -> list[str]:
    return [f"{counts.overdue:,}", f"{counts.due_today:,}", f"{counts.due_soon:,}"]


def backlog_lines(found: Backlog) -> list[str]:
    lines = [
        f"Open deadlines as of {found.today:%a %-d %b %Y}; {found.soon_words()}.",
        "",
    ]
    lines += _table(
        ("Stage", "Deadline", "Overdue", "Due today", "Due soon"),
        [
            [
                STAGE_NAMES.get(row.stage, f"stage {row.stage}"),
                row.deadline.value,
                *_counts(row.counts),
            ]
            for row in found.rows
        ],
        numeric_from=2,
    )
    for title, rows, who in (("Per handler", found.handlers, "Handler"),
                             ("Per team", found.teams, "Team")):  # fmt: skip
        lines += ["", title]
        lines += _table(
            ("Stage", who, "Open", "Overdue", "Due today", "Due soon"),
            [
                [
                    STAGE_NAMES.get(row.stage, ""),
                    row.name,
                    f"{row.open_cases:,}",
                    *_counts(row.counts),
                ]
                for row in rows
            ]
            or [["", "(no open cases)", "", "", "", ""]],
            numeric_from=2,
        )
    extended = ", ".join(
        f"{STAGE_NAMES.get(stage, stage)} {count:,}" for stage, count in found.extended.items()
    )
    lines += ["", f"Extensions in use: {extended or 'none'}."]
    if found.oldest_overdue:
        lines += ["", "Oldest overdue"]
        lines += _table(
            ("Reference", "Stage", "Deadline", "Due", "Handler"),
            [
                [
                    row.reference,
                    str(row.stage),
                    row.next_due_kind or "",
                    row.next_due_on.isoformat() if row.next_due_on else "",
                    row.handler_name or "unassigned",
                ]
                for row in found.oldest_overdue
            ],
            numeric_from=5,
        )
    return lines
