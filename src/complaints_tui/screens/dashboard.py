"""The team lead's dashboard: what breaches today and who is overloaded, in one look.

Counts per stage and deadline in view, then per team and per handler (overdue, due today, due
soon; open cases), the extensions in use and the longest overdue cases; Enter on any number
opens the queue of exactly those cases (`services.drill_down`), where they can be re-assigned.
Trends below: received against closed a week, on time a month, the commonest categories and
areas. Counted in a worker; counted again when any terminal saves a change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Sparkline, Static

from complaints_tui.domain.deadlines import DeadlineKind
from complaints_tui.screens.base import AppScreen
from complaints_tui.services.queues.types import (
    Backlog,
    DeadlineFilter,
    DeskQuery,
    Trends,
    WorkerRow,
)
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.header import AppHeader
from complaints_tui.widgets.safe import shorten

STAGE_NAMES = {1: "1", 2: "2", 3: "Final"}
# The count columns: where each sits in a table, and the queue filter it opens.
FIGURES = (
    (DeadlineFilter.OVERDUE, "Overdue", "bold red"),
    (DeadlineFilter.DUE_TODAY, "Today", "bold yellow"),
    (DeadlineFilter.DUE_SOON, "Soon", "yellow"),
)
OLDEST_COLUMNS = (("Due", 18), ("Reference", 16), ("Stage", 5), ("Resident", 15), ("Handler", 15))
NARROW = 110  # below this many columns the panels stack


class Body(VerticalScroll, can_focus=False):
    """The panels, scrolled as focus moves between the tables (never a Tab stop itself)."""


@dataclass(frozen=True)
class Figure:
    """What one cell of a table opens: a desk query and the words that say what it holds."""

    query: DeskQuery
    about: str
    count: int


def _count(value: int, style: str) -> Text:
    return Text(f"{value:,}", style=style if value else "dim", justify="right")


class DashboardScreen(AppScreen[None]):
    SCOPE = Scope.DASHBOARD
    HELP_TITLE = "the dashboard"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.DASHBOARD))
    DEFAULT_CSS = """
    DashboardScreen #dash-status { height: auto; margin: 0 1; color: $text-muted; }
    DashboardScreen #dash-body { height: 1fr; }
    DashboardScreen .dash-row { height: auto; }
    DashboardScreen.narrow .dash-row { layout: vertical; }
    DashboardScreen .panel { height: auto; width: 1fr; margin: 0 1; }
    DashboardScreen .panel-title { text-style: bold; height: 1; }
    DashboardScreen DataTable { height: auto; max-height: 24; }
    DashboardScreen #dash-stages { max-height: 8; }
    DashboardScreen .trend { height: 1; }
    DashboardScreen .trend-label { width: 18; }
    DashboardScreen .trend Sparkline { width: 12; margin: 0 1; }
    DashboardScreen .trend-figures { width: 1fr; }
    DashboardScreen .tops { height: auto; }
    """

    def __init__(self, session: AppSession) -> None:
        super().__init__(session)
        self.backlog: Backlog | None = None
        self.trends: Trends | None = None
        self._figures: dict[str, dict[tuple[int, int], Figure]] = {}

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(Text("Counting the open cases…"), id="dash-status")
        with Body(id="dash-body"):
            with Horizontal(classes="dash-row"):
                with Vertical(classes="panel"):
                    yield Static(Text("Deadlines in view"), classes="panel-title")
                    yield self._table("dash-stages", "Stage", "Deadline", "Extended")
                with Vertical(classes="panel", id="trends"):
                    yield Static(Text("Trends"), classes="panel-title")
                    for key, label in (
                        ("received", "Stage 1 opened"),
                        ("closed", "Cases closed"),
                        ("on-time", "Answered on time"),
                    ):
                        with Horizontal(classes="trend"):
                            yield Static(Text(label), classes="trend-label")
                            yield Sparkline([], id=f"spark-{key}")
                            yield Static(Text(""), id=f"figures-{key}", classes="trend-figures")
                    yield Static(Text(""), id="tops", classes="tops")
            with Horizontal(classes="dash-row"):
                with Vertical(classes="panel"):
                    yield Static(Text("Per team"), classes="panel-title")
                    yield self._table("dash-teams", "Stage", "Team", "Open")
                with Vertical(classes="panel"):
                    yield Static(Text("Per handler"), classes="panel-title")
                    yield self._table("dash-handlers", "Stage", "Handler", "Open")
            with Vertical(classes="panel"):
                yield Static(Text("Longest overdue"), classes="panel-title")
                oldest: DataTable[Any] = DataTable(id="dash-oldest", cursor_type="row")
                for label, width in OLDEST_COLUMNS:
                    oldest.add_column(label, width=width)
                yield oldest
        yield AppFooter()

    def _table(self, table_id: str, *first: str) -> DataTable[Any]:
        table: DataTable[Any] = DataTable(id=table_id, cursor_type="cell")
        names = first[:2]
        for name in names:
            table.add_column(name, key=name)
        for _, label, _ in FIGURES:
            table.add_column(label, key=label)
        for name in first[2:]:
            table.add_column(name, key=name)
        return table

    def on_mount(self) -> None:
        self.set_context("Dashboard")
        self.set_class(self.size.width < NARROW, "narrow")
        self.query_one("#dash-stages", DataTable).focus()
        self.count()
        self.watch_changes(self.count)

    def on_resize(self) -> None:
        super().on_resize()
        self.set_class(self.size.width < NARROW, "narrow")

    # -- reading ------------------------------------------------------------------------------

    def count(self) -> None:
        from complaints_tui.services.queues.backlog import dashboard
        from complaints_tui.services.queues.trends import trends

        actor, today = self.session.actor(), self.session.today()
        self.run_service(
            lambda store: dashboard(store, actor, today=today),
            self._show_backlog,
            group="dashboard-counts",
            exclusive=True,
        )
        self.run_service(
            lambda store: trends(store, today=today),
            self._show_trends,
            group="dashboard-trends",
            exclusive=True,
        )

    def _show_backlog(self, found: Backlog) -> None:
        self.backlog = found
        self.query_one("#dash-status", Static).update(
            Text(
                f"As of {found.today:%a %-d %b %Y}; {found.soon_words()}. "
                "Enter on a number opens those cases; Tab moves between tables."
            )
        )
        self._fill_stages(found)
        self._fill_workers("dash-teams", found.teams, by_team=True)
        self._fill_workers("dash-handlers", found.handlers, by_team=False)
        self._fill_oldest(found)

    def _keep_cursor(self, table: DataTable[Any]) -> tuple[int, int]:
        return table.cursor_coordinate.row, table.cursor_coordinate.column

    def _fill_stages(self, found: Backlog) -> None:
        table = self.query_one("#dash-stages", DataTable)
        cursor = self._keep_cursor(table)
        table.clear()
        figures: dict[tuple[int, int], Figure] = {}
        for index, row in enumerate(found.rows):
            stage = STAGE_NAMES.get(row.stage, f"Stage {row.stage}")
            cells: list[Text] = [Text(stage), Text(row.deadline.label)]
            for column, (wanted, _, style) in enumerate(FIGURES, start=2):
                value = row.counts.of(wanted)
                cells.append(_count(value, style))
                figures[(index, column)] = Figure(
                    _drill(row.stage, wanted, due_kind=row.deadline),
                    f"{row.deadline.label.lower()} {wanted.value.replace('_', ' ')}",
                    value,
                )
            extended = Text("")
            if row.deadline is DeadlineKind.RESPOND:
                value = found.extended.get(row.stage, 0)
                extended = _count(value, "")
                figures[(index, 5)] = Figure(
                    _drill(row.stage, DeadlineFilter.EXTENDED), "extended", value
                )
            cells.append(extended)
            table.add_row(*cells)
        self._figures["dash-stages"] = figures
        _restore(table, cursor, first_column=2)

    def _fill_workers(self, table_id: str, rows: list[WorkerRow], *, by_team: bool) -> None:
        table = self.query_one(f"#{table_id}", DataTable)
        cursor = self._keep_cursor(table)
        table.clear()
        figures: dict[tuple[int, int], Figure] = {}
        for index, row in enumerate(rows):
            cells: list[Text] = [Text(STAGE_NAMES.get(row.stage, "")), Text(shorten(row.name, 18))]
            for column, (wanted, _, style) in enumerate(FIGURES, start=2):
                value = row.counts.of(wanted)
                cells.append(_count(value, style))
                figures[(index, column)] = Figure(
                    _drill(row.stage, wanted, worker=row),
                    f"{wanted.value.replace('_', ' ')} · {row.name}",
                    value,
                )
            cells.append(_count(row.open_cases, ""))
            figures[(index, 5)] = Figure(
                _drill(row.stage, DeadlineFilter.ANY, worker=row), row.name, row.open_cases
            )
            table.add_row(*cells)
        if not rows:
            table.add_row(Text(""), Text("no open cases", style="dim"), *[Text("")] * 4)
        self._figures[table_id] = figures
        _restore(table, cursor, first_column=2)

    def _fill_oldest(self, found: Backlog) -> None:
        table = self.query_one("#dash-oldest", DataTable)
        cursor = self._keep_cursor(table)
        table.clear()
        for row in found.oldest_overdue:
            due = f"✖ {row.next_due_on:%-d %b %y} " if row.next_due_on else ""
            kind = {"acknowledge": "ack", "respond": "reply"}.get(row.next_due_kind or "", "")
            table.add_row(
                Text.assemble((due, "bold red"), kind),
                Text(row.reference),
                Text(STAGE_NAMES.get(row.stage, "")),
                Text(shorten(row.resident_name or "anonymous", 15)),
                Text(shorten(row.handler_name or "unassigned", 15)),
                key=str(row.id),
            )
        if not found.oldest_overdue:
            table.add_row(Text(""), Text("nothing overdue", style="dim"), *[Text("")] * 3)
        _restore(table, cursor, first_column=0)

    def _show_trends(self, found: Trends) -> None:
        self.trends = found
        self.query_one("#spark-received", Sparkline).data = [float(n) for n in found.received]
        self.query_one("#spark-closed", Sparkline).data = [float(n) for n in found.closed]
        shares = found.on_time_share()
        self.query_one("#spark-on-time", Sparkline).data = [100 * share for share in shares]
        weeks = len(found.weeks)
        self.query_one("#figures-received", Static).update(
            Text(f"week {found.received[-1]:,} · total {sum(found.received):,}")
        )
        self.query_one("#figures-closed", Static).update(
            Text(f"week {found.closed[-1]:,} · total {sum(found.closed):,}")
        )
        answered, on_time = sum(found.answered), sum(found.on_time)
        overall = f"{100 * on_time / answered:.0f}%" if answered else "none"
        latest = found.answered[-1]
        month = f"{100 * shares[-1]:.0f}%" if latest else "none"
        self.query_one("#figures-on-time", Static).update(Text(f"month {month} · year {overall}"))
        tops = Text()
        for title, names in (("category", found.top_categories),
                             ("service area", found.top_areas)):  # fmt: skip
            tops.append(f"By {title} ({weeks} weeks, quick fixes too): ", style="bold")
            tops.append(" · ".join(f"{name} {count:,}" for name, count in names) or "none")
            tops.append("\n")
        tops.rstrip()
        self.query_one("#tops", Static).update(tops)

    # -- actions ------------------------------------------------------------------------------

    def action_open_figure(self) -> None:
        table = self.focused
        if not isinstance(table, DataTable) or self.backlog is None:
            return
        if table.id == "dash-oldest":
            self._open_oldest(table)
            return
        coordinate = table.cursor_coordinate
        figure = self._figures.get(table.id or "", {}).get((coordinate.row, coordinate.column))
        if figure is None:
            self.app.notify(
                "Move to a number (←/→) and press Enter to open those cases.", markup=False
            )
            return
        if figure.count == 0:
            self.app.notify(f"No cases there ({figure.about}).", markup=False)
            return
        from complaints_tui.screens.queue import QueueScreen

        self.app.push_screen(
            QueueScreen(self.session, figure.query, about=figure.about), lambda _: self.count()
        )

    def _open_oldest(self, table: DataTable[Any]) -> None:
        assert self.backlog is not None
        rows = self.backlog.oldest_overdue
        if not rows:
            return
        row = rows[max(0, min(table.cursor_row, len(rows) - 1))]
        from complaints_tui.screens.workspace import CaseWorkspace

        self.app.push_screen(CaseWorkspace(self.session, row.id), lambda _: self.count())

    def action_refresh(self) -> None:
        self.count()

    def action_move_cell(self) -> None:
        """Arrows move within a table (the table takes them); from anywhere else, to the first."""
        self.query_one("#dash-stages", DataTable).focus()

    def action_back(self) -> None:
        self.dismiss(None)


def _drill(
    stage: int,
    wanted: DeadlineFilter,
    *,
    due_kind: DeadlineKind | None = None,
    worker: WorkerRow | None = None,
) -> DeskQuery:
    from complaints_tui.services.queues.backlog import drill_down

    return drill_down(stage, wanted, due_kind=due_kind, worker=worker)


def _restore(table: DataTable[Any], cursor: tuple[int, int], *, first_column: int) -> None:
    """The cursor back where it was after a recount (on the first number the first time)."""
    if table.row_count == 0:
        return
    row, column = cursor
    column = column if column >= first_column else first_column
    table.move_cursor(row=min(row, table.row_count - 1), column=column, animate=False)
