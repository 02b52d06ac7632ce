"""Deadline states as the case view shows them: an escalation window the resident let pass is
'window closed', never 'overdue' (it was not the landlord's deadline to meet)."""

from __future__ import annotations

from datetime import date

from complaints_tui import services as s
from complaints_tui.domain.deadlines import DeadlineState
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, use_profile
from tests.services.test_stage1 import responded


def _escalate(detail: s.CaseDetail) -> s.DeadlineInfo:
    return next(d for d in detail.deadlines if d.stage == 1 and d.kind == "escalate")


def test_an_unused_escalation_window_is_closed_not_overdue(store: Store, staff: Staff) -> None:
    use_profile(store, staff, "derive")
    case = responded(store, staff)  # response sent Wed 14 Jan 2026
    window = _escalate(case)
    # Dérive: 10 calendar days from the response, 14 Jan + 10 = Sat 24 Jan 2026.
    assert window.due_on == date(2026, 1, 24)
    assert _escalate(s.get_case(store, case.id, today=date(2026, 1, 20))).state in {
        DeadlineState.UPCOMING,
        DeadlineState.DUE_SOON,
    }
    later = s.get_case(store, case.id, today=date(2026, 2, 2))
    assert _escalate(later).state is DeadlineState.WINDOW_CLOSED
    assert all(d.state is not DeadlineState.OVERDUE for d in later.deadlines)
