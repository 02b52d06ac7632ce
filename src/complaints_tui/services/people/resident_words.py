"""Which residents a search's words find, as SQL conditions on a resident id column: shared by
the resident lookup (on `residents.id`) and the desk's queues (on `cases.resident_id`).

A word matches a resident when it prefixes one of their search terms (`store.search`), found by
a range scan on the terms index. How the conditions are shaped follows how many index entries
the narrowest word matches (counted up to a cap, which is cheap): few, and its residents are an
IN list that drives the query; many, and every word is an EXISTS checked row by row, so reading
rows in the wanted order finds a page early because matches are dense."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import isqrt
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, exists, func, select
from sqlalchemy.orm import Session

from complaints_tui.store import models as m
from complaints_tui.store.search import prefix_upper_bound


@dataclass(frozen=True)
class WordPlan:
    """How to look a search's words up: the word whose few residents drive the query (None when
    every word is broad), and the words checked row by row."""

    narrowest: str | None
    checked: tuple[str, ...]

    def filters(self, resident_id: SQLColumnExpression[Any]) -> list[ColumnElement[bool]]:
        """Conditions that the resident `resident_id` has a term starting with each word."""
        term = m.ResidentSearchTerm
        conditions: list[ColumnElement[bool]] = []
        if self.narrowest is not None:
            conditions.append(
                resident_id.in_(
                    select(term.resident_id).where(
                        term.term >= self.narrowest,
                        term.term < prefix_upper_bound(self.narrowest),
                    )
                )
            )
        conditions += [
            exists().where(
                term.resident_id == resident_id,
                term.term >= word,
                term.term < prefix_upper_bound(word),
            )
            for word in self.checked
        ]
        return conditions


def word_plan(session: Session, words: Sequence[str]) -> WordPlan:
    """The plan for `words` (at least one), from how many index entries each starts."""
    broad = _broad_search_cutoff(session)
    counted = sorted((_terms_matching(session, word, broad), word) for word in words)
    narrowest_count, narrowest = counted[0]
    if narrowest_count > broad:
        return WordPlan(None, tuple(words))
    return WordPlan(narrowest, tuple(word for _, word in counted[1:]))


def _broad_search_cutoff(session: Session) -> int:
    """Above this many matching index entries a word is 'broad': reading rows in order finds a
    page sooner than sorting every match (break-even near sqrt(100 x residents))."""
    residents = session.scalar(select(func.max(m.Resident.id))) or 0
    return max(2_000, isqrt(100 * residents))


def _terms_matching(session: Session, word: str, cap: int) -> int:
    """How many search-index entries start with `word`, counted up to `cap` + 1."""
    term = m.ResidentSearchTerm
    inner = (
        select(term.resident_id)
        .where(term.term >= word, term.term < prefix_upper_bound(word))
        .limit(cap + 1)
        .subquery()
    )
    return session.scalar(select(func.count()).select_from(inner)) or 0
