"""Staff, sign-in and the landlord's policy profile (service areas: `people.areas`)."""

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

# Service areas moved to people.areas; screens and scripts still import them from here.
from complaints_tui.services.people.areas import create_service_area as create_service_area
from complaints_tui.services.people.areas import list_service_areas as list_service_areas
from complaints_tui.services.people.types import Actor, NewUser, UserInfo
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store, open_store

_USER_FIELDS = (
    "name",
    "role",
    "team",
    "job_title",
    "line_manager_id",
    "active",
    "out_of_office",
)


def open_for_app(url: str) -> Store:
    """Open the database and bring its schema up to date (backing up an older SQLite file), and
    take the day's automatic SQLite backup if this is the first start today."""
    from complaints_tui.services.backups import back_up_daily_quietly

    store = open_store(url)
    try:
        store.upgrade()
        back_up_daily_quietly(store)
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
        out_of_office=bool(user.out_of_office),
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
    """The user by id, without a password: only for code that already trusts who it is (tests,
    benchmarks, `create_app(user_id=...)`); `complaints tui` never passes a user. People sign in
    with `passwords.sign_in_with_password`."""
    with store.reading() as session:
        user = session.get(m.User, user_id)
        if user is None:
            raise NotFound(f"There is no user with id {user_id}.")
        if not user.active:
            raise PermissionDenied(f"{user.name} is no longer an active user.")
        return user_info(user)


def _check_line_manager(
    session: Session, line_manager_id: int | None, user_id: int | None = None
) -> None:
    """A line manager is another active user, and not someone the user manages (no loops)."""
    if line_manager_id is None:
        return
    manager = session.get(m.User, line_manager_id)
    if manager is None:
        raise NotFound(f"There is no user with id {line_manager_id} to be the line manager.")
    if line_manager_id == user_id:
        raise RuleViolation("Nobody can be their own line manager.")
    if not manager.active:
        raise RuleViolation(f"{manager.name} is no longer active, so cannot be a line manager.")
    seen: set[int] = set()
    above: m.User | None = manager
    while above is not None and above.line_manager_id is not None and above.id not in seen:
        seen.add(above.id)
        if above.line_manager_id == user_id:
            raise RuleViolation(
                f"{manager.name} reports (through their managers) to this user, so cannot be "
                "their line manager."
            )
        above = session.get(m.User, above.line_manager_id)


def _person_name(typed: str) -> str:
    """A name as people are picked by it: spaces inside run together ("Hal  One" is "Hal One"),
    so two users never differ by spacing alone."""
    return " ".join(need_text(typed, "the user's name").split())


def _refuse_duplicate_name(session: Session, name: str, user_id: int | None = None) -> None:
    """Two active users may not share a name (in any case): pickers and the CLI go by it."""
    folded = name.casefold()
    for other_id, other in session.execute(
        select(m.User.id, m.User.name).where(m.User.active.is_(True))
    ):
        if other_id != user_id and other.casefold() == folded:
            raise RuleViolation(f"There is already an active user called {other!r}.")


def _refuse_losing_last_admin(session: Session, user: m.User, doing: str) -> None:
    others = session.scalar(
        select(func.count())
        .select_from(m.User)
        .where(m.User.role == Role.ADMIN.value, m.User.active.is_(True), m.User.id != user.id)
    )
    if user.active and user.role == Role.ADMIN.value and not others:
        raise RuleViolation(
            f"{user.name} is the last active administrator, so cannot {doing}: make someone "
            "else an administrator first."
        )


def _add_user(session: Session, new: NewUser, now: datetime) -> m.User:
    name = _person_name(new.name)
    _refuse_duplicate_name(session, name)
    _check_line_manager(session, new.line_manager_id)
    user = m.User(
        name=name,
        role=Role(new.role).value,
        team=new.team.strip(),
        job_title=new.job_title.strip(),
        line_manager_id=new.line_manager_id,
        active=True,
        out_of_office=False,
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
    name: str | None = None,
    role: Role | None = None,
    team: str | None = None,
    job_title: str | None = None,
    line_manager_id: int | None = None,
    clear_line_manager: bool = False,
    active: bool | None = None,
    out_of_office: bool | None = None,
    now: datetime | None = None,
) -> UserInfo:
    """Change a user (administrator only); None leaves a field as it is. A user is never
    deleted, only deactivated: their history stays, they cannot sign in, routing passes them by
    and their open cases are listed by `cases_to_reassign`."""
    with command(store, actor, {Role.ADMIN}, "change users", now) as cmd:
        session = cmd.session
        user = session.get(m.User, user_id)
        if user is None:
            raise NotFound(f"There is no user with id {user_id}.")
        before = snapshot(user, _USER_FIELDS)
        if name is not None:
            user.name = _person_name(name)
        if role is not None and Role(role).value != user.role:
            _refuse_losing_last_admin(session, user, "stop being an administrator")
            user.role = Role(role).value
        if team is not None:
            user.team = team.strip()
        if job_title is not None:
            user.job_title = job_title.strip()
        if clear_line_manager:
            user.line_manager_id = None
        elif line_manager_id is not None:
            _check_line_manager(session, line_manager_id, user_id)
            user.line_manager_id = line_manager_id
        if out_of_office is not None:
            user.out_of_office = out_of_office
        if active is not None and active != user.active:
            if not active:
                _refuse_losing_last_admin(session, user, "be deactivated")
                if user_id == actor.id:
                    raise RuleViolation("You cannot deactivate yourself.")
            user.active = active
        if user.active and (name is not None or active):
            _refuse_duplicate_name(session, user.name, user.id)
        after = snapshot(user, _USER_FIELDS)
        if after != before:
            action = "user_changed"
            if before["active"] != after["active"]:
                action = "user_deactivated" if not user.active else "user_reactivated"
            cmd.audit(action, before=before, after=after)
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
