"""The letters tab: an administrator sets the letterhead and the ombudsman's details in one form,
then previews letters on sample cases: the acknowledgement prints the new name (markup-like text
shown literally) and the ombudsman's details as given; a refused line keeps the form open with
its sentence; a kind the procedure never reaches says so instead of opening an empty letter."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static, TabbedContent

from complaints_tui.app import create_app
from complaints_tui.domain.letters import LetterKind
from complaints_tui.screens.admin import TABS, AdminScreen
from complaints_tui.screens.admin_letters import LettersPane
from complaints_tui.screens.letters import LetterPreview
from complaints_tui.services.letters.landlord import letter_settings
from complaints_tui.services.people.users import (
    landlord_profile,
    open_for_app,
    set_landlord_profile,
    sign_in,
)
from tests.ui.helpers import wait_for, wait_screen
from tests.ui.seed import TODAY, build_seed
from tests.ui.test_admin import _form, _ids

NAME = "Bob [/] Housing [b]Trust[/b]"
HOUSING = "0300 111 3000, PO Box 1484, Preston PR2 0ET"


async def test_the_letterhead_and_ombudsman_details_reach_the_sample_letters(
    tmp_path: Path,
) -> None:
    seed = build_seed(tmp_path)
    admin_id = _ids(seed)["Ada Admin"]
    store = open_for_app(seed.url)
    try:  # the Code's own profile: its letters name the Housing Ombudsman
        set_landlord_profile(store, sign_in(store, admin_id), "hos-code")
    finally:
        store.close()
    app = create_app(seed.url, today=TODAY, drafts_dir=seed.drafts, user_id=admin_id)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: app.session.user is not None)
        await pilot.press("ctrl+g")
        admin: AdminScreen = await wait_screen(pilot, AdminScreen)
        await wait_for(pilot, lambda: admin.office is not None)
        for _ in range(TABS.index("letters")):
            await pilot.press("f6")
        await wait_for(pilot, lambda: admin.query_one(TabbedContent).active == "letters")
        pane = admin.query_one(LettersPane)
        await wait_for(pilot, lambda: pane.setup is not None)
        assert pane.setup is not None
        ombudsman = pane.setup.ombudsmen[0][0]
        assert ombudsman == "Housing Ombudsman"

        # A line without "=" is refused in a sentence, and nothing is lost.
        form = await _form(pilot, "e")
        form.query_one("#f-name").value = NAME  # type: ignore[attr-defined]
        form.query_one("#f-ombudsman").value = "just a phone number"  # type: ignore[attr-defined]
        await pilot.press("f5")
        await wait_for(
            pilot, lambda: "Name = details" in str(form.query_one("#form-problem", Static).render())
        )
        assert form.query_one("#f-name").value == NAME  # type: ignore[attr-defined]

        form.query_one("#f-ombudsman").value = f"{ombudsman.lower()} = {HOUSING}"  # type: ignore[attr-defined]
        await pilot.press("f5")
        await wait_for(pilot, lambda: app.screen is admin)
        await wait_for(
            pilot, lambda: pane.setup is not None and pane.setup.settings.landlord.name == NAME
        )
        assert (ombudsman, HOUSING) in pane.setup.ombudsmen  # the profile's spelling kept
        letterhead = str(pane.query_one("#letterhead", Static).render())
        assert NAME in letterhead and HOUSING in letterhead  # literally, brackets and all

        # The acknowledgement on sample cases: the first row, previewed with p.
        table = pane.query_one("#letters-table", DataTable)
        table.focus()
        assert pane.setup.templates[0].kind is LetterKind.ACKNOWLEDGEMENT
        await pilot.press("v")
        preview: LetterPreview = await wait_screen(pilot, LetterPreview, timeout=60)
        text = preview.letter.as_text()
        assert preview.case is None and preview.sample_of is not None
        assert NAME in text
        assert not preview.sendable
        about = str(preview.query_one("#letter-about", Static).render())
        assert "a sample" in about
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is admin)

        # The final response carries the ombudsman's details as given (Enter opens it too).
        row = next(i for i, t in enumerate(pane.setup.templates)
                   if t.kind is LetterKind.FINAL_RESPONSE)  # fmt: skip
        table.move_cursor(row=row)
        await pilot.press("enter")
        preview = await wait_screen(pilot, LetterPreview, timeout=60)
        assert HOUSING in preview.letter.as_text()
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is admin)

    store = open_for_app(seed.url)
    try:
        settings = letter_settings(store)
        assert settings.landlord.name == NAME
        profile = landlord_profile(store)
        assert settings.ombudsman_contact(profile.ombudsman[0]) == HOUSING
    finally:
        store.close()
