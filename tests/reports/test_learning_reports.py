"""The learning reports on the hand-counted casebook, the exports (Markdown, CSV, JSON, PDF) and
the `complaints report …` commands."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from complaints_tui import services as s
from complaints_tui.cli import app
from complaints_tui.domain.learning_report import LearningFigures
from complaints_tui.domain.report_doc import (
    Lines,
    Report,
    Section,
    Table,
    csv_cell,
    to_csv,
    to_markdown,
    to_text,
)
from complaints_tui.domain.report_periods import (
    ReportKind,
    last_financial_year,
    last_full_quarter,
)
from complaints_tui.services.reports.documents import report_document
from complaints_tui.services.reports.learning import learning_figures
from complaints_tui.services.reports.pdf import report_pdf
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, sqlite_template, staff, store
from tests.reports.report_casebook import MARKUP, YEAR_FROM, YEAR_TO, Casebook, build_casebook

__all__ = ["sqlite_template", "staff", "store"]


@pytest.fixture
def casebook(store: Store, staff: Staff) -> Casebook:
    return build_casebook(store, staff)


@pytest.fixture
def learning(store: Store, staff: Staff, casebook: Casebook) -> LearningFigures:
    return learning_figures(store, YEAR_FROM, YEAR_TO, actor=staff.director)


def test_you_said_we_did_compliments_satisfaction(learning: LearningFigures) -> None:
    assert [(t.tag, t.cases) for t in learning.themes] == [
        ("communication", 2),
        ("damp", 2),
        (MARKUP.lower(), 1),
        ("repairs delay", 1),
    ]
    assert learning.compliments.total == 1
    assert learning.compliments.by_team == (("Jo (repairs)", "Complaints", 1),)
    (listed,) = learning.compliments.listed
    assert (listed.routed_on, listed.manager, listed.words) == (
        date(2025, 12, 3),
        "Mo Manager",
        "Jo was great",
    )
    sat = learning.satisfaction
    assert (sat.answers, sat.satisfied) == (3, 2)
    assert dict((a, (n, t)) for a, n, t in sat.by_area) == {"Repairs": (2, 9), "Estates": (1, 2)}
    assert [c[3] for c in sat.comments] == [MARKUP]


def test_trends(learning: LearningFigures) -> None:
    trends = learning.trends
    assert dict(trends.by_category) == {"(no category)": 5, MARKUP: 1}
    assert dict(trends.by_area) == {"Repairs": 4, "Estates": 1, "(no service area)": 1}
    assert (
        dict(trends.by_channel) == {"Phone": 4, "Email": 1, "Web form / portal": 1}
        or sum(n for _, n in trends.by_channel) == 6
    )
    months = {row.month: row for row in trends.by_month}
    assert len(months) == 12 and months["2025-04"].contacts == 0
    assert (months["2025-10"].complaints, months["2025-10"].stage1) == (1, 1)
    assert (months["2025-11"].contacts, months["2025-11"].stage2) == (1, 1)
    assert months["2025-12"].contacts == 2  # the service request and the compliment


def test_default_periods() -> None:
    assert last_financial_year(date(2026, 3, 2)) == (date(2024, 4, 1), date(2025, 3, 31))
    assert last_financial_year(date(2026, 4, 1)) == (date(2025, 4, 1), date(2026, 3, 31))
    assert last_full_quarter(date(2026, 3, 2)) == (date(2025, 10, 1), date(2025, 12, 31))
    assert last_full_quarter(date(2026, 7, 1)) == (date(2026, 4, 1), date(2026, 6, 30))


def test_renderers_keep_data_as_data() -> None:
    report = Report(
        "T",
        date(2025, 4, 1),
        date(2025, 6, 30),
        (
            Section(
                "S",
                (
                    Lines(("=1+1",)),
                    Table(
                        ("What", "N"),
                        (("=HYPERLINK()", -5), ("-12.5", 1), ("@x", 2), (MARKUP, None)),
                    ),
                ),
            ),
        ),
    )
    rows = list(csv.reader(io.StringIO(to_csv(report))))
    cells = [cell for row in rows for cell in row]
    assert "'=1+1" in cells and "'=HYPERLINK()" in cells and "'@x" in cells
    assert "-12.5" in cells and "-5" in cells and MARKUP in cells
    assert csv_cell("\tx") == "'\tx" and csv_cell("-x") == "'-x"
    assert "Bob \\[/\\] \\*x\\*" in to_markdown(report)
    assert any(line.startswith("Bob [/] *x*") for line in to_text(report))


def test_exports_carry_the_figures(store: Store, staff: Staff, casebook: Casebook) -> None:
    annual = report_document(store, ReportKind.ANNUAL, YEAR_FROM, YEAR_TO, actor=staff.admin)
    markdown = to_markdown(annual)
    assert "| Stage 1 | 4 | 3 | 1 | 75.0% | 0 |" in markdown
    assert "£198.45" in markdown
    rows = list(csv.reader(io.StringIO(to_csv(annual))))
    assert ["Stage 1", "4", "3", "1", "75.0%", "0"] in rows
    pdf = PdfReader(io.BytesIO(report_pdf(annual)))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    for figure in ("75.0%", "£198.45", "Already considered under this policy", MARKUP.lower()):
        assert figure in text
    assert report_pdf(annual) == report_pdf(annual)  # the same report, the same bytes


def test_every_kind_renders(store: Store, staff: Staff, casebook: Casebook) -> None:
    seen: list[tuple[str, int, int]] = []
    for kind in ReportKind:
        report = report_document(
            store,
            kind,
            YEAR_FROM,
            YEAR_TO,
            actor=staff.lead,
            progress=lambda what, done, total: seen.append((what, done, total)),
        )
        assert to_text(report)[0] == report.title
    assert seen[-1][0] == "done" and seen[-1][1] == seen[-1][2]
    with pytest.raises(s.PermissionDenied):
        report_document(store, ReportKind.TRENDS, YEAR_FROM, YEAR_TO, actor=staff.handler)


def _run(store: Store, *args: str) -> object:
    return CliRunner().invoke(app, ["--db", store.url, "report", *args])


def test_report_commands(store: Store, casebook: Casebook, tmp_path: Path) -> None:
    period = ["--from", "2025-04-01", "--to", "2026-03-31"]
    result = CliRunner().invoke(app, ["--db", store.url, "report", "annual", *period])
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.stdout.splitlines()]
    assert ["Stage", "1", "4", "3", "1", "75.0%", "0"] in rows  # responses within the Code
    result = CliRunner().invoke(
        app, ["--db", store.url, "report", "quarterly", *period, "--format", "json"]
    )
    data = json.loads(result.stdout)
    assert data["title"].startswith("Learning from complaints")
    for form in ("md", "csv"):
        result = CliRunner().invoke(
            app, ["--db", store.url, "report", "compliments", *period, "--format", form]
        )
        assert result.exit_code == 0 and "Jo (repairs)" in result.stdout
    out = tmp_path / "sat.pdf"
    result = CliRunner().invoke(
        app,
        ["--db", store.url, "report", "satisfaction", *period, "--format", "pdf", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "66.7%" in PdfReader(out).pages[0].extract_text()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--from", "2026-04-01", "--to", "2025-04-01"], "ends (2025-04-01) before it starts"),
        (["--from", "1/4/25", "--to", "2025-04-01"], "YYYY-MM-DD"),
        (["--from", "2025-04-01", "--to", "2026-03-31", "--format", "pdf"], "-o FILE"),
        (["--from", "2015-04-01", "--to", "2026-03-31"], "five years"),
    ],
)
def test_report_commands_refuse_in_one_sentence(store: Store, args: list[str], says: str) -> None:
    result = CliRunner().invoke(app, ["--db", store.url, "report", "trends", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert says in result.stderr and result.stderr.count("\n") == 1, result.stderr
