"""`complaints users …` and `complaints areas …`: staff, service areas and their routing pools,
for scripted set-up. Each writing command acts as an administrator: the one named with `--as`,
else the first active administrator (the oldest account). People and areas are named as they
are listed (any case); what is typed is stored and printed as it is, markup and all."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from complaints_tui.commands.common import fail, one_sentence, reading_store, say, writing_store
from complaints_tui.domain.roles import Role

if TYPE_CHECKING:
    from complaints_tui.services.people.types import Actor, ServiceAreaInfo, UserInfo
    from complaints_tui.store.engine import Store

users_app = typer.Typer(
    no_args_is_help=True, help="Staff: add, list, change and deactivate users (administrator)."
)
areas_app = typer.Typer(
    no_args_is_help=True,
    help="Service areas: their investigating-manager and reviewer pools and categories.",
)

T = TypeVar("T")

AsOption = Annotated[
    str | None,
    typer.Option(
        "--as", help="Act as this administrator (default: the first active administrator)."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print as JSON.")]


def _role(text: str) -> Role:
    """A role by its value or its words: `investigating_manager`, "investigating manager"."""
    wanted = text.strip().casefold().replace("-", "_").replace(" ", "_")
    for role in Role:
        if wanted in (role.value, role.label.casefold().replace(" ", "_")):
            return role
    choices = ", ".join(role.value for role in Role)
    raise fail(f"There is no role {text!r}: choose one of {choices}.", 2)


def _one_named(found: list[T], name: str, what: str) -> T:
    if not found:
        raise fail(f"There is no {what} called {name!r}.", 2)
    if len(found) > 1:
        raise fail(f"More than one {what} is called {name!r}: rename one in the app first.", 2)
    return found[0]


def _user_named(users: Sequence[UserInfo], name: str, *, active_only: bool = True) -> UserInfo:
    """The user of that name (any case): an active one first, else (when allowed) the one
    inactive user who had it."""
    folded = name.strip().casefold()
    named = [user for user in users if user.name.casefold() == folded]
    active = [user for user in named if user.active]
    if active or active_only:
        return _one_named(active, name, "active user")
    return _one_named(named, name, "user")


def _area_named(areas: Sequence[ServiceAreaInfo], name: str) -> ServiceAreaInfo:
    folded = name.strip().casefold()
    return _one_named([a for a in areas if a.name.casefold() == folded], name, "service area")


def _acting_admin(store: Store, as_name: str | None) -> Actor:
    from complaints_tui.services.people.users import list_users

    users = list_users(store)
    if as_name is not None:
        return _user_named(users, as_name)
    admins = sorted((u for u in users if u.role is Role.ADMIN), key=lambda u: u.id)
    if not admins:
        raise fail("There is no active administrator: open the app once to make the first.", 2)
    return admins[0]


@contextmanager
def _refused_in_a_sentence() -> Iterator[None]:
    """What the services refuse (bad input, not allowed) is exit 2; anything else exit 1."""
    from complaints_tui.services.errors import (
        NotFound,
        PermissionDenied,
        RuleViolation,
        ServiceError,
    )

    try:
        yield
    except (RuleViolation, NotFound, PermissionDenied) as error:
        raise fail(str(error), 2) from error
    except ServiceError as error:
        raise fail(str(error)) from error


def _as_admin(as_name: str | None, act: Callable[[Store, Actor], None]) -> None:
    with one_sentence(), _refused_in_a_sentence():
        store = writing_store()
        try:
            act(store, _acting_admin(store, as_name))
        finally:
            store.close()


def _reading(read: Callable[[Store], None]) -> None:
    with one_sentence(), _refused_in_a_sentence():
        store = reading_store()
        try:
            read(store)
        finally:
            store.close()


def _table(rows: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        say("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


# --- users ---------------------------------------------------------------------------------


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Their name, as colleagues will see it.")],
    role: Annotated[str, typer.Option("--role", help="call_handler, investigating_manager, …")],
    team: Annotated[str, typer.Option("--team", help="Their team.")] = "",
    job_title: Annotated[str, typer.Option("--job-title", help="Their job title.")] = "",
    line_manager: Annotated[
        str | None, typer.Option("--line-manager", help="Their line manager's name.")
    ] = None,
    as_name: AsOption = None,
) -> None:
    """Add a user (they choose a password at their first sign-in). On a new database the first
    user must be an administrator, and is added as the first-run screen would."""
    from complaints_tui.services.people.types import NewUser
    from complaints_tui.services.people.users import (
        create_first_admin,
        create_user,
        list_users,
        needs_first_run,
    )

    chosen = _role(role)
    with one_sentence(), _refused_in_a_sentence():
        store = writing_store()
        try:
            first = needs_first_run(store)
            if first and (chosen is not Role.ADMIN or line_manager or team or as_name):
                raise fail(
                    "The database has no users yet: add the first administrator alone "
                    "(users add NAME --role admin [--job-title J]).",
                    2,
                )
            if first:
                made = create_first_admin(store, name, job_title=job_title)
                say(f"Added {made.name} (administrator), the first user.")
                return
        finally:
            store.close()

    def act(store: Store, admin: Actor) -> None:
        manager_id = None
        if line_manager is not None:
            manager_id = _user_named(list_users(store), line_manager).id
        new = NewUser(name, chosen, team=team, job_title=job_title, line_manager_id=manager_id)
        made = create_user(store, admin, new)
        say(f"Added {made.name} ({made.role.label.lower()}).")

    _as_admin(as_name, act)


def _user_dict(user: UserInfo, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "role": user.role.value,
        "team": user.team,
        "job_title": user.job_title,
        "line_manager": names.get(user.line_manager_id) if user.line_manager_id else None,
        "active": user.active,
        "out_of_office": user.out_of_office,
    }


@users_app.command("list")
def users_list(
    everyone: Annotated[bool, typer.Option("--all", help="Include deactivated users.")] = False,
    as_json: JsonOption = False,
) -> None:
    """The users by name: role, team, job title, line manager, and who is away or inactive."""
    from complaints_tui.services.people.users import list_users

    def read(store: Store) -> None:
        users = list_users(store, include_inactive=everyone)
        names = {u.id: u.name for u in list_users(store, include_inactive=True)}
        if as_json:
            say(json.dumps([_user_dict(u, names) for u in users], indent=2, ensure_ascii=False))
            return
        if not users:
            say("There are no users yet.")
            return
        rows = [["Name", "Role", "Team", "Job title", "Line manager", "Status"]]
        for user in users:
            status = [
                word
                for word, on in (
                    ("inactive", not user.active),
                    ("out of office", user.out_of_office),
                )
                if on
            ]
            manager = names.get(user.line_manager_id, "") if user.line_manager_id else ""
            rows.append(
                [user.name, user.role.label, user.team, user.job_title, manager, ", ".join(status)]
            )
        _table(rows)

    _reading(read)


@users_app.command("edit")
def users_edit(
    name: Annotated[str, typer.Argument(help="The user's name as listed.")],
    rename: Annotated[str | None, typer.Option("--rename", help="Their new name.")] = None,
    role: Annotated[str | None, typer.Option("--role", help="Their new role.")] = None,
    team: Annotated[str | None, typer.Option("--team", help="Their team.")] = None,
    job_title: Annotated[str | None, typer.Option("--job-title", help="Their job title.")] = None,
    line_manager: Annotated[
        str | None, typer.Option("--line-manager", help="Their line manager's name.")
    ] = None,
    no_line_manager: Annotated[
        bool, typer.Option("--no-line-manager", help="They have no line manager.")
    ] = False,
    away: Annotated[
        bool | None,
        typer.Option("--out-of-office/--in-office", help="Away: routing passes them by."),
    ] = None,
    as_name: AsOption = None,
) -> None:
    """Change a user; what is not given stays as it is."""
    from complaints_tui.services.people.users import list_users, update_user

    chosen = _role(role) if role is not None else None
    if line_manager is not None and no_line_manager:
        raise fail("Give --line-manager or --no-line-manager, not both.", 2)

    def act(store: Store, admin: Actor) -> None:
        users = list_users(store, include_inactive=True)
        user = _user_named(users, name, active_only=False)
        manager_id = _user_named(users, line_manager).id if line_manager is not None else None
        changed = update_user(
            store,
            admin,
            user.id,
            name=rename,
            role=chosen,
            team=team,
            job_title=job_title,
            line_manager_id=manager_id,
            clear_line_manager=no_line_manager,
            out_of_office=away,
        )
        say(f"Saved {changed.name}." if changed != user else f"{user.name} is unchanged.")

    _as_admin(as_name, act)


@users_app.command("reset-password")
def users_reset_password(
    name: Annotated[str, typer.Argument(help="The user's name as listed.")],
    as_name: AsOption = None,
) -> None:
    """Clear a user's password and any lock: they choose a new one at their next sign-in."""
    from complaints_tui.services.people.passwords import reset_password
    from complaints_tui.services.people.users import list_users

    def act(store: Store, admin: Actor) -> None:
        user = _user_named(list_users(store), name)
        reset_password(store, admin, user.id)
        say(f"{user.name}'s password is reset: they choose a new one at their next sign-in.")

    _as_admin(as_name, act)


@users_app.command("deactivate")
def users_deactivate(
    name: Annotated[str, typer.Argument(help="The user's name as listed.")],
    as_name: AsOption = None,
) -> None:
    """Deactivate a user: never deleted (their history stays); they cannot sign in, routing
    passes them by, and their open cases wait for a team lead to re-assign them."""
    from complaints_tui.services.people.users import list_users, update_user
    from complaints_tui.services.queues.reassign import cases_to_reassign

    def act(store: Store, admin: Actor) -> None:
        user = _user_named(list_users(store), name)
        update_user(store, admin, user.id, active=False)
        left = [
            line.reference for line in cases_to_reassign(store, admin) if line.handler_id == user.id
        ]
        if left:
            cases = f"{len(left)} open case{'s' if len(left) > 1 else ''} to re-assign"
            say(f"Deactivated {user.name}; {cases}: {', '.join(left)}.")
        else:
            say(f"Deactivated {user.name}; they had no open cases.")

    _as_admin(as_name, act)


# --- service areas ---------------------------------------------------------------------------


def _ids(store: Store, names: list[str] | None) -> tuple[int, ...] | None:
    from complaints_tui.services.people.users import list_users

    if names is None:
        return None
    users = list_users(store)
    return tuple(_user_named(users, name).id for name in names)


def _names(pairs: tuple[tuple[int, str], ...]) -> list[str]:
    return [name for _, name in pairs]


ManagerOption = Annotated[
    list[str] | None,
    typer.Option("--manager", help="An investigating manager, in turn order (repeat it)."),
]
ReviewerOption = Annotated[
    list[str] | None,
    typer.Option("--reviewer", help="A stage 2 reviewer, in turn order (repeat it)."),
]


@areas_app.command("add")
def areas_add(
    name: Annotated[str, typer.Argument(help="The service area's name.")],
    managers: ManagerOption = None,
    reviewers: ReviewerOption = None,
    categories: Annotated[
        list[str] | None, typer.Option("--category", help="A category (repeat it).")
    ] = None,
    as_name: AsOption = None,
) -> None:
    """Add a service area: stage 1 cases go round its managers, stage 2 reviews round its
    reviewers, in the order given."""
    from complaints_tui.services.people.areas import create_service_area

    def act(store: Store, admin: Actor) -> None:
        area = create_service_area(
            store,
            admin,
            name,
            managers=_ids(store, managers) or (),
            reviewers=_ids(store, reviewers) or (),
            categories=tuple(categories or ()),
        )
        say(f"Added {area.name}.")

    _as_admin(as_name, act)


def _area_dict(area: ServiceAreaInfo) -> dict[str, Any]:
    return {
        "id": area.id,
        "name": area.name,
        "managers": _names(area.managers),
        "reviewers": _names(area.reviewers),
        "categories": _names(area.categories),
        "retired_categories": _names(area.retired_categories),
    }


@areas_app.command("list")
def areas_list(as_json: JsonOption = False) -> None:
    """The service areas: their pools in turn order and their categories."""
    from complaints_tui.services.people.areas import list_service_areas

    def read(store: Store) -> None:
        areas = list_service_areas(store)
        if as_json:
            say(json.dumps([_area_dict(a) for a in areas], indent=2, ensure_ascii=False))
            return
        if not areas:
            say("There are no service areas yet.")
        for area in areas:
            say(area.name)
            for label, names in (
                ("managers", _names(area.managers)),
                ("reviewers", _names(area.reviewers)),
                ("categories", _names(area.categories)),
                ("retired", _names(area.retired_categories)),
            ):
                if names or label != "retired":
                    say(f"  {label + ':':<12}{', '.join(names) or '(none)'}")

    _reading(read)


@areas_app.command("edit")
def areas_edit(
    name: Annotated[str, typer.Argument(help="The service area's name as listed.")],
    rename: Annotated[str | None, typer.Option("--rename", help="Its new name.")] = None,
    managers: ManagerOption = None,
    reviewers: ReviewerOption = None,
    add_categories: Annotated[
        list[str] | None, typer.Option("--add-category", help="A new category (repeat it).")
    ] = None,
    rename_categories: Annotated[
        list[str] | None,
        typer.Option("--rename-category", help="OLD=NEW (repeat it)."),
    ] = None,
    retire_categories: Annotated[
        list[str] | None,
        typer.Option("--retire-category", help="A category no longer offered (repeat it)."),
    ] = None,
    as_name: AsOption = None,
) -> None:
    """Change a service area in one go: --manager and --reviewer replace that pool (in the
    order given); categories are added, renamed or retired (never deleted)."""
    from complaints_tui.services.people.areas import list_service_areas, update_service_area

    renames: list[tuple[str, str]] = []
    for pair in rename_categories or ():
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise fail(f"Write --rename-category as OLD=NEW, not {pair!r}.", 2)
        renames.append((old, new))

    def act(store: Store, admin: Actor) -> None:
        area = _area_named(list_service_areas(store), name)
        everything = area.categories + area.retired_categories

        def category_id(label: str) -> int:
            folded = label.strip().casefold()
            found = [i for i, n in everything if n.casefold() == folded]
            return _one_named(found, label, f"category of {area.name}")

        changed = update_service_area(
            store,
            admin,
            area.id,
            name=rename,
            managers=_ids(store, managers),
            reviewers=_ids(store, reviewers),
            add_categories=tuple(add_categories or ()),
            rename_categories={category_id(old): new for old, new in renames},
            retire_categories=tuple(category_id(c) for c in retire_categories or ()),
        )
        say(f"Saved {changed.name}.")

    _as_admin(as_name, act)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(areas_app, name="areas")
