"""Letters previewed on sample cases (issue 13's letters tab): every kind each profile's
procedure allows is reached and composed with the landlord's letterhead, templates and ombudsman
details; a kind it never uses is said in a sentence; a broken template of the landlord's is its
sentence; the real database gains nothing; only those who change the letters may preview them.
The ombudsman's details: `Name = details` lines, names as the profile spells them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from complaints_tui import services as s
from complaints_tui.domain.letters import LetterKind
from complaints_tui.services.config import config_entry, set_config
from complaints_tui.services.errors import PermissionDenied, RuleViolation
from complaints_tui.services.letters.landlord import (
    letter_settings,
    ombudsman_lines,
    set_letter_settings,
)
from complaints_tui.services.letters.samples import letters_setup, sample_letters
from complaints_tui.services.letters.templates import shipped_dir
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, count, use_profile
from tests.services.test_letters import ALLOWED

TODAY = date(2026, 12, 3)
NAME = "Bob [/] Homes #set {{ 7*7 }}"


@pytest.mark.parametrize("profile", sorted(ALLOWED))
def test_every_kind_the_procedure_allows_is_previewed_with_the_landlords_letterhead(
    store: Store, staff: Staff, profile: str
) -> None:
    use_profile(store, staff, profile)
    set_letter_settings(store, staff.admin, name=NAME, phone="01332 000 000")
    cases_before = count(store, m.Case)

    samples = sample_letters(store, staff.lead, today=TODAY)

    for sample in samples.letters:
        if sample.kind in ALLOWED[profile]:
            assert sample.letter is not None, (sample.kind, sample.problem)
            text = sample.letter.as_text()
            assert NAME in text and "01332 000 000" in text
            assert sample.letter.kind is sample.kind
        else:
            assert sample.letter is None and sample.problem is None
            assert samples.profile_name in sample.why_none(samples.profile_name)
    assert count(store, m.Case) == cases_before  # the samples live elsewhere


def test_a_broken_template_of_the_landlords_is_its_sentence(
    store: Store, staff: Staff, tmp_path: Path
) -> None:
    use_profile(store, staff, "hos-code")
    (tmp_path / "extension.txt.j2").write_text("Dear {{ resident.name\n", encoding="utf-8")
    set_letter_settings(store, staff.admin, letters_folder=str(tmp_path))

    setup = letters_setup(store)
    origins = {source.kind: source.origin for source in setup.templates}
    assert origins[LetterKind.EXTENSION] == "yours"
    assert (
        origins[LetterKind.FINAL_RESPONSE] == "for Housing Ombudsman Complaint Handling Code (2024)"
    )
    assert origins[LetterKind.ACKNOWLEDGEMENT] == "shipped"
    assert setup.templates[0].path.is_relative_to(shipped_dir())

    samples = sample_letters(store, staff.admin, today=TODAY)
    extension = samples.of(LetterKind.EXTENSION)
    assert extension.letter is None
    assert extension.problem is not None and "extension.txt.j2" in extension.problem
    assert samples.of(LetterKind.ACKNOWLEDGEMENT).letter is not None


def test_only_those_who_change_the_letters_preview_them(store: Store, staff: Staff) -> None:
    with pytest.raises(PermissionDenied, match="preview the letter templates"):
        sample_letters(store, staff.handler, today=TODAY)
    with pytest.raises(PermissionDenied):
        sample_letters(store, staff.manager, today=TODAY)


def test_ombudsman_details_are_name_equals_details_lines() -> None:
    assert ombudsman_lines("Housing Ombudsman = 0300 111 3000 | LGSCO=0300 061 0614\n") == {
        "housing ombudsman": "0300 111 3000",
        "lgsco": "0300 061 0614",
    }
    assert ombudsman_lines("  ") == {}
    with pytest.raises(RuleViolation, match="'Name = details'"):
        ombudsman_lines("0300 111 3000")
    with pytest.raises(RuleViolation, match="'Name = details'"):
        ombudsman_lines("Housing Ombudsman =  ")


def test_the_ombudsmans_details_replace_the_profiles_on_every_letter(
    store: Store, staff: Staff
) -> None:
    use_profile(store, staff, "derby-homes")
    with pytest.raises(
        RuleViolation, match=r"no ombudsman called 'the tribunal'.*Housing Ombudsman"
    ):
        set_config(store, staff.admin, "letters.ombudsman", "The Tribunal = 0300 123 4567")

    entry = set_config(
        store, staff.lead, "letters.ombudsman", "housing  ombudsman = 0300 111 3000, Preston"
    )
    assert entry.value == "Housing Ombudsman = 0300 111 3000, Preston"
    assert config_entry(store, "letters.ombudsman").is_default is False
    settings = letter_settings(store)
    setup = letters_setup(store)
    assert setup.ombudsmen[0] == ("Housing Ombudsman", "0300 111 3000, Preston")
    # the others keep the profile's details
    assert setup.ombudsmen[1] == (
        "Local Government and Social Care Ombudsman",
        "0300 061 0614, PO Box 4771, Coventry CV4 0EH",
    )
    assert settings.ombudsman_contacts == {"housing ombudsman": "0300 111 3000, Preston"}

    samples = sample_letters(store, staff.admin, today=TODAY)
    final = samples.of(LetterKind.FINAL_RESPONSE).letter
    assert final is not None
    assert "Housing Ombudsman: " in final.as_text()
    assert "(0300 111 3000, Preston)" in final.as_text()
    with pytest.raises(PermissionDenied):
        set_config(store, staff.handler, "letters.ombudsman", "")
    assert s.Role.CALL_HANDLER is staff.handler.role
