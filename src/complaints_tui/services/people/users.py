"""Staff, sign-in, the landlord's policy profile, service areas and categories."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from complaints_tui.domain.policy import PolicyProfile
from complaints_tui.domain.roles import Role
from complaints_tui.services._core import (
    LANDLORD_PROFILE_KEY,
    audit,
    command,
    landlord_profile_id,
    need_text,
    profile_named,
    snapshot,
    unit_of_work,
    utc_now,
)
from complaints_tui.services.errors import NotFound, PermissionDenied, RuleViolation
from complaints_tui.services.people.types import Actor, NewUser, ServiceAreaInfo, UserInfo
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store, open_store

_USER_FIELDS = ("name", "role", "team", "job_title", "line_manager_id", "active")


def open_for_app(url: str) -> Store:
    """Open the database and bring its schema up to date (backing up an older SQLite file)."""
    store = open_store(url)
    try:
        store.upgrade()
    except BaseException:
        store.close()
        raise
    return store


def user_info(user: m.User) -> UserInfo:
    return UserInfo(
        id=user.id,
        name=user.name,
        role=Role(user.role),
        team=user.team,
        job_title=user.job_title,
        line_manager_id=user.line_manager_id,
        active=user.active,
    )


def needs_first_run(store: Store) -> bool:
    """True when there are no users yet: the first one made is an administrator."""
    with store.reading() as session:
        return not session.scalar(select(exists().where(m.User.id.is_not(None))))


def list_users(store: Store, *, include_inactive: bool = False) -> list[UserInfo]:
    with store.reading() as session:
        query = select(m.User).order_by(func.lower(m.User.name), m.User.id)
        if not include_inactive:
            query = query.where(m.User.active.is_(True))
        return [user_info(user) for user in session.scalars(query)]


def sign_in(store: Store, user_id: int) -> Actor:
    with store.reading() as session:
        user = session.get(m.User, user_id)
        if user is None:
            raise NotFound(f"There is no user with id {user_id}.")
        if not user.active:
            raise PermissionDenied(f"{user.name} is no longer an active user.")
        return user_info(user)


def _check_line_manager(session: Session, line_manager_id: int | None) -> None:
    if line_manager_id is not None and session.get(m.User, line_manager_id) is None:
        raise NotFound(f"There is no user with id {line_manager_id} to be the line manager.")


def _add_user(session: Session, new: NewUser, now: datetime) -> m.User:
    _check_line_manager(session, new.line_manager_id)
    user = m.User(
        name=need_text(new.name, "the user's name"),
        role=Role(new.role).value,
        team=new.team.strip(),
        job_title=new.job_title.strip(),
        line_manager_id=new.line_manager_id,
        active=True,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def create_first_admin(
    store: Store, name: str, *, job_title: str = "", now: datetime | None = None
) -> Actor:
    """The first user of a new database, an administrator; refused once anyone exists."""
    at = utc_now(now)
    with unit_of_work(store) as session:
        return user_info(_first_admin(session, name, job_title, at))


def set_up_first_run(
    store: Store, name: str, profile_id: str, *, now: datetime | None = None
) -> tuple[Actor, PolicyProfile]:
    """A new database's first administrator and the landlord's profile, in one transaction
    (a failure leaves the database new, so the first-run screen can simply be tried again)."""
    at = utc_now(now)
    profile = profile_named(profile_id)
    with unit_of_work(store) as session:
        admin = _first_admin(session, name, "", at)
        _set_profile(session, admin.id, profile, at)
        return user_info(admin), profile


def _first_admin(session: Session, name: str, job_title: str, at: datetime) -> m.User:
    if session.scalar(select(exists().where(m.User.id.is_not(None)))):
        raise PermissionDenied("Users already exist: ask an administrator to add you.")
    user = _add_user(session, NewUser(name=name, role=Role.ADMIN, job_title=job_title), at)
    audit(session, user.id, "user_created", at, after=snapshot(user, _USER_FIELDS))
    return user


def create_user(
    store: Store, actor: Actor, new: NewUser, *, now: datetime | None = None
) -> UserInfo:
    with command(store, actor, {Role.ADMIN}, "add users", now) as cmd:
        session = cmd.session
        user = _add_user(session, new, cmd.at)
        cmd.audit("user_created", after=snapshot(user, _USER_FIELDS))
        return user_info(user)


def update_user(
    store: Store,
    actor: Actor,
    user_id: int,
    *,
    role: Role | None = None,
    team: str | None = None,
    job_title: str | None = None,
    line_manager_id: int | None = None,
    active: bool | None = None,
    now: datetime | None = None,
) -> UserInfo:
    with command(store, actor, {Role.ADMIN}, "change users", now) as cmd:
        session = cmd.session
        user = session.get(m.User, user_id)
        if user is None:
            raise NotFound(f"There is no user with id {user_id}.")
        before = snapshot(user, _USER_FIELDS)
        if role is not None:
            user.role = Role(role).value
        if team is not None:
            user.team = team.strip()
        if job_title is not None:
            user.job_title = job_title.strip()
        if line_manager_id is not None:
            if line_manager_id == user_id:
                raise RuleViolation("Nobody can be their own line manager.")
            _check_line_manager(session, line_manager_id)
            user.line_manager_id = line_manager_id
        if active is not None:
            if not active and user_id == actor.id:
                raise RuleViolation("You cannot deactivate yourself.")
            user.active = active
        cmd.audit("user_changed", before=before, after=snapshot(user, _USER_FIELDS))
        return user_info(user)


def landlord_profile(store: Store) -> PolicyProfile:
    """The landlord's policy profile (the statutory Code until an administrator sets another)."""
    with store.reading() as session:
        return profile_named(landlord_profile_id(session))


def set_landlord_profile(
    store: Store, actor: Actor, profile_id: str, *, now: datetime | None = None
) -> PolicyProfile:
    """New cases follow this profile; cases already logged keep the one they were logged under."""
    profile = profile_named(profile_id)
    with command(store, actor, {Role.ADMIN}, "change the landlord's policy profile", now) as cmd:
        _set_profile(cmd.session, actor.id, profile, cmd.at)
    return profile


def _set_profile(session: Session, actor_id: int, profile: PolicyProfile, at: datetime) -> None:
    setting = session.get(m.Setting, LANDLORD_PROFILE_KEY)
    before = {"profile": landlord_profile_id(session)}
    if setting is None:
        session.add(m.Setting(key=LANDLORD_PROFILE_KEY, value=profile.id))
    else:
        setting.value = profile.id
    audit(session, actor_id, "profile_set", at, before=before, after={"profile": profile.id})


def list_service_areas(store: Store) -> list[ServiceAreaInfo]:
    with store.reading() as session:
        categories: dict[int | None, list[tuple[int, str]]] = {}
        for category in session.scalars(select(m.Category).order_by(m.Category.name)):
            categories.setdefault(category.service_area_id, []).append((category.id, category.name))
        return [
            ServiceAreaInfo(
                area.id, area.name, area.default_manager_id, tuple(categories.get(area.id, ()))
            )
            for area in session.scalars(select(m.ServiceArea).order_by(m.ServiceArea.name))
        ]


def create_service_area(
    store: Store,
    actor: Actor,
    name: str,
    *,
    default_manager_id: int | None = None,
    categories: tuple[str, ...] = (),
    now: datetime | None = None,
) -> ServiceAreaInfo:
    """A service area, its default investigating manager, and its categories (admin only)."""
    with command(store, actor, {Role.ADMIN, Role.TEAM_LEAD}, "set up service areas", now) as cmd:
        session = cmd.session
        clean = need_text(name, "the service area's name")
        if session.scalar(select(m.ServiceArea.id).where(m.ServiceArea.name == clean)):
            raise RuleViolation(f"There is already a service area called {clean!r}.")
        _check_line_manager(session, default_manager_id)
        area = m.ServiceArea(name=clean, default_manager_id=default_manager_id)
        session.add(area)
        session.flush()
        made: list[tuple[int, str]] = []
        for category_name in categories:
            label = need_text(category_name, "the category's name")
            if session.scalar(select(m.Category.id).where(m.Category.name == label)):
                raise RuleViolation(f"There is already a category called {label!r}.")
            category = m.Category(name=label, service_area_id=area.id)
            session.add(category)
            session.flush()
            made.append((category.id, label))
        cmd.audit(
            "service_area_created",
            after={
                "name": clean,
                "default_manager_id": default_manager_id,
                "categories": categories,
            },
        )
        return ServiceAreaInfo(area.id, area.name, area.default_manager_id, tuple(made))
