"""The administrator sets the office up from the keyboard: a team (its manager and two
investigating managers), a service area routed to the two of them, and a Christmas Eve closure
under a profile whose clock stops for closure days. New stage 1 complaints then go round robin to
the pair (passing by one marked out of office), and their acknowledgement date moves by the
closure day: received Monday 21 December 2026, due Wednesday 30 without it, Thursday 31 with it
(Christmas Day, the weekend and the Boxing Day substitute Monday 28 are skipped either way)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from textual.widgets import Checkbox, DataTable, Input, Select, TabbedContent

from complaints_tui.app import create_app
from complaints_tui.domain.kinds import Channel
from complaints_tui.domain.roles import Role
from complaints_tui.screens.admin import AdminScreen
from complaints_tui.screens.form import SettingsForm
from complaints_tui.services.intake.calls import record_call
from complaints_tui.services.intake.types import CallCapture, CallOutcome
from complaints_tui.services.people.areas import list_service_areas
from complaints_tui.services.people.users import (
    list_users,
    open_for_app,
    set_landlord_profile,
    sign_in,
)
from tests.conftest_store import complaint_answers
from tests.ui.helpers import wait_for, wait_screen
from tests.ui.seed import TODAY, Seed, build_seed

RECEIVED = datetime(2026, 12, 21, 10, tzinfo=UTC)


async def _form(pilot: Any, key: str) -> SettingsForm:
    await pilot.press(key)
    return await wait_screen(pilot, SettingsForm)  # type: ignore[no-any-return]


async def _save(pilot: Any, form: SettingsForm, **values: str) -> None:
    """Fill the form's boxes, F5, and wait for it to close (or fail with its sentence)."""
    for key, value in values.items():
        widget = form.query_one(f"#f-{key}")
        if isinstance(widget, Select):
            widget.value = value
        elif isinstance(widget, Checkbox):
            widget.value = value == "yes"
        elif isinstance(widget, Input):
            widget.value = value
    await pilot.press("f5")
    await wait_for(
        pilot,
        lambda: not isinstance(pilot.app.screen, SettingsForm),
    )


def _ids(seed: Seed) -> dict[str, int]:
    store = open_for_app(seed.url)
    try:
        return {user.name: user.id for user in list_users(store, include_inactive=True)}
    finally:
        store.close()


def _complaint(seed: Seed, area_name: str) -> Any:
    store = open_for_app(seed.url)
    try:
        handler = sign_in(store, seed.handler_id)
        area = next(a for a in list_service_areas(store) if a.name == area_name)
        call = CallCapture(
            Channel.PHONE,
            complaint_answers(RECEIVED.date()),
            "The fence is still down",
            resident_id=seed.residents["ann"],
            service_area_id=area.id,
        )
        return record_call(store, handler, call, CallOutcome.STAGE1, now=RECEIVED).case.summary
    finally:
        store.close()


async def test_an_administrator_sets_up_a_team_an_area_and_a_closure_day(
    tmp_path: Path, shutdown_profile: str
) -> None:
    seed = build_seed(tmp_path)
    people = _ids(seed)
    store = open_for_app(seed.url)
    try:
        set_landlord_profile(store, sign_in(store, people["Ada Admin"]), shutdown_profile)
    finally:
        store.close()
    app = create_app(seed.url, today=TODAY, drafts_dir=seed.drafts, user_id=people["Ada Admin"])
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: app.session.user is not None)
        await pilot.press("ctrl+g")
        admin: AdminScreen = await wait_screen(pilot, AdminScreen)
        await wait_for(pilot, lambda: admin.office is not None)

        # The team: its manager, then two investigating managers reporting to her.
        form = await _form(pilot, "a")
        await _save(pilot, form, name="Meg Manager", role="service_director", team="Estates")
        await wait_for(pilot, lambda: any(u.name == "Meg Manager" for u in admin.office.users))
        meg = _ids(seed)["Meg Manager"]
        for name in ("Hal One", "Hal Two"):
            form = await _form(pilot, "a")
            await _save(pilot, form, name=name, role="investigating_manager", team="Estates",
                        line_manager=str(meg))  # fmt: skip
        await wait_for(
            pilot, lambda: {"Hal One", "Hal Two"} <= {u.name for u in admin.office.users}
        )

        # The area, routed to the pair in turn.
        await pilot.press("f6")
        assert admin.query_one(TabbedContent).active == "areas"
        form = await _form(pilot, "a")
        await _save(pilot, form, name="Fences and gates", managers="hal one, Hal Two",
                    add="Fence down")  # fmt: skip
        await wait_for(pilot, lambda: any(a.name == "Fences and gates" for a in admin.office.areas))
        area = next(a for a in admin.office.areas if a.name == "Fences and gates")
        assert [name for _, name in area.managers] == ["Hal One", "Hal Two"]

        # Christmas Eve closed: no case yet, so nothing to recompute.
        await pilot.press("f6")
        form = await _form(pilot, "a")
        await _save(pilot, form, day="24/12/2026", reason="Christmas shut-down")
        await wait_for(pilot, lambda: bool(admin.office.closures))
        assert any("Thursday 24 December 2026 is recorded" in n for n in app.messages_shown)
        assert admin.office.closure_warning is None  # this profile stops the clock for it

        first, second = _complaint(seed, "Fences and gates"), _complaint(seed, "Fences and gates")
        assert (first.handler_name, second.handler_name) == ("Hal One", "Hal Two")
        assert first.next_due_on == date(2026, 12, 31)  # not the 30th: the 24th is closed

        # Hal One away: the next case passes him by.
        await pilot.press("f6", "f6", "f6", "f6")  # settings, letters, keys, users
        assert admin.query_one(TabbedContent).active == "users"
        table = admin.query_one("#users-table", DataTable)
        table.focus()
        row = next(i for i, u in enumerate(admin.office.users) if u.name == "Hal One")
        table.move_cursor(row=row)
        await pilot.press("o")
        await wait_for(
            pilot, lambda: any(u.name == "Hal One" and u.out_of_office for u in admin.office.users)
        )
        assert _complaint(seed, "Fences and gates").handler_name == "Hal Two"


async def test_only_an_administrator_has_the_screen(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = create_app(seed.url, today=TODAY, drafts_dir=seed.drafts, user_id=seed.manager_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session.user is not None)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert not isinstance(app.screen, AdminScreen)


def test_a_profile_file_of_the_landlords_own_is_checked_in_a_sentence(tmp_path: Path) -> None:
    import pytest

    from complaints_tui.locations import policies_dir
    from complaints_tui.screens.admin import profile_file_verdict
    from complaints_tui.services.errors import RuleViolation

    mine = tmp_path / "my-landlord.toml"
    mine.write_text((policies_dir() / "derive.toml").read_text("utf-8"), "utf-8")
    assert "loads; 4 departures from the Code: quick_fix.enabled" in profile_file_verdict(str(mine))
    code = tmp_path / "code.toml"
    code.write_text((policies_dir() / "hos-code.toml").read_text("utf-8"), "utf-8")
    assert profile_file_verdict(str(code)).endswith("loads and follows the Code.")
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "x"\nname = [', "utf-8")
    with pytest.raises(RuleViolation) as refused:
        profile_file_verdict(str(broken))
    assert "broken.toml" in str(refused.value) and "Traceback" not in str(refused.value)
    with pytest.raises(RuleViolation, match="cannot be read"):
        profile_file_verdict(str(tmp_path / "missing.toml"))


def test_a_key_that_is_no_key_is_refused_and_names_differ_by_more_than_spaces(
    tmp_path: Path,
) -> None:
    import pytest

    from complaints_tui.keymap import keymap_problems
    from complaints_tui.services.errors import RuleViolation
    from complaints_tui.services.people.types import NewUser
    from complaints_tui.services.people.users import create_user

    assert keymap_problems({"capture.open_stage1": "banana"})
    assert keymap_problems({"capture.open_stage1": "ctrl+"})
    for fine in ("f20", "ctrl+k", "shift+f3", "alt+x", "ctrl+pagedown"):
        assert not keymap_problems({"capture.open_stage1": fine}), fine
    seed = build_seed(tmp_path)
    store = open_for_app(seed.url)
    try:
        admin = sign_in(store, _ids(seed)["Ada Admin"])
        made = create_user(store, admin, NewUser("  Hal   One ", Role.INVESTIGATING_MANAGER))
        assert made.name == "Hal One"
        with pytest.raises(RuleViolation, match="already an active user"):
            create_user(store, admin, NewUser("hal  one", Role.CALL_HANDLER))
    finally:
        store.close()
