"""Administration: users and teams, service areas and their routing pools, office closure days,
the shared settings (profile, due soon, letterhead) with the profile checked against the Code,
the letters (letterhead, ombudsman details, each template previewed on sample cases:
`screens.admin_letters`) and this terminal's keys. One tab each (F6 moves on); `a` adds, `e`
edits, `d` deactivates or reopens or puts back, `o` marks a user away, `v` shows a sample letter.
Every change is a service call (administrators only, audited); the forms (people and areas in
`screens.admin_forms`) refuse bad input in a sentence and keep what was typed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from complaints_tui.screens.admin_forms import (
    area_form,
    deactivate_form,
    refuse,
    user_form,
)
from complaints_tui.screens.admin_letters import LettersPane
from complaints_tui.screens.base import AppScreen
from complaints_tui.screens.form import Field, FieldKind, SettingsForm
from complaints_tui.services.errors import RuleViolation
from complaints_tui.services.people.types import Actor, ServiceAreaInfo, UserInfo
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.header import AppHeader
from complaints_tui.widgets.safe import shorten

if TYPE_CHECKING:
    from complaints_tui.services.closures import ClosureInfo
    from complaints_tui.services.config import ConfigEntry
    from complaints_tui.services.letters.samples import LettersSetup
    from complaints_tui.services.people.types import ReassignLine
    from complaints_tui.services.session import Store

TABS = ("users", "areas", "calendar", "settings", "letters", "keys")
SETTINGS_NOTE = (
    "e (Edit) the highlighted setting · c checks a profile file of your own · Tab to read the "
    "profile check"
)
# What each key does on each tab (a key shows in the footer only where it applies).
APPLIES = {
    "add": {"users", "areas", "calendar"},
    "edit": {"users", "areas", "settings", "letters", "keys"},
    "preview": {"letters"},
    "check_file": {"settings"},
    "remove": {"users", "calendar", "keys"},
    "toggle_away": {"users"},
    "reset_password": {"users"},
}


@dataclass(frozen=True)
class Office:
    """Everything the tabs show, read in one worker."""

    users: list[UserInfo]
    areas: list[ServiceAreaInfo]
    closures: list[ClosureInfo]
    closure_warning: str | None
    settings: list[ConfigEntry]
    profile_check: list[str]
    to_reassign: list[ReassignLine]
    letters: LettersSetup


def _read(store: Store, actor: Actor) -> Office:
    from complaints_tui.domain.code_check import code_notes, departures_from_code
    from complaints_tui.services.closures import landlord_closure_warning, list_closures
    from complaints_tui.services.config import config_entries
    from complaints_tui.services.letters.samples import letters_setup
    from complaints_tui.services.people.areas import list_service_areas
    from complaints_tui.services.people.users import landlord_profile, list_users
    from complaints_tui.services.queues.reassign import cases_to_reassign

    profile = landlord_profile(store)
    departures = departures_from_code(profile)
    check = [
        f"{profile.name}: "
        + (f"{len(departures)} departures from the Code." if departures else "follows the Code.")
    ]
    check += [f"✖ {d.key}: {d.finding} (the Code: {d.requirement})" for d in departures]
    check += [f"· {n.key}: {n.finding}" for n in code_notes(profile)]
    return Office(
        users=list_users(store, include_inactive=True),
        areas=list_service_areas(store),
        closures=list_closures(store),
        closure_warning=landlord_closure_warning(store),
        settings=config_entries(store),
        profile_check=check,
        to_reassign=cases_to_reassign(store, actor),
        letters=letters_setup(store),
    )


class AdminScreen(AppScreen[None]):
    SCOPE = Scope.ADMIN
    HELP_TITLE = "administration"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.ADMIN))
    DEFAULT_CSS = """
    AdminScreen #admin-tabs { height: 1fr; }
    AdminScreen TabPane { height: 1fr; }
    AdminScreen DataTable { height: auto; max-height: 1fr; }
    AdminScreen #users-table, AdminScreen #areas-table, AdminScreen #keys-table { height: 1fr; }
    AdminScreen #reassign-table { max-height: 8; }
    AdminScreen #settings-table { max-height: 12; }
    AdminScreen #profile-scroll { height: 1fr; }
    AdminScreen .tab-note { height: auto; color: $text-muted; margin: 0 0 1 0; }
    AdminScreen #to-reassign-title { text-style: bold; margin: 1 0 0 0; }
    """

    def __init__(self, session: AppSession) -> None:
        super().__init__(session)
        self.office: Office | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with TabbedContent(id="admin-tabs"):
            with TabPane("Users", id="users"):
                yield Static(
                    Text(
                        "a (Add) a user · e (Edit) · o (Out of office) · p (Reset password) · "
                        "d (Remove) deactivates"
                    ),
                    classes="tab-note",
                )
                yield self._table("users-table", "Name", "Role", "Team", "Line manager", "State")
                yield Static(Text("Open cases of deactivated users"), id="to-reassign-title")
                yield self._table("reassign-table", "Reference", "Stage", "Handler", "Next due")
            with TabPane("Service areas", id="areas"):
                yield Static(
                    Text("a (Add) an area · e (Edit) its pools and categories"), classes="tab-note"
                )
                yield self._table(
                    "areas-table", "Area", "Managers (stage 1)", "Reviewers (stage 2)", "Categories"
                )
            with TabPane("Closure days", id="calendar"):
                yield Static(Text(""), id="calendar-note", classes="tab-note")
                yield self._table("calendar-table", "Day", "Reason", "Closed by")
            with TabPane("Settings", id="settings"):
                yield Static(
                    Text(SETTINGS_NOTE),
                    classes="tab-note",
                )
                yield self._table("settings-table", "Setting", "Value", "What it is")
                with VerticalScroll(id="profile-scroll", can_focus=True):
                    yield Static(Text(""), id="profile-check", classes="tab-note")
            with TabPane("Letters", id="letters"):
                yield LettersPane(self.session)
            with TabPane("Keys", id="keys"):
                yield Static(
                    Text(
                        "This terminal's keys: e (Edit) gives an action another key (from the next "
                        "start), d (Remove) puts the shipped one back."
                    ),
                    classes="tab-note",
                )
                yield self._table("keys-table", "Where", "Action", "Key")
        yield AppFooter()

    def _table(self, table_id: str, *columns: str) -> DataTable[Any]:
        table: DataTable[Any] = DataTable(id=table_id, cursor_type="row", zebra_stripes=True)
        for column in columns:
            table.add_column(column)
        return table

    def on_mount(self) -> None:
        self.set_context("Administration")
        self.reload()
        self.watch_changes(self.reload)

    # -- reading ------------------------------------------------------------------------------

    def reload(self) -> None:
        actor = self.session.actor()
        self.run_service(
            lambda store: _read(store, actor), self._show, group="admin-read", exclusive=True
        )

    def _show(self, office: Office) -> None:
        self.office = office
        names = {user.id: user.name for user in office.users}
        inactive = {user.id for user in office.users if not user.active}
        away = {user.id for user in office.users if user.active and user.out_of_office}

        def pool(people: tuple[tuple[int, str], ...]) -> str:
            return (
                ", ".join(
                    name
                    + (" (deactivated)" if uid in inactive else " (away)" if uid in away else "")
                    for uid, name in people
                )
                or "nobody: cases wait unassigned"
            )

        self._fill(
            "users-table",
            [
                (
                    user.name,
                    user.role.label,
                    user.team,
                    names.get(user.line_manager_id or 0, ""),
                    "deactivated"
                    if not user.active
                    else "out of office"
                    if user.out_of_office
                    else "active",
                )
                for user in office.users
            ],
        )
        self._fill(
            "reassign-table",
            [
                (
                    line.reference,
                    str(line.stage),
                    line.handler_name,
                    f"{line.next_due_kind or ''} {line.next_due_on or ''}".strip(),
                )
                for line in office.to_reassign
            ]
            or [("none", "", "", "")],
        )
        self._fill(
            "areas-table",
            [
                (
                    area.name,
                    pool(area.managers),
                    pool(area.reviewers),
                    ", ".join(name for _, name in area.categories)
                    + "".join(f", {name} (retired)" for _, name in area.retired_categories),
                )
                for area in office.areas
            ],
        )
        self._fill(
            "calendar-table",
            [(f"{c.day:%a %-d %b %Y}", c.reason, c.closed_by) for c in office.closures],
        )
        note = "a (Add) closes a day · d (Remove) reopens the highlighted one."
        if office.closure_warning:
            note = f"{office.closure_warning} {note}"
        self.query_one("#calendar-note", Static).update(Text(note))
        self._fill(
            "settings-table",
            [
                (e.key, e.value + (" (default)" if e.is_default else ""), e.about)
                for e in office.settings
            ],
        )
        self.query_one("#profile-check", Static).update(
            Text("Policy profile against the Code\n" + "\n".join(office.profile_check))
        )
        self.query_one(LettersPane).show(office.letters)
        self._fill_keys()
        self._keys_now()

    def _fill(self, table_id: str, rows: Sequence[tuple[str, ...]]) -> None:
        table = self.query_one(f"#{table_id}", DataTable)
        row = table.cursor_row
        table.clear()
        for values in rows:
            table.add_row(*(Text(shorten(value, 60)) for value in values))
        if rows:
            table.move_cursor(row=min(row, len(rows) - 1))

    def _fill_keys(self) -> None:
        from complaints_tui.keymap import binding_id
        from complaints_tui.terminal_config import read_keymap_file
        from complaints_tui.ui_commands import COMMANDS

        mine = read_keymap_file()
        self._key_ids = []
        rows = []
        for command in COMMANDS:
            entry = binding_id(command)
            self._key_ids.append(entry)
            key = mine.get(entry, command.key)
            rows.append(
                (str(command.scope), command.label, key + (" (yours)" if entry in mine else ""))
            )
        self._fill("keys-table", rows)

    # -- which tab, which row -----------------------------------------------------------------

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active or "users"

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self._keys_now()
        table = self.query_one(f"#{self.tab} DataTable", DataTable)
        table.focus()

    def _keys_now(self) -> None:
        self.keys_depend_on(self.tab, self.office is not None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        applies = APPLIES.get(action)
        if applies is None:
            return True
        return self.office is not None and self.tab in applies

    def _row(self, table_id: str) -> int | None:
        table = self.query_one(f"#{table_id}", DataTable)
        return table.cursor_row if table.row_count else None

    def _users(self) -> list[UserInfo]:
        return self.office.users if self.office else []

    def _user(self) -> UserInfo | None:
        row = self._row("users-table")
        return self.office.users[row] if self.office and row is not None else None

    def _area(self) -> ServiceAreaInfo | None:
        row = self._row("areas-table")
        if self.office is None or row is None or row >= len(self.office.areas):
            return None
        return self.office.areas[row]

    def _open(self, form: SettingsForm) -> None:
        self.app.push_screen(form, lambda said: self.reload() if said else None)

    # -- actions ------------------------------------------------------------------------------

    def action_next_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = TABS[(TABS.index(self.tab) + 1) % len(TABS)]

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        if self.tab == "users":
            self._open(user_form(self.session, self._users(), None))
        elif self.tab == "areas":
            self._open(area_form(self.session, self._users(), None))
        elif self.tab == "calendar":
            self._open(self._close_day_form())

    def action_edit(self) -> None:
        if self.tab == "users" and (user := self._user()) is not None:
            self._open(user_form(self.session, self._users(), user))
        elif self.tab == "areas" and (area := self._area()) is not None:
            self._open(area_form(self.session, self._users(), area))
        elif self.tab == "settings":
            self._edit_setting()
        elif self.tab == "letters" and (form := self.query_one(LettersPane).letterhead_form()):
            self._open(form)
        elif self.tab == "keys":
            self._edit_key()

    def action_preview(self) -> None:
        if self.tab == "letters":
            self.query_one(LettersPane).preview()

    def action_remove(self) -> None:
        if self.tab == "users" and (user := self._user()) is not None:
            self._open(deactivate_form(self.session, user))
        elif self.tab == "calendar":
            self._reopen_day()
        elif self.tab == "keys":
            self._put_key_back()

    def action_toggle_away(self) -> None:
        user = self._user()
        if user is None:
            return
        from complaints_tui.services.people.users import update_user

        away = not user.out_of_office

        def change(store: Store, actor: Actor) -> str:
            update_user(store, actor, user.id, out_of_office=away)
            return f"{user.name} is {'out of office' if away else 'back in the office'}."

        actor = self.session.actor()
        self.run_service(lambda store: change(store, actor), self._said)

    def action_reset_password(self) -> None:
        """Clear the highlighted user's password and any lock, after asking (administrator)."""
        user = self._user()
        if user is None:
            return
        from complaints_tui.screens.confirm import ConfirmScreen
        from complaints_tui.services.people.passwords import reset_password

        actor, now = self.session.actor(), self.session.now()

        def reset(store: Store) -> str:
            reset_password(store, actor, user.id, now=now)
            return f"{user.name}'s password is reset: they choose a new one at their next sign-in."

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_service(reset, self._said)

        self.app.push_screen(
            ConfirmScreen(
                f"Reset {user.name}'s password? They choose a new one when they next sign in, "
                "and any lock is lifted."
            ),
            answered,
        )

    def _said(self, sentence: str) -> None:
        self.app.notify(sentence, markup=False)
        self.reload()

    # -- the forms ----------------------------------------------------------------------------

    def _close_day_form(self) -> SettingsForm:
        from complaints_tui.services.closures import close_day

        def change(store: Store, actor: Actor, v: dict[str, Any], now: datetime | None) -> str:
            return " ".join(close_day(store, actor, v["day"], v["reason"], now=now).sentences())

        warning = self.office.closure_warning if self.office else None
        return SettingsForm(
            self.session,
            "Close the office for a day",
            warning
            or "Deadlines that count across the day move on by it; each case moved is "
            "audited and the number is shown.",
            (
                Field("day", "Day", FieldKind.DATE),
                Field("reason", "Reason", hint="Christmas shut-down"),
            ),
            change,
        )

    def _reopen_day(self) -> None:
        row = self._row("calendar-table")
        if self.office is None or row is None or not self.office.closures:
            return
        closure = self.office.closures[row]
        from complaints_tui.services.closures import reopen_day

        def change(store: Store, actor: Actor, v: dict[str, Any], now: datetime | None) -> str:
            return " ".join(reopen_day(store, actor, closure.day, now=now).sentences())

        self._open(
            SettingsForm(
                self.session,
                f"Reopen {closure.day:%a %-d %b %Y}",
                f"It becomes a working day again ({closure.reason}).",
                (Field("sure", "Yes, reopen it", FieldKind.TICK),),
                lambda s, a, v, n: change(s, a, v, n) if v["sure"] else refuse("Tick “Yes” first."),
            )
        )

    def _edit_setting(self) -> None:
        row = self._row("settings-table")
        if self.office is None or row is None:
            return
        entry = self.office.settings[row]
        from complaints_tui.services.config import set_config

        def change(store: Store, actor: Actor, v: dict[str, Any], now: datetime | None) -> str:
            done = set_config(store, actor, entry.key, v["value"], now=now)
            return f"{entry.key} = {getattr(done, 'value', v['value'])}."

        self._open(
            SettingsForm(
                self.session,
                f"Change {entry.key}",
                entry.about,
                (Field("value", "Value", value=entry.value),),
                change,
            )
        )

    def action_check_file(self) -> None:
        """A landlord's own profile (a shipped one copied and edited): read and checked against
        the Code with the CLI's sentences (`complaints policy check FILE`), nothing changed."""

        def change(store: Store, actor: Actor, v: dict[str, Any], now: datetime | None) -> str:
            return profile_file_verdict(v["path"])

        self._open(
            SettingsForm(
                self.session,
                "Check a profile file",
                "Reads a policy profile file (.toml) and says whether it loads and where it "
                "departs from the Code. Nothing is changed.",
                (Field("path", "File", hint="/home/you/my-landlord.toml"),),
                change,
            )
        )

    def _edit_key(self) -> None:
        row = self._row("keys-table")
        if row is None:
            return
        entry = self._key_ids[row]
        from complaints_tui.terminal_config import TerminalConfigError, rebind

        def change(store: Store, actor: Actor, v: dict[str, Any], now: datetime | None) -> str:
            try:
                return rebind(entry, v["key"])
            except TerminalConfigError as error:
                raise RuleViolation(str(error)) from error

        self._open(
            SettingsForm(
                self.session,
                f"A key for {entry}",
                "A key name: f9, ctrl+k, shift+f3, a. It takes effect the next time the app "
                "starts.",
                (Field("key", "Key"),),
                change,
            )
        )

    def _put_key_back(self) -> None:
        row = self._row("keys-table")
        if row is None:
            return
        entry = self._key_ids[row]
        from complaints_tui.terminal_config import TerminalConfigError, rebind

        try:
            said = rebind(entry, "default")
        except TerminalConfigError as error:
            self.app.notify(str(error), severity="warning", markup=False)
            return
        self._said(said)


def profile_file_verdict(path_text: str) -> str:
    """One or two sentences on a profile file: why it does not load, or its departures."""
    from pathlib import Path

    from complaints_tui.domain.code_check import departures_from_code
    from complaints_tui.domain.policy import PolicyError, load_profile_file

    try:
        profile = load_profile_file(Path(path_text).expanduser())
    except PolicyError as error:
        raise RuleViolation(str(error)) from error
    departures = departures_from_code(profile)
    if not departures:
        return f"{profile.name} ({profile.id}) loads and follows the Code."
    keys = ", ".join(d.key for d in departures)
    return (
        f"{profile.name} ({profile.id}) loads; {len(departures)} departures from the Code: {keys}."
    )
