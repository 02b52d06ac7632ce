"""TSM from the database: the hand-checked data set of test_tsm_domain, stored as cases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from complaints_tui.cli import app
from complaints_tui.domain.reports import StageRecord
from complaints_tui.services.reports.tsm import tsm_figures
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store, open_store
from tests.pg_url import scratch_database
from tests.reports.test_tsm_domain import RECORDS

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _fill(store: Store) -> None:
    with store.transaction() as session:
        for number, (name, (record, _)) in enumerate(sorted(RECORDS.items()), start=1):
            _add(session, number, name, record)
        # Not complaints, or not in the period: never counted.
        session.add(
            m.Case(
                reference="SR-1",
                kind="service_request",
                channel="phone",
                received_at=NOW,
                received_on=date(2025, 6, 1),
                profile_id="hos-code",
                stage=0,
                status="closed",
                created_at=NOW,
                updated_at=NOW,
            )
        )


def _add(session: object, number: int, name: str, record: StageRecord) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    resident_id = None
    if record.tenure is not None:
        resident = m.Resident(
            reference=f"R{number}",
            name=f"Resident {name}",
            tenure=record.tenure.value,
            created_at=NOW,
        )
        session.add(resident)
        session.flush()
        resident_id = resident.id
    first_received = record.received_on if record.stage == 1 else date(2024, 5, 1)
    case = m.Case(
        reference=f"CMP-{name}",
        kind="complaint",
        channel="phone",
        received_at=datetime(
            first_received.year, first_received.month, first_received.day, tzinfo=UTC
        ),
        received_on=first_received,
        profile_id="hos-code",
        stage=record.stage,
        status="withdrawn" if record.withdrawn else "open",
        resident_id=resident_id,
        withdrawn_on=record.responded_on if record.withdrawn else None,
        created_at=NOW,
        updated_at=NOW,
    )
    session.add(case)
    session.flush()
    for earlier in range(1, record.stage):
        # Earlier stages: answered long before the period.
        session.add(
            m.CaseStage(
                case_id=case.id,
                stage=earlier,
                received_on=date(2024, 5, 1),
                acknowledged_on=date(2024, 5, 2),
                responded_on=date(2024, 5, 10),
            )
        )
    session.add(
        m.CaseStage(
            case_id=case.id,
            stage=record.stage,
            received_on=record.received_on,
            acknowledged_on=record.acknowledged_on,
            responded_on=record.responded_on,
        )
    )
    original = record.received_on + timedelta(days=14)
    session.add(
        m.Deadline(
            case_id=case.id,
            stage=record.stage,
            kind="respond",
            clock_start="acknowledgement",
            clock_started_on=record.received_on,
            projected=False,
            length=10,
            unit="working",
            due_on=record.extended_to or original,
            original_due_on=original,
            met_on=record.responded_on,
        )
    )


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'tsm.sqlite3'}")
    store.upgrade()
    _fill(store)
    yield store
    store.close()


def _check(store: Store) -> None:
    report = tsm_figures(
        store, date(2025, 4, 1), date(2026, 3, 31), homes_lcra=2000, homes_lcho=400
    )
    data = report.as_dict()
    assert data["ch01_stage1"] == {"LCRA": 3.0, "LCHO": 5.0}
    assert data["ch01_stage2"] == {"LCRA": 1.0, "LCHO": 2.5}
    assert data["ch02_stage1"] == {"LCRA": 50.0, "LCHO": 100.0}
    assert data["ch02_stage2"] == {"LCRA": 50.0, "LCHO": 100.0}
    assert data["counts"]["ch01_stage1"]["none"] == {"received": 1}
    assert data["counts"]["ch02_stage1"]["withdrawn_excluded"] == 1
    assert sorted(report.late_references[1]) == ["CMP-B", "CMP-D", "CMP-F"]
    assert report.late_references[2] == ["CMP-K2"]


def test_tsm_from_sqlite(sqlite_store: Store) -> None:
    _check(sqlite_store)


def test_tsm_command_json_and_text(sqlite_store: Store) -> None:
    runner = CliRunner()
    args = ["--db", sqlite_store.url, "report", "tsm", "--from", "2025-04-01", "--to", "2026-03-31",
            "--homes-lcra", "2000", "--homes-lcho", "400"]  # fmt: skip
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"ch01_stage1", "ch01_stage2", "ch02_stage1", "ch02_stage2", "counts"}
    assert data["ch02_stage1"]["LCRA"] == 50.0
    assert data["counts"]["ch02_stage2"]["LCRA"] == {"on_time": 1, "late": 1, "responses": 2}
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "stage 1 LCRA:    50.0%  (3 of 6 on time)" in result.output


def test_tsm_command_refuses_bad_dates(sqlite_store: Store) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "--db",
            sqlite_store.url,
            "report",
            "tsm",
            "--from",
            "2026-04-01",
            "--to",
            "2025-04-01",
            "--homes-lcra",
            "10",
        ],
    )
    assert result.exit_code == 2
    assert "ends (2025-04-01) before it starts" in result.output
    result = runner.invoke(
        app,
        [
            "--db",
            sqlite_store.url,
            "report",
            "tsm",
            "--from",
            "1/4/25",
            "--to",
            "2025-04-01",
            "--homes-lcra",
            "10",
        ],
    )
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in result.output


@pytest.mark.postgres
def test_tsm_from_postgresql() -> None:
    with scratch_database("tsm") as url:
        store = open_store(url)
        store.upgrade()
        _fill(store)
        _check(store)
        store.close()
