"""The administration screen's forms for people and places: add or edit a user, deactivate one,
add or edit a service area with its routing pools and categories. Each is a `SettingsForm` whose
change calls the service (administrators only, audited); names typed for a pool are matched to
active users, any case, and an unknown one is refused in a sentence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from complaints_tui.domain.roles import Role
from complaints_tui.screens.form import Field, FieldKind, SettingsForm
from complaints_tui.services.errors import RuleViolation
from complaints_tui.services.people.types import Actor, NewUser, ServiceAreaInfo, UserInfo
from complaints_tui.services.session import AppSession

if TYPE_CHECKING:
    from complaints_tui.services.session import Store

ROLES = tuple((role.label, role.value) for role in Role)


def _names(text: str, users: Sequence[UserInfo]) -> list[int]:
    """Comma-separated names (any case) as user ids, in order; an unknown name is refused."""
    active = {user.name.casefold(): user.id for user in users if user.active}
    ids = []
    for name in (part.strip() for part in text.split(",")):
        if not name:
            continue
        if name.casefold() not in active:
            raise RuleViolation(f"There is no active user named {name!r}.")
        ids.append(active[name.casefold()])
    return ids


def _words(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _people_choices(
    users: Sequence[UserInfo], but: UserInfo | None = None
) -> tuple[tuple[str, str], ...]:
    return tuple(
        (f"{u.name} · {u.role.label}", str(u.id))
        for u in users
        if u.active and (but is None or u.id != but.id)
    )


def user_form(
    session: AppSession, users: Sequence[UserInfo], user: UserInfo | None
) -> SettingsForm:
    """Add a user (None) or edit one."""
    from complaints_tui.services.people.users import create_user, update_user

    fields = (
        Field("name", "Name", value=user.name if user else ""),
        Field(
            "role",
            "Role",
            FieldKind.CHOICE,
            choices=ROLES,
            value=user.role.value if user else "",
        ),
        Field("team", "Team", required=False, value=user.team if user else ""),
        Field("job_title", "Job title", required=False, value=user.job_title if user else ""),
        Field(
            "line_manager",
            "Line manager",
            FieldKind.CHOICE,
            required=False,
            choices=_people_choices(users, but=user),
            value=str(user.line_manager_id or "") if user else "",
        ),
    )

    def change(store: Store, actor: Actor, v: dict[str, Any], now: datetime | None) -> str:
        manager = int(v["line_manager"]) if v["line_manager"] else None
        if user is None:
            made = create_user(
                store,
                actor,
                NewUser(v["name"], Role(v["role"]), v["team"], v["job_title"], manager),
                now=now,
            )
            return f"{made.name} added as {made.role.label.lower()}."
        update_user(
            store,
            actor,
            user.id,
            name=v["name"],
            role=Role(v["role"]),
            team=v["team"],
            job_title=v["job_title"],
            line_manager_id=manager,
            clear_line_manager=manager is None,
            now=now,
        )
        return f"{v['name']} saved."

    if user is None:
        return SettingsForm(
            session,
            "Add a user",
            "A new member of staff: they sign in by name.",
            fields,
            change,
        )
    return SettingsForm(
        session,
        f"Edit {user.name}",
        "Their history stays as it is; changes are audited.",
        fields,
        change,
    )


def deactivate_form(session: AppSession, user: UserInfo) -> SettingsForm:
    from complaints_tui.services.people.users import update_user

    def change(store: Store, actor: Actor, v: dict[str, Any], now: datetime | None) -> str:
        update_user(store, actor, user.id, active=False, now=now)
        return f"{user.name} is deactivated: their open cases are listed to re-assign."

    return SettingsForm(
        session,
        f"Deactivate {user.name}",
        f"{user.name} will no longer sign in or be given cases; nothing they did is deleted. "
        "Their open cases are listed below the users for a team lead to re-assign.",
        (Field("sure", "Yes, deactivate", FieldKind.TICK),),
        lambda store, actor, v, now: (
            change(store, actor, v, now) if v["sure"] else refuse("Tick “Yes” first.")
        ),
    )


def area_form(
    session: AppSession, users: Sequence[UserInfo], area: ServiceAreaInfo | None
) -> SettingsForm:
    """Add a service area (None) or edit one: its pools and categories."""
    from complaints_tui.services.people.areas import create_service_area, update_service_area

    fields: tuple[Field, ...] = (
        Field("name", "Name", value=area.name if area else ""),
        Field(
            "managers",
            "Investigating managers, in turn (names, commas)",
            required=False,
            value=", ".join(n for _, n in area.managers) if area else "",
        ),
        Field(
            "reviewers",
            "Stage 2 reviewers, in turn (names, commas)",
            required=False,
            value=", ".join(n for _, n in area.reviewers) if area else "",
        ),
        Field("add", "Categories to add (commas)", required=False),
    )
    if area is not None:
        fields += (Field("retire", "Categories to retire (commas)", required=False),)

    def change(store: Store, actor: Actor, v: dict[str, Any], now: datetime | None) -> str:
        managers, reviewers = _names(v["managers"], users), _names(v["reviewers"], users)
        if area is None:
            create_service_area(
                store,
                actor,
                v["name"],
                managers=managers,
                reviewers=reviewers,
                categories=_words(v["add"]),
                now=now,
            )
            return f"{v['name']} added."
        known = {name.casefold(): cid for cid, name in area.categories}
        retire = []
        for name in _words(v["retire"]):
            if name.casefold() not in known:
                raise RuleViolation(f"{area.name} has no category {name!r} to retire.")
            retire.append(known[name.casefold()])
        update_service_area(
            store,
            actor,
            area.id,
            name=v["name"],
            managers=managers,
            reviewers=reviewers,
            add_categories=_words(v["add"]),
            retire_categories=retire,
            now=now,
        )
        return f"{v['name']} saved."

    return SettingsForm(
        session,
        "Add a service area" if area is None else f"Edit {area.name}",
        "New stage 1 cases go round robin to its managers (passing by anyone out of office); "
        "a review goes to its reviewers, never to an earlier stage's handler."
        + (_categories_now(area) if area is not None else ""),
        fields,
        change,
    )


def _categories_now(area: ServiceAreaInfo) -> str:
    words = f" Its categories now: {', '.join(n for _, n in area.categories) or 'none'}."
    if area.retired_categories:
        retired = ", ".join(n for _, n in area.retired_categories)
        words += f" Retired (add one again to bring it back): {retired}."
    return words


def refuse(sentence: str) -> str:
    raise RuleViolation(sentence)
