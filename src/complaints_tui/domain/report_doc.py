"""A report as a plain document: a title, a period and sections of tables and paragraph lines,
with the renderers every way out uses (terminal text, Markdown, CSV, JSON-ready dict).

Every cell and line is data: a category called `Bob [/] *x*` is printed as written. Markdown
escapes its own punctuation; CSV neutralises what a spreadsheet would run as a formula. Nothing
here touches a database, Textual or Typst.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    """Rows under column headings; numbers stay numbers until a renderer shows them."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Lines:
    """Paragraph lines, one under another."""

    lines: tuple[str, ...]


Block = Table | Lines


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Report:
    title: str
    period_from: date
    period_to: date
    sections: tuple[Section, ...] = field(default_factory=tuple)

    @property
    def period(self) -> str:
        return f"{self.period_from.isoformat()} to {self.period_to.isoformat()}"


def show(cell: Cell) -> str:
    """A cell as the text renderers print it: none as "-", whole numbers with thousands commas."""
    if cell is None:
        return "-"
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, int):
        return f"{cell:,}"
    if isinstance(cell, float):
        return f"{cell:,.1f}"
    return cell


_FIGURE = re.compile(r"-?£?[\d,]+(?:\.\d+)?%?|n/a|-")


def _numeric(cell: Cell) -> bool:
    """A number, or text that reads as a figure ("75.0%", "£1,234.56", "n/a"): right-aligned."""
    if cell is None:
        return True
    if isinstance(cell, bool):
        return False
    if isinstance(cell, int | float):
        return True
    return bool(_FIGURE.fullmatch(cell))


# -- terminal text ------------------------------------------------------------------------------


def _table_text(table: Table) -> list[str]:
    shown = [[show(cell) for cell in row] for row in table.rows]
    widths = [len(heading) for heading in table.columns]
    for row in shown:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(cell))
    right = [
        bool(table.rows) and all(_numeric(row[i]) for row in table.rows)
        for i in range(len(table.columns))
    ]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if right[i] else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    out = [line(table.columns), "  ".join("-" * width for width in widths)]
    out += [line(row) for row in shown]
    if not table.rows:
        out.append("(none)")
    if table.caption:
        out.append(table.caption)
    return out


def to_text(report: Report) -> list[str]:
    """The report as lines for a terminal: headings underlined, tables in aligned columns."""
    out = [report.title, f"Period: {report.period}", ""]
    for section in report.sections:
        out += [section.heading, "=" * len(section.heading)]
        for block in section.blocks:
            out += list(block.lines) if isinstance(block, Lines) else _table_text(block)
            out.append("")
    while out and out[-1] == "":
        out.pop()
    return out


# -- Markdown -----------------------------------------------------------------------------------

_MD_ANYWHERE = re.compile(r"([\\`*_{}\[\]<>|~&!])")
_MD_LINE_START = re.compile(r"^(\s*)([#+=-])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")


def md_escape(text: str) -> str:
    """Text shown literally in Markdown: what would start emphasis, code, a link, HTML or a table
    cell escaped anywhere, and what would start a heading or a list escaped at the start; line
    breaks become spaces."""
    flat = _MD_ANYWHERE.sub(r"\\\1", " ".join(text.splitlines()))
    flat = _MD_LINE_START.sub(lambda found: found[1] + "\\" + found[2], flat)
    return _MD_ORDERED.sub(lambda found: found[1] + "\\" + found[2], flat)


def _table_markdown(table: Table) -> list[str]:
    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    out = [row([md_escape(c) for c in table.columns])]
    out.append(
        row(
            [
                "---:" if table.rows and all(_numeric(r[i]) for r in table.rows) else "---"
                for i in range(len(table.columns))
            ]
        )
    )
    out += [row([md_escape(show(cell)) for cell in cells]) for cells in table.rows]
    if not table.rows:
        out.append(row(["(none)", *[""] * (len(table.columns) - 1)]))
    if table.caption:
        out += ["", f"*{md_escape(table.caption)}*"]
    return out


def to_markdown(report: Report) -> str:
    out = [f"# {md_escape(report.title)}", "", f"Period: {md_escape(report.period)}", ""]
    for section in report.sections:
        out += [f"## {md_escape(section.heading)}", ""]
        for block in section.blocks:
            if isinstance(block, Lines):
                out += [md_escape(line) + "  " if line else "" for line in block.lines]
            else:
                out += _table_markdown(block)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


# -- CSV ----------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-\d+(?:[.,]\d+)*")


def csv_cell(cell: Cell) -> str:
    """A cell a spreadsheet shows as written: text that would start a formula gets a leading
    quote (a plain negative number stays a number)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, int | float):
        return str(cell)
    if cell.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def to_csv(report: Report) -> str:
    """One sheet: each table under a row naming its section, with its own header row, and a blank
    row between tables; paragraph lines are rows of one cell. Opens as it is in any spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(report.title), csv_cell(report.period)])
    for section in report.sections:
        writer.writerow([])
        writer.writerow([csv_cell(section.heading)])
        for block in section.blocks:
            if isinstance(block, Lines):
                for line in block.lines:
                    writer.writerow([csv_cell(line)])
                continue
            writer.writerow([csv_cell(c) for c in block.columns])
            for row in block.rows:
                writer.writerow([csv_cell(c) for c in row])
            if block.caption:
                writer.writerow([csv_cell(block.caption)])
    return buffer.getvalue()


# -- JSON ---------------------------------------------------------------------------------------


def _block_dict(block: Block) -> dict[str, Any]:
    if isinstance(block, Lines):
        return {"type": "lines", "lines": list(block.lines)}
    return {
        "type": "table",
        "columns": list(block.columns),
        "rows": [list(row) for row in block.rows],
        "shown": [[show(cell) for cell in row] for row in block.rows],
        "caption": block.caption,
    }


def to_dict(report: Report) -> dict[str, Any]:
    """JSON-ready: numbers as numbers (`rows`) and as the text renderers show them (`shown`)."""
    return {
        "title": report.title,
        "period": {"from": report.period_from.isoformat(), "to": report.period_to.isoformat()},
        "sections": [
            {"heading": s.heading, "blocks": [_block_dict(b) for b in s.blocks]}
            for s in report.sections
        ],
    }


# -- small helpers the report builders share ---------------------------------------------------


def percent(part: int, whole: int) -> str:
    """ "75.0%" or "n/a" when there is nothing to divide by."""
    return "n/a" if whole == 0 else f"{part * 100 / whole:.1f}%"
