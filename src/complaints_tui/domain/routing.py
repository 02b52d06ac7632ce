"""Round robin: who gets the next case of a pool, given who got the last one.

Pure: the services read the pool (in its order), the pointer (who was given the area's last
routed case) and who cannot take one now (out of office, inactive, refused by the profile's
handler rule), and store the pointer again once the choice is made."""

from __future__ import annotations

from collections.abc import Collection, Sequence


def turn_order(pool: Sequence[int], last: int | None) -> list[int]:
    """The pool in the order it takes turns from now: starting after `last` and ending with
    `last` itself (a pool of one is never stuck). Someone no longer in the pool, or no pointer
    yet, starts from the top. A name listed twice takes one turn."""
    members = list(dict.fromkeys(pool))
    if last not in members:
        return members
    after = members.index(last) + 1
    return members[after:] + members[:after]


def next_in_turn(
    pool: Sequence[int], last: int | None, excluded: Collection[int] = ()
) -> int | None:
    """The next member of the pool after `last` who is not excluded; None when nobody is."""
    return next((member for member in turn_order(pool, last) if member not in excluded), None)
