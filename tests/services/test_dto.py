"""Screens get plain frozen dataclasses: nothing returned holds a Session or an ORM row."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from complaints_tui import services as s
from complaints_tui.services.cases import types as case_types
from complaints_tui.services.intake import types as intake_types
from complaints_tui.services.people import types as people_types
from complaints_tui.services.queues import types as queue_types
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at, log_complaint, new_resident


def test_every_dto_is_a_frozen_dataclass() -> None:
    classes = [
        value
        for module in (people_types, intake_types, case_types, queue_types)
        for value in vars(module).values()
        if isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and value.__module__ == module.__name__
    ]
    assert len(classes) > 30
    for cls in classes:
        assert cls.__dataclass_params__.frozen, cls.__name__  # type: ignore[attr-defined]


def _walk(value: object) -> None:
    assert not isinstance(value, m.Base), value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _walk(getattr(value, field.name))
    elif isinstance(value, list | tuple):
        for item in value:
            _walk(item)


def test_a_case_detail_holds_no_orm_rows(store: Store, staff: Staff) -> None:
    logged = log_complaint(store, staff, new_resident(store, staff), at(2026, 3, 2))
    case = s.open_stage1(
        store, staff.handler, logged.case.id, logged.case.version, now=at(2026, 3, 2)
    )
    _walk(case)
    _walk(s.resident_flags(store, logged.case.resident_id or 0))
    _walk(s.queue(store, today=date(2026, 3, 2)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.summary.version = 99  # type: ignore[misc]


def test_errors_carry_the_sentence() -> None:
    error = s.RuleViolation("Record the reason.")
    assert error.user_sentence == str(error) == "Record the reason."
    assert issubclass(s.ConflictError, s.ServiceError) and issubclass(
        s.PermissionDenied, s.ServiceError
    )
