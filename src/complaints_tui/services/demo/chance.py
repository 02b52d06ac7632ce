"""Deterministic chance: the demo's random numbers, weighted choices and times of day.

Everything flows from the recipe's seed; these are faster than the stdlib's equivalents because a
build makes millions of draws, and each still costs exactly one `random()`.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem

T = TypeVar("T")


class FastRandom(random.Random):
    """`random.Random` whose randint and choice cost one `random()` each (a build makes
    millions of them; the stdlib's are several times slower). Seeded as usual, so deterministic."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: SupportsLenAndGetItem[T]) -> T:
        return seq[int(self.random() * len(seq))]


class Picker(Generic[T]):
    """Weighted choice by bisect over cumulative weights (random.choices is slower per call)."""

    def __init__(self, items: Sequence[tuple[T, float]]) -> None:
        self.items = [item for item, _ in items]
        self.cumulative = list(accumulate(weight for _, weight in items))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> T:
        return self.items[bisect_right(self.cumulative, rng.random() * self.total)]


_MIDNIGHTS: dict[date, datetime] = {}
MINUTES = [timedelta(minutes=n) for n in range(24 * 60)]


def moment_on(day: date, rng: random.Random, hour_from: int = 8, hour_to: int = 17) -> datetime:
    """A moment on `day` between the hours, to the minute."""
    midnight = _MIDNIGHTS.get(day)
    if midnight is None:
        midnight = _MIDNIGHTS[day] = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return midnight + MINUTES[hour_from * 60 + int(rng.random() * (hour_to - hour_from) * 60)]
