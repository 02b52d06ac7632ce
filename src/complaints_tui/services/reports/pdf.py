"""A report's PDF form: the document (`domain.report_doc.to_dict`) laid out by
data/reports/report.typ with the fonts shipped in data/fonts, never the computer's.

The document reaches Typst only as JSON in `sys.inputs.report`, placed as strings: a category
called `Bob [/] #set $x$` is printed as written, never read as Typst.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from pathlib import Path

from complaints_tui.domain.report_doc import Report, to_dict
from complaints_tui.locations import data_dir
from complaints_tui.services.errors import ServiceError
from complaints_tui.services.letters.pdf import fonts_dir


class ReportLayoutError(ServiceError):
    """The report layout cannot be read or run; the sentence names the file."""


def shipped_report_layout() -> Path:
    return data_dir() / "reports" / "report.typ"


def report_pdf(report: Report, *, layout: Path | None = None) -> bytes:
    """The report as an A4 PDF with page numbers; the same report gives the same bytes (its
    creation date is the period's last day)."""
    import typst  # loaded only when a PDF is written

    path = layout if layout is not None else shipped_report_layout()
    if not path.is_file():
        raise ReportLayoutError(f"There is no report layout at {path}.")
    try:
        return typst.compile(
            path,
            root=path.parent,
            font_paths=[fonts_dir()],
            ignore_system_fonts=True,
            sys_inputs={"report": json.dumps(to_dict(report), ensure_ascii=False)},
            timestamp=datetime.combine(report.period_to, time(), tzinfo=UTC),
        )
    except typst.TypstError as error:
        reason = " ".join(error.message.split()).rstrip(".")
        raise ReportLayoutError(f"The report layout {path} has an error: {reason}.") from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise ReportLayoutError(f"The report layout {path} could not be read: {reason}.") from None
