"""Resident search: terms, query words, and prefix search across name, address, postcode,
phone and reference, paged and case-insensitive."""

from __future__ import annotations

import pytest

from complaints_tui import services as s
from complaints_tui.services.people import resident_words
from complaints_tui.store.engine import Store
from complaints_tui.store.search import (
    normalise_postcode,
    phone_digits,
    prefix_upper_bound,
    query_words,
    search_terms,
)
from tests.conftest_store import START, Staff


def test_terms_cover_every_way_a_caller_is_found() -> None:
    terms = search_terms(
        "Mary-Ann O'Brien", "Flat 3, 12 Acacia Avenue", "DE1 2AB", "+44 7700 900123", "T-0042"
    )
    assert {"mary", "ann", "o", "brien", "flat", "3", "12", "acacia", "avenue"} <= terms
    assert {"maryann", "obrien"} <= terms
    assert {"de1", "2ab", "de12ab"} <= terms
    assert "07700900123" in terms
    assert {"t-0042", "t0042", "0042"} <= terms


def test_query_words() -> None:
    assert query_words("  ") == []
    assert query_words("07700 900 123") == ["07700900123"]
    assert query_words("+44 (0)7700") == ["4407700"]
    assert query_words("Smith smi DE1") == ["smith", "de1"]
    assert query_words("[bold]x") == ["boldx"]
    assert query_words("O'Brien, Derby") == ["obrien", "derby"]
    assert prefix_upper_bound("smi") == "smj"
    assert phone_digits("0044 7700 900123") == "07700900123"
    assert normalise_postcode(" de12ab ") == "DE1 2AB"
    assert normalise_postcode("not a postcode") == "NOT A POSTCODE"


@pytest.fixture(params=["few matches", "many matches"])
def plan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a search test under both query plans: fetch-and-sort the matches of the narrowest
    word, or read residents in name order (what a first keystroke on a big database gets)."""
    cutoff = 10**9 if request.param == "few matches" else -1
    monkeypatch.setattr(resident_words, "_broad_search_cutoff", lambda session: cutoff)
    return str(request.param)


def _add(
    store: Store, staff: Staff, name: str, address: str, postcode: str, phone: str, ref: str = ""
) -> int:
    new = s.NewResident(name, address=address, postcode=postcode, phone=phone, reference=ref)
    return s.create_resident(store, staff.handler, new, now=START).id


def test_search_by_name_postcode_phone_address_and_reference(
    store: Store, staff: Staff, plan: str
) -> None:
    bob = _add(
        store, staff, "Bob [/] Smith", "12 Acacia Avenue, Derby", "DE1 2AB", "07700 900123", "T-1"
    )
    ann = _add(store, staff, "Ann Smithers", "3 Elm Road, Derby", "DE22 1XY", "01332 000111", "T-2")
    cy = _add(
        store, staff, "Cy [@click=app.quit]x[/]", "9 Oak Lane, Nottingham", "NG1 1AA", "", "T-3"
    )

    def ids(query: str) -> list[int]:
        return [row.id for row in s.search_residents(store, query).rows]

    assert ids("smith") == [ann, bob]  # by name
    assert ids("SMITH") == ids("smith")
    assert ids("smithe") == [ann]
    assert ids("smith de1") == [bob]
    assert ids("de12ab") == [bob] == ids("DE1 2AB")
    assert ids("07700 900") == [bob]
    assert ids("01332000111") == [ann]
    assert ids("acacia") == [bob]
    assert ids("t-3") == [cy] == ids("T-3") == ids("t3")
    assert ids("click") == [cy]
    assert ids("nobody") == []
    assert ids("") == []


def test_search_pages_in_name_order(store: Store, staff: Staff, plan: str) -> None:
    made = [
        _add(store, staff, f"Pat Jones {n:02d}", "1 High Street", "S1 1AA", "") for n in range(7)
    ]
    first = s.search_residents(store, "jones", limit=3)
    second = s.search_residents(store, "jones", limit=3, offset=3)
    last = s.search_residents(store, "jones", limit=3, offset=6)
    assert first.has_more and second.has_more and not last.has_more
    assert [r.id for r in first.rows + second.rows + last.rows] == made
    assert [r.name for r in first.rows] == ["Pat Jones 00", "Pat Jones 01", "Pat Jones 02"]
    assert s.search_residents(store, "jones", limit=0).rows == []


def test_a_first_keystroke_on_many_residents_pages_the_same_either_way(
    store: Store, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(30):
        _add(store, staff, f"Sam {'Smith' if n % 3 else 'Smyth'} {n:02d}", f"{n} Mill Lane", "", "")

    def pages(query: str) -> list[list[str]]:
        return [
            [r.name for r in s.search_residents(store, query, limit=4, offset=o).rows]
            for o in range(0, 32, 4)
        ]

    for query in ("s", "sm", "smy", "sam smith", "mill 1", "m s"):
        monkeypatch.setattr(resident_words, "_broad_search_cutoff", lambda session: 10**9)
        few = pages(query)
        monkeypatch.setattr(resident_words, "_broad_search_cutoff", lambda session: -1)
        assert pages(query) == few, query
    assert pages("smy")[0] == ["Sam Smyth 00", "Sam Smyth 03", "Sam Smyth 06", "Sam Smyth 09"]
