"""Cells a spreadsheet would run as a formula, neutralised on export and read back on import.

OWASP's advice for CSV injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return is run by Excel, LibreOffice and Google Sheets as a formula (`=HYPERLINK(…)`, `@SUM(…)`,
`-2+3+cmd|' /C calc'!A0`), so the export writes it with a `'` in front: every spreadsheet then
shows the cell as text (Excel hides the `'`, LibreOffice shows it), and nothing runs.

A `'` alone would be ambiguous on the way back (a name may start with one: `'t Hooft`), so the
rule is one-to-one: the export puts a `'` before any cell made of apostrophes and then one of the
six characters (`=x`, `'=x`, `''+1`…), and the import takes one `'` off any cell made of at least
one apostrophe and then one of them. Every other cell passes both ways unchanged, so an export
imports again to the same stored text, and exports again byte for byte.
"""

from __future__ import annotations

import re

# Apostrophes, then a character that starts a formula.
_RUNNABLE = re.compile(r"'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")


def neutralised(cell: str) -> str:
    """The cell as the export writes it: a `'` in front when a spreadsheet would run it."""
    return "'" + cell if _RUNNABLE.match(cell) else cell


def restored(cell: str) -> str:
    """The cell as it was before `neutralised` (a cell the export never changed is kept)."""
    return cell[1:] if _NEUTRALISED.match(cell) else cell
