"""Issue 12, data protection: `run_retention` anonymises residents past the retention period,
keeps the report figures and the audit chain, and a dry run changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import func, select
from typer.testing import CliRunner

from complaints_tui import services as s
from complaints_tui.cli import app
from complaints_tui.services.audit_verify import verify_audit_trail
from complaints_tui.services.retention import ANONYMOUS_RESIDENT, run_retention
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at, events, log_complaint, new_resident

NAME = "Bob [/] #set {{x}}"


def _logged_contact(store: Store, staff: Staff, when_year: int) -> tuple[int, int]:
    """A resident with one non-complaint contact (ended when logged) on 31 December."""
    resident = new_resident(store, staff, NAME)
    logged = log_complaint(
        store,
        staff,
        resident,
        at(when_year, 12, 31),
        description="Bob at 12 Acacia Avenue asked about his bins",
        dissatisfied=False,
    )
    return resident, logged.case.id


def _resident(store: Store, resident_id: int) -> m.Resident:
    with store.reading() as session:
        row = session.get(m.Resident, resident_id)
        assert row is not None
        session.expunge(row)
        return row


def test_anonymised_only_after_the_anniversary(store: Store, staff: Staff) -> None:
    resident, case_id = _logged_contact(store, staff, 2019)
    kept, _ = _logged_contact(store, staff, 2020)
    open_case = log_complaint(
        store, staff, new_resident(store, staff, "Olive Open"), at(2019, 6, 3)
    )
    assert open_case.case.status is s.CaseStatus.OPEN
    on_eve = run_retention(store, staff.lead, today=date(2025, 12, 31), now=at(2025, 12, 31))
    assert on_eve.residents == () and _resident(store, resident).name == NAME
    before = len(events(store))
    dry = run_retention(store, staff.lead, today=date(2026, 1, 1), dry_run=True, now=at(2026, 1, 1))
    assert dry.dry_run and len(dry.residents) == 1 and dry.cases == 1 and dry.events >= 2
    assert _resident(store, resident).name == NAME and len(events(store)) == before
    done = run_retention(store, staff.lead, today=date(2026, 1, 1), now=at(2026, 1, 1))
    assert (done.residents, done.cases, done.events) == (dry.residents, 1, dry.events)
    row = _resident(store, resident)
    assert (row.name, row.address, row.phone, row.anonymised_on) == (
        ANONYMOUS_RESIDENT,
        "",
        "",
        date(2026, 1, 1),
    )
    assert _resident(store, kept).name == NAME
    with store.reading() as session:
        case = session.get(m.Case, case_id)
        assert case is not None and "Acacia" not in case.description
        terms = session.scalar(
            select(func.count()).where(m.ResidentSearchTerm.resident_id == resident)
        )
        assert terms == 0
    redacted = [e for e in events(store) if e.resident_id == resident or e.case_id == case_id]
    assert redacted and all(e.redacted_at is not None for e in redacted)
    assert not any("Acacia" in str(e.after) or NAME in str(e.after) for e in redacted)
    assert events(store)[-1].action == "retention_run"
    assert verify_audit_trail(store).intact
    again = run_retention(store, staff.lead, today=date(2026, 1, 2), now=at(2026, 1, 2))
    assert again.residents == ()


def test_only_a_team_lead_or_administrator(store: Store, staff: Staff) -> None:
    try:
        run_retention(store, staff.handler, today=date(2026, 1, 1))
    except s.PermissionDenied as error:
        assert "team lead" in str(error)
    else:
        raise AssertionError("a call handler ran retention")


def test_report_figures_do_not_change(store: Store) -> None:
    from complaints_tui.services.demo.build import build_demo
    from complaints_tui.services.demo.recipe import DemoRecipe
    from complaints_tui.services.people.users import list_users
    from complaints_tui.services.reports.annual import annual_figures
    from complaints_tui.services.reports.learning import learning_figures

    build_demo(store, DemoRecipe(residents=60, cases=400, seed=5, today=date(2026, 1, 5)))
    admin = next(u for u in list_users(store) if u.role is s.Role.ADMIN)
    period = (date(2024, 4, 1), date(2025, 3, 31))
    annual = annual_figures(store, *period, actor=admin)
    learning = learning_figures(store, *period, actor=admin)
    done = run_retention(store, admin, today=date(2034, 1, 1))
    assert len(done.residents) > 5
    assert annual_figures(store, *period, actor=admin) == annual
    after = learning_figures(store, *period, actor=admin)
    # Every count is kept; only the compliments' own words (the resident's) are gone.
    assert len(after.compliments.listed) == len(learning.compliments.listed) > 0
    unlisted = replace(learning.compliments, listed=())
    assert replace(after, compliments=replace(after.compliments, listed=())) == replace(
        learning, compliments=unlisted
    )
    assert verify_audit_trail(store).intact


def test_the_command(store: Store, staff: Staff) -> None:
    _logged_contact(store, staff, 2019)
    runner = CliRunner()
    dry = runner.invoke(
        app, ["--db", store.url, "retention", "run", "--dry-run", "--today", "2026-01-01"]
    )
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.startswith("Dry run on Thursday 1 January 2026: 1 resident, 1 case and")
    refused = runner.invoke(app, ["--db", store.url, "retention", "run", "--as", "Cal Handler"])
    assert refused.exit_code == 2 and "Traceback" not in refused.output
    done = runner.invoke(app, ["--db", store.url, "retention", "run", "--today", "2026-01-01"])
    assert done.exit_code == 0 and done.stdout.startswith("Anonymised 1 resident, 1 case and")
