"""Service areas (administrator only): the name, the investigating-manager pool stage 1 cases
are routed round, the stage 2 reviewer pool, and the categories offered for new contacts.
A category is never deleted: retired, it stays on the cases that carry it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints_tui.domain.roles import Role
from complaints_tui.services._core import CASE_WORKERS, Command, command, need_text
from complaints_tui.services.cases.routing import MANAGERS, POOL_WORDS, REVIEWERS, pool_of, set_pool
from complaints_tui.services.errors import NotFound, RuleViolation
from complaints_tui.services.people.types import Actor, ServiceAreaInfo
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

ADMINS = frozenset({Role.ADMIN})


def list_service_areas(store: Store) -> list[ServiceAreaInfo]:
    """Every area by name, with its categories (offered and retired) and its pools."""
    with store.reading() as session:
        return [
            area_info(session, area)
            for area in session.scalars(select(m.ServiceArea).order_by(m.ServiceArea.name))
        ]


def area_info(session: Session, area: m.ServiceArea) -> ServiceAreaInfo:
    categories = list(
        session.scalars(
            select(m.Category)
            .where(m.Category.service_area_id == area.id)
            .order_by(m.Category.name)
        )
    )

    def named(ids: list[int]) -> tuple[tuple[int, str], ...]:
        query = select(m.User.id, m.User.name).where(m.User.id.in_(ids))
        names = {user_id: name for user_id, name in session.execute(query)}
        return tuple((user_id, names.get(user_id, f"user {user_id}")) for user_id in ids)

    return ServiceAreaInfo(
        id=area.id,
        name=area.name,
        default_manager_id=area.default_manager_id,
        categories=tuple((c.id, c.name) for c in categories if not c.retired),
        managers=named(pool_of(session, area, MANAGERS)),
        reviewers=named(pool_of(session, area, REVIEWERS)),
        retired_categories=tuple((c.id, c.name) for c in categories if c.retired),
    )


def create_service_area(
    store: Store,
    actor: Actor,
    name: str,
    *,
    default_manager_id: int | None = None,
    managers: Sequence[int] = (),
    reviewers: Sequence[int] = (),
    categories: Sequence[str] = (),
    now: datetime | None = None,
) -> ServiceAreaInfo:
    """A service area, its pools (in turn order) and its categories. `default_manager_id`
    alone (the older call) makes a manager pool of one."""
    with command(store, actor, ADMINS, "set up service areas", now) as cmd:
        session = cmd.session
        clean = _free_area_name(session, name)
        if default_manager_id is not None and default_manager_id not in managers:
            managers = (default_manager_id, *managers)
        area = m.ServiceArea(name=clean)
        session.add(area)
        session.flush()
        set_pool(session, area, MANAGERS, _checked_pool(session, managers, MANAGERS))
        set_pool(session, area, REVIEWERS, _checked_pool(session, reviewers, REVIEWERS))
        for category_name in categories:
            _add_category(cmd, area, category_name, audited=False)
        info = area_info(session, area)
        cmd.audit("service_area_created", after=_area_fields(info) | {"categories": categories})
        return info


def update_service_area(
    store: Store,
    actor: Actor,
    area_id: int,
    *,
    name: str | None = None,
    managers: Sequence[int] | None = None,
    reviewers: Sequence[int] | None = None,
    add_categories: Sequence[str] = (),
    rename_categories: Mapping[int, str] | None = None,
    retire_categories: Sequence[int] = (),
    now: datetime | None = None,
) -> ServiceAreaInfo:
    """Change an area in one transaction; None (or empty) leaves a part as it is. A pool given
    replaces the old one, in the order given (the first manager becomes the default manager);
    an empty pool leaves the area's new cases for a team lead to assign. Adding a category
    the area retired brings it back."""
    with command(store, actor, ADMINS, "change service areas", now) as cmd:
        session = cmd.session
        area = session.get(m.ServiceArea, area_id)
        if area is None:
            raise NotFound(f"There is no service area with id {area_id}.")
        before = _area_fields(area_info(session, area))
        if name is not None:
            area.name = _free_area_name(session, name, area.id)
        if managers is not None:
            set_pool(session, area, MANAGERS, _checked_pool(session, managers, MANAGERS))
        if reviewers is not None:
            set_pool(session, area, REVIEWERS, _checked_pool(session, reviewers, REVIEWERS))
        after = _area_fields(area_info(session, area))
        if after != before:
            cmd.audit("service_area_changed", before=before, after=after)
        for category_name in add_categories:
            _add_category(cmd, area, category_name, audited=True)
        for category_id, new_name in (rename_categories or {}).items():
            category = _category_of(session, area, category_id)
            old = category.name
            category.name = _free_category_name(session, new_name, category.id)
            if category.name != old:
                cmd.audit(
                    "category_renamed",
                    before={"name": old},
                    after={"name": category.name},
                    context={"category_id": category.id, "service_area_id": area.id},
                )
        for category_id in retire_categories:
            category = _category_of(session, area, category_id)
            if not category.retired:
                category.retired = True
                cmd.audit(
                    "category_retired",
                    before={"retired": False},
                    after={"retired": True},
                    context={"category_id": category.id, "name": category.name},
                )
        session.flush()
        return area_info(session, area)


def _area_fields(info: ServiceAreaInfo) -> dict[str, Any]:
    return {
        "name": info.name,
        "default_manager_id": info.default_manager_id,
        "managers": [user_id for user_id, _ in info.managers],
        "reviewers": [user_id for user_id, _ in info.reviewers],
    }


def _free_area_name(session: Session, name: str, area_id: int | None = None) -> str:
    clean = need_text(name, "the service area's name")
    for other_id, other in session.execute(select(m.ServiceArea.id, m.ServiceArea.name)):
        if other_id != area_id and other.casefold() == clean.casefold():
            raise RuleViolation(f"There is already a service area called {other!r}.")
    return clean


def _free_category_name(session: Session, name: str, category_id: int | None = None) -> str:
    """Category names are unique across areas (imports and reports go by the name)."""
    clean = need_text(name, "the category's name")
    taken = session.execute(
        select(m.Category.id, m.Category.name, m.ServiceArea.name).outerjoin(
            m.ServiceArea, m.ServiceArea.id == m.Category.service_area_id
        )
    )
    for other_id, other, area_name in taken:
        if other_id != category_id and other.casefold() == clean.casefold():
            where = f" in {area_name}" if area_name else ""
            raise RuleViolation(f"There is already a category called {other!r}{where}.")
    return clean


def _category_of(session: Session, area: m.ServiceArea, category_id: int) -> m.Category:
    category = session.get(m.Category, category_id)
    if category is None or category.service_area_id != area.id:
        raise NotFound(f"{area.name} has no category with id {category_id}.")
    return category


def _add_category(cmd: Command, area: m.ServiceArea, name: str, *, audited: bool) -> None:
    session = cmd.session
    clean = need_text(name, "the category's name")
    retired = next(
        (
            c
            for c in session.scalars(
                select(m.Category).where(
                    m.Category.service_area_id == area.id, m.Category.retired.is_(True)
                )
            )
            if c.name.casefold() == clean.casefold()
        ),
        None,
    )
    if retired is not None:
        retired.retired = False
        cmd.audit(
            "category_restored",
            before={"retired": True},
            after={"retired": False},
            context={"category_id": retired.id, "name": retired.name},
        )
        return
    category = m.Category(
        name=_free_category_name(session, clean), service_area_id=area.id, retired=False
    )
    session.add(category)
    session.flush()
    if audited:
        cmd.audit(
            "category_added",
            after={"name": category.name, "service_area_id": area.id, "category_id": category.id},
        )


def _checked_pool(session: Session, user_ids: Sequence[int], pool: str) -> list[int]:
    """Each member once, an active user who can handle complaints."""
    seen: list[int] = []
    words = POOL_WORDS[pool]
    for user_id in user_ids:
        user = session.get(m.User, user_id)
        if user is None:
            raise NotFound(f"There is no user with id {user_id} for the {words}.")
        if user_id in seen:
            raise RuleViolation(f"{user.name} is named twice in the {words}.")
        if not user.active:
            raise RuleViolation(f"{user.name} is no longer active, so cannot join the {words}.")
        if Role(user.role) not in CASE_WORKERS:
            raise RuleViolation(
                f"{user.name} is a {Role(user.role).label.lower()}, so cannot join the {words}: "
                "complaints are handled by investigating managers, service directors or team "
                "leads."
            )
        seen.append(user_id)
    return seen
