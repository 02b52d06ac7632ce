"""The reports on screen: pick a report (N) and a period (B / F, a year or a quarter at a time),
read it scrolled as plain text, and save it as Markdown, CSV or PDF into the reports folder.

The report is worked out in a thread worker with a progress bar; what it says (categories, tags,
comments) is shown with `Text`, never read as markup.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import ScrollableContainer
from textual.widgets import ProgressBar, Static

from complaints_tui.domain.report_doc import Report, to_csv, to_markdown, to_text
from complaints_tui.domain.report_periods import ReportKind
from complaints_tui.screens.base import FOCUS_KEYS, AppScreen
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.header import AppHeader
from complaints_tui.widgets.safe import clean

if TYPE_CHECKING:
    from complaints_tui.services.session import Store

KINDS = tuple(ReportKind)


def reports_folder() -> Path:
    """Where saved reports go: the user's folder, `reports/` (made when first needed)."""
    from complaints_tui.locations import user_dir

    folder = user_dir() / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shifted(kind: ReportKind, period: tuple[date, date], steps: int) -> tuple[date, date]:
    """The period `steps` years (annual) or quarters (the others) away."""
    start, _ = period
    months = (12 if kind is ReportKind.ANNUAL else 3) * steps
    index = start.year * 12 + start.month - 1 + months
    first = date(index // 12, index % 12 + 1, 1)
    index += 12 if kind is ReportKind.ANNUAL else 3
    after = date(index // 12, index % 12 + 1, 1)
    return first, date.fromordinal(after.toordinal() - 1)


class ReportsScreen(AppScreen[None]):
    SCOPE = Scope.REPORTS
    HELP_TITLE = "the reports"
    BINDINGS: ClassVar[list[BindingType]] = [*FOCUS_KEYS, *bindings_for(Scope.REPORTS)]
    DEFAULT_CSS = """
    ReportsScreen #report-about { height: auto; padding: 0 1; border-bottom: solid $primary; }
    ReportsScreen #report-progress { height: 1; padding: 0 1; }
    ReportsScreen #report-progress.-done { display: none; }
    ReportsScreen #report-scroll { height: 1fr; padding: 0 1; overflow-x: auto; }
    ReportsScreen #report-text { width: auto; }
    """

    def __init__(self, session: AppSession, kind: ReportKind = ReportKind.ANNUAL) -> None:
        super().__init__(session)
        self.kind = kind
        self.period = kind.default_period(session.today())
        self.document: Report | None = None
        self.saved: list[Path] = []
        self._asked = 0  # which request the report on screen answers

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(id="report-about")
        yield ProgressBar(total=1, show_eta=False, id="report-progress")
        # Tables keep their lines whole: a narrow terminal scrolls sideways (←/→) instead.
        with ScrollableContainer(id="report-scroll"):
            yield Static(id="report-text")
        yield AppFooter()

    def on_mount(self) -> None:
        self.set_context("Reports")
        self.query_one("#report-scroll").focus()
        self.compute()

    def _about(self, status: str) -> Text:
        start, end = self.period
        return Text(
            f"{self.kind.label} · {start.isoformat()} to {end.isoformat()} · {status}\n"
            "N: next report · B / F: earlier / later period · M / C / P: save Markdown, CSV, PDF"
        )

    def compute(self) -> None:
        """Work the chosen report out in a worker; the bar shows its steps."""
        self._asked += 1
        asked, kind, (start, end) = self._asked, self.kind, self.period
        self.document = None
        self.query_one("#report-about", Static).update(self._about("working it out…"))
        bar = self.query_one("#report-progress", ProgressBar)
        bar.remove_class("-done")
        bar.update(total=1, progress=0)
        actor = self.session.user

        def moved(what: str, done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=max(total, 1), progress=done)

        def work(store: Store) -> tuple[int, Report]:
            from complaints_tui.services.reports.documents import report_document

            report = report_document(store, kind, start, end, actor=actor, progress=moved)
            return asked, report

        def failed(error: BaseException) -> None:
            self.query_one("#report-about", Static).update(self._about("not worked out"))
            bar.add_class("-done")
            self.report(error)

        self.run_service(work, self._shown, failed=failed, group="report", exclusive=True)

    def _shown(self, answer: tuple[int, Report]) -> None:
        asked, report = answer
        if asked != self._asked:
            return  # an older request answered late
        self.document = report
        self.query_one("#report-progress", ProgressBar).add_class("-done")
        self.query_one("#report-about", Static).update(self._about("ready"))
        self.query_one("#report-text", Static).update(
            Text("\n".join(to_text(report)), no_wrap=True)
        )
        self.query_one("#report-scroll", ScrollableContainer).scroll_home(animate=False)

    # -- keys -------------------------------------------------------------------------------

    def action_next_report(self) -> None:
        self.kind = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]
        self.period = self.kind.default_period(self.session.today())
        self.compute()

    def action_earlier(self) -> None:
        self.period = shifted(self.kind, self.period, -1)
        self.compute()

    def action_later(self) -> None:
        self.period = shifted(self.kind, self.period, 1)
        self.compute()

    def _save(self, suffix: str) -> None:
        report = self.document
        if report is None:
            self.app.notify("The report is still being worked out.", markup=False)
            return
        start, end = report.period_from.isoformat(), report.period_to.isoformat()
        name = f"{self.kind.value}-{start}-to-{end}.{suffix}"

        def write(_store: Store) -> Path:
            path = reports_folder() / name
            if suffix == "md":
                path.write_text(to_markdown(report), encoding="utf-8")
            elif suffix == "csv":
                path.write_text(to_csv(report), encoding="utf-8-sig", newline="")
            else:
                from complaints_tui.services.reports.pdf import report_pdf

                path.write_bytes(report_pdf(report))
            return path

        def written(path: Path) -> None:
            self.saved.append(path)
            self.app.notify(clean(f"Saved to {path}"), title="Report saved", markup=False)

        self.run_service(write, written, group="report-save")

    def action_save_markdown(self) -> None:
        self._save("md")

    def action_save_csv(self) -> None:
        self._save("csv")

    def action_save_pdf(self) -> None:
        self._save("pdf")

    def action_back(self) -> None:
        self.dismiss(None)
