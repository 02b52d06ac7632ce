"""A stage's queue: cases by next due date, the deadline as a symbol and a word as well as a
colour, filtered by whose, deadline, area, category and vulnerability, searched by reference or
name. A page at a time from SQL in a worker; read again when another terminal changes a case,
with the cursor kept on the same case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from complaints_tui.domain.roles import Role
from complaints_tui.screens.base import AppScreen
from complaints_tui.screens.messages import QueueShown
from complaints_tui.services.people.types import ServiceAreaInfo, UserInfo
from complaints_tui.services.queues.types import (
    DeadlineFilter,
    DeskPage,
    DeskQuery,
    DeskRow,
    QueueScope,
    Reassigned,
)
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.header import AppHeader
from complaints_tui.widgets.safe import clean, shorten

if TYPE_CHECKING:
    from complaints_tui.services.session import Store

PAGE_SIZE = 25
STAGE_NAMES = {1: "Stage 1", 2: "Stage 2", 3: "Final stage"}
SCOPE_WORDS = {
    QueueScope.MINE: "mine",
    QueueScope.TEAM: "my team",
    QueueScope.UNASSIGNED: "unassigned",
    QueueScope.ALL: "all",
}
DEADLINE_WORDS = {
    DeadlineFilter.ANY: "any deadline",
    DeadlineFilter.OVERDUE: "overdue",
    DeadlineFilter.DUE_TODAY: "due today",
    DeadlineFilter.DUE_SOON: "due soon",
    DeadlineFilter.ON_TRACK: "on track",
    DeadlineFilter.EXTENDED: "extended",
}
# Colour is never the only signal: each state has a symbol and a word (DeadlineState).
STATE_STYLES = {"overdue": "bold red", "due_today": "bold yellow", "due_soon": "yellow"}
REASSIGNERS = frozenset({Role.TEAM_LEAD, Role.ADMIN})  # the services decide case by case
COLUMNS = (("Due", 22), ("Reference", 18), ("Resident", 22), ("Handler", 16), ("About", 30))


def state_cell(row: DeskRow) -> Text:
    if row.next_due_on is None or row.state is None:
        return Text("—")
    words = f"{row.state.symbol} {row.state.label}"
    if row.state.value == "upcoming":
        words = "· on track"
    if row.extended:
        words += " ⇥"
    style = STATE_STYLES.get(row.state.value, "")
    return Text(f"{words} {row.next_due_on:%-d %b}", style=style)


class QueueScreen(AppScreen[None]):
    SCOPE = Scope.QUEUE
    HELP_TITLE = "the queue"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.QUEUE))
    DEFAULT_CSS = """
    QueueScreen .filters { height: auto; margin: 0 1; }
    QueueScreen .filters Select { width: 1fr; }
    QueueScreen #vulnerable { width: auto; }
    QueueScreen #queue-search { margin: 0 1; }
    QueueScreen #queue-table { height: 1fr; margin: 0 1; }
    QueueScreen #queue-status { height: auto; margin: 0 1; color: $text-muted; }
    """

    def __init__(
        self, session: AppSession, query: DeskQuery | None = None, *, about: str = ""
    ) -> None:
        super().__init__(session)
        self.query_now = query or DeskQuery(stage=1)
        self.about = about  # a dashboard figure's words ("respond · overdue · Sarah Edwards")
        self.scopes: tuple[QueueScope, ...] = (self.query_now.scope,)
        self.stages: tuple[int, ...] = (self.query_now.stage,)  # the profile's, once read
        self.areas: list[ServiceAreaInfo] = []
        self._rows: list[DeskRow] = []
        self._offset = 0
        self._has_more = False
        self._loaded_once = False
        # From a dashboard figure: the deadline in view, a handler or a team, kept while the
        # queue is everyone's (another "whose" drops it).
        self.narrowing: DeskQuery | None = self.query_now if self.query_now.narrowed else None
        self.marked: dict[int, DeskRow] = {}  # case id: the row as seen (its version)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Horizontal(classes="filters"):
            wanted = self.query_now  # the real choices arrive with the landlord's profile
            yield Select(
                [(STAGE_NAMES.get(wanted.stage, "Stage"), str(wanted.stage))],
                allow_blank=False,
                id="stage",
                compact=True,
            )
            yield Select(
                [(SCOPE_WORDS[wanted.scope], wanted.scope.value)],
                allow_blank=False,
                id="scope",
                compact=True,
            )
            yield Select(
                [(words, value.value) for value, words in DEADLINE_WORDS.items()],
                value=self.query_now.deadline.value,
                allow_blank=False,
                id="deadline",
                compact=True,
            )
        with Horizontal(classes="filters"):
            yield Select([], prompt="Any service area", id="area", compact=True)
            yield Select([], prompt="Any category", id="category", compact=True)
            yield Checkbox("Vulnerable only", id="vulnerable", compact=True)
        yield Input(
            placeholder="Find a reference or a resident's name", id="queue-search", compact=True
        )
        table: DataTable[Any] = DataTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        yield table
        yield Static(Text("Reading the queue…"), id="queue-status")
        yield AppFooter()

    def on_mount(self) -> None:
        from complaints_tui.services import desk_scopes, desk_stages
        from complaints_tui.services.people.users import list_service_areas

        actor = self.session.actor()
        self.scopes = desk_scopes(actor.role)

        def read(store: Store) -> tuple[tuple[int, ...], list[ServiceAreaInfo]]:
            return desk_stages(store), list_service_areas(store)

        self.run_service(read, self._set_up)
        self.query_one("#queue-table", DataTable).focus()
        self.watch_changes(self.refresh_rows)

    def _set_up(self, loaded: tuple[tuple[int, ...], list[ServiceAreaInfo]]) -> None:
        self.stages, self.areas = loaded
        wanted = self.query_now
        if wanted.scope not in self.scopes and self.scopes:
            wanted = _with(wanted, scope=self.scopes[0])
        with self.prevent(Select.Changed):
            stage = self.query_one("#stage", Select)
            stage.set_options([(STAGE_NAMES.get(n, f"Stage {n}"), str(n)) for n in self.stages])
            stage.value = str(wanted.stage if wanted.stage in self.stages else self.stages[0])
            scope = self.query_one("#scope", Select)
            scope.set_options([(SCOPE_WORDS[s], s.value) for s in self.scopes])
            if self.scopes:
                scope.value = wanted.scope.value
            self.query_one("#area", Select).set_options(
                [(Text(area.name), str(area.id)) for area in self.areas]
            )
        self._filters_changed()

    # -- the query from the filters ---------------------------------------------------------

    def _query_from_filters(self) -> DeskQuery:
        def chosen(widget_id: str) -> str | None:
            value = self.query_one(f"#{widget_id}", Select).value
            return None if value is Select.NULL else str(value)

        area = chosen("area")
        category = chosen("category")
        scope = QueueScope(chosen("scope") or self.query_now.scope.value)
        if scope is not QueueScope.ALL:
            self.narrowing = None
        narrowing = self.narrowing or DeskQuery(stage=1)
        return DeskQuery(
            stage=int(chosen("stage") or self.query_now.stage),
            scope=scope,
            due_kind=narrowing.due_kind,
            handler_id=narrowing.handler_id,
            team=narrowing.team,
            service_area_id=int(area) if area else None,
            category_id=int(category.partition(":")[2]) if category else None,
            deadline=DeadlineFilter(chosen("deadline") or DeadlineFilter.ANY.value),
            vulnerable_only=self.query_one("#vulnerable", Checkbox).value,
            text=self.query_one("#queue-search", Input).value.strip(),
        )

    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(Input.Changed, "#queue-search")
    def _filters_changed(self, event: object = None) -> None:
        if isinstance(event, Select.Changed) and event.select.id == "area":
            self._fill_categories()
        self.query_now = self._query_from_filters()
        self.marked.clear()  # a mark the new filter hides must not be re-assigned unseen
        self.set_context(self._context_words())
        self._offset = 0
        self.read_page(keep=None)
        self.post_message(QueueShown(self.query_now))

    def _context_words(self) -> str:
        """The header's words: the stage and whose, and the dashboard figure it came from."""
        query = self.query_now
        words = f"{STAGE_NAMES.get(query.stage, '')} · {SCOPE_WORDS[query.scope]}"
        if self.narrowing is not None and self.about:
            return f"{words} · {self.about}"  # the figure's words name its deadline filter
        if query.deadline is not DeadlineFilter.ANY:
            words += f" · {DEADLINE_WORDS[query.deadline]}"
        return words

    def _fill_categories(self) -> None:
        area_value = self.query_one("#area", Select).value
        area = next((a for a in self.areas if str(a.id) == area_value), None)
        categories = self.query_one("#category", Select)
        with self.prevent(Select.Changed):
            categories.set_options(
                [(Text(name), f"{area.id}:{cid}") for cid, name in area.categories] if area else []
            )

    # -- reading pages ------------------------------------------------------------------------

    def read_page(self, keep: int | None) -> None:
        """Read the page at the current offset; `keep`: the case to leave the cursor on."""
        from complaints_tui.services import desk_queue

        actor, today = self.session.actor(), self.session.today()
        query, offset = self.query_now, self._offset
        self.run_service(
            lambda store: desk_queue(
                store, actor, query, limit=PAGE_SIZE, offset=offset, today=today
            ),
            lambda page: self._show(query, page, keep),
            group="queue-read",
            exclusive=True,
        )

    def refresh_rows(self) -> None:
        """Another terminal changed something: read the page again, cursor on the same case."""
        current = self.current_row()
        self.read_page(keep=current.id if current is not None else None)

    def _show(self, query: DeskQuery, page: DeskPage, keep: int | None) -> None:
        if query != self.query_now:
            return  # a newer filter is on its way
        self._rows, self._has_more, self._loaded_once = page.rows, page.has_more, True
        table = self.query_one("#queue-table", DataTable)
        table.clear()
        for row in page.rows:
            who = Text(shorten(row.resident_name or "anonymous", 22))
            if row.vulnerable:
                who.append(" ♥", style="bold")
            if row.restricted:
                who.append(" ⛔", style="bold")
            table.add_row(
                state_cell(row),
                self._reference_cell(row),
                who,
                Text(shorten(row.handler_name or "unassigned", 16)),
                Text(shorten(row.summary, 30)),
                key=str(row.id),
            )
        if page.rows:
            index = next((i for i, r in enumerate(page.rows) if r.id == keep), 0)
            table.move_cursor(row=index)
        if page.rows:
            self._say_marked()
        else:
            status = (
                "No case matches the search (a reference, or the start of a word of a name)."
                if self.query_now.text
                else "No cases here. F7 changes whose queue, F8 the deadline filter."
            )
            self.query_one("#queue-status", Static).update(Text(status))
        self.keys_depend_on(self._has_more, self._offset > 0, bool(page.rows))

    @property
    def rows(self) -> list[DeskRow]:
        return list(self._rows)

    def current_row(self) -> DeskRow | None:
        if not self._rows:
            return None
        cursor = self.query_one("#queue-table", DataTable).cursor_row
        return self._rows[max(0, min(cursor, len(self._rows) - 1))]

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "more_rows":
            return self._has_more
        if action == "fewer_rows":
            return self._offset > 0
        if action == "reassign":
            return self.session.user is not None and self.session.user.role in REASSIGNERS
        if action == "mark":
            return (
                bool(self._rows)
                and isinstance(self.focused, DataTable)
                and (self.session.user is not None and self.session.user.role in REASSIGNERS)
            )
        if action in ("open_case", "move"):
            # Only from the table or the search box: a filter list keeps its own keys.
            return bool(self._rows) and isinstance(self.focused, DataTable | Input)
        if action == "next_scope":
            return len(self.scopes) > 1
        if action == "next_stage":
            return len(self.stages) > 1
        return True

    def action_open_case(self) -> None:
        row = self.current_row()
        if row is None:
            return
        from complaints_tui.screens.workspace import CaseWorkspace

        self.app.push_screen(CaseWorkspace(self.session, row.id), lambda _: self.refresh_rows())

    def action_move(self, step: int) -> None:
        table = self.query_one("#queue-table", DataTable)
        if self._rows:
            table.move_cursor(row=max(0, min(len(self._rows) - 1, table.cursor_row + step)))

    def action_more_rows(self) -> None:
        if self._has_more:
            self._offset += PAGE_SIZE
            self.read_page(keep=None)

    def action_fewer_rows(self) -> None:
        if self._offset:
            self._offset = max(0, self._offset - PAGE_SIZE)
            self.read_page(keep=None)

    def action_refresh(self) -> None:
        self.refresh_rows()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:  # never the app's bare default screen
            self.dismiss(None)

    def action_find(self) -> None:
        self.query_one("#queue-search", Input).focus()

    def _cycle(self, widget_id: str, values: list[str]) -> None:
        select = self.query_one(f"#{widget_id}", Select)
        if not values:
            return
        current = str(select.value)
        select.value = (
            values[(values.index(current) + 1) % len(values)] if current in values else values[0]
        )

    def action_next_stage(self) -> None:
        self._cycle("stage", [str(n) for n in self.stages])

    def action_next_scope(self) -> None:
        self._cycle("scope", [s.value for s in self.scopes])

    def action_next_deadline(self) -> None:
        self._cycle("deadline", [d.value for d in DeadlineFilter])

    def action_toggle_vulnerable(self) -> None:
        box = self.query_one("#vulnerable", Checkbox)
        box.value = not box.value

    # -- re-assigning many --------------------------------------------------------------------

    def action_mark(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if self.marked.pop(row.id, None) is None:
            self.marked[row.id] = row
        table = self.query_one("#queue-table", DataTable)
        table.update_cell(str(row.id), table.ordered_columns[1].key, self._reference_cell(row))
        self.action_move(1)
        self._say_marked()

    def _reference_cell(self, row: DeskRow) -> Text:
        if row.id in self.marked:
            return Text.assemble(("✓ ", "bold"), row.reference)
        return Text(row.reference)

    def _say_marked(self) -> None:
        first, last = self._offset + 1, self._offset + len(self._rows)
        more = "  PageDown for more." if self._has_more else ""
        status = f"Cases {first}–{last}, soonest due first.{more}  Enter opens one."
        if self.narrowing is not None and self.about:
            status = f"From the dashboard: {self.about}.  {status}"
        if self.marked:
            status = f"{len(self.marked)} marked (Space)  F3 re-assigns them.  " + status
        self.query_one("#queue-status", Static).update(Text(status))

    def action_reassign(self) -> None:
        chosen = list(self.marked.values())
        what = (
            f"the marked case {chosen[0].reference}"
            if len(chosen) == 1
            else f"the {len(chosen)} marked cases"
        )
        if not chosen:
            row = self.current_row()
            chosen = [row] if row is not None else []
            what = f"the highlighted case {row.reference}" if row is not None else ""
        if not chosen:
            self.app.notify("There is no case here to re-assign.", markup=False)
            return
        from complaints_tui.screens.reassign import HandlerPicker
        from complaints_tui.services.people.users import list_users

        def pick(users: list[UserInfo]) -> None:
            self.app.push_screen(
                HandlerPicker(self.session, users, what),
                lambda handler_id: self._reassign(chosen, handler_id),
            )

        self.run_service(list_users, pick)

    def _reassign(self, chosen: list[DeskRow], handler_id: int | None) -> None:
        if handler_id is None:
            return
        from complaints_tui.services.cases.bulk import reassign_cases

        actor = self.session.actor()
        cases = [(row.id, row.version) for row in chosen]
        self.run_service(
            lambda store: reassign_cases(store, actor, cases, handler_id),
            self._reassigned,
        )

    def _reassigned(self, done: Reassigned) -> None:
        moved = len(done.moved)
        words = ""
        if moved:
            words = (
                f"Re-assigned {moved} case{'s' if moved != 1 else ''} to {done.handler_name}: "
                f"{', '.join(done.moved)}."
            )
        if done.left:
            words += (
                (" " if words else "")
                + "Left as they were: "
                + "; ".join(f"{reference}: {why}" for reference, why in done.left)
            )
        self.app.notify(
            clean(words),
            title="Re-assigned" if moved else "Not re-assigned",
            severity="warning" if done.left else "information",
            markup=False,
        )
        self.marked.clear()
        self.refresh_rows()


def _with(query: DeskQuery, **changes: Any) -> DeskQuery:
    from dataclasses import replace

    return replace(query, **changes)
