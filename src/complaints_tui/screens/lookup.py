"""Resident lookup: search as you type, Enter opens the top hit.

Each keystroke starts an exclusive thread worker that asks the service for one page of results
(paged in SQL); a superseded search drops its answer. Focus stays in the search box: Up and
Down move the highlight, Enter opens it, PageDown/PageUp page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Input, Static

from complaints_tui.screens.base import AppScreen
from complaints_tui.screens.messages import AnonymousCall, LookupReady, OpenResident
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.header import AppHeader
from complaints_tui.widgets.safe import shorten

if TYPE_CHECKING:
    from complaints_tui.services.people.types import ResidentPage, ResidentSummary

PAGE_SIZE = 15
# Postcode, phone and reference keep their width; name and address share what is left, so all
# five columns fit an 80-column terminal (there is no sideways scrolling without a mouse).
FIXED_COLUMNS = (("Postcode", "postcode", 8), ("Phone", "phone", 14), ("Ref", "reference", 10))


def column_widths(table_width: int) -> list[tuple[str, str, int]]:
    """(label, key, width) of each column for a table this wide (cell padding included)."""
    room = table_width - 2 * 5 - 1 - sum(width for _, _, width in FIXED_COLUMNS)
    name = max(12, room * 2 // 5)
    address = max(12, room - name)
    return [("Name", "name", name), ("Address", "address", address), *FIXED_COLUMNS]


class LookupScreen(AppScreen[None]):
    SCOPE = Scope.LOOKUP
    HELP_TITLE = "the resident lookup"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.LOOKUP))

    def __init__(self, session: AppSession) -> None:
        super().__init__(session)
        self._rows: list[ResidentSummary] = []
        self._query = ""
        self._offset = 0
        self._has_more = False
        self._rows_query = ""  # the query whose results the table shows

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(Text("Who is calling?", style="bold"), id="lookup-title")
        yield Input(
            placeholder="Name, postcode, address, reference or phone",
            id="search",
            select_on_focus=False,
        )
        table: DataTable[Any] = DataTable(id="results", cursor_type="row", zebra_stripes=True)
        table.can_focus = False
        yield table
        yield Static(
            Text("Type to search. Enter opens the highlighted resident; F4 if not found."),
            id="lookup-status",
        )
        yield AppFooter()

    def on_mount(self) -> None:
        self.set_context("New call")  # shorter than the app's name: the user and date fit
        self._fit_columns()
        self.query_one("#search", Input).focus()
        self.call_after_refresh(self.post_message, LookupReady())

    def on_resize(self) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        table = self.query_one("#results", DataTable)
        widths = column_widths(max(self.size.width, 80) - 4)  # less the table's margins
        if [column.width for column in table.columns.values()] == [w for _, _, w in widths]:
            return
        table.clear(columns=True)
        for label, key, width in widths:
            table.add_column(label, key=key, width=width)
        self._fill(self._rows)

    # -- searching -----------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        self._query = event.value.strip()
        self._offset = 0
        if not self._query:
            self._show([], False, "Type to search.")
            return
        self.search(self._query, 0)

    @property
    def rows(self) -> list[ResidentSummary]:
        """The residents the table shows now."""
        return list(self._rows)

    @property
    def results_for(self) -> str:
        """The search whose results the table shows (it may lag what is typed)."""
        return self._rows_query

    @property
    def searching_for(self) -> str:
        """What is typed in the search box now (trimmed)."""
        return self._query

    def search(self, query: str, offset: int) -> None:
        from complaints_tui.services.people.residents import search_residents

        self.run_service(
            lambda store: search_residents(store, query, limit=PAGE_SIZE, offset=offset),
            lambda page: self._show_page(query, offset, page),
            group="lookup-search",
            exclusive=True,
        )

    def _show_page(self, query: str, offset: int, page: ResidentPage) -> None:
        rows, has_more = page.rows, page.has_more
        if query != self._query or offset != self._offset:
            return  # a newer search is on its way
        self._rows_query = query
        if rows:
            first, last = offset + 1, offset + len(rows)
            more = "  PageDown for more." if has_more else ""
            status = f"Showing {first}–{last}.{more}  Enter opens the highlighted resident."
        else:
            status = "No resident found. F4 adds the caller as a new resident."
        self._show(rows, has_more, status)

    def _show(self, rows: list[ResidentSummary], has_more: bool, status: str) -> None:
        self._rows = rows
        self._has_more = has_more
        self._fill(rows)
        self.query_one("#lookup-status", Static).update(Text(status))
        self.keys_depend_on(self._has_more, self._offset > 0)

    def _fill(self, rows: list[ResidentSummary]) -> None:
        table = self.query_one("#results", DataTable)
        table.clear()
        widths = [column.width for column in table.columns.values()]
        for row in rows:
            # A value too long for its column ends in "…", so a cut address reads as cut.
            values = (row.name, row.address, row.postcode, row.phone, row.reference)
            table.add_row(
                *(Text(shorten(value, width)) for value, width in zip(values, widths, strict=True)),
                key=str(row.id),
            )
        if rows:
            table.move_cursor(row=0)

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Paging keys show in the footer only when there is a page to go to."""
        if action == "more_results":
            return self._has_more
        if action == "previous_results":
            return self._offset > 0
        return True

    def action_move(self, step: int) -> None:
        table = self.query_one("#results", DataTable)
        if self._rows:
            table.move_cursor(row=max(0, min(len(self._rows) - 1, table.cursor_row + step)))

    def action_more_results(self) -> None:
        if self._has_more:
            self._offset += PAGE_SIZE
            self.search(self._query, self._offset)

    def action_previous_results(self) -> None:
        if self._offset:
            self._offset = max(0, self._offset - PAGE_SIZE)
            self.search(self._query, self._offset)

    def action_open_top(self) -> None:
        if not self._rows:
            if self._query:
                self.notify("Nobody matches yet. F4 adds a new resident.", markup=False)
            return
        row = self._rows[max(0, self.query_one("#results", DataTable).cursor_row)]
        self.post_message(OpenResident(row.id))

    def action_new_resident(self) -> None:
        from complaints_tui.screens.new_resident import NewResidentScreen

        # What the box holds now (its Changed message may still be on its way).
        typed = self.query_one("#search", Input).value
        self.app.push_screen(NewResidentScreen(self.session, typed), self._resident_added)

    def _resident_added(self, resident_id: int | None) -> None:
        if resident_id is not None:
            self.post_message(OpenResident(resident_id))

    def action_anonymous(self) -> None:
        profile = self.session.profile
        if profile is not None and not profile.allows_anonymous:
            self.notify(
                f"{profile.name} does not accept anonymous complaints: ask for a name, or add "
                "the caller with F4.",
                severity="warning",
                markup=False,
            )
            return
        self.post_message(AnonymousCall())
