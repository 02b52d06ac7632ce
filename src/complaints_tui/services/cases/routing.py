"""Routing a case to the next person in its service area's pool: stage 1 to the investigating
managers in turn, a stage 2 review to the reviewers in turn. Who is away, inactive or refused by
the profile's handler rule is passed by; with nobody left the case waits unassigned for a team
lead and the sentence says why. The choice itself is `domain.routing`; this reads the pool and
keeps the pointer (who had the last turn) in the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints_tui.domain.routing import next_in_turn, turn_order
from complaints_tui.store import models as m

MANAGERS = "manager"
REVIEWERS = "reviewer"
POOL_WORDS = {MANAGERS: "investigating-manager pool", REVIEWERS: "stage 2 reviewer pool"}

# Why someone cannot take this case (the profile's handler rule), or None.
Refusal = Callable[[m.User], str | None]


@dataclass(frozen=True)
class Turn:
    """Who the pool gives the case to (None: nobody can take it now) and the sentence saying so."""

    user: m.User | None
    sentence: str


def pool_of(session: Session, area: m.ServiceArea, pool: str) -> list[int]:
    """The pool's members in turn order. An area set up before pools (or by the demo) routes
    to its default manager, as it always did."""
    members = list(
        session.scalars(
            select(m.ServiceAreaStaff.user_id)
            .where(m.ServiceAreaStaff.service_area_id == area.id, m.ServiceAreaStaff.pool == pool)
            .order_by(m.ServiceAreaStaff.position)
        )
    )
    if not members and pool == MANAGERS and area.default_manager_id is not None:
        members = [area.default_manager_id]
    return members


def set_pool(session: Session, area: m.ServiceArea, pool: str, user_ids: Sequence[int]) -> None:
    """Replace the pool's members (in this order); the first manager is the default manager."""
    for row in session.scalars(
        select(m.ServiceAreaStaff).where(
            m.ServiceAreaStaff.service_area_id == area.id, m.ServiceAreaStaff.pool == pool
        )
    ):
        session.delete(row)
    session.flush()
    for position, user_id in enumerate(user_ids):
        session.add(
            m.ServiceAreaStaff(
                service_area_id=area.id, pool=pool, user_id=user_id, position=position
            )
        )
    if pool == MANAGERS:
        area.default_manager_id = user_ids[0] if user_ids else None
    session.flush()


def _why_not(user: m.User, refusal: Refusal) -> str | None:
    if not user.active:
        return f"{user.name} is no longer active"
    if user.out_of_office:
        return f"{user.name} is out of office"
    why = refusal(user)
    return why.rstrip(".") if why else None


def take_turn(
    session: Session,
    area: m.ServiceArea,
    pool: str,
    refusal: Refusal,
    *,
    what: str,
    move_pointer: bool = True,
) -> Turn:
    """The next in the area's pool who can take `what` (e.g. "case CMP-2026-000012"); the
    pointer moves to them unless `move_pointer` is False (a suggestion only)."""
    if move_pointer:
        # Two terminals routing at once must not both read the same pointer (PostgreSQL).
        session.scalars(
            select(m.ServiceArea.id).where(m.ServiceArea.id == area.id).with_for_update()
        ).all()
    pool_words = f"the {area.name} {POOL_WORDS[pool]}"
    members = pool_of(session, area, pool)
    if not members:
        return Turn(None, f"Nobody is in {pool_words}, so {what} waits unassigned for a team lead.")
    pointer = session.get(m.RoutingPointer, (area.id, pool))
    last = pointer.last_user_id if pointer is not None else None
    users = {u.id: u for u in session.scalars(select(m.User).where(m.User.id.in_(members)))}
    order = turn_order(members, last)
    reasons = {
        user_id: reason for user_id in order if (reason := _why_not(users[user_id], refusal))
    }
    chosen_id = next_in_turn(members, last, set(reasons))
    if chosen_id is None:
        return Turn(
            None,
            f"Nobody in {pool_words} can take {what} now ({'; '.join(reasons.values())}), so "
            "it waits unassigned for a team lead.",
        )
    chosen = users[chosen_id]
    if move_pointer:
        if pointer is None:
            session.add(
                m.RoutingPointer(service_area_id=area.id, pool=pool, last_user_id=chosen_id)
            )
        else:
            pointer.last_user_id = chosen_id
    passed = [reasons[i] for i in order[: order.index(chosen_id)] if i in reasons]
    verb = "Routed" if pool == MANAGERS else "Allocated"
    skipped = f" ({'; '.join(passed)})" if passed else ""
    return Turn(chosen, f"{verb} to {chosen.name}, next in turn in {pool_words}{skipped}.")
