"""The demo recipe: deterministic, realistic, and a database the services can use."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from complaints_tui.domain.calendar import calendar_for_profile
from complaints_tui.domain.deadlines import StageEvents, stage_deadlines
from complaints_tui.domain.kinds import CaseStatus, ContactKind, Tenure
from complaints_tui.domain.policy import load_profile
from complaints_tui.domain.roles import Role
from complaints_tui.locations import policies_dir
from complaints_tui.services.demo import DemoError, DemoRecipe, build_demo
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store, open_store
from tests.pg_url import scratch_database

TODAY = date(2026, 3, 2)  # a Monday
RECIPE = DemoRecipe(residents=300, cases=1500, seed=7, today=TODAY)


def _store(path: Path) -> Store:
    store = open_store(f"sqlite:///{path}")
    store.upgrade()
    return store


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = _store(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    phases: list[str] = []
    summary = build_demo(store, RECIPE, lambda phase, done, total: phases.append(phase))
    assert summary.rows["cases"] == 1500 and summary.rows["residents"] == 300
    assert {"residents", "cases", "indexes"} <= set(phases)
    yield store
    store.close()


def _fingerprint(store: Store) -> str:
    digest = hashlib.sha256()
    with store.engine.connect() as connection:
        for table in ("users", "residents", "cases", "case_stages", "deadlines", "events"):
            rows = connection.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2")).all()
            digest.update(repr(rows).encode())
    return digest.hexdigest()


def test_same_recipe_same_database(built: Store, tmp_path: Path) -> None:
    again = _store(tmp_path / "again.sqlite3")
    build_demo(again, RECIPE)
    assert _fingerprint(again) == _fingerprint(built)
    other = _store(tmp_path / "other.sqlite3")
    build_demo(other, DemoRecipe(residents=300, cases=1500, seed=8, today=TODAY))
    assert _fingerprint(other) != _fingerprint(built)
    for s in (again, other):
        s.close()


def _scalar(session: Session, statement: object) -> int:
    return int(session.execute(statement).scalar() or 0)  # type: ignore[call-overload]


def test_realistic_mix(built: Store) -> None:
    with built.reading() as session:
        kinds = dict(session.execute(select(m.Case.kind, func.count()).group_by(m.Case.kind)).all())
        assert set(kinds) == {kind.value for kind in ContactKind}
        assert kinds["complaint"] == max(kinds.values())
        assert kinds["service_request"] > kinds["compliment"] > 0
        stages = dict(
            session.execute(
                select(m.Case.stage, func.count())
                .where(m.Case.kind == "complaint")
                .group_by(m.Case.stage)
            ).all()
        )
        assert stages.get(1, 0) > stages.get(2, 0) > 0
        overdue = _scalar(
            session,
            select(func.count()).select_from(m.Case).where(m.Case.next_due_on < TODAY),
        )
        assert overdue > 0
        assert _scalar(session, select(func.count()).select_from(m.Extension)) > 0
        assert (
            _scalar(
                session,
                select(func.count()).select_from(m.Case).where(m.Case.withdrawn_on.is_not(None)),
            )
            > 0
        )
        outcomes = set(session.scalars(select(m.Case.outcome).distinct()))
        assert {"upheld", "partly_upheld", "not_upheld", "withdrawn"} <= outcomes
        tenures = set(session.scalars(select(m.Resident.tenure).distinct()))
        assert tenures == {Tenure.LCRA.value, Tenure.LCHO.value}
        roles = set(session.scalars(select(m.User.role).distinct()))
        assert roles == {role.value for role in Role}
        managed = _scalar(
            session,
            select(func.count()).select_from(m.User).where(m.User.line_manager_id.is_not(None)),
        )
        users = _scalar(session, select(func.count()).select_from(m.User))
        assert managed == users - 1  # everyone but the director has a line manager
        names = set(session.scalars(select(m.Resident.name)))
        assert {"Bob [/]", "[bold]x"} <= names
        assert _scalar(session, select(func.count()).select_from(m.Restriction)) > 0
        assert (
            _scalar(
                session,
                select(func.count()).select_from(m.Resident).where(m.Resident.vulnerability != ""),
            )
            > 0
        )
        # No date lies in the future except deadlines and review dates.
        latest = (
            session.execute(select(func.max(m.Case.received_on))).scalar(),
            session.execute(select(func.max(m.CaseStage.responded_on))).scalar(),
        )
        assert latest[0] is not None and latest[0] <= TODAY
        assert latest[1] is not None and latest[1] <= TODAY


def test_references_unique_and_counters_continue(built: Store) -> None:
    with built.reading() as session:
        refs = list(session.scalars(select(m.Case.reference)))
        assert len(refs) == len(set(refs))
        for counter in session.scalars(select(m.CaseCounter)):
            prefix = f"CMP-{counter.year}-"
            used = [int(r.removeprefix(prefix)) for r in refs if r.startswith(prefix)]
            assert counter.last_number == max(used) == len(used)


def test_stored_deadlines_are_the_profiles(built: Store) -> None:
    """Every stored deadline equals what stage_deadlines computes from the stored stage dates."""
    profile = load_profile("hos-code", policies_dir())
    calendar = calendar_for_profile(profile)
    with built.reading() as session:
        stages = session.scalars(select(m.CaseStage).order_by(m.CaseStage.id)).all()
        extended = {
            (d.case_id, d.stage): d.due_on
            for d in session.scalars(
                select(m.Deadline).where(m.Deadline.due_on != m.Deadline.original_due_on)
            )
        }
        stored = {(d.case_id, d.stage, d.kind): d for d in session.scalars(select(m.Deadline))}
        escalations = {(s.case_id, s.stage - 1): s.received_on for s in stages if s.stage > 1}
        checked = 0
        for stage in stages:
            events = StageEvents(
                received_on=stage.received_on,
                acknowledged_on=stage.acknowledged_on,
                extended_to=extended.get((stage.case_id, stage.stage)),
                responded_on=stage.responded_on,
                escalated_on=escalations.get((stage.case_id, stage.stage)),
            )
            for expected in stage_deadlines(profile, stage.stage, events, calendar):
                row = stored[(stage.case_id, stage.stage, expected.kind.value)]
                assert (row.due_on, row.original_due_on, row.met_on, row.projected) == (
                    expected.due_on,
                    expected.original_due_on,
                    expected.met_on,
                    expected.projected,
                )
                checked += 1
        assert checked > 1000


def test_only_open_cases_carry_their_next_deadline(built: Store) -> None:
    """casework.refresh_next_due: an open case's earliest unmet acknowledge / respond at its
    stage (not yet formal: stage 1's first, from receipt); any other status, none."""
    profile = load_profile("hos-code", policies_dir())
    calendar = calendar_for_profile(profile)
    checked = 0
    with built.reading() as session:
        rows = session.execute(
            select(m.Case.id, m.Case.status, m.Case.next_due_on, m.Case.stage, m.Case.received_on)
        ).all()
        for case_id, status, due, stage, received in rows:
            if status != CaseStatus.OPEN.value:
                assert due is None, case_id
                continue
            if stage == 0:
                first = stage_deadlines(profile, 1, StageEvents(received_on=received), calendar)
                assert due == first[0].due_on, case_id
                continue
            earliest = session.execute(
                select(func.min(m.Deadline.due_on)).where(
                    m.Deadline.case_id == case_id,
                    m.Deadline.stage == stage,
                    m.Deadline.kind.in_(["acknowledge", "respond"]),
                    m.Deadline.met_on.is_(None),
                )
            ).scalar()
            assert earliest == due, case_id
            checked += 1
    assert checked


def test_a_database_with_cases_is_refused(built: Store) -> None:
    with pytest.raises(DemoError, match="already has cases"):
        build_demo(built, RECIPE)


@pytest.mark.parametrize("profile", ["derby-homes", "derive", "derwent-living"])
def test_every_profile_builds(profile: str, tmp_path: Path) -> None:
    store = _store(tmp_path / f"{profile}.sqlite3")
    summary = build_demo(
        store, DemoRecipe(residents=50, cases=600, seed=3, profile=profile, today=TODAY)
    )
    assert summary.profile == profile
    with store.reading() as session:
        profiles = set(session.scalars(select(m.Case.profile_id).distinct()))
        assert profiles == {profile}
        if profile in ("derive", "derwent-living"):
            assert _scalar(session, select(func.count()).select_from(m.QuickFix)) > 0
    store.close()


@pytest.mark.postgres
def test_demo_on_postgresql() -> None:
    with scratch_database("demo") as url:
        store = open_store(url)
        store.upgrade()
        summary = build_demo(store, DemoRecipe(residents=60, cases=400, seed=2, today=TODAY))
        assert summary.rows["cases"] == 400
        with store.transaction() as session:
            # Sequences continue after the explicit ids of the bulk load.
            session.add(m.ServiceArea(name="Added after the demo"))
            session.flush()
            assert _scalar(session, select(func.count()).select_from(m.Case)) == 400
        store.close()


def test_demo_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from complaints_tui.cli import app

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    args = ["--db", url, "demo", "--residents", "20", "--cases", "150", "--seed", "4",
            "--today", "2026-03-02"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Demo data for profile hos-code, as of 2026-03-02:" in result.output
    assert "cases" in result.output and "150" in result.output
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 1
    assert "already has cases" in again.output
    bad = CliRunner().invoke(app, [*args[:-1], "2026-02-30"])
    assert bad.exit_code == 2
    assert "is not a real date: February 2026 has 28 days" in bad.output
