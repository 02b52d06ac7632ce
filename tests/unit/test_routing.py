"""Round robin within a pool: after whoever had the last case, skipping who cannot take one."""

from __future__ import annotations

from complaints_tui.domain.routing import next_in_turn, turn_order


def test_the_turn_passes_to_the_next_in_the_pool_and_wraps() -> None:
    pool = [11, 22, 33]
    assert next_in_turn(pool, None) == 11
    assert next_in_turn(pool, 11) == 22
    assert next_in_turn(pool, 22) == 33
    assert next_in_turn(pool, 33) == 11


def test_a_run_of_cases_is_shared_out_evenly() -> None:
    pool, last, given = [1, 2, 3], None, []
    for _ in range(7):
        last = next_in_turn(pool, last)
        given.append(last)
    assert given == [1, 2, 3, 1, 2, 3, 1]


def test_the_excluded_are_skipped_without_losing_their_place() -> None:
    pool = [1, 2, 3, 4]
    assert next_in_turn(pool, 1, excluded={2}) == 3
    assert next_in_turn(pool, 3, excluded={4, 1}) == 2
    # The one who had the last case takes it again when everyone else is away.
    assert next_in_turn(pool, 2, excluded={1, 3, 4}) == 2


def test_nobody_available_is_none() -> None:
    assert next_in_turn([1, 2], 1, excluded={1, 2}) is None
    assert next_in_turn([], None) is None
    assert next_in_turn([], 5) is None


def test_a_pointer_to_someone_who_left_the_pool_starts_from_the_top() -> None:
    assert next_in_turn([7, 8, 9], 42) == 7
    assert turn_order([7, 8, 9], 42) == [7, 8, 9]


def test_a_pool_of_one_and_a_name_listed_twice() -> None:
    assert next_in_turn([5], 5) == 5
    assert next_in_turn([5], None, excluded={5}) is None
    assert turn_order([1, 2, 1, 3], 2) == [3, 1, 2]
